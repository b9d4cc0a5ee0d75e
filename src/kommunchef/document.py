"""The document outline: what a document of a meeting says, in the words it says it.

:func:`outline` turns a meeting into small frozen views: the title, the facts, the attendance
groups, the agenda items with their presenters, body, decisions and follow-ups, the upcoming
meetings as display lines, and the signature. Every wording and policy decision is taken here,
once: the labels, punctuation, dates in words, which parts an excerpt keeps, where the upcoming
meetings stand, which URLs are links. Formats only render the outline, so a DOCX file, a web
page, a PDF and an e-mail say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence

from attrs import field, frozen

from kommunchef.dates import (
    describe_upcoming,
    format_date,
    format_date_range,
    format_time,
    format_time_range,
)
from kommunchef.labels import document_title, excerpt_title, label, labels
from kommunchef.links import safe_href
from kommunchef.model import (
    AgendaItem,
    Block,
    BulletList,
    DocumentKind,
    FollowUp,
    Heading,
    Inline,
    Language,
    Link,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)

__all__ = [
    "ATTENDANCE_GROUPS",
    "EXCERPT_KEEPS",
    "LANGUAGE_TAGS",
    "BlockView",
    "FactView",
    "FollowUpView",
    "GroupView",
    "HeadingView",
    "ItemView",
    "LinkView",
    "ListEntryView",
    "ListView",
    "Outline",
    "ParagraphView",
    "PersonView",
    "Segment",
    "SignatureView",
    "Span",
    "TimeView",
    "UpcomingView",
    "is_upcoming_title",
    "join_sentences",
    "outline",
    "person_key",
    "plain",
    "texts",
]

ATTENDANCE_GROUPS = ("present", "absent", "guests")
"""The attendance groups in the order every document shows them."""

LANGUAGE_TAGS = {Language.SV: "sv-SE", Language.EN: "en-GB"}
"""The BCP 47 tag of each document language."""

EXCERPT_KEEPS = frozenset({"facts", "attendance", "signature"})
"""What an excerpt (protokollsutdrag) keeps besides its agenda items.

An excerpt repeats the facts of the meeting, who attended and who took the minutes, so that it
stands on its own; it leaves out the upcoming meetings unless they stand inside a chosen item.
"""

_UPCOMING_TITLE = re.compile(r"kommande möte|nästa möte|upcoming meeting|next meeting")
_SENTENCE_END = (".", "!", "?", "…")


def person_key(name: str) -> str:
    """How two names are compared: spaces collapsed, case folded ("Anna  Berg" = "anna berg")."""
    return " ".join(name.split()).casefold()


def is_upcoming_title(title: str) -> bool:
    """Whether an agenda item's title speaks of the coming meetings ("Kommande möten")."""
    return _UPCOMING_TITLE.search(person_key(title)) is not None


def join_sentences(*sentences: str) -> str:
    """Sentences joined with a full stop where one is missing: "Internat. Plats: X"."""
    text = ""
    for sentence in sentences:
        if not text:
            text = sentence
        elif text.endswith(_SENTENCE_END):
            text = f"{text} {sentence}"
        else:
            text = f"{text}. {sentence}"
    return text


# Inline content --------------------------------------------------------------------------------


@frozen
class LinkView:
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


def _spans(content: Iterable[Inline]) -> tuple[Span, ...]:
    return tuple(_link(part) if isinstance(part, Link) else part for part in content)


def _link(link: Link) -> LinkView:
    return LinkView(link.text, link.url, safe_href(link.url), link.text.strip() == link.url)


# Blocks ----------------------------------------------------------------------------------------


@frozen
class ParagraphView:
    content: tuple[Span, ...]

    @property
    def text(self) -> str:
        return plain(self.content)


@frozen
class HeadingView:
    """A sub-heading inside an agenda item (level 3 under the item's heading)."""

    text: str


@frozen
class ListEntryView:
    content: tuple[Span, ...]
    sublist: ListView | None = None

    @property
    def text(self) -> str:
        return plain(self.content)


@frozen
class ListView:
    ordered: bool
    start: int
    entries: tuple[ListEntryView, ...]


BlockView = ParagraphView | HeadingView | ListView


def _list(block: BulletList | NumberedList) -> ListView:
    return ListView(
        ordered=isinstance(block, NumberedList),
        start=block.start if isinstance(block, NumberedList) else 1,
        entries=tuple(
            ListEntryView(_spans(e.content), None if e.sublist is None else _list(e.sublist))
            for e in block.items
        ),
    )


def _block(block: Block) -> BlockView:
    if isinstance(block, Paragraph):
        return ParagraphView(_spans(block.content))
    if isinstance(block, Heading):
        return HeadingView(block.text)
    return _list(block)


# People, facts, follow-ups, upcoming meetings ---------------------------------------------------


@frozen
class PersonView:
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


def _person(person: Person) -> PersonView:
    return PersonView(person.name, person.title, person.organisation_label, person.email)


@frozen
class GroupView:
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
class FactView:
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
class TimeView:
    """A moment in words ("09.00") and for machines (ISO 8601 with its offset)."""

    text: str
    iso: str


def _time(moment: dt.datetime | None, language: Language) -> TimeView | None:
    if moment is None:
        return None
    return TimeView(format_time(moment, language), moment.isoformat(timespec="minutes"))


@frozen
class FollowUpView:
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
class Segment:
    """A piece of a display line with its role, as a token of a formatter's stream.

    Roles: ``when``, ``cancelled``, ``title``, ``label``, ``place``, ``note`` and ``punct``.
    """

    role: str
    text: str


@frozen
class UpcomingView:
    """An upcoming meeting as one display line, the same in every format.

    "11–12 november 2021, 09.00 – INSTÄLLT: Internat. Plats: Stenungsbaden. Ny tid i vår."
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


def _upcoming(upcoming: UpcomingMeeting, language: Language) -> UpcomingView:
    date_text = format_date_range(upcoming.date, upcoming.end_date, language)
    time_text = format_time_range(upcoming.start_time, upcoming.end_time, language)
    when = describe_upcoming(upcoming, language)
    segments = [Segment("when", when), Segment("punct", " – ")]
    if upcoming.cancelled:
        segments += [Segment("cancelled", label("cancelled", language)), Segment("punct", ": ")]
    segments.append(Segment("title", upcoming.title))
    last = upcoming.title
    if upcoming.location:
        segments.append(Segment("punct", _after(last)))
        segments += [Segment("label", f"{label('location', language)}: ")]
        segments.append(Segment("place", upcoming.location))
        last = upcoming.location
    if upcoming.note:
        segments.append(Segment("punct", _after(last)))
        segments.append(Segment("note", upcoming.note))
    return UpcomingView(
        date=upcoming.date,
        end_date=upcoming.end_date,
        start=upcoming.start,
        end=upcoming.end,
        when=when,
        date_text=date_text,
        time_text=time_text,
        title=upcoming.title,
        place=upcoming.location,
        note=upcoming.note,
        cancelled=upcoming.cancelled,
        segments=tuple(segments),
    )


def _after(sentence: str) -> str:
    return " " if sentence.endswith(_SENTENCE_END) else ". "


def _follow_up(follow_up: FollowUp, language: Language) -> FollowUpView:
    details = []
    if follow_up.owner:
        details.append(FactView("owner", label("owner", language), follow_up.owner))
    if follow_up.due:
        due = format_date(follow_up.due, language)
        details.append(FactView("due", label("due", language), due, follow_up.due.isoformat()))
    return FollowUpView(follow_up.text, tuple(details))


# Items and the document ------------------------------------------------------------------------


@frozen
class ItemView:
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
class SignatureView:
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
class Outline:
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


def _facts(meeting: Meeting, language: Language) -> tuple[FactView, ...]:
    facts = [
        FactView(
            "date",
            label("date", language),
            format_date(meeting.date, language, weekday=True),
            meeting.date.isoformat(),
        )
    ]
    times = format_time_range(meeting.start, meeting.end, language)
    if times and meeting.start is not None:
        iso = meeting.start.isoformat(timespec="minutes")
        facts.append(FactView("time", label("time", language), times, iso))
    if meeting.location:
        facts.append(FactView("location", label("location", language), meeting.location))
    body = f"{meeting.body}, {meeting.organisation}"
    facts.append(FactView("body", label("body", language), body))
    if meeting.url:
        link = LinkView(meeting.url, meeting.url, safe_href(meeting.url), True)
        facts.append(FactView("url", label("url", language), meeting.url, link=link))
    return tuple(facts)


def _attendance(meeting: Meeting, language: Language) -> tuple[GroupView, ...]:
    groups = []
    for key in ATTENDANCE_GROUPS:
        people: tuple[Person, ...] = getattr(meeting, key)
        if not people:
            continue
        views = tuple(_person(p) for p in people)
        names = ["name", "organisation"] + (["title"] if any(p.title for p in views) else [])
        columns = tuple(label(name, language) for name in names)
        groups.append(GroupView(key, label(key, language), views, columns))
    return tuple(groups)


def _item(item: AgendaItem, language: Language, upcoming: Sequence[UpcomingView]) -> ItemView:
    return ItemView(
        number=item.number,
        title=item.title,
        heading=f"{item.number}. {item.title}",
        anchor=f"{label('item', language).lower()}-{item.number}",
        presenters=tuple(_person(p) for p in item.presenters),
        body=tuple(_block(b) for b in item.body),
        decisions=tuple(ParagraphView(_spans(d.content)) for d in item.decisions),
        follow_ups=tuple(_follow_up(f, language) for f in item.follow_ups),
        upcoming=tuple(upcoming),
    )


def _upcoming_host(meeting: Meeting) -> int | None:
    """The number of the item the upcoming meetings stand in: the last one named for them."""
    host = None
    for item in meeting.agenda:
        if is_upcoming_title(item.title):
            host = item.number
    return host


def _chosen(meeting: Meeting, items: Sequence[int] | None) -> tuple[int, ...] | None:
    from kommunchef.errors import OptionError

    if items is None:
        return None
    numbers = tuple(dict.fromkeys(items))
    if not numbers:
        raise OptionError("an excerpt needs at least one agenda item")
    existing = {item.number for item in meeting.agenda}
    missing = [n for n in numbers if n not in existing]
    if missing:
        shown = ", ".join(str(n) for n in missing)
        raise OptionError(f"the meeting has no agenda item {shown}")
    return numbers


def _created(meeting: Meeting) -> dt.datetime:
    # From the meeting, never the clock: two exports of a meeting are the same file.
    if meeting.start is not None:
        return meeting.start.astimezone(dt.UTC)
    return dt.datetime.combine(meeting.date, dt.time(12), tzinfo=dt.UTC)


def outline(
    meeting: Meeting,
    language: Language | str | None = None,
    items: Sequence[int] | None = None,
) -> Outline:
    """The outline of ``meeting``'s document in ``language`` (default: the meeting's own).

    ``items`` makes an excerpt (protokollsutdrag) of those agenda numbers, in agenda order;
    an unknown number raises :class:`~kommunchef.errors.OptionError`.
    """
    language = meeting.language if language is None else Language(language)
    chosen = _chosen(meeting, items)
    host = _upcoming_host(meeting)
    upcoming = tuple(_upcoming(u, language) for u in meeting.upcoming)
    shown_items = [i for i in meeting.agenda if chosen is None or i.number in chosen]
    item_views = tuple(
        _item(i, language, upcoming if i.number == host else ()) for i in shown_items
    )
    separate = upcoming if host is None and chosen is None else ()
    kind_label = document_title(meeting.kind, language)
    date_text = format_date(meeting.date, language)
    heading = excerpt_title(meeting.kind, language) if chosen is not None else kind_label
    excerpt_note = None
    if chosen is not None:
        numbers = ", ".join(str(n) for n in sorted(chosen))
        excerpt_note = f"{label('excerpt', language)}: {label('item', language).lower()} {numbers}"
    recorder = meeting.recorded_by
    url = None
    if meeting.url:
        url = LinkView(meeting.url, meeting.url, safe_href(meeting.url), True)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    return Outline(
        language=language,
        lang_tag=LANGUAGE_TAGS[language],
        kind=meeting.kind,
        kind_label=kind_label,
        title=f"{heading} – {meeting.body} {date_text}",
        meeting_id=meeting.id,
        revision=meeting.revision,
        body=meeting.body,
        organisation=meeting.organisation,
        date=meeting.date,
        date_text=date_text,
        status=meeting.status,
        status_note=label("cancelled", language) if cancelled else None,
        excerpt=None if chosen is None else tuple(sorted(chosen)),
        excerpt_note=excerpt_note,
        facts=_facts(meeting, language),
        start=_time(meeting.start, language),
        end=_time(meeting.end, language),
        attendance=_attendance(meeting, language),
        items=item_views,
        upcoming_heading=label("upcoming", language),
        upcoming=separate,
        signature=None
        if recorder is None
        else SignatureView(label("recorded_by", language), recorder.name, recorder.title),
        url=url,
        words=labels(language),
        running_header=meeting.body,
        page_of=label("page_of", language),
        author=meeting.organisation,
        subject=f"{kind_label} – {meeting.body}",
        keywords=(meeting.body, meeting.organisation, kind_label, meeting.date.isoformat()),
        created=_created(meeting),
    )


def texts(document: Outline) -> Iterator[str]:
    """Every text of the outline in reading order: what any rendering must show, in order.

    Used by the conformance check (:func:`kommunchef.testing.check_exporter`) and by tests
    that compare a rendering with its outline.
    """
    yield document.title
    if document.excerpt_note:
        yield document.excerpt_note
    if document.status_note:
        yield document.status_note
    for fact in document.facts:
        yield fact.label
        yield fact.value
    for group in document.attendance:
        yield group.caption
        for person in group.people:
            yield person.name
    for item in document.items:
        yield from _item_texts(document, item)
    if document.upcoming:
        yield document.upcoming_heading
        for upcoming in document.upcoming:
            yield from _upcoming_texts(upcoming)
    if document.signature is not None:
        yield document.signature.label
        yield document.signature.name


def _item_texts(document: Outline, item: ItemView) -> Iterator[str]:
    yield item.title
    for person in item.presenters:
        yield person.name
    for block in item.body:
        yield from _block_texts(block)
    for upcoming in item.upcoming:
        yield from _upcoming_texts(upcoming)
    if item.decisions:
        yield document.label("decisions")
        for decision in item.decisions:
            yield from _span_texts(decision.content)
    if item.follow_ups:
        yield document.label("follow_ups")
        for follow_up in item.follow_ups:
            yield follow_up.text


def _upcoming_texts(upcoming: UpcomingView) -> Iterator[str]:
    yield upcoming.when
    if upcoming.cancelled:
        yield next(s.text for s in upcoming.segments if s.role == "cancelled")
    yield upcoming.title
    if upcoming.place:
        yield upcoming.place
    if upcoming.note:
        yield upcoming.note


def _block_texts(block: BlockView) -> Iterator[str]:
    if isinstance(block, ParagraphView):
        yield from _span_texts(block.content)
    elif isinstance(block, HeadingView):
        yield block.text
    else:
        for entry in block.entries:
            yield from _span_texts(entry.content)
            if entry.sublist is not None:
                yield from _block_texts(entry.sublist)


def _span_texts(spans: Iterable[Span]) -> Iterator[str]:
    for span in spans:
        text = span if isinstance(span, str) else span.text
        if text.strip():
            yield text.strip()
