"""The quick reader: a valid meeting document straight into the model.

:func:`kommunchef.loads` tries this reader first. It checks every value as the careful reader
(:mod:`kommunchef.converter`) does, through the same functions (:mod:`kommunchef.json_values`)
and the model's own validators, but it stops at the first problem and does not say what it
was: a document it cannot read is read again by the careful reader, which reports every
problem with its path. A document it reads gives the same meeting as the careful reader
(property tests compare the two on generated and on broken documents).

It does not use cattrs, so that reading a valid document never imports it. Like cattrs, it
writes one small function per model class from the class's attrs fields, so that a field
costs a few instructions rather than a call through a table of hooks: a text with nothing
to strip is taken as it is, and its length and characters are left to the model's validators
(``test_every_text_field_refuses_forbidden_characters`` and
``test_every_text_field_refuses_a_text_over_the_limit``).
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable
from typing import Any, get_args, get_origin

import attrs

from kommunchef import model
from kommunchef.json_values import MAX_NESTING, SCALARS, choice, string

_SHARED = model.Person
"""The records read once per document: the same person written again (a presenter who is
also listed as present or as a guest) is the same object, within one read."""

_DOCUMENT_KEY = "format_version"
"""The document's own key beside the meeting's fields, checked before this reader runs."""


class _RefusedError(Exception):
    """The quick reader cannot read the document; the careful reader says why."""


class _Read:
    """What one read keeps: the keys counted, the people built and the lists' depth."""

    __slots__ = ("depth", "keys", "people")

    def __init__(self) -> None:
        self.keys = 0
        self.people: dict[tuple[Any, ...], Any] = {}
        self.depth = 0


# A text taken as it is, the common case: a non-empty string with nothing to strip (strip
# gives the string itself back then; where it would not, the careful check runs instead).
# The model's converters strip white space from the ends, and the reader must see what they
# strip: a line feed at the end of a title is refused, not dropped. The length and the
# characters are the model's validators' to check, as for every text.
_PLAIN_TEXT = "v.__class__ is str and v and v.strip() is v"


class _Writer:
    """Writes the source of the reading functions, one per model class and union."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "Refused": _RefusedError,
            "string": string,
            "MAX_NESTING": MAX_NESTING,
        }
        self.sources: list[str] = []
        self.functions: dict[Any, str] = {}
        self.tables: dict[str, dict[str, str]] = {}
        """The tagged unions' tables: each tag's function, by name until they are compiled."""

    def name(self, hint: str, value: Any) -> str:
        """A name in the functions' namespace that holds ``value``."""
        name = f"{hint}_{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def function(self, kind: Any) -> str:
        """The name of a function ``(value, read)`` that reads one value of ``kind``."""
        if kind == model.Inline:
            return self._inline()
        if kind == model.Block:
            return self._tagged(model.BLOCK_TYPES)
        if kind == model.ListBlock:
            lists = {tag: cls for tag, cls in model.BLOCK_TYPES.items() if tag.endswith("_list")}
            return self._tagged(lists)
        if isinstance(kind, type) and attrs.has(kind):
            if kind is _SHARED:
                return self._shared(kind)
            return self.record(kind)
        raise TypeError(f"the quick reader has no rule for {kind!r}")

    def statements(self, kind: Any) -> list[str]:
        """Lines that turn the JSON value ``v`` into the model's value of ``kind``, in ``v``."""
        if kind is str:
            return [f"if not ({_PLAIN_TEXT}):", "    v = string(v)"]
        if kind is int or kind is bool:
            # Taken as it is when JSON gave exactly this type; else the reader decides.
            return [f"if v.__class__ is not {kind.__name__}:", f"    v = {self._scalar(kind)}(v)"]
        if kind in SCALARS or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            return [f"v = {self._scalar(kind)}(v)"]
        arguments = get_args(kind)
        if isinstance(kind, types.UnionType) and type(None) in arguments:
            rest = [a for a in arguments if a is not type(None)]
            inner = rest[0] if len(rest) == 1 else _union(rest)
            if inner == model.ListBlock:
                # Lists inside lists are the model's only recursion: bounded here.
                return [
                    "if v is not None:",
                    "    if r.depth >= MAX_NESTING:",
                    "        raise Refused",
                    "    r.depth += 1",
                    f"    v = {self.function(inner)}(v, r)",
                    "    r.depth -= 1",
                ]
            return ["if v is not None:", *("    " + line for line in self.statements(inner))]
        if get_origin(kind) is tuple:
            item = self.function(arguments[0])
            return [
                "if v.__class__ is not list:",
                "    raise Refused",
                f"v = tuple([{item}(i, r) for i in v])",
            ]
        return [f"v = {self.function(kind)}(v, r)"]

    def _scalar(self, kind: Any) -> str:
        """The name of the reader of a single value of ``kind``, one per kind."""
        key = ("scalar", kind)
        if key not in self.functions:
            read = SCALARS[kind] if kind in SCALARS else choice(kind)
            self.functions[key] = self.name(kind.__name__, read)
        return self.functions[key]

    def record(self, cls: type, own_key: str | None = None) -> str:
        """The function that reads an object into ``cls``; ``own_key`` is a key the object
        has beside the class's fields (a block's ``type``), present but not a field."""
        key = (cls, own_key)
        if key in self.functions:
            return self.functions[key]
        name = self.functions[key] = self.name(f"read_{cls.__name__}", None)
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        required = sum(1 for a in fields if a.default is attrs.NOTHING)
        lines = [
            f"def {name}(o, r):",
            "    if o.__class__ is not dict:",
            "        raise Refused",
            f"    k = {required + (own_key is not None)}",
        ]
        if own_key is not None:
            lines += [f"    if {own_key!r} not in o:", "        raise Refused"]
        for index, field in enumerate(fields):
            if not field.init or field.kw_only:
                raise TypeError(f"the quick reader has no rule for {cls.__name__}.{field.name}")
            read = [f"v = o[{field.name!r}]", *self.statements(field.type), f"a{index} = v"]
            if field.default is attrs.NOTHING:
                lines += ["    " + line for line in read]
                continue
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                default = f"{self.name('factory', field.default.factory)}()"
            else:
                default = self.name("default", field.default)
            lines += [f"    if {field.name!r} in o:", "        k += 1"]
            lines += ["        " + line for line in read]
            lines += ["    else:", f"        a{index} = {default}"]
        # An unknown key: the careful reader names it.
        lines += ["    if k != len(o):", "        raise Refused", "    r.keys += k"]
        arguments = ", ".join(f"a{index}" for index in range(len(fields)))
        lines.append(f"    return {self.name(cls.__name__, cls)}({arguments})")
        self.sources.append("\n".join(lines))
        return name

    def _shared(self, cls: type) -> str:
        key = (cls, "shared")
        if key not in self.functions:
            name = self.functions[key] = self.name(f"shared_{cls.__name__}", None)
            read = self.record(cls)
            self.sources.append(
                "\n".join(
                    [
                        f"def {name}(o, r):",
                        "    if o.__class__ is not dict:",
                        f"        return {read}(o, r)",
                        "    try:",
                        "        key = tuple(o.items())",
                        "        found = r.people.get(key)",
                        "    except TypeError:  # a value that is not text: the reader refuses it",
                        f"        return {read}(o, r)",
                        "    if found is None:",
                        f"        found = r.people[key] = {read}(o, r)",
                        "    else:",
                        "        r.keys += len(o)",
                        "    return found",
                    ]
                )
            )
        return self.functions[key]

    def _inline(self) -> str:
        key = model.Inline
        if key not in self.functions:
            name = self.functions[key] = self.name("inline", None)
            link = self.function(model.Link)
            self.sources.append(
                "\n".join(
                    [
                        # A run of text may start or end with spaces; the model checks it.
                        f"def {name}(v, r):",
                        "    if v.__class__ is str:",
                        "        if v:",
                        "            return v",
                        "        raise Refused",
                        f"    return {link}(v, r)",
                    ]
                )
            )
        return self.functions[key]

    def _tagged(self, tags: dict[str, type]) -> str:
        key = tuple(tags)
        if key not in self.functions:
            name = self.functions[key] = self.name("block", None)
            table = self.name("tags", None)
            self.tables[table] = {tag: self.record(cls, "type") for tag, cls in tags.items()}
            self.sources.append(
                "\n".join(
                    [
                        f"def {name}(v, r):",
                        "    if v.__class__ is not dict:",
                        "        raise Refused",
                        f"    return {table}[v['type']](v, r)",
                    ]
                )
            )
        return self.functions[key]

    def build(self) -> Callable[[Any, _Read], Any]:
        """Compile every function; the reader of a whole document."""
        entry = self.record(model.Meeting, _DOCUMENT_KEY)
        code = compile("\n\n".join(self.sources), "<kommunchef quick reader>", "exec")
        exec(code, self.namespace)
        for table, functions in self.tables.items():  # the functions exist only now
            self.namespace[table] = {tag: self.namespace[f] for tag, f in functions.items()}
        reader: Callable[[Any, _Read], Any] = self.namespace[entry]
        return reader


def _union(kinds: list[Any]) -> Any:
    union = kinds[0]
    for kind in kinds[1:]:
        union = union | kind
    return union


_reader: Callable[[Any, _Read], Any] | None = None


def read_meeting(document: dict[str, Any]) -> tuple[model.Meeting, int] | None:
    """The meeting of a valid document, whose ``format_version`` the caller has checked, and
    the number of keys in all of the document's objects; None when the quick reader cannot
    read it, because something in it is not valid (the careful reader then says what)."""
    global _reader
    if _reader is None:  # written on first use, not when this module is imported
        _reader = _Writer().build()
    read = _Read()
    try:
        return _reader(document, read), read.keys
    except Exception:  # whatever it was, the careful reader names it with its path
        return None
