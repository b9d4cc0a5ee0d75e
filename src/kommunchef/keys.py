"""How kommunchef compares names, titles and words: one key for each text.

Two texts are the same when their keys are: "Anna  Berg", "ANNA BERG" and a "Björn" typed
with a decomposed "ö" (as macOS and some copies from the web write it) are the same person,
"Härryda" the same municipality. Every comparison of names, organisations, titles and
keywords goes through :func:`text_key`, so that none of them tells apart what another
takes as equal.
"""

from __future__ import annotations

import unicodedata

__all__ = ["composed", "text_key"]


def composed(text: str) -> str:
    """``text`` in composed Unicode (NFC): it looks the same, and a decomposed letter
    becomes the one character a search for the letter finds."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def text_key(text: str) -> str:
    """``text`` as compared: composed Unicode (NFC), white space collapsed to single
    spaces, case folded (``text_key(" Anna\\tBerg ") == "anna berg"``)."""
    return " ".join(composed(text).split()).casefold()
