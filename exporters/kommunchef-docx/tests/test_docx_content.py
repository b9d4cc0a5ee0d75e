"""The DOCX document read back with python-docx: content, order, styles and metadata."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import docx
import pytest
from docx.document import Document
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph
from kommunchef_docx import MEDIA_TYPE, exporter
from kommunchef_docx._base import default_base

import kommunchef
from kommunchef import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    FollowUp,
    Heading,
    Link,
    ListItem,
    Meeting,
    NumberedList,
    OptionError,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.document import HeadingView, ListView, ParagraphView, outline
from kommunchef.model import Inline, ListBlock, MeetingStatus
from kommunchef.records import Record
from kommunchef.testing import HOSTILE_TEXTS, hostile_meeting

SEED = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"

# Helpers ----------------------------------------------------------------------------------


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def body_paragraphs(document: Document) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph outside tables, in document order."""
    return [
        (p.style.name if p.style is not None else "", p.text)
        for p in document.iter_inner_content()
        if isinstance(p, DocxParagraph)
    ]


def tables(document: Document) -> list[list[list[str]]]:
    return [
        [[cell.text for cell in row.cells] for row in block.rows]
        for block in document.iter_inner_content()
        if isinstance(block, Table)
    ]


def text_of(content: tuple[Inline, ...]) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in content)


def list_paragraphs(block: ListView, depth: int = 0) -> Iterator[tuple[str, str]]:
    base = "List Number" if block.ordered else "List Bullet"
    style = base if depth == 0 else f"{base} {depth + 1}"
    for entry in block.entries:
        yield style, entry.text
        if entry.sublist is not None:
            yield from list_paragraphs(entry.sublist, depth + 1)


def expected_paragraphs(meeting: Meeting, language: str = "sv") -> Iterator[tuple[str, str]]:
    """The (style, text) of each paragraph the outline's items, upcoming meetings and
    signature must give, in order."""
    document = outline(meeting, language)
    for item in document.items:
        yield "Heading 2", item.heading
        for block in item.body:
            if isinstance(block, ParagraphView):
                yield "Normal", block.text
            elif isinstance(block, HeadingView):
                yield "Heading 3", block.text
            else:
                yield from list_paragraphs(block)
        for upcoming in item.upcoming:
            yield "List Bullet", upcoming.text
        if item.decisions:
            yield "Heading 3", document.label("decisions")
            for decision in item.decisions:
                yield "Normal", decision.text
        if item.follow_ups:
            yield "Heading 3", document.label("follow_ups")
            for follow_up in item.follow_ups:
                yield "Normal", follow_up.line
    if document.upcoming:
        yield "Heading 2", document.upcoming_heading
        for upcoming in document.upcoming:
            yield "List Bullet", upcoming.text
    if document.signature is not None:
        yield "Normal", document.signature.text


def assert_in_order(actual: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    """Every expected (style, text) appears in ``actual`` in this order (text as a prefix)."""
    position = 0
    for style, text in expected:
        while position < len(actual):
            got_style, got_text = actual[position]
            position += 1
            if got_style == style and got_text.startswith(text):
                break
        else:
            raise AssertionError(f"missing or out of order: {style} {text!r}")


def all_links(meeting: Meeting) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def inline(content: tuple[Inline, ...]) -> None:
        found.extend((p.text, p.url) for p in content if isinstance(p, Link))

    def walk(block: ListBlock) -> None:
        for item in block.items:
            inline(item.content)
            if item.sublist is not None:
                walk(item.sublist)

    for item in meeting.agenda:
        for block in item.body:
            if isinstance(block, Paragraph):
                inline(block.content)
            elif isinstance(block, BulletList | NumberedList):
                walk(block)
        for decision in item.decisions:
            inline(decision.content)
    return found


def num_ids(document: Document, style: str) -> list[str]:
    return [
        p._p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)")
        for p in document.paragraphs
        if p.style is not None and p.style.name == style
    ]


def start_override(document: Document, num_id: str) -> str:
    numbering = document.part.numbering_part.element
    return str(
        numbering.xpath(f'string(w:num[@w:numId="{num_id}"]/w:lvlOverride/w:startOverride/@w:val)')
    )


def rich_meeting() -> Meeting:
    """Every kind of content: people with titles, nested and restarting lists, links."""
    day = dt.date(2024, 5, 17)
    maria = Person("Maria Reinholdsson", "Ale", "kommundirektör")
    per = Person("Per Bäckström", "Partille")
    gunnel = Person("Gunnel Rydberg", "GR", "förbundssekreterare")
    return Meeting(
        id="kcg-2024-05-17",
        date=day,
        start=dt.datetime(2024, 5, 17, 9, 0, tzinfo=STOCKHOLM),
        end=dt.datetime(2024, 5, 17, 12, 0, tzinfo=STOCKHOLM),
        location="Göteborgsregionen, Anders Personsgatan 8",
        present=(maria, per, gunnel),
        absent=(Person("Magnus Sigfusson", "GBG"),),
        guests=(Person("Ann-Sofi Lodin", "VGR", "regiondirektör"),),
        agenda=(
            AgendaItem(
                number=1,
                title="Möte med Västra Götalandsregionens ledning",
                presenters=(Person("Ann-Sofi Lodin", "VGR", "regiondirektör"),),
                body=(
                    Paragraph(
                        (
                            "Se ",
                            Link("filmen", "https://example.org/film.webm"),
                            " före mötet.",
                        )
                    ),
                    Heading("Ur diskussionen"),
                    BulletList(
                        (
                            ListItem(("Äldreomsorg",)),
                            ListItem(
                                ("Skola",),
                                BulletList(
                                    (
                                        ListItem(
                                            ("Grundskola",),
                                            NumberedList(
                                                (ListItem(("Åk 1",)), ListItem(("Åk 2",)))
                                            ),
                                        ),
                                    )
                                ),
                            ),
                        )
                    ),
                    NumberedList((ListItem(("Alfa",)), ListItem(("Beta",)), ListItem(("Gamma",)))),
                    Paragraph(("Och en andra lista:",)),
                    NumberedList((ListItem(("Delta",)), ListItem(("Epsilon",)))),
                    NumberedList((ListItem(("Kappa",)),), start=3),
                ),
                decisions=(
                    Paragraph(("Frågan återkommer.",)),
                    Paragraph(("Kontakt: ", Link("kansliet", "mailto:kansli@example.org"))),
                ),
                follow_ups=(
                    FollowUp("Ta fram underlag", owner="Per Bäckström", due=dt.date(2024, 6, 1)),
                    FollowUp("Bjud in VGR igen"),
                ),
            ),
            AgendaItem(
                number=2,
                title="Övriga frågor",
                presenters=(per,),
                body=(Paragraph(("Inga övriga frågor.",)),),
            ),
        ),
        upcoming=(
            UpcomingMeeting(dt.date(2024, 6, 14), "Kommunchefsgruppen", location="Ale"),
            UpcomingMeeting(dt.date(2024, 8, 23), "Sommarmöte", cancelled=True, note="Flyttas"),
        ),
        recorded_by=Recorder("Gunnel Rydberg", "Förbundssekreterare"),
    )


# The content ------------------------------------------------------------------------------


def test_exporter_attributes() -> None:
    assert exporter.name == "docx"
    assert exporter.suffix == ".docx"
    assert exporter.media_type == MEDIA_TYPE
    assert kommunchef.get_exporter("docx") is exporter


def test_the_resolved_styles_are_a_record() -> None:
    _, styles = default_base("sv")
    assert isinstance(styles, Record)
    assert styles == attrs.evolve(styles)
    assert hash(styles) == hash(attrs.evolve(styles))
    assert styles != attrs.evolve(styles, table="Other")
    assert repr(styles).startswith(f"Styles(normal={styles.normal!r}, headings=")


def test_seed_example_reads_back_in_order_with_styles() -> None:
    meeting = kommunchef.load(SEED)
    document = read(kommunchef.export(meeting, "docx"))
    paragraphs = body_paragraphs(document)
    assert paragraphs[0] == ("Heading 1", "Anteckningar – Kommunchefsgruppen 8 oktober 2021")
    assert_in_order(paragraphs, list(expected_paragraphs(meeting)))
    assert paragraphs[-1] == ("Normal", "Antecknat av: Gunnel Rydberg, Förbundssekreterare")
    styles = {style for style, _ in paragraphs}
    assert "Title" not in styles  # the main heading is Heading 1, never Title

    found = tables(document)
    groups = [meeting.present, meeting.absent, meeting.guests]
    assert len(found) == 3
    for rows, people in zip(found, groups):
        assert rows[0][:2] == ["Namn", "Organisation"]
        names = [row[0] for row in rows[1:]]
        assert names == [person.name for person in people]
        assert [row[1] for row in rows[1:]] == [p.organisation_label or "" for p in people]
    # GBG is shown as the municipality's name; titles get their own column.
    assert found[1][1] == ["Magnus Sigfusson", "Göteborg"]
    assert found[2][0] == ["Namn", "Organisation", "Titel"]
    assert found[2][1] == ["Ann-Sofi Lodin", "VGR", "regiondirektör"]

    links = [(h.text, h.address) for p in document.paragraphs for h in p.hyperlinks]
    assert links == all_links(meeting)
    assert links[0][1] == "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm"


def test_rich_meeting_reads_back_in_order_with_styles() -> None:
    meeting = rich_meeting()
    document = read(exporter.export(meeting))
    paragraphs = body_paragraphs(document)
    expected = list(expected_paragraphs(meeting))
    assert_in_order(paragraphs, expected)
    # Lists nest with the level's own style: exactly these list paragraphs, in this order.
    list_styles = ("List Bullet", "List Number")
    agenda_lists = [
        (style, text)
        for style, text in paragraphs
        if style.startswith(list_styles) and not text.startswith(("14 juni", "23 augusti"))
    ]
    assert agenda_lists == [
        ("List Bullet", "Äldreomsorg"),
        ("List Bullet", "Skola"),
        ("List Bullet 2", "Grundskola"),
        ("List Number 3", "Åk 1"),
        ("List Number 3", "Åk 2"),
        ("List Number", "Alfa"),
        ("List Number", "Beta"),
        ("List Number", "Gamma"),
        ("List Number", "Delta"),
        ("List Number", "Epsilon"),
        ("List Number", "Kappa"),
    ]
    texts = [text for _, text in paragraphs]
    assert "Datum: fredag 17 maj 2024" in texts
    assert "Tid: 09.00–12.00" in texts
    assert "Plats: Göteborgsregionen, Anders Personsgatan 8" in texts
    assert "Föredragande: Ann-Sofi Lodin (regiondirektör, VGR)" in texts
    assert "Ta fram underlag (Ansvarig: Per Bäckström; Senast: 1 juni 2024)" in texts
    assert "Bjud in VGR igen" in texts
    assert ("Heading 2", "Kommande möten") in paragraphs
    assert ("List Bullet", "14 juni 2024 – Kommunchefsgruppen – Plats: Ale") in paragraphs
    assert ("List Bullet", "23 augusti 2024 – INSTÄLLT: Sommarmöte – Flyttas") in paragraphs

    links = [(h.text, h.address) for p in document.paragraphs for h in p.hyperlinks]
    assert links == all_links(meeting)
    assert links == [
        ("filmen", "https://example.org/film.webm"),
        ("kansliet", "mailto:kansli@example.org"),
    ]
    for paragraph in document.paragraphs:
        for hyperlink in paragraph.hyperlinks:
            assert hyperlink.runs[0].style is not None
            assert hyperlink.runs[0].style.name == "Hyperlink"


def test_every_numbered_list_restarts_with_its_own_numbering() -> None:
    document = read(exporter.export(rich_meeting()))
    level_one = num_ids(document, "List Number")
    # Alfa Beta Gamma | Delta Epsilon | Kappa: one numbering instance per list.
    assert level_one[0] == level_one[1] == level_one[2]
    assert level_one[3] == level_one[4]
    assert len({level_one[0], level_one[3], level_one[5]}) == 3
    assert [start_override(document, n) for n in (level_one[0], level_one[3], level_one[5])] == [
        "1",
        "1",
        "3",
    ]
    nested = num_ids(document, "List Number 3")
    assert nested[0] == nested[1]
    assert nested[0] not in level_one
    assert start_override(document, nested[0]) == "1"
    # Each new instance uses the abstract numbering of its list style.
    numbering = document.part.numbering_part.element
    styles = document.styles.element
    style_num = styles.xpath(
        'string(w:style[@w:styleId="ListNumber"]/w:pPr/w:numPr/w:numId/@w:val)'
    )

    def abstract(num_id: str) -> str:
        return str(numbering.xpath(f'string(w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val)'))

    assert abstract(level_one[0]) == abstract(level_one[5]) == abstract(style_num)


def test_page_is_a4_with_header_and_page_fields() -> None:
    document = read(exporter.export(rich_meeting()))
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert section.header.paragraphs[0].text == "Kommunchefsgruppen"
    footer = section.footer.paragraphs[0]
    instructions = [str(t).strip() for t in footer._p.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [str(k) for k in footer._p.xpath(".//w:fldChar/@w:fldCharType")]
    assert kinds == ["begin", "separate", "end"] * 2
    assert footer.text == "Sida 1 av 1"  # the cached results; readers update them


def test_language_is_in_the_style_defaults() -> None:
    path = "string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)"
    swedish = read(exporter.export(rich_meeting()))
    assert swedish.styles.element.xpath(path) == "sv-SE"
    assert swedish.core_properties.language == "sv-SE"
    english = read(exporter.export(rich_meeting(), lang="en"))
    assert english.styles.element.xpath(path) == "en-GB"
    assert english.core_properties.language == "en-GB"
    assert b'w:val="en-US"' not in parts(exporter.export(rich_meeting()))["word/styles.xml"]


def test_core_properties_come_from_the_meeting() -> None:
    data = exporter.export(kommunchef.load(SEED))
    properties = read(data).core_properties
    assert properties.title == "Anteckningar – Kommunchefsgruppen 8 oktober 2021"
    assert properties.author == "GR"
    assert properties.last_modified_by == "GR"
    assert properties.subject == "Anteckningar – Kommunchefsgruppen"
    assert properties.keywords == "Kommunchefsgruppen, GR, Anteckningar, 2021-10-08"
    assert properties.identifier == "kcg-2021-10-08"
    assert properties.comments == ""
    assert properties.created == dt.datetime(2021, 10, 8, 12, 0, tzinfo=dt.UTC)
    assert properties.modified == properties.created
    # A meeting with a start time is "created" then; the author is the organisation.
    meeting = rich_meeting()
    import attrs

    unrecorded = read(exporter.export(attrs.evolve(meeting, recorded_by=None))).core_properties
    assert unrecorded.author == "GR"
    assert unrecorded.created == dt.datetime(2024, 5, 17, 7, 0, tzinfo=dt.UTC)
    files = parts(data)
    assert "docProps/thumbnail.jpeg" not in files  # python-docx's picture of another document
    assert b"python-docx" not in files["docProps/core.xml"]
    assert b"Microsoft" not in files["docProps/app.xml"]
    assert "word/stylesWithEffects.xml" not in files


def test_two_exports_have_identical_parts() -> None:
    meeting = rich_meeting()
    first, second = parts(exporter.export(meeting)), parts(exporter.export(meeting))
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name
    assert b"Anteckningar" in first["word/document.xml"]


def test_excerpt_has_only_the_chosen_items_and_an_excerpt_title() -> None:
    meeting = kommunchef.load(SEED)
    document = read(exporter.export(meeting, items="2,4"))
    paragraphs = body_paragraphs(document)
    title = "Utdrag ur anteckningar – Kommunchefsgruppen 8 oktober 2021"
    assert paragraphs[0] == ("Heading 1", title)
    assert document.core_properties.title == title
    items = [text for style, text in paragraphs if style == "Heading 2" and text[0].isdigit()]
    assert items == [
        "2. Lägesrapport från dataskyddsombuden",
        "4. Det politiska arbetet i GR",
    ]
    assert ("Heading 2", "Närvarande") in paragraphs  # the meeting header stays
    assert ("Heading 2", "Kommande möten") not in paragraphs
    english = body_paragraphs(read(exporter.export(meeting, items="2", lang="en")))
    assert english[0] == (
        "Heading 1",
        "Excerpt from the minutes – Kommunchefsgruppen 8 October 2021",
    )


def test_english_labels() -> None:
    document = read(exporter.export(rich_meeting(), lang="en"))
    paragraphs = body_paragraphs(document)
    assert paragraphs[0] == ("Heading 1", "Minutes – Kommunchefsgruppen 17 May 2024")
    texts = [text for _, text in paragraphs]
    for expected in ("Present", "Absent", "Also present", "Decision", "Follow-up"):
        assert expected in texts
    assert "Date: Friday 17 May 2024" in texts
    assert "Time: 09:00–12:00" in texts
    assert "Minutes taken by: Gunnel Rydberg, Förbundssekreterare" in texts
    assert "23 August 2024 – CANCELLED: Sommarmöte – Flyttas" in texts
    assert tables(document)[0][0] == ["Name", "Organisation", "Title"]
    assert document.sections[0].footer.paragraphs[0].text == "Page 1 of 1"


def test_cancelled_meeting_is_marked() -> None:
    import attrs

    meeting = attrs.evolve(rich_meeting(), status=MeetingStatus.CANCELLED)
    texts = [text for _, text in body_paragraphs(read(exporter.export(meeting)))]
    assert "INSTÄLLT" in texts[:5]


def test_hostile_text_stays_text() -> None:
    meeting = hostile_meeting()
    data = kommunchef.export(meeting, "docx")
    document = read(data)
    texts = "\n".join(text for _, text in body_paragraphs(document))
    cells = "\n".join(cell for table in tables(document) for row in table for cell in row)
    for hostile in HOSTILE_TEXTS:
        assert hostile in texts
        assert hostile in cells
    assert_in_order(body_paragraphs(document), list(expected_paragraphs(meeting)))
    xml = parts(data)["word/document.xml"]
    assert b"<script>" not in xml
    assert b"&lt;script&gt;" in xml
    # The link's URL is percent-encoded into a valid URI; its text is kept as is.
    link = document.paragraphs[0].part.rels
    targets = [rel.target_ref for rel in link.values() if rel.is_external]
    assert "https://example.org/?q=%3Cscript%3E&a=%22b%22" in targets


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"colour": "red"}, "no option 'colour'"),
        ({"lang": "fr"}, "lang must be sv or en"),
        ({"items": "two"}, "items must be agenda numbers"),
        ({"items": "9"}, "no agenda item 9"),
    ],
)
def test_bad_options_raise_option_error(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        exporter.export(rich_meeting(), **options)


def test_long_texts_fit_the_core_properties() -> None:
    import attrs

    meeting = attrs.evolve(rich_meeting(), body="Kommunchefsgruppen " * 100)
    properties = read(exporter.export(meeting)).core_properties
    assert len(properties.title) == 255
    assert properties.title.endswith("…")
    assert properties.subject.startswith("Anteckningar – Kommunchefsgruppen Kommunchefsgruppen")
    assert len(properties.subject) == 255


# -- reproducible bytes -------------------------------------------------------------------------


def test_the_same_meeting_gives_the_same_bytes_at_any_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    meeting = kommunchef.load(SEED)
    first = exporter.export(meeting)
    later = time.time() + 3 * 24 * 3600 + 7  # zip members would carry the clock's time
    monkeypatch.setattr(time, "time", lambda: later)
    assert exporter.export(meeting) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.testzip() is None
        start = outline(meeting).created
        assert start is not None
        dated = (start.year, start.month, start.day, start.hour, start.minute)
        assert {info.date_time[:5] for info in package.infolist()} == {dated}
    read(first)  # python-docx still opens it


@pytest.mark.parametrize("year", [1900, 1979, 2108, 9000])
def test_a_meeting_a_zip_cannot_date_is_dated_1980(year: int) -> None:
    meeting = attrs.evolve(kommunchef.load(SEED), date=dt.date(year, 5, 10), upcoming=())
    with zipfile.ZipFile(io.BytesIO(exporter.export(meeting))) as package:
        assert package.testzip() is None
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
