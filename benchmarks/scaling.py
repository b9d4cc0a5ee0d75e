"""Part 4, scaling: time and peak memory against the number of agenda items and participants.

Generated meetings (:mod:`benchmarks.meetings`) with 10, 100, 1,000 and 10,000 agenda items
and 150 participants are exported with ``kommunchef.export`` to every installed format,
validated alone (``validate``, which every export does first) and read back from their JSON
(``loads``). A second series keeps
100 agenda items and grows the participants from 100 to 200.

Time is measured twice: in interleaved rounds in this process (the meetings are frozen out
of the garbage collector's sight so that each size runs with its own garbage only), and
three times per size in a fresh process holding only that meeting (``probe.py``, which also
measures memory), where the collector's scans of the meeting's own objects count. Time
exponents are fitted to the fastest round of each size (other work on a shared machine only
ever adds time); the JSON also has the exponents of the medians.

Memory is judged as the footprint: the larger of the resident set's growth and the peak of
Python's heap. The resident set alone understates small exports, which reuse memory the
process freed before them (building the meeting), and so overstates its exponent; the heap
alone misses what C libraries such as lxml allocate.

The time over the largest step (1,000 to 10,000 items) is also measured in adjacent pairs
(:mod:`benchmarks.step`): a single time per size moves with the machine's speed by up to 0.2
in the exponent, the pairs' median with its confidence interval does not. That estimate is
the one judged for the largest step's time; the single-time figures stay in the JSON.

For each series the growth exponent is the least-squares slope of log(value) against
log(size) over all sizes, and, for the agenda series, also over the largest tenfold step
alone, where a super-linear part would show most. Linear growth is 1.0; a fixed cost makes
it smaller at small sizes, which is why the largest step is reported too. The target applies
to every exponent of a format (time, fresh-process time, Python heap, resident set,
participants).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from typing import Any

import kommunchef
from benchmarks.meetings import REPO, generated_meeting
from benchmarks.probe import task
from benchmarks.step import paired_exponent
from benchmarks.timing import child_environment, compare, loglog_exponent

EXPONENT_TARGET = 1.05
PARTICIPANTS = 150
"""Participants of every meeting in the agenda series."""
ITEMS_FOR_PARTICIPANT_SERIES = 100


PAIRS = 11
"""Adjacent pairs per format for the largest step's exponent (:mod:`benchmarks.step`)..."""
MAX_PAIRS = 31
"""...and the most, while the verdict is undecided."""

SEPARATE_BENCHMARKS = frozenset({"pdf"})
"""Formats with a benchmark of their own (``benchmarks/pdf.py``): a page layout engine is
100 times slower than the other formats and would swamp the shared tables."""


def usable_formats() -> tuple[list[str], dict[str, str]]:
    """The installed formats that can export a small meeting, and why the others cannot."""
    usable: list[str] = []
    unusable: dict[str, str] = {}
    small = generated_meeting(2, 10)
    for info in kommunchef.available_formats():
        if info.name in SEPARATE_BENCHMARKS:
            continue
        try:
            kommunchef.export(small, info.name)
        except kommunchef.KommunchefError as error:
            unusable[info.name] = str(error)
            continue
        usable.append(info.name)
    return usable, unusable


def _timer(name: str, meeting: kommunchef.Meeting) -> Any:
    return task(name, meeting)


def _probe(
    name: str, items: int, participants: int, repeats: int, *, memory: bool = True
) -> dict[str, Any]:
    command = ["-m", "benchmarks.probe", name, str(items), str(participants), str(repeats)]
    if not memory:
        command.append("time")
    result = subprocess.run(
        [sys.executable, *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env=child_environment(),
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-500:]}
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def _series(
    names: list[str], sizes: list[tuple[int, int]], *, quick: bool, memory: bool
) -> dict[str, dict[str, Any]]:
    """Time (interleaved over sizes and formats) and memory of each format at each size."""
    meetings = {size: generated_meeting(*size) for size in sizes}
    contenders = {
        (name, size): _timer(name, meeting) for size, meeting in meetings.items() for name in names
    }
    largest = max(items for items, _ in sizes)
    rounds = 2 if quick else (3 if largest >= 10_000 else 7)
    # Every size's meeting is alive during the interleaved rounds; frozen, the garbage
    # collector does not scan them, so that the small sizes are not timed with the big
    # meetings' heap. The fresh-process time of each size (from the probe) includes what
    # the collector costs with the meeting's own heap.
    gc.collect()
    gc.freeze()
    try:
        stats = compare(
            {f"{name}@{items}x{people}": c for (name, (items, people)), c in contenders.items()},
            rounds=rounds,
            warmup=1,
            min_time=0.005 if quick else 0.05,
        )
    finally:
        gc.unfreeze()
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        points = []
        for items, people in sizes:
            timing = stats[f"{name}@{items}x{people}"]
            point: dict[str, Any] = {
                "items": items,
                "participants": people,
                "median_s": timing.median,
                "min_s": min(timing.samples),
                "spread": timing.spread,
                "samples_s": timing.samples,
            }
            if memory:
                probe = _probe(name, items, people, 1 if quick else 3)
                point.update(
                    {
                        key: probe.get(key)
                        for key in ("rss_growth_kib", "traced_peak_kib", "bytes", "error")
                        if key in probe
                    }
                )
                if "seconds" in probe:
                    point["fresh_process_s"] = probe["seconds"]
                    point["fresh_process_samples_s"] = probe["seconds_samples"]
            points.append(point)
        results[name] = {"points": points}
    if memory and not quick:
        # A second fresh process per size, largest first, so that a disturbance of the
        # machine while one size's process ran does not decide its time alone.
        for name in names:
            for point in reversed(results[name]["points"]):
                again = _probe(name, point["items"], point["participants"], 3, memory=False)
                point.setdefault("fresh_process_samples_s", []).extend(
                    again.get("seconds_samples", [])
                )
    for name in names:
        for point in results[name]["points"]:
            if point.get("fresh_process_samples_s"):
                point["fresh_process_min_s"] = min(point["fresh_process_samples_s"])
            rss, heap = point.get("rss_growth_kib"), point.get("traced_peak_kib")
            if isinstance(rss, int) and isinstance(heap, int):
                point["footprint_kib"] = max(rss, heap)
    return results


def paired_steps(
    names: list[str], small: int, large: int, *, pairs: int, max_pairs: int
) -> dict[str, Any]:
    """Each format's exponent from ``small`` to ``large`` items, from adjacent pairs."""
    meetings = {size: generated_meeting(size, PARTICIPANTS) for size in (small, large)}
    gc.collect()
    gc.freeze()  # neither meeting is scanned while the other size is timed
    try:
        return {
            name: paired_exponent(
                task(name, meetings[small]),
                task(name, meetings[large]),
                large / small,
                pairs=pairs,
                target=EXPONENT_TARGET,
                max_pairs=max_pairs,
            )
            for name in names
        }
    finally:
        gc.unfreeze()


def _exponents(points: list[dict[str, Any]], key: str, *, size_key: str) -> dict[str, Any]:
    usable = [p for p in points if isinstance(p.get(key), int | float) and p[key] > 0]
    sizes = [float(p[size_key]) for p in usable]
    values = [float(p[key]) for p in usable]
    overall = loglog_exponent(sizes, values)
    tail = loglog_exponent(sizes[-2:], values[-2:]) if len(usable) >= 3 else None
    return {"all": overall, "largest_step": tail}


def run(*, quick: bool) -> dict[str, Any]:
    """Measure both series; see the module docstring."""
    names, unusable = usable_formats()
    names = [*names, "validate", "loads"]
    item_sizes = [10, 100] if quick else [10, 100, 1_000, 10_000]
    people_sizes = [100, 200] if quick else [100, 150, 200]
    people_items = 10 if quick else ITEMS_FOR_PARTICIPANT_SERIES
    agenda = _series(names, [(n, PARTICIPANTS) for n in item_sizes], quick=quick, memory=True)
    people = _series(names, [(people_items, p) for p in people_sizes], quick=quick, memory=False)
    pairs = (3, 3) if quick else (PAIRS, MAX_PAIRS)
    steps = paired_steps(names, item_sizes[-2], item_sizes[-1], pairs=pairs[0], max_pairs=pairs[1])
    rows = []
    for name in names:
        points = agenda[name]["points"]
        # Times are judged by the fastest round: on a shared machine other work only ever
        # adds time, and one slow round at 10,000 items would move an exponent by 0.1.
        time_exp = _exponents(points, "min_s", size_key="items")
        rss_exp = _exponents(points, "rss_growth_kib", size_key="items")
        footprint_exp = _exponents(points, "footprint_kib", size_key="items")
        traced_exp = _exponents(points, "traced_peak_kib", size_key="items")
        fresh_exp = _exponents(points, "fresh_process_min_s", size_key="items")
        people_exp = _exponents(people[name]["points"], "min_s", size_key="participants")
        step = steps[name]
        judged = [
            value
            for value in (
                time_exp["all"],
                # The largest step's time: the paired estimate's whole interval.
                step["interval"][1],
                traced_exp["all"],
                traced_exp["largest_step"],
                footprint_exp["largest_step"],
                people_exp["all"],
            )
            if value is not None
        ]
        rows.append(
            {
                "format": name,
                "agenda_points": points,
                "participant_points": people[name]["points"],
                "time_exponent": time_exp,
                "time_exponent_of_medians": _exponents(points, "median_s", size_key="items"),
                "fresh_process_time_exponent": fresh_exp,
                "fresh_process_time_exponent_of_medians": _exponents(
                    points, "fresh_process_s", size_key="items"
                ),
                "traced_memory_exponent": traced_exp,
                "rss_exponent": rss_exp,
                "footprint_exponent": footprint_exp,
                "participant_time_exponent": people_exp["all"],
                "paired_step": step,
                "max_exponent": max(judged) if judged else None,
                "met": bool(judged) and max(judged) <= EXPONENT_TARGET,
            }
        )
    return {
        "participants": PARTICIPANTS,
        "item_sizes": item_sizes,
        "participant_sizes": people_sizes,
        "participant_series_items": people_items,
        "target_exponent": EXPONENT_TARGET,
        "unusable_formats": unusable,
        "rows": rows,
    }


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table: time and memory at each size, then the exponents."""
    sizes = result["item_sizes"]
    rows = []
    for row in result["rows"]:
        by_size = {p["items"]: p for p in row["agenda_points"]}
        cells = [row["format"]]
        for size in sizes:
            point = by_size[size]
            memory = point.get("traced_peak_kib")
            rss = point.get("rss_growth_kib")
            shown = _seconds(point["median_s"])
            if memory is not None:
                shown += f" / {memory / 1024:.1f}"
                if rss is not None:
                    shown += f"|{rss / 1024:.0f}"
                shown += " MiB"
            cells.append(shown)
        t, m, r = row["time_exponent"], row["traced_memory_exponent"], row["rss_exponent"]
        fresh, footprint = row["fresh_process_time_exponent"], row["footprint_exponent"]
        step = row["paired_step"]
        low, high = step["interval"]
        cells.append(
            f"t {_fmt(t['all'])} ({_fmt(t['largest_step'])}|{_fmt(fresh['largest_step'])}), "
            f"step {_fmt(step['median'])} [{_fmt(low)}-{_fmt(high)}] {step['verdict']}, "
            f"mem {_fmt(m['all'])} ({_fmt(m['largest_step'])}), "
            f"footprint ({_fmt(footprint['largest_step'])}; rss {_fmt(r['largest_step'])}), "
            f"people {_fmt(row['participant_time_exponent'])}"
        )
        cells.append("met" if row["met"] else "MISSED")
        rows.append(cells)
    for name, reason in result["unusable_formats"].items():
        rows.append([name, *([""] * len(sizes)), f"skipped: {reason}", ""])
    header = ["format", *(f"{n} items: time / heap|rss" for n in sizes)]
    exponents = "exponents: all (largest step|fresh process), step in pairs [interval]"
    return [*header, exponents, f"<= {result['target_exponent']}"], rows
