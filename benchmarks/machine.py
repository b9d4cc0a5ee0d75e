"""What the figures were measured on: processor, memory, load, Python and package versions."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
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


def two_core_capacity(steps: int = 2_000_000) -> float | None:
    """How many cores' worth of work two processes get right now: 2.0 when two cores are
    free, 1.0 when they share one.

    The same work runs alone, then in this process and a forked one at once; the capacity is
    twice the time alone over the slower of the two together. The load average cannot tell
    this: on a virtual machine, the host's other guests take time from the cores without
    counting in it. ``None`` where the system cannot fork.
    """
    if not hasattr(os, "fork"):
        return None
    alone = _spin(steps)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.write(writer, repr(_spin(steps)).encode())
        finally:
            os._exit(0)
    os.close(writer)
    mine = _spin(steps)
    os.waitpid(child, 0)
    with os.fdopen(reader, "rb") as pipe:
        theirs = float(pipe.read())
    return 2 * alone / max(mine, theirs)


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
