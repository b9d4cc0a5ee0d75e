"""A series: a folder of meeting files, read lazily in date order, and checks across meetings.

A series is what a group's secretary keeps: one file per document (minutes, agendas,
notices) in one folder. JSON files are read as they are; other files go through
:func:`import_file`, which needs the file to carry its own date (a plain-text file with a
``Datum:`` line). Hidden files (such as the search index) are not part of the series.

:meth:`Series.check` reports problems across meetings with the same
:class:`~kommunchef.validation.Problem` records as :func:`kommunchef.validate`; each path
starts with the file's name: ``kcg-2023-03-10.json: upcoming[0]``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

from attrs import frozen

from kommunchef.errors import FormatError, KommunchefError, LoadError
from kommunchef.identity import Occurrences, slugify
from kommunchef.keys import text_key
from kommunchef.model import (
    AgendaItem,
    BulletList,
    DocumentKind,
    Heading,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
)
from kommunchef.records import Record
from kommunchef.validation import Problem

JSON_SUFFIX = ".json"
TEXT_SUFFIX = ".txt"

_KIND_ORDER = {DocumentKind.NOTICE: 0, DocumentKind.AGENDA: 1, DocumentKind.MINUTES: 2}


# -- reading one file -------------------------------------------------------------------------


def importable_suffixes() -> tuple[str, ...]:
    """The suffixes, besides ``.json``, that :func:`import_file` reads."""
    return (TEXT_SUFFIX,)


def import_file(path: Path) -> Meeting:
    """Read a meeting file that is not JSON; the file must carry the meeting's date.

    This is the one place that knows other formats, so that it can hand over to a registry
    of importers keyed by suffix.
    """
    suffix = path.suffix.lower()
    if suffix != TEXT_SUFFIX:
        raise LoadError(f"{path}: no importer reads {suffix or 'suffix-less'} files")
    from kommunchef.plaintext import parse_text

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise LoadError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: the file is not UTF-8 text (byte {error.start})") from None
    try:
        return parse_text(text)
    except KommunchefError as error:
        raise LoadError(f"{path}: {' '.join(str(error).split())}") from error


def read_meeting_file(path: Path) -> Meeting:
    """Read one file of a series: JSON directly, anything else through :func:`import_file`."""
    if path.suffix.lower() != JSON_SUFFIX:
        return import_file(path)
    from kommunchef.serialization import load

    return load(path)  # its errors name the file


# -- the series -------------------------------------------------------------------------------


@frozen(order=False)
class Entry(Record):
    """One file of a series, with what sorting and choosing need: read without the model."""

    path: Path
    id: str
    date: dt.date
    kind: DocumentKind
    status: MeetingStatus
    body: str
    organisation: str

    @property
    def name(self) -> str:
        """The file's name, as problems and registers show it."""
        return self.path.name

    @property
    def is_held_minutes(self) -> bool:
        """True for the minutes of a meeting that was held: what closes follow-ups."""
        return self.kind is DocumentKind.MINUTES and self.status is MeetingStatus.HELD

    @classmethod
    def of_meeting(cls, path: Path, meeting: Meeting) -> Entry:
        """The entry of ``meeting``, read from the file ``path``."""
        return cls(
            path=path,
            id=meeting.id,
            date=meeting.date,
            kind=meeting.kind,
            status=meeting.status,
            body=meeting.body,
            organisation=meeting.organisation,
        )


def entry_of(path: Path, data: bytes | None = None) -> Entry:
    """The entry of one meeting file: a JSON file's from its header, without building the
    model (``data``: the file's bytes when they were already read), another file's by
    importing it."""
    if path.suffix.lower() == JSON_SUFFIX:
        return _json_entry(path, data)
    return Entry.of_meeting(path, import_file(path))


def series_order(entry: Entry) -> tuple[dt.date, int, str]:
    """The order of a series: by date, then notice, agenda, minutes, then by file name."""
    return (entry.date, _KIND_ORDER[entry.kind], entry.path.name)


def kind_rank(kind: DocumentKind) -> int:
    """Where a kind of document comes among one day's documents of a series (the second part
    of :func:`series_order`): notice, agenda, minutes."""
    return _KIND_ORDER[kind]


def _json_entry(path: Path, data: bytes | None = None) -> Entry:
    try:
        header = json.loads(path.read_bytes() if data is None else data)
    except OSError as error:
        raise LoadError(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise LoadError(f"{path}: not a JSON document ({error})") from None
    if not isinstance(header, dict):
        raise LoadError(f"{path}: a meeting document is a JSON object")
    try:
        return Entry(
            path=path,
            id=str(header["id"]),
            date=dt.date.fromisoformat(str(header["date"])),
            kind=DocumentKind(header.get("kind", DocumentKind.MINUTES)),
            status=MeetingStatus(header.get("status", MeetingStatus.HELD)),
            # Interned: every meeting of a series names the same body and organisation.
            body=sys.intern(" ".join(str(header.get("body", "Kommunchefsgruppen")).split())),
            organisation=sys.intern(" ".join(str(header.get("organisation", "GR")).split())),
        )
    except (KeyError, ValueError, TypeError):
        # The full reader names every problem with its path.
        return Entry.of_meeting(path, read_meeting_file(path))


class Series:
    """The meetings of one folder, in date order, each read only when it is needed.

    >>> series = Series("examples")          # doctest: +SKIP
    >>> for meeting in series: ...           # one meeting in memory at a time
    >>> problems = series.check()
    """

    def __init__(
        self, folder: str | os.PathLike[str], *, paths: Iterable[str | os.PathLike[str]] = ()
    ) -> None:
        self.folder = Path(folder)
        self._paths = sorted(Path(path) for path in paths)
        if not self._paths and not self.folder.is_dir():
            raise LoadError(f"{self.folder}: not a folder of meeting files")

    @classmethod
    def from_paths(cls, paths: Iterable[str | os.PathLike[str]]) -> Series:
        """A series of the given files and folders (each folder's files), not of one folder."""
        found: list[Path] = []
        for path in map(Path, paths):
            found.extend(cls(path).files() if path.is_dir() else [path])
        if not found:
            raise LoadError("no meeting files were given")
        folder = Path(os.path.commonpath([p.parent.absolute() for p in found]))
        return cls(folder, paths=found)

    def __repr__(self) -> str:
        return f"Series({str(self.folder)!r})"

    def files(self) -> list[Path]:
        """The series' meeting files by name: JSON and importable files, hidden ones left out."""
        return [path for path, _ in self.scan()]

    def scan(self) -> list[tuple[Path, os.stat_result]]:
        """The series' files by name, each with its status (size, modification time).

        One directory scan and one ``stat`` per file: cheap enough to run before every search.
        """
        return sorted(self.walk(), key=lambda pair: pair[0].name)

    def walk(self) -> Iterator[tuple[Path, os.stat_result]]:
        """The files of :meth:`scan` one at a time, in the order the folder gives them: what
        a tool that sorts them itself needs, without a list of them all."""
        if self._paths:
            for path in self._paths:
                yield path, path.stat()
            return
        suffixes = {JSON_SUFFIX, *importable_suffixes()}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                suffix = os.path.splitext(entry.name)[1].lower()
                if entry.name.startswith(".") or suffix not in suffixes or not entry.is_file():
                    continue
                yield self.folder / entry.name, entry.stat()

    @cached_property
    def entries(self) -> list[Entry]:
        """Every file in date order (then notice, agenda, minutes, then by name).

        JSON files are sorted by their header without building the model; other files are
        imported once for their date.
        """
        return sorted((entry_of(path) for path in self.files()), key=series_order)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Meeting]:
        for _, meeting in self.items():
            yield meeting

    def items(self) -> Iterator[tuple[Entry, Meeting]]:
        """Each entry with its meeting, in date order, read one at a time."""
        for entry in self.entries:
            yield entry, read_meeting_file(entry.path)

    def entry(self, path: Path) -> Entry:
        """The entry of one file of the series."""
        for entry in self.entries:
            if entry.path == path:
                return entry
        raise KeyError(str(path))

    def check(self) -> list[Problem]:
        """Every problem across the meetings (see :func:`check_meetings`)."""
        return check_meetings(self.items())

    @property
    def name(self) -> str:
        """A name for the series: its folder's, as an ASCII slug."""
        return slugify(self.folder.absolute().name) or "series"

    def export(self, format: str, **options: str) -> bytes:
        """One document of the whole series, in a format that can write one (``ics``).

        Every meeting is validated first; the first one with errors stops the export.
        """
        from kommunchef.exporting import get_exporter
        from kommunchef.validation import errors_of

        exporter = get_exporter(format)
        export_series = getattr(exporter, "export_series", None)
        if export_series is None:
            raise FormatError(
                f"the {format} format writes one file per meeting, not one for a series; "
                "give a folder as the output"
            )

        def valid() -> Iterator[Meeting]:
            for entry, meeting in self.items():
                errors = errors_of(meeting)
                if errors:
                    raise LoadError(f"{entry.path}: the meeting is not valid", errors)
                yield meeting

        data: bytes = export_series(valid(), name=self.name, **options)
        return data


# -- the words of a meeting ------------------------------------------------------------------


def _block_text(block: Paragraph | Heading | BulletList | NumberedList) -> Iterator[str]:
    if isinstance(block, Paragraph | Heading):
        yield block.text
        return
    for entry in block.items:
        yield entry.text
        if entry.sublist is not None:
            yield from _block_text(entry.sublist)


def item_text(item: AgendaItem) -> str:
    """Every word of an agenda item below its title: presenters, body, decisions, follow-ups."""
    parts: list[str] = [person_text(p) for p in item.presenters]
    for block in item.body:
        parts.extend(_block_text(block))
    parts.extend(decision.text for decision in item.decisions)
    for follow_up in item.follow_ups:
        parts.append(follow_up.text)
        if follow_up.owner:
            parts.append(follow_up.owner)
    return "\n".join(parts)


def person_text(person: Person) -> str:
    """A person in words: name, title and organisation."""
    return ", ".join(part for part in (person.name, person.title, person.organisation) if part)


def meeting_text(meeting: Meeting) -> str:
    """The words of a meeting outside its agenda items: who, where, what comes next."""
    parts: list[str] = [meeting.body, meeting.organisation]
    if meeting.location:
        parts.append(meeting.location)
    for person in (*meeting.present, *meeting.absent, *meeting.guests):
        parts.append(person_text(person))
    for upcoming in meeting.upcoming:
        parts.extend(text for text in (upcoming.title, upcoming.location, upcoming.note) if text)
    if meeting.recorded_by is not None:
        parts.append(meeting.recorded_by.name)
    return "\n".join(parts)


# -- checks across meetings ------------------------------------------------------------------


@frozen
class _Announcement(Record):
    rank: tuple[int, bool]
    where: str
    date: dt.date
    cancelled: bool


def check_meetings(documents: Iterable[tuple[Entry, Meeting]]) -> list[Problem]:
    """Problems across documents given in date order.

    * error: two documents with one id;
    * error: two documents of the same kind for one meeting (occurrence);
    * error: the latest word of earlier minutes says a meeting is cancelled, but its own
      minutes say it was held;
    * warning: a member (present or absent) of a body's held meeting is neither present, absent
      nor a guest at the body's next held meeting, and its text does not mention them.
    """
    problems: list[Problem] = []
    occurrences = Occurrences()
    ids: dict[str, str] = {}
    documents_of: dict[tuple[str, DocumentKind], str] = {}
    latest: dict[str, _Announcement] = {}
    held: dict[str, tuple[str, dt.date]] = {}
    previous: dict[tuple[str, str], tuple[Entry, dict[str, Person]]] = {}
    for entry, meeting in documents:
        name = entry.name
        if meeting.id in ids:
            problems.append(
                Problem(
                    "error", f"{name}: id", f"{meeting.id!r} is also the id of {ids[meeting.id]}"
                )
            )
        else:
            ids[meeting.id] = name
        for description in occurrences.describe(meeting):
            identity = description.identity
            if description.index is None:
                key = (identity, meeting.kind)
                if key in documents_of:
                    problems.append(
                        Problem(
                            "error",
                            f"{name}: date",
                            f"{documents_of[key]} is also the {meeting.kind} of the meeting on "
                            f"{meeting.date.isoformat()}",
                        )
                    )
                else:
                    documents_of[key] = name
                if entry.is_held_minutes:
                    held[identity] = (name, meeting.date)
                continue
            upcoming = meeting.upcoming[description.index]
            known = latest.get(identity)
            if identity not in held and (known is None or description.rank > known.rank):
                latest[identity] = _Announcement(
                    description.rank,
                    f"{name}: upcoming[{description.index}]",
                    meeting.date,
                    upcoming.cancelled,
                )
        if entry.is_held_minutes:
            problems.extend(_attendance_changes(entry, meeting, previous))
    for identity, announcement in latest.items():
        if announcement.cancelled and identity in held:
            own, day = held[identity]
            problems.append(
                Problem(
                    "error",
                    announcement.where,
                    f"says the meeting on {day.isoformat()} is cancelled, but its minutes {own} "
                    "record it as held",
                )
            )
    return problems


def _attendance_changes(
    entry: Entry,
    meeting: Meeting,
    previous: dict[tuple[str, str], tuple[Entry, dict[str, Person]]],
) -> Iterator[Problem]:
    group = (text_key(meeting.body), text_key(meeting.organisation))
    members = {text_key(p.name): p for p in (*meeting.present, *meeting.absent)}
    before = previous.get(group)
    previous[group] = (entry, members)
    if before is None:
        return
    earlier, earlier_members = before
    attending = set(members) | {text_key(p.name) for p in meeting.guests}
    missing = [person for key, person in earlier_members.items() if key not in attending]
    if not missing:
        return
    words = text_key(
        " ".join([meeting_text(meeting), *(f"{i.title} {item_text(i)}" for i in meeting.agenda)])
    )
    for person in missing:
        if text_key(person.name) in words:
            continue
        organisation = f" ({person.organisation})" if person.organisation else ""
        yield Problem(
            "warning",
            f"{entry.name}: present",
            f"{person.name}{organisation}, a member at the meeting on {earlier.date.isoformat()} "
            f"({earlier.name}), is neither present, absent nor a guest, and the minutes do not "
            "mention them",
        )
