"""What the plain-text format can hold: the round-trip limits of the writer and reader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from kommunchef.document import is_upcoming_title, upcoming_host_index
from kommunchef.keys import text_key
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    Block,
    BulletList,
    DocumentKind,
    Inline,
    Meeting,
    NumberedList,
    Paragraph,
    Person,
)
from kommunchef.plaintext.dates import date_range_regex
from kommunchef.plaintext.inline import read_inline, write_inline
from kommunchef.plaintext.lines import Keyword, classify, heading_like
from kommunchef.plaintext.people import split_person, write_person
from kommunchef.plaintext.sentences import has_follow_up, split_follow_ups, split_sentences
from kommunchef.plaintext.upcoming import read_upcoming_line, upcoming_line
from kommunchef.plaintext.vocabulary import (
    GROUPS,
)
from kommunchef.plaintext.writer import (
    Unit,
    bullet_upcoming,
    item_units,
    paragraph_upcoming,
    stated_follow_ups,
)
from kommunchef.validation import has_errors, validate

# What the format can hold ---------------------------------------------------------------------


def _starts_specially(text: str) -> str | None:
    """Why a paragraph-like line would not read back as plain text, or None."""
    if text != text.strip() or not text:
        return "starts or ends with white space"
    token = classify(text)
    if token.marker is not None:
        return "starts like a list item"
    if token.keyword in (Keyword.DECISIONS, Keyword.DECISION):
        return "starts with 'Beslut'"
    if token.keyword is Keyword.PRESENTERS:
        return "starts with 'Föredragande:'"
    if token.keyword is Keyword.SIGNATURE:
        return "starts with 'Antecknat av'"
    if token.keyword is Keyword.SECTION:
        return "is the KOMMANDE MÖTEN heading"
    return None


def _inline_problem(content: Sequence[Inline]) -> str | None:
    written = write_inline(content)
    if written != written.strip():
        return "starts or ends with white space"
    if read_inline(written) != tuple(content):
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
    for group in GROUPS:
        for index, person in enumerate(getattr(meeting, group)):
            line = write_person(person)
            path = f"{group}[{index}]"
            if "," in person.name or ";" in person.name:
                yield f"{path}: a name cannot contain a comma or semicolon"
            elif person.organisation in ("-", "–") or (
                person.organisation is not None and "," in person.organisation
            ):
                yield f"{path}: the organisation cannot contain a comma or be a dash"
            elif split_person(line) != (
                person.name,
                person.organisation,
                person.title,
                person.email,
            ):
                yield f"{path}: the line {line!r} would read back differently"
            elif classify(line).agenda or classify(line).keyword is Keyword.SIGNATURE:
                yield f"{path}: the line starts like an agenda item or the signature"


def _item_limits(meeting: Meeting, index: int, item: AgendaItem) -> Iterator[str]:
    path = f"agenda[{index}]"
    attendees = {text_key(p.name): p for group in GROUPS for p in getattr(meeting, group)}
    for presenter in item.presenters:
        listed = attendees.get(text_key(presenter.name))
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
    bullets = bullet_upcoming(meeting) if index == upcoming_host_index(meeting) else []
    units = item_units(meeting, item, bullets)
    upcoming_item = is_upcoming_title(item.title)
    previous: Unit | None = None
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
            follow, rest = split_follow_ups(unit.text)
            if follow and not rest.strip():
                yield f"{where}: reads as a follow-up (it has no other sentence)"
            if more and heading_like(unit.text):
                yield f"{where}: a short line without a full stop reads as a sub-heading"
        elif unit.kind == "heading":
            if not heading_like(unit.text):
                yield f"{where}: does not read as a sub-heading (too long, punctuation, ...)"
            if not more:
                yield f"{where}: a sub-heading needs text after it"
        elif unit.kind == "follow_up":
            if split_sentences(unit.text) != [unit.text] or not has_follow_up(unit.text):
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
    stated = stated_follow_ups(item)
    if list(item.follow_ups[: len(stated)]) != stated:
        yield (
            f"{path}.follow_ups: the follow-ups that its paragraphs state must come first, in order"
        )
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
            and date_range_regex().match(write_inline(item.content))
        ):
            yield f"{where}: a bullet starting with a date reads as an upcoming meeting"
        if item.sublist is not None:
            yield from _list_limits(where, item.sublist, upcoming_item, top=False)


def _upcoming_limits(meeting: Meeting) -> Iterator[str]:
    stated = paragraph_upcoming(meeting)
    if list(meeting.upcoming[: len(stated)]) != stated:
        yield (
            "upcoming: the meetings that paragraphs of the upcoming-meetings item state must "
            "come first, in order"
        )
    for index, upcoming in enumerate(bullet_upcoming(meeting)):
        line = upcoming_line(upcoming, meeting.language)
        try:
            reading = read_upcoming_line(line[2:], meeting.date, meeting.body)
        except ValueError:
            reading = None
        back = reading.meeting if reading is not None else None
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
    and due date, an upcoming meeting's explicit id,
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
