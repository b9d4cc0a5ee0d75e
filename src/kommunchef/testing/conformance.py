"""The conformance kit every exporter plugin runs in its tests (ours and third parties').

:func:`check_exporter` checks the exporter's attributes and registration, that every valid
meeting (generated ones and a hostile one) exports, that the meeting is left unchanged, that an
unknown option is refused, and, for exporters that render the document outline, that every text
of the outline appears in the output in reading order (:func:`check_rendering`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from xml.etree import ElementTree

import attrs
from hypothesis import HealthCheck, given, settings

from kommunchef.document import Outline, outline, texts
from kommunchef.errors import KommunchefError, OptionError
from kommunchef.exporting import Exporter
from kommunchef.links import is_noncharacter
from kommunchef.model import Meeting
from kommunchef.testing.strategies import hostile_meeting, meetings

__all__ = ["check_exporter", "check_rendering", "rendered_text"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


class _TextOfPage(HTMLParser):
    """The text a reader sees in a page's body: no head, no script, no style."""

    _HIDDEN = frozenset({"head", "script", "style", "template"})
    # Inline elements join their text to the words around them; every other element breaks.
    _INLINE = frozenset(
        {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q", "s", "small"}
        | {"span", "strong", "sub", "sup", "time", "u", "var"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        if tag not in self._INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag not in self._INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    parts: list[str] = []
    for element in ElementTree.fromstring(xml).iter():
        if element.tag == f"{_W}t" and element.text:
            parts.append(element.text)
        elif element.tag in (f"{_W}p", f"{_W}tab", f"{_W}br"):
            parts.append(" ")
    return "".join(parts)


def rendered_text(exporter: Exporter, data: bytes) -> str:
    """The text a reader of the output sees, for comparing it with the outline.

    An exporter can say it itself with a ``text_of(data) -> str`` method (a PDF exporter
    would); otherwise HTML, Markdown, plain text and DOCX are read by their media type.
    """
    text_of: Callable[[bytes], str] | None = getattr(exporter, "text_of", None)
    if text_of is not None:
        return text_of(data)
    media_type = exporter.media_type.split(";")[0].strip()
    if media_type == DOCX_MEDIA_TYPE:
        return _docx_text(data)
    text = data.decode("utf-8")
    if media_type == "text/html":
        page = _TextOfPage()
        page.feed(text)
        page.close()
        return "".join(page.parts)
    if media_type == "text/markdown":
        return _MARKDOWN_ESCAPE.sub(r"\1", text)
    return text


def _normal(text: str) -> str:
    # HTML forbids noncharacters and shows U+FFFD instead; spaces and line breaks are layout.
    text = "".join("\ufffd" if is_noncharacter(c) else c for c in text)
    return " ".join(text.split())


def check_rendering(exporter: Exporter, document: Outline, data: bytes) -> None:
    """Every text of ``document`` appears in the rendered ``data``, in reading order.

    A format whose text layer cannot keep every character (a PDF keeps glyphs) gives a
    ``comparable_text(text) -> str`` method; both sides are then compared through it.
    """
    comparable: Callable[[str], str] = getattr(exporter, "comparable_text", _unchanged)
    shown = _normal(comparable(rendered_text(exporter, data)))
    position = 0
    for text in _non_blank(comparable(text) for text in texts(document)):
        found = shown.find(text, position)
        if found < 0:
            where = "at all" if shown.find(text) < 0 else "after the text before it"
            raise AssertionError(
                f"the {exporter.name} output does not show {text[:80]!r} {where} "
                f"(outline order: title, facts, attendance, items, upcoming, signature)"
            )
        position = found + len(text)


def _unchanged(text: str) -> str:
    return text


def _non_blank(values: Iterable[str]) -> Iterable[str]:
    for value in values:
        value = _normal(value)
        if value:
            yield value


def _expect(condition: bool, message: str) -> None:
    # Not ``assert``: the conformance check must also hold under ``python -O``.
    if not condition:
        raise AssertionError(message)


def check_exporter(
    exporter: Exporter,
    *,
    examples: int = 25,
    check_output: Callable[[Meeting, bytes], None] | None = None,
) -> None:
    """The conformance check every exporter plugin runs in its own tests.

    It checks the exporter's attributes, that it is registered under its name, that it turns
    generated meetings (and a hostile one) into non-empty bytes, that it does not change the
    meeting, and that an unknown option raises :class:`~kommunchef.errors.OptionError`. An
    exporter that renders the document outline (``renders_outline = True``, as every
    :class:`~kommunchef.exporting.OutlineExporter` does) must show every text of the outline
    in order, for the whole document and for an excerpt (:func:`check_rendering`).
    ``check_output(meeting, data)`` may add format-specific assertions.
    """
    from kommunchef.exporting import get_exporter

    for attribute in ("name", "media_type", "suffix", "description"):
        value = getattr(exporter, attribute, None)
        _expect(
            isinstance(value, str) and bool(value.strip()), f"exporter.{attribute} must be text"
        )
    _expect(
        exporter.name.isidentifier() and exporter.name == exporter.name.lower(),
        f"format name {exporter.name!r} must be a lower-case identifier",
    )
    _expect("/" in exporter.media_type, f"media type {exporter.media_type!r} is not type/subtype")
    _expect(exporter.suffix.startswith(".") and len(exporter.suffix) > 1, "suffix needs its dot")
    _expect("\n" not in exporter.description, "the description must be one line")
    declared = getattr(exporter, "options", ())
    _expect(
        isinstance(declared, tuple) and all(isinstance(o, str) for o in declared),
        "exporter.options must be a tuple of option names",
    )
    registered = get_exporter(exporter.name)
    assert type(registered) is type(exporter), (
        f"the entry point {exporter.name!r} does not give this exporter"
    )

    renders_outline = bool(getattr(exporter, "renders_outline", False))

    def run(meeting: Meeting) -> None:
        before = attrs.asdict(meeting, recurse=True)
        data = exporter.export(meeting)
        _expect(isinstance(data, bytes) and bool(data), "export must return non-empty bytes")
        _expect(attrs.asdict(meeting, recurse=True) == before, "export changed the meeting")
        if renders_outline:
            check_rendering(exporter, outline(meeting), data)
            numbers = [item.number for item in meeting.agenda][:2]
            if numbers:
                items = ",".join(str(n) for n in numbers)
                part = exporter.export(meeting, items=items)
                check_rendering(exporter, outline(meeting, items=numbers), part)
        if check_output is not None:
            check_output(meeting, data)

    run(hostile_meeting())
    try:
        exporter.export(hostile_meeting(), no_such_option_xyz="1")
    except OptionError:
        pass
    else:
        raise AssertionError("an unknown option must raise kommunchef.errors.OptionError")

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(meetings())
    def generated(meeting: Meeting) -> None:
        try:
            run(meeting)
        except KommunchefError as error:  # a valid meeting must always export
            raise AssertionError(f"a valid meeting did not export: {error}") from error

    generated()
