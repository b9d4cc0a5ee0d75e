"""Exporting a batch of meeting files, in this process or in worker processes (``--jobs``).

:func:`render_all` loads, validates and exports every file and hands each document to a
callback as soon as it is ready, in the order of the files. With more than one job it

* starts no more workers than there are files and CPUs this process may run on;
* renders the first file itself before the workers start, so that the plugins, their
  templates and prepared documents are loaded once and shared by the forked workers;
* freezes the objects loaded so far out of the garbage collector's sight, so that the
  workers' collections do not touch (and copy) the pages they share with the parent;
* forks the workers on Linux (whatever the platform's default start method), and hands
  them the files in chunks.

Nothing here writes a file: the caller's callback does (the command line stages each
document through :class:`kommunchef.files.StagedFiles`).
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kommunchef.errors import KommunchefError, LoadError

if TYPE_CHECKING:
    from kommunchef.publication_cli import PublicationStep

Document = tuple[str, str, bytes]
"""One exported document: the meeting's id, the format's file suffix and the bytes."""

Deliver = Callable[[str, str, bytes], None]
"""Receives each document (meeting id, suffix, bytes) as soon as it is ready."""

Adopt = Callable[[str, str, str], None]
"""Receives each document a worker wrote itself (meeting id, suffix, the file's path)."""

MAX_CHUNK = 16
"""The most files a worker is handed at once: larger chunks save round trips to the parent,
smaller ones keep the workers evenly busy to the end and the progress bar moving."""

CHUNKS_PER_WORKER = 32
"""At least this many chunks per worker (unless a chunk would be a single file): the last
chunk, which one worker may finish alone, is then about 3 % of each worker's share."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, files: int | None = None) -> int:
    """How many processes render ``files`` files (a number not known yet when ``None``)
    when ``jobs`` are asked for: never more than :func:`usable_cpus`."""
    return max(1, min(jobs, usable_cpus(), jobs if files is None else files))


def export_file(
    file: str | os.PathLike[str],
    formats: Sequence[str],
    options: dict[str, str],
    publication: PublicationStep | None = None,
) -> list[Document]:
    """Load, validate and export one meeting file: one document per format, in order."""
    from kommunchef.exporting import get_exporter, options_for, run_exporter
    from kommunchef.serialization import load
    from kommunchef.validation import validate

    meeting = load(file)
    if publication is not None:
        meeting = publication.apply(meeting, file)
    errors = [p for p in validate(meeting) if p.severity == "error"]
    if errors:
        raise LoadError(f"{file}: the meeting is not valid", errors)
    results = []
    for name in formats:
        exporter = get_exporter(name)
        try:
            chosen = options if len(formats) == 1 else options_for(exporter, options)
            data = run_exporter(exporter, meeting, chosen)
        except KommunchefError as error:
            raise type(error)(f"{file}: {name}: {error}") from None
        results.append((meeting.id, exporter.suffix, data))
    return results


def export_file_into(
    file: str | os.PathLike[str],
    formats: Sequence[str],
    options: dict[str, str],
    publication: PublicationStep | None,
    folder: str,
) -> list[tuple[str, str, str]]:
    """:func:`export_file`, each document written to a new file in ``folder`` (readable by
    all, as :class:`~kommunchef.files.StagedFiles` writes them): its path, not its bytes."""
    written = []
    for meeting_id, suffix, data in export_file(file, formats, options, publication):
        descriptor, path = tempfile.mkstemp(suffix=".part", dir=folder)
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o644)
            handle.write(data)
        written.append((meeting_id, suffix, path))
    return written


def render_all(
    files: Sequence[str | os.PathLike[str]],
    formats: Sequence[str],
    options: dict[str, str],
    jobs: int,
    deliver: Deliver,
    publication: PublicationStep | None = None,
    *,
    progress: TextIO | None = None,
    spool: tuple[Path, Adopt] | None = None,
) -> None:
    """Export every file, handing each document to ``deliver`` in the order of the files.

    ``jobs`` above 1 renders in that many worker processes at most (see the module's
    description); ``progress`` (standard error by default) shows a progress bar when it is
    a terminal. The first failure stops the batch and is raised.

    ``spool`` is a folder and a callback: the workers then write their documents to new
    files in that folder themselves and the callback gets each one's path in place of
    :data:`Deliver`'s bytes (in the same order), so that the documents' bytes neither pass
    through this process nor take its time. The first file, rendered here, and a batch
    without workers go to ``deliver`` as usual.
    """
    bar = Progress(len(files), sys.stderr if progress is None else progress)
    work = partial(export_file, formats=formats, options=options, publication=publication)
    workers = worker_count(jobs, len(files))
    remaining = files
    if workers > 1:
        # The first file in this process: it loads and warms up everything the workers need.
        for document in work(files[0]):
            deliver(*document)
        bar.advance()
        remaining = files[1:]
    if workers == 1:
        for file in remaining:
            for document in work(file):
                deliver(*document)
            bar.advance()
    else:
        # Imported here: it brings multiprocessing along, which no other command needs.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork shares the parent's loaded modules, templates and caches; other start methods
        # (the default on macOS and Windows) would import and warm up everything again.
        linux = sys.platform.startswith("linux")
        context = multiprocessing.get_context("fork") if linux else None
        chunk = max(1, min(MAX_CHUNK, len(remaining) // (workers * CHUNKS_PER_WORKER)))
        spooled = None
        if spool is not None:
            folder, adopt = spool
            spooled = partial(
                export_file_into,
                formats=formats,
                options=options,
                publication=publication,
                folder=os.fspath(folder),
            )
        with (
            _frozen_heap(),
            ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_worker_start
            ) as pool,
        ):
            # map hands results over in order and lets go of each one once it is delivered.
            # It starts the workers: Ctrl-C and SIGTERM wait until they have started.
            with signals_held():
                if spooled is not None:
                    written = pool.map(spooled, remaining, chunksize=chunk)
                else:
                    results = pool.map(work, remaining, chunksize=chunk)
            if spooled is not None:
                for files_written in written:
                    for meeting_id, suffix, path in files_written:
                        adopt(meeting_id, suffix, path)
                    bar.advance()
            else:
                for documents in results:
                    for document in documents:
                        deliver(*document)
                    bar.advance()
    bar.close()


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the objects loaded so far out of the collector's sight while workers run.

    A forked worker shares the parent's memory pages until it writes to them; a garbage
    collection writes to every object it examines. Frozen objects are not examined, so the
    pages stay shared (and each collection is shorter). Nothing is frozen when something
    else has frozen objects already: unfreezing would undo that too.
    """
    import gc

    if gc.get_freeze_count() > 0:
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (blocked, then delivered) until the block is left: for
    starting a process pool.

    Their handlers raise: raised while the pool forks its workers and starts its thread,
    the exception lands in code that swallows it (an at-fork handler) or leaves the pool
    half started, so the command would go on, or fail with a traceback, instead of
    stopping and cleaning up.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def release_signals() -> None:
    """In a worker forked inside :func:`signals_held`: take Ctrl-C and SIGTERM again (the
    pool's ``initializer``)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _worker_start() -> None:
    """In each ``--jobs`` worker: die with the parent, leave SIGINT and SIGTERM to it."""
    # Ctrl-C reaches the whole process group: the parent cleans up and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    release_signals()
    if sys.platform.startswith("linux"):
        import ctypes

        # PR_SET_PDEATHSIG: the kernel kills this worker when the parent dies, even by SIGKILL.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)


class Progress:
    """A progress bar on a terminal; nothing when the stream is not a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.active = total > 1 and stream.isatty()

    def advance(self) -> None:
        """Count one more file done."""
        self.done += 1
        if self.active:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.active:
            self.stream.write("\n")
            self.stream.flush()
