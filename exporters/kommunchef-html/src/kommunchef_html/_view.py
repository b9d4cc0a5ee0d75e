"""The page's view of a meeting: plain dicts, lists and strings prepared in Python.

Templates get words, dates in words, ISO dates for ``<time datetime>`` and checked link
targets, so a template never calls into the model and never decides what is safe to link.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from kommunchef.labels import (
    describe_upcoming,
    document_title,
    excerpt_title,
    format_date,
    format_time,
    label,
)
from kommunchef.model import (
    AgendaItem,
    Block,
    BulletList,
    FollowUp,
    Heading,
    Inline,
    Language,
    Link,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)

View = dict[str, Any]

LABEL_KEYS = (
    "minutes",
    "agenda",
    "notice",
    "excerpt",
    "date",
    "time",
    "location",
    "body",
    "present",
    "absent",
    "guests",
    "name",
    "organisation",
    "title",
    "presenters",
    "decisions",
    "follow_ups",
    "owner",
    "due",
    "upcoming",
    "cancelled",
    "recorded_by",
    "item",
    "contents",
)
"""The fixed words a template receives in ``labels``."""

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# ASCII characters that may stand unescaped in a URL (WHATWG "URL code points", plus "%"
# and "#", which are checked separately). Everything else in ASCII is percent-encoded.
_URL_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$&'()*+,-./:;=?@_~"
)
_HEX = frozenset("0123456789abcdefABCDEF")
_HOST = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?$")


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


# U+FDD0-U+FDEF and the last two code points of every plane.
_NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def clean_text(text: str) -> str:
    """Text as HTML may carry it: Unicode noncharacters, which HTML forbids, become U+FFFD.

    The model already refuses control characters; everything else, right-to-left overrides
    and zero-width characters included, is kept exactly and escaped by the template engine.
    """
    if not text or max(text) < "\ufdd0":  # the usual case, checked at C speed
        return text
    return _NONCHARACTERS.sub("\ufffd", text)


def _optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def safe_href(url: str) -> str | None:
    """The ``href`` for a URL, or ``None`` when the URL must be shown as text only.

    Only http, https and mailto URLs become links (the model checks this too, but a page
    must not depend on that). Characters a URL may not hold, such as ``<``, ``"`` or a stray
    ``%``, are percent-encoded so that the attribute is a valid URL.
    """
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES:
        return None
    if any(char.isspace() or unicodedata.category(char) in ("Cc", "Cs") for char in url):
        return None
    if scheme.lower() in ("http", "https"):
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            return None
        if not parts.hostname or not _HOST.match(parts.hostname) or parts.username is not None:
            return None
    elif not rest or "@" not in rest:
        return None
    out: list[str] = [scheme.lower(), ":"]
    seen_hash = False
    for index, char in enumerate(rest):
        allowed = char in _URL_ASCII or (ord(char) >= 0xA0 and not _is_noncharacter(char))
        if allowed or (
            char == "%" and set(rest[index + 1 : index + 3]) <= _HEX and len(rest) > index + 2
        ):
            out.append(char)
        elif char == "#" and not seen_hash:
            seen_hash = True
            out.append(char)
        else:
            out.append(quote(char, safe=""))
    return "".join(out)


def _inline(parts: Iterable[Inline]) -> list[View]:
    view: list[View] = []
    for part in parts:
        if isinstance(part, Link):
            href = safe_href(part.url)
            view.append(
                {
                    "text": clean_text(part.text),
                    "href": href,
                    "url": clean_text(part.url),
                    # A link that shows its own address needs no address after it in print.
                    "bare": part.text.strip() == part.url,
                }
            )
        else:
            view.append({"text": clean_text(part), "href": None, "url": None, "bare": False})
    return view


def _list(block: BulletList | NumberedList) -> View:
    return {
        "type": "list",
        "ordered": isinstance(block, NumberedList),
        "start": block.start if isinstance(block, NumberedList) else 1,
        "entries": [
            {
                "content": _inline(entry.content),
                "sublist": None if entry.sublist is None else _list(entry.sublist),
            }
            for entry in block.items
        ],
    }


def _block(block: Block) -> View:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "content": _inline(block.content)}
    if isinstance(block, Heading):
        return {"type": "heading", "text": clean_text(block.text)}
    return _list(block)


def _date(day: dt.date, language: Language) -> View:
    return {
        "text": format_date(day, language),
        "long": format_date(day, language, weekday=True),
        "iso": day.isoformat(),
    }


def _moment(moment: dt.datetime | None, language: Language) -> View | None:
    if moment is None:
        return None
    return {"text": format_time(moment, language), "iso": moment.isoformat(timespec="minutes")}


def _person(person: Person) -> View:
    organisation = _optional(person.organisation_label)
    title = _optional(person.title)
    return {
        "name": clean_text(person.name),
        "organisation": organisation,
        "title": title,
        "details": [part for part in (title, organisation) if part],
    }


def _follow_up(follow_up: FollowUp, language: Language) -> View:
    return {
        "text": clean_text(follow_up.text),
        "owner": _optional(follow_up.owner),
        "due": None if follow_up.due is None else _date(follow_up.due, language),
    }


def _item(item: AgendaItem, language: Language, person: Callable[[Person], View]) -> View:
    return {
        "number": item.number,
        "anchor": f"{label('item', language).lower()}-{item.number}",
        "title": clean_text(item.title),
        "presenters": [person(p) for p in item.presenters],
        "body": [_block(b) for b in item.body],
        "decisions": [_inline(d.content) for d in item.decisions],
        "follow_ups": [_follow_up(f, language) for f in item.follow_ups],
    }


def _upcoming(upcoming: UpcomingMeeting, language: Language) -> View:
    start = upcoming.start
    return {
        "when": {
            "text": describe_upcoming(upcoming, language),
            "iso": start.isoformat(timespec="minutes") if start else upcoming.date.isoformat(),
        },
        "title": clean_text(upcoming.title),
        "location": _optional(upcoming.location),
        "note": _optional(upcoming.note),
        "cancelled": upcoming.cancelled,
    }


def _attendance(people: dict[str, list[View]], language: Language) -> list[View]:
    groups = []
    for key in ("present", "absent", "guests"):
        views = people[key]
        if not views:
            continue
        groups.append(
            {
                "key": key,
                "caption": label(key, language),
                "people": views,
                "show_title": any(v["title"] for v in views),
            }
        )
    return groups


def build_context(
    meeting: Meeting, language: Language, *, excerpt: Sequence[int] | None = None
) -> dict[str, Any]:
    """The variables every page template receives (except ``css``): see the HTML docs.

    ``excerpt`` lists the agenda numbers of an excerpt (the ``items`` option); ``meeting``
    must already hold only those items.
    """
    labels = {key: label(key, language) for key in LABEL_KEYS}
    kind_label = document_title(meeting.kind, language)
    body = clean_text(meeting.body)
    date = _date(meeting.date, language)
    title = f"{kind_label} – {body} {date['text']}"
    excerpt_note = None
    if excerpt is not None:
        numbers = ", ".join(str(n) for n in excerpt)
        excerpt_note = f"{labels['excerpt']}: {labels['item'].lower()} {numbers}"
        title = f"{excerpt_title(meeting.kind, language)} – {body} {date['text']}"
    recorder = meeting.recorded_by
    # Presenters are usually attendees too: each person's view is built once.
    seen: dict[Person, View] = {}

    def person(who: Person) -> View:
        view = seen.get(who)
        if view is None:
            view = seen[who] = _person(who)
        return view

    people = {
        "present": [person(p) for p in meeting.present],
        "absent": [person(p) for p in meeting.absent],
        "guests": [person(p) for p in meeting.guests],
    }
    url = None
    if meeting.url is not None:
        url = {"text": clean_text(meeting.url), "href": safe_href(meeting.url)}
    return {
        "lang": str(language),
        "labels": labels,
        "meeting": {
            "id": meeting.id,
            "kind": str(meeting.kind),
            "kind_label": kind_label,
            "title": title,
            "body": body,
            "organisation": clean_text(meeting.organisation),
            "status": str(meeting.status),
            "cancelled": meeting.status is MeetingStatus.CANCELLED,
            "excerpt": excerpt_note,
            "date": date,
            "start": _moment(meeting.start, language),
            "end": _moment(meeting.end, language),
            "location": _optional(meeting.location),
            "url": url,
            "attendance": _attendance(people, language),
            "present": people["present"],
            "absent": people["absent"],
            "guests": people["guests"],
            "agenda": [_item(i, language, person) for i in meeting.agenda],
            "upcoming": [_upcoming(u, language) for u in meeting.upcoming],
            "recorded_by": None
            if recorder is None
            else {"name": clean_text(recorder.name), "title": _optional(recorder.title)},
        },
    }
