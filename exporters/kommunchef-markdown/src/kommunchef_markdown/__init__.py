"""The ``md`` format for kommunchef: a meeting as Markdown for wikis and Teams.

The output is CommonMark with nothing but headings, paragraphs, bold text, lists and links, so
it reads the same in GitHub, GitLab and Azure DevOps wikis and in a chat message. Every text of
the meeting is escaped, so a name or a title can never turn into markup, a link or an image.

It renders the core's document outline (:mod:`kommunchef.document`): every word, date and
policy comes from there, this module only writes Markdown syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote

from kommunchef.document import (
    BlockView,
    FactView,
    FollowUpView,
    HeadingView,
    ItemView,
    LinkView,
    ListView,
    Outline,
    ParagraphView,
    PersonView,
    Span,
    UpcomingView,
)
from kommunchef.exporting import OutlineExporter

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


def _inline(content: Iterable[Span]) -> str:
    parts = []
    for part in content:
        if isinstance(part, LinkView):
            if part.href is None:
                parts.append(escape(part.text))
            else:
                parts.append(f"[{escape(part.text)}]({link_destination(part.href)})")
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


def _list(block: ListView, bullet: str, delimiter: str) -> list[str]:
    lines: list[str] = []
    for index, entry in enumerate(block.entries):
        marker = f"{block.start + index}{delimiter} " if block.ordered else f"{bullet} "
        lines.append(marker + _line(_inline(entry.content)))
        sublist = entry.sublist
        if sublist is None:
            continue
        if sublist.ordered and sublist.start != 1:
            # Only a list starting at 1 may follow a line of text directly; any other start
            # would be read as more text, so a blank line comes first.
            lines.append("")
        # A nested list is indented to the column where its item's text starts.
        indent = " " * len(marker)
        lines.extend(indent + line if line else "" for line in _list(sublist, "-", "."))
    return lines


# Dates, times and punctuation in kommunchef's own words hold no markup: left unescaped,
# "09.00" stays readable in the Markdown source.
_OWN_WORDS = frozenset({"date", "time", "when", "punct", "label"})

_MARKERS = ("-", ".")
_OTHER_MARKERS = ("*", ")")


def _body(blocks: Sequence[BlockView]) -> list[list[str]]:
    """The item's blocks, each a list of lines."""
    rendered: list[list[str]] = []
    previous_list: bool | None = None
    markers = _MARKERS
    for block in blocks:
        if isinstance(block, ParagraphView):
            rendered.append([_line(_inline(block.content))])
            previous_list = None
        elif isinstance(block, HeadingView):
            rendered.append([f"### {escape(block.text)}"])
            previous_list = None
        else:
            # Two lists of the same kind in a row would merge into one; switching the marker
            # ("-" and "*", "1." and "1)") keeps them apart.
            if previous_list is block.ordered:
                markers = _OTHER_MARKERS if markers == _MARKERS else _MARKERS
            else:
                markers = _MARKERS
            rendered.append(_list(block, *markers))
            previous_list = block.ordered
    return rendered


def _upcoming(upcoming: UpcomingView) -> str:
    # The line's words and punctuation are the outline's; the meeting's text is escaped.
    parts = []
    for segment in upcoming.segments:
        if segment.role == "cancelled":
            parts.append(f"**{segment.text}**")
        elif segment.role in _OWN_WORDS:
            parts.append(segment.text)
        else:
            parts.append(escape(segment.text))
    return f"- {_line(''.join(parts))}"


def _item(document: Outline, item: ItemView) -> list[list[str]]:
    blocks: list[list[str]] = [[f"## {escape(item.heading)}"]]
    if item.presenters:
        names = ", ".join(_person(person) for person in item.presenters)
        blocks.append([f"**{escape(document.label('presenters'))}:** {names}"])
    blocks.extend(_body(item.body))
    if item.upcoming:
        blocks.append([_upcoming(u) for u in item.upcoming])
    if item.decisions:
        blocks.append([f"**{escape(document.label('decisions'))}**"])
        blocks.extend([_line(_inline(d.content))] for d in item.decisions)
    if item.follow_ups:
        blocks.append([f"**{escape(document.label('follow_ups'))}**"])
        blocks.append([f"- {_line(_follow_up(f))}" for f in item.follow_ups])
    return blocks


def _person(person: PersonView) -> str:
    # The outline's "Name (Title, Organisation)", with only the meeting's words escaped.
    name = escape(person.name)
    if not person.details:
        return name
    return f"{name} ({', '.join(escape(detail) for detail in person.details)})"


def _follow_up(follow_up: FollowUpView) -> str:
    # The outline's "Text (Ansvarig: X; Senast: Y)", with only the meeting's words escaped.
    if not follow_up.details:
        return escape(follow_up.text)
    details = "; ".join(f"{d.label}: {escape(d.value)}" for d in follow_up.details)
    return f"{escape(follow_up.text)} ({details})"


def _fact(fact: FactView) -> str:
    value = fact.value if fact.key in _OWN_WORDS else escape(fact.value)
    if fact.link is not None and fact.link.href is not None:
        value = f"[{value}]({link_destination(fact.link.href)})"
    return f"- **{escape(fact.label)}:** {value}"


def render(document: Outline) -> str:
    """The document outline as Markdown text."""
    # Escaping the whole title is simplest and harmless: it holds the meeting's own text.
    blocks: list[list[str]] = [[f"# {escape(document.title)}"]]
    if document.excerpt_note:
        blocks.append([f"*{escape(document.excerpt_note)}*"])
    if document.status_note:
        blocks.append([f"**{escape(document.status_note)}**"])
    blocks.append([_fact(fact) for fact in document.facts])
    for group in document.attendance:
        blocks.append([f"## {escape(group.caption)}"])
        blocks.append([f"- {_line(_person(p))}" for p in group.people])
    for item in document.items:
        blocks.extend(_item(document, item))
    if document.upcoming:
        blocks.append([f"## {escape(document.upcoming_heading)}"])
        blocks.append([_upcoming(u) for u in document.upcoming])
    if document.signature is not None:
        signature = document.signature
        blocks.append([f"**{escape(signature.label)}:** {escape(signature.who)}"])
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"


# --8<-- [start:exporter]
class MarkdownExporter(OutlineExporter):
    """Writes a meeting as Markdown (CommonMark) for wikis and Teams.

    Options: ``lang`` (``sv`` or ``en``, default the meeting's language) and ``items``
    (``items=2,4``: an excerpt with only those agenda items), read by the base class.
    """

    name = "md"
    media_type = "text/markdown"
    suffix = ".md"
    description = "Markdown for wikis and Teams (CommonMark)"

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        """The outline as UTF-8 Markdown."""
        return render(document).encode("utf-8")


exporter = MarkdownExporter()
"""The object the entry point ``md = "kommunchef_markdown:exporter"`` names."""
# --8<-- [end:exporter]
