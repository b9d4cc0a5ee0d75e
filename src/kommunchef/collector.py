"""Pausing Python's automatic garbage collection while one document is read or written.

Reading or writing a meeting allocates many objects that live until the call returns (the
meeting being built, the output's pieces). CPython's collector counts allocations and now and
then examines every object it tracks in a full collection; while a meeting of 10,000 agenda
items is read or written, those full collections examine the whole growing heap several
times, and took a third of the time at 10,000 items where they took none at 1,000: the time
grew faster than the meeting.

:func:`paused` turns automatic collection off for the length of one such call (it is used by
:func:`kommunchef.loads`, :func:`kommunchef.load` and every export). Memory stays bounded:
only what the call itself allocates waits, and when the call ends the collector is switched
back on and runs at once if the call's allocations call for it, by its own rules, as it
would have at the next allocation. Nested and concurrent uses (threads) switch it back on
when the last one ends; when it was off to begin with (``gc.disable()``), it stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
"""How many paused stretches are running (nested calls, other threads)."""
_resume = False
"""Whether the collector was on when the outermost stretch began."""


@contextmanager
def paused() -> Iterator[None]:
    """Automatic garbage collection is off inside the ``with`` block (or decorated call)."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            resume = _depth == 0 and _resume
            if resume:
                gc.enable()
        if resume:
            _let_the_collector_decide()


def _let_the_collector_decide() -> None:
    # CPython collects when a new container is allocated and more have been allocated than
    # freed since the last collection (the threshold): allocating one now lets it collect
    # the stretch's garbage at once, choosing the generations by its own rules, instead of
    # at some later allocation, which could fall inside the next paused stretch.
    _: list[object] = []
