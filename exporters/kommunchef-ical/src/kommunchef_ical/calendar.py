"""Building iCalendar objects from a meeting.

Every content line is written by the ``icalendar`` library, which escapes, quotes and folds;
this module only decides what goes into each event:

* the meeting itself and each upcoming meeting become one ``VEVENT`` each;
* UIDs are stable, one per meeting occurrence (:mod:`kommunchef.identity`): the body,
  organisation and day, or an upcoming meeting's explicit ``id``; the meeting's own event and
  every document's entry for that meeting share it. The ``document`` scheme keeps the UIDs
  from before (the meeting's id, and its id with the upcoming meeting's date);
* ``SEQUENCE`` grows with the describing document's date, kind and ``revision``, one higher
  for a cancelled event, so the newest document wins;
* a series of documents becomes one calendar with one event per occurrence;
* times are aware, in Europe/Stockholm, described by one fixed rule-based ``VTIMEZONE``;
* a day without a time is an all-day event with an exclusive end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal, get_args

from icalendar import (
    STATUS,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
)

from kommunchef.document import Outline, UpcomingView, outline
from kommunchef.errors import ExportError, OptionError
from kommunchef.identity import (
    Occurrences,
    Scheme,
    upcoming_identities,
)
from kommunchef.identity import sequence as identity_sequence
from kommunchef.model import STOCKHOLM, Language, Meeting, MeetingStatus, UpcomingMeeting

UID_DOMAIN = "kommunchef.goteborgsregionen.se"
"""The right-hand side of every UID: ``kcg-2021-10-08@kommunchef.goteborgsregionen.se``."""

PRODID = "-//Goteborgsregionen//kommunchef//SV"
"""The ``PRODID`` of every calendar (RFC 5545 3.7.3)."""

TZID = "Europe/Stockholm"
"""The one time zone of every meeting time."""

Scope = Literal["meeting", "upcoming", "all"]
"""Which events a calendar holds: the meeting itself, its upcoming meetings, or both."""

SCOPES: tuple[Scope, ...] = get_args(Scope)

Method = Literal["REQUEST", "CANCEL"]
"""The iTIP methods that invitations use (RFC 5546)."""

# -- the time zone ----------------------------------------------------------------------------


@cache
def stockholm_timezone() -> Timezone:
    """The ``VTIMEZONE`` for Europe/Stockholm, built once per process.

    It is fixed and rule based (EU summer time: last Sunday of March 02:00 to last Sunday of
    October 03:00) instead of the list of RDATEs that ``add_missing_timezones()`` derives from
    the tz database, which some clients (Outlook) are reported to misread. Sweden has followed
    these rules since 1996; the tests compare the offsets with ``zoneinfo``. The component is
    shared: never change it.
    """
    daylight = TimezoneDaylight()
    daylight.DTSTART = dt.datetime(1970, 3, 29, 2, 0)
    daylight.TZOFFSETFROM = dt.timedelta(hours=1)
    daylight.TZOFFSETTO = dt.timedelta(hours=2)
    daylight.add("TZNAME", "CEST")
    daylight.add("RRULE", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    standard = TimezoneStandard()
    standard.DTSTART = dt.datetime(1970, 10, 25, 3, 0)
    standard.TZOFFSETFROM = dt.timedelta(hours=2)
    standard.TZOFFSETTO = dt.timedelta(hours=1)
    standard.add("TZNAME", "CET")
    standard.add("RRULE", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    timezone = Timezone()
    timezone.add("TZID", TZID)
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


# -- identity and ordering --------------------------------------------------------------------
# The rule is the core's (kommunchef.identity): one UID per meeting occurrence, whichever
# document mentions it, and a SEQUENCE that lets the newest document win.


def meeting_uid(meeting: Meeting, scheme: Scheme = "occurrence") -> str:
    """The UID of the meeting's own event: its occurrence at :data:`UID_DOMAIN`.

    An upcoming entry of the document with an explicit id on the document's own day names
    the meeting itself, which then takes that id. ``scheme="document"`` gives the UIDs
    before occurrences: the meeting's id.
    """
    return f"{Occurrences(scheme).describe(meeting)[0].identity}@{UID_DOMAIN}"


def upcoming_uids(meeting: Meeting, scheme: Scheme = "occurrence") -> list[str]:
    """The UID of each upcoming meeting, in order.

    An explicit ``id`` gives ``{id}@domain``. Otherwise the UID is the occurrence of the
    document's body and organisation on that day, ``kommunchefsgruppen.gr.20230414@domain``,
    the same in every document that names the meeting and in the meeting's own event; a
    second entry on the same day gets ``.2``. ``scheme="document"`` gives the UIDs before
    occurrences, ``{meeting id}.{yyyymmdd}@domain``.
    """
    return [f"{identity}@{UID_DOMAIN}" for identity in upcoming_identities(meeting, scheme)]


def sequence(meeting: Meeting, *, cancelled: bool) -> int:
    """``SEQUENCE``: grows with the document's date, kind and revision; +1 when cancelled.

    See :func:`kommunchef.identity.sequence`. A cancellation is itself a significant change,
    so a cancelled event always outranks an invitation sent from the same revision
    (RFC 5546 2.1.4), and a later document's word outranks an earlier one's.
    """
    return identity_sequence(meeting, cancelled=cancelled)


def file_stamp(meeting: Meeting) -> dt.datetime:
    """The ``DTSTAMP`` of events in a file or feed: the meeting's day, 00:00 Stockholm, in UTC.

    Without METHOD, DTSTAMP is when the data last changed (RFC 5545 3.8.7.2). The model keeps
    no time of its last edit; a stamp from the clock would make every export differ, so the
    day the document is about stands in for it and exports are reproducible.
    """
    return dt.datetime.combine(meeting.date, dt.time(0), tzinfo=STOCKHOLM).astimezone(dt.UTC)


# -- when -------------------------------------------------------------------------------------

Moment = dt.date | dt.datetime


def meeting_span(meeting: Meeting) -> tuple[Moment, Moment | None]:
    """Start and end of the meeting's event: timed when it has a start, else all day."""
    if meeting.start is not None:
        return meeting.start, meeting.end
    return meeting.date, meeting.date + dt.timedelta(days=1)


def upcoming_span(upcoming: UpcomingMeeting) -> tuple[Moment, Moment | None]:
    """Start and end of an upcoming meeting's event.

    * a start and an end time: timed, from the start on the first day to the end on the last;
    * a start time only, on one day: timed with DTSTART alone (RFC 5545 then reads it as
      ending when it starts; the end is not invented);
    * no time, or several days without an end time: all-day events over the days, with the
      exclusive end date (11-12 November ends on 13 November).
    """
    start, end = upcoming.start, upcoming.end
    if start is not None and (end is not None or upcoming.last_date == upcoming.date):
        return start, end
    return upcoming.date, upcoming.last_date + dt.timedelta(days=1)


# -- text -------------------------------------------------------------------------------------


def summary_text(document: Outline, text: str, *, cancelled: bool) -> str:
    """The SUMMARY: cancelled events say so first, as some clients hide CANCELLED silently."""
    return f"{document.label('cancelled')}: {text}" if cancelled else text


def meeting_description(document: Outline) -> str:
    """The facts, the agenda's headings, who was present, absent or a guest."""
    sections: list[list[str]] = [[fact.text for fact in document.facts]]
    if document.items:
        sections.append(
            [f"{document.label('agenda')}:"] + [item.heading for item in document.items]
        )
    people = [
        f"{group.caption}: {', '.join(person.text for person in group.people)}"
        for group in document.attendance
    ]
    if people:
        sections.append(people)
    return "\n\n".join("\n".join(lines) for lines in sections)


def upcoming_description(
    document: Outline, upcoming: UpcomingView, extra: Sequence[str] = ()
) -> str:
    """The upcoming meeting's line, ``extra`` lines and the link back to the minutes."""
    sections = [upcoming.text, *extra]
    if document.url is not None:
        sections.append(document.url.url)
    return "\n\n".join(sections)


# -- events and calendars ---------------------------------------------------------------------


def _event(
    *,
    uid: str,
    summary: str,
    description: str,
    location: str | None,
    span: tuple[Moment, Moment | None],
    stamp: dt.datetime,
    sequence: int,
    cancelled: bool,
    organizer: vCalAddress | None = None,
    attendees: Sequence[vCalAddress] = (),
) -> Event:
    start, end = span
    # What Event.new() sets, in its order, but only the properties that have a value: new()
    # also clears the twenty others one by one, which costs as much as setting these.
    event = Event()
    event.DTSTAMP = stamp
    event.summary = summary
    event.description = description
    event.uid = uid
    event.start = start
    if end is not None:
        event.end = end
    event.sequence = sequence
    if organizer is not None:
        event.organizer = organizer
    if location is not None:
        event.location = location
    event.status = STATUS.CANCELLED if cancelled else STATUS.CONFIRMED
    if attendees:
        event.attendees = list(attendees)
    return event


def meeting_event(
    meeting: Meeting,
    language: Language,
    *,
    stamp: dt.datetime,
    scheme: Scheme = "occurrence",
    document: Outline | None = None,
    uid: str | None = None,
) -> Event:
    """The meeting's own event.

    ``document`` is the meeting's outline in ``language``, when the caller has built it (a
    calendar builds it once for all of a meeting's events); without it, it is built here.
    ``uid`` is the event's UID when the caller knows it (a series resolves identities across
    documents); by default :func:`meeting_uid`.
    """
    cancelled = meeting.status is MeetingStatus.CANCELLED
    if document is None:
        document = outline(meeting, language)
    return _event(
        uid=meeting_uid(meeting, scheme) if uid is None else uid,
        summary=summary_text(document, meeting.body, cancelled=cancelled),
        description=meeting_description(document),
        location=meeting.location,
        span=meeting_span(meeting),
        stamp=stamp,
        sequence=sequence(meeting, cancelled=cancelled),
        cancelled=cancelled,
    )


def upcoming_event(
    meeting: Meeting,
    index: int,
    language: Language,
    *,
    stamp: dt.datetime,
    organizer: vCalAddress | None = None,
    attendees: Sequence[vCalAddress] = (),
    extra_description: Sequence[str] = (),
    scheme: Scheme = "occurrence",
    document: Outline | None = None,
    uid: str | None = None,
) -> Event:
    """The event of ``meeting.upcoming[index]``; invitations add organizer and attendees.

    ``document`` and ``uid`` as for :func:`meeting_event`; the UID by default is the entry's
    of :func:`upcoming_uids`.
    """
    upcoming = meeting.upcoming[index]
    if document is None:
        document = outline(meeting, language)
    view = document.all_upcoming()[index]
    return _event(
        uid=upcoming_uids(meeting, scheme)[index] if uid is None else uid,
        summary=summary_text(document, upcoming.title, cancelled=upcoming.cancelled),
        description=upcoming_description(document, view, extra_description),
        location=upcoming.location,
        span=upcoming_span(upcoming),
        stamp=stamp,
        sequence=sequence(meeting, cancelled=upcoming.cancelled),
        cancelled=upcoming.cancelled,
        organizer=organizer,
        attendees=attendees,
    )


def _is_timed(event: Component) -> bool:
    return any(
        isinstance(event.decoded(name, None), dt.datetime)
        for name in ("DTSTART", "DTEND")
        if name in event
    )


def new_calendar(events: Iterable[Event], *, uid: str, method: Method | None = None) -> Calendar:
    """A calendar of ``events``, with the Stockholm ``VTIMEZONE`` first when any is timed.

    ``uid`` is the calendar's own stable UID (RFC 7986); without it the library would pick a
    random one and no two exports would be equal.
    """
    events = list(events)
    if not events:
        raise ExportError("a calendar needs at least one event (RFC 5545 3.6)")
    components: list[Component] = []
    if any(_is_timed(event) for event in events):
        components.append(stockholm_timezone())
    components.extend(events)
    # What Calendar.new() sets, as for events in _event().
    calendar = Calendar()
    calendar.subcomponents = components
    calendar.prodid = PRODID
    calendar.version = "2.0"
    if method is not None:
        calendar.method = method
    calendar.uid = uid
    missing = calendar.get_missing_tzids()
    if missing:  # every time is made in Stockholm; anything else is a bug worth stopping for
        raise ExportError(f"the calendar uses time zones it does not describe: {sorted(missing)}")
    return calendar


def scope_option(value: str | None) -> Scope:
    """Read the ``scope`` option: ``meeting``, ``upcoming`` or ``all`` (the default)."""
    if value is None:
        return "all"
    cleaned = value.strip().lower()
    for scope in SCOPES:
        if cleaned == scope:
            return scope
    raise OptionError(f"scope must be meeting, upcoming or all, not {value!r}")


def build_calendar(
    meeting: Meeting,
    *,
    scope: Scope = "all",
    language: Language | None = None,
    scheme: Scheme = "occurrence",
) -> Calendar:
    """The calendar file or feed of a meeting: no METHOD, no ATTENDEE, reproducible.

    An upcoming entry that is the meeting itself (same occurrence) is written once, as the
    meeting's own event, when the calendar holds both. ``scope="upcoming"`` on a meeting that
    names no upcoming meeting raises :class:`~kommunchef.errors.ExportError`: a calendar needs
    at least one event.
    """
    language = meeting.language if language is None else language
    stamp = file_stamp(meeting)
    document = outline(meeting, language)  # once, for all of the meeting's events
    events: list[Event] = []
    itself, *entries = Occurrences(scheme).describe(meeting)
    if scope in ("meeting", "all"):
        own = f"{itself.identity}@{UID_DOMAIN}"
        events.append(
            meeting_event(meeting, language, stamp=stamp, scheme=scheme, document=document, uid=own)
        )
    if scope in ("upcoming", "all"):
        uids = upcoming_uids(meeting, scheme)
        events.extend(
            upcoming_event(
                meeting,
                index,
                language,
                stamp=stamp,
                scheme=scheme,
                document=document,
                uid=uids[index],
            )
            for index, entry in enumerate(entries)
            if scope == "upcoming" or entry.identity != itself.identity
        )
    if not events:
        raise ExportError(
            f"the meeting {meeting.id} names no upcoming meetings, so scope=upcoming has no "
            "event to write; use scope=all to include the meeting itself"
        )
    return new_calendar(events, uid=f"{meeting.id}.{scope}@{UID_DOMAIN}")


def build_series_calendar(
    documents: Iterable[Meeting],
    *,
    name: str,
    language: Language | None = None,
    scheme: Scheme = "occurrence",
) -> Calendar:
    """One calendar of every meeting the documents describe, held, planned or cancelled.

    ``documents`` come in date order (as :class:`kommunchef.Series` gives them). Each
    occurrence is one event, built from the description with the highest SEQUENCE (the newest
    word; on a tie the meeting's own document). Only the winning events are kept in memory.
    ``name`` makes the calendar's own UID, ``{name}.series@domain``.
    """
    occurrences = Occurrences(scheme)
    best: dict[str, tuple[tuple[int, bool], dt.date, Event]] = {}
    for document in documents:
        chosen = document.language if language is None else language
        stamp = file_stamp(document)
        document_outline: Outline | None = None  # built once, if any of its events is kept
        for description in occurrences.describe(document):
            known = best.get(description.identity)
            if known is not None and known[0] >= description.rank:
                continue
            if document_outline is None:
                document_outline = outline(document, chosen)
            # The UID is the resolved identity: an explicit id also names the meeting itself.
            uid = f"{description.identity}@{UID_DOMAIN}"
            if description.index is None:
                event = meeting_event(
                    document, chosen, stamp=stamp, scheme=scheme, document=document_outline, uid=uid
                )
            else:
                event = upcoming_event(
                    document,
                    description.index,
                    chosen,
                    stamp=stamp,
                    scheme=scheme,
                    document=document_outline,
                    uid=uid,
                )
            best[description.identity] = (description.rank, description.day, event)
    ordered = sorted(best.items(), key=lambda pair: (pair[1][1], pair[0]))
    return new_calendar((event for _, (_, _, event) in ordered), uid=f"{name}.series@{UID_DOMAIN}")
