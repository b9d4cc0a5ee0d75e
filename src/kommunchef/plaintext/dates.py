"""Dates and times in plain-text minutes: month and weekday names, ranges, clocks."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from kommunchef.dates import MONTHS, WEEKDAYS
from kommunchef.keys import text_key

# Dates and times ------------------------------------------------------------------------------


# The abbreviated month names of the CLDR data (Babel's "abbreviated" for sv and en), which
# plain-text minutes also use; the full names are the documents' own (kommunchef.dates).
_ABBREVIATED_MONTHS = (
    ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


@cache
def _month_names() -> dict[str, int]:
    """Month names (Swedish and English, full and abbreviated)."""
    names: dict[str, int] = {}
    for table in (*MONTHS.values(), *_ABBREVIATED_MONTHS):
        for number, name in enumerate(table, start=1):
            names[text_key(name)] = number
    return names


@cache
def _weekday_names() -> frozenset[str]:
    return frozenset(text_key(name) for table in WEEKDAYS.values() for name in table)


@cache
def _month_pattern() -> str:
    names = sorted(_month_names(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?(?!\w)"


@cache
def date_range_regex() -> re.Pattern[str]:
    month = _month_pattern()
    return re.compile(
        rf"(?<!\d)(?P<d1>\d{{1,2}})"
        rf"(?:\s*(?:[-–]|\s(?:och|till|and|to)\s)\s*(?P<d1b>\d{{1,2}}))?"
        rf"\s+(?P<m1>{month})(?:\s+(?P<y1>\d{{4}})(?!\d))?"
        rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{month})(?:\s+(?P<y2>\d{{4}})(?!\d))?)?",
        re.IGNORECASE,
    )


@cache
def _full_date_regex() -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?P<weekday>[^\W\d_]+),?\s+)?(?:den\s+)?(?P<d>\d{{1,2}})\s+"
        rf"(?P<m>{_month_pattern()})\s+(?P<y>\d{{4}})",
        re.IGNORECASE,
    )


_CLOCK = r"(\d{1,2})[.:](\d{2})"
_TIME_RANGE = re.compile(
    rf"(?:kl\.?\s*)?{_CLOCK}(?:\s*[-–]\s*(?:kl\.?\s*)?{_CLOCK})?", re.IGNORECASE
)
TIME_AFTER_DATE = re.compile(
    rf",?\s*(?:kl\.?\s*{_CLOCK}|kl\.?\s*(\d{{1,2}})(?![\d.:])|{_CLOCK})"
    rf"(?:\s*[-–]\s*(?:kl\.?\s*)?(?:{_CLOCK}|(\d{{1,2}})(?![\d.:])))?",
    re.IGNORECASE,
)
TIME_IN_TEXT = re.compile(rf"\bkl\.?\s*{_CLOCK}(?:\s*[-–]\s*{_CLOCK})?", re.IGNORECASE)


def _month_number(name: str) -> int:
    return _month_names()[text_key(name.rstrip("."))]


def _first_on_or_after(day: int, month: int, after: dt.date) -> dt.date:
    """The first date with this day and month on or after ``after`` (29 February waits)."""
    for year in range(after.year, after.year + 9):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate >= after:
            return candidate
    raise ValueError(f"day {day} of month {month} does not exist")


def resolve_range(match: re.Match[str], after: dt.date) -> tuple[dt.date, dt.date | None]:
    """The dates a date-range match names; a missing year is the first that is not past.

    Raises ValueError for a date that does not exist or a range that ends before it starts.
    """
    d1 = int(match["d1"])
    m1 = _month_number(match["m1"])
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    if match["d1b"] and match["d2"]:
        raise ValueError("a date range has two ends")
    if match["d1b"]:
        end_day, end_month = int(match["d1b"]), m1
        end_year = int(match["y1"]) if match["y1"] else None
        start_year = end_year
    else:
        start_year = int(match["y1"]) if match["y1"] else None
        if match["d2"]:
            end_day, end_month = int(match["d2"]), _month_number(match["m2"])
            end_year = int(match["y2"]) if match["y2"] else None
            if start_year is None and end_year is not None:
                start_year = end_year if m1 <= end_month else end_year - 1
    start = _first_on_or_after(d1, m1, after) if start_year is None else dt.date(start_year, m1, d1)
    if end_day is None or end_month is None:
        return start, None
    if end_year is None:
        end_year = start.year if end_month >= m1 else start.year + 1
    end = dt.date(end_year, end_month, end_day)
    if end < start:
        raise ValueError(f"the range ends ({end.isoformat()}) before it starts")
    return start, (None if end == start else end)


def parse_day(text: str) -> dt.date | None:
    """A full date: 2021-10-08, 8 oktober 2021, fredag 8 oktober 2021; None if unreadable."""
    text = text.strip().rstrip(".")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    match = _full_date_regex().fullmatch(text)
    if match is None:
        return None
    if match["weekday"] and text_key(match["weekday"]) not in _weekday_names():
        return None
    try:
        return dt.date(int(match["y"]), _month_number(match["m"]), int(match["d"]))
    except ValueError:
        return None


def clock_time(hour: str | None, minute: str | None) -> dt.time | None:
    if hour is None:
        return None
    return dt.time(int(hour), int(minute or 0))


def parse_times(text: str) -> tuple[dt.time, dt.time | None] | None:
    """ "09.00–12.00", "kl. 9.00", "09:00"; None if unreadable (ValueError: no such time)."""
    match = _TIME_RANGE.fullmatch(text.strip())
    if match is None:
        return None
    start = clock_time(match[1], match[2])
    assert start is not None
    return start, clock_time(match[3], match[4])
