"""The ``kommunchef invite`` command: a thin layer over building, writing and sending."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import kommunchef
from kommunchef.errors import KommunchefError, ValidationError
from kommunchef.model import Language
from kommunchef.validation import has_errors, validate
from kommunchef_ical.invite.delivery import (
    Delivery,
    read_status,
    send_invites,
    write_invites,
    write_status,
)
from kommunchef_ical.invite.messages import (
    build_invites,
)
from kommunchef_ical.invite.people import (
    PASSWORD_VARIABLE,
    InviteError,
    default_organizer,
    parse_organizer,
)

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
