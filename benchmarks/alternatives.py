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

import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import kommunchef
from benchmarks.baselines import docx_page
from benchmarks.docxtpl_peer import docxtpl_document
from benchmarks.equivalence import differences
from benchmarks.meetings import REPO, SEED, seed_meeting, write_batch
from benchmarks.startup import import_profile, kommunchef_command
from benchmarks.timing import compare, compare_commands
from kommunchef import Meeting

# -- docxtpl ---------------------------------------------------------------------------------


def build_docx_template(path: Path) -> None:
    """Write a docxtpl Word template of the baselines' document, with python-docx.

    The DOCX baseline's page, header and footer, with a docxtpl tag for every text: one
    paragraph per kind of block, in its style, inside ``{%p ... %}`` loops.
    """
    document = docx_page("{{ o.running_header }}", kommunchef.outline(seed_meeting()).page_of)

    def tag(text: str, style: str | None = None) -> None:
        document.add_paragraph(text, style=style)

    def labelled(label: str, value: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(value)

    tag("{{ o.title }}", "Heading 1")
    tag("{%p for f in o.facts %}")
    labelled("{{ f.label }}: ", "{{r rich([f.link or f.value]) }}")
    tag("{%p endfor %}")
    tag("{%p for g in o.attendance %}")
    tag("{{ g.caption }}", "Heading 2")
    tag("{%p if g.show_title %}")
    _people_table(document, 3)
    tag("{%p else %}")
    _people_table(document, 2)
    tag("{%p endif %}")
    tag("{%p endfor %}")
    tag("{%p for i in o.items %}")
    tag("{{ i.heading }}", "Heading 2")
    tag("{%p if i.presenters %}")
    labelled("{{ o.label('presenters') }}: ", "{{ i.presenters_text }}")
    tag("{%p endif %}")
    tag("{%p for kind, b in blocks(i) %}")
    for kind, style in (("p", None), ("h", "Heading 3"), ("b1", "List Bullet"), ("u", "List Bullet"),
                        ("b2", "List Bullet 2"), ("b3", "List Bullet 3"), ("n1", "List Number"),
                        ("n2", "List Number 2"), ("n3", "List Number 3")):  # fmt: skip
        tag(f"{{%p {'if' if kind == 'p' else 'elif'} kind == '{kind}' %}}")
        tag("{{r b }}", style)
    tag("{%p endif %}")
    tag("{%p endfor %}")
    tag("{%p endfor %}")
    tag("{%p if o.upcoming %}")
    tag("{{ o.upcoming_heading }}", "Heading 2")
    tag("{%p for u in o.upcoming %}")
    tag("{{r upcoming(u) }}", "List Bullet")
    tag("{%p endfor %}")
    tag("{%p endif %}")
    tag("{%p if o.signature %}")
    tag("{{ o.signature.text }}")
    tag("{%p endif %}")
    document.save(str(path))


def _people_table(document: Any, columns: int) -> None:
    table = document.add_table(rows=4, cols=columns, style="Table Grid")
    for index, cell in enumerate(table.rows[0].cells):
        cell.paragraphs[0].add_run(f"{{{{ g.columns[{index}] }}}}").bold = True
    table.rows[1].cells[0].text = "{%tr for r in g.rows() %}"
    for index, cell in enumerate(table.rows[2].cells):
        cell.text = f"{{{{ r[{index}] }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"


# -- pandoc: the same minutes as Markdown (kommunchef's md format) ---------------------------


# -- the measurements ------------------------------------------------------------------------


def _docxtpl_rows(meeting: Meeting, folder: Path, quick: bool) -> list[dict[str, Any]]:
    try:
        import docxtpl  # type: ignore[import-untyped]  # noqa: F401
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
    title = kommunchef.outline(meeting).title.replace('"', "'")
    markdown = kommunchef.export(meeting, "md").decode("utf-8")
    path.write_text(f'---\npagetitle: "{title}"\n---\n\n{markdown}', "utf-8")


TARGET_RATIOS = {("html", False): 2.0}
"""The most kommunchef may take against pandoc where it need not be faster."""

LIBRARIES = {"docx": "import attrs, docx", "html": "import attrs, jinja2"}
"""What a Python command producing the format must import, whoever writes it: the model's
attrs and the format's library (a valid meeting is read without cattrs). Timed beside
pandoc, it is the floor under any such command's time for one meeting."""

MODEL_AND_LIBRARIES = {
    fmt: f"import kommunchef.model, {imports.split(', ')[-1]}" for fmt, imports in LIBRARIES.items()
}
"""The same with kommunchef's model, whose attrs classes every command reading a meeting
builds: the floor under kommunchef's own command, whatever its outline, plugins and command
line cost."""


SCRIPT = """
import sys
sys.path.insert(0, sys.argv[4])
import kommunchef
from benchmarks.baselines import BASELINES
meeting = kommunchef.load(sys.argv[2])
with open(sys.argv[3], "wb") as handle:
    handle.write(BASELINES[sys.argv[1]](meeting))
"""
"""A bare script doing the same document: load the meeting, render its outline with the
format's library alone (:mod:`benchmarks.baselines`), write the file."""

SCRIPT_TARGETS = {"docx": 1.2}
"""The most ``kommunchef export`` of one meeting may take against the bare script."""


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
        if not many:
            commands["libraries"] = [sys.executable, "-c", LIBRARIES[fmt]]
            commands["model"] = [sys.executable, "-c", MODEL_AND_LIBRARIES[fmt]]
            script = [str(SEED), str(theirs / f"script.{fmt}"), str(REPO)]
            commands["script"] = [sys.executable, "-c", SCRIPT, fmt, *script]

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
            "target_ratio": TARGET_RATIOS.get((fmt, many), 1.0),
            "met": mine / other_time <= TARGET_RATIOS.get((fmt, many), 1.0),
            "kommunchef": stats["kommunchef"].as_json(),
            "other": stats["pandoc"].as_json(),
        }
        if not many:
            floor = stats["libraries"].wall.median
            row["libraries_import_ms"] = floor * 1000
            row["libraries_ratio"] = floor / other_time
            with_model = stats["model"].wall.median
            row["model_import_ms"] = with_model * 1000
            row["model_ratio"] = with_model / other_time
            row["script_ms"] = stats["script"].wall.median * 1000
            row["script_ratio"] = mine / stats["script"].wall.median
            if fmt in SCRIPT_TARGETS:
                row["script_target"] = SCRIPT_TARGETS[fmt]
                row["script_met"] = row["script_ratio"] <= SCRIPT_TARGETS[fmt]
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
    return {"meeting": SEED.name, "rows": rows}


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
        if "script_ms" in row:
            target = f", target <= {row['script_target']:g}x" if "script_target" in row else ""
            notes.append(
                f"a bare {row['name'].split(':')[0]} script {row['script_ms']:.0f} ms "
                f"({row['script_ratio']:.2f}x{target})"
            )
        if "libraries_import_ms" in row:
            notes.append(
                f"importing attrs and the format's library alone "
                f"{row['libraries_import_ms']:.0f} ms ({row['libraries_ratio']:.2f}x pandoc)"
            )
        if "model_import_ms" in row:
            notes.append(
                f"with kommunchef's model {row['model_import_ms']:.0f} ms "
                f"({row['model_ratio']:.2f}x pandoc)"
            )
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
    return [
        "alternative",
        "kommunchef",
        "other",
        "ratio",
        "target: faster (html, one: <= 2x)",
        "notes",
    ], rows
