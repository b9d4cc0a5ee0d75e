"""Run kommunchef's benchmarks, print a table and write the results as JSON.

    python benchmarks/run.py [--quick] [--json OUT.json] [--sections startup,overhead,...]

``--quick`` uses tiny sizes and one or two rounds: it checks that every benchmark still
works (CI runs it) and its figures mean little. Without it the run takes several minutes.
The results go to ``benchmarks/results/latest.json`` unless ``--json`` says otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script: make the ``benchmarks`` package importable from the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import alternatives, batch, importing, machine, overhead, scaling, startup

Section = tuple[
    Callable[..., dict[str, Any]], Callable[[dict[str, Any]], tuple[list[str], list[list[str]]]]
]

SECTIONS: dict[str, Section] = {
    "startup": (startup.run, startup.table),
    "overhead": (overhead.run, overhead.table),
    "alternatives": (alternatives.run, alternatives.table),
    "scaling": (scaling.run, scaling.table),
    "batch": (batch.run, batch.table),
    "importing": (importing.run, importing.table),
}
"""The parts of the benchmark, in the order they run."""

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [len(cell) for cell in header]
    for row in rows:
        for index, cell in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], len(cell))
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip(),
        "  ".join("-" * width for width in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the benchmark with its measured value and whether it is met."""
    found: list[dict[str, Any]] = []
    if "commands" in results.get("startup", {}):
        part = results["startup"]
        found.append(
            {
                "target": f"import kommunchef adds < {part['import']['target_ms']:.0f} ms",
                "value": f"{part['import']['cumulative_ms_median']:.1f} ms",
                "met": part["import"]["met"],
            }
        )
        plugins = part["formats_imports_no_plugin"]["plugin_modules_imported"]
        found.append(
            {
                "target": "kommunchef formats imports no plugin",
                "value": ", ".join(plugins) or "none imported",
                "met": part["formats_imports_no_plugin"]["met"],
            }
        )
    for row in results.get("overhead", {}).get("rows", []):
        if "ratio" in row:
            found.append(
                {
                    "target": f"{row['format']}: kommunchef / baseline <= "
                    f"{results['overhead']['target_ratio']}",
                    "value": f"{row['ratio']:.2f}",
                    "met": row["met"],
                }
            )
    loads = results.get("overhead", {}).get("loads")
    if loads is not None:
        found.append(
            {
                "target": f"kommunchef.loads / json.loads <= {loads['target_ratio']:g}",
                "value": f"{loads['ratio']:.2f}",
                "met": loads["met"],
            }
        )
    for row in results.get("alternatives", {}).get("rows", []):
        if "ratio" not in row:
            continue
        bound = row.get("target_ratio", 1.0)
        wanted = "kommunchef faster" if bound == 1.0 else f"kommunchef <= {bound:g}x"
        found.append(
            {
                "target": f"{row['name']}: {wanted}",
                "value": f"{row['ratio']:.2f}x the time",
                "met": row["met"],
            }
        )
        if "script_target" in row:
            fmt = row["name"].split(":")[0]
            found.append(
                {
                    "target": f"{fmt}, one meeting per command: "
                    f"<= {row['script_target']:g}x a bare script",
                    "value": f"{row['script_ratio']:.2f}x",
                    "met": row["script_met"],
                }
            )
    for row in results.get("scaling", {}).get("rows", []):
        if row.get("max_exponent") is not None:
            found.append(
                {
                    "target": f"{row['format']}: growth exponent <= "
                    f"{results['scaling']['target_exponent']}",
                    "value": f"{row['max_exponent']:.2f}",
                    "met": row["met"],
                }
            )
    if "docx" in results.get("batch", {}):
        found += batch.targets(results["batch"])
    reading = results.get("importing", {})
    if "text" in reading:
        found.append(
            {
                "target": f"text import: growth exponent <= {reading['text']['target_exponent']}",
                "value": f"{reading['text']['exponent']:.2f}",
                "met": reading["text"]["met"],
            }
        )
    if "ratio" in reading.get("docx", {}):
        found.append(
            {
                "target": f"docx import <= {reading['docx']['target_ratio']}x python-docx open",
                "value": f"{reading['docx']['ratio']:.2f}x",
                "met": reading["docx"]["met"],
            }
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen sections; exit status 1 when one of them failed to run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1-2 rounds (CI)")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, metavar="OUT.json", help="where to write"
    )
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated parts to run (default: all of {', '.join(SECTIONS)})",
    )
    options = parser.parse_args(argv)
    chosen = [name.strip() for name in options.sections.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")

    started = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "quick": options.quick,
            "command": " ".join(["python", "benchmarks/run.py", *(argv or sys.argv[1:])]),
            "machine": machine.describe(),
            "load_average_before": machine.load_average(),
        }
    }
    failed = False
    for name in chosen:
        run, make_table = SECTIONS[name]
        print(f"\n== {name} ==", flush=True)
        section_start = time.perf_counter()
        load_before = machine.load_average()
        try:
            result = run(quick=options.quick)
        except Exception:
            failed = True
            results[name] = {"error": traceback.format_exc()}
            print(results[name]["error"], file=sys.stderr)
            continue
        result["duration_s"] = time.perf_counter() - section_start
        result["load_average"] = {"before": load_before, "after": machine.load_average()}
        results[name] = result
        header, rows = make_table(result)
        print(format_table(header, rows), flush=True)
    results["targets"] = targets(results)
    results["meta"]["load_average_after"] = machine.load_average()
    results["meta"]["duration_s"] = time.perf_counter() - started

    print("\n== targets ==")
    print(
        format_table(
            ["target", "measured", "met"],
            [[t["target"], t["value"], "yes" if t["met"] else "NO"] for t in results["targets"]],
        )
    )
    before, after = results["meta"]["load_average_before"], results["meta"]["load_average_after"]
    if before and after:
        print(
            f"\nload average (1 min) {before[0]:.2f} before, {after[0]:.2f} after, "
            f"on {results['meta']['machine']['cpus']} CPUs; "
            f"{results['meta']['duration_s']:.0f} s in all"
        )
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"results written to {options.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
