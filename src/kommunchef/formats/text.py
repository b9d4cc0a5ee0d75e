"""The ``text`` format: the plain-text minutes ("Anteckningar") that ``kommunchef import`` reads.

The writer is :func:`kommunchef.plaintext.format_text`; the format is specified in
``docs/text-format.md``. Every valid meeting exports: what the format cannot hold (e-mail
addresses are kept, but for example the owner and due date of a follow-up are not) is left out,
see :func:`kommunchef.plaintext.inexpressible`.
"""

from __future__ import annotations

from kommunchef.exporting import check_options
from kommunchef.model import Meeting


class TextExporter:
    """Writes the meeting as plain-text minutes, UTF-8 with LF line ends; no options."""

    name = "text"
    media_type = "text/plain"
    suffix = ".txt"
    description = "Plain-text minutes (Anteckningar) that 'kommunchef import' reads back"
    options: tuple[str, ...] = ()

    def export(self, meeting: Meeting, **options: str) -> bytes:
        check_options(self.name, options, self.options)
        from kommunchef.plaintext import format_text

        return format_text(meeting).encode("utf-8")


exporter = TextExporter()
