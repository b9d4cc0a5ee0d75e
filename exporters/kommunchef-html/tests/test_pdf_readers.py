"""The ``pdf`` format read by real readers: poppler (pdfinfo, pdffonts, pdftotext, pdftoppm),
LibreOffice's rendering of the DOCX minutes for comparison, and the conformance check."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kommunchef_html.pdf import exporter
from pytest_kommunchef import require_client

import kommunchef
from kommunchef.model import (
    AgendaItem,
    BulletList,
    ListItem,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
)
from kommunchef.testing import check_exporter

pytestmark = pytest.mark.client

REPOSITORY = Path(__file__).resolve().parents[3]
SEED = REPOSITORY / "examples" / "kcg-2021-10-08.json"
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, timeout=180, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr.decode()}"
    return result.stdout.decode("utf-8")


def write(tmp_path: Path, data: bytes, name: str = "minutes.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def info(pdf: Path) -> dict[str, str]:
    require_client("pdfinfo", "poppler-utils reads the PDF")
    lines = run("pdfinfo", str(pdf)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def page_text(pdf: Path, page: int, *options: str) -> str:
    pages = ("-f", str(page), "-l", str(page))
    return run("pdftotext", *pages, *options, "-enc", "UTF-8", str(pdf), "-")


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed() -> Meeting:
    return kommunchef.load(SEED)


def test_pdfinfo_tagged_a4_with_metadata(seed: Meeting, tmp_path: Path) -> None:
    fields = info(write(tmp_path, exporter.export(seed)))
    assert fields["Tagged"] == "yes"
    assert fields["Page size"].startswith("595.276 x 841.89")
    assert fields["Title"] == kommunchef.outline(seed).title
    assert fields["Author"] == "GR"
    assert int(fields["Pages"]) >= 2


def test_every_font_embedded_and_subset(seed: Meeting, tmp_path: Path) -> None:
    require_client("pdffonts", "poppler-utils lists the PDF's fonts")
    rows = run("pdffonts", str(write(tmp_path, exporter.export(seed)))).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert "Carlito" in name, f"a font that was not shipped: {row}"


def test_text_in_reading_order_with_swedish_characters(seed: Meeting, tmp_path: Path) -> None:
    require_client("pdftotext", "poppler-utils reads the PDF")
    data = exporter.export(seed)
    shown = squash(exporter.text_of(data))
    document = kommunchef.outline(seed)
    position = 0
    for text in (
        document.title,
        "Närvarande",
        "Övriga närvarande",
        *[item.heading for item in document.items],
        document.signature.text if document.signature else "",
    ):
        found = shown.find(squash(text), position)
        assert found >= 0, f"{text!r} missing or out of order"
        position = found
    assert "Söderbäck" in shown
    assert "Öckerö" in shown
    assert "Ale" in shown


@pytest.mark.parametrize(("lang", "words"), [("sv", ("Sida", "av")), ("en", ("Page", "of"))])
def test_running_header_and_page_numbers(
    seed: Meeting, tmp_path: Path, lang: str, words: tuple[str, str]
) -> None:
    require_client("pdftotext", "poppler-utils reads the PDF")
    pdf = write(tmp_path, exporter.export(seed, lang=lang))
    pages = int(info(pdf)["Pages"])
    for page in range(1, pages + 1):
        lines = [line.strip() for line in page_text(pdf, page).splitlines() if line.strip()]
        assert lines[0] == "Kommunchefsgruppen"
        assert lines[-1] == f"{words[0]} {page} {words[1]} {pages}"
        assert "Kommunchefsgruppen" not in squash(exporter.text_of(pdf.read_bytes()))[:20]


def people_meeting(count: int) -> Meeting:
    return Meeting(
        id="manga-2024-02-02",
        date=dt.date(2024, 2, 2),
        present=tuple(Person(f"Deltagare {n:03d} Åberg", "Mölndal", "Chef") for n in range(count)),
        agenda=(AgendaItem(1, "Ett ärende", body=(Paragraph(("Text.",)),)),),
    )


def test_long_tables_repeat_their_header_row(tmp_path: Path) -> None:
    require_client("pdftotext", "poppler-utils reads the PDF")
    pdf = write(tmp_path, exporter.export(people_meeting(120)))
    pages = int(info(pdf)["Pages"])
    assert pages >= 3
    table_pages = [p for p in range(1, pages + 1) if "Deltagare" in page_text(pdf, p)]
    assert len(table_pages) >= 3
    for page in table_pages:
        layout = page_text(pdf, page, "-layout").splitlines()
        rows = [line.split() for line in layout if line.strip()]
        header = next(i for i, words in enumerate(rows) if words[0] == "NAMN")
        assert rows[header] == ["NAMN", "ORGANISATION", "TITEL"], f"page {page}: no header row"
        assert rows[header + 1][0] == "Deltagare", f"page {page}: no row after the header"


def test_a_heading_is_never_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    require_client("pdftotext", "poppler-utils reads the PDF")
    filler = Paragraph(("Lång text om regionens arbete. " * 12,))
    items = tuple(
        AgendaItem(n, f"Ärende {n}", body=(filler,), decisions=(Paragraph(("Beslutat.",)),))
        for n in range(1, 25)
    )
    meeting = Meeting(id="brytning-2024-04-05", date=dt.date(2024, 4, 5), agenda=items)
    pdf = write(tmp_path, exporter.export(meeting))
    for page in range(1, int(info(pdf)["Pages"]) + 1):
        lines = [line.strip() for line in page_text(pdf, page).splitlines() if line.strip()]
        body = lines[:-1]  # the footer is last
        assert not re.fullmatch(r"\d+\. Ärende \d+", body[-1]), f"page {page} ends with a heading"
        assert body[-1] != "Beslut", f"page {page} ends with a decision heading"


def test_pages_render_with_ink_in_header_body_and_footer(seed: Meeting, tmp_path: Path) -> None:
    require_client("pdftoppm", "poppler-utils renders the pages")
    pdf = write(tmp_path, exporter.export(seed))
    run("pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    magic, width, height, _, pixels = image.split(maxsplit=4)
    assert magic == b"P5"
    columns, rows = int(width), int(height)
    assert round(rows / columns, 2) == round(297 / 210, 2)  # A4

    def inked(top: float, bottom: float) -> bool:
        part = pixels[int(rows * top) * columns : int(rows * bottom) * columns]
        return min(part) < 128

    assert inked(0.0, 0.07)
    assert inked(0.1, 0.9)
    assert inked(0.93, 1.0)


def word_boxes(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) for every word, from ``pdftotext -bbox``."""
    html = run("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-")
    boxes = []
    page = 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)".*?>(.*?)</word>', line)
        if found:
            boxes.append((page, float(found[1]), float(found[2]), found[3]))
    return boxes


def first_position(boxes: list[tuple[int, float, float, str]], text: str) -> tuple[int, float]:
    words = text.split()
    for index in range(len(boxes) - len(words) + 1):
        if [b[3] for b in boxes[index : index + len(words)]] == words:
            return boxes[index][0], boxes[index][2]
    raise AssertionError(f"{text!r} is not on any page")


def test_same_layout_as_the_docx_minutes_by_text_position(seed: Meeting, tmp_path: Path) -> None:
    soffice = require_client("soffice", "LibreOffice renders the DOCX minutes")
    require_client("pdftotext", "poppler-utils reads the PDFs")
    docx = write(tmp_path, kommunchef.export(seed, "docx"), "minutes.docx")
    ours = write(tmp_path, exporter.export(seed), "ours.pdf")
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(tmp_path / "lo"),
            str(docx),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    theirs = tmp_path / "lo" / "minutes.pdf"
    assert theirs.is_file(), "LibreOffice wrote no PDF"
    document = kommunchef.outline(seed)
    marks = [document.title, *(group.caption for group in document.attendance)]
    marks += [item.heading for item in document.items]
    ours_boxes, their_boxes = word_boxes(ours), word_boxes(theirs)
    ours_at = [first_position(ours_boxes, mark) for mark in marks]
    theirs_at = [first_position(their_boxes, mark) for mark in marks]
    # The same parts in the same order, on A4 pages of about the same count; the title at
    # the top of the first page in both.
    assert ours_at == sorted(ours_at)
    assert theirs_at == sorted(theirs_at)
    assert ours_at[0][0] == theirs_at[0][0] == 1
    assert ours_at[0][1] < 842 * 0.2
    assert theirs_at[0][1] < 842 * 0.2
    assert abs(ours_at[-1][0] - theirs_at[-1][0]) <= 1
    assert info(ours)["Page size"].endswith("(A4)")
    assert info(theirs)["Page size"].endswith("(A4)")


def test_conformance_check() -> None:
    require_client("pdftotext", "the conformance check reads the PDF's text")
    check_exporter(exporter, examples=8)


@st.composite
def big_meetings(draw: st.DrawFn) -> Meeting:
    long_name = draw(st.sampled_from(["Anna-Karin ", "Maximiliana "])) * draw(st.integers(5, 12))
    nested = NumberedList(
        (
            ListItem(
                ("Första",),
                BulletList((ListItem(("Inre",), NumberedList((ListItem(("Innersta",)),))),)),
            ),
        )
    )
    count = draw(st.sampled_from([1, 100]))
    return Meeting(
        id="stor-2024-09-06",
        date=dt.date(2024, 9, 6),
        status=draw(st.sampled_from(list(MeetingStatus))),
        present=(Person(long_name.strip(), "Göteborg", "Stadsdirektör " * 4),),
        agenda=tuple(
            AgendaItem(n, f"Punkt {n} om " + "samverkan " * (n % 7), body=(nested,))
            for n in range(1, count + 1)
        ),
    )


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(big_meetings())
def test_large_and_odd_meetings_render(meeting: Meeting) -> None:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(exporter.export(meeting))) as pdf:
        with pdf.open_outline() as outline:
            assert len(outline.root) == len(meeting.agenda)
        assert len(pdf.pages) >= (10 if len(meeting.agenda) == 100 else 1)
