"""Field-level checks used as attrs validators.

Every check raises ``ValueError`` or ``TypeError`` with a message that reads well on its own,
because the message is what a user sees next to the field's path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from itertools import repeat
from typing import Any

import attrs

Check = Callable[[Any, "attrs.Attribute[Any]", Any], None]

# \Z, not $: a $ would also match before a final line feed and let "abc\n" through.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FORBIDDEN_CLASS = "\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff\\u2028\\u2029"
"""The characters no text may hold, as the inside of a regular-expression class."""
# A pragmatic address check: one @, no spaces or control characters, a dotted domain.
EMAIL_LOCAL_CLASS = rf"[^@\s<>(),;:\"\[\]\\{FORBIDDEN_CLASS}]"
EMAIL_DOMAIN = (
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_URL_SCHEMES = ("http", "https", "mailto")
_WHITE_SPACE = re.compile(r"\s")
"""Any character ``str.isspace`` calls white space (the same set for a str pattern)."""
MAX_TEXT_LENGTH = 20_000
MAX_INTEGER = 2**31 - 1
"""The largest integer a document may hold: calendars (SEQUENCE) and DOCX store 32-bit numbers."""

MIN_DATE = date(1000, 1, 1)
MAX_DATE = date(9998, 12, 31)
"""The supported dates: four-digit years, with a day to spare at the end for exclusive end dates
and time zone shifts, so that every export format can write them."""


@cache
def _forbidden() -> re.Pattern[str]:
    """The characters forbidden_character refuses, as one class: tried first, the slow loop
    below only runs on a hit to describe it.

    Every forbidden character is one ``str.isprintable`` refuses (control characters,
    surrogates, line and paragraph separators, unassigned code points), so a printable text
    needs no pattern: it is compiled for the first text that is not, as compiling it takes
    longer than reading a meeting.
    """
    return re.compile(f"[{FORBIDDEN_CLASS}]")


@cache
def _email() -> re.Pattern[str]:
    # Compiled when first needed: most meetings hold no address, and compiling this pattern
    # takes longer than reading a meeting.
    return re.compile(rf"{EMAIL_LOCAL_CLASS}+@{EMAIL_DOMAIN}\Z")


def json_type(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return names.get(type(value), type(value).__name__)


def forbidden_character(text: str) -> str | None:
    """Return a description of the first character that may not appear in text, if any.

    Control characters (CR and LF included), lone surrogates, U+FFFE/U+FFFF and the line and
    paragraph separators are refused: XML cannot hold most of them, and line breaks inside a
    field would let text inject headers, properties or lines into exported documents.
    """
    if text.isprintable():
        return None
    found = _forbidden().search(text)
    return None if found is None else _describe_forbidden(text, found.start())


def _describe_forbidden(text: str, start: int = 0) -> str | None:
    """The character-by-character check that the pattern of :func:`_forbidden` stands for."""
    for index in range(start, len(text)):
        char = text[index]
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs" or code in (0xFFFE, 0xFFFF, 0x2028, 0x2029):
            name = {0x0A: "line feed", 0x0D: "carriage return", 0x09: "tab"}.get(code)
            shown = name if name else str(unicodedata.name(char, "control character"))
            return f"U+{code:04X} ({shown.lower()}) at position {index}"
    return None


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A single line of human text: a non-blank string without control characters."""
    # The common case in one expression: every meeting runs this for most of its fields.
    if (
        value.__class__ is str
        and len(value) <= MAX_TEXT_LENGTH
        and not value.isspace()
        and value
        and (value.isprintable() or _forbidden().search(value) is None)
    ):
        return
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_type(value)}")
    if not value.strip():
        raise ValueError("must not be blank")
    inline_text(_instance, attribute, value)


def inline_text(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    """A run of text inside a paragraph: may start or end with spaces, but never blank."""
    if (
        value.__class__ is str
        and value
        and len(value) <= MAX_TEXT_LENGTH
        and (value.isprintable() or _forbidden().search(value) is None)
    ):
        return
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_type(value)}")
    if value == "":
        raise ValueError("must not be empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"is {len(value)} characters long; the limit is {MAX_TEXT_LENGTH}")
    bad = forbidden_character(value)
    if bad:
        raise ValueError(f"contains a character that is not allowed: {bad}")


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        text(instance, attribute, value)


def slug(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    """Lower-case letters a-z, digits and single hyphens, such as ``kcg-2021-10-08``."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_type(value)}")
    if len(value) > 100 or not _SLUG.match(value):
        shown = value if len(value) <= 100 else value[:100] + "..."
        raise ValueError(
            f"{shown!r} is not a valid id: use 1-100 lower-case letters a-z, digits and single "
            "hyphens, such as 'kcg-2021-10-08'"
        )


def optional_slug(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        slug(instance, attribute, value)


def url(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An absolute http, https or mailto URL without spaces or control characters."""
    text(_instance, attribute, value)
    assert isinstance(value, str)
    scheme, colon, rest = value.partition(":")
    if not colon or scheme.lower() not in _URL_SCHEMES:
        raise ValueError(
            f"{value!r} is not an allowed link: only http, https and mailto URLs are allowed"
        )
    if _WHITE_SPACE.search(value):
        raise ValueError(f"{value!r} is not a valid link: it contains white space")
    if scheme.lower() in ("http", "https") and (not rest.startswith("//") or len(rest) <= 2):
        raise ValueError(f"{value!r} is not a valid link: it has no host")
    if scheme.lower() == "mailto" and not _email().match(rest.split("?", 1)[0]):
        raise ValueError(f"{value!r} is not a valid mailto link")


def optional_url(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        url(instance, attribute, value)


def optional_email(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_type(value)}")
    if len(value) > 254 or not _email().match(value):
        raise ValueError(f"{value!r} is not a valid email address")


def aware_datetime(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"expected a date and time, got {json_type(value)}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no time zone: give an offset such as +02:00")


def positive_int(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {json_type(value)}")
    if value < 1:
        raise ValueError(f"must be 1 or more, got {_shown_int(value)}")
    if value > MAX_INTEGER:
        raise ValueError(f"must be at most {MAX_INTEGER}, got {_shown_int(value)}")


def non_negative_int(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {json_type(value)}")
    if value < 0:
        raise ValueError(f"must be 0 or more, got {_shown_int(value)}")
    if value > MAX_INTEGER:
        raise ValueError(f"must be at most {MAX_INTEGER}, got {_shown_int(value)}")


def _shown_int(value: int) -> str:
    # str() of an integer with thousands of digits is slow (and refused past 4,300 digits).
    if value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    return str(value)


def date_out_of_range(value: date) -> str | None:
    """Why a date (or the date of a date and time) is outside the supported range, if it is."""
    day = value.date() if isinstance(value, datetime) else value
    if MIN_DATE <= day <= MAX_DATE:
        return None
    return (
        f"{day.isoformat()} is outside the supported dates "
        f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
    )


def non_empty(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if len(value) == 0:  # type: ignore[arg-type]
        raise ValueError("must not be empty")


def items_of(*types: type) -> Check:
    """Every member of a tuple is an instance of one of types."""
    names = " or ".join(t.__name__ for t in types)

    def check(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
        # The common case without a Python loop: every member checked by map inside all().
        if value.__class__ is tuple and (not value or all(map(isinstance, value, repeat(types)))):
            return
        if not isinstance(value, tuple):
            raise TypeError(f"expected a list, got {json_type(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, types):
                raise TypeError(f"item {index}: expected {names}, got {json_type(item)}")

    return check
