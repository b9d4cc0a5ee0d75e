"""``--profile`` and ``--report`` on ``kommunchef export``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import attrs
import pytest

import kommunchef
from kommunchef import Person
from kommunchef.cli import main
from kommunchef.publication_cli import REPORT_FOLDER_PREFIX

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write_meetings(folder: Path, count: int) -> list[Path]:
    meeting = kommunchef.load(SEED)
    guest = Person("Anna Svensson", title="boende", email="anna@example.org")
    paths = []
    folder.mkdir()
    for day in range(1, count + 1):
        copy = attrs.evolve(
            meeting,
            id=f"kcg-2021-10-0{day}",
            location="Ring 031-123 45 67",
            guests=(*meeting.guests, guest),
        )
        path = folder / f"{copy.id}.json"
        path.write_text(kommunchef.dumps(copy), "utf-8")
        paths.append(path)
    return paths


def test_export_to_standard_output_with_the_public_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    [source] = write_meetings(tmp_path / "in", 1)
    status, out, err = run(
        capsys, "export", str(source), "-f", "json", "-o", "-", "--profile", "public"
    )
    assert status == 0, err
    published = kommunchef.loads(out)
    assert published.location == "Ring [telefonnummer borttaget]"
    assert "anna@example.org" not in out
    assert "031-123 45 67" not in out
    assert "Anna Svensson" not in out
    assert f"{source}: location: phone number removed" in err.splitlines()
    assert f"{source}: guests[5]: private person anonymised" in err.splitlines()
    assert "anna" not in err.casefold()
    assert "031" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_report_file_gathers_every_meeting_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    sources = write_meetings(tmp_path / "in", 3)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    report = tmp_path / "report.txt"
    report.write_text("an older report\n", "utf-8")
    status, _out, err = run(
        capsys,
        "export",
        str(tmp_path / "in"),
        "-f",
        "json,text",
        "-o",
        str(tmp_path / "out"),
        "--profile",
        "public",
        "--report",
        str(report),
        "--jobs",
        jobs,
    )
    assert status == 0, err
    assert err == ""
    lines = report.read_text("utf-8").splitlines()
    assert [line.split(":")[0] for line in lines] == sorted(line.split(":")[0] for line in lines)
    assert {line.split(": ")[0] for line in lines} == {str(path) for path in sources}
    assert "an older report" not in lines
    for path in (tmp_path / "out").iterdir():
        text = path.read_text("utf-8")
        assert "anna@example.org" not in text
        assert "031-123 45 67" not in text
    # The report's temporary folder is gone.
    assert not list(Path(tempfile.gettempdir()).glob(f"{REPORT_FOLDER_PREFIX}*"))


def test_a_profile_file_and_an_empty_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "intern.toml"
    profile.write_text("[remove]\nemails = false\nphone_numbers = false\nprivate_persons = false\n")
    report = tmp_path / "report.txt"
    status, _, err = run(
        capsys,
        "export",
        str(SEED),
        "-f",
        "json",
        "-o",
        str(tmp_path / "m.json"),
        "--profile",
        str(profile),
        "--report",
        str(report),
    )
    assert (status, err) == (0, "")
    assert report.read_text("utf-8") == ""
    assert json.loads((tmp_path / "m.json").read_text("utf-8")) == json.loads(
        kommunchef.dumps(kommunchef.load(SEED))
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--profile", "publik"], "kommunchef: error: unknown publication profile 'publik'"),
        (["--profile", "missing.toml"], "kommunchef: error: cannot read the profile missing.toml"),
        (["--report", "r.txt"], "kommunchef: error: --report needs --profile"),
        (
            ["--profile", "public", "--report", "no/such/folder/r.txt"],
            "kommunchef: error: cannot write the report no/such/folder/r.txt",
        ),
    ],
)
def test_mistakes_are_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _out, err = run(capsys, "export", str(SEED), "-f", "json", "-o", "out/", *arguments)
    assert status == 1
    assert err.startswith(message)
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_bad_profile_file_names_file_and_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[private_persons]\npublic_bodies = "GR"\n', "utf-8")
    status, _, err = run(
        capsys, "export", str(SEED), "-f", "json", "-o", "-", "--profile", str(bad)
    )
    assert status == 1
    assert err == (
        f"kommunchef: error: {bad}: private_persons.public_bodies: "
        "expected a list of strings, got a string\n"
    )


def test_the_profiled_meeting_is_still_validated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    meeting = kommunchef.load(SEED)
    item = attrs.evolve(meeting.agenda[1], number=7)
    source = tmp_path / "m.json"
    source.write_text(kommunchef.dumps(attrs.evolve(meeting, agenda=(meeting.agenda[0], item))))
    status, out, err = run(
        capsys, "export", str(source), "-f", "json", "-o", "-", "--profile", "public"
    )
    assert (status, out) == (1, "")
    assert f"{source}: the meeting is not valid: agenda[1].number" in err


def test_a_report_line_is_one_line_whatever_the_file_is_called(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    [source] = write_meetings(tmp_path / "in", 1)
    odd = source.with_name("kcg\n\u202eodd.json")
    source.rename(odd)
    status, _out, err = run(
        capsys, "export", str(odd), "-f", "json", "-o", "-", "--profile", "public"
    )
    assert status == 0, err
    lines = err.splitlines()
    assert f"{tmp_path / 'in'}/kcg\\n\\u202eodd.json: location: phone number removed" in lines
    assert all(line.startswith(str(tmp_path)) for line in lines)
