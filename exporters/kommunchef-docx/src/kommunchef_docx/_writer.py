"""Writing a meeting into the base document.

The body is built from python-docx's oxml elements directly: every style id, the numbering
and the hyperlink relationships are resolved once per document, so the loops over paragraphs
do no style lookups by name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import attrs
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Mm
from docx.table import Table

from kommunchef.errors import ExportError
from kommunchef.labels import (
    describe_upcoming,
    document_title,
    excerpt_title,
    format_date,
    format_time_range,
    label,
)
from kommunchef.model import (
    AgendaItem,
    BulletList,
    Heading,
    Inline,
    Language,
    Link,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)
from kommunchef_docx._base import (
    Styles,
    created_time,
    open_base,
    resolve_styles,
    set_language,
    setup_default_page,
    tidy_package,
)

Element = Any
"""An oxml (lxml) element; python-docx gives them no precise types."""

LANGUAGE_TAGS = {Language.SV: "sv-SE", Language.EN: "en-GB"}
"""The BCP 47 tag written as the document's language."""

# The word joining "Utdrag" and the document's name in an excerpt's title.
# Characters a URL may keep as they are; anything else (spaces, quotes, <, >, non-ASCII) is
# percent-encoded, because Word refuses relationship targets that are not URIs.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"

# A light grey behind the header row of the attendance tables.
_HEADER_SHADING = {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "F2F2F2"}

# Core properties are limited to 255 characters by the format.
_CORE_LIMIT = 255

# Characters XML 1.0 cannot hold (the model's validators reject them; see _unwritable).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def title_of(meeting: Meeting, language: Language, *, excerpt: bool = False) -> str:
    """The document's title: "Anteckningar – Kommunchefsgruppen 8 oktober 2021"."""
    kind = document_title(meeting.kind, language)
    if excerpt:
        kind = excerpt_title(meeting.kind, language)
    return f"{kind} – {meeting.body} {format_date(meeting.date, language)}"


def write(
    meeting: Meeting,
    language: Language,
    *,
    excerpt: bool = False,
    template: str | None = None,
    original: Meeting | None = None,
) -> bytes:
    """The DOCX document of ``meeting`` (already cut to an excerpt when ``excerpt``).

    ``original`` is the whole meeting an excerpt was cut from, so that an error names the
    agenda item by its index in the meeting the user gave.
    """
    document, template_path = open_base(template)
    styles = resolve_styles(document, template_path)
    if template_path is None:
        setup_default_page(document)
    try:
        writer = _Writer(document, styles, language)
        title = title_of(meeting, language, excerpt=excerpt)
        writer.write_meeting(meeting, title, excerpt=excerpt)
        writer.write_header_and_footer(meeting, keep_existing=template_path is not None)
        set_language(document, LANGUAGE_TAGS[language])
        _set_properties(document, meeting, title, language)
        tidy_package(document)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, UnicodeError) as error:
        raise _unwritable(meeting, original or meeting, error, template_path) from None
    return buffer.getvalue()


def _set_properties(document: Document, meeting: Meeting, title: str, language: Language) -> None:
    properties = document.core_properties
    author = meeting.recorded_by.name if meeting.recorded_by else meeting.organisation
    created = created_time(meeting.date, meeting.start)
    properties.title = _clip(title)
    properties.author = _clip(author)
    properties.last_modified_by = _clip(author)
    properties.subject = _clip(meeting.body)
    properties.category = _clip(document_title(meeting.kind, language))
    properties.identifier = _clip(meeting.id)
    properties.language = LANGUAGE_TAGS[language]
    properties.comments = ""
    properties.keywords = ""
    properties.content_status = ""
    properties.version = ""
    properties.revision = meeting.revision + 1
    properties.created = created
    properties.modified = created


def _clip(text: str) -> str:
    return text if len(text) <= _CORE_LIMIT else text[: _CORE_LIMIT - 1] + "…"


def _unwritable(
    meeting: Meeting, original: Meeting, error: Exception, template: Path | None
) -> ExportError:
    """A clear error for text that XML cannot hold, naming the field."""
    found = _find_unwritable(meeting, "")
    if found is not None:
        path, problem = found
        index = re.match(r"agenda\[(\d+)\]", path)
        if index is not None and original is not meeting:
            number = meeting.agenda[int(index.group(1))].number
            whole = next(i for i, item in enumerate(original.agenda) if item.number == number)
            path = f"agenda[{whole}]{path[index.end() :]}"
        return ExportError(
            f"{path}: contains {problem}, which a DOCX document cannot hold; remove it"
        )
    where = f" with the template {template}" if template else ""
    return ExportError(f"the DOCX document could not be written{where}: {error}")


def _find_unwritable(value: object, path: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        match = _NOT_XML.search(value)
        if match is None:
            return None
        return path or "(meeting)", f"U+{ord(match.group()):04X} at position {match.start()}"
    if isinstance(value, tuple | list):
        for index, part in enumerate(value):
            found = _find_unwritable(part, f"{path}[{index}]")
            if found:
                return found
        return None
    if attrs.has(type(value)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            inner = f"{path}.{field.name}" if path else field.name
            found = _find_unwritable(getattr(value, field.name), inner)
            if found:
                return found
    return None


def _person(person: Person) -> str:
    details = [d for d in (person.title, person.organisation_label) if d]
    return f"{person.name} ({', '.join(details)})" if details else person.name


class _Writer:
    """Appends the parts of the minutes to the body of one document."""

    def __init__(self, document: Document, styles: Styles, language: Language) -> None:
        self.document = document
        self.styles = styles
        self.language = language
        self._part = document.part
        self._end: Element = document.element.body.get_or_add_sectPr()
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
        p = OxmlElement("w:p")
        spaced = before is not None or after is not None
        if style_id is not None or num_id is not None or spaced or keep_next:
            properties = OxmlElement("w:pPr")
            if style_id is not None:
                properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
            if keep_next:
                properties.append(OxmlElement("w:keepNext"))
            if num_id is not None:
                numbering = OxmlElement("w:numPr")
                numbering.append(OxmlElement("w:ilvl", {qn("w:val"): "0"}))
                numbering.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
                properties.append(numbering)
            if spaced:
                spacing = {}
                if before is not None:
                    spacing[qn("w:before")] = str(before)
                if after is not None:
                    spacing[qn("w:after")] = str(after)
                properties.append(OxmlElement("w:spacing", spacing))
            p.append(properties)
        self._end.addprevious(p)
        return p

    def run(
        self, parent: Element, text: str, *, bold: bool = False, style_id: str | None = None
    ) -> Element:
        """A run of plain text appended to a paragraph or hyperlink."""
        r = OxmlElement("w:r")
        if bold or style_id is not None:
            properties = OxmlElement("w:rPr")
            if style_id is not None:
                properties.append(OxmlElement("w:rStyle", {qn("w:val"): style_id}))
            if bold:
                properties.append(OxmlElement("w:b"))
            r.append(properties)
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")
        r.append(t)
        parent.append(r)
        return r

    def link(self, parent: Element, link: Link) -> None:
        """A clickable hyperlink with the Hyperlink character style."""
        rid = self._link_ids.get(link.url)
        if rid is None:
            # Numbered on from the part's highest rId: python-docx's relate_to searches all
            # relationships for each new one, which grows with the square of the links.
            rid = f"rId{self._next_rid}"
            self._next_rid += 1
            target = quote(link.url, safe=_URL_SAFE)
            self._part.rels.add_relationship(RT.HYPERLINK, target, rid, is_external=True)
            self._link_ids[link.url] = rid
        hyperlink = OxmlElement("w:hyperlink", {qn("r:id"): rid, qn("w:history"): "1"})
        parent.append(hyperlink)
        self.run(hyperlink, link.text, style_id=self.styles.hyperlink)

    def inline(self, parent: Element, content: Iterable[Inline]) -> None:
        for part in content:
            if isinstance(part, str):
                self.run(parent, part)
            else:
                self.link(parent, part)

    def heading(self, level: int, text: str) -> None:
        self.run(self.paragraph(self.styles.headings[level - 1]), text)

    def labelled(
        self, key: str, value: str, *, after: int | None = None, keep_next: bool = False
    ) -> None:
        """A line such as "Plats: Stenungsbaden" with the label in bold."""
        p = self.paragraph(self.styles.normal, after=after, keep_next=keep_next)
        self.run(p, f"{label(key, self.language)}: ", bold=True)
        self.run(p, value)

    def new_list_numbering(self, abstract_id: str, start: int) -> int:
        """A new numbering instance that restarts at ``start`` (one per numbered list)."""
        num_id = self._next_num_id
        self._next_num_id += 1
        num = OxmlElement("w:num", {qn("w:numId"): str(num_id)})
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): abstract_id}))
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): "0"})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
        num.append(override)
        if self._num_anchor is not None:
            self._num_anchor.addprevious(num)
        else:
            self._numbering.append(num)
        return num_id

    def field(self, parent: Element, instruction: str) -> None:
        """A complex field such as PAGE, with "1" as its cached result."""
        begin = OxmlElement("w:r")
        begin.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
        code = OxmlElement("w:r")
        text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        text.text = f" {instruction} "
        code.append(text)
        separate = OxmlElement("w:r")
        separate.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
        end = OxmlElement("w:r")
        end.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
        parent.append(begin)
        parent.append(code)
        parent.append(separate)
        self.run(parent, "1")
        parent.append(end)

    # The minutes --------------------------------------------------------------------------

    def write_meeting(self, meeting: Meeting, title: str, *, excerpt: bool) -> None:
        """Title, facts, attendance, agenda, upcoming meetings and who took the minutes."""
        self.heading(1, title)
        facts = [("date", format_date(meeting.date, self.language, weekday=True))]
        times = format_time_range(meeting.start, meeting.end, self.language)
        if times:
            facts.append(("time", times))
        if meeting.location:
            facts.append(("location", meeting.location))
        for index, (key, value) in enumerate(facts):
            self.labelled(key, value, after=0 if index < len(facts) - 1 else None)
        if meeting.status is MeetingStatus.CANCELLED:
            self.run(
                self.paragraph(self.styles.normal), label("cancelled", self.language), bold=True
            )
        for key, people in (
            ("present", meeting.present),
            ("absent", meeting.absent),
            ("guests", meeting.guests),
        ):
            if people:
                self.heading(2, label(key, self.language))
                self.people_table(label(key, self.language), people)
        for item in meeting.agenda:
            self.agenda_item(item)
        if meeting.upcoming and not excerpt:
            self.heading(2, label("upcoming", self.language))
            for upcoming in meeting.upcoming:
                self.upcoming(upcoming)
        if meeting.recorded_by is not None:
            recorder = meeting.recorded_by
            who = f"{recorder.name}, {recorder.title}" if recorder.title else recorder.name
            p = self.paragraph(self.styles.normal, before=360)
            self.run(p, f"{label('recorded_by', self.language)}: {who}")

    def people_table(self, caption: str, people: Sequence[Person]) -> None:
        """Name, organisation (and title when anyone has one), with a repeated header row."""
        with_title = any(person.title for person in people)
        columns = ["name", "organisation"] + (["title"] if with_title else [])
        shares = (0.36, 0.24, 0.40) if with_title else (0.55, 0.45)
        width = self._text_width()
        # Built here rather than with add_table, which fails on a section without a page size.
        element = CT_Tbl.new_tbl(len(people) + 1, len(columns), Emu(width))
        self._end.addprevious(element)
        table = Table(element, self.document)
        element.tblStyle_val = self.styles.table
        table.autofit = False
        widths = [Emu(int(width * share)) for share in shares]
        rows = table.rows
        header = rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        values: list[list[str]] = [[label(key, self.language) for key in columns]]
        for person in people:
            row = [person.name, person.organisation_label or ""]
            if with_title:
                row.append(person.title or "")
            values.append(row)
        for row_index, (row, texts) in enumerate(zip(rows, values)):
            for cell, text, cell_width in zip(row.cells, texts, widths):
                cell.width = cell_width
                if row_index == 0:
                    cell._tc.get_or_add_tcPr().append(OxmlElement("w:shd", _HEADER_SHADING))
                if text:
                    self.run(cell.paragraphs[0]._p, text, bold=row_index == 0)
        for column, column_width in zip(table.columns, widths):
            column.width = column_width
        element.tblPr.append(OxmlElement("w:tblCaption", {qn("w:val"): caption}))

    def _text_width(self) -> int:
        section = self.document.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            return int(Mm(160))
        return int(page - left - right)

    def agenda_item(self, item: AgendaItem) -> None:
        self.heading(2, f"{item.number}. {item.title}")
        if item.presenters:
            presenters = ", ".join(_person(person) for person in item.presenters)
            self.labelled("presenters", presenters, keep_next=True)
        for block in item.body:
            if isinstance(block, Paragraph):
                self.inline(self.paragraph(self.styles.normal), block.content)
            elif isinstance(block, Heading):
                self.heading(3, block.text)
            else:
                self.list_block(block, 0)
        if item.decisions:
            self.heading(3, label("decisions", self.language))
            for decision in item.decisions:
                self.inline(self.paragraph(self.styles.normal), decision.content)
        if item.follow_ups:
            self.heading(3, label("follow_ups", self.language))
            for follow_up in item.follow_ups:
                p = self.paragraph(self.styles.normal)
                self.run(p, follow_up.text)
                details = []
                if follow_up.owner:
                    details.append(f"{label('owner', self.language)}: {follow_up.owner}")
                if follow_up.due:
                    due = format_date(follow_up.due, self.language)
                    details.append(f"{label('due', self.language)}: {due}")
                if details:
                    self.run(p, f" ({'; '.join(details)})")

    def list_block(self, block: BulletList | NumberedList, depth: int) -> None:
        """A list and its nested lists; each level has its own list style."""
        level = min(depth, 2)
        num_id = None
        if isinstance(block, NumberedList):
            style_id = self.styles.numbers[level]
            num_id = self.new_list_numbering(self.styles.number_abstracts[level], block.start)
        else:
            style_id = self.styles.bullets[level]
        for item in block.items:
            self.inline(self.paragraph(style_id, num_id=num_id), item.content)
            if item.sublist is not None:
                self.list_block(item.sublist, depth + 1)

    def upcoming(self, upcoming: UpcomingMeeting) -> None:
        p = self.paragraph(self.styles.bullets[0])
        if upcoming.cancelled:
            self.run(p, f"{label('cancelled', self.language)}: ", bold=True)
        text = f"{describe_upcoming(upcoming, self.language)}: {upcoming.title}"
        if upcoming.location:
            text += f", {upcoming.location}"
        if upcoming.note:
            text += f" – {upcoming.note}"
        self.run(p, text)

    def write_header_and_footer(self, meeting: Meeting, *, keep_existing: bool) -> None:
        """The body's name in the header and "Sida X av Y" in the footer.

        A template's own header or footer is kept; one it lacks is added.
        """
        section = self.document.sections[0]
        header = section.header
        if not (keep_existing and not header.is_linked_to_previous):
            header.is_linked_to_previous = False
            p = header.paragraphs[0]._p
            p.style = self.styles.header
            self.run(p, meeting.body)
        footer = section.footer
        if not (keep_existing and not footer.is_linked_to_previous):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph._p.style = self.styles.footer
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            pattern = label("page_of", self.language)
            for piece in re.split(r"(\{page\}|\{pages\})", pattern):
                if piece == "{page}":
                    self.field(paragraph._p, "PAGE")
                elif piece == "{pages}":
                    self.field(paragraph._p, "NUMPAGES")
                elif piece:
                    self.run(paragraph._p, piece)
