"""JSON (de)serialisation through one cattrs converter.

Loading is strict: wrong types are not coerced ("5" is no integer), unknown keys are refused,
and every problem is reported at once with its JSON path and the real message of the check
that failed.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
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

from kommunchef import model
from kommunchef._checks import MAX_TEXT_LENGTH, date_out_of_range, forbidden_character, json_type
from kommunchef.collector import paused
from kommunchef.errors import LoadError, OptionError
from kommunchef.files import read_limited
from kommunchef.model import BLOCK_TYPES, Link, Meeting
from kommunchef.validation import Problem

FORMAT_VERSION = 1
"""The version of the JSON document format; written as ``format_version``."""

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger documents are refused before parsing."""

MAX_NESTING = 32
"""Lists nested deeper than this inside one another are refused while loading (``validate``
allows 3 levels); JSON nested deeper than Python's recursion limit is refused too."""

MAX_PROBLEMS = 1000
"""At most this many problems are collected and reported; the rest are counted."""

_YEAR = r"(?:1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = (
    r"(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:1[26]|[2468][048]|[3579][26])00)-02-29"
)
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
DATE_PATTERN = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})"
"""A date YYYY-MM-DD in the supported range (years 1000-9998), as a regular expression."""
TIME_PATTERN = rf"{_CLOCK}(?::[0-5][0-9])?"
"""A wall-clock time HH:MM or HH:MM:SS, without an offset."""
DATETIME_PATTERN = rf"{DATE_PATTERN}T{TIME_PATTERN}(?:\.[0-9]{{1,6}})?(?:Z|[+-]{_CLOCK})"
"""A date and time with seconds optional and a UTC offset (or Z) required."""

_TAG_OF_BLOCK = {cls: tag for tag, cls in BLOCK_TYPES.items()}


def _strict(kind: type, expected: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {expected}, got {json_type(value)}")
        if isinstance(value, str):
            if len(value) > MAX_TEXT_LENGTH:
                raise ValueError(f"is {len(value)} characters long; the limit is {MAX_TEXT_LENGTH}")
            # Checked before the model strips surrounding space, as the schema does: a line
            # feed at the end of a title is refused, not silently dropped.
            bad = forbidden_character(value)
            if bad:
                raise ValueError(f"contains a character that is not allowed: {bad}")
        return value

    return structure


def _quick_string(careful: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """The quick reader's strings: the type and the length only, when the text neither
    starts nor ends with white space; anything else goes to the careful check.

    The characters are the model's to check: every text field refuses forbidden characters
    in what its converter keeps (``test_every_text_field_refuses_forbidden_characters``).
    The converters only strip white space from the ends, and the loader must see what they
    strip (a line feed at the end of a title is refused, not dropped), so a text with white
    space at either end is checked here in full.
    """

    def structure(value: Any, kind: Any) -> Any:
        if (
            value.__class__ is str
            and 0 < len(value) <= MAX_TEXT_LENGTH
            and not value[0].isspace()
            and not value[-1].isspace()
        ):
            return value
        return careful(value, kind)

    return structure


def _structure_int(value: Any, _: Any) -> int:
    # JSON Schema counts 2.0 as an integer, so the loader does too.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {json_type(value)}")
    return value


# Exactly what the JSON Schema's patterns say (schema.py uses these texts): ASCII digits, the
# separators ISO 8601 and RFC 3339 share, and nothing else that fromisoformat would also take
# (such as "20240510" or a time with an offset).
_PATTERNS = {
    date: re.compile(DATE_PATTERN + r"\Z"),
    time: re.compile(TIME_PATTERN + r"\Z"),
    datetime: re.compile(DATETIME_PATTERN + r"\Z"),
}


def _iso(kind: type[date] | type[time] | type[datetime], what: str) -> Callable[[Any, Any], Any]:
    pattern = _PATTERNS[kind]

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected {what} as a string, got {json_type(value)}")
        shown = value if len(value) <= 40 else value[:40] + "..."
        try:
            parsed = kind.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"{shown!r} is not a valid {what} ({error})") from None
        if isinstance(parsed, date):
            outside = date_out_of_range(parsed)
            if outside is not None:
                raise ValueError(outside)
        if not pattern.match(value):
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                raise ValueError(f"{value} has no time zone: give an offset such as +02:00")
            if isinstance(parsed, time) and parsed.tzinfo is not None:
                raise ValueError(f"{shown!r} has a UTC offset; give the Stockholm time only")
            raise ValueError(f"{shown!r} is not a valid {what}")
        return parsed

    return structure


def _structure_enum(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    choices = ", ".join(str(m.value) for m in kind)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected one of {choices}, got {json_type(value)}")
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


class _DroppedError(ValueError):
    """A part failed, but every problem in it was over the budget and only counted."""


class _Budget:
    """How many problems one load keeps (:data:`MAX_PROBLEMS`) and how many it only counts."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept = 0
        self.dropped = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("kommunchef_problem_budget", default=None)

_PEOPLE: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "kommunchef_people_read", default=None
)
"""The people one quick read has built, by their records: presenters are usually listed
as present or as guests too, and each distinct record is then built and checked once."""

_GROUPS = (ClassValidationError, IterableValidationError)
_LIST_DEPTH: ContextVar[int] = ContextVar("kommunchef_list_depth", default=0)


def _collect(errors: list[Exception], error: Exception, note: Any) -> None:
    """Keep a problem while the load's budget lasts; past it, only count it.

    Memory then stays bounded however many records are wrong, and the time stays linear:
    every part is still read once, but nothing is kept for the problems past the limit.
    """
    if isinstance(error, _DroppedError):
        return
    budget = _BUDGET.get()
    if budget is not None and not isinstance(error, _GROUPS):
        if budget.kept >= budget.limit:
            budget.dropped += 1
            return
        budget.kept += 1
    errors.append(error if note is None else _with_note(error, note))


class _Converter(cattrs.Converter):
    """The converter with strict scalars, tagged blocks and complete attrs error reports.

    ``careful=False`` makes the quick reader: the same checks of every value, through the
    classes' generated cattrs functions, stopping at the first problem. A document that
    reads without one gives the same meeting either way; one that does not is read again
    carefully, which reports every problem with its path.
    """

    def __init__(self, *, careful: bool = True) -> None:
        super().__init__(forbid_extra_keys=True, omit_if_default=True, detailed_validation=careful)
        self._string = _strict(str, "a string")
        if not careful:
            self._string = _quick_string(self._string)
        self.register_structure_hook(str, self._string)
        # Direct, rather than through cattrs' general optional hook: most fields are optional.
        self.register_structure_hook(str | None, self._optional(self._string))
        self.register_structure_hook(int, _structure_int)
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
        self._careful = careful
        self.register_structure_hook_factory(_is_tuple, self._tuple_hook)
        if careful:
            self.register_structure_hook_factory(attrs.has, self._attrs_hook)
        else:
            self.register_structure_hook(model.Person, self._person_once)
        self._person: Callable[[Any, Any], Any] | None = None
        self._link: Callable[[Any, Any], Any] | None = None
        self.register_structure_hook(model.Inline, self._structure_inline)
        self.register_unstructure_hook(model.Inline, self._unstructure_inline)
        self.register_structure_hook(model.Block, self._block_hook(BLOCK_TYPES))
        self.register_structure_hook(
            model.ListBlock,
            self._block_hook({t: c for t, c in BLOCK_TYPES.items() if t.endswith("_list")}),
        )
        self.register_structure_hook(
            model.ListBlock | None, self._sublist_hook(self.get_structure_hook(model.ListBlock))
        )
        self.register_unstructure_hook(model.Block, self._unstructure_block)
        self.register_unstructure_hook(model.ListBlock, self._unstructure_block)
        self.register_unstructure_hook(
            model.ListBlock | None, lambda v: None if v is None else self._unstructure_block(v)
        )

    def _tuple_hook(self, kind: Any) -> Callable[[Any, Any], Any]:
        item_type = get_args(kind)[0]
        item_hook = self.get_structure_hook(item_type)

        def quick(value: Any, _: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {json_type(value)}")
            return tuple([item_hook(item, item_type) for item in value])

        def careful(value: Any, _: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError(f"expected a list, got {json_type(value)}")
            result: list[Any] = []
            errors: list[Exception] = []
            failed = False
            for index, item in enumerate(value):
                try:
                    result.append(item_hook(item, item_type))
                except (*_GROUPS, ValueError, TypeError) as error:
                    failed = True
                    note = IterableValidationNote(f"index {index}", index, item_type)
                    _collect(errors, error, note)
            if errors:
                raise IterableValidationError("while reading a list", errors, kind)
            if failed:
                raise _DroppedError()
            return tuple(result)

        return careful if self._careful else quick

    def _attrs_hook(self, cls: type) -> Callable[[Any, Any], Any]:
        # Each field is structured exactly once, whether or not the others fail: re-reading the
        # fields after a failure to collect every problem would double the work at every level
        # of nesting (exponential time on nested lists).
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        names = {a.name for a in fields}
        notes = {a.name: AttributeValidationNote(a.name, a.name, a.type) for a in fields}
        hooks: dict[str, Callable[[Any, Any], Any]] = {}

        def hook(attribute: attrs.Attribute[Any]) -> Callable[[Any, Any], Any]:
            # Looked up on first use: the model's classes refer to each other.
            found = hooks.get(attribute.name)
            if found is None:
                found = hooks[attribute.name] = self.get_structure_hook(attribute.type)
            return found

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {json_type(value)}")
            errors: list[Exception] = []
            failed = False
            extra = value.keys() - names
            if extra:
                failed = True
                _collect(errors, ForbiddenExtraKeysError(None, cls, set(extra)), None)
            arguments: dict[str, Any] = {}
            for attribute in fields:
                if attribute.name not in value:
                    if attribute.default is attrs.NOTHING:
                        failed = True
                        _collect(errors, KeyError(attribute.name), notes[attribute.name])
                    continue
                try:
                    arguments[attribute.name] = hook(attribute)(
                        value[attribute.name], attribute.type
                    )
                except (*_GROUPS, ValueError, TypeError) as error:
                    failed = True
                    _collect(errors, error, notes[attribute.name])
            if not failed:
                try:
                    return cls(
                        **{a.alias: arguments[a.name] for a in fields if a.name in arguments}
                    )
                except (ValueError, TypeError) as first:
                    # The constructor stops at the first failing validator: run each one on its
                    # own (on the values already read) so that every problem is reported.
                    if not _check_fields(arguments, errors):
                        _collect(errors, first, None)
            else:
                _check_fields(arguments, errors)
            if errors:
                raise ClassValidationError(f"while reading {cls.__name__}", errors, cls) from None
            raise _DroppedError()

        def _check_fields(arguments: dict[str, Any], errors: list[Exception]) -> bool:
            """Run each field's own checks; True when any of them failed."""
            failed = False
            for attribute in fields:
                if attribute.name not in arguments:
                    continue
                item = arguments[attribute.name]
                try:
                    if attribute.converter is not None:
                        item = attribute.converter(item)
                    if attribute.validator is not None:
                        attribute.validator(None, attribute, item)
                except (ValueError, TypeError) as error:
                    failed = True
                    _collect(errors, error, notes[attribute.name])
            return failed

        return structure

    def _person_once(self, value: Any, kind: Any) -> Any:
        """A person of the quick read: the same record read again is the same person."""
        if self._person is None:  # generated on first use, not when this module is imported
            self._person = self.gen_structure_attrs_fromdict(model.Person)
        people = _PEOPLE.get()
        if people is None or value.__class__ is not dict:
            return self._person(value, kind)
        try:
            key = tuple(value.items())
            person = people.get(key)
        except TypeError:  # a value that is not text: the reader refuses it
            return self._person(value, kind)
        if person is None:
            person = people[key] = self._person(value, kind)
        return person

    @staticmethod
    def _sublist_hook(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        # Lists inside lists are the model's only recursion: bound it here, with a clear
        # message, long before Python's own recursion limit.
        def structure(value: Any, kind: Any) -> Any:
            if value is None:
                return None
            depth = _LIST_DEPTH.get()
            if depth >= MAX_NESTING:
                raise ValueError(f"lists are nested more than {MAX_NESTING} deep")
            token = _LIST_DEPTH.set(depth + 1)
            try:
                return hook(value, kind)
            finally:
                _LIST_DEPTH.reset(token)

        return structure

    @staticmethod
    def _optional(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        return lambda value, kind: None if value is None else hook(value, kind)

    def _structure_inline(self, value: Any, _: Any) -> Any:
        if isinstance(value, str):
            if not value:
                raise ValueError("must not be empty")
            return self._string(value, str)
        if isinstance(value, dict):
            if self._link is None:  # looked up on first use, not when this module is imported
                self._link = self.get_structure_hook(Link)
            return self._link(value, Link)
        raise TypeError(f"expected a string or a link object {{text, url}}, got {json_type(value)}")

    def _unstructure_inline(self, value: Any) -> Any:
        return value if isinstance(value, str) else self.unstructure(value, Link)

    def _block_hook(self, tags: dict[str, type]) -> Callable[[Any, Any], Any]:
        allowed = ", ".join(tags)
        hooks: dict[str, Callable[[Any, Any], Any]] = {}

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {json_type(value)}")
            tag = value.get("type")
            if tag not in tags:
                shown = "missing" if tag is None else repr(tag)
                raise ValueError(f"block type is {shown}; expected one of {allowed}")
            rest = {k: v for k, v in value.items() if k != "type"}
            # Looked up on first use: the block classes refer to each other.
            hook = hooks.get(tag)
            if hook is None:
                hook = hooks[tag] = self.get_structure_hook(tags[tag])
            return hook(rest, tags[tag])

        return structure

    def _unstructure_block(self, value: Any) -> Any:
        cls = type(value)
        return {"type": _TAG_OF_BLOCK[cls], **self.unstructure(value, cls)}


converter = _Converter()
"""The converter that reads and writes every model class."""

_quick = _Converter(careful=False)


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
    """Build a meeting from a parsed JSON document; raise :class:`LoadError` listing every problem.

    At most :data:`MAX_PROBLEMS` problems are listed; the others are counted in
    :attr:`LoadError.omitted`.
    """
    if not isinstance(data, dict):
        raise LoadError(f"a meeting document is a JSON object, not {json_type(data)}")
    fields = dict(data)
    version = fields.pop("format_version", None)
    if version is None:
        raise LoadError("the document has no format_version (expected 1)")
    # JSON Schema's const 1 matches 1 and 1.0, never true.
    if isinstance(version, bool) or version != FORMAT_VERSION:
        shown = json.dumps(version)[:40] if _is_json_scalar(version) else json_type(version)
        raise LoadError(
            f"format_version {shown} is not supported (this kommunchef reads {FORMAT_VERSION})"
        )
    people = _PEOPLE.set({})
    try:
        quick: Meeting = _quick.structure(fields, Meeting)
    except Exception:  # read again below, which names every problem with its path
        pass
    else:
        return quick
    finally:
        _PEOPLE.reset(people)
    budget = _Budget(MAX_PROBLEMS)
    token = _BUDGET.set(budget)
    try:
        meeting: Meeting = converter.structure(fields, Meeting)
    except (*_GROUPS, ValueError, TypeError) as error:
        problems = [] if isinstance(error, _DroppedError) else _problems(error)
        raise LoadError(
            "the meeting document is not valid", problems[:MAX_PROBLEMS], omitted=budget.dropped
        ) from None
    except RecursionError:
        raise LoadError("the meeting document is nested too deeply") from None
    finally:
        _BUDGET.reset(token)
    return meeting


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
    try:
        data = json.loads(document, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise LoadError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise LoadError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        # Integers past Python's digit limit (4,300 digits) are refused by the parser itself.
        raise LoadError(f"not valid: {' '.join(str(error).split())[:200]}") from None
    return from_dict(data)


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
