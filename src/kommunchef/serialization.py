"""JSON (de)serialisation through one cattrs converter.

Loading is strict: wrong types are not coerced ("5" is no integer), unknown keys are refused,
and every problem is reported at once with its JSON path and the real message of the check
that failed.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from kommunchef import model
from kommunchef._checks import _json_type
from kommunchef.errors import LoadError
from kommunchef.model import BLOCK_TYPES, Link, Meeting
from kommunchef.validation import Problem

FORMAT_VERSION = 1
"""The version of the JSON document format; written as ``format_version``."""

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger documents are refused before parsing."""

_TAG_OF_BLOCK = {cls: tag for tag, cls in BLOCK_TYPES.items()}


def _strict(kind: type, expected: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {expected}, got {_json_type(value)}")
        return value

    return structure


def _iso(kind: type[date] | type[time] | type[datetime], what: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected {what} as a string, got {_json_type(value)}")
        try:
            parsed = kind.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a valid {what} ({error})") from None
        if kind is date and isinstance(parsed, datetime):
            raise ValueError(f"{value!r} is not a valid {what}")
        return parsed

    return structure


def _structure_enum(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    choices = ", ".join(str(m.value) for m in kind)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected one of {choices}, got {_json_type(value)}")
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of {choices}") from None

    return structure


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _with_note(error: Exception, note: Any) -> Exception:
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


class _Converter(cattrs.Converter):
    """The converter with strict scalars, tagged blocks and complete attrs error reports."""

    def __init__(self) -> None:
        super().__init__(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
        self.register_structure_hook(str, _strict(str, "a string"))
        self.register_structure_hook(int, _strict(int, "an integer"))
        self.register_structure_hook(bool, _strict(bool, "true or false"))
        self.register_structure_hook(date, _iso(date, "date (YYYY-MM-DD)"))
        self.register_structure_hook(time, _iso(time, "time (HH:MM)"))
        self.register_structure_hook(datetime, _iso(datetime, "date and time"))
        self.register_unstructure_hook(date, date.isoformat)
        self.register_unstructure_hook(time, lambda t: t.isoformat(timespec="minutes"))
        self.register_unstructure_hook(datetime, datetime.isoformat)
        # String enums are strings too: register each one so the plain str hook never wins.
        for kind in (model.Language, model.DocumentKind, model.MeetingStatus):
            self.register_structure_hook(kind, _structure_enum(kind))
        self.register_structure_hook_factory(_is_tuple, self._tuple_hook)
        self.register_structure_hook_factory(attrs.has, self._attrs_hook)
        self.register_structure_hook(model.Inline, self._structure_inline)
        self.register_unstructure_hook(model.Inline, self._unstructure_inline)
        self.register_structure_hook(model.Block, self._block_hook(BLOCK_TYPES))
        self.register_structure_hook(
            model.ListBlock,
            self._block_hook({t: c for t, c in BLOCK_TYPES.items() if t.endswith("_list")}),
        )
        self.register_structure_hook(
            model.ListBlock | None, self._optional(self.get_structure_hook(model.ListBlock))
        )
        self.register_unstructure_hook(model.Block, self._unstructure_block)
        self.register_unstructure_hook(model.ListBlock, self._unstructure_block)
        self.register_unstructure_hook(
            model.ListBlock | None, lambda v: None if v is None else self._unstructure_block(v)
        )

    def _tuple_hook(self, kind: Any) -> Callable[[Any, Any], Any]:
        item_type = get_args(kind)[0]
        item_hook = self.get_structure_hook(item_type)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {_json_type(value)}")
            result, errors = [], []
            for index, item in enumerate(value):
                try:
                    result.append(item_hook(item, item_type))
                except Exception as error:
                    note = IterableValidationNote(f"index {index}", index, item_type)
                    errors.append(_with_note(error, note))
            if errors:
                raise IterableValidationError("while reading a list", errors, kind)
            return tuple(result)

        return structure

    def _attrs_hook(self, cls: type) -> Callable[[Any, Any], Any]:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, self)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {_json_type(value)}")
            try:
                return generated(value, cls)
            except (ClassValidationError, ValueError, TypeError, KeyError) as first:
                # Both cattrs and the constructor stop at some failures (the constructor's
                # validators at the first one); check every field on its own so that all
                # problems are reported, each at its own path.
                errors = self._field_errors(cls, value)
                raise ClassValidationError(
                    f"while reading {cls.__name__}", errors or [first], cls
                ) from None

        return structure

    def _field_errors(self, cls: type, value: dict[str, Any]) -> list[Exception]:
        errors: list[Exception] = []
        fields = attrs.fields(cls)
        extra = set(value) - {a.name for a in fields}
        if extra:
            errors.append(ForbiddenExtraKeysError(None, cls, extra))
        for attribute in fields:
            note = AttributeValidationNote(attribute.name, attribute.name, attribute.type)
            if attribute.name not in value:
                if attribute.default is attrs.NOTHING:
                    errors.append(_with_note(KeyError(attribute.name), note))
                continue
            try:
                item = self.structure(value[attribute.name], attribute.type)
                if attribute.converter is not None:
                    item = attribute.converter(item)
                if attribute.validator is not None:
                    attribute.validator(None, attribute, item)
            except (ClassValidationError, IterableValidationError, ValueError, TypeError) as error:
                errors.append(_with_note(error, note))
        return errors

    @staticmethod
    def _optional(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        return lambda value, kind: None if value is None else hook(value, kind)

    def _structure_inline(self, value: Any, _: Any) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            return self.structure(value, Link)
        raise TypeError(
            f"expected a string or a link object {{text, url}}, got {_json_type(value)}"
        )

    def _unstructure_inline(self, value: Any) -> Any:
        return value if isinstance(value, str) else self.unstructure(value, Link)

    def _block_hook(self, tags: dict[str, type]) -> Callable[[Any, Any], Any]:
        allowed = ", ".join(tags)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {_json_type(value)}")
            tag = value.get("type")
            if tag not in tags:
                shown = "missing" if tag is None else repr(tag)
                raise ValueError(f"block type is {shown}; expected one of {allowed}")
            rest = {k: v for k, v in value.items() if k != "type"}
            return self.structure(rest, tags[tag])

        return structure

    def _unstructure_block(self, value: Any) -> Any:
        cls = type(value)
        return {"type": _TAG_OF_BLOCK[cls], **self.unstructure(value, cls)}

    def unstructure_attrs(self, cls: type) -> Callable[[Any], Any]:
        return make_dict_unstructure_fn(cls, self, _cattrs_omit_if_default=True)


converter = _Converter()
"""The converter that reads and writes every model class."""


def _format_exception(error: BaseException, kind: Any) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in attrs.fields(error.cl))
        extra = ", ".join(sorted(error.extra_fields))
        return f"unknown field(s) {extra} (allowed: {allowed})"
    if isinstance(error, ValueError | TypeError) and error.args and isinstance(error.args[0], str):
        return str(error.args[0])
    return cattrs.v.format_exception(error, kind)


def _problems(error: Exception) -> list[Problem]:
    problems = []
    for line in cattrs.transform_error(error, "$", _format_exception):
        message, _, path = line.rpartition(" @ ")
        path = path.removeprefix("$").removeprefix(".")
        problems.append(Problem("error", path, message))
    return problems


def to_dict(meeting: Meeting) -> dict[str, Any]:
    """The meeting as a JSON-ready dict, with ``format_version`` first."""
    data: dict[str, Any] = converter.unstructure(meeting, Meeting)
    return {"format_version": FORMAT_VERSION, **data}


def from_dict(data: object) -> Meeting:
    """Build a meeting from a parsed JSON document; raise :class:`LoadError` listing every problem."""
    if not isinstance(data, dict):
        raise LoadError(f"a meeting document is a JSON object, not {_json_type(data)}")
    fields = dict(data)
    version = fields.pop("format_version", None)
    if version is None:
        raise LoadError("the document has no format_version (expected 1)")
    if version != FORMAT_VERSION:
        raise LoadError(
            f"format_version {version!r} is not supported (this kommunchef reads {FORMAT_VERSION})"
        )
    try:
        meeting: Meeting = converter.structure(fields, Meeting)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError) as error:
        raise LoadError("the meeting document is not valid", _problems(error)) from None
    return meeting


def dumps(meeting: Meeting, *, indent: int | None = 2) -> str:
    """The meeting as a JSON document (UTF-8 text, ending with a newline)."""
    return json.dumps(to_dict(meeting), ensure_ascii=False, indent=indent) + "\n"


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
    try:
        data = json.loads(document)
    except json.JSONDecodeError as error:
        raise LoadError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise LoadError("not valid JSON: nested too deeply") from None
    return from_dict(data)


def load(path: str | os.PathLike[str]) -> Meeting:
    """Read a meeting from a JSON file; every error message starts with the file's name."""
    file = Path(path)
    try:
        if file.is_dir():
            raise LoadError(f"{file}: is a folder, not a meeting file")
        if file.stat().st_size > MAX_DOCUMENT_BYTES:
            raise LoadError(f"{file}: the file is larger than {MAX_DOCUMENT_BYTES} bytes")
        data = file.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read {file}: {error.strerror or error}") from None
    try:
        return loads(data)
    except LoadError as error:
        raise LoadError(f"{file}: {error.summary}", error.problems) from None
