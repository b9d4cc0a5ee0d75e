"""Every text of an outline in reading order: what any rendering of it must show."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kommunchef.document.views import (
    BlockView,
    HeadingView,
    ItemView,
    Outline,
    ParagraphView,
    Span,
    UpcomingView,
)


def texts(document: Outline) -> Iterator[str]:
    """Every text of the outline in reading order: what any rendering must show, in order.

    Used by the conformance check (:func:`kommunchef.testing.check_exporter`) and by tests
    that compare a rendering with its outline.
    """
    yield document.title
    if document.excerpt_note:
        yield document.excerpt_note
    if document.status_note:
        yield document.status_note
    for fact in document.facts:
        yield fact.label
        yield fact.value
    for group in document.attendance:
        yield group.caption
        for person in group.people:
            yield person.name
    for item in document.items:
        yield from _item_texts(document, item)
    if document.upcoming:
        yield document.upcoming_heading
        for upcoming in document.upcoming:
            yield from _upcoming_texts(upcoming)
    if document.signature is not None:
        yield document.signature.label
        yield document.signature.name


def _item_texts(document: Outline, item: ItemView) -> Iterator[str]:
    yield item.title
    for person in item.presenters:
        yield person.name
    for block in item.body:
        yield from _block_texts(block)
    for upcoming in item.upcoming:
        yield from _upcoming_texts(upcoming)
    if item.decisions:
        yield document.label("decisions")
        for decision in item.decisions:
            yield from _span_texts(decision.content)
    if item.follow_ups:
        yield document.label("follow_ups")
        for follow_up in item.follow_ups:
            yield follow_up.text


def _upcoming_texts(upcoming: UpcomingView) -> Iterator[str]:
    yield upcoming.when
    if upcoming.cancelled:
        yield next(s.text for s in upcoming.segments if s.role == "cancelled")
    yield upcoming.title
    if upcoming.place:
        yield upcoming.place
    if upcoming.note:
        yield upcoming.note


def _block_texts(block: BlockView) -> Iterator[str]:
    if isinstance(block, ParagraphView):
        yield from _span_texts(block.content)
    elif isinstance(block, HeadingView):
        yield block.text
    else:
        for entry in block.entries:
            yield from _span_texts(entry.content)
            if entry.sublist is not None:
                yield from _block_texts(entry.sublist)


def _span_texts(spans: Iterable[Span]) -> Iterator[str]:
    for span in spans:
        text = span if isinstance(span, str) else span.text
        if text.strip():
            yield text.strip()
