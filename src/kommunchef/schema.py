"""The JSON Schema (draft 2020-12) of the meeting document, derived from the model.

The schema is built from the attrs classes, so it cannot drift from what the converter
reads; ``schema.json`` in the package is a copy of it for tools that do not run Python
(a test checks the copy is current). Field-level rules that JSON Schema cannot say exactly
(control characters, "did you mean" organisation checks) are left to kommunchef's own checks.
"""

from __future__ import annotations

import enum
import json
import types
from datetime import date, datetime, time
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from kommunchef import model
from kommunchef._checks import (
    EMAIL_DOMAIN,
    EMAIL_LOCAL_CLASS,
    FORBIDDEN_CLASS,
    MAX_INTEGER,
    MAX_TEXT_LENGTH,
)
from kommunchef.json_values import DATE_PATTERN, DATETIME_PATTERN, TIME_PATTERN
from kommunchef.model import BLOCK_TYPES, Meeting
from kommunchef.serialization import FORMAT_VERSION

SCHEMA_ID = "https://goteborgsregionen.se/kommunchef/meeting-1.schema.json"

# The patterns say exactly what the loader accepts, so that the schema and the loader agree on
# every document. "(?![\s\S])" (nothing follows) ends each one instead of "$", which in some
# regular-expression dialects also matches before a final line feed.
_END = r"(?![\s\S])"
_SLUG_PATTERN = rf"^[a-z0-9]+(?:-[a-z0-9]+)*{_END}"
_LINE = rf"[^{FORBIDDEN_CLASS}]*"
_TEXT = {
    "type": "string",
    "maxLength": MAX_TEXT_LENGTH,
    "pattern": rf"^(?=[\s\S]*\S){_LINE}{_END}",
}
# An optional text that is only white space is read as absent.
_OPTIONAL_TEXT = {
    "type": "string",
    "maxLength": MAX_TEXT_LENGTH,
    "pattern": rf"^(?:\s*|(?=[\s\S]*\S){_LINE}){_END}",
}
_NO_SPACE = rf"[^\s{FORBIDDEN_CLASS}]"
_MAILTO_LOCAL = EMAIL_LOCAL_CLASS.replace("[^", "[^?", 1)
_URL = (
    rf"\s*(?:[Hh][Tt][Tt][Pp][Ss]?://{_NO_SPACE}+"
    rf"|[Mm][Aa][Ii][Ll][Tt][Oo]:{_MAILTO_LOCAL}+@{EMAIL_DOMAIN}(?:\?{_NO_SPACE}*)?)\s*"
)
_EMAIL = rf"\s*(?=\S{{1,254}}\s*{_END}){EMAIL_LOCAL_CLASS}+@{EMAIL_DOMAIN}\s*"
_INTEGER = {"type": "integer", "maximum": MAX_INTEGER}
_FIELD_OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {
    ("Meeting", "id"): {"type": "string", "pattern": _SLUG_PATTERN, "maxLength": 100},
    ("UpcomingMeeting", "id"): {"type": "string", "pattern": _SLUG_PATTERN, "maxLength": 100},
    ("Link", "url"): {
        "type": "string",
        "maxLength": MAX_TEXT_LENGTH,
        "pattern": f"^{_URL}{_END}",
    },
    ("Meeting", "url"): {
        "type": "string",
        "maxLength": MAX_TEXT_LENGTH,
        "pattern": rf"^(?:{_URL}|\s*){_END}",
    },
    ("Person", "email"): {
        "type": "string",
        "maxLength": MAX_TEXT_LENGTH,
        "pattern": rf"^(?:{_EMAIL}|\s*){_END}",
    },
    ("AgendaItem", "number"): {**_INTEGER, "minimum": 1},
    ("NumberedList", "start"): {**_INTEGER, "minimum": 1},
    ("Meeting", "revision"): {**_INTEGER, "minimum": 0},
}
_INLINE_CONTENT = {("Paragraph", "content"), ("ListItem", "content")}
_NON_EMPTY = {
    ("Paragraph", "content"),
    ("ListItem", "content"),
    ("BulletList", "items"),
    ("NumberedList", "items"),
}


def _type_schema(kind: Any) -> dict[str, Any]:
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        members = set(get_args(kind))
        nullable = type(None) in members
        members.discard(type(None))
        named = {
            "Block": model.Block,
            "ListBlock": model.ListBlock,
            "Inline": model.Inline,
        }
        for name, alias in named.items():
            if members == set(get_args(alias)):
                ref: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
                return {"anyOf": [ref, {"type": "null"}]} if nullable else ref
        options = [_type_schema(m) for m in get_args(kind) if m is not type(None)]
        if nullable:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(kind)[0])}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [m.value for m in kind]}
    if attrs.has(kind):
        return {"$ref": f"#/$defs/{kind.__name__}"}
    if kind is str:
        return dict(_TEXT)
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return dict(_INTEGER)
    if kind is datetime:
        # No "format": RFC 3339's date-time needs seconds, which the loader does not.
        return {"type": "string", "pattern": f"^{DATETIME_PATTERN}{_END}"}
    if kind is date:
        return {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}{_END}"}
    if kind is time:
        return {"type": "string", "pattern": f"^{TIME_PATTERN}{_END}"}
    raise TypeError(f"no schema for {kind!r}")


def _class_schema(cls: type, *, tag: str | None = None) -> dict[str, Any]:
    hints = get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    if tag is not None:
        properties["type"] = {"const": tag}
        required.append("type")
    for attribute in attrs.fields(cls):
        override = _FIELD_OVERRIDES.get((cls.__name__, attribute.name))
        schema = dict(override) if override else _type_schema(hints[attribute.name])
        if schema == {"anyOf": [_TEXT, {"type": "null"}]} and attribute.converter is not None:
            schema = {"anyOf": [_OPTIONAL_TEXT, {"type": "null"}]}
        if (cls.__name__, attribute.name) in _NON_EMPTY:
            schema["minItems"] = 1
        if (cls.__name__, attribute.name) in _INLINE_CONTENT:
            # At least one part with words: a link, or a string that is not only white space.
            schema["contains"] = {
                "anyOf": [{"$ref": "#/$defs/Link"}, {"type": "string", "pattern": r"\S"}]
            }
        optional = attribute.default is not attrs.NOTHING
        if override and optional and attribute.default is None:
            schema = {"anyOf": [schema, {"type": "null"}]}
        properties[attribute.name] = schema
        if not optional:
            required.append(attribute.name)
    result: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        result["required"] = required
    return result


@cache
def _build() -> dict[str, Any]:
    classes = [
        model.Link,
        model.Paragraph,
        model.Heading,
        model.ListItem,
        model.BulletList,
        model.NumberedList,
        model.Person,
        model.FollowUp,
        model.AgendaItem,
        model.UpcomingMeeting,
        model.Recorder,
    ]
    tags = {cls: tag for tag, cls in BLOCK_TYPES.items()}
    definitions: dict[str, Any] = {}
    for cls in classes:
        definitions[cls.__name__] = _class_schema(cls)
    definitions["Inline"] = {
        "description": "A run of text or a link",
        "anyOf": [
            {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_TEXT_LENGTH,
                "pattern": f"^{_LINE}{_END}",
            },
            {"$ref": "#/$defs/Link"},
        ],
    }
    for cls, tag in tags.items():
        definitions[f"{cls.__name__}Block"] = _class_schema(cls, tag=tag)
    definitions["Block"] = {"oneOf": [{"$ref": f"#/$defs/{c.__name__}Block"} for c in tags]}
    definitions["ListBlock"] = {
        "oneOf": [{"$ref": "#/$defs/BulletListBlock"}, {"$ref": "#/$defs/NumberedListBlock"}]
    }
    meeting = _class_schema(Meeting)
    meeting["properties"] = {"format_version": {"const": FORMAT_VERSION}, **meeting["properties"]}
    meeting["required"] = ["format_version", *meeting.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "kommunchef meeting",
        **meeting,
        "$defs": definitions,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the meeting document as a dict (a fresh copy)."""
    result: dict[str, Any] = json.loads(json.dumps(_build()))
    return result


def schema_text() -> str:
    """The JSON Schema as formatted JSON text, as ``kommunchef schema`` prints it."""
    return json.dumps(_build(), ensure_ascii=False, indent=2) + "\n"
