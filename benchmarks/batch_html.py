"""Batch html, per document: ``kommunchef export FOLDER -f html`` against a bare Jinja2 script.

    .venv/bin/python -m benchmarks.batch_html [--quick] [--json OUT.json]

Both commands read the same folder of seed-sized generated meetings with ``kommunchef.load``
and write one page per meeting. The bare script renders each meeting's outline with the one
Jinja2 template of :func:`benchmarks.baselines.html_document` (checked to say the same as
kommunchef's page) and writes the file with ``Path.write_bytes``; kommunchef also validates
each meeting and writes through temporary files. The cost per document is the difference
between a run over the whole folder and a run over a fifth of it, divided by the difference
in meetings, so that starting the process and compiling the template cancel out. Both wall
time and CPU time (user and system, from ``getrusage``) are reported: on a shared machine CPU
time varies far less, and it leaves out waiting for the disk, where kommunchef's writes differ
(each file is flushed to disk before it is moved into place).

Runs are interleaved in a rotating order after a warm-up; figures are medians. Target:
kommunchef's CPU time per document at most 1.5x the bare script's. No test checks the
figure; the last run's are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import load_average
from benchmarks.meetings import write_batch
from benchmarks.startup import kommunchef_command
from benchmarks.timing import child_environment

RATIO_TARGET = 1.5
REPOSITORY = Path(__file__).resolve().parents[1]


def bare(source: Path, output: Path) -> None:
    """What a short script would do: load each meeting, render its page, write it."""
    import kommunchef
    from benchmarks.baselines import html_document

    output.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.json")):
        (output / f"{path.stem}.html").write_bytes(html_document(kommunchef.load(path)))


def _run(command: list[str], output: Path) -> tuple[float, float]:
    """Wall and CPU time (user and system, of the command and its children) of one run."""
    shutil.rmtree(output, ignore_errors=True)
    started, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, cwd=REPOSITORY, env=child_environment(), check=True, capture_output=True
    )
    wall, done = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = done.ru_utime - usage.ru_utime + done.ru_stime - usage.ru_stime
    return wall, cpu


def run(*, quick: bool) -> dict[str, Any]:
    """Time both commands over the folder and over a fifth of it, interleaved."""
    count = 20 if quick else 200
    small = count // 5
    work = Path(tempfile.mkdtemp(prefix="kommunchef-batch-html-"))
    try:
        paths = write_batch(work / "all", count)
        (work / "part").mkdir()
        for path in paths[:small]:
            shutil.copy(path, work / "part" / path.name)

        def command(who: str, folder: str) -> tuple[list[str], Path]:
            source, output = str(work / folder), work / f"out-{who}-{folder}"
            if who == "kommunchef":
                export = [*kommunchef_command(), "export", source, "-f", "html", "-o"]
                return [*export, str(output)], output
            bare = [sys.executable, "-m", "benchmarks.batch_html", "--bare", source]
            return [*bare, str(output)], output

        runs = {
            f"{who} {folder}": command(who, folder)
            for folder in ("all", "part")
            for who in ("kommunchef", "bare")
        }
        for arguments, output in runs.values():  # warm-up: bytecode and compiled templates
            _run(arguments, output)
        before = load_average()
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        names = list(runs)
        for round_ in range(1 if quick else 7):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].append(_run(*runs[name]))
        after = load_average()
        result: dict[str, Any] = {
            "meetings": count,
            "target_ratio": RATIO_TARGET,
            "load_average": {"before": before, "after": after},
            "samples_s": samples,
        }
        for index, measure in enumerate(("wall", "cpu")):
            per_document = {
                who: (
                    statistics.median(s[index] for s in samples[f"{who} all"])
                    - statistics.median(s[index] for s in samples[f"{who} part"])
                )
                / (count - small)
                for who in ("kommunchef", "bare")
            }
            ratio = per_document["kommunchef"] / per_document["bare"]
            result[measure] = {"per_document_s": per_document, "ratio": ratio}
        result["met"] = result["cpu"]["ratio"] <= RATIO_TARGET
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 meetings, one round")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument(
        "--bare", nargs=2, type=Path, metavar=("SOURCE", "OUT"), help=argparse.SUPPRESS
    )
    options = parser.parse_args(arguments)
    if options.bare:
        bare(*options.bare)
        return 0
    results = run(quick=options.quick)
    text = json.dumps(results, indent=2)
    print(text)
    if options.json:
        options.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
