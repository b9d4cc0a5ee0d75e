"""Finding e-mail addresses and phone numbers in text.

Both finders run in time linear in the length of the text: every pattern is anchored at the
start of a run of characters (a look-behind refuses to start inside one) and every repetition
that can backtrack is bounded, so a hostile megabyte of digits, ``@`` signs or separators costs
one pass, not a quadratic search.

Phone numbers are Swedish numbers written with their leading 0 (``070-123 45 67``,
``031-123 45 67``, ``08-123 456 78``, ``(031) 12 34 56``) and international numbers with
``+`` or ``00`` (``+46 70 123 45 67``, ``+46 (0)70-123 45 67``, ``0046 70 123 45 67``,
``+44 20 7946 0958``). Digit groups may be separated by one space, no-break space or dash.
Dates, times, years, amounts, item numbers and references such as ``Dnr 2021/123`` are not
phone numbers: they do not start with 0 or +, are too short, use ``/``, ``.`` or ``:``
between their digits, or have the exact shape of a date (``08-10-2021``) or of a time range
(``0830-1200``). When in doubt a digit string that starts with 0 counts as a phone number:
for publishing, removing one reference too many is the safer mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from attrs import frozen

from kommunchef.records import Record

ContactKind = Literal["email", "phone"]

# Characters of an address's local part: what the model's e-mail check allows, without the
# typographic quotes and brackets that surround addresses in running text.
_LOCAL = r"[^\s@<>(),;:\"\[\]\\“”«»‘’]"
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@[\w.-]+")
# The domain must end in a label of letters ("se", "org", "museum"), possibly IDN letters.
_DOMAIN = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}")

_SPACES = " \u00a0\u202f"
_SEPARATOR = "[ \u00a0\u202f\\-\u2010\u2011\u2013]"
_UNIT = rf"(?:{_SEPARATOR}?\d)"
# Not inside a word or a longer number (nor the minutes of a time, "9:01"): nothing before
# that continues it.
_BEFORE = r"(?<![\w+/.,\-])(?<!\d:)"
# Nor after: no letter or digit, and no "-5", "/5", ".5" or ",5" that would continue it.
_AFTER = r"(?![\w]|[/.,\-\u2010\u2011\u2013]\d)"
_PHONE = re.compile(
    _BEFORE
    + "(?:"
    # International: +46 or 0046, an optional "(0)" trunk prefix, then 7-12 digits.
    + rf"(?:\+|00)[1-9]\d{{0,2}}(?:{_SEPARATOR}?\(0\))?{_UNIT}{{7,12}}"
    + "|"
    # Swedish, area code in brackets: (031) 12 34 56, (08) 123 456 78.
    + rf"\(0[1-9]\d{{0,2}}\){_SEPARATOR}?\d{_UNIT}{{4,7}}"
    + "|"
    # Swedish: 0 and a non-zero digit, 8-10 digits in all.
    + rf"0[1-9]{_UNIT}{{6,8}}"
    + ")"
    + _AFTER
)
_DATE_SHAPE = re.compile(
    r"(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d"
    r"|\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
)
# An amount, not a number to call: "+12 500 000 kr", "0 500 000 SEK".
_UNIT_AFTER = re.compile(
    r"\s?(?:kr|kronor|tkr|mnkr|mdkr|sek|msek|eur|euro|€|\$|%)(?!\w)", re.IGNORECASE
)
_TIME_RANGE_SHAPE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\s?[-\u2013]\s?(?:[01]\d|2[0-3])[0-5]\d")


@frozen
class Found(Record):
    """A contact detail found in a text: ``text[start:end]`` is the ``value``."""

    kind: ContactKind
    start: int
    end: int
    value: str


def find_emails(text: str) -> Iterator[Found]:
    """The e-mail addresses in ``text``, in order."""
    for match in _EMAIL.finditer(text):
        at = match.group().index("@")
        domain = _DOMAIN.match(match.group(), at + 1)
        if domain is None:
            continue
        # A quote or dot before the address belongs to the sentence.
        start = match.start() + len(match.group()) - len(match.group().lstrip("'."))
        end = match.start() + domain.end()
        yield Found("email", start, end, text[start:end])


def find_phone_numbers(text: str) -> Iterator[Found]:
    """The phone numbers in ``text``, in order."""
    found = list(_numbers_one_by_one(text))
    index = 0
    while index < len(found):
        chain = _chain_at(text, found, index)
        yield from _whole_chain(text, found[index : chain.numbers], chain.end)
        index = chain.numbers


def _numbers_one_by_one(text: str) -> Iterator[Found]:
    """The phone numbers as a left-to-right scan finds them, each taking what it can."""
    position = 0
    while (match := _PHONE.search(text, position)) is not None:
        value = match.group()
        # A date or a time range, perhaps with more digits after a space: skip just it and
        # look again behind it.
        shape = _DATE_SHAPE.match(value) or _TIME_RANGE_SHAPE.match(value)
        if shape is not None and not value[shape.end() : shape.end() + 1].isdigit():
            position = match.start() + shape.end()
            continue
        position = match.end()
        if _UNIT_AFTER.match(text, match.end()):
            continue
        if not _enough_digits(value):
            continue
        end = _first_number_end(text, match.start(), match.end())
        position = end
        yield Found("phone", match.start(), end, text[match.start() : end])


class _Chain(NamedTuple):
    numbers: int
    """The index after the last number of the chain."""
    end: int
    """Where the chain's digits end, those no number took included."""


CHAIN_GROUPS = 48
"""Chains of more digit groups than this (no text of people's has them) are left as the
scan found them, so that a hostile run of digits costs linear time."""

_MOST_GROUPS = 13
"""The most digit groups one number has: 12 digits each written alone, and its prefix."""

_GROUP = re.compile(r"[0-9(+][0-9()\-\u2010\u2011\u2013]*")


def _chain_at(text: str, found: list[Found], index: int) -> _Chain:
    """The numbers from ``found[index]`` on that follow each other with one space between,
    with the few digit groups between or after them that no number took."""
    last, end, left = index, found[index].end, 3  # the rest of a number is a group or two
    while end + 1 < len(text) and text[end] in _SPACES:
        if last + 1 < len(found) and found[last + 1].start == end + 1:
            last += 1
            end = found[last].end
            continue
        group = _GROUP.match(text, end + 1) if left else None
        if group is None:
            break
        left -= 1
        end = group.end()
    return _Chain(last + 1, end)


def _whole_chain(text: str, numbers: list[Found], end: int) -> list[Found]:
    """The numbers of a chain, split again where the scan left digits unfound.

    Numbers written side by side with single spaces ("+46 73 123 45 67 070 987 65 43 08-12
    34 56") can be split in several ways; the scan lets each number take what it can,
    which may leave the end of the last one behind. Then the split that leaves the fewest
    digits unfound is taken (then the one with the fewest numbers, then the longest first
    number), over the spaces between the chain's digit groups.
    """
    start = numbers[0].start
    found_digits = sum(_digits(n.value) for n in numbers)
    if found_digits == _digits(text[start:end]):
        return numbers
    bounds = [start]
    for position in range(start, end):
        if text[position] in _SPACES:
            bounds.extend((position, position + 1))
    bounds.append(end)
    groups = list(zip(bounds[::2], bounds[1::2], strict=True))  # (start, end) of each group
    if len(groups) > CHAIN_GROUPS:
        return numbers
    # best[i]: (digits found, -numbers, first number's end, the numbers) for groups i on.
    best: list[tuple[int, int, int, list[tuple[int, int]]]] = [(0, 0, 0, [])] * (len(groups) + 1)
    for first in range(len(groups) - 1, -1, -1):
        skip = best[first + 1]
        choice = (skip[0], skip[1], 0, skip[3])
        for last in range(first, min(len(groups), first + _MOST_GROUPS)):
            piece = text[groups[first][0] : groups[last][1]]
            if not _is_number(piece):
                continue
            after = best[last + 1]
            option = (
                _digits(piece) + after[0],
                after[1] - 1,
                groups[last][1],
                [(groups[first][0], groups[last][1]), *after[3]],
            )
            choice = max(choice, option, key=lambda c: (c[0], c[1], c[2]))
        best[first] = choice
    if best[0][0] <= found_digits:
        return numbers
    return [Found("phone", a, b, text[a:b]) for a, b in best[0][3]]


def _is_number(piece: str) -> bool:
    """Whether a piece of a chain is a phone number on its own."""
    if _PHONE.fullmatch(piece) is None or not _enough_digits(piece):
        return False
    shape = _DATE_SHAPE.match(piece) or _TIME_RANGE_SHAPE.match(piece)
    return shape is None or shape.end() != len(piece)


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _enough_digits(value: str) -> bool:
    if value[0] == "+" or value.startswith("00"):
        # Country code and number: at least 9 digits, as every real one has.
        digits = sum(ch.isdigit() for ch in value) - (2 if value[0] == "0" else 0)
        return digits - ("(0)" in value) >= 9
    return True


def _first_number_end(text: str, start: int, end: int) -> int:
    """Where the number at ``start`` ends when its digits ran on into a second number
    ("+46 73 123 45 67 070 987 65 43"), which would otherwise be left partly unfound: at the
    space with a whole number before it and, after it, the one that reaches furthest past
    ``end`` (the later space on a tie). Otherwise ``end``; a number has only a few spaces."""
    follows = end + 1 < len(text) and text[end] in _SPACES and text[end + 1].isdigit()
    if not follows or _PHONE.match(text, end + 1) is not None:
        return end  # nothing after the number, or the next number is found whole anyway
    best = (end, end)  # (where the second number ends, where the first one does)
    for position in range(start + 1, end - 1):
        if text[position] not in _SPACES or not text[position + 1].isdigit():
            continue
        before = text[start:position]
        if not (_PHONE.fullmatch(before) and _enough_digits(before)):
            continue
        after = _PHONE.match(text, position + 1)
        if after is not None and _enough_digits(after.group()):
            best = max(best, (after.end(), position))
    return best[1]


def find_contacts(text: str, *, emails: bool = True, phones: bool = True) -> list[Found]:
    """The e-mail addresses and phone numbers in ``text``, in order and never overlapping.

    Addresses are found first, so that the digits of ``0701234567@sms.example.se`` are part
    of an address rather than a phone number.
    """
    found = list(find_emails(text)) if emails else []
    if phones:
        taken = found
        merged: list[Found] = []
        index = 0
        for phone in find_phone_numbers(text):
            while index < len(taken) and taken[index].end <= phone.start:
                merged.append(taken[index])
                index += 1
            if index < len(taken) and taken[index].start < phone.end:
                continue  # inside an address
            merged.append(phone)
        merged.extend(taken[index:])
        found = merged
    return found


def replace_contacts(
    text: str, replacement: dict[ContactKind, str], *, emails: bool = True, phones: bool = True
) -> tuple[str, list[Found]]:
    """``text`` with each address and phone number replaced, and what was found."""
    found = find_contacts(text, emails=emails, phones=phones)
    if not found:
        return text, found
    parts: list[str] = []
    position = 0
    for item in found:
        parts.append(text[position : item.start])
        parts.append(replacement[item.kind])
        position = item.end
    parts.append(text[position:])
    return "".join(parts), found


def mask(kind: ContactKind, value: str) -> str:
    """A masked form for an operator's report: ``a…@….se``, ``•••-••• •• 67``.

    It shows enough to recognise which value was removed in a document one has at hand, and
    too little to recover the value.
    """
    if kind == "email":
        local, _, domain = value.partition("@")
        suffix = domain.rsplit(".", 1)[-1]
        return f"{local[:1]}…@….{suffix}"
    digits = sum(ch.isdigit() for ch in value)
    shown = 0
    masked = []
    for ch in value:
        if ch.isdigit():
            shown += 1
            masked.append(ch if shown > digits - 2 else "•")
        else:
            masked.append(ch)
    return "".join(masked)


__all__ = [
    "ContactKind",
    "Found",
    "find_contacts",
    "find_emails",
    "find_phone_numbers",
    "mask",
    "replace_contacts",
]
