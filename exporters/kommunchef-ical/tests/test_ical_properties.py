"""Conformance with the core's exporter check, and properties over generated meetings."""

from __future__ import annotations

import datetime as dt
import email
from collections.abc import Callable
from email import policy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from icalendar import Calendar
from kommunchef_ical import exporter
from kommunchef_ical.calendar import meeting_uid, upcoming_uids
from kommunchef_ical.invite import build_invites, parse_organizer

from kommunchef.identity import sequence
from kommunchef.model import Meeting
from kommunchef.testing import check_exporter, meetings

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_conformance(
    lint: Callable[..., Calendar],
    parse: Callable[[bytes], tuple[Any, Any]],
    offsets: Callable[[bytes], int],
) -> None:
    def check_output(meeting: Meeting, data: bytes) -> None:
        calendar = lint(data)
        parse(data)
        offsets(data)
        uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        assert uids == [meeting_uid(meeting), *upcoming_uids(meeting)]

    check_exporter(exporter, examples=25, check_output=check_output)


@SETTINGS
@given(meetings(max_items=3))
def test_every_scope_and_language_gives_a_valid_calendar(
    lint: Callable[..., Calendar],
    parse: Callable[[bytes], tuple[Any, Any]],
    offsets: Callable[[bytes], int],
    meeting: Meeting,
) -> None:
    for scope in ("meeting", "upcoming", "all"):
        if scope == "upcoming" and not meeting.upcoming:
            continue
        for lang in ("sv", "en"):
            data = exporter.export(meeting, scope=scope, lang=lang)
            calendar = lint(data)
            parse(data)
            offsets(data)
            uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
            assert len(uids) == len(set(uids))
            for event in calendar.walk("VEVENT"):
                assert int(str(event["SEQUENCE"])) - sequence(meeting, cancelled=False) in (0, 1)
    assert exporter.export(meeting) == exporter.export(meeting)


@SETTINGS
@given(meetings(max_items=2, emails=True))
def test_invites_for_generated_meetings_are_valid(
    lint: Callable[..., Calendar],
    parse: Callable[[bytes], tuple[Any, Any]],
    meeting: Meeting,
) -> None:
    organizer = parse_organizer("Kansliet på GR <kansli@goteborgsregionen.se>")
    members = [p for p in (*meeting.present, *meeting.absent) if p.email]
    assume(meeting.upcoming and members)
    now = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    invites = build_invites(meeting, organizer, now=now)
    assert [invite.uid for invite in invites] == upcoming_uids(meeting)
    for invite, upcoming in zip(invites, meeting.upcoming):
        assert invite.method == ("CANCEL" if upcoming.cancelled else "REQUEST")
        calendar = lint(invite.calendar, method=invite.method)
        parse(invite.calendar)
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTAMP") == now
        attendees = event.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert {str(a).removeprefix("mailto:") for a in attendees} == {p.email for p in members}
        message = email.message_from_bytes(invite.as_bytes(), policy=policy.default)
        parts = {part.get_content_type(): part for part in message.walk()}
        assert parts["text/calendar"].get_param("method") == invite.method
        assert parts["text/calendar"].get_content() == invite.calendar.decode("utf-8")
