"""Part 6, importing: reading minutes scales linearly, and a Word import costs little more
than opening the document.

The text series writes generated meetings (:mod:`benchmarks.meetings`) with 10 to 1,000
agenda items as plain text and times :func:`kommunchef.parse_text` on them; the growth
exponent is the least-squares slope of log(time) against log(items), linear being 1.0. The
Word comparison exports the seed example (a normal meeting) to DOCX and times
``kommunchef_docx.reader.read_docx`` against python-docx's ``docx.Document`` opening the
same bytes, in interleaved rounds; the target is at most twice the open.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import kommunchef
from benchmarks.meetings import generated_meeting, seed_meeting
from benchmarks.timing import compare, loglog_exponent

EXPONENT_TARGET = 1.1
DOCX_RATIO_TARGET = 2.0
PARTICIPANTS = 30


def _text_series(quick: bool) -> dict[str, Any]:
    from kommunchef.plaintext import format_text, parse_text

    sizes = [10, 30] if quick else [10, 100, 1000]
    texts = {}
    for size in sizes:
        meeting = generated_meeting(size, PARTICIPANTS)
        texts[size] = (format_text(meeting), meeting.date)
    timers = {str(size): partial(parse_text, text, date=day) for size, (text, day) in texts.items()}
    stats = compare(timers, rounds=2 if quick else 7)
    medians = [stats[str(size)].median for size in sizes]
    exponent = loglog_exponent(sizes, medians)
    return {
        "sizes": sizes,
        "ms": [median * 1000 for median in medians],
        "exponent": exponent,
        "target_exponent": EXPONENT_TARGET,
        "met": exponent is not None and exponent <= EXPONENT_TARGET,
    }


def _docx_ratio(quick: bool) -> dict[str, Any]:
    try:
        import docx
        from kommunchef_docx.reader import read_docx
    except ImportError as error:
        return {"skipped": f"kommunchef-docx is not installed ({error})"}
    meeting = seed_meeting()
    data = kommunchef.export(meeting, "docx")
    stats = compare(
        {
            "import": partial(read_docx, data, meeting_id=meeting.id),
            "open": partial(lambda raw: docx.Document(io.BytesIO(raw)), data),
        },
        rounds=2 if quick else 9,
    )
    ratio = stats["import"].median / stats["open"].median
    return {
        "import_ms": stats["import"].median * 1000,
        "open_ms": stats["open"].median * 1000,
        "ratio": ratio,
        "target_ratio": DOCX_RATIO_TARGET,
        "met": ratio <= DOCX_RATIO_TARGET,
    }


def run(*, quick: bool) -> dict[str, Any]:
    """Time the text importer against its size and the Word importer against opening."""
    return {"text": _text_series(quick), "docx": _docx_ratio(quick)}


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    text = result["text"]
    timings = ", ".join(f"{s}: {ms:.1f} ms" for s, ms in zip(text["sizes"], text["ms"]))
    exponent = text["exponent"]
    rows = [
        [
            "text import (items)",
            timings,
            f"exponent {exponent:.2f}" if exponent is not None else "exponent ?",
            f"<= {text['target_exponent']}: " + ("met" if text["met"] else "MISSED"),
        ]
    ]
    word = result["docx"]
    if "skipped" in word:
        rows.append(["docx import vs open", "", "", f"skipped: {word['skipped']}"])
    else:
        rows.append(
            [
                "docx import vs open",
                f"{word['import_ms']:.1f} ms vs {word['open_ms']:.1f} ms",
                f"{word['ratio']:.2f}x",
                f"<= {word['target_ratio']}x: " + ("met" if word["met"] else "MISSED"),
            ]
        )
    return ["measure", "time", "growth", "target"], rows
