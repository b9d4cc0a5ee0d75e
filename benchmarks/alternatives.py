"""Part 3, what a user would pick instead: docxtpl from a Word template, and pandoc.

* docxtpl renders an equivalent Word template (built here with python-docx, with the same
  headings, facts, attendance tables, lists, links, header and footer) in the same process
  as kommunchef's API call; each call loads the template, renders and saves, as one would
  for each meeting.
* pandoc converts the same minutes, written as Markdown, to DOCX and to a standalone HTML
  page. pandoc is a program, so it is compared with the ``kommunchef export`` command (file
  in, file out, a new process each time), not with an in-process call.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import kommunchef
from benchmarks.baselines import (
    KIND,
    PEOPLE_GROUPS,
    a4_document,
    add_page_footer,
    date_sv,
    follow_up_details,
    organisation,
    person_with_details,
    times_sv,
    title_sv,
    upcoming_when,
)
from benchmarks.equivalence import differences
from benchmarks.meetings import SEED, seed_meeting, write_batch
from benchmarks.startup import import_profile, kommunchef_command
from benchmarks.timing import compare, compare_commands
from kommunchef import BulletList, Heading, Link, Meeting, NumberedList, Paragraph
from kommunchef.model import Inline

# -- docxtpl ---------------------------------------------------------------------------------


def build_docx_template(path: Path) -> None:
    """Write a docxtpl Word template equivalent to kommunchef's DOCX, with python-docx."""

    document = a4_document()
    section = document.sections[0]

    def tag(text: str) -> None:
        document.add_paragraph(text)

    def labelled(key: str, value: str, style: str | None = None) -> None:
        paragraph = document.add_paragraph(style=style)
        paragraph.add_run(key).bold = True
        paragraph.add_run(value)

    def people_table(columns: list[str]) -> None:
        table = document.add_table(rows=4, cols=len(columns), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, columns):
            cell.paragraphs[0].add_run(text).bold = True
        table.rows[1].cells[0].text = "{%tr for p in g.people %}"
        cells = ["{{ p.name }}", "{{ p.organisation }}", "{{ p.title }}"]
        for cell, text in zip(table.rows[2].cells, cells):
            cell.text = text
        table.rows[3].cells[0].text = "{%tr endfor %}"

    document.add_heading("{{ title }}", 1)
    tag("{%p for f in facts %}")
    labelled("{{ f.key }}: ", "{{ f.value }}")
    tag("{%p endfor %}")
    tag("{%p for g in groups %}")
    document.add_heading("{{ g.caption }}", 2)
    tag("{%p if g.with_title %}")
    people_table(["Namn", "Organisation", "Titel"])
    tag("{%p else %}")
    people_table(["Namn", "Organisation"])
    tag("{%p endif %}")
    tag("{%p endfor %}")
    tag("{%p for item in agenda %}")
    document.add_heading("{{ item.heading }}", 2)
    tag("{%p if item.presenters %}")
    labelled("Föredragande: ", "{{ item.presenters }}")
    tag("{%p endif %}")
    tag("{%p for b in item.blocks %}")
    tag("{%p if b.kind == 'paragraph' %}")
    tag("{{r b.rich }}")
    tag("{%p elif b.kind == 'heading' %}")
    document.add_heading("{{ b.text }}", 3)
    for kind, style in (
        ("bullet1", "List Bullet"),
        ("bullet2", "List Bullet 2"),
        ("bullet3", "List Bullet 3"),
        ("number1", "List Number"),
        ("number2", "List Number 2"),
        ("number3", "List Number 3"),
    ):
        tag(f"{{%p elif b.kind == '{kind}' %}}")
        document.add_paragraph("{{r b.rich }}", style=style)
    tag("{%p endif %}")
    tag("{%p endfor %}")
    tag("{%p if item.decisions %}")
    document.add_heading("Beslut", 3)
    tag("{%p for d in item.decisions %}")
    tag("{{r d }}")
    tag("{%p endfor %}")
    tag("{%p endif %}")
    tag("{%p if item.follow_ups %}")
    document.add_heading("Uppföljning", 3)
    tag("{%p for f in item.follow_ups %}")
    tag("{{ f }}")
    tag("{%p endfor %}")
    tag("{%p endif %}")
    tag("{%p endfor %}")
    tag("{%p if upcoming %}")
    document.add_heading("Kommande möten", 2)
    tag("{%p for u in upcoming %}")
    document.add_paragraph("{{ u }}", style="List Bullet")
    tag("{%p endfor %}")
    tag("{%p endif %}")
    tag("{%p if recorder %}")
    tag("Antecknat av: {{ recorder }}")
    tag("{%p endif %}")

    section.header.paragraphs[0].add_run("{{ body }}")
    add_page_footer(section)
    document.save(str(path))


def _docxtpl_context(template: Any, meeting: Meeting) -> dict[str, Any]:
    from docxtpl import RichText  # type: ignore[import-untyped]

    def rich(content: Iterable[Inline]) -> Any:
        text = RichText()
        for part in content:
            if isinstance(part, Link):
                url_id = template.build_url_id(part.url)
                text.add(part.text, url_id=url_id, color="0563C1", underline=True)
            else:
                text.add(part)
        return text

    def flatten(block: BulletList | NumberedList, depth: int) -> list[dict[str, Any]]:
        kind = "bullet" if isinstance(block, BulletList) else "number"
        entries = []
        for entry in block.items:
            entries.append({"kind": f"{kind}{min(depth, 2) + 1}", "rich": rich(entry.content)})
            if entry.sublist is not None:
                entries.extend(flatten(entry.sublist, depth + 1))
        return entries

    facts = [{"key": "Datum", "value": date_sv(meeting.date, weekday=True)}]
    times = times_sv(meeting.start, meeting.end)
    if times:
        facts.append({"key": "Tid", "value": times})
    if meeting.location:
        facts.append({"key": "Plats", "value": meeting.location})
    groups = []
    for group, caption in PEOPLE_GROUPS:
        people = getattr(meeting, group)
        if people:
            groups.append(
                {
                    "caption": caption,
                    "with_title": any(p.title for p in people),
                    "people": [
                        {"name": p.name, "organisation": organisation(p) or "", "title": p.title}
                        for p in people
                    ],
                }
            )
    agenda = []
    for item in meeting.agenda:
        blocks: list[dict[str, Any]] = []
        for block in item.body:
            if isinstance(block, Paragraph):
                blocks.append({"kind": "paragraph", "rich": rich(block.content)})
            elif isinstance(block, Heading):
                blocks.append({"kind": "heading", "text": block.text})
            else:
                blocks.extend(flatten(block, 0))
        agenda.append(
            {
                "heading": f"{item.number}. {item.title}",
                "presenters": ", ".join(person_with_details(p) for p in item.presenters),
                "blocks": blocks,
                "decisions": [rich(d.content) for d in item.decisions],
                "follow_ups": [f.text + follow_up_details(f) for f in item.follow_ups],
            }
        )
    upcoming = []
    for u in meeting.upcoming:
        text = f"{upcoming_when(u)}: {u.title}"
        if u.location:
            text += f", {u.location}"
        if u.note:
            text += f" – {u.note}"
        upcoming.append(f"INSTÄLLT: {text}" if u.cancelled else text)
    recorder = meeting.recorded_by
    return {
        "title": title_sv(meeting),
        "body": meeting.body,
        "facts": facts,
        "groups": groups,
        "agenda": agenda,
        "upcoming": upcoming,
        "recorder": None
        if recorder is None
        else (f"{recorder.name}, {recorder.title}" if recorder.title else recorder.name),
    }


def docxtpl_document(template_path: Path, meeting: Meeting) -> bytes:
    """Load the template, render the meeting into it and save: one document with docxtpl."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path))
    template.render(_docxtpl_context(template, meeting), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# -- pandoc ----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#|$@~^")


def _md(text: str) -> str:
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)
    # A line may not start a list or heading by accident.
    return escaped


def _md_inline(content: Iterable[Inline]) -> str:
    return "".join(
        f"[{_md(part.text)}](<{part.url}>)" if isinstance(part, Link) else _md(part)
        for part in content
    )


def _md_list(block: BulletList | NumberedList, depth: int) -> list[str]:
    lines = []
    for index, entry in enumerate(block.items):
        marker = "-" if isinstance(block, BulletList) else f"{block.start + index}."
        lines.append(f"{'    ' * depth}{marker} {_md_inline(entry.content)}")
        if entry.sublist is not None:
            lines.extend(_md_list(entry.sublist, depth + 1))
    return lines


def markdown(meeting: Meeting) -> str:
    """The minutes as pandoc Markdown: the same headings, tables, lists and links."""
    out = [f"# {_md(title_sv(meeting))}", ""]
    out += [f"**Datum:** {date_sv(meeting.date, weekday=True)}", ""]
    times = times_sv(meeting.start, meeting.end)
    if times:
        out += [f"**Tid:** {times}", ""]
    if meeting.location:
        out += [f"**Plats:** {_md(meeting.location)}", ""]
    for group, caption in PEOPLE_GROUPS:
        people = getattr(meeting, group)
        if not people:
            continue
        with_title = any(p.title for p in people)
        header = ["Namn", "Organisation"] + (["Titel"] if with_title else [])
        out += [f"## {caption}", "", "| " + " | ".join(header) + " |"]
        out.append("|" + "---|" * len(header))
        for p in people:
            row = [p.name, organisation(p) or ""] + ([p.title or ""] if with_title else [])
            out.append("| " + " | ".join(_md(cell) for cell in row) + " |")
        out.append("")
    for item in meeting.agenda:
        out += [f"## {item.number}\\. {_md(item.title)}", ""]
        if item.presenters:
            presenters = ", ".join(person_with_details(p) for p in item.presenters)
            out += [f"**Föredragande:** {_md(presenters)}", ""]
        for block in item.body:
            if isinstance(block, Paragraph):
                out += [_md_inline(block.content), ""]
            elif isinstance(block, Heading):
                out += [f"### {_md(block.text)}", ""]
            else:
                out += [*_md_list(block, 0), ""]
        if item.decisions:
            out += ["### Beslut", ""]
            for decision in item.decisions:
                out += [_md_inline(decision.content), ""]
        if item.follow_ups:
            out += ["### Uppföljning", ""]
            for f in item.follow_ups:
                out += [_md(f.text + follow_up_details(f)), ""]
    if meeting.upcoming:
        out += ["## Kommande möten", ""]
        for u in meeting.upcoming:
            text = f"{upcoming_when(u)}: {u.title}" + (f", {u.location}" if u.location else "")
            out.append(f"- {'**INSTÄLLT:** ' if u.cancelled else ''}{_md(text)}")
        out.append("")
    if meeting.recorded_by is not None:
        r = meeting.recorded_by
        out += [f"Antecknat av: {_md(f'{r.name}, {r.title}' if r.title else r.name)}", ""]
    return "\n".join(out)


# -- the measurements ------------------------------------------------------------------------


def _docxtpl_rows(meeting: Meeting, folder: Path, quick: bool) -> list[dict[str, Any]]:
    try:
        import docxtpl  # noqa: F401
    except ImportError as error:
        return [{"name": "docx: docxtpl (in process)", "skipped": f"docxtpl is missing: {error}"}]
    try:
        kommunchef.get_exporter("docx")
    except kommunchef.KommunchefError as error:
        return [{"name": "docx: docxtpl (in process)", "skipped": f"no docx format: {error}"}]
    template = folder / "minutes-template.docx"
    build_docx_template(template)
    ours = kommunchef.export(meeting, "docx")
    theirs = docxtpl_document(template, meeting)
    stats = compare(
        {
            "kommunchef": lambda: kommunchef.export(meeting, "docx"),
            "docxtpl": lambda: docxtpl_document(template, meeting),
        },
        rounds=2 if quick else 20,
        warmup=1 if quick else 3,
        min_time=0.005 if quick else 0.05,
    )
    return [
        {
            "name": "docx: docxtpl (in process)",
            "kommunchef_ms": stats["kommunchef"].median * 1000,
            "other_ms": stats["docxtpl"].median * 1000,
            "ratio": stats["kommunchef"].median / stats["docxtpl"].median,
            "met": stats["kommunchef"].median < stats["docxtpl"].median,
            "content_differences": differences("docx", ours, theirs),
            "kommunchef": stats["kommunchef"].as_json(),
            "other": stats["docxtpl"].as_json(),
        }
    ]


def _markdown_file(meeting: Meeting, path: Path) -> None:
    # pagetitle gives the HTML page its <title> without adding a heading to the body.
    title = title_sv(meeting).replace('"', "'")
    path.write_text(f'---\npagetitle: "{title}"\n---\n\n' + markdown(meeting), "utf-8")


def _pandoc_rows(meeting: Meeting, folder: Path, quick: bool) -> list[dict[str, Any]]:
    """One meeting, and a folder of meetings, with pandoc and with ``kommunchef export``."""
    pandoc = shutil.which("pandoc")
    count = 3 if quick else 20
    cases = [
        (f"{fmt}: pandoc, {what}", fmt, many)
        for what, many in (("1 meeting", False), (f"{count} meetings", True))
        for fmt in ("docx", "html")
    ]
    if pandoc is None:
        return [{"name": name, "skipped": "pandoc is not installed"} for name, _, _ in cases]
    _markdown_file(meeting, folder / "minutes.md")
    batch_json, batch_md = folder / "batch-json", folder / "batch-md"
    for path in write_batch(batch_json, count):
        batch_md.mkdir(exist_ok=True)
        _markdown_file(kommunchef.load(path), batch_md / f"{path.stem}.md")
    pandoc_html = ["-s", "-t", "html5"]
    rows = []
    for name, fmt, many in cases:
        try:
            kommunchef.get_exporter(fmt)
        except kommunchef.KommunchefError as error:
            rows.append({"name": name, "skipped": f"no {fmt} format: {error}"})
            continue
        ours, theirs = folder / f"kommunchef-{fmt}", folder / f"pandoc-{fmt}"
        extra = pandoc_html if fmt == "html" else []
        if many:
            source: list[str] = [str(batch_json)]
            # pandoc converts one file per run: a shell loop, as a user would write it.
            loop = (
                'for f in "$1"/*.md; do "$0" -f markdown "$f" ' + " ".join(extra) + ' -o "$2/'
                f'$(basename "${{f%.md}}").{fmt}" || exit 1; done'
            )
            other = ["sh", "-c", loop, pandoc, str(batch_md), str(theirs)]
        else:
            source = [str(SEED)]
            other = [
                pandoc,
                "-f",
                "markdown",
                str(folder / "minutes.md"),
                *extra,
                "-o",
                str(theirs / f"minutes.{fmt}"),
            ]
        commands = {
            "kommunchef": [*kommunchef_command(), "export", *source, "-f", fmt, "-o", f"{ours}/"],
            "pandoc": other,
        }

        def empty(_: str, ours: Path = ours, theirs: Path = theirs) -> None:
            for path in (ours, theirs):
                shutil.rmtree(path, ignore_errors=True)
                path.mkdir()

        rounds = 2 if quick else (10 if many else 15)
        stats = compare_commands(commands, rounds=rounds, warmup=1, before=empty)
        failed = [f"{n}: {s.failed.stderr[-300:]}" for n, s in stats.items() if s.failed]
        if failed:
            rows.append({"name": name, "skipped": "; ".join(failed)})
            continue
        mine, other_time = stats["kommunchef"].wall.median, stats["pandoc"].wall.median
        row: dict[str, Any] = {
            "name": name,
            "meetings": count if many else 1,
            "kommunchef_ms": mine * 1000,
            "other_ms": other_time * 1000,
            "ratio": mine / other_time,
            "met": mine < other_time,
            "kommunchef": stats["kommunchef"].as_json(),
            "other": stats["pandoc"].as_json(),
        }
        if not many:
            row["kommunchef_in_process_ms"] = _in_process_ms(meeting, fmt, quick)
            row["kommunchef_imports"] = import_profile(
                ["export", str(SEED), "-f", fmt, "-o", str(folder / f"profile.{fmt}"), "--force"],
                runs=1 if quick else 5,
            )
        rows.append(row)
    return rows


def _in_process_ms(meeting: Meeting, fmt: str, quick: bool) -> float:
    stats = compare(
        {"api": partial(kommunchef.export, meeting, fmt)},
        rounds=2 if quick else 10,
        min_time=0.005 if quick else 0.05,
    )
    return stats["api"].median * 1000


def run(*, quick: bool) -> dict[str, Any]:
    """Compare kommunchef with docxtpl and pandoc on the seed example."""
    meeting = seed_meeting()
    with tempfile.TemporaryDirectory(prefix="kommunchef-bench-") as temporary:
        folder = Path(temporary)
        rows = _docxtpl_rows(meeting, folder, quick) + _pandoc_rows(meeting, folder, quick)
    return {"meeting": SEED.name, "kind": KIND[str(meeting.kind)], "rows": rows}


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    rows = []
    for row in result["rows"]:
        if "skipped" in row:
            rows.append([row["name"], "", "", "", f"skipped: {row['skipped'][:80]}", ""])
            continue
        found = row.get("content_differences")
        content = "" if found is None else (", content same" if not found else ", content DIFFERS")
        notes = []
        if "kommunchef_in_process_ms" in row:
            notes.append(f"in process {row['kommunchef_in_process_ms']:.1f} ms")
        if "kommunchef_imports" in row:
            notes.append(f"imports {row['kommunchef_imports']['total_ms']:.0f} ms")
        rows.append(
            [
                row["name"],
                f"{row['kommunchef_ms']:.1f} ms",
                f"{row['other_ms']:.1f} ms",
                f"{row['ratio']:.2f}x",
                ("met" if row["met"] else "MISSED") + content,
                "kommunchef: " + ", ".join(notes) if notes else "",
            ]
        )
    return ["alternative", "kommunchef", "other", "ratio", "target: faster", "notes"], rows
