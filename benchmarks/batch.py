"""Part 5, batch: ``kommunchef export FOLDER`` over 500 meetings to every format, 1 and 2 jobs.

The meetings are generated with the seed example's size (6 agenda items, 21 people) and
written as JSON files into a temporary folder. One more run exports a fifth of them with one
job, to show how the peak memory grows with the number of meetings. Each run is a new ``kommunchef export``
process writing into an emptied output folder, so start-up, loading, validation, export and
writing are all counted. Memory is reported two ways: the largest resident set of any one
process (from ``wait4`` in a small launcher), and the peak of the summed proportional set
sizes of the command and its worker processes, sampled every 5 ms (shared pages count once).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.meetings import write_batch
from benchmarks.scaling import usable_formats
from benchmarks.startup import kommunchef_command
from benchmarks.timing import compare_commands

JOBS = (1, 2)


def run(*, quick: bool) -> dict[str, Any]:
    """Export the folder with each number of jobs, interleaved; see the module docstring."""
    count = 20 if quick else 500
    small = count // 5
    formats, unusable = usable_formats()
    with tempfile.TemporaryDirectory(prefix="kommunchef-batch-") as temporary:
        folder = Path(temporary)
        paths = write_batch(folder / "meetings", count)
        (folder / "subset").mkdir()
        for path in paths[:small]:
            shutil.copy(path, folder / "subset" / path.name)
        runs = {f"--jobs {jobs}": ("meetings", jobs, count) for jobs in JOBS}
        # The same command on a fifth of the meetings shows how memory grows with the count.
        runs[f"--jobs 1, {small} meetings"] = ("subset", 1, small)
        outputs = {name: folder / f"out-{index}" for index, name in enumerate(runs)}
        commands = {
            name: [
                *kommunchef_command(),
                "export",
                str(folder / source),
                "-f",
                ",".join(formats),
                "-o",
                str(outputs[name]),
                "--jobs",
                str(jobs),
            ]
            for name, (source, jobs, _) in runs.items()
        }

        def empty(name: str) -> None:
            shutil.rmtree(outputs[name], ignore_errors=True)

        measured = compare_commands(
            commands,
            rounds=1 if quick else 3,
            warmup=0 if quick else 1,
            before=empty,
            measure_memory=True,
        )
        written = {name: list(path.iterdir()) for name, path in outputs.items()}
        output_bytes = sum(file.stat().st_size for file in written["--jobs 1"])
    rows: list[dict[str, Any]] = []
    for name, stats in measured.items():
        meetings = runs[name][2]
        failed = stats.failed
        if failed is not None:
            rows.append({"jobs": name, "error": failed.stderr.strip()[-800:]})
            continue
        wall = stats.wall.median
        summary = stats.as_json()
        rows.append(
            {
                "jobs": name,
                "meetings": meetings,
                "wall_s": wall,
                "meetings_per_s": meetings / wall,
                "documents_per_s": meetings * len(formats) / wall,
                "max_rss_kib": summary.get("max_rss_kib"),
                "tree_peak_pss_kib": summary.get("tree_peak_pss_kib"),
                "files_written": len(written[name]),
                "files_expected": meetings * len(formats),
                "timing": summary,
            }
        )
    by_name = {row["jobs"]: row for row in rows if "wall_s" in row}
    one, two, subset = (by_name.get(name) for name in runs)
    speedup = one["wall_s"] / two["wall_s"] if one and two else None
    growth = None
    if one and subset and one["tree_peak_pss_kib"] and subset["tree_peak_pss_kib"]:
        growth = (one["tree_peak_pss_kib"] - subset["tree_peak_pss_kib"]) / (count - small)
    return {
        "meetings": count,
        "formats": formats,
        "unusable_formats": unusable,
        "rows": rows,
        "speedup_2_jobs": speedup,
        "memory_growth_kib_per_meeting": growth,
        "output_kib_per_meeting": output_bytes / 1024 / count,
    }


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    rows = []
    for row in result["rows"]:
        if "error" in row:
            rows.append([row["jobs"], "", "", "", "", f"failed: {row['error'][-200:]}"])
            continue
        tree = row["tree_peak_pss_kib"]
        rows.append(
            [
                row["jobs"],
                f"{row['wall_s']:.2f} s",
                f"{row['meetings_per_s']:.1f}",
                "–" if row["max_rss_kib"] is None else f"{row['max_rss_kib'] / 1024:.0f} MiB",
                "–" if tree is None else f"{tree / 1024:.0f} MiB",
                f"{row['files_written']}/{row['files_expected']} files",
            ]
        )
    if result["speedup_2_jobs"] is not None:
        rows.append(["2 jobs vs 1", f"{result['speedup_2_jobs']:.2f}x faster", "", "", "", ""])
    if result["memory_growth_kib_per_meeting"] is not None:
        rows.append(
            [
                "memory per extra meeting (1 job)",
                f"{result['memory_growth_kib_per_meeting']:.0f} KiB",
                f"output: {result['output_kib_per_meeting']:.0f} KiB per meeting",
                "",
                "",
                "",
            ]
        )
    title = f"batch: {result['meetings']} meetings to {','.join(result['formats'])}"
    return [title, "wall", "meetings/s", "max RSS (1 proc)", "peak PSS (all)", "output"], rows
