"""The ``md`` format for kommunchef: a meeting as Markdown for wikis and Teams.

The output is CommonMark with nothing but headings, paragraphs, bold text, lists and links, so
it reads the same in GitHub, GitLab and Azure DevOps wikis and in a chat message. Every text of
the meeting is escaped, so a name or a title can never turn into markup, a link or an image.

This distribution is also the example of a third-party exporter plugin: an object with
``name``, ``media_type``, ``suffix``, ``description``, ``options`` and ``export``,
registered under the entry-point group ``kommunchef.exporters``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from kommunchef.exporting import check_options, items_option, language_option
from kommunchef.labels import (
    describe_upcoming,
    document_title,
    excerpt_title,
    format_date,
    format_time_range,
    label,
)
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

__all__ = ["MarkdownExporter", "escape", "exporter", "link_destination", "render"]

# CommonMark lets a backslash escape any ASCII punctuation character. These characters are
# escaped wherever they stand, because anywhere in a line they can open or close markup in
# CommonMark or GitHub Flavored Markdown (emphasis, code, links, images, HTML, entities,
# tables, strikethrough) or in common extensions (attribute lists and templates, math,
# footnotes, @mentions and e-mail autolinks, #references).
_ANYWHERE = re.escape("\\`*_{}[]()<>#+!|~&$^@")
# Bare addresses become links in many renderers: "www.example.org", "https://...",
# "//localhost", "p@example.org". Escaping "@", a "." inside a word and the first "/" of "//"
# keeps them text. A ":" that does not follow a letter or digit is escaped too, against
# ":emoji:" codes. Full stops and colons in ordinary prose ("nedan: ...", "GR:s") stay readable.
_SPECIAL = re.compile(rf"[{_ANYWHERE}]|\.(?=\S)|/(?=/)|(?<!\w):")
# At the start of a line "-", "=" and "1." begin a list, a rule or a setext heading.
_LINE_START = re.compile(r"^(?:[-=]|\d{1,9}\.)")
# In a link destination an "&" that starts an entity would be decoded: "&lt;" becomes "<".
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# The ASCII characters a link destination keeps as they are (RFC 3986 reserved and "%", which
# already starts an escape). Parentheses, spaces, quotes, "<", ">", "\\" and all non-ASCII
# characters are percent-encoded, so the destination never ends the link early.
_URL_SAFE = "!#$%&'*+,/:;=?@[]~"


def escape(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters and never becomes markup.

    Text that starts a line needs one more guard: a leading "-" or "1." would begin a list,
    and :func:`render` escapes those too.
    """
    return _SPECIAL.sub(lambda match: "\\" + match.group(), text)


def link_destination(url: str) -> str:
    """The URL as a link destination for ``[text](destination)``."""
    encoded = quote(url, safe=_URL_SAFE)
    return _ENTITY_START.sub(r"\\&", encoded)


def _inline(content: Iterable[Inline]) -> str:
    parts = []
    for part in content:
        if isinstance(part, Link):
            parts.append(f"[{escape(part.text)}]({link_destination(part.url)})")
        else:
            parts.append(escape(part))
    return "".join(parts)


def _line(markdown: str) -> str:
    """Markdown that starts a line: surrounding spaces would make code blocks or line breaks."""
    markdown = markdown.strip(" ")
    return _LINE_START.sub(_escape_last, markdown, count=1)


def _escape_last(match: re.Match[str]) -> str:
    # "-" becomes "\-" and "12." becomes "12\.": a backslash only escapes punctuation.
    found = match.group()
    return f"{found[:-1]}\\{found[-1]}"


def _person(person: Person) -> str:
    details = [part for part in (person.title, person.organisation_label) if part]
    return ", ".join(escape(part) for part in (person.name, *details))


def _presenter(person: Person) -> str:
    details = [part for part in (person.title, person.organisation_label) if part]
    name = escape(person.name)
    return f"{name} ({', '.join(escape(d) for d in details)})" if details else name


def _list(block: BulletList | NumberedList, bullet: str, delimiter: str) -> list[str]:
    lines: list[str] = []
    for index, entry in enumerate(block.items):
        if isinstance(block, NumberedList):
            marker = f"{block.start + index}{delimiter} "
        else:
            marker = f"{bullet} "
        lines.append(marker + _line(_inline(entry.content)))
        sublist = entry.sublist
        if sublist is None:
            continue
        if isinstance(sublist, NumberedList) and sublist.start != 1:
            # Only a list starting at 1 may follow a line of text directly; any other start
            # would be read as more text, so a blank line comes first.
            lines.append("")
        # A nested list is indented to the column where its item's text starts.
        indent = " " * len(marker)
        lines.extend(indent + line if line else "" for line in _list(sublist, "-", "."))
    return lines


_MARKERS = ("-", ".")
_OTHER_MARKERS = ("*", ")")


def _body(blocks: Sequence[Block]) -> list[list[str]]:
    """The item's blocks, each a list of lines."""
    rendered: list[list[str]] = []
    previous_list: type | None = None
    markers = _MARKERS
    for block in blocks:
        if isinstance(block, Paragraph):
            rendered.append([_line(_inline(block.content))])
            previous_list = None
        elif isinstance(block, Heading):
            rendered.append([f"### {escape(block.text)}"])
            previous_list = None
        else:
            # Two lists of the same kind in a row would merge into one; switching the marker
            # ("-" and "*", "1." and "1)") keeps them apart.
            if previous_list is type(block):
                markers = _OTHER_MARKERS if markers == _MARKERS else _MARKERS
            else:
                markers = _MARKERS
            rendered.append(_list(block, *markers))
            previous_list = type(block)
    return rendered


def _follow_up(follow_up: FollowUp, language: Language) -> str:
    details = []
    if follow_up.owner:
        details.append(f"{label('owner', language)}: {escape(follow_up.owner)}")
    if follow_up.due:
        details.append(f"{label('due', language)}: {format_date(follow_up.due, language)}")
    text = escape(follow_up.text)
    return f"- {_line(text)} ({'; '.join(details)})" if details else f"- {_line(text)}"


def _item(item: AgendaItem, language: Language) -> list[list[str]]:
    blocks: list[list[str]] = [[f"## {item.number}. {escape(item.title)}"]]
    if item.presenters:
        names = ", ".join(_presenter(p) for p in item.presenters)
        blocks.append([f"**{label('presenters', language)}:** {names}"])
    blocks.extend(_body(item.body))
    if item.decisions:
        blocks.append([f"**{label('decisions', language)}**"])
        blocks.extend([_line(_inline(d.content))] for d in item.decisions)
    if item.follow_ups:
        blocks.append([f"**{label('follow_ups', language)}**"])
        blocks.append([_follow_up(f, language) for f in item.follow_ups])
    return blocks


def _upcoming(upcoming: UpcomingMeeting, language: Language) -> str:
    # Dates and labels are kommunchef's own words; only the meeting's text is escaped.
    text = f"{describe_upcoming(upcoming, language)}: {escape(upcoming.title)}"
    if upcoming.location:
        text += f", {escape(upcoming.location)}"
    if upcoming.note:
        text += f" ({escape(upcoming.note)})"
    if upcoming.cancelled:
        text = f"**{label('cancelled', language)}** {text}"
    return f"- {text}"


def _facts(meeting: Meeting, language: Language) -> list[str]:
    facts = [f"**{label('date', language)}:** {format_date(meeting.date, language, weekday=True)}"]
    times = format_time_range(meeting.start, meeting.end, language)
    if times:
        facts.append(f"**{label('time', language)}:** {times}")
    if meeting.location:
        facts.append(f"**{label('location', language)}:** {escape(meeting.location)}")
    if meeting.url:
        facts.append(f"[{escape(meeting.url)}]({link_destination(meeting.url)})")
    return [f"- {fact}" for fact in facts]


def render(meeting: Meeting, language: Language, excerpt: Sequence[int] | None = None) -> str:
    """The meeting as Markdown text; ``excerpt`` names the agenda items of an excerpt."""
    kind = document_title(meeting.kind, language)
    if excerpt is not None:
        kind = excerpt_title(meeting.kind, language)
    title = f"{kind} – {meeting.body} {format_date(meeting.date, language)}"
    # The body is the meeting's own text; escaping the whole title is simplest and harmless.
    blocks: list[list[str]] = [[f"# {escape(title)}"]]
    if excerpt is not None:
        numbers = ", ".join(str(n) for n in excerpt)
        blocks.append(
            [f"*{label('excerpt', language)}: {label('item', language).lower()} {numbers}*"]
        )
    if meeting.status is MeetingStatus.CANCELLED:
        blocks.append([f"**{label('cancelled', language)}**"])
    blocks.append(_facts(meeting, language))
    for key, people in (
        ("present", meeting.present),
        ("absent", meeting.absent),
        ("guests", meeting.guests),
    ):
        if people:
            blocks.append([f"## {label(key, language)}"])
            blocks.append([f"- {_line(_person(p))}" for p in people])
    for item in meeting.agenda:
        blocks.extend(_item(item, language))
    if meeting.upcoming:
        blocks.append([f"## {label('upcoming', language)}"])
        blocks.append([_upcoming(u, language) for u in meeting.upcoming])
    if meeting.recorded_by is not None:
        recorder = meeting.recorded_by
        who = ", ".join(escape(p) for p in (recorder.name, recorder.title) if p)
        blocks.append([f"**{label('recorded_by', language)}:** {who}"])
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"


# --8<-- [start:exporter]
class MarkdownExporter:
    """Writes a meeting as Markdown (CommonMark) for wikis and Teams.

    Options: ``lang`` (``sv`` or ``en``, default the meeting's language) and ``items``
    (``items=2,4``: an excerpt with only those agenda items).
    """

    name = "md"
    media_type = "text/markdown"
    suffix = ".md"
    description = "Markdown for wikis and Teams (CommonMark)"
    options = ("lang", "items")

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """The meeting as UTF-8 Markdown."""
        check_options(self.name, options, self.options)
        language = language_option(meeting, options)
        shown = items_option(meeting, options)
        excerpt = [item.number for item in shown.agenda] if "items" in options else None
        return render(shown, language, excerpt).encode("utf-8")


exporter = MarkdownExporter()
"""The object the entry point ``md = "kommunchef_markdown:exporter"`` names."""
# --8<-- [end:exporter]
