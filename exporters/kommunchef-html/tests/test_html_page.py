"""The page the ``html`` format writes: facts, structure, options and safety.

Pages are parsed with ``html.parser`` (see :mod:`kommunchef_html.testing`); the tests look at
elements, attributes and text, not at the markup as a string.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import jinja2
import kommunchef_html
import pytest
from hypothesis import HealthCheck, given, settings
from kommunchef_html import exporter, safe_href
from kommunchef_html.testing import (
    Element,
    Page,
    assert_facts_in_order,
    check_inert,
    check_structure,
    heading_levels,
    meeting_facts,
    normalise,
    parse_page,
)

import kommunchef
from kommunchef.errors import OptionError
from kommunchef.exporting import get_exporter
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    DocumentKind,
    Heading,
    Language,
    Link,
    ListItem,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
)
from kommunchef.testing import HOSTILE_TEXTS, check_exporter, hostile_meeting, meetings

REPOSITORY = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((REPOSITORY / "examples").glob("*.json"))


def render(meeting: Meeting, **options: str) -> Page:
    page = parse_page(exporter.export(meeting, **options))
    check_structure(page, options.get("lang", str(meeting.language)).lower())
    assert len(page.find_all("style")) == 1
    return page


@pytest.fixture(scope="module")
def seed_page(seed: Meeting) -> Page:
    return render(seed)


def rows(table: Element) -> list[list[str]]:
    return [[cell.text for cell in row.elements()] for row in table.find("tbody").find_all("tr")]


def section_blocks(section: Element) -> list[tuple[str, object]]:
    """The body of an agenda item as (tag, text or list texts), presenters excluded."""
    blocks: list[tuple[str, object]] = []
    for child in section.elements():
        if child.tag == "h2" or "presenters" in child.classes or child.tag == "div":
            continue
        if child.tag in ("ul", "ol"):
            blocks.append((child.tag, [li.text for li in child.find_all("li")]))
        else:
            blocks.append((child.tag, child.text))
    return blocks


# The registered exporter ----------------------------------------------------------------------


def test_exporter_attributes_and_registration() -> None:
    assert exporter.name == "html"
    assert exporter.media_type == "text/html"
    assert exporter.suffix == ".html"
    assert "\n" not in exporter.description
    assert exporter.description
    assert exporter.options == ("lang", "items", "template")
    assert get_exporter("html") is exporter


def test_conformance() -> None:
    def check_page(meeting: Meeting, data: bytes) -> None:
        page = parse_page(data)
        check_structure(page, str(meeting.language))
        assert_facts_in_order(page, meeting_facts(meeting, meeting.language))

    check_exporter(exporter, examples=20, check_output=check_page)


def test_export_through_the_library(seed: Meeting) -> None:
    data = kommunchef.export(seed, "html")
    assert data.startswith(b"<!DOCTYPE html>\n")
    assert data == exporter.export(seed)


# Every fact of the seed meeting, in order ---------------------------------------------------


def test_seed_head(seed_page: Page) -> None:
    head = seed_page.html.find("head")
    assert head.find("title").text == "Anteckningar – Kommunchefsgruppen 8 oktober 2021"
    viewport = [m for m in head.find_all("meta") if m.attrs.get("name") == "viewport"]
    assert viewport[0].attrs["content"] == "width=device-width, initial-scale=1"
    assert str(head.find("style").raw_text.strip()) == str(kommunchef_html.default_stylesheet())


def test_seed_heading_outline(seed: Meeting, seed_page: Page) -> None:
    h1 = seed_page.find("h1")
    assert h1.text == "Anteckningar – Kommunchefsgruppen 8 oktober 2021"
    assert h1.parent is not None
    assert h1.parent.tag == "header"
    assert [h.text for h in seed_page.find_all("h2")] == [
        "1. Möte med Västra Götalandsregionens ledning",
        "2. Lägesrapport från dataskyddsombuden",
        "3. Arbetet i NDU – Nätverket för Digital utveckling",
        "4. Det politiska arbetet i GR",
        "5. Rapporter",
        "6. Övriga frågor och kommande möten",
    ]
    assert [h.attrs.get("id") for h in seed_page.find_all("h2")][:6] == [
        f"punkt-{n}" for n in range(1, 7)
    ]
    assert heading_levels(seed_page) == [1, 2, 3, 2, 3, 2, 2, 2, 2, 3]
    assert len(seed.agenda) == 6


def test_seed_facts_box(seed_page: Page) -> None:
    facts = seed_page.find("dl", class_="facts")
    terms = [dt_.text for dt_ in facts.find_all("dt")]
    values = [dd.text for dd in facts.find_all("dd")]
    assert dict(zip(terms, values, strict=True)) == {
        "Datum": "fredag 8 oktober 2021",
        "Organ": "Kommunchefsgruppen",
        "Organisation": "GR",
    }
    assert facts.find("time").attrs["datetime"] == "2021-10-08"


def test_seed_attendance_tables(seed: Meeting, seed_page: Page) -> None:
    tables = seed_page.find_all("table")
    assert [t.find("caption").text for t in tables] == [
        "Närvarande",
        "Ej närvarande",
        "Övriga närvarande",
    ]
    for table in tables:
        header_cells = table.find("thead").find_all("th")
        assert all(th.attrs.get("scope") == "col" for th in header_cells)
        for row in table.find("tbody").find_all("tr"):
            assert row.elements()[0].tag == "th"
            assert row.elements()[0].attrs.get("scope") == "row"
    assert [th.text for th in tables[0].find("thead").find_all("th")] == ["Namn", "Organisation"]
    assert rows(tables[0]) == [[p.name, p.organisation] for p in seed.present]
    assert rows(tables[0])[0] == ["Maria Reinholdsson", "Ale"]
    assert rows(tables[0])[-1] == ["Gunnel Rydberg", "GR"]
    assert rows(tables[1]) == [
        ["Magnus Sigfusson", "Göteborg"],
        ["Eva Hessman", "Göteborg"],
        ["Gull-Britt Eide", "Lerum"],
    ]
    assert [th.text for th in tables[2].find("thead").find_all("th")] == [
        "Namn",
        "Organisation",
        "Titel",
    ]
    assert rows(tables[2]) == [[p.name, p.organisation, p.title] for p in seed.guests]
    assert rows(tables[2])[2][2] == (
        "direktör för koncernstab beställning och produktionsstyrning av hälso- och sjukvård"
    )


def test_seed_agenda_items(seed: Meeting, seed_page: Page) -> None:
    sections = seed_page.find_all("section", class_="item")
    assert len(sections) == len(seed.agenda)
    for item, section in zip(seed.agenda, sections, strict=True):
        assert section.find("h2").text == f"{item.number}. {item.title}"
        expected: list[tuple[str, object]] = []
        for block in item.body:
            if isinstance(block, Paragraph):
                expected.append(("p", normalise(block.text)))
            elif isinstance(block, BulletList):
                expected.append(("ul", [normalise(e.text) for e in block.items]))
        if item.number == 6:  # the item the upcoming meetings stand in
            line = "11–12 november 2021 – Kommunchefsgruppens lunch till lunch-möte – Plats: "
            expected.append(("ul", [line + "Stenungsbaden"]))
        assert section_blocks(section) == expected
        presenters = section.find_all("p", class_="presenters")
        if item.presenters:
            assert presenters[0].find_all("bdi")[0].text == item.presenters[0].name
        else:
            assert presenters == []
    first = sections[0]
    assert first.find("p", class_="presenters").text == (
        "Föredragande: Ann-Sofi Lodin (regiondirektör, VGR), Helena L Nilsson "
        "(regionutvecklingsdirektör, VGR), Kaarina Sundelin (direktör för koncernstab "
        "beställning och produktionsstyrning av hälso- och sjukvård, VGR)"
    )
    assert sections[2].find("p", class_="presenters").text == "Föredragande: Peter Lönn (Härryda)"
    assert sections[0].find_all("p")[1].text.startswith("Kommunchefsgruppen möter regionledningen")
    assert sections[4].find("ul").find_all("li")[1].text == (
        "Malin Aronsson informerar inför nästa möte med kommundirektörsföreningen som äger rum "
        "i Kungsbacka."
    )


def test_seed_decisions_and_follow_ups(seed_page: Page) -> None:
    sections = seed_page.find_all("section", class_="item")
    decisions = sections[0].find("div", class_="decisions")
    assert decisions.find("h3").text == "Beslut"
    assert [p.text for p in decisions.find_all("p")] == [
        "Vid kommande möte med VGR står frågorna om Göteborg som motor för regionens utveckling "
        "samt fortsatt samarbete med hälso- och sjukvårdsnämnderna kring nära vård på "
        "dagordningen."
    ]
    follow_ups = [
        (index, [li.text for li in div.find_all("li")])
        for index, section in enumerate(sections, start=1)
        for div in section.find_all("div", class_="follow-ups")
    ]
    assert follow_ups == [
        (2, ["Frågan om fortsatt dataskyddsarbete återkommer vid ett kommande möte."]),
        (6, ["Gruppen återkommer till denna diskussion vid ett kommande möte."]),
    ]
    for section in sections:
        for div in section.find_all("div", class_="follow-ups"):
            assert div.find("h3").text == "Uppföljning"


def test_seed_links(seed_page: Page) -> None:
    url = "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm"
    links = [(a.text, a.attrs.get("href")) for a in seed_page.find_all("a")]
    assert links == [(url, url)]
    link = seed_page.find("a")
    assert "bare" in link.classes  # its text is its address: print adds nothing after it
    assert link.parent is not None
    assert link.parent.tag == "p"


def test_seed_upcoming_and_recorder(seed_page: Page) -> None:
    # The seed's item 6 is about the coming meetings: they stand there, under no second heading.
    assert seed_page.find_all("section", class_="upcoming") == []
    item = seed_page.find_all("section", class_="item")[5]
    (entry,) = item.find("ul", class_="upcoming-meetings").find_all("li")
    time = entry.find("time")
    assert (time.text, time.attrs["datetime"]) == ("11–12 november 2021", "2021-11-11")
    assert entry.text == (
        "11–12 november 2021 – Kommunchefsgruppens lunch till lunch-möte – Plats: Stenungsbaden"
    )
    assert entry.find("bdi", class_="place").text == "Stenungsbaden"
    assert "is-cancelled" not in entry.classes
    footer = seed_page.body.find("footer")
    assert footer.parent is seed_page.body
    assert footer.text == "Antecknat av: Gunnel Rydberg, Förbundssekreterare"
    # The footer is outside main and is the last thing on the page.
    assert seed_page.body.elements()[-1] is footer


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_fact_of_every_example_in_order(path: Path, lang: str) -> None:
    meeting = kommunchef.load(path)
    page = render(meeting, lang=lang)
    assert_facts_in_order(page, meeting_facts(meeting, Language(lang)))
    links = [link for item in meeting.agenda for block in item.body for link in _links(block)]
    anchors = page.find("main").find_all("a")
    expected = [(meeting.url, meeting.url)] if meeting.url else []
    expected += [(ln.text, ln.url) for ln in links]
    assert [(a.text, a.attrs["href"]) for a in anchors] == expected


def _links(block: object) -> list[Link]:
    if isinstance(block, Paragraph):
        return [part for part in block.content if isinstance(part, Link)]
    if isinstance(block, BulletList | NumberedList):
        found: list[Link] = []
        for entry in block.items:
            found += [part for part in entry.content if isinstance(part, Link)]
            found += _links(entry.sublist)
        return found
    return []


def test_invite_example_nested_lists_times_and_cancelled() -> None:
    meeting = kommunchef.load(REPOSITORY / "examples" / "invite-2026-12.json")
    page = render(meeting)
    first = page.find_all("section", class_="item")[0]
    assert [h.text for h in first.find_all("h3")] == ["Ur diskussionen", "Beslut", "Uppföljning"]
    ol = first.find("ol")
    assert "start" not in ol.attrs
    entries = ol.elements()
    assert [li.tag for li in entries] == ["li", "li", "li"]
    nested = entries[2].find("ul")
    assert [li.text for li in nested.elements()] == ["skolor", "äldreboenden"]
    own_text = entries[2].children[0]
    assert isinstance(own_text, str)
    assert normalise(own_text) == "Reservkraft i kommunernas lokaler"
    follow_up = first.find("div", class_="follow-ups").find("li")
    assert follow_up.text == (
        "Frågan återkommer vid mötet i februari. (Ansvarig: Fredrik Holm; Senast: 5 februari 2027)"
    )
    assert follow_up.find("time").attrs["datetime"] == "2027-02-05"
    times = page.find("dl", class_="facts").find_all("time")
    assert [(t.text, t.attrs["datetime"]) for t in times] == [
        ("fredag 4 december 2026", "2026-12-04"),
        ("09.00", "2026-12-04T09:00+01:00"),
        ("12.00", "2026-12-04T12:00+01:00"),
    ]
    last_item = page.find_all("section", class_="item")[-1]
    entries = last_item.find("ul", class_="upcoming-meetings").elements()
    assert [e.find("time").attrs["datetime"] for e in entries] == [
        "2027-01-15T09:00+01:00",
        "2027-02-05T09:00+01:00",
        "2027-03-29T12:00+02:00",
    ]
    cancelled = entries[1]
    assert "is-cancelled" in cancelled.classes
    # Marked in words, not only by colour or border.
    assert cancelled.find("strong", class_="cancelled").text == "INSTÄLLT"
    assert cancelled.find("bdi", class_="note").text == "Ersätts av mötet den 12 februari."
    assert [e.find_all("strong") for e in (entries[0], entries[2])] == [[], []]
    link = page.find("dl", class_="facts").find("a")
    assert link.attrs["href"] == "https://goteborgsregionen.se/kommunchefsgruppen/2026-12-04"


# Options -------------------------------------------------------------------------------------


def test_lang_en(seed: Meeting) -> None:
    page = render(seed, lang="en")
    assert page.html.attrs["lang"] == "en"
    assert page.find("h1").text == "Minutes – Kommunchefsgruppen 8 October 2021"
    assert page.html.find("head").find("title").text.startswith("Minutes – ")
    assert [t.find("caption").text for t in page.find_all("table")] == [
        "Present",
        "Absent",
        "Also present",
    ]
    assert page.find_all("h3")[0].text == "Decision"
    assert page.find_all("h3")[1].text == "Follow-up"
    upcoming = page.find("ul", class_="upcoming-meetings").find("li")
    assert upcoming.text.endswith("lunch till lunch-möte – Location: Stenungsbaden")
    assert page.body.find("footer").text.startswith("Minutes taken by: Gunnel Rydberg")
    assert page.find_all("h2")[0].attrs["id"] == "item-1"


def test_lang_follows_the_meeting_and_accepts_upper_case(seed: Meeting) -> None:
    english = attrs.evolve(seed, language=Language.EN)
    assert render(english).html.attrs["lang"] == "en"
    assert render(english, lang="sv").html.attrs["lang"] == "sv"
    assert parse_page(exporter.export(seed, lang=" EN ")).html.attrs["lang"] == "en"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lang": "de"}, "lang must be sv or en"),
        ({"items": "9"}, "no agenda item 9"),
        ({"items": "2,x"}, "items must be agenda numbers"),
        ({"colour": "blue"}, "no option 'colour'"),
        ({"template": "  "}, "template must be the path"),
    ],
)
def test_bad_options(seed: Meeting, options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        exporter.export(seed, **options)


def test_items_excerpt(seed: Meeting) -> None:
    page = render(seed, items="4, 2")
    assert [h.text for h in page.find_all("h2")] == [
        "2. Lägesrapport från dataskyddsombuden",
        "4. Det politiska arbetet i GR",
    ]
    # An excerpt leaves out the upcoming meetings unless it holds the item they stand in.
    assert page.find_all("ul", class_="upcoming-meetings") == []
    assert render(seed, items="6").find_all("ul", class_="upcoming-meetings") != []
    assert page.find("p", class_="excerpt").text == "Utdrag: punkt 2, 4"
    assert page.html.find("head").find("title").text == (
        "Utdrag ur anteckningar – Kommunchefsgruppen 8 oktober 2021"
    )
    # An excerpt keeps attendance and the recorder.
    assert len(page.find_all("table")) == 3
    assert page.body.find("footer").text.startswith("Antecknat av")
    english = render(seed, items="2", lang="en")
    assert english.find("p", class_="excerpt").text == "Excerpt: item 2"
    assert render(seed).find_all("p", class_="excerpt") == []


# Other kinds of meeting ----------------------------------------------------------------------


def _rich_meeting() -> Meeting:
    """Everything a body can hold: sub-headings, nested and numbered lists, times."""
    nested = NumberedList(
        (ListItem(("tre",)), ListItem(("fyra",), BulletList((ListItem(("djupast",)),)))),
        start=3,
    )
    return Meeting(
        id="rich-2026-05-01",
        date=dt.date(2026, 5, 4),
        kind=DocumentKind.AGENDA,
        status=MeetingStatus.CANCELLED,
        start=dt.datetime(2026, 5, 4, 13, 0, tzinfo=STOCKHOLM),
        location="Stadshuset",
        agenda=(
            AgendaItem(
                1,
                "Lista",
                body=(
                    Heading("Underrubrik"),
                    BulletList((ListItem(("ett",), nested), ListItem(("två",)))),
                    Paragraph(("Se ", Link("GR", "https://goteborgsregionen.se/"), ".")),
                    Heading("Andra underrubriken"),
                    Paragraph(("Mejla ", Link("kansliet", "mailto:kansli@example.org"))),
                ),
            ),
        ),
    )


def test_agenda_kind_cancelled_status_and_nested_lists() -> None:
    meeting = _rich_meeting()
    page = render(meeting)
    assert page.find("h1").text.startswith("Dagordning ")
    assert page.find("p", class_="status").text == "INSTÄLLT"
    dl_times = page.find("dl", class_="facts").find_all("time")
    assert dl_times[1].attrs["datetime"] == "2026-05-04T13:00+02:00"
    section = page.find("section", class_="item")
    assert [h.text for h in section.find_all("h3")] == ["Underrubrik", "Andra underrubriken"]
    assert heading_levels(page) == [1, 2, 3, 3]
    outer = section.find_all("ul")[0]
    assert outer.parent is section
    first = outer.elements()[0]
    ol = first.find("ol")
    assert ol.parent is first
    assert ol.attrs["start"] == "3"
    assert [li.tag for li in ol.elements()] == ["li", "li"]
    innermost = ol.elements()[1].find("ul")
    assert innermost.find("li").text == "djupast"
    hrefs = [a.attrs["href"] for a in section.find_all("a")]
    assert hrefs == ["https://goteborgsregionen.se/", "mailto:kansli@example.org"]
    assert page.find_all("table") == []
    assert page.body.find_all("footer") == []
    assert_facts_in_order(page, meeting_facts(meeting, Language.SV))


# Hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_hostile_meeting_is_inert(lang: str) -> None:
    meeting = hostile_meeting()
    page = render(meeting, lang=lang)
    check_inert(page)
    assert page.find_all("script", "img") == []
    titles = [h.raw_text for h in page.find_all("h2")][: len(HOSTILE_TEXTS)]
    assert titles == [f"{n}. {text}" for n, text in enumerate(HOSTILE_TEXTS, start=1)]
    # Right-to-left overrides and zero-width characters stay, as text, inside an isolate.
    rtl = page.find_all("h2")[5].find("bdi")
    assert rtl.raw_text == "\u202egnp.exe\u202c"
    assert page.find_all("h2")[6].find("bdi").raw_text == "zero\u200bwidth\u200djoin\ufeff"
    assert "<script>alert(1)</script>" in page.find("h1").find("bdi").raw_text
    meeting_link, *links = page.find("main").find_all("a")
    assert meeting_link.attrs["href"] == "https://example.org/?a=1&b=%3C2%3E"
    for a in links:
        assert a.attrs["href"] == "https://example.org/?q=%3Cscript%3E&a=%22b%22"
        assert a.raw_text == '"><script>alert(1)</script>'
    assert_facts_in_order(page, meeting_facts(meeting, Language(lang)))


def _unchecked_link(text: str, url: str) -> Link:
    """A link that skipped the model's URL check, as a buggy plugin or old data might give."""
    link = Link(text, "https://example.org/")
    object.__setattr__(link, "url", url)
    return link


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https://exa<mple.org/",
        "http://",
        "https://example.org:port/",
        "https://goteborg.se@evil.example/",
        "mailto:",
    ],
)
def test_unsafe_urls_stay_text(url: str) -> None:
    assert safe_href(url) is None
    meeting = Meeting(
        id="links",
        date=dt.date(2026, 1, 1),
        agenda=(
            AgendaItem(1, "Länkar", body=(Paragraph(("Klicka ", _unchecked_link("här", url))),)),
        ),
    )
    page = render(meeting)
    assert page.find_all("a") == []
    assert page.find("section", class_="item").find_all("p")[0].raw_text == f"Klicka här ({url})"


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("HTTPS://example.org/", "https://example.org/"),
        ('https://example.org/?q=<x>&a="b"', "https://example.org/?q=%3Cx%3E&a=%22b%22"),
        ("https://example.org/100%/%41", "https://example.org/100%25/%41"),
        ("https://example.org/#a#b", "https://example.org/#a%23b"),
        ("https://example.org/{x}|^`\\", "https://example.org/%7Bx%7D%7C%5E%60%5C"),
        ("https://göteborg.se/möte", "https://göteborg.se/möte"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("mailto:kansli@example.org?subject=Möte", "mailto:kansli@example.org?subject=Möte"),
        ("https://example.org/\ufdd0", "https://example.org/%EF%B7%90"),
    ],
)
def test_safe_href_encodes_what_a_url_may_not_hold(url: str, href: str) -> None:
    assert safe_href(url) == href


def test_noncharacters_become_replacement_characters() -> None:
    meeting = Meeting(
        id="nonchar",
        date=dt.date(2026, 1, 1),
        body="Grupp \ufdd0 \U0001fffe",
        agenda=(AgendaItem(1, "Punkt \U0010ffff"),),
    )
    page = render(meeting)
    assert "Grupp \ufffd \ufffd" in page.find("h1").find("bdi").raw_text
    assert page.find("h2").find("bdi").raw_text == "Punkt \ufffd"


# Properties ----------------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(meeting=meetings())
def test_any_valid_meeting_gives_a_complete_inert_page(meeting: Meeting) -> None:
    for lang in ("sv", "en"):
        page = render(meeting, lang=lang)
        assert_facts_in_order(page, meeting_facts(meeting, Language(lang)))
        assert len(page.find_all("section", class_="item")) == len(meeting.agenda)
        people = len(meeting.present) + len(meeting.absent) + len(meeting.guests)
        assert sum(len(t.find("tbody").find_all("tr")) for t in page.find_all("table")) == people
        assert len(page.find_all("bdi")) >= len(meeting.agenda)


# Caching -------------------------------------------------------------------------------------


def test_environment_and_stylesheet_are_built_once(seed: Meeting) -> None:
    exporter.export(seed)
    environment = kommunchef_html._environment()
    template = environment.get_template(kommunchef_html.PAGE_TEMPLATE)
    exporter.export(seed, lang="en")
    assert kommunchef_html._environment() is environment
    assert environment.get_template(kommunchef_html.PAGE_TEMPLATE) is template
    assert kommunchef_html.default_stylesheet() is kommunchef_html.default_stylesheet()
    assert environment.autoescape is True
    assert environment.undefined is jinja2.StrictUndefined


def test_export_does_not_depend_on_earlier_exports(seed: Meeting) -> None:
    first = exporter.export(seed)
    exporter.export(hostile_meeting(), lang="en", items="2")
    assert exporter.export(seed) == first
