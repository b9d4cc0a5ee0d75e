"""Hypothesis strategies for valid meetings, including hostile text.

:func:`meetings` and the other strategies give meetings that validate, with markup, quotes,
right-to-left and zero-width characters in their text (:data:`HOSTILE_TEXTS`).
"""

from __future__ import annotations

import string
from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    BulletList,
    FollowUp,
    Heading,
    Language,
    Link,
    ListItem,
    Meeting,
    MeetingStatus,
    NumberedList,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.municipalities import MUNICIPALITIES, OTHER_ORGANISATIONS
from kommunchef.validation import has_errors, validate

HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }} {% if %} ${x}",
    "&amp; &lt; ]]> <![CDATA[",
    "\u202egnp.exe\u202c",  # right-to-left override
    "zero\u200bwidth\u200djoin\ufeff",
    "BEGIN:VEVENT;X=1:y,z\\n",
    "Åsa Öberg-Ängström",
    "emoji 🗳️ and 中文",
)
"""Text that must come out of every exporter as inert text."""

_WORDS = st.sampled_from(
    [
        "Kommunchefsgruppen",
        "möte",
        "regionen",
        "samarbete",
        "dialog",
        "Göteborg",
        "Ale",
        "beslut",
        "ärende",
        "för",
        "och",
        "på",
        "i",
        "2030",
        "GR:s",
        "åtgärd",
        "Östra",
        "budget",
        "100 %",
        "A&O",
        "(RUS)",
        "nära vård",
        "x < y",
        "1.",
        "-",
        "Beslut",
    ]
)

_SAFE_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufffe\uffff",
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """One line of non-blank text without leading or trailing space: words, any Unicode,
    and hostile strings."""
    words = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
    anything = st.text(_SAFE_CHARACTERS, min_size=1, max_size=max_size).map(_collapse)
    hostile = st.sampled_from(HOSTILE_TEXTS).map(_collapse)
    return st.one_of(words, anything, hostile).filter(bool)


def inline_content() -> st.SearchStrategy[tuple[str | Link, ...]]:
    """The content of a paragraph or list item: text with links inside it."""
    part: st.SearchStrategy[str | Link] = st.one_of(
        texts(), texts().map(lambda t: t + " "), links()
    )
    return (
        st.lists(part, min_size=1, max_size=4)
        .map(tuple)
        .filter(lambda parts: Paragraph(parts).text.strip() != "")
    )


def links() -> st.SearchStrategy[Link]:
    """Links with http, https and mailto URLs, some with non-ASCII paths."""
    host = st.sampled_from(["goteborgsregionen.se", "example.org", "vgregion.se"])
    path = st.text(string.ascii_letters + string.digits + "-_/%", max_size=20)
    web = st.builds(
        lambda s, h, p: f"{s}://{h}/{p}", st.sampled_from(["http", "https"]), host, path
    )
    mail = st.sampled_from(["mailto:info@example.org", "mailto:kansli@goteborgsregionen.se"])
    return st.builds(Link, texts(20), st.one_of(web, mail))


def list_blocks(depth: int = 1) -> st.SearchStrategy[BulletList | NumberedList]:
    """Bullet and numbered lists, nested up to three levels."""
    sub: st.SearchStrategy[BulletList | NumberedList | None] = (
        st.none()
        if depth >= 3
        else st.one_of(st.none(), st.deferred(lambda: list_blocks(depth + 1)))
    )
    item = st.builds(ListItem, inline_content(), sub)
    items = st.lists(item, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        st.builds(BulletList, items),
        st.builds(NumberedList, items, st.integers(1, 3) | st.just(1)),
    )


def blocks() -> st.SearchStrategy[Paragraph | Heading | BulletList | NumberedList]:
    """Any block of an agenda item's body."""
    return st.one_of(
        st.builds(Paragraph, inline_content()),
        st.builds(Heading, texts()),
        list_blocks(),
    )


def _names() -> st.SearchStrategy[str]:
    first = st.sampled_from(
        ["Maria", "Per", "Åsa", "Johan", "Malin", "Gull-Britt", "Ann-Sofi", "Rickard"]
    )
    last = st.sampled_from(
        ["Reinholdsson", "Lönn", "Bäckström", "Öberg", "Eide", "Sandor", "Lodin"]
    )
    return st.one_of(st.builds(lambda f, s: f"{f} {s}", first, last), texts(30))


def _organisations() -> st.SearchStrategy[str | None]:
    names = [m.name for m in MUNICIPALITIES] + [s for m in MUNICIPALITIES for s in m.short_forms]
    return st.one_of(st.none(), st.sampled_from(names + list(OTHER_ORGANISATIONS)))


def people(max_size: int = 8, *, emails: bool | None = None) -> st.SearchStrategy[list[Person]]:
    """Lists of people with distinct names."""
    email: st.SearchStrategy[str | None] = st.builds(
        lambda n: f"person{n}@example.org", st.integers(0, 10_000)
    )
    if emails is None:
        email = st.one_of(st.none(), email)
    elif not emails:
        email = st.none()
    person = st.builds(Person, _names(), _organisations(), st.one_of(st.none(), texts(30)), email)
    return st.lists(person, max_size=max_size, unique_by=lambda p: _collapse(p.name).casefold())


def _times_on(day: date) -> st.SearchStrategy[tuple[datetime | None, datetime | None]]:
    start_minutes = st.integers(7 * 4, 16 * 4).map(lambda q: q * 15)
    duration = st.integers(1, 24).map(lambda q: q * 15)

    def build(start: int, length: int, with_end: bool) -> tuple[datetime | None, datetime | None]:
        begin = datetime.combine(day, time(start // 60, start % 60), tzinfo=STOCKHOLM)
        return begin, (begin + timedelta(minutes=length)) if with_end else None

    return st.one_of(
        st.just((None, None)), st.builds(build, start_minutes, duration, st.booleans())
    )


def upcoming_meetings(after: date) -> st.SearchStrategy[UpcomingMeeting]:
    """Upcoming meetings on or after a date: single days and ranges, some cancelled."""

    def build(
        offset: int,
        length: int,
        title: str,
        start: int | None,
        cancelled: bool,
        location: str | None,
        note: str | None,
    ) -> UpcomingMeeting:
        day = after + timedelta(days=offset)
        start_time = None if start is None else time(start, 0)
        end_time = None if start is None else time(start + 2, 30)
        return UpcomingMeeting(
            date=day,
            end_date=day + timedelta(days=length) if length else None,
            title=title,
            start_time=start_time,
            end_time=end_time,
            location=location,
            cancelled=cancelled,
            note=note,
        )

    return st.builds(
        build,
        st.integers(1, 400),
        st.integers(0, 2),
        texts(),
        st.one_of(st.none(), st.integers(8, 14)),
        st.booleans(),
        st.one_of(st.none(), texts(30)),
        st.one_of(st.none(), texts(30)),
    )


@st.composite
def meetings(draw: st.DrawFn, *, max_items: int = 6, emails: bool | None = None) -> Meeting:
    """Valid meetings: ``validate`` finds no error in any of them."""
    day = draw(st.dates(date(2015, 1, 1), date(2035, 12, 31)))
    everyone = draw(people(14, emails=emails))
    split_present = draw(st.integers(0, len(everyone)))
    split_absent = draw(st.integers(split_present, len(everyone)))
    present = everyone[:split_present]
    absent = everyone[split_present:split_absent]
    guests = everyone[split_absent:]
    attendees = present + guests
    item_count = draw(st.integers(0, max_items))
    agenda = []
    for number in range(1, item_count + 1):
        presenters = (
            draw(st.lists(st.sampled_from(attendees), max_size=2, unique=True)) if attendees else []
        )
        agenda.append(
            AgendaItem(
                number=number,
                title=draw(texts()),
                presenters=tuple(presenters),
                body=tuple(draw(st.lists(blocks(), max_size=4))),
                decisions=tuple(draw(st.lists(st.builds(Paragraph, inline_content()), max_size=2))),
                follow_ups=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                FollowUp,
                                texts(),
                                st.one_of(st.none(), texts(20)),
                                st.one_of(
                                    st.none(),
                                    st.integers(1, 300).map(lambda d: day + timedelta(days=d)),
                                ),
                            ),
                            max_size=2,
                        )
                    )
                ),
            )
        )
    start, end = draw(_times_on(day))
    recorder = None
    wants_recorder = draw(st.booleans())
    if attendees and wants_recorder:
        who = draw(st.sampled_from(attendees))
        recorder = Recorder(who.name, who.title)
    meeting = Meeting(
        id=draw(st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,3}\Z")),
        date=day,
        body=draw(st.one_of(st.just("Kommunchefsgruppen"), texts())),
        status=draw(st.sampled_from([MeetingStatus.HELD, MeetingStatus.PLANNED])),
        language=draw(st.sampled_from(Language)),
        start=start,
        end=end,
        location=draw(st.one_of(st.none(), texts(30))),
        url=draw(st.one_of(st.none(), st.just("https://goteborgsregionen.se/kcg"))),
        revision=draw(st.integers(0, 5)),
        present=tuple(present),
        absent=tuple(absent),
        guests=tuple(guests),
        agenda=tuple(agenda),
        upcoming=tuple(draw(st.lists(upcoming_meetings(day), max_size=3))),
        recorded_by=recorder,
    )
    assert not has_errors(validate(meeting)), validate(meeting)
    return meeting


def hostile_meeting() -> Meeting:
    """A valid meeting whose every text field carries hostile text."""
    day = date(2026, 3, 20)
    people_ = tuple(
        Person(f"{text} {index}", "GBG", text, f"p{index}@example.org")
        for index, text in enumerate(HOSTILE_TEXTS)
    )
    link = Link('"><script>alert(1)</script>', 'https://example.org/?q=<script>&a="b"')
    return Meeting(
        id="hostile-2026-03-20",
        date=day,
        body=HOSTILE_TEXTS[0],
        start=datetime(2026, 3, 20, 9, 0, tzinfo=STOCKHOLM),
        end=datetime(2026, 3, 20, 12, 0, tzinfo=STOCKHOLM),
        location=HOSTILE_TEXTS[1],
        url="https://example.org/?a=1&b=<2>",
        present=people_[:5],
        absent=people_[5:8],
        guests=people_[8:],
        agenda=tuple(
            AgendaItem(
                number=index + 1,
                title=text,
                presenters=(people_[index % 5],),
                body=(
                    Heading(text),
                    Paragraph((text, " ", link, " ", text)),
                    BulletList((ListItem((text,), NumberedList((ListItem((text,)),))),)),
                ),
                decisions=(Paragraph((text,)),),
                follow_ups=(FollowUp(text, owner=text, due=day + timedelta(days=30)),),
            )
            for index, text in enumerate(HOSTILE_TEXTS)
        ),
        upcoming=(
            UpcomingMeeting(day + timedelta(days=7), HOSTILE_TEXTS[2], location=HOSTILE_TEXTS[3]),
            UpcomingMeeting(
                day + timedelta(days=14),
                HOSTILE_TEXTS[0],
                cancelled=True,
                note=HOSTILE_TEXTS[1],
                start_time=time(9),
                end_time=time(12),
            ),
        ),
        recorded_by=Recorder(people_[0].name, HOSTILE_TEXTS[4]),
    )


__all__ = [
    "HOSTILE_TEXTS",
    "blocks",
    "hostile_meeting",
    "inline_content",
    "links",
    "list_blocks",
    "meetings",
    "people",
    "texts",
    "upcoming_meetings",
]
