"""The series' files as a build sees them: each file's entry and the hash of its bytes.

A file is read (hashed, and its header parsed) only when the previous build did not see it
in the state it is in now. Its *stamp* (size, modification and change times in nanoseconds,
inode) is kept with its hash and entry in the ``sources`` table of the site's manifest
(:mod:`kommunchef.site.manifest`; a missing or damaged row only means that file is read
again); a file whose stamp is unchanged is taken as it was, as ``make`` and ``git`` do. The
change time cannot be set by a user (unlike the modification time, which ``touch -d`` or
``cp -p`` may set back), and a file replaced by a rename has another inode. A file changed
shortly before the previous build looked at it could have changed again within the same tick
of the file system's clock, so it is trusted only when it is older than the previous build
by :data:`CLOCK_MARGIN_NS`.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from kommunchef.records import Record
from kommunchef.series import Entry, entry_of
from kommunchef.site.manifest import Manifest, Stamp
from kommunchef.site.meetings import SiteError

if TYPE_CHECKING:
    from kommunchef.series import Series

CLOCK_MARGIN_NS = 2_000_000_000
"""How long before the previous build's look a file must have been changed for its stamp to
be trusted (file system clocks tick in up to about a second, FAT's in two)."""


@frozen
class Source(Record):
    """One file of the series: its entry, the SHA-256 of its bytes and its stamp."""

    entry: Entry
    hash: str
    stamp: Stamp


def read_sources(series: Series, manifest: Manifest) -> int:
    """Add every file of ``series`` to the ``sources`` of the ``manifest``, reusing what the
    previous build saw (its ``scanned`` value); return when they were looked at (ns), which
    the next build reads as ``scanned``."""
    scanned = time.time_ns()
    before = manifest.previous.get("scanned")
    trusted_before = before - CLOCK_MARGIN_NS if type(before) is int else 0
    with manifest.batch():
        for path, status in series.walk():
            stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
            manifest.add_scanned(path, stamp)
        for path, stamp in manifest.take_unchanged_sources(trusted_before):
            source = _read(path, stamp)
            manifest.add_source(path, source.stamp, source.hash, source.entry)
        manifest.write_sources()
    return scanned


def _read(path: Path, stamp: Stamp) -> Source:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SiteError(f"cannot read {path}: {error.strerror or error}") from None
    return Source(entry_of(path, data), hashlib.sha256(data).hexdigest(), stamp)


__all__ = ["CLOCK_MARGIN_NS", "Source", "read_sources"]
