"""kommunchef: the meetings of Göteborgsregionen's Kommunchefsgruppen as a domain model.

Build a :class:`Meeting` in code or read one with :func:`load`/:func:`loads`, check it with
:func:`validate`, see what its document says with :func:`outline`, and turn it into documents
with :func:`export` and the installed formats (:func:`available_formats`). Exporters are
plugins and are imported only when used.
"""

from __future__ import annotations

import importlib

from kommunchef._version import __version__
from kommunchef.errors import (
    ExportError,
    FormatError,
    KommunchefError,
    LoadError,
    OptionError,
    ValidationError,
)

# Not imported from typing, which would add to every start of the command line.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from kommunchef.document import Outline, outline
    from kommunchef.exporting import Exporter, FormatInfo, export, get_exporter
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
    from kommunchef.plaintext import parse_text
    from kommunchef.publication import for_publication
    from kommunchef.serialization import dumps, load, loads
    from kommunchef.series import Series
    from kommunchef.validation import Problem, validate


__all__ = [
    "STOCKHOLM",
    "AgendaItem",
    "BulletList",
    "DocumentKind",
    "ExportError",
    "Exporter",
    "FollowUp",
    "FormatError",
    "FormatInfo",
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
    "Outline",
    "Paragraph",
    "Person",
    "Problem",
    "Recorder",
    "Series",
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
    "outline",
    "parse_text",
    "validate",
]

# The names below are imported from their modules on first use (as attrs does), so that
# ``import kommunchef`` stays cheap for scripts that call it once per meeting, and the
# command line answers ``--version`` without building the model's classes.
_LAZY = {
    "STOCKHOLM": "kommunchef.model",
    "AgendaItem": "kommunchef.model",
    "BulletList": "kommunchef.model",
    "DocumentKind": "kommunchef.model",
    "FollowUp": "kommunchef.model",
    "Heading": "kommunchef.model",
    "Language": "kommunchef.model",
    "Link": "kommunchef.model",
    "ListItem": "kommunchef.model",
    "Meeting": "kommunchef.model",
    "MeetingStatus": "kommunchef.model",
    "NumberedList": "kommunchef.model",
    "Paragraph": "kommunchef.model",
    "Person": "kommunchef.model",
    "Recorder": "kommunchef.model",
    "UpcomingMeeting": "kommunchef.model",
    "Exporter": "kommunchef.exporting",
    "FormatInfo": "kommunchef.exporting",
    "available_formats": "kommunchef.exporting",
    "export": "kommunchef.exporting",
    "get_exporter": "kommunchef.exporting",
    "Outline": "kommunchef.document",
    "outline": "kommunchef.document",
    "parse_text": "kommunchef.plaintext",
    "for_publication": "kommunchef.publication",
    "dumps": "kommunchef.serialization",
    "load": "kommunchef.serialization",
    "loads": "kommunchef.serialization",
    "Problem": "kommunchef.validation",
    "Series": "kommunchef.series",
    "validate": "kommunchef.validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kommunchef' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
