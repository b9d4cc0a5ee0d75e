"""Reading and writing files safely: bounded reads, and writes that are never half-done.

:func:`read_limited` reads at most a limit (plus one byte) from any kind of file;
:class:`StagedFiles` writes a set of files under temporary names, flushes them to the disk and
moves them into place together; :func:`write_atomic` does that for one file. Plugins and scripts use them as
the command line does.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from kommunchef.errors import KommunchefError


class OutputExistsError(KommunchefError):
    """An output file exists and overwriting was not asked for, or two outputs share a name."""


SYNC_FILE_SYSTEM_FROM = 16
"""From this many staged files on, :meth:`StagedFiles.commit` flushes each staging folder's file
system at once instead of each file (where the system can)."""

STAGING_PREFIX = ".kommunchef-staging-"
"""Each run stages its files in one folder named so beside the outputs, removed at the end."""


class StagedFiles:
    """Files written under temporary names beside their targets, then moved into place together.

    Each file is written as soon as it is ready, so memory does not grow with the number of
    files; nothing appears under a final name until :meth:`commit`, and leaving the ``with``
    block without committing removes every temporary file. The temporary files of one run live
    in one staging folder per output folder (``.kommunchef-staging-<pid>-...``); a run killed
    with SIGKILL leaves only that folder, and the next run into the same folder removes it.
    """

    def __init__(self) -> None:
        self._targets: list[str] = []
        """The final paths in the order added, as text (a third of a Path's memory, which
        adds up over thousands of files); the n-th is staged as ``<n>.tmp``."""
        self._moved = 0
        """How many of them :meth:`commit` has moved into place."""
        self._folders: dict[str, Path] = {}
        """Each output folder's staging folder, by the output folder's path as text."""

    def _staging_folder(self, parent: Path) -> Path:
        folder = self._folders.get(str(parent))
        if folder is None:
            remove_stale_staging(parent)
            folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
            self._folders[str(parent)] = folder
        return folder

    def _temporary(self, index: int) -> str:
        # Named from its position, so that only the target is kept per file. A Path's text
        # is normalised, so its folder's text is what Path.parent gives ("." for none).
        folder = os.path.dirname(self._targets[index]) or "."
        return os.path.join(self._folders[folder], f"{index}.tmp")

    def add(self, path: Path, data: bytes) -> None:
        """Write ``data`` to a temporary file that :meth:`commit` will move to ``path``.

        An OSError names ``path``, not the temporary file.
        """
        with _naming(str(path)):
            self._staging_folder(path.parent)
            self._targets.append(str(path))
            temporary = self._temporary(len(self._targets) - 1)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, 0o644)

    def staging_folder(self, folder: Path) -> Path:
        """The staging folder of the outputs in ``folder`` (made on first use): where another
        process may write files for :meth:`adopt`. An OSError names ``folder``."""
        with _naming(str(folder)):
            return self._staging_folder(folder)

    def adopt(self, path: Path, written: str) -> None:
        """Take ``written``, a file that another process wrote in the :meth:`staging_folder`
        of ``path``'s folder, as the one :meth:`commit` will move to ``path``."""
        with _naming(str(path)):
            self._staging_folder(path.parent)
            index = len(self._targets)
            self._targets.append(str(path))
            try:
                os.replace(written, self._temporary(index))
            except BaseException:
                self._targets.pop()
                raise

    @property
    def paths(self) -> list[Path]:
        """The final paths not yet moved into place, in the order they were added."""
        return [Path(target) for target in self.names]

    @property
    def names(self) -> list[str]:
        """:attr:`paths` as text, as ``str(path)`` gives it, without a Path per file."""
        return self._targets[self._moved :]

    def commit(self, *, force: bool = False) -> None:
        """Move every file into place; without ``force`` refuse if any target exists.

        Every check runs before anything moves, so a refusal leaves the old files as they
        were. Without ``force`` each file is hard-linked into place, which fails if the name
        has appeared meanwhile, so no file is ever clobbered. An OSError names the target
        (or its folder), not a temporary file.
        """
        counts = Counter(self.names)  # one pass: counting per name would be quadratic
        duplicates = sorted(name for name, count in counts.items() if count > 1)
        if duplicates:
            raise OutputExistsError(
                f"two meetings share an id and would both write {duplicates[0]}"
            )
        for name in self.names:
            if os.path.isdir(name):
                raise OutputExistsError(f"{name} is a folder; an output file cannot replace it")
            if not force and os.path.exists(name):
                raise OutputExistsError(f"{name} exists; use --force to overwrite it")
        self._flush()
        while self._moved < len(self._targets):
            temporary, path = self._temporary(self._moved), self._targets[self._moved]
            with _naming(path):
                if force:
                    os.replace(temporary, path)
                else:
                    _link_into_place(temporary, path)
            self._moved += 1

    def _flush(self) -> None:
        """Make every staged file durable before any of them takes its final name.

        A few files are flushed one by one (``fsync``). For many, one flush of each staging
        folder's file system (Linux's ``syncfs``) costs about what one file's flush does;
        a flush per file took most of the time of a batch's writing.
        """
        pending = range(self._moved, len(self._targets))
        if len(pending) >= SYNC_FILE_SYSTEM_FROM and all(
            _sync_output_folder(output, folder) for output, folder in self._folders.items()
        ):
            return
        for index in pending:
            with _naming(self._targets[index]):
                descriptor = os.open(self._temporary(index), os.O_RDONLY)
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)

    def discard(self) -> None:
        """Remove the temporary files that were not committed, and the staging folders."""
        # The staging folders hold every temporary file not moved into place.
        self._targets.clear()
        self._moved = 0
        for folder in self._folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.discard()


@contextmanager
def _naming(target: str) -> Iterator[None]:
    """Make an OSError name ``target``, the file the user asked for, not a staging name."""
    try:
        yield
    except OSError as error:
        if error.errno is None:
            raise
        # OSError(errno, ...) is the subclass that the number gives (FileNotFoundError ...).
        raise OSError(error.errno, error.strerror, target) from error


def _sync_output_folder(output: str, staging: Path) -> bool:
    """:func:`_sync_file_system` of ``staging``; an OSError names ``output``, its folder."""
    with _naming(output):
        return _sync_file_system(staging)


def remove_stale_staging(parent: Path) -> list[Path]:
    """Remove the staging folders in ``parent`` of runs that are no longer running."""
    removed: list[Path] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(STAGING_PREFIX)]
    except OSError:
        return removed
    for folder in candidates:
        pid_text = folder.name[len(STAGING_PREFIX) :].partition("-")[0]
        if pid_text.isdigit() and _running(int(pid_text)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def _sync_file_system(folder: Path) -> bool:
    """Flush the file system that holds ``folder`` (Linux's syncfs); False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(descriptor) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number), str(folder))
    finally:
        os.close(descriptor)
    return True


def _link_into_place(temporary: str, path: str) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it") from None
    except OSError:  # file systems without hard links
        if os.path.exists(path):
            raise OutputExistsError(f"{path} exists; use --force to overwrite it") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def read_limited(path: Path, limit: int) -> bytes | None:
    """The contents of ``path``, or None when it holds more than ``limit`` bytes.

    At most ``limit + 1`` bytes are ever read, from any kind of file (a device such as
    /dev/zero, a pipe, a file that grows while it is read), so memory stays bounded.
    """
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Without ``force`` an existing file is refused.
    """
    if not force and path.exists():
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    with StagedFiles() as staged:
        staged.add(path, data)
        staged.commit(force=force)
