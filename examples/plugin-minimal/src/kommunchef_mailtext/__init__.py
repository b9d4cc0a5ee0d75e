"""The ``mailtext`` format: the minutes as a plain-text e-mail body, wrapped at 72 columns.

A complete third-party exporter in one small module: it subclasses
:class:`kommunchef.exporting.OutlineExporter`, which reads the ``lang`` and ``items`` options
and builds the document outline; :meth:`MailTextExporter.render` only lays the outline out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping

from kommunchef.document import HeadingView, ListView, Outline, ParagraphView, plain
from kommunchef.exporting import OutlineExporter

__all__ = ["MailTextExporter", "exporter", "lines"]

WIDTH = 72


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first or indent]


def _list(block: ListView, indent: str) -> Iterator[str]:
    for index, entry in enumerate(block.entries):
        marker = f"{block.start + index}. " if block.ordered else "- "
        yield from _wrap(entry.text, indent + " " * len(marker), indent + marker)
        if entry.sublist is not None:
            yield from _list(entry.sublist, indent + " " * len(marker))


def lines(document: Outline) -> Iterator[str]:
    """The e-mail body, line by line."""
    yield from _wrap(document.title)
    yield "=" * min(len(document.title), WIDTH)
    for note in (document.excerpt_note, document.status_note):
        if note:
            yield from _wrap(note)
    yield ""
    for fact in document.facts:
        yield from _wrap(fact.text, "  ")
    for group in document.attendance:
        yield ""
        yield from _wrap(group.caption)
        for person in group.people:
            yield from _wrap(person.text, "    ", "  - ")
    for item in document.items:
        yield ""
        yield from _wrap(item.heading)
        yield "-" * min(len(item.heading), WIDTH)
        if item.presenters:
            yield from _wrap(f"{document.label('presenters')}: {item.presenters_text}")
        for block in item.body:
            if isinstance(block, ParagraphView):
                yield from _wrap(plain(block.content))
            elif isinstance(block, HeadingView):
                yield from _wrap(block.text)
            else:
                yield from _list(block, "")
        for upcoming in item.upcoming:
            yield from _wrap(upcoming.text, "    ", "  - ")
        if item.decisions:
            yield f"{document.label('decisions')}:"
            for decision in item.decisions:
                yield from _wrap(decision.text, "  ")
        if item.follow_ups:
            yield f"{document.label('follow_ups')}:"
            for follow_up in item.follow_ups:
                yield from _wrap(follow_up.line, "    ", "  - ")
    if document.upcoming:
        yield ""
        yield from _wrap(document.upcoming_heading)
        for upcoming in document.upcoming:
            yield from _wrap(upcoming.text, "    ", "  - ")
    if document.signature is not None:
        yield ""
        yield from _wrap(document.signature.text)


class MailTextExporter(OutlineExporter):
    """The minutes as a plain-text e-mail body (options ``lang`` and ``items``)."""

    name = "mailtext"
    media_type = "text/plain"
    suffix = ".mail.txt"
    description = "Plain-text e-mail body of the minutes, wrapped at 72 columns"

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        return ("\n".join(lines(document)) + "\n").encode("utf-8")


exporter = MailTextExporter()
"""The object the entry point ``mailtext = "kommunchef_mailtext:exporter"`` names."""
