"""Whole-meeting rules: every problem at once with severity, path and message."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from typing import Any

import attrs
import pytest

import kommunchef
from kommunchef import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    FollowUp,
    ListItem,
    Meeting,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.validation import Problem, has_errors

DAY = date(2021, 10, 8)


def _meeting(**changes: Any) -> Meeting:
    base = Meeting(
        id="kcg-2021-10-08",
        date=DAY,
        present=(Person("Maria Reinholdsson", "Ale"), Person("Gunnel Rydberg", "GR")),
        absent=(Person("Magnus Sigfusson", "GBG"),),
        agenda=(AgendaItem(1, "Första"), AgendaItem(2, "Andra")),
        recorded_by=Recorder("Gunnel Rydberg", "Förbundssekreterare"),
    )
    return attrs.evolve(base, **changes)


def _found(meeting: Meeting) -> set[tuple[str, str]]:
    return {(p.severity, p.path) for p in kommunchef.validate(meeting)}


def test_a_good_meeting_has_no_problems() -> None:
    assert kommunchef.validate(_meeting()) == []


def test_every_problem_at_once() -> None:
    meeting = _meeting(
        start=datetime(2021, 10, 8, 12, tzinfo=STOCKHOLM),
        end=datetime(2021, 10, 8, 9, tzinfo=STOCKHOLM),
        present=(
            Person("Maria Reinholdsson", "Ale"),
            Person("Magnus Sigfusson", "Götebrog"),
            Person("maria  reinholdsson", "Ale"),
        ),
        agenda=(AgendaItem(1, "Första"), AgendaItem(3, "Tredje")),
        upcoming=(UpcomingMeeting(date(2021, 9, 1), "Förra månaden"),),
        recorded_by=Recorder("Okänd Person"),
    )
    problems = kommunchef.validate(meeting)
    assert [str(p) for p in problems] == [
        "end: error: ends at 2021-10-08T09:00:00+02:00, not after the start 2021-10-08T12:00:00+02:00",
        "present[2]: error: maria  reinholdsson is listed twice (also at present[0])",
        "absent[0]: error: Magnus Sigfusson is listed both as present (present[1]) and absent",
        "present[1].organisation: error: unknown municipality 'Götebrog'; did you mean 'Göteborg'?",
        "agenda[1].number: error: agenda item 2 is numbered 3; items must be numbered 1, 2, 3 ... in order",
        "upcoming[0].date: error: 2021-09-01 is before the meeting (2021-10-08)",
        "recorded_by.name: warning: Okänd Person recorded the minutes but is not listed as present",
    ]
    assert has_errors(problems)


def test_names_written_with_decomposed_letters_are_the_same_names() -> None:
    # "Härryda" and "Björn" as macOS and some web pages write them: "a" + U+0308, "o" + U+0308.
    decomposed = unicodedata.normalize("NFD", "Härryda")
    bjorn = unicodedata.normalize("NFD", "Björn Ek")
    assert decomposed != "Härryda"
    meeting = _meeting(
        present=(Person("Björn Ek", decomposed), Person("Gunnel Rydberg", "GR")),
        agenda=(AgendaItem(1, "Första", presenters=(Person(bjorn),)), AgendaItem(2, "Andra")),
        recorded_by=Recorder(unicodedata.normalize("NFD", "Gunnel Rydberg")),
    )
    assert kommunchef.validate(meeting) == []
    twice = _meeting(present=(Person("Björn Ek", "Ale"), Person(bjorn, "Ale")))
    assert ("error", "present[1]") in _found(twice)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"start": datetime(2021, 10, 9, 9, tzinfo=STOCKHOLM)}, ("error", "start")),
        ({"start": None, "end": datetime(2021, 10, 8, 9, tzinfo=STOCKHOLM)}, ("error", "end")),
        ({"guests": (Person("Magnus Sigfusson", "GBG"),)}, ("error", "guests[0]")),
        ({"recorded_by": None}, ("warning", "recorded_by")),
        ({"present": ()}, ("warning", "present")),
        (
            {"agenda": (AgendaItem(1, "A", presenters=(Person("Magnus Sigfusson", "GBG"),)),)},
            ("error", "agenda[0].presenters[0]"),
        ),
        (
            {"agenda": (AgendaItem(1, "A", presenters=(Person("Ny Person", "VGR"),)),)},
            ("warning", "agenda[0].presenters[0]"),
        ),
        (
            {"agenda": (AgendaItem(1, "A", follow_ups=(FollowUp("x", due=date(2021, 1, 1)),)),)},
            ("error", "agenda[0].follow_ups[0].due"),
        ),
        (
            {"upcoming": (UpcomingMeeting(date(2021, 11, 12), "x", end_date=date(2021, 11, 11)),)},
            ("error", "upcoming[0].end_date"),
        ),
        (
            {"upcoming": (UpcomingMeeting(date(2021, 11, 12), "x", end_time=time(9)),)},
            ("error", "upcoming[0].end_time"),
        ),
        (
            {
                "upcoming": (
                    UpcomingMeeting(date(2021, 11, 12), "x", start_time=time(10), end_time=time(9)),
                )
            },
            ("error", "upcoming[0].end_time"),
        ),
        (
            {
                "upcoming": (
                    UpcomingMeeting(date(2021, 11, 12), "x", id="a"),
                    UpcomingMeeting(date(2021, 11, 13), "y", id="a"),
                )
            },
            ("error", "upcoming[1].id"),
        ),
        (
            {"upcoming": (UpcomingMeeting(date(2021, 11, 12), "x", id="kcg-2021-10-08"),)},
            ("error", "upcoming[0].id"),
        ),
        ({"status": kommunchef.MeetingStatus.CANCELLED}, ("warning", "status")),
    ],
)
def test_rules(changes: dict[str, object], expected: tuple[str, str]) -> None:
    assert expected in _found(_meeting(**changes))


def test_list_depth_is_limited() -> None:
    deep = BulletList(
        [
            ListItem(
                "1",
                BulletList(
                    [ListItem("2", BulletList([ListItem("3", BulletList([ListItem("4")]))]))]
                ),
            )
        ]
    )
    meeting = _meeting(agenda=(AgendaItem(1, "A", body=(deep,)), AgendaItem(2, "B")))
    assert (
        "error",
        "agenda[0].body[0].items[0].sublist.items[0].sublist.items[0].sublist",
    ) in _found(meeting)


def test_problem_prints_as_path_severity_message() -> None:
    assert str(Problem("warning", "recorded_by", "x")) == "recorded_by: warning: x"
    assert str(Problem("error", "", "x")) == "(meeting): error: x"


def test_export_refuses_a_meeting_with_errors() -> None:
    bad = _meeting(agenda=(AgendaItem(2, "Andra"),))
    with pytest.raises(kommunchef.ValidationError, match=r"agenda\[0\]\.number"):
        kommunchef.export(bad, "json")


def test_errors_are_remembered_per_meeting_object() -> None:
    import gc

    from kommunchef.validation import _ERRORS_OF, errors_of

    bad = _meeting(agenda=(AgendaItem(2, "Andra"),))
    first = errors_of(bad)
    assert [p.path for p in first] == ["agenda[0].number"]
    assert errors_of(bad) is first
    key = id(bad)
    del bad
    gc.collect()
    assert key not in _ERRORS_OF
