"""Invitations that cannot be hijacked, and sends that cannot be silently lost."""

from __future__ import annotations

import datetime as dt
import email
import email.message
import json
import socket
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import attrs
import pytest
from kommunchef_ical.invite import (
    InviteError,
    build_invites,
    main,
    parse_organizer,
    send_invites,
    verify_headers,
)
from pytest_kommunchef import skip_or_fail

import kommunchef
from kommunchef.model import Meeting, Person

NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
ORGANIZER = parse_organizer("Gunnel Rydberg <gunnel.rydberg@example.org>")


def _headers(invite: Any) -> email.message.EmailMessage:
    parsed = email.message_from_bytes(invite.as_bytes(), policy=policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def test_an_encoded_word_in_a_title_cannot_add_a_header(invite_meeting: Meeting) -> None:
    title = "Möte =?utf-8?q?x=0D=0ABcc:_evil@x.org?="
    upcoming = attrs.evolve(invite_meeting.upcoming[0], title=title)
    meeting = attrs.evolve(invite_meeting, upcoming=(upcoming, *invite_meeting.upcoming[1:]))
    invite = build_invites(meeting, ORGANIZER, now=NOW)[0]
    head = invite.as_bytes().split(b"\r\n\r\n")[0]
    assert b"\nBcc:" not in head
    parsed = _headers(invite)
    assert parsed.get_all("bcc") is None
    assert title in str(parsed["Subject"])


def test_a_long_display_name_cannot_add_a_recipient(invite_meeting: Meeting) -> None:
    name = "A" * 70 + " <evil@attacker.example>, Bob"
    hostile = Person(name=name, email="bob@example.org")
    meeting = attrs.evolve(invite_meeting, present=(*invite_meeting.present, hostile))
    for invite in build_invites(meeting, ORGANIZER, now=NOW):
        addresses = [(a.display_name, a.addr_spec) for a in _headers(invite)["To"].addresses]
        assert "evil@attacker.example" not in {spec for _, spec in addresses}
        # Python's parser puts a space between two encoded words; mail readers do not.
        unspaced = {("".join(shown.split()), spec) for shown, spec in addresses}
        assert ("".join(name.split()), "bob@example.org") in unspaced


def test_names_with_letters_outside_ascii_keep_every_recipient(invite_meeting: Meeting) -> None:
    # Python's own folding once encoded the comma between two such addresses, losing one.
    people = (
        Person(name="Kommunchefsgruppen regionen åtgärd", email="person0@example.org"),
        Person(name="Kommunchefsgruppen", email="person1@example.org"),
    )
    meeting = attrs.evolve(invite_meeting, present=people, absent=(), guests=())
    (invite, *_) = build_invites(meeting, ORGANIZER, now=NOW)
    addresses = [(a.display_name, a.addr_spec) for a in _headers(invite)["To"].addresses]
    assert addresses == [(p.name, p.email) for p in people]


def test_a_message_whose_headers_change_meaning_is_refused(invite_meeting: Meeting) -> None:
    (invite, *_) = build_invites(invite_meeting, ORGANIZER, now=NOW)
    invite.message.set_raw("Bcc", "evil@x.org")
    with pytest.raises(InviteError, match="Bcc header appears"):
        verify_headers(
            invite.message,
            ORGANIZER,
            _headers(invite)["To"].addresses,
            str(invite.message["Subject"]),
        )


def test_ordinary_names_and_titles_pass_the_check(invite_meeting: Meeting) -> None:
    invites = build_invites(invite_meeting, ORGANIZER, now=NOW)
    assert invites
    assert all(b"\r\nBcc:" not in invite.as_bytes() for invite in invites)


class RefusingCollector:
    """An SMTP handler that refuses one recipient (550) and keeps what it accepts."""

    def __init__(self, refuse: str) -> None:
        self.refuse = refuse
        self.received: list[list[str]] = []

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == self.refuse:
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def refusing_server(invite_meeting: Meeting) -> Iterator[tuple[RefusingCollector, int]]:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        skip_or_fail("aiosmtpd is not installed (pip install aiosmtpd)")
        raise
    meeting = invite_meeting
    refused = next(p.email for p in meeting.present if p.email and p.name != ORGANIZER.display_name)
    assert refused is not None
    collector = RefusingCollector(refused)
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


def test_a_refused_recipient_is_reported_and_not_lost(
    refusing_server: tuple[RefusingCollector, int], invite_meeting: Meeting
) -> None:
    collector, port = refusing_server
    invites = build_invites(invite_meeting, ORGANIZER, now=NOW)
    deliveries = send_invites(invites, host="127.0.0.1", port=port)
    assert len(deliveries) == len(invites)
    for delivery in deliveries:
        assert [address for address, _ in delivery.refused] == [collector.refuse]
        assert "550" in delivery.refused[0][1]
        assert collector.refuse not in delivery.delivered
    assert len(collector.received) == len(invites)


def test_the_command_fails_and_a_rerun_sends_only_what_is_missing(
    refusing_server: tuple[RefusingCollector, int],
    invite_meeting: Meeting,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    collector, port = refusing_server
    meeting_file = tmp_path / "meeting.json"
    meeting_file.write_text(kommunchef.dumps(invite_meeting), "utf-8")
    status = tmp_path / "sent.json"
    arguments = [
        str(meeting_file),
        "--organizer",
        "Gunnel Rydberg <gunnel.rydberg@example.org>",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--status",
        str(status),
    ]
    assert main(arguments) == 1
    captured = capsys.readouterr()
    assert f"NOT delivered to {collector.refuse}: 550" in captured.out
    assert "failed" in captured.err
    assert captured.err[-1] == "\n"
    assert captured.err.count("\n") == 1
    first_round = len(collector.received)
    recorded = json.loads(status.read_text("utf-8"))["delivered"]
    assert all(collector.refuse not in addresses for addresses in recorded.values())

    # The server now accepts everyone: the second run sends only to the one who was refused.
    collector.refuse = "nobody@nowhere.invalid"
    assert main(arguments) == 0
    resent = collector.received[first_round:]
    assert resent
    assert all(recipients == [resent[0][0]] for recipients in resent)
    assert main(arguments) == 0  # everything delivered: nothing more is sent
    assert len(collector.received) == first_round + len(resent)


def test_a_server_that_is_gone_is_one_clear_error(invite_meeting: Meeting) -> None:
    invites = build_invites(invite_meeting, ORGANIZER, now=NOW)
    with pytest.raises(InviteError, match="failed"):
        send_invites(invites, host="127.0.0.1", port=_free_port(), timeout=5)
