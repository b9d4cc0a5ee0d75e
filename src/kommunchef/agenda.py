"""Drafting the next meeting's agenda from a series.

The draft is a planned agenda document (kind ``agenda``, status ``planned``):

* its day, time and place come from the *latest held minutes* before it, from their upcoming
  entry for that day (by default their first coming meeting that is not cancelled);
* its members are that meeting's members, present and absent alike, listed as called;
* it has one agenda item per open follow-up of the series (:mod:`kommunchef.register`), in
  the order they were raised, each naming the meeting and item it came from ("Från mötet
  2021-10-08, punkt 2 ..."), so that the minutes written from the agenda close them; and a
  closing "Kommande möten" item;
* its upcoming meetings are the meeting itself and the later ones the minutes name, so that
  ``kommunchef invite`` sends an invitation to it and its calendar has it once.
"""

from __future__ import annotations

import datetime as dt

from kommunchef.dates import format_date
from kommunchef.errors import KommunchefError
from kommunchef.identity import slugify
from kommunchef.model import (
    AgendaItem,
    DocumentKind,
    Language,
    Meeting,
    MeetingStatus,
    Paragraph,
    UpcomingMeeting,
)
from kommunchef.register import STANDING_TITLES, FollowUpRecord, follow_ups, is_standing
from kommunchef.series import Series, read_meeting_file


class AgendaError(KommunchefError):
    """The series does not say enough to draft the agenda (no minutes, no coming meeting)."""


_WORDS = {
    Language.SV: {
        "closing": "Kommande möten",
        "from": "Från mötet {date}, punkt {number} ({title}):",
        "follow_up": "Uppföljning från mötet {date}, punkt {number}",
        "owner": "Ansvarig: {owner}",
        "due": "Senast: {due}",
        "none": "Inga kommande möten är bestämda.",
    },
    Language.EN: {
        "closing": "Upcoming meetings",
        "from": "From the meeting of {date}, item {number} ({title}):",
        "follow_up": "Follow-up from the meeting of {date}, item {number}",
        "owner": "Responsible: {owner}",
        "due": "Due: {due}",
        "none": "No coming meetings are set.",
    },
}


def agenda_id(base: Meeting, day: dt.date) -> str:
    """The draft's id: the body's slug, the day and ``agenda``."""
    return f"{slugify(base.body) or 'meeting'}-{day.isoformat()}-agenda"[:120]


def _follow_up_item(number: int, record: FollowUpRecord, language: Language) -> AgendaItem:
    words = _WORDS[language]
    origin = record.item
    origin_day = origin.date.isoformat()
    title = (
        words["follow_up"].format(date=origin_day, number=origin.number)
        if is_standing(origin.title, STANDING_TITLES)
        else origin.title
    )
    lines = [
        words["from"].format(date=origin_day, number=origin.number, title=origin.title)
        + " "
        + record.text
    ]
    if record.owner:
        lines.append(words["owner"].format(owner=record.owner))
    if record.due:
        lines.append(words["due"].format(due=format_date(record.due, language)))
    return AgendaItem(number=number, title=title, body=tuple(Paragraph((line,)) for line in lines))


def _closing_item(
    number: int, upcoming: tuple[UpcomingMeeting, ...], language: Language
) -> AgendaItem:
    from kommunchef.dates import describe_upcoming

    words = _WORDS[language]
    later = upcoming[1:]
    lines = [f"{u.title}: {describe_upcoming(u, language)}" for u in later] or [words["none"]]
    return AgendaItem(
        number=number, title=words["closing"], body=tuple(Paragraph((line,)) for line in lines)
    )


def draft_agenda(
    series: Series, *, date: dt.date | None = None, meeting_id: str | None = None
) -> Meeting:
    """The planned agenda of the next meeting (see the module).

    ``date`` chooses the meeting to draft; its base is the latest held minutes before that
    day, and when those minutes name the day, its time and place come from there. Without
    ``date`` the first coming meeting (not cancelled) of the latest held minutes is drafted.
    Raises :class:`AgendaError` when the series has no held minutes before the day, when
    there is no coming meeting to draft, or when the chosen one is cancelled.
    """
    latest = None
    for entry in series.entries:
        if date is not None and entry.date >= date:
            break
        if entry.is_held_minutes:
            latest = entry
    if latest is None:
        before = f" before {date.isoformat()}" if date is not None else ""
        raise AgendaError(f"{series.folder}: the series has no minutes of a held meeting{before}")
    base = read_meeting_file(latest.path)
    future = [u for u in base.upcoming if u.date > base.date]
    if date is None:
        choices = [u for u in future if not u.cancelled]
        if not choices:
            raise AgendaError(
                f"the latest minutes ({base.id}, {base.date.isoformat()}) name no coming meeting "
                "that is not cancelled; give the day with --date"
            )
        chosen = choices[0]
    else:
        named = [u for u in future if u.date == date]
        if named and all(u.cancelled for u in named):
            raise AgendaError(
                f"the minutes {base.id} say the meeting on {date.isoformat()} is cancelled"
            )
        chosen = next(
            (u for u in named if not u.cancelled), UpcomingMeeting(date=date, title=base.body)
        )
    later = tuple(u for u in future if u.date > chosen.date)
    records = [
        record
        for record in follow_ups(
            ((e, m) for e, m in series.items() if e.date < chosen.date), standing=STANDING_TITLES
        )
        if record.is_open
    ]
    language = base.language
    agenda = [_follow_up_item(n, record, language) for n, record in enumerate(records, start=1)]
    upcoming = (chosen, *later)
    agenda.append(_closing_item(len(agenda) + 1, upcoming, language))
    return Meeting(
        id=meeting_id or agenda_id(base, chosen.date),
        date=chosen.date,
        body=base.body,
        organisation=base.organisation,
        kind=DocumentKind.AGENDA,
        status=MeetingStatus.PLANNED,
        language=language,
        start=chosen.start,
        end=chosen.end,
        location=chosen.location,
        present=(*base.present, *base.absent),
        agenda=tuple(agenda),
        upcoming=upcoming,
        recorded_by=base.recorded_by,
    )
