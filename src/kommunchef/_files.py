"""Writing files so that an existing file is never left half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kommunchef.errors import KommunchefError


class OutputExistsError(KommunchefError):
    """The output file exists and overwriting was not asked for."""


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Without ``force`` an existing file is refused, and the check cannot race with another
    writer: the finished file is hard-linked into place, which fails if the name exists.
    """
    folder = path.parent
    if not force and path.exists():
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        if force:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise OutputExistsError(f"{path} exists; use --force to overwrite it") from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise OutputExistsError(f"{path} exists; use --force to overwrite it") from None
                os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
