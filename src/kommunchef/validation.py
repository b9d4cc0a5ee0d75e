"""Whole-meeting rules: every problem at once, each with a severity, a path and a message."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal

from attrs import frozen

from kommunchef import municipalities
from kommunchef._checks import date_out_of_range
from kommunchef.keys import text_key
from kommunchef.model import AgendaItem, BulletList, ListItem, Meeting, NumberedList, Person
from kommunchef.records import Record

Severity = Literal["error", "warning"]

MAX_LIST_DEPTH = 3
"""Lists may nest this deep: documents have list styles for three levels."""

MAX_PROBLEMS = 1000
"""At most this many problems are listed; one more problem says how many were left out."""


@frozen
class Problem(Record):
    """One problem: ``severity`` is "error" or "warning"; ``path`` is like ``agenda[2].title``."""

    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(meeting)'}: {self.severity}: {self.message}"


def _error(path: str, message: str) -> Problem:
    return Problem("error", path, message)


def _warning(path: str, message: str) -> Problem:
    return Problem("warning", path, message)


def validate(meeting: Meeting) -> list[Problem]:
    """Check the rules that need the whole meeting; return every problem found.

    Errors make a meeting unfit to export; warnings point at something that is probably a
    mistake. An empty list means the meeting is valid.
    """
    problems: list[Problem] = []
    left_out: dict[Severity, int] = {"error": 0, "warning": 0}
    for rule in _RULES:
        for problem in rule(meeting):
            if len(problems) < MAX_PROBLEMS:
                problems.append(problem)
            else:
                left_out[problem.severity] += 1
    if left_out["error"] or left_out["warning"]:
        count = left_out["error"] + left_out["warning"]
        severity: Severity = "error" if left_out["error"] else "warning"
        problems.append(Problem(severity, "", f"and {count} more problems not listed"))
    return problems


_ERRORS_OF: dict[int, list[Problem]] = {}


def errors_of(meeting: Meeting) -> list[Problem]:
    """The errors of a meeting, remembered for as long as the meeting object lives.

    Meetings are frozen, so a meeting exported to several formats is checked only once.
    """
    key = id(meeting)
    known = _ERRORS_OF.get(key)
    if known is None:
        known = [p for p in validate(meeting) if p.severity == "error"]
        _ERRORS_OF[key] = known
        # Forget the result when the meeting is collected, before its id can be reused.
        weakref.finalize(meeting, _ERRORS_OF.pop, key, None)
    return known


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.severity == "error" for p in problems)


def _dates(meeting: Meeting) -> Iterator[Problem]:
    """Every date inside the supported range, so that every format can write it."""
    found: list[tuple[str, object]] = [
        ("date", meeting.date),
        ("start", meeting.start),
        ("end", meeting.end),
    ]
    for index, upcoming in enumerate(meeting.upcoming):
        found.append((f"upcoming[{index}].date", upcoming.date))
        found.append((f"upcoming[{index}].end_date", upcoming.end_date))
    for index, item in enumerate(meeting.agenda):
        for follow_index, follow_up in enumerate(item.follow_ups):
            found.append((f"agenda[{index}].follow_ups[{follow_index}].due", follow_up.due))
    for path, value in found:
        if isinstance(value, date):
            outside = date_out_of_range(value)
            if outside is not None:
                yield _error(path, outside)


def _times(meeting: Meeting) -> Iterator[Problem]:
    if meeting.start is not None and meeting.start.date() != meeting.date:
        yield _error(
            "start",
            f"starts on {meeting.start.date().isoformat()}, not on the meeting's date "
            f"{meeting.date.isoformat()}",
        )
    if meeting.end is not None and meeting.start is None:
        yield _error("end", "has an end time but no start time")
    if meeting.start is not None and meeting.end is not None and meeting.end <= meeting.start:
        yield _error(
            "end",
            f"ends at {meeting.end.isoformat()}, not after the start {meeting.start.isoformat()}",
        )


def _attendance(meeting: Meeting) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for group in ("present", "absent", "guests"):
        people: tuple[Person, ...] = getattr(meeting, group)
        for index, person in enumerate(people):
            path = f"{group}[{index}]"
            key = text_key(person.name)
            if key in seen:
                earlier = seen[key]
                if earlier.startswith("present") and group == "absent":
                    message = f"{person.name} is listed both as present ({earlier}) and absent"
                elif earlier.startswith("absent") and group == "guests":
                    message = f"{person.name} is listed both as absent ({earlier}) and as a guest"
                else:
                    message = f"{person.name} is listed twice (also at {earlier})"
                yield _error(path, message)
            else:
                seen[key] = path
    if not meeting.present and meeting.kind == "minutes" and meeting.status == "held":
        yield _warning("present", "the minutes of a held meeting list nobody as present")


def _organisations(meeting: Meeting) -> Iterator[Problem]:
    def people() -> Iterator[tuple[str, Person]]:
        for group in ("present", "absent", "guests"):
            for index, person in enumerate(getattr(meeting, group)):
                yield f"{group}[{index}]", person
        for item_index, item in enumerate(meeting.agenda):
            for index, person in enumerate(item.presenters):
                yield f"agenda[{item_index}].presenters[{index}]", person

    for path, person in people():
        if person.organisation is None:
            continue
        suggestion = municipalities.suggest(person.organisation)
        if suggestion is not None:
            yield _error(
                f"{path}.organisation",
                f"unknown municipality {person.organisation!r}; did you mean {suggestion!r}?",
            )


def _agenda(meeting: Meeting) -> Iterator[Problem]:
    # Built once per meeting, not per agenda item or presenter: checking stays linear in
    # the size of the meeting.
    attendees = {text_key(p.name) for p in meeting.participants()}
    absent = {text_key(p.name) for p in meeting.absent}
    for index, item in enumerate(meeting.agenda):
        if item.number != index + 1:
            yield _error(
                f"agenda[{index}].number",
                f"agenda item {index + 1} is numbered {item.number}; "
                "items must be numbered 1, 2, 3 ... in order",
            )
        yield from _item(meeting, index, item, attendees, absent)


def _item(
    meeting: Meeting, index: int, item: AgendaItem, attendees: set[str], absent: set[str]
) -> Iterator[Problem]:
    for presenter_index, presenter in enumerate(item.presenters):
        if attendees and text_key(presenter.name) not in attendees:
            yield _warning(
                f"agenda[{index}].presenters[{presenter_index}]",
                f"{presenter.name} presents but is neither present nor a guest",
            )
        if text_key(presenter.name) in absent:
            yield _error(
                f"agenda[{index}].presenters[{presenter_index}]",
                f"{presenter.name} presents but is listed as absent",
            )
    for block_index, block in enumerate(item.body):
        if isinstance(block, BulletList | NumberedList):
            yield from _list_depth(f"agenda[{index}].body[{block_index}]", block, 1)
    for follow_index, follow_up in enumerate(item.follow_ups):
        if follow_up.due is not None and follow_up.due < meeting.date:
            yield _error(
                f"agenda[{index}].follow_ups[{follow_index}].due",
                f"is due on {follow_up.due.isoformat()}, before the meeting "
                f"({meeting.date.isoformat()})",
            )


def _list_depth(path: str, block: BulletList | NumberedList, depth: int) -> Iterator[Problem]:
    if depth > MAX_LIST_DEPTH:
        yield _error(path, f"lists are nested {depth} deep; at most {MAX_LIST_DEPTH} levels")
        return
    for index, entry in enumerate(block.items):
        sub: ListItem = entry
        if sub.sublist is not None:
            yield from _list_depth(f"{path}.items[{index}].sublist", sub.sublist, depth + 1)


def _upcoming(meeting: Meeting) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    for index, upcoming in enumerate(meeting.upcoming):
        path = f"upcoming[{index}]"
        if upcoming.date < meeting.date:
            yield _error(
                f"{path}.date",
                f"{upcoming.date.isoformat()} is before the meeting ({meeting.date.isoformat()})",
            )
        if upcoming.end_date is not None and upcoming.end_date < upcoming.date:
            yield _error(
                f"{path}.end_date",
                f"{upcoming.end_date.isoformat()} is before the start {upcoming.date.isoformat()}",
            )
        if upcoming.end_date is not None and upcoming.end_date == upcoming.date:
            yield _warning(f"{path}.end_date", "equals the date; leave it out for one day")
        if upcoming.end_time is not None and upcoming.start_time is None:
            yield _error(f"{path}.end_time", "has an end time but no start time")
        start, end = upcoming.start, upcoming.end
        if start is not None and end is not None and end <= start:
            yield _error(f"{path}.end_time", "the meeting ends before it starts")
        if upcoming.id is not None:
            if upcoming.id in ids:
                other = ids[upcoming.id]
                yield _error(f"{path}.id", f"{upcoming.id!r} is also used by upcoming[{other}]")
            ids[upcoming.id] = index
            if upcoming.id == meeting.id:
                yield _error(f"{path}.id", "equals the meeting's own id")


def _recorder(meeting: Meeting) -> Iterator[Problem]:
    recorder = meeting.recorded_by
    if recorder is None:
        if meeting.kind == "minutes" and meeting.status == "held":
            yield _warning("recorded_by", "the minutes do not say who recorded them")
        return
    if text_key(recorder.name) not in {text_key(p.name) for p in meeting.participants()}:
        yield _warning(
            "recorded_by.name", f"{recorder.name} recorded the minutes but is not listed as present"
        )


def _status(meeting: Meeting) -> Iterator[Problem]:
    if meeting.status == "cancelled" and meeting.present:
        yield _warning("status", "the meeting is cancelled but lists people as present")


_RULES = (_dates, _times, _attendance, _organisations, _agenda, _upcoming, _recorder, _status)
