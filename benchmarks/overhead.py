"""Part 2, overhead per format: kommunchef against the same document written straight.

For each format with a baseline (:mod:`benchmarks.baselines`) four contenders are timed in
the same interleaved rounds on the seed example:

* the first export of a meeting: ``kommunchef.export`` of a new copy of the meeting each
  time, so that it is validated every time (a meeting object's validation is remembered);
* ``kommunchef.export(meeting, format)`` again, on a meeting already validated;
* ``exporter.export(meeting)``: the plugin alone;
* the baseline.

The ratio that the target applies to is the first export's median over the baseline's.
Shallow copies cost about 1 % of the fastest baseline.

Wall time on a shared machine varies; instruction counts do not. Run as a script, the module
repeats one contender so that callgrind can count it::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python -m benchmarks.overhead first html 20

less the same with 0 calls, divided by 20, is one first export's instructions (three calls
before the counted ones warm up caches and imports in both runs).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import kommunchef
from benchmarks.baselines import BASELINES
from benchmarks.equivalence import differences
from benchmarks.meetings import SEED, seed_meeting
from benchmarks.timing import compare

RATIO_TARGET = 1.25
LOADS_TARGET = 8.0
"""``kommunchef.loads`` (parsing, structuring, checking) against ``json.loads`` alone."""


def _first_export(meeting: kommunchef.Meeting, name: str) -> bytes:
    return kommunchef.export(copy.copy(meeting), name)


def _contender(kind: str, name: str) -> Callable[[], bytes]:
    meeting = seed_meeting()
    contenders: dict[str, Callable[[], bytes]] = {
        "first": partial(_first_export, meeting, name),
        "again": partial(kommunchef.export, meeting, name),
        "exporter": partial(kommunchef.get_exporter(name).export, meeting),
        "baseline": partial(BASELINES[name], meeting),
    }
    return contenders[kind]


def run(*, quick: bool) -> dict[str, Any]:
    """Measure every format that has a baseline; a format that is not installed is skipped."""
    meeting = seed_meeting()
    rows: list[dict[str, Any]] = []
    for name, baseline in BASELINES.items():
        try:
            exporter = kommunchef.get_exporter(name)
            ours = kommunchef.export(meeting, name)
        except kommunchef.KommunchefError as error:
            rows.append({"format": name, "skipped": str(error)})
            continue
        theirs = baseline(meeting)
        stats = compare(
            {
                "first": partial(_first_export, meeting, name),
                "api": partial(kommunchef.export, meeting, name),
                "exporter": partial(exporter.export, meeting),
                "baseline": partial(baseline, meeting),
            },
            rounds=3 if quick else 30,
            warmup=1 if quick else 5,
            min_time=0.005 if quick else 0.05,
        )
        first, api, plugin, base = (
            stats[key].median for key in ("first", "api", "exporter", "baseline")
        )
        rows.append(
            {
                "format": name,
                "first_ms": first * 1000,
                "api_ms": api * 1000,
                "exporter_ms": plugin * 1000,
                "baseline_ms": base * 1000,
                "validation_ms": (first - api) * 1000,
                "ratio": first / base,
                "again_ratio": api / base,
                "exporter_ratio": plugin / base,
                "met": first / base <= RATIO_TARGET,
                "bytes": len(ours),
                "baseline_bytes": len(theirs),
                "content_differences": differences(name, ours, theirs),
                "timings": {key: value.as_json() for key, value in stats.items()},
            }
        )
    return {
        "meeting": SEED.name,
        "target_ratio": RATIO_TARGET,
        "rows": rows,
        "loads": _loads(meeting, quick),
    }


def _loads(meeting: kommunchef.Meeting, quick: bool) -> dict[str, Any]:
    """``kommunchef.loads`` of the seed's JSON against ``json.loads`` of the same text."""
    text = kommunchef.dumps(meeting)
    stats = compare(
        {"kommunchef": partial(kommunchef.loads, text), "json": partial(json.loads, text)},
        rounds=3 if quick else 30,
        warmup=1 if quick else 5,
        min_time=0.005 if quick else 0.05,
    )
    ours, theirs = stats["kommunchef"].median, stats["json"].median
    return {
        "kommunchef_ms": ours * 1000,
        "json_ms": theirs * 1000,
        "ratio": ours / theirs,
        "target_ratio": LOADS_TARGET,
        "met": ours / theirs <= LOADS_TARGET,
        "timings": {key: value.as_json() for key, value in stats.items()},
    }


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    rows = []
    for row in result["rows"]:
        if "skipped" in row:
            rows.append([row["format"], "", "", "", "", "", f"skipped: {row['skipped']}"])
            continue
        content = "same" if not row["content_differences"] else "DIFFERS"
        rows.append(
            [
                row["format"],
                f"{row['first_ms']:.2f} ms",
                f"{row['api_ms']:.2f} ms",
                f"{row['exporter_ms']:.2f} ms",
                f"{row['baseline_ms']:.2f} ms",
                f"{row['ratio']:.2f}x ({row['again_ratio']:.2f}x)",
                f"{'met' if row['met'] else 'MISSED'}, content {content}",
            ]
        )
    loads = result.get("loads")
    if loads is not None:
        rows.append(
            [
                "loads",
                f"{loads['kommunchef_ms']:.2f} ms",
                "",
                "",
                f"{loads['json_ms']:.2f} ms (json.loads)",
                f"{loads['ratio']:.2f}x",
                f"{'met' if loads['met'] else 'MISSED'} (target <= {loads['target_ratio']:g})",
            ]
        )
    return [
        "format",
        "first export",
        "export again",
        "exporter only",
        "baseline",
        "ratio (again)",
        f"target <= {result['target_ratio']}",
    ], rows


def main(arguments: list[str] | None = None) -> int:
    """Call one contender a number of times, for counting instructions (see the module)."""
    parser = argparse.ArgumentParser(description="Repeat one contender of the overhead part.")
    parser.add_argument("contender", choices=("first", "again", "exporter", "baseline"))
    parser.add_argument("format", choices=sorted(BASELINES))
    parser.add_argument("calls", type=int)
    options = parser.parse_args(arguments)
    call = _contender(options.contender, options.format)
    for _ in range(3 + options.calls):
        call()
    return 0


if __name__ == "__main__":
    sys.exit(main())
