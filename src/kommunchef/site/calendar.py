"""The site's series calendar, put together from each meeting's events as the ``ics`` format
wrote them.

The ``ics`` format's series calendar holds one event per meeting occurrence: of everything
the documents say about an occurrence, the description of the highest rank
(:class:`kommunchef.identity.Occurrences`), with the occurrence's identity as its UID, in
order of day and identity. Everything in an event but its UID depends only on the document
that describes it, so the events of a meeting are written once, when the meeting is
rendered (the format's calendars of the meeting with ``scope=meeting`` and
``scope=upcoming``), and kept with its other contributions. A build then chooses the winning
events, writes each one's UID as its occurrence resolves across the series, and puts the
calendar's own lines (its properties and the time zone, from a calendar of one probe meeting
written by the same format) around them: the bytes of ``export_series`` on the meetings,
without reading a meeting.

The text is RFC 5545's: content lines end in CRLF, a line of more than 75 octets is folded
with CRLF and a space, components run from ``BEGIN:NAME`` to ``END:NAME``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from attrs import frozen

from kommunchef.errors import FormatError, KommunchefError
from kommunchef.identity import Occurrences, upcoming_identities
from kommunchef.model import STOCKHOLM, Meeting
from kommunchef.records import Record

if TYPE_CHECKING:
    from kommunchef.exporting import Exporter

CRLF = "\r\n"
LINE_OCTETS = 75
"""A folded line's limit, as the ``ics`` format folds (RFC 5545 3.1)."""


class StoredEvent(NamedTuple):
    """One event of a meeting as the ``ics`` format wrote it, cut around its UID line."""

    head: str
    """From ``BEGIN:VEVENT`` up to the UID line."""
    tail: str
    """After the UID line, to ``END:VEVENT``."""
    suffix: str
    """What follows the identity in the UID: ``@kommunchef.goteborgsregionen.se``."""
    timed: bool
    """Whether the event has a start or end time (the calendar then needs its time zone)."""

    def text(self, identity: str) -> str:
        """The event with the UID of ``identity``."""
        return self.head + fold(f"UID:{identity}{self.suffix}") + CRLF + self.tail


@frozen
class CalendarFrame(Record):
    """The calendar's own lines: what comes before the events, the time zone, the end."""

    header: str
    timezone: str
    footer: str


def fold(line: str) -> str:
    """A content line folded as the ``ics`` format folds it: a new line before the character
    that would make a line reach 75 octets, never between a backslash or caret and the
    character it escapes."""
    if len(line) < LINE_OCTETS and len(line.encode("utf-8")) < LINE_OCTETS:
        return line  # most lines: nothing to fold
    parts: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= LINE_OCTETS:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, octets = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    if current:
        parts.append("".join(current))
    return (CRLF + " ").join(parts)


def meeting_events(exporter: Exporter, meeting: Meeting, lang: str) -> tuple[StoredEvent, ...]:
    """The events the meeting describes: its own first, then each upcoming meeting in order
    (the order of :meth:`kommunchef.identity.Occurrences.describe`)."""
    own_identity = Occurrences().describe(meeting)[0].identity
    found = _events(_export(exporter, meeting, "meeting", lang))
    if len(found) != 1:
        raise FormatError(
            f"the ics format wrote {len(found)} events for the meeting {meeting.id} alone; "
            "the site needs one"
        )
    events = [_stored(found[0], own_identity, meeting.id)]
    if meeting.upcoming:
        upcoming = _events(_export(exporter, meeting, "upcoming", lang))
        if len(upcoming) != len(meeting.upcoming):
            raise FormatError(
                f"the ics format wrote {len(upcoming)} events for the {len(meeting.upcoming)} "
                f"upcoming meetings of {meeting.id}; the site needs one each"
            )
        identities = upcoming_identities(meeting)
        events += (
            _stored(lines, identity, meeting.id)
            for lines, identity in zip(upcoming, identities, strict=True)
        )
    return tuple(events)


def calendar_frame(exporter: Exporter, name: str, lang: str) -> CalendarFrame:
    """The lines around the events of the series calendar ``name``, from the ``ics`` format's
    calendar of one timed probe meeting."""
    day = dt.date(2000, 1, 3)
    probe = Meeting(
        id="calendar-probe",
        date=day,
        start=dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM),
    )
    export_series = getattr(exporter, "export_series", None)
    if export_series is None:
        raise FormatError("the ics format cannot write the calendar of a series")
    try:
        data = export_series([probe], name=name, lang=lang)
    except KommunchefError:
        raise
    except (ValueError, TypeError, KeyError) as error:
        raise FormatError(f"the ics format failed on the series calendar: {error}") from error
    lines = _lines(bytes(data).decode("utf-8"))
    zones, events = _spans(lines, "VTIMEZONE"), _spans(lines, "VEVENT")
    if len(zones) != 1 or len(events) != 1 or zones[0][1] != events[0][0]:
        raise FormatError(
            "the ics format's series calendar does not have the shape the site puts together "
            "(its lines, the time zone, the events, the end)"
        )
    (zone_start, zone_end), (_, event_end) = zones[0], events[0]
    return CalendarFrame(
        header=_text(lines[:zone_start]),
        timezone=_text(lines[zone_start:zone_end]),
        footer=_text(lines[event_end:]),
    )


def _export(exporter: Exporter, meeting: Meeting, scope: str, lang: str) -> str:
    from kommunchef.exporting import run_exporter

    return run_exporter(exporter, meeting, {"scope": scope, "lang": lang}).decode("utf-8")


def _lines(text: str) -> list[str]:
    if not text.endswith(CRLF):
        raise FormatError("the ics format wrote a calendar whose last line has no CRLF")
    return text[: -len(CRLF)].split(CRLF)


def _text(lines: Sequence[str]) -> str:
    return "".join(line + CRLF for line in lines)


def _spans(lines: Sequence[str], name: str) -> list[tuple[int, int]]:
    """Where each top-level ``name`` component of a calendar starts and ends (exclusive)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for index, line in enumerate(lines):
        if line.startswith("BEGIN:"):
            depth += 1
            if depth == 2 and line == f"BEGIN:{name}":
                start = index
        elif line.startswith("END:"):
            if depth == 2 and line == f"END:{name}":
                spans.append((start, index + 1))
            depth -= 1
    return spans


def _events(text: str) -> list[list[str]]:
    lines = _lines(text)
    return [lines[start:end] for start, end in _spans(lines, "VEVENT")]


def _stored(lines: list[str], identity: str, meeting_id: str) -> StoredEvent:
    """An event cut around its UID line, with whether it is timed."""
    uids: list[tuple[int, int, str]] = []
    timed = False
    depth, index = 0, 0
    while index < len(lines):
        end = index + 1
        while end < len(lines) and lines[end][:1] in (" ", "\t"):
            end += 1
        logical = lines[index] + "".join(part[1:] for part in lines[index + 1 : end])
        if logical.startswith("BEGIN:"):
            depth += 1
        elif logical.startswith("END:"):
            depth -= 1
        elif depth == 1:  # the event's own properties, not those of an alarm in it
            name, _, value = logical.partition(":")
            name = name.split(";", 1)[0].upper()
            if name == "UID":
                uids.append((index, end, logical))
            elif name in ("DTSTART", "DTEND"):
                timed = timed or "T" in value
        index = end
    prefix = f"UID:{identity}@"
    if len(uids) != 1 or not uids[0][2].startswith(prefix):
        raise FormatError(
            f"an event the ics format wrote for {meeting_id} has no single line {prefix}...; "
            "the site cannot give it the identity of its occurrence in the series"
        )
    start, end, logical = uids[0]
    return StoredEvent(
        head=_text(lines[:start]),
        tail=_text(lines[end:]),
        suffix=logical[len(f"UID:{identity}") :],
        timed=timed,
    )
