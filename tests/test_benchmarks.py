"""The benchmark harness still works: one quick run prints every table and writes the JSON.

No timing is asserted here: the quick run's figures mean little on a shared machine. What is
checked is that every part ran, that the baselines still write the same content as
kommunchef (otherwise their ratios would compare different documents), and that the
results file holds every section.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import kommunchef
from kommunchef.testing.strategies import hostile_meeting, meetings

REPO = Path(__file__).resolve().parents[1]
RUN = REPO / "benchmarks" / "run.py"
SECTIONS = ("startup", "overhead", "alternatives", "scaling", "batch", "importing")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    result = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout, json.loads(out.read_text("utf-8"))


def test_every_section_prints_a_table(quick_run: tuple[str, dict[str, Any]]) -> None:
    stdout, _ = quick_run
    for name in (*SECTIONS, "targets"):
        assert f"== {name} ==" in stdout
    assert "kommunchef formats imports a plugin?" in stdout
    assert "results written to" in stdout


def test_json_has_every_section_and_the_machine(quick_run: tuple[str, dict[str, Any]]) -> None:
    _, results = quick_run
    for name in SECTIONS:
        assert name in results, name
        assert "error" not in results[name], results[name].get("error")
    meta = results["meta"]
    assert meta["quick"] is True
    assert meta["machine"]["python"] == sys.version.split()[0]
    assert meta["machine"]["packages"]["kommunchef"]
    assert results["targets"], "the targets summary is empty"
    assert all({"target", "value", "met"} <= set(t) for t in results["targets"])


def test_startup_section(quick_run: tuple[str, dict[str, Any]]) -> None:
    startup = quick_run[1]["startup"]
    commands = {row["command"] for row in startup["commands"]}
    assert commands == {
        "python -c pass",
        "python -c 'import kommunchef'",
        "kommunchef --version",
        "kommunchef formats",
    }
    assert startup["import"]["cumulative_ms_median"] > 0
    assert startup["import"]["top_modules"]
    # Listing formats must never import a plugin; this is a property, not a timing.
    assert startup["formats_imports_no_plugin"]["plugin_modules_imported"] == []


def test_overhead_baselines_write_the_same_content(
    quick_run: tuple[str, dict[str, Any]],
) -> None:
    rows = {row["format"]: row for row in quick_run[1]["overhead"]["rows"]}
    assert set(rows) == {"json", "docx", "html", "ics"}
    measured = [row for row in rows.values() if "skipped" not in row]
    assert measured, "no format could be measured"
    for row in measured:
        assert row["content_differences"] == [], (row["format"], row["content_differences"])
        assert row["api_ms"] > 0
        assert row["baseline_ms"] > 0


def test_alternatives_rows(quick_run: tuple[str, dict[str, Any]]) -> None:
    rows = quick_run[1]["alternatives"]["rows"]
    names = [row["name"] for row in rows]
    assert names[0] == "docx: docxtpl (in process)"
    assert any(name.startswith("docx: pandoc") for name in names)
    assert any(name.startswith("html: pandoc") for name in names)
    for row in rows:
        # A row is measured, or says why not (pandoc or docxtpl missing).
        assert ("ratio" in row) != ("skipped" in row), row
        if row["name"].startswith("docx: docxtpl") and "ratio" in row:
            assert row["content_differences"] == []
        if row.get("meetings") == 1:
            # Both floors are timed beside pandoc: the libraries, then the model with them.
            assert row["libraries_import_ms"] > 0
            assert row["model_import_ms"] > 0
            assert row["model_ratio"] == pytest.approx(row["model_import_ms"] / row["other_ms"])


def test_scaling_fits_an_exponent_per_format(quick_run: tuple[str, dict[str, Any]]) -> None:
    scaling = quick_run[1]["scaling"]
    assert scaling["item_sizes"] == [10, 100]
    formats = {row["format"] for row in scaling["rows"]}
    assert "validate" in formats
    assert "json" in formats
    for row in scaling["rows"]:
        assert [p["items"] for p in row["agenda_points"]] == [10, 100]
        assert row["time_exponent"]["all"] is not None
        for point in row["agenda_points"]:
            assert "error" not in point, point
            assert point["traced_peak_kib"] is not None
        step = row["paired_step"]
        assert len(step["exponents"]) == step["pairs"] == 3
        low, high = step["interval"]
        assert low <= step["median"] <= high
        assert step["verdict"] in ("met", "missed", "undecided")


def test_the_median_interval_holds_the_median_with_the_stated_confidence() -> None:
    median_interval = _benchmarks().step.median_interval

    values = [float(v) for v in range(1, 12)]  # 11 values: k = 3 gives 93.5 %
    assert median_interval(values, 0.9) == (3.0, 9.0)
    assert median_interval(values, 0.98) == (2.0, 10.0)
    assert median_interval(values, 0.99) == (1.0, 11.0)
    assert median_interval([1.0, 2.0], 0.9) == (1.0, 2.0)  # too few: the whole range


def test_a_paired_exponent_tells_linear_from_quadratic_work() -> None:
    paired_exponent = _benchmarks().step.paired_exponent

    def work(size: int) -> Any:
        return lambda: sum(range(size))

    def quadratic(size: int) -> Any:
        return lambda: [sum(range(size)) for _ in range(size)]

    linear = paired_exponent(work(20_000), work(200_000), 10, pairs=5, target=1.5)
    assert 0.7 < linear["median"] < 1.3
    assert linear["verdict"] == "met"
    square = paired_exponent(quadratic(60), quadratic(600), 10, pairs=5, target=1.5)
    assert square["median"] > 1.6
    assert square["verdict"] == "missed"


def test_batch_writes_every_file_and_records_memory_and_load(
    quick_run: tuple[str, dict[str, Any]],
) -> None:
    batch = quick_run[1]["batch"]
    docx, jobs = batch["docx"], batch["jobs"]
    names = [row["name"] for row in docx["rows"]]
    assert names == [
        *(f"kommunchef, {size} meetings" for size in docx["sizes"]),
        *(f"docxtpl, {size} meetings" for size in docx["peer_sizes"]),
    ]
    assert [row["name"] for row in jobs["rows"]] == ["--jobs 1", "--jobs 2"]
    for row in docx["rows"]:
        assert "error" not in row, row.get("error")
        assert row["files_written"] == row["meetings"]
        assert row["per_document_ms"] > 0
        assert row["max_rss_kib"] is None or row["max_rss_kib"] > 0
    for row in jobs["rows"]:
        assert "error" not in row, row.get("error")
        assert (
            row["files_written"] == row["files_expected"] == jobs["meetings"] * len(jobs["formats"])
        )
        assert len(row["load_before_runs"]) == len(row["timing"]["samples_s"])
        assert len(row["capacity_before_runs"]) == len(row["timing"]["samples_s"])
    assert len(jobs["round_ratios"]) == 1
    assert jobs["speedup"] is None or jobs["free_rounds"] == 1
    creation = jobs["file_creation"]
    assert creation["alone_us"] > 0
    assert creation["together_us"] > 0
    for cores in jobs["cores_used"].values():
        assert len(cores) == 1
        assert cores[0] is not None
        assert cores[0] > 0
    if jobs["speedup"] is not None:
        # The speedup is the product of its two factors, round by round.
        (parallelism,) = jobs["parallelism"]["rounds"]
        (cpu_ratio,) = jobs["cpu_ratio"]["rounds"]
        assert parallelism * cpu_ratio == pytest.approx(jobs["speedup"])
    assert [ratio["meetings"] for ratio in docx["ratios"]] == docx["peer_sizes"]
    assert batch["usable_cpus"] >= 1
    targets = [t["target"] for t in quick_run[1]["targets"]]
    assert any(t.startswith("--jobs 2 at least") for t in targets)
    assert any("peak RSS" in t for t in targets)


def _benchmarks() -> Any:
    # The harness is a folder of the repository, not an installed package.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import benchmarks.baselines
    import benchmarks.equivalence
    import benchmarks.machine
    import benchmarks.startup
    import benchmarks.step
    import benchmarks.timing

    return benchmarks


IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | encodings
import time:       300 |        300 |     attr._make
import time:       200 |        500 |   attr
import time:      1000 |       1500 | kommunchef
import time:        50 |         50 |   docx.api
import time:        70 |        120 | kommunchef_docx
"""


def test_importtime_parsing_and_the_plugin_check() -> None:
    startup = _benchmarks().startup
    lines = startup.parse_importtime(IMPORTTIME)
    assert [(line.module, line.depth) for line in lines] == [
        ("encodings", 0),
        ("attr._make", 2),
        ("attr", 1),
        ("kommunchef", 0),
        ("docx.api", 1),
        ("kommunchef_docx", 0),
    ]
    tree = startup.subtree(lines, "kommunchef")
    assert [line.module for line in tree] == ["attr._make", "attr", "kommunchef"]
    assert tree[-1].cumulative_us == 1500
    forbidden = frozenset({"docx", "kommunchef_docx", "kommunchef.serialization"})
    modules = {line.module for line in lines} | {"docxtpl"}
    assert startup._plugins_among(modules, forbidden) == ["docx.api", "kommunchef_docx"]


def test_exponent_fit() -> None:
    fit = _benchmarks().timing.loglog_exponent
    assert fit([10, 100, 1000], [1.0, 10.0, 100.0]) == pytest.approx(1.0)
    assert fit([10, 100, 1000], [1.0, 100.0, 10_000.0]) == pytest.approx(2.0)
    assert fit([10], [1.0]) is None


def test_equivalence_notices_a_different_document() -> None:
    differences = _benchmarks().equivalence.differences
    ours = json.dumps({"agenda": [{"title": "A"}]}).encode()
    theirs = json.dumps({"agenda": [{"title": "B"}]}).encode()
    assert differences("json", ours, ours) == []
    assert differences("json", ours, theirs)
    page = b"<h1>Anteckningar</h1><ul><li>a <a href='https://x.se'>x</a></li></ul>"
    other = b"<h1>Anteckningar</h1><ul><li>a x</li></ul>"
    assert differences("html", page, page) == []
    found = differences("html", page, other)
    assert any(line.startswith("links") for line in found)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=meetings())
def test_every_baseline_writes_what_kommunchef_writes(meeting: kommunchef.Meeting) -> None:
    # The baselines render the core's outline with the bare library; for any meeting their
    # documents must carry kommunchef's content, or the ratios compare different documents.
    bench = _benchmarks()
    for name, baseline in bench.baselines.BASELINES.items():
        ours = kommunchef.export(meeting, name)
        assert bench.equivalence.differences(name, ours, baseline(meeting)) == [], name


def test_the_baselines_agree_on_a_hostile_meeting() -> None:
    bench = _benchmarks()
    meeting = hostile_meeting()
    for name, baseline in bench.baselines.BASELINES.items():
        ours = kommunchef.export(meeting, name)
        assert bench.equivalence.differences(name, ours, baseline(meeting)) == [], name


def test_export_still_refuses_two_meetings_with_one_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The duplicate check of ``kommunchef export`` was rewritten to run in linear time.
    from kommunchef.cli import main

    seed = (REPO / "examples" / "kcg-2021-10-08.json").read_text("utf-8")
    inputs = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in inputs:
        path.write_text(seed, "utf-8")
    out = tmp_path / "out"
    status = main(["export", *map(str, inputs), "-f", "json", "-o", f"{out}/"])
    assert status == 1
    error = capsys.readouterr().err
    assert "two meetings share an id and would both write" in error
    assert str(out / "kcg-2021-10-08.json") in error
    assert not out.exists() or not any(out.iterdir())


CHILD_BURNS_CPU = """
import os, sys, time
child = os.fork()
if child == 0:
    sum(range(3_000_000))
    with open(sys.argv[1], "w") as report:
        report.write(repr(time.process_time()))
    os._exit(0)
os.waitpid(child, 0)
"""


@pytest.mark.parametrize("measure_memory", [False, True])
def test_a_run_counts_the_cpu_time_of_the_children_it_waited_for(
    tmp_path: Path, measure_memory: bool
) -> None:
    timing = _benchmarks().timing
    report = tmp_path / "child-cpu"
    command = [sys.executable, "-c", CHILD_BURNS_CPU, str(report)]
    run = timing.run_process(command, measure_memory=measure_memory)
    assert run.returncode == 0, run.stderr
    child_cpu = float(report.read_text())
    assert run.cpu_s is not None
    assert run.cpu_s >= child_cpu > 0
    assert run.cores_used == pytest.approx(run.cpu_s / run.wall_s)


def test_the_two_core_capacity_is_between_one_and_two_cores() -> None:
    two_core_capacity = _benchmarks().machine.two_core_capacity

    capacity = two_core_capacity(200_000)
    # 1.0 when the two processes share one core, 2.0 when each has its own; timing noise
    # of a tenth either way.
    assert capacity is not None
    assert 0.7 < capacity < 2.4
