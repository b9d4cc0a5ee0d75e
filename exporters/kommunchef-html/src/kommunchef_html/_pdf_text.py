"""The text of a PDF as a reader gets it, and what of a text can be compared with it.

A PDF keeps glyphs, not characters: invisible characters (zero-width spaces, bidirectional
controls, variation selectors) leave no trace, right-to-left runs are stored in visual order,
and a long word may be broken across lines. :func:`comparable_text` keeps what survives all of
that: the left-to-right letters outside explicit embeddings, normalised and case folded.
Tests compare a rendering with its outline through it.
"""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["BODY_AREA", "comparable_text", "pdf_text"]

BODY_AREA = (0, 56, 596, 730)
"""x, y, width and height in points of the A4 page area below the running header and above
the footer (the built-in ``@page`` margins are 22 mm = 62 pt)."""

_OPENERS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_CLOSERS = frozenset("\u202c\u2069")
_TEXT_CATEGORIES = frozenset("LN")


def pdf_text(data: bytes, program: str = "pdftotext") -> str:
    """The text of every page's body, in the order it was written (``pdftotext -raw``).

    The bidirectional marks pdftotext adds around right-to-left runs are removed.
    """
    x, y, width, height = BODY_AREA
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        command = [program, "-raw", "-enc", "UTF-8", "-x", str(x), "-y", str(y)]
        command += ["-W", str(width), "-H", str(height), str(source), "-"]
        result = subprocess.run(command, capture_output=True, check=True, timeout=120)
    text = result.stdout.decode("utf-8")
    return "".join(c for c in text if c not in _OPENERS and c not in _CLOSERS)


def comparable_text(text: str) -> str:
    """The left-to-right letters of ``text``, NFKC normalised and case folded: what any PDF
    text extraction gives back in the same order.

    Digits are left out (they move with the right-to-left text around them). What stands inside
    an explicit embedding, override or isolate is stored in an order of its own, so of a text
    with one only the longest part outside them is kept.
    """
    parts: list[list[str]] = [[]]
    depth = 0
    for character in unicodedata.normalize("NFKC", text).casefold():
        if character in _OPENERS or character in _CLOSERS:
            depth = depth + 1 if character in _OPENERS else max(depth - 1, 0)
            if parts[-1]:
                parts.append([])
        elif (
            depth == 0
            and unicodedata.bidirectional(character) == "L"
            and unicodedata.category(character)[0] in _TEXT_CATEGORIES
        ):
            parts[-1].append(character)
    longest: list[str] = max(parts, key=len)
    return "".join(longest)
