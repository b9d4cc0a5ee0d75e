"""Part 5, batch: ``kommunchef export FOLDER`` over many meetings, against docxtpl, in 1 or 2 jobs.

Every run is a new process writing into an emptied folder, so start-up, loading, validation,
export and writing all count. The meetings are generated with the seed example's size (6
agenda items, 21 people) and written as JSON files into a temporary folder.

* **docx**: ``kommunchef export FOLDER -f docx -o OUT`` over 20, 200 and 2,000 meetings, and the
  docxtpl peer (:mod:`benchmarks.docxtpl_peer`: load each meeting, fill the Word template,
  save) over the same 20 and 200, interleaved. Time per document is the command's wall time
  divided by the meetings; memory is the peak resident set of the process (from ``wait4`` in
  a small launcher). Targets: kommunchef's time per document at most 0.7 times docxtpl's at
  20 and at 200 meetings; the peak resident set at 2,000 meetings within 10 % of that at 20.
* **jobs**: every format over 200 meetings with ``--jobs 1`` and ``--jobs 2``, interleaved.
  A second job can only help when a second core is free, so each run records the CPUs this
  process may use, the 1-minute load average and the machine's two-core capacity
  (:func:`benchmarks.machine.two_core_capacity`: 2.0 when two cores are free) just before it
  started, after waiting up to :data:`SETTLE_S` for the kernel to finish removing the
  previous run's files. The load average misses what a virtual machine's host takes; the
  capacity does not. Each round's ratio compares its two neighbouring runs; the speedup is
  the median of the rounds in which both runs started with two free cores (capacity at least
  :data:`FREE_CAPACITY`), with a confidence interval for that median and a verdict as in
  :mod:`benchmarks.step`. Target: ``--jobs 2`` at least 1.7 times as fast as ``--jobs 1``.
  The speedup is split into the parallelism and the CPU ratio (see :func:`_paired_speedup`),
  and the cost of creating a file in the output folder, alone and two at once, is measured
  before the runs (:func:`benchmarks.machine.file_creation`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.alternatives import build_docx_template
from benchmarks.machine import file_creation, load_average, two_core_capacity
from benchmarks.meetings import REPO, write_batch
from benchmarks.scaling import usable_formats
from benchmarks.startup import kommunchef_command
from benchmarks.step import median_interval, verdict
from benchmarks.timing import CommandStats, compare_commands
from kommunchef.batch import usable_cpus

DOCX_SIZES = (20, 200, 2000)
"""Meetings per docx batch; the peer runs the sizes in :data:`PEER_SIZES`."""
PEER_SIZES = (20, 200)
JOBS_MEETINGS = 200
DOCX_RATIO_TARGET = 0.7
RSS_GROWTH_TARGET = 0.10
SPEEDUP_TARGET = 1.7
JOBS_ROUNDS = 9
FREE_CAPACITY = 1.8
"""The two-core capacity from which a run counts as having two free cores."""
SETTLE_S = 10.0
"""How long a ``--jobs`` run waits at most for two free cores before it starts anyway."""


def run(*, quick: bool) -> dict[str, Any]:
    """Measure both parts; see the module docstring."""
    with tempfile.TemporaryDirectory(prefix="kommunchef-batch-") as temporary:
        folder = Path(temporary)
        # Two jobs need a free second core: measured first, before this run warms the machine.
        jobs = _jobs(folder, quick=quick)
        docx = _docx(folder, quick=quick)
    return {"docx": docx, "jobs": jobs, "usable_cpus": usable_cpus()}


def _sources(folder: Path, sizes: Sequence[int]) -> dict[int, Path]:
    """A folder of generated meetings per size (the larger ones include the smaller ones)."""
    everything = folder / "all"
    paths = write_batch(everything, max(sizes))
    sources = {}
    for size in sizes:
        source = folder / f"meetings-{size}"
        source.mkdir()
        for path in paths[:size]:
            os.link(path, source / path.name)
        sources[size] = source
    return sources


class _Runs:
    """Empties each run's output folder and notes the load average just before the run."""

    def __init__(self, outputs: dict[str, Path], *, capacity: bool = False) -> None:
        self.outputs = outputs
        self.loads: dict[str, list[float]] = {name: [] for name in outputs}
        self.capacity = capacity
        self.capacities: dict[str, list[float | None]] = {name: [] for name in outputs}

    def before(self, name: str) -> None:
        shutil.rmtree(self.outputs[name], ignore_errors=True)
        if self.capacity:
            self.capacities[name].append(_settled_capacity())
        load = load_average()
        if load is not None:
            self.loads[name].append(load[0])

    def written(self, name: str) -> int:
        output = self.outputs[name]
        return len(list(output.iterdir())) if output.is_dir() else 0


def _settled_capacity() -> float | None:
    """The two-core capacity once the machine has settled, or after :data:`SETTLE_S`.

    Removing a run's 1,400 files keeps the kernel busy for a second or two (the capacity
    falls to about 1.0 right after and is back at 2.0 two seconds later, on the machine of
    ``docs/performance.md``): a run started at once would share a core with that work.
    """
    waited = 0.0
    while True:
        capacity = two_core_capacity()
        if capacity is None or capacity >= FREE_CAPACITY or waited >= SETTLE_S:
            return capacity
        time.sleep(0.5)
        waited += 0.5


def _row(name: str, stats: CommandStats, meetings: int, runs: _Runs) -> dict[str, Any]:
    failed = stats.failed
    if failed is not None:
        return {"name": name, "error": failed.stderr.strip()[-800:]}
    summary = stats.as_json()
    loads = runs.loads[name][-len(stats.runs) :]
    return {
        "name": name,
        "meetings": meetings,
        "wall_s": stats.wall.median,
        "per_document_ms": stats.wall.median / meetings * 1000,
        "max_rss_kib": summary.get("max_rss_kib"),
        "load_before_runs": loads,
        "files_written": runs.written(name),
        "timing": summary,
    }


def _docx(folder: Path, *, quick: bool) -> dict[str, Any]:
    sizes = (2, 4, 6) if quick else DOCX_SIZES
    peer_sizes = sizes[:2] if quick else PEER_SIZES
    sources = _sources(folder / "docx", sizes)
    template = folder / "minutes-template.docx"
    build_docx_template(template)
    commands: dict[str, list[str]] = {}
    meetings: dict[str, int] = {}
    for size in sizes:
        name = f"kommunchef, {size} meetings"
        out = folder / "out" / f"kommunchef-{size}"
        commands[name] = [*kommunchef_command(), "export", str(sources[size]), "-f", "docx"]
        commands[name] += ["-o", f"{out}/"]
        meetings[name] = size
    for size in peer_sizes:
        name = f"docxtpl, {size} meetings"
        out = folder / "out" / f"docxtpl-{size}"
        peer = [sys.executable, "-m", "benchmarks.docxtpl_peer", str(template)]
        commands[name] = [*peer, str(sources[size]), str(out)]
        meetings[name] = size
    outputs = {name: Path(command[-1].rstrip("/")) for name, command in commands.items()}
    runs = _Runs(outputs)
    stats: dict[str, CommandStats] = {}
    # The largest batch alone takes as long as the others together: it runs once.
    largest = f"kommunchef, {sizes[-1]} meetings"
    rest = {name: command for name, command in commands.items() if name != largest}
    stats.update(
        compare_commands(
            rest,
            rounds=1 if quick else 3,
            warmup=0 if quick else 1,
            before=runs.before,
            cwd=REPO,
            measure_memory=True,
        )
    )
    stats.update(
        compare_commands(
            {largest: commands[largest]},
            rounds=1,
            warmup=0,
            before=runs.before,
            cwd=REPO,
            measure_memory=True,
        )
    )
    rows = [_row(name, stats[name], meetings[name], runs) for name in commands]
    by_name = {row["name"]: row for row in rows if "wall_s" in row}
    ratios = []
    for size in peer_sizes:
        ours, theirs = (
            by_name.get(f"kommunchef, {size} meetings"),
            by_name.get(f"docxtpl, {size} meetings"),
        )
        if ours and theirs:
            ratio = ours["per_document_ms"] / theirs["per_document_ms"]
            ratios.append({"meetings": size, "ratio": ratio, "met": ratio <= DOCX_RATIO_TARGET})
    smallest, biggest = (
        by_name.get(f"kommunchef, {size} meetings") for size in (sizes[0], sizes[-1])
    )
    growth = None
    if smallest and biggest and smallest["max_rss_kib"] and biggest["max_rss_kib"]:
        growth = biggest["max_rss_kib"] / smallest["max_rss_kib"] - 1
    return {
        "sizes": list(sizes),
        "peer_sizes": list(peer_sizes),
        "rows": rows,
        "ratios": ratios,
        "ratio_target": DOCX_RATIO_TARGET,
        "rss_growth": growth,
        "rss_growth_target": RSS_GROWTH_TARGET,
        "rss_met": growth is not None and growth <= RSS_GROWTH_TARGET,
    }


def _jobs(folder: Path, *, quick: bool) -> dict[str, Any]:
    count = 6 if quick else JOBS_MEETINGS
    formats, unusable = usable_formats()
    (source,) = _sources(folder / "jobs", [count]).values()
    commands = {
        f"--jobs {jobs}": [
            *kommunchef_command(),
            "export",
            str(source),
            "-f",
            ",".join(formats),
            "-o",
            f"{folder / 'out' / f'jobs-{jobs}'}/",
            "--jobs",
            str(jobs),
        ]
        for jobs in (1, 2)
    }
    outputs = {name: Path(command[-3].rstrip("/")) for name, command in commands.items()}
    (folder / "out").mkdir(parents=True, exist_ok=True)
    creation = file_creation(folder / "out", count=30 if quick else 300)
    runs = _Runs(outputs, capacity=True)
    rounds = 1 if quick else JOBS_ROUNDS
    stats = compare_commands(commands, rounds=rounds, warmup=0 if quick else 1, before=runs.before)
    rows = [_row(name, stats[name], count, runs) for name in commands]
    for row in rows:
        row["files_expected"] = count * len(formats)
        row["capacity_before_runs"] = runs.capacities[row["name"]][-rounds:]
    one, two = (row for row in rows)
    speedup = one["wall_s"] / two["wall_s"] if "wall_s" in one and "wall_s" in two else None
    paired = _paired_speedup(stats["--jobs 1"], stats["--jobs 2"], runs, rounds)
    return {
        "meetings": count,
        "formats": formats,
        "unusable_formats": unusable,
        "rows": rows,
        "speedup_of_medians": speedup,
        **paired,
        "speedup_target": SPEEDUP_TARGET,
        "free_capacity": FREE_CAPACITY,
        "file_creation": creation,
        "met": paired.get("verdict") == "met",
    }


def _paired_speedup(
    one: CommandStats, two: CommandStats, runs: _Runs, rounds: int
) -> dict[str, Any]:
    """Each round's ratio of its two runs, and the median over the rounds with two free cores.

    The speedup splits into two factors, each with its median and interval over the same
    rounds: the *parallelism* (the cores ``--jobs 2`` kept busy over those ``--jobs 1``
    kept busy, CPU time over wall time), which the serial start, the final move of the
    files and the last worker's wait set, and the *CPU ratio* (``--jobs 1``'s CPU time over
    ``--jobs 2``'s), below 1 when the same work took more CPU time with two processes
    running: the cores slowing each other or the machine slowing between the two runs.
    """
    if one.failed is not None or two.failed is not None:
        return {"speedup": None, "round_ratios": [], "free_rounds": 0}
    capacities = zip(
        runs.capacities["--jobs 1"][-rounds:], runs.capacities["--jobs 2"][-rounds:], strict=True
    )
    ratios, free, parallelism, cpu_ratios = [], [], [], []
    for index, (before_one, before_two) in enumerate(capacities):
        first, second = one.runs[index], two.runs[index]
        ratio = first.wall_s / second.wall_s
        ratios.append(ratio)
        if all(c is not None and c >= FREE_CAPACITY for c in (before_one, before_two)):
            free.append(ratio)
            if first.cores_used and second.cores_used and first.cpu_s and second.cpu_s:
                parallelism.append(second.cores_used / first.cores_used)
                cpu_ratios.append(first.cpu_s / second.cpu_s)
    found: dict[str, Any] = {
        "speedup": None,
        "round_ratios": ratios,
        "free_rounds": len(free),
        "cores_used": {
            name: [run.cores_used for run in stats.runs[-rounds:]]
            for name, stats in (("--jobs 1", one), ("--jobs 2", two))
        },
    }
    if free:
        interval = median_interval(free)
        found["speedup"] = statistics.median(free)
        found["interval"] = list(interval)
        found["verdict"] = verdict(interval, SPEEDUP_TARGET, at_least=True)
    for key, values in (("parallelism", parallelism), ("cpu_ratio", cpu_ratios)):
        if values:
            found[key] = {
                "median": statistics.median(values),
                "interval": list(median_interval(values)),
                "rounds": values,
            }
    return found


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The batch targets, for the summary of the run."""
    found = []
    docx, jobs = result["docx"], result["jobs"]
    for ratio in docx["ratios"]:
        found.append(
            {
                "target": f"docx batch of {ratio['meetings']}: per document <= "
                f"{docx['ratio_target']}x docxtpl's",
                "value": f"{ratio['ratio']:.2f}x",
                "met": ratio["met"],
            }
        )
    if docx["rss_growth"] is not None:
        low, high = docx["sizes"][0], docx["sizes"][-1]
        found.append(
            {
                "target": f"docx batch: peak RSS at {high} meetings within "
                f"{docx['rss_growth_target']:.0%} of {low}'s",
                "value": f"{docx['rss_growth']:+.1%}",
                "met": docx["rss_met"],
            }
        )
    target = f"--jobs 2 at least {jobs['speedup_target']}x --jobs 1 ({jobs['meetings']} meetings)"
    if jobs["speedup"] is not None:
        low, high = jobs["interval"]
        found.append(
            {
                "target": target,
                "value": f"{jobs['speedup']:.2f}x [{low:.2f}-{high:.2f}] {jobs['verdict']}, "
                f"{jobs['free_rounds']} rounds with two free cores "
                f"({_load_note(jobs['rows'], result)})",
                "met": jobs["met"],
            }
        )
    elif jobs.get("round_ratios"):
        found.append(
            {
                "target": target,
                "value": f"not measured: no round had two free cores "
                f"(capacity below {jobs['free_capacity']}; {_load_note(jobs['rows'], result)})",
                "met": False,
            }
        )
    return found


def _load_note(rows: list[dict[str, Any]], result: dict[str, Any]) -> str:
    loads = [load for row in rows for load in row.get("load_before_runs", [])]
    capacities = [c for row in rows for c in row.get("capacity_before_runs", []) if c is not None]
    note = f"{result['usable_cpus']} CPUs"
    if loads:
        note += f", load {min(loads):.1f}-{max(loads):.1f}"
    if capacities:
        note += f", capacity {min(capacities):.2f}-{max(capacities):.2f}"
    return note + " before the runs"


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    rows = []
    for part in ("docx", "jobs"):
        for row in result[part]["rows"]:
            if "error" in row:
                rows.append([part, row["name"], "", "", "", "", f"failed: {row['error'][-200:]}"])
                continue
            rss = row["max_rss_kib"]
            loads = row["load_before_runs"]
            expected = row.get("files_expected", row["meetings"])
            rows.append(
                [
                    part,
                    row["name"],
                    f"{row['wall_s']:.2f} s",
                    f"{row['per_document_ms']:.1f} ms",
                    "–" if rss is None else f"{rss / 1024:.0f} MiB",
                    f"{min(loads):.1f}-{max(loads):.1f}" if loads else "–",
                    f"{row['files_written']}/{expected} files",
                ]
            )
    jobs = result["jobs"]
    creation = jobs.get("file_creation")
    if creation:
        value = f"{creation['alone_us']:.0f} us alone, {creation['together_us']:.0f} us two at once"
        rows.append(["jobs", "creating a file in the output folder", value, "", "", "", ""])
    for key, label in (("parallelism", "parallelism"), ("cpu_ratio", "CPU ratio")):
        if key in jobs:
            low, high = jobs[key]["interval"]
            value = f"{jobs[key]['median']:.2f}x [{low:.2f}-{high:.2f}]"
            rows.append(["jobs", f"--jobs 2 against 1: {label}", value, "", "", "", ""])
    for target in targets(result):
        met = "met" if target["met"] else "MISSED"
        rows.append(["target", target["target"], target["value"], met, "", "", ""])
    header = ["part", "run", "wall", "per meeting", "max RSS", "load before", "output"]
    return header, rows
