"""The base document: python-docx's default template or an organisation's own template.

Everything here runs once per document: opening the base, checking and resolving the styles,
finding the numbering definitions of the list styles, the language, the page and the package
parts that python-docx's default template brings along.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path
from typing import cast

import attrs
import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.package import Package
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish

from kommunchef.errors import ExportError, OptionError
from kommunchef.records import Record

HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBER_STYLES = ("List Number", "List Number 2", "List Number 3")
PARAGRAPH_STYLES = ("Normal", *HEADING_STYLES, *BULLET_STYLES, *NUMBER_STYLES)
"""The paragraph styles a template must have."""
TABLE_STYLE = "Table Grid"
"""The table style a template must have (the attendance tables)."""
HYPERLINK_STYLE = "Hyperlink"
"""The character style of links; added when the base document lacks it."""

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""The largest template file read."""
MAX_TEMPLATE_INFLATED = 100 * 1024 * 1024
"""The most a template's parts may add up to once unpacked (a zip bomb is refused unread)."""
MAX_TEMPLATE_PARTS = 10_000
"""The most files a template's archive may hold."""

# Relationship types of body content; a template's body is removed, so unused ones are dropped.
_BODY_CONTENT_RELATIONSHIPS = frozenset(
    {
        RT.HYPERLINK,
        RT.IMAGE,
        RT.OLE_OBJECT,
        RT.PACKAGE,
        RT.CHART,
        RT.DIAGRAM_COLORS,
        RT.DIAGRAM_DATA,
        RT.DIAGRAM_LAYOUT,
        RT.DIAGRAM_QUICK_STYLE,
    }
)

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>kommunchef</Application></Properties>"
)


@attrs.frozen
class Styles(Record):
    """The style ids the writer uses, resolved once per document."""

    normal: str
    headings: tuple[str, str, str]
    bullets: tuple[str, str, str]
    numbers: tuple[str, str, str]
    number_abstracts: tuple[str, str, str]
    """The abstract numbering of each "List Number" style, for restarting lists."""
    table: str
    hyperlink: str
    header: str | None
    footer: str | None


_EDITED_CONTENT_TYPES = frozenset({CT.WML_DOCUMENT_MAIN, CT.WML_NUMBERING, CT.OPC_CORE_PROPERTIES})
"""The parts of the prepared default document that writing a document changes."""


@cache
def _prepared_default(lang_tag: str) -> tuple[bytes, Styles]:
    """python-docx's default document with kommunchef's page, styles and language, saved once.

    Setting up the page, resolving the styles and adding the Hyperlink style (which walks
    every style) take longer than writing a short document; done once per process and
    language, each document starts from these bytes.
    """
    document = docx.Document()
    styles = resolve_styles(document, None)
    setup_default_page(document)
    set_language(document, lang_tag)
    buffer = io.BytesIO()
    document.save(buffer)
    release(document)
    return buffer.getvalue(), styles


def default_base(lang_tag: str) -> tuple[Document, Styles]:
    """A fresh copy of the prepared default document in a language, and its resolved styles.

    Only the parts a document changes (the body, the numbering, the core properties) are
    parsed; the others, the styles above all (350 KB of XML), are kept as the bytes they
    were saved as, which is also what saving them again would write.
    """
    data, styles = _prepared_default(lang_tag)

    def make_part(
        partname: PackURI, content_type: str, reltype: str, blob: bytes, package: Package
    ) -> Part:
        if content_type in _EDITED_CONTENT_TYPES:
            return cast(Part, PartFactory(partname, content_type, reltype, blob, package))
        return Part(partname, content_type, blob, package)

    # python-docx's own loading (Package.open), with this part factory instead of the global
    # one; these two functions have no type hints.
    reader = PackageReader.from_file(io.BytesIO(data))  # type: ignore[no-untyped-call]
    package = Package()
    Unmarshaller.unmarshal(reader, package, make_part)  # type: ignore[no-untyped-call]
    return package.main_document_part.document, styles


def prepare(lang_tag: str) -> None:
    """Prepare the default document of a language now (before worker processes start)."""
    _prepared_default(lang_tag)


def _where(template: Path | None) -> str:
    return f"the template {template}" if template else "the default document"


def open_base(template: str | None) -> tuple[Document, Path | None]:
    """Open python-docx's default document, or the template with its body removed."""
    if template is None:
        return docx.Document(), None
    path = Path(template).expanduser()
    if not path.is_file():
        raise OptionError(f"the template {path} does not exist or is not a file")
    if path.suffix.lower() in (".dotx", ".dotm"):
        raise OptionError(
            f"the template {path} is a Word template ({path.suffix}); "
            "open it in Word and save it as a .docx document"
        )
    archive = _read_archive(path)
    try:
        document = docx.Document(archive)
    except Exception as error:  # zip, XML and content-type errors all mean "not a .docx"
        reason = str(error) or type(error).__name__
        raise OptionError(
            f"the template {path} cannot be read as a .docx document ({reason})"
        ) from None
    body = document.element.body
    sect_pr = body.get_or_add_sectPr()
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    _drop_unused_relationships(document)
    return document, path


def _read_archive(path: Path) -> io.BytesIO:
    """The template's bytes, after checking what its archive would unpack to.

    zipfile stops each member at its declared size, so the declared sizes bound the memory
    that reading the template can take.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise OptionError(f"the template {path} cannot be read: {error.strerror}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise OptionError(f"the template {path} is larger than {MAX_TEMPLATE_BYTES} bytes")
    archive = io.BytesIO(data)
    try:
        with zipfile.ZipFile(archive) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise OptionError(
            f"the template {path} cannot be read as a .docx document ({error})"
        ) from None
    if len(members) > MAX_TEMPLATE_PARTS:
        raise OptionError(
            f"the template {path} holds {len(members)} files; the limit is {MAX_TEMPLATE_PARTS}"
        )
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_TEMPLATE_INFLATED:
        raise OptionError(
            f"the template {path} would unpack to {inflated} bytes; "
            f"the limit is {MAX_TEMPLATE_INFLATED}"
        )
    archive.seek(0)
    return archive


def _drop_unused_relationships(document: Document) -> None:
    """Forget the images and links of the template's removed body, so they are not saved."""
    part = document.part
    used = set(part.element.xpath("//@r:id | //@r:embed | //@r:link | //@r:dm | //@r:lo"))
    for rid, relationship in list(part.rels.items()):
        if relationship.reltype in _BODY_CONTENT_RELATIONSHIPS and rid not in used:
            del part.rels[rid]


def resolve_styles(document: Document, template: Path | None) -> Styles:
    """Check that the needed styles exist and return their ids; add a Hyperlink style."""
    # One pass over the styles' XML: building python-docx style objects for every style of
    # a large template costs more than writing a short document.
    by_name: dict[tuple[str, str], str] = {}
    for element in document.styles.element.iterchildren(qn("w:style")):
        name = element.find(qn("w:name"))
        style_id = element.get(qn("w:styleId"))
        if name is None or style_id is None:
            continue
        ui_name = BabelFish.internal2ui(str(name.get(qn("w:val"), "")))
        by_name.setdefault((ui_name, str(element.get(qn("w:type"), "paragraph"))), style_id)
    paragraph, table = "paragraph", "table"
    missing = [name for name in PARAGRAPH_STYLES if (name, paragraph) not in by_name]
    if (TABLE_STYLE, table) not in by_name:
        missing.append(TABLE_STYLE)
    if missing:
        names = ", ".join(repr(name) for name in missing)
        plural = "styles" if len(missing) > 1 else "style"
        raise ExportError(
            f"{_where(template)} lacks the {plural} {names}; add them to the template "
            "(in Word: use each style once, then delete the text) and try again"
        )

    def ids(names: tuple[str, ...]) -> tuple[str, str, str]:
        found = tuple(by_name[(name, paragraph)] for name in names)
        assert len(found) == 3
        return found

    hyperlink = by_name.get((HYPERLINK_STYLE, "character"))
    numbers = ids(NUMBER_STYLES)
    return Styles(
        normal=by_name[("Normal", paragraph)],
        headings=ids(HEADING_STYLES),
        bullets=ids(BULLET_STYLES),
        numbers=numbers,
        number_abstracts=_number_abstracts(document, numbers, template),
        table=by_name[(TABLE_STYLE, table)],
        hyperlink=hyperlink if hyperlink is not None else _add_hyperlink_style(document),
        header=by_name.get(("Header", paragraph)),
        footer=by_name.get(("Footer", paragraph)),
    )


def _add_hyperlink_style(document: Document) -> str:
    style = document.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.priority = 99
    style.unhide_when_used = True
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True
    return str(style.style_id)


def _number_abstracts(
    document: Document, style_ids: tuple[str, str, str], template: Path | None
) -> tuple[str, str, str]:
    """The abstract numbering behind each "List Number" style.

    Each numbered list gets its own ``w:num`` on that abstract numbering with a start
    override, which is what makes every list restart.
    """
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        raise ExportError(
            f"{_where(template)} has no numbering definitions (word/numbering.xml), which "
            "numbered and bulleted lists need; add a bulleted and a numbered list to the "
            "template in Word, delete them and save it again"
        ) from None
    styles = document.styles.element
    found: list[str] = []
    for style_id, name in zip(style_ids, NUMBER_STYLES):
        abstract = None
        current: str | None = style_id
        seen: set[str] = set()
        while current is not None and current not in seen and abstract is None:
            seen.add(current)
            num_ids = styles.xpath(f'w:style[@w:styleId="{current}"]/w:pPr/w:numPr/w:numId/@w:val')
            if num_ids:
                abstracts = numbering.xpath(
                    f'w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val'
                )
                abstract = str(abstracts[0]) if abstracts else None
                break
            based_on = styles.xpath(f'w:style[@w:styleId="{current}"]/w:basedOn/@w:val')
            current = str(based_on[0]) if based_on else None
        if abstract is None:
            raise ExportError(
                f"the style {name!r} of {_where(template)} has no numbering; define it as a "
                "numbered list style in Word (Define New Multilevel List, link level 1 to it)"
            )
        found.append(abstract)
    return found[0], found[1], found[2]


def set_language(document: Document, tag: str) -> None:
    """Set the proofing language in the style defaults (what Word and PDF tagging use)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_default)
    properties = run_default.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_default.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def setup_default_page(document: Document) -> None:
    """A4 with Swedish office margins, Calibri text and sober black headings.

    Only for python-docx's default document; a template keeps its own look.
    """
    section = document.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(25)
    section.right_margin = Mm(25)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    styles = document.styles
    # The default theme's body font is Cambria; minutes are usually set in Calibri.
    styles["Normal"].font.name = "Calibri"
    for name, size, before in (("Heading 1", 18, 0), ("Heading 2", 14, 18), ("Heading 3", 12, 10)):
        style = styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def release(document: Document) -> None:
    """Break the reference cycles of a document that will not be used again.

    python-docx's package and parts refer to each other (relationships one way; each part's
    package and cached neighbours the other way), so a document is freed only by a full
    garbage collection, and until then it keeps its XML trees, which lxml allocates outside
    Python's heap: over a batch, memory grew by every document's trees. Emptying the parts
    and the package frees them as soon as the last reference goes.
    """
    package = document.part.package
    if package is None:
        return
    for part in list(package.iter_parts()):
        vars(part).clear()
    vars(package).clear()


def tidy_package(document: Document) -> None:
    """Drop parts that would misdescribe the document.

    python-docx's default template brings a thumbnail of another document, a Word 2010 copy
    of the styles (with en-US) and an app.xml claiming Word for Mac wrote the file.
    """
    package = document.part.package
    for rid, relationship in list(package.rels.items()):
        if relationship.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rid]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    part = document.part
    for rid, relationship in list(part.rels.items()):
        if relationship.reltype == _STYLES_WITH_EFFECTS:
            del part.rels[rid]
