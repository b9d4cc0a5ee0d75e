"""One identity per meeting occurrence, whichever document mentions it.

A meeting occurrence is a meeting of a body of an organisation on a day. Its minutes, its
agenda and every "coming meetings" entry of earlier minutes that names the same body and day
speak of the same occurrence, so calendars must give them one UID. The rule:

* an upcoming entry with an explicit ``id`` is the occurrence ``id``;
* otherwise the occurrence is derived from the body, the organisation and the day:
  ``kommunchefsgruppen.gr.20230414``. Upcoming entries are meetings of the body and
  organisation of the document that lists them. The dots cannot occur in an explicit id, so a
  derived identity never equals an explicit one;
* within one document, a second entry on the same day (two meetings of one body on one day)
  gets ``.2``, ``.3``...: give such meetings explicit ids so other documents can name them.
  An entry on the document's own day is the meeting itself.

``SEQUENCE`` orders what the documents say about an occurrence so that the newest word wins:
it grows with the date of the document that describes the occurrence (the minutes of a later
meeting outrank earlier minutes, and a meeting's own documents outrank every announcement),
then with the document's kind (notice, agenda, minutes), then with its ``revision``, and a
cancellation adds one.

The identities before this rule (``{meeting id}@…`` for the meeting itself and
``{meeting id}.{yyyymmdd}@…`` for an upcoming entry) are the ``document`` scheme, kept for
calendars that already hold them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal, get_args

from attrs import frozen

from kommunchef.model import DocumentKind, Meeting, MeetingStatus
from kommunchef.records import Record

Scheme = Literal["occurrence", "document"]
"""How identities are made: one per occurrence (the default) or one per document (before)."""

SCHEMES: tuple[Scheme, ...] = get_args(Scheme)

SEQUENCE_EPOCH = dt.date(2000, 1, 1)
"""Day 0 of the date part of ``SEQUENCE``; earlier documents count as day 0."""

_KIND_RANK = {DocumentKind.NOTICE: 0, DocumentKind.AGENDA: 1, DocumentKind.MINUTES: 2}
# 240 revisions a kind and 3 kinds a day keep SEQUENCE within RFC 5545's 31 bits up to the
# last supported date (9998-12-31).
_KIND_STEP = 240
_DAY_STEP = len(_KIND_RANK) * _KIND_STEP
MAX_REVISION = _KIND_STEP - 2
"""The highest revision that still orders correctly (a larger one counts as this)."""


def slugify(text: str, *, limit: int = 80) -> str:
    """Text as an id part: ASCII letters and digits joined by "-" ("Göteborg stad" ->
    "goteborg-stad"), at most ``limit`` characters; "" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def occurrence_id(body: str, organisation: str, day: dt.date, explicit: str | None = None) -> str:
    """The identity of the meeting of ``body`` of ``organisation`` on ``day``.

    >>> occurrence_id("Kommunchefsgruppen", "GR", dt.date(2023, 4, 14))
    'kommunchefsgruppen.gr.20230414'
    """
    if explicit is not None:
        return explicit
    return f"{slugify(body) or 'x'}.{slugify(organisation) or 'x'}.{day:%Y%m%d}"


def meeting_identity(meeting: Meeting, scheme: Scheme = "occurrence") -> str:
    """The identity of the meeting a document is about."""
    if scheme == "document":
        return meeting.id
    return occurrence_id(meeting.body, meeting.organisation, meeting.date)


def upcoming_identities(meeting: Meeting, scheme: Scheme = "occurrence") -> list[str]:
    """The identity of each upcoming entry of the document, in order (see the module)."""
    identities: list[str] = []
    per_day: dict[dt.date, int] = {}
    for upcoming in meeting.upcoming:
        if upcoming.id is not None:
            identities.append(upcoming.id)
            continue
        count = per_day[upcoming.date] = per_day.get(upcoming.date, 0) + 1
        suffix = "" if count == 1 else f".{count}"
        if scheme == "document":
            identities.append(f"{meeting.id}.{upcoming.date:%Y%m%d}{suffix}")
        else:
            base = occurrence_id(meeting.body, meeting.organisation, upcoming.date)
            identities.append(base + suffix)
    return identities


def sequence(document: Meeting, *, cancelled: bool) -> int:
    """``SEQUENCE`` of an event the document describes (see the module).

    >>> from kommunchef.model import Meeting
    >>> sequence(Meeting(id="a", date=dt.date(2000, 1, 2), revision=3), cancelled=True)
    1204
    """
    day = max(0, (document.date - SEQUENCE_EPOCH).days)
    change = min(document.revision, MAX_REVISION) + (1 if cancelled else 0)
    return day * _DAY_STEP + _KIND_RANK[document.kind] * _KIND_STEP + change


def is_cancelled(meeting: Meeting) -> bool:
    """True when the document says its meeting is cancelled."""
    return meeting.status is MeetingStatus.CANCELLED


def scheme_option(value: str | None) -> Scheme:
    """Read a ``uids`` option: ``occurrence`` (the default) or ``document``."""
    if value is None:
        return "occurrence"
    cleaned = value.strip().lower()
    for scheme in SCHEMES:
        if cleaned == scheme:
            return scheme
    from kommunchef.errors import OptionError

    raise OptionError(f"uids must be occurrence or document, not {value!r}")


@frozen
class Description(Record):
    """What one document says about one occurrence: the meeting itself or an upcoming entry."""

    identity: str
    document: Meeting
    index: int | None
    """The upcoming entry's index in ``document.upcoming``; ``None`` for the meeting itself."""
    sequence: int
    day: dt.date
    """The occurrence's (first) day as this document gives it."""

    @property
    def rank(self) -> tuple[int, bool]:
        """Which of two descriptions wins: the higher sequence, then the meeting's own document."""
        return self.sequence, self.index is None


class Occurrences:
    """Identities across documents read in date order, as in a series.

    An explicit id also names the meeting's own documents: when the latest entry with id
    ``X`` puts the meeting of a body on a day, the documents of that body's meeting on that
    day are occurrence ``X`` too. A document's announcements come before its meeting in date
    order, so the explicit ids are known when the meeting's own documents arrive.
    """

    def __init__(self, scheme: Scheme = "occurrence") -> None:
        self.scheme: Scheme = scheme
        self._aliases: dict[str, str] = {}
        self._explicit_day: dict[str, tuple[int, str]] = {}

    def describe(self, document: Meeting) -> list[Description]:
        """What ``document`` says, the meeting itself first, with each identity resolved.

        An entry with an explicit id on the document's own day names the meeting itself, so
        the meeting takes that id.
        """
        entries: list[Description] = []
        for index, (upcoming, identity) in enumerate(
            zip(document.upcoming, upcoming_identities(document, self.scheme))
        ):
            rank = sequence(document, cancelled=upcoming.cancelled)
            if self.scheme == "occurrence":
                if upcoming.id is not None:
                    self._remember(document, upcoming.id, upcoming.date, rank)
                else:
                    identity = self._aliases.get(identity, identity)
            entries.append(Description(identity, document, index, rank, upcoming.date))
        own = meeting_identity(document, self.scheme)
        if self.scheme == "occurrence":
            own = self._aliases.get(own, own)
        cancelled = is_cancelled(document)
        itself = Description(
            own, document, None, sequence(document, cancelled=cancelled), document.date
        )
        return [itself, *entries]

    def _remember(self, document: Meeting, explicit: str, day: dt.date, rank: int) -> None:
        derived = occurrence_id(document.body, document.organisation, day)
        known = self._explicit_day.get(explicit)
        if known is not None and known[0] > rank:
            return
        if known is not None and self._aliases.get(known[1]) == explicit:
            del self._aliases[known[1]]
        self._explicit_day[explicit] = (rank, derived)
        self._aliases[derived] = explicit
