"""Finding e-mail addresses and phone numbers: what counts, what does not, in linear time."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunchef.contacts import find_contacts, find_emails, find_phone_numbers, mask
from kommunchef.testing.publication import email_addresses, phone_numbers

PHONE_NUMBERS = [
    "070-123 45 67",
    "070 123 45 67",
    "0701234567",
    "073-1234567",
    "031-123 45 67",
    "031-12 34 56",
    "08-123 456 78",
    "08-12 34 56",
    "0303-12 34 56",
    "(031) 12 34 56",
    "(08) 123 456 78",
    "+46 70 123 45 67",
    "+46 (0)70-123 45 67",
    "+46701234567",
    "+46 8 123 456 78",
    "0046 70 123 45 67",
    "0046 31 123 45 67",
    "+44 20 7946 0958",
    "+1 555 123 4567",
    "+358 9 123 4567",
    "070\u00a0123\u00a045\u00a067",
    "070–123 45 67",
]

NOT_PHONE_NUMBERS = [
    "2021-10-08",
    "2021-10-08 kl. 09.00–12.00",
    "kl. 09:00-12:00",
    "kl. 0830-1200",
    "08-10-2021",
    "08.10.2021",
    "år 2030",
    "2021/2022",
    "punkt 12 och § 4",
    "ärende 7 av 12",
    "Dnr 2021/123",
    "Dnr KS 2021/0123",
    "GR 2020-00123",
    "SFS 2017:725",
    "1 234 567 kr",
    "12 500 000 kronor",
    "+12 500 000 kr",
    "0 500 000 SEK",
    "100 %",
    "3.2.1",
    "411 04 Göteborg",
    "556000-1234",
    "19800101-1234",
    "20211008",
    "v. 42",
    "0,5 miljoner",
    "1.2.3.4.5.6.7.8",
]


@pytest.mark.parametrize("number", PHONE_NUMBERS)
def test_phone_numbers_are_found_whole(number: str) -> None:
    for text in (number, f"Ring {number}.", f"Tel: {number}, eller", f"({number})"):
        found = [item.value for item in find_phone_numbers(text)]
        assert found == [number], text


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_dates_times_references_and_amounts_are_not_phone_numbers(text: str) -> None:
    assert list(find_phone_numbers(text)) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("anna@gr.se", "anna@gr.se"),
        ("Skriv till anna.b+kcg@goteborgsregionen.se.", "anna.b+kcg@goteborgsregionen.se"),
        ("(kansli@ale.se)", "kansli@ale.se"),
        ("'p.q@example.org'", "p.q@example.org"),
        ("mailto:info@example.org", "info@example.org"),
        ("åsa.öberg@göteborg.se, nästa", "åsa.öberg@göteborg.se"),
        ("<a@b.example.com>", "a@b.example.com"),
    ],
)
def test_email_addresses_are_found(text: str, address: str) -> None:
    assert [item.value for item in find_emails(text)] == [address]


@pytest.mark.parametrize("text", ["a@b", "@gr.se", "anna@", "x @ y.se", "a@b.1", "GR:s"])
def test_not_email_addresses(text: str) -> None:
    assert list(find_emails(text)) == []


def test_an_address_made_of_digits_is_one_address() -> None:
    found = find_contacts("sms: 0701234567@sms.example.se")
    assert [(item.kind, item.value) for item in found] == [("email", "0701234567@sms.example.se")]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("+46 73 123 45 67 070 987 65 43.", ["+46 73 123 45 67", "070 987 65 43"]),
        ("+46731234567 070 987 65 43", ["+46731234567", "070 987 65 43"]),
        ("+46731234567 0046 70 987 65 43", ["+46731234567", "0046 70 987 65 43"]),
        ("0046 73 123 45 67 08-65 43 00", ["0046 73 123 45 67", "08-65 43 00"]),
        ("031-12 34 56 070 987 65 43", ["031-12 34 56", "070 987 65 43"]),
        ("+46 70 123 45 06", ["+46 70 123 45 06"]),
        (
            "070-000 00 00 070-000 00 01 070-000 00 00",
            ["070-000 00 00", "070-000 00 01", "070-000 00 00"],
        ),
        ("+46 73 123 45 01 070 987 65 43", ["+46 73 123 45 01", "070 987 65 43"]),
        # Three or more: scanned one by one, the second would take the third's first digits.
        (
            "0046 76 956 33 39 072 003 00 25 070 375 11 16.",
            ["0046 76 956 33 39", "072 003 00 25", "070 375 11 16"],
        ),
        (
            "(031) 403 59 68 +46722298580 08-56 06 99 08-56 06 99 +46760247414.",
            ["(031) 403 59 68", "+46722298580", "08-56 06 99", "08-56 06 99", "+46760247414"],
        ),
        (
            "+46700000000 08-45 01 33 070 123 45 67",
            ["+46700000000", "08-45 01 33", "070 123 45 67"],
        ),
    ],
)
def test_numbers_side_by_side_are_each_found_whole(text: str, numbers: list[str]) -> None:
    # Otherwise the first would take the second's first digits and leave the rest unmasked.
    assert [item.value for item in find_phone_numbers(text)] == numbers


@given(
    st.lists(st.one_of(phone_numbers(), email_addresses()), min_size=1, max_size=5),
    st.sampled_from([" ", ", ", "; ", " och ", " eller "]),
    st.sampled_from(["", "Kontakt: ", "Ring ", "("]),
)
def test_generated_contact_details_are_all_found(
    values: list[str], joiner: str, before: str
) -> None:
    text = before + joiner.join(values) + "."
    assert [item.value for item in find_contacts(text)] == values


_DATES = st.dates().map(lambda d: d.isoformat())
_TIMES = st.times().map(lambda t: t.strftime("%H.%M") + "–" + t.strftime("%H:%M"))
_YEARS = st.integers(1900, 2100).map(str)
_REFERENCES = st.builds(lambda y, n: f"Dnr {y}/{n}", st.integers(1990, 2050), st.integers(1, 9999))
_AMOUNTS = st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", " ") + " kr")
_ITEMS = st.integers(1, 999).map(lambda n: f"punkt {n}")


@given(st.lists(st.one_of(_DATES, _TIMES, _YEARS, _REFERENCES, _AMOUNTS, _ITEMS), max_size=6))
def test_generated_dates_times_years_references_and_amounts_are_left(parts: list[str]) -> None:
    assert find_contacts(" ".join(parts)) == []


def test_masks_show_too_little_to_recover_the_value() -> None:
    assert mask("email", "anna.svensson@goteborg.se") == "a…@….se"
    assert mask("phone", "070-123 45 67") == "•••-••• •• 67"


# Each a megabyte or so, built in the child process.
HOSTILE = (
    '"0" * 1_000_000',
    '"0 " * 500_000',
    '"07-" * 333_334',
    '"+4" * 500_000',
    '"(0" * 500_000',
    '"+46 (0)" * 150_000',
    '"a" * 1_000_000',
    '"a@" * 500_000',
    '"a." * 500_000 + "@"',
    '"x@" + "a-" * 500_000',
    '"a@" + "b.1" * 333_333',
    '("a" * 999 + "@") * 1000',
    '"0701234567" * 100_000',
    '"anna@gr.se 070-123 45 67 " * 40_000',
    '"070 12 " * 150_000',  # one chain of numbers side by side, a megabyte long
)


def test_finding_is_linear_on_a_hostile_megabyte() -> None:
    # In a child process with a generous time limit: a pattern that backtracked
    # catastrophically would take hours on one of these; a linear one takes about a second.
    script = "from kommunchef.contacts import find_contacts\n" + "".join(
        f"find_contacts({text})\n" for text in HOSTILE
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
