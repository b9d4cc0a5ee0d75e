"""Benchmark of ``kommunchef site``: full builds, an incremental rebuild and peak memory.

``python benchmarks/site.py --sizes 1000 3000 10000`` generates each series (the meetings of
``benchmarks/series.py``: six items of 80 words, a decision, a follow-up and a coming meeting
each, one a day) in a temporary folder and measures, each build in a fresh process:

* a full build with ``--jobs 1`` and with ``--jobs 2`` (every meeting rendered to HTML, DOCX
  and JSON, and PDF when that format is installed);
* a rebuild after one meeting file changed (the goal: under 2 % of the full build);
* a rebuild with nothing changed;
* each build's peak resident memory (the process and its workers).

It prints a table and writes the figures as JSON (``--json``). No test checks a timing.
"""

from __future__ import annotations

import argparse
import json
import random
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
start = time.perf_counter()
result = build_site(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]))
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, len(result.rendered), max(own, workers))
"""


def build(series: Path, site: Path, jobs: int) -> dict[str, float]:
    """One build in a fresh process: seconds, meetings rendered, peak memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(series), str(site), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rendered, peak_kb = done.stdout.split()
    return {"seconds": float(seconds), "rendered": int(rendered), "peak_mb": int(peak_kb) / 1024}


def measure(root: Path, size: int) -> dict[str, float]:
    series = root / f"series-{size}"
    generate(series, size)
    row: dict[str, float] = {"meetings": size}
    for jobs in (1, 2):
        site = root / f"site-{size}-{jobs}"
        full = build(series, site, jobs)
        row[f"full_jobs{jobs}_s"] = full["seconds"]
        row[f"full_jobs{jobs}_peak_mb"] = full["peak_mb"]
    site = root / f"site-{size}-1"
    changed = generated_meeting(size // 2, random.Random(-1))
    (series / f"{changed.id}.json").write_text(kommunchef.dumps(changed), encoding="utf-8")
    one = build(series, site, 1)
    assert one["rendered"] == 1, one
    row["one_changed_s"] = one["seconds"]
    row["one_changed_share"] = one["seconds"] / row["full_jobs1_s"]
    row["one_changed_peak_mb"] = one["peak_mb"]
    row["nothing_changed_s"] = build(series, site, 1)["seconds"]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that it runs")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    sizes = [10, 20] if args.quick else args.sizes
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            start = time.perf_counter()
            rows.append(measure(Path(temporary), size))
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
