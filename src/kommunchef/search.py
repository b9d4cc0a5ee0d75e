"""Full-text search over a series with SQLite FTS5 from the standard library.

The index is one SQLite file kept in the series folder (:data:`INDEX_NAME`, hidden so that
the series does not read it as a meeting). It holds one row per agenda item (title and every
word below it) and one per meeting for the rest (who, where, coming meetings).

* **Incremental**: each file's size and modification time are remembered; an update re-reads
  only files that are new or changed and forgets files that are gone.
* **Swedish letters are letters**: the ``unicode61`` tokenizer with ``remove_diacritics 0``
  keeps å, ä and ö apart from a and o; case is folded.
* **Queries**: words are all required; ``visselblås*`` matches every word that begins so;
  ``"nära vård"`` matches the phrase. Other punctuation is ignored, so user input never
  makes a syntax error.
* **Ranking**: bm25, with titles weighing more than text; each hit has a snippet with the
  matched words between :data:`MARK_START` and :data:`MARK_END`.
* **Versioned**: the index records :data:`INDEX_VERSION`; an index of another version (or a
  damaged one) is rebuilt without a word.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from attrs import frozen

from kommunchef.errors import KommunchefError
from kommunchef.model import Meeting
from kommunchef.records import Record
from kommunchef.series import Series, item_text, meeting_text, read_meeting_file

INDEX_NAME = ".kommunchef-search.sqlite3"
"""The index file's name inside the series folder."""

INDEX_VERSION = 1
"""Raise when what is indexed or how changes: older indexes are then rebuilt."""

MARK_START = "["
MARK_END = "]"
SNIPPET_TOKENS = 12

_SCHEMA = """
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
);
CREATE TABLE rows (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    date TEXT NOT NULL,
    number INTEGER,
    title TEXT NOT NULL
);
CREATE INDEX rows_by_file ON rows(file);
CREATE VIRTUAL TABLE texts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0'
);
"""


class SearchError(KommunchefError):
    """A search cannot run: an empty query, or an index that cannot be written."""


@frozen
class Hit(Record):
    """One match: the meeting (ISO date, id, file), the item (``None``: the meeting itself)."""

    date: dt.date
    meeting_id: str
    file: str
    item: int | None
    title: str
    snippet: str
    score: float
    """bm25: lower is better."""

    def to_json(self) -> dict[str, object]:
        """The hit as JSON values."""
        return {
            "date": self.date.isoformat(),
            "meeting_id": self.meeting_id,
            "file": self.file,
            "item": self.item,
            "title": self.title,
            "snippet": self.snippet,
            "score": self.score,
        }


@frozen
class UpdateStats(Record):
    """What an update did: files read (new or changed), removed, and left as they were."""

    read: int
    removed: int
    unchanged: int


_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """The user's query as an FTS5 expression: quoted words, prefixes and phrases, all required.

    >>> fts_query('visselblås* "nära vård" covid-19')
    '"visselblås"* AND "nära vård" AND "covid" AND "19"'
    """
    parts: list[str] = []
    for match in _TOKEN.finditer(query):
        phrase, phrase_star, word = match.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"' + ("*" if phrase_star else ""))
            continue
        prefix = word.endswith("*")
        words = _WORD.findall(word)
        for index, each in enumerate(words):
            star = "*" if prefix and index == len(words) - 1 else ""
            parts.append(f'"{each}"{star}')
    if not parts:
        raise SearchError(f"the query {query!r} has no words to search for")
    return " AND ".join(parts)


class SearchIndex:
    """The search index of a series; :meth:`update` brings it up to date, :meth:`search` asks."""

    def __init__(self, series: Series, path: str | os.PathLike[str] | None = None) -> None:
        self.series = series
        self.path = Path(path) if path is not None else series.folder / INDEX_NAME

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path)
        except sqlite3.Error as error:
            raise SearchError(f"{self.path}: cannot open the search index ({error})") from None
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version != INDEX_VERSION:
                connection.close()
                self._remove()
                connection = sqlite3.connect(self.path)
                connection.executescript(_SCHEMA)
                connection.execute(f"PRAGMA user_version = {INDEX_VERSION}")
                connection.commit()
        except sqlite3.DatabaseError:
            # Not an index of ours, or damaged: it is only a cache, so start again.
            connection.close()
            self._remove()
            return self._connect()
        return connection

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            candidate = Path(f"{self.path}{suffix}")
            if candidate.exists():
                candidate.unlink()

    def update(self) -> UpdateStats:
        """Re-read the files that are new or changed, forget the removed ones; one transaction."""
        with closing(self._connect()) as connection, connection:
            known = {
                name: (size, mtime)
                for name, size, mtime in connection.execute(
                    "SELECT name, size, mtime_ns FROM files"
                )
            }
            current: dict[str, tuple[int, int, Path]] = {}
            for path, stat in self.series.scan():
                current[path.name] = (stat.st_size, stat.st_mtime_ns, path)
            removed = [name for name in known if name not in current]
            changed = [
                name
                for name, (size, mtime, _) in current.items()
                if known.get(name) != (size, mtime)
            ]
            for name in removed + [n for n in changed if n in known]:
                self._forget(connection, name)
            for name in removed:
                connection.execute("DELETE FROM files WHERE name = ?", (name,))
            for name in changed:
                size, mtime, path = current[name]
                self._add(connection, name, read_meeting_file(path))
                connection.execute(
                    "INSERT OR REPLACE INTO files (name, size, mtime_ns) VALUES (?, ?, ?)",
                    (name, size, mtime),
                )
        return UpdateStats(len(changed), len(removed), len(current) - len(changed))

    @staticmethod
    def _forget(connection: sqlite3.Connection, name: str) -> None:
        connection.execute(
            "DELETE FROM texts WHERE rowid IN (SELECT id FROM rows WHERE file = ?)", (name,)
        )
        connection.execute("DELETE FROM rows WHERE file = ?", (name,))

    @staticmethod
    def _add(connection: sqlite3.Connection, name: str, meeting: Meeting) -> None:
        day = meeting.date.isoformat()
        records: list[tuple[int | None, str, str]] = [(None, meeting.body, meeting_text(meeting))]
        records += [(item.number, item.title, item_text(item)) for item in meeting.agenda]
        for number, title, body in records:
            cursor = connection.execute(
                "INSERT INTO rows (file, meeting_id, date, number, title) VALUES (?, ?, ?, ?, ?)",
                (name, meeting.id, day, number, title),
            )
            connection.execute(
                "INSERT INTO texts (rowid, title, body) VALUES (?, ?, ?)",
                (cursor.lastrowid, title, body),
            )

    def search(self, query: str, *, limit: int = 20, update: bool = True) -> list[Hit]:
        """The best ``limit`` matches of ``query``, best first (bm25; titles count double)."""
        expression = fts_query(query)
        if update:
            self.update()
        with closing(self._connect()) as connection:
            try:
                # Rank every match, then make snippets for the best ``limit`` only: a snippet
                # costs far more than a score, and a common word matches most rows.
                found = connection.execute(
                    "WITH best AS (SELECT rowid, bm25(texts, 2.0, 1.0) AS score FROM texts "
                    "WHERE texts MATCH ? ORDER BY score LIMIT ?) "
                    "SELECT rows.date, rows.meeting_id, rows.file, rows.number, rows.title, "
                    "snippet(texts, -1, ?, ?, '…', ?), best.score "
                    "FROM best JOIN texts ON texts.rowid = best.rowid "
                    "JOIN rows ON rows.id = best.rowid "
                    "WHERE texts MATCH ? ORDER BY best.score, rows.date DESC",
                    (expression, limit, MARK_START, MARK_END, SNIPPET_TOKENS, expression),
                ).fetchall()
            except sqlite3.OperationalError as error:
                raise SearchError(f"cannot search for {query!r}: {error}") from None
        return [
            Hit(dt.date.fromisoformat(day), meeting_id, file, number, title, snippet, score)
            for day, meeting_id, file, number, title, snippet, score in found
        ]


def search(series: Series, query: str, *, limit: int = 20) -> list[Hit]:
    """Bring the series' index up to date and return the best matches of ``query``."""
    return SearchIndex(series).search(query, limit=limit)


def format_hits(hits: list[Hit]) -> Iterator[str]:
    """Hits as lines for a terminal: ``2023-03-10  punkt 2  Title`` then the snippet."""
    for hit in hits:
        where = f"punkt {hit.item}" if hit.item is not None else "mötet"
        yield f"{hit.date.isoformat()}  {hit.meeting_id}  {where}: {hit.title}"
        yield f"    {' '.join(hit.snippet.split())}"
