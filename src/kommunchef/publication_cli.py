"""``--profile`` and ``--report`` for every command that writes meetings out.

A command adds the options with :func:`add_publication_arguments`, turns the parsed options
into a :class:`PublicationStep` with :func:`publication_from_arguments`, calls
:meth:`PublicationStep.apply` on each meeting before rendering it (in the main process or in
worker processes) and :meth:`PublicationStep.finish` once at the end, which writes the report.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kommunchef.model import Meeting
    from kommunchef.publication import Profile

# The publication modules are imported when a profile is used: building the command line's
# parser, which every command does, stays cheap.

REPORT_FOLDER_PREFIX = "kommunchef-report-"


def add_publication_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--profile NAME|FILE`` and ``--report FILE`` to a command's parser."""
    group = parser.add_argument_group("publication")
    group.add_argument(
        "--profile",
        metavar="NAME|FILE",
        help="remove personal data first: a built-in profile (public, internal) or a "
        "profile .toml file (default: none, nothing is removed)",
    )
    group.add_argument(
        "--report",
        metavar="FILE",
        help="write the report of what the profile removed to FILE, replacing it "
        "(default: standard error, when anything was removed)",
    )


def publication_from_arguments(options: argparse.Namespace) -> PublicationStep | None:
    """The step the parsed ``--profile`` and ``--report`` ask for; ``None`` without a profile.

    Raises :class:`~kommunchef.publication.ProfileError` for an unknown or bad profile and
    :class:`~kommunchef.publication.PublicationError` for a report that cannot be written,
    before any meeting is read.
    """
    report: str | None = options.report
    if options.profile is None and report is None:
        return None  # without importing the publication modules, which no export then needs
    from kommunchef.publication import PublicationError, load_profile

    if options.profile is None:
        raise PublicationError("--report needs --profile: without a profile nothing is removed")
    profile = load_profile(options.profile)
    if report is not None:
        folder = Path(report).parent
        if not folder.is_dir():
            raise PublicationError(f"cannot write the report {report}: {folder} is not a folder")
        if Path(report).is_dir():
            raise PublicationError(f"cannot write the report {report}: it is a folder")
    return PublicationStep(profile, report=report)


class PublicationStep:
    """A profile applied to each meeting, and the report of removals gathered for the end.

    The step may be pickled into worker processes: each process appends its part of the
    report to its own file in a temporary folder, and :meth:`finish`, in the main process,
    puts the parts together in the order of the sources.
    """

    def __init__(self, profile: Profile, *, report: str | None = None) -> None:
        self.profile = profile
        self.report = report
        self._folder: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
            prefix=REPORT_FOLDER_PREFIX
        )
        self._spool = self._folder.name

    def __getstate__(self) -> dict[str, Any]:
        # Workers get the folder's name only: the folder belongs to the main process.
        state = dict(self.__dict__)
        state["_folder"] = None
        return state

    def apply(self, meeting: Meeting, source: str | os.PathLike[str]) -> Meeting:
        """The meeting to render; what was removed is kept for the report."""
        import json

        from kommunchef.publication import publish, report_lines

        published = publish(meeting, self.profile)
        if published.redactions:
            record = {"source": str(source), "lines": report_lines(published.redactions)}
            path = os.path.join(self._spool, f"{os.getpid()}.jsonl")
            with open(path, "a", encoding="utf-8") as spool:
                spool.write(json.dumps(record, ensure_ascii=False) + "\n")
        return published.meeting

    def report_lines(self) -> list[str]:
        """The report so far: ``SOURCE: path: what was removed``, sources in order."""
        import json

        records: list[dict[str, Any]] = []
        for part in sorted(Path(self._spool).glob("*.jsonl")):
            with part.open(encoding="utf-8") as spool:
                records.extend(json.loads(line) for line in spool)
        records.sort(key=lambda record: record["source"])
        return [f"{r['source']}: {line}" for r in records for line in r["lines"]]

    def finish(self) -> int:
        """Write the report (to ``--report FILE`` or standard error); return its length."""
        from kommunchef.errors import one_line
        from kommunchef.files import write_atomic
        from kommunchef.publication import PublicationError

        lines = self.report_lines()
        text = "".join(f"{one_line(line)}\n" for line in lines)  # one line per removal
        if self.report is not None:
            try:
                write_atomic(Path(self.report), text.encode("utf-8"), force=True)
            except OSError as error:
                raise PublicationError(
                    f"cannot write the report {self.report}: {error.strerror or error}"
                ) from None
        elif lines:
            sys.stderr.write(text)
            sys.stderr.flush()
        self.close()
        return len(lines)

    def close(self) -> None:
        """Remove the temporary folder (also done when the step is garbage collected)."""
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


__all__ = [
    "PublicationStep",
    "add_publication_arguments",
    "publication_from_arguments",
]
