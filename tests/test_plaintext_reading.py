"""Reading plain-text minutes: the real seed, the hand-written corpus and the tricky cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kommunchef
from kommunchef import (
    STOCKHOLM,
    BulletList,
    DocumentKind,
    FollowUp,
    Heading,
    Language,
    Link,
    ListItem,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.plaintext import parse_text

ROOT = Path(__file__).resolve().parents[1]
# A copy of the real minutes of 8 October 2021 (GR's seed 000_bdc96ab5fe4f8ea3.txt).
SEED = Path(__file__).resolve().parent / "data" / "text" / "seed_kcg-2021-10-08.txt"
VALID = Path(__file__).resolve().parent / "data" / "text" / "valid"
OCT_8 = dt.date(2021, 10, 8)


def seed_text() -> str:
    return SEED.read_text("utf-8")


def valid(name: str, day: dt.date | None = None) -> kommunchef.Meeting:
    return parse_text((VALID / name).read_bytes().decode("utf-8-sig"), date=day)


def para(*parts: str | Link) -> Paragraph:
    return Paragraph(parts)


# The real minutes of 8 October 2021 ------------------------------------------------------------


def test_seed_attendance_in_order() -> None:
    meeting = parse_text(seed_text(), date=OCT_8)
    assert meeting.id == "kcg-2021-10-08"
    assert meeting.date == OCT_8
    assert meeting.kind is DocumentKind.MINUTES
    assert meeting.language is Language.SV
    assert [(p.name, p.organisation) for p in meeting.present] == [
        ("Maria Reinholdsson", "Ale"),
        ("Maria Standar", "Alingsås"),
        ("Peter Lönn", "Härryda"),
        ("Malin Aronsson", "Kungsbacka"),
        ("Haleh Lindqvist", "Kungälv"),
        ("Malin Krantz", "Lilla Edet"),
        ("Mio Saba", "Mölndal"),
        ("Per Bäckström", "Partille"),
        ("Kicki Nordberg", "Stenungsund"),
        ("Evike Sandor", "Tjörn"),
        ("Rickard Vidlund", "Öckerö"),
        ("Helena Söderbäck", "GR"),
        ("Gunnel Rydberg", "GR"),
    ]
    assert meeting.absent == (
        Person("Magnus Sigfusson", "GBG"),
        Person("Eva Hessman", "GBG"),
        Person("Gull-Britt Eide", "Lerum"),
    )
    # Kept as written; the registry resolves the short form.
    assert meeting.absent[0].organisation_label == "Göteborg"
    assert meeting.guests == ()


def test_seed_items_and_their_content() -> None:
    meeting = parse_text(seed_text(), date=OCT_8)
    assert [(i.number, i.title) for i in meeting.agenda] == [
        (1, "Möte med Västra Götalandsregionens ledning"),
        (2, "Lägesrapport från dataskyddsombuden"),
        (3, "Arbetet i NDU – Nätverket för Digital utveckling"),
        (4, "Det politiska arbetet i GR"),
        (5, "Rapporter"),
        (6, "Övriga frågor och kommande möten"),
    ]
    first = meeting.item(1)
    assert len(first.body) == 3
    assert all(isinstance(block, Paragraph) for block in first.body)
    assert first.decisions == (
        para(
            "Vid kommande möte med VGR står frågorna om Göteborg som motor för regionens "
            "utveckling samt fortsatt samarbete med hälso- och sjukvårdsnämnderna kring nära "
            "vård på dagordningen."
        ),
    )
    url = "http://websvrnu.his.se/hd2021/Tema-3_punkt-2_Daniel_Melin.webm"
    second = meeting.item(2)
    assert second.body[1] == para(Link(url, url))
    assert second.follow_ups == (
        FollowUp("Frågan om fortsatt dataskyddsarbete återkommer vid ett kommande möte."),
    )
    assert len(second.body) == 3  # the follow-up paragraph left the body
    assert meeting.item(5).body == (
        BulletList(
            (
                ListItem(
                    (
                        "Per Bäckström kommer att distribuera senaste anteckningarna från "
                        "regionala rådet för samhällsskydd och beredskap till "
                        "kommunchefsgruppen.",
                    )
                ),
                ListItem(
                    (
                        "Malin Aronsson informerar inför nästa möte med "
                        "kommundirektörsföreningen som äger rum i Kungsbacka.",
                    )
                ),
            )
        ),
    )


def test_seed_upcoming_meeting_follow_up_and_recorder() -> None:
    meeting = parse_text(seed_text(), date=OCT_8)
    assert meeting.upcoming == (
        UpcomingMeeting(
            date=dt.date(2021, 11, 11),
            end_date=dt.date(2021, 11, 12),
            title="Kommunchefsgruppens lunch till lunch-möte",
            location="Stenungsbaden",
        ),
    )
    last = meeting.item(6)
    # The paragraph that names the upcoming meeting stays, so nothing is lost.
    assert last.body[0] == para(
        "Inspel ges till agendan inför kommunchefsgruppens lunch till lunch-möte på "
        "Stenungsbaden. 11-12 november 2021."
    )
    # The follow-up sentence is a follow-up, and its paragraph stays whole as written.
    assert last.body[1] == para(
        "Förslag framkommer om att ta upp frågan om samarbete i GR kring en "
        "visselblåsarfunktion, vilket blir lag för kommunerna att ha från 1 januari 2022. "
        "Gruppen återkommer till denna diskussion vid ett kommande möte."
    )
    assert last.follow_ups == (
        FollowUp("Gruppen återkommer till denna diskussion vid ett kommande möte."),
    )
    assert meeting.recorded_by == Recorder("Gunnel Rydberg", "Förbundssekreterare")


def test_seed_agrees_with_the_example_document() -> None:
    """The example JSON was made from the seed and enriched by hand (guests, presenters)."""
    example = kommunchef.load(ROOT / "examples" / "kcg-2021-10-08.json")
    meeting = parse_text(seed_text(), date=OCT_8)
    assert meeting.present == example.present
    assert meeting.absent == example.absent
    assert meeting.upcoming == example.upcoming
    assert meeting.recorded_by == example.recorded_by
    for ours, theirs in zip(meeting.agenda, example.agenda, strict=True):
        body = theirs.body
        if theirs.number == 6:
            # The author's paragraph keeps its follow-up sentence; the example has it apart.
            second = theirs.body[1]
            assert isinstance(second, Paragraph)
            said = Paragraph(f"{second.text} {theirs.follow_ups[0].text}")
            body = (theirs.body[0], said, *theirs.body[2:])
        assert (ours.number, ours.title, ours.body) == (theirs.number, theirs.title, body)
        assert (ours.decisions, ours.follow_ups) == (theirs.decisions, theirs.follow_ups)


def test_package_level_function_and_meeting_id() -> None:
    meeting = kommunchef.parse_text(seed_text(), date=OCT_8, meeting_id="kcg-okt-2021")
    assert meeting.id == "kcg-okt-2021"
    assert kommunchef.validate(meeting) == []


# The hand-written corpus ----------------------------------------------------------------------


def test_header_guests_presenters_and_sub_headings() -> None:
    meeting = valid("header_guests_presenters.txt")
    assert meeting.date == dt.date(2021, 11, 12)
    assert meeting.start == dt.datetime(2021, 11, 12, 9, 0, tzinfo=STOCKHOLM)
    assert meeting.end == dt.datetime(2021, 11, 12, 12, 0, tzinfo=STOCKHOLM)
    assert meeting.location == "Stenungsbaden"
    assert meeting.body == "Kommunchefsgruppen"
    assert meeting.present[0] == Person("Maria Reinholdsson", "Ale", "Kommundirektör")
    assert meeting.present[2].organisation == "Göteborgs Stad"
    assert meeting.absent == (Person("Peter Lönn", "Härryda"),)
    lodin = Person("Ann-Sofi Lodin", "VGR", "Regiondirektör")
    bergstrom = Person(
        "Johan Bergström", "GR", "Dataskyddsombud", "johan.bergstrom@goteborgsregionen.se"
    )
    assert meeting.guests == (lodin, bergstrom)
    first, second = meeting.agenda
    assert first.presenters == (lodin,)
    assert first.body == (
        para("Ann-Sofi Lodin presenterar arbetet med den regionala utvecklingsstrategin RUS 2030."),
        Heading("Ur diskussionen"),
        # Lines of one paragraph are joined with a single space.
        para(
            "Gruppen lyfter behovet av gemensamma prioriteringar. Flera kommuner efterfrågar "
            "ett tydligare underlag."
        ),
    )
    assert first.decisions == (
        para("Kommunchefsgruppen ställer sig bakom inriktningen."),
        para("Kansliet sammanställer synpunkterna till nästa möte."),
    )
    # "A och B" names two presenters.
    assert second.presenters == (bergstrom, meeting.present[3])
    assert second.body == (
        para(
            "Lägesrapport om dataskyddsarbetet i kommunerna. Frågan tas upp igen vid mötet i februari."
        ),
    )
    assert second.decisions == (para("Informationen noteras."),)
    assert second.follow_ups == (FollowUp("Frågan tas upp igen vid mötet i februari."),)
    # "Antecknat av" alone, the name on the next line.
    assert meeting.recorded_by == Recorder("Gunnel Rydberg", "Förbundssekreterare")


def test_nested_lists_never_become_agenda_items() -> None:
    meeting = valid("nested_lists.txt", dt.date(2022, 2, 4))
    assert [(i.number, i.title) for i in meeting.agenda] == [
        (1, "Inledning"),
        (2, "Prioriteringar för 2022"),
        (3, "Budget"),
        (4, "Nästa steg"),
        (5, "Övriga frågor"),
    ]
    # Item 2: a list 1-3 whose last number is the next agenda number.
    priorities = meeting.item(2).body[1]
    assert priorities == NumberedList(
        (
            ListItem(("Kompetensförsörjning",)),
            ListItem(
                ("Digitalisering",),
                BulletList(
                    (ListItem(("gemensam e-arkivlösning",)), ListItem(("informationssäkerhet",)))
                ),
            ),
            ListItem(("Klimatomställning",)),
        )
    )
    # Item 3: a list written with blank lines between its items, reaching 4; the real
    # agenda item 4 comes later.
    steps = meeting.item(3).body[1]
    assert isinstance(steps, NumberedList)
    assert [i.text for i in steps.items] == [
        "Intäkter",
        "Kostnader",
        "Investeringar",
        "Samlad bedömning",
    ]
    assert meeting.item(3).body[2] == para("Kommuncheferna har inga invändningar.")
    # Item 4: bullets with "*" and a numbered list nested in them, nested again with "–";
    # then a blank-separated list 1-4 directly followed by agenda item 5.
    next_steps = meeting.item(4).body
    assert next_steps[0] == BulletList(
        (
            ListItem(
                ("Kansliet tar fram underlag",),
                NumberedList(
                    (
                        ListItem(("en tidplan",)),
                        ListItem(
                            ("en kostnadsberäkning",), BulletList((ListItem(("per kommun",)),))
                        ),
                    )
                ),
            ),
            ListItem(("Arbetsgruppen rapporterar i mars",)),
        )
    )
    assert isinstance(next_steps[2], NumberedList)
    assert len(next_steps[2].items) == 4
    assert meeting.item(5).body == (para("Inga övriga frågor."),)


def test_links_markdown_bare_and_refused_schemes() -> None:
    meeting = valid("links.txt")
    body = meeting.item(1).body
    assert body[0] == para(
        "Underlaget finns på ",
        Link("GR:s webbplats", "https://goteborgsregionen.se/kcg"),
        " och i rapporten ",
        Link("https://example.org/rapport.pdf", "https://example.org/rapport.pdf"),
        ".",  # the full stop after a bare URL is not part of it
    )
    assert body[1] == para(
        "Frågor skickas till ",
        Link("kansliet", "mailto:kansli@goteborgsregionen.se"),
        " senast fredag.",
    )
    # Only http, https and mailto become links.
    assert body[2] == para(
        "Länken [klicka här](javascript:alert(1)) är ingen riktig länk och står kvar som text."
    )
    assert body[3] == BulletList(
        (
            ListItem(
                (
                    "Presentation: ",
                    Link(
                        "https://example.org/bilder/2022-01-21",
                        "https://example.org/bilder/2022-01-21",
                    ),
                    " (PDF)",
                )
            ),
            ListItem((Link("Protokoll", "http://example.org/protokoll?id=7&lang=sv"),)),
        )
    )


def test_upcoming_meetings_item() -> None:
    meeting = valid("upcoming_meetings.txt")
    assert meeting.upcoming == (
        # A comma marks no place (unless a known place follows): the title keeps it.
        UpcomingMeeting(dt.date(2021, 12, 10), "Kommunchefsgruppen, GR:s lokaler"),
        # No year: the first that is not before the meeting (12 November 2021).
        UpcomingMeeting(
            dt.date(2022, 1, 21),
            "Kommunchefsgruppen",
            start_time=dt.time(9, 0),
            end_time=dt.time(12, 0),
        ),
        # No title: the body's name; the rest after INSTÄLLD is the note.
        UpcomingMeeting(
            dt.date(2022, 2, 4),
            "Kommunchefsgruppen",
            cancelled=True,
            note="ersätts av ett digitalt möte",
        ),
        UpcomingMeeting(
            dt.date(2022, 3, 17),
            "Internat",
            end_date=dt.date(2022, 3, 18),
            location="Stenungsbaden",
        ),
        UpcomingMeeting(dt.date(2022, 3, 30), "Extra möte", cancelled=True),
    )
    # A bullet that does not start with a date stays in the item.
    assert meeting.item(2).body == (
        BulletList((ListItem(("Lokalfrågan för våren utreds av kansliet.",)),)),
    )


def test_upcoming_section_other_headings_and_no_organisation() -> None:
    meeting = valid("section_and_other_headings.txt")
    assert meeting.date == dt.date(2022, 6, 3)  # "fredag 3 juni 2022"
    assert meeting.location == "Göteborgsregionen, Anders Personsgatan 8"
    assert [p.name for p in meeting.present] == [
        "Maria Reinholdsson",
        "Haleh Lindqvist",
        "Gunnel Rydberg",
    ]
    assert [p.name for p in meeting.absent] == ["Eva Hessman", "Malin Krantz"]
    # ADJUNGERADE and GÄSTER are both guests; "–" stands for no organisation.
    assert meeting.guests == (
        Person("Lena Svensson", "Länsstyrelsen", "Enhetschef"),
        Person("Kaarina Sundelin", None, "Konsult"),
    )
    assert meeting.item(1).presenters == (meeting.guests[0],)
    assert meeting.item(1).follow_ups == (
        FollowUp("Gruppen återkommer till frågan om samverkan vid ett kommande möte."),
    )
    assert meeting.upcoming == (
        UpcomingMeeting(
            dt.date(2022, 6, 17),
            "Kommunchefsgruppen",
            start_time=dt.time(9),
            end_time=dt.time(12),
            location="Göteborg",
        ),
        UpcomingMeeting(dt.date(2022, 8, 19), "Internat", end_date=dt.date(2022, 8, 20)),
    )
    assert meeting.recorded_by == Recorder("Gunnel Rydberg", "Förbundssekreterare")


def test_english_agenda_without_attendance() -> None:
    meeting = valid("agenda_english.txt")
    assert meeting.kind is DocumentKind.AGENDA
    assert meeting.language is Language.EN
    assert meeting.status is MeetingStatus.PLANNED
    assert meeting.start == dt.datetime(2022, 12, 8, 13, 0, tzinfo=STOCKHOLM)
    assert meeting.end == dt.datetime(2022, 12, 8, 15, 30, tzinfo=STOCKHOLM)
    assert meeting.location == "Online"
    assert meeting.present == ()
    assert [i.title for i in meeting.agenda] == ["Welcome", "Budget 2023", "Any other business"]
    assert meeting.item(2).decisions == (para("The group approves the draft."),)


def test_crlf_bom_tabs_trailing_space_and_dashes() -> None:
    meeting = valid("crlf_bom_tabs.txt")
    assert meeting.date == dt.date(2022, 3, 18)
    assert meeting.start == dt.datetime(2022, 3, 18, 9, 0, tzinfo=STOCKHOLM)
    assert meeting.end == dt.datetime(2022, 3, 18, 11, 30, tzinfo=STOCKHOLM)
    assert meeting.present[1] == Person("Malin Aronsson", "Kungsbacka", "Kommundirektör")
    assert meeting.item(1).title == "Rapporter"
    assert meeting.item(1).body == (
        BulletList(
            (
                ListItem(("Per Bäckström rapporterar från beredskapsrådet.",)),
                ListItem(
                    ("Malin Aronsson rapporterar från kommundirektörsföreningen.",),
                    BulletList((ListItem(("uppföljning i maj",)),)),
                ),
            )
        ),
    )
    assert meeting.item(1).decisions == (para("Rapporterna noteras."),)
    assert meeting.recorded_by == Recorder("Gunnel Rydberg", "Förbundssekreterare")


@pytest.mark.parametrize("path", sorted(VALID.glob("*.txt")), ids=lambda p: p.name)
def test_every_valid_file_imports_and_validates(path: Path) -> None:
    # Only nested_lists.txt has no date of its own, like the seed.
    day = dt.date(2022, 2, 4) if path.name == "nested_lists.txt" else None
    meeting = parse_text(path.read_bytes().decode("utf-8-sig"), date=day)
    problems = kommunchef.validate(meeting)
    assert [p for p in problems if p.severity == "error"] == []
    assert meeting.agenda


# Tricky cases, written out ----------------------------------------------------------------

HEAD = "Anteckningar\n\nNÄRVARANDE\n\nMaria Reinholdsson, Ale\nGunnel Rydberg, GR\n\n"


def read(body: str) -> kommunchef.Meeting:
    return parse_text(HEAD + body, date=OCT_8)


def test_a_compact_list_reaching_the_next_agenda_number() -> None:
    meeting = read(
        "1. Inledning\n\nText.\n\n2. Frågor\n\nTre frågor:\n\n1. a\n2. b\n3. c\n\n"
        "3. Avslutning\n\nSlut.\n"
    )
    assert [i.title for i in meeting.agenda] == ["Inledning", "Frågor", "Avslutning"]
    assert meeting.item(2).body[1] == NumberedList(
        (ListItem(("a",)), ListItem(("b",)), ListItem(("c",)))
    )


def test_a_loose_list_reaching_the_next_agenda_number() -> None:
    meeting = read(
        "1. Inledning\n\nText.\n\n2. Frågor\n\n1. a\n\n2. b\n\n3. c\n\n3. Avslutning\n\nSlut.\n"
    )
    assert [i.title for i in meeting.agenda] == ["Inledning", "Frågor", "Avslutning"]
    assert meeting.item(2).body == (
        NumberedList((ListItem(("a",)), ListItem(("b",)), ListItem(("c",)))),
    )


def test_a_loose_list_followed_directly_by_the_next_item() -> None:
    # The list's next number would be 3, but no later "3." exists: this is the agenda item.
    meeting = read("1. Inledning\n\nText.\n\n2. Frågor\n\n1. a\n\n2. b\n\n3. Avslutning\n\nSlut.\n")
    assert [i.title for i in meeting.agenda] == ["Inledning", "Frågor", "Avslutning"]
    assert meeting.item(2).body == (NumberedList((ListItem(("a",)), ListItem(("b",)))),)


def test_a_loose_list_in_the_first_item() -> None:
    meeting = read("1. Inledning\n\n1. a\n\n2. b\n\n2. Avslutning\n\nSlut.\n")
    assert [i.title for i in meeting.agenda] == ["Inledning", "Avslutning"]
    assert meeting.item(1).body == (NumberedList((ListItem(("a",)), ListItem(("b",)))),)


def test_a_list_starting_above_one_and_parenthesis_markers() -> None:
    meeting = read("1. Inledning\n\n3. tre\n4. fyra\n\n1) ett\n2) två\n")
    assert meeting.item(1).body == (
        NumberedList((ListItem(("tre",)), ListItem(("fyra",))), start=3),
        NumberedList((ListItem(("ett",)), ListItem(("två",)))),
    )


def test_a_list_interrupting_a_paragraph_and_a_lazy_continuation() -> None:
    meeting = read(
        "1. Inledning\n\nGruppen diskuterade:\n- budget och\nprioriteringar\n- lokaler\n"
    )
    assert meeting.item(1).body == (
        para("Gruppen diskuterade:"),
        BulletList((ListItem(("budget och prioriteringar",)), ListItem(("lokaler",)))),
    )


def test_sub_headings_and_decisions_rules() -> None:
    meeting = read(
        "1. Inledning\n\nBakgrund\n\nText om bakgrunden.\n\nBeslut\n\nFörsta beslutet.\n\n"
        "Andra beslutet.\n\nUr diskussionen\n\nMer text.\n\nEn kort rad sist\n"
    )
    item = meeting.item(1)
    assert item.body == (
        Heading("Bakgrund"),
        para("Text om bakgrunden."),
        Heading("Ur diskussionen"),
        para("Mer text."),
        # Nothing follows it, so a short last line is a paragraph.
        para("En kort rad sist"),
    )
    assert item.decisions == (para("Första beslutet."), para("Andra beslutet."))


def test_decisions_as_a_list_and_a_line_ending_in_a_colon() -> None:
    meeting = read(
        "1. Inledning\n\nGruppen noterar följande:\n\n- en sak\n\n"
        "Beslut\n- att godkänna rapporten\n- att lägga den till handlingarna\n"
    )
    item = meeting.item(1)
    # A line ending in a colon introduces what follows: a paragraph, not a sub-heading.
    assert item.body == (
        para("Gruppen noterar följande:"),
        BulletList((ListItem(("en sak",)),)),
    )
    # Decisions are paragraphs: each item of a list under "Beslut" becomes one.
    assert item.decisions == (
        para("att godkänna rapporten"),
        para("att lägga den till handlingarna"),
    )


def test_follow_up_sentence_alone_and_inside_a_paragraph() -> None:
    meeting = read(
        "1. Inledning\n\nFrågan återkommer vid ett kommande möte.\n\n"
        "Kansliet informerar. Ärendet tas upp igen vid nästa möte. Inget mer.\n"
    )
    item = meeting.item(1)
    # A paragraph of follow-ups only goes; one that says more stays whole, as written.
    assert item.body == (
        para("Kansliet informerar. Ärendet tas upp igen vid nästa möte. Inget mer."),
    )
    assert item.follow_ups == (
        FollowUp("Frågan återkommer vid ett kommande möte."),
        FollowUp("Ärendet tas upp igen vid nästa möte."),
    )


def test_upcoming_year_wraps_and_range_across_months() -> None:
    meeting = parse_text(
        HEAD + "1. Kommande möten\n\n- 20 maj – Kommunchefsgruppen\n"
        "- 30 november–2 december – Internat på Nääs Slott\n- 10 oktober 2021 – Samma dag\n",
        date=OCT_8,
    )
    assert meeting.upcoming == (
        UpcomingMeeting(dt.date(2022, 5, 20), "Kommunchefsgruppen"),
        UpcomingMeeting(
            dt.date(2021, 11, 30), "Internat", end_date=dt.date(2021, 12, 2), location="Nääs Slott"
        ),
        UpcomingMeeting(dt.date(2021, 10, 10), "Samma dag"),
    )


def test_upcoming_meeting_named_in_a_paragraph_with_time() -> None:
    meeting = read(
        "1. Övriga frågor och kommande möten\n\nNästa möte hålls 5 november kl. 13.00–16.00 "
        "på Lindholmen.\n\nFrån 1 januari 2022 gäller en ny lag.\n"
    )
    # The second paragraph names a date but no meeting: it is not an upcoming meeting.
    assert meeting.upcoming == (
        UpcomingMeeting(
            dt.date(2021, 11, 5),
            "Kommunchefsgruppen",
            start_time=dt.time(13),
            end_time=dt.time(16),
            location="Lindholmen",
        ),
    )
    assert len(meeting.item(1).body) == 2


def test_title_line_with_date_and_other_document_kinds() -> None:
    meeting = parse_text("Kallelse 2022-05-20\n\n1. Inledning\n")
    assert meeting.kind is DocumentKind.NOTICE
    assert meeting.date == dt.date(2022, 5, 20)
    meeting = parse_text("Dagordning\n\nDatum: 20 maj 2022\nOrgan: Styrgruppen för IT\n")
    assert meeting.kind is DocumentKind.AGENDA
    assert meeting.body == "Styrgruppen för IT"
    assert meeting.id == "styrgruppen-for-it-2022-05-20"


def test_header_status_link_revision_and_organisation() -> None:
    meeting = parse_text(
        "Anteckningar\n\nDatum: 2022-05-20\nStatus: inställt\nLänk: https://goteborgsregionen.se/kcg\n"
        "Revision: 2\nOrganisation: Göteborgsregionen\n\nNÄRVARANDE\n"
    )
    assert meeting.status is MeetingStatus.CANCELLED
    assert meeting.url == "https://goteborgsregionen.se/kcg"
    assert meeting.revision == 2
    assert meeting.organisation == "Göteborgsregionen"


def test_decomposed_unicode_headings_are_recognised() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", HEAD + "1. Inledning\n\nText.\n")
    meeting = parse_text(text, date=OCT_8)
    assert len(meeting.present) == 2
    assert meeting.agenda[0].title == unicodedata.normalize("NFD", "Inledning")


def test_the_example_of_the_format_specification() -> None:
    """The example in docs/text-format.md reads as the page says."""
    page = (ROOT / "docs" / "text-format.md").read_text("utf-8")
    example = page.split("## An example", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    meeting = parse_text(example)
    assert meeting.date == dt.date(2021, 11, 12)
    assert (len(meeting.present), len(meeting.absent), len(meeting.guests)) == (3, 1, 1)
    assert meeting.present[1].organisation_label == "Göteborg"
    first = meeting.item(1)
    assert first.presenters == meeting.guests
    assert [type(block).__name__ for block in first.body] == [
        "Paragraph",
        "Heading",
        "Paragraph",
        "NumberedList",
    ]
    assert isinstance(first.body[0], Paragraph)
    assert Link("GR:s webbplats", "https://goteborgsregionen.se/kcg") in first.body[0].content
    assert first.decisions == (para("Kommunchefsgruppen ställer sig bakom inriktningen."),)
    assert first.follow_ups == (
        FollowUp("Frågan om finansiering återkommer vid ett kommande möte."),
    )
    assert [(u.date, u.cancelled) for u in meeting.upcoming] == [
        (dt.date(2021, 12, 10), False),
        (dt.date(2022, 1, 21), False),
        (dt.date(2022, 2, 4), True),
    ]
    assert meeting.recorded_by == Recorder("Gunnel Rydberg", "Förbundssekreterare")


def test_agenda_presenters_by_name_and_swedish_agenda_title() -> None:
    meeting = parse_text(
        "Agenda\n\nDatum: 2022-05-20\nPlats: GR\n\n1. Budget\n\n"
        "Föredragande: Helena Söderbäck och Per Lönn\n\nUnderlag skickas ut.\n"
    )
    # "Agenda" is Swedish too: the Swedish header makes the document Swedish.
    assert (meeting.kind, meeting.language) == (DocumentKind.AGENDA, Language.SV)
    # An agenda lists nobody as present: presenters are known by their names.
    assert meeting.item(1).presenters == (Person("Helena Söderbäck"), Person("Per Lönn"))
    english = parse_text("Agenda\n\nDate: 2022-05-20\n\n1. Budget\n")
    assert english.language is Language.EN
    # In minutes a presenter must be listed under attendance (see the malformed corpus).
    with pytest.raises(kommunchef.LoadError, match="presents but is not listed"):
        read("1. Budget\n\nFöredragande: Helena Söderbäck\n")
