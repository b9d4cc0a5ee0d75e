"""Dates and times in words, as the documents write them ("8 oktober 2021", "09.00–12.00").

Month and weekday names come from Babel's locale data.
"""

from __future__ import annotations

from datetime import date, datetime, time

from kommunchef.model import Language, UpcomingMeeting


def _locale(language: Language | str) -> str:
    return "en_GB" if Language(language) is Language.EN else "sv_SE"


def format_date(day: date, language: Language | str = Language.SV, *, weekday: bool = False) -> str:
    """A date in words: "8 oktober 2021", with ``weekday`` "fredag 8 oktober 2021"."""
    from babel.dates import format_date as babel_format_date

    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    return babel_format_date(day, pattern, locale=_locale(language))


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
        from babel.dates import format_date as babel_format_date

        first = babel_format_date(start, "d MMMM", locale=_locale(language))
        return f"{first}–{format_date(end, language)}"
    return f"{format_date(start, language)}–{format_date(end, language)}"


def describe_upcoming(upcoming: UpcomingMeeting, language: Language | str) -> str:
    """When an upcoming meeting is, in words: "11–12 november 2021, 09.00–12.00"."""
    when = format_date_range(upcoming.date, upcoming.end_date, language)
    times = format_time_range(upcoming.start_time, upcoming.end_time, language)
    return f"{when}, {times}" if times else when
