"""The readers' single values: dates and times accepted exactly as the JSON Schema says."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from kommunchef.json_values import DATE_PATTERN, DATETIME_PATTERN, SCALARS, TIME_PATTERN


def _two_digits(top: int, *edges: int) -> st.SearchStrategy[str]:
    """Two digits up to ``top``, the ``edges`` as often as all the others."""
    return st.one_of(st.sampled_from(edges or (0, top)), st.integers(0, top)).map(
        lambda n: f"{n:02d}"
    )


# Near the shapes on purpose: impossible months, days, hours, minutes, seconds and offsets,
# leap days, the ends of the supported years, and fractions of every length.
_YEARS = st.one_of(
    st.sampled_from([999, 1000, 1600, 1700, 1900, 2000, 2004, 2021, 2100, 2400, 9996, 9998, 9999]),
    st.integers(0, 9999),
).map(lambda n: f"{n:04d}")
_DATES = st.builds(
    lambda y, m, d: f"{y}-{m}-{d}",
    _YEARS,
    _two_digits(13, 0, 1, 2, 12, 13),
    _two_digits(32, 0, 1, 28, 29, 30, 31, 32),
)
_TIMES = st.builds(
    lambda h, m, s: f"{h}:{m}{s}",
    _two_digits(25, 0, 23, 24),
    _two_digits(61, 0, 59, 60),
    st.one_of(st.just(""), _two_digits(61, 0, 59, 60, 61).map(lambda s: f":{s}")),
)
_FRACTIONS = st.one_of(
    st.just(""), st.integers(1, 7).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
).map(lambda digits: f".{digits}" if digits else "")
_OFFSETS = st.one_of(
    st.sampled_from(["", "Z", "z", "+00:00", "-00:00"]),
    st.builds(
        lambda sign, h, m: f"{sign}{h}:{m}",
        st.sampled_from("+-"),
        _two_digits(25, 0, 23, 24),
        _two_digits(61, 0, 59, 60),
    ),
)
_VALUES = {
    date: st.one_of(_DATES, st.builds(lambda d, o: d + o, _DATES, _OFFSETS)),
    time: st.one_of(_TIMES, st.builds(lambda t, f, o: t + f + o, _TIMES, _FRACTIONS, _OFFSETS)),
    datetime: st.builds(
        lambda d, sep, t, f, o: f"{d}{sep}{t}{f}{o}",
        _DATES,
        st.sampled_from(["T", "T", "T", " ", "t"]),
        _TIMES,
        _FRACTIONS,
        _OFFSETS,
    ),
}
_PATTERNS = {date: DATE_PATTERN, time: TIME_PATTERN, datetime: DATETIME_PATTERN}


def _accepted(kind: type, value: str) -> bool:
    try:
        SCALARS[kind](value)
    except (TypeError, ValueError):
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from([date, time, datetime]).flatmap(
        lambda kind: st.tuples(st.just(kind), _VALUES[kind])
    )
)
def test_a_date_or_time_is_read_exactly_when_the_schema_pattern_matches(
    case: tuple[type, str],
) -> None:
    kind, value = case
    assert _accepted(kind, value) == (re.fullmatch(_PATTERNS[kind], value) is not None), value
