"""``kommunchef invite --send`` against a local SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from kommunchef_ical.invite import PASSWORD_VARIABLE, main
from pytest_kommunchef import skip_or_fail

import kommunchef
from kommunchef.model import Meeting


class Collector:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def plain_text(message: email.message.Message) -> str:
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    text: str = body.get_content()
    return text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult

    good = (data.login, data.password) == (b"kansli", b"hemligt")
    # handled=False: the server itself answers "535" to a wrong password.
    return AuthResult(success=good, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, int]]:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        skip_or_fail("aiosmtpd is not installed (pip install aiosmtpd)")
        raise
    collector = Collector()
    port = _free_port()
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


@pytest.fixture
def meeting_file(tmp_path: Path, invite_meeting: Meeting) -> Path:
    path = tmp_path / "meeting.json"
    path.write_text(kommunchef.dumps(invite_meeting), encoding="utf-8")
    return path


def test_send_delivers_every_invitation(
    smtp_server: tuple[Collector, int],
    meeting_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    collector, port = smtp_server
    out = tmp_path / "out"
    argv = [str(meeting_file), "-o", str(out), "--send", "--smtp-host", "127.0.0.1"]
    assert main([*argv, "--smtp-port", str(port)]) == 0
    assert f"sent 5 invitations through 127.0.0.1:{port}" in capsys.readouterr().out
    assert len(collector.received) == 5
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    methods = []
    for sender, recipients, content in collector.received:
        assert sender == "gunnel.rydberg@example.org"
        assert sorted(recipients) == [
            "asa.oberg@example.org",
            "magnus.sigfusson@example.org",
            "maria.reinholdsson@example.org",
        ]
        message = email.message_from_bytes(content, policy=policy.default)
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        calendar = Calendar.from_ical(data)
        assert str(calendar["METHOD"]) == part.get_param("method")
        methods.append(str(part.get_param("method")))
        (event,) = calendar.walk("VEVENT")
        uid = str(event["UID"]).partition("@")[0]
        # The message sent is the one written to the file.
        saved = email.message_from_bytes(written[f"{uid}.eml"], policy=policy.default)
        assert saved["Message-ID"] == message["Message-ID"]
        assert plain_text(saved) == plain_text(message)
    assert sorted(methods) == ["CANCEL"] + ["REQUEST"] * 4


def test_send_with_login(
    smtp_server: tuple[Collector, int],
    meeting_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    collector, port = smtp_server
    argv = [
        str(meeting_file),
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--user",
        "kansli",
    ]
    monkeypatch.setenv(PASSWORD_VARIABLE, "fel")
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("kommunchef invite: error: the SMTP server")
    assert "refused the login" in err
    assert "fel" not in err.replace("refused", "")
    assert collector.received == []
    monkeypatch.setenv(PASSWORD_VARIABLE, "hemligt")
    assert main(argv) == 0
    assert len(collector.received) == 5


def test_starttls_that_the_server_lacks_is_a_clear_error(
    smtp_server: tuple[Collector, int], meeting_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collector, port = smtp_server
    argv = [str(meeting_file), "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    assert main([*argv, "--starttls"]) == 1
    err = capsys.readouterr().err
    assert "does not support" in err
    assert "STARTTLS" in err.upper()
    assert "Traceback" not in err
    assert collector.received == []


def test_no_server_is_a_clear_error(meeting_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = _free_port()  # nothing listens there
    argv = [str(meeting_file), "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kommunchef invite: error: sending through 127.0.0.1:{port} failed")
