"""Writing a document outline into the base document.

The body is built from python-docx's oxml elements directly: every style id, the numbering
and the hyperlink relationships are resolved once per document, so the loops over paragraphs
do no style lookups by name. What the document says comes from the core's outline
(:mod:`kommunchef.document`); this module only lays it out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from lxml.etree import SubElement  # type: ignore[import-untyped]

from kommunchef.document import (
    GroupView,
    HeadingView,
    ItemView,
    LinkView,
    ListView,
    Outline,
    ParagraphView,
    Span,
    UpcomingView,
)
from kommunchef.errors import ExportError
from kommunchef_docx._base import (
    Styles,
    default_base,
    open_base,
    release,
    resolve_styles,
    set_language,
    tidy_package,
)

Element = Any
"""An oxml (lxml) element; python-docx gives them no precise types."""

# Characters a URL may keep as they are; anything else (spaces, quotes, <, >, non-ASCII) is
# percent-encoded, because Word refuses relationship targets that are not URIs.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"

# A light grey behind the header row of the attendance tables.
_HEADER_SHADING = {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "F2F2F2"}

# Core properties are limited to 255 characters by the format.
_CORE_LIMIT = 255

_VAL = qn("w:val")
_TYPE = qn("w:type")
_W = qn("w:w")
_TABLE_LOOK = {
    qn("w:firstColumn"): "1",
    qn("w:firstRow"): "1",
    qn("w:lastColumn"): "0",
    qn("w:lastRow"): "0",
    qn("w:noHBand"): "0",
    qn("w:noVBand"): "1",
    _VAL: "04A0",
}
_XML_SPACE = qn("xml:space")


@cache
def _clark(prefixed: str) -> str:
    """The Clark name of a tag such as "w:p" ({namespace}name), worked out once."""
    return qn(prefixed)


def _add(parent: Element, prefixed: str, attributes: Mapping[str, str] | None = None) -> Element:
    """A new element at the end of ``parent``'s children, in ``parent``'s document.

    Made in place, it needs no namespace declarations of its own, which is quicker than
    making it apart (python-docx's OxmlElement) and appending it: a document has hundreds.
    """
    return SubElement(parent, _clark(prefixed), attributes)


def write(document_outline: Outline, *, template: str | None = None) -> bytes:
    """The DOCX document of an outline, in the built-in layout or an organisation's template."""
    if template is None:
        document, styles = default_base(document_outline.lang_tag)
        template_path = None
    else:
        document, template_path = open_base(template)
    try:
        if template_path is not None:
            styles = resolve_styles(document, template_path)
        writer = _Writer(document, styles, document_outline)
        writer.write_document()
        writer.write_header_and_footer(keep_existing=template_path is not None)
        if template_path is not None:  # the prepared default document has them already
            set_language(document, document_outline.lang_tag)
        _set_properties(document, document_outline)
        tidy_package(document)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, UnicodeError) as error:
        raise _unwritable(error, template_path) from None
    finally:
        release(document)
    return dated_members(buffer.getbuffer(), document_outline.created)


_FIRST_DOS_DAY = dt.datetime(1980, 1, 1)
_LAST_DOS_DAY = dt.datetime(2107, 12, 31, 23, 59, 58)


def dated_members(package: memoryview | bytes, when: dt.datetime | None) -> bytes:
    """The zip ``package`` with every member dated ``when`` (the meeting's start) instead of
    the time of writing, so that the same meeting always gives the same bytes.

    A zip member's date and time sit at fixed places in its local header and its central
    directory entry, outside every checksum; they are set there. Dates that a zip cannot
    hold (before 1980, after 2107) become 1980-01-01 00:00.
    """
    data = bytearray(package)
    day = when.replace(tzinfo=None) if when is not None else _FIRST_DOS_DAY
    if not _FIRST_DOS_DAY <= day <= _LAST_DOS_DAY:
        day = _FIRST_DOS_DAY
    stamp = struct.pack(
        "<HH",
        (day.hour << 11) | (day.minute << 5) | (day.second // 2),
        ((day.year - 1980) << 9) | (day.month << 5) | day.day,
    )
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("the document's package has no zip directory")
    count, _, directory = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        if data[directory : directory + 4] != b"PK\x01\x02":
            raise ValueError("the document's zip directory is damaged")
        data[directory + 12 : directory + 16] = stamp
        (local,) = struct.unpack_from("<I", data, directory + 42)
        if data[local : local + 4] != b"PK\x03\x04":
            raise ValueError("the document's zip directory points outside a member")
        data[local + 10 : local + 14] = stamp
        name, extra, comment = struct.unpack_from("<HHH", data, directory + 28)
        directory += 46 + name + extra + comment
    return bytes(data)


def _set_properties(document: Document, outline: Outline) -> None:
    properties = document.core_properties
    created = outline.created.replace(tzinfo=None) if outline.created else None
    properties.title = _clip(outline.title)
    properties.author = _clip(outline.author)
    properties.last_modified_by = _clip(outline.author)
    properties.subject = _clip(outline.subject)
    properties.category = _clip(outline.kind_label)
    properties.identifier = _clip(outline.meeting_id)
    properties.language = outline.lang_tag
    properties.comments = ""
    properties.keywords = _clip(", ".join(outline.keywords))
    properties.content_status = ""
    properties.version = ""
    properties.revision = outline.revision + 1
    if created is not None:
        properties.created = created
        properties.modified = created


def _clip(text: str) -> str:
    return text if len(text) <= _CORE_LIMIT else text[: _CORE_LIMIT - 1] + "…"


def _unwritable(error: Exception, template: Path | None) -> ExportError:
    where = f" with the template {template}" if template else ""
    return ExportError(f"the DOCX document could not be written{where}: {error}")


class _Writer:
    """Appends the parts of the minutes to the body of one document."""

    def __init__(self, document: Document, styles: Styles, outline: Outline) -> None:
        self.document = document
        self.styles = styles
        self.outline = outline
        self._part = document.part
        self._body: Element = document.element.body
        # The body is written at its end, after the section properties, which are moved
        # back to the end when the body is done (Word wants them last).
        self._end: Element = self._body.get_or_add_sectPr()
        self._numbering: Element = document.part.numbering_part.element
        used = [int(n) for n in self._numbering.xpath("w:num/@w:numId")]
        self._next_num_id = max(used, default=0) + 1
        self._num_anchor: Element = self._numbering.find(qn("w:numIdMacAtCleanup"))
        self._link_ids: dict[str, str] = {}
        numbers = [int(rid[3:]) for rid in self._part.rels if re.fullmatch(r"rId\d+", rid)]
        self._next_rid = max(numbers, default=0) + 1

    # Building blocks ----------------------------------------------------------------------

    def paragraph(
        self,
        style_id: str | None,
        *,
        num_id: int | None = None,
        before: int | None = None,
        after: int | None = None,
        keep_next: bool = False,
    ) -> Element:
        """A new paragraph at the end of the body; spacing in twentieths of a point."""
        p = _add(self._body, "w:p")
        spaced = before is not None or after is not None
        if style_id is not None or num_id is not None or spaced or keep_next:
            properties = _add(p, "w:pPr")
            if style_id is not None:
                _add(properties, "w:pStyle", {_VAL: style_id})
            if keep_next:
                _add(properties, "w:keepNext")
            if num_id is not None:
                numbering = _add(properties, "w:numPr")
                _add(numbering, "w:ilvl", {_VAL: "0"})
                _add(numbering, "w:numId", {_VAL: str(num_id)})
            if spaced:
                spacing = {}
                if before is not None:
                    spacing[qn("w:before")] = str(before)
                if after is not None:
                    spacing[qn("w:after")] = str(after)
                _add(properties, "w:spacing", spacing)
        return p

    def run(
        self, parent: Element, text: str, *, bold: bool = False, style_id: str | None = None
    ) -> Element:
        """A run of plain text appended to a paragraph or hyperlink."""
        r = _add(parent, "w:r")
        if bold or style_id is not None:
            properties = _add(r, "w:rPr")
            if style_id is not None:
                _add(properties, "w:rStyle", {_VAL: style_id})
            if bold:
                _add(properties, "w:b")
        t = _add(r, "w:t")
        t.text = text
        if text != text.strip():
            t.set(_XML_SPACE, "preserve")
        return r

    def link(self, parent: Element, link: LinkView) -> None:
        """A clickable hyperlink with the Hyperlink character style (text where not linkable)."""
        if link.href is None:
            self.run(parent, link.text)
            return
        rid = self._link_ids.get(link.href)
        if rid is None:
            # Numbered on from the part's highest rId: python-docx's relate_to searches all
            # relationships for each new one, which grows with the square of the links.
            rid = f"rId{self._next_rid}"
            self._next_rid += 1
            target = quote(link.href, safe=_URL_SAFE)
            self._part.rels.add_relationship(RT.HYPERLINK, target, rid, is_external=True)
            self._link_ids[link.href] = rid
        hyperlink = _add(parent, "w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"})
        self.run(hyperlink, link.text, style_id=self.styles.hyperlink)

    def inline(self, parent: Element, content: Iterable[Span]) -> None:
        for part in content:
            if isinstance(part, str):
                self.run(parent, part)
            else:
                self.link(parent, part)

    def heading(self, level: int, text: str) -> None:
        self.run(self.paragraph(self.styles.headings[level - 1]), text)

    def labelled(
        self, label: str, value: str, *, after: int | None = None, keep_next: bool = False
    ) -> Element:
        """A line such as "Plats: Stenungsbaden" with the label in bold."""
        p = self.paragraph(self.styles.normal, after=after, keep_next=keep_next)
        self.run(p, f"{label}: ", bold=True)
        self.run(p, value)
        return p

    def new_list_numbering(self, abstract_id: str, start: int) -> int:
        """A new numbering instance that restarts at ``start`` (one per numbered list)."""
        num_id = self._next_num_id
        self._next_num_id += 1
        num = _add(self._numbering, "w:num", {qn("w:numId"): str(num_id)})
        _add(num, "w:abstractNumId", {_VAL: abstract_id})
        override = _add(num, "w:lvlOverride", {qn("w:ilvl"): "0"})
        _add(override, "w:startOverride", {_VAL: str(start)})
        if self._num_anchor is not None:
            self._num_anchor.addprevious(num)
        return num_id

    def field(self, parent: Element, instruction: str) -> None:
        """A complex field such as PAGE, with "1" as its cached result."""
        begin = _add(parent, "w:r")
        _add(begin, "w:fldChar", {qn("w:fldCharType"): "begin"})
        code = _add(parent, "w:r")
        text = _add(code, "w:instrText", {_XML_SPACE: "preserve"})
        text.text = f" {instruction} "
        separate = _add(parent, "w:r")
        _add(separate, "w:fldChar", {qn("w:fldCharType"): "separate"})
        self.run(parent, "1")
        end = _add(parent, "w:r")
        _add(end, "w:fldChar", {qn("w:fldCharType"): "end"})

    # The document -------------------------------------------------------------------------

    def write_document(self) -> None:
        """Title, facts, attendance, agenda, upcoming meetings and who took the minutes."""
        outline = self.outline
        self.heading(1, outline.title)
        if outline.excerpt_note:
            self.run(self.paragraph(self.styles.normal), outline.excerpt_note)
        if outline.status_note:
            self.run(self.paragraph(self.styles.normal), outline.status_note, bold=True)
        for index, fact in enumerate(outline.facts):
            last = index == len(outline.facts) - 1
            if fact.link is not None:
                p = self.paragraph(self.styles.normal, after=None if last else 0)
                self.run(p, f"{fact.label}: ", bold=True)
                self.link(p, fact.link)
            else:
                self.labelled(fact.label, fact.value, after=None if last else 0)
        for group in outline.attendance:
            self.heading(2, group.caption)
            self.people_table(group)
        for item in outline.items:
            self.agenda_item(item)
        if outline.upcoming:
            self.heading(2, outline.upcoming_heading)
            for upcoming in outline.upcoming:
                self.upcoming(upcoming)
        if outline.signature is not None:
            p = self.paragraph(self.styles.normal, before=360)
            self.run(p, outline.signature.text)
        self._body.append(self._end)  # moves the section properties back to the end

    def people_table(self, group: GroupView) -> None:
        """Name, organisation (and title when anyone has one), with a repeated header row."""
        shares = (0.36, 0.24, 0.40) if group.show_title else (0.55, 0.45)
        width = self._text_width()
        # Built on the XML, as python-docx's new_tbl lays a table out, rather than through
        # its Table: its row and cell objects sit in reference cycles (each would keep the
        # document's tree alive until a full garbage collection) and look every child up
        # by name, which took longer than the rest of the body.
        twips = [str(Emu(int(width * share)).twips) for share in shares]
        table = _add(self._body, "w:tbl")
        properties = _add(table, "w:tblPr")
        _add(properties, "w:tblStyle", {_VAL: self.styles.table})
        _add(properties, "w:tblW", {_TYPE: "auto", _W: "0"})
        _add(properties, "w:tblLayout", {_TYPE: "fixed"})
        _add(properties, "w:tblLook", _TABLE_LOOK)
        _add(properties, "w:tblCaption", {_VAL: group.caption})
        grid = _add(table, "w:tblGrid")
        for column in twips[: len(group.columns)]:
            _add(grid, "w:gridCol", {_W: column})
        for row_index, texts in enumerate([group.columns, *group.rows()]):
            header = row_index == 0
            row = _add(table, "w:tr")
            if header:
                _add(_add(row, "w:trPr"), "w:tblHeader")
            for text, cell_width in zip(texts, twips):
                cell = _add(row, "w:tc")
                cell_properties = _add(cell, "w:tcPr")
                _add(cell_properties, "w:tcW", {_TYPE: "dxa", _W: cell_width})
                if header:
                    _add(cell_properties, "w:shd", _HEADER_SHADING)
                paragraph = _add(cell, "w:p")
                if text:
                    self.run(paragraph, text, bold=header)

    def _text_width(self) -> int:
        section = self.document.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            return int(Mm(160))
        return int(page - left - right)

    def agenda_item(self, item: ItemView) -> None:
        words = self.outline.words
        self.heading(2, item.heading)
        if item.presenters:
            self.labelled(words["presenters"], item.presenters_text, keep_next=True)
        for block in item.body:
            if isinstance(block, ParagraphView):
                self.inline(self.paragraph(self.styles.normal), block.content)
            elif isinstance(block, HeadingView):
                self.heading(3, block.text)
            else:
                self.list_block(block, 0)
        for upcoming in item.upcoming:
            self.upcoming(upcoming)
        if item.decisions:
            self.heading(3, words["decisions"])
            for decision in item.decisions:
                self.inline(self.paragraph(self.styles.normal), decision.content)
        if item.follow_ups:
            self.heading(3, words["follow_ups"])
            for follow_up in item.follow_ups:
                self.run(self.paragraph(self.styles.normal), follow_up.line)

    def list_block(self, block: ListView, depth: int) -> None:
        """A list and its nested lists; each level has its own list style."""
        level = min(depth, 2)
        num_id = None
        if block.ordered:
            style_id = self.styles.numbers[level]
            num_id = self.new_list_numbering(self.styles.number_abstracts[level], block.start)
        else:
            style_id = self.styles.bullets[level]
        for entry in block.entries:
            self.inline(self.paragraph(style_id, num_id=num_id), entry.content)
            if entry.sublist is not None:
                self.list_block(entry.sublist, depth + 1)

    def upcoming(self, upcoming: UpcomingView) -> None:
        p = self.paragraph(self.styles.bullets[0])
        for segment in upcoming.segments:
            self.run(p, segment.text, bold=segment.role == "cancelled")

    def write_header_and_footer(self, *, keep_existing: bool) -> None:
        """The body's name in the header and "Sida X av Y" in the footer.

        A template's own header or footer is kept; one it lacks is added.
        """
        section = self.document.sections[0]
        header = section.header
        if not (keep_existing and not header.is_linked_to_previous):
            header.is_linked_to_previous = False
            p = header.paragraphs[0]._p
            p.style = self.styles.header
            self.run(p, self.outline.running_header)
        footer = section.footer
        if not (keep_existing and not footer.is_linked_to_previous):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph._p.style = self.styles.footer
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            pattern = self.outline.page_of
            for piece in re.split(r"(\{page\}|\{pages\})", pattern):
                if piece == "{page}":
                    self.field(paragraph._p, "PAGE")
                elif piece == "{pages}":
                    self.field(paragraph._p, "NUMPAGES")
                elif piece:
                    self.run(paragraph._p, piece)
