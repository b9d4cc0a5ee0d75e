"""Meetings made fit for publishing: contact details and private persons removed.

:func:`publish` turns a meeting into the meeting to publish under a
:mod:`profile <kommunchef.publication_profile>` and lists every removal in a report;
:func:`for_publication` (also ``kommunchef.for_publication``) gives just the meeting.

Under the ``public`` profile:

* E-mail addresses and phone numbers are replaced in every text (titles, paragraphs, list
  items, decisions, follow-ups, locations, notes, link texts, names and titles of people) by
  the profile's words, such as "[e-postadress borttagen]"; a person's e-mail field is emptied.
* A ``mailto:`` link becomes its text (an address in the text replaced as above); so does a
  web link whose URL holds an address or a phone number. The meeting's own URL is dropped if
  it holds one.
* A private person is a guest, or a presenter who is not a member, whose organisation is not
  a public body by the profile. They are named "Privatperson 1", "Privatperson 2" ... in the
  meeting's language (the same number everywhere they appear), without organisation, title or
  address; their full name is replaced wherever it appears in text, and a recorder with their
  name is renamed the same way. Members of the group (present or absent) always stay.

The report (:class:`Redaction` entries) names each removal by its path in the original
meeting, in the style of validation problems (``agenda[2].body[0].content[1]``), and its kind.
It never holds the removed value: :attr:`Redaction.masked` gives a masked form for an
operator who needs to tell removals apart.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Sequence

from attrs import evolve, frozen

from kommunchef.contacts import ContactKind, Found, find_contacts, mask
from kommunchef.errors import KommunchefError
from kommunchef.keys import composed, text_key
from kommunchef.model import (
    AgendaItem,
    BulletList,
    FollowUp,
    Heading,
    Inline,
    Link,
    ListItem,
    Meeting,
    NumberedList,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.publication_profile import (
    BUILT_IN_PROFILES,
    DEFAULT_PROFILE,
    Profile,
    ProfileError,
    Replacements,
    load_profile,
    parse_profile,
)
from kommunchef.records import Record


class PublicationError(KommunchefError):
    """A meeting that cannot be made fit for publishing under a profile."""


class RedactionKind(enum.StrEnum):
    """What a removal took away."""

    EMAIL = "email"
    PHONE = "phone"
    PRIVATE_PERSON = "private_person"
    """A private person's entry (name, organisation, title and address)."""
    PRIVATE_NAME = "private_name"
    """A private person's name inside a text."""


_DESCRIPTIONS = {
    RedactionKind.EMAIL: "e-mail address removed",
    RedactionKind.PHONE: "phone number removed",
    RedactionKind.PRIVATE_PERSON: "private person anonymised",
    RedactionKind.PRIVATE_NAME: "name of a private person removed",
}


@frozen
class Redaction(Record):
    """One removal: where in the original meeting, and what kind of value."""

    path: str
    """The path in the original meeting, such as ``agenda[2].body[0].content[1]``."""
    kind: RedactionKind
    masked: str
    """A masked form of the removed value (``a…@….se``, ``•••-••• •• 67``, ``A. S.``),
    for an operator's eyes only."""

    @property
    def description(self) -> str:
        """What was removed, in words: "phone number removed"."""
        return _DESCRIPTIONS[self.kind]

    def __str__(self) -> str:
        # The removed value stays out, so that the line itself can be shared.
        return f"{self.path or '(meeting)'}: {self.description}"


@frozen
class Published(Record):
    """The meeting to publish and the report of what was removed from the original."""

    meeting: Meeting
    redactions: tuple[Redaction, ...]
    profile: Profile


def publish(
    meeting: Meeting, profile: str | os.PathLike[str] | Profile = DEFAULT_PROFILE
) -> Published:
    """The meeting as ``profile`` allows it to be published, with the report of removals.

    ``profile`` is a built-in name (``"public"``, ``"internal"``), the path of a profile
    file or a :class:`Profile`. The result is a valid meeting whenever the original is.
    Raises :class:`ProfileError` for an unknown or bad profile.
    """
    chosen = load_profile(profile)
    if not chosen.removes_anything:
        return Published(meeting, (), chosen)
    redactor = _Redactor(meeting, chosen)
    try:
        published = redactor.meeting(meeting)
    except (ValueError, TypeError) as error:
        # A text that the replacements make longer than the model allows, for instance.
        raise PublicationError(
            f"the meeting {meeting.id} cannot be published under the {chosen.name!r} profile: "
            f"{error}"
        ) from error
    return Published(published, tuple(redactor.redactions), chosen)


def for_publication(
    meeting: Meeting, profile: str | os.PathLike[str] | Profile = DEFAULT_PROFILE
) -> Meeting:
    """The meeting as ``profile`` allows it to be published (see :func:`publish`)."""
    return publish(meeting, profile).meeting


def report_lines(
    redactions: Sequence[Redaction], *, source: str | None = None, masked: bool = False
) -> list[str]:
    """The report as lines ``SOURCE: path: what was removed``.

    With ``masked=True`` each line ends with the masked value; keep such a report to
    yourself, since a masked phone number still shows its last two digits.
    """
    prefix = f"{source}: " if source else ""
    return [
        f"{prefix}{redaction}" + (f" ({redaction.masked})" if masked else "")
        for redaction in redactions
    ]


def _initials(name: str) -> str:
    return " ".join(f"{word[0]}." for word in name.split() if word[:1].isalpha()) or "…"


def _members(meeting: Meeting) -> set[str]:
    return {text_key(p.name) for p in (*meeting.present, *meeting.absent)}


class _Redactor:
    """One walk over a meeting, building the redacted copy and the report."""

    def __init__(self, meeting: Meeting, profile: Profile) -> None:
        self.profile = profile
        self.words: Replacements = profile.replacements(meeting.language)
        self.replacement: dict[ContactKind, str] = {
            "email": self.words.email,
            "phone": self.words.phone,
        }
        self.redactions: list[Redaction] = []
        self.private: dict[str, str] = {}
        """Private persons: their name key and the name that replaces them."""
        self.private_names: list[str] = []
        """Private persons' names as written in the meeting, composed (NFC)."""
        if profile.remove_private_persons:
            self._find_private_persons(meeting)
        self.names = self._name_pattern()

    # Who is a private person ---------------------------------------------------------------

    def _find_private_persons(self, meeting: Meeting) -> None:
        members = _members(meeting)
        # Someone already anonymised (a meeting published twice) keeps their name.
        anonymised = re.compile(rf"{re.escape(self.words.private_person)} \d+", re.IGNORECASE)
        candidates = [*meeting.guests, *(p for item in meeting.agenda for p in item.presenters)]
        for person in candidates:
            key = text_key(person.name)
            if key in members or key in self.private or anonymised.fullmatch(person.name):
                continue
            if not self.profile.is_public_body(person.organisation):
                self.private[key] = f"{self.words.private_person} {len(self.private) + 1}"
                self.private_names.append(composed(person.name))

    def _name_pattern(self) -> re.Pattern[str] | None:
        # Only full names of two words or more: a first name alone could be anyone's. Each
        # as written and case folded: IGNORECASE alone does not find "Strauss" for "Strauß".
        spellings = {
            spelling
            for name in self.private_names
            for spelling in (name, text_key(name))
            if len(spelling.split()) >= 2
        }
        if not spellings:
            return None
        spaced = (
            r"\s+".join(re.escape(word) for word in name.split())
            for name in sorted(spellings, key=len, reverse=True)
        )
        return re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)", re.IGNORECASE)

    # Text --------------------------------------------------------------------------------

    def _record(self, path: str, kind: RedactionKind, masked: str) -> None:
        self.redactions.append(Redaction(path, kind, masked))

    def text(self, text: str, path: str, *, names: bool = True) -> str:
        """A text with contact details and (unless ``names`` is false) private persons'
        names replaced."""
        profile = self.profile
        found: list[Found] = []
        if profile.remove_emails or profile.remove_phone_numbers:
            found = find_contacts(
                text, emails=profile.remove_emails, phones=profile.remove_phone_numbers
            )
        if found:
            parts: list[str] = []
            position = 0
            for item in found:
                parts.append(text[position : item.start])
                parts.append(self.replacement[item.kind])
                position = item.end
                self._record(path, RedactionKind(item.kind), mask(item.kind, item.value))
            parts.append(text[position:])
            text = "".join(parts)
        if names and self.names is not None:
            # Searched composed: a name typed with decomposed letters is the same name.
            text = self.names.sub(lambda match: self._name(match, path), composed(text))
        return text

    def _name(self, match: re.Match[str], path: str) -> str:
        self._record(path, RedactionKind.PRIVATE_NAME, _initials(match.group()))
        # A match the regular expression's case rules found but case folding does not map
        # back (rare letters such as "İ") is still a private name.
        return self.private.get(text_key(match.group()), self.words.private_person)

    def optional(self, text: str | None, path: str, *, names: bool = True) -> str | None:
        return None if text is None else self.text(text, path, names=names)

    def _contact_in(self, url: str) -> Found | None:
        """The address or phone number a URL holds, if this profile removes it."""
        if url.lower().startswith("mailto:"):
            if not self.profile.remove_emails:
                return None
            address = url[len("mailto:") :].split("?", 1)[0]
            return Found("email", 0, len(url), address)
        found = find_contacts(
            url, emails=self.profile.remove_emails, phones=self.profile.remove_phone_numbers
        )
        return found[0] if found else None

    def url(self, url: str | None, path: str) -> str | None:
        found = None if url is None else self._contact_in(url)
        if found is None:
            return url
        self._record(path, RedactionKind(found.kind), mask(found.kind, found.value))
        return None

    def inlines(self, content: Sequence[Inline], path: str) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for index, part in enumerate(content):
            part_path = f"{path}[{index}]"
            if isinstance(part, str):
                result.append(self.text(part, part_path))
                continue
            text = self.text(part.text, f"{part_path}.text")
            # A link to an address or a phone number becomes its text.
            result.append(
                text if self.url(part.url, f"{part_path}.url") is None else Link(text, part.url)
            )
        return tuple(result)

    # The model ---------------------------------------------------------------------------

    def person(self, person: Person, path: str) -> Person:
        replacement = self.private.get(text_key(person.name))
        if replacement is not None:
            self._record(path, RedactionKind.PRIVATE_PERSON, _initials(person.name))
            return Person(replacement)
        email = person.email
        if email is not None and self.profile.remove_emails:
            self._record(f"{path}.email", RedactionKind.EMAIL, mask("email", email))
            email = None
        return Person(
            # Another person's name or organisation may contain a private person's name
            # ("Lilla Edet"): it stays.
            name=self.text(person.name, f"{path}.name", names=False),
            organisation=self.optional(person.organisation, f"{path}.organisation", names=False),
            title=self.optional(person.title, f"{path}.title"),
            email=email,
        )

    def people(self, people: Sequence[Person], path: str) -> tuple[Person, ...]:
        return tuple(self.person(p, f"{path}[{i}]") for i, p in enumerate(people))

    def list_block(self, block: BulletList | NumberedList, path: str) -> BulletList | NumberedList:
        items = tuple(
            self.list_item(item, f"{path}.items[{i}]") for i, item in enumerate(block.items)
        )
        return evolve(block, items=items)

    def list_item(self, item: ListItem, path: str) -> ListItem:
        sublist = item.sublist
        return ListItem(
            self.inlines(item.content, f"{path}.content"),
            None if sublist is None else self.list_block(sublist, f"{path}.sublist"),
        )

    def paragraph(self, paragraph: Paragraph, path: str) -> Paragraph:
        return Paragraph(self.inlines(paragraph.content, f"{path}.content"))

    def block(
        self, block: Paragraph | Heading | BulletList | NumberedList, path: str
    ) -> Paragraph | Heading | BulletList | NumberedList:
        if isinstance(block, Paragraph):
            return self.paragraph(block, path)
        if isinstance(block, Heading):
            return Heading(self.text(block.text, f"{path}.text"))
        return self.list_block(block, path)

    def follow_up(self, follow_up: FollowUp, path: str) -> FollowUp:
        owner = follow_up.owner
        return evolve(
            follow_up,
            text=self.text(follow_up.text, f"{path}.text"),
            owner=None if owner is None else self._name_or_text(owner, f"{path}.owner"),
        )

    def _name_or_text(self, name: str, path: str) -> str:
        replacement = self.private.get(text_key(name))
        if replacement is not None:
            self._record(path, RedactionKind.PRIVATE_NAME, _initials(name))
            return replacement
        return self.text(name, path)

    def agenda_item(self, item: AgendaItem, path: str) -> AgendaItem:
        return evolve(
            item,
            title=self.text(item.title, f"{path}.title"),
            presenters=self.people(item.presenters, f"{path}.presenters"),
            body=tuple(self.block(b, f"{path}.body[{i}]") for i, b in enumerate(item.body)),
            decisions=tuple(
                self.paragraph(d, f"{path}.decisions[{i}]") for i, d in enumerate(item.decisions)
            ),
            follow_ups=tuple(
                self.follow_up(f, f"{path}.follow_ups[{i}]") for i, f in enumerate(item.follow_ups)
            ),
        )

    def upcoming(self, upcoming: UpcomingMeeting, path: str) -> UpcomingMeeting:
        return evolve(
            upcoming,
            title=self.text(upcoming.title, f"{path}.title"),
            location=self.optional(upcoming.location, f"{path}.location"),
            note=self.optional(upcoming.note, f"{path}.note"),
        )

    def recorder(self, recorder: Recorder | None) -> Recorder | None:
        if recorder is None:
            return None
        replacement = self.private.get(text_key(recorder.name))
        if replacement is not None:
            self._record("recorded_by", RedactionKind.PRIVATE_PERSON, _initials(recorder.name))
            return Recorder(replacement)
        return Recorder(
            self.text(recorder.name, "recorded_by.name", names=False),
            self.optional(recorder.title, "recorded_by.title"),
        )

    def meeting(self, meeting: Meeting) -> Meeting:
        return evolve(
            meeting,
            body=self.text(meeting.body, "body"),
            organisation=self.text(meeting.organisation, "organisation"),
            location=self.optional(meeting.location, "location"),
            url=self.url(meeting.url, "url"),
            present=self.people(meeting.present, "present"),
            absent=self.people(meeting.absent, "absent"),
            guests=self.people(meeting.guests, "guests"),
            agenda=tuple(self.agenda_item(a, f"agenda[{i}]") for i, a in enumerate(meeting.agenda)),
            upcoming=tuple(
                self.upcoming(u, f"upcoming[{i}]") for i, u in enumerate(meeting.upcoming)
            ),
            recorded_by=self.recorder(meeting.recorded_by),
        )


__all__ = [
    "BUILT_IN_PROFILES",
    "DEFAULT_PROFILE",
    "Profile",
    "ProfileError",
    "PublicationError",
    "Published",
    "Redaction",
    "RedactionKind",
    "Replacements",
    "for_publication",
    "load_profile",
    "parse_profile",
    "publish",
    "report_lines",
]
