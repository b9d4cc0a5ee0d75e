"""What page templates receive: the document outline and, when a template asks, plain dicts.

Templates get the core's outline (:mod:`kommunchef.document`) as ``outline``; the built-in
page renders from it alone. The templates organisations already have read the same words as
plain dicts in ``meeting`` and ``labels`` (:func:`build_context`); those are built only for a
template that refers to them (:func:`uses_view`). Everything is decided in the outline: the
words, dates in words, ISO dates for ``<time datetime>``, which URLs are links. This module
only makes text safe for HTML (:func:`clean_text`, applied to every page the format writes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

import attrs
import jinja2

from kommunchef.document import (
    BlockView,
    FactView,
    FollowUpView,
    GroupView,
    HeadingView,
    ItemView,
    ListView,
    Outline,
    ParagraphView,
    PersonView,
    Span,
    UpcomingView,
)
from kommunchef.labels import label_keys
from kommunchef.links import LINK_SCHEMES, safe_href

__all__ = [
    "LABEL_KEYS",
    "LINK_SCHEMES",
    "VIEW_VARIABLES",
    "build_context",
    "clean_text",
    "map_texts",
    "page_bytes",
    "page_context",
    "safe_href",
    "uses_view",
]

View = dict[str, Any]

VIEW_VARIABLES = frozenset({"meeting", "labels"})
"""The variables of the dict view, built only for a template that reads one of them."""

LABEL_KEYS = label_keys()
"""The fixed words a template receives in ``labels``."""


@cache
def _noncharacters() -> re.Pattern[str]:
    """U+FDD0-U+FDEF and the last two code points of every plane (compiled on first use)."""
    return re.compile(
        "[\ufdd0-\ufdef"
        + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
        + "]"
    )


def clean_text(text: str) -> str:
    """Text as HTML may carry it: Unicode noncharacters, which HTML forbids, become U+FFFD.

    The model already refuses control characters; everything else, right-to-left overrides
    and zero-width characters included, is kept exactly and escaped by the template engine.
    Text without a noncharacter is returned as it is (the same object).
    """
    # Every noncharacter is at or above U+FDD0: the largest character says if there may be one.
    if text.isascii() or max(text) < "\ufdd0":  # the usual cases
        return text
    return _noncharacters().sub("\ufffd", text)


# Every noncharacter's UTF-8 form holds the byte EF (U+FDD0-U+FDEF: EF B7 ..) or BF (the last
# two code points of a plane end in BF BE or BF BF). Other characters may hold them too; then
# the text is looked at exactly.
_NONCHARACTER_BYTES = (b"\xef", b"\xbf")


def page_bytes(page: str) -> bytes:
    """A whole page as UTF-8, with :func:`clean_text` applied.

    HTML forbids noncharacters, and escaping leaves them alone, so cleaning the page cleans
    every text it shows. Looking for two bytes in the encoded page (``memchr``) is many times
    quicker than searching the text, and the page must be encoded anyway.
    """
    data = page.encode("utf-8")
    if any(pattern in data for pattern in _NONCHARACTER_BYTES):
        return clean_text(page).encode("utf-8")
    return data


_Value = TypeVar("_Value")


def map_texts(value: _Value, change: Callable[[str], str]) -> _Value:
    """``value`` (an outline, or any part of one) with ``change`` applied to every string.

    Walks attrs classes, tuples, lists and dicts; enumerations, dates and numbers are kept.
    The pdf format uses it to close bidirectional embeddings in every text of the outline.
    """
    return cast(_Value, _mapped(value, change))


def _mapped(value: Any, change: Callable[[str], str]) -> Any:
    if type(value) is str:
        return change(value)
    if isinstance(value, Enum):
        return value
    if attrs.has(type(value)):
        changes = {
            field.name: _mapped(getattr(value, field.name), change)
            for field in attrs.fields(type(value))
            if field.init
        }
        return attrs.evolve(value, **changes)
    if isinstance(value, tuple | list):
        return type(value)(_mapped(item, change) for item in value)
    if isinstance(value, dict):
        return type(value)({key: _mapped(item, change) for key, item in value.items()})
    return value


def _optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _inline(parts: Iterable[Span]) -> list[View]:
    view: list[View] = []
    for part in parts:
        if isinstance(part, str):
            view.append({"text": clean_text(part), "href": None, "url": None, "bare": False})
        else:
            view.append(
                {
                    "text": clean_text(part.text),
                    "href": part.href,
                    "url": clean_text(part.url),
                    "bare": part.bare,
                }
            )
    return view


def _list(block: ListView) -> View:
    return {
        "type": "list",
        "ordered": block.ordered,
        "start": block.start,
        "entries": [
            {
                "content": _inline(entry.content),
                "sublist": None if entry.sublist is None else _list(entry.sublist),
            }
            for entry in block.entries
        ],
    }


def _block(block: BlockView) -> View:
    if isinstance(block, ParagraphView):
        return {"type": "paragraph", "content": _inline(block.content)}
    if isinstance(block, HeadingView):
        return {"type": "heading", "text": clean_text(block.text)}
    return _list(block)


def _person(person: PersonView) -> View:
    return {
        "name": clean_text(person.name),
        "organisation": _optional(person.organisation),
        "title": _optional(person.title),
        "details": [clean_text(d) for d in person.details],
    }


def _fact(fact: FactView) -> View:
    return {
        "key": fact.key,
        "label": fact.label,
        "text": clean_text(fact.value),
        "iso": fact.iso,
        "href": None if fact.link is None else fact.link.href,
    }


def _follow_up(follow_up: FollowUpView) -> View:
    details = {detail.key: _fact(detail) for detail in follow_up.details}
    return {
        "text": clean_text(follow_up.text),
        "details": [_fact(detail) for detail in follow_up.details],
        "owner": details["owner"]["text"] if "owner" in details else None,
        "due": details.get("due"),
    }


def _upcoming(upcoming: UpcomingView) -> View:
    return {
        "when": {"text": upcoming.when, "iso": upcoming.iso},
        "title": clean_text(upcoming.title),
        "location": _optional(upcoming.place),
        "note": _optional(upcoming.note),
        "cancelled": upcoming.cancelled,
        "segments": [
            {"role": segment.role, "text": clean_text(segment.text)}
            for segment in upcoming.segments
        ],
    }


def _item(item: ItemView) -> View:
    return {
        "number": item.number,
        "anchor": item.anchor,
        "title": clean_text(item.title),
        "heading": clean_text(item.heading),
        "presenters": [_person(p) for p in item.presenters],
        "body": [_block(b) for b in item.body],
        "upcoming": [_upcoming(u) for u in item.upcoming],
        "decisions": [_inline(d.content) for d in item.decisions],
        "follow_ups": [_follow_up(f) for f in item.follow_ups],
    }


def _group(group: GroupView) -> View:
    return {
        "key": group.key,
        "caption": group.caption,
        "columns": list(group.columns),
        "people": [_person(p) for p in group.people],
        "show_title": group.show_title,
    }


def page_context(document: Outline, *, view: bool = False) -> dict[str, Any]:
    """The variables of a page template (except ``css``): ``lang``, ``lang_tag``, ``outline``
    and, with ``view``, the dict view (``meeting`` and ``labels``) of :func:`build_context`."""
    if view:
        return build_context(document)
    return {
        "lang": document.lang_tag.split("-")[0],
        "lang_tag": document.lang_tag,
        "outline": document,
    }


def build_context(document: Outline) -> dict[str, Any]:
    """Every variable a page template can use (except ``css``): see the HTML docs.

    ``meeting`` and ``labels`` hold the outline's words as plain dicts, lists and strings,
    with every text already through :func:`clean_text`.
    """
    facts = {fact.key: fact for fact in document.facts}
    attendance = [_group(group) for group in document.attendance]
    people = {group["key"]: group["people"] for group in attendance}
    signature = document.signature
    return {
        "lang": document.lang_tag.split("-")[0],
        "lang_tag": document.lang_tag,
        "labels": dict(document.words),
        "outline": document,
        "meeting": {
            "id": document.meeting_id,
            "kind": str(document.kind),
            "kind_label": document.kind_label,
            "title": clean_text(document.title),
            "body": clean_text(document.body),
            "organisation": clean_text(document.organisation),
            "status": str(document.status),
            "cancelled": document.status_note is not None,
            "status_note": document.status_note,
            "excerpt": document.excerpt_note,
            "date": {
                "text": document.date_text,
                "long": facts["date"].value,
                "iso": document.date.isoformat(),
            },
            "start": None if document.start is None else attrs.asdict(document.start),
            "end": None if document.end is None else attrs.asdict(document.end),
            "location": _optional(facts["location"].value) if "location" in facts else None,
            "url": None
            if document.url is None
            else {"text": clean_text(document.url.text), "href": document.url.href},
            "facts": [_fact(fact) for fact in document.facts],
            "attendance": attendance,
            "present": people.get("present", []),
            "absent": people.get("absent", []),
            "guests": people.get("guests", []),
            "agenda": [_item(item) for item in document.items],
            "upcoming_heading": document.upcoming_heading,
            "upcoming": [_upcoming(u) for u in document.upcoming],
            "recorded_by": None
            if signature is None
            else {
                "name": clean_text(signature.name),
                "title": _optional(signature.title),
                "text": clean_text(signature.text),
            },
        },
    }


# -- which templates need the dict view ------------------------------------------------------


def _parsed_uses_view(
    environment: jinja2.Environment, parsed: jinja2.nodes.Template, seen: set[str]
) -> bool:
    from jinja2 import meta  # only organisations' templates are looked at

    if VIEW_VARIABLES & meta.find_undeclared_variables(parsed):
        return True
    for name in meta.find_referenced_templates(parsed):
        if name is None:  # a name known only when rendering: assume the worst
            return True
        if name not in seen:
            seen.add(name)
            if _named_uses_view(environment, name, frozenset(seen)):
                return True
    return False


@cache
def _named_uses_view(environment: jinja2.Environment, name: str, seen: frozenset[str]) -> bool:
    if environment.loader is None:
        return False
    try:
        source, _, _ = environment.loader.get_source(environment, name)
        parsed = environment.parse(source, name)
    except jinja2.TemplateNotFound:
        return False  # rendering reports it
    except jinja2.TemplateSyntaxError:
        return True  # rendering reports it; until then, nothing is left out
    return _parsed_uses_view(environment, parsed, set(seen))


def uses_view(environment: jinja2.Environment, parsed: jinja2.nodes.Template) -> bool:
    """Whether a parsed template reads ``meeting`` or ``labels``, itself or through a template
    it extends, includes or imports (found with :mod:`jinja2.meta`).

    A template that names another only at render time (``{% include name %}``) is taken to
    read them. Templates loaded by name are parsed once per environment.
    """
    return _parsed_uses_view(environment, parsed, set())
