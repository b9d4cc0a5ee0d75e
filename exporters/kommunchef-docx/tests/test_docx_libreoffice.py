"""LibreOffice as the real client: the documents become tagged PDFs that show everything.

One ``soffice`` run converts the three documents with its own profile (two conversions that
share a profile at the same time fail), and poppler's tools read the PDFs back.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from pytest_kommunchef import require_client

import kommunchef
from kommunchef import AgendaItem, BulletList, ListItem, Meeting, NumberedList, Paragraph, Person
from kommunchef.testing import HOSTILE_TEXTS, hostile_meeting

pytestmark = pytest.mark.client

SEED = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def lists_meeting() -> Meeting:
    """Three numbered lists in a row (the second must restart), one starting at 3."""
    return Meeting(
        id="listor-2024-01-12",
        date=dt.date(2024, 1, 12),
        present=(Person("Åsa Öberg", "Öckerö"),),
        agenda=(
            AgendaItem(
                number=1,
                title="Listor",
                body=(
                    NumberedList((ListItem(("Alfa",)), ListItem(("Beta",)), ListItem(("Gamma",)))),
                    Paragraph(("Mellan listorna.",)),
                    NumberedList((ListItem(("Delta",)), ListItem(("Epsilon",)))),
                    NumberedList((ListItem(("Kappa",)), ListItem(("Lambda",))), start=3),
                    BulletList(
                        (ListItem(("Punkt",), NumberedList((ListItem(("Inre",)),))),),
                    ),
                ),
            ),
        ),
    )


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = require_client("soffice", "LibreOffice converts the DOCX to PDF")
    require_client("pdftotext", "poppler-utils reads the PDF")
    require_client("pdfinfo", "poppler-utils reads the PDF")
    work = tmp_path_factory.mktemp("libreoffice")
    documents = {
        "seed": kommunchef.load(SEED),
        "hostile": hostile_meeting(),
        "lists": lists_meeting(),
    }
    sources = []
    for name, meeting in documents.items():
        source = work / f"{name}.docx"
        source.write_bytes(kommunchef.export(meeting, "docx"))
        sources.append(str(source))
    profile = work / "profile"
    out = work / "out"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(out),
            *sources,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    # soffice exits 0 even when a conversion fails: the PDFs are the evidence.
    found = {name: out / f"{name}.pdf" for name in documents}
    for name, pdf in found.items():
        assert pdf.is_file(), f"LibreOffice wrote no PDF for {name}"
        assert pdf.stat().st_size > 1000, f"the PDF of {name} is empty"
    return found


def text(pdf: Path, *options: str) -> str:
    return run("pdftotext", *options, str(pdf), "-")


def squash(value: str) -> str:
    return " ".join(value.split())


def test_seed_pdf_shows_every_name_and_title(pdfs: dict[str, Path]) -> None:
    meeting = kommunchef.load(SEED)
    shown = squash(text(pdfs["seed"]))
    assert "Anteckningar – Kommunchefsgruppen 8 oktober 2021" in shown
    for person in (*meeting.present, *meeting.absent, *meeting.guests):
        assert person.name in shown
    for item in meeting.agenda:
        assert f"{item.number}. {item.title}" in shown
    for word in ("Närvarande", "Ej närvarande", "Övriga närvarande", "Beslut", "Göteborg"):
        assert word in shown
    assert "Antecknat av: Gunnel Rydberg, Förbundssekreterare" in shown
    assert re.search(r"Sida 1 av [2-9]", shown)


def test_seed_pdf_has_title_a4_and_language(pdfs: dict[str, Path]) -> None:
    info = run("pdfinfo", str(pdfs["seed"]))
    assert re.search(r"^Title:\s+Anteckningar – Kommunchefsgruppen 8 oktober 2021$", info, re.M)
    assert re.search(r"^Author:\s+GR$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert b"/Lang(sv-SE)" in pdfs["seed"].read_bytes()


def test_seed_pdf_structure_has_headings_lists_links_and_tables(pdfs: dict[str, Path]) -> None:
    structure = run("pdfinfo", "-struct-text", str(pdfs["seed"]))
    tags = set(re.findall(r"^\s*([A-Za-z0-9]+)\b", structure, re.M))
    assert {"H1", "H2", "H3", "L", "LI", "Link", "Table", "TH"} <= tags
    h1 = re.findall(r'H1 \(block\):\n(?:\s+/.*\n)*\s+"([^"]*)"', structure)
    assert h1 == ["Anteckningar – Kommunchefsgruppen 8 oktober 2021"]


def test_numbered_lists_restart(pdfs: dict[str, Path]) -> None:
    lines = [squash(line) for line in text(pdfs["lists"], "-layout").splitlines()]
    numbered = [line for line in lines if re.match(r"^\d+\. [A-ZÅÄÖ]", line)]
    assert numbered == [
        "1. Listor",
        "1. Alfa",
        "2. Beta",
        "3. Gamma",
        "1. Delta",
        "2. Epsilon",
        "3. Kappa",
        "4. Lambda",
        "1. Inre",
    ]


def test_hostile_meeting_text_is_shown_as_text(pdfs: dict[str, Path]) -> None:
    shown = squash(text(pdfs["hostile"]))
    # Right-to-left, zero-width and emoji texts are reordered or dropped by text extraction
    # (python-docx reads them back exactly in test_docx_content); the rest must be verbatim.
    for hostile in HOSTILE_TEXTS:
        if hostile.isascii() or "Å" in hostile:
            assert squash(hostile) in shown
    assert "中文" in shown
    assert "1. <script>alert(1)</script>" in shown
    assert "10. emoji" in shown
    assert b"/Lang(sv-SE)" in pdfs["hostile"].read_bytes()
