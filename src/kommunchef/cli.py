"""The ``kommunchef`` command line.

Every user mistake ends with one line on stderr and exit status 1 (bad input) or 2 (bad
usage), never a traceback. Only the chosen command's module is imported (the whole list only
for ``--help`` and mistakes), and plugin commands (group ``kommunchef.commands``) only when
they are run.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from collections.abc import Callable, Sequence

from kommunchef import plugins
from kommunchef.errors import FormatError, KommunchefError, LoadError, one_line

# Not imported from typing, which would add to every start of the command line; pathlib and
# datetime are imported by the commands that use them, so --help and formats go without.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO, NoReturn


COMMAND_GROUP = plugins.COMMANDS
"""Entry-point group for plugin commands: ``name = "module:main"``, ``main(argv) -> int``."""

PROG = "kommunchef"


class _UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


def _complain(message: object, kind: str = "error") -> None:
    """Print ``kommunchef: KIND: MESSAGE`` on stderr as one line, whatever the message quotes."""
    print(f"{PROG}: {kind}: {one_line(str(message))}", file=sys.stderr)


def _version() -> str:
    from kommunchef.launcher import version

    return version()


def _build_parser(plugin_names: Sequence[str], command: str | None = None) -> _Parser:
    """The parser of every command, or only of ``command`` when it is one of the core's.

    Each group of commands is added by a function that imports its module: running one
    command imports only its own; ``--help`` and mistakes list every command.
    """
    epilog = None
    if plugin_names:
        epilog = "commands from installed plugins: " + ", ".join(sorted(plugin_names))
        epilog += f" (run '{PROG} COMMAND --help')"
    parser = _Parser(
        prog=PROG,
        description="Meeting minutes of Göteborgsregionen's Kommunchefsgruppen: "
        "validate meetings and export them to documents and calendars.",
        epilog=epilog,
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command in _PARSERS:
        _PARSERS[command](commands)
        return parser
    for add in dict.fromkeys(_PARSERS.values()):
        add(commands)
    for name in plugin_names:
        commands.add_parser(name, help="(plugin command)", add_help=False)
    return parser


def _add_formats(commands: Any) -> None:
    commands.add_parser(
        "formats",
        help="list the installed formats, written and read",
        description="List the formats that can be written (export) and the files that can be "
        "read (import), with their distribution and version. No plugin is imported.",
    )


def _add_validate(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check meeting files and print every problem",
        description="Check meeting JSON files and print every problem as "
        "'FILE: path: severity: message'. Exit status 0 when there are no errors "
        "(warnings allowed), 1 when there are.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="meeting JSON files")


def _add_export(commands: Any) -> None:
    from kommunchef.publication_cli import add_publication_arguments

    export = commands.add_parser(
        "export",
        help="export meetings to documents",
        description="Export meeting JSON files to one or more formats. Files are written "
        "atomically; an existing file is kept unless --force is given.",
    )
    export.add_argument(
        "files", nargs="+", metavar="FILE", help="meeting JSON files or folders of them"
    )
    export.add_argument(
        "-f",
        "--format",
        metavar="FORMAT",
        help="format name, a comma-separated list, or 'all' (default: from OUT's suffix, else all)",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a file, a folder (one file per meeting and format, named from the meeting id) "
        "or '-' for standard output (default: the current folder)",
    )
    export.add_argument(
        "-O",
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for the exporter, such as lang=en or items=2,4 (repeatable)",
    )
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    add_publication_arguments(export)
    export.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="export in up to N processes, no more than the usable CPUs (default 1)",
    )


def _add_schema(commands: Any) -> None:
    commands.add_parser(
        "schema",
        help="print the JSON Schema of the meeting format",
        description="Print the JSON Schema (draft 2020-12) of the meeting JSON format.",
    )


def _add_import(commands: Any) -> None:
    importer = commands.add_parser(
        "import",
        help="read minutes (plain text, Word) into a meeting JSON file",
        description="Read minutes written in the plain-text format ('Anteckningar') or, with "
        "the DOCX plugin, a Word document (.docx), and write the meeting as JSON. The importer "
        "is chosen by the file's suffix; any other file is read as plain text.",
    )
    importer.add_argument("file", metavar="FILE", help="a minutes file: .txt, .docx ...")
    importer.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the meeting's date, when the text does not say"
    )
    importer.add_argument("--id", metavar="ID", help="the meeting id (default: from body and date)")
    importer.add_argument(
        "-o", "--output", metavar="OUT.json", help="output file (default: standard output)"
    )
    importer.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text file's encoding (default: UTF-8, else Windows-1252 with a warning)",
    )
    importer.add_argument("--force", action="store_true", help="overwrite an existing file")


def _add_series(commands: Any) -> None:
    from kommunchef.series_commands import add_parsers

    add_parsers(commands)


def _add_site(commands: Any) -> None:
    from kommunchef.site import cli as site_cli

    site_cli.add_parser(commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # answered before plugins are looked for
        print(_version())
        return 0
    try:
        plugin_commands = plugins.commands()
        if arguments and arguments[0] in plugin_commands:
            return _run_plugin(arguments[0], plugin_commands[arguments[0]], arguments[1:])
        parser = _build_parser(list(plugin_commands), arguments[0] if arguments else None)
        options = parser.parse_args(arguments)
        if options.command is None:
            parser.print_help(sys.stderr)
            return 2
        handler: Callable[[argparse.Namespace], int] = _HANDLERS[options.command]
        return handler(options)
    except _UsageError as error:
        _complain(error)
        return 2
    except KommunchefError as error:
        _complain(error)
        return 1
    except _Terminated:
        print(f"{PROG}: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of standard output went away (e.g. `| head`); not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        # A full disk, a read-only file system, a closed standard output: one line, no trace.
        where = f" {error.filename}" if error.filename else ""
        _complain(f"cannot write{where}: {error.strerror or error}")
        return 1


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the ``with`` blocks remove what they staged."""


_terminating = False
"""Set by SIGTERM: checked again where the command can stop cleanly, in case the exception
was raised in code that swallowed it (a finaliser, a callback)."""


def _terminate(signum: int, frame: object) -> NoReturn:
    global _terminating
    _terminating = True
    raise _Terminated()


def _stop_if_terminated() -> None:
    if _terminating:
        raise _Terminated()


def _stdout() -> BinaryIO:
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    return sys.stdout.buffer


def _run_plugin(name: str, entry_point: plugins.EntryPoint, argv: list[str]) -> int:
    command: Any = plugins.load(entry_point, f"the {name!r} command")
    result = command(argv)
    return int(result or 0)


def _formats(_: argparse.Namespace) -> int:
    # From the plugins' metadata alone: kommunchef.exporting would bring the model's
    # libraries along, which listing names does not need.
    formats = sorted(plugins.exporters().values(), key=lambda entry: entry.name)
    if not formats:
        print("no formats are installed", file=sys.stderr)
        return 1
    readers = [(f".{suffix}", entry) for suffix, entry in sorted(plugins.importers().items())]
    width = max(len(name) for name in [f.name for f in formats] + [n for n, _ in readers])
    print("write (kommunchef export -f NAME):")
    for entry in formats:
        print(f"  {entry.name:<{width}}  {entry.distribution} {entry.version}")
    if readers:
        print("read (kommunchef import FILE.SUFFIX):")
        for name, reader in readers:
            print(f"  {name:<{width}}  {reader.distribution} {reader.version}")
    return 0


def _validate(options: argparse.Namespace) -> int:
    from kommunchef.serialization import load
    from kommunchef.validation import has_errors, validate

    failed = False
    for file in options.files:
        try:
            meeting = load(file)
        except LoadError as error:
            failed = True
            for problem in error.problems:
                print(one_line(f"{file}: {problem}"))
            if error.omitted:
                print(
                    one_line(
                        f"{file}: (meeting): error: and {error.omitted} more problems not listed"
                    )
                )
            if not error.problems:
                _complain(error)
            continue
        problems = validate(meeting)
        for problem in problems:
            print(one_line(f"{file}: {problem}"))
        failed = failed or has_errors(problems)
    return 1 if failed else 0


def _parse_options(pairs: Sequence[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise _UsageError(f"option {pair!r} is not KEY=VALUE")
        result[key.strip()] = value
    return result


def _input_files(names: Sequence[str]) -> list[str]:
    """The meeting files to read, as text: a batch keeps one per meeting, and a Path takes
    three times the memory."""
    from pathlib import Path

    files: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.json") if p.is_file())
            if not found:
                raise LoadError(f"{path}: the folder has no .json meeting files")
            files.extend(found)
        else:
            files.append(str(path))
    return files


def _choose_formats(requested: str | None, output: str | None) -> list[str]:
    from pathlib import Path

    from kommunchef.exporting import available_formats, get_exporter

    installed = [f.name for f in available_formats()]
    if requested is None:
        if output and output != "-" and Path(output).suffix and not _is_folder(output):
            suffix = Path(output).suffix.lower()
            if suffix[1:] in installed:
                return [suffix[1:]]
            for name in installed:
                if get_exporter(name).suffix.lower() == suffix:
                    return [name]
            raise FormatError(f"no installed format writes {suffix} files; choose one with -f")
        return installed
    if requested.strip().lower() == "all":
        return installed
    names = [n.strip().lower() for n in requested.split(",") if n.strip()]
    if not names:
        raise _UsageError("-f needs a format name")
    for name in names:
        get_exporter(name)  # fails with the list of installed formats
    return list(dict.fromkeys(names))


def _is_folder(output: str) -> bool:
    from pathlib import Path

    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _export(options: argparse.Namespace) -> int:
    from pathlib import Path

    from kommunchef.batch import export_file, render_all
    from kommunchef.files import StagedFiles
    from kommunchef.publication_cli import publication_from_arguments
    from kommunchef.series_commands import export_one_file, wants_one_file

    exporter_options = _parse_options(options.option)
    if wants_one_file(options.files, options.output, options.format):  # e.g. one .ics
        return export_one_file(
            options.files, options.output, options.format, exporter_options, options.force
        )
    files = _input_files(options.files)
    formats = _choose_formats(options.format, options.output)
    output: str = options.output or "."
    if options.jobs < 1:
        raise _UsageError("--jobs must be 1 or more")
    single_file = len(files) == 1 and len(formats) == 1 and not _is_folder(output)
    if output == "-" and not (len(files) == 1 and len(formats) == 1):
        raise _UsageError("standard output (-o -) takes exactly one meeting in one format")
    if not single_file and output != "-" and Path(output).exists() and not Path(output).is_dir():
        raise _UsageError(f"{output} is a file; several outputs need a folder")
    _check_options_are_used(formats, exporter_options)
    publication = publication_from_arguments(options)

    if output == "-":
        stdout = _stdout()
        for _, _, data in export_file(files[0], formats, exporter_options, publication):
            stdout.write(data)
        stdout.flush()
        if publication is not None:
            publication.finish()
        return 0
    folder = Path(output)
    if not single_file:
        folder.mkdir(parents=True, exist_ok=True)
    # SIGTERM cleans up like Ctrl-C: the staged files are removed on the way out.
    global _terminating
    _terminating = False
    signal.signal(signal.SIGTERM, _terminate)
    with StagedFiles() as staged:

        def stage(meeting_id: str, suffix: str, data: bytes) -> None:
            _stop_if_terminated()
            staged.add(folder if single_file else folder / f"{meeting_id}{suffix}", data)

        def adopt(meeting_id: str, suffix: str, written: str) -> None:
            _stop_if_terminated()
            staged.adopt(folder / f"{meeting_id}{suffix}", written)

        # Workers write their documents into the staging folder themselves.
        spool = None if single_file else (staged.staging_folder(folder), adopt)
        render_all(files, formats, exporter_options, options.jobs, stage, publication, spool=spool)
        written = staged.names
        _stop_if_terminated()
        staged.commit(force=options.force)
    if publication is not None:
        publication.finish()
    if len(written) > 1 or not sys.stdout.isatty():
        for path in written:
            print(path)
    return 0


def _check_options_are_used(formats: Sequence[str], options: dict[str, str]) -> None:
    """With several formats, refuse an option that none of them accepts."""
    from kommunchef.exporting import get_exporter, options_for

    if len(formats) < 2:
        return
    used: set[str] = set()
    for name in formats:
        used.update(options_for(get_exporter(name), options))
    unused = sorted(set(options) - used)
    if unused:
        raise _UsageError(f"no chosen format has the option {unused[0]!r} ({', '.join(formats)})")


def _schema(_: argparse.Namespace) -> int:
    from kommunchef.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def _import(options: argparse.Namespace) -> int:
    import warnings
    from datetime import date
    from pathlib import Path

    from kommunchef.files import write_atomic
    from kommunchef.importing import ReadingWarning, import_file
    from kommunchef.serialization import MAX_DOCUMENT_BYTES, dumps

    day = None
    if options.date is not None:
        try:
            day = date.fromisoformat(options.date)
        except ValueError:
            raise _UsageError(f"--date {options.date!r} is not a date YYYY-MM-DD") from None
    reader_options = {} if options.encoding is None else {"encoding": options.encoding}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadingWarning)
        try:
            meeting = import_file(options.file, date=day, meeting_id=options.id, **reader_options)
        finally:
            for warning in caught:
                if issubclass(warning.category, ReadingWarning):
                    _complain(f"{options.file}: {warning.message}", "warning")
                else:
                    warnings.showwarning(
                        warning.message, warning.category, warning.filename, warning.lineno
                    )
    document = dumps(meeting).encode("utf-8")
    if len(document) > MAX_DOCUMENT_BYTES:  # a file that kommunchef would not read back
        raise LoadError(
            f"{options.file}: the meeting is {len(document)} bytes as JSON, more than the "
            f"{MAX_DOCUMENT_BYTES} that kommunchef reads; split the minutes"
        )
    if options.output in (None, "-"):
        _stdout().write(document)
        _stdout().flush()
    else:
        write_atomic(Path(options.output), document, force=options.force)
    return 0


def _series(options: argparse.Namespace) -> int:
    from kommunchef.series_commands import HANDLERS

    return HANDLERS[options.command](options)


def _site(options: argparse.Namespace) -> int:
    from kommunchef.site import cli as site_cli

    return site_cli.run(options)


# The commands in the order --help lists them: how each adds its parser, and runs.
_PARSERS: dict[str, Callable[[Any], None]] = {
    "formats": _add_formats,
    "validate": _add_validate,
    "export": _add_export,
    "schema": _add_schema,
    "import": _add_import,
    "check": _add_series,
    "agenda": _add_series,
    "register": _add_series,
    "search": _add_series,
    "site": _add_site,
}
_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "formats": _formats,
    "validate": _validate,
    "export": _export,
    "schema": _schema,
    "import": _import,
    "check": _series,
    "agenda": _series,
    "register": _series,
    "search": _series,
    "site": _site,
}
