"""The views of the document outline: small frozen classes, what a reader sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from attrs import field, frozen

from kommunchef.model import DocumentKind, Language, MeetingStatus
from kommunchef.records import Record


@frozen
class LinkView(Record):
    """A link: its words, its URL, and the target to link (``None``: show as text only)."""

    text: str
    url: str
    href: str | None
    bare: bool
    """The link shows its own address, so print needs no address after it."""


Span = str | LinkView
"""A run of text or a link."""


def plain(spans: Iterable[Span]) -> str:
    """The words of inline content, links shown by their text."""
    return "".join(span if isinstance(span, str) else span.text for span in spans)


@frozen
class ParagraphView(Record):
    content: tuple[Span, ...]

    @property
    def text(self) -> str:
        return plain(self.content)


@frozen
class HeadingView(Record):
    """A sub-heading inside an agenda item (level 3 under the item's heading)."""

    text: str


@frozen
class ListEntryView(Record):
    content: tuple[Span, ...]
    sublist: ListView | None = None

    @property
    def text(self) -> str:
        return plain(self.content)


@frozen
class ListView(Record):
    ordered: bool
    start: int
    entries: tuple[ListEntryView, ...]


BlockView = ParagraphView | HeadingView | ListView


@frozen
class PersonView(Record):
    """A person as documents show them; ``text`` is "Name (Title, Organisation)"."""

    name: str
    title: str | None
    organisation: str | None
    """The organisation's display name: a member municipality's name, else as written."""
    email: str | None

    @property
    def details(self) -> tuple[str, ...]:
        return tuple(d for d in (self.title, self.organisation) if d)

    @property
    def text(self) -> str:
        details = self.details
        return f"{self.name} ({', '.join(details)})" if details else self.name


@frozen
class GroupView(Record):
    """An attendance group: "Närvarande" and its people, shown as a table or a list."""

    key: str
    caption: str
    people: tuple[PersonView, ...]
    columns: tuple[str, ...]
    """The table's column headings: name, organisation, and title when anyone has one."""

    @property
    def show_title(self) -> bool:
        return len(self.columns) == 3

    def rows(self) -> Iterator[tuple[str, ...]]:
        """Each person's cells, in the order of :attr:`columns` (empty where unknown)."""
        for person in self.people:
            row = (person.name, person.organisation or "")
            yield (*row, person.title or "") if self.show_title else row


@frozen
class FactView(Record):
    """A labelled fact: "Datum: fredag 8 oktober 2021"; ``iso`` for machine-readable dates."""

    key: str
    label: str
    value: str
    iso: str | None = None
    link: LinkView | None = None

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value}"


@frozen
class TimeView(Record):
    """A moment in words ("09.00") and for machines (ISO 8601 with its offset)."""

    text: str
    iso: str


@frozen
class FollowUpView(Record):
    """A follow-up: its text and its details, "Ansvarig: GR; Senast: 1 juni 2022"."""

    text: str
    details: tuple[FactView, ...]

    @property
    def details_text(self) -> str:
        return "; ".join(detail.text for detail in self.details)

    @property
    def line(self) -> str:
        return f"{self.text} ({self.details_text})" if self.details else self.text


@frozen
class Segment(Record):
    """A piece of a display line with its role, as a token of a formatter's stream.

    Roles: ``when``, ``cancelled``, ``title``, ``label``, ``place``, ``note`` and ``punct``.
    """

    role: str
    text: str


@frozen
class UpcomingView(Record):
    """An upcoming meeting as one display line, the same in every format.

    "11–12 november 2021, 09.00 – INSTÄLLT: Internat – Plats: Stenungsbaden – Ny tid i vår."
    """

    date: dt.date
    end_date: dt.date | None
    start: dt.datetime | None
    end: dt.datetime | None
    when: str
    """The date (or range) and time in words."""
    date_text: str
    time_text: str | None
    title: str
    place: str | None
    note: str | None
    cancelled: bool
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def iso(self) -> str:
        """The start for ``<time datetime>``: the aware start time, else the date."""
        return self.start.isoformat(timespec="minutes") if self.start else self.date.isoformat()

    @property
    def description(self) -> str:
        """The line without its ``when`` part: what a calendar event's summary holds."""
        return "".join(s.text for s in self.segments[2:])


@frozen
class ItemView(Record):
    """An agenda item as documents show it."""

    number: int
    title: str
    heading: str
    """ "3. Title": the item's heading line."""
    anchor: str
    """A fragment id for links to the item: "punkt-3"."""
    presenters: tuple[PersonView, ...]
    body: tuple[BlockView, ...]
    decisions: tuple[ParagraphView, ...]
    follow_ups: tuple[FollowUpView, ...]
    upcoming: tuple[UpcomingView, ...] = ()
    """The upcoming meetings, when they stand in this item (after its body)."""

    @property
    def presenters_text(self) -> str:
        return ", ".join(person.text for person in self.presenters)


@frozen
class SignatureView(Record):
    """Who took the minutes: "Antecknat av: Gunnel Rydberg, Förbundssekreterare"."""

    label: str
    name: str
    title: str | None

    @property
    def who(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    @property
    def text(self) -> str:
        return f"{self.label}: {self.who}"


@frozen
class Outline(Record):
    """A whole document of a meeting as a reader sees it. Build it with :func:`outline`."""

    language: Language
    lang_tag: str
    """ "sv-SE" or "en-GB"."""
    kind: DocumentKind
    kind_label: str
    """ "Anteckningar", "Dagordning", "Kallelse"."""
    title: str
    """ "Anteckningar – Kommunchefsgruppen 8 oktober 2021" (an excerpt: "Utdrag ur ...")."""
    meeting_id: str
    revision: int
    """The document's revision (the meeting's ``revision``)."""
    body: str
    organisation: str
    date: dt.date
    date_text: str
    """The date in words, "8 oktober 2021", as the title shows it."""
    status: MeetingStatus
    status_note: str | None
    """ "INSTÄLLT" for a cancelled meeting, else ``None``."""
    excerpt: tuple[int, ...] | None
    """The agenda numbers of an excerpt, ``None`` for the whole document."""
    excerpt_note: str | None
    """ "Utdrag: punkt 2, 4"."""
    facts: tuple[FactView, ...]
    start: TimeView | None
    end: TimeView | None
    attendance: tuple[GroupView, ...]
    items: tuple[ItemView, ...]
    upcoming_heading: str
    upcoming: tuple[UpcomingView, ...]
    """The upcoming meetings shown under their own heading after the items (maybe none)."""
    signature: SignatureView | None
    url: LinkView | None
    words: dict[str, str] = field(eq=False, repr=False)
    """Every fixed word in the document's language, by key (see :mod:`kommunchef.labels`)."""
    running_header: str = ""
    """What every page's header shows: the body's name."""
    page_of: str = ""
    """The footer pattern, "Sida {page} av {pages}"."""
    author: str = ""
    """The document's author in file metadata: the organisation."""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    created: dt.datetime | None = None
    """The creation time in file metadata, in UTC: the meeting's start, else noon of its day."""

    def all_upcoming(self) -> tuple[UpcomingView, ...]:
        """Every upcoming meeting the document shows, wherever it stands."""
        inside = tuple(u for item in self.items for u in item.upcoming)
        return inside + self.upcoming

    def label(self, key: str) -> str:
        return self.words[key]
