"""The agenda cut into items: when a line ``N. Title`` is the next item and when list text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kommunchef.plaintext.errors import fail
from kommunchef.plaintext.lines import Line


@dataclass
class _Segment:
    """One agenda item's heading line, number, title and the lines under it."""

    heading: Line
    number: int
    title: str
    lines: list[Line]


@dataclass
class _OpenList:
    last: int
    count: int
    loose: bool


def _last_headings(lines: Sequence[Line]) -> dict[int, int]:
    """For each number, the index of the last line ``N. Title`` that follows a blank line.

    Computed once, so that asking "does a real item N come later?" costs nothing per line.
    """
    found: dict[int, int] = {}
    for index in range(1, len(lines)):
        agenda = lines[index].token.agenda
        if agenda is not None and lines[index - 1].blank:
            found[agenda[0]] = index
    return found


def segment_agenda(lines: Sequence[Line]) -> list[_Segment]:
    """The agenda's lines cut into items: each ``N. Title`` heading with the lines after it."""
    segments: list[_Segment] = []
    headings = _last_headings(lines)
    expected = 1
    open_list: _OpenList | None = None
    run: str | None = None  # what the current run of non-blank lines started as
    previous_blank = True
    for index, line in enumerate(lines):
        if line.blank:
            previous_blank = True
            if segments:
                segments[-1].lines.append(line)
            continue
        heading = line.token.agenda
        if heading and (previous_blank or not segments):
            number = heading[0]
            decision = _agenda_decision(
                lines, index, number, expected, open_list, headings, first=not segments
            )
            if decision == "heading":
                segments.append(_Segment(line, number, heading[1], []))
                expected += 1
                open_list, run, previous_blank = None, None, False
                continue
        marker = line.marker if line.indent == 0 else None
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
        segments[-1].lines.append(line)
    return segments


def _agenda_decision(
    lines: Sequence[Line],
    index: int,
    number: int,
    expected: int,
    open_list: _OpenList | None,
    headings: dict[int, int],
    *,
    first: bool,
) -> Literal["heading", "list"]:
    """Whether a stand-alone ``N. Title`` line is the next agenda item or list text."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    if first:
        if number != 1:
            raise fail(f"the first agenda item must be numbered 1, not {number}", line)
        return "heading"
    continues = open_list is not None and open_list.last == number - 1
    after = following.marker if following and not following.blank else None
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
            and headings.get(number, -1) > index
        ):
            return "list"
        if following is None or following.blank:
            return "heading"
        if list_follows:
            return "list"
        raise fail(
            f"agenda item {number}'s title needs a blank line after it (or is this a "
            "list? then start the list at 1)",
            line,
        )
    if continues or number == 1 or list_follows:
        return "list"
    raise fail(
        f"agenda item {number} follows item {expected - 1}: agenda items are numbered "
        f"1, 2, 3 ... in order (expected {expected})",
        line,
    )
