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


def _with_document_xml(xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(normal_style_document()))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = xml
    return _zip(parts)


BAD = {
    "not a zip": (b"Anteckningar\n", "not a zip archive"),
    "zip, no Word": (_zip({"a.txt": b"x"}), "no Word document"),
    "old .doc renamed": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary Word"),
    "zip bomb": (
        _zip({"[Content_Types].xml": b"", "word/document.xml": bytes(210_000_000)}),
        "inflate",
    ),
    "external entity": (
        _with_document_xml(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
        ),
        "document type",
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
