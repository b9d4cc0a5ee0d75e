"""The collector is paused for one document's reading or writing, and always switched back on."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import kommunchef
from kommunchef.collector import paused
from kommunchef.exporting import run_exporter

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Every test starts and ends with the collector on and its usual thresholds."""
    thresholds = gc.get_threshold()
    gc.enable()
    yield
    gc.set_threshold(*thresholds)
    gc.enable()


def test_the_collector_is_off_inside_and_on_after() -> None:
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_switch_it_on_when_the_outermost_ends() -> None:
    with paused():
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_is_switched_on_after_an_error() -> None:
    with pytest.raises(ValueError, match="boom"), paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_beforehand_stays_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_in_threads_end_with_the_last() -> None:
    first_inside, second_inside, first_may_leave = (threading.Event() for _ in range(3))
    seen: dict[str, bool] = {}

    def first() -> None:
        with paused():
            first_inside.set()
            first_may_leave.wait(10)
        seen["after first"] = gc.isenabled()
        second_inside.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_inside.wait(10)
    with paused():
        first_may_leave.set()
        thread.join(10)
        assert seen["after first"] is False, "the other thread's pause was still running"
        assert not gc.isenabled()
    assert second_inside.is_set()
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_pauses_garbage_is_collected_when_it_ends() -> None:
    gc.collect()
    gc.set_threshold(50)
    with paused():
        cycles = [_Cycle() for _ in range(200)]
        watched = weakref.ref(cycles[0])
        del cycles
        assert watched() is not None, "nothing is collected while paused"
    # No explicit gc.collect(): the collector ran on its own when the pause ended.
    assert watched() is None


def test_a_run_of_pauses_does_not_keep_garbage_forever() -> None:
    # Even when every allocation happens inside a pause, collections still happen.
    gc.collect()
    gc.set_threshold(50)
    watched = []
    for _ in range(200):
        with paused():
            cycle = _Cycle()
            watched.append(weakref.ref(cycle))
            del cycle
    # At most what one threshold of allocations leaves, not all 200.
    assert sum(ref() is not None for ref in watched) <= 50


class _Recorder:
    """An exporter that notes whether the collector was on while it ran."""

    name = "recorder"
    media_type = "text/plain"
    suffix = ".txt"
    description = "notes the collector's state"
    collector_on: bool | None = None

    def export(self, meeting: kommunchef.Meeting, **options: str) -> bytes:
        self.collector_on = gc.isenabled()
        return b"ok"


def test_exports_and_loads_run_paused() -> None:
    recorder = _Recorder()
    options: Mapping[str, str] = {}
    assert run_exporter(recorder, kommunchef.load(SEED), options) == b"ok"
    assert recorder.collector_on is False
    assert gc.isenabled()
    assert kommunchef.loads(SEED.read_bytes()).id
    assert gc.isenabled()
