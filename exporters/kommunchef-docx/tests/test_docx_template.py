"""The ``template`` option: an organisation's own .docx gives the styles, header and page."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, RGBColor
from kommunchef_docx import exporter

import kommunchef
from kommunchef import ExportError, OptionError

SEED = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"

# A 1x1 pixel PNG, standing in for an organisation's logo or a picture in the template body.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def make_template(tmp_path: Path, name: str = "mall.docx") -> Path:
    """A template as an organisation might have it: own header, style, margins, a logo."""
    template = docx.Document()
    section = template.sections[0]
    section.left_margin = Mm(30)
    section.right_margin = Mm(20)
    header = section.header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "Göteborgsregionen – mall"
    logo = tmp_path / "logo.png"
    logo.write_bytes(PIXEL)
    header.paragraphs[0].add_run().add_picture(str(logo), width=Mm(10))
    style = template.styles.add_style("GR Brödtext", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = template.styles["Normal"]
    link_style = template.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link_style.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    template.add_paragraph("Ta bort denna text", style="GR Brödtext")
    template.add_picture(str(logo), width=Mm(20))
    path = tmp_path / name
    template.save(str(path))
    return path


def test_template_keeps_styles_header_and_page_and_drops_its_body(tmp_path: Path) -> None:
    template = make_template(tmp_path)
    data = exporter.export(kommunchef.load(SEED), template=str(template))
    document = read(data)
    texts = [p.text for p in document.paragraphs]
    assert "Ta bort denna text" not in texts
    assert texts[0] == "Anteckningar – Kommunchefsgruppen 8 oktober 2021"
    assert document.paragraphs[0].style is not None
    assert document.paragraphs[0].style.name == "Heading 1"
    names = {style.name for style in document.styles}
    assert "GR Brödtext" in names
    # The template's own Hyperlink style is kept, not replaced.
    assert document.styles["Hyperlink"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    section = document.sections[0]
    assert section.left_margin is not None
    assert abs(section.left_margin - Mm(30)) < Mm(0.1)
    assert section.right_margin is not None
    assert abs(section.right_margin - Mm(20)) < Mm(0.1)
    assert section.header.paragraphs[0].text == "Göteborgsregionen – mall"
    # The template had no footer, so the page numbers are added.
    assert section.footer.paragraphs[0].text == "Sida 1 av 1"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
    # The header's logo stays; the picture in the removed body is gone.
    assert len(media) == 1
    image_rels = [r for r in document.part.rels.values() if r.reltype == RT.IMAGE]
    assert image_rels == []
    assert document.styles.element.xpath(
        "string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)"
    ) == ("sv-SE")


def test_template_footer_is_kept(tmp_path: Path) -> None:
    template = docx.Document()
    footer = template.sections[0].footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].text = "GR, Box 5073, 402 22 Göteborg"
    path = tmp_path / "sidfot.docx"
    template.save(str(path))
    document = read(exporter.export(kommunchef.load(SEED), template=str(path)))
    assert document.sections[0].footer.paragraphs[0].text == "GR, Box 5073, 402 22 Göteborg"
    assert document.sections[0].header.paragraphs[0].text == "Kommunchefsgruppen"


def test_template_lacking_a_style_names_it(tmp_path: Path) -> None:
    template = docx.Document()
    for name in ("List Number 3", "Table Grid"):
        element = template.styles[name].element
        element.getparent().remove(element)
    path = tmp_path / "utan-stil.docx"
    template.save(str(path))
    with pytest.raises(ExportError, match=r"'List Number 3', 'Table Grid'") as caught:
        exporter.export(kommunchef.load(SEED), template=str(path))
    assert str(path) in str(caught.value)


def test_template_without_numbering_part_gives_a_clear_error(tmp_path: Path) -> None:
    template = docx.Document()
    part = template.part
    for rid, relationship in list(part.rels.items()):
        if relationship.reltype == RT.NUMBERING:
            del part.rels[rid]
    path = tmp_path / "utan-numrering.docx"
    template.save(str(path))
    with pytest.raises(ExportError, match="no numbering definitions") as caught:
        exporter.export(kommunchef.load(SEED), template=str(path))
    assert str(path) in str(caught.value)


def test_dotx_missing_and_broken_templates_are_refused_by_path(tmp_path: Path) -> None:
    meeting = kommunchef.load(SEED)
    dotx = tmp_path / "mall.dotx"
    dotx.write_bytes(make_template(tmp_path).read_bytes())
    with pytest.raises(OptionError, match=r"\.dotx.*save it as a \.docx") as caught:
        exporter.export(meeting, template=str(dotx))
    assert str(dotx) in str(caught.value)

    missing = tmp_path / "finns-inte.docx"
    with pytest.raises(OptionError, match="does not exist") as caught:
        exporter.export(meeting, template=str(missing))
    assert str(missing) in str(caught.value)

    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"not a zip file at all")
    with pytest.raises(OptionError, match=r"cannot be read as a \.docx") as caught:
        exporter.export(meeting, template=str(broken))
    assert str(broken) in str(caught.value)

    with pytest.raises(OptionError, match="not a file"):
        exporter.export(meeting, template=str(tmp_path))


def test_template_through_the_public_api(tmp_path: Path) -> None:
    template = make_template(tmp_path)
    data = kommunchef.export(kommunchef.load(SEED), "docx", template=str(template), lang="en")
    document = read(data)
    assert document.paragraphs[0].text == "Minutes – Kommunchefsgruppen 8 October 2021"
    assert document.sections[0].footer.paragraphs[0].text == "Page 1 of 1"


def test_template_list_number_style_without_numbering_is_refused(tmp_path: Path) -> None:
    template = docx.Document()
    style = template.styles["List Number 2"].element
    for numbering in style.xpath("w:pPr/w:numPr"):
        numbering.getparent().remove(numbering)
    path = tmp_path / "utan-listnumrering.docx"
    template.save(str(path))
    with pytest.raises(ExportError, match=r"'List Number 2'.*has no numbering") as caught:
        exporter.export(kommunchef.load(SEED), template=str(path))
    assert str(path) in str(caught.value)
