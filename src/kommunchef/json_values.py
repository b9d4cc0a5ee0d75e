"""How the JSON document's single values become the model's: strict, and alike for both readers.

Both the quick reader (:mod:`kommunchef.quick_reader`) and the careful one
(:mod:`kommunchef.converter`) read texts, numbers, true/false, dates, times and the named
choices through these functions, so that they accept and refuse exactly the same values.
Wrong types are not coerced ("5" is no integer) and every refusal is a one-line message.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from kommunchef._checks import MAX_TEXT_LENGTH, date_out_of_range, forbidden_character, json_type

MAX_NESTING = 32
"""Lists nested deeper than this inside one another are refused while loading (``validate``
allows 3 levels); JSON nested deeper than Python's recursion limit is refused too."""

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

Reader = Callable[[Any], Any]
"""Takes one JSON value and gives the model's value, or raises ``TypeError``/``ValueError``."""


def string(value: Any) -> Any:
    """A text: a string within the length limit, without a forbidden character.

    Checked before the model strips surrounding space, as the schema does: a line feed at the
    end of a title is refused, not silently dropped.
    """
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_type(value)}")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"is {len(value)} characters long; the limit is {MAX_TEXT_LENGTH}")
    bad = forbidden_character(value)
    if bad:
        raise ValueError(f"contains a character that is not allowed: {bad}")
    return value


def integer(value: Any) -> Any:
    """An integer; JSON Schema counts 2.0 as an integer, so the readers do too."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {json_type(value)}")
    return value


def boolean(value: Any) -> Any:
    """true or false, and nothing that merely looks like them (0, "true")."""
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {json_type(value)}")
    return value


# What the JSON Schema's patterns say (schema.py uses their texts): ASCII digits and the
# separators ISO 8601 and RFC 3339 share, and nothing else that fromisoformat would also take
# (such as "20240510" or a time with an offset). The readers check only the shape: with
# fromisoformat, which refuses impossible days, hours, minutes and seconds, and the range of
# dates, the shape accepts exactly what the full patterns do (a test compares them), and it
# is much quicker to compile when a command starts.
_SHAPES = {
    date: re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    time: re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?\Z"),
    datetime: re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]{1,6})?"
        rf"(?:Z|[+-]{_CLOCK})\Z"
    ),
}


def iso(kind: type[date] | type[time] | type[datetime], what: str) -> Reader:
    """The reader of a date, a time or a date and time written in ISO 8601."""
    shape = _SHAPES[kind]

    def read(value: Any) -> Any:
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
        if not shape.match(value):
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                raise ValueError(f"{value} has no time zone: give an offset such as +02:00")
            if isinstance(parsed, time) and parsed.tzinfo is not None:
                raise ValueError(f"{shown!r} has a UTC offset; give the Stockholm time only")
            raise ValueError(f"{shown!r} is not a valid {what}")
        return parsed

    return read


SCALARS: dict[Any, Reader] = {
    str: string,
    int: integer,
    bool: boolean,
    date: iso(date, "date (YYYY-MM-DD)"),
    time: iso(time, "time (HH:MM)"),
    datetime: iso(datetime, "date and time"),
}
"""The reader of each single-value type the model uses (enums: :func:`choice`)."""


def choice(kind: type[enum.Enum]) -> Reader:
    """The reader of one of an enum's values, as JSON spells them."""
    choices = ", ".join(str(m.value) for m in kind)

    def read(value: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected one of {choices}, got {json_type(value)}")
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of {choices}") from None

    return read
