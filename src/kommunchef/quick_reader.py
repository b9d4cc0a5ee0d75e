"""The quick reader: a valid meeting document straight into the model.

:func:`kommunchef.loads` tries this reader first. It checks every value as the careful reader
(:mod:`kommunchef.converter`) does, through the same functions (:mod:`kommunchef.json_values`)
and the model's own validators, but it stops at the first problem and does not say what it
was: a document it cannot read is read again by the careful reader, which reports every
problem with its path. A document it reads gives the same meeting as the careful reader
(property tests compare the two on generated and on broken documents).

It does not use cattrs, so that reading a valid document never imports it. Like cattrs, it
has one small function per model class, written from the class's attrs fields, so that a
field costs a few instructions rather than a call through a table of hooks: a text with
nothing to strip is taken as it is, and its length and characters are left to the model's
validators (``test_every_text_field_refuses_forbidden_characters`` and
``test_every_text_field_refuses_a_text_over_the_limit``).

The functions are written once, not in every process: :mod:`kommunchef.quick_reader_source`
writes them as the module ``kommunchef._quick_reader_generated``, which Python compiles once
and caches as for any module (compiling them took longer than reading a meeting).
"""

from __future__ import annotations

from typing import Any

from kommunchef import model


class _Read:
    """What one read keeps: the keys counted, the people built and the lists' depth."""

    __slots__ = ("depth", "keys", "people")

    def __init__(self) -> None:
        self.keys = 0
        self.people: dict[tuple[Any, ...], Any] = {}
        self.depth = 0


def read_meeting(document: dict[str, Any]) -> tuple[model.Meeting, int] | None:
    """The meeting of a valid document, whose ``format_version`` the caller has checked, and
    the number of keys in all of the document's objects; None when the quick reader cannot
    read it, because something in it is not valid (the careful reader then says what)."""
    # Imported on first use, not when this module is imported.
    from kommunchef._quick_reader_generated import read_document

    read = _Read()
    try:
        return read_document(document, read), read.keys
    except Exception:  # whatever it was, the careful reader names it with its path
        return None
