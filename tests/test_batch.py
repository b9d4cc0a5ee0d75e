"""Exporting a batch of files: the same documents in the same order with any number of jobs."""

from __future__ import annotations

import gc
import io
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kommunchef
from kommunchef import batch
from kommunchef.batch import Progress, export_file, render_all, worker_count

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"
FORMATS = ("json", "md", "text")


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    meeting = kommunchef.load(SEED)
    paths = []
    for index in range(7):
        path = tmp_path / f"{index}.json"
        path.write_text(kommunchef.dumps(attrs.evolve(meeting, id=f"kcg-{index}")), "utf-8")
        paths.append(path)
    return paths


def _rendered(files: list[Path], jobs: int) -> list[tuple[str, str, bytes]]:
    documents: list[tuple[str, str, bytes]] = []
    render_all(files, FORMATS, {}, jobs, lambda *d: documents.append(d), progress=io.StringIO())
    return documents


def test_two_jobs_deliver_what_one_job_does_in_the_same_order(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)  # real workers even on one CPU
    one, two = _rendered(files, 1), _rendered(files, 2)
    assert [(i, s) for i, s, _ in one] == [(f"kcg-{n}", f) for n in range(7) for f in (
        ".json", ".md", ".txt")]  # fmt: skip
    assert two == one


def test_a_failing_file_stops_the_batch_with_its_name(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)
    files[4].write_text("{}", "utf-8")
    for jobs in (1, 2):
        with pytest.raises(kommunchef.LoadError, match=r"4\.json"):
            _rendered(files, jobs)


class _RecordingPool:
    """Stands in for the process pool: records what it was given, runs the work here."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, **settings: Any) -> None:
        self.settings = settings
        self.made.append(self.settings)

    def __enter__(self) -> _RecordingPool:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def map(self, function: Any, items: Any, chunksize: int = 1) -> Any:
        self.settings["files"] = list(items)
        self.settings["chunksize"] = chunksize
        self.settings["frozen"] = gc.get_freeze_count()
        return map(function, self.settings["files"])


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> type[_RecordingPool]:
    import concurrent.futures

    _RecordingPool.made.clear()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _RecordingPool)
    return _RecordingPool


def test_workers_start_after_the_first_file_and_share_a_frozen_heap(
    files: list[Path], monkeypatch: pytest.MonkeyPatch, pool: type[_RecordingPool]
) -> None:
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)
    assert gc.get_freeze_count() == 0
    documents = _rendered(files, 8)
    assert len(documents) == 7 * len(FORMATS)
    (settings,) = pool.made
    assert settings["max_workers"] == 2, "never more workers than CPUs"
    assert settings["files"] == files[1:], "the first file is rendered before the workers start"
    assert settings["chunksize"] >= 1
    assert settings["frozen"] > 0, "the loaded objects are frozen while the workers run"
    assert gc.get_freeze_count() == 0, "and unfrozen afterwards"
    if sys.platform.startswith("linux"):
        assert settings["mp_context"].get_start_method() == "fork"


def test_objects_frozen_by_someone_else_stay_frozen(
    files: list[Path], monkeypatch: pytest.MonkeyPatch, pool: type[_RecordingPool]
) -> None:
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)
    gc.freeze()
    try:
        _rendered(files, 2)
        # Still frozen (a few frozen objects may have been freed meanwhile).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_one_cpu_or_one_file_means_no_workers(
    files: list[Path], monkeypatch: pytest.MonkeyPatch, pool: type[_RecordingPool]
) -> None:
    monkeypatch.setattr(batch, "usable_cpus", lambda: 1)
    assert len(_rendered(files, 4)) == 7 * len(FORMATS)
    monkeypatch.setattr(batch, "usable_cpus", lambda: 4)
    assert len(_rendered(files[:1], 4)) == len(FORMATS)
    assert pool.made == []


@given(jobs=st.integers(1, 64), count=st.integers(1, 1000), cpus=st.integers(1, 64))
def test_worker_count_is_capped_by_jobs_files_and_cpus(jobs: int, count: int, cpus: int) -> None:
    original = batch.usable_cpus
    batch.usable_cpus = lambda: cpus  # hypothesis runs no function-scoped fixtures
    try:
        assert worker_count(jobs, count) == min(jobs, count, cpus)
        assert worker_count(jobs) == min(jobs, cpus)  # the number of files not known
    finally:
        batch.usable_cpus = original


def test_usable_cpus_is_at_most_the_machines() -> None:
    import os

    assert 1 <= batch.usable_cpus() <= (os.cpu_count() or 1)


def test_export_file_returns_one_document_per_format() -> None:
    documents = export_file(SEED, ["json", "text"], {})
    assert [(i, s) for i, s, _ in documents] == [
        ("kcg-2021-10-08", ".json"),
        ("kcg-2021-10-08", ".txt"),
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    terminal = _Terminal()
    bar = Progress(4, terminal)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert terminal.getvalue().endswith(f"\r[{'#' * 30}] 4/4\n")
    assert "[" + "#" * 15 + "-" * 15 + "] 2/4" in terminal.getvalue()
    plain = io.StringIO()
    other = Progress(4, plain)
    other.advance()
    other.close()
    assert plain.getvalue() == ""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_ctrl_c_and_sigterm_wait_while_the_workers_start() -> None:
    # Raised in the middle of forking, the handler's exception was swallowed by an at-fork
    # handler (the export went on) or left the pool half started (a traceback).
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    try:
        with batch.signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)
            assert received == []
        time.sleep(0.01)
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_a_worker_started_while_signals_wait_takes_them_again() -> None:
    with batch.signals_held():
        assert signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        batch.release_signals()  # as a worker's initializer does after the fork
        assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
