"""Compiled page templates kept between processes, in the user's cache folder.

Compiling the built-in templates costs more than rendering a page, and a command that exports
one meeting pays it in every process. Jinja2 can keep the compiled code (a marshalled code
object, as Python keeps ``.pyc`` files) and load it instead of compiling again:
:class:`TemplateCache` does so in ``$XDG_CACHE_HOME/kommunchef/templates`` (by default
``~/.cache/kommunchef/templates``; see :func:`cache_folder`).

* A file is used only when the template's source is unchanged (its SHA-1 is in the file) and
  was written by the same Python, Jinja2 and environment settings (in the file's name).
* Files are written through a temporary file and renamed into place, so processes running at
  once never read half a file; a file that cannot be read back is ignored and replaced.
* A folder that cannot be created or written, or that belongs to another user or can be
  written by others, only means compiling as before: nothing is reported.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from pathlib import Path
from types import CodeType

import jinja2

__all__ = ["CACHE_VARIABLE", "MAX_CACHE_FILE", "TemplateCache", "cache_folder"]

MAX_CACHE_FILE = 5_000_000
"""The largest cache file read; the built-in templates compile to about 30 kB each."""

_HEADER = b"kommunchef-template-cache 1\n"


CACHE_VARIABLE = "KOMMUNCHEF_CACHE_DIR"
"""The environment variable naming kommunchef's cache folder; empty turns the cache off."""


def cache_folder() -> Path | None:
    """Where compiled templates are kept: ``templates`` in kommunchef's cache folder.

    That folder is ``$KOMMUNCHEF_CACHE_DIR`` when the variable is set (an empty value turns
    the cache off), else ``$XDG_CACHE_HOME/kommunchef``, else ``~/.cache/kommunchef``.
    ``None`` means no cache: turned off, or no absolute folder to name (relative paths are
    ignored, as the XDG specification asks).
    """
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen, "templates") if os.path.isabs(chosen) else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base, "kommunchef", "templates")


def _is_ours(folder: Path) -> bool:
    """The folder is missing, or a folder of this user that nobody else may write to."""
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not stat.S_ISDIR(status.st_mode) or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or status.st_uid == os.getuid()


def _code_version(settings: str) -> str:
    """What compiled code depends on besides the source: Python, Jinja2 and the settings."""
    compiler = Path(jinja2.compiler.__file__)
    try:
        compiler_status = compiler.stat()
        installed = f"{compiler_status.st_size}:{compiler_status.st_mtime_ns}"
    except OSError:
        installed = ""
    parts = (
        sys.implementation.cache_tag or "",
        sys.version,
        getattr(jinja2, "__version__", ""),
        installed,
        settings,
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class TemplateCache(jinja2.BytecodeCache):
    """A :class:`jinja2.BytecodeCache` in ``folder`` that never fails an export.

    ``settings`` describes everything besides Jinja2 and Python that changes the compiled
    code of a source (the environment's class and options); caches with other settings use
    other files in the same folder.
    """

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.prefix = f"{_code_version(settings)}-"
        self._trusted: bool | None = None

    def _folder_is_trusted(self) -> bool:
        # Checked once: code is read only from a folder no one else can write to.
        if self._trusted is None:
            self._trusted = _is_ours(self.folder)
        return self._trusted

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{self.prefix}{bucket.key}.cache"

    def _header(self, bucket: jinja2.bccache.Bucket) -> bytes:
        return _HEADER + bucket.checksum.encode("ascii") + b"\n"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Put the cached code in ``bucket``; leave it empty when there is none to trust."""
        from kommunchef.files import read_limited

        if not self._folder_is_trusted():
            return
        try:
            data = read_limited(self._path(bucket), MAX_CACHE_FILE)
        except (OSError, ValueError):
            return
        header = self._header(bucket)
        if data is None or not data.startswith(header):
            return  # too large, another source, or not one of ours: compile again
        try:
            code = marshal.loads(data[len(header) :])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Write the bucket's code atomically; give up silently where that is not possible."""
        from kommunchef.errors import KommunchefError
        from kommunchef.files import write_atomic

        if bucket.code is None or not self._folder_is_trusted():
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._trusted = _is_ours(self.folder)  # it may have been made meanwhile
            if not self._trusted:
                return
            data = self._header(bucket) + marshal.dumps(bucket.code)
            write_atomic(self._path(bucket), data, force=True)
        except (OSError, ValueError, KommunchefError):
            return
