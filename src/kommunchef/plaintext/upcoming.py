"""The upcoming-meeting grammar: the lines and sentences that name coming meetings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kommunchef.keys import text_key
from kommunchef.model import (
    Language,
    UpcomingMeeting,
)
from kommunchef.municipalities import lookup
from kommunchef.plaintext.dates import (
    TIME_AFTER_DATE,
    TIME_IN_TEXT,
    clock_time,
    date_range_regex,
    resolve_range,
)
from kommunchef.plaintext.sentences import split_sentences
from kommunchef.plaintext.vocabulary import both_labels

CANCELLED = re.compile(r"\b(?:inställ[dt]|cancell?ed)\b", re.IGNORECASE)
_CANCEL_WORDS = frozenset(("inställd", "inställt", "cancelled", "canceled"))
_PLACE_WORDS = frozenset(text_key(word) for word in (*both_labels("location"), "Lokal"))
_DASH = re.compile(r" [–-] ")
_MEETING_WORD = re.compile(
    r"möte|sammanträde|träff|konferens|internat|meeting|conference", re.IGNORECASE
)


@dataclass(frozen=True)
class UpcomingLine:
    """An upcoming meeting read from a line, and why it was kept whole, if it was."""

    meeting: UpcomingMeeting
    doubt: str | None = None


@dataclass
class _Parts:
    title: str
    location: str | None = None
    cancelled: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Each part of the note with the separator written before it."""

    @property
    def note(self) -> str | None:
        text = "".join(separator + note for separator, note in self.notes)
        return text[len(self.notes[0][0]) :] if self.notes else None


def _is_cancel_word(word: str) -> bool:
    return word.strip("().,:;!–-").casefold() in _CANCEL_WORDS


def _place_segment(text: str) -> str | None:
    """The place of a part ``Plats: X`` (or ``Location: X``), else None."""
    before, colon, after = text.partition(":")
    if colon and len(before) <= 20 and text_key(before) in _PLACE_WORDS:
        return after.strip().removesuffix(".").strip() or None
    return None


def _cancel_segment(text: str) -> str | None:
    """The note of a part ``INSTÄLLT[: note]`` (``""`` without one), else None."""
    word, _, rest = text.partition(" ")
    head, colon, tail = word.partition(":")
    if not _is_cancel_word(head):
        return None
    if colon:
        rest = f"{tail} {rest}"
    return rest.strip().lstrip(":,.–- ").strip()


def _leading_cancel(text: str) -> tuple[bool, str, bool]:
    """``INSTÄLLD Title...`` / ``INSTÄLLD. Note`` -> (cancelled, rest, rest is the title)."""
    word, _, rest = text.partition(" ")
    head = word.rstrip(".,:;–-")
    if not _is_cancel_word(head) or head.startswith("("):
        return False, text, True
    mark = word[len(head) :]
    rest = rest.strip()
    if mark.startswith(":") or (not mark and rest[:1] not in ("–", "-", ",")):
        return True, rest, True  # "Inställt: Title", "INSTÄLLD LUNCH-LUNCH. Note"
    return True, rest.lstrip("–-, ").strip(), False  # "INSTÄLLD. Note", "INSTÄLLD, note"


def _trailing_cancel(title: str) -> tuple[bool, str]:
    """``Title (inställt)``, ``Title, INSTÄLLD``, ``Title INSTÄLLT`` -> (True, Title)."""
    before, _, last = title.rpartition(" ")
    if before and _is_cancel_word(last):
        return True, before.rstrip(" ,(–-")
    return False, title


def _place_in_title(title: str) -> tuple[str, str | None]:
    """The place a title marks at its end: ``på X``, ``i X`` or ``, X`` (X a known place)."""
    before, found, place = title.rpartition(" på ")
    if found and before and place[:1].isupper():
        return before, place
    for marker in (" i ", ", "):
        before, found, place = title.rpartition(marker)
        if found and before and lookup(place) is not None:
            return before, place
    return title, None


def _read_description(text: str, default_title: str) -> tuple[_Parts, str | None]:
    """Title, place, cancellation and note of what follows the date and time.

    Returns the parts and, when the text cannot be read with confidence, why: the parts are
    then the whole text as the title.
    """
    whole = _Parts(text or default_title)
    cancelled, text, rest_is_title = _leading_cancel(text)
    if not rest_is_title:
        return _Parts(default_title, cancelled=True, notes=[("", text)] if text else []), None
    segments = _DASH.split(text)
    head = segments[0]
    sentences = split_sentences(head)
    title = sentences[0].strip() if sentences else ""
    parts = _Parts(title, cancelled=cancelled)
    # The parts after the title: its further sentences, then the parts after spaced dashes.
    rest = [(" ", sentence.strip()) for sentence in sentences[1:]]
    rest += [(" – ", segment) for segment in segments[1:]]
    for separator, segment in rest:
        place = _place_segment(segment)
        note = _cancel_segment(segment)
        if place is not None and parts.location is None:
            parts.location = place
        elif note is not None and not parts.cancelled:
            parts.cancelled = True
            if note:
                parts.notes.append((separator, note))
        else:
            parts.notes.append((separator, segment))
    if parts.title.endswith(".") and not parts.title.endswith(".."):
        parts.title = parts.title[:-1].rstrip()
    trailing, parts.title = _trailing_cancel(parts.title)
    if trailing and parts.cancelled:
        return whole, "it says twice that the meeting is cancelled"
    parts.cancelled = parts.cancelled or trailing
    if parts.location is None:
        parts.title, parts.location = _place_in_title(parts.title)
    if any(_is_cancel_word(word) for word in parts.title.split(" ")):
        return whole, "a cancellation word inside the title"
    if any(CANCELLED.search(note) for _, note in parts.notes):
        return whole, "a cancellation word in the text after the title"
    parts.title = parts.title.strip(" ,–-") or default_title
    return parts, None


def read_upcoming_line(content: str, after: dt.date, default_title: str) -> UpcomingLine | None:
    """An upcoming meeting from a bullet's text, or None when it does not start with a date.

    The grammar (``docs/text-format.md``): the date or range, an optional time, then the
    title (the first sentence), a place only where the text marks one, a cancellation word
    before or after the title, and what else follows as the note. Raises ValueError for a
    date or time that does not exist.
    """
    match = date_range_regex().match(content)
    if match is None:
        return None
    start, end = resolve_range(match, after)
    rest = content[match.end() :]
    start_time = end_time = None
    clock = TIME_AFTER_DATE.match(rest)
    if clock:
        start_time = clock_time(clock[1], clock[2]) or clock_time(clock[3], None)
        start_time = start_time or clock_time(clock[4], clock[5])
        end_time = clock_time(clock[6], clock[7]) or clock_time(clock[8], None)
        rest = rest[clock.end() :]
    description = " ".join(rest.split())
    for separator in ("– ", "- ", ": ", ", ", ","):
        if description.startswith(separator):
            description = description[len(separator) :]
            break
    parts, doubt = _read_description(description.strip(), default_title)
    meeting = UpcomingMeeting(
        date=start,
        end_date=end,
        title=parts.title,
        start_time=start_time,
        end_time=end_time,
        location=parts.location,
        cancelled=parts.cancelled,
        note=parts.note,
    )
    return UpcomingLine(meeting, doubt)


def upcoming_line(upcoming: UpcomingMeeting, language: Language) -> str:
    """The bullet for an upcoming meeting: the line every format shows (the document
    outline's), ``- when – INSTÄLLT: Title – Plats: X – note``, which the grammar reads back."""
    from kommunchef.document import upcoming_view

    return f"- {upcoming_view(upcoming, language).text}"


def upcoming_in_text(text: str, after: dt.date, default_title: str) -> list[UpcomingMeeting]:
    """The meetings a paragraph of the upcoming-meetings item mentions with a date.

    A date counts when its sentence (or, when the date is a sentence of its own, the sentence
    before it) speaks of a meeting ("möte", "sammanträde", ...). The title is what follows
    "inför" or "vid", else the body's name; the place follows "på".
    """
    found: list[UpcomingMeeting] = []
    sentences = split_sentences(text)
    for index, sentence in enumerate(sentences):
        for match in date_range_regex().finditer(sentence):
            context = (sentence[: match.start()] + sentence[match.end() :]).strip()
            if not context.strip(" .,;:–-") and index > 0:
                context = sentences[index - 1]
            if not _MEETING_WORD.search(context):
                continue
            try:
                start, end = resolve_range(match, after)
            except ValueError:
                continue
            found.append(_meeting_from_sentence(context, sentence, start, end, default_title))
    return found


def _meeting_from_sentence(
    context: str, sentence: str, start: dt.date, end: dt.date | None, default_title: str
) -> UpcomingMeeting:
    location = None
    place = list(re.finditer(r"\bpå\s+([A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*)*)", context))
    if place:
        location = place[-1][1]
        context = context[: place[-1].start()]
    title = default_title
    introducer = re.search(r"\b(?:inför|vid)\s+", context, re.IGNORECASE)
    if introducer:
        phrase = context[introducer.end() :].strip(" .,;:–-")
        if phrase:
            title = phrase[0].upper() + phrase[1:]
    start_time = end_time = None
    clock = TIME_IN_TEXT.search(sentence)
    if clock:
        try:
            start_time = clock_time(clock[1], clock[2])
            end_time = clock_time(clock[3], clock[4])
        except ValueError:
            start_time = end_time = None
    try:
        return UpcomingMeeting(
            date=start,
            end_date=end,
            title=title,
            start_time=start_time,
            end_time=end_time,
            location=location,
            cancelled=bool(CANCELLED.search(sentence)),
        )
    except (ValueError, TypeError):
        return UpcomingMeeting(date=start, end_date=end, title=default_title)
