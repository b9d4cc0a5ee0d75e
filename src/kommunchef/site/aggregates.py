"""The pages that list every meeting: registers, calendar, feed, search index, coming meetings.

They are made in one pass, in date order, over the meetings' stored contributions
(:mod:`kommunchef.site.contributions`), not over the meetings: a rebuild reads no meeting
that did not change. Memory holds one contribution at a time plus what each page keeps: the
follow-ups (their closures are known only at the end), one feed window, one year of search
rows, and per meeting occurrence its best description so far; the calendar events of those
and the follow-ups' rows wait in spooled temporary files, not in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import tempfile
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from attrs import asdict, frozen

from kommunchef.identity import Occurrences
from kommunchef.keyfilter import KeyFilter
from kommunchef.records import Record
from kommunchef.register import FollowUpLedger, ItemRef, scratch_database
from kommunchef.site.calendar import CalendarFrame
from kommunchef.site.child import fork
from kommunchef.site.contributions import Contribution, Occurrence
from kommunchef.site.feed import FeedEntry, build_feed
from kommunchef.site.layout import (
    CALENDAR,
    DECISIONS,
    FEED,
    FOLLOW_UPS,
    HOME,
    Frame,
    meeting_page,
)
from kommunchef.site.meetings import Summary
from kommunchef.site.pages import Coming, RegisterPage, follow_up_row

FEED_SIZE = 50
"""How many of the latest minutes the feed carries."""

SEARCH_FOLDER = "search"

RECENT = 1024
"""How many occurrences' latest descriptions wait in memory before they are written to the
pass's temporary database."""

SPOOL_BYTES = 256 << 10
"""Spooled texts (calendar events, follow-up rows) beyond this many bytes wait on disk rather
than in memory."""


@frozen
class SiteInfo(Record):
    """What the aggregate pages share."""

    frame: Frame
    site_id: str
    base_url: str | None
    calendar: CalendarFrame | None
    """The calendar's own lines, when the site has a calendar."""


@frozen
class Aggregates(Record):
    """What the pass found that the start page and the manifest need."""

    coming: tuple[Coming, ...]
    shards: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"coming": [asdict(c) for c in self.coming], "shards": list(self.shards)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Aggregates:
        return cls(tuple(Coming(**c) for c in data["coming"]), tuple(data["shards"]))


def absolute(info: SiteInfo, path: str) -> str:
    """``path`` from the site's root as the feed writes it: absolute with a base URL."""
    return path if info.base_url is None else info.base_url + path


def build_aggregates(
    staging: Path,
    contributions: Iterable[tuple[Summary, Contribution]],
    info: SiteInfo,
    today: dt.date,
    keep: Callable[[int, str], bool] = lambda year, name: False,
) -> Aggregates:
    """Write the registers, calendar, feed and search index into ``staging``.

    ``keep(year, name)`` puts the previous site's search script of a year in place when no
    meeting of that year changed (and says whether it could); the year's rows then need no
    writing.
    """
    frame = info.frame
    with ExitStack() as stack:
        decisions = RegisterPage(
            stack.enter_context(open(staging / DECISIONS, "x", encoding="utf-8")),
            frame,
            "decisions",
        )
        follow_ups = _FollowUpRegister(staging, frame)
        stack.callback(follow_ups.close)
        latest: deque[FeedEntry] = deque(maxlen=FEED_SIZE)
        search = _SearchIndex(staging, keep)
        events = None
        if info.calendar is not None:
            events = _Spool(stack.enter_context(tempfile.SpooledTemporaryFile(SPOOL_BYTES)))
        occurrences = _Occurrences(today, events)
        stack.callback(occurrences.close)
        for summary, contribution in contributions:
            for row in contribution.decision_rows:
                decisions.add(row)
            follow_ups.add(summary, contribution)
            if contribution.feed is not None:
                latest.append(_feed_entry(summary, contribution.feed, info))
            search.add(summary, contribution.search)
            occurrences.add(contribution)
        decisions.finish()
        follow_ups.finish()
        _write_feed(staging, info, reversed(latest))
        if info.calendar is not None:
            with open(staging / CALENDAR, "xb") as handle:
                occurrences.write_calendar(handle, info.calendar)
        return Aggregates(coming=occurrences.coming(), shards=search.finish())


_Record = tuple[str, str, bool, dt.date, list[tuple[int, str, Any, Any]]]
"""What the follow-ups register takes from a meeting: its id, file, whether it is held
minutes, its date, and each agenda item's number, title, references and follow-ups."""


class _FollowUpRegister:
    """The register of follow-ups: the closing rule over every meeting in date order, then
    the page. Where the system can fork, a child process does it, fed a meeting at a time
    through a pipe, while this process makes the other pages: the rule's work then runs on
    another core."""

    def __init__(self, staging: Path, frame: Frame) -> None:
        self._staging, self._frame = staging, frame
        self._ledger: FollowUpLedger | None = None
        self._cells: _Spool | None = None

        def make(meetings: IO[bytes], _: IO[bytes]) -> None:
            for record in _records(meetings):
                self._take(record)
            self._write_page()

        self._child = fork(make, "making the register of follow-ups")

    def add(self, summary: Summary, contribution: Contribution) -> None:
        record: _Record = (
            summary.id,
            summary.source,
            summary.is_held_minutes,
            contribution.date,
            [(i.number, i.title, i.references, i.follow_ups) for i in contribution.items],
        )
        if self._child is not None and self._child.input is not None:
            pickle.dump(record, self._child.input, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            self._take(record)

    def finish(self) -> None:
        """The page is written once this returns."""
        if self._child is None:
            self._write_page()
        else:
            self._child.finish()

    def close(self) -> None:
        """Stop the child, if any (after a failure elsewhere), and remove what waits."""
        if self._child is not None:
            self._child.close()
        if self._ledger is not None:
            self._ledger.close()
        if self._cells is not None:
            self._cells.close()

    # -- the rule and the page, in whichever process does them ------------------------------

    def _take(self, record: _Record) -> None:
        if self._ledger is None or self._cells is None:
            self._ledger = FollowUpLedger()
            # Each follow-up's row but its status, in the order raised, waits in a spool.
            self._cells = _Spool(tempfile.SpooledTemporaryFile(SPOOL_BYTES))  # noqa: SIM115
        meeting_id, source, held, day, items = record
        refs = [
            (ItemRef(day, meeting_id, source, number, title), references, follow_ups)
            for number, title, references, follow_ups in items
        ]
        # As kommunchef.register.follow_ups: held minutes close earlier follow-ups first.
        if held:
            for here, references, _ in refs:
                self._ledger.take_up(here, references)
        for here, _, follow_ups in refs:
            for text, owner, due, before in follow_ups:
                self._ledger.raise_follow_up(here, text, owner, due)
                self._cells.append(before)

    def _write_page(self) -> None:
        frame = self._frame
        with open(self._staging / FOLLOW_UPS, "x", encoding="utf-8") as handle:
            page = RegisterPage(handle, frame, "follow-ups")
            if self._ledger is not None and self._cells is not None:
                rows = zip(self._ledger.records(), self._cells.texts(), strict=True)
                for record, before in rows:
                    page.add(follow_up_row(before, record.closed_by, frame.words))
            page.finish()


def _records(stream: IO[bytes]) -> Iterator[_Record]:
    while True:
        try:
            record: _Record = pickle.load(stream)
        except EOFError:
            return
        yield record


class _Spool:
    """Texts kept in a temporary file (on disk past :data:`SPOOL_BYTES`), read back in the
    order they were added or by where :meth:`append` put them: memory holds one number per
    text."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._size = 0  # counted here: the file's tell() costs a system call once on disk
        self._lengths = array("Q")

    def close(self) -> None:
        self._handle.close()

    def append(self, text: str) -> tuple[int, int]:
        """Keep ``text``; return where it is (offset and length in bytes)."""
        data = text.encode("utf-8")
        self._handle.write(data)
        where = (self._size, len(data))
        self._size += len(data)
        self._lengths.append(len(data))
        return where

    def read(self, offset: int, length: int) -> bytes:
        self._handle.seek(offset)
        data: bytes = self._handle.read(length)
        return data

    def texts(self) -> Iterator[str]:
        offset = 0
        for length in self._lengths:
            yield self.read(offset, length).decode("utf-8")
            offset += length


def _feed_entry(summary: Summary, feed: tuple[str, int, str], info: SiteInfo) -> FeedEntry:
    identity, revision, headings = feed
    return FeedEntry(
        identity=identity,
        title=summary.title,
        day=dt.date.fromisoformat(summary.date),
        revision=revision,
        href=absolute(info, meeting_page(summary.id)),
        summary=headings,
    )


def _write_feed(staging: Path, info: SiteInfo, entries: Iterable[FeedEntry]) -> None:
    data = build_feed(
        title=info.frame.site_title,
        site_id=info.site_id,
        lang=str(info.frame.words.language),
        author=info.frame.site_title,
        self_href=absolute(info, FEED),
        home_href=absolute(info, HOME),
        entries=list(entries),
    )
    (staging / FEED).write_bytes(data)


class _SearchIndex:
    """The search index: one script per year, written when the year ends."""

    def __init__(self, staging: Path, keep: Callable[[int, str], bool]) -> None:
        self._staging, self._keep = staging, keep
        (staging / SEARCH_FOLDER).mkdir(exist_ok=True)
        self._shards: list[str] = []
        self._year: int | None = None
        self._kept = False
        self._rows: list[list[str]] = []

    def add(self, summary: Summary, text: str) -> None:
        if summary.year != self._year:
            self._flush()
            self._year, self._rows = summary.year, []
            self._kept = self._keep(summary.year, self._name(summary.year))
        if not self._kept:
            self._rows.append([meeting_page(summary.id), summary.title, summary.date, text])

    @staticmethod
    def _name(year: int) -> str:
        return f"{SEARCH_FOLDER}/{year}.js"

    def _flush(self) -> None:
        if self._year is None:
            return
        name = self._name(self._year)
        if not self._kept:
            text = json.dumps(self._rows, ensure_ascii=False, separators=(",", ":"))
            script = f"kommunchefSearch.add({text});\n"
            (self._staging / name).write_text(script, encoding="utf-8")
        self._shards.append(name)

    def finish(self) -> tuple[str, ...]:
        self._flush()
        return tuple(self._shards)


class _Occurrences:
    """Each meeting occurrence's best description, as the calendar chooses it: the coming
    meetings of the start page and the events of the calendar. They wait in a temporary
    SQLite database (on disk past a few megabytes), not in memory."""

    def __init__(self, today: dt.date, spool: _Spool | None) -> None:
        self._today = today
        self._rule = Occurrences()
        self._renaming = False
        self._db = scratch_database()
        # identity -> rank, day, the start page's line if coming, the event in the spool
        self._db.execute(
            "CREATE TABLE best (identity TEXT PRIMARY KEY, sequence INTEGER, first INTEGER, "
            "day TEXT, coming TEXT, offset INTEGER, length INTEGER, timed INTEGER)"
        )
        self._spool = spool
        # The latest choices, written to the database in batches (most identities are said
        # again within a meeting or two, while they are still here).
        self._recent: dict[str, tuple[Any, ...]] = {}
        self._written = KeyFilter()  # the identities in the database

    def close(self) -> None:
        self._db.close()

    def _flush(self) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO best VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._recent.values()
        )
        self._written.add(self._recent)
        self._recent.clear()

    def add(self, contribution: Contribution) -> None:
        said = contribution.occurrences
        if self._renaming or contribution.names_occurrences:
            # From the first explicit id on, identities follow the rule across documents.
            self._renaming = True
            for description in self._rule.describe(contribution.identity_meeting()):
                slot = 0 if description.index is None else description.index + 1
                self._offer(description.identity, description.rank, said[slot])
        else:
            # Only explicit ids rename occurrences: until one comes, each document's own
            # identities are those of the series.
            for slot, each in enumerate(said):
                self._offer(each.identity, (each.sequence, slot == 0), each)

    def _offer(self, identity: str, rank: tuple[int, bool], said: Occurrence) -> None:
        known = self._recent.get(identity)
        if known is None and self._written.may_hold(identity):
            known = self._db.execute(
                "SELECT identity, sequence, first FROM best WHERE identity = ?", (identity,)
            ).fetchone()
        if known is not None and (known[1], bool(known[2])) >= rank:
            return
        coming = None
        if said.day >= self._today:
            coming = json.dumps([said.day.isoformat(), said.text, said.cancelled, said.page])
        where: tuple[int | None, int | None, bool | None] = (None, None, None)
        if self._spool is not None and said.event is not None:
            where = (*self._spool.append(said.event.text(identity)), said.event.timed)
        self._recent[identity] = (identity, rank[0], rank[1], said.day.isoformat(), coming, *where)
        if len(self._recent) >= RECENT:
            self._flush()

    def coming(self) -> tuple[Coming, ...]:
        self._flush()
        found = [
            Coming(*json.loads(text))
            for (text,) in self._db.execute("SELECT coming FROM best WHERE coming IS NOT NULL")
        ]
        found.sort(key=lambda c: (c.date, c.text))
        return tuple(found)

    def write_calendar(self, handle: IO[bytes], frame: CalendarFrame) -> None:
        """The ``ics`` format's series calendar: events in order of day and identity."""
        assert self._spool is not None
        self._flush()
        missing, timed = self._db.execute(
            "SELECT count(*) FILTER (WHERE offset IS NULL), max(timed) FROM best"
        ).fetchone()
        if missing:
            raise ValueError("a contribution without calendar events in a site with a calendar")
        handle.write(frame.header.encode("utf-8"))
        if timed:
            handle.write(frame.timezone.encode("utf-8"))
        for offset, length in self._db.execute(
            "SELECT offset, length FROM best ORDER BY day, identity"
        ):
            handle.write(self._spool.read(offset, length))
        handle.write(frame.footer.encode("utf-8"))
