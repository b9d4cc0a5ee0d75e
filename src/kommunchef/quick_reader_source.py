"""The source of the quick reader's functions (:mod:`kommunchef.quick_reader`), from the model.

Like cattrs, it writes one small function per model class from the class's attrs fields, and
one per union of block types. :func:`generated_source` gives the module they make,
``kommunchef._quick_reader_generated``, which is shipped so that no process compiles them.
After a change to the model, write that module again with
``python -m kommunchef.quick_reader_source``; a test fails while it is not what
:func:`generated_source` gives.
"""

from __future__ import annotations

import builtins
import enum
import sys
import types
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs

from kommunchef import model
from kommunchef.json_values import SCALARS

_SHARED = model.Person
"""The records read once per document: the same person written again (a presenter who is
also listed as present or as a guest) is the same object, within one read."""

_DOCUMENT_KEY = "format_version"
"""The document's own key beside the meeting's fields, checked before this reader runs."""


# A text taken as it is, the common case: a non-empty string with nothing to strip (strip
# gives the string itself back then; where it would not, the careful check runs instead).
# The model's converters strip white space from the ends, and the reader must see what they
# strip: a line feed at the end of a title is refused, not dropped. The length and the
# characters are the model's validators' to check, as for every text.
_PLAIN_TEXT = "v.__class__ is str and v and v.strip() is v"


class _Writer:
    """Writes the source of the reading functions, one per model class and union."""

    def __init__(self) -> None:
        self.modules: set[str] = set()
        """The modules the values' expressions name, imported at the module's top."""
        self.values: dict[str, str] = {}
        """Each name of a value the functions use, and the expression that gives it."""
        self.names: dict[str, str] = {}
        """The name of each expression, so that one value has one name."""
        self.sources: list[str] = []
        self.functions: dict[Any, str] = {}
        self.tables: dict[str, dict[str, str]] = {}
        """The tagged unions' tables: each tag's function, by name."""
        self.count = 0

    def name(self, hint: str, expression: str | None = None) -> str:
        """A new name in the module: of the value ``expression`` gives, or of a function or
        a table (``None``)."""
        if expression is not None and expression in self.names:
            return self.names[expression]
        self.count += 1
        name = f"{hint}_{self.count}"
        if expression is not None:
            self.values[name] = expression
            self.names[expression] = name
        return name

    def expression(self, value: Any) -> str:
        """Source text that gives ``value`` in the generated module: a literal, or the
        dotted name of a class, function or enum member, checked to give this very object."""
        if _is_literal(value):
            return repr(value)
        if isinstance(value, enum.Enum):
            return f"{self.expression(value.__class__)}.{value.name}"
        module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", "")
        if module == "builtins" and getattr(builtins, qualname, None) is value:
            return str(qualname)
        found: Any = sys.modules.get(module) if module else None
        for part in qualname.split("."):
            found = getattr(found, part, None)
        if found is not value or "<" in qualname:
            raise TypeError(f"the quick reader cannot name {value!r} in its module")
        self.modules.add(str(module))
        return f"{module}.{qualname}"

    def scalar_expression(self, kind: Any) -> str:
        self.modules.add("kommunchef.json_values")
        if kind in SCALARS:
            return f"kommunchef.json_values.SCALARS[{self.expression(kind)}]"
        return f"kommunchef.json_values.choice({self.expression(kind)})"

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
            self.functions[key] = self.name(kind.__name__, self.scalar_expression(kind))
        return self.functions[key]

    def record(self, cls: type, own_key: str | None = None) -> str:
        """The function that reads an object into ``cls``; ``own_key`` is a key the object
        has beside the class's fields (a block's ``type``), present but not a field."""
        key = (cls, own_key)
        if key in self.functions:
            return self.functions[key]
        name = self.functions[key] = self.name(f"read_{cls.__name__}")
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        required = sum(1 for a in fields if a.default is attrs.NOTHING)
        lines = [
            f"def {name}(o: Any, r: Any) -> Any:",
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
                factory = self.expression(field.default.factory)
                default = f"{self.name('factory', factory)}()"
            elif _is_literal(field.default):
                default = repr(field.default)
            else:
                default = self.name("default", self.expression(field.default))
            lines += [f"    if {field.name!r} in o:", "        k += 1"]
            lines += ["        " + line for line in read]
            lines += ["    else:", f"        a{index} = {default}"]
        # An unknown key: the careful reader names it.
        lines += ["    if k != len(o):", "        raise Refused", "    r.keys += k"]
        arguments = ", ".join(f"a{index}" for index in range(len(fields)))
        lines.append(f"    return {self.name(cls.__name__, self.expression(cls))}({arguments})")
        self.sources.append("\n".join(lines))
        return name

    def _shared(self, cls: type) -> str:
        key = (cls, "shared")
        if key not in self.functions:
            name = self.functions[key] = self.name(f"shared_{cls.__name__}")
            read = self.record(cls)
            self.sources.append(
                "\n".join(
                    [
                        f"def {name}(o: Any, r: Any) -> Any:",
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
            name = self.functions[key] = self.name("inline")
            link = self.function(model.Link)
            self.sources.append(
                "\n".join(
                    [
                        # A run of text may start or end with spaces; the model checks it.
                        f"def {name}(v: Any, r: Any) -> Any:",
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
            name = self.functions[key] = self.name("block")
            table = self.name("tags")
            self.tables[table] = {tag: self.record(cls, "type") for tag, cls in tags.items()}
            self.sources.append(
                "\n".join(
                    [
                        f"def {name}(v: Any, r: Any) -> Any:",
                        "    if v.__class__ is not dict:",
                        "        raise Refused",
                        f"    return {table}[v['type']](v, r)",
                    ]
                )
            )
        return self.functions[key]

    def module(self) -> str:
        """The source of the module: the values' names, the functions, the tables."""
        entry = self.record(model.Meeting, _DOCUMENT_KEY)
        imports = sorted(self.modules | {"kommunchef.json_values"})
        lines = [
            _HEADER,
            "from __future__ import annotations",
            "",
            *(f"import {module}" for module in imports),
            "from typing import Any",
            "",
            "",
            "class Refused(Exception):",
            '    """The quick reader cannot read the document; the careful reader says why."""',
            "",
            "",
            "string = kommunchef.json_values.string",
            "MAX_NESTING = kommunchef.json_values.MAX_NESTING",
            *(f"{name}: Any = {expression}" for name, expression in self.values.items()),
        ]
        for source in self.sources:
            lines += ["", "", source]
        lines += ["", ""]
        for table, functions in self.tables.items():
            entries = ", ".join(f"{tag!r}: {function}" for tag, function in functions.items())
            lines.append(f"{table} = {{{entries}}}")
        lines += [f"read_document = {entry}", ""]
        return "\n".join(lines)


_HEADER = '''"""The quick reader's functions (:mod:`kommunchef.quick_reader`), one per model class.

Generated from the model's attrs fields by ``python -m kommunchef.quick_reader_source``: do not edit.
"""'''

GENERATED = Path(__file__).with_name("_quick_reader_generated.py")
"""The module :func:`generated_source` writes."""


def generated_source() -> str:
    """The source of ``kommunchef._quick_reader_generated`` for the model as it is now."""
    return _Writer().module()


def _is_literal(value: Any) -> bool:
    """Whether ``repr(value)`` is a literal that gives ``value`` back."""
    return value is None or value.__class__ in (bool, int, str) or value == ()


def _union(kinds: list[Any]) -> Any:
    union = kinds[0]
    for kind in kinds[1:]:
        union = union | kind
    return union


if __name__ == "__main__":
    from kommunchef.files import write_atomic

    write_atomic(GENERATED, generated_source().encode(), force=True)
    print(GENERATED)
