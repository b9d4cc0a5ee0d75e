"""Sentences, and the sentences that say a question returns at a coming meeting."""

from __future__ import annotations

import re

# Each pattern starts at a word and uses possessive white space, and "returns ... at a coming
# meeting" is two searches (the second from where the first ends) rather than one pattern
# with ".*?" between: every search is linear in the sentence's length.
_RETURNS = (
    re.compile(r"\båterkommer\b", re.IGNORECASE),
    re.compile(r"\b(?:returns?|comes?\s++back)\b", re.IGNORECASE),
)
_AT_A_MEETING = (
    re.compile(
        r"\b(?:vid|på|till)\s++(?:(?:ett|en)\s++)?(?:kommande|nästa|senare|framtida)"
        r"\s++(?:möte|sammanträde)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:at|to)\s++(?:a|the)\s++(?:coming|next|later|future)\s++meeting", re.IGNORECASE
    ),
)
_TAKEN_UP = re.compile(
    r"\btas\s++upp\s++igen\b"
    r"|\btas\s++upp\s++(?:vid|på)\s++(?:ett\s++)?(?:kommande|nästa|senare)\s++möte"
    r"|\btaken\s++up\s++again\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*+(\s++)")

_ABBREVIATIONS = frozenset(
    [
        *("kl.", "t.ex.", "bl.a.", "ca.", "resp.", "nr.", "s.k.", "dvs.", "d.v.s.", "jfr."),
        *("ev.", "fr.o.m.", "t.o.m.", "e.g.", "i.e.", "no."),
    ]
)
_LONGEST_ABBREVIATION = max(len(word) for word in _ABBREVIATIONS)


def has_follow_up(text: str) -> bool:
    """Whether the text says that a question returns at a coming meeting."""
    if _TAKEN_UP.search(text):
        return True
    for returns, at_a_meeting in zip(_RETURNS, _AT_A_MEETING):
        found = returns.search(text)
        if found and at_a_meeting.search(text, found.end()):
            return True
    return False


def _word_before(text: str, end: int) -> str:
    """The word ending at ``end``, when it is short enough to be an abbreviation."""
    start = max(0, end - _LONGEST_ABBREVIATION - 1)
    window = text[start:end]
    pieces = window.rsplit(None, 1)
    word = pieces[-1] if pieces else ""
    if len(pieces) == 1 and start > 0 and not text[start - 1].isspace():
        return ""  # longer than any abbreviation
    return word.casefold()


def split_sentences(text: str) -> list[str]:
    """Split at ., ! or ? followed by space and a capital letter or a digit.

    Abbreviations such as "kl." and "t.ex." end no sentence.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 1]
        if _word_before(text, match.start() + 1) in _ABBREVIATIONS:
            continue
        if following and (following.isupper() or following.isdigit()):
            sentences.append(text[start : match.start(1)])
            start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def split_follow_ups(text: str) -> tuple[list[str], str]:
    """The follow-up sentences of a paragraph and what remains of it."""
    sentences = split_sentences(text)
    follow = [s.strip() for s in sentences if has_follow_up(s)]
    if not follow:
        return [], text
    rest = " ".join(s.strip() for s in sentences if not has_follow_up(s))
    return follow, rest


def stated_follow_ups(text: str) -> list[str]:
    """The follow-up sentences a paragraph states among other sentences (it stays whole)."""
    follow, rest = split_follow_ups(text)
    return follow if rest.strip() else []
