"""``kommunchef invite``: e-mailed calendar invitations for a meeting's upcoming meetings.

For each upcoming meeting one RFC 6047 message: ``METHOD:REQUEST``, or ``METHOD:CANCEL`` for
a cancelled one (same UID, higher SEQUENCE, ``STATUS:CANCELLED``). The message is
multipart/mixed: a multipart/alternative with plain text, HTML and the
``text/calendar; method=...; charset=UTF-8`` part, then the same calendar as an ``invite.ics``
attachment. The messages are written as ``.eml`` files and/or sent over SMTP.

Who is invited: the group's members, that is everyone present or absent at the meeting (an
absent member is still a member), and with ``--include-guests`` the guests too. Everyone with
an e-mail address becomes an ATTENDEE; the others are named in the description. The organizer
is ``--organizer "Name <email>"``, or else the person who recorded the minutes when they are
listed with an e-mail address.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import html
import json
import os
import re
import smtplib
import ssl
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path

from attrs import frozen
from icalendar import CUTYPE, PARTSTAT, ROLE, vCalAddress

import kommunchef
from kommunchef.document import Outline, UpcomingView, outline, person_key
from kommunchef.errors import KommunchefError, ValidationError
from kommunchef.files import OutputExistsError, StagedFiles, write_atomic
from kommunchef.model import Language, Meeting, Person
from kommunchef.validation import has_errors, validate
from kommunchef_ical.calendar import (
    UID_DOMAIN,
    Method,
    new_calendar,
    summary_text,
    upcoming_event,
    upcoming_uids,
)

PASSWORD_VARIABLE = "KOMMUNCHEF_SMTP_PASSWORD"
"""The environment variable that holds the SMTP password (never a command-line argument)."""

ATTACHMENT_NAME = "invite.ics"


class InviteError(KommunchefError):
    """Invitations cannot be made or sent: no organizer, nobody to invite, a refused login..."""


@frozen
class Attendee:
    """Someone invited, with the role the invitation gives them."""

    person: Person
    role: ROLE


@frozen
class Invite:
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
    return _address(person.name, person.email or address)


def _address(name: str, email: str) -> Address:
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
            return _address(person.name, person.email)
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
        _address(attendee.person.name, attendee.person.email or "") for attendee in attendees
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
        _verify_headers(message, organizer, recipients, subject)
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


def _verify_headers(
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


# -- files and sending --------------------------------------------------------------------------


def write_invites(invites: Sequence[Invite], folder: Path, *, force: bool = False) -> list[Path]:
    """Write each invitation as ``folder/<uid>.eml``, atomically.

    Without ``force`` nothing is written when any of the files exists.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / invite.filename for invite in invites]
    if not force:
        existing = [str(path) for path in paths if path.exists()]
        if existing:
            raise InviteError(f"{', '.join(existing)} exists; use --force to overwrite")
    # All or nothing: every file is written and synced under a temporary name first.
    with StagedFiles() as staged:
        for invite, path in zip(invites, paths):
            staged.add(path, invite.as_bytes())
        try:
            staged.commit(force=force)
        except OutputExistsError as error:
            raise InviteError(str(error)) from None
    return paths


@frozen
class Delivery:
    """What happened to one invitation: who got it, who was refused, and why."""

    invite: Invite
    delivered: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]
    """(address, the server's reason) for each recipient who did not get the message."""

    @property
    def complete(self) -> bool:
        return not self.refused


def recipients_of(invite: Invite) -> list[str]:
    """The addresses an invitation goes to (its To header)."""
    return [address.addr_spec for address in invite.message["To"].addresses]


def send_invites(
    invites: Sequence[Invite],
    *,
    host: str,
    port: int,
    starttls: bool = False,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
    skip: Mapping[str, Sequence[str]] | None = None,
) -> list[Delivery]:
    """Send the invitations through one SMTP connection; report each one per recipient.

    ``skip`` maps an invitation's :func:`status_key` to addresses that already have it; they are
    not sent it again. A refused recipient, a refused message or a dropped connection never
    raises: it is reported in the invitation's :class:`Delivery` (and every later invitation
    is reported as not sent). Raises :class:`InviteError` only when nothing could be sent at
    all (no connection, a refused login).
    """
    where = f"{host}:{port}"
    skip = skip or {}
    deliveries: list[Delivery] = []
    try:
        client = smtplib.SMTP(host, port, timeout=timeout)
    except (smtplib.SMTPException, OSError) as error:
        raise InviteError(f"sending through {where} failed: {error}") from None
    try:
        try:
            if starttls:
                client.starttls(context=ssl.create_default_context())
            if user is not None:
                client.login(user, password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise InviteError(
                f"the SMTP server {where} refused the login of {user!r}: {_smtp(error)}"
            ) from None
        except smtplib.SMTPNotSupportedError as error:
            raise InviteError(f"the SMTP server {where} does not support this: {error}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise InviteError(f"sending through {where} failed: {error}") from None
        broken: str | None = None
        for invite in invites:
            done = set(skip.get(status_key(invite), ()))
            wanted = [a for a in recipients_of(invite) if a not in done]
            if not wanted:
                deliveries.append(Delivery(invite, tuple(sorted(done)), ()))
                continue
            if broken is not None:
                deliveries.append(Delivery(invite, tuple(done), tuple((a, broken) for a in wanted)))
                continue
            deliveries.append(_send_one(client, invite, wanted, done))
            if not deliveries[-1].complete and _disconnected(client):
                broken = f"not sent: the connection to {where} was lost"
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    return deliveries


def _send_one(
    client: smtplib.SMTP, invite: Invite, recipients: list[str], done: set[str]
) -> Delivery:
    try:
        refused = client.send_message(invite.message, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as error:
        reasons = {a: _reason(code, text) for a, (code, text) in error.recipients.items()}
        return Delivery(invite, tuple(sorted(done)), tuple(sorted(reasons.items())))
    except smtplib.SMTPResponseException as error:
        reason = _smtp(error)
        return Delivery(invite, tuple(sorted(done)), tuple((a, reason) for a in recipients))
    except (smtplib.SMTPException, OSError) as error:
        reason = f"not sent: {error}"
        return Delivery(invite, tuple(sorted(done)), tuple((a, reason) for a in recipients))
    failed = {a: _reason(code, text) for a, (code, text) in refused.items()}
    delivered = done | {a for a in recipients if a not in failed}
    return Delivery(invite, tuple(sorted(delivered)), tuple(sorted(failed.items())))


def _disconnected(client: smtplib.SMTP) -> bool:
    try:
        status = client.noop()[0]
    except (smtplib.SMTPException, OSError):
        return True
    return status != 250


def _reason(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def status_key(invite: Invite) -> str:
    """The name of an invitation in a status file: its UID, method and SEQUENCE."""
    sequence = _calendar_sequence(invite.calendar)
    return f"{invite.uid} {invite.method} {sequence}"


def _calendar_sequence(calendar: bytes) -> str:
    for line in calendar.decode("utf-8", "replace").splitlines():
        if line.startswith("SEQUENCE:"):
            return line.partition(":")[2].strip()
    return "0"


def read_status(path: Path) -> dict[str, list[str]]:
    """The addresses each invitation was already delivered to, from a status file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(10 * 1024 * 1024 + 1)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise InviteError(f"cannot read the status file {path}: {error.strerror}") from None
    try:
        status = json.loads(data)
        sent = status["delivered"]
        if not isinstance(sent, dict) or not all(
            isinstance(v, list) and all(isinstance(a, str) for a in v) for v in sent.values()
        ):
            raise ValueError("'delivered' is not a map of lists of addresses")
    except (ValueError, KeyError, TypeError) as error:
        raise InviteError(
            f"the status file {path} is not one that invite wrote ({error})"
        ) from None
    return {str(k): list(v) for k, v in sent.items()}


def write_status(path: Path, deliveries: Sequence[Delivery], known: dict[str, list[str]]) -> None:
    """Record who has each invitation, so that a later run sends only what is missing."""
    delivered = dict(known)
    for delivery in deliveries:
        delivered[status_key(delivery.invite)] = sorted(delivery.delivered)
    document = json.dumps({"delivered": delivered}, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, document.encode("utf-8"), force=True)


def _smtp(error: smtplib.SMTPResponseException) -> str:
    message = error.smtp_error
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{error.smtp_code} {' '.join(text.split())}"


# -- the command --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunchef invite",
        description=(
            "Make an e-mail invitation (RFC 6047, .eml) for each upcoming meeting of FILE: "
            "METHOD:REQUEST, or METHOD:CANCEL for a cancelled one. Write them to OUTDIR, "
            "send them over SMTP, or both."
        ),
        epilog=(
            f"The SMTP password is read from the environment variable {PASSWORD_VARIABLE}, "
            "never from the command line."
        ),
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the meeting (JSON)")
    parser.add_argument(
        "-o", "--output", metavar="OUTDIR", type=Path, help="write the .eml files to this folder"
    )
    parser.add_argument(
        "--organizer",
        metavar='"NAME <EMAIL>"',
        help="who sends the invitations (default: who recorded the minutes, if they have an "
        "e-mail address)",
    )
    parser.add_argument(
        "--include-guests", action="store_true", help="invite the guests too, not only members"
    )
    parser.add_argument("--lang", choices=[str(lang) for lang in Language], help="language")
    parser.add_argument("--force", action="store_true", help="overwrite existing .eml files")
    sending = parser.add_argument_group("sending")
    sending.add_argument("--send", action="store_true", help="send the invitations over SMTP")
    sending.add_argument("--smtp-host", metavar="H", help="the SMTP server")
    sending.add_argument("--smtp-port", metavar="P", type=int, default=25, help="default 25")
    sending.add_argument("--starttls", action="store_true", help="encrypt with STARTTLS")
    sending.add_argument(
        "--user", metavar="U", help=f"log in as U with the password in ${PASSWORD_VARIABLE}"
    )
    sending.add_argument(
        "--status",
        metavar="FILE",
        type=Path,
        help="record who got each invitation in FILE (JSON); with an existing FILE, send only "
        "to those who did not get it yet, so a failed or partial send can simply be run again",
    )
    return parser


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.output is None and not args.send:
        parser.error("give -o OUTDIR, --send, or both")
    smtp_options = args.smtp_host is not None or args.starttls or args.user is not None
    if smtp_options and not args.send:
        parser.error("--smtp-host, --starttls and --user need --send")
    if args.status is not None and not args.send:
        parser.error("--status needs --send")
    if args.send and not args.smtp_host:
        parser.error("--send needs --smtp-host")
    if not 0 < args.smtp_port < 65536:
        parser.error(f"--smtp-port must be 1-65535, not {args.smtp_port}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kommunchef invite`` with the arguments after ``invite``; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
        _check_usage(parser, args)
    except SystemExit as exit_:  # --help, or a usage error that argparse has printed
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        _run(args)
    except (KommunchefError, OSError) as error:
        message = " ".join(str(error).split())
        print(f"kommunchef invite: error: {message}", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace) -> None:
    meeting = kommunchef.load(args.file)
    problems = validate(meeting)
    if has_errors(problems):
        raise ValidationError(problems)
    if args.organizer is not None:
        organizer = parse_organizer(args.organizer)
    else:
        found = default_organizer(meeting)
        if found is None:
            raise InviteError(
                'no organizer: give --organizer "Name <email>" (the minutes\' recorder is not '
                "listed with an e-mail address)"
            )
        organizer = found
    language = Language(args.lang) if args.lang else None
    invites = build_invites(
        meeting, organizer, language=language, include_guests=args.include_guests
    )
    password = None
    if args.send and args.user is not None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if not password:
            raise InviteError(f"--user {args.user} needs the password in ${PASSWORD_VARIABLE}")
    if args.output is not None:
        for path in write_invites(invites, args.output, force=args.force):
            print(path)
    if args.send:
        known = read_status(args.status) if args.status is not None else {}
        deliveries = send_invites(
            invites,
            host=args.smtp_host,
            port=args.smtp_port,
            starttls=args.starttls,
            user=args.user,
            password=password,
            skip=known,
        )
        if args.status is not None:
            write_status(args.status, deliveries, known)
        _report(deliveries, f"{args.smtp_host}:{args.smtp_port}", args.status)


def _report(deliveries: Sequence[Delivery], where: str, status: Path | None) -> None:
    """One line per invitation, one more per refused recipient; an error if any was refused."""
    for delivery in deliveries:
        name = delivery.invite.filename.removesuffix(".eml")
        print(
            f"{name}: delivered to {len(delivery.delivered)} of "
            f"{len(delivery.delivered) + len(delivery.refused)} recipients through {where}"
        )
        for address, reason in delivery.refused:
            print(f"{name}: NOT delivered to {address}: {reason}")
    incomplete = [d for d in deliveries if not d.complete]
    if incomplete:
        again = (
            f"run the same command again to send only what is missing (recorded in {status})"
            if status is not None
            else "give --status FILE to record deliveries and send only what is missing"
        )
        missing = sum(len(d.refused) for d in incomplete)
        raise InviteError(
            f"{missing} delivery(ies) of {len(incomplete)} of {len(deliveries)} invitations "
            f"failed; {again}"
        )
    count = len(deliveries)
    noun = "invitation" if count == 1 else "invitations"
    print(f"sent {count} {noun} through {where}")


if __name__ == "__main__":
    sys.exit(main())
