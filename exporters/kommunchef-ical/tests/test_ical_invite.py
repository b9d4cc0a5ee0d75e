"""Invitations: iTIP content, the RFC 6047 message, libical's RFC 5546 checks, organizers."""

from __future__ import annotations

import datetime as dt
import email
from collections.abc import Callable
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

import attrs
import pytest
from icalendar import Calendar, Component, Event
from kommunchef_ical import exporter
from kommunchef_ical.calendar import upcoming_uids
from kommunchef_ical.invite import (
    Invite,
    InviteError,
    build_invites,
    default_organizer,
    parse_organizer,
)

from kommunchef.identity import sequence
from kommunchef.model import Meeting, Person, Recorder
from kommunchef.records import Record

NOW = dt.datetime(2026, 10, 17, 8, 30, 15, 123456, tzinfo=dt.UTC)
ORGANIZER = Address("Gunnel Rydberg", addr_spec="gunnel.rydberg@example.org")

Lint = Callable[..., Calendar]


@pytest.fixture(scope="module")
def invites(invite_meeting: Meeting) -> list[Invite]:
    return build_invites(invite_meeting, ORGANIZER, now=NOW)


def only_event(data: bytes) -> Event:
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert isinstance(event, Event)
    return event


def attendee_list(event: Component) -> list[Any]:
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


def test_one_invitation_per_upcoming_meeting(
    invite_meeting: Meeting, invites: list[Invite], lint: Lint
) -> None:
    assert [i.uid for i in invites] == upcoming_uids(invite_meeting)
    assert [i.method for i in invites] == ["REQUEST"] * 4 + ["CANCEL"]
    assert [i.filename for i in invites] == [
        "kommunchefsgruppen.gr.20261023.eml",
        "kcg-2026-10-26.eml",
        "kommunchefsgruppen.gr.20261111.eml",
        "kommunchefsgruppen.gr.20261120.eml",
        "kommunchefsgruppen.gr.20261207.eml",
    ]
    for invite in invites:
        lint(invite.calendar, method=invite.method)


def test_invitations_use_the_feeds_uids_and_sequence(
    invite_meeting: Meeting, invites: list[Invite]
) -> None:
    feed = {
        str(e["UID"]): e for e in Calendar.from_ical(exporter.export(invite_meeting)).walk("VEVENT")
    }
    for invite in invites:
        event = only_event(invite.calendar)
        assert str(event["UID"]) == invite.uid
        assert event["SEQUENCE"] == feed[invite.uid]["SEQUENCE"]
        assert event.decoded("DTSTART") == feed[invite.uid].decoded("DTSTART")
        assert event.decoded("DTSTAMP") == NOW.replace(microsecond=0)
    cancel = only_event(invites[-1].calendar)
    request = only_event(invites[0].calendar)
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert str(request["STATUS"]) == "CONFIRMED"
    assert cancel.sequence == sequence(invite_meeting, cancelled=False) + 1 > request.sequence
    assert str(cancel["SUMMARY"]) == "INSTÄLLT: Kommunchefsgruppen"


def test_organizer_and_attendees(invite_meeting: Meeting, invites: list[Invite]) -> None:
    event = only_event(invites[0].calendar)
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:gunnel.rydberg@example.org"
    assert organizer.params["CN"] == "Gunnel Rydberg"
    attendees = attendee_list(event)
    # Members with an address (present and absent), not the organizer, not the guest.
    assert [str(a) for a in attendees] == [
        "mailto:maria.reinholdsson@example.org",
        "mailto:asa.oberg@example.org",
        "mailto:magnus.sigfusson@example.org",
    ]
    for attendee, name in zip(
        attendees, ["Maria Reinholdsson", invite_meeting.present[2].name, "Magnus Sigfusson"]
    ):
        assert attendee.params["CN"] == name
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert attendee.params["CUTYPE"] == "INDIVIDUAL"
    # Malin Krantz has no address: she is named in the description instead.
    assert "Inbjudna utan e-postadress: Malin Krantz" in str(event["DESCRIPTION"])


def test_guests_are_optional_participants_on_request(invite_meeting: Meeting) -> None:
    (invite, *_) = build_invites(invite_meeting, ORGANIZER, include_guests=True, now=NOW)
    attendees = attendee_list(only_event(invite.calendar))
    guest = attendees[-1]
    assert str(guest) == "mailto:ann-sofi.lodin@example.org"
    assert guest.params["ROLE"] == "OPT-PARTICIPANT"


def test_the_message_is_rfc_6047_shaped(invite_meeting: Meeting, invites: list[Invite]) -> None:
    for invite in invites:
        raw = invite.as_bytes()
        assert b"\r\n" in raw
        assert b"\n" not in raw.replace(b"\r\n", b"")
        message = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = message.iter_parts()
        assert alternative.get_content_type() == "multipart/alternative"
        plain, html_part, calendar_part = alternative.iter_parts()
        assert [p.get_content_type() for p in (plain, html_part, calendar_part)] == [
            "text/plain",
            "text/html",
            "text/calendar",
        ]
        assert calendar_part.get_param("method") == invite.method
        assert str(calendar_part.get_param("charset")).upper() == "UTF-8"
        data = calendar_part.get_payload(decode=True)
        assert data == invite.calendar
        assert data.count(b"\r\n") == data.count(b"\n")
        method = Calendar.from_ical(data)["METHOD"]
        assert str(method) == calendar_part.get_param("method")
        assert attachment.get_content_type() == "application/ics"
        assert attachment.get_filename() == "invite.ics"
        assert attachment.get_payload(decode=True) == invite.calendar
        assert message["From"].addresses == (ORGANIZER,)
        to = {a.addr_spec for a in message["To"].addresses}
        assert to == {
            "maria.reinholdsson@example.org",
            "asa.oberg@example.org",
            "magnus.sigfusson@example.org",
        }
        assert message["Message-ID"].endswith("@kommunchef.goteborgsregionen.se>")
        assert message["Date"].datetime == NOW.replace(microsecond=0)


def test_message_text_and_html(invite_meeting: Meeting, invites: list[Invite]) -> None:
    message = email.message_from_bytes(invites[1].as_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    title = invite_meeting.upcoming[1].title
    assert message["Subject"] == f"{title}, 26 oktober 2026"
    alternative = next(message.iter_parts())
    assert isinstance(alternative, EmailMessage)
    plain, html_part, _ = alternative.iter_parts()
    text = plain.get_content().replace("\r\n", "\n")
    assert text.startswith(f"{title}\n\nDatum: 26 oktober 2026\nTid: 09.00–11.00\n")
    assert "Inbjudna utan e-postadress: Malin Krantz" in text
    markup = html_part.get_content()
    assert "<b>" not in markup
    assert "&lt;b&gt;" in markup
    assert "&amp; ÅÄÖ" in markup
    assert '<html lang="sv-SE">' in markup
    cancel = email.message_from_bytes(invites[-1].as_bytes(), policy=policy.default)
    assert cancel["Subject"] == "INSTÄLLT: Kommunchefsgruppen, 7 december 2026"


def test_hostile_names_round_trip_through_headers_and_parameters(
    invite_meeting: Meeting, invites: list[Invite]
) -> None:
    hostile = invite_meeting.present[2]
    message = email.message_from_bytes(invites[0].as_bytes(), policy=policy.default)
    names = {a.addr_spec: a.display_name for a in message["To"].addresses}
    assert names[hostile.email or ""] == hostile.name
    assert set(message.keys()) == {
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "MIME-Version",
        "Content-Type",
    }
    event = only_event(invites[0].calendar)
    cn = {str(a): a.params["CN"] for a in attendee_list(event)}
    assert cn[f"mailto:{hostile.email}"] == hostile.name
    assert sorted(event.keys()) == sorted(only_event(invites[2].calendar).keys())


def test_header_injection_is_refused_again() -> None:
    with pytest.raises(ValueError, match=r"carriage return|line feed|control"):
        Person("Eve\r\nBcc: eve@example.org", email="eve@example.org")
    with pytest.raises(InviteError):
        parse_organizer("Eve <eve@example.org>\r\nBcc: x@example.org")
    from kommunchef_ical.invite import mail_address as _address

    with pytest.raises(InviteError, match="cannot be used"):
        _address("Eve\r\nBcc: x@example.org", "eve@example.org")


def test_an_address_that_headers_cannot_hold_is_a_clear_error(invite_meeting: Meeting) -> None:
    # The model accepts a non-ASCII local part; e-mail headers without SMTPUTF8 cannot.
    meeting = attrs.evolve(invite_meeting, absent=(Person("Åsa Ö", email="åsa@example.org"),))
    with pytest.raises(InviteError, match=r"'åsa@example\.org' of 'Åsa Ö' cannot be used"):
        build_invites(meeting, ORGANIZER, now=NOW)


def test_english_invitation(invite_meeting: Meeting) -> None:
    from kommunchef.model import Language

    invites = build_invites(invite_meeting, ORGANIZER, language=Language.EN, now=NOW)
    message = email.message_from_bytes(invites[-1].as_bytes(), policy=policy.default)
    assert message["Subject"] == "CANCELLED: Kommunchefsgruppen, 7 December 2026"
    description = str(only_event(invites[0].calendar)["DESCRIPTION"])
    assert "Invited without an e-mail address: Malin Krantz" in description


def test_libical_finds_no_rfc_5546_errors(
    invites: list[Invite], libical: Callable[[list[str]], list[dict[str, Any]]]
) -> None:
    texts = [invite.calendar.decode("utf-8") for invite in invites]
    # A control: a REQUEST that says CANCELLED breaks RFC 5546 3.2.2 and must be caught.
    broken = texts[0].replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    results = libical([*texts, broken])
    for invite, result in zip(invites, results):
        assert result["parsed"], invite.uid
        assert result["parse_errors"] == 0, (invite.uid, result)
        assert result["passed"], (invite.uid, result)
        assert result["errors"] == [], (invite.uid, result)
    assert not results[-1]["passed"]
    assert any("STATUS" in line for line in results[-1]["errors"])


def test_invites_parse_with_independent_readers(
    invites: list[Invite], parse: Callable[[bytes], tuple[Any, Any]]
) -> None:
    for invite in invites:
        vobject_calendar, stream = parse(invite.calendar)
        assert vobject_calendar.method.value == invite.method
        (event,) = stream.events
        assert event.uid == invite.uid
        assert event.organizer is not None
        assert event.organizer.uri.startswith("mailto:")
        assert all(a.uri.startswith("mailto:") for a in event.attendees)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kansli@example.org", "has no name"),
        ("Kansliet", "has no e-mail address"),
        ("A <a@example.org>, B <b@example.org>", "one name and e-mail address"),
        ("Kansliet <not an address>", "not valid|no e-mail address"),
        ("Kansliet <kansli@localhost>", "not valid"),
        ("", "one name and e-mail address"),
    ],
)
def test_bad_organizers_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(InviteError, match=message):
        parse_organizer(text)


def test_good_organizers() -> None:
    assert parse_organizer("Gunnel Rydberg <gunnel.rydberg@example.org>") == ORGANIZER
    quoted = parse_organizer('"Rydberg, Gunnel" <gunnel.rydberg@example.org>')
    assert quoted.display_name == "Rydberg, Gunnel"
    assert parse_organizer("Åsa Öberg <asa@example.org>").display_name == "Åsa Öberg"


def test_default_organizer_is_the_recorder_with_an_address(
    invite_meeting: Meeting, seed: Meeting
) -> None:
    assert default_organizer(invite_meeting) == ORGANIZER
    assert default_organizer(seed) is None  # Gunnel Rydberg has no address in the seed
    assert default_organizer(attrs.evolve(invite_meeting, recorded_by=None)) is None
    stranger = attrs.evolve(invite_meeting, recorded_by=Recorder("Någon Annan"))
    assert default_organizer(stranger) is None


def test_nobody_with_an_address_is_a_clear_error(seed: Meeting) -> None:
    with pytest.raises(InviteError, match="nobody to invite"):
        build_invites(seed, ORGANIZER, now=NOW)


def test_no_upcoming_meeting_is_a_clear_error(invite_meeting: Meeting) -> None:
    with pytest.raises(InviteError, match="no upcoming meetings"):
        build_invites(attrs.evolve(invite_meeting, upcoming=()), ORGANIZER, now=NOW)


def test_the_organizer_alone_is_not_enough(invite_meeting: Meeting) -> None:
    only_organizer = attrs.evolve(
        invite_meeting,
        present=(invite_meeting.present[0], invite_meeting.present[3]),
        absent=(),
    )
    with pytest.raises(InviteError, match="nobody to invite"):
        build_invites(only_organizer, ORGANIZER, now=NOW)


def test_library_hostile_meeting_invites(
    lint: Lint, libical: Callable[[list[str]], list[dict[str, Any]]]
) -> None:
    from kommunchef.testing import hostile_meeting

    meeting = hostile_meeting()
    invites = build_invites(meeting, ORGANIZER, now=NOW)
    for invite in invites:
        calendar = lint(invite.calendar, method=invite.method)
        (event,) = calendar.walk("VEVENT")
        assert len(attendee_list(event)) == len(meeting.present) + len(meeting.absent)
        email.message_from_bytes(invite.as_bytes(), policy=policy.default)
    results = libical([invite.calendar.decode("utf-8") for invite in invites])
    assert all(r["passed"] and not r["errors"] for r in results), results


def test_an_invitation_is_a_record_that_compares_by_its_fields(invites: list[Invite]) -> None:
    first, second = invites[0], invites[1]
    assert isinstance(first, Record)
    assert first == attrs.evolve(first)
    assert first != second
    assert repr(first).startswith(f"Invite(uid={first.uid!r}, method=")
