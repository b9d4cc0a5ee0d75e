"""What one meeting gives the pages that list every meeting, kept beside the site's manifest.

When a meeting is rendered, the site also writes its :class:`Contribution` to
``.kommunchef-site/{id}.json``: its rows of the decisions register, its agenda items as the
follow-ups register needs them, its Atom feed entry, its search text, what it says about
each meeting occurrence (its own and the upcoming ones: identity and rank as the document
alone gives them, the start page's line, the calendar event) and the fields that decide
occurrence identities across documents. The listing pages are then made from these files
alone, so a rebuild after one change reads no other meeting.

A contribution names the build settings it was made with (:attr:`Contribution.key`, a hash
of everything besides the meeting's file that it depends on) and its source file's hash,
and its file starts with the SHA-256 of its text; one that does not match, or cannot be
read, is not used: the meeting is rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from attrs import frozen

from kommunchef.identity import Occurrences, meeting_identity
from kommunchef.model import AgendaItem, Meeting, MeetingStatus, UpcomingMeeting
from kommunchef.records import Record
from kommunchef.register import FollowUpRecord, ItemRef, decisions, references
from kommunchef.series import Entry, item_text, meeting_text
from kommunchef.site.calendar import StoredEvent
from kommunchef.site.layout import meeting_page

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kommunchef.document import Outline
    from kommunchef.site.meetings import Summary
    from kommunchef.site.words import Words

FORMAT = 2
"""The version of the stored form, checked when a contribution is read."""

FOLDER = ".kommunchef-site"
"""The folder of the site that holds the contributions."""


def contribution_file(meeting_id: str) -> str:
    """The path of a meeting's contribution from the site's root."""
    return f"{FOLDER}/{meeting_id}.json"


class Occurrence(NamedTuple):
    """What a document says about one meeting occurrence: the meeting itself, or one of its
    upcoming meetings."""

    identity: str
    """The occurrence as the document alone names it (others may rename it: see
    :class:`kommunchef.identity.Occurrences`)."""
    sequence: int
    """Its rank (:attr:`kommunchef.identity.Description.sequence`)."""
    day: dt.date
    text: str
    """The start page's line for it while it is coming."""
    cancelled: bool
    page: str | None
    """The document's own page, from the site's root, for the meeting itself."""
    event: StoredEvent | None
    """Its calendar event, when the site has a calendar."""


class Upcoming(NamedTuple):
    """An upcoming meeting as the identity rule reads it."""

    date: dt.date
    title: str
    id: str | None
    cancelled: bool


class Item(NamedTuple):
    """An agenda item as the follow-ups register needs it."""

    number: int
    title: str
    references: tuple[tuple[str, int], ...]
    """The earlier items it names (see :func:`kommunchef.register.references`)."""
    follow_ups: tuple[tuple[str, str | None, dt.date | None, str], ...]
    """Text, owner, due date and register cells (but the status) of each follow-up raised
    under it."""


@frozen
class Contribution(Record):
    """One meeting's share of the listing pages (see the module)."""

    key: str
    """The settings it was made with (see the module)."""
    hash: str
    """The SHA-256 of its source file."""
    id: str
    date: dt.date
    body: str
    organisation: str
    kind: str
    status: str
    revision: int
    upcoming: tuple[Upcoming, ...]
    decision_rows: tuple[str, ...]
    """Its rows of the decisions register, as HTML."""
    items: tuple[Item, ...]
    feed: tuple[str, int, str] | None
    """Identity, revision and summary of its feed entry (held minutes only)."""
    search: str
    occurrences: tuple[Occurrence, ...]
    """The meeting itself first, then each upcoming meeting in order."""

    @property
    def names_occurrences(self) -> bool:
        """Whether it gives an upcoming meeting an explicit id, which can rename occurrences
        of this and later documents."""
        return any(each.id is not None for each in self.upcoming)

    def identity_meeting(self) -> Meeting:
        """The meeting with only the fields the identity rule reads, for
        :class:`kommunchef.identity.Occurrences`."""
        return Meeting(
            id=self.id,
            date=self.date,
            body=self.body,
            organisation=self.organisation,
            kind=self.kind,
            status=self.status,
            revision=self.revision,
            upcoming=tuple(
                UpcomingMeeting(each.date, each.title, id=each.id, cancelled=each.cancelled)
                for each in self.upcoming
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "key": self.key,
            "hash": self.hash,
            "id": self.id,
            "date": self.date.isoformat(),
            "body": self.body,
            "organisation": self.organisation,
            "kind": self.kind,
            "status": self.status,
            "revision": self.revision,
            "upcoming": [
                [each.date.isoformat(), each.title, each.id, each.cancelled]
                for each in self.upcoming
            ],
            "decision_rows": list(self.decision_rows),
            "items": [
                [
                    item.number,
                    item.title,
                    [list(key) for key in item.references],
                    [
                        [text, owner, _iso(due), cells]
                        for text, owner, due, cells in item.follow_ups
                    ],
                ]
                for item in self.items
            ],
            "feed": None if self.feed is None else list(self.feed),
            "occurrences": [
                [
                    each.identity,
                    each.sequence,
                    each.day.isoformat(),
                    each.text,
                    each.cancelled,
                    each.page,
                    None if each.event is None else list(each.event),
                ]
                for each in self.occurrences
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], search: str) -> Contribution:
        """The contribution of :meth:`to_json` and its search text (checked by
        :func:`read_contribution`); KeyError, TypeError or ValueError when the data is not
        one."""
        if data["format"] != FORMAT:
            raise ValueError(f"a contribution of format {data['format']!r}")
        day = dt.date.fromisoformat
        upcoming = tuple(
            Upcoming(day(when), title, explicit, cancelled)
            for when, title, explicit, cancelled in data["upcoming"]
        )
        occurrences = tuple(
            Occurrence(
                identity,
                sequence,
                day(when),
                text,
                cancelled,
                page,
                None if event is None else StoredEvent(*event),
            )
            for identity, sequence, when, text, cancelled, page, event in data["occurrences"]
        )
        if len(occurrences) != len(upcoming) + 1:
            raise ValueError("a contribution needs one occurrence per meeting described")
        feed = data["feed"]
        return cls(
            key=data["key"],
            hash=data["hash"],
            id=data["id"],
            date=day(data["date"]),
            body=data["body"],
            organisation=data["organisation"],
            kind=data["kind"],
            status=data["status"],
            revision=data["revision"],
            upcoming=upcoming,
            decision_rows=tuple(data["decision_rows"]),
            items=tuple(
                Item(
                    number,
                    title,
                    tuple((origin, item) for origin, item in keys),
                    tuple(
                        (text, owner, None if due is None else day(due), cells)
                        for text, owner, due, cells in follow_ups
                    ),
                )
                for number, title, keys, follow_ups in data["items"]
            ),
            feed=None if feed is None else (feed[0], feed[1], feed[2]),
            search=search,
            occurrences=occurrences,
        )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _item_ref(summary: Summary, item: AgendaItem) -> ItemRef:
    day = dt.date.fromisoformat(summary.date)
    return ItemRef(day, summary.id, summary.source, item.number, item.title)


def contribution_of(
    meeting: Meeting,
    summary: Summary,
    document: Outline,
    words: Words,
    key: str,
    events: Sequence[StoredEvent] | None,
) -> Contribution:
    """The contribution of a meeting as the site publishes it (profiled, valid)."""
    from kommunchef.site.pages import follow_up_cells, register_row

    entry = Entry.of_meeting(Path(summary.source), meeting)
    search: list[str] = [summary.title, meeting_text(meeting)]
    for item in meeting.agenda:
        search.extend((item.title, item_text(item)))
    # Each description as the document alone gives it: the meeting itself, then upcoming
    # meeting i, whose line is the outline's view i (as the calendar reads it).
    descriptions = Occurrences().describe(meeting)
    views = document.all_upcoming()
    occurrences = []
    for slot, description in enumerate(descriptions):
        if description.index is None:
            text = summary.title
            cancelled = meeting.status is MeetingStatus.CANCELLED
            page: str | None = meeting_page(meeting.id)
        else:
            text, cancelled, page = (
                views[description.index].text,
                views[description.index].cancelled,
                None,
            )
        occurrences.append(
            Occurrence(
                description.identity,
                description.sequence,
                description.day,
                text,
                cancelled,
                page,
                None if events is None else events[slot],
            )
        )
    headings = "; ".join(item.heading for item in document.items)
    return Contribution(
        key=key,
        hash=summary.hash,
        id=meeting.id,
        date=meeting.date,
        body=meeting.body,
        organisation=meeting.organisation,
        kind=str(meeting.kind),
        status=str(meeting.status),
        revision=meeting.revision,
        upcoming=tuple(
            Upcoming(each.date, each.title, each.id, each.cancelled) for each in meeting.upcoming
        ),
        decision_rows=tuple(
            register_row(record, words) for record in decisions([(entry, meeting)])
        ),
        items=tuple(
            Item(
                item.number,
                item.title,
                tuple(references(item)),
                tuple(
                    (
                        each.text,
                        each.owner,
                        each.due,
                        follow_up_cells(
                            FollowUpRecord(
                                _item_ref(summary, item), each.text, each.owner, each.due, None
                            ),
                            words,
                        ),
                    )
                    for each in item.follow_ups
                ),
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
    """The stored form of a contribution: the SHA-256 of the rest, a newline, then the rest:
    all but the search text as compact JSON in UTF-8, a newline, and the search text. (The
    search text, half of it, is needed only for a year whose search script is made again:
    as plain text it costs no JSON parsing.)"""
    text = json.dumps(contribution.to_json(), ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8") + b"\n" + contribution.search.encode("utf-8")
    return hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data


def contribution_from_bytes(data: bytes) -> Contribution:
    """The contribution of :func:`contribution_bytes`; ValueError (or KeyError, TypeError,
    IndexError) when the bytes are not one, or were edited (the checksum differs)."""
    checksum, _, rest = data.partition(b"\n")
    if hashlib.sha256(rest).hexdigest().encode("ascii") != checksum:
        raise ValueError("the contribution's checksum differs")
    text, newline, search = rest.partition(b"\n")
    if not newline:
        raise ValueError("a contribution has its search text after a newline")
    return Contribution.from_json(json.loads(text), search.decode("utf-8"))


def read_contribution(path: str | Path, summary: Summary, key: str) -> Contribution | None:
    """The stored contribution of ``summary``'s meeting; ``None`` when it is missing, damaged
    or edited (its checksum differs), or was made from another file or with other settings."""
    try:
        with open(path, "rb") as handle:
            contribution = contribution_from_bytes(handle.read())
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None
    found = (contribution.key, contribution.hash, contribution.id, contribution.date.isoformat())
    if found != (key, summary.hash, summary.id, summary.date):
        return None
    return contribution
