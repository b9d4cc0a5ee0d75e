"""The ``pdf`` format read back with pikepdf: PDF/A identification, tags, metadata, bookmarks,
links, options, reproducibility and the fetcher that refuses everything but the package."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
import pytest
import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st
from kommunchef_html._bidi import close_embeddings
from kommunchef_html._pdf_text import comparable_text
from kommunchef_html._resources import RefusedResourceError, fetch_packaged, package_folder
from kommunchef_html._stylesheet import MAX_STYLESHEET_BYTES
from kommunchef_html.pdf import DEFAULT_VARIANT, css_string, exporter, page_html, variants

import kommunchef
from kommunchef.errors import OptionError
from kommunchef.exporting import get_exporter
from kommunchef.model import (
    Meeting,
    Person,
    UpcomingMeeting,
)

REPOSITORY = Path(__file__).resolve().parents[3]
SEED = REPOSITORY / "examples" / "kcg-2021-10-08.json"
XMP_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@pytest.fixture(scope="module")
def seed_pdf(seed: Meeting) -> bytes:
    return exporter.export(seed)


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def structure_types(pdf: pikepdf.Pdf) -> list[str]:
    """Every structure element's type, in document order."""
    found: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def bookmark_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles: list[str] = []
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(reversed(item.children))
        return titles


def link_uris(pdf: pikepdf.Pdf) -> list[str]:
    return [
        str(annotation.A.URI)
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.Subtype == "/Link" and "/A" in annotation and "/URI" in annotation.A
    ]


def test_the_entry_point_gives_the_pdf_exporter() -> None:
    assert get_exporter("pdf") is exporter
    assert exporter.media_type == "application/pdf"
    assert exporter.suffix == ".pdf"


def test_pdfa_identification_output_intent_and_language(seed_pdf: bytes) -> None:
    assert seed_pdf.startswith(b"%PDF-1.7")
    with open_pdf(seed_pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta[f"{XMP_PDFAID}part"] == "3"
        assert meta[f"{XMP_PDFAID}conformance"] == "U"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        assert intents[0].S == "/GTS_PDFA1"
        assert "/DestOutputProfile" in intents[0]
        assert str(pdf.Root.Lang) == "sv-SE"
        assert pdf.Root.MarkInfo.Marked


def test_metadata_from_the_outline_in_info_and_xmp(seed: Meeting, seed_pdf: bytes) -> None:
    document = kommunchef.outline(seed)
    with open_pdf(seed_pdf) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == document.title
        assert str(info.Author) == document.author == "GR"
        assert str(info.Subject) == document.subject
        assert str(info.Keywords) == ", ".join(document.keywords)
        assert str(info.CreationDate).startswith("D:20211008")
        meta = pdf.open_metadata()
        assert meta["dc:title"] == document.title
        assert meta["dc:creator"] == [document.author]
        assert meta["dc:description"] == document.subject
        assert meta["pdf:Keywords"] == ", ".join(document.keywords)
        assert meta["xmp:CreateDate"].startswith("2021-10-08T")


def test_structure_is_tagged_with_headings_tables_lists_and_links(seed_pdf: bytes) -> None:
    with open_pdf(seed_pdf) as pdf:
        types = structure_types(pdf)
    for expected in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/P"):
        assert expected in types, f"no {expected} in the structure tree"
    assert types.index("/H1") < types.index("/Table") < types.index("/H2")


def test_one_bookmark_per_agenda_item(seed: Meeting, seed_pdf: bytes) -> None:
    document = kommunchef.outline(seed)
    expected = [item.heading for item in document.items]
    if document.upcoming:
        expected.append(document.upcoming_heading)
    with open_pdf(seed_pdf) as pdf:
        assert bookmark_titles(pdf) == expected


def test_links_are_link_annotations(seed: Meeting, seed_pdf: bytes) -> None:
    document = kommunchef.outline(seed)
    hrefs = [
        span.href
        for item in document.items
        for block in item.body
        if isinstance(block, kommunchef.document.ParagraphView)
        for span in block.content
        if isinstance(span, kommunchef.document.LinkView) and span.href
    ]
    assert hrefs
    with open_pdf(seed_pdf) as pdf:
        uris = link_uris(pdf)
    for href in hrefs:
        assert href in uris


def test_same_meeting_gives_the_same_bytes(seed: Meeting, seed_pdf: bytes) -> None:
    assert exporter.export(seed) == seed_pdf
    english = exporter.export(seed, lang="en")
    assert english != seed_pdf
    assert exporter.export(seed, lang="en") == english


def test_a_process_gives_the_same_bytes_whatever_it_exported_before(
    seed: Meeting, seed_pdf: bytes, tmp_path: Path
) -> None:
    # The parsed stylesheets and their fonts are kept per process; an organisation's
    # stylesheet and its fonts must not reach a document exported without it.
    css = tmp_path / "fonts.css"
    css.write_text(
        '@font-face { font-family: "Kommunchef Carlito"; src: url(fonts/Carlito-Bold.ttf) }\n'
        "body { font-weight: 700 }\n",
        encoding="utf-8",
    )
    styled = exporter.export(seed, css=str(css))
    assert styled != seed_pdf
    assert exporter.export(seed) == seed_pdf
    assert exporter.export(seed, css=str(css)) == styled


def test_the_command_exits_quietly_after_a_pdf(tmp_path: Path) -> None:
    # The kept font configuration removes its folder at exit without a word on stderr.
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kommunchef",
            "export",
            str(SEED),
            "-f",
            "pdf",
            "-o",
            str(tmp_path / "seed.pdf"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "seed.pdf").read_bytes().startswith(b"%PDF-")


def test_file_identifier_comes_from_the_meeting(seed: Meeting, seed_pdf: bytes) -> None:
    with open_pdf(seed_pdf) as pdf:
        first = bytes(pdf.trailer.ID[0])
    excerpt = exporter.export(seed, items="1")
    with open_pdf(excerpt) as pdf:
        assert bytes(pdf.trailer.ID[0]) != first


def test_english_sets_the_language(seed: Meeting) -> None:
    with open_pdf(exporter.export(seed, lang="en")) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title).startswith("Minutes")


def test_excerpt_has_bookmarks_only_for_its_items(seed: Meeting) -> None:
    with open_pdf(exporter.export(seed, items="2,4")) as pdf:
        titles = bookmark_titles(pdf)
    document = kommunchef.outline(seed, items=[2, 4])
    assert titles == [item.heading for item in document.items]


def test_other_variants(seed: Meeting) -> None:
    assert DEFAULT_VARIANT in variants()
    assert "pdf/ua-1" in variants()
    with open_pdf(exporter.export(seed, variant="pdf/ua-1")) as pdf:
        meta = pdf.open_metadata()
        assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        assert "/StructTreeRoot" in pdf.Root
    with open_pdf(exporter.export(seed, variant="PDF/A-2U")) as pdf:
        assert pdf.open_metadata()[f"{XMP_PDFAID}part"] == "2"


@pytest.mark.parametrize("value", ["pdf/a-9", "", "debug", "pdf"])
def test_unknown_variant_is_an_option_error(seed: Meeting, value: str) -> None:
    with pytest.raises(OptionError, match=r"variant must be one of .*pdf/a-3u"):
        exporter.export(seed, variant=value)


def test_unknown_option_is_refused(seed: Meeting) -> None:
    with pytest.raises(OptionError, match="no option 'template'"):
        exporter.export(seed, template="x.j2")


# The organisation's stylesheet -----------------------------------------------------------------


def test_a_stylesheet_changes_the_page(seed: Meeting, tmp_path: Path) -> None:
    css = tmp_path / "var.css"
    css.write_text("@page { size: A5 }\nh2 { color: #7a0000 }\n", encoding="utf-8")
    with open_pdf(exporter.export(seed, css=str(css))) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (420, 595)  # A5 in points


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        (b"h1 { color: red }\xff", "not UTF-8 text"),
        (b"x" * (MAX_STYLESHEET_BYTES + 1), "larger than"),
        (b"h1 { color: red }</style><script>", "'</style'"),
        (b"h1 { color: red } }", "not valid CSS: line 1"),
    ],
)
def test_a_bad_stylesheet_is_a_one_line_option_error(
    seed: Meeting, tmp_path: Path, content: bytes | None, message: str
) -> None:
    css = tmp_path / "var.css"
    if content is not None:
        css.write_bytes(content)
    with pytest.raises(OptionError, match=message) as caught:
        exporter.export(seed, css=str(css))
    assert "\n" not in str(caught.value)


def test_a_folder_is_not_a_stylesheet(seed: Meeting, tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="directory"):
        exporter.export(seed, css=str(tmp_path))


@pytest.mark.parametrize(
    "rule",
    [
        "h1 { background-image: url(http://127.0.0.1:9/x.png) }",
        "@font-face { font-family: X; src: url(file:///etc/passwd) } h1 { font-family: X }",
        "body { background: url(../../../../../../etc/hostname) }",
    ],
)
def test_a_stylesheet_can_fetch_nothing(seed: Meeting, tmp_path: Path, rule: str) -> None:
    css = tmp_path / "var.css"
    css.write_text(rule, encoding="utf-8")
    with pytest.raises(OptionError, match="not allowed"):
        exporter.export(seed, css=str(css))


def test_the_fetcher_serves_only_the_package() -> None:
    font = package_folder() / "fonts" / "Carlito-Regular.ttf"
    data, media_type, _ = fetch_packaged(font.as_uri())
    assert media_type == "font/ttf"
    assert data[:4] == b"\x00\x01\x00\x00"
    for url in (
        "https://example.org/font.ttf",
        "file:///etc/passwd",
        (package_folder() / ".." / ".." / "x.css").as_uri(),
        (package_folder() / "pdf.py").as_uri(),
        "data:text/css,h1{}",
    ):
        with pytest.raises(RefusedResourceError):
            fetch_packaged(url)


def test_fonts_ship_with_their_licence() -> None:
    folder = package_folder() / "fonts"
    assert {p.name for p in folder.glob("*.ttf")} >= {"Carlito-Regular.ttf", "Carlito-Bold.ttf"}
    assert "SIL Open Font License" in (folder / "OFL.txt").read_text(encoding="utf-8")


# The page behind the PDF -----------------------------------------------------------------------


def test_the_page_carries_the_metadata_and_no_outside_references(seed: Meeting) -> None:
    document = kommunchef.outline(seed)
    page = page_html(document)
    assert '<html lang="sv-SE">' in page
    assert document.created == dt.datetime(2021, 10, 8, 12, tzinfo=dt.UTC)  # no start time
    assert '<meta name="dcterms.created" content="2021-10-08T12:00:00Z">' in page
    assert '<meta name="author" content="GR">' in page
    assert "@top-left" in page
    assert "counter(pages)" in page
    assert "http://" not in page.split("<body>")[0].replace("http://www.w3.org", "")


@given(st.text())
def test_css_string_gives_back_the_text(text: str) -> None:
    tokens = tinycss2.parse_component_value_list(css_string(text))
    assert len(tokens) == 1
    assert tokens[0].type == "string"
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF or c == "\0" else c for c in text)
    assert tokens[0].value == expected


@given(st.text(st.sampled_from("ab \u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")))
def test_closed_embeddings_leave_nothing_open(text: str) -> None:
    closed = close_embeddings(text)
    assert closed.startswith(text)
    depth: list[str] = []
    for character in closed:
        if character in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            depth.append(character)
        elif character == "\u202c" and depth and depth[-1] in "\u202a\u202b\u202d\u202e":
            depth.pop()
        elif character == "\u2069" and any(c in "\u2066\u2067\u2068" for c in depth):
            while depth.pop() not in "\u2066\u2067\u2068":
                pass
    assert depth == []


def test_comparable_text_keeps_left_to_right_letters() -> None:
    assert comparable_text("Åsa Öberg-Ängström, 2030") == "åsaöbergängström"
    assert comparable_text("\u202egnp.exe\u202c efter") == "efter"
    assert comparable_text("ﬁnal אב x") == "finalx"


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 3))
def test_cancelled_meeting_without_times_renders(extra: int) -> None:
    meeting = Meeting(
        id="installt-2024-05-03",
        date=dt.date(2024, 5, 3),
        status=kommunchef.model.MeetingStatus.CANCELLED,
        present=tuple(Person(f"Person {n}", "Ale") for n in range(extra)),
        upcoming=(
            UpcomingMeeting(
                dt.date(2024, 6, 7), "Nästa möte", start_time=dt.time(9), cancelled=True
            ),
        ),
    )
    with open_pdf(exporter.export(meeting)) as pdf:
        assert len(pdf.pages) == 1
        assert bookmark_titles(pdf) == [kommunchef.outline(meeting).upcoming_heading]
