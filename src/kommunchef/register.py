"""Registers of a series: every decision, and every follow-up with whether it was taken up.

When a follow-up is closed
--------------------------
A follow-up raised at a meeting (under agenda item N, titled T) is **closed** by the first
agenda item of the minutes of a *later held* meeting of the series that

1. refers to it: the item's title or text names the origin meeting's ISO date and the item
   number, as "2021-10-08, punkt 2" (or "item 2"), which is how drafted agendas refer to
   their follow-ups (:mod:`kommunchef.agenda`); or
2. has the same title T (compared without case and extra spaces), unless T is a *standing
   item* that every meeting has, such as "Övriga frågor" or "Kommande möten"
   (:data:`STANDING_TITLES`): such a title says nothing about the question, so only a
   reference closes those follow-ups.

Agendas, notices and cancelled meetings close nothing: only a held meeting takes a question up.
Every other follow-up is **open**.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, get_args

from attrs import asdict, frozen

from kommunchef.errors import OptionError
from kommunchef.keyfilter import KeyFilter
from kommunchef.keys import text_key
from kommunchef.model import AgendaItem, Meeting
from kommunchef.records import Record
from kommunchef.series import Entry, Series, item_text

STANDING_TITLES: tuple[str, ...] = (
    "övriga frågor",
    "kommande möten",
    "mötets öppnande",
    "föregående mötes anteckningar",
    "föregående anteckningar",
    "rapporter",
    "any other business",
    "other matters",
    "upcoming meetings",
    "coming meetings",
    "reports",
)
"""How standing items' titles begin (compared without case)."""

REFERENCE = re.compile(r"(\d{4}-\d{2}-\d{2}),?\s+(?:punkt|item|p\.)\s*(\d+)\b", re.IGNORECASE)
"""A reference to an agenda item of an earlier meeting: "2021-10-08, punkt 2"."""

Kind = Literal["decisions", "follow-ups"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Format = Literal["csv", "json", "html"]
FORMATS: tuple[Format, ...] = get_args(Format)


def title_key(title: str) -> str:
    """A title as compared: lower case, single spaces, no closing punctuation."""
    return text_key(title).rstrip(" .:;")


def is_standing(title: str, standing: Sequence[str] = STANDING_TITLES) -> bool:
    """True when the title begins like a standing item's."""
    key = title_key(title)
    return any(key.startswith(prefix) for prefix in standing)


@frozen
class ItemRef(Record):
    """An agenda item of a meeting of the series."""

    date: dt.date
    meeting_id: str
    file: str
    number: int
    title: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()}, punkt {self.number}: {self.title}"


@frozen
class Decision(Record):
    """A decision with the meeting and item it was made under."""

    item: ItemRef
    text: str


@frozen
class FollowUpRecord(Record):
    """A follow-up with where it was raised and the item that closed it, if any."""

    item: ItemRef
    text: str
    owner: str | None
    due: dt.date | None
    closed_by: ItemRef | None

    @property
    def is_open(self) -> bool:
        """True while no later held meeting has taken the question up."""
        return self.closed_by is None


def _ref(entry: Entry, meeting: Meeting, item: AgendaItem) -> ItemRef:
    return ItemRef(meeting.date, meeting.id, entry.name, item.number, item.title)


def decisions(series: Series | Iterable[tuple[Entry, Meeting]]) -> list[Decision]:
    """Every decision of the series, in date and item order."""
    documents = series.items() if isinstance(series, Series) else series
    return [
        Decision(_ref(entry, meeting, item), decision.text)
        for entry, meeting in documents
        for item in meeting.agenda
        for decision in item.decisions
    ]


def follow_ups(
    series: Series | Iterable[tuple[Entry, Meeting]],
    *,
    standing: Sequence[str] = STANDING_TITLES,
) -> list[FollowUpRecord]:
    """Every follow-up of the series with whether a later meeting closed it (see the module)."""
    documents = series.items() if isinstance(series, Series) else series
    ledger = FollowUpLedger(standing)
    for entry, meeting in documents:
        if entry.is_held_minutes:
            for item in meeting.agenda:
                ledger.take_up(_ref(entry, meeting, item), references(item))
        for item in meeting.agenda:
            here = _ref(entry, meeting, item)
            for follow_up in item.follow_ups:
                ledger.raise_follow_up(here, follow_up.text, follow_up.owner, follow_up.due)
    try:
        return list(ledger.records())
    finally:
        ledger.close()


def references(item: AgendaItem) -> list[tuple[str, int]]:
    """The earlier items an item refers to, as (ISO date, item number), in order."""
    text = f"{item.title}\n{item_text(item)}"
    return [(match[1], int(match[2])) for match in REFERENCE.finditer(text)]


class FollowUpLedger:
    """:func:`follow_ups` fed one meeting at a time, from the model or from stored rows.

    Feed the meetings in date order; for each meeting first :meth:`take_up` every agenda item
    of held minutes, then :meth:`raise_follow_up` its follow-ups. The latest follow-ups wait
    in memory (up to :data:`_BATCH` of them), the others in a temporary SQLite database (on
    disk past :data:`CACHE_KIB`), open ones indexed by title and by origin, with a filter of
    their keys that spares a query for an item that can close none of them: memory stays
    flat and the work grows with the size of the series, not its square.
    """

    def __init__(self, standing: Sequence[str] = STANDING_TITLES) -> None:
        self._standing = standing
        self._db = scratch_database()
        self._db.executescript(_LEDGER)
        self._raised = 0
        self._pending: list[list[Any]] = []
        self._pending_by_key: dict[tuple[Any, ...], list[list[Any]]] = {}
        self._written_keys = KeyFilter()  # of the open follow-ups in the database

    def take_up(self, here: ItemRef, keys: Sequence[tuple[str, int]]) -> None:
        """An item of held minutes: it closes the earlier open follow-ups it names (``keys``,
        see :func:`references`) or whose item had its title."""
        day = here.date.isoformat()
        self._close(here, day, ("title", title_key(here.title)))
        for origin, number in keys:
            self._close(here, day, ("origin", origin, number))

    def _close(self, here: ItemRef, day: str, key: tuple[Any, ...]) -> None:
        """Close the follow-ups raised before ``day`` that ``key`` finds, by ``here``."""
        rows = self._pending_by_key.get(key)
        if rows is not None:
            closer = _ref_row(here)
            for row in rows:
                if row[_CLOSED] is None and row[1] < day:
                    row[_CLOSED:] = closer
        if self._written_keys.may_hold(key):
            where = "title_key = ?" if key[0] == "title" else _BY_ORIGIN
            closed = self._db.execute(_CLOSE + where + _RETURNING, (*_ref_row(here), day, *key[1:]))
            for title, origin, number in closed:
                self._written_keys.remove(_keys(title, origin, number))

    def raise_follow_up(
        self, here: ItemRef, text: str, owner: str | None, due: dt.date | None
    ) -> None:
        """A follow-up raised under the item ``here``."""
        if len(self._pending) >= _BATCH:
            self._write_pending()
        key = None if is_standing(here.title, self._standing) else title_key(here.title)
        day = here.date.isoformat()
        row = [
            self._raised,
            *_ref_row(here),
            text,
            owner,
            None if due is None else due.isoformat(),
            key,
            day,
            here.number,
            *_OPEN,
        ]
        self._pending.append(row)
        for found in _keys(key, day, here.number):
            self._pending_by_key.setdefault(found, []).append(row)
        self._raised += 1

    def _write_pending(self) -> None:
        self._db.executemany(f"INSERT INTO follow_up VALUES ({_MARKS})", self._pending)
        for row in self._pending:
            if row[_CLOSED] is None:  # open: a later meeting may close it in the database
                self._written_keys.add(_keys(row[9], row[10], row[11]))
        self._pending = []
        self._pending_by_key.clear()

    def records(self) -> Iterator[FollowUpRecord]:
        """Every follow-up so far, in the order raised, with the item that closed it."""
        self._write_pending()
        rows = self._db.execute(
            "SELECT date, meeting, file, item, title, text, owner, due, closed_date, "
            "closed_meeting, closed_file, closed_number, closed_title FROM follow_up "
            "ORDER BY number"
        )
        for row in rows:
            ref, text, owner, due = _item_ref(row[:5]), row[5], row[6], row[7]
            closed_by = None if row[8] is None else _item_ref(row[8:])
            day = None if due is None else dt.date.fromisoformat(due)
            yield FollowUpRecord(ref, text, owner, day, closed_by)

    def close(self) -> None:
        """Remove the temporary database (also done when the ledger is collected)."""
        self._db.close()


CACHE_KIB = 512
"""The memory (KiB) that a temporary database of follow-ups and the like caches; what does not
fit waits on disk."""


def scratch_database() -> sqlite3.Connection:
    """A private temporary SQLite database, removed when closed: in memory up to
    :data:`CACHE_KIB`, on disk past it, and without a journal (nothing in it outlives the
    process, so nothing needs undoing)."""
    db = sqlite3.connect("")  # one open transaction, never committed: nothing to keep
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    return db


_LEDGER = """
CREATE TABLE follow_up (
    number INTEGER PRIMARY KEY, date TEXT, meeting TEXT, file TEXT, item INTEGER, title TEXT,
    text TEXT, owner TEXT, due TEXT, title_key TEXT, origin_date TEXT, origin_number INTEGER,
    closed_date TEXT, closed_meeting TEXT, closed_file TEXT, closed_number INTEGER,
    closed_title TEXT
);
CREATE INDEX open_by_title ON follow_up (title_key) WHERE closed_date IS NULL;
CREATE INDEX open_by_origin ON follow_up (origin_date, origin_number) WHERE closed_date IS NULL;
"""

_CLOSE = (
    "UPDATE follow_up SET closed_date = ?, closed_meeting = ?, closed_file = ?, "
    "closed_number = ?, closed_title = ? WHERE closed_date IS NULL AND date < ? AND "
)
_BY_ORIGIN = "origin_date = ? AND origin_number = ?"
_RETURNING = (
    " RETURNING title_key, origin_date, origin_number"
    if sqlite3.sqlite_version_info >= (3, 35)
    else ""  # an older SQLite: the keys stay in the filter, which then only costs queries
)
"""Close the open follow-ups raised before a day with a title or origin; the keys of those
closed come back, to leave the filter."""

_MARKS = ", ".join("?" * 17)
_OPEN = (None, None, None, None, None)
_CLOSED = 12
"""Where a follow-up's row holds the item that closed it (five columns; none while open)."""

_BATCH = 256
"""Follow-ups raised are written this many at a time."""


def _keys(key: str | None, day: str, number: int) -> list[tuple[Any, ...]]:
    """The keys by which an open follow-up is found: its title's (unless standing) and its
    origin's."""
    origin = ("origin", day, number)
    return [origin] if key is None else [("title", key), origin]


def _ref_row(ref: ItemRef) -> tuple[str, str, str, int, str]:
    return (ref.date.isoformat(), ref.meeting_id, ref.file, ref.number, ref.title)


def _item_ref(row: Sequence[Any]) -> ItemRef:
    day, meeting_id, file, number, title = row
    return ItemRef(dt.date.fromisoformat(day), meeting_id, file, number, title)


# -- writing ----------------------------------------------------------------------------------

_HEADERS: dict[Kind, tuple[str, ...]] = {
    "decisions": ("datum", "möte", "punkt", "rubrik", "beslut"),
    "follow-ups": (
        "datum",
        "möte",
        "punkt",
        "rubrik",
        "uppföljning",
        "ansvarig",
        "senast",
        "status",
        "avslutad datum",
        "avslutad punkt",
        "avslutad rubrik",
    ),
}


def _row(record: Decision | FollowUpRecord) -> list[str]:
    item = record.item
    start = [item.date.isoformat(), item.meeting_id, str(item.number), item.title]
    if isinstance(record, Decision):
        return [*start, record.text]
    closer = record.closed_by
    return [
        *start,
        record.text,
        record.owner or "",
        record.due.isoformat() if record.due else "",
        "öppen" if closer is None else "avslutad",
        closer.date.isoformat() if closer else "",
        str(closer.number) if closer else "",
        closer.title if closer else "",
    ]


def _json_value(record: Decision | FollowUpRecord) -> dict[str, object]:
    value = asdict(
        record, value_serializer=lambda _i, _a, v: v.isoformat() if isinstance(v, dt.date) else v
    )
    if isinstance(record, FollowUpRecord):
        value["status"] = "open" if record.is_open else "closed"
    return value


def format_option(value: str) -> Format:
    """Read a register format: ``csv``, ``json`` or ``html``."""
    cleaned = value.strip().lower()
    for name in FORMATS:
        if cleaned == name:
            return name
    raise OptionError(f"a register is written as csv, json or html, not {value!r}")


def write_register(
    kind: Kind, records: Sequence[Decision | FollowUpRecord], format: Format, *, title: str = ""
) -> bytes:
    """The register as bytes.

    CSV is UTF-8 with a byte-order mark, comma-separated with double quotes (RFC 4180, CRLF),
    so LibreOffice Calc and Excel open it with å, ä and ö intact; JSON is a list of objects;
    HTML a small accessible page with one table.
    """
    if format == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(_HEADERS[kind])
        writer.writerows(_row(record) for record in records)
        return buffer.getvalue().encode("utf-8-sig")
    if format == "json":
        data = [_json_value(record) for record in records]
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return _html(kind, records, title).encode("utf-8")


def _html(kind: Kind, records: Sequence[Decision | FollowUpRecord], title: str) -> str:
    heading = html.escape(title or ("Beslut" if kind == "decisions" else "Uppföljningar"))
    head = "".join(f'<th scope="col">{html.escape(name)}</th>' for name in _HEADERS[kind])
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in _row(record)) + "</tr>"
        for record in records
    )
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n</head>\n<body>\n<main>\n<h1>{heading}</h1>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
        "</main>\n</body>\n</html>\n"
    )


def register(series: Series, kind: Kind, format: Format = "csv") -> bytes:
    """The decisions or follow-ups register of a series in ``format``."""
    if kind == "decisions":
        return write_register(kind, decisions(series), format)
    if kind == "follow-ups":
        return write_register(kind, follow_ups(series), format)
    raise OptionError(f"a register lists decisions or follow-ups, not {kind!r}")
