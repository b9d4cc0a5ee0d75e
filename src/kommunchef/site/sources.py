"""The series' files as a build sees them: each file's entry and the hash of its bytes.

A file is read (hashed, and its header parsed) only when the previous build did not see it
in the state it is in now. Its *stamp* (size, modification and change times in nanoseconds,
inode) is kept with its hash and entry in the site's :data:`STAMPS` file (beside the
manifest, which says what the site holds; this file says what the sources were, and a
missing or damaged one only means every file is read again); a file whose stamp is unchanged is
taken as it was, as ``make`` and ``git`` do. The change time cannot be set by a user (unlike
the modification time, which ``touch -d`` or ``cp -p`` may set back), and a file replaced by
a rename has another inode. A file changed shortly before the previous build looked at it
could have changed again within the same tick of the file system's clock, so it is trusted
only when it is older than the previous build by :data:`CLOCK_MARGIN_NS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from kommunchef.model import DocumentKind, MeetingStatus
from kommunchef.series import Entry, entry_of, series_order
from kommunchef.site.meetings import SiteError

if TYPE_CHECKING:
    from kommunchef.series import Series

STAMPS = ".kommunchef-sources.json"
"""The file of the site that keeps the sources' stamps, hashes and entries."""

CLOCK_MARGIN_NS = 2_000_000_000
"""How long before the previous build's look a file must have been changed for its stamp to
be trusted (file system clocks tick in up to about a second, FAT's in two)."""

Stamp = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode."""


@frozen
class Source:
    """One file of the series: its entry, the SHA-256 of its bytes and its stamp."""

    entry: Entry
    hash: str
    stamp: Stamp

    def to_json(self) -> list[Any]:
        entry = self.entry
        return [
            *self.stamp,
            self.hash,
            entry.id,
            entry.date.isoformat(),
            str(entry.kind),
            str(entry.status),
            entry.body,
            entry.organisation,
        ]

    @classmethod
    def from_json(cls, path: Path, data: list[Any]) -> Source:
        """The source of :meth:`to_json`; TypeError or ValueError when it is not one."""
        size, modified, changed, inode, digest, meeting_id, day, kind, status, body, owner = data
        stamp = (size, modified, changed, inode)
        texts = (digest, meeting_id, body, owner)
        if not all(type(n) is int for n in stamp) or not all(type(t) is str for t in texts):
            raise TypeError("a source's stamp holds integers and its entry strings")
        entry = Entry(
            path=path,
            id=meeting_id,
            date=dt.date.fromisoformat(day),
            kind=DocumentKind(kind),
            status=MeetingStatus(status),
            body=sys.intern(body),  # the same in every meeting of a series
            organisation=sys.intern(owner),
        )
        return cls(entry, digest, stamp)


def read_sources(series: Series, site: Path) -> tuple[list[Source], int]:
    """Every file of ``series`` in the series' order, reusing what the previous build of the
    ``site`` folder saw (see :func:`write_stamps`); and when they were looked at (ns)."""
    scanned = time.time_ns()
    known, trusted_before = _known(site / STAMPS)
    sources = []
    for path, status in series.scan():
        stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        record = known.pop(path.name, None)
        source = None
        if record is not None and status.st_ctime_ns < trusted_before:
            try:
                source = Source.from_json(path, record)
            except (TypeError, ValueError):
                source = None
            if source is not None and source.stamp != stamp:
                source = None
        sources.append(source if source is not None else _read(path, stamp))
    sources.sort(key=lambda source: series_order(source.entry))
    return sources, scanned


def write_stamps(path: Path, sources: list[Source], scanned: int) -> None:
    """The :data:`STAMPS` file for the next build: ``sources`` as :func:`read_sources` found
    them at ``scanned``, written a source at a time."""
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(f'{{"scanned": {scanned}, "files": {{')
        for index, source in enumerate(sources):
            handle.write(", " if index else "")
            name = json.dumps(source.entry.path.name, ensure_ascii=False)
            handle.write(f"{name}: {json.dumps(source.to_json(), ensure_ascii=False)}")
        handle.write("}}")


def _known(path: Path) -> tuple[dict[str, Any], int]:
    """The previous build's files and the time before which their stamps are trusted."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}, 0
    if not isinstance(data, dict):
        return {}, 0
    files, scanned = data.get("files"), data.get("scanned")
    if not isinstance(files, dict) or type(scanned) is not int:
        return {}, 0
    return files, scanned - CLOCK_MARGIN_NS


def _read(path: Path, stamp: Stamp) -> Source:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SiteError(f"cannot read {path}: {error.strerror or error}") from None
    return Source(entry_of(path, data), hashlib.sha256(data).hexdigest(), stamp)


__all__ = ["CLOCK_MARGIN_NS", "STAMPS", "Source", "read_sources", "write_stamps"]
