"""The invitation messages: the calendar, the text and HTML bodies, and headers that
folding and encoded words cannot change (each message is checked from its own bytes)."""

from __future__ import annotations

import datetime as dt
import email
import html
import re
from collections.abc import Sequence
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from icalendar import CUTYPE, PARTSTAT, vCalAddress

from kommunchef.document import Outline, UpcomingView, outline
from kommunchef.model import Language, Meeting
from kommunchef_ical.calendar import (
    UID_DOMAIN,
    Method,
    new_calendar,
    summary_text,
    upcoming_event,
    upcoming_uids,
)
from kommunchef_ical.invite.people import (
    ATTACHMENT_NAME,
    Invite,
    InviteError,
    invitees,
    mail_address,
)

# -- the messages -------------------------------------------------------------------------------


def _rows(document: Outline, upcoming: UpcomingView) -> list[tuple[str, str]]:
    rows = [(document.label("date"), upcoming.date_text)]
    if upcoming.time_text:
        rows.append((document.label("time"), upcoming.time_text))
    if upcoming.place:
        rows.append((document.label("location"), upcoming.place))
    return rows


def _summary(document: Outline, upcoming: UpcomingView) -> str:
    return summary_text(document, upcoming.title, cancelled=upcoming.cancelled)


def _subject(document: Outline, upcoming: UpcomingView) -> str:
    return f"{_summary(document, upcoming)}, {upcoming.date_text}"


def _plain_text(document: Outline, upcoming: UpcomingView, extra: Sequence[str]) -> str:
    lines = [_summary(document, upcoming), ""]
    lines += [f"{name}: {value}" for name, value in _rows(document, upcoming)]
    url = document.url.url if document.url else None
    for paragraph in [upcoming.note, *extra, url]:
        if paragraph:
            lines += ["", paragraph]
    return "\n".join(lines) + "\n"


def _html(document: Outline, upcoming: UpcomingView, extra: Sequence[str]) -> str:
    summary = html.escape(_summary(document, upcoming))
    rows = "\n".join(
        f'<tr><th scope="row">{html.escape(name)}</th><td>{html.escape(value)}</td></tr>'
        for name, value in _rows(document, upcoming)
    )
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in (upcoming.note, *extra) if text]
    if document.url is not None:
        shown = html.escape(document.url.url)
        if document.url.href is not None:
            href = html.escape(document.url.href, quote=True)
            paragraphs.append(f'<p><a href="{href}">{shown}</a></p>')
        else:
            paragraphs.append(f"<p>{shown}</p>")
    body = "\n".join(paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{document.lang_tag}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{summary}</title>\n</head>\n<body>\n<h1>{summary}</h1>\n"
        f"<table>\n{rows}\n</table>\n{body}\n</body>\n</html>\n"
    )


def build_invites(
    meeting: Meeting,
    organizer: Address,
    *,
    language: Language | None = None,
    include_guests: bool = False,
    now: dt.datetime | None = None,
) -> list[Invite]:
    """One invitation per upcoming meeting of ``meeting``.

    ``now`` (aware; default the clock) is the DTSTAMP and the message's Date. Raises
    :class:`InviteError` when there is no upcoming meeting or nobody with an e-mail address.
    """
    language = meeting.language if language is None else language
    now = dt.datetime.now(dt.UTC) if now is None else now.astimezone(dt.UTC)
    now = now.replace(microsecond=0)
    if not meeting.upcoming:
        raise InviteError(f"the meeting {meeting.id} names no upcoming meetings to invite to")
    attendees, without_email = invitees(meeting, organizer, include_guests=include_guests)
    if not attendees:
        group = "members or guests" if include_guests else "members"
        raise InviteError(
            f"nobody to invite: none of the meeting's {group} (other than the organizer) has an "
            "e-mail address"
        )
    document = outline(meeting, language)
    extra = []
    if without_email:
        names = ", ".join(person.name for person in without_email)
        extra.append(f"{document.label('without_email')}: {names}")
    organizer_address = vCalAddress.new(organizer.addr_spec, cn=organizer.display_name)
    calendar_attendees = [
        vCalAddress.new(
            attendee.person.email or "",
            cn=attendee.person.name,
            role=attendee.role,
            partstat=PARTSTAT.NEEDS_ACTION,
            rsvp=True,
            cutype=CUTYPE.INDIVIDUAL,
        )
        for attendee in attendees
    ]
    recipients = [
        mail_address(attendee.person.name, attendee.person.email or "") for attendee in attendees
    ]
    invites = []
    views = document.all_upcoming()
    for index, (upcoming, uid) in enumerate(zip(meeting.upcoming, upcoming_uids(meeting))):
        method: Method = "CANCEL" if upcoming.cancelled else "REQUEST"
        event = upcoming_event(
            meeting,
            index,
            language,
            stamp=now,
            organizer=organizer_address,
            attendees=calendar_attendees,
            extra_description=extra,
            document=document,
        )
        local = uid.partition("@")[0]
        calendar = new_calendar(
            [event], uid=f"{local}.{method.lower()}@{UID_DOMAIN}", method=method
        )
        data = calendar.to_ical()
        subject = _subject(document, views[index])
        message = _message(
            organizer=organizer,
            recipients=recipients,
            subject=subject,
            text=_plain_text(document, views[index], extra),
            html_text=_html(document, views[index], extra),
            calendar=data,
            method=method,
            now=now,
        )
        verify_headers(message, organizer, recipients, subject)
        invites.append(Invite(uid=uid, method=method, calendar=data, message=message))
    return invites


_POLICY = policy.SMTP.clone(refold_source="none")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]*")


def _encoded(text: str) -> str:
    """Text as RFC 2047 encoded words (UTF-8), folded into lines of at most 76 characters.

    Encoded, a title such as "=?utf-8?q?x=0D=0ABcc:...?=" is only text to the reader.
    """
    return Header(text, "utf-8", maxlinelen=76).encode(linesep="\n")


def _address_header(addresses: Sequence[Address]) -> str:
    """Addresses one per line; a name is written plainly only when it is letters, digits and
    spaces, and otherwise as encoded words, so no quoting or folding can change it."""
    lines = []
    for address in addresses:
        name = address.display_name
        if _PLAIN_NAME.fullmatch(name) and len(name) + len(address.addr_spec) < 60:
            shown = name
        else:
            shown = _encoded(name)
        lines.append(f"{shown} <{address.addr_spec}>" if name else address.addr_spec)
    return ",\n ".join(lines)


def _words(text: str) -> str:
    # Folding may split a word into two encoded words, which Python's parser reads back with a
    # space between them (mail readers do not): compare the text without white space.
    return "".join(text.split())


_RECIPIENT_HEADERS = ("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc", "reply-to")


def verify_headers(
    message: EmailMessage, organizer: Address, recipients: Sequence[Address], subject: str
) -> None:
    """Parse the message's bytes back and check that they say exactly what was meant.

    Header folding and encoded words can change meaning (a decoded CR LF, a display name
    that loses its quotes when folded); a reader sees the bytes, so the bytes are checked.
    """
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)

    def addresses(name: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for value in parsed.get_all(name, []):
            found.extend((_words(a.display_name), a.addr_spec) for a in value.addresses)
        return found

    problems = []
    if addresses("from") != [(_words(organizer.display_name), organizer.addr_spec)]:
        problems.append("the sender differs")
    if addresses("to") != [(_words(r.display_name), r.addr_spec) for r in recipients]:
        problems.append("the recipients differ")
    for name in _RECIPIENT_HEADERS[1:]:
        if parsed.get_all(name):
            problems.append(f"a {name.title()} header appears")
    subjects = parsed.get_all("subject", [])
    if len(subjects) != 1 or _words(str(subjects[0])) != _words(subject):
        problems.append("the subject differs")
    if problems:
        raise InviteError(
            f"the invitation {subject!r} cannot be written safely: read back, its e-mail "
            f"headers change meaning ({', '.join(problems)}); check names and titles for "
            "'=?', quotes and angle brackets"
        )


def _message(
    *,
    organizer: Address,
    recipients: Sequence[Address],
    subject: str,
    text: str,
    html_text: str,
    calendar: bytes,
    method: Method,
    now: dt.datetime,
) -> EmailMessage:
    # The SMTP policy writes CRLF line ends, as the wire and .eml readers expect. The address
    # and subject headers are built here, already folded, and kept as they are: Python's own
    # folding can drop the quotes of a long name or encode the comma between two addresses,
    # which changes who the message goes to.
    message = EmailMessage(policy=_POLICY)
    message.set_raw("From", _address_header([organizer]))
    message.set_raw("To", _address_header(recipients))
    message.set_raw("Subject", _encoded(subject))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=UID_DOMAIN)
    message.set_content(text)
    message.add_alternative(html_text, subtype="html")
    # Bytes, so that the calendar's CRLF line ends reach the recipient unchanged.
    message.add_alternative(
        calendar,
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "UTF-8"},
    )
    message.add_attachment(
        calendar, maintype="application", subtype="ics", filename=ATTACHMENT_NAME
    )
    return message
