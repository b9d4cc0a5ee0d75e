"""The entry points of the installed distributions, read as ``importlib.metadata`` reads them.

A distribution declares entry points in the ``entry_points.txt`` of its ``*.dist-info``
folder: ``[group]`` headers and ``name = value`` lines. This module reads those files itself
(the same folders on ``sys.path`` in the same order, the first distribution of a name winning,
the same lines) and the ``Name`` and ``Version`` of the metadata of only the distributions
that have entry points in the group asked for, because importing ``importlib.metadata``
(``email``, ``zipfile``, ``csv``, ``pathlib`` ...) costs more than listing the formats or
exporting a small meeting. Whatever it does not handle (a zip file or an egg on ``sys.path``,
another finder that provides distributions, a metadata file in an unusual shape) is read
through ``importlib.metadata``, so the answer is always the one it gives. Nothing is imported
from a distribution until :meth:`EntryPoint.load`.
"""

from __future__ import annotations

import os
import sys

from kommunchef.errors import FormatError

# Not imported from typing, which would add to every start of the command line.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

_INFO_SUFFIXES = (".dist-info", ".egg-info")


class EntryPoint:
    """One entry point a distribution declares: ``name = value`` in ``group``."""

    __slots__ = ("distribution", "group", "name", "value", "version")

    def __init__(self, group: str, name: str, value: str, distribution: str, version: str) -> None:
        self.group = group
        self.name = name
        self.value = value
        """Where the object lives: ``package.module:object``."""
        self.distribution = distribution
        """The distribution's name as its metadata states it, ``?`` when it does not."""
        self.version = version

    def __repr__(self) -> str:
        return (
            f"EntryPoint(group={self.group!r}, name={self.name!r}, value={self.value!r}, "
            f"distribution={self.distribution!r}, version={self.version!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EntryPoint):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def _fields(self) -> tuple[str, str, str, str, str]:
        return (self.group, self.name, self.value, self.distribution, self.version)

    def load(self) -> object:
        """Import the module and return the object, as ``importlib.metadata`` loads it."""
        import functools
        import importlib
        import re

        # The syntax importlib.metadata accepts: module, optional :attribute, optional [extras].
        match = re.match(
            r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$",
            self.value,
        )
        if match is None:
            raise ValueError(f"{self.value!r} is not 'module:object'")
        module = importlib.import_module(match.group("module"))
        attributes = [part for part in (match.group("attr") or "").split(".") if part]
        return functools.reduce(getattr, attributes, module)


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of every installed distribution, in discovery order.

    Raises :class:`~kommunchef.errors.FormatError` when an ``entry_points.txt`` cannot be read
    or has a line that is not ``name = value`` (where ``importlib.metadata`` fails too).
    """
    return list(_entry_points_in(group))


def refresh() -> None:
    """Forget what was read, so that distributions installed since are found."""
    global _declared, _left_to_importlib
    _declared = None
    _left_to_importlib = False
    _found.clear()


_declared: list[tuple[str, list[tuple[str, str, str]]]] | None = None
"""Each distribution's metadata folder with its ``(group, name, value)`` lines, as read here."""
_found: dict[str, list[EntryPoint]] = {}
"""The entry points of each group asked for."""
_left_to_importlib = False
"""Whether this reader met something it leaves to importlib.metadata."""


def _entry_points_in(group: str) -> list[EntryPoint]:
    global _declared, _left_to_importlib
    if group in _found:
        return _found[group]
    if _declared is None and not _left_to_importlib:
        try:
            _declared = list(_read_installed())
        except _UnusualError:
            _left_to_importlib = True
    if _declared is None:
        found = _from_importlib_metadata(group)
    else:
        found = []
        for folder, lines in _declared:
            # Only the distributions that have plugins of the group have their metadata read.
            mine = [(name, value) for in_group, name, value in lines if in_group == group]
            if mine:
                distribution, version = _name_and_version(folder)
                found.extend(EntryPoint(group, n, v, distribution, version) for n, v in mine)
    _found[group] = found
    return found


class _UnusualError(Exception):
    """Something importlib.metadata handles and this reader leaves to it."""


def _read_installed() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    from importlib.machinery import PathFinder

    # importlib.metadata asks every finder on sys.meta_path; the standard one reads sys.path.
    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            raise _UnusualError(finder)
    seen: set[str] = set()
    for root in sys.path:
        for folder, name in _distributions_in(root):
            if name in seen:  # the first one found on sys.path wins, as it would be imported
                continue
            seen.add(name)
            lines = _entry_point_lines(folder)
            if lines:
                yield folder, lines


def _distributions_in(root: object) -> Iterator[tuple[str, str]]:
    """The metadata folders in one sys.path entry, with their normalised names."""
    if not isinstance(root, str) or os.path.basename(root).lower().endswith(".egg"):
        raise _UnusualError(root)
    try:
        children = os.listdir(root or ".")
    except OSError:
        if os.path.isfile(root):  # a zip archive on sys.path
            raise _UnusualError(root) from None
        return  # a folder that does not exist or cannot be read holds nothing
    for child in children:
        if not child.lower().endswith(_INFO_SUFFIXES):
            continue
        stem, extension = os.path.splitext(child)
        name = stem.partition("-")[0]
        if extension not in _INFO_SUFFIXES or not name:
            # importlib.metadata would read the name from the metadata file.
            raise _UnusualError(child)
        yield os.path.join(root, child), _normalise(name)


def _normalise(name: str) -> str:
    """PEP 503 normalisation with underscores, as importlib.metadata compares names: every
    run of ``-``, ``_`` and ``.`` becomes one ``_``."""
    name = name.lower().replace("-", "_").replace(".", "_")
    while "__" in name:
        name = name.replace("__", "_")
    return name


def _read_text(path: str) -> str | None:
    """A metadata file's text, ``None`` where importlib.metadata finds no file."""
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{path} is not UTF-8 ({error.reason}): reinstall its distribution"
        ) from None
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror or error}") from None


def _entry_point_lines(folder: str) -> list[tuple[str, str, str]]:
    path = os.path.join(folder, "entry_points.txt")
    text = _read_text(path)
    return list(_parse_entry_points(text, path)) if text else []


def _parse_entry_points(text: str, path: str) -> Iterator[tuple[str, str, str]]:
    """``(group, name, value)`` of an entry_points.txt, read as importlib.metadata reads it:
    lines stripped, blank lines and ``#`` comments left out, ``[group]`` headers, and
    ``name = value`` split at the first ``=``. Lines before the first header are ignored."""
    group: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line.strip("[]")
            continue
        if group is None:
            continue
        name, equals, value = line.partition("=")
        if not equals:
            raise FormatError(
                f"{path}, line {number}: {line!r} is not 'name = value': reinstall its distribution"
            )
        yield group, name.strip(), value.strip()


def _name_and_version(folder: str) -> tuple[str, str]:
    """The ``Name`` and ``Version`` fields of a distribution's metadata, ``?`` when absent."""
    text = _read_text(os.path.join(folder, "METADATA"))
    fields = _header_fields(text) if text else None
    if fields is None:  # an old or unusual metadata file: let the email parser read it
        from importlib import metadata

        try:
            message = metadata.Distribution.at(folder).metadata
        except Exception as error:
            raise FormatError(
                f"cannot read the metadata in {folder} ({type(error).__name__}: {error})"
            ) from error
        return message["Name"] or "?", message["Version"] or "?"
    return fields.get("name") or "?", fields.get("version") or "?"


_WANTED_FIELDS = ("name", "version")


def _header_fields(text: str) -> dict[str, str] | None:
    """``name`` and ``version`` of a metadata file's header, as the email parser reads them
    (the first of each, the value after the colon without leading blanks); ``None`` where
    that parser would do something more (a folded value, a ``From `` line)."""
    fields: dict[str, str] = {}
    last = ""
    start = 0
    while start < len(text):  # line by line up to the header's end, not through the body
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        start = end + 1
        if not line:  # the blank line that ends the header
            break
        if line[0] in " \t":  # a folded line continues the field above
            if last in _WANTED_FIELDS:
                return None
            continue
        if line.startswith("From "):
            return None
        field, colon, value = line.partition(":")
        # A field's name is printable ASCII without spaces; any other line starts the body.
        if not colon or not (field.isascii() and field.isprintable()) or " " in field:
            break
        last = field.lower()
        if last in _WANTED_FIELDS and last not in fields and field:
            fields[last] = value.lstrip(" \t")
    return fields


def _from_importlib_metadata(group: str) -> list[EntryPoint]:
    from importlib import metadata

    found = []
    try:
        for entry in metadata.entry_points(group=group):
            fields = entry.dist.metadata if entry.dist is not None else None
            distribution = (fields["Name"] if fields is not None else None) or "?"
            version = (fields["Version"] if fields is not None else None) or "?"
            found.append(EntryPoint(group, entry.name, entry.value, distribution, version))
    except Exception as error:  # a broken distribution, possibly not even a plugin
        raise FormatError(
            f"cannot read the entry points of the installed distributions "
            f"({type(error).__name__}: {error})"
        ) from error
    return found
