"""Writing a meeting as plain-text minutes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from kommunchef.document import Outline, is_upcoming_title, outline, upcoming_host_index
from kommunchef.labels import label, status_word
from kommunchef.model import (
    AgendaItem,
    Block,
    BulletList,
    DocumentKind,
    FollowUp,
    Heading,
    Language,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)
from kommunchef.plaintext.inline import write_inline
from kommunchef.plaintext.people import write_person
from kommunchef.plaintext.sentences import stated_follow_ups as stated_follow_ups_of
from kommunchef.plaintext.upcoming import upcoming_in_text, upcoming_line
from kommunchef.plaintext.vocabulary import (
    DEFAULT_BODY,
    DEFAULT_ORGANISATION,
    GROUPS,
)

_Item = TypeVar("_Item", UpcomingMeeting, FollowUp)

# Writing --------------------------------------------------------------------------------------

_UnitKind = Literal[
    "presenters", "paragraph", "heading", "list", "bullets", "marker", "decision", "follow_up"
]


@dataclass(frozen=True)
class Unit:
    """One block of an agenda item as the writer writes it."""

    kind: _UnitKind
    text: str
    block: Block | None = None


def paragraph_upcoming(meeting: Meeting) -> list[UpcomingMeeting]:
    """The upcoming meetings that the paragraphs of upcoming-meetings items already state."""
    found: list[UpcomingMeeting] = []
    for item in meeting.agenda:
        if is_upcoming_title(item.title):
            for block in item.body:
                if isinstance(block, Paragraph):
                    found.extend(upcoming_in_text(block.text, meeting.date, meeting.body))
    return found


def bullet_upcoming(meeting: Meeting) -> list[UpcomingMeeting]:
    """The upcoming meetings the writer writes as bullets: those no paragraph states."""
    return _not_stated(meeting.upcoming, paragraph_upcoming(meeting))


def _list_lines(block: BulletList | NumberedList, indent: int = 0) -> list[str]:
    lines = []
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}." if isinstance(block, NumberedList) else "-"
        lines.append(f"{' ' * indent}{marker} {write_inline(item.content)}")
        if item.sublist is not None:
            lines.extend(_list_lines(item.sublist, indent + len(marker) + 1))
    return lines


def stated_follow_ups(item: AgendaItem) -> list[FollowUp]:
    """The follow-ups that the item's paragraphs and decisions already say, in order."""
    return [
        FollowUp(sentence)
        for block in (*item.body, *item.decisions)
        if isinstance(block, Paragraph)
        for sentence in stated_follow_ups_of(block.text)
    ]


def unstated_follow_ups(item: AgendaItem) -> list[FollowUp]:
    """The follow-ups the writer writes as paragraphs of their own: those no paragraph says."""
    return _not_stated(item.follow_ups, stated_follow_ups(item))


def _not_stated(items: Sequence[_Item], stated: Sequence[_Item]) -> list[_Item]:
    """``items`` less those the text already states, each stated one taken once."""
    left = Counter(stated)
    rest = []
    for item in items:
        if left[item]:
            left[item] -= 1
        else:
            rest.append(item)
    return rest


def upcoming_lines(bullets: Sequence[UpcomingMeeting], language: Language) -> str:
    """The upcoming meetings as bullets, one a line (the grammar's own form)."""
    return "\n".join(upcoming_line(upcoming, language) for upcoming in bullets)


def item_units(
    meeting: Meeting, item: AgendaItem, bullets: Sequence[UpcomingMeeting]
) -> list[Unit]:
    language = meeting.language
    units: list[Unit] = []
    if item.presenters:
        names = ", ".join(person.name for person in item.presenters)
        units.append(Unit("presenters", f"{label('presenters', language)}: {names}"))
    for block in item.body:
        if isinstance(block, Paragraph):
            units.append(Unit("paragraph", write_inline(block.content), block))
        elif isinstance(block, Heading):
            units.append(Unit("heading", block.text, block))
        else:
            units.append(Unit("list", "\n".join(_list_lines(block)), block))
    if bullets:
        units.append(Unit("bullets", upcoming_lines(bullets, language)))
    if item.decisions:
        units.append(Unit("marker", label("decisions", language)))
        for decision in item.decisions:
            units.append(Unit("decision", write_inline(decision.content), decision))
    for follow_up in unstated_follow_ups(item):
        units.append(Unit("follow_up", follow_up.text))
    return units


def _header_lines(meeting: Meeting, document: Outline) -> list[str]:
    """The header: the outline's date, time and place facts, then what only this format
    writes down (body, organisation, status, link and revision, each when not the default)."""
    needed = (
        meeting.start is not None
        or meeting.location is not None
        or meeting.body != DEFAULT_BODY
        or meeting.organisation != DEFAULT_ORGANISATION
        or meeting.status is not MeetingStatus.HELD
        or meeting.url is not None
        or meeting.revision != 0
    )
    if not needed:
        return []
    words = document.words
    lines = [fact.text for fact in document.facts if fact.key in ("date", "time", "location")]
    if meeting.body != DEFAULT_BODY:
        lines.append(f"{words['body']}: {meeting.body}")
    if meeting.organisation != DEFAULT_ORGANISATION:
        lines.append(f"{words['organisation']}: {meeting.organisation}")
    if meeting.status is not MeetingStatus.HELD:
        lines.append(f"{words['status']}: {status_word(meeting.status, document.language)}")
    if meeting.url is not None:
        lines.append(f"{words['url']}: {meeting.url}")
    if meeting.revision:
        lines.append(f"{words['revision']}: {meeting.revision}")
    return lines


def format_text(meeting: Meeting) -> str:
    """Write a meeting as plain-text minutes (the format :func:`parse_text` reads).

    Every meeting can be written; what the format cannot hold is left out (see
    :func:`inexpressible`). For a meeting that :func:`can_express` accepts,
    ``parse_text(format_text(m), date=m.date, meeting_id=m.id) == m``.
    """
    language = meeting.language
    document = outline(meeting)
    parts: list[str] = [document.kind_label]
    header = _header_lines(meeting, document)
    if header:
        parts.append("\n".join(header))
    for group in GROUPS:
        people: tuple[Person, ...] = getattr(meeting, group)
        if people or (group == "present" and meeting.kind is DocumentKind.MINUTES):
            parts.append(label(group, language).upper())
            if people:
                parts.append("\n".join(write_person(person) for person in people))
    bullets = bullet_upcoming(meeting)
    target = upcoming_host_index(meeting)
    for index, item in enumerate(meeting.agenda):
        parts.append(f"{item.number}. {item.title}")
        units = item_units(meeting, item, bullets if index == target else ())
        parts.extend(unit.text for unit in units)
    if bullets and target is None:
        parts.append(label("upcoming", language).upper())
        parts.append(upcoming_lines(bullets, language))
    if document.signature is not None:
        parts.append(document.signature.text)
    return "\n\n".join(parts) + "\n"
