"""Plain-text minutes ("Anteckningar"): read them into a meeting and write a meeting back.

The format is the one Göteborgsregionen's secretaries write in a text editor; it is specified,
with examples, in ``docs/text-format.md``. In short::

    Anteckningar

    Datum: 8 oktober 2021
    Tid: 09.00–12.00

    NÄRVARANDE

    Maria Reinholdsson, Ale
    Helena Söderbäck, GR, Förbundsdirektör

    1. Möte med Västra Götalandsregionens ledning

    Text of the item ...

    Beslut

    What was decided ...

    Antecknat av: Gunnel Rydberg, Förbundssekreterare

:func:`parse_text` reads it and raises :class:`TextFormatError`, naming the line, for anything
it cannot read with certainty; :func:`format_text` writes it; :func:`can_express` says whether
a meeting comes back unchanged from ``parse_text(format_text(meeting))`` and
:func:`inexpressible` lists what would be lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, ParamSpec, TypeVar, cast

import attrs

from kommunchef import _checks
from kommunchef.dates import describe_upcoming, format_date, format_time_range
from kommunchef.errors import LoadError
from kommunchef.labels import document_title, label
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    Block,
    BulletList,
    DocumentKind,
    FollowUp,
    Heading,
    Inline,
    Language,
    Link,
    ListItem,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.validation import Problem, has_errors, validate

__all__ = [
    "HEADING_MAX_LENGTH",
    "MAX_TEXT_BYTES",
    "TextFormatError",
    "can_express",
    "format_text",
    "inexpressible",
    "parse_text",
]

MAX_TEXT_BYTES = 1_000_000
"""The largest text :func:`parse_text` reads, in UTF-8 bytes (minutes are a few kilobytes)."""

HEADING_MAX_LENGTH = 60
"""A stand-alone line longer than this is a paragraph, never a sub-heading."""

_T = TypeVar("_T")
_P = ParamSpec("_P")


class TextFormatError(LoadError):
    """Plain-text minutes that cannot be read: ``line`` and ``line_text`` say where.

    The message reads ``line 14: "Maria Standar Alingsås": a person needs "Name,
    Organisation"``. ``line`` is ``None`` when the problem has no single line (empty input,
    a text over the size limit, a missing date).
    """

    def __init__(
        self,
        message: str,
        problems: Sequence[Problem] = (),
        line: int | None = None,
        line_text: str | None = None,
    ) -> None:
        self.reason = message
        self.line = line
        self.line_text = line_text
        prefix = ""
        if line is not None:
            prefix = f"line {line}: "
            if line_text is not None:
                prefix += f'"{_shown(line_text)}": '
        super().__init__(prefix + message, problems)

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[TextFormatError], tuple[str, tuple[Problem, ...], int | None, str | None]]:
        # Keep the line when the error crosses a process boundary.
        return (type(self), (self.reason, self.problems, self.line, self.line_text))


def _shown(text: str, limit: int = 80) -> str:
    """A line as an error message shows it: control and format characters made visible."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            shown.append(f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    return "".join(shown)


# Words of the format ---------------------------------------------------------------------------


def _key(text: str) -> str:
    """How keywords compare: composed Unicode, case folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _both(name: str) -> tuple[str, str]:
    return label(name, Language.SV), label(name, Language.EN)


@cache
def _title_words() -> dict[str, tuple[DocumentKind, Language]]:
    words = {
        _key(document_title(kind, language)): (kind, language)
        for kind in DocumentKind
        for language in Language
    }
    words.setdefault("notice", (DocumentKind.NOTICE, Language.EN))
    return words


_GROUPS = ("present", "absent", "guests")
_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "present": (*_both("present"), "Närvaro"),
    "absent": (*_both("absent"), "Frånvarande", "Anmält förhinder", "Apologies"),
    "guests": (
        *_both("guests"),
        "Adjungerade",
        "Gäster",
        "Övriga deltagare",
        "Inbjudna",
        "Guests",
        "In attendance",
    ),
}
_DECISION_WORDS = frozenset(_key(w) for w in (*_both("decisions"), "Decisions", "Beslutade"))
_PRESENTER_WORDS = frozenset(_key(w) for w in (*_both("presenters"), "Föredragare"))
_RECORDER_WORDS = frozenset(_key(w) for w in _both("recorded_by"))
_UPCOMING_WORDS = frozenset(_key(w) for w in _both("upcoming"))
_SWEDISH_WORDS = frozenset(
    [
        *(_key(label(name, Language.SV)) for name in ("date", "time", "location", "body")),
        *(_key(label(name, Language.SV)) for name in ("present", "absent", "guests")),
        *(_key(word) for word in ("Lokal", "Länk", "Webb", "Webbsida", "Närvaro")),
        *(_key(word) for word in ("Frånvarande", "Anmält förhinder", "Adjungerade", "Gäster")),
        *(_key(word) for word in ("Övriga deltagare", "Inbjudna")),
    ]
)
_UPCOMING_TITLE = re.compile(r"kommande möte|nästa möte|upcoming meeting|next meeting")

_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "date": _both("date"),
    "time": _both("time"),
    "location": (*_both("location"), "Lokal"),
    "body": _both("body"),
    "organisation": (*_both("organisation"), "Organization"),
    "status": ("Status",),
    "url": ("Länk", "Link", "Webb", "Webbsida"),
    "revision": ("Revision",),
}
# Header words that labels.py does not hold: (Swedish, English).
_EXTRA_HEADER_LABELS = {
    "status": ("Status", "Status"),
    "url": ("Länk", "Link"),
    "revision": ("Revision", "Revision"),
}
_STATUS_WORDS: dict[MeetingStatus, tuple[str, str]] = {
    MeetingStatus.HELD: ("genomfört", "held"),
    MeetingStatus.PLANNED: ("planerat", "planned"),
    MeetingStatus.CANCELLED: ("inställt", "cancelled"),
}
_STATUS_ALIASES = {
    "genomförd": MeetingStatus.HELD,
    "planerad": MeetingStatus.PLANNED,
    "inställd": MeetingStatus.CANCELLED,
    "canceled": MeetingStatus.CANCELLED,
}

_DEFAULT_BODY = cast(str, attrs.fields(Meeting).body.default)
_DEFAULT_ORGANISATION = cast(str, attrs.fields(Meeting).organisation.default)
_CANCELLED = re.compile(r"\b(?:inställ[dt]|cancell?ed)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"\båterkommer\b.*?\b(?:vid|på|till)\s+(?:ett\s+|en\s+)?(?:kommande|nästa|senare|framtida)"
    r"\s+(?:möte|sammanträde)"
    r"|\btas\s+upp\s+igen\b"
    r"|\btas\s+upp\s+(?:vid|på)\s+(?:ett\s+)?(?:kommande|nästa|senare)\s+möte"
    r"|\b(?:returns?|comes?\s+back)\b.*?\b(?:at|to)\s+(?:a|the)\s+(?:coming|next|later|future)"
    r"\s+meeting"
    r"|\btaken\s+up\s+again\b",
    re.IGNORECASE,
)
_MEETING_WORD = re.compile(
    r"möte|sammanträde|träff|konferens|internat|meeting|conference", re.IGNORECASE
)

_AGENDA = re.compile(r"(\d{1,3})\.\s+(\S.*)")
_BULLET = re.compile(r"([-–*•])\s+(\S.*)")
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(\S.*)")
_EMAIL_TAIL = re.compile(r"\s*<([^<>\s]+@[^<>\s]+)>$")
_MARKDOWN_LINK = r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]+)\)"
_BARE_URL = r"(?<![\w@])(?P<bare>[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\[\]\"'`]+)"
_LINK = re.compile(f"{_MARKDOWN_LINK}|{_BARE_URL}")
_URL_TRAILING = ".,;:!?'\"”’»"


# Dates and times ------------------------------------------------------------------------------


@cache
def _months() -> dict[str, int]:
    """Month names (Swedish and English, full and abbreviated) from the locale data."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in ("sv", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[_key(str(name).rstrip("."))] = int(number)
    return names


@cache
def _weekdays() -> frozenset[str]:
    from babel.dates import get_day_names

    return frozenset(
        _key(str(name))
        for locale in ("sv", "en")
        for name in get_day_names("wide", locale=locale).values()
    )


@cache
def _month_pattern() -> str:
    names = sorted(_months(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?(?!\w)"


@cache
def _date_range_regex() -> re.Pattern[str]:
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
_TIME_AFTER_DATE = re.compile(
    rf",?\s*(?:kl\.?\s*{_CLOCK}|kl\.?\s*(\d{{1,2}})(?![\d.:])|{_CLOCK})"
    rf"(?:\s*[-–]\s*(?:kl\.?\s*)?(?:{_CLOCK}|(\d{{1,2}})(?![\d.:])))?",
    re.IGNORECASE,
)
_TIME_IN_TEXT = re.compile(rf"\bkl\.?\s*{_CLOCK}(?:\s*[-–]\s*{_CLOCK})?", re.IGNORECASE)


def _month_number(name: str) -> int:
    return _months()[_key(name.rstrip("."))]


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


def _resolve_range(match: re.Match[str], after: dt.date) -> tuple[dt.date, dt.date | None]:
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


def _parse_day(text: str) -> dt.date | None:
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
    if match["weekday"] and _key(match["weekday"]) not in _weekdays():
        return None
    try:
        return dt.date(int(match["y"]), _month_number(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _clock(hour: str | None, minute: str | None) -> dt.time | None:
    if hour is None:
        return None
    return dt.time(int(hour), int(minute or 0))


def _parse_times(text: str) -> tuple[dt.time, dt.time | None] | None:
    """ "09.00–12.00", "kl. 9.00", "09:00"; None if unreadable (ValueError: no such time)."""
    match = _TIME_RANGE.fullmatch(text.strip())
    if match is None:
        return None
    start = _clock(match[1], match[2])
    assert start is not None
    return start, _clock(match[3], match[4])


# Inline text ---------------------------------------------------------------------------------


def _read_inline(text: str) -> tuple[Inline, ...]:
    """Text with Markdown links ``[text](url)`` and bare http(s) URLs turned into links.

    Only http, https and mailto links are made; anything else stays text, as written.
    """
    parts: list[Inline] = []
    position = 0
    for match in _LINK.finditer(text):
        link: Link | None = None
        start, end = match.span()
        if match["bare"]:
            url = match["bare"]
            while url and (
                url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))
            ):
                url = url[:-1]
            end = start + len(url)
            try:
                link = Link(url, url)
            except (ValueError, TypeError):
                link = None
        else:
            scheme = match["url"].partition(":")[0].lower()
            if scheme in ("http", "https", "mailto"):
                try:
                    link = Link(match["text"], match["url"])
                except (ValueError, TypeError):
                    link = None
        if link is None:
            continue
        if start > position:
            parts.append(text[position:start])
        parts.append(link)
        position = end
    if position < len(text):
        parts.append(text[position:])
    merged: list[Inline] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


def _write_inline(content: Sequence[Inline]) -> str:
    """Inline content as text: a link whose text is its http(s) URL stands bare."""
    out: list[str] = []
    for index, part in enumerate(content):
        if isinstance(part, str):
            out.append(part)
            continue
        before = content[index - 1] if index > 0 else None
        after = content[index + 1] if index + 1 < len(content) else None
        bare = (
            part.text == part.url
            and part.url.lower().startswith(("http://", "https://"))
            and (before is None or (isinstance(before, str) and before[-1:].isspace()))
            and (after is None or (isinstance(after, str) and after[:1].isspace()))
            and _read_inline(part.url) == (part,)
        )
        out.append(part.url if bare else f"[{part.text}]({part.url})")
    return "".join(out)


def _has_link(text: str) -> bool:
    return any(isinstance(part, Link) for part in _read_inline(text))


# Sentences and follow-ups ---------------------------------------------------------------------


_ABBREVIATIONS = frozenset(
    [
        *("kl.", "t.ex.", "bl.a.", "ca.", "resp.", "nr.", "s.k.", "dvs.", "d.v.s.", "jfr."),
        *("ev.", "fr.o.m.", "t.o.m.", "e.g.", "i.e.", "no."),
    ]
)


def _sentences(text: str) -> list[str]:
    """Split at ., ! or ? followed by space and a capital letter or a digit.

    Abbreviations such as "kl." and "t.ex." end no sentence.
    """
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?][\"'”’)]*(\s+)", text):
        following = text[match.end() : match.end() + 1]
        word = text[: match.start() + 1].rsplit(None, 1)[-1].casefold()
        if word in _ABBREVIATIONS:
            continue
        if following and (following.isupper() or following.isdigit()):
            sentences.append(text[start : match.start(1)])
            start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def _split_follow_ups(text: str) -> tuple[list[str], str]:
    """The follow-up sentences of a paragraph and what remains of it."""
    sentences = _sentences(text)
    follow = [s.strip() for s in sentences if _FOLLOW_UP.search(s)]
    if not follow:
        return [], text
    rest = " ".join(s.strip() for s in sentences if not _FOLLOW_UP.search(s))
    return follow, rest


# Line classification --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Marker:
    numbered: bool
    number: int
    content: str


def _list_marker(text: str) -> _Marker | None:
    """The list marker a (stripped) line starts with: ``- ``, ``– ``, ``* ``, ``1. ``, ``1) ``."""
    match = _BULLET.fullmatch(text)
    if match:
        return _Marker(False, 0, match[2])
    match = _NUMBERED.fullmatch(text)
    if match:
        return _Marker(True, int(match[1]), match[2])
    return None


def _keyword_prefix(text: str, words: frozenset[str]) -> str | None:
    """The text after ``Keyword:`` when the line starts with one of ``words``, else None."""
    before, colon, after = text.partition(":")
    if colon and _key(before) in words:
        return after.strip()
    return None


def _is_decision_word(text: str) -> bool:
    return _key(text.removesuffix(":")) in _DECISION_WORDS


def _is_signature(text: str) -> bool:
    return _key(text.removesuffix(":")) in _RECORDER_WORDS or (
        _keyword_prefix(text, _RECORDER_WORDS) is not None
    )


def _is_section(text: str) -> bool:
    return text == text.upper() and _key(text.removesuffix(":")) in _UPCOMING_WORDS


def _group_of(text: str) -> str | None:
    key = _key(text.removesuffix(":"))
    for group, words in _GROUP_WORDS.items():
        if key in {_key(w) for w in words}:
            return group
    return None


def _looks_like_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and "," not in text and all(c.isupper() for c in letters)


def _heading_like(text: str) -> bool:
    """A line that, standing alone with more text after it, is a sub-heading."""
    return (
        0 < len(text) <= HEADING_MAX_LENGTH
        and text == text.strip()
        and text[-1] not in ".:;,!?…"
        and (text[0].isupper() or text[0].isdigit())
        and _list_marker(text) is None
        and not _is_decision_word(text)
        and _keyword_prefix(text, _DECISION_WORDS) is None
        and not _FOLLOW_UP.search(text)
        and not _has_link(text)
    )


def _is_upcoming_title(title: str) -> bool:
    return _UPCOMING_TITLE.search(_key(title)) is not None


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# People ---------------------------------------------------------------------------------------

_PersonFields = tuple[str, str | None, str | None, str | None]


def _split_person(text: str) -> _PersonFields | None:
    """``Name, Organisation[, Title][ <e-mail>]``; None without a name and an organisation."""
    email = None
    match = _EMAIL_TAIL.search(text)
    if match:
        email = match[1].strip() or None
        text = text[: match.start()]
    name, comma, rest = text.partition(",")
    if not comma:
        return None
    organisation, _, title = rest.partition(",")
    name, organisation, title = name.strip(), organisation.strip(), title.strip()
    if not name or not organisation:
        return None
    return name, (None if organisation in ("-", "–") else organisation), title or None, email


def _write_person(person: Person) -> str:
    line = f"{person.name}, {person.organisation or '–'}"
    if person.title:
        line += f", {person.title}"
    if person.email:
        line += f" <{person.email}>"
    return line


# Upcoming meetings ----------------------------------------------------------------------------


def _split_description(text: str, default_title: str) -> tuple[str, str | None, bool, str | None]:
    """``Title[, Location][ – INSTÄLLT[: note]]`` -> title, location, cancelled, note."""
    cancelled = False
    note: str | None = None
    match = _CANCELLED.search(text)
    if match:
        cancelled = True
        note = text[match.end() :].lstrip(" :,–-)").strip() or None
        text = text[: match.start()].rstrip(" ,–-:(").strip()
    location: str | None = None
    if "," in text:
        text, _, location = text.rpartition(",")
    else:
        place = list(re.finditer(r"\s+på\s+(?=[A-ZÅÄÖ])", text))
        if place:
            location = text[place[-1].end() :]
            text = text[: place[-1].start()]
    title = text.strip() or default_title
    return title, (location.strip() or None) if location else None, cancelled, note


def _read_upcoming_bullet(
    content: str, after: dt.date, default_title: str
) -> UpcomingMeeting | None:
    """An upcoming meeting from a bullet's text, or None when it does not start with a date.

    Raises ValueError for a date or time that does not exist.
    """
    match = _date_range_regex().match(content)
    if match is None:
        return None
    start, end = _resolve_range(match, after)
    rest = content[match.end() :]
    start_time = end_time = None
    clock = _TIME_AFTER_DATE.match(rest)
    if clock:
        start_time = _clock(clock[1], clock[2]) or _clock(clock[3], None)
        start_time = start_time or _clock(clock[4], clock[5])
        end_time = _clock(clock[6], clock[7]) or _clock(clock[8], None)
        rest = rest[clock.end() :]
    separator = re.match(r"\s*[-–:]\s+|\s*,\s*|\s+|$", rest)
    if separator is None:
        raise ValueError(f"expected a dash after the date, found {rest.strip()!r}")
    title, location, cancelled, note = _split_description(
        rest[separator.end() :].strip(), default_title
    )
    return UpcomingMeeting(
        date=start,
        end_date=end,
        title=title,
        start_time=start_time,
        end_time=end_time,
        location=location,
        cancelled=cancelled,
        note=note,
    )


def _write_upcoming(upcoming: UpcomingMeeting, language: Language) -> str:
    line = f"- {describe_upcoming(upcoming, language)} – {upcoming.title}"
    if upcoming.location:
        line += f", {upcoming.location}"
    if upcoming.cancelled:
        line += f" – {label('cancelled', language)}"
        if upcoming.note:
            line += f": {upcoming.note}"
    elif upcoming.note:
        line += f" – {upcoming.note}"
    return line


def _upcoming_in_text(text: str, after: dt.date, default_title: str) -> list[UpcomingMeeting]:
    """The meetings a paragraph of the upcoming-meetings item mentions with a date.

    A date counts when its sentence (or, when the date is a sentence of its own, the sentence
    before it) speaks of a meeting ("möte", "sammanträde", ...). The title is what follows
    "inför" or "vid", else the body's name; the place follows "på".
    """
    found: list[UpcomingMeeting] = []
    sentences = _sentences(text)
    for index, sentence in enumerate(sentences):
        for match in _date_range_regex().finditer(sentence):
            context = (sentence[: match.start()] + sentence[match.end() :]).strip()
            if not context.strip(" .,;:–-") and index > 0:
                context = sentences[index - 1]
            if not _MEETING_WORD.search(context):
                continue
            try:
                start, end = _resolve_range(match, after)
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
    clock = _TIME_IN_TEXT.search(sentence)
    if clock:
        try:
            start_time = _clock(clock[1], clock[2])
            end_time = _clock(clock[3], clock[4])
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
            cancelled=bool(_CANCELLED.search(sentence)),
        )
    except (ValueError, TypeError):
        return UpcomingMeeting(date=start, end_date=end, title=default_title)


# Reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    raw: str
    """The line without its line end and trailing space, tabs expanded."""

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def _fail(
    message: str, line: _Line | None = None, problems: Sequence[Problem] = ()
) -> TextFormatError:
    if line is None:
        return TextFormatError(message, problems)
    return TextFormatError(message, problems, line.number, line.raw)


def _make(
    line: _Line | None,
    what: str,
    factory: Callable[_P, _T],
    *args: _P.args,
    **kwargs: _P.kwargs,
) -> _T:
    """Build a model object; its own checks become a TextFormatError at the line."""
    try:
        return factory(*args, **kwargs)
    except (ValueError, TypeError) as error:
        raise _fail(f"{what} is not valid: {error}", line) from None


def _prepare(text: str) -> list[_Line]:
    if not isinstance(text, str):
        raise TextFormatError(f"expected text (str), got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise TextFormatError(f"the text is {size} bytes long; the limit is {MAX_TEXT_BYTES} bytes")
    text = text.removeprefix("\ufeff")
    lines: list[_Line] = []
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
        lines.append(_Line(number, raw))
    if all(line.blank for line in lines):
        raise TextFormatError("the text is empty")
    return lines


@dataclass
class _ItemBuild:
    line: _Line
    text: str
    sub: _ListBuild | None = None


@dataclass
class _ListBuild:
    numbered: bool
    start: int
    indent: int
    last: int
    items: list[_ItemBuild] = field(default_factory=list)


@dataclass
class _RawBlock:
    lines: list[_Line]
    ended_by_blank: bool
    tree: _ListBuild | None = None

    @property
    def first(self) -> _Line:
        return self.lines[0]


def _next_content(lines: Sequence[_Line], index: int) -> int | None:
    while index < len(lines) and lines[index].blank:
        index += 1
    return index if index < len(lines) else None


def _read_list(lines: Sequence[_Line], index: int) -> tuple[_RawBlock, int]:
    """A list block starting at ``index``: items, nesting by indentation, loose lists."""
    first = lines[index]
    marker = _list_marker(first.text)
    assert marker is not None
    root = _ListBuild(marker.numbered, marker.number or 1, first.indent, marker.number)
    root.items.append(_ItemBuild(first, marker.content))
    stack = [root]
    used = [first]
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.blank:
            following = _next_content(lines, index)
            if following is None:
                break
            candidate = lines[following]
            found = _list_marker(candidate.text)
            if found is None:
                break
            nested = candidate.indent >= root.indent + 2
            same = (
                candidate.indent <= root.indent + 1
                and found.numbered == root.numbered
                and (not found.numbered or found.number == root.last + 1)
            )
            if not (nested or same):
                break
            index = following
            continue
        found = _list_marker(line.text)
        if found is None:
            # A line right below a list item continues its text.
            deepest = stack[-1].items[-1]
            deepest.text += " " + line.text
            used.append(line)
            index += 1
            continue
        while True:
            level = stack[-1]
            if line.indent >= level.indent + 2:
                parent = level.items[-1]
                if parent.sub is None:
                    parent.sub = _ListBuild(found.numbered, found.number or 1, line.indent, 0)
                level = parent.sub
                stack.append(level)
                break
            if line.indent >= level.indent - 1 or len(stack) == 1:
                break
            stack.pop()
        if level.numbered != found.numbered:
            if level is root:
                break
            raise _fail(
                "a nested list mixes bullets and numbers; indent the inner list further "
                "or use one kind of marker",
                line,
            )
        level.items.append(_ItemBuild(line, found.content))
        level.last = found.number
        used.append(line)
        index += 1
    ended_by_blank = index >= len(lines) or lines[index].blank
    return _RawBlock(used, ended_by_blank, root), index


def _read_blocks(lines: Sequence[_Line]) -> list[_RawBlock]:
    """Split an agenda item's lines into paragraphs and lists."""
    blocks: list[_RawBlock] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.blank:
            index += 1
            continue
        if _list_marker(line.text) is not None:
            block, index = _read_list(lines, index)
            blocks.append(block)
            continue
        paragraph = [line]
        index += 1
        while index < len(lines) and not lines[index].blank:
            marker = _list_marker(lines[index].text)
            # A bullet or a list starting at 1 may begin right below a paragraph line.
            if marker is not None and (not marker.numbered or marker.number == 1):
                break
            paragraph.append(lines[index])
            index += 1
        blocks.append(_RawBlock(paragraph, index >= len(lines) or lines[index].blank))
    return blocks


@dataclass
class _OpenList:
    last: int
    count: int
    loose: bool


class _Reader:
    """Reads the lines of one text: preamble, agenda, upcoming section, signature.

    ``where`` maps model paths (``present[2]``, ``agenda[0].body[1]``) to the line they came
    from, so that validation errors can name the line.
    """

    def __init__(self, lines: list[_Line], day: dt.date | None, meeting_id: str | None) -> None:
        self.lines = lines
        self.given_date = day
        self.meeting_id = meeting_id
        self.where: dict[str, _Line] = {}
        self.kind = DocumentKind.MINUTES
        self.language = Language.SV
        self.header: dict[str, tuple[str, _Line]] = {}
        self.people: dict[str, list[Person]] = {group: [] for group in _GROUPS}
        self.saw_attendance = False
        self.upcoming: list[tuple[UpcomingMeeting, _Line]] = []
        self.date = dt.date.min
        self.body = _DEFAULT_BODY
        self.title_key = ""
        self.swedish = False  # a header word or heading seen is Swedish only

    # The parts of the text ----------------------------------------------------------------

    def read(self) -> Meeting:
        end = self._find(lambda line: _is_signature(line.text), len(self.lines))
        section = self._find(lambda line: line.indent == 0 and _is_section(line.text), end)
        agenda = self._find(
            lambda line: line.indent == 0 and _AGENDA.fullmatch(line.raw) is not None, section
        )
        self._read_preamble(agenda)
        if self.title_key == "agenda" and self.swedish:
            # "Agenda" is also a Swedish word: Swedish headings make the document Swedish.
            self.language = Language.SV
        self._settle_date()
        if self.kind is DocumentKind.MINUTES and not self.saw_attendance:
            where = self.lines[agenda] if agenda < len(self.lines) else None
            raise _fail(
                "the minutes have no attendance section: list the people under a heading "
                "such as NÄRVARANDE before the agenda",
                where,
            )
        items = self._read_agenda(agenda, section) if agenda < section else []
        self._read_section(section, end)
        recorder = self._read_signature(end)
        meeting = self._meeting(items, recorder)
        self._check(meeting)
        return meeting

    def _find(self, test: Callable[[_Line], bool], limit: int) -> int:
        for index in range(limit):
            if not self.lines[index].blank and test(self.lines[index]):
                return index
        return limit

    # Title, header and attendance -------------------------------------------------------

    def _read_preamble(self, stop: int) -> None:
        index = _next_content(self.lines, 0)
        if index is None or index >= stop:
            return
        first = self.lines[index]
        if self._read_title(first):
            index += 1
        group: str | None = None
        for line in self.lines[index:stop]:
            if line.blank:
                continue
            text = line.text
            found = _group_of(text)
            if found is not None:
                group = found
                self.saw_attendance = True
                self.swedish = self.swedish or _key(text.removesuffix(":")) in _SWEDISH_WORDS
                continue
            if group is None:
                self._read_header_line(line)
                continue
            if _looks_like_heading(text):
                raise _fail(self._unknown_heading(), line)
            fields = _split_person(text)
            if fields is None:
                raise _fail(
                    'a person needs "Name, Organisation" (or "Name, Organisation, Title")', line
                )
            name, organisation, title, email = fields
            person = _make(line, "the person", Person, name, organisation, title, email)
            self.where[f"{group}[{len(self.people[group])}]"] = line
            self.people[group].append(person)

    @staticmethod
    def _unknown_heading() -> str:
        known = ", ".join(label(group, Language.SV).upper() for group in _GROUPS)
        return f"unknown attendance heading; use one of {known} (or FRÅNVARANDE, ADJUNGERADE)"

    def _read_title(self, line: _Line) -> bool:
        words = _title_words()
        key = _key(line.text.removesuffix(":"))
        self.title_key = key.split(" ")[0]
        if key in words:
            self.kind, self.language = words[key]
            return True
        for word, (kind, language) in words.items():
            if key.startswith((word + " ", word + ",")):
                rest = line.text[len(word) :].strip(" ,:-–")
                day = _parse_day(rest)
                if day is None:
                    raise _fail(
                        f"the title line must be just {document_title(kind, language)!r}, "
                        "optionally followed by the date; put other facts on header lines "
                        "such as 'Plats: ...'",
                        line,
                    )
                self.kind, self.language = kind, language
                self.header["date"] = (rest, line)
                return True
        return False

    def _read_header_line(self, line: _Line) -> None:
        before, colon, value = line.text.partition(":")
        key = _key(before)
        for name, words in _HEADER_WORDS.items():
            if colon and key in {_key(w) for w in words}:
                if name in self.header:
                    raise _fail(f"a second {before.strip()!r} line; give each fact once", line)
                if not value.strip():
                    raise _fail(f"{before.strip()!r} needs a value", line)
                self.header[name] = (value.strip(), line)
                self.swedish = self.swedish or key in _SWEDISH_WORDS
                return
        if _looks_like_heading(line.text):
            raise _fail(self._unknown_heading(), line)
        if colon and len(before) <= 30 and not _list_marker(line.text):
            known = ", ".join(_HEADER_WORDS[n][0] for n in _HEADER_WORDS)
            raise _fail(f"unknown header {before.strip()!r}; the header knows {known}", line)
        raise _fail(
            "expected a header line such as 'Datum: 2021-10-08' or an attendance heading "
            "such as NÄRVARANDE",
            line,
        )

    def _settle_date(self) -> None:
        if "date" in self.header:
            text, line = self.header["date"]
            day = _parse_day(text)
            if day is None:
                raise _fail("unreadable date; write it as 2021-10-08 or 8 oktober 2021", line)
            if self.given_date is not None and self.given_date != day:
                raise _fail(
                    f"the text gives the date {day.isoformat()} but "
                    f"{self.given_date.isoformat()} was given; they must agree",
                    line,
                )
            self.date = day
            self.where["date"] = line
        elif self.given_date is not None:
            self.date = self.given_date
        else:
            raise TextFormatError(
                "the text has no date: add a header line such as 'Datum: 2021-10-08' "
                "or give the date (kommunchef import --date 2021-10-08)"
            )
        if "body" in self.header:
            self.body = self.header["body"][0]

    def _header_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if "time" in self.header:
            text, line = self.header["time"]
            try:
                times = _parse_times(text)
            except ValueError:
                times = None
            if times is None:
                raise _fail("unreadable time; write it as 09.00–12.00 or 09.00", line)
            fields["start"] = dt.datetime.combine(self.date, times[0], tzinfo=STOCKHOLM)
            if times[1] is not None:
                fields["end"] = dt.datetime.combine(self.date, times[1], tzinfo=STOCKHOLM)
            self.where["start"] = self.where["end"] = line
        for name in ("location", "body", "organisation"):
            if name in self.header:
                fields[name] = self.header[name][0]
                self.where[name] = self.header[name][1]
        if "url" in self.header:
            url, line = self.header["url"]
            _make(line, "the link", Link, url, url)
            fields["url"] = url
            self.where["url"] = line
        if "status" in self.header:
            text, line = self.header["status"]
            fields["status"] = _status_of(text, line)
        if "revision" in self.header:
            text, line = self.header["revision"]
            if not text.isdigit():
                raise _fail("the revision must be a whole number such as 2", line)
            fields["revision"] = int(text)
        return fields

    # The agenda ---------------------------------------------------------------------------

    def _read_agenda(self, start: int, stop: int) -> list[AgendaItem]:
        lines = self.lines[start:stop]
        segments: list[tuple[_Line, int, str, list[_Line]]] = []
        expected = 1
        open_list: _OpenList | None = None
        run: str | None = None  # what the current run of non-blank lines started as
        previous_blank = True
        for index, line in enumerate(lines):
            if line.blank:
                previous_blank = True
                if segments:
                    segments[-1][3].append(line)
                continue
            following = lines[index + 1] if index + 1 < len(lines) else None
            heading = _AGENDA.fullmatch(line.raw) if line.indent == 0 else None
            if heading and (previous_blank or not segments):
                number = int(heading[1])
                decision = self._agenda_decision(
                    lines, index, number, expected, open_list, following, first=not segments
                )
                if decision == "heading":
                    segments.append((line, number, heading[2].strip(), []))
                    expected += 1
                    open_list, run, previous_blank = None, None, False
                    continue
            marker = _list_marker(line.text) if line.indent == 0 else None
            if previous_blank:
                run = "numbered" if marker and marker.numbered else "other"
                if line.indent > 0 and marker is None:
                    open_list = None
                elif line.indent == 0:
                    if marker and marker.numbered:
                        if open_list and open_list.last == marker.number - 1:
                            open_list = _OpenList(marker.number, open_list.count + 1, True)
                        else:
                            open_list = _OpenList(marker.number, 1, False)
                    else:
                        open_list = None
            elif line.indent == 0 and marker is not None:
                if marker.numbered:
                    if run == "numbered" and open_list is not None:
                        open_list = _OpenList(marker.number, open_list.count + 1, open_list.loose)
                    else:
                        open_list = _OpenList(marker.number, 1, False)
                        run = "numbered"
                else:
                    open_list, run = None, "other"
            previous_blank = False
            segments[-1][3].append(line)
        return [
            self._item(index, number, title, heading_line, content)
            for index, (heading_line, number, title, content) in enumerate(segments)
        ]

    def _agenda_decision(
        self,
        lines: Sequence[_Line],
        index: int,
        number: int,
        expected: int,
        open_list: _OpenList | None,
        following: _Line | None,
        *,
        first: bool,
    ) -> Literal["heading", "list"]:
        """Whether a stand-alone ``N. Title`` line is the next agenda item or list text."""
        line = lines[index]
        if first:
            if number != 1:
                raise _fail(f"the first agenda item must be numbered 1, not {number}", line)
            return "heading"
        continues = open_list is not None and open_list.last == number - 1
        after = _list_marker(following.text) if following and not following.blank else None
        list_follows = after is not None and (
            following is not None
            and (following.indent >= 2 or (after.numbered and after.number == number + 1))
        )
        if number == expected:
            # A list written with blank lines between its items reaches the next agenda
            # number: it is the list's item when the real agenda item comes later.
            if (
                continues
                and open_list is not None
                and (open_list.loose or open_list.count == 1)
                and self._later_heading(lines, index + 1, number)
            ):
                return "list"
            if following is None or following.blank:
                return "heading"
            if list_follows:
                return "list"
            raise _fail(
                f"agenda item {number}'s title needs a blank line after it (or is this a "
                "list? then start the list at 1)",
                line,
            )
        if continues or number == 1 or list_follows:
            return "list"
        raise _fail(
            f"agenda item {number} follows item {expected - 1}: agenda items are numbered "
            f"1, 2, 3 ... in order (expected {expected})",
            line,
        )

    @staticmethod
    def _later_heading(lines: Sequence[_Line], start: int, number: int) -> bool:
        for index in range(start, len(lines)):
            line = lines[index]
            match = _AGENDA.fullmatch(line.raw) if line.indent == 0 else None
            if match and int(match[1]) == number and lines[index - 1].blank:
                return True
        return False

    def _item(
        self, index: int, number: int, title: str, heading: _Line, content: list[_Line]
    ) -> AgendaItem:
        path = f"agenda[{index}]"
        self.where[path] = heading
        presenters: tuple[Person, ...] = ()
        first = _next_content(content, 0)
        if first is not None:
            names = _keyword_prefix(content[first].text, _PRESENTER_WORDS)
            if names is not None:
                presenters = self._presenters(names, content[first])
                self.where[f"{path}.presenters"] = content[first]
                content = content[:first] + content[first + 1 :]
        upcoming_item = _is_upcoming_title(title)
        body: list[Block] = []
        decisions: list[Paragraph] = []
        follow_ups: list[FollowUp] = []
        in_decisions = False
        blocks = _read_blocks(content)
        for position, block in enumerate(blocks):
            more = position + 1 < len(blocks)
            if block.tree is not None:
                tree = block.tree
                if upcoming_item and not tree.numbered:
                    tree.items = [item for item in tree.items if not self._upcoming_bullet(item)]
                    if not tree.items:
                        continue
                if in_decisions:
                    for item in tree.items:
                        if item.sub is not None:
                            raise _fail(
                                "a decision cannot have a nested list", item.sub.items[0].line
                            )
                        decisions.append(
                            self._paragraph(
                                item.text, item.line, f"{path}.decisions[{len(decisions)}]"
                            )
                        )
                    continue
                self.where[f"{path}.body[{len(body)}]"] = block.first
                body.append(_make(block.first, "the list", _list_block, tree))
                continue
            texts = [line.text for line in block.lines]
            if _is_decision_word(texts[0]):
                if len(texts) == 1 and more:
                    in_decisions = True
                    continue
                if len(texts) > 1:
                    in_decisions = True
                    texts = texts[1:]
            raw = " ".join(texts)
            target = "decisions" if in_decisions else "body"
            inline_decision = _keyword_prefix(raw, _DECISION_WORDS)
            if inline_decision:
                raw, target = inline_decision, "decisions"
            elif len(texts) == 1 and more and block.ended_by_blank and _heading_like(raw):
                self.where[f"{path}.body[{len(body)}]"] = block.first
                body.append(_make(block.first, "the sub-heading", Heading, raw))
                in_decisions = False
                continue
            sentences, raw = _split_follow_ups(raw)
            for sentence in sentences:
                self.where[f"{path}.follow_ups[{len(follow_ups)}]"] = block.first
                follow_ups.append(_make(block.first, "the follow-up", FollowUp, sentence))
            if not raw.strip():
                continue
            if target == "decisions":
                decisions.append(
                    self._paragraph(raw, block.first, f"{path}.decisions[{len(decisions)}]")
                )
                continue
            paragraph = self._paragraph(raw, block.first, f"{path}.body[{len(body)}]")
            body.append(paragraph)
            if upcoming_item:
                for upcoming in _upcoming_in_text(paragraph.text, self.date, self.body):
                    self.upcoming.append((upcoming, block.first))
        return _make(
            heading,
            f"agenda item {number}",
            AgendaItem,
            number=number,
            title=title,
            presenters=presenters,
            body=tuple(body),
            decisions=tuple(decisions),
            follow_ups=tuple(follow_ups),
        )

    def _paragraph(self, raw: str, line: _Line, path: str) -> Paragraph:
        self.where[path] = line
        return _make(line, "the paragraph", Paragraph, _read_inline(raw))

    def _upcoming_bullet(self, item: _ItemBuild) -> bool:
        """Take a dated bullet of the upcoming-meetings item as an upcoming meeting."""
        try:
            upcoming = _read_upcoming_bullet(item.text, self.date, self.body)
        except ValueError as error:
            raise _fail(f"unreadable upcoming meeting: {error}", item.line) from None
        if upcoming is None:
            return False
        if item.sub is not None:
            raise _fail("an upcoming meeting cannot have a nested list", item.sub.items[0].line)
        self.upcoming.append((upcoming, item.line))
        return True

    def _presenters(self, names: str, line: _Line) -> tuple[Person, ...]:
        known: dict[str, Person] = {}
        for group in ("absent", "guests", "present"):
            for person in self.people[group]:
                known[_person_key(person.name)] = person
        found: list[Person] = []
        for part in re.split(r"[,;]", names):
            part = part.strip()
            if not part:
                continue
            if _person_key(part) in known:
                found.append(known[_person_key(part)])
                continue
            pieces = re.split(r"\s+(?:och|and)\s+", part)
            if len(pieces) > 1 and all(_person_key(p) in known for p in pieces):
                found.extend(known[_person_key(p)] for p in pieces)
                continue
            if self.kind is not DocumentKind.MINUTES:
                # An agenda or a notice lists nobody: a presenter is known by name only.
                for piece in pieces:
                    listed = known.get(_person_key(piece))
                    found.append(listed or _make(line, "the presenter", Person, piece))
                continue
            raise _fail(
                f"{part!r} presents but is not listed under NÄRVARANDE, EJ NÄRVARANDE or "
                "ÖVRIGA NÄRVARANDE; name presenters as they are listed there",
                line,
            )
        return tuple(found)

    # Upcoming meetings section and signature --------------------------------------------

    def _read_section(self, start: int, stop: int) -> None:
        for line in self.lines[start + 1 : stop]:
            if line.blank:
                continue
            marker = _list_marker(line.text)
            upcoming = None
            if marker is not None and not marker.numbered and line.indent == 0:
                try:
                    upcoming = _read_upcoming_bullet(marker.content, self.date, self.body)
                except ValueError as error:
                    raise _fail(f"unreadable upcoming meeting: {error}", line) from None
            if upcoming is None:
                raise _fail(
                    "expected an upcoming meeting such as '- 20 maj 2022 – Kommunchefsgruppen'",
                    line,
                )
            self.upcoming.append((upcoming, line))

    def _read_signature(self, start: int) -> Recorder | None:
        if start >= len(self.lines):
            return None
        line = self.lines[start]
        rest = _keyword_prefix(line.text, _RECORDER_WORDS) or ""
        after = start + 1
        if not rest:
            following = _next_content(self.lines, start + 1)
            if following is None:
                raise _fail("the name of who took the minutes is missing", line)
            line = self.lines[following]
            rest = line.text
            after = following + 1
        extra = _next_content(self.lines, after)
        if extra is not None:
            raise _fail(
                "text after the signature; 'Antecknat av' ends the minutes", self.lines[extra]
            )
        name, _, title = rest.partition(",")
        self.where["recorded_by"] = line
        return _make(line, "the signature", Recorder, name, title or None)

    # The meeting --------------------------------------------------------------------------

    def _meeting(self, items: list[AgendaItem], recorder: Recorder | None) -> Meeting:
        fields = self._header_fields()
        meeting_id = self.meeting_id or _derived_id(self.body, self.date)
        try:
            _checks.slug(None, cast(Any, None), meeting_id)
        except (ValueError, TypeError) as error:
            raise TextFormatError(f"the meeting id is not valid: {error}") from None
        for index, (_, line) in enumerate(self.upcoming):
            self.where[f"upcoming[{index}]"] = line
        return _make(
            None,
            "the meeting",
            Meeting,
            id=meeting_id,
            date=self.date,
            kind=self.kind,
            language=self.language,
            present=tuple(self.people["present"]),
            absent=tuple(self.people["absent"]),
            guests=tuple(self.people["guests"]),
            agenda=tuple(items),
            upcoming=tuple(u for u, _ in self.upcoming),
            recorded_by=recorder,
            **fields,
        )

    def _check(self, meeting: Meeting) -> None:
        problems = validate(meeting)
        errors = [p for p in problems if p.severity == "error"]
        if not errors:
            return
        line = self._line_for(errors[0].path)
        raise _fail("the minutes are not valid", line, errors)

    def _line_for(self, path: str) -> _Line | None:
        while path:
            if path in self.where:
                return self.where[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return None


def _status_of(text: str, line: _Line) -> MeetingStatus:
    key = _key(text)
    for status, words in _STATUS_WORDS.items():
        if key in words or key == status.value:
            return status
    if key in _STATUS_ALIASES:
        return _STATUS_ALIASES[key]
    known = ", ".join(words[0] for words in _STATUS_WORDS.values())
    raise _fail(f"unknown status; use one of {known}", line)


def _list_block(tree: _ListBuild) -> BulletList | NumberedList:
    items = tuple(
        ListItem(_read_inline(item.text), _list_block(item.sub) if item.sub else None)
        for item in tree.items
    )
    if tree.numbered:
        return NumberedList(items, start=tree.start)
    return BulletList(items)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def _derived_id(body: str, day: dt.date) -> str:
    """``kcg-2021-10-08`` for Kommunchefsgruppen, else the body's ASCII slug and the date."""
    if _key(body) == _key(_DEFAULT_BODY):
        return f"kcg-{day.isoformat()}"
    return f"{_slug(body) or 'meeting'}-{day.isoformat()}"


def parse_text(text: str, *, date: dt.date | None = None, meeting_id: str | None = None) -> Meeting:
    """Read plain-text minutes into a valid meeting.

    ``date`` gives the meeting's date when the text has no ``Datum:`` line (if both are
    given they must agree); ``meeting_id`` overrides the derived id (``kcg-YYYY-MM-DD`` for
    Kommunchefsgruppen, else the body's name and the date). Anything unreadable or invalid
    raises :class:`TextFormatError` naming the line; warnings of
    :func:`kommunchef.validate` are allowed.
    """
    if isinstance(date, dt.datetime):
        date = date.date()
    if date is not None and not isinstance(date, dt.date):
        raise TypeError(f"date must be a datetime.date, not {type(date).__name__}")
    return _Reader(_prepare(text), date, meeting_id).read()


# Writing --------------------------------------------------------------------------------------

_UnitKind = Literal[
    "presenters", "paragraph", "heading", "list", "bullets", "marker", "decision", "follow_up"
]


@dataclass(frozen=True)
class _Unit:
    """One block of an agenda item as the writer writes it."""

    kind: _UnitKind
    text: str
    block: Block | None = None


def _paragraph_upcoming(meeting: Meeting) -> list[UpcomingMeeting]:
    """The upcoming meetings that the paragraphs of upcoming-meetings items already state."""
    found: list[UpcomingMeeting] = []
    for item in meeting.agenda:
        if _is_upcoming_title(item.title):
            for block in item.body:
                if isinstance(block, Paragraph):
                    found.extend(_upcoming_in_text(block.text, meeting.date, meeting.body))
    return found


def _bullet_upcoming(meeting: Meeting) -> list[UpcomingMeeting]:
    """The upcoming meetings the writer writes as bullets: those no paragraph states."""
    stated = _paragraph_upcoming(meeting)
    bullets = []
    for upcoming in meeting.upcoming:
        if upcoming in stated:
            stated.remove(upcoming)
        else:
            bullets.append(upcoming)
    return bullets


def _bullet_target(meeting: Meeting) -> int | None:
    """The index of the agenda item that gets the upcoming bullets, if any."""
    target = None
    for index, item in enumerate(meeting.agenda):
        if _is_upcoming_title(item.title):
            target = index
    return target


def _list_lines(block: BulletList | NumberedList, indent: int = 0) -> list[str]:
    lines = []
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}." if isinstance(block, NumberedList) else "-"
        lines.append(f"{' ' * indent}{marker} {_write_inline(item.content)}")
        if item.sublist is not None:
            lines.extend(_list_lines(item.sublist, indent + len(marker) + 1))
    return lines


def _item_units(
    meeting: Meeting, item: AgendaItem, bullets: Sequence[UpcomingMeeting]
) -> list[_Unit]:
    language = meeting.language
    units: list[_Unit] = []
    if item.presenters:
        names = ", ".join(person.name for person in item.presenters)
        units.append(_Unit("presenters", f"{label('presenters', language)}: {names}"))
    for block in item.body:
        if isinstance(block, Paragraph):
            units.append(_Unit("paragraph", _write_inline(block.content), block))
        elif isinstance(block, Heading):
            units.append(_Unit("heading", block.text, block))
        else:
            units.append(_Unit("list", "\n".join(_list_lines(block)), block))
    if bullets:
        lines = [_write_upcoming(upcoming, language) for upcoming in bullets]
        units.append(_Unit("bullets", "\n".join(lines)))
    if item.decisions:
        units.append(_Unit("marker", label("decisions", language)))
        for decision in item.decisions:
            units.append(_Unit("decision", _write_inline(decision.content), decision))
    for follow_up in item.follow_ups:
        units.append(_Unit("follow_up", follow_up.text))
    return units


def _header_lines(meeting: Meeting) -> list[str]:
    language = meeting.language
    needed = (
        meeting.start is not None
        or meeting.location is not None
        or meeting.body != _DEFAULT_BODY
        or meeting.organisation != _DEFAULT_ORGANISATION
        or meeting.status is not MeetingStatus.HELD
        or meeting.url is not None
        or meeting.revision != 0
    )
    if not needed:
        return []
    english = language is Language.EN
    lines = [f"{label('date', language)}: {format_date(meeting.date, language)}"]
    times = format_time_range(meeting.start, meeting.end, language)
    if times:
        lines.append(f"{label('time', language)}: {times}")
    if meeting.location is not None:
        lines.append(f"{label('location', language)}: {meeting.location}")
    if meeting.body != _DEFAULT_BODY:
        lines.append(f"{label('body', language)}: {meeting.body}")
    if meeting.organisation != _DEFAULT_ORGANISATION:
        lines.append(f"{label('organisation', language)}: {meeting.organisation}")
    if meeting.status is not MeetingStatus.HELD:
        word = _STATUS_WORDS[meeting.status][english]
        lines.append(f"{_EXTRA_HEADER_LABELS['status'][english]}: {word}")
    if meeting.url is not None:
        lines.append(f"{_EXTRA_HEADER_LABELS['url'][english]}: {meeting.url}")
    if meeting.revision:
        lines.append(f"{_EXTRA_HEADER_LABELS['revision'][english]}: {meeting.revision}")
    return lines


def format_text(meeting: Meeting) -> str:
    """Write a meeting as plain-text minutes (the format :func:`parse_text` reads).

    Every meeting can be written; what the format cannot hold is left out (see
    :func:`inexpressible`). For a meeting that :func:`can_express` accepts,
    ``parse_text(format_text(m), date=m.date, meeting_id=m.id) == m``.
    """
    language = meeting.language
    parts: list[str] = [document_title(meeting.kind, language)]
    header = _header_lines(meeting)
    if header:
        parts.append("\n".join(header))
    for group in _GROUPS:
        people: tuple[Person, ...] = getattr(meeting, group)
        if people or (group == "present" and meeting.kind is DocumentKind.MINUTES):
            parts.append(label(group, language).upper())
            if people:
                parts.append("\n".join(_write_person(person) for person in people))
    bullets = _bullet_upcoming(meeting)
    target = _bullet_target(meeting)
    for index, item in enumerate(meeting.agenda):
        parts.append(f"{item.number}. {item.title}")
        units = _item_units(meeting, item, bullets if index == target else ())
        parts.extend(unit.text for unit in units)
    if bullets and target is None:
        parts.append(label("upcoming", language).upper())
        parts.append("\n".join(_write_upcoming(upcoming, language) for upcoming in bullets))
    if meeting.recorded_by is not None:
        recorder = meeting.recorded_by
        signature = f"{label('recorded_by', language)}: {recorder.name}"
        if recorder.title:
            signature += f", {recorder.title}"
        parts.append(signature)
    return "\n\n".join(parts) + "\n"


# What the format can hold ---------------------------------------------------------------------


def _starts_specially(text: str) -> str | None:
    """Why a paragraph-like line would not read back as plain text, or None."""
    if text != text.strip() or not text:
        return "starts or ends with white space"
    if _list_marker(text) is not None:
        return "starts like a list item"
    if _is_decision_word(text) or _keyword_prefix(text, _DECISION_WORDS) is not None:
        return "starts with 'Beslut'"
    if _keyword_prefix(text, _PRESENTER_WORDS) is not None:
        return "starts with 'Föredragande:'"
    if _is_signature(text):
        return "starts with 'Antecknat av'"
    if _is_section(text):
        return "is the KOMMANDE MÖTEN heading"
    return None


def _inline_problem(content: Sequence[Inline]) -> str | None:
    written = _write_inline(content)
    if written != written.strip():
        return "starts or ends with white space"
    if _read_inline(written) != tuple(content):
        return "has text that reads as a link, or a link that cannot be written"
    return None


def _exact_time(moment: dt.datetime) -> bool:
    local = moment.astimezone(STOCKHOLM)
    rebuilt = dt.datetime.combine(local.date(), dt.time(local.hour, local.minute), tzinfo=STOCKHOLM)
    return rebuilt == moment


def _meeting_limits(meeting: Meeting) -> Iterator[str]:
    if has_errors(validate(meeting)):
        yield "the meeting is not valid"
    if meeting.start is not None and (
        not _exact_time(meeting.start) or meeting.start.astimezone(STOCKHOLM).date() != meeting.date
    ):
        yield "start: only a whole minute on the meeting's date can be written"
    if meeting.end is not None:
        if meeting.start is None:
            yield "end: an end time needs a start time"
        elif (
            not _exact_time(meeting.end) or meeting.end.astimezone(STOCKHOLM).date() != meeting.date
        ):
            yield "end: only a whole minute on the meeting's date can be written"


def _people_limits(meeting: Meeting) -> Iterator[str]:
    for group in _GROUPS:
        for index, person in enumerate(getattr(meeting, group)):
            line = _write_person(person)
            path = f"{group}[{index}]"
            if "," in person.name or ";" in person.name:
                yield f"{path}: a name cannot contain a comma or semicolon"
            elif person.organisation in ("-", "–") or (
                person.organisation is not None and "," in person.organisation
            ):
                yield f"{path}: the organisation cannot contain a comma or be a dash"
            elif _split_person(line) != (
                person.name,
                person.organisation,
                person.title,
                person.email,
            ):
                yield f"{path}: the line {line!r} would read back differently"
            elif _AGENDA.fullmatch(line) or _is_signature(line):
                yield f"{path}: the line starts like an agenda item or the signature"


def _item_limits(meeting: Meeting, index: int, item: AgendaItem) -> Iterator[str]:
    path = f"agenda[{index}]"
    attendees = {_person_key(p.name): p for group in _GROUPS for p in getattr(meeting, group)}
    for presenter in item.presenters:
        listed = attendees.get(_person_key(presenter.name))
        where = f"{path}.presenters: {presenter.name}"
        if "," in presenter.name or ";" in presenter.name:
            yield f"{where}: a presenter's name cannot contain a comma or semicolon"
        elif listed is not None:
            if listed != presenter:
                yield f"{where} is not listed (exactly) as attending"
        elif meeting.kind is DocumentKind.MINUTES:
            yield f"{where} is not listed (exactly) as attending"
        elif presenter != Person(presenter.name) or re.search(r"\s(?:och|and)\s", presenter.name):
            yield f"{where}: an unlisted presenter is written by name only"
    bullets = _bullet_upcoming(meeting) if index == _bullet_target(meeting) else []
    units = _item_units(meeting, item, bullets)
    upcoming_item = _is_upcoming_title(item.title)
    previous: _Unit | None = None
    for position, unit in enumerate(units):
        more = position + 1 < len(units)
        where = f"{path} {unit.kind} {unit.text[:30]!r}"
        if unit.kind in ("paragraph", "heading", "decision", "follow_up"):
            special = _starts_specially(unit.text)
            if special:
                yield f"{where}: {special}"
        if unit.kind in ("paragraph", "decision"):
            assert isinstance(unit.block, Paragraph)
            problem = _inline_problem(unit.block.content)
            if problem:
                yield f"{where}: {problem}"
            if _split_follow_ups(unit.text)[0]:
                yield f"{where}: contains a sentence that reads as a follow-up"
            if more and _heading_like(unit.text):
                yield f"{where}: a short line without a full stop reads as a sub-heading"
        elif unit.kind == "heading":
            if not _heading_like(unit.text):
                yield f"{where}: does not read as a sub-heading (too long, punctuation, ...)"
            if not more:
                yield f"{where}: a sub-heading needs text after it"
        elif unit.kind == "follow_up":
            if _sentences(unit.text) != [unit.text] or not _FOLLOW_UP.search(unit.text):
                yield f"{where}: is not one sentence saying the question returns"
        elif unit.kind == "list":
            assert isinstance(unit.block, BulletList | NumberedList)
            yield from _list_limits(where, unit.block, upcoming_item, top=True)
            if (
                previous is not None
                and previous.kind == "list"
                and _lists_merge(previous.block, unit.block)
            ):
                yield f"{where}: continues the list before it"
        previous = unit
    for number, follow_up in enumerate(item.follow_ups):
        if follow_up.owner is not None or follow_up.due is not None:
            yield f"{path}.follow_ups[{number}]: an owner or due date cannot be written"
    last = units[-1].block if units else None
    if (
        isinstance(last, NumberedList)
        and len(last.items) == 1
        and last.start == item.number
        and _later_list_starts_at(meeting, index, item.number + 1)
    ):
        # The reader would take the next agenda heading for this list's next item.
        yield f"{path}: a one-item list ending the item must not be numbered like the item"


def _later_list_starts_at(meeting: Meeting, index: int, number: int) -> bool:
    return any(
        isinstance(block, NumberedList) and block.start == number
        for item in meeting.agenda[index + 1 :]
        for block in item.body
    )


def _lists_merge(first: Block | None, second: Block | None) -> bool:
    if isinstance(first, BulletList) and isinstance(second, BulletList):
        return True
    if isinstance(first, NumberedList) and isinstance(second, NumberedList):
        return second.start == first.start + len(first.items)
    return False


def _list_limits(
    where: str, block: BulletList | NumberedList, upcoming_item: bool, *, top: bool
) -> Iterator[str]:
    if isinstance(block, NumberedList):
        if block.start + len(block.items) - 1 > 999:
            yield f"{where}: list numbers above 999 cannot be written"
        if top and len(block.items) == 1 and block.items[0].sublist is None and block.start != 1:
            yield f"{where}: a one-item list standing alone must start at 1"
    for item in block.items:
        problem = _inline_problem(item.content)
        if problem:
            yield f"{where}: a list item {problem}"
        if (
            top
            and upcoming_item
            and isinstance(block, BulletList)
            and _date_range_regex().match(_write_inline(item.content))
        ):
            yield f"{where}: a bullet starting with a date reads as an upcoming meeting"
        if item.sublist is not None:
            yield from _list_limits(where, item.sublist, upcoming_item, top=False)


def _upcoming_limits(meeting: Meeting) -> Iterator[str]:
    stated = _paragraph_upcoming(meeting)
    if list(meeting.upcoming[: len(stated)]) != stated:
        yield (
            "upcoming: the meetings that paragraphs of the upcoming-meetings item state must "
            "come first, in order"
        )
    for index, upcoming in enumerate(_bullet_upcoming(meeting)):
        line = _write_upcoming(upcoming, meeting.language)
        try:
            back = _read_upcoming_bullet(line[2:], meeting.date, meeting.body)
        except ValueError:
            back = None
        if upcoming.id is not None:
            yield f"upcoming {index}: an explicit id cannot be written"
        elif back != upcoming:
            yield f"upcoming {index}: the line {line!r} would read back differently"


def _recorder_limits(meeting: Meeting) -> Iterator[str]:
    recorder = meeting.recorded_by
    if recorder is not None and "," in recorder.name:
        yield "recorded_by: the name cannot contain a comma"


def inexpressible(meeting: Meeting) -> list[str]:
    """What of ``meeting`` the plain-text format cannot hold; empty when it holds it all.

    The format cannot hold: presenters who are not listed as attending, a follow-up's owner
    and due date, an upcoming meeting's explicit id or a note on one that is not cancelled,
    times that are not whole minutes on the meeting's day, and text that would read back as
    something else (a paragraph starting like a list item or with "Beslut", a short
    paragraph without a full stop that is followed by more text, which reads as a
    sub-heading, text that reads as a link, a comma in a person's name ...).
    docs/text-format.md lists every rule.
    """
    reasons = [
        *_meeting_limits(meeting),
        *_people_limits(meeting),
        *_upcoming_limits(meeting),
        *_recorder_limits(meeting),
    ]
    for index, item in enumerate(meeting.agenda):
        if item.number > 999:
            reasons.append(f"agenda[{index}]: agenda numbers above 999 cannot be written")
        reasons.extend(_item_limits(meeting, index, item))
    return reasons


def can_express(meeting: Meeting) -> bool:
    """True when ``parse_text(format_text(meeting), date=meeting.date,
    meeting_id=meeting.id) == meeting``: the format holds everything of the meeting."""
    return not inexpressible(meeting)
