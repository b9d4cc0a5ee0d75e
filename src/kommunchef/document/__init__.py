"""The document outline: what a document of a meeting says, in the words it says it.

:func:`outline` turns a meeting into small frozen views: the title, the facts, the attendance
groups, the agenda items with their presenters, body, decisions and follow-ups, the upcoming
meetings as display lines, and the signature. Every wording and policy decision is taken here,
once: the labels, punctuation, dates in words, which parts an excerpt keeps, where the upcoming
meetings stand, which URLs are links. Formats only render the outline, so a DOCX file, a web
page, a PDF and an e-mail say the same thing.

The package: ``kommunchef.document.views`` holds the classes,
``kommunchef.document.build`` builds them (:func:`outline`) and
``kommunchef.document.reading`` lists their texts in reading order (:func:`texts`).
"""

from __future__ import annotations

from kommunchef.document.build import (
    ATTENDANCE_GROUPS,
    EXCERPT_KEEPS,
    LANGUAGE_TAGS,
    is_upcoming_title,
    outline,
    upcoming_host_index,
    upcoming_view,
)
from kommunchef.document.reading import texts
from kommunchef.document.views import (
    BlockView,
    FactView,
    FollowUpView,
    GroupView,
    HeadingView,
    ItemView,
    LinkView,
    ListEntryView,
    ListView,
    Outline,
    ParagraphView,
    PersonView,
    Segment,
    SignatureView,
    Span,
    TimeView,
    UpcomingView,
    plain,
)
from kommunchef.keys import text_key as person_key  # how two names compare

__all__ = [
    "ATTENDANCE_GROUPS",
    "EXCERPT_KEEPS",
    "LANGUAGE_TAGS",
    "BlockView",
    "FactView",
    "FollowUpView",
    "GroupView",
    "HeadingView",
    "ItemView",
    "LinkView",
    "ListEntryView",
    "ListView",
    "Outline",
    "ParagraphView",
    "PersonView",
    "Segment",
    "SignatureView",
    "Span",
    "TimeView",
    "UpcomingView",
    "is_upcoming_title",
    "outline",
    "person_key",
    "plain",
    "texts",
    "upcoming_host_index",
    "upcoming_view",
]
