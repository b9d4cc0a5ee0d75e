"""An agenda item's lines as blocks: paragraphs and (nested) lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kommunchef.model import (
    BulletList,
    ListItem,
    NumberedList,
)
from kommunchef.plaintext.errors import fail
from kommunchef.plaintext.inline import read_inline
from kommunchef.plaintext.lines import Line, next_content


@dataclass
class ItemBuild:
    line: Line
    text: str
    sub: _ListBuild | None = None


@dataclass
class _ListBuild:
    numbered: bool
    start: int
    indent: int
    last: int
    items: list[ItemBuild] = field(default_factory=list)


@dataclass
class _RawBlock:
    lines: list[Line]
    ended_by_blank: bool
    tree: _ListBuild | None = None

    @property
    def first(self) -> Line:
        return self.lines[0]


def _read_list(lines: Sequence[Line], index: int) -> tuple[_RawBlock, int]:
    """A list block starting at ``index``: items, nesting by indentation, loose lists."""
    first = lines[index]
    marker = first.marker
    assert marker is not None
    root = _ListBuild(marker.numbered, marker.number or 1, first.indent, marker.number)
    root.items.append(ItemBuild(first, marker.content))
    stack = [root]
    used = [first]
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.blank:
            following = next_content(lines, index)
            if following is None:
                break
            candidate = lines[following]
            found = candidate.marker
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
        found = line.marker
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
            raise fail(
                "a nested list mixes bullets and numbers; indent the inner list further "
                "or use one kind of marker",
                line,
            )
        level.items.append(ItemBuild(line, found.content))
        level.last = found.number
        used.append(line)
        index += 1
    ended_by_blank = index >= len(lines) or lines[index].blank
    return _RawBlock(used, ended_by_blank, root), index


def read_blocks(lines: Sequence[Line]) -> list[_RawBlock]:
    """Split an agenda item's lines into paragraphs and lists."""
    blocks: list[_RawBlock] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.blank:
            index += 1
            continue
        if line.marker is not None:
            block, index = _read_list(lines, index)
            blocks.append(block)
            continue
        paragraph = [line]
        index += 1
        while index < len(lines) and not lines[index].blank:
            marker = lines[index].marker
            # A bullet or a list starting at 1 may begin right below a paragraph line.
            if marker is not None and (not marker.numbered or marker.number == 1):
                break
            paragraph.append(lines[index])
            index += 1
        blocks.append(_RawBlock(paragraph, index >= len(lines) or lines[index].blank))
    return blocks


def list_block(tree: _ListBuild) -> BulletList | NumberedList:
    items = tuple(
        ListItem(read_inline(item.text), list_block(item.sub) if item.sub else None)
        for item in tree.items
    )
    if tree.numbered:
        return NumberedList(items, start=tree.start)
    return BulletList(items)
