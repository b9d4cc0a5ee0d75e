"""Shared checks for the iCalendar tests: a linter, independent parsers, libical, meetings.

The checks are handed to the tests as session fixtures (plain functions), because test
modules here are imported without a package and cannot import each other.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar, Component, Timezone
from pytest_kommunchef import require_client, skip_or_fail

import kommunchef
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    Meeting,
    Person,
    Recorder,
    UpcomingMeeting,
)

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "kcg-2021-10-08.json"
INVITE_EXAMPLE = ROOT / "examples" / "invite-2026-12.json"
HOSTILE_NAME = 'Åsa "Q"; Öberg: a,b \\ c'
HOSTILE_TITLE = 'Budget; plan, "2027": \\n <b>& ÅÄÖ'


# -- linting -----------------------------------------------------------------------------------


def lint_ics(data: bytes, *, method: str | None = None) -> Calendar:
    """Check what no parser checks, and the rules of this project; return the parsed calendar.

    CRLF line ends, lines of at most 75 octets, UTF-8, no missing TZID, exactly one VTIMEZONE
    before the events when a time is used, DTEND of DTSTART's type and later, UTC DTSTAMP,
    ``mailto:`` on ORGANIZER and ATTENDEE, and METHOD/ATTENDEE only in invitations.
    """
    assert data.endswith(b"\r\n"), "the calendar must end with CRLF"
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        assert b"\n" not in line, f"line {number} has a bare LF"
        assert b"\r" not in line, f"line {number} has a bare CR"
        assert len(line) <= 75, f"line {number} is {len(line)} octets: {line!r}"
    text = data.decode("utf-8")
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    assert calendar.get_missing_tzids() == set()
    components = list(calendar.subcomponents)
    events = [c for c in components if c.name == "VEVENT"]
    timezones = [i for i, c in enumerate(components) if c.name == "VTIMEZONE"]
    assert events, "a calendar needs at least one event"
    timed = any(_is_datetime(e, "DTSTART") for e in events)
    assert len(timezones) == (1 if timed else 0), "exactly one VTIMEZONE when a time is used"
    if timezones:
        assert str(components[timezones[0]]["TZID"]) == "Europe/Stockholm"
        first_event = min(i for i, c in enumerate(components) if c.name == "VEVENT")
        assert timezones[0] < first_event, "the VTIMEZONE must come before the events"
    if method is None:
        assert "METHOD" not in calendar, "a file or feed has no METHOD"
    else:
        assert str(calendar["METHOD"]) == method
    for event in events:
        _lint_event(event, method)
    inside: list[str] = []
    for raw in text.replace("\r\n ", "").split("\r\n"):  # unfolded content lines
        name, _, value = raw.partition(":")
        name = name.split(";", 1)[0]
        if name == "BEGIN":
            inside.append(value)
        elif name == "END":
            assert inside.pop() == value
        elif inside[-1:] == ["VEVENT"] and name in ("DTSTART", "DTEND") and "T" in value:
            assert "TZID=Europe/Stockholm" in raw, f"a floating or UTC event time: {raw}"
        elif inside[-1:] == ["VEVENT"] and name == "DTSTAMP":
            assert raw.startswith("DTSTAMP:"), f"DTSTAMP with parameters: {raw}"
            assert value.endswith("Z"), f"DTSTAMP not in UTC: {raw}"
    assert not inside
    return calendar


def _is_datetime(component: Component, name: str) -> bool:
    return name in component and isinstance(component.decoded(name), dt.datetime)


def _lint_event(event: Component, method: str | None) -> None:
    for required in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY", "STATUS"):
        assert required in event, f"an event without {required}"
    stamp = event.decoded("DTSTAMP")
    assert isinstance(stamp, dt.datetime)
    assert stamp.utcoffset() == dt.timedelta(0), "DTSTAMP must be in UTC"
    assert not ("DTEND" in event and "DURATION" in event)
    start = event.decoded("DTSTART")
    if isinstance(start, dt.datetime):
        assert start.tzinfo is not None
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    if "DTEND" in event:
        end = event.decoded("DTEND")
        assert type(end) is type(start), "DTEND must have DTSTART's value type"
        assert end > start, "DTEND must be after DTSTART"
    status = str(event["STATUS"])
    assert status in ("CONFIRMED", "CANCELLED")
    summary = str(event["SUMMARY"])
    if status == "CANCELLED":
        assert summary.startswith(("INSTÄLLT: ", "CANCELLED: "))
    for name in ("ORGANIZER", "ATTENDEE"):
        values = event.get(name, [])
        for value in values if isinstance(values, list) else [values]:
            assert str(value).startswith("mailto:"), f"{name} {value!r} is not a mailto: URI"
    attendees = event.get("ATTENDEE", [])
    if method is None:
        assert not attendees, "a file or feed has no ATTENDEE"
        assert "ORGANIZER" not in event
    else:
        assert "ORGANIZER" in event
        assert event["ORGANIZER"].params.get("CN")
        assert attendees, "an invitation needs attendees"
        expected_status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
        assert status == expected_status


def parse_independently(data: bytes) -> tuple[Any, Any]:
    """Read the calendar with vobject (validating) and with the pydantic ``ical`` package."""
    text = data.decode("utf-8")
    components = list(vobject.readComponents(text, validate=True))
    assert len(components) == 1
    components[0].validate(raiseException=True)
    stream = IcsCalendarStream.calendar_from_ics(text)
    icalendar_events = list(Calendar.from_ical(text).walk("VEVENT"))
    assert len(stream.events) == len(icalendar_events)
    assert len(components[0].contents.get("vevent", [])) == len(icalendar_events)
    return components[0], stream


def check_offsets(data: bytes) -> int:
    """Every event time's UTC offset under the file's own VTIMEZONE equals zoneinfo's.

    The VTIMEZONE is read by vobject (independently of icalendar) and by icalendar without
    its tz-database lookup, so that only the rules in the file count. Returns how many times
    were compared.
    """
    text = data.decode("utf-8")
    calendar = Calendar.from_ical(text)
    timezones = list(calendar.walk("VTIMEZONE"))
    if not timezones:
        return 0
    (timezone,) = timezones
    assert isinstance(timezone, Timezone)
    from_vobject = vobject.readOne(text).vtimezone.gettzinfo()
    from_icalendar = timezone.to_tz(lookup_tzid=False)
    zone = ZoneInfo("Europe/Stockholm")
    compared = 0
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            if not _is_datetime(event, name):
                continue
            wall = event.decoded(name).replace(tzinfo=None)
            expected = wall.replace(tzinfo=zone).utcoffset()
            assert wall.replace(tzinfo=from_vobject).utcoffset() == expected, (name, wall)
            assert wall.replace(tzinfo=from_icalendar).utcoffset() == expected, (name, wall)
            compared += 1
    return compared


# -- libical through the system Python ---------------------------------------------------------

LIBICAL_SCRIPT = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib
results = []
for text in json.load(sys.stdin):
    component = ICalGLib.Parser.parse_string(text)
    if component is None:
        results.append({"parsed": False})
        continue
    parse_errors = component.count_errors()
    passed = bool(component.check_restrictions())
    after = component.as_ical_string()
    errors = [line for line in after.replace("\r\n ", "").splitlines() if line.startswith("X-LIC-ERROR")]
    results.append({"parsed": True, "parse_errors": parse_errors, "passed": passed, "errors": errors})
print(json.dumps(results))
"""


def _libical(texts: list[str]) -> list[dict[str, Any]]:
    python = require_client("/usr/bin/python3", "libical is used through the system Python")
    probe = subprocess.run(
        [
            python,
            "-c",
            "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        skip_or_fail(
            f"libical's GObject bindings are missing (apt-get install gir1.2-ical-3.0 "
            f"python3-gi): {last}"
        )
    done = subprocess.run(
        [python, "-c", LIBICAL_SCRIPT],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


# -- meetings ----------------------------------------------------------------------------------


def build_invite_meeting() -> Meeting:
    """A meeting ready for invitations: e-mail addresses, times on both sides of the October
    2026 change to standard time, an all-day range, a start without an end, an explicit id, a
    cancelled meeting, and a hostile name and title."""
    recorder = Person("Gunnel Rydberg", "GR", "förbundssekreterare", "gunnel.rydberg@example.org")
    return Meeting(
        id="kcg-2026-10-16",
        date=dt.date(2026, 10, 16),
        start=dt.datetime(2026, 10, 16, 9, 0, tzinfo=STOCKHOLM),
        end=dt.datetime(2026, 10, 16, 12, 0, tzinfo=STOCKHOLM),
        location="Göteborgsregionen, Anders Personsgatan 8",
        url="https://goteborgsregionen.se/kcg",
        revision=2,
        present=(
            recorder,
            Person("Maria Reinholdsson", "Ale", email="maria.reinholdsson@example.org"),
            Person(HOSTILE_NAME, "Partille", email="asa.oberg@example.org"),
            Person("Malin Krantz", "Lilla Edet"),
        ),
        absent=(Person("Magnus Sigfusson", "GBG", email="magnus.sigfusson@example.org"),),
        guests=(Person("Ann-Sofi Lodin", "VGR", "regiondirektör", "ann-sofi.lodin@example.org"),),
        agenda=(
            AgendaItem(1, HOSTILE_TITLE),
            AgendaItem(2, "Övriga frågor och kommande möten"),
        ),
        recorded_by=Recorder("Gunnel Rydberg", "förbundssekreterare"),
        upcoming=(
            # Friday before the change: summer time, 09:00 = 07:00Z.
            UpcomingMeeting(
                dt.date(2026, 10, 23),
                "Kommunchefsgruppen",
                start_time=dt.time(9),
                end_time=dt.time(12),
                location="GR; sal 1, plan 2",
            ),
            # Monday after the last Sunday of October: standard time, 09:00 = 08:00Z.
            UpcomingMeeting(
                dt.date(2026, 10, 26),
                HOSTILE_TITLE,
                start_time=dt.time(9),
                end_time=dt.time(11),
                id="kcg-2026-10-26",
            ),
            UpcomingMeeting(
                dt.date(2026, 11, 11),
                "Kommunchefsgruppens lunch till lunch-möte",
                end_date=dt.date(2026, 11, 12),
                location="Stenungsbaden",
            ),
            UpcomingMeeting(dt.date(2026, 11, 20), "Kommunchefsgruppen", start_time=dt.time(13)),
            UpcomingMeeting(
                dt.date(2026, 12, 7),
                "Kommunchefsgruppen",
                start_time=dt.time(9),
                end_time=dt.time(12),
                cancelled=True,
                note="Mötet ställs in: se nästa möte.",
            ),
        ),
    )


@pytest.fixture(scope="session")
def lint() -> Callable[..., Calendar]:
    return lint_ics


@pytest.fixture(scope="session")
def parse() -> Callable[[bytes], tuple[Any, Any]]:
    return parse_independently


@pytest.fixture(scope="session")
def offsets() -> Callable[[bytes], int]:
    return check_offsets


@pytest.fixture(scope="session")
def libical() -> Callable[[list[str]], list[dict[str, Any]]]:
    return _libical


@pytest.fixture(scope="session")
def invite_meeting() -> Meeting:
    return build_invite_meeting()


@pytest.fixture(scope="session")
def seed() -> Meeting:
    return kommunchef.load(SEED)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def invite_example() -> Path:
    """The invite-ready example file, when the repository has it."""
    if not INVITE_EXAMPLE.exists():
        pytest.skip(f"{INVITE_EXAMPLE.name} is not in examples/ yet")
    return INVITE_EXAMPLE
