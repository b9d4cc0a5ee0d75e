"""Time and peak memory of one export, measured in a fresh process.

``python -m benchmarks.probe FORMAT ITEMS PARTICIPANTS [REPEATS [time]]`` builds the generated
meeting, exports a small meeting once (so imports and caches are not counted), then exports
the big one REPEATS times (default 1) and once more under ``tracemalloc``, and prints JSON:

* ``seconds``: the median time of the REPEATS exports, in a process that holds only this
  meeting (``seconds_samples``: each of them);
* ``rss_growth_kib``: how far the resident set rose above its level before the export (the
  peak is reset through ``/proc/self/clear_refs`` first); this includes memory that C
  libraries such as lxml allocate;
* ``traced_peak_kib``: the peak of Python's own allocations during the export, from
  ``tracemalloc`` (an export of its own, because tracing slows it down).

With ``time`` only the time is measured. ``FORMAT`` may also be ``validate`` (the whole-meeting checks alone) or ``loads`` (reading
the meeting's JSON document).
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import kommunchef
from benchmarks.meetings import generated_meeting
from kommunchef import Meeting


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _release_free_memory() -> None:
    """Give memory the C allocator holds free back to the system (glibc), where possible.

    Otherwise an export can reuse what building its meeting freed, and its resident set
    seems to grow less than it does, the more so the smaller the export.
    """
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def task(format: str, meeting: Meeting) -> Callable[[], object]:
    """What is measured on ``meeting``: its export, its validation, or reading its JSON."""
    if format == "validate":
        return partial(kommunchef.validate, meeting)
    if format == "loads":
        # Compact: indented, the largest meeting would pass the loader's size limit.
        return partial(kommunchef.loads, kommunchef.dumps(meeting, indent=None))
    return partial(kommunchef.export, meeting, format)


def measure(
    format: str, items: int, participants: int, repeats: int = 1, *, memory: bool = True
) -> dict[str, object]:
    """Peak memory and wall time of exporting the generated meeting (see the module doc).

    ``seconds`` is the median of ``repeats`` timed exports, the first of which also
    measures the resident set.
    """
    task(format, generated_meeting(2, 10))()
    run = task(format, generated_meeting(items, participants))
    gc.collect()
    _release_free_memory()
    reset = _reset_peak()
    before_rss = _status_kib("VmRSS")
    before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    output = run()
    times = [time.perf_counter() - start]
    peak = _status_kib("VmHWM") if reset else None
    after_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(repeats - 1):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
        del result  # freed after the clock stops, as the first result is
    timing: dict[str, object] = {
        "format": format,
        "items": items,
        "participants": participants,
        "seconds": statistics.median(times),
        "seconds_samples": times,
    }
    if not memory:
        return timing
    if peak is not None and before_rss is not None:
        growth = max(0, peak - before_rss)
        method = "VmHWM after clear_refs minus VmRSS before"
    else:
        growth = max(0, after_max - before_max)
        method = "ru_maxrss growth (peak could not be reset)"
    size = len(output) if isinstance(output, bytes) else None
    del output
    gc.collect()
    tracemalloc.start()
    run()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        **timing,
        "rss_growth_kib": growth,
        "rss_method": method,
        "traced_peak_kib": traced_peak // 1024,
        "bytes": size,
    }


def main(argv: list[str]) -> int:
    """Run one probe and print its JSON."""
    format, items, participants = argv[0], int(argv[1]), int(argv[2])
    repeats = int(argv[3]) if len(argv) > 3 else 1
    memory = argv[4:5] != ["time"]
    print(json.dumps(measure(format, items, participants, repeats, memory=memory)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
