"""Careful timing: warm-up, interleaved rounds, medians, and process-level memory.

Everything that is compared is measured in the same rounds: each round runs every contender
once, in a rotated order, so that drift in the machine's load affects all of them alike.
Ratios are taken between medians of the same run.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Stats:
    """The samples of one contender, in seconds per call."""

    samples: list[float]
    loops: int = 1
    """How many calls each sample averages (fast functions are called in a loop)."""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def spread(self) -> float:
        """The interquartile range relative to the median (0.05 = 5 %)."""
        if len(self.samples) < 4:
            return (max(self.samples) - min(self.samples)) / self.median if self.median else 0.0
        q1, _, q3 = statistics.quantiles(self.samples, n=4)
        return (q3 - q1) / self.median if self.median else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "median_s": self.median,
            "min_s": min(self.samples),
            "spread": self.spread,
            "loops": self.loops,
            "samples_s": self.samples,
        }


def _loops_for(function: Callable[[], object], min_time: float) -> int:
    """How many calls make one sample last at least ``min_time`` (like ``timeit``'s autorange)."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            function()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time or loops >= 1_000_000:
            return loops
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9) * 1.2))


def compare(
    contenders: Mapping[str, Callable[[], object]],
    *,
    rounds: int,
    warmup: int = 2,
    min_time: float = 0.02,
) -> dict[str, Stats]:
    """Time each function over ``rounds`` interleaved rounds; seconds per call.

    Every function is first called ``warmup`` times (imports, caches, compiled templates),
    then the number of calls per sample is chosen so that a sample lasts ``min_time``.
    A garbage collection runs before each sample so that one contender's garbage is not
    collected on another's clock.
    """
    names = list(contenders)
    for name in names:
        for _ in range(warmup):
            contenders[name]()
    loops = {name: _loops_for(contenders[name], min_time) for name in names}
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            function, count = contenders[name], loops[name]
            gc.collect()
            start = time.perf_counter()
            for _ in range(count):
                function()
            samples[name].append((time.perf_counter() - start) / count)
    return {name: Stats(samples[name], loops[name]) for name in names}


PYCACHE = Path(tempfile.gettempdir()) / "kommunchef-benchmarks-pycache"
"""Where the measured processes keep their compiled bytecode (outside the source tree)."""


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured process.

    An installed package has its modules compiled to bytecode; an editable install under
    ``PYTHONDONTWRITEBYTECODE`` would compile them from source in every process and make
    start-up look slower than users see it. So bytecode is allowed, and kept in
    :data:`PYCACHE` rather than next to the sources.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    environment.update(extra or {})
    return environment


@dataclass
class ProcessRun:
    """One run of a command: wall time, exit status and, when measured, memory."""

    wall_s: float
    returncode: int
    max_rss_kib: int | None = None
    """The largest resident set of the command's process or of any of its waited-for
    children (worker processes); measured through a small launcher, see :func:`run_process`."""
    tree_peak_kib: int | None = None
    """The largest sum of the proportional set sizes of the command and its descendants,
    sampled every 5 ms (``None`` when not measured or not on Linux)."""
    cpu_s: float | None = None
    """CPU seconds (user and system) of the command and of every child it waited for, its
    worker processes included; ``None`` where the system does not report it."""
    stderr: str = ""

    @property
    def cores_used(self) -> float | None:
        """How many cores the run kept busy on average: its CPU time over its wall time."""
        if self.cpu_s is None or self.wall_s <= 0:
            return None
        return self.cpu_s / self.wall_s


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found.extend(int(child) for child in text.split())
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    # Proportional set size: pages shared by the forked workers count once in the sum.
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process's descendants until stopped."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            pids, total = _children(self.pid), 0
            while pids:
                pid = pids.pop()
                total += _pss_kib(pid)
                pids.extend(_children(pid))
            self.peak = max(self.peak, total)
            self.stopped.wait(self.interval)


# The launcher forks the command from a small process and reports the command's own
# resource use. Spawning it straight from this (large) process would not do: Linux keeps a
# process's peak RSS across exec, so the command would inherit this process's size.
_LAUNCHER = """
import os, sys, time
report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as file:
    file.write(f"{wall} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _waited_children_cpu() -> float | None:
    """CPU seconds of every child this process has waited for so far (Unix only)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    measure_memory: bool = False,
) -> ProcessRun:
    """Run ``command`` (its output is discarded) and time it.

    With ``measure_memory`` the command runs under a small launcher that reports its wall
    time and peak RSS, and the summed PSS of the command's process tree is sampled.
    """
    report = None
    if measure_memory:
        handle, name = tempfile.mkstemp(prefix="kommunchef-bench-", suffix=".rusage")
        os.close(handle)
        report = Path(name)
        command = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *command]
    sampling = measure_memory and Path("/proc/self/smaps_rollup").exists()
    cpu_before = _waited_children_cpu()
    try:
        with open(os.devnull, "rb") as stdin, open(os.devnull, "wb") as stdout:
            start = time.perf_counter()
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=child_environment(env),
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.PIPE,
            )
            sampler = _TreeSampler(process.pid, 0.005) if sampling else None
            if sampler is not None:
                sampler.start()
            _, error = process.communicate()
            wall = time.perf_counter() - start
            if sampler is not None:
                sampler.stopped.set()
                sampler.join()
        cpu_after = _waited_children_cpu()
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        max_rss = None
        if report is not None:
            text = report.read_text().split()
            if len(text) == 3:
                wall, max_rss, cpu = float(text[0]), int(text[1]), float(text[2])
    finally:
        if report is not None:
            report.unlink(missing_ok=True)
    return ProcessRun(
        wall_s=wall,
        returncode=process.returncode,
        max_rss_kib=max_rss,
        tree_peak_kib=sampler.peak if sampler is not None else None,
        cpu_s=cpu,
        stderr=error.decode("utf-8", "replace"),
    )


@dataclass
class CommandStats:
    """The runs of one command across interleaved rounds."""

    runs: list[ProcessRun] = field(default_factory=list)

    @property
    def wall(self) -> Stats:
        return Stats([run.wall_s for run in self.runs])

    @property
    def failed(self) -> ProcessRun | None:
        return next((run for run in self.runs if run.returncode != 0), None)

    def as_json(self) -> dict[str, Any]:
        result = self.wall.as_json()
        rss = [run.max_rss_kib for run in self.runs if run.max_rss_kib is not None]
        if rss:
            result["max_rss_kib"] = max(rss)
        peaks = [run.tree_peak_kib for run in self.runs if run.tree_peak_kib is not None]
        if peaks:
            result["tree_peak_pss_kib"] = max(peaks)
        failed = self.failed
        if failed is not None:
            result["failed"] = asdict(failed)
        return result


def compare_commands(
    commands: Mapping[str, Sequence[str]],
    *,
    rounds: int,
    warmup: int = 1,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    before: Callable[[str], None] | None = None,
    measure_memory: bool = False,
) -> dict[str, CommandStats]:
    """Run each command ``rounds`` times, interleaved and rotated like :func:`compare`.

    ``before(name)`` runs untimed before each run (to clear an output folder, say);
    ``measure_memory`` measures each run's memory (see :func:`run_process`).
    """
    names = list(commands)
    for name in names:
        for _ in range(warmup):
            if before is not None:
                before(name)
            run_process(commands[name], cwd=cwd, env=env)
    results = {name: CommandStats() for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            if before is not None:
                before(name)
            results[name].runs.append(
                run_process(commands[name], cwd=cwd, env=env, measure_memory=measure_memory)
            )
    return results


def loglog_exponent(sizes: Sequence[float], values: Sequence[float]) -> float | None:
    """The least-squares slope of log(value) against log(size): 1.0 is linear growth."""
    import math

    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values) if s > 0 and v > 0]
    if len(points) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    denominator = sum((x - mean_x) ** 2 for x, _ in points)
    if denominator == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / denominator
