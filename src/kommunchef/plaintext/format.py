"""The ``text`` format: writing and reading the plain-text minutes ("Anteckningar").

The writer is :func:`kommunchef.plaintext.format_text`; the format is specified in
``docs/text-format.md``. Every valid meeting exports: what the format cannot hold (e-mail
addresses are kept, but for example the owner and due date of a follow-up are not) is left out,
see :func:`kommunchef.plaintext.inexpressible`.
"""

from __future__ import annotations

import datetime as dt
import warnings

from kommunchef.exporting import check_options
from kommunchef.importing import ReadingWarning
from kommunchef.model import Meeting
from kommunchef.plaintext.encoding import decode_text
from kommunchef.plaintext.lines import MAX_TEXT_BYTES
from kommunchef.plaintext.reader import parse_text
from kommunchef.plaintext.writer import format_text


class TextExporter:
    """Writes the meeting as plain-text minutes, UTF-8 with LF line ends; no options."""

    name = "text"
    media_type = "text/plain"
    suffix = ".txt"
    description = "Plain-text minutes (Anteckningar) that 'kommunchef import' reads back"
    options: tuple[str, ...] = ()

    def export(self, meeting: Meeting, **options: str) -> bytes:
        check_options(self.name, options, self.options)
        return format_text(meeting).encode("utf-8")


exporter = TextExporter()


class TextImporter:
    """Reads plain-text minutes (UTF-8, Windows-1252 or UTF-16); option ``encoding``."""

    name = "text"
    description = "Plain-text minutes (Anteckningar)"
    max_bytes = 4 * MAX_TEXT_BYTES  # the text limit applies again to the decoded text
    options: tuple[str, ...] = ("encoding",)

    def read(
        self,
        data: bytes,
        *,
        date: dt.date | None = None,
        meeting_id: str | None = None,
        **options: str,
    ) -> Meeting:
        text, encoding = decode_text(data, options.get("encoding"))
        if encoding is not None and "encoding" not in options:
            warnings.warn(
                ReadingWarning(
                    f"the file is not UTF-8; read it as {_NAMES.get(encoding, encoding)}"
                ),
                stacklevel=2,
            )
        return parse_text(text, date=date, meeting_id=meeting_id)


_NAMES = {"cp1252": "Windows-1252", "utf-16": "UTF-16"}

importer = TextImporter()
