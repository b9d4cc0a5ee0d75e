"""The pages that list every meeting: registers, calendar, feed, search index, coming meetings.

They are made in one pass over the site's own JSON copies of the meetings (already
profiled), in date order, by :func:`~kommunchef.site.fanout.fan_out`: each meeting is read
once and memory holds one meeting at a time plus what each page keeps (register rows,
calendar events, one year of search text).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import asdict, frozen

from kommunchef.identity import Occurrences, meeting_identity
from kommunchef.model import Meeting, MeetingStatus
from kommunchef.register import decisions, follow_ups
from kommunchef.serialization import load
from kommunchef.series import Entry, item_text, meeting_text
from kommunchef.site.feed import FeedEntry, build_feed
from kommunchef.site.layout import (
    CALENDAR,
    DECISIONS,
    FEED,
    FOLLOW_UPS,
    HOME,
    MEETINGS,
    Frame,
    meeting_page,
)
from kommunchef.site.meetings import Summary
from kommunchef.site.pages import Coming, write_register

FEED_SIZE = 50
"""How many of the latest minutes the feed carries."""

SEARCH_FOLDER = "search"

Pair = tuple[Summary, Meeting]


@frozen
class SiteInfo:
    """What the aggregate pages share."""

    frame: Frame
    site_id: str
    base_url: str | None
    source_folder: Path


@frozen
class Aggregates:
    """What the pass found that the start page and the manifest need."""

    coming: tuple[Coming, ...]
    shards: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"coming": [asdict(c) for c in self.coming], "shards": list(self.shards)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Aggregates:
        return cls(tuple(Coming(**c) for c in data["coming"]), tuple(data["shards"]))


def read_pairs(staging: Path, summaries: list[Summary]) -> Iterator[Pair]:
    """Each summary with its meeting, read from the site's JSON copy."""
    for summary in summaries:
        yield summary, load(staging / MEETINGS / f"{summary.id}.json")


def build_aggregates(
    staging: Path, summaries: list[Summary], info: SiteInfo, today: dt.date
) -> Aggregates:
    """Write the registers, calendar, feed and search index into ``staging``."""
    from kommunchef.site.fanout import fan_out

    consumers = [
        lambda pairs: _decisions(pairs, staging, info),
        lambda pairs: _follow_ups(pairs, staging, info),
        lambda pairs: _feed(pairs, staging, info),
        lambda pairs: _search(pairs, staging, info),
        lambda pairs: _coming(pairs, info, today),
    ]
    if info.frame.calendar:
        consumers.append(lambda pairs: _calendar(pairs, staging, info))
    results = fan_out(read_pairs(staging, summaries), consumers)
    return Aggregates(coming=results[4], shards=results[3])


def _entry(summary: Summary, meeting: Meeting, info: SiteInfo) -> Entry:
    return Entry(
        path=info.source_folder / summary.source,
        id=meeting.id,
        date=meeting.date,
        kind=meeting.kind,
        status=meeting.status,
        body=meeting.body,
        organisation=meeting.organisation,
    )


def _decisions(pairs: Iterator[Pair], staging: Path, info: SiteInfo) -> None:
    records = (
        record
        for summary, meeting in pairs
        for record in decisions([(_entry(summary, meeting, info), meeting)])
    )
    with open(staging / DECISIONS, "x", encoding="utf-8") as handle:
        write_register(handle, info.frame, "decisions", records)


def _follow_ups(pairs: Iterator[Pair], staging: Path, info: SiteInfo) -> None:
    records = follow_ups((_entry(summary, meeting, info), meeting) for summary, meeting in pairs)
    with open(staging / FOLLOW_UPS, "x", encoding="utf-8") as handle:
        write_register(handle, info.frame, "follow-ups", records)


def _calendar(pairs: Iterator[Pair], staging: Path, info: SiteInfo) -> None:
    from kommunchef.exporting import get_exporter

    exporter = get_exporter("ics")
    export_series = exporter.export_series  # type: ignore[attr-defined]
    data: bytes = export_series(
        (meeting for _, meeting in pairs), name=info.site_id, lang=str(info.frame.words.language)
    )
    (staging / CALENDAR).write_bytes(data)


def absolute(info: SiteInfo, path: str) -> str:
    """``path`` from the site's root as the feed writes it: absolute with a base URL."""
    return path if info.base_url is None else info.base_url + path


def _feed(pairs: Iterator[Pair], staging: Path, info: SiteInfo) -> None:
    from kommunchef.document import outline

    latest: deque[tuple[Summary, Meeting]] = deque(maxlen=FEED_SIZE)
    for summary, meeting in pairs:
        if summary.is_held_minutes:
            latest.append((summary, meeting))
    entries = []
    for summary, meeting in reversed(latest):
        document = outline(meeting, info.frame.words.language)
        entries.append(
            FeedEntry(
                identity=meeting_identity(meeting),
                title=summary.title,
                day=meeting.date,
                revision=meeting.revision,
                href=absolute(info, meeting_page(summary.id)),
                summary="; ".join(item.heading for item in document.items),
            )
        )
    data = build_feed(
        title=info.frame.site_title,
        site_id=info.site_id,
        lang=str(info.frame.words.language),
        author=info.frame.site_title,
        self_href=absolute(info, FEED),
        home_href=absolute(info, HOME),
        entries=entries,
    )
    (staging / FEED).write_bytes(data)


def _search(pairs: Iterator[Pair], staging: Path, info: SiteInfo) -> tuple[str, ...]:
    folder = staging / SEARCH_FOLDER
    folder.mkdir(exist_ok=True)
    shards: list[str] = []
    year: int | None = None
    rows: list[list[str]] = []

    def flush() -> None:
        if year is None:
            return
        name = f"{SEARCH_FOLDER}/{year}.js"
        text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        (staging / name).write_text(f"kommunchefSearch.add({text});\n", encoding="utf-8")
        shards.append(name)

    for summary, meeting in pairs:
        if meeting.date.year != year:
            flush()
            year, rows = meeting.date.year, []
        words = [summary.title, meeting_text(meeting)]
        for item in meeting.agenda:
            words.extend((item.title, item_text(item)))
        rows.append([meeting_page(summary.id), summary.title, summary.date, "\n".join(words)])
    flush()
    return tuple(shards)


def _coming(pairs: Iterator[Pair], info: SiteInfo, today: dt.date) -> tuple[Coming, ...]:
    from kommunchef.document import outline

    occurrences = Occurrences()
    best: dict[str, tuple[tuple[int, bool], Coming | None]] = {}
    for summary, meeting in pairs:
        for description in occurrences.describe(meeting):
            known = best.get(description.identity)
            if known is not None and known[0] >= description.rank:
                continue
            coming: Coming | None = None
            if description.day >= today:
                if description.index is None:
                    coming = Coming(
                        date=description.day.isoformat(),
                        text=summary.title,
                        cancelled=meeting.status is MeetingStatus.CANCELLED,
                        page=meeting_page(summary.id),
                    )
                else:
                    view = outline(meeting, info.frame.words.language).all_upcoming()[
                        description.index
                    ]
                    coming = Coming(
                        date=description.day.isoformat(),
                        text=view.text,
                        cancelled=view.cancelled,
                        page=None,
                    )
            best[description.identity] = (description.rank, coming)
    found = [coming for _, coming in best.values() if coming is not None]
    found.sort(key=lambda c: (c.date, c.text))
    return tuple(found)
