"""Reading plain-text minutes into a meeting."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Callable
from typing import Any, cast

from kommunchef import _checks
from kommunchef.document import is_upcoming_title
from kommunchef.identity import slugify
from kommunchef.keys import text_key
from kommunchef.labels import (
    document_title,
    label,
)
from kommunchef.model import (
    STOCKHOLM,
    AgendaItem,
    Block,
    DocumentKind,
    FollowUp,
    Heading,
    Language,
    Link,
    Meeting,
    MeetingStatus,
    Paragraph,
    Person,
    Recorder,
    UpcomingMeeting,
)
from kommunchef.plaintext.agenda import segment_agenda
from kommunchef.plaintext.blocks import ItemBuild, list_block, read_blocks
from kommunchef.plaintext.dates import parse_day, parse_times
from kommunchef.plaintext.errors import TextFormatError, TextFormatWarning, fail, make
from kommunchef.plaintext.inline import read_inline
from kommunchef.plaintext.lines import (
    Keyword,
    Line,
    heading_like,
    looks_like_heading,
    next_content,
    prepare_lines,
)
from kommunchef.plaintext.people import split_person
from kommunchef.plaintext.sentences import split_follow_ups
from kommunchef.plaintext.upcoming import read_upcoming_line, upcoming_in_text
from kommunchef.plaintext.vocabulary import (
    DEFAULT_BODY,
    GROUPS,
    HEADER_WORDS,
    STATUS_ALIASES,
    STATUS_WORDS,
    SWEDISH_WORDS,
    both_labels,
    title_words,
)
from kommunchef.validation import validate

# "A och B": white space only from the start of a run, possessive, so a split stays linear.
_AND = re.compile(r"(?<!\s)\s++(?:och|and)\s++")


class _Reader:
    """Reads the lines of one text: preamble, agenda, upcoming section, signature.

    ``where`` maps model paths (``present[2]``, ``agenda[0].body[1]``) to the line they came
    from, so that validation errors can name the line.
    """

    def __init__(self, lines: list[Line], day: dt.date | None, meeting_id: str | None) -> None:
        self.lines = lines
        self.given_date = day
        self.meeting_id = meeting_id
        self.where: dict[str, Line] = {}
        self.kind = DocumentKind.MINUTES
        self.language = Language.SV
        self.header: dict[str, tuple[str, Line]] = {}
        self.people: dict[str, list[Person]] = {group: [] for group in GROUPS}
        self.saw_attendance = False
        self.upcoming: list[tuple[UpcomingMeeting, Line]] = []
        # Meetings a paragraph states: a bullet naming the same meeting again adds none.
        self.stated_upcoming: list[UpcomingMeeting] = []
        self.date = dt.date.min
        self.body = DEFAULT_BODY
        self.title_key = ""
        self.swedish = False  # a header word or heading seen is Swedish only
        self.doubts: list[tuple[Line, str]] = []

    # The parts of the text ----------------------------------------------------------------

    def read(self) -> Meeting:
        end = self._find(lambda line: line.keyword is Keyword.SIGNATURE, len(self.lines))
        section = self._find(lambda line: line.indent == 0 and line.keyword is Keyword.SECTION, end)
        agenda = self._find(lambda line: line.token.agenda is not None, section)
        self._read_preamble(agenda)
        if self.title_key == "agenda" and self.swedish:
            # "Agenda" is also a Swedish word: Swedish headings make the document Swedish.
            self.language = Language.SV
        self._settle_date()
        if self.kind is DocumentKind.MINUTES and not self.saw_attendance:
            where = self.lines[agenda] if agenda < len(self.lines) else None
            raise fail(
                "the minutes have no attendance section: list the people under a heading "
                "such as NÄRVARANDE before the agenda",
                where,
            )
        items = self._read_agenda(agenda, section) if agenda < section else []
        self._read_section(section, end)
        recorder = self._read_signature(end)
        meeting = self._meeting(items, recorder)
        self._check(meeting)
        for line, doubt in self.doubts:
            warnings.warn(TextFormatWarning(doubt, line.number, line.raw), stacklevel=3)
        return meeting

    def _find(self, test: Callable[[Line], bool], limit: int) -> int:
        for index in range(limit):
            if not self.lines[index].blank and test(self.lines[index]):
                return index
        return limit

    # Title, header and attendance -------------------------------------------------------

    def _read_preamble(self, stop: int) -> None:
        index = next_content(self.lines, 0)
        if index is None or index >= stop:
            return
        first = self.lines[index]
        if self._read_title(first):
            index += 1
        group: str | None = None
        for line in self.lines[index:stop]:
            if line.blank:
                continue
            text = line.text
            found = line.token.payload if line.keyword is Keyword.GROUP else None
            if found is not None:
                group = found
                self.saw_attendance = True
                self.swedish = self.swedish or text_key(text.removesuffix(":")) in SWEDISH_WORDS
                continue
            if group is None:
                self._read_header_line(line)
                continue
            if looks_like_heading(text):
                raise fail(self._unknown_heading(), line)
            fields = split_person(text)
            if fields is None:
                raise fail(
                    'a person needs "Name, Organisation" (or "Name, Organisation, Title")', line
                )
            name, organisation, title, email = fields
            person = make(line, "the person", Person, name, organisation, title, email)
            self.where[f"{group}[{len(self.people[group])}]"] = line
            self.people[group].append(person)

    @staticmethod
    def _unknown_heading() -> str:
        known = ", ".join(label(group, Language.SV).upper() for group in GROUPS)
        return f"unknown attendance heading; use one of {known} (or FRÅNVARANDE, ADJUNGERADE)"

    def _read_title(self, line: Line) -> bool:
        words = title_words()
        key = text_key(line.text.removesuffix(":"))
        self.title_key = key.split(" ")[0]
        if key in words:
            self.kind, self.language = words[key]
            return True
        for word, (kind, language) in words.items():
            if key.startswith((word + " ", word + ",")):
                rest = line.text[len(word) :].strip(" ,:-–")
                day = parse_day(rest)
                if day is None:
                    raise fail(
                        f"the title line must be just {document_title(kind, language)!r}, "
                        "optionally followed by the date; put other facts on header lines "
                        "such as 'Plats: ...'",
                        line,
                    )
                self.kind, self.language = kind, language
                self.header["date"] = (rest, line)
                return True
        return False

    def _read_header_line(self, line: Line) -> None:
        before, colon, value = line.text.partition(":")
        key = text_key(before)
        for name, words in HEADER_WORDS.items():
            if colon and key in {text_key(w) for w in words}:
                if name in self.header:
                    raise fail(f"a second {before.strip()!r} line; give each fact once", line)
                if not value.strip():
                    raise fail(f"{before.strip()!r} needs a value", line)
                self.header[name] = (value.strip(), line)
                self.swedish = self.swedish or key in SWEDISH_WORDS
                return
        if looks_like_heading(line.text):
            raise fail(self._unknown_heading(), line)
        if colon and len(before) <= 30 and not line.marker:
            known = ", ".join(HEADER_WORDS[n][0] for n in HEADER_WORDS)
            raise fail(f"unknown header {before.strip()!r}; the header knows {known}", line)
        raise fail(
            "expected a header line such as 'Datum: 2021-10-08' or an attendance heading "
            "such as NÄRVARANDE",
            line,
        )

    def _settle_date(self) -> None:
        if "date" in self.header:
            text, line = self.header["date"]
            day = parse_day(text)
            if day is None:
                raise fail("unreadable date; write it as 2021-10-08 or 8 oktober 2021", line)
            if self.given_date is not None and self.given_date != day:
                raise fail(
                    f"the text gives the date {day.isoformat()} but "
                    f"{self.given_date.isoformat()} was given; they must agree",
                    line,
                )
            self.date = day
            self.where["date"] = line
        elif self.given_date is not None:
            self.date = self.given_date
        else:
            raise TextFormatError(
                "the text has no date: add a header line such as 'Datum: 2021-10-08' "
                "or give the date (kommunchef import --date 2021-10-08)"
            )
        if "body" in self.header:
            self.body = self.header["body"][0]

    def _header_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if "time" in self.header:
            text, line = self.header["time"]
            try:
                times = parse_times(text)
            except ValueError:
                times = None
            if times is None:
                raise fail("unreadable time; write it as 09.00–12.00 or 09.00", line)
            fields["start"] = dt.datetime.combine(self.date, times[0], tzinfo=STOCKHOLM)
            if times[1] is not None:
                fields["end"] = dt.datetime.combine(self.date, times[1], tzinfo=STOCKHOLM)
            self.where["start"] = self.where["end"] = line
        for name in ("location", "body", "organisation"):
            if name in self.header:
                fields[name] = self.header[name][0]
                self.where[name] = self.header[name][1]
        if "url" in self.header:
            url, line = self.header["url"]
            make(line, "the link", Link, url, url)
            fields["url"] = url
            self.where["url"] = line
        if "status" in self.header:
            text, line = self.header["status"]
            fields["status"] = _status_of(text, line)
        if "revision" in self.header:
            text, line = self.header["revision"]
            if not text.isdigit():
                raise fail("the revision must be a whole number such as 2", line)
            fields["revision"] = int(text)
        return fields

    # The agenda ---------------------------------------------------------------------------

    def _read_agenda(self, start: int, stop: int) -> list[AgendaItem]:
        return [
            self._item(index, segment.number, segment.title, segment.heading, segment.lines)
            for index, segment in enumerate(segment_agenda(self.lines[start:stop]))
        ]

    def _item(
        self, index: int, number: int, title: str, heading: Line, content: list[Line]
    ) -> AgendaItem:
        path = f"agenda[{index}]"
        self.where[path] = heading
        presenters: tuple[Person, ...] = ()
        first = next_content(content, 0)
        if first is not None and content[first].keyword is Keyword.PRESENTERS:
            names = content[first].token.payload
            presenters = self._presenters(names, content[first])
            self.where[f"{path}.presenters"] = content[first]
            content = content[:first] + content[first + 1 :]
        upcoming_item = is_upcoming_title(title)
        body: list[Block] = []
        decisions: list[Paragraph] = []
        follow_ups: list[FollowUp] = []
        in_decisions = in_follow_ups = False
        blocks = read_blocks(content)
        for position, block in enumerate(blocks):
            more = position + 1 < len(blocks)
            if block.tree is not None:
                tree = block.tree
                if upcoming_item and not tree.numbered:
                    tree.items = [item for item in tree.items if not self._upcoming_bullet(item)]
                    if not tree.items:
                        continue
                if in_decisions:
                    for item in tree.items:
                        if item.sub is not None:
                            raise fail(
                                "a decision cannot have a nested list", item.sub.items[0].line
                            )
                        decisions.append(
                            self._paragraph(
                                item.text, item.line, f"{path}.decisions[{len(decisions)}]"
                            )
                        )
                    continue
                self.where[f"{path}.body[{len(body)}]"] = block.first
                body.append(make(block.first, "the list", list_block, tree))
                continue
            lines = block.lines
            if lines[0].keyword is Keyword.FOLLOW_UPS and len(lines) == 1 and more:
                in_follow_ups, in_decisions = True, False
                continue
            if in_follow_ups and not (len(lines) == 1 and heading_like(lines[0].text)):
                self.where[f"{path}.follow_ups[{len(follow_ups)}]"] = block.first
                text = " ".join(line.text for line in lines)
                follow_ups.append(make(block.first, "the follow-up", _follow_up, text))
                continue
            in_follow_ups = False
            if lines[0].keyword is Keyword.DECISIONS:
                if len(lines) == 1 and more:
                    in_decisions = True
                    continue
                if len(lines) > 1:
                    in_decisions = True
                    lines = lines[1:]
            texts = [line.text for line in lines]
            target = "decisions" if in_decisions else "body"
            inline_decision = lines[0].keyword is Keyword.DECISION
            if inline_decision:
                texts[0], target = lines[0].token.payload, "decisions"
            raw = " ".join(texts)
            if (
                not inline_decision
                and len(texts) == 1
                and more
                and block.ended_by_blank
                and heading_like(raw)
            ):
                self.where[f"{path}.body[{len(body)}]"] = block.first
                body.append(make(block.first, "the sub-heading", Heading, raw))
                in_decisions = False
                continue
            # A follow-up sentence is a follow-up; a paragraph with more than that stays whole,
            # so the author's paragraphs survive (the writer does not repeat what it states).
            sentences, rest = split_follow_ups(raw)
            for sentence in sentences:
                self.where[f"{path}.follow_ups[{len(follow_ups)}]"] = block.first
                follow_ups.append(make(block.first, "the follow-up", FollowUp, sentence))
            if not rest.strip():
                continue
            if target == "decisions":
                decisions.append(
                    self._paragraph(raw, block.first, f"{path}.decisions[{len(decisions)}]")
                )
                continue
            paragraph = self._paragraph(raw, block.first, f"{path}.body[{len(body)}]")
            body.append(paragraph)
            if upcoming_item:
                for upcoming in upcoming_in_text(paragraph.text, self.date, self.body):
                    self.upcoming.append((upcoming, block.first))
                    self.stated_upcoming.append(upcoming)
        return make(
            heading,
            f"agenda item {number}",
            AgendaItem,
            number=number,
            title=title,
            presenters=presenters,
            body=tuple(body),
            decisions=tuple(decisions),
            follow_ups=tuple(follow_ups),
        )

    def _paragraph(self, raw: str, line: Line, path: str) -> Paragraph:
        self.where[path] = line
        return make(line, "the paragraph", Paragraph, read_inline(raw))

    def _upcoming_bullet(self, item: ItemBuild) -> bool:
        """Take a dated bullet of the upcoming-meetings item as an upcoming meeting."""
        upcoming = self._upcoming_line(item.text, item.line)
        if upcoming is None:
            return False
        if item.sub is not None:
            raise fail("an upcoming meeting cannot have a nested list", item.sub.items[0].line)
        if upcoming in self.stated_upcoming:
            self.stated_upcoming.remove(upcoming)  # the paragraph already gave this meeting
            return True
        self.upcoming.append((upcoming, item.line))
        return True

    def _upcoming_line(self, text: str, line: Line) -> UpcomingMeeting | None:
        try:
            reading = read_upcoming_line(text, self.date, self.body)
        except ValueError as error:
            raise fail(f"unreadable upcoming meeting: {error}", line) from None
        if reading is None:
            return None
        if reading.doubt is not None:
            self.doubts.append((line, f"kept whole as the title ({reading.doubt})"))
        return reading.meeting

    def _presenters(self, names: str, line: Line) -> tuple[Person, ...]:
        known: dict[str, Person] = {}
        for group in ("absent", "guests", "present"):
            for person in self.people[group]:
                known[text_key(person.name)] = person
        found: list[Person] = []
        for part in re.split(r"[,;]", names):
            part = part.strip()
            if not part:
                continue
            if text_key(part) in known:
                found.append(known[text_key(part)])
                continue
            pieces = _AND.split(part)
            if len(pieces) > 1 and all(text_key(p) in known for p in pieces):
                found.extend(known[text_key(p)] for p in pieces)
                continue
            if self.kind is not DocumentKind.MINUTES:
                # An agenda or a notice lists nobody: a presenter is known by name only.
                for piece in pieces:
                    listed = known.get(text_key(piece))
                    found.append(listed or make(line, "the presenter", Person, piece))
                continue
            raise fail(
                f"{part!r} presents but is not listed under NÄRVARANDE, EJ NÄRVARANDE or "
                "ÖVRIGA NÄRVARANDE; name presenters as they are listed there",
                line,
            )
        return tuple(found)

    # Upcoming meetings section and signature --------------------------------------------

    def _read_section(self, start: int, stop: int) -> None:
        for line in self.lines[start + 1 : stop]:
            if line.blank:
                continue
            marker = line.marker
            upcoming = None
            if marker is not None and not marker.numbered and line.indent == 0:
                upcoming = self._upcoming_line(marker.content, line)
            if upcoming is None:
                raise fail(
                    "expected an upcoming meeting such as '- 20 maj 2022 – Kommunchefsgruppen'",
                    line,
                )
            self.upcoming.append((upcoming, line))

    def _read_signature(self, start: int) -> Recorder | None:
        if start >= len(self.lines):
            return None
        line = self.lines[start]
        rest = line.token.payload
        after = start + 1
        if not rest:
            following = next_content(self.lines, start + 1)
            if following is None:
                raise fail("the name of who took the minutes is missing", line)
            line = self.lines[following]
            rest = line.text
            after = following + 1
        extra = next_content(self.lines, after)
        if extra is not None:
            raise fail(
                "text after the signature; 'Antecknat av' ends the minutes", self.lines[extra]
            )
        name, _, title = rest.partition(",")
        self.where["recorded_by"] = line
        return make(line, "the signature", Recorder, name, title or None)

    # The meeting --------------------------------------------------------------------------

    def _meeting(self, items: list[AgendaItem], recorder: Recorder | None) -> Meeting:
        fields = self._header_fields()
        meeting_id = self.meeting_id or _derived_id(self.body, self.date)
        try:
            _checks.slug(None, cast(Any, None), meeting_id)
        except (ValueError, TypeError) as error:
            raise TextFormatError(f"the meeting id is not valid: {error}") from None
        for index, (_, line) in enumerate(self.upcoming):
            self.where[f"upcoming[{index}]"] = line
        return make(
            None,
            "the meeting",
            Meeting,
            id=meeting_id,
            date=self.date,
            kind=self.kind,
            language=self.language,
            present=tuple(self.people["present"]),
            absent=tuple(self.people["absent"]),
            guests=tuple(self.people["guests"]),
            agenda=tuple(items),
            upcoming=tuple(u for u, _ in self.upcoming),
            recorded_by=recorder,
            **fields,
        )

    def _check(self, meeting: Meeting) -> None:
        problems = validate(meeting)
        errors = [p for p in problems if p.severity == "error"]
        if not errors:
            return
        line = self._line_for(errors[0].path)
        raise fail("the minutes are not valid", line, errors)

    def _line_for(self, path: str) -> Line | None:
        while path:
            if path in self.where:
                return self.where[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return None


def _follow_up(text: str) -> FollowUp:
    """A follow-up under ``Uppföljning``: ``Text (Ansvarig: X; Senast: 8 oktober 2021)``."""
    owner = due = None
    if text.endswith(")") and " (" in text:
        body, _, details = text[:-1].rpartition(" (")
        fields = {}
        for part in details.split(";"):
            name, colon, value = part.partition(":")
            fields[text_key(name)] = value.strip() if colon else None
        owners = {text_key(word) for word in both_labels("owner")}
        dues = {text_key(word) for word in both_labels("due")}
        if fields and all(key in owners | dues and value for key, value in fields.items()):
            owner = next((v for k, v in fields.items() if k in owners), None)
            due_text = next((v for k, v in fields.items() if k in dues), None)
            due = parse_day(due_text) if due_text else None
            if due_text is None or due is not None:
                text = body
            else:
                owner = None
    return FollowUp(text, owner=owner, due=due)


def _status_of(text: str, line: Line) -> MeetingStatus:
    key = text_key(text)
    for status, words in STATUS_WORDS.items():
        if key in words or key == status.value:
            return status
    if key in STATUS_ALIASES:
        return STATUS_ALIASES[key]
    known = ", ".join(words[0] for words in STATUS_WORDS.values())
    raise fail(f"unknown status; use one of {known}", line)


def _derived_id(body: str, day: dt.date) -> str:
    """``kcg-2021-10-08`` for Kommunchefsgruppen, else the body's ASCII slug and the date."""
    if text_key(body) == text_key(DEFAULT_BODY):
        return f"kcg-{day.isoformat()}"
    return f"{slugify(body) or 'meeting'}-{day.isoformat()}"


def parse_text(text: str, *, date: dt.date | None = None, meeting_id: str | None = None) -> Meeting:
    """Read plain-text minutes into a valid meeting.

    ``date`` gives the meeting's date when the text has no ``Datum:`` line (if both are
    given they must agree); ``meeting_id`` overrides the derived id (``kcg-YYYY-MM-DD`` for
    Kommunchefsgruppen, else the body's name and the date). Anything unreadable or invalid
    raises :class:`TextFormatError` naming the line; warnings of
    :func:`kommunchef.validate` are allowed.
    """
    if isinstance(date, dt.datetime):
        date = date.date()
    if date is not None and not isinstance(date, dt.date):
        raise TypeError(f"date must be a datetime.date, not {type(date).__name__}")
    return _Reader(prepare_lines(text), date, meeting_id).read()
