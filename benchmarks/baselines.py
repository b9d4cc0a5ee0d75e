"""Baselines: the same documents written straight with the same libraries, no kommunchef.

Each function takes the meeting model and writes what kommunchef's exporter writes (the same
headings, facts, tables, lists, links, header and footer, calendar events, JSON document) the
way a short script would: python-docx's public API (plus the usual snippets for hyperlinks and
page fields, which it lacks), one Jinja2 template compiled once, icalendar's components, and
``json.dumps`` of a dict built by hand. Only Swedish documents are written, with the words
and month names spelt out here. :mod:`benchmarks.equivalence` checks that each baseline's
output has the same content as kommunchef's, so that the ratios compare like with like.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from kommunchef import (
    BulletList,
    FollowUp,
    Heading,
    Link,
    Meeting,
    NumberedList,
    Paragraph,
    Person,
    UpcomingMeeting,
)
from kommunchef.model import Inline

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
KIND = {"minutes": "Anteckningar", "agenda": "Dagordning", "notice": "Kallelse"}


def date_sv(day: dt.date, *, weekday: bool = False) -> str:
    """ "8 oktober 2021" or "fredag 8 oktober 2021"."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def time_sv(moment: dt.time | dt.datetime) -> str:
    """ "09.00"."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def times_sv(start: dt.time | dt.datetime | None, end: dt.time | dt.datetime | None) -> str | None:
    """ "09.00–12.00"."""
    if start is None:
        return None
    return time_sv(start) if end is None else f"{time_sv(start)}–{time_sv(end)}"


def upcoming_when(upcoming: UpcomingMeeting) -> str:
    """ "11–12 november 2021" with the times after a comma when known."""
    start, end = upcoming.date, upcoming.end_date
    if end is None or end == start:
        when = date_sv(start)
    elif (start.year, start.month) == (end.year, end.month):
        when = f"{start.day}–{date_sv(end)}"
    elif start.year == end.year:
        when = f"{start.day} {MONTHS[start.month - 1]}–{date_sv(end)}"
    else:
        when = f"{date_sv(start)}–{date_sv(end)}"
    times = times_sv(upcoming.start_time, upcoming.end_time)
    return f"{when}, {times}" if times else when


def title_sv(meeting: Meeting) -> str:
    """ "Anteckningar – Kommunchefsgruppen 8 oktober 2021"."""
    return f"{KIND[str(meeting.kind)]} – {meeting.body} {date_sv(meeting.date)}"


def organisation(person: Person) -> str | None:
    """The organisation as documents show it (the registry turns "GBG" into "Göteborg")."""
    return person.organisation_label


def person_with_details(person: Person) -> str:
    """ "Name (title, organisation)"."""
    details = [d for d in (person.title, organisation(person)) if d]
    return f"{person.name} ({', '.join(details)})" if details else person.name


def follow_up_details(follow_up: FollowUp) -> str:
    """ " (Ansvarig: X; Senast: 8 november 2021)" or nothing."""
    details = []
    if follow_up.owner:
        details.append(f"Ansvarig: {follow_up.owner}")
    if follow_up.due:
        details.append(f"Senast: {date_sv(follow_up.due)}")
    return f" ({'; '.join(details)})" if details else ""


PEOPLE_GROUPS = (
    ("present", "Närvarande"),
    ("absent", "Ej närvarande"),
    ("guests", "Övriga närvarande"),
)


# -- JSON ------------------------------------------------------------------------------------


def _inline_json(content: Iterable[Inline]) -> list[Any]:
    return [
        part if isinstance(part, str) else {"text": part.text, "url": part.url} for part in content
    ]


def _person_json(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name}
    for key in ("organisation", "title", "email"):
        value = getattr(person, key)
        if value is not None:
            data[key] = value
    return data


def _list_json(block: BulletList | NumberedList) -> dict[str, Any]:
    items = []
    for entry in block.items:
        item: dict[str, Any] = {"content": _inline_json(entry.content)}
        if entry.sublist is not None:
            item["sublist"] = _list_json(entry.sublist)
        items.append(item)
    if isinstance(block, NumberedList):
        data: dict[str, Any] = {"type": "numbered_list", "items": items}
        if block.start != 1:
            data["start"] = block.start
        return data
    return {"type": "bullet_list", "items": items}


def _block_json(block: Paragraph | Heading | BulletList | NumberedList) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "content": _inline_json(block.content)}
    if isinstance(block, Heading):
        return {"type": "heading", "text": block.text}
    return _list_json(block)


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    """The meeting as the JSON document's dict, built field by field (defaults left out)."""
    data: dict[str, Any] = {"format_version": 1, "id": meeting.id, "date": meeting.date.isoformat()}
    defaults = {
        "body": "Kommunchefsgruppen",
        "organisation": "GR",
        "kind": "minutes",
        "status": "held",
        "language": "sv",
    }
    for key, default in defaults.items():
        value = str(getattr(meeting, key))
        if value != default:
            data[key] = value
    if meeting.start is not None:
        data["start"] = meeting.start.isoformat()
    if meeting.end is not None:
        data["end"] = meeting.end.isoformat()
    if meeting.location is not None:
        data["location"] = meeting.location
    if meeting.url is not None:
        data["url"] = meeting.url
    if meeting.revision:
        data["revision"] = meeting.revision
    for group in ("present", "absent", "guests"):
        people = getattr(meeting, group)
        if people:
            data[group] = [_person_json(p) for p in people]
    agenda = []
    for item in meeting.agenda:
        entry: dict[str, Any] = {"number": item.number, "title": item.title}
        if item.presenters:
            entry["presenters"] = [_person_json(p) for p in item.presenters]
        if item.body:
            entry["body"] = [_block_json(b) for b in item.body]
        if item.decisions:
            entry["decisions"] = [{"content": _inline_json(d.content)} for d in item.decisions]
        if item.follow_ups:
            follow_ups = []
            for follow_up in item.follow_ups:
                f: dict[str, Any] = {"text": follow_up.text}
                if follow_up.owner is not None:
                    f["owner"] = follow_up.owner
                if follow_up.due is not None:
                    f["due"] = follow_up.due.isoformat()
                follow_ups.append(f)
            entry["follow_ups"] = follow_ups
        agenda.append(entry)
    if agenda:
        data["agenda"] = agenda
    upcoming = []
    for u in meeting.upcoming:
        entry = {"date": u.date.isoformat(), "title": u.title}
        if u.end_date is not None:
            entry["end_date"] = u.end_date.isoformat()
        if u.start_time is not None:
            entry["start_time"] = u.start_time.isoformat(timespec="minutes")
        if u.end_time is not None:
            entry["end_time"] = u.end_time.isoformat(timespec="minutes")
        for key in ("location", "note", "id"):
            value = getattr(u, key)
            if value is not None:
                entry[key] = value
        if u.cancelled:
            entry["cancelled"] = True
        upcoming.append(entry)
    if upcoming:
        data["upcoming"] = upcoming
    if meeting.recorded_by is not None:
        recorder: dict[str, Any] = {"name": meeting.recorded_by.name}
        if meeting.recorded_by.title is not None:
            recorder["title"] = meeting.recorded_by.title
        data["recorded_by"] = recorder
    return data


def json_document(meeting: Meeting) -> bytes:
    """The JSON baseline: ``json.dumps`` of a dict built by hand."""
    return (json.dumps(meeting_dict(meeting), ensure_ascii=False, indent=2) + "\n").encode()


# -- DOCX ------------------------------------------------------------------------------------


def _add_field(paragraph: Any, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES) with "1" as its cached result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    parts: tuple[str | None, ...] = ("begin", None, "separate", "result", "end")
    for kind in parts:
        run = paragraph.add_run("1" if kind == "result" else None)
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        elif kind != "result":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def add_page_footer(section: Any) -> None:
    """The footer "Sida X av Y" with PAGE and NUMPAGES fields, right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _add_field(footer, "PAGE")
    footer.add_run(" av ")
    _add_field(footer, "NUMPAGES")


def a4_document() -> Any:
    """A python-docx document with the page and styles kommunchef's DOCX uses."""
    import docx
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(25)
    document.styles["Normal"].font.name = "Calibri"
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        document.styles[name].font.size = Pt(size)
        document.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    return document


def docx_document(meeting: Meeting) -> bytes:
    """The DOCX baseline with python-docx: headings, facts, tables, lists, links, fields."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = a4_document()
    section = document.sections[0]

    def add_link(paragraph: Any, url: str, text: str) -> None:
        # python-docx has no hyperlink API: the usual snippet.
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "0563C1")
        properties.append(color)
        properties.append(underline)
        run.append(properties)
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def add_inline(paragraph: Any, content: Iterable[Inline]) -> None:
        for part in content:
            if isinstance(part, Link):
                add_link(paragraph, part.url, part.text)
            else:
                paragraph.add_run(part)

    def add_list(block: BulletList | NumberedList, depth: int) -> None:
        style = "List Bullet" if isinstance(block, BulletList) else "List Number"
        if depth:
            style += f" {min(depth, 2) + 1}"
        for entry in block.items:
            add_inline(document.add_paragraph(style=style), entry.content)
            if entry.sublist is not None:
                add_list(entry.sublist, depth + 1)

    document.add_heading(title_sv(meeting), 1)
    facts = [("Datum", date_sv(meeting.date, weekday=True))]
    times = times_sv(meeting.start, meeting.end)
    if times:
        facts.append(("Tid", times))
    if meeting.location:
        facts.append(("Plats", meeting.location))
    for key, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{key}: ").bold = True
        paragraph.add_run(value)
    for group, caption in PEOPLE_GROUPS:
        people: tuple[Person, ...] = getattr(meeting, group)
        if not people:
            continue
        document.add_heading(caption, 2)
        with_title = any(p.title for p in people)
        header = ["Namn", "Organisation"] + (["Titel"] if with_title else [])
        table = document.add_table(rows=len(people) + 1, cols=len(header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, header):
            cell.paragraphs[0].add_run(text).bold = True
        for row, person in zip(table.rows[1:], people):
            values = [person.name, organisation(person) or ""]
            if with_title:
                values.append(person.title or "")
            for cell, text in zip(row.cells, values):
                if text:
                    cell.paragraphs[0].add_run(text)
    for item in meeting.agenda:
        document.add_heading(f"{item.number}. {item.title}", 2)
        if item.presenters:
            paragraph = document.add_paragraph()
            paragraph.add_run("Föredragande: ").bold = True
            paragraph.add_run(", ".join(person_with_details(p) for p in item.presenters))
        for block in item.body:
            if isinstance(block, Paragraph):
                add_inline(document.add_paragraph(), block.content)
            elif isinstance(block, Heading):
                document.add_heading(block.text, 3)
            else:
                add_list(block, 0)
        if item.decisions:
            document.add_heading("Beslut", 3)
            for decision in item.decisions:
                add_inline(document.add_paragraph(), decision.content)
        if item.follow_ups:
            document.add_heading("Uppföljning", 3)
            for follow_up in item.follow_ups:
                document.add_paragraph(follow_up.text + follow_up_details(follow_up))
    if meeting.upcoming:
        document.add_heading("Kommande möten", 2)
        for upcoming in meeting.upcoming:
            paragraph = document.add_paragraph(style="List Bullet")
            if upcoming.cancelled:
                paragraph.add_run("INSTÄLLT: ").bold = True
            text = f"{upcoming_when(upcoming)}: {upcoming.title}"
            if upcoming.location:
                text += f", {upcoming.location}"
            if upcoming.note:
                text += f" – {upcoming.note}"
            paragraph.add_run(text)
    if meeting.recorded_by is not None:
        recorder = meeting.recorded_by
        who = f"{recorder.name}, {recorder.title}" if recorder.title else recorder.name
        document.add_paragraph(f"Antecknat av: {who}")

    section.header.paragraphs[0].add_run(meeting.body)
    add_page_footer(section)

    properties = document.core_properties
    properties.title = title_sv(meeting)
    properties.author = meeting.recorded_by.name if meeting.recorded_by else meeting.organisation
    properties.subject = meeting.body
    properties.identifier = meeting.id
    properties.language = "sv-SE"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- HTML ------------------------------------------------------------------------------------

_STYLESHEET = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 48rem; margin: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; }
caption { font-weight: bold; text-align: left; }
.presenters .label, dt { font-weight: bold; }
@media print { a[href]:not(.bare)::after { content: " (" attr(href) ")"; } }
"""

_PAGE = """\
{%- macro inline(parts) -%}
{%- for part in parts -%}
{%- if part.url is defined -%}
<a href="{{ part.url }}"{% if part.text == part.url %} class="bare"{% endif %}>{{ part.text }}</a>
{%- else -%}{{ part }}{%- endif -%}
{%- endfor -%}
{%- endmacro -%}
{%- macro person(p) -%}
<bdi>{{ p.name }}</bdi>{% set details = [p.title, org(p)] | select | list %}
{%- if details %} ({% for d in details %}<bdi>{{ d }}</bdi>{% if not loop.last %}, {% endif %}{% endfor %}){% endif %}
{%- endmacro -%}
{%- macro list_block(l) -%}
{%- if l.start is defined %}<ol{% if l.start != 1 %} start="{{ l.start }}"{% endif %}>{% else %}<ul>{% endif %}
{% for e in l.items %}<li>{{ inline(e.content) }}{% if e.sublist %}
{{ list_block(e.sublist) }}
{% endif %}</li>
{% endfor %}{% if l.start is defined %}</ol>{% else %}</ul>{% endif %}
{%- endmacro -%}
<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
<main>
<header class="document-header">
<h1><span class="kind">{{ kind }}</span> <span class="body"><bdi>{{ m.body }}</bdi></span> \
<time class="date" datetime="{{ m.date.isoformat() }}">{{ day(m.date) }}</time></h1>
<dl class="facts">
<div><dt>Datum</dt><dd><time datetime="{{ m.date.isoformat() }}">{{ day(m.date, True) }}</time></dd></div>
{% if m.start %}<div><dt>Tid</dt><dd><time datetime="{{ m.start.isoformat(timespec='minutes') }}">\
{{ hm(m.start) }}</time>{% if m.end %}–<time datetime="{{ m.end.isoformat(timespec='minutes') }}">\
{{ hm(m.end) }}</time>{% endif %}</dd></div>{% endif %}
{% if m.location %}<div><dt>Plats</dt><dd><bdi>{{ m.location }}</bdi></dd></div>{% endif %}
<div><dt>Organ</dt><dd><bdi>{{ m.body }}</bdi>, <bdi>{{ m.organisation }}</bdi></dd></div>
</dl>
</header>
<div class="attendance">
{% for key, caption in groups %}{% set people = m[key] %}{% if people %}
{% set with_title = people | selectattr("title") | list %}
<table class="people {{ key }}"><caption>{{ caption }}</caption>
<thead><tr><th scope="col">Namn</th><th scope="col">Organisation</th>\
{% if with_title %}<th scope="col">Titel</th>{% endif %}</tr></thead>
<tbody>
{% for p in people %}<tr><th scope="row">{{ p.name }}</th><td>{{ org(p) or "" }}</td>\
{% if with_title %}<td>{{ p.title or "" }}</td>{% endif %}</tr>
{% endfor %}</tbody></table>
{% endif %}{% endfor %}
</div>
{% for item in m.agenda %}
<section class="item">
<h2 id="punkt-{{ item.number }}"><span class="number">{{ item.number }}.</span> <bdi>{{ item.title }}</bdi></h2>
{% if item.presenters %}<p class="presenters"><span class="label">Föredragande:</span> \
{% for p in item.presenters %}{{ person(p) }}{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
{% for b in item.body %}
{% if b.items is defined %}{{ list_block(b) }}{% elif b.content is defined %}<p>{{ inline(b.content) }}</p>\
{% else %}<h3>{{ b.text }}</h3>{% endif %}
{% endfor %}
{% if item.decisions %}<div class="decisions"><h3>Beslut</h3>
{% for d in item.decisions %}<p>{{ inline(d.content) }}</p>
{% endfor %}</div>{% endif %}
{% if item.follow_ups %}<div class="follow-ups"><h3>Uppföljning</h3><ul>
{% for f in item.follow_ups %}<li>{{ f.text }}{% if f.owner or f.due %} <span class="meta">\
{% if f.owner %}Ansvarig: <bdi>{{ f.owner }}</bdi>{% endif %}{% if f.owner and f.due %}, {% endif %}\
{% if f.due %}Senast: <time datetime="{{ f.due.isoformat() }}">{{ day(f.due) }}</time>{% endif %}\
</span>{% endif %}</li>
{% endfor %}</ul></div>{% endif %}
</section>
{% endfor %}
{% if m.upcoming %}<section class="upcoming"><h2>Kommande möten</h2><ul>
{% for u in m.upcoming %}<li{% if u.cancelled %} class="is-cancelled"{% endif %}>
<p class="when"><time datetime="{{ u.date.isoformat() }}">{{ when(u) }}</time>\
{% if u.cancelled %} <strong class="cancelled">INSTÄLLT</strong>{% endif %}</p>
<p class="what"><bdi>{{ u.title }}</bdi></p>
{% if u.location %}<p class="where">Plats: <bdi>{{ u.location }}</bdi></p>{% endif %}
{% if u.note %}<p class="note"><bdi>{{ u.note }}</bdi></p>{% endif %}
</li>
{% endfor %}</ul></section>{% endif %}
</main>
{% if m.recorded_by or m.url %}<footer>
{% if m.recorded_by %}<p class="recorder">Antecknat av: <bdi>{{ m.recorded_by.name }}</bdi>\
{% if m.recorded_by.title %}, <bdi>{{ m.recorded_by.title }}</bdi>{% endif %}</p>{% endif %}
{% if m.url %}<p class="url"><a class="bare" href="{{ m.url }}">{{ m.url }}</a></p>{% endif %}
</footer>{% endif %}
</body>
</html>
"""


@cache
def _html_template() -> Any:
    import jinja2

    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(
        day=lambda d, weekday=False: date_sv(d, weekday=weekday),
        hm=time_sv,
        when=upcoming_when,
        org=organisation,
        groups=PEOPLE_GROUPS,
    )
    return environment.from_string(_PAGE)


def html_document(meeting: Meeting) -> bytes:
    """The HTML baseline: one Jinja2 template, compiled once, rendered from the model."""
    page: str = _html_template().render(
        m=meeting, title=title_sv(meeting), kind=KIND[str(meeting.kind)], css=_STYLESHEET
    )
    return page.encode("utf-8")


# -- iCalendar -------------------------------------------------------------------------------

UID_DOMAIN = "kommunchef.goteborgsregionen.se"


def _person_ics(person: Person) -> str:
    label = organisation(person)
    return f"{person.name} ({label})" if label else person.name


def ics_document(meeting: Meeting) -> bytes:
    """The iCalendar baseline with icalendar: the meeting and its upcoming meetings."""
    from icalendar import Calendar, Event

    stamp = dt.datetime.combine(meeting.date, dt.time(0), tzinfo=meeting_zone()).astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Goteborgsregionen//kommunchef//SV")
    calendar.add("uid", f"{meeting.id}.all@{UID_DOMAIN}")

    lines = [date_sv(meeting.date, weekday=True)]
    times = times_sv(meeting.start, meeting.end)
    sections = [[f"{lines[0]}, {times}" if times else lines[0]]]
    if meeting.agenda:
        sections.append(["Dagordning:"] + [f"{i.number}. {i.title}" for i in meeting.agenda])
    people = [
        f"{caption}: {', '.join(_person_ics(p) for p in getattr(meeting, group))}"
        for group, caption in PEOPLE_GROUPS
        if getattr(meeting, group)
    ]
    if people:
        sections.append(people)
    if meeting.url:
        sections.append([meeting.url])
    event = Event()
    event.add("summary", meeting.body)
    if meeting.start is not None:
        event.add("dtstart", meeting.start)
        if meeting.end is not None:
            event.add("dtend", meeting.end)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("dtstamp", stamp)
    event.add("uid", f"{meeting.id}@{UID_DOMAIN}")
    event.add("sequence", meeting.revision)
    event.add("description", "\n\n".join("\n".join(s) for s in sections))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)

    for upcoming in meeting.upcoming:
        event = Event()
        event.add(
            "summary", f"INSTÄLLT: {upcoming.title}" if upcoming.cancelled else upcoming.title
        )
        start, end = upcoming.start, upcoming.end
        if start is not None and (end is not None or upcoming.last_date == upcoming.date):
            event.add("dtstart", start)
            if end is not None:
                event.add("dtend", end)
        else:
            event.add("dtstart", upcoming.date)
            event.add("dtend", upcoming.last_date + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", f"{meeting.id}.{upcoming.date:%Y%m%d}@{UID_DOMAIN}")
        event.add("sequence", meeting.revision + (1 if upcoming.cancelled else 0))
        description = [upcoming_when(upcoming)]
        if upcoming.note:
            description.append(upcoming.note)
        if meeting.url:
            description.append(meeting.url)
        event.add("description", "\n\n".join(description))
        if upcoming.location:
            event.add("location", upcoming.location)
        event.add("status", "CANCELLED" if upcoming.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def meeting_zone() -> dt.tzinfo:
    """Europe/Stockholm."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


BASELINES = {
    "json": json_document,
    "docx": docx_document,
    "html": html_document,
    "ics": ics_document,
}
"""The baseline of each format that has one."""
