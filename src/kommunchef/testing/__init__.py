"""Test helpers for kommunchef and for exporter plugins (ours and third parties').

* :mod:`kommunchef.testing.strategies`: hypothesis strategies for valid meetings
  (:func:`meetings`), including hostile text.
* :mod:`kommunchef.testing.conformance`: :func:`check_exporter`, the conformance check every
  exporter plugin runs in its tests, and :func:`check_rendering`.
* :mod:`kommunchef.testing.publication`: :func:`check_publication`, that no e-mail address,
  phone number or private person survives a publication profile in a format's output.

This package needs ``hypothesis`` (``pip install kommunchef[testing]``).
"""

from __future__ import annotations

from kommunchef.testing.conformance import check_exporter, check_rendering, rendered_text
from kommunchef.testing.publication import check_publication
from kommunchef.testing.strategies import (
    HOSTILE_TEXTS,
    blocks,
    hostile_meeting,
    inline_content,
    links,
    list_blocks,
    meetings,
    people,
    texts,
    upcoming_meetings,
)

__all__ = [
    "HOSTILE_TEXTS",
    "blocks",
    "check_exporter",
    "check_publication",
    "check_rendering",
    "hostile_meeting",
    "inline_content",
    "links",
    "list_blocks",
    "meetings",
    "people",
    "rendered_text",
    "texts",
    "upcoming_meetings",
]
