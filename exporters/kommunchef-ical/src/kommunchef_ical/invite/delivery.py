"""Writing invitations as ``.eml`` files and sending them over SMTP, with a delivery
report per invitation and recipient and a status file for sending only what is missing."""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from pathlib import Path

from attrs import frozen

from kommunchef.files import OutputExistsError, StagedFiles, write_atomic
from kommunchef.records import Record
from kommunchef_ical.invite.people import (
    Invite,
    InviteError,
)

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
class Delivery(Record):
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
