"""The meeting model: small frozen attrs classes.

Every class checks its own fields when it is created (types, blank text, control characters,
URL schemes, e-mail syntax, time zones). Rules that need the whole meeting, such as agenda
numbering or a person who is both present and absent, live in :func:`kommunchef.validate`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
from attrs import field, frozen

from kommunchef import _checks
from kommunchef.records import Record

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

STOCKHOLM: ZoneInfo
"""The time zone of every meeting time (loaded when first used)."""


def __getattr__(name: str) -> Any:
    # Loading the time zone takes longer than reading a meeting: a command that never shows
    # a time of day need not pay it.
    if name == "STOCKHOLM":
        return _stockholm()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _stockholm() -> ZoneInfo:
    """Europe/Stockholm, the time zone of every meeting time; the same object every time."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


class Language(enum.StrEnum):
    """The language of a document's fixed labels."""

    SV = "sv"
    EN = "en"


class DocumentKind(enum.StrEnum):
    """What the document is: minutes ("Anteckningar"), an agenda or a notice."""

    MINUTES = "minutes"
    AGENDA = "agenda"
    NOTICE = "notice"


class MeetingStatus(enum.StrEnum):
    """Whether the meeting is still to come, has been held or was cancelled."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _strip_optional(value: object) -> object:
    if value is None:  # most optional fields are empty: the common case first
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _to_tuple(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


def _to_stockholm(value: object) -> object:
    if (
        isinstance(value, dt.datetime)
        and value.tzinfo is not None
        and value.utcoffset() is not None
    ):
        return value.astimezone(_stockholm())
    return value


_TYPE_NAMES = {
    dt.date: "a date",
    dt.time: "a time",
    dt.datetime: "a date and time",
    bool: "true or false",
}


def _instance_of(kind: type) -> Any:
    """Like attrs' ``instance_of``, with a message that reads well on one line."""

    def check(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
        # A datetime is a date in Python, never in a meeting.
        wrong_date = kind is dt.date and isinstance(value, dt.datetime)
        if not isinstance(value, kind) or wrong_date:
            if issubclass(kind, enum.Enum):
                allowed = ", ".join(str(member.value) for member in kind)
                raise ValueError(f"must be one of {allowed}, not {value!r}")
            expected = _TYPE_NAMES.get(kind, kind.__name__)
            raise TypeError(f"expected {expected}, got {type(value).__name__} {value!r:.60}")

    return check


def _optional_instance(kind: type) -> Any:
    return attrs.validators.optional(_instance_of(kind))


def _enum(kind: type[enum.Enum]) -> Any:
    """A converter that accepts an enum's value as JSON spells it: ``status="planned"``."""

    def convert(value: object) -> object:
        if isinstance(value, str) and not isinstance(value, kind):
            try:
                return kind(value.strip().lower())
            except ValueError:
                return value  # the validator names the allowed values
        return value

    return convert


def _each(convert_one: Any) -> Any:
    """A converter for a tuple field that also builds its items from plain strings."""

    def convert(value: object) -> object:
        # The common case, a tuple of built items, without a Python loop.
        if value.__class__ is tuple and not any(map(isinstance, value, repeat(str))):
            return value
        if isinstance(value, list | tuple):
            for part in value:
                if isinstance(part, str):
                    return tuple(convert_one(p) if isinstance(p, str) else p for p in value)
            return value if value.__class__ is tuple else tuple(value)
        return value

    return convert


def _to_kind(value: object) -> object:
    return _enum(DocumentKind)(value)


def _to_status(value: object) -> object:
    return _enum(MeetingStatus)(value)


def _to_language(value: object) -> object:
    return _enum(Language)(value)


def _to_list_items(value: object) -> object:
    return _each(ListItem)(value)


@frozen
class Link(Record):
    """A link inside text: the words shown and the http, https or mailto URL."""

    text: str = field(converter=_strip, validator=_checks.text)
    url: str = field(converter=_strip, validator=_checks.url)


Inline: TypeAlias = str | Link
"""A run of plain text or a link, the parts of a paragraph or list item."""


def _normalise_inlines(value: object) -> object:
    """Join neighbouring strings so that one text has exactly one representation."""
    if value.__class__ is tuple and len(value) == 1 and value[0] != "":
        return value  # one part, the common case: nothing to join or drop
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, list | tuple):
        return value
    merged: list[object] = []
    for part in value:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        elif part != "":
            merged.append(part)
    return tuple(merged)


_inline_parts = _checks.items_of(str, Link)


def _inlines(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value.__class__ is tuple and len(value) == 1 and value[0].__class__ is str:
        # One run of text, the common case, is one non-blank text.
        try:
            _checks.text(instance, attribute, value[0])
        except ValueError:
            pass  # checked again below, to say which part and why
        else:
            return
    _inline_parts(instance, attribute, value)
    _checks.non_empty(instance, attribute, value)
    assert isinstance(value, tuple)
    blank = True
    for index, part in enumerate(value):
        if isinstance(part, str):
            try:
                _checks.inline_text(instance, attribute, part)
            except ValueError as error:
                raise ValueError(f"part {index} {error}") from None
            # inline_text refuses "": a part is blank when it is all white space.
            blank = blank and part.isspace()
        else:
            blank = False
    if blank:
        raise ValueError("must not be blank")


def plain_text(content: Iterable[Inline]) -> str:
    """The words of inline content, with each link shown by its text only."""
    return "".join(part if isinstance(part, str) else part.text for part in content)


@frozen
class Paragraph(Record):
    """A paragraph of text with links inside it."""

    content: tuple[Inline, ...] = field(converter=_normalise_inlines, validator=_inlines)

    @property
    def text(self) -> str:
        """The paragraph's words, links shown by their text."""
        return plain_text(self.content)


@frozen
class Heading(Record):
    """A sub-heading inside an agenda item, such as "Ur diskussionen"."""

    text: str = field(converter=_strip, validator=_checks.text)


def _sublist(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    # The list classes are defined after ListItem, so they are looked up when checking.
    if value is not None and not isinstance(value, BulletList | NumberedList):
        raise TypeError(f"expected a bullet or numbered list, got {type(value).__name__}")


@frozen
class ListItem(Record):
    """One entry of a list, optionally with a nested list below it."""

    content: tuple[Inline, ...] = field(converter=_normalise_inlines, validator=_inlines)
    sublist: BulletList | NumberedList | None = field(default=None, validator=_sublist)

    @property
    def text(self) -> str:
        return plain_text(self.content)


def _list_items(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _checks.items_of(ListItem)(instance, attribute, value)
    _checks.non_empty(instance, attribute, value)


@frozen
class BulletList(Record):
    """A bullet list."""

    items: tuple[ListItem, ...] = field(converter=_to_list_items, validator=_list_items)


@frozen
class NumberedList(Record):
    """A numbered list; numbering starts at ``start`` (1 unless the text says otherwise)."""

    items: tuple[ListItem, ...] = field(converter=_to_list_items, validator=_list_items)
    start: int = field(default=1, validator=_checks.positive_int)


ListBlock: TypeAlias = BulletList | NumberedList
Block: TypeAlias = Paragraph | Heading | BulletList | NumberedList
"""One block of an agenda item's body."""

BLOCK_TYPES: dict[str, type[Any]] = {
    "paragraph": Paragraph,
    "heading": Heading,
    "bullet_list": BulletList,
    "numbered_list": NumberedList,
}
"""The JSON ``type`` tag of each block class."""


@frozen
class Person(Record):
    """A person: name, organisation (a GR municipality or any other), title and e-mail.

    The organisation is kept as written (for example "GBG"); :attr:`municipality` resolves it
    through the registry of GR's member municipalities.
    """

    name: str = field(converter=_strip, validator=_checks.text)
    organisation: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    title: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    email: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_email
    )

    @property
    def municipality(self) -> Any:
        """The :class:`~kommunchef.municipalities.Municipality` the organisation names, if any."""
        from kommunchef.municipalities import lookup

        return lookup(self.organisation) if self.organisation else None

    @property
    def organisation_label(self) -> str | None:
        """The organisation as documents show it: a municipality's name, else as written."""
        found = self.municipality
        return found.name if found is not None else self.organisation


@frozen
class FollowUp(Record):
    """Something that comes back later, such as "the question returns at a coming meeting"."""

    text: str = field(converter=_strip, validator=_checks.text)
    owner: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    due: dt.date | None = field(
        default=None,
        validator=_optional_instance(dt.date),
    )


def _tuple_of(*types: type, from_text: Any = None) -> Any:
    converter = _to_tuple if from_text is None else _each(from_text)
    return field(factory=tuple, converter=converter, validator=_checks.items_of(*types))


@frozen
class AgendaItem(Record):
    """A numbered item of the agenda with its presenters, body, decisions and follow-ups."""

    number: int = field(validator=_checks.positive_int)
    title: str = field(converter=_strip, validator=_checks.text)
    presenters: tuple[Person, ...] = _tuple_of(Person, from_text=Person)
    body: tuple[Block, ...] = _tuple_of(
        Paragraph, Heading, BulletList, NumberedList, from_text=Paragraph
    )
    decisions: tuple[Paragraph, ...] = _tuple_of(Paragraph, from_text=Paragraph)
    follow_ups: tuple[FollowUp, ...] = _tuple_of(FollowUp, from_text=FollowUp)


@frozen
class UpcomingMeeting(Record):
    """A coming meeting named in the minutes: a day or a range of days, maybe cancelled.

    Times are wall-clock times in Europe/Stockholm: ``start_time`` on ``date`` and
    ``end_time`` on ``end_date`` (or on ``date`` when there is no end date).
    """

    date: dt.date = field(validator=_instance_of(dt.date))
    title: str = field(converter=_strip, validator=_checks.text)
    end_date: dt.date | None = field(default=None, validator=_optional_instance(dt.date))
    start_time: dt.time | None = field(default=None, validator=_optional_instance(dt.time))
    end_time: dt.time | None = field(default=None, validator=_optional_instance(dt.time))
    location: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    cancelled: bool = field(default=False, validator=_instance_of(bool))
    note: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    id: str | None = field(default=None, validator=_checks.optional_slug)
    """An explicit stable id; calendars otherwise derive one from the meeting and the date."""

    @property
    def last_date(self) -> dt.date:
        """The last day of the meeting."""
        return self.end_date or self.date

    @property
    def start(self) -> dt.datetime | None:
        """The aware start, when a start time is known."""
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.date, self.start_time, tzinfo=_stockholm())

    @property
    def end(self) -> dt.datetime | None:
        """The aware end, when an end time is known."""
        if self.end_time is None:
            return None
        return dt.datetime.combine(self.last_date, self.end_time, tzinfo=_stockholm())


@frozen
class Recorder(Record):
    """Who recorded the minutes ("Antecknat av")."""

    name: str = field(converter=_strip, validator=_checks.text)
    title: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )


@frozen
class Meeting(Record):
    """One meeting and its document: who attended, the agenda, what comes next."""

    id: str = field(validator=_checks.slug)
    """Stable id used for file names and calendar UIDs, such as ``kcg-2021-10-08``."""
    date: dt.date = field(validator=_instance_of(dt.date))
    body: str = field(default="Kommunchefsgruppen", converter=_strip, validator=_checks.text)
    organisation: str = field(default="GR", converter=_strip, validator=_checks.text)
    kind: DocumentKind = field(
        default=DocumentKind.MINUTES,
        converter=_to_kind,
        validator=_instance_of(DocumentKind),
    )
    status: MeetingStatus = field(
        default=MeetingStatus.HELD,
        converter=_to_status,
        validator=_instance_of(MeetingStatus),
    )
    language: Language = field(
        default=Language.SV, converter=_to_language, validator=_instance_of(Language)
    )
    start: dt.datetime | None = field(
        default=None, converter=_to_stockholm, validator=_checks.aware_datetime
    )
    end: dt.datetime | None = field(
        default=None, converter=_to_stockholm, validator=_checks.aware_datetime
    )
    location: str | None = field(
        default=None, converter=_strip_optional, validator=_checks.optional_text
    )
    url: str | None = field(default=None, converter=_strip_optional, validator=_checks.optional_url)
    revision: int = field(default=0, validator=_checks.non_negative_int)
    """Grows with each significant change; calendars use it as SEQUENCE."""
    present: tuple[Person, ...] = _tuple_of(Person)
    absent: tuple[Person, ...] = _tuple_of(Person)
    guests: tuple[Person, ...] = _tuple_of(Person)
    """People who are not members but attend, often for one item as presenters."""
    agenda: tuple[AgendaItem, ...] = _tuple_of(AgendaItem)
    upcoming: tuple[UpcomingMeeting, ...] = _tuple_of(UpcomingMeeting)
    recorded_by: Recorder | None = field(default=None, validator=_optional_instance(Recorder))

    def participants(self) -> Iterator[Person]:
        """Everyone who attended: the present members, then the guests."""
        yield from self.present
        yield from self.guests

    def item(self, number: int) -> AgendaItem:
        """The agenda item with this number."""
        for item in self.agenda:
            if item.number == number:
                return item
        raise KeyError(f"the meeting has no agenda item {number}")
