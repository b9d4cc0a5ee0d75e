"""The site's manifest: an SQLite file that says what the site holds and what its sources were.

It lives in the site's folder as :data:`MANIFEST` and has three tables:

* ``site``: the build's settings, the listing pages' inputs and the time the sources were
  looked at, as JSON values by key;
* ``sources``: each file of the series: its *stamp* (size, modification and change times,
  inode), the SHA-256 of its bytes and its header (see :mod:`kommunchef.site.sources`);
* ``meetings``: each meeting of the site: its :class:`~kommunchef.site.meetings.Summary`,
  whose outputs are the files it owns.

A build writes a new manifest in its staging folder and reads the previous one's rows into
temporary tables first (checking each); a previous manifest that cannot be read, or was made
by another version, means every file is read and every meeting rendered again. Nothing of it
is held in memory: every step queries it a row at a time, so a build of 10,000 meetings
needs no more memory than one of 1,000.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kommunchef.model import DocumentKind, MeetingStatus
from kommunchef.register import CACHE_KIB
from kommunchef.series import Entry, kind_rank, series_order
from kommunchef.site.meetings import SiteError, Summary

MANIFEST = ".kommunchef-site.sqlite"
"""The manifest in the site's folder."""

VERSION = 3
"""The manifest's version (SQLite's ``user_version``); 1 and 2 were JSON files."""

LEGACY_MANIFEST = ".kommunchef-site.json"
"""The manifest of versions 1 and 2: a folder holding one is a site, built again whole."""

Stamp = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode."""

_SCHEMA = """
CREATE TABLE site (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    name TEXT PRIMARY KEY, path TEXT NOT NULL,
    size INTEGER NOT NULL, modified INTEGER NOT NULL, changed INTEGER NOT NULL,
    inode INTEGER NOT NULL, hash TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL,
    rank INTEGER NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL,
    organisation TEXT NOT NULL
);
CREATE INDEX sources_in_order ON sources (date, rank, name);
CREATE INDEX sources_by_id ON sources (id);
CREATE TABLE meetings (
    source TEXT PRIMARY KEY, hash TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL,
    kind TEXT NOT NULL, status TEXT NOT NULL, title TEXT NOT NULL, outputs TEXT NOT NULL,
    year INTEGER NOT NULL, kept INTEGER NOT NULL, source_date TEXT NOT NULL,
    source_rank INTEGER NOT NULL
);
CREATE INDEX meetings_in_order ON meetings (source_date, source_rank, source);
CREATE INDEX meetings_by_year ON meetings (year, source_date, source_rank, source);
CREATE TEMP TABLE previous_sources (
    name TEXT PRIMARY KEY, size INTEGER, modified INTEGER, changed INTEGER, inode INTEGER,
    hash TEXT, id TEXT, date TEXT, kind TEXT, status TEXT, body TEXT, organisation TEXT,
    rank INTEGER
);
CREATE TEMP TABLE scanned (
    name TEXT PRIMARY KEY, path TEXT, size INTEGER, modified INTEGER, changed INTEGER,
    inode INTEGER
);
CREATE TEMP TABLE unread (name TEXT PRIMARY KEY);
CREATE TEMP TABLE previous_meetings (
    source TEXT PRIMARY KEY, hash TEXT, id TEXT, date TEXT, kind TEXT, status TEXT,
    title TEXT, outputs TEXT, year INTEGER
);
CREATE TEMP TABLE changed (name TEXT PRIMARY KEY);
"""

_BATCH = 256
"""Rows written at a time."""

_SOURCE_COLUMNS = "size, modified, changed, inode, hash, id, date, kind, status, body, organisation"
_SUMMARY_COLUMNS = "source, hash, id, date, kind, status, title, outputs"
_IN_ORDER = "ORDER BY s.date, s.rank, s.name"
_MEETINGS_IN_ORDER = "ORDER BY source_date, source_rank, source"
"""A meeting keeps its file's place in the series' order (the source's date and rank)."""
_BETWEEN = "\n"
"""Between the file names of a meeting's outputs (no file name of a site holds one)."""
_HELD_MINUTES = (str(DocumentKind.MINUTES), str(MeetingStatus.HELD))


class Manifest:
    """The manifest a build writes in its staging folder, beside the previous build's rows.

    ``previous`` is the previous site's manifest, if there is one.
    """

    def __init__(self, path: Path, previous: Path | None) -> None:
        self.path = path
        # Autocommit: the build groups its writes in transactions of its own (:meth:`batch`).
        self._db = sqlite3.connect(path, isolation_level=None)
        # The staging folder is thrown away on any failure: nothing needs syncing.
        self._db.execute("PRAGMA synchronous = OFF")
        for schema in ("main", "temp"):  # what does not fit waits on disk
            self._db.execute(f"PRAGMA {schema}.cache_size = -{CACHE_KIB}")
        self._db.executescript(_SCHEMA)
        self.previous: dict[str, Any] = {}
        """The previous build's ``site`` values (settings, listing, aggregates, scanned)."""
        self._sources: list[tuple[Any, ...]] = []
        self._scanned: list[tuple[Any, ...]] = []
        if previous is not None:
            self._read_previous(previous)

    # -- the previous build ----------------------------------------------------------------

    def _read_previous(self, path: Path) -> None:
        try:
            old = sqlite3.connect(f"file:{quote(os.fspath(path))}?mode=ro", uri=True)
        except sqlite3.Error:
            return
        try:
            with self.batch():
                self._copy_previous(old)
        except (sqlite3.Error, TypeError, ValueError, KeyError, RecursionError):
            # Unreadable or made otherwise: nothing of it is trusted.
            self.previous = {}
            with self.batch():
                self._db.execute("DELETE FROM previous_sources")
                self._db.execute("DELETE FROM previous_meetings")
        finally:
            old.close()

    def _copy_previous(self, old: sqlite3.Connection) -> None:
        (version,) = old.execute("PRAGMA user_version").fetchone()
        if version != VERSION:
            return
        values = {key: json.loads(value) for key, value in old.execute("SELECT * FROM site")}
        # A source row of the wrong shape is left out (that file is read again); a meeting
        # row of the wrong shape raises TypeError or ValueError: every meeting again.
        self._db.executemany(
            f"INSERT INTO previous_sources VALUES ({_marks(13)})",
            (
                (*row, rank)
                for row in old.execute(f"SELECT name, {_SOURCE_COLUMNS} FROM sources")
                if (rank := _stamp_rank(row)) is not None
            ),
        )
        self._db.executemany(
            f"INSERT INTO previous_meetings VALUES ({_marks(9)})",
            (
                (*row, _summary(row).year)
                for row in old.execute(f"SELECT {_SUMMARY_COLUMNS} FROM meetings")
            ),
        )
        self.previous = values

    def forget_previous_meetings(self) -> None:
        """Render every meeting again (the settings changed): only the stamps stay."""
        self._db.execute("DELETE FROM previous_meetings")

    def previous_years(self) -> list[int]:
        return _column(self._db.execute("SELECT DISTINCT year FROM previous_meetings ORDER BY 1"))

    def changed_years(self) -> set[int]:
        """The years of the previous site whose meetings were rendered again or are gone."""
        return set(
            _column(
                self._db.execute(
                    "SELECT DISTINCT p.year FROM previous_meetings p WHERE p.source NOT IN "
                    "(SELECT source FROM meetings WHERE kept = 1)"
                )
            )
        )

    def removed(self) -> tuple[str, ...]:
        """The source files of the previous site that are gone."""
        return tuple(
            _column(
                self._db.execute(
                    "SELECT source FROM previous_meetings WHERE source NOT IN "
                    "(SELECT name FROM sources) ORDER BY source"
                )
            )
        )

    def had_meetings(self) -> bool:
        return self._db.execute("SELECT 1 FROM previous_meetings LIMIT 1").fetchone() is not None

    # -- sources ---------------------------------------------------------------------------

    def add_scanned(self, path: Path, stamp: Stamp) -> None:
        """A file of the series as the folder's scan found it."""
        self._scanned.append((path.name, os.fspath(path), *stamp))
        if len(self._scanned) >= _BATCH:
            self._write_scanned()

    def _write_scanned(self) -> None:
        _insert_unique(self._db, f"INSERT INTO scanned VALUES ({_marks(6)})", self._scanned)
        self._scanned.clear()

    def take_unchanged_sources(self, trusted_before: int) -> Iterator[tuple[Path, Stamp]]:
        """Take the previous record of every scanned file whose stamp is the same and was
        set before ``trusted_before`` (ns); give the others' paths and stamps, to be read."""
        self._write_scanned()
        self._db.execute(
            "INSERT INTO sources SELECT s.name, s.path, s.size, s.modified, s.changed, s.inode, "
            "p.hash, p.id, p.date, p.rank, p.kind, p.status, p.body, p.organisation "
            "FROM scanned s JOIN previous_sources p ON p.name = s.name AND p.size = s.size "
            "AND p.modified = s.modified AND p.changed = s.changed AND p.inode = s.inode "
            "WHERE s.changed < ?",
            (trusted_before,),
        )
        self._db.execute(
            "INSERT INTO unread SELECT name FROM scanned WHERE name NOT IN "
            "(SELECT name FROM sources)"
        )
        rows = self._db.execute(
            "SELECT s.path, s.size, s.modified, s.changed, s.inode FROM unread u "
            "JOIN scanned s ON s.name = u.name"
        )
        for path, *stamp in rows:
            yield Path(path), (stamp[0], stamp[1], stamp[2], stamp[3])

    def add_source(self, path: Path, stamp: Stamp, digest: str, entry: Entry) -> None:
        day, rank, name = series_order(entry)
        self._sources.append(
            (
                name,
                os.fspath(path),
                *stamp,
                digest,
                entry.id,
                day.isoformat(),
                rank,
                str(entry.kind),
                str(entry.status),
                entry.body,
                entry.organisation,
            )
        )
        if len(self._sources) >= _BATCH:
            self.write_sources()

    def write_sources(self) -> None:
        """Write the sources added so far (they are written in batches)."""
        _insert_unique(self._db, f"INSERT INTO sources VALUES ({_marks(14)})", self._sources)
        self._sources.clear()

    def source_count(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM sources").fetchone()
        return int(count)

    def latest_source(self) -> tuple[str, str]:
        """The body and organisation of the last file in the series' order."""
        body, organisation = self._db.execute(
            "SELECT body, organisation FROM sources ORDER BY date DESC, rank DESC, name DESC "
            "LIMIT 1"
        ).fetchone()
        return body, organisation

    def shared_id(self) -> tuple[str, str, str] | None:
        """The first file in the series' order whose id an earlier file has: its path, the
        id and the earlier file's name."""
        row = self._db.execute(
            "SELECT s.path, s.id FROM sources s WHERE EXISTS (SELECT 1 FROM sources t "
            "WHERE t.id = s.id AND (t.date, t.rank, t.name) < (s.date, s.rank, s.name)) "
            "ORDER BY s.date, s.rank, s.name LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        (first,) = self._db.execute(
            "SELECT name FROM sources WHERE id = ? ORDER BY date, rank, name LIMIT 1", (row[1],)
        ).fetchone()
        return row[0], row[1], first

    # -- meetings --------------------------------------------------------------------------

    def keep_unchanged(self) -> None:
        """Take over every previous meeting whose file has the same hash and id."""
        self._db.execute(
            "INSERT INTO meetings SELECT p.source, p.hash, p.id, p.date, p.kind, p.status, "
            "p.title, p.outputs, p.year, 1, s.date, s.rank FROM previous_meetings p JOIN sources s ON s.name = p.source "
            "AND s.hash = p.hash AND s.id = p.id"
        )
        self._db.execute(
            "INSERT INTO changed SELECT name FROM sources WHERE name NOT IN "
            "(SELECT source FROM meetings)"
        )

    def render_count(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM changed").fetchone()
        return int(count)

    def to_render(self) -> Iterator[tuple[Path, str]]:
        """The files whose meeting is new or changed, in the series' order: path and hash."""
        for path, digest in self._db.execute(
            f"SELECT s.path, s.hash FROM changed c JOIN sources s ON s.name = c.name {_IN_ORDER}"
        ):
            yield Path(path), digest

    def path_of(self, source: str) -> Path:
        (path,) = self._db.execute("SELECT path FROM sources WHERE name = ?", (source,)).fetchone()
        return Path(path)

    def hash_of(self, source: str) -> str:
        (digest,) = self._db.execute(
            "SELECT hash FROM sources WHERE name = ?", (source,)
        ).fetchone()
        return str(digest)

    def add_meeting(self, summary: Summary) -> None:
        """A meeting rendered in this build (in place of its kept record, if it had one)."""
        self._db.execute(
            f"INSERT OR REPLACE INTO meetings SELECT {_marks(9)}, 0, date, rank FROM sources "
            "WHERE name = ?",
            (*_row(summary), summary.year, summary.source),
        )

    def meetings(self) -> Iterator[tuple[Summary, bool]]:
        """Every meeting in the series' order, and whether it was kept from the previous site."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS}, kept FROM meetings {_MEETINGS_IN_ORDER}"
        )
        for row in rows:  # written by this build, or checked when copied from the previous
            yield _trusted_summary(row[:8]), bool(row[8])

    def meetings_of(self, year: int) -> list[Summary]:
        """The meetings of one year, in the series' order."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM meetings WHERE year = ? {_MEETINGS_IN_ORDER}",
            (year,),
        )
        return [_trusted_summary(row) for row in rows]

    def latest_held(self, count: int) -> list[Summary]:
        """The last ``count`` minutes of held meetings, the latest first."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM meetings WHERE kind = ? AND status = ? "
            "ORDER BY source_date DESC, source_rank DESC, source DESC LIMIT ?",
            (*_HELD_MINUTES, count),
        )
        return [_trusted_summary(row) for row in rows]

    def years(self) -> list[int]:
        return _column(self._db.execute("SELECT DISTINCT year FROM meetings ORDER BY 1"))

    def rendered_years(self) -> set[int]:
        return set(_column(self._db.execute("SELECT DISTINCT year FROM meetings WHERE kept = 0")))

    def rendered(self) -> tuple[str, ...]:
        """The source files whose meeting this build rendered, in the series' order."""
        return tuple(
            _column(
                self._db.execute(f"SELECT source FROM meetings WHERE kept = 0 {_MEETINGS_IN_ORDER}")
            )
        )

    def kept_meetings(self) -> Iterator[Summary]:
        """The meetings kept from the previous site."""
        for row in self._db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM meetings WHERE kept = 1"):
            yield _trusted_summary(row)

    def kept_count(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM meetings WHERE kept = 1").fetchone()
        return int(count)

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: many rows written at the cost of one."""
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def set(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO site VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def finish(self) -> None:
        """Mark the manifest as this version's and close it as one plain file."""
        self._db.execute(f"PRAGMA user_version = {VERSION}")
        self.close()

    def close(self) -> None:
        self._db.close()


def kept_outputs(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each kept meeting's source file and outputs, read through a connection of its own
    (for the process that links them while the build goes on)."""
    db = sqlite3.connect(path)
    try:
        for source, outputs in db.execute("SELECT source, outputs FROM meetings WHERE kept = 1"):
            yield source, tuple(outputs.split(_BETWEEN))
    finally:
        db.close()


def _row(summary: Summary) -> tuple[Any, ...]:
    return (
        summary.source,
        summary.hash,
        summary.id,
        summary.date,
        summary.kind,
        summary.status,
        summary.title,
        _BETWEEN.join(summary.outputs),
    )


def _trusted_summary(row: Sequence[Any]) -> Summary:
    source, digest, meeting_id, day, kind, status, title, outputs = row
    return Summary(
        source, digest, meeting_id, day, kind, status, title, tuple(outputs.split(_BETWEEN))
    )


def _summary(row: Sequence[Any]) -> Summary:
    """The summary of a previous build's ``meetings`` row, checked; TypeError or ValueError
    when it is not one."""
    if not all(type(value) is str for value in row):
        raise TypeError("a summary holds strings")
    summary = _trusted_summary(row)
    if not all(safe_name(name) for name in summary.outputs):
        raise ValueError("a meeting's outputs are files of the site")
    dt.date.fromisoformat(summary.date)
    return summary


def safe_name(name: str) -> bool:
    """Whether a file name from a manifest is a plain path inside the site."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _stamp_rank(row: tuple[Any, ...]) -> int | None:
    """The rank of the kind of document of a previous ``sources`` row (see
    :func:`~kommunchef.series.kind_rank`); ``None`` when the row is not of the right shape,
    and its file is read again."""
    name, *numbers = row[:5]
    texts = (name, *row[5:])
    if not all(type(n) is int for n in numbers) or not all(type(t) is str for t in texts):
        return None
    day, kind, status = row[7:10]
    try:
        dt.date.fromisoformat(day)
        MeetingStatus(status)
        return kind_rank(DocumentKind(kind))
    except ValueError:
        return None


def _insert_unique(db: sqlite3.Connection, insert: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows whose first value is a file's name and second its path; a name already
    there is a clear error naming the file."""
    try:
        db.executemany(insert, rows)
    except sqlite3.IntegrityError:
        for row in rows:  # which one: its name is taken
            try:
                db.execute(insert, row)
            except sqlite3.IntegrityError:
                raise SiteError(
                    f"{row[1]}: another file of the series has the name {row[0]}"
                ) from None


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _column(rows: Iterable[tuple[Any, ...]]) -> list[Any]:
    return [row[0] for row in rows]


__all__ = [
    "LEGACY_MANIFEST",
    "MANIFEST",
    "VERSION",
    "Manifest",
    "Stamp",
    "kept_outputs",
    "safe_name",
]
