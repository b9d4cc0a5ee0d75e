"""What the figures were measured on: processor, memory, load, Python and package versions."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "kommunchef",
    "kommunchef-docx",
    "kommunchef-html",
    "kommunchef-ical",
    "kommunchef-markdown",
    "attrs",
    "cattrs",
    "babel",
    "python-docx",
    "lxml",
    "Jinja2",
    "MarkupSafe",
    "icalendar",
    "docxtpl",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def load_average() -> tuple[float, float, float] | None:
    """The 1, 5 and 15 minute load averages, where the system tells them."""
    try:
        return os.getloadavg()
    except OSError:
        return None


def _spin(steps: int) -> float:
    """Seconds for a fixed piece of pure Python work."""
    start = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return time.perf_counter() - start


def _alone_and_together(work: Callable[[str], float]) -> tuple[float, float] | None:
    """Seconds of ``work`` alone in this process, and of the slower of two runs at once, in
    this process and a forked one; ``work`` gets a tag for its run ("alone", "parent",
    "child") and returns its own seconds. ``None`` where the system cannot fork."""
    if not hasattr(os, "fork"):
        return None
    alone = work("alone")
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.write(writer, repr(work("child")).encode())
        finally:
            os._exit(0)
    os.close(writer)
    mine = work("parent")
    os.waitpid(child, 0)
    with os.fdopen(reader, "rb") as pipe:
        theirs = float(pipe.read())
    return alone, max(mine, theirs)


def two_core_capacity(steps: int = 2_000_000) -> float | None:
    """How many cores' worth of work two processes get right now: 2.0 when two cores are
    free, 1.0 when they share one.

    The same work runs alone, then in this process and a forked one at once; the capacity is
    twice the time alone over the slower of the two together. The load average cannot tell
    this: on a virtual machine, the host's other guests take time from the cores without
    counting in it. ``None`` where the system cannot fork.
    """
    times = _alone_and_together(lambda _tag: _spin(steps))
    if times is None:
        return None
    alone, together = times
    return 2 * alone / together


def _create_files(folder: Path, count: int, tag: str) -> float:
    """Seconds to create ``count`` files of 1 KiB in ``folder``, named after ``tag``."""
    start = time.perf_counter()
    for index in range(count):
        descriptor = os.open(folder / f"{tag}-{index}", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        os.write(descriptor, b"x" * 1024)
        os.close(descriptor)
    return time.perf_counter() - start


def file_creation(folder: Path, count: int = 300) -> dict[str, float] | None:
    """What creating a small file costs in ``folder``, alone and with two processes at once.

    ``alone_us`` is the time per file of one process creating ``count`` files;
    ``together_us`` the time per file of two processes creating ``count`` files each at the
    same time: half of ``alone_us`` when creation runs on both cores at once, as much as
    ``alone_us`` when it runs one file at a time, more when the two slow each other. A
    batch creates one file per document, so where creation is slow and serial, it bounds
    what ``--jobs`` can gain. The files are removed afterwards. ``None`` where the system
    cannot fork.
    """
    probe = Path(tempfile.mkdtemp(prefix="file-creation-", dir=folder))
    try:
        times = _alone_and_together(lambda tag: _create_files(probe, count, tag))
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    if times is None:
        return None
    alone, together = times
    return {"alone_us": alone / count * 1e6, "together_us": together / (2 * count) * 1e6}


def pandoc_version() -> str | None:
    """The first line of ``pandoc --version``, or ``None`` when pandoc is not installed."""
    program = shutil.which("pandoc")
    if program is None:
        return None
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.splitlines()[0] if result.returncode == 0 and result.stdout else None


def describe() -> dict[str, Any]:
    """The machine and software, for the JSON results and docs/performance.md."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gib": _memory_gib(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "packages": versions,
        "pandoc": pandoc_version(),
    }
