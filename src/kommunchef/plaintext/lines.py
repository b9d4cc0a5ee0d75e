"""Lines of plain-text minutes, each classified once into a small token.

The reader asks a line what it is (a list item, an agenda heading, ``Beslut``, an attendance
heading ...) through its :class:`_Token`; no other module matches the raw text again.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kommunchef import _checks
from kommunchef.keys import text_key
from kommunchef.plaintext.errors import TextFormatError
from kommunchef.plaintext.inline import has_link
from kommunchef.plaintext.sentences import has_follow_up
from kommunchef.plaintext.vocabulary import (
    DECISION_WORDS,
    FOLLOW_UP_WORDS,
    PRESENTER_WORDS,
    RECORDER_WORDS,
    UPCOMING_WORDS,
    group_of,
)

MAX_TEXT_BYTES = 1_000_000
"""The largest text :func:`parse_text` reads, in UTF-8 bytes (minutes are a few kilobytes)."""

HEADING_MAX_LENGTH = 60
"""A stand-alone line longer than this is a paragraph, never a sub-heading."""

# Possessive white space: a failed match never backtracks through a long run of spaces.
_AGENDA = re.compile(r"(\d{1,3})\.\s++(.+)")
_BULLET = re.compile(r"[-–*•]\s++(.+)")
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s++(.+)")


@dataclass(frozen=True, slots=True)
class _Marker:
    """A list marker and the item's text: ``- text`` or ``3. text``."""

    numbered: bool
    number: int
    content: str


class Keyword(enum.Enum):
    """The words of the format a line can start with."""

    DECISIONS = "decisions"
    """``Beslut`` alone: the paragraphs after it are decisions."""
    FOLLOW_UPS = "follow_ups"
    """``Uppföljning`` alone: each paragraph after it is a follow-up."""
    DECISION = "decision"
    """``Beslut: text``: a decision by itself (the payload)."""
    PRESENTERS = "presenters"
    """``Föredragande: names`` (the payload)."""
    SIGNATURE = "signature"
    """``Antecknat av[: Name, Title]`` (the payload, maybe empty)."""
    SECTION = "section"
    """``KOMMANDE MÖTEN`` in capitals: the upcoming-meetings section."""
    GROUP = "group"
    """An attendance heading such as ``NÄRVARANDE`` (the payload is the group)."""


@dataclass(frozen=True, slots=True)
class _Token:
    """What one line is, decided once."""

    keyword: Keyword | None = None
    payload: str = ""
    marker: _Marker | None = None
    agenda: tuple[int, str] | None = None
    """``N. Title`` at the very start of the line: maybe an agenda item."""


_BLANK = _Token()


def _list_marker(text: str) -> _Marker | None:
    """The list marker a (stripped) line starts with: ``- ``, ``– ``, ``* ``, ``1. ``, ``1) ``."""
    match = _BULLET.fullmatch(text)
    if match:
        return _Marker(False, 0, match[1])
    match = _NUMBERED.fullmatch(text)
    if match:
        return _Marker(True, int(match[1]), match[2])
    return None


def _keyword_prefix(text: str, words: frozenset[str]) -> str | None:
    """The text after ``Keyword:`` when the text starts with one of ``words``, else None."""
    before, colon, after = text.partition(":")
    if colon and len(before) <= 40 and text_key(before) in words:
        return after.strip()
    return None


def _keyword(text: str) -> tuple[Keyword | None, str]:
    bare = text_key(text.removesuffix(":")) if len(text) <= 60 else ""
    if bare in DECISION_WORDS:
        return Keyword.DECISIONS, ""
    if bare in FOLLOW_UP_WORDS:
        return Keyword.FOLLOW_UPS, ""
    decision = _keyword_prefix(text, DECISION_WORDS)
    if decision:
        return Keyword.DECISION, decision
    presenters = _keyword_prefix(text, PRESENTER_WORDS)
    if presenters is not None:
        return Keyword.PRESENTERS, presenters
    if bare in RECORDER_WORDS:
        return Keyword.SIGNATURE, ""
    signed = _keyword_prefix(text, RECORDER_WORDS)
    if signed is not None:
        return Keyword.SIGNATURE, signed
    if bare in UPCOMING_WORDS and text == text.upper():
        return Keyword.SECTION, ""
    group = group_of(bare) if bare else None
    if group is not None:
        return Keyword.GROUP, group
    return None, ""


def classify(text: str, *, indent: int = 0) -> _Token:
    """The token of a stripped line's text; ``indent`` is its leading spaces."""
    if not text:
        return _BLANK
    keyword, payload = _keyword(text)
    agenda = None
    if indent == 0:
        match = _AGENDA.fullmatch(text)
        if match:
            agenda = (int(match[1]), match[2].strip())
    return _Token(keyword, payload, _list_marker(text), agenda)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text, with its number (from 1) and its token."""

    number: int
    raw: str
    """The line without its line end and trailing space, tabs expanded."""
    text: str
    indent: int
    token: _Token

    @classmethod
    def of(cls, number: int, raw: str) -> Line:
        text = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        return cls(number, raw, text, indent, classify(text, indent=indent))

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def marker(self) -> _Marker | None:
        return self.token.marker

    @property
    def keyword(self) -> Keyword | None:
        return self.token.keyword


def looks_like_heading(text: str) -> bool:
    """Capitals only (``ERSÄTTARE``): meant as a heading."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and "," not in text and all(c.isupper() for c in letters)


def heading_like(text: str) -> bool:
    """A line that, standing alone with more text after it, is a sub-heading."""
    if not 0 < len(text) <= HEADING_MAX_LENGTH:
        return False
    token = classify(text)
    return (
        text == text.strip()
        and text[-1] not in ".:;,!?…"
        and (text[0].isupper() or text[0].isdigit())
        and token.marker is None
        and token.keyword not in (Keyword.DECISIONS, Keyword.DECISION, Keyword.FOLLOW_UPS)
        and not has_follow_up(text)
        and not has_link(text)
    )


def prepare_lines(text: str) -> list[Line]:
    """The text's lines, classified; raises TextFormatError for what is no text at all."""
    if not isinstance(text, str):
        raise TextFormatError(f"expected text (str), got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise TextFormatError(f"the text is {size} bytes long; the limit is {MAX_TEXT_BYTES} bytes")
    text = text.removeprefix("\ufeff")
    lines: list[Line] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if "\x00" in raw:
            raise TextFormatError(
                "the text contains a NUL character: this is binary data, not minutes",
                (),
                number,
                raw,
            )
        raw = raw.expandtabs(4).rstrip()
        bad = _checks.forbidden_character(raw)
        if bad:
            raise TextFormatError(
                f"contains a character that is not allowed: {bad}", (), number, raw
            )
        lines.append(Line.of(number, raw))
    if all(line.blank for line in lines):
        raise TextFormatError("the text is empty")
    return lines


def next_content(lines: Sequence[Line], index: int) -> int | None:
    """The index of the first line at or after ``index`` that is not blank."""
    while index < len(lines) and lines[index].blank:
        index += 1
    return index if index < len(lines) else None
