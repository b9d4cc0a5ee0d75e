"""Who an invitation goes to and what it is: the organizer, the invitees, ``Invite``."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses

from attrs import frozen
from icalendar import ROLE

from kommunchef.document import person_key
from kommunchef.errors import KommunchefError
from kommunchef.model import Meeting, Person
from kommunchef.records import Record
from kommunchef_ical.calendar import (
    Method,
)

PASSWORD_VARIABLE = "KOMMUNCHEF_SMTP_PASSWORD"
"""The environment variable that holds the SMTP password (never a command-line argument)."""

ATTACHMENT_NAME = "invite.ics"


class InviteError(KommunchefError):
    """Invitations cannot be made or sent: no organizer, nobody to invite, a refused login..."""


@frozen
class Attendee(Record):
    """Someone invited, with the role the invitation gives them."""

    person: Person
    role: ROLE


@frozen
class Invite(Record):
    """One invitation: the iTIP calendar and the e-mail that carries it."""

    uid: str
    method: Method
    calendar: bytes
    message: EmailMessage

    @property
    def filename(self) -> str:
        """The ``.eml`` file name: the UID's part before the ``@``."""
        return f"{self.uid.partition('@')[0]}.eml"

    def as_bytes(self) -> bytes:
        """The message as it goes on the wire (CRLF line ends)."""
        return self.message.as_bytes()


# -- who ----------------------------------------------------------------------------------------


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def parse_organizer(text: str) -> Address:
    """Read ``--organizer "Name <email>"``; raise :class:`InviteError` when it is not that."""
    example = 'such as "Gunnel Rydberg <gunnel.rydberg@example.org>"'
    if _has_control(text):
        raise InviteError("--organizer must be one line of text")
    found = getaddresses([text])
    if len(found) != 1 or not found[0][1]:
        raise InviteError(f"--organizer must be one name and e-mail address, {example}")
    name, address = found[0]
    if "@" not in address:
        raise InviteError(f"--organizer has no e-mail address ({text!r}); give one, {example}")
    if not name.strip():
        raise InviteError(f"--organizer has no name ({text!r}); give one, {example}")
    try:  # the model's own checks: one line of text, a valid address
        person = Person(name=name, email=address)
    except (TypeError, ValueError) as error:
        raise InviteError(f"--organizer {text!r} is not valid: {error}") from None
    return mail_address(person.name, person.email or address)


def mail_address(name: str, email: str) -> Address:
    """A name and address for an e-mail header, checked by the header registry."""
    # The header registry checks the address again and refuses CR and LF in the name.
    try:
        return Address(display_name=name, addr_spec=email)
    except (TypeError, ValueError, IndexError) as error:
        raise InviteError(
            f"the address {email!r} of {name!r} cannot be used in an e-mail header: {error}"
        ) from None


def default_organizer(meeting: Meeting) -> Address | None:
    """The person who recorded the minutes, when they are listed with an e-mail address."""
    if meeting.recorded_by is None:
        return None
    wanted = person_key(meeting.recorded_by.name)
    for person in (*meeting.present, *meeting.absent, *meeting.guests):
        if person_key(person.name) == wanted and person.email:
            return mail_address(person.name, person.email)
    return None


def invitees(
    meeting: Meeting, organizer: Address, *, include_guests: bool = False
) -> tuple[list[Attendee], list[Person]]:
    """Who is invited: (people with an e-mail address, people without one).

    Members (present and absent) are required participants, guests optional ones. The
    organizer is not invited to their own meeting, and an address appears once.
    """
    groups: list[tuple[Sequence[Person], ROLE]] = [
        (meeting.present, ROLE.REQ_PARTICIPANT),
        (meeting.absent, ROLE.REQ_PARTICIPANT),
    ]
    if include_guests:
        groups.append((meeting.guests, ROLE.OPT_PARTICIPANT))
    with_email: list[Attendee] = []
    without_email: list[Person] = []
    seen = {organizer.addr_spec.casefold()}
    for people, role in groups:
        for person in people:
            if person_key(person.name) == person_key(organizer.display_name):
                continue
            if person.email is None:
                without_email.append(person)
            elif person.email.casefold() not in seen:
                seen.add(person.email.casefold())
                with_email.append(Attendee(person, role))
    return with_email, without_email
