"""Field-level checks of the model classes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from kommunchef import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    FollowUp,
    Link,
    ListItem,
    Meeting,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)
from kommunchef.model import plain_text


def test_inline_content_is_normalised() -> None:
    paragraph = Paragraph(["Se ", "", "filmen ", Link("här", "https://example.org"), "."])
    assert paragraph.content == ("Se filmen ", Link("här", "https://example.org"), ".")
    assert paragraph.text == "Se filmen här."
    assert Paragraph("ett ord").content == ("ett ord",)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Person(""), "must not be blank"),
        (lambda: Person("   "), "must not be blank"),
        (lambda: Person("A\nB"), "line feed"),
        (lambda: Person("A\rB"), "carriage return"),
        (lambda: Person("A\x00B"), r"U\+0000"),
        (lambda: Person("A\ufffeB"), r"U\+FFFE"),
        (lambda: Person("Anna", email="not-an-address"), "not a valid email"),
        (lambda: Person("Anna", email="a@b"), "not a valid email"),
        (lambda: Person(5), "expected a string"),
        (lambda: Link("x", "javascript:alert(1)"), "only http, https and mailto"),
        (lambda: Link("x", "https://"), "no host"),
        (lambda: Link("x", "https://a b.se"), "white space"),
        (lambda: Link("x", "mailto:nobody"), "not a valid mailto"),
        (lambda: Paragraph([]), "must not be empty"),
        (lambda: Paragraph(["   "]), "must not be blank"),
        (lambda: Paragraph([5]), "expected str or Link"),
        (lambda: BulletList([]), "must not be empty"),
        (lambda: NumberedList([ListItem("a")], start=0), "must be 1 or more"),
        (lambda: AgendaItem(0, "x"), "must be 1 or more"),
        (lambda: AgendaItem(True, "x"), "expected an integer"),
        (lambda: Meeting(id="Not A Slug", date=date(2021, 1, 1)), "not a valid id"),
        (lambda: Meeting(id="a--b", date=date(2021, 1, 1)), "not a valid id"),
        (
            lambda: Meeting(id="a", date=date(2021, 1, 1), start=datetime(2021, 1, 1, 9)),
            "no time zone",
        ),
        (lambda: Meeting(id="a", date=date(2021, 1, 1), revision=-1), "0 or more"),
        (lambda: Meeting(id="a", date=date(2021, 1, 1), url="ftp://x.se/"), "only http"),
        (lambda: Meeting(id="a", date="2021-01-01"), "^expected a date, got str"),  # type: ignore[arg-type]
        (lambda: Meeting(id="a", date=date(2021, 1, 1), status="over"), "one of planned, held"),
    ],
)
def test_field_checks_reject_bad_values(make: object, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        make()  # type: ignore[operator]


def test_text_is_stripped_and_optional_blank_becomes_none() -> None:
    person = Person("  Maria Reinholdsson ", " Ale ", "  ", " ")
    assert person == Person("Maria Reinholdsson", "Ale")


def test_times_are_kept_in_stockholm() -> None:
    meeting = Meeting(id="a", date=date(2021, 10, 8), start=datetime(2021, 10, 8, 7, 0, tzinfo=UTC))
    assert meeting.start is not None
    assert meeting.start.tzinfo is STOCKHOLM
    assert meeting.start.hour == 9


def test_upcoming_meeting_times_are_aware() -> None:
    upcoming = UpcomingMeeting(
        date(2021, 11, 11),
        "Lunch till lunch",
        end_date=date(2021, 11, 12),
        start_time=time(12),
        end_time=time(13),
    )
    assert upcoming.start == datetime(2021, 11, 11, 12, tzinfo=STOCKHOLM)
    assert upcoming.end == datetime(2021, 11, 12, 13, tzinfo=STOCKHOLM)
    assert upcoming.last_date == date(2021, 11, 12)


def test_person_resolves_municipality() -> None:
    person = Person("Magnus Sigfusson", "GBG")
    assert person.municipality is not None
    assert person.municipality.code == "1480"
    assert person.organisation_label == "Göteborg"
    assert Person("Ann-Sofi Lodin", "VGR").organisation_label == "VGR"


def test_nested_lists_and_plain_text() -> None:
    item = ListItem(["a ", Link("b", "https://b.se")], NumberedList([ListItem("c")]))
    assert plain_text(item.content) == "a b"
    assert isinstance(item.sublist, NumberedList)
    with pytest.raises(TypeError, match="bullet or numbered list"):
        ListItem("x", Paragraph("y"))  # type: ignore[arg-type]


def test_meeting_item_lookup() -> None:
    meeting = Meeting(id="a", date=date(2021, 1, 1), agenda=(AgendaItem(1, "Första"),))
    assert meeting.item(1).title == "Första"
    with pytest.raises(KeyError):
        meeting.item(2)


def test_constructors_accept_what_json_spells_as_strings() -> None:
    meeting = Meeting(
        id="a",
        date=date(2026, 1, 9),
        kind="agenda",
        status="Planned",
        language="en",
        agenda=[
            AgendaItem(
                1,
                "Budget",
                body=["Text.", BulletList(["a", "b"])],  # type: ignore[arg-type]
                decisions=["Beslut."],  # type: ignore[arg-type]
                follow_ups=["Återkommer."],  # type: ignore[arg-type]
            )
        ],
    )
    assert (meeting.kind, meeting.status, meeting.language) == ("agenda", "planned", "en")
    item = meeting.agenda[0]
    assert item.body == (Paragraph("Text."), BulletList((ListItem(("a",)), ListItem(("b",)))))
    assert item.decisions == (Paragraph("Beslut."),)
    assert item.follow_ups == (FollowUp("Återkommer."),)


def test_a_wrong_type_is_one_clear_line() -> None:
    with pytest.raises(TypeError) as caught:
        Meeting(id="a", date=date(2026, 1, 1), cancelled_at=None)  # type: ignore[call-arg]
    assert "\n" not in str(caught.value)
    with pytest.raises(TypeError) as wrong:
        UpcomingMeeting(date(2026, 1, 1), "Möte", cancelled="yes")  # type: ignore[arg-type]
    assert str(wrong.value) == "expected true or false, got str 'yes'"
    assert "Attribute(" not in str(wrong.value)
