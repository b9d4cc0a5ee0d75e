"""A real CalDAV server: Radicale on 127.0.0.1 accepts every event by raw PUT and finds the
meetings in the right UTC windows across the October change to standard time."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from icalendar import Calendar, Component
from kommunchef_ical import exporter
from kommunchef_ical.calendar import PRODID, meeting_uid, upcoming_uids
from pytest_kommunchef import require_client, skip_or_fail

import kommunchef
from kommunchef.identity import sequence
from kommunchef.model import Meeting

COLLECTION = "/kommunchef/kcg/"
DAV = "{DAV:}"


class Radicale:
    """A Radicale server started for the tests, spoken to with raw HTTP."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        # Radicale with auth "none" takes the user from Basic auth without checking it.
        token = base64.b64encode(b"kommunchef:-").decode("ascii")
        self.headers = {"Authorization": f"Basic {token}"}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def put(self, name: str, data: bytes) -> int:
        status, _ = self.request(
            "PUT",
            COLLECTION + name,
            data,
            {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
        )
        return status

    def search(self, start: str, end: str) -> set[str]:
        """The resources with an event overlapping [start, end) (UTC, 20261026T080000Z)."""
        query = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
        status, body = self.request(
            "REPORT",
            COLLECTION,
            query,
            {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        )
        assert status == 207, body
        hrefs = {element.text or "" for element in ET.fromstring(body).iter(f"{DAV}href")}
        return {href.rsplit("/", 1)[-1] for href in hrefs}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    require_client(sys.executable, "Radicale runs in the test's own Python")
    try:
        import radicale  # noqa: F401
    except ImportError:
        skip_or_fail("Radicale is not installed (pip install radicale)")
    folder = tmp_path_factory.mktemp("radicale")
    log = (folder / "radicale.log").open("wb")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Radicale(port, folder / "radicale.log")
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"Radicale stopped: {(folder / 'radicale.log').read_text()[-2000:]}")
            try:
                status, _ = server.request("PROPFIND", "/", headers={"Depth": "0"})
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Radicale did not answer within 30 seconds")
                time.sleep(0.1)
                continue
            assert status == 207
            break
        status, body = server.request("MKCALENDAR", COLLECTION)
        assert status == 201, body
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def split(data: bytes) -> dict[str, bytes]:
    """One resource per event: the VTIMEZONE (when timed) and one VEVENT, no METHOD."""
    calendar = Calendar.from_ical(data)
    assert "METHOD" not in calendar
    timezones = list(calendar.walk("VTIMEZONE"))
    resources = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        parts: list[Component] = []
        if isinstance(event.decoded("DTSTART"), dt.datetime):
            parts.extend(timezones)
        parts.append(event)
        single = Calendar.new(prodid=PRODID, uid=f"{uid}.resource", subcomponents=parts)
        assert single.get_missing_tzids() == set()
        resources[quote(uid, safe="") + ".ics"] = single.to_ical()
    return resources


def example_meetings() -> list[Meeting]:
    """The invite-ready example, when the repository has it."""
    path = Path(__file__).resolve().parents[3] / "examples" / "invite-2026-12.json"
    return [kommunchef.load(path)] if path.exists() else []


@pytest.fixture(scope="module")
def stored(radicale: Radicale, invite_meeting: Meeting, seed: Meeting) -> dict[str, bytes]:
    resources = {}
    for meeting in (invite_meeting, seed, *example_meetings()):
        resources.update(split(exporter.export(meeting)))
    for name, data in resources.items():
        assert radicale.put(name, data) == 201, name
    return resources


def name_of(uid: str) -> str:
    return quote(uid, safe="") + ".ics"


def test_every_event_is_accepted_by_raw_put(stored: dict[str, bytes], seed: Meeting) -> None:
    examples = sum(1 + len(meeting.upcoming) for meeting in example_meetings())
    assert len(stored) == 6 + 2 + examples
    assert name_of(upcoming_uids(seed)[0]) in stored


def test_example_after_the_spring_change(radicale: Radicale, stored: dict[str, bytes]) -> None:
    if not example_meetings():
        pytest.skip("examples/invite-2026-12.json is not in the repository yet")
    # 29 March 2027, 12:00 summer time = 10:00 UTC (the change was on Sunday the 28th).
    lunch = name_of("kcg-2027-03-29@kommunchef.goteborgsregionen.se")
    assert lunch in radicale.search("20270329T100000Z", "20270329T100100Z")
    assert lunch not in radicale.search("20270329T090000Z", "20270329T100000Z")


def test_the_server_refuses_a_broken_resource(radicale: Radicale, stored: dict[str, bytes]) -> None:
    # A control, so that the 201s above mean something: two UIDs in one resource.
    first, second = list(stored.values())[:2]
    both = Calendar.from_ical(first)
    for event in Calendar.from_ical(second).walk("VEVENT"):
        both.add_component(event)
    assert radicale.put("two-uids.ics", both.to_ical()) >= 400


def test_time_range_finds_meetings_in_the_right_utc_window(
    radicale: Radicale, stored: dict[str, bytes], invite_meeting: Meeting
) -> None:
    uids = [name_of(uid) for uid in upcoming_uids(invite_meeting)]
    friday, monday = uids[0], uids[1]
    # Friday 23 October 2026, 09:00 summer time = 07:00 UTC.
    assert friday in radicale.search("20261023T070000Z", "20261023T070100Z")
    assert friday not in radicale.search("20261023T060000Z", "20261023T070000Z")
    # Monday 26 October 2026, after the change: 09:00 standard time = 08:00 UTC.
    assert monday in radicale.search("20261026T080000Z", "20261026T080100Z")
    assert monday not in radicale.search("20261026T070000Z", "20261026T080000Z")
    assert monday in radicale.search("20261026T095900Z", "20261026T100000Z")  # 11:00 = 10:00Z
    assert monday not in radicale.search("20261026T100000Z", "20261026T110000Z")
    # The meeting itself, 16 October, 09:00-12:00 summer time = 07:00-10:00 UTC.
    own = name_of(meeting_uid(invite_meeting))
    assert own in radicale.search("20261016T095900Z", "20261016T100000Z")
    assert own not in radicale.search("20261016T100000Z", "20261016T110000Z")
    # The two-day all-day meeting covers 11 and 12 November, not the 13th.
    lunch = uids[2]
    assert lunch in radicale.search("20261112T120000Z", "20261112T130000Z")
    assert lunch not in radicale.search("20261113T120000Z", "20261113T130000Z")


def test_cancelled_meeting_reads_back_as_cancelled(
    radicale: Radicale, stored: dict[str, bytes], invite_meeting: Meeting
) -> None:
    status, body = radicale.request("GET", COLLECTION + name_of(upcoming_uids(invite_meeting)[4]))
    assert status == 200
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("INSTÄLLT: ")
    assert event["SEQUENCE"] == sequence(invite_meeting, cancelled=True)


def test_stored_events_keep_their_content(radicale: Radicale, stored: dict[str, bytes]) -> None:
    for name, data in stored.items():
        status, body = radicale.request("GET", COLLECTION + name)
        assert status == 200
        (sent,) = Calendar.from_ical(data).walk("VEVENT")
        (back,) = Calendar.from_ical(body).walk("VEVENT")
        for key in ("UID", "SUMMARY", "DESCRIPTION", "DTSTART", "SEQUENCE"):
            if key in sent:
                assert back.decoded(key) == sent.decoded(key), (name, key)


def test_server_log_shows_no_errors(radicale: Radicale, stored: dict[str, bytes]) -> None:
    text = radicale.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text[-2000:]
    assert "ERROR" not in text, text[-2000:]
