"""A meeting's outline is built once per calendar, and events are the same whoever builds them."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from kommunchef_ical import build_calendar, build_series_calendar, file_stamp
from kommunchef_ical import calendar as calendar_module
from kommunchef_ical.calendar import meeting_event, meeting_uid, upcoming_event, upcoming_uids

import kommunchef
from kommunchef.document import Outline, outline
from kommunchef.model import Language, Meeting, UpcomingMeeting
from kommunchef.testing import meetings


@pytest.fixture
def outlines_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of each meeting an outline is built for by the calendar module."""
    built: list[str] = []

    def counting(meeting: Meeting, language: Language | None = None) -> Outline:
        built.append(meeting.id)
        return outline(meeting, language)

    monkeypatch.setattr(calendar_module, "outline", counting)
    return built


def with_upcoming(meeting: Meeting, count: int) -> Meeting:
    upcoming = tuple(
        UpcomingMeeting(meeting.date + dt.timedelta(days=7 * (n + 1)), f"Möte {n}")
        for n in range(count)
    )
    return attrs.evolve(meeting, upcoming=upcoming)


def test_one_outline_per_calendar(seed: Meeting, outlines_built: list[str]) -> None:
    meeting = with_upcoming(seed, 5)
    data = build_calendar(meeting).to_ical()
    assert data.count(b"BEGIN:VEVENT") == 6
    assert outlines_built == [meeting.id]
    outlines_built.clear()
    for scope in ("meeting", "upcoming"):
        build_calendar(meeting, scope=scope)
    assert outlines_built == [meeting.id, meeting.id]


def test_one_outline_per_document_of_a_series(seed: Meeting, outlines_built: list[str]) -> None:
    documents = [
        attrs.evolve(with_upcoming(seed, 3), id=f"kcg-{n}", date=seed.date.replace(day=n))
        for n in (1, 2, 3)
    ]
    series = build_series_calendar(documents, name="kcg").to_ical()
    assert series.count(b"BEGIN:VEVENT") >= 3
    assert sorted(outlines_built) == ["kcg-1", "kcg-2", "kcg-3"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(max_items=2))
def test_events_are_the_same_with_the_callers_outline_and_uid(meeting: Meeting) -> None:
    stamp = file_stamp(meeting)
    for language in Language:
        document = kommunchef.outline(meeting, language)
        alone = meeting_event(meeting, language, stamp=stamp)
        given_ = meeting_event(
            meeting, language, stamp=stamp, document=document, uid=meeting_uid(meeting)
        )
        assert given_.to_ical() == alone.to_ical()
        uids = upcoming_uids(meeting)
        for index in range(len(meeting.upcoming)):
            alone = upcoming_event(meeting, index, language, stamp=stamp)
            given_ = upcoming_event(
                meeting, index, language, stamp=stamp, document=document, uid=uids[index]
            )
            assert given_.to_ical() == alone.to_ical()


def test_a_given_uid_is_the_events(seed: Meeting) -> None:
    stamp = file_stamp(seed)
    event = meeting_event(seed, Language.SV, stamp=stamp, uid="x@example.org")
    assert event.uid == "x@example.org"
    event = upcoming_event(seed, 0, Language.SV, stamp=stamp, uid="y@example.org")
    assert event.uid == "y@example.org"
