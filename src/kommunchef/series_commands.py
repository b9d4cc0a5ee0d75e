"""The series commands of the command line: ``check``, ``agenda``, ``register``, ``search``,
and the one calendar that ``export`` writes for a folder or several meetings.

Each command is a thin layer over the library (:mod:`kommunchef.series`,
:mod:`kommunchef.agenda`, :mod:`kommunchef.register`, :mod:`kommunchef.search`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kommunchef.errors import KommunchefError, one_line


class UsageError(KommunchefError):
    """A mistake in how a command was called (exit status 2)."""


def _day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date YYYY-MM-DD") from None


def _write(data: bytes, output: str | None, *, force: bool) -> None:
    from kommunchef.files import write_atomic

    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(output), data, force=force)


def add_parsers(commands: Any) -> None:
    """Add the series commands to the ``kommunchef`` subcommand parsers."""
    check = commands.add_parser(
        "check",
        help="check a series of meetings across meetings",
        description="Check a folder of meeting files across meetings: duplicate ids, two "
        "documents for one meeting, coming meetings contradicted by later minutes, members who "
        "disappear from attendance. Prints 'path: severity: message'; exit status 1 on errors.",
    )
    check.add_argument("series", metavar="SERIES", help="a folder of meeting files")

    agenda = commands.add_parser(
        "agenda",
        help="draft the next meeting's agenda from a series",
        description="Draft the next meeting as a planned agenda document: day, time and place "
        "from the latest minutes' coming meeting, its members, one item per open follow-up and "
        "a closing 'Kommande möten' item.",
    )
    agenda.add_argument("series", metavar="SERIES", help="a folder of meeting files")
    agenda.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the meeting to draft (default: the next one)"
    )
    agenda.add_argument("--id", metavar="ID", help="the draft's id (default: from body and day)")
    agenda.add_argument(
        "-o", "--output", metavar="OUT.json", help="output file (default: standard output)"
    )
    agenda.add_argument("--force", action="store_true", help="overwrite an existing file")

    register = commands.add_parser(
        "register",
        help="list every decision or follow-up of a series",
        description="Write the register of decisions, or of follow-ups with whether a later "
        "meeting took them up (open/closed and the item that closed them).",
    )
    register.add_argument("series", metavar="SERIES", help="a folder of meeting files")
    register.add_argument("kind", choices=["decisions", "follow-ups"], help="which register")
    register.add_argument(
        "-f", "--format", default="csv", metavar="csv|json|html", help="default csv"
    )
    register.add_argument(
        "-o", "--output", metavar="OUT", help="output file (default: standard output)"
    )
    register.add_argument("--force", action="store_true", help="overwrite an existing file")

    search = commands.add_parser(
        "search",
        help="search every text of a series",
        description="Search every text of every meeting, best matches first. Words are all "
        'required; end a word with * for a prefix; "quote a phrase". The index is kept in '
        "the series folder and updated for changed files only.",
    )
    search.add_argument("series", metavar="SERIES", help="a folder of meeting files")
    search.add_argument("query", metavar="QUERY", help="what to search for")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    search.add_argument("-n", "--limit", type=int, default=20, metavar="N", help="default 20")
    search.add_argument(
        "--no-update",
        action="store_true",
        help="search the index as it is, without looking for changed files first",
    )


def _check(options: argparse.Namespace) -> int:
    from kommunchef.series import Series
    from kommunchef.validation import has_errors

    problems = Series(options.series).check()
    for problem in problems:
        print(one_line(str(problem)))
    return 1 if has_errors(problems) else 0


def _agenda(options: argparse.Namespace) -> int:
    from kommunchef.agenda import draft_agenda
    from kommunchef.serialization import dumps
    from kommunchef.series import Series

    day = None if options.date is None else _day(options.date, "--date")
    meeting = draft_agenda(Series(options.series), date=day, meeting_id=options.id)
    _write(dumps(meeting).encode("utf-8"), options.output, force=options.force)
    return 0


def _register(options: argparse.Namespace) -> int:
    from kommunchef.register import format_option, register
    from kommunchef.series import Series

    data = register(Series(options.series), options.kind, format_option(options.format))
    _write(data, options.output, force=options.force)
    return 0


def _search(options: argparse.Namespace) -> int:
    from kommunchef.search import SearchIndex, format_hits
    from kommunchef.series import Series

    if options.limit < 1:
        raise UsageError("--limit must be 1 or more")
    index = SearchIndex(Series(options.series))
    hits = index.search(options.query, limit=options.limit, update=not options.no_update)
    if options.json:
        print(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2))
    else:
        for line in format_hits(hits):
            print(one_line(line))
    return 0 if hits else 1


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _check,
    "agenda": _agenda,
    "register": _register,
    "search": _search,
}
"""The handler of each series command."""


# -- export: one calendar of several meetings -----------------------------------------------


def wants_one_file(inputs: Sequence[str], output: str | None, format: str | None) -> bool:
    """True when ``export`` should write one file of several meetings.

    That is: a folder or several files in, one output file (not a folder) out, and a format
    that can write a whole series (chosen with ``-f`` or by the output's suffix).
    """
    if output is None or output.endswith(("/", os.sep)) or Path(output).is_dir():
        return False
    if len(inputs) == 1 and not Path(inputs[0]).is_dir():
        return False
    name = _series_format(output, format)
    return name is not None


def _series_format(output: str, format: str | None) -> str | None:
    from kommunchef.exporting import available_formats, get_exporter

    installed = {info.name for info in available_formats()}
    if format is not None:
        names = [n.strip().lower() for n in format.split(",") if n.strip()]
        if len(names) != 1 or names[0] not in installed:
            return None
        name: str | None = names[0]
    else:
        suffix = Path(output).suffix.lower()
        name = next(
            (n for n in sorted(installed) if get_exporter(n).suffix.lower() == suffix), None
        )
    if name is None or not hasattr(get_exporter(name), "export_series"):
        return None
    return name


def export_one_file(
    inputs: Sequence[str], output: str, format: str | None, options: dict[str, str], force: bool
) -> int:
    """Write the one file (a calendar) of every meeting of ``inputs`` to ``output``."""
    from kommunchef.series import Series

    name = _series_format(output, format)
    if name is None:  # wants_one_file said yes
        raise UsageError("no format writes one file of several meetings")
    series = Series.from_paths(inputs)
    _write(series.export(name, **options), output, force=force)
    if output != "-" and not sys.stdout.isatty():
        print(output)
    return 0
