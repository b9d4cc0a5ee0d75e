"""kommunchef: the meetings of Göteborgsregionen's Kommunchefsgruppen as a domain model.

Build a :class:`Meeting` in code or read one with :func:`load`/:func:`loads`, check it with
:func:`validate`, and turn it into documents with :func:`export` and the installed formats
(:func:`available_formats`). Exporters are plugins and are imported only when used.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from kommunchef._version import __version__
from kommunchef.errors import (
    ExportError,
    FormatError,
    KommunchefError,
    LoadError,
    OptionError,
    ValidationError,
)
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    DocumentKind,
    FollowUp,
    Heading,
    Language,
    Link,
    ListItem,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)

if TYPE_CHECKING:
    from kommunchef.exporting import Exporter, FormatInfo
    from kommunchef.publication import Profile
    from kommunchef.validation import Problem


__all__ = [
    "STOCKHOLM",
    "AgendaItem",
    "BulletList",
    "DocumentKind",
    "ExportError",
    "FollowUp",
    "FormatError",
    "Heading",
    "KommunchefError",
    "Language",
    "Link",
    "ListItem",
    "LoadError",
    "Meeting",
    "MeetingStatus",
    "NumberedList",
    "OptionError",
    "Paragraph",
    "Person",
    "Recorder",
    "UpcomingMeeting",
    "ValidationError",
    "__version__",
    "available_formats",
    "dumps",
    "export",
    "for_publication",
    "get_exporter",
    "load",
    "loads",
    "parse_text",
    "validate",
]

# The functions below import their modules on first use, so that ``import kommunchef`` stays
# cheap for scripts that call it once per meeting.


def loads(document: str | bytes) -> Meeting:
    """Read a meeting from a JSON document; raise :class:`LoadError` listing every problem."""
    from kommunchef.serialization import loads as _loads

    return _loads(document)


def load(path: str | os.PathLike[str]) -> Meeting:
    """Read a meeting from a JSON file; raise :class:`LoadError` listing every problem."""
    from kommunchef.serialization import load as _load

    return _load(path)


def dumps(meeting: Meeting) -> str:
    """The meeting as a JSON document; ``loads(dumps(m)) == m``."""
    from kommunchef.serialization import dumps as _dumps

    return _dumps(meeting)


def validate(meeting: Meeting) -> list[Problem]:
    """Every problem of the meeting at once (see :mod:`kommunchef.validation`)."""
    from kommunchef.validation import validate as _validate

    return _validate(meeting)


def export(meeting: Meeting, format: str, **options: str) -> bytes:
    """Validate the meeting and return it as a document in ``format`` (e.g. ``"docx"``)."""
    from kommunchef.exporting import export as _export

    return _export(meeting, format, **options)


def available_formats() -> list[FormatInfo]:
    """The installed formats with their distribution and version; imports no plugin."""
    from kommunchef.exporting import available_formats as _available_formats

    return _available_formats()


def parse_text(
    text: str, *, date: datetime.date | None = None, meeting_id: str | None = None
) -> Meeting:
    """Read minutes written in the plain-text format ("Anteckningar") into a meeting."""
    from kommunchef.plaintext import parse_text as _parse_text

    return _parse_text(text, date=date, meeting_id=meeting_id)


def get_exporter(format: str) -> Exporter:
    """The exporter object of an installed format."""
    from kommunchef.exporting import get_exporter as _get_exporter

    return _get_exporter(format)


def for_publication(
    meeting: Meeting, profile: str | os.PathLike[str] | Profile = "public"
) -> Meeting:
    """The meeting without what ``profile`` removes before publishing (see
    :mod:`kommunchef.publication`): e-mail addresses, phone numbers, private persons."""
    from kommunchef.publication import for_publication as _for_publication

    return _for_publication(meeting, profile)
