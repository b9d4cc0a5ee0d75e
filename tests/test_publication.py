"""Publication profiles: what the public profile removes, the report, and profile files."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import kommunchef
from kommunchef import (
    AgendaItem,
    BulletList,
    FollowUp,
    Heading,
    Language,
    Link,
    ListItem,
    Meeting,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.publication import (
    BUILT_IN_PROFILES,
    ProfileError,
    RedactionKind,
    load_profile,
    parse_profile,
    publish,
    report_lines,
)
from kommunchef.testing import meetings
from kommunchef.testing.publication import PlantedMeeting, contact_details, meetings_with_contacts
from kommunchef.validation import has_errors, validate

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"


def sample() -> Meeting:
    return Meeting(
        id="kcg-2024-01-12",
        date=dt.date(2024, 1, 12),
        location="Stora salen, ring 031-123 45 67 vid entrén",
        url="mailto:kansli@goteborgsregionen.se",
        present=(Person("Maria Lönn", "Ale", "kommundirektör", "maria.lonn@ale.se"),),
        absent=(Person("Per Eide", "GBG", email="per.eide@goteborg.se"),),
        guests=(
            Person("Anna Svensson", title="boende i Lerum", email="anna@example.org"),
            Person("Bo Ek", "Ek & Son AB"),
            Person("Eva Berg", "Borås Stad", "stadsdirektör", "eva.berg@boras.se"),
            Person("Lisa Nord", "VGR"),
        ),
        agenda=(
            AgendaItem(
                1,
                "Medborgarförslag från Anna Svensson",
                presenters=(Person("Anna Svensson"), Person("Eva Berg", "Borås Stad")),
                body=(
                    Heading("Kontakt 070-123 45 67"),
                    Paragraph(
                        (
                            "Anna Svensson ber om svar till ",
                            Link("anna@example.org", "mailto:anna@example.org"),
                            " eller ",
                            Link("kansliet", "mailto:kansli@goteborgsregionen.se"),
                            ", se ",
                            Link("förslaget", "https://example.org/forslag?tel=0701234567"),
                            " och ",
                            Link("GR", "https://goteborgsregionen.se/"),
                            ".",
                        )
                    ),
                    BulletList(
                        (
                            ListItem(
                                ("Dnr 2021/123, 2021-10-08 kl. 09.00–12.00, 1 234 567 kr",),
                                BulletList((ListItem(("Tel. +46 (0)8-123 456 78",)),)),
                            ),
                        )
                    ),
                ),
                decisions=(Paragraph(("Svar skickas till anna@example.org.",)),),
                follow_ups=(FollowUp("Ring 0046 70 123 45 67", owner="Anna Svensson"),),
            ),
        ),
        upcoming=(
            UpcomingMeeting(
                dt.date(2024, 2, 9),
                "Nästa möte",
                location="Ring 08-12 34 56",
                note="Anmälan till eva.berg@boras.se",
            ),
        ),
        recorded_by=Recorder("Bo Ek"),
    )


def test_public_profile_removes_contact_details_everywhere() -> None:
    published = publish(sample(), "public").meeting
    assert not has_errors(validate(published))
    assert contact_details(published) == set()
    assert published.location == "Stora salen, ring [telefonnummer borttaget] vid entrén"
    assert published.url is None
    assert [p.email for p in (*published.present, *published.absent)] == [None, None]
    # Officials stay in their role, without their address.
    assert published.present[0] == Person("Maria Lönn", "Ale", "kommundirektör")
    assert published.guests[2] == Person("Eva Berg", "Borås Stad", "stadsdirektör")
    assert published.guests[3] == Person("Lisa Nord", "VGR")
    item = published.agenda[0]
    assert item.body[0] == Heading("Kontakt [telefonnummer borttaget]")
    assert item.body[1] == Paragraph(
        (
            "Privatperson 1 ber om svar till [e-postadress borttagen] eller kansliet, se "
            "förslaget och ",
            Link("GR", "https://goteborgsregionen.se/"),
            ".",
        )
    )
    inner = item.body[2]
    assert isinstance(inner, BulletList)
    assert inner.items[0].text == "Dnr 2021/123, 2021-10-08 kl. 09.00–12.00, 1 234 567 kr"
    assert inner.items[0].sublist == BulletList((ListItem(("Tel. [telefonnummer borttaget]",)),))
    assert item.decisions == (Paragraph(("Svar skickas till [e-postadress borttagen].",)),)
    assert item.follow_ups == (FollowUp("Ring [telefonnummer borttaget]", "Privatperson 1"),)
    assert published.upcoming[0].note == "Anmälan till [e-postadress borttagen]"


def test_private_persons_are_numbered_the_same_everywhere() -> None:
    published = publish(sample()).meeting
    assert [p.name for p in published.guests] == [
        "Privatperson 1",
        "Privatperson 2",
        "Eva Berg",
        "Lisa Nord",
    ]
    # No organisation, title or address is left to identify them.
    assert published.guests[0] == Person("Privatperson 1")
    assert published.guests[1] == Person("Privatperson 2")
    assert published.agenda[0].title == "Medborgarförslag från Privatperson 1"
    assert published.agenda[0].presenters == (
        Person("Privatperson 1"),
        Person("Eva Berg", "Borås Stad"),
    )
    assert published.recorded_by == Recorder("Privatperson 2")


@pytest.mark.parametrize(
    ("organisation", "private"),
    [
        (None, True),
        ("Ek & Son AB", True),
        ("Föreningen Bygdens Vänner", True),
        ("GBG", False),
        ("Göteborgs Stad", False),
        ("1480", False),
        ("Lerums kommun", False),
        ("Borås Stad", False),
        ("Region Halland", False),
        ("Länsstyrelsen i Hallands län", False),
        ("sveriges kommuner och regioner", False),
        ("Kommunal", False),
    ],
)
def test_the_rule_for_private_persons(organisation: str | None, private: bool) -> None:
    meeting = Meeting(id="m", date=dt.date(2024, 1, 1), guests=(Person("Kim Gäst", organisation),))
    published = publish(meeting).meeting
    assert (published.guests[0].name == "Privatperson 1") is private


def test_members_stay_even_without_an_organisation() -> None:
    meeting = Meeting(
        id="m",
        date=dt.date(2024, 1, 1),
        present=(Person("Kim Ledamot"),),
        absent=(Person("Alex Ledamot"),),
        agenda=(AgendaItem(1, "Info", presenters=(Person("Kim Ledamot"),)),),
    )
    published = publish(meeting)
    assert published.meeting == meeting
    assert published.redactions == ()


def test_a_presenter_who_is_not_a_member_is_checked_too() -> None:
    meeting = Meeting(
        id="m",
        date=dt.date(2024, 1, 1),
        agenda=(AgendaItem(1, "Info", presenters=(Person("Sam Konsult", "Konsult AB"),)),),
    )
    assert publish(meeting).meeting.agenda[0].presenters == (Person("Privatperson 1"),)


def test_a_first_name_alone_is_not_replaced_in_text() -> None:
    meeting = Meeting(
        id="m",
        date=dt.date(2024, 1, 1),
        guests=(Person("Anna Svensson"),),
        agenda=(AgendaItem(1, "Anna och ANNA  SVENSSON berättade"),),
    )
    assert publish(meeting).meeting.agenda[0].title == "Anna och Privatperson 1 berättade"


def test_a_name_is_found_however_its_letters_are_written() -> None:
    # Decomposed letters (as macOS writes them), another case, and the folding of "ß".
    decomposed = unicodedata.normalize("NFD", "Åsa Strauß-Öberg")
    meeting = Meeting(
        id="m",
        date=dt.date(2024, 1, 1),
        guests=(Person("Åsa Strauß-Öberg"),),
        agenda=(
            AgendaItem(
                1,
                f"Förslag från {decomposed}",
                body=(Paragraph(("ÅSA STRAUSS-ÖBERG och åsa strauß-öberg svarade.",)),),
            ),
        ),
    )
    published = publish(meeting)
    item = published.meeting.agenda[0]
    assert item.title == "Förslag från Privatperson 1"
    assert item.body == (Paragraph(("Privatperson 1 och Privatperson 1 svarade.",)),)
    kinds = [r.kind for r in published.redactions]
    assert kinds == [RedactionKind.PRIVATE_PERSON] + [RedactionKind.PRIVATE_NAME] * 3


def test_english_meetings_get_english_words() -> None:
    meeting = attrs.evolve(sample(), language=Language.EN)
    published = publish(meeting).meeting
    assert published.guests[0].name == "Private individual 1"
    assert published.location == "Stora salen, ring [phone number removed] vid entrén"


def test_the_report_names_each_removal_by_path_and_never_the_value() -> None:
    report = publish(sample()).redactions
    entries = [(r.path, r.kind) for r in report]
    assert ("location", RedactionKind.PHONE) in entries
    assert ("url", RedactionKind.EMAIL) in entries
    assert ("present[0].email", RedactionKind.EMAIL) in entries
    assert ("guests[0]", RedactionKind.PRIVATE_PERSON) in entries
    assert ("agenda[0].title", RedactionKind.PRIVATE_NAME) in entries
    assert ("agenda[0].body[1].content[0]", RedactionKind.PRIVATE_NAME) in entries
    assert ("agenda[0].body[1].content[1].text", RedactionKind.EMAIL) in entries
    assert ("agenda[0].body[1].content[1].url", RedactionKind.EMAIL) in entries
    assert ("agenda[0].body[1].content[5].url", RedactionKind.PHONE) in entries
    assert (
        "agenda[0].body[2].items[0].sublist.items[0].content[0]",
        RedactionKind.PHONE,
    ) in entries
    assert ("agenda[0].follow_ups[0].owner", RedactionKind.PRIVATE_NAME) in entries
    assert ("upcoming[0].note", RedactionKind.EMAIL) in entries
    assert ("recorded_by", RedactionKind.PRIVATE_PERSON) in entries
    text = "\n".join(report_lines(report, source="m.json"))
    assert "m.json: location: phone number removed" in text
    for secret in ("031-123 45 67", "anna@example.org", "Anna Svensson", "0701234567", "Bo Ek"):
        assert secret not in text
    masked = report_lines(report, masked=True)
    assert "location: phone number removed (•••-••• •• 67)" in masked


def test_the_internal_profile_removes_nothing() -> None:
    meeting = sample()
    published = publish(meeting, "internal")
    assert published.meeting is meeting
    assert published.redactions == ()


def test_a_profile_can_keep_some_kinds() -> None:
    profile = parse_profile("[remove]\nemails = false\nprivate_persons = false\n")
    published = publish(sample(), profile).meeting
    assert published.present[0].email == "maria.lonn@ale.se"
    assert published.guests[0].name == "Anna Svensson"
    assert published.location == "Stora salen, ring [telefonnummer borttaget] vid entrén"
    assert published.url == "mailto:kansli@goteborgsregionen.se"


def test_publishing_twice_removes_nothing_more() -> None:
    once = publish(sample()).meeting
    twice = publish(once)
    assert twice.meeting == once
    assert twice.redactions == ()


def test_top_level_function_and_the_seed_example() -> None:
    meeting = kommunchef.load(SEED)
    published = kommunchef.for_publication(meeting)
    assert not has_errors(validate(published))
    assert contact_details(published) == set()
    # The example's guests all come from public bodies: their names stay.
    assert [p.name for p in published.guests] == [p.name for p in meeting.guests]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings_with_contacts())
def test_published_meetings_are_valid_and_free_of_contact_details(planted: PlantedMeeting) -> None:
    published = publish(planted.meeting).meeting
    assert not has_errors(validate(published))
    assert contact_details(published) == set()
    assert planted.private_name not in kommunchef.dumps(published)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings(max_items=3, emails=False))
def test_meetings_without_contact_details_keep_their_members(meeting: Meeting) -> None:
    published = publish(meeting).meeting
    assert not has_errors(validate(published))
    # Members keep their names and organisations (a title may still lose a private
    # person's name).
    for group in ("present", "absent"):
        before = [(p.name, p.organisation) for p in getattr(meeting, group)]
        assert [(p.name, p.organisation) for p in getattr(published, group)] == before
    assert len(published.agenda) == len(meeting.agenda)


# Profile files -------------------------------------------------------------------------------


def test_built_in_profiles_load() -> None:
    assert BUILT_IN_PROFILES == ("internal", "public")
    public = load_profile("public")
    assert public.name == "public"
    assert public.remove_emails
    assert public.remove_phone_numbers
    assert public.remove_private_persons
    assert not load_profile("internal").removes_anything


def test_a_users_profile_takes_the_public_values_for_keys_left_out(tmp_path: Path) -> None:
    path = tmp_path / "kommun.toml"
    path.write_text(
        'description = "Vår profil"\n'
        "[private_persons]\n"
        'public_bodies = ["Bygdens Vänner"]\n'
        "[replacements.sv]\n"
        'private_person = "Enskild"\n',
        "utf-8",
    )
    profile = load_profile(str(path))
    assert profile.name == "kommun"
    assert profile.remove_emails
    assert profile.is_public_body("bygdens  vänner")
    assert profile.is_public_body("Ale")
    assert profile.swedish.email == load_profile("public").swedish.email
    meeting = Meeting(
        id="m",
        date=dt.date(2024, 1, 1),
        guests=(Person("Kim A"), Person("Kim B", "Bygdens Vänner")),
    )
    assert [p.name for p in publish(meeting, path).meeting.guests] == ["Enskild 1", "Kim B"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[remove\n", "bad.toml: not valid TOML: "),
        ("colour = 1\n", "bad.toml: colour: unknown key (known here: description, name, "),
        ('name = ""\n', "bad.toml: name: must not be blank"),
        ("name = 3\n", "bad.toml: name: expected a string, got an integer"),
        ("remove = 1\n", "bad.toml: remove: expected a table, got an integer"),
        ("[remove]\nemail = true\n", "bad.toml: remove.email: unknown key (known here: emails, "),
        ('[remove]\nemails = "yes"\n', "bad.toml: remove.emails: expected true or false, got a"),
        (
            '[private_persons]\npublic_bodies = "GR"\n',
            "bad.toml: private_persons.public_bodies: expected a list of strings, got a string",
        ),
        (
            '[private_persons]\npublic_bodies = ["GR", 4]\n',
            "bad.toml: private_persons.public_bodies[1]: expected a string, got an integer",
        ),
        ('[replacements.de]\nemail = "x"\n', "bad.toml: replacements.de: unknown key (known"),
        (
            '[replacements.sv]\nphone = "ring 070-123 45 67"\n',
            "bad.toml: replacements.sv.phone: must not contain digits, an e-mail address",
        ),
        ('[replacements.sv]\nemail = "  "\n', "bad.toml: replacements.sv.email: must not be"),
        ('[replacements.en]\nname = "x"\n', "bad.toml: replacements.en.name: unknown key"),
    ],
)
def test_a_bad_profile_file_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value).startswith(str(tmp_path / message.split(":")[0]) + ":")
    assert message.split(": ", 1)[1] in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_and_missing_profiles(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"unknown publication profile 'publik' \(built in"):
        load_profile("publik")
    with pytest.raises(ProfileError, match=r"cannot read the profile .*nope\.toml"):
        load_profile(str(tmp_path / "nope.toml"))
    (tmp_path / "latin1.toml").write_bytes(b'name = "\xe5"\n')
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(tmp_path / "latin1.toml")
