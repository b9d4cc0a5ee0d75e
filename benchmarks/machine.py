"""What the figures were measured on: processor, memory, load, Python and package versions."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
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
