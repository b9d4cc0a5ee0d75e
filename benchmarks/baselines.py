"""Baselines: the same document written by the bare library, as a short script would.

What a document says is kommunchef's (the core's outline, :func:`kommunchef.outline`, and
for calendars the UIDs and SEQUENCE of :mod:`kommunchef.identity`); a baseline only renders
it with the library alone: python-docx's public API (and the usual snippets for hyperlinks
and page fields, which it lacks), one small Jinja2 template compiled once, icalendar's
components, and ``json.dumps`` of the model's fields. :mod:`benchmarks.equivalence` checks
that each baseline's document has the same content as kommunchef's, so that a ratio compares
like with like.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

import kommunchef
from kommunchef import BulletList, Heading, Meeting, NumberedList, Paragraph
from kommunchef.document import HeadingView, LinkView, ListView, ParagraphView, Span
from kommunchef.model import STOCKHOLM

# -- JSON: the model's fields, defaults and empty values left out ----------------------------

_BLOCK_TYPES = {
    Paragraph: "paragraph",
    Heading: "heading",
    BulletList: "bullet_list",
    NumberedList: "numbered_list",
}


def _plain(value: Any, tagged: bool = True) -> Any:
    if attrs.has(type(value)):
        data = {"type": _BLOCK_TYPES[type(value)]} if tagged and type(value) in _BLOCK_TYPES else {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if item is not None and item != () and item != field.default:
                data[field.name] = _plain(item, field.name != "decisions")
        return data
    if isinstance(value, tuple):
        return [_plain(item, tagged) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "isoformat"):  # a time of day is written to the minute
        return value.isoformat(**({} if hasattr(value, "year") else {"timespec": "minutes"}))
    return value


def json_document(meeting: Meeting) -> bytes:
    """``json.dumps`` of the meeting's fields."""
    data = {"format_version": 1, **_plain(meeting)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


# -- DOCX: python-docx's API -----------------------------------------------------------------


def _field(paragraph: Any, instruction: str) -> None:
    """A PAGE or NUMPAGES field with "1" as its cached result."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {{}}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {}><w:t>1</w:t></w:r>",
        '<w:r {}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(nsdecls("w"))))


def _docx_inline(paragraph: Any, spans: tuple[Span, ...]) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    for span in spans:
        if isinstance(span, LinkView) and span.href is not None:
            rid = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
            link = parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr>'
                '<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr><w:t/></w:r></w:hyperlink>'
            )
            link[0][-1].text = span.text
            paragraph._p.append(link)
        else:
            paragraph.add_run(span if isinstance(span, str) else span.text)


def _docx_list(document: Any, block: ListView, depth: int = 0) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    for entry in block.entries:
        _docx_inline(document.add_paragraph(style=style + ("", " 2", " 3")[depth]), entry.content)
        if entry.sublist is not None:
            _docx_list(document, entry.sublist, min(depth + 1, 2))


def docx_page(running_header: str, page_of: str) -> Any:
    """A python-docx document with kommunchef's page, fonts, header and footer."""
    import docx
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(25)
    document.styles["Normal"].font.name = "Calibri"
    for level, size in ((1, 18), (2, 14), (3, 12)):
        font = document.styles[f"Heading {level}"].font
        font.size, font.color.rgb = Pt(size), RGBColor(0, 0, 0)
    section.header.paragraphs[0].add_run(running_header)
    footer = section.footer.paragraphs[0]
    for piece in re.split(r"\{(page|pages)\}", page_of):  # "Sida {page} av {pages}"
        if piece in ("page", "pages"):
            _field(footer, "PAGE" if piece == "page" else "NUMPAGES")
        elif piece:
            footer.add_run(piece)
    return document


def docx_document(meeting: Meeting) -> bytes:
    """The outline with python-docx: headings, facts, tables, lists, links, header, footer."""
    outline = kommunchef.outline(meeting)
    document = docx_page(outline.running_header, outline.page_of)

    def labelled(label: str, value: Span) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        _docx_inline(paragraph, (value,))

    def upcoming(entries: Any) -> None:
        for entry in entries:
            paragraph = document.add_paragraph(style="List Bullet")
            for segment in entry.segments:
                paragraph.add_run(segment.text).bold = segment.role == "cancelled"

    document.add_heading(outline.title, 1)
    for note in (outline.excerpt_note, outline.status_note):
        if note:
            document.add_paragraph(note)
    for fact in outline.facts:
        labelled(fact.label, fact.link or fact.value)
    for group in outline.attendance:
        document.add_heading(group.caption, 2)
        rows = [group.columns, *group.rows()]
        table = document.add_table(rows=len(rows), cols=len(group.columns), style="Table Grid")
        for row, texts in zip(table.rows, rows):
            for cell, text in zip(row.cells, texts):
                cell.paragraphs[0].add_run(text).bold = texts is group.columns
    for item in outline.items:
        document.add_heading(item.heading, 2)
        if item.presenters:
            labelled(outline.label("presenters"), item.presenters_text)
        for block in item.body:
            if isinstance(block, ParagraphView):
                _docx_inline(document.add_paragraph(), block.content)
            elif isinstance(block, HeadingView):
                document.add_heading(block.text, 3)
            else:
                _docx_list(document, block)
        upcoming(item.upcoming)
        if item.decisions:
            document.add_heading(outline.label("decisions"), 3)
            for decision in item.decisions:
                _docx_inline(document.add_paragraph(), decision.content)
        if item.follow_ups:
            document.add_heading(outline.label("follow_ups"), 3)
            for follow_up in item.follow_ups:
                document.add_paragraph(follow_up.line)
    if outline.upcoming:
        document.add_heading(outline.upcoming_heading, 2)
        upcoming(outline.upcoming)
    if outline.signature is not None:
        document.add_paragraph(outline.signature.text)
    properties = document.core_properties
    properties.title, properties.author = outline.title, outline.author
    properties.subject, properties.language = outline.subject, outline.lang_tag
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- HTML: one Jinja2 template ---------------------------------------------------------------

_PAGE = """\
{%- macro spans(parts) %}{% for s in parts %}{% if s is string %}{{ s }}{% elif s.href %}\
<a href="{{ s.href }}">{{ s.text }}</a>{% else %}{{ s.text }} ({{ s.url }}){% endif %}\
{% endfor %}{% endmacro -%}
{%- macro list(l) %}<{{ "ol" if l.ordered else "ul" }}>{% for e in l.entries %}\
<li>{{ spans(e.content) }}{% if e.sublist %}{{ list(e.sublist) }}{% endif %}</li>{% endfor %}\
</{{ "ol" if l.ordered else "ul" }}>{% endmacro -%}
{%- macro upcoming(us) %}<ul>{% for u in us %}<li>{{ u.text }}</li>{% endfor %}</ul>{% endmacro -%}
<!DOCTYPE html>
<html lang="{{ o.lang_tag }}"><head><meta charset="utf-8"><title>{{ o.title }}</title>
<style>{{ css }}</style></head><body><main><h1>{{ o.title }}</h1>
{% for note in [o.excerpt_note, o.status_note] | select %}<p>{{ note }}</p>{% endfor %}
<dl>{% for f in o.facts %}<dt>{{ f.label }}</dt><dd>{% if f.link and f.link.href %}\
<a href="{{ f.link.href }}">{{ f.value }}</a>{% else %}{{ f.value }}{% endif %}</dd>{% endfor %}</dl>
{% for g in o.attendance %}<table><caption>{{ g.caption }}</caption><tr>\
{% for c in g.columns %}<th>{{ c }}</th>{% endfor %}</tr>{% for r in g.rows() %}<tr>\
<th>{{ r[0] }}</th>{% for c in r[1:] %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
{% endfor %}{% for i in o.items %}<section><h2 id="{{ i.anchor }}">{{ i.heading }}</h2>
{% if i.presenters %}<p>{{ o.label("presenters") }}: {{ i.presenters_text }}</p>{% endif %}
{% for b in i.body %}{% if b.entries is defined %}{{ list(b) }}{% elif b.content is defined %}\
<p>{{ spans(b.content) }}</p>{% else %}<h3>{{ b.text }}</h3>{% endif %}{% endfor %}
{% if i.upcoming %}{{ upcoming(i.upcoming) }}{% endif %}
{% if i.decisions %}<h3>{{ o.label("decisions") }}</h3>{% for d in i.decisions %}\
<p>{{ spans(d.content) }}</p>{% endfor %}{% endif %}
{% if i.follow_ups %}<h3>{{ o.label("follow_ups") }}</h3><ul>{% for f in i.follow_ups %}\
<li>{{ f.line }}</li>{% endfor %}</ul>{% endif %}</section>
{% endfor %}{% if o.upcoming %}<h2>{{ o.upcoming_heading }}</h2>{{ upcoming(o.upcoming) }}{% endif %}
</main>{% if o.signature %}<footer><p>{{ o.signature.text }}</p></footer>{% endif %}</body></html>
"""


@cache
def _html_template() -> Any:
    import jinja2

    return jinja2.Environment(autoescape=True).from_string(_PAGE)


def html_document(meeting: Meeting) -> bytes:
    """The outline through one Jinja2 template, compiled once, with the same stylesheet."""
    from kommunchef_html import default_stylesheet

    page = _html_template().render(o=kommunchef.outline(meeting), css=default_stylesheet())
    return str(page).encode("utf-8")


# -- iCalendar: icalendar's components -------------------------------------------------------

_UID = "{}@kommunchef.goteborgsregionen.se"


def ics_document(meeting: Meeting) -> bytes:
    """The meeting and its upcoming meetings as events, with icalendar's ``add``."""
    from icalendar import Calendar, Event

    from kommunchef.identity import Occurrences, is_cancelled, sequence

    outline = kommunchef.outline(meeting)
    stamp = dt.datetime.combine(meeting.date, dt.time(0), STOCKHOLM).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Goteborgsregionen//kommunchef//SV")
    calendar.add("version", "2.0")
    calendar.add("uid", _UID.format(f"{meeting.id}.all"))

    def event(identity: str, title: str, span: tuple[Any, Any], text: str, **more: Any) -> None:
        cancelled, event = more.pop("cancelled"), Event()
        summary = f"{outline.label('cancelled')}: {title}" if cancelled else title
        for name, value in (
            *zip(("summary", "dtstart", "dtend", "dtstamp"), (summary, *span, stamp)),
            ("uid", _UID.format(identity)),
            ("sequence", sequence(meeting, cancelled=cancelled)),
            ("description", text),
            ("location", more["location"]),
            ("status", "CANCELLED" if cancelled else "CONFIRMED"),
        ):
            if value is not None:
                event.add(name, value)
        calendar.add_component(event)

    itself, *others = Occurrences().describe(meeting)
    sections = [[fact.text for fact in outline.facts]]
    if outline.items:
        sections.append([f"{outline.label('agenda')}:"] + [i.heading for i in outline.items])
    sections.append(
        [f"{g.caption}: {', '.join(p.text for p in g.people)}" for g in outline.attendance]
    )
    day = dt.timedelta(days=1)
    span: tuple[Any, Any] = (
        (meeting.start, meeting.end) if meeting.start else (meeting.date, meeting.date + day)
    )
    text = "\n\n".join("\n".join(lines) for lines in sections if lines)
    event(itself.identity, meeting.body, span, text, location=meeting.location,
          cancelled=is_cancelled(meeting))  # fmt: skip
    views = outline.all_upcoming()
    for entry in others:
        if entry.identity == itself.identity or entry.index is None:
            continue
        u, view = meeting.upcoming[entry.index], views[entry.index]
        timed = u.start and (u.end or u.last_date == u.date)
        span = (u.start, u.end) if timed else (u.date, u.last_date + day)
        text = "\n\n".join([view.text, *([outline.url.url] if outline.url else [])])
        event(entry.identity, u.title, span, text, location=u.location, cancelled=u.cancelled)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


BASELINES: dict[str, Callable[[Meeting], bytes]] = {
    "json": json_document,
    "docx": docx_document,
    "html": html_document,
    "ics": ics_document,
}
"""The baseline of each format that has one."""
