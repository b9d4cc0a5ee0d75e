"""Importer plugins: reading minutes written elsewhere (plain text, Word) into a meeting.

Importers are found like exporters, through entry points (:mod:`kommunchef.plugins`): the group
``kommunchef.importers``
maps a file suffix without its dot (``txt``, ``docx``) to an :class:`Importer`. The core
provides ``txt``; the DOCX plugin provides ``docx``, so the core needs no Word library. A file
whose suffix no importer claims is read as plain text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from attrs import frozen

from kommunchef import plugins
from kommunchef.errors import FormatError, LoadError
from kommunchef.records import Record

if TYPE_CHECKING:
    from kommunchef.model import Meeting

ENTRY_POINT_GROUP = plugins.IMPORTERS
"""The entry-point group in which importer plugins register, keyed by file suffix."""

TEXT_SUFFIX = "txt"
"""The importer used for a suffix that no importer claims."""

# Magic numbers of what people rename: an OLE compound file is an old binary .doc or an
# encrypted (password-protected) Office document; a zip is an Office Open XML package.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadingWarning(UserWarning):
    """Something an importer read, but not with full confidence (the CLI prints it)."""


@runtime_checkable
class Importer(Protocol):
    """What an importer plugin provides.

    ``read`` turns a file's bytes into a valid meeting, or raises
    :class:`~kommunchef.errors.LoadError` with one line that says where and what (a line or
    a paragraph). Doubts are reported with :class:`ReadingWarning` (``warnings.warn``).
    """

    name: str
    """A short name for ``kommunchef formats``: ``docx``."""
    description: str
    """One line for ``kommunchef formats``."""
    max_bytes: int
    """The largest file the importer reads; larger files are refused before reading."""
    options: tuple[str, ...]
    """The options ``read`` accepts (``encoding`` for text)."""

    def read(
        self,
        data: bytes,
        *,
        date: dt.date | None = None,
        meeting_id: str | None = None,
        **options: str,
    ) -> Meeting:
        """Return the meeting the file holds."""
        ...


@frozen
class ImporterInfo(Record):
    """An installed importer, known from metadata alone."""

    suffix: str
    """The file suffix without its dot: ``docx``."""
    distribution: str
    version: str
    target: str


def available_importers() -> list[ImporterInfo]:
    """The installed importers, sorted by suffix, without importing any plugin."""
    return sorted(
        (
            ImporterInfo(suffix, entry.distribution, entry.version, entry.value)
            for suffix, entry in plugins.importers().items()
        ),
        key=lambda info: info.suffix,
    )


def get_importer(suffix: str) -> Importer:
    """The importer for a file suffix (``docx`` or ``.docx``); text for an unclaimed one."""
    registry = plugins.importers()
    key = suffix.lower().lstrip(".")
    if key not in registry:
        key = TEXT_SUFFIX
    if key not in registry:
        raise FormatError(f"no importer is installed for .{suffix.lstrip('.')} files")
    entry = registry[key]
    importer = plugins.load(entry, f"the .{key} importer")
    if not isinstance(importer, Importer):
        raise FormatError(f"the {key!r} entry point of {entry.distribution} is not an importer")
    return importer


def read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a file of any kind (a device never ends); more is an error."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise LoadError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:
        raise LoadError(f"{path}: the file is larger than the limit of {limit} bytes")
    return data


def import_file(
    path: str | Path,
    *,
    date: dt.date | None = None,
    meeting_id: str | None = None,
    **options: str,
) -> Meeting:
    """Read a minutes file with the importer for its suffix (plain text for any other).

    Errors are :class:`~kommunchef.errors.LoadError` naming the file; doubts are warnings
    (:class:`ReadingWarning`).
    """
    path = Path(path)
    importer = get_importer(path.suffix or TEXT_SUFFIX)
    unknown = sorted(set(options) - set(importer.options))
    if unknown:
        raise FormatError(f"the {importer.name} importer has no option {unknown[0]!r}")
    data = read_bounded(path, importer.max_bytes)
    if data.startswith(_OLE_MAGIC):
        raise LoadError(
            f"{path}: this is an old binary Word document (.doc) or a password-protected "
            "Office file; save it as .docx without a password and import that"
        )
    try:
        return importer.read(data, date=date, meeting_id=meeting_id, **options)
    except LoadError as error:
        # Only the message reaches the user; the original error stays chained.
        raise LoadError(f"{path}: {error}", error.problems) from error
