"""Reading and writing a meeting as the versioned JSON document.

Loading is strict: wrong types are not coerced ("5" is no integer), unknown keys and keys
written twice in one object are refused, and every problem is reported at once with its JSON
path and the real message of the check that failed. A valid document is read by the quick
reader (:mod:`kommunchef.quick_reader`); any other is read again by the careful one, the cattrs
converter of :mod:`kommunchef.converter`, which names every problem. ``converter`` (that cattrs
converter) is available here too, imported on first use.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from kommunchef import quick_reader
from kommunchef._checks import json_type
from kommunchef.collector import paused
from kommunchef.errors import LoadError, OptionError
from kommunchef.files import read_limited
from kommunchef.json_values import DATE_PATTERN, DATETIME_PATTERN, MAX_NESTING, TIME_PATTERN
from kommunchef.model import Meeting

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "FORMAT_VERSION",
    "MAX_DOCUMENT_BYTES",
    "MAX_NESTING",
    "MAX_PROBLEMS",
    "TIME_PATTERN",
    "JsonExporter",
    "dumps",
    "exporter",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]

FORMAT_VERSION = 1
"""The version of the JSON document format; written as ``format_version``."""

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger documents are refused before parsing."""

MAX_PROBLEMS = 1000
"""At most this many problems are collected and reported; the rest are counted."""


def __getattr__(name: str) -> Any:
    # The cattrs converter is imported when it is first asked for: reading a valid document
    # and exporting it to any format but JSON never need it.
    if name == "converter":
        from kommunchef.converter import converter

        return converter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_dict(meeting: Meeting) -> dict[str, Any]:
    """The meeting as a JSON-ready dict, with ``format_version`` first."""
    from kommunchef.converter import converter

    data: dict[str, Any] = converter.unstructure(meeting, Meeting)
    return {"format_version": FORMAT_VERSION, **data}


def from_dict(data: object) -> Meeting:
    """Build a meeting from a parsed JSON document; raise :class:`LoadError` listing every problem.

    At most :data:`MAX_PROBLEMS` problems are listed; the others are counted in
    :attr:`LoadError.omitted`.
    """
    quick = _read_quickly(data)
    if quick is not None:
        return quick[0]
    return _read_carefully(data)


def _read_carefully(data: object) -> Meeting:
    """The careful reading of a document the quick reader could not read: every problem."""
    if not isinstance(data, dict):
        raise LoadError(f"a meeting document is a JSON object, not {json_type(data)}")
    fields = dict(data)
    version = fields.pop("format_version", None)
    if version is None:
        raise LoadError("the document has no format_version (expected 1)")
    if not _is_supported(version):
        shown = json.dumps(version)[:40] if _is_json_scalar(version) else json_type(version)
        raise LoadError(
            f"format_version {shown} is not supported (this kommunchef reads {FORMAT_VERSION})"
        )
    from kommunchef.converter import read_carefully

    return read_carefully(fields)


def _is_supported(version: object) -> bool:
    # JSON Schema's const 1 matches 1 and 1.0, never true.
    return version == FORMAT_VERSION and not isinstance(version, bool)


def _read_quickly(data: object) -> tuple[Meeting, int] | None:
    """The meeting and the number of keys in the document's objects, when the quick reader
    can read the document."""
    if data.__class__ is dict and _is_supported(data.get("format_version")):
        return quick_reader.read_meeting(data)
    return None


def _is_json_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                shown = key if len(key) <= 40 else key[:40] + "..."
                raise LoadError(f"not valid: the key {shown!r} appears twice in one object")
            seen.add(key)
    return result


def dumps(meeting: Meeting, *, indent: int | None = 2) -> str:
    """The meeting as a JSON document (UTF-8 text, ending with a newline)."""
    return json.dumps(to_dict(meeting), ensure_ascii=False, indent=indent) + "\n"


@paused()
def loads(document: str | bytes) -> Meeting:
    """Read a meeting from a JSON document; raise :class:`LoadError` on any problem."""
    if isinstance(document, bytes):
        if len(document) > MAX_DOCUMENT_BYTES:
            raise LoadError(f"the document is larger than {MAX_DOCUMENT_BYTES} bytes")
        try:
            document = document.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise LoadError(f"the document is not UTF-8 text (byte {error.start})") from None
    elif len(document) > MAX_DOCUMENT_BYTES:
        raise LoadError(f"the document is larger than {MAX_DOCUMENT_BYTES} characters")
    data = _parse(document, None)
    quick = _read_quickly(data)
    if quick is not None and _keys_written_once(document, quick[1]):
        return quick[0]
    # Parsed again to name a key written twice; a document the quick reader read is
    # otherwise valid (its text only holds quotes or colons that made the counts differ).
    checked = _parse(document, _unique_keys)
    return quick[0] if quick is not None else _read_carefully(checked)


def _parse(document: str, pairs: Any) -> Any:
    try:
        return json.loads(document, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise LoadError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise LoadError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        # Integers past Python's digit limit (4,300 digits) are refused by the parser itself.
        raise LoadError(f"not valid: {' '.join(str(error).split())[:200]}") from None


_SPACE_BEFORE_COLON = re.compile(r":(?<=[ \t\n\r]:)")
"""A colon after white space; a literal first, so that the search skips ahead quickly."""


def _keys_written_once(document: str, keys: int) -> bool:
    """Whether no object of the parsed ``document`` had a key twice, given the number of
    ``keys`` its parsed objects hold; False also when that cannot be told this way.

    A key written twice leaves one entry in its parsed object, so the document then has more
    keys than its objects hold. Every key ends with a quote followed by its colon, with only
    white space between them. Where no colon follows white space, counting ``":`` counts
    every key, besides any escaped quote followed by a colon inside a text and any text that
    starts with a colon, never fewer; so a count equal to ``keys`` shows that no key was
    written twice. Two scans of the text, where checking each object as it is parsed takes a
    Python call per object.
    """
    return document.count('":') == keys and _SPACE_BEFORE_COLON.search(document) is None


def load(path: str | os.PathLike[str]) -> Meeting:
    """Read a meeting from a JSON file; every error message starts with the file's name."""
    file = Path(path)
    try:
        if file.is_dir():
            raise LoadError(f"{file}: is a folder, not a meeting file")
        # Bounded however the file behaves: /dev/zero or a pipe has no size to check first.
        data = read_limited(file, MAX_DOCUMENT_BYTES)
    except OSError as error:
        raise LoadError(f"cannot read {file}: {error.strerror or error}") from None
    if data is None:
        raise LoadError(f"{file}: the file is larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        return loads(data)
    except LoadError as error:
        raise LoadError(f"{file}: {error.summary}", error.problems, error.omitted) from None


# The ``json`` format ---------------------------------------------------------------------------


class JsonExporter:
    """Writes the meeting as the versioned JSON document (option ``indent``, default 2)."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"
    description = "The meeting as a versioned JSON document (lossless)"
    options = ("indent",)

    def export(self, meeting: Meeting, **options: str) -> bytes:
        from kommunchef.exporting import check_options

        check_options(self.name, options, self.options)
        indent: int | None = 2
        if "indent" in options:
            value = options["indent"].strip()
            if value in ("none", "0"):
                indent = None
            elif value.isdigit() and int(value) <= 8:
                indent = int(value)
            else:
                raise OptionError(f"indent must be a number 0-8 or none, not {value!r}")
        return dumps(meeting, indent=indent).encode("utf-8")


exporter = JsonExporter()
"""The ``json`` format, registered through its entry point like any plugin's."""
