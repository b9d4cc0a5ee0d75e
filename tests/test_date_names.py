"""The month and weekday names of ``kommunchef.dates`` are CLDR's, as Babel gives them.

kommunchef keeps the names of its two languages in small tables instead of importing Babel
at run time; these tests hold the tables to Babel's locale data.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunchef.dates import format_date, format_date_range
from kommunchef.keys import text_key
from kommunchef.model import Language
from kommunchef.plaintext.dates import _month_names, _weekday_names

babel_dates = pytest.importorskip("babel.dates")

LOCALES = {Language.SV: "sv_SE", Language.EN: "en_GB"}
languages = st.sampled_from(list(LOCALES))


@given(st.dates(), languages, st.booleans())
def test_a_date_in_words_is_babels(day: dt.date, language: Language, weekday: bool) -> None:
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    expected = babel_dates.format_date(day, pattern, locale=LOCALES[language])
    assert format_date(day, language, weekday=weekday) == expected


@given(st.dates(max_value=dt.date(9998, 1, 1)), st.integers(1, 400), languages)
def test_a_range_in_one_year_names_the_first_month_as_babel(
    start: dt.date, days: int, language: Language
) -> None:
    end = start + dt.timedelta(days=days)
    text = format_date_range(start, end, language)
    if start.year == end.year and start.month != end.month:
        first = babel_dates.format_date(start, "d MMMM", locale=LOCALES[language])
        assert text.startswith(f"{first}–")


def test_plain_text_reads_every_month_and_weekday_name_babel_knows() -> None:
    months = _month_names()
    for locale in ("sv", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in babel_dates.get_month_names(width, locale=locale).items():
                assert months[text_key(str(name).rstrip("."))] == number
        for name in babel_dates.get_day_names("wide", locale=locale).values():
            assert text_key(str(name)) in _weekday_names()
