"""Plain-text minutes ("Anteckningar"): read them into a meeting and write a meeting back.

The format is the one Göteborgsregionen's secretaries write in a text editor; it is specified,
with examples, in ``docs/text-format.md``. In short::

    Anteckningar

    Datum: 8 oktober 2021
    Tid: 09.00–12.00

    NÄRVARANDE

    Maria Reinholdsson, Ale
    Helena Söderbäck, GR, Förbundsdirektör

    1. Möte med Västra Götalandsregionens ledning

    Text of the item ...

    Beslut

    What was decided ...

    Antecknat av: Gunnel Rydberg, Förbundssekreterare

:func:`parse_text` reads it and raises :class:`TextFormatError`, naming the line, for anything
it cannot read with certainty; :func:`format_text` writes it; :func:`can_express` says whether
a meeting comes back unchanged from ``parse_text(format_text(meeting))`` and
:func:`inexpressible` lists what would be lost.

The package's modules each do one job: ``vocabulary`` (the words of the format), ``dates``,
``inline`` (links), ``lines`` (each line classified once), ``blocks`` (paragraphs and lists),
``agenda`` (where items start), ``people``, ``sentences`` (and follow-ups), ``upcoming`` (the
upcoming-meeting grammar), ``reader``, ``writer``, ``limits`` (what survives a round trip),
``encoding`` (the bytes of a file) and ``format`` (the ``text`` exporter and importer). The
names below are the public API; the modules' own names may change.
"""

from __future__ import annotations

from kommunchef.plaintext.errors import TextFormatError, TextFormatWarning
from kommunchef.plaintext.limits import can_express, inexpressible
from kommunchef.plaintext.lines import HEADING_MAX_LENGTH, MAX_TEXT_BYTES
from kommunchef.plaintext.reader import parse_text
from kommunchef.plaintext.writer import format_text

__all__ = [
    "HEADING_MAX_LENGTH",
    "MAX_TEXT_BYTES",
    "TextFormatError",
    "TextFormatWarning",
    "can_express",
    "format_text",
    "inexpressible",
    "parse_text",
]
