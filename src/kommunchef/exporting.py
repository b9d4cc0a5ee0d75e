"""Exporter plugins: the protocol, discovery through entry points, and option helpers.

Exporters are found in the entry-point group ``kommunchef.exporters`` (through
:mod:`kommunchef.plugins`); each entry point's name is the format name and its object is an
:class:`Exporter`. Listing formats reads only the installed distributions' metadata: no plugin
is imported until a format is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from attrs import frozen

from kommunchef import plugins
from kommunchef.collector import paused
from kommunchef.errors import ExportError, FormatError, OptionError
from kommunchef.records import Record

if TYPE_CHECKING:
    from kommunchef.document import Outline
    from kommunchef.model import Language, Meeting

ENTRY_POINT_GROUP = plugins.EXPORTERS
"""The entry-point group in which exporter plugins register."""


@runtime_checkable
class Exporter(Protocol):
    """What an exporter plugin provides.

    ``export`` turns a valid meeting into the document's bytes. Options arrive as strings
    (from ``-O key=value`` on the command line); an unknown option or a bad value raises
    :class:`~kommunchef.errors.OptionError`, any other failure
    :class:`~kommunchef.errors.ExportError`.

    An exporter should also name the options it accepts in an ``options`` attribute (a tuple
    of strings): with several formats at once (``kommunchef export -f all -O lang=en``) each
    exporter then gets only its own options. Without it, an exporter gets every option.
    """

    name: str
    """The format name, equal to the entry point's name: ``docx``."""
    media_type: str
    """The IANA media type of the output: ``application/json``."""
    suffix: str
    """The file suffix with its dot: ``.json``."""
    description: str
    """One line for ``kommunchef formats``."""

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """Return the document for ``meeting``."""
        ...


@frozen
class FormatInfo(Record):
    """An installed format, known from metadata alone."""

    name: str
    distribution: str
    version: str
    target: str
    """Where the exporter object lives: ``package.module:object``."""


def refresh() -> None:
    """Forget what was discovered, so that newly installed plugins are found."""
    plugins.refresh()
    _loaded.cache_clear()


def available_formats() -> list[FormatInfo]:
    """The installed formats, sorted by name, without importing any plugin."""
    return sorted(
        (
            FormatInfo(entry.name, entry.distribution, entry.version, entry.value)
            for entry in plugins.exporters().values()
        ),
        key=lambda info: info.name,
    )


@cache
def _loaded(name: str) -> Exporter:
    registry = plugins.exporters()
    if name not in registry:
        known = ", ".join(sorted(registry)) or "none"
        hint = f"; install kommunchef-{name} to add it" if name.isidentifier() else ""
        raise FormatError(f"unknown format {name!r} (installed: {known}){hint}")
    entry = registry[name]
    exporter = plugins.load(entry, f"the {name!r} exporter")
    if isinstance(exporter, type):
        exporter = exporter()
    if not isinstance(exporter, Exporter):
        raise FormatError(
            f"the {name!r} entry point of {entry.distribution} ({entry.value}) is not an exporter"
        )
    if exporter.name != name:
        raise FormatError(
            f"the {name!r} entry point of {entry.distribution} gives an exporter named "
            f"{exporter.name!r}"
        )
    return exporter


def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; raise :class:`FormatError` if it is not usable."""
    return _loaded(name.strip().lower())


def export(meeting: Meeting, format: str, **options: str) -> bytes:
    """Validate ``meeting`` and return it as a document in ``format``.

    Raises :class:`~kommunchef.errors.ValidationError` when the meeting has errors,
    :class:`~kommunchef.errors.FormatError` for an unknown format and
    :class:`~kommunchef.errors.ExportError` when the exporter fails.
    """
    from kommunchef.errors import ValidationError
    from kommunchef.validation import errors_of

    errors = errors_of(meeting)
    if errors:
        raise ValidationError(errors)
    return run_exporter(get_exporter(format), meeting, options)


def options_for(exporter: Exporter, options: Mapping[str, str]) -> dict[str, str]:
    """The subset of ``options`` that ``exporter`` accepts (all of them if it does not say)."""
    accepted = getattr(exporter, "options", None)
    if accepted is None:
        return dict(options)
    return {key: value for key, value in options.items() if key in accepted}


@paused()
def run_exporter(exporter: Exporter, meeting: Meeting, options: Mapping[str, str]) -> bytes:
    """Run an exporter on a meeting already validated, turning its failures into ExportError."""
    try:
        result = exporter.export(meeting, **options)
    except ExportError:
        raise
    except (ValueError, TypeError, UnicodeError, KeyError) as error:
        raise ExportError(f"the {exporter.name} exporter failed: {error}") from error
    if not isinstance(result, bytes):
        raise ExportError(
            f"the {exporter.name} exporter returned {type(result).__name__}, not bytes"
        )
    return result


# Helpers for exporter authors ---------------------------------------------------------------


def check_options(format: str, options: Mapping[str, str], allowed: Sequence[str]) -> None:
    """Raise :class:`OptionError` for an option that is not in ``allowed`` or not a string."""
    for key, value in options.items():
        if key not in allowed:
            names = ", ".join(allowed) or "none"
            raise OptionError(f"the {format} format has no option {key!r} (options: {names})")
        if not isinstance(value, str):
            raise OptionError(f"option {key!r} of the {format} format must be a string")


def language_option(meeting: Meeting, options: Mapping[str, str]) -> Language:
    """The ``lang`` option (``sv`` or ``en``), defaulting to the meeting's language."""
    value = options.get("lang")
    if value is None:
        return meeting.language
    from kommunchef.model import Language

    try:
        return Language(value.strip().lower())
    except ValueError:
        raise OptionError(f"lang must be sv or en, not {value!r}") from None


def items_numbers(options: Mapping[str, str]) -> tuple[int, ...] | None:
    """The agenda numbers of the ``items`` option (``items=2,4``), ``None`` without it."""
    value = options.get("items")
    if value is None:
        return None
    numbers: list[int] = []
    for part in value.split(","):
        part = part.strip()
        if not (part.isascii() and part.isdigit() and len(part) <= 9):
            raise OptionError(f"items must be agenda numbers such as items=2,4, not {value!r}")
        numbers.append(int(part))
    return tuple(numbers)


def outline_of(meeting: Meeting, options: Mapping[str, str]) -> Outline:
    """The document outline the ``lang`` and ``items`` options ask for."""
    from kommunchef.document import outline

    return outline(meeting, language_option(meeting, options), items_numbers(options))


class OutlineExporter:
    """A base for exporters that render the document outline (DOCX, HTML, Markdown...).

    A subclass sets ``name``, ``media_type``, ``suffix`` and ``description`` and implements
    :meth:`render`; the base checks the options, reads ``lang`` and ``items`` once and builds
    the outline. Extra options go in ``options`` after ``lang`` and ``items``.
    """

    name: str
    media_type: str
    suffix: str
    description: str
    options: tuple[str, ...] = ("lang", "items")
    renders_outline = True
    """The conformance check then compares the output with the outline, text by text."""

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """Check the options, build the outline and render it."""
        check_options(self.name, options, self.options)
        return self.render(outline_of(meeting, options), options)

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        """The document's bytes. ``options`` holds the format's own options too."""
        raise NotImplementedError
