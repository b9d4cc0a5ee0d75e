"""What one meeting gives the pages that list every meeting, kept beside the site's manifest.

When a meeting is rendered, the site also writes its :class:`Contribution` to
``.kommunchef-site/{id}.json``: its rows of the decisions register, its agenda items as the
follow-ups register needs them, its Atom feed entry, its search text, what it says about
each meeting occurrence (its own and the upcoming ones: the start page's line and the
calendar event) and the few fields that decide occurrence identities. The listing pages are
then made from these files alone, so a rebuild after one change reads no other meeting.

A contribution names the build settings it was made with (:attr:`Contribution.key`, a hash
of everything besides the meeting's file that it depends on) and its source file's hash;
one that does not match, or cannot be read, is not used: the meeting is rendered again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from kommunchef.identity import meeting_identity
from kommunchef.model import Meeting, MeetingStatus, UpcomingMeeting
from kommunchef.register import decisions, references
from kommunchef.series import Entry, item_text, meeting_text
from kommunchef.site.calendar import StoredEvent
from kommunchef.site.layout import meeting_page

if TYPE_CHECKING:
    from kommunchef.document import Outline
    from kommunchef.site.meetings import Summary
    from kommunchef.site.words import Words

FORMAT = 1
"""The version of the stored form; part of every contribution's key."""

FOLDER = ".kommunchef-site"
"""The folder of the site that holds the contributions."""


def contribution_file(meeting_id: str) -> str:
    """The path of a meeting's contribution from the site's root."""
    return f"{FOLDER}/{meeting_id}.json"


@frozen
class Occurrence:
    """What a document says about one meeting occurrence: the meeting itself, or one of its
    upcoming meetings."""

    text: str
    """The start page's line for it while it is coming."""
    cancelled: bool
    page: str | None
    """The document's own page, from the site's root, for the meeting itself."""
    event: StoredEvent | None
    """Its calendar event, when the site has a calendar."""


@frozen
class Item:
    """An agenda item as the follow-ups register needs it."""

    number: int
    title: str
    references: tuple[tuple[str, int], ...]
    """The earlier items it names (see :func:`kommunchef.register.references`)."""
    follow_ups: tuple[tuple[str, str | None, dt.date | None], ...]
    """Text, owner and due date of each follow-up raised under it."""


@frozen
class Contribution:
    """One meeting's share of the listing pages (see the module)."""

    key: str
    """The settings it was made with (see the module)."""
    hash: str
    """The SHA-256 of its source file."""
    identity: Meeting
    """The meeting with only the fields that decide occurrence identities and ranks, for
    :class:`kommunchef.identity.Occurrences` to read: id, date, body, organisation, kind,
    status, revision and the upcoming meetings' days, titles, ids and cancellations."""
    decision_rows: tuple[str, ...]
    """Its rows of the decisions register, as HTML."""
    items: tuple[Item, ...]
    feed: tuple[str, int, str] | None
    """Identity, revision and summary of its feed entry (held minutes only)."""
    search: str
    occurrences: tuple[Occurrence, ...]
    """The meeting itself first, then each upcoming meeting in order."""

    def to_json(self) -> dict[str, Any]:
        meeting = self.identity
        return {
            "format": FORMAT,
            "key": self.key,
            "hash": self.hash,
            "id": meeting.id,
            "date": meeting.date.isoformat(),
            "body": meeting.body,
            "organisation": meeting.organisation,
            "kind": str(meeting.kind),
            "status": str(meeting.status),
            "revision": meeting.revision,
            "upcoming": [
                [each.date.isoformat(), each.title, each.id, each.cancelled]
                for each in meeting.upcoming
            ],
            "decision_rows": list(self.decision_rows),
            "items": [
                [
                    item.number,
                    item.title,
                    [list(key) for key in item.references],
                    [[text, owner, _iso(due)] for text, owner, due in item.follow_ups],
                ]
                for item in self.items
            ],
            "feed": None if self.feed is None else list(self.feed),
            "search": self.search,
            "occurrences": [
                [
                    each.text,
                    each.cancelled,
                    each.page,
                    None if each.event is None else each.event.to_json(),
                ]
                for each in self.occurrences
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contribution:
        """The contribution of :meth:`to_json`; KeyError, TypeError or ValueError when the
        data is not one."""
        if data["format"] != FORMAT:
            raise ValueError(f"a contribution of format {data['format']!r}")
        feed = data["feed"]
        identity = Meeting(
            id=_string(data["id"]),
            date=dt.date.fromisoformat(_string(data["date"])),
            body=_string(data["body"]),
            organisation=_string(data["organisation"]),
            kind=_string(data["kind"]),
            status=_string(data["status"]),
            revision=data["revision"],
            upcoming=tuple(
                UpcomingMeeting(
                    date=dt.date.fromisoformat(_string(day)),
                    title=_string(title),
                    id=_optional(explicit),
                    cancelled=cancelled,
                )
                for day, title, explicit, cancelled in data["upcoming"]
            ),
        )
        occurrences = tuple(
            Occurrence(
                _string(text),
                _flag(cancelled),
                _optional(page),
                None if event is None else StoredEvent.from_json(event),
            )
            for text, cancelled, page, event in data["occurrences"]
        )
        if len(occurrences) != len(identity.upcoming) + 1:
            raise ValueError("a contribution needs one occurrence per meeting described")
        return cls(
            key=_string(data["key"]),
            hash=_string(data["hash"]),
            identity=identity,
            decision_rows=tuple(_string(row) for row in data["decision_rows"]),
            items=tuple(
                Item(
                    _number(number),
                    _string(title),
                    tuple((_string(day), _number(item)) for day, item in keys),
                    tuple(
                        (
                            _string(text),
                            _optional(owner),
                            None if due is None else dt.date.fromisoformat(_string(due)),
                        )
                        for text, owner, due in follow_ups
                    ),
                )
                for number, title, keys, follow_ups in data["items"]
            ),
            feed=None if feed is None else (_string(feed[0]), _number(feed[1]), _string(feed[2])),
            search=_string(data["search"]),
            occurrences=occurrences,
        )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _optional(value: object) -> str | None:
    return None if value is None else _string(value)


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def contribution_of(
    meeting: Meeting,
    summary: Summary,
    document: Outline,
    words: Words,
    key: str,
    events: Sequence[StoredEvent] | None,
) -> Contribution:
    """The contribution of a meeting as the site publishes it (profiled, valid)."""
    from kommunchef.site.pages import register_row

    entry = Entry(
        path=Path(summary.source),
        id=meeting.id,
        date=meeting.date,
        kind=meeting.kind,
        status=meeting.status,
        body=meeting.body,
        organisation=meeting.organisation,
    )
    search: list[str] = [summary.title, meeting_text(meeting)]
    for item in meeting.agenda:
        search.extend((item.title, item_text(item)))
    # The upcoming meeting of index i is the outline's view i, as the calendar reads it.
    views = document.all_upcoming()
    occurrences = [
        Occurrence(
            summary.title,
            meeting.status is MeetingStatus.CANCELLED,
            meeting_page(meeting.id),
            None if events is None else events[0],
        ),
        *(
            Occurrence(
                views[index].text,
                views[index].cancelled,
                None,
                None if events is None else events[index + 1],
            )
            for index in range(len(meeting.upcoming))
        ),
    ]
    identity = Meeting(
        id=meeting.id,
        date=meeting.date,
        body=meeting.body,
        organisation=meeting.organisation,
        kind=meeting.kind,
        status=meeting.status,
        revision=meeting.revision,
        upcoming=tuple(
            UpcomingMeeting(each.date, each.title, id=each.id, cancelled=each.cancelled)
            for each in meeting.upcoming
        ),
    )
    headings = "; ".join(item.heading for item in document.items)
    return Contribution(
        key=key,
        hash=summary.hash,
        identity=identity,
        decision_rows=tuple(
            register_row(record, words) for record in decisions([(entry, meeting)])
        ),
        items=tuple(
            Item(
                item.number,
                item.title,
                tuple(references(item)),
                tuple((each.text, each.owner, each.due) for each in item.follow_ups),
            )
            for item in meeting.agenda
        ),
        feed=(
            (meeting_identity(meeting), meeting.revision, headings)
            if summary.is_held_minutes
            else None
        ),
        search="\n".join(search),
        occurrences=tuple(occurrences),
    )


def contribution_bytes(contribution: Contribution) -> bytes:
    """The stored form of a contribution: compact JSON in UTF-8."""
    text = json.dumps(contribution.to_json(), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def read_contribution(path: Path, summary: Summary, key: str) -> Contribution | None:
    """The stored contribution of ``summary``'s meeting; ``None`` when it is missing, cannot
    be read, or was made from another file or with other settings."""
    try:
        contribution = Contribution.from_json(json.loads(path.read_bytes()))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    identity = contribution.identity
    expected = (key, summary.hash, summary.id, summary.date)
    if (contribution.key, contribution.hash, identity.id, identity.date.isoformat()) != expected:
        return None
    return contribution
