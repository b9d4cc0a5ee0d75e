"""The words of the plain-text format: titles, headings, header words, keywords."""

from __future__ import annotations

from functools import cache
from typing import cast

import attrs

from kommunchef.keys import text_key
from kommunchef.labels import document_title, label, status_word
from kommunchef.model import (
    DocumentKind,
    Language,
    Meeting,
    MeetingStatus,
)


def both_labels(name: str) -> tuple[str, str]:
    return label(name, Language.SV), label(name, Language.EN)


@cache
def title_words() -> dict[str, tuple[DocumentKind, Language]]:
    words = {
        text_key(document_title(kind, language)): (kind, language)
        for kind in DocumentKind
        for language in Language
    }
    words.setdefault("notice", (DocumentKind.NOTICE, Language.EN))
    return words


GROUPS = ("present", "absent", "guests")
_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "present": (*both_labels("present"), "Närvaro"),
    "absent": (*both_labels("absent"), "Frånvarande", "Anmält förhinder", "Apologies"),
    "guests": (
        *both_labels("guests"),
        "Adjungerade",
        "Gäster",
        "Övriga deltagare",
        "Inbjudna",
        "Guests",
        "In attendance",
    ),
}
_GROUP_KEYS = {text_key(word): group for group, words in _GROUP_WORDS.items() for word in words}


def group_of(key: str) -> str | None:
    """The attendance group a folded heading names (``"närvarande"`` -> present)."""
    return _GROUP_KEYS.get(key)


DECISION_WORDS = frozenset(
    text_key(w) for w in (*both_labels("decisions"), "Decisions", "Beslutade")
)
PRESENTER_WORDS = frozenset(text_key(w) for w in (*both_labels("presenters"), "Föredragare"))
FOLLOW_UP_WORDS = frozenset(
    text_key(w) for w in (*both_labels("follow_ups"), "Uppföljningar", "Follow-ups")
)
RECORDER_WORDS = frozenset(text_key(w) for w in both_labels("recorded_by"))
UPCOMING_WORDS = frozenset(text_key(w) for w in both_labels("upcoming"))
SWEDISH_WORDS = frozenset(
    [
        *(text_key(label(name, Language.SV)) for name in ("date", "time", "location", "body")),
        *(text_key(label(name, Language.SV)) for name in ("present", "absent", "guests")),
        *(text_key(word) for word in ("Lokal", "Länk", "Webb", "Webbsida", "Närvaro")),
        *(text_key(word) for word in ("Frånvarande", "Anmält förhinder", "Adjungerade", "Gäster")),
        *(text_key(word) for word in ("Övriga deltagare", "Inbjudna")),
    ]
)

HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "date": both_labels("date"),
    "time": both_labels("time"),
    "location": (*both_labels("location"), "Lokal"),
    "body": both_labels("body"),
    "organisation": (*both_labels("organisation"), "Organization"),
    "status": ("Status",),
    "url": ("Länk", "Link", "Webb", "Webbsida"),
    "revision": ("Revision",),
}
STATUS_WORDS: dict[MeetingStatus, tuple[str, str]] = {
    status: (status_word(status, Language.SV), status_word(status, Language.EN))
    for status in MeetingStatus
}
STATUS_ALIASES = {
    "genomförd": MeetingStatus.HELD,
    "planerad": MeetingStatus.PLANNED,
    "inställd": MeetingStatus.CANCELLED,
    "canceled": MeetingStatus.CANCELLED,
}

DEFAULT_BODY = cast(str, attrs.fields(Meeting).body.default)
DEFAULT_ORGANISATION = cast(str, attrs.fields(Meeting).organisation.default)
