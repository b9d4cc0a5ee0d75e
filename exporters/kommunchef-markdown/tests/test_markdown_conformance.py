"""The conformance check of kommunchef.testing, with Markdown's own checks on every meeting."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from hypothesis import given, settings
from kommunchef_markdown import escape, exporter
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kommunchef.model import (
    BulletList,
    Heading,
    Inline,
    Link,
    Meeting,
    NumberedList,
    Paragraph,
    plain_text,
)
from kommunchef.testing import check_exporter, texts


def _flatten(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _flatten(token.children)


def _words(text: str) -> str:
    # Renderers drop spaces at the start and end of a line, Unicode spaces included.
    return " ".join(text.split())


def _inline_contents(meeting: Meeting) -> Iterator[tuple[Inline, ...]]:
    def from_list(block: BulletList | NumberedList) -> Iterator[tuple[Inline, ...]]:
        for entry in block.items:
            yield entry.content
            if entry.sublist is not None:
                yield from from_list(entry.sublist)

    for item in meeting.agenda:
        for block in item.body:
            if isinstance(block, Paragraph):
                yield block.content
            elif isinstance(block, BulletList | NumberedList):
                yield from from_list(block)
        for decision in item.decisions:
            yield decision.content


def _texts(meeting: Meeting) -> Iterator[str]:
    """Every text of the meeting that the document shows."""
    yield meeting.body
    for person in (*meeting.present, *meeting.absent, *meeting.guests):
        yield person.name
        yield from (part for part in (person.title, person.organisation_label) if part)
    for item in meeting.agenda:
        yield item.title
        yield from (block.text for block in item.body if isinstance(block, Heading))
        for follow_up in item.follow_ups:
            yield follow_up.text
            if follow_up.owner:
                yield follow_up.owner
    yield from (plain_text(content) for content in _inline_contents(meeting))
    for upcoming in meeting.upcoming:
        yield upcoming.title
        yield from (part for part in (upcoming.location, upcoming.note) if part)
    if meeting.location:
        yield meeting.location
    if meeting.recorded_by is not None:
        yield meeting.recorded_by.name


def _shown_text(inline: Token) -> str:
    """The characters a reader sees in one line or paragraph."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def check_markdown(gfm: MarkdownIt, meeting: Meeting, data: bytes) -> None:
    """The document is UTF-8 Markdown that shows every text as text and makes only the
    meeting's own links."""
    text = data.decode("utf-8")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\r" not in text
    tokens = list(_flatten(gfm.parse(text)))
    kinds = {token.type for token in tokens}
    assert not kinds & {
        "html_block",
        "html_inline",
        "image",
        "table_open",
        "code_block",
        "fence",
        "code_inline",
        "s_open",
        "em_open",
        "hr",
        "blockquote_open",
    }, kinds
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1

    links = [part for content in _inline_contents(meeting) for part in content]
    expected = [unquote(part.url) for part in links if isinstance(part, Link)]
    if meeting.url:
        expected.append(unquote(meeting.url))
    hrefs = [unquote(str(t.attrs["href"])) for t in tokens if t.type == "link_open"]
    assert sorted(hrefs) == sorted(expected)

    shown = _words("\n".join(_shown_text(t) for t in tokens if t.type == "inline"))
    for part in _texts(meeting):
        assert _words(part) in shown, part


# --8<-- [start:conforms]
def test_conforms(gfm: MarkdownIt) -> None:
    check_exporter(
        exporter,
        examples=25,
        check_output=lambda meeting, data: check_markdown(gfm, meeting, data),
    )


# --8<-- [end:conforms]


def test_attributes() -> None:
    assert (exporter.name, exporter.media_type, exporter.suffix) == ("md", "text/markdown", ".md")
    assert exporter.options == ("lang", "items")


@settings(max_examples=200, deadline=None)
@given(texts(60))
def test_escaped_text_reads_back_exactly(gfm: MarkdownIt, text: str) -> None:
    """Any text, escaped, is one paragraph of plain text with exactly these characters."""
    tokens = gfm.parse(f"Text: {escape(text)}")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {child.type for child in children} <= {"text", "text_special"}
    assert "".join(child.content for child in children) == f"Text: {text}"
