"""The command line: output, exit statuses, and files that are never half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kommunchef
from kommunchef.cli import main
from kommunchef.schema import schema_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "kcg-2021-10-08.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_version_and_module_entry() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kommunchef", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"kommunchef {kommunchef.__version__}"


@pytest.mark.parametrize("command", ["formats", "validate", "export", "schema", "import"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert f"usage: kommunchef {command}" in capsys.readouterr().out


def test_formats_lists_distribution_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "formats")
    assert status == 0
    assert any(
        line.split()[:3] == ["json", "kommunchef", kommunchef.__version__]
        for line in out.splitlines()
    )
    # What can be read is listed too, by suffix.
    assert "read (kommunchef import FILE.SUFFIX):" in out
    assert any(
        line.split()[:3] == [".txt", "kommunchef", kommunchef.__version__]
        for line in out.splitlines()
    )


def test_validate_good_and_bad(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "validate", str(SEED)) == (0, "", "")
    data = json.loads(SEED.read_text("utf-8"))
    data["agenda"][1]["number"] = 7
    data["recorded_by"]["name"] = "Någon Annan"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    status, out, _ = run(capsys, "validate", str(SEED), str(bad))
    assert status == 1
    assert out.splitlines() == [
        f"{bad}: agenda[1].number: error: agenda item 2 is numbered 7; items must be numbered "
        "1, 2, 3 ... in order",
        f"{bad}: recorded_by.name: warning: Någon Annan recorded the minutes but is not listed "
        "as present",
    ]


def test_validate_reports_load_problems_with_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format_version": 1, "id": "x", "date": "2021-02-30", "present": [{"name": 1}]}', "utf-8"
    )
    status, out, _ = run(capsys, "validate", str(bad))
    assert status == 1
    assert f"{bad}: present[0].name: error: expected a string, got an integer" in out.splitlines()
    assert any(
        line.startswith(f"{bad}: date: error: '2021-02-30' is not a valid date")
        for line in out.splitlines()
    )
    not_json = tmp_path / "text.json"
    not_json.write_text("hello", "utf-8")
    status, out, err = run(capsys, "validate", str(not_json))
    assert status == 1
    assert (
        err.strip()
        == f"kommunchef: error: {not_json}: not valid JSON: Expecting value at line 1, column 1"
    )


def test_export_to_folder_file_and_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "export", str(SEED), "-f", "json", "-o", f"{tmp_path}/out/")
    assert status == 0
    written = tmp_path / "out" / "kcg-2021-10-08.json"
    assert kommunchef.load(written) == kommunchef.load(SEED)
    assert out.strip() == str(written)

    single = tmp_path / "minutes.json"
    assert run(capsys, "export", str(SEED), "-o", str(single))[0] == 0  # format from the suffix
    assert kommunchef.load(single) == kommunchef.load(SEED)

    status, out, _ = run(capsys, "export", str(SEED), "-f", "json", "-o", "-", "-O", "indent=none")
    assert status == 0
    assert kommunchef.loads(out) == kommunchef.load(SEED)


def test_export_all_formats_to_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "export", str(SEED), "-f", "all", "-o", str(tmp_path))
    assert status == 0
    written = sorted(Path(line).name for line in out.splitlines())
    expected = sorted(
        f"kcg-2021-10-08{kommunchef.get_exporter(f.name).suffix}"
        for f in kommunchef.available_formats()
    )
    assert written == expected


def test_export_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "m.json"
    target.write_text("keep me", "utf-8")
    status, _, err = run(capsys, "export", str(SEED), "-o", str(target))
    assert status == 1
    assert err.strip() == f"kommunchef: error: {target} exists; use --force to overwrite it"
    assert target.read_text("utf-8") == "keep me"
    assert run(capsys, "export", str(SEED), "-o", str(target), "--force")[0] == 0
    assert kommunchef.load(target) == kommunchef.load(SEED)
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"], "no temporary file is left"


def test_failed_export_leaves_existing_files_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "m.json"
    target.write_text("keep me", "utf-8")
    status, _, err = run(
        capsys, "export", str(SEED), "-o", str(target), "--force", "-O", "indent=wide"
    )
    assert status == 1
    assert "indent must be" in err
    assert target.read_text("utf-8") == "keep me"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["export", "missing.json", "-f", "json"], 1, "cannot read missing.json"),
        (["export", str(SEED), "-f", "odt"], 1, "unknown format 'odt'"),
        (["export", str(SEED), "-o", "x.odt"], 1, "no installed format writes .odt files"),
        (["export", str(SEED), "-f", "json", "-O", "indent"], 2, "is not KEY=VALUE"),
        (["export", str(SEED), "-f", "json", "-O", "colour=red"], 1, "has no option 'colour'"),
        (["export", str(SEED), "-f", "all", "-o", "-"], 2, "exactly one meeting in one format"),
        (["export", str(SEED), "--jobs", "0"], 2, "--jobs must be 1 or more"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["export"], 2, "the following arguments are required: FILE"),
    ],
)
def test_errors_are_one_line_with_the_right_status(
    capsys: pytest.CaptureFixture[str], argv: list[str], status: int, message: str
) -> None:
    try:
        got = main(argv)
    except SystemExit as exit_:
        got = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert got == status
    assert message in err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("kommunchef")


def test_options_go_to_the_formats_that_take_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kommunchef import exporting

    class Shout:
        name = "shout"
        media_type = "text/plain"
        suffix = ".shout"
        description = "Shouting"
        options = ("volume",)

        def export(self, meeting: kommunchef.Meeting, **options: str) -> bytes:
            exporting.check_options(self.name, options, self.options)
            return meeting.id.upper().encode() * int(options.get("volume", "1"))

    real = exporting.get_exporter
    monkeypatch.setattr(
        exporting, "get_exporter", lambda name: Shout() if name == "shout" else real(name)
    )
    status, _, err = run(
        capsys, "export", str(SEED), "-f", "json,shout", "-O", "volume=2", "-o", str(tmp_path)
    )
    assert status == 0, err
    assert (tmp_path / "kcg-2021-10-08.shout").read_bytes() == b"KCG-2021-10-08" * 2
    assert kommunchef.load(tmp_path / "kcg-2021-10-08.json") == kommunchef.load(SEED)
    status, _, err = run(
        capsys, "export", str(SEED), "-f", "json,shout", "-O", "colour=red", "-o", str(tmp_path)
    )
    assert status == 2
    assert "no chosen format has the option 'colour'" in err


def test_invalid_meeting_is_not_exported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(SEED.read_text("utf-8"))
    data["absent"].append(data["present"][0])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    status, _, err = run(capsys, "export", str(bad), "-f", "json", "-o", str(tmp_path / "out.json"))
    assert status == 1
    assert "is listed both as present (present[0]) and absent" in err
    assert not (tmp_path / "out.json").exists()


def test_batch_export_with_jobs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    meeting = kommunchef.load(SEED)
    import attrs

    for day in range(1, 6):
        copy = attrs.evolve(meeting, id=f"kcg-2021-10-0{day}")
        (source / f"{copy.id}.json").write_text(kommunchef.dumps(copy), "utf-8")
    status, out, err = run(
        capsys, "export", str(source), "-f", "json", "-o", str(tmp_path / "out"), "--jobs", "2"
    )
    assert status == 0, err
    assert len(out.splitlines()) == 5
    assert err == "", "no progress bar when stderr is not a terminal"
    for day in range(1, 6):
        assert (
            kommunchef.load(tmp_path / "out" / f"kcg-2021-10-0{day}.json").id
            == f"kcg-2021-10-0{day}"
        )


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0
    assert out == schema_text()
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys)
    assert status == 2
    assert "usage: kommunchef" in err


def test_batch_failure_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.json").write_text(SEED.read_text("utf-8"), "utf-8")
    data = json.loads(SEED.read_text("utf-8"))
    data["id"] = "kcg-b"
    data["agenda"][0]["number"] = 9
    (source / "b.json").write_text(json.dumps(data), "utf-8")
    out = tmp_path / "out"
    status, _, err = run(capsys, "export", str(source), "-f", "json", "-o", str(out))
    assert status == 1
    assert "b.json: the meeting is not valid" in err
    assert list(out.iterdir()) == [], "neither final nor temporary files are left"


def test_two_meetings_with_one_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.json", "b.json"):
        (source / name).write_text(SEED.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    status, _, err = run(capsys, "export", str(source), "-f", "json", "-o", str(out))
    assert status == 1
    assert "two meetings share an id and would both write" in err
    assert list(out.iterdir()) == []


SEED_TEXT = Path(__file__).resolve().parent / "data" / "text" / "seed_kcg-2021-10-08.txt"


@pytest.mark.parametrize(
    ("argv", "target"),
    [
        (["import", str(SEED_TEXT), "--date", "2021-10-08", "-o"], "missing/d/x.json"),
        (["export", str(SEED), "-f", "html", "-o"], "missing/x.html"),
        (["export", str(SEED), "-o"], "missing/minutes.json"),  # format from the suffix
        (["export", str(SEED), "-f", "json", "-o"], "file.txt/x.json"),  # a file, not a folder
    ],
)
def test_write_errors_name_the_output_not_the_staging_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], target: str
) -> None:
    (tmp_path / "file.txt").write_text("keep me", "utf-8")
    output = tmp_path / target
    status, out, err = run(capsys, *argv, str(output))
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"kommunchef: error: cannot write {output}: ")
    assert err.endswith(("No such file or directory\n", "Not a directory\n"))
    assert ".kommunchef-staging" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"], "nothing is left behind"
    assert (tmp_path / "file.txt").read_text("utf-8") == "keep me"
