"""Bidirectional formatting characters, kept inside the text they belong to.

A right-to-left override (U+202E) that is never closed reverses everything after it up to the
end of the paragraph, words from other fields included. In a PDF the reversed order is what is
stored, so the pdf format closes every embedding, override and isolate where its text ends.
"""

from __future__ import annotations

__all__ = ["EMBEDDINGS", "ISOLATES", "close_embeddings"]

EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
"""LRE, RLE, LRO, RLO: closed by PDF (U+202C)."""

ISOLATES = frozenset("\u2066\u2067\u2068")
"""LRI, RLI, FSI: closed by PDI (U+2069)."""

_POP_EMBEDDING = "\u202c"
_POP_ISOLATE = "\u2069"
_FORMATTING = EMBEDDINGS | ISOLATES | {_POP_EMBEDDING, _POP_ISOLATE}


def close_embeddings(text: str) -> str:
    """``text`` with the closing characters its open embeddings and isolates need appended.

    Follows UAX #9: PDF closes the innermost embedding unless an isolate is open inside it;
    PDI closes the innermost isolate and every embedding opened within it.
    """
    if not _FORMATTING.intersection(text):  # the usual case
        return text
    open_: list[str] = []
    for character in text:
        if character in EMBEDDINGS or character in ISOLATES:
            open_.append(character)
        elif character == _POP_EMBEDDING:
            if open_ and open_[-1] in EMBEDDINGS:
                open_.pop()
        elif character == _POP_ISOLATE and any(c in ISOLATES for c in open_):
            while open_.pop() not in ISOLATES:
                pass
    closers = (_POP_ISOLATE if c in ISOLATES else _POP_EMBEDDING for c in reversed(open_))
    return text + "".join(closers)
