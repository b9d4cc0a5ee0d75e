"""Reading Word minutes (.docx) into a meeting, through the plain-text reader.

There is no second grammar: each paragraph of the document becomes a line of the plain-text
format (a heading ``3. Budget`` a line ``3. Budget``, a Word list item a ``- `` or ``N. ``
line indented by its level, an attendance table ``Namn | Organisation | Titel`` person lines,
a hyperlink ``[text](url)``) and :func:`kommunchef.plaintext.parse_text` reads those lines.
An error or a doubt of the text reader is reported at the paragraph it came from.

Headers, footers, page breaks and empty paragraphs are ignored. The file is checked before
python-docx opens it: a zip archive that is a Word document, inflating to at most
:data:`MAX_INFLATED_BYTES` in all and :data:`MAX_XML_PART_BYTES` for each XML part, with no
document type declaration anywhere in its XML parts (so no external entity; python-docx's
parser would not resolve one either). Numbers in the document's markup (list levels, start
numbers) that are not plain numbers are read as absent, and list levels beyond Word's nine
(0-8) as the ninth.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kommunchef.errors import LoadError
from kommunchef.importing import ReadingWarning
from kommunchef.keys import text_key
from kommunchef.labels import label
from kommunchef.model import Language, Meeting
from kommunchef.plaintext import TextFormatError, TextFormatWarning, parse_text
from kommunchef.plaintext.lines import Keyword, classify
from kommunchef.plaintext.vocabulary import HEADER_WORDS

MAX_DOCX_BYTES = 50_000_000
"""The largest .docx file read (minutes with a few pictures are well under a megabyte)."""
MAX_INFLATED_BYTES = 200_000_000
"""What the parts of a .docx may inflate to in all; more is refused as a zip bomb."""
MAX_XML_PART_BYTES = 20_000_000
"""The largest XML part read (Word writes well under a kilobyte per paragraph: minutes of a
few hundred paragraphs take under a megabyte). Parsed, XML takes up to twenty times its
size in memory, so this bounds what a small compressed file can cost."""
MAX_LIST_LEVEL = 8
"""Word's deepest list level (levels 0 to 8)."""
_MAX_MARKUP_DIGITS = 6
"""A number in the markup with more digits than this is read as absent (Word's largest, a
list's start number, is 32767)."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_PARTS = (".xml", ".rels")


# The longest keyword line that stands alone ("ÖVRIGA NÄRVARANDE", "Uppföljning", ...).
_KEYWORD_LINE_MAX = 40


def _person_line(text: str) -> str:
    """``Name (Title, Organisation)``, as every document shows a person, as the text format's
    ``Name, Organisation, Title``; any other text is left as it is."""
    name, bracket, rest = text.partition(" (")
    if not bracket or not rest.endswith(")") or "(" in rest or "," in name:
        return text
    details = [part.strip() for part in rest[:-1].split(",") if part.strip()]
    if not details:
        return text
    title = ", ".join(details[:-1])
    return f"{name.strip()}, {details[-1]}" + (f", {title}" if title else "")


def _is_header_line(text: str) -> bool:
    """``Datum: ...``, ``Plats: ...`` and the other header lines of the minutes."""
    key, colon, value = text.partition(":")
    return bool(colon and value.strip()) and text_key(key) in _HEADER_KEYS


# The header words of the body (Swedish and English), which the title also names.
_BODY_WORDS = frozenset(text_key(label("body", language)) for language in Language)
_HEADER_KEYS = frozenset(text_key(word) for words in HEADER_WORDS.values() for word in words)


@dataclass(frozen=True)
class _Origin:
    number: int
    text: str


class _Lines:
    """The plain-text lines of a document, each with the paragraph it came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: list[_Origin | None] = []
        self.in_list = False
        self.header_over = False
        self.agenda_started = False
        self.follow_ups_open = False

    def add(self, text: str, origin: _Origin | None, *, list_item: bool = False) -> None:
        if not (list_item and self.in_list) and self.lines and self.lines[-1]:
            self.blank()
        self.lines.append(text)
        self.origins.append(origin)
        self.in_list = list_item
        # Only an agenda heading or a short keyword line changes these states.
        if not (text[:1].isdigit() or len(text) <= _KEYWORD_LINE_MAX):
            return
        token = classify(text)
        if token.keyword is Keyword.FOLLOW_UPS:
            self.follow_ups_open = True
        elif token.agenda or token.keyword is not None:
            self.follow_ups_open = False
        if not self.agenda_started:
            self.agenda_started = bool(token.agenda)
            self.header_over = self.header_over or token.keyword is Keyword.GROUP
            self.header_over = self.header_over or self.agenda_started

    def blank(self) -> None:
        self.lines.append("")
        self.origins.append(None)
        self.in_list = False

    def origin_of(self, line: int | None) -> _Origin | None:
        if line is None or not 0 < line <= len(self.origins):
            return None
        return self.origins[line - 1]


def _check_package(data: bytes) -> None:
    """Refuse what is no Word document, a zip bomb or XML with a document type declaration."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError("this is no Word document (.docx): the file is not a zip archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise LoadError("a zip archive, but no Word document (it has no word/document.xml)")
            if any(member.flag_bits & 0x1 for member in members):
                raise LoadError("the document is encrypted; save it without a password")
            if sum(member.file_size for member in members) > MAX_INFLATED_BYTES:
                raise LoadError(
                    f"the document would inflate to more than {MAX_INFLATED_BYTES} bytes"
                )
            for member in members:
                if not member.filename.endswith(_XML_PARTS):
                    continue
                if member.file_size > MAX_XML_PART_BYTES:
                    raise LoadError(
                        f"{member.filename} would inflate to {member.file_size} bytes; "
                        f"the limit is {MAX_XML_PART_BYTES}"
                    )
                if _declares_a_doctype(package, member):
                    raise LoadError(
                        f"{member.filename} declares a document type (DTD); Word never writes "
                        "one, and external entities are refused"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise LoadError(f"this is no readable Word document: {error}") from None
    except zlib.error:
        raise LoadError("this is no readable Word document: a part's data is damaged") from None
    except (NotImplementedError, RuntimeError) as error:  # compression or encryption
        raise LoadError(f"this is no readable Word document: {error}") from None


_DECLARATIONS = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(declaration) for declaration in _DECLARATIONS) - 1


def _declares_a_doctype(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether the part holds a declaration anywhere, read in pieces (it is at most
    :data:`MAX_XML_PART_BYTES` long); in UTF-8 or UTF-16, in any case of letters."""
    tail = b""
    with package.open(member) as part:
        while piece := part.read(1 << 20):
            window = (tail + piece).upper()
            if any(declaration in window for declaration in _DECLARATIONS):
                return True
            tail = window[-_OVERLAP:]
    return False


def _markup_number(value: str | None, default: int) -> int:
    """A number from the markup: ``default`` for one that is absent or not a plain number."""
    if value is None or not (value.isascii() and value.isdigit()):
        return default
    return int(value) if len(value) <= _MAX_MARKUP_DIGITS else default


def _list_level(value: str | None) -> int:
    return min(_markup_number(value, 0), MAX_LIST_LEVEL)


def _open(data: bytes) -> Any:
    _check_package(data)
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a broken package
        raise LoadError(f"this is no readable Word document ({type(error).__name__})") from None


class _Numbering:
    """Word list numbering: which lists are numbered, and the number of each item."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts: dict[str, dict[int, tuple[str, int]]] = {}
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in abstract.iter(f"{_W}lvl"):
                number_format = level.find(f"{_W}numFmt")
                start = level.find(f"{_W}start")
                levels[_list_level(level.get(f"{_W}ilvl"))] = (
                    number_format.get(f"{_W}val", "decimal")
                    if number_format is not None
                    else "decimal",
                    _markup_number(start.get(f"{_W}val"), 1) if start is not None else 1,
                )
            abstracts[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            reference = num.find(f"{_W}abstractNumId")
            levels = dict(
                abstracts.get(reference.get(f"{_W}val", "") if reference is not None else "", {})
            )
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                level = _list_level(override.get(f"{_W}ilvl"))
                if start is not None and level in levels:
                    levels[level] = (levels[level][0], _markup_number(start.get(f"{_W}val"), 1))
            for level, value in levels.items():
                self.formats[(num_id, level)] = value

    def item(self, num_id: str, level: int) -> tuple[bool, int]:
        """Whether the item is numbered, and its number."""
        number_format, start = self.formats.get((num_id, level), ("bullet", 1))
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(0)
        del counters[level + 1 :]
        counters[level] = counters[level] + 1 if counters[level] else start
        return number_format not in ("bullet", "none"), counters[level]


def _numbering_of(properties: Any) -> tuple[str, int] | bool | None:
    """(numId, level) of a ``w:pPr``; False when it has none, None when switched off."""
    numbering = properties.find(f"{_W}numPr") if properties is not None else None
    if numbering is None:
        return False
    num_id = numbering.find(f"{_W}numId")
    level = numbering.find(f"{_W}ilvl")
    value = num_id.get(f"{_W}val", "0") if num_id is not None else "0"
    if value == "0":
        return None  # numbering switched off
    return value, _list_level(level.get(f"{_W}val")) if level is not None else 0


class _Styles:
    """The styles part read once: names and list numbering by style id, with inheritance.

    python-docx looks a paragraph's style up by a search of the styles part each time; a
    document of a few hundred paragraphs would spend most of its import there.
    """

    def __init__(self, document: Any) -> None:
        self.elements: dict[str, Any] = {}
        self.default = ""
        self._lists: dict[str, tuple[str, int] | None] = {}
        try:
            root = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            self.elements[style_id] = style
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
                self.default = style_id

    def _child(self, style_id: str, tag: str) -> Any:
        style = self.elements.get(style_id)
        return style.find(f"{_W}{tag}") if style is not None else None

    def of(self, paragraph: Any) -> str:
        properties = paragraph._p.pPr
        style = properties.find(f"{_W}pStyle") if properties is not None else None
        return style.get(f"{_W}val", self.default) if style is not None else self.default

    def name(self, style_id: str) -> str:
        # python-docx shows the built-in lower-case names ("heading 1") capitalised.
        element = self._child(style_id, "name")
        name = str(element.get(f"{_W}val", "")) if element is not None else ""
        return name[:1].upper() + name[1:] if name.startswith(("heading", "title")) else name

    def list_properties(self, paragraph: Any, style_id: str) -> tuple[str, int] | None:
        """(numId, level) of a Word list paragraph, from the paragraph or its styles."""
        found = _numbering_of(paragraph._p.pPr)
        if found is False:
            return self._style_list(style_id)
        return found if isinstance(found, tuple) else None

    def _style_list(self, style_id: str) -> tuple[str, int] | None:
        """The list numbering a style gives, through the styles it is based on.

        Each style's answer is remembered for every style on the way to it, so a document
        whose styles form one long chain costs one walk of it, not one per paragraph.
        """
        walked: list[str] = []
        found: tuple[str, int] | bool | None = False
        while found is False and style_id and style_id not in walked:
            if style_id in self._lists:
                found = self._lists[style_id]
                break
            walked.append(style_id)
            found = _numbering_of(self._child(style_id, "pPr"))
            based = self._child(style_id, "basedOn")
            style_id = based.get(f"{_W}val", "") if based is not None else ""
        result = found if isinstance(found, tuple) else None
        for walked_id in walked:
            self._lists[walked_id] = result
        return result


def _heading_level(name: str) -> int | None:
    folded = name.casefold()
    if folded in ("title", "rubrik"):
        return 1
    for prefix in ("heading ", "rubrik "):
        digits = folded.removeprefix(prefix)
        if digits != folded and digits.isascii() and digits.isdigit():
            return _markup_number(digits, 0)
    return None


def _style_level(name: str) -> int:
    """The list level a list style's name gives: ``List Bullet 2`` -> 1."""
    if not name.casefold().startswith("list"):
        return 0
    return min(max(0, _markup_number(name.rsplit(" ", 1)[-1], 1) - 1), MAX_LIST_LEVEL)


_R = f"{_W}r"
_T = f"{_W}t"
_HYPERLINK = f"{_W}hyperlink"
_BREAKS = frozenset({f"{_W}tab", f"{_W}br", f"{_W}cr"})
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _run_text(run: Any) -> str:
    return "".join(
        (child.text or "") if child.tag == _T else " " if child.tag in _BREAKS else ""
        for child in run
    )


def _run_bold(run: Any) -> bool:
    # Direct formatting only, as python-docx's Run.bold reads it.
    properties = run.find(f"{_W}rPr")
    mark = properties.find(f"{_W}b") if properties is not None else None
    return mark is not None and mark.get(f"{_W}val", "true") not in ("0", "false", "off")


def _inline(paragraph: Any) -> tuple[str, bool]:
    """The paragraph's text with links written ``[text](url)``, and whether it is all bold.

    Read from the XML directly (runs and hyperlinks): python-docx's objects cost several
    times the parse for every paragraph."""
    parts: list[str] = []
    bold = True
    rels = None
    for child in paragraph._p:
        if child.tag == _R:
            text = _run_text(child)
            if text.strip():
                bold = bold and _run_bold(child)
            parts.append(text)
        elif child.tag == _HYPERLINK:
            runs = [run for run in child if run.tag == _R]
            text = "".join(_run_text(run) for run in runs)
            rid = child.get(_RELATIONSHIP)
            if rels is None:
                rels = paragraph.part.rels
            address = rels[rid].target_ref if rid and rid in rels else ""
            anchor = child.get(f"{_W}anchor")
            url = address + (f"#{anchor}" if anchor and address else "")
            if url and text.strip():
                parts.append(url if text == url else f"[{text}]({url})")
                continue
            if text.strip():
                bold = bold and all(_run_bold(run) for run in runs if _run_text(run).strip())
            parts.append(text)
    text = " ".join("".join(parts).split())
    return text, bold and bool(text)


def _without_details(names: str) -> str:
    """``Anna (VGR), Bo`` -> ``Anna, Bo``: the presenters as the attendance names them."""
    kept: list[str] = []
    depth = 0
    for char in names:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(char)
    return " ".join("".join(kept).split()).replace(" ,", ",")


def _body_items(document: Any) -> Iterator[Any]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = getattr(document.element, "body", None)
    if body is None:
        raise LoadError("this is no readable Word document: word/document.xml has no body")
    for element in body.iterchildren():
        if element.tag == f"{_W}p":
            yield Paragraph(element, document)
        elif element.tag == f"{_W}tbl":
            yield Table(element, document)
        elif element.tag == f"{_W}sdt":  # a content control: its paragraphs count
            content = element.find(f"{_W}sdtContent")
            for inner in content.iterchildren() if content is not None else ():
                if inner.tag == f"{_W}p":
                    yield Paragraph(inner, document)


_COLUMN_WORDS = {"namn": "name", "name": "name", "organisation": "organisation"}
_COLUMN_WORDS |= {"organization": "organisation", "titel": "title", "title": "title"}


class _Converter:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.styles = _Styles(document)
        self.out = _Lines()
        self.number = 0
        self.section: Keyword | None = None
        self.body_from_title: str | None = None

    def convert(self) -> _Lines:
        for item in _body_items(self.document):
            if hasattr(item, "rows"):
                self.table(item)
            else:
                self.number += 1
                self.paragraph(item)
        self.attendance()
        return self.out

    def attendance(self) -> None:
        """A document that lists nobody has no attendance heading: say so with an empty one."""
        tokens = [classify(line) for line in self.out.lines]
        if any(token.keyword is Keyword.GROUP for token in tokens):
            return
        first = next((i for i, token in enumerate(tokens) if token.agenda), len(tokens))
        self.out.lines[first:first] = ["", "NÄRVARANDE", ""]
        self.out.origins[first:first] = [None, None, None]

    def paragraph(self, paragraph: Any) -> None:
        text, bold = _inline(paragraph)
        if not text:
            return
        origin = _Origin(self.number, text)
        style_id = self.styles.of(paragraph)
        style_name = self.styles.name(style_id)
        level = _heading_level(style_name)
        listed = self.styles.list_properties(paragraph, style_id)
        token = classify(text)
        if level == 1 and self.number <= 3 and not self.out.lines:
            self.title(text, origin)
            return
        if listed is not None and self._in_header() and _is_header_line(text):
            listed = None  # facts written as a list ("- Datum: ..."), as Markdown does
        if listed is not None:
            # "List Bullet 2" is a second level even where its numbering says level 0.
            style_level = _style_level(style_name)
            listed = (listed[0], max(listed[1], style_level))
            numbered, number = self.numbering.item(*listed)
            if level is not None or (bold and numbered and listed[1] == 0):
                # A heading (or a bold item) with Word numbering: an agenda item.
                self.out.add(f"{number}. {text}", origin)
                self.section = None
                return
            if self.out.follow_ups_open and listed[1] == 0:
                # Follow-ups written as a list: each item is a follow-up paragraph.
                self.out.add(text, origin)
                return
            if self.section is Keyword.GROUP and listed[1] == 0 and not self.out.agenda_started:
                # An attendance list, as Markdown and the outline show people.
                self.out.add(_person_line(text), origin, list_item=True)
                return
            marker = f"{number}." if numbered else "-"
            if self.section is Keyword.SECTION:
                text = _cancellation_last(text)
            self.out.add(f"{'  ' * listed[1]}{marker} {text}", origin, list_item=True)
            return
        upper = classify(text.upper())
        if upper.keyword in (Keyword.GROUP, Keyword.SECTION) and (level or bold or text.isupper()):
            self.section = upper.keyword
            self.out.add(text.upper(), origin)
            return
        if token.keyword is Keyword.PRESENTERS:
            text = text.split(":", 1)[0] + ": " + _without_details(token.payload)
        elif token.keyword is None and text.casefold() in ("inställt", "cancelled") and bold:
            text = "Status: inställt"
        elif self.section is Keyword.SECTION and token.keyword is None and not token.marker:
            text = "- " + _cancellation_last(text)
        tight = token.marker is not None and level is None and not bold
        key, colon, value = text.partition(": ")
        if colon and text_key(key) in _BODY_WORDS and value.strip() == self.body_from_title:
            return  # the facts repeat the body the title already named
        self.out.add(text, origin, list_item=tight)

    def _in_header(self) -> bool:
        """Whether no attendance heading and no agenda item has come yet."""
        return not self.out.header_over

    def title(self, text: str, origin: _Origin) -> None:
        """``Anteckningar – Kommunchefsgruppen 8 oktober 2021`` -> title and body lines."""
        word, dash, rest = text.partition(" – ")
        self.out.add(word if dash else text, origin)
        words = rest.split()
        if dash and len(words) > 3:
            from kommunchef.plaintext.dates import parse_day

            if parse_day(" ".join(words[-3:])) is not None:
                self.out.blank()
                self.body_from_title = " ".join(words[:-3])
                self.out.add(f"Organ: {self.body_from_title}", origin)

    def table(self, table: Any) -> None:
        # The cells' text straight from the XML: python-docx's row.cells computes the whole
        # grid for every row.
        rows = [
            [
                " ".join("".join(t.text or "" for t in cell.iter(f"{_W}t")).split())
                for cell in row.iterchildren(f"{_W}tc")
            ]
            for row in table._tbl.iterchildren(f"{_W}tr")
        ]
        if not rows:
            return
        columns = [_COLUMN_WORDS.get(cell.casefold().rstrip(":")) for cell in rows[0]]
        start = self.number
        self.number += sum(1 for _ in table._tbl.iter(f"{_W}p"))
        if "name" in columns and "organisation" in columns:
            for row in rows[1:]:
                cells = dict(zip(columns, row, strict=False))  # a short row lacks the last
                name = cells.get("name", "")
                organisation = cells.get("organisation") or "–"
                title = cells.get("title", "")
                if name:
                    line = f"{name}, {organisation}" + (f", {title}" if title else "")
                    self.out.add(line, _Origin(start + 1, " | ".join(row)), list_item=True)
            return
        for row in rows:
            text = " – ".join(cell for cell in row if cell)
            if text:
                self.out.add(text, _Origin(start + 1, " | ".join(row)))


def _cancellation_last(text: str) -> str:
    """``INSTÄLLT: 4 februari 2022: Möte`` (as Word minutes mark it) -> ``4 februari ...``."""
    word, colon, rest = text.partition(":")
    if colon and word.strip().casefold() in ("inställt", "inställd", "cancelled"):
        return f"{rest.strip()} – {word.strip()}"
    return text


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_docx(
    data: bytes, *, date: dt.date | None = None, meeting_id: str | None = None
) -> Meeting:
    """The meeting of a Word document's bytes; errors name the paragraph (number and text)."""
    lines = _Converter(_open(data)).convert()
    text = "\n".join(lines.lines) + "\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TextFormatWarning)
        try:
            meeting = parse_text(text, date=date, meeting_id=meeting_id)
        except TextFormatError as error:
            origin = lines.origin_of(error.line)
            where = f'paragraph {origin.number}: "{_shown(origin.text)}": ' if origin else ""
            raise LoadError(where + error.reason, error.problems) from None
    for warning in caught:
        message = warning.message
        if isinstance(message, TextFormatWarning):
            origin = lines.origin_of(message.line)
            where = f'paragraph {origin.number}: "{_shown(origin.text)}": ' if origin else ""
            warnings.warn(ReadingWarning(where + message.reason), stacklevel=2)
        else:
            warnings.warn_explicit(message, warning.category, warning.filename, warning.lineno)
    return meeting


class DocxImporter:
    """Reads Word minutes (.docx), those kommunchef writes and those people write by hand."""

    name = "docx"
    description = "Word minutes (.docx)"
    max_bytes = MAX_DOCX_BYTES
    options: tuple[str, ...] = ()

    def read(
        self,
        data: bytes,
        *,
        date: dt.date | None = None,
        meeting_id: str | None = None,
        **options: str,
    ) -> Meeting:
        if options:
            raise LoadError(f"the docx importer has no option {sorted(options)[0]!r}")
        return read_docx(data, date=date, meeting_id=meeting_id)


importer = DocxImporter()
"""The importer registered for the ``.docx`` suffix."""
