"""The growth exponent over one tenfold step, measured in adjacent pairs.

A machine shared with other work runs a process faster or slower from one second to the
next (by a third, on the machine of ``docs/performance.md``), so two times taken a minute
apart, one per size, move an exponent by up to 0.2. Here each pair is one call at the large
size and, right next to it, as many calls at the small size as take about as long: a change
of speed over a few seconds touches both halves alike and cancels in their ratio. The
exponent of a pair is ``log(t_large / t_small) / log(large / small)``; the estimate is the
median over the pairs, with a distribution-free confidence interval for the median (from
the binomial distribution of the order statistics). The target is *met* when the whole
interval is at or below it, *missed* when the whole interval is above it, and *undecided*
otherwise; while it is undecided, two more pairs are measured, up to ``max_pairs``.

``python -m benchmarks.step [FORMAT ...]`` measures the step from 1,000 to 10,000 agenda items
on its own (every format of the scaling benchmark by default).
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

CONFIDENCE = 0.9
"""The least coverage of the interval reported for the median exponent."""


def median_interval(values: list[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The narrowest order-statistic interval ``[x(k), x(n-k+1)]`` that holds the median
    with at least ``confidence`` (the whole range when there are too few values)."""
    ordered = sorted(values)
    n = len(ordered)
    best = (ordered[0], ordered[-1])
    for k in range(1, n // 2 + 1):
        # P(x(k) <= median <= x(n-k+1)) = 1 - 2 * P(Binomial(n, 1/2) < k)
        below = sum(math.comb(n, i) for i in range(k)) / 2**n
        if 1 - 2 * below < confidence:
            break
        best = (ordered[k - 1], ordered[n - k])
    return best


def verdict(interval: tuple[float, float], target: float, *, at_least: bool = False) -> str:
    """``met``, ``missed`` or ``undecided``: whether the whole interval is on the target's
    side (at or below it, or at or above it with ``at_least``), wholly on the other, or
    neither."""
    low, high = interval
    if at_least:
        return "met" if low >= target else ("missed" if high < target else "undecided")
    return "met" if high <= target else ("missed" if low > target else "undecided")


def _block(call: Callable[[], object], count: int) -> float:
    """Seconds per call over ``count`` calls, the collector's garbage of them included."""
    gc.collect()
    start = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - start) / count


def paired_exponent(
    small: Callable[[], object],
    large: Callable[[], object],
    ratio: float,
    *,
    pairs: int,
    target: float,
    max_pairs: int | None = None,
) -> dict[str, Any]:
    """The exponent of ``large`` over ``small`` (sizes ``ratio`` apart) from ``pairs`` pairs,
    or more while the verdict is undecided (up to ``max_pairs``)."""
    small(), large()  # warm up: templates, caches, code paths
    started = time.perf_counter()
    large()
    large_estimate = time.perf_counter() - started
    started = time.perf_counter()
    small()
    small_estimate = max(time.perf_counter() - started, 1e-6)
    repeats = max(1, round(large_estimate / small_estimate))
    exponents: list[float] = []
    limit = max(pairs, max_pairs or pairs)
    while True:
        # Which half comes first alternates, so that a steady drift cancels too.
        if len(exponents) % 2 == 0:
            small_s = _block(small, repeats)
            large_s = _block(large, 1)
        else:
            large_s = _block(large, 1)
            small_s = _block(small, repeats)
        exponents.append(math.log(large_s / small_s) / math.log(ratio))
        if len(exponents) < pairs or (len(exponents) - pairs) % 2 == 1:
            continue
        low, high = median_interval(exponents)
        judged = verdict((low, high), target)
        if judged != "undecided" or len(exponents) + 2 > limit:
            break
    return {
        "pairs": len(exponents),
        "small_calls_per_pair": repeats,
        "exponents": exponents,
        "median": statistics.median(exponents),
        "interval": [low, high],
        "confidence": CONFIDENCE,
        "verdict": judged,
    }


def main(argv: list[str] | None = None) -> int:
    """Print each format's paired exponent from 1,000 to 10,000 agenda items."""
    import argparse
    import json

    from benchmarks.scaling import EXPONENT_TARGET, MAX_PAIRS, PAIRS, paired_steps, usable_formats

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("formats", nargs="*", help="formats, validate or loads (default: all)")
    parser.add_argument("--json", metavar="OUT.json", help="also write the results here")
    arguments = parser.parse_args(argv)
    names = arguments.formats or [*usable_formats()[0], "validate", "loads"]
    steps = paired_steps(names, 1_000, 10_000, pairs=PAIRS, max_pairs=MAX_PAIRS)
    for name, step in steps.items():
        low, high = step["interval"]
        print(
            f"{name:10} {step['median']:.3f} [{low:.3f}-{high:.3f}] "
            f"{step['verdict']} (target <= {EXPONENT_TARGET}, {step['pairs']} pairs)"
        )
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as out:
            json.dump(steps, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
