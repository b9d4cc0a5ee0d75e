"""The cattrs converter: the model to JSON-ready values and back, reporting every problem.

It writes what :func:`kommunchef.dumps` writes, and it is the careful reader: a document the
quick reader (:mod:`kommunchef.quick_reader`) cannot read is read here, which names every
problem with its JSON path and the real message of the check that failed. Loading is strict:
wrong types are not coerced ("5" is no integer) and unknown keys are refused. This module is
imported only when a document is written as JSON or is not valid.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime, time
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
from kommunchef._checks import json_type
from kommunchef.errors import LoadError
from kommunchef.json_values import MAX_NESTING, SCALARS, Reader, choice
from kommunchef.model import BLOCK_TYPES, Link, Meeting
from kommunchef.serialization import MAX_PROBLEMS
from kommunchef.validation import Problem

_TAG_OF_BLOCK = {cls: tag for tag, cls in BLOCK_TYPES.items()}


def _hook(read: Reader) -> Callable[[Any, Any], Any]:
    return lambda value, _: read(value)


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _with_note(error: Exception, note: Any) -> Exception:
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return error


class _DroppedError(ValueError):
    """A part failed, but every problem in it was over the budget and only counted."""


class _Budget:
    """How many problems one read keeps (:data:`MAX_PROBLEMS`) and how many it only counts."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept = 0
        self.dropped = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("kommunchef_problem_budget", default=None)

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
    """The converter with strict scalars, tagged blocks and complete attrs error reports."""

    def __init__(self) -> None:
        super().__init__(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
        self._string = _hook(SCALARS[str])
        for kind, read in SCALARS.items():
            self.register_structure_hook(kind, _hook(read))
        # Direct, rather than through cattrs' general optional hook: most fields are optional.
        self.register_structure_hook(str | None, self._optional(self._string))
        self.register_unstructure_hook(date, date.isoformat)
        self.register_unstructure_hook(time, lambda t: t.isoformat(timespec="minutes"))
        self.register_unstructure_hook(datetime, datetime.isoformat)
        # String enums are strings too: register each one so the plain str hook never wins.
        for kind in (model.Language, model.DocumentKind, model.MeetingStatus):
            self.register_structure_hook(kind, _hook(choice(kind)))
        self.register_structure_hook_factory(_is_tuple, self._tuple_hook)
        self.register_structure_hook_factory(attrs.has, self._attrs_hook)
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

        return careful

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


def read_carefully(fields: dict[str, Any]) -> Meeting:
    """Read a meeting from its document's fields (without ``format_version``); raise
    :class:`LoadError` listing every problem with its path.

    At most :data:`MAX_PROBLEMS` problems are listed; the others are counted in
    :attr:`LoadError.omitted`.
    """
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
