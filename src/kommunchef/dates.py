"""Dates and times in words, as the documents write them ("8 oktober 2021", "09.00–12.00").

Month and weekday names are the CLDR names of Swedish and English (what Babel's
``format_date`` gives for ``sv_SE`` and ``en_GB``), kept here as two small tables: importing
Babel and loading its locale data cost more than a whole small document. The tests compare
the tables with Babel's data.
"""

from __future__ import annotations

from datetime import date, datetime, time

from kommunchef.model import Language, UpcomingMeeting

MONTHS: dict[Language, tuple[str, ...]] = {
    Language.SV: (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    Language.EN: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
"""The full month names, January first (CLDR "wide", format context)."""

WEEKDAYS: dict[Language, tuple[str, ...]] = {
    Language.SV: ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
"""The full weekday names, Monday first (as ``date.weekday()`` counts)."""


def _day_month(day: date, language: Language) -> str:
    return f"{day.day} {MONTHS[language][day.month - 1]}"


def format_date(day: date, language: Language | str = Language.SV, *, weekday: bool = False) -> str:
    """A date in words: "8 oktober 2021", with ``weekday`` "fredag 8 oktober 2021"."""
    language = Language(language)
    text = f"{_day_month(day, language)} {day.year}"
    return f"{WEEKDAYS[language][day.weekday()]} {text}" if weekday else text


def format_time(moment: time | datetime, language: Language | str = Language.SV) -> str:
    """A time as Swedish minutes write it, "09.00" (English: "09:00")."""
    separator = ":" if Language(language) is Language.EN else "."
    return f"{moment.hour:02d}{separator}{moment.minute:02d}"


def format_time_range(
    start: time | datetime | None, end: time | datetime | None, language: Language | str
) -> str | None:
    """ "09.00–12.00", "09.00" or ``None``."""
    if start is None:
        return None
    if end is None:
        return format_time(start, language)
    return f"{format_time(start, language)}–{format_time(end, language)}"


def format_date_range(start: date, end: date | None, language: Language | str) -> str:
    """ "11–12 november 2021", "30 november–1 december 2021" or one date."""
    if end is None or end == start:
        return format_date(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, language)}"
    if start.year == end.year:
        return f"{_day_month(start, Language(language))}–{format_date(end, language)}"
    return f"{format_date(start, language)}–{format_date(end, language)}"


def describe_upcoming(upcoming: UpcomingMeeting, language: Language | str) -> str:
    """When an upcoming meeting is, in words: "11–12 november 2021, 09.00–12.00"."""
    when = format_date_range(upcoming.date, upcoming.end_date, language)
    times = format_time_range(upcoming.start_time, upcoming.end_time, language)
    return f"{when}, {times}" if times else when
