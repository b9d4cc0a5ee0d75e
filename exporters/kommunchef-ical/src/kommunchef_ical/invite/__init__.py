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

The package: ``people`` (who is invited), ``messages`` (building and checking each message),
``delivery`` (files, SMTP and the status file) and ``command`` (the command line).
"""

from __future__ import annotations

from kommunchef_ical.invite.command import (
    main,
)
from kommunchef_ical.invite.delivery import (
    Delivery,
    read_status,
    recipients_of,
    send_invites,
    status_key,
    write_invites,
    write_status,
)
from kommunchef_ical.invite.messages import (
    build_invites,
    verify_headers,
)
from kommunchef_ical.invite.people import (
    ATTACHMENT_NAME,
    PASSWORD_VARIABLE,
    Attendee,
    Invite,
    InviteError,
    default_organizer,
    invitees,
    mail_address,
    parse_organizer,
)

__all__ = [
    "ATTACHMENT_NAME",
    "PASSWORD_VARIABLE",
    "Attendee",
    "Delivery",
    "Invite",
    "InviteError",
    "build_invites",
    "default_organizer",
    "invitees",
    "mail_address",
    "main",
    "parse_organizer",
    "read_status",
    "recipients_of",
    "send_invites",
    "status_key",
    "verify_headers",
    "write_invites",
    "write_status",
]
