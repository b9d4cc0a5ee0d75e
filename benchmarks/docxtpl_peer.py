"""The docxtpl peer: what a user would write to fill a Word template with each meeting.

``docxtpl_document`` loads the template (:func:`benchmarks.alternatives.build_docx_template`
writes it), renders a meeting's outline into it and saves it, as one would for each meeting.
Run as a program it does that for a folder of meetings, file in and file out, like
``kommunchef export FOLDER -f docx -o OUT``::

    python -m benchmarks.docxtpl_peer TEMPLATE.docx FOLDER OUT

It imports only kommunchef (to read the meetings and build their outlines) and docxtpl, so
that the command's start costs what such a script's would.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import kommunchef
from kommunchef import Meeting
from kommunchef.document import LinkView, ListView, Outline, ParagraphView, Span


def _docxtpl_context(template: Any, outline: Outline) -> dict[str, Any]:
    from docxtpl import RichText  # type: ignore[import-untyped]

    def rich(spans: tuple[Span, ...] | list[Span]) -> Any:
        text = RichText()
        for span in spans:
            if isinstance(span, LinkView) and span.href is not None:
                url_id = template.build_url_id(span.href)
                text.add(span.text, url_id=url_id, color="0563C1", underline=True)
            else:
                text.add(span if isinstance(span, str) else span.text)
        return text

    def entries(block: ListView, depth: int = 1) -> list[tuple[str, Any]]:
        found = []
        for entry in block.entries:
            found.append((f"{'n' if block.ordered else 'b'}{depth}", rich(entry.content)))
            if entry.sublist is not None:
                found += entries(entry.sublist, min(depth + 1, 3))
        return found

    def blocks(item: Any) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        for block in item.body:
            if isinstance(block, ListView):
                found += entries(block)
            else:
                paragraph = isinstance(block, ParagraphView)
                found.append(("p", rich(block.content)) if paragraph else ("h", rich([block.text])))
        found += [("u", upcoming(u)) for u in item.upcoming]
        if item.decisions:
            found.append(("h", rich([outline.label("decisions")])))
            found += [("p", rich(d.content)) for d in item.decisions]
        if item.follow_ups:
            found.append(("h", rich([outline.label("follow_ups")])))
            found += [("p", rich([f.line])) for f in item.follow_ups]
        return found

    def upcoming(entry: Any) -> Any:
        text = RichText()
        for segment in entry.segments:
            text.add(segment.text, bold=segment.role == "cancelled")
        return text

    return {"o": outline, "rich": rich, "blocks": blocks, "upcoming": upcoming}


def docxtpl_document(template_path: Path, meeting: Meeting) -> bytes:
    """Load the template, render the meeting's outline into it and save, as one would."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path))
    context = _docxtpl_context(template, kommunchef.outline(meeting))
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def export_folder(template_path: Path, folder: Path, out: Path) -> int:
    """Write ``OUT/<meeting id>.docx`` for every ``*.json`` meeting in ``folder``."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(folder.glob("*.json")):
        meeting = kommunchef.load(path)
        (out / f"{meeting.id}.docx").write_bytes(docxtpl_document(template_path, meeting))
        count += 1
    return count


def main(argv: list[str]) -> int:
    """``TEMPLATE FOLDER OUT``: fill the template with every meeting of the folder."""
    template, folder, out = (Path(argument) for argument in argv)
    export_folder(template, folder, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
