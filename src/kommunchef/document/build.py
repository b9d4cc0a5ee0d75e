"""Building the outline of a meeting: every wording and policy decision, taken once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from kommunchef.dates import (
    describe_upcoming,
    format_date,
    format_date_range,
    format_time,
    format_time_range,
)
from kommunchef.document.views import (
    BlockView,
    FactView,
    FollowUpView,
    GroupView,
    HeadingView,
    ItemView,
    LinkView,
    ListEntryView,
    ListView,
    Outline,
    ParagraphView,
    PersonView,
    Segment,
    SignatureView,
    Span,
    TimeView,
    UpcomingView,
)
from kommunchef.keys import text_key
from kommunchef.labels import document_title, excerpt_title, label, labels
from kommunchef.links import safe_href
from kommunchef.model import (
    AgendaItem,
    Block,
    BulletList,
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


_PART = " – "


def is_upcoming_title(title: str) -> bool:
    """Whether an agenda item's title speaks of the coming meetings ("Kommande möten")."""
    return _UPCOMING_TITLE.search(text_key(title)) is not None


def _spans(content: Iterable[Inline]) -> tuple[Span, ...]:
    return tuple(_link(part) if isinstance(part, Link) else part for part in content)


def _link(link: Link) -> LinkView:
    return LinkView(link.text, link.url, safe_href(link.url), link.text.strip() == link.url)


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


def _person(person: Person) -> PersonView:
    return PersonView(person.name, person.title, person.organisation_label, person.email)


def _time(moment: dt.datetime | None, language: Language) -> TimeView | None:
    if moment is None:
        return None
    return TimeView(format_time(moment, language), moment.isoformat(timespec="minutes"))


def upcoming_view(upcoming: UpcomingMeeting, language: Language) -> UpcomingView:
    """One upcoming meeting as the display line every format shows."""
    date_text = format_date_range(upcoming.date, upcoming.end_date, language)
    time_text = format_time_range(upcoming.start_time, upcoming.end_time, language)
    when = describe_upcoming(upcoming, language)
    segments = [Segment("when", when), Segment("punct", " – ")]
    if upcoming.cancelled:
        segments += [Segment("cancelled", label("cancelled", language)), Segment("punct", ": ")]
    segments.append(Segment("title", upcoming.title))
    # Parts after the title are set off by spaced dashes, as minutes write them; the
    # plain-text format's grammar reads the same line back.
    if upcoming.location:
        segments.append(Segment("punct", _PART))
        segments += [Segment("label", f"{label('location', language)}: ")]
        segments.append(Segment("place", upcoming.location))
    if upcoming.note:
        segments += [Segment("punct", _PART), Segment("note", upcoming.note)]
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


def _follow_up(follow_up: FollowUp, language: Language) -> FollowUpView:
    details = []
    if follow_up.owner:
        details.append(FactView("owner", label("owner", language), follow_up.owner))
    if follow_up.due:
        due = format_date(follow_up.due, language)
        details.append(FactView("due", label("due", language), due, follow_up.due.isoformat()))
    return FollowUpView(follow_up.text, tuple(details))


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
    facts.append(FactView("body", label("body", language), meeting.body))
    organisation = label("organisation", language)
    facts.append(FactView("organisation", organisation, meeting.organisation))
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
        follow_ups=tuple(_follow_up(f, language) for f in _follow_ups_to_show(item)),
        upcoming=tuple(upcoming),
    )


def _follow_ups_to_show(item: AgendaItem) -> list[FollowUp]:
    """The follow-ups the document lists: one that a paragraph of the item already says word
    for word, with no owner or due date to add, is not said a second time."""
    said = " ".join(
        " ".join(block.text.split())
        for block in (*item.body, *item.decisions)
        if isinstance(block, Paragraph)
    )
    return [
        f
        for f in item.follow_ups
        if f.owner is not None or f.due is not None or " ".join(f.text.split()) not in said
    ]


def upcoming_host_index(meeting: Meeting) -> int | None:
    """The index in the agenda of the item the upcoming meetings stand in: the last one
    titled for them (see :func:`is_upcoming_title`), or ``None``. Every format uses this
    rule, the text writer too."""
    host = None
    for index, item in enumerate(meeting.agenda):
        if is_upcoming_title(item.title):
            host = index
    return host


def _upcoming_host(meeting: Meeting) -> int | None:
    """The number of the item the upcoming meetings stand in."""
    index = upcoming_host_index(meeting)
    return None if index is None else meeting.agenda[index].number


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
    upcoming = tuple(upcoming_view(u, language) for u in meeting.upcoming)
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
