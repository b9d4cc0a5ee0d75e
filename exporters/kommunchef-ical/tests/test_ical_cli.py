"""``kommunchef invite``: the command's files, errors and usage (``main`` called directly)."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from collections.abc import Callable
from email import policy
from importlib import metadata
from pathlib import Path

import pytest
from icalendar import Calendar
from kommunchef_ical.invite import PASSWORD_VARIABLE, main

import kommunchef
from kommunchef.model import Meeting

Lint = Callable[..., Calendar]


@pytest.fixture
def meeting_file(tmp_path: Path, invite_meeting: Meeting) -> Path:
    path = tmp_path / "meeting.json"
    path.write_text(kommunchef.dumps(invite_meeting), encoding="utf-8")
    return path


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kommunchef invite: error: ")
    assert "Traceback" not in err
    return lines[0]


def test_registered_as_a_command() -> None:
    (entry_point,) = metadata.entry_points(group="kommunchef.commands", name="invite")
    assert entry_point.load() is main


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kommunchef invite")
    assert PASSWORD_VARIABLE in out
    assert "--organizer" in out
    assert "--send" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: FILE"),
        (["meeting.json"], "give -o OUTDIR, --send, or both"),
        (["meeting.json", "-o", "out", "--smtp-host", "h"], "need --send"),
        (["meeting.json", "--send"], "--send needs --smtp-host"),
        (["meeting.json", "--send", "--smtp-host", "h", "--smtp-port", "0"], "1-65535"),
        (["meeting.json", "-o", "out", "--lang", "de"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: kommunchef invite" in err
    assert message in err


def test_writes_one_eml_per_upcoming_meeting(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lint: Lint
) -> None:
    out = tmp_path / "out" / "invites"
    assert main([str(meeting_file), "-o", str(out)]) == 0  # organizer: the recorder
    written = sorted(out.iterdir())
    assert [p.name for p in written] == sorted(
        [
            "kommunchefsgruppen.gr.20261023.eml",
            "kcg-2026-10-26.eml",
            "kommunchefsgruppen.gr.20261111.eml",
            "kommunchefsgruppen.gr.20261120.eml",
            "kommunchefsgruppen.gr.20261207.eml",
        ]
    )
    assert capsys.readouterr().out.split() == [str(out / p.name) for p in _in_order(written)]
    for path in written:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        method = part.get_param("method")
        lint(part.get_payload(decode=True), method=method)
        assert method == ("CANCEL" if path.name.endswith("20261207.eml") else "REQUEST")
        assert message["From"].addresses[0].addr_spec == "gunnel.rydberg@example.org"
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file is left"


def _in_order(paths: list[Path]) -> list[Path]:
    order = ["20261023", "2026-10-26.eml", "20261111", "20261120", "20261207"]
    return sorted(paths, key=lambda p: next(i for i, key in enumerate(order) if key in p.name))


def test_refuses_to_overwrite_without_force(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main([str(meeting_file), "-o", str(out)]) == 0
    first = (out / "kcg-2026-10-26.eml").read_bytes()
    capsys.readouterr()
    assert main([str(meeting_file), "-o", str(out)]) == 1
    assert "exists; use --force" in error_line(capsys)
    assert (out / "kcg-2026-10-26.eml").read_bytes() == first
    assert main([str(meeting_file), "-o", str(out), "--force"]) == 0
    assert (out / "kcg-2026-10-26.eml").read_bytes() != first  # a new DTSTAMP and Message-ID


def test_organizer_and_options(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = [
        str(meeting_file),
        "-o",
        str(out),
        "--organizer",
        "Kansliet på GR <kansli@example.org>",
        "--include-guests",
        "--lang",
        "en",
    ]
    assert main(argv) == 0
    message = email.message_from_bytes(
        (out / "kommunchefsgruppen.gr.20261207.eml").read_bytes(), policy=policy.default
    )
    assert str(message["From"]) == "Kansliet på GR <kansli@example.org>"
    assert message["Subject"] == "CANCELLED: Kommunchefsgruppen, 7 December 2026"
    to = {a.addr_spec for a in message["To"].addresses}
    assert "ann-sofi.lodin@example.org" in to
    assert "gunnel.rydberg@example.org" in to


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--organizer", "kansli@example.org"], "--organizer has no name"),
        (["--organizer", "Kansliet"], "--organizer has no e-mail address"),
    ],
)
def test_bad_organizer_is_one_error_line(
    meeting_file: Path,
    tmp_path: Path,
    extra: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(meeting_file), "-o", str(tmp_path / "out"), *extra]) == 1
    assert message in error_line(capsys)
    assert not (tmp_path / "out").exists()


def test_seed_example_has_no_organizer_and_nobody_to_invite(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main([str(seed_path), "-o", str(out)]) == 1
    assert "no organizer: give --organizer" in error_line(capsys)
    assert main([str(seed_path), "-o", str(out), "--organizer", "GR <kansli@example.org>"]) == 1
    assert "nobody to invite" in error_line(capsys)
    assert not out.exists()


def test_unreadable_and_invalid_files_are_one_error_line(
    tmp_path: Path, meeting_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    assert main([str(tmp_path / "missing.json"), "-o", out]) == 1
    assert "missing.json" in error_line(capsys)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main([str(broken), "-o", out]) == 1
    error_line(capsys)
    document = json.loads(meeting_file.read_text(encoding="utf-8"))
    document["upcoming"][0]["date"] = "2020-01-01"  # before the meeting: a validation error
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(document), encoding="utf-8")
    assert main([str(invalid), "-o", out]) == 1
    assert "upcoming[0].date" in error_line(capsys)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    assert main([str(meeting_file), "-o", str(blocked / "sub")]) == 1
    error_line(capsys)


def test_login_needs_the_password_variable(
    meeting_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    argv = [str(meeting_file), "--send", "--smtp-host", "127.0.0.1", "--user", "kansli"]
    assert main(argv) == 1
    assert f"needs the password in ${PASSWORD_VARIABLE}" in error_line(capsys)


def test_the_kommunchef_command_dispatches_to_invite(meeting_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "kommunchef", "invite", str(meeting_file), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.eml"))) == 5
    again = subprocess.run(
        [sys.executable, "-m", "kommunchef", "invite", str(meeting_file), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 1
    assert again.stderr.startswith("kommunchef invite: error: ")
    assert "Traceback" not in again.stderr


def test_invite_example(
    invite_example: Path, tmp_path: Path, lint: Lint, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = kommunchef.load(invite_example)
    argv = [str(invite_example), "-o", str(tmp_path)]
    if meeting.recorded_by is None:
        argv += ["--organizer", "Göteborgsregionen <kommunchef@example.org>"]
    assert main(argv) == 0, capsys.readouterr().err
    written = list(tmp_path.glob("*.eml"))
    assert len(written) == len(meeting.upcoming)
    methods = set()
    for path in written:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        methods.add(part.get_param("method"))
        lint(part.get_payload(decode=True), method=part.get_param("method"))
    assert methods == {"REQUEST", "CANCEL"}
