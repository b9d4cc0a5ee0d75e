"""Benchmark of ``kommunchef site``: full builds, an incremental rebuild and peak memory.

``python benchmarks/site.py --sizes 1000 3000 10000`` generates each series (the meetings of
``benchmarks/series.py``: six items of 80 words, a decision, a follow-up and a coming meeting
each, one a day) in a temporary folder and measures, each build in a fresh process:

* a full build with ``--jobs 1`` and with ``--jobs 2`` (every meeting rendered to HTML and
  the ``--downloads``: DOCX and JSON unless told otherwise, ``all`` for every installed one);
* a rebuild after one meeting file changed (the goal: under 2 % of the full build), three
  times with a different meeting each time, and a rebuild with nothing changed, three times:
  the median of each;
* each build's peak resident memory (the process and its largest worker);
* the 1-minute load average of the machine before each build (lowest and highest), since
  the figures mean little on a busy machine.

Before each build the file system is synced, so that no build is timed while the previous
one's writes are still going to the disk.

It prints a table and writes the figures as JSON (``--json``). No test checks a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kommunchef

if __package__ in (None, ""):
    # Run as a script: make the ``benchmarks`` package importable from the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.series import generate, generated_meeting

BUILD = """
import resource, sys, time
from kommunchef.site import build_site
downloads = None if sys.argv[4] == "all" else [n for n in sys.argv[4].split(",") if n]
start = time.perf_counter()
result = build_site(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), downloads=downloads)
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, len(result.rendered), max(own, workers))
"""


REPEATS = 3
"""How many times the rebuilds are measured (the median counts)."""


class Builds:
    """Runs builds in fresh processes and notes the load average before each."""

    def __init__(self, downloads: str) -> None:
        self.downloads = downloads
        self.loads: list[float] = []

    def __call__(self, series: Path, site: Path, jobs: int) -> dict[str, float]:
        """One build: seconds, meetings rendered, peak memory in MB."""
        os.sync()  # the previous build's writes reach the disk before this one is timed
        self.loads.append(os.getloadavg()[0])
        done = subprocess.run(
            [sys.executable, "-c", BUILD, str(series), str(site), str(jobs), self.downloads],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, rendered, peak_kb = done.stdout.split()
        return {
            "seconds": float(seconds),
            "rendered": int(rendered),
            "peak_mb": int(peak_kb) / 1024,
        }


def measure(
    root: Path, size: int, downloads: str, jobs_measured: tuple[int, ...] = (1, 2)
) -> dict[str, float]:
    series = root / f"series-{size}"
    generate(series, size)
    build = Builds(downloads)
    row: dict[str, float] = {"meetings": size}
    for jobs in sorted({1, *jobs_measured}):  # the rebuilds below start from the -j 1 site
        site = root / f"site-{size}-{jobs}"
        full = build(series, site, jobs)
        row[f"full_jobs{jobs}_s"] = full["seconds"]
        row[f"full_jobs{jobs}_peak_mb"] = full["peak_mb"]
    site = root / f"site-{size}-1"
    ones: list[dict[str, float]] = []
    for repeat in range(REPEATS):
        index = size * (repeat + 1) // (REPEATS + 1)
        changed = generated_meeting(index, random.Random(-1 - repeat))
        (series / f"{changed.id}.json").write_text(kommunchef.dumps(changed), encoding="utf-8")
        ones.append(build(series, site, 1))
        assert ones[-1]["rendered"] == 1, ones[-1]
    row["one_changed_s"] = statistics.median(one["seconds"] for one in ones)
    row["one_changed_share"] = row["one_changed_s"] / row["full_jobs1_s"]
    row["one_changed_peak_mb"] = max(one["peak_mb"] for one in ones)
    nothing = [build(series, site, 1)["seconds"] for _ in range(REPEATS)]
    row["nothing_changed_s"] = statistics.median(nothing)
    row["load_1min_min"] = min(build.loads)
    row["load_1min_max"] = max(build.loads)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that it runs")
    parser.add_argument(
        "--downloads",
        default="docx,json",
        help="the meeting pages' downloads, comma-separated, or all (default docx,json)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=[1, 2],
        help="the --jobs of the full builds (default 1 2; 1 is always built)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    sizes = [10, 20] if args.quick else args.sizes
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            start = time.perf_counter()
            rows.append(measure(Path(temporary), size, args.downloads, tuple(args.jobs)))
            rows[-1]["benchmark_s"] = time.perf_counter() - start
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.4g}" for c in columns) + " |")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
