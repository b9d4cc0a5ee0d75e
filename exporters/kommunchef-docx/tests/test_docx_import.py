"""Reading Word minutes: our own exports, hand-made documents of both styles, bad files."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, assume, given, settings
from kommunchef_docx.reader import read_docx

import kommunchef
from kommunchef import BulletList, Link, ListItem, Meeting, NumberedList, Paragraph, Person
from kommunchef.cli import main
from kommunchef.errors import LoadError
from kommunchef.importing import ReadingWarning, get_importer
from kommunchef.plaintext import can_express
from kommunchef.testing import meetings

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
DAY = dt.date(2022, 5, 20)


def held(meeting: Meeting) -> tuple[object, ...]:
    """What a DOCX export holds of a meeting: people as shown, the agenda, the signature."""

    def people(group: tuple[Person, ...]) -> list[tuple[str, str | None, str | None]]:
        return [(p.name, p.organisation_label, p.title) for p in group]

    items = [
        (i.number, i.title, [p.name for p in i.presenters], i.body, i.decisions, i.follow_ups)
        for i in meeting.agenda
    ]
    return (
        meeting.kind,
        meeting.date,
        meeting.start,
        meeting.location,
        people(meeting.present),
        people(meeting.absent),
        people(meeting.guests),
        items,
        meeting.recorded_by,
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_our_own_export_of_every_example_reads_back(path: Path) -> None:
    meeting = kommunchef.load(path)
    back = read_docx(kommunchef.export(meeting, "docx"), meeting_id=meeting.id)
    assert held(back) == held(meeting)
    assert {(u.date, u.end_date) for u in back.upcoming} == {
        (u.date, u.end_date) for u in meeting.upcoming
    }


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(meetings(emails=False))
def test_our_own_export_of_generated_meetings_reads_back(meeting: Meeting) -> None:
    assume(can_express(meeting) and not meeting.upcoming)
    # A Word document gives presenters as "Name (Title, Organisation)": a parenthesis in a
    # presenter's name, title or organisation reads as part of those details
    # (docs/importing.md).
    texts = [
        text or ""
        for item in meeting.agenda
        for person in item.presenters
        for text in (person.name, person.title, person.organisation)
    ]
    assume(not any("(" in text or ")" in text for text in texts))
    back = read_docx(kommunchef.export(meeting, "docx"), meeting_id=meeting.id)
    assert held(back) == held(meeting)


# Hand-made documents ---------------------------------------------------------------------------


def _bold(document: docx.document.Document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def _hyperlink(paragraph: DocxParagraph, text: str, url: str) -> None:
    part = paragraph.part
    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def normal_style_document() -> bytes:
    """Everything in Normal: bold section words and titles, typed numbers and bullets."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Kommunchefsgruppen"
    document.sections[0].footer.paragraphs[0].text = "Sida 1"
    _bold(document, "Anteckningar")
    document.add_paragraph("Datum: 20 maj 2022")
    document.add_paragraph("")
    _bold(document, "Närvarande")
    document.add_paragraph("Maria Reinholdsson, Ale")
    document.add_paragraph("Gunnel Rydberg, GR, Förbundssekreterare")
    _bold(document, "1. Inledning")
    paragraph = document.add_paragraph("Material finns på ")
    _hyperlink(paragraph, "GR:s webbplats", "https://goteborgsregionen.se/kcg")
    paragraph.add_run(".")
    document.add_paragraph("Gruppen lyfter:")
    document.add_paragraph("- Kompetens")
    document.add_paragraph("- Digitalisering")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _bold(document, "2. Kommande möten")
    document.add_paragraph("- 17 juni – INSTÄLLD LUNCH-LUNCH. Istället blir det ett möte.")
    document.add_paragraph("Antecknat av: Gunnel Rydberg, Förbundssekreterare")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def heading_style_document() -> bytes:
    """Heading styles with real Word numbering, attendance as a table, Word lists."""
    document = docx.Document()
    document.add_heading("Anteckningar", 1)
    document.add_paragraph("Datum: 20 maj 2022")
    document.add_heading("Närvarande", 2)
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [
            ("Namn", "Organisation", "Titel"),
            ("Maria Reinholdsson", "Ale", "Kommundirektör"),
            ("Gunnel Rydberg", "GR", ""),
        ],
    ):
        for cell, value in zip(row.cells, values):
            cell.text = value
    numbering = document.styles["List Number"].element.pPr.numPr.numId.val
    for title in ("Inledning", "Budget"):
        heading = document.add_heading(title, 2)
        properties = heading._p.get_or_add_pPr()
        numbered = OxmlElement("w:numPr")
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), "0")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), str(numbering))
        numbered.append(level)
        numbered.append(number)
        properties.append(numbered)
        document.add_paragraph("")
        document.add_paragraph(f"Om {title.lower()}.")
        document.add_paragraph("Första", style="List Bullet")
        document.add_paragraph("Andra", style="List Bullet")
        document.add_paragraph("Inre", style="List Bullet 2")
    document.add_heading("Beslut", 3)
    document.add_paragraph("Gruppen godkänner budgeten.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_normal_style_document() -> None:
    meeting = read_docx(normal_style_document(), meeting_id="kcg-hand")
    assert meeting.date == DAY
    assert [p.name for p in meeting.present] == ["Maria Reinholdsson", "Gunnel Rydberg"]
    first = meeting.item(1)
    assert first.body[0] == Paragraph(
        ("Material finns på ", Link("GR:s webbplats", "https://goteborgsregionen.se/kcg"), ".")
    )
    assert first.body[2] == BulletList((ListItem(("Kompetens",)), ListItem(("Digitalisering",))))
    assert meeting.item(2).title == "Kommande möten"
    assert meeting.upcoming[0].title == "LUNCH-LUNCH"
    assert meeting.upcoming[0].cancelled
    assert meeting.recorded_by is not None


def test_heading_style_document_with_word_numbering_and_a_table() -> None:
    meeting = read_docx(heading_style_document(), meeting_id="kcg-hand")
    assert [(p.name, p.organisation, p.title) for p in meeting.present] == [
        ("Maria Reinholdsson", "Ale", "Kommundirektör"),
        ("Gunnel Rydberg", "GR", None),
    ]
    assert [(i.number, i.title) for i in meeting.agenda] == [(1, "Inledning"), (2, "Budget")]
    body = meeting.item(2).body
    assert body[0] == Paragraph("Om budget.")
    assert isinstance(body[1], BulletList)
    assert body[1].items[1].sublist == BulletList((ListItem(("Inre",)),))
    assert meeting.item(2).decisions == (Paragraph("Gruppen godkänner budgeten."),)
    assert not any(isinstance(block, NumberedList) for block in body)


def test_an_error_names_the_paragraph() -> None:
    document = docx.Document()
    document.add_paragraph("Anteckningar")
    document.add_paragraph("NÄRVARANDE")
    document.add_paragraph("Maria Standar Alingsås")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(LoadError, match=r'^paragraph 3: "Maria Standar Alingsås": a person needs'):
        read_docx(out.getvalue(), date=DAY)


def test_a_doubt_is_a_warning_naming_the_paragraph() -> None:
    document = docx.Document()
    for text in ("Anteckningar", "Datum: 2022-05-20", "NÄRVARANDE", "Anna Ek, Ale"):
        document.add_paragraph(text)
    document.add_paragraph("KOMMANDE MÖTEN")
    document.add_paragraph("- 4 juni – Möte inställt pga sjukdom")
    out = io.BytesIO()
    document.save(out)
    with pytest.warns(ReadingWarning, match=r"^paragraph 6: .*kept whole as the title"):
        read_docx(out.getvalue())


# Bad Word input: one line, exit 1, nothing written ---------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def _with_document_xml(xml: bytes) -> bytes:
    return _zip({**_parts(normal_style_document()), "word/document.xml": xml})


def _with_part_method(data: bytes, name: str, method: int) -> bytes:
    """The package with ``name``'s compression method set to ``method`` in both headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        member = package.getinfo(name)
    patched[member.header_offset + 8 : member.header_offset + 10] = method.to_bytes(2, "little")
    central = patched.find(b"PK\x01\x02")  # the central directory's entries
    while central >= 0:
        length = int.from_bytes(patched[central + 28 : central + 30], "little")
        if patched[central + 46 : central + 46 + length] == name.encode():
            patched[central + 10 : central + 12] = method.to_bytes(2, "little")
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def _with_damaged_part(data: bytes, name: str) -> bytes:
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        member = package.getinfo(name)
    header = member.header_offset
    start = header + 30 + int.from_bytes(patched[header + 26 : header + 28], "little")
    start += int.from_bytes(patched[header + 28 : header + 30], "little")
    patched[start] = 0xFF  # an invalid deflate block type
    return bytes(patched)


_DTD = b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BAD = {
    "not a zip": (b"Anteckningar\n", "not a zip archive"),
    "zip, no Word": (_zip({"a.txt": b"x"}), "no Word document"),
    "old .doc renamed": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary Word"),
    "zip bomb": (
        _zip({"[Content_Types].xml": b"", "word/document.xml": bytes(210_000_000)}),
        "inflate",
    ),
    "external entity": (
        _with_document_xml(b'<?xml version="1.0"?>' + _DTD + b"<d>&x;</d>"),
        "document type",
    ),
    "a damaged part": (_with_damaged_part(normal_style_document(), "word/document.xml"), "damaged"),
    "an unknown compression method": (
        _with_part_method(normal_style_document(), "word/document.xml", 99),
        "compression method",
    ),
    "no body": (_with_document_xml(b"<w:document " + _W_NS + b"/>"), "has no body"),
    "a foreign root element": (_with_document_xml(b"<foo/>"), "has no body"),
    "a declaration after a long comment": (
        _with_document_xml(b"<?xml version='1.0'?><!--" + b"x" * 5000 + b"-->" + _DTD + b"<d/>"),
        "document type",
    ),
    "a declaration in UTF-16": (
        _with_document_xml(
            ("<?xml version='1.0' encoding='UTF-16'?>" + _DTD.decode() + "<d/>").encode("utf-16")
        ),
        "document type",
    ),
    "an XML part beyond the limit": (
        _with_document_xml(b"<w:document " + _W_NS + b">" + b" " * 20_000_000 + b"</w:document>"),
        "the limit is 20000000",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_word_input_is_one_line_and_nothing_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, expected = BAD[name]
    source = tmp_path / "minutes.docx"
    source.write_bytes(data)
    target = tmp_path / "meeting.json"
    assert main(["import", str(source), "--date", "2022-05-20", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert expected in error
    assert not target.exists()


def test_the_importer_is_registered_by_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert get_importer(".docx").name == "docx"
    source = tmp_path / "minutes.docx"
    source.write_bytes(heading_style_document())
    target = tmp_path / "meeting.json"
    assert main(["import", str(source), "-o", str(target)]) == 0
    assert kommunchef.load(target).item(2).title == "Budget"
    assert main(["formats"]) == 0
    assert re.search(r"^  \.docx +kommunchef-docx ", capsys.readouterr().out, re.M)


# Odd markup: read as Word would -----------------------------------------------------------


def _with_levels(value: str) -> bytes:
    """The heading-style document with every list level in its markup set to ``value``."""
    parts = _parts(heading_style_document())
    for name in ("word/document.xml", "word/numbering.xml"):
        parts[name] = re.sub(
            rb'(<w:ilvl w:val=|w:ilvl=)"[^"]*"', rb'\1"' + value.encode() + b'"', parts[name]
        )
    parts["word/numbering.xml"] = re.sub(
        rb'<w:start w:val="[^"]*"',
        b'<w:start w:val="' + value.encode() + b'"',
        parts["word/numbering.xml"],
    )
    return _zip(parts)


@pytest.mark.parametrize("value", ["x", "", "²", "1000000000", "9" * 5000])
def test_numbers_in_the_markup_that_are_no_plain_numbers_are_read_as_absent(value: str) -> None:
    meeting = read_docx(_with_levels(value), date=dt.date(2022, 5, 20))
    assert [item.title for item in meeting.agenda] == ["Inledning", "Budget"]


def test_a_list_level_beyond_words_nine_is_the_ninth() -> None:
    document = docx.Document(io.BytesIO(heading_style_document()))
    document.add_paragraph("Djupt", style="List Bullet")
    paragraph = document.paragraphs[-1]
    numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbered.get_or_add_ilvl().val = 8
    numbered.ilvl.set(qn("w:val"), "1000000000")  # ten digits: more than the markup allows
    numbered.get_or_add_numId().val = 1
    out = io.BytesIO()
    document.save(out)
    # Read as the ninth level or as the first, quickly either way: never a billion levels.
    meeting = read_docx(out.getvalue(), date=dt.date(2022, 5, 20))
    assert len(kommunchef.dumps(meeting)) < 100_000


def test_a_table_row_shorter_than_its_header_is_read() -> None:
    document = docx.Document(io.BytesIO(heading_style_document()))
    table = document.tables[0]
    row = table._tbl.add_tr()
    cell = row.add_tc()
    cell.append(OxmlElement("w:p"))
    DocxParagraph(cell[-1], table).add_run("Anna Ek")
    out = io.BytesIO()
    document.save(out)
    meeting = read_docx(out.getvalue(), date=dt.date(2022, 5, 20))
    assert meeting.present[-1].name == "Anna Ek"


def test_a_long_chain_of_styles_is_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from kommunchef_docx import reader

    document = docx.Document(io.BytesIO(heading_style_document()))
    styles = document.styles.element
    count = 300
    for index in range(count):  # style i is based on style i + 1
        style = OxmlElement("w:style")
        style.set(qn("w:type"), "paragraph")
        style.set(qn("w:styleId"), f"Chain{index}")
        name = OxmlElement("w:name")
        name.set(qn("w:val"), f"Chain {index}")
        based = OxmlElement("w:basedOn")
        based.set(qn("w:val"), f"Chain{index + 1}")
        style.append(name)
        style.append(based)
        styles.append(style)
    for index in range(count):
        paragraph = document.add_paragraph(f"Text {index}.")
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = f"Chain{index}"
    out = io.BytesIO()
    document.save(out)
    calls = 0
    numbering_of = reader._numbering_of

    def counted(properties: object) -> object:
        nonlocal calls
        calls += 1
        return numbering_of(properties)

    monkeypatch.setattr(reader, "_numbering_of", counted)
    meeting = read_docx(out.getvalue(), date=dt.date(2022, 5, 20))
    assert f"Text {count - 1}." in kommunchef.dumps(meeting)
    assert calls < 4 * count  # one walk of the chain, not one per paragraph (45,000 calls)
