"""The ``ics`` exporter: events, UIDs, SEQUENCE, times, options and the file rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from icalendar import Calendar, Component, Timezone
from kommunchef_ical import exporter, file_stamp, stockholm_timezone
from kommunchef_ical.calendar import meeting_uid, upcoming_uids

import kommunchef
from kommunchef.errors import ExportError, OptionError
from kommunchef.identity import sequence
from kommunchef.model import Meeting, MeetingStatus, UpcomingMeeting

Lint = Callable[..., Calendar]
Parse = Callable[[bytes], tuple[Any, Any]]


def events(calendar: Calendar) -> list[Component]:
    return list(calendar.walk("VEVENT"))


def by_uid(calendar: Calendar) -> dict[str, Component]:
    return {str(event["UID"]): event for event in events(calendar)}


def test_registered_under_its_name() -> None:
    assert kommunchef.get_exporter("ics") is exporter
    assert (exporter.name, exporter.media_type, exporter.suffix) == ("ics", "text/calendar", ".ics")
    assert "ics" in {info.name for info in kommunchef.available_formats()}


def test_seed_example_upcoming_meeting_is_an_all_day_range(
    seed: Meeting, lint: Lint, parse: Parse
) -> None:
    data = kommunchef.export(seed, "ics")
    calendar = lint(data)
    parse(data)
    found = by_uid(calendar)
    assert set(found) == {
        "kommunchefsgruppen.gr.20211008@kommunchef.goteborgsregionen.se",
        "kommunchefsgruppen.gr.20211111@kommunchef.goteborgsregionen.se",
    }
    lunch = found["kommunchefsgruppen.gr.20211111@kommunchef.goteborgsregionen.se"]
    assert lunch.decoded("DTSTART") == dt.date(2021, 11, 11)
    assert lunch.decoded("DTEND") == dt.date(2021, 11, 13)  # exclusive: 11-12 November
    assert b"DTSTART;VALUE=DATE:20211111\r\n" in data
    assert b"DTEND;VALUE=DATE:20211113\r\n" in data
    assert str(lunch["SUMMARY"]) == "Kommunchefsgruppens lunch till lunch-möte"
    assert str(lunch["LOCATION"]) == "Stenungsbaden"
    assert str(lunch["STATUS"]) == "CONFIRMED"
    # The seed meeting has no time: its own event is all day on its date.
    own = found["kommunchefsgruppen.gr.20211008@kommunchef.goteborgsregionen.se"]
    assert own.decoded("DTSTART") == dt.date(2021, 10, 8)
    assert own.decoded("DTEND") == dt.date(2021, 10, 9)
    assert not list(calendar.walk("VTIMEZONE")), "no time, so no VTIMEZONE is needed"


def test_exports_are_reproducible(seed: Meeting, invite_meeting: Meeting) -> None:
    for meeting in (seed, invite_meeting):
        assert exporter.export(meeting) == exporter.export(meeting)


def test_description_has_agenda_participants_and_link(invite_meeting: Meeting) -> None:
    calendar = Calendar.from_ical(exporter.export(invite_meeting, scope="meeting"))
    (event,) = events(calendar)
    description = str(event["DESCRIPTION"])
    for item in invite_meeting.agenda:
        assert f"{item.number}. {item.title}" in description
    for person in (*invite_meeting.present, *invite_meeting.absent, *invite_meeting.guests):
        assert person.name in description
    assert "Närvarande: Gunnel Rydberg (" in description
    assert "Ej närvarande: Magnus Sigfusson (Göteborg)" in description
    assert "Övriga närvarande: Ann-Sofi Lodin (regiondirektör, VGR)" in description
    # The facts of the document outline, the meeting's link among them.
    assert description.startswith("Datum: fredag 16 oktober 2026\nTid: 09.00–12.00\n")
    assert "Länk: https://goteborgsregionen.se/kcg" in description
    assert str(event["LOCATION"]) == invite_meeting.location


def test_scopes(invite_meeting: Meeting, lint: Lint) -> None:
    meeting_only = by_uid(lint(exporter.export(invite_meeting, scope="meeting")))
    upcoming_only = by_uid(lint(exporter.export(invite_meeting, scope="upcoming")))
    everything = by_uid(lint(exporter.export(invite_meeting)))
    assert list(meeting_only) == [meeting_uid(invite_meeting)]
    assert list(upcoming_only) == upcoming_uids(invite_meeting)
    assert set(everything) == set(meeting_only) | set(upcoming_only)
    assert everything.keys() == by_uid(lint(exporter.export(invite_meeting, scope=" ALL "))).keys()


def test_upcoming_scope_without_upcoming_meetings_is_a_clear_error(seed: Meeting) -> None:
    bare = attrs.evolve(seed, upcoming=())
    with pytest.raises(ExportError, match="names no upcoming meetings"):
        exporter.export(bare, scope="upcoming")
    with pytest.raises(ExportError, match="names no upcoming meetings"):
        kommunchef.export(bare, "ics", scope="upcoming")
    assert exporter.export(bare)  # the meeting itself is always there


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scope": "future"}, "scope must be meeting, upcoming or all"),
        ({"lang": "de"}, "lang must be sv or en"),
        ({"method": "REQUEST"}, "has no option 'method'"),
    ],
)
def test_bad_options_raise_option_error(
    invite_meeting: Meeting, options: dict[str, str], message: str
) -> None:
    with pytest.raises(OptionError, match=message):
        exporter.export(invite_meeting, **options)


def test_language_option(invite_meeting: Meeting) -> None:
    swedish = Calendar.from_ical(exporter.export(invite_meeting))
    english = Calendar.from_ical(exporter.export(invite_meeting, lang="en"))
    cancelled_uid = upcoming_uids(invite_meeting)[4]
    assert str(by_uid(swedish)[cancelled_uid]["SUMMARY"]) == "INSTÄLLT: Kommunchefsgruppen"
    assert str(by_uid(english)[cancelled_uid]["SUMMARY"]) == "CANCELLED: Kommunchefsgruppen"
    own = meeting_uid(invite_meeting)
    assert "Dagordning:" in str(by_uid(swedish)[own]["DESCRIPTION"])
    assert "Agenda:" in str(by_uid(english)[own]["DESCRIPTION"])
    assert "Present: Gunnel Rydberg" in str(by_uid(english)[own]["DESCRIPTION"])
    assert "7 December 2026" in str(by_uid(english)[cancelled_uid]["DESCRIPTION"])


def test_uids_are_stable_and_distinct(invite_meeting: Meeting) -> None:
    uids = upcoming_uids(invite_meeting)
    assert uids == [
        "kommunchefsgruppen.gr.20261023@kommunchef.goteborgsregionen.se",
        "kcg-2026-10-26@kommunchef.goteborgsregionen.se",  # the explicit id
        "kommunchefsgruppen.gr.20261111@kommunchef.goteborgsregionen.se",
        "kommunchefsgruppen.gr.20261120@kommunchef.goteborgsregionen.se",
        "kommunchefsgruppen.gr.20261207@kommunchef.goteborgsregionen.se",
    ]
    # Edits that are not the date or id keep every UID: clients then update, not duplicate.
    edited = attrs.evolve(
        invite_meeting,
        revision=7,
        location="Någon annanstans",
        upcoming=tuple(
            attrs.evolve(u, title=u.title + " (ändrad)", location="Ny plats", cancelled=True)
            for u in invite_meeting.upcoming
        ),
    )
    assert upcoming_uids(edited) == uids
    assert (
        by_uid(Calendar.from_ical(exporter.export(edited))).keys()
        == by_uid(Calendar.from_ical(exporter.export(invite_meeting))).keys()
    )


def test_two_upcoming_meetings_on_one_day_get_distinct_uids(invite_meeting: Meeting) -> None:
    day = dt.date(2027, 1, 8)
    meeting = attrs.evolve(
        invite_meeting,
        upcoming=(UpcomingMeeting(day, "Förmiddag"), UpcomingMeeting(day, "Eftermiddag")),
    )
    assert upcoming_uids(meeting) == [
        "kommunchefsgruppen.gr.20270108@kommunchef.goteborgsregionen.se",
        "kommunchefsgruppen.gr.20270108.2@kommunchef.goteborgsregionen.se",
    ]
    assert len(by_uid(Calendar.from_ical(exporter.export(meeting)))) == 3


def test_sequence_status_and_cancelled_summary(invite_meeting: Meeting, lint: Lint) -> None:
    found = by_uid(lint(exporter.export(invite_meeting)))
    uids = upcoming_uids(invite_meeting)
    for uid, upcoming in zip(uids, invite_meeting.upcoming):
        event = found[uid]
        if upcoming.cancelled:
            assert str(event["STATUS"]) == "CANCELLED"
            assert event["SEQUENCE"] == sequence(invite_meeting, cancelled=True)
            assert str(event["SUMMARY"]).startswith("INSTÄLLT: ")
        else:
            assert str(event["STATUS"]) == "CONFIRMED"
            assert event["SEQUENCE"] == sequence(invite_meeting, cancelled=False)
            assert not str(event["SUMMARY"]).startswith("INSTÄLLT")
    cancelled = attrs.evolve(invite_meeting, status=MeetingStatus.CANCELLED, present=())
    own = by_uid(lint(exporter.export(cancelled, scope="meeting")))[meeting_uid(cancelled)]
    assert str(own["STATUS"]) == "CANCELLED"
    assert own["SEQUENCE"] == sequence(cancelled, cancelled=False) + 1
    assert str(own["SUMMARY"]) == "INSTÄLLT: Kommunchefsgruppen"


def test_stamp_is_the_meetings_day_in_utc(invite_meeting: Meeting) -> None:
    stamp = file_stamp(invite_meeting)
    assert stamp == dt.datetime(2026, 10, 15, 22, 0, tzinfo=dt.UTC)  # 00:00 CEST
    assert file_stamp(attrs.evolve(invite_meeting, date=dt.date(2026, 12, 1))) == dt.datetime(
        2026, 11, 30, 23, 0, tzinfo=dt.UTC
    )
    for event in events(Calendar.from_ical(exporter.export(invite_meeting))):
        assert event.decoded("DTSTAMP") == stamp
    assert b"DTSTAMP:20261015T220000Z\r\n" in exporter.export(invite_meeting)


def test_times_and_all_day_events(invite_meeting: Meeting, lint: Lint) -> None:
    data = exporter.export(invite_meeting)
    found = by_uid(lint(data))
    uids = upcoming_uids(invite_meeting)
    stockholm = ZoneInfo("Europe/Stockholm")
    friday = found[uids[0]]
    assert friday.decoded("DTSTART") == dt.datetime(2026, 10, 23, 9, tzinfo=stockholm)
    assert friday.decoded("DTSTART").astimezone(dt.UTC).hour == 7
    monday = found[uids[1]]
    assert monday.decoded("DTSTART").astimezone(dt.UTC).hour == 8
    assert b"DTSTART;TZID=Europe/Stockholm:20261026T090000\r\n" in data
    assert b"DTEND;TZID=Europe/Stockholm:20261026T110000\r\n" in data
    lunch = found[uids[2]]
    assert (lunch.decoded("DTSTART"), lunch.decoded("DTEND")) == (
        dt.date(2026, 11, 11),
        dt.date(2026, 11, 13),
    )
    start_only = found[uids[3]]
    assert start_only.decoded("DTSTART") == dt.datetime(2026, 11, 20, 13, tzinfo=stockholm)
    assert "DTEND" not in start_only
    assert "DURATION" not in start_only
    own = found[meeting_uid(invite_meeting)]
    assert own.decoded("DTEND") == dt.datetime(2026, 10, 16, 12, tzinfo=stockholm)


def test_several_days_with_a_start_but_no_end_are_all_day(invite_meeting: Meeting) -> None:
    upcoming = UpcomingMeeting(
        dt.date(2027, 3, 4), "Konferens", end_date=dt.date(2027, 3, 5), start_time=dt.time(10)
    )
    meeting = attrs.evolve(invite_meeting, upcoming=(upcoming,))
    (event,) = events(Calendar.from_ical(exporter.export(meeting, scope="upcoming")))
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.date(2027, 3, 4),
        dt.date(2027, 3, 6),
    )
    assert "4–5 mars 2027, 10.00" in str(event["DESCRIPTION"])


def test_multi_day_timed_meeting_ends_on_its_last_day(invite_meeting: Meeting, lint: Lint) -> None:
    upcoming = UpcomingMeeting(
        dt.date(2027, 3, 27),
        "Över omställningen till sommartid",
        end_date=dt.date(2027, 3, 29),
        start_time=dt.time(12),
        end_time=dt.time(12),
    )
    meeting = attrs.evolve(invite_meeting, upcoming=(upcoming,))
    data = exporter.export(meeting, scope="upcoming")
    (event,) = events(lint(data))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.utcoffset(), end.utcoffset()) == (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert end - start == dt.timedelta(days=2)  # wall clock; one hour less in absolute time


def test_one_rule_based_vtimezone_before_the_events(invite_meeting: Meeting, lint: Lint) -> None:
    data = exporter.export(invite_meeting)
    calendar = lint(data)
    names = [component.name for component in calendar.subcomponents]
    assert names == ["VTIMEZONE"] + ["VEVENT"] * 6
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    (timezone,) = calendar.walk("VTIMEZONE")
    assert "RDATE" not in timezone.to_ical().decode()
    text = timezone.to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert stockholm_timezone() is stockholm_timezone()  # built once per process


def test_vtimezone_offsets_equal_zoneinfo_at_every_event(
    invite_meeting: Meeting, offsets: Callable[[bytes], int]
) -> None:
    # The meeting and three upcoming meetings with start and end, one with a start only.
    assert offsets(exporter.export(invite_meeting)) == 9


def test_vtimezone_offsets_equal_zoneinfo_across_years() -> None:
    zone = ZoneInfo("Europe/Stockholm")
    parsed = Timezone.from_ical(stockholm_timezone().to_ical())
    assert isinstance(parsed, Timezone)
    rules = parsed.to_tz(lookup_tzid=False)  # from the rules alone, not the tz database
    compared = 0
    for year in range(1996, 2041):
        # Around both changes (skipping the hour that does not exist in spring) and midyear.
        march_end = max(
            dt.date(year, 3, d) for d in range(25, 32) if dt.date(year, 3, d).weekday() == 6
        )
        october_end = max(
            dt.date(year, 10, d) for d in range(25, 32) if dt.date(year, 10, d).weekday() == 6
        )
        moments = [dt.datetime(year, 1, 15, 12), dt.datetime(year, 7, 1, 12)]
        for day in (march_end, october_end):
            for hour in (0, 1, 3, 4, 23):
                moments.append(dt.datetime.combine(day, dt.time(hour)))
            moments.append(dt.datetime.combine(day - dt.timedelta(days=1), dt.time(23)))
            moments.append(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9)))
        for moment in moments:
            assert (
                moment.replace(tzinfo=rules).utcoffset() == moment.replace(tzinfo=zone).utcoffset()
            ), moment
            compared += 1
    assert compared == 45 * 16


def test_hostile_text_cannot_add_properties(invite_meeting: Meeting, parse: Parse) -> None:
    """Hostile names and titles round-trip unchanged and every event has the same properties
    as the same meeting with plain text."""
    plain = attrs.evolve(
        invite_meeting,
        agenda=tuple(attrs.evolve(item, title="Titel") for item in invite_meeting.agenda),
        present=tuple(
            attrs.evolve(p, name=f"Person {i}") for i, p in enumerate(invite_meeting.present)
        ),
        location="Plats",
        upcoming=tuple(
            attrs.evolve(u, title="Titel", location="Plats" if u.location else None)
            for u in invite_meeting.upcoming
        ),
    )
    hostile_data = exporter.export(invite_meeting)
    plain_data = exporter.export(plain)
    hostile, plain_calendar = Calendar.from_ical(hostile_data), Calendar.from_ical(plain_data)

    def shape(calendar: Calendar) -> list[tuple[str, list[str]]]:
        return [(str(c.name), sorted(c.keys())) for c in calendar.walk()]

    assert shape(hostile) == shape(plain_calendar)
    assert hostile_data.count(b"\r\n") - plain_data.count(b"\r\n") == (
        hostile_data.count(b"\r\n ") - plain_data.count(b"\r\n ")
    ), "hostile text may add folded continuation lines only"
    found = by_uid(hostile)
    uids = upcoming_uids(invite_meeting)
    assert str(found[uids[1]]["SUMMARY"]) == invite_meeting.upcoming[1].title
    assert str(found[uids[0]]["LOCATION"]) == "GR; sal 1, plan 2"
    assert invite_meeting.upcoming[1].title in str(found[uids[1]]["SUMMARY"])
    vobject_calendar, stream = parse(hostile_data)
    titles = {event.summary.value for event in vobject_calendar.vevent_list}
    assert invite_meeting.upcoming[1].title in titles
    assert invite_meeting.upcoming[1].title in {event.summary for event in stream.events}


def test_library_hostile_meeting_keeps_its_shape(lint: Lint, parse: Parse) -> None:
    from kommunchef.testing import HOSTILE_TEXTS, hostile_meeting

    meeting = hostile_meeting()
    data = exporter.export(meeting)
    calendar = lint(data)
    parse(data)
    for event in events(calendar):
        assert not {str(key) for key in event} - {
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SEQUENCE",
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "STATUS",
        }
        assert not event.subcomponents
    description = str(by_uid(calendar)[meeting_uid(meeting)]["DESCRIPTION"])
    for text in HOSTILE_TEXTS:
        assert text in description
    summaries = [str(event["SUMMARY"]) for event in events(calendar)]
    assert summaries == [meeting.body, HOSTILE_TEXTS[2], f"INSTÄLLT: {HOSTILE_TEXTS[0]}"]
