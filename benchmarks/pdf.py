"""The pdf format's benchmark: batch cost against LibreOffice, overhead against bare
WeasyPrint, scaling to 1,000 agenda items and the speed-up of ``--jobs 2``.

    .venv/bin/python -m benchmarks.pdf [--quick] [--json OUT.json]

* **Batch**: ``kommunchef export *.json -f pdf -o DIR/`` over seed-sized generated meetings,
  per document, against one ``soffice --convert-to pdf`` call over the same meetings' DOCX
  files (its own profile, already initialised), per document. Target: at most 1/5.
* **Overhead**: ``kommunchef.export(meeting, "pdf")`` against WeasyPrint writing the same
  HTML page with the same options, in the same process. Target: at most 1.25x.
* **Scaling**: the export of meetings with 10, 100 and 1,000 agenda items; the fitted
  exponent of time against items (1.0 is linear).
* **Jobs**: the batch with ``--jobs 1`` and ``--jobs 2``.

No test checks these figures; the last run's are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kommunchef
from benchmarks.meetings import generated_meeting, seed_meeting, write_batch
from benchmarks.startup import kommunchef_command
from benchmarks.timing import compare, compare_commands, loglog_exponent

TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def _bare_weasyprint(meeting: kommunchef.Meeting) -> bytes:
    import weasyprint
    from kommunchef_html._resources import package_url
    from kommunchef_html.pdf import DEFAULT_VARIANT, page_html

    html = page_html(kommunchef.outline(meeting))
    data: bytes = weasyprint.HTML(string=html, base_url=package_url()).write_pdf(
        pdf_variant=DEFAULT_VARIANT, pdf_tags=True
    )
    return data


def overhead(*, rounds: int) -> dict[str, Any]:
    meeting = seed_meeting()
    stats = compare(
        {
            "kommunchef": partial(kommunchef.export, meeting, "pdf"),
            "weasyprint": partial(_bare_weasyprint, meeting),
        },
        rounds=rounds,
        warmup=1,
        min_time=0.0,
    )
    ours, theirs = stats["kommunchef"].median, stats["weasyprint"].median
    return {"kommunchef_s": ours, "weasyprint_s": theirs, "ratio": ours / theirs}


def scaling(*, sizes: list[int], rounds: int) -> dict[str, Any]:
    meetings = {size: generated_meeting(size, 21) for size in sizes}
    stats = compare(
        {str(size): partial(kommunchef.export, m, "pdf") for size, m in meetings.items()},
        rounds=rounds,
        warmup=0,  # the first call (calibrating the loop count) warms up
        min_time=0.0,
    )
    seconds = [stats[str(size)].median for size in sizes]
    return {
        "sizes": sizes,
        "seconds": seconds,
        "per_item_ms": [s / n * 1000 for s, n in zip(seconds, sizes)],
        "exponent": loglog_exponent(sizes, seconds),
    }


def batch(*, count: int, rounds: int) -> dict[str, Any]:
    soffice = shutil.which("soffice")
    work = Path(tempfile.mkdtemp(prefix="kommunchef-pdf-bench-"))
    try:
        files = write_batch(work / "meetings", count)
        docx = work / "docx"
        docx.mkdir()
        for file in files:
            (docx / f"{file.stem}.docx").write_bytes(
                kommunchef.export(kommunchef.load(file), "docx")
            )
        out = work / "out"
        export = [*kommunchef_command(), "export", *map(str, files), "-f", "pdf", "-o"]
        commands = {
            "jobs 1": [*export, f"{out}/", "--force", "--jobs", "1"],
            "jobs 2": [*export, f"{out}/", "--force", "--jobs", "2"],
        }
        if soffice:
            profile = (work / "profile").as_uri()
            commands["soffice"] = [
                soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                "--convert-to", TAGGED_PDF, "--outdir", str(out / "lo"),
                *sorted(map(str, docx.glob("*.docx"))),
            ]  # fmt: skip

        def empty(_: str) -> None:
            shutil.rmtree(out, ignore_errors=True)

        runs = compare_commands(commands, rounds=rounds, before=empty)
        per_document = {name: r.wall.median / count for name, r in runs.items()}
        result: dict[str, Any] = {"documents": count, "per_document_s": per_document}
        for name, r in runs.items():
            failed = r.failed
            if failed is not None:
                result.setdefault("failed", {})[name] = failed.stderr[-500:]
        result["jobs_speedup"] = per_document["jobs 1"] / per_document["jobs 2"]
        if "soffice" in per_document:
            result["share_of_soffice"] = per_document["jobs 1"] / per_document["soffice"]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    options = parser.parse_args(arguments)
    quick = options.quick
    results = {
        "overhead": overhead(rounds=2 if quick else 5),
        "scaling": scaling(sizes=[10, 30] if quick else [10, 100, 1000], rounds=1 if quick else 2),
        "batch": batch(count=4 if quick else 20, rounds=1 if quick else 2),
    }
    text = json.dumps(results, indent=2)
    print(text)
    if options.json:
        options.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
