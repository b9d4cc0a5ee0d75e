"""Hostile input costs linear time and bounded memory, and every failure is one clear error.

Each case here was once a defect: exponential loading, unbounded reads, lax loading, dates at
the edges, output faults. The time limits are generous bounds that catch exponential or
quadratic behaviour, not benchmarks.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kommunchef
from kommunchef import _checks
from kommunchef.batch import usable_cpus
from kommunchef.cli import main
from kommunchef.exporting import available_formats, export
from kommunchef.files import STAGING_PREFIX, StagedFiles
from kommunchef.model import Meeting, UpcomingMeeting
from kommunchef.plaintext import can_express, format_text, parse_text
from kommunchef.schema import json_schema
from kommunchef.serialization import MAX_NESTING, MAX_PROBLEMS
from kommunchef.testing import meetings
from kommunchef.validation import has_errors, validate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A generous bound: exponential or quadratic work would take many times longer."""
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


def _document(**fields: Any) -> dict[str, Any]:
    return {"format_version": 1, "id": "kcg-2021-10-08", "date": "2021-10-08", **fields}


def _nested_list(depth: int) -> dict[str, Any]:
    item: dict[str, Any] = {"content": [""]}  # one invalid leaf at the bottom
    for _ in range(depth):
        sublist = {"type": "bullet_list", "items": [item, {"content": ["y"]}]}
        item = {"content": ["x"], "sublist": sublist}
    body = [{"type": "bullet_list", "items": [item]}]
    return _document(agenda=[{"number": 1, "title": "t", "body": body}])


# -- time and memory ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [6, 7, 20, MAX_NESTING - 2])
def test_nested_lists_with_an_invalid_leaf_load_in_linear_time(depth: int) -> None:
    with within(5), pytest.raises(kommunchef.LoadError, match="must not be empty"):
        kommunchef.loads(json.dumps(_nested_list(depth)))


def test_lists_nested_past_the_limit_are_one_clear_error() -> None:
    deep: dict[str, Any] = {"content": ["z"]}
    for _ in range(MAX_NESTING + 5):
        deep = {"content": ["x"], "sublist": {"type": "bullet_list", "items": [deep]}}
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    document = json.dumps(
        _document(
            agenda=[{"number": 1, "title": "t", "body": [{"type": "bullet_list", "items": [deep]}]}]
        )
    )
    with pytest.raises(kommunchef.LoadError, match=f"nested more than {MAX_NESTING} deep"):
        kommunchef.loads(document)


def test_json_nested_past_python_limits_is_one_clear_error() -> None:
    with pytest.raises(kommunchef.LoadError, match="nested too deeply"):
        kommunchef.loads("[" * 100_000 + "]" * 100_000)


def test_many_invalid_records_report_a_bounded_number_of_problems() -> None:
    count = 20_000
    document = json.dumps(_document(present=[{"name": " "}] * count))
    with within(30), pytest.raises(kommunchef.LoadError) as caught:
        kommunchef.loads(document)
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert caught.value.omitted == count - MAX_PROBLEMS
    assert f"and {count - 20} more" in str(caught.value)


def test_validate_lists_at_most_the_limit_and_counts_the_rest() -> None:
    meeting = kommunchef.load(EXAMPLE)
    twice = attrs.evolve(meeting, absent=meeting.present * 600)
    problems = validate(twice)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message.endswith("more problems not listed")


@pytest.mark.parametrize("command", [["validate"], ["export", "-f", "json", "-o", "-"]])
def test_endless_files_are_read_only_up_to_the_limit(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command[:1], "/dev/zero", *command[1:]]) == 1
    assert "larger than" in capsys.readouterr().err


def test_a_template_of_dev_zero_is_refused() -> None:
    if "html" not in {f.name for f in available_formats()}:
        pytest.skip("the html plugin is not installed")
    with pytest.raises(kommunchef.KommunchefError, match="larger than"):
        export(kommunchef.load(EXAMPLE), "html", template="/dev/zero")


# -- the loader agrees with the schema --------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format_version": True}, "format_version true"),
        ({"date": "20211008"}, "not a valid date"),
        ({"id": "abc\n"}, r"U\+000A \(line feed\)"),
        ({"start": "0001-01-01T00:30+01:00"}, "outside the supported dates"),
        ({"start": "9999-12-31T23:30-10:00"}, "outside the supported dates"),
        ({"revision": 2**31}, "at most 2147483647"),
        ({"upcoming": [{"date": "2021-11-01", "title": "x", "start_time": "09:00+05:00"}]}, "UTC"),
    ],
)
def test_what_the_schema_refuses_the_loader_refuses(change: dict[str, Any], message: str) -> None:
    document = _document(**change)
    assert not VALIDATOR.is_valid(document)
    with pytest.raises(kommunchef.LoadError, match=message):
        kommunchef.loads(json.dumps(document))


def test_a_five_thousand_digit_integer_is_a_load_error() -> None:
    text = json.dumps(_document()).replace('"date"', '"revision": ' + "9" * 5000 + ', "date"')
    with pytest.raises(kommunchef.LoadError):
        kommunchef.loads(text)


def test_duplicate_keys_are_an_error() -> None:
    text = '{"format_version": 1, "id": "a", "id": "b", "date": "2021-10-08"}'
    with pytest.raises(kommunchef.LoadError, match="'id' appears twice"):
        kommunchef.loads(text)


_REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**31,
    1.0,
    1.5,
    "",
    " ",
    "x",
    "abc\n",
    "a\u2028b",
    "\x00",
    "2021-10-08",
    "20211008",
    "2021-02-29",
    "2024-02-29",
    "0999-12-31",
    "9999-01-01",
    "09:00",
    "09:00+05:00",
    "25:00",
    "09:00:60",
    "2021-10-08T09:00+02:00",
    "2021-10-08T09:00",
    "2021-10-08T09:00:00.123Z",
    "https://gr.se/",
    "HTTP://x",
    "javascript:x",
    "mailto:a@b.se",
    "a@b.se",
    " a@b.se ",
    "a@b",
    [],
    [""],
    ["x"],
    {},
    {"text": "t", "url": "https://a.se"},
    {"type": "paragraph", "content": ["x"]},
    {"name": "N"},
]


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one value somewhere replaced, one key added or one removed."""
    document: dict[str, Any] = json.loads(kommunchef.dumps(draw(meetings(max_items=3))))
    containers: list[dict[str, Any] | list[Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict | list):
            containers.append(node)
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(document)
    target = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["replace", "add", "remove"]))
    if isinstance(target, dict) and target:
        key = draw(st.sampled_from(sorted(target)))
        if action == "remove":
            del target[key]
        elif action == "add":
            target[draw(st.sampled_from(["extra", "type", "name", "sublist"]))] = draw(
                st.sampled_from(_REPLACEMENTS)
            )
        else:
            target[key] = copy.deepcopy(draw(st.sampled_from(_REPLACEMENTS)))
    elif isinstance(target, list) and target:
        index = draw(st.integers(0, len(target) - 1))
        if action == "remove":
            del target[index]
        else:
            target[index] = copy.deepcopy(draw(st.sampled_from(_REPLACEMENTS)))
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_documents())
def test_the_loader_and_the_schema_accept_the_same_documents(document: dict[str, Any]) -> None:
    try:
        kommunchef.loads(json.dumps(document))
        loaded = True
    except kommunchef.LoadError:
        loaded = False
    assert loaded == VALIDATOR.is_valid(document)


# -- dates and numbers at the edges -----------------------------------------------------------


@st.composite
def wide_meetings(draw: st.DrawFn) -> Meeting:
    """Meetings anywhere in years 1-9999 with revisions up to 2**40."""
    meeting = draw(meetings(max_items=2))
    day = draw(st.dates(date(1, 1, 1), date(9999, 12, 31)))
    shift = day - meeting.date
    upcoming = []
    for item in meeting.upcoming:
        with suppress(OverflowError):
            upcoming.append(
                attrs.evolve(
                    item,
                    date=item.date + shift,
                    end_date=None if item.end_date is None else item.end_date + shift,
                )
            )
    start = end = None
    if meeting.start is not None:
        try:
            start = datetime.combine(day, meeting.start.timetz())
            end = None if meeting.end is None else start + (meeting.end - meeting.start)
        except OverflowError:
            start = end = None
    try:
        return attrs.evolve(
            meeting,
            date=day,
            start=start,
            end=end,
            upcoming=tuple(upcoming),
            revision=draw(st.integers(0, 2**40)),
        )
    except (ValueError, OverflowError):
        return meeting


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(wide_meetings())
def test_a_meeting_that_validates_exports_to_every_format(meeting: Meeting) -> None:
    if has_errors(validate(meeting)):
        return
    for info in available_formats():
        export(meeting, info.name)
    if can_express(meeting):
        read_back = parse_text(format_text(meeting), date=meeting.date, meeting_id=meeting.id)
        assert read_back == meeting


@pytest.mark.parametrize("day", [date(9998, 12, 31), date(1000, 1, 1)])
def test_the_edges_of_the_supported_range_export(day: date) -> None:
    meeting = kommunchef.load(EXAMPLE)
    meeting = attrs.evolve(
        meeting,
        date=day,
        start=None,
        end=None,
        revision=_checks.MAX_INTEGER,
        upcoming=(UpcomingMeeting(date=day, title="Nästa möte"),),
    )
    assert not has_errors(validate(meeting))
    for info in available_formats():
        export(meeting, info.name)


def test_dates_past_the_range_do_not_validate() -> None:
    meeting = kommunchef.load(EXAMPLE)
    late = attrs.evolve(meeting, date=date(9999, 12, 31), start=None, end=None, upcoming=())
    assert any("outside the supported dates" in p.message for p in validate(late))


# -- ids ----------------------------------------------------------------------------------------


def test_an_id_with_a_final_line_feed_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid id"):
        Meeting(id="abc\n", date=date(2021, 10, 8))


def test_an_imported_id_with_a_final_line_feed_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = format_text(kommunchef.load(EXAMPLE))
    with pytest.raises(kommunchef.KommunchefError, match="not a valid id"):
        parse_text(text, date=date(2021, 10, 8), meeting_id="abc\n")
    source = tmp_path / "minutes.txt"
    source.write_text(text, "utf-8")
    output = str(tmp_path / "m.json")
    assert main(["import", str(source), "--date", "2021-10-08", "--id", "abc\n", "-o", output]) == 1
    assert "not a valid id" in capsys.readouterr().err
    assert not (tmp_path / "m.json").exists()


# -- the fast check of forbidden characters ---------------------------------------------------


@given(st.text(alphabet=st.characters(codec=None), max_size=30))
def test_the_fast_forbidden_character_check_agrees_with_the_slow_one(text: str) -> None:
    slow = _checks._describe_forbidden(text)
    assert _checks.forbidden_character(text) == slow


def test_the_forbidden_characters_are_exactly_the_described_ones() -> None:
    for code in range(0x110000):
        char = chr(code)
        slow = unicodedata.category(char) in ("Cc", "Cs") or code in (
            0xFFFE,
            0xFFFF,
            0x2028,
            0x2029,
        )
        assert (_checks.forbidden_character(char) is not None) == slow, hex(code)
        # The checks skip their pattern for a text str.isprintable accepts.
        assert not (slow and char.isprintable()), hex(code)


# -- output faults and interruptions ----------------------------------------------------------


def test_an_existing_folder_where_an_output_goes_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", str(EXAMPLE), "-f", "all", "-o", f"{out}/"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    victim = sorted(before)[-1]
    (out / victim).unlink()
    (out / victim).mkdir()
    meeting = attrs.evolve(kommunchef.load(EXAMPLE), revision=7)
    changed = tmp_path / "changed.json"
    changed.write_text(kommunchef.dumps(meeting), "utf-8")
    capsys.readouterr()
    assert main(["export", str(changed), "-f", "all", "-o", f"{out}/", "--force"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "is a folder" in error
    for name, data in before.items():
        if name != victim:
            assert (out / name).read_bytes() == data
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_a_full_disk_is_one_line_and_leaves_no_litter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls = {"count": 0}

    def full(descriptor: int) -> None:
        calls["count"] += 1
        if calls["count"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    assert main(["export", str(EXAMPLE), "-f", "all", "-o", f"{out}/"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "No space left on device" in error
    assert list(out.iterdir()) == []


def test_standard_output_on_a_full_device_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kommunchef", "export", str(EXAMPLE), "-f", "json", "-o", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "No space left" in result.stderr


def test_a_closed_standard_output_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kommunchef", "export", str(EXAMPLE), "-f", "json", "-o", "-"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "closed" in result.stderr


def test_a_killed_run_leaves_one_staging_folder_that_the_next_run_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f"{STAGING_PREFIX}999999999-abc"
    stale.mkdir()
    (stale / "0.tmp").write_bytes(b"half")
    with StagedFiles() as staged:
        staged.add(out / "a.txt", b"a")
        staged.commit()
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]


def test_sigterm_cleans_up_like_ctrl_c(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    meeting = kommunchef.load(EXAMPLE)
    for index in range(40):
        copy_ = attrs.evolve(meeting, id=f"kcg-{index}")
        (folder / f"{index}.json").write_text(kommunchef.dumps(copy_), "utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kommunchef", "export", str(folder), "-o", f"{out}/", "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        out.exists() and any(p.name.startswith(STAGING_PREFIX) for p in out.iterdir())
    ):
        time.sleep(0.05)
    process.terminate()
    _, error = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the export finished before it could be interrupted")
    assert process.returncode == 143
    assert "terminated" in error
    assert list(out.iterdir()) == []


class _RecordingPool:
    """Stands in for the process pool and records how many workers were asked for."""

    asked: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, **_: Any) -> None:
        self.asked.append(max_workers)

    def __enter__(self) -> _RecordingPool:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def map(self, function: Any, items: Any, chunksize: int = 1) -> Any:
        return map(function, items)


def test_jobs_are_capped_at_the_files_and_the_cpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _RecordingPool)
    monkeypatch.setattr("kommunchef.batch.usable_cpus", lambda: 2)
    meeting = kommunchef.load(EXAMPLE)
    for index in range(3):
        copy_ = attrs.evolve(meeting, id=f"kcg-{index}")
        (tmp_path / f"{index}.json").write_text(kommunchef.dumps(copy_), "utf-8")
    out = tmp_path / "out"
    assert main(["export", str(tmp_path), "-f", "json", "-o", f"{out}/", "--jobs", "300"]) == 0
    assert _RecordingPool.asked == [2]
    assert sorted(p.name for p in out.iterdir()) == [f"kcg-{index}.json" for index in range(3)]
    assert 1 <= usable_cpus() <= (os.cpu_count() or 1)
