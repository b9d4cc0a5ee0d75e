"""Print the tables of a results file as Markdown, for docs/performance.md.

python benchmarks/report.py [benchmarks/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.run import DEFAULT_JSON, SECTIONS


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; ``|`` in a cell is escaped."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    width = len(header)
    return "\n".join(
        [line(header), line(["---"] * width)]
        + [line([*row, *([""] * (width - len(row)))][:width]) for row in rows]
    )


def machine_table(meta: dict[str, Any]) -> str:
    """The machine and the software versions."""
    machine = meta["machine"]
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    rows = [
        ["CPUs (nproc)", str(machine["cpus"])],
        ["CPU model", machine["cpu_model"]],
        ["memory", f"{machine['memory_gib']} GiB"],
        ["system", machine["platform"]],
        ["Python", machine["python"]],
        ["packages", packages],
        ["pandoc", machine["pandoc"] or "not installed"],
        ["started", meta["started"]],
        ["duration", f"{meta['duration_s']:.0f} s"],
    ]
    return markdown_table(["", ""], rows)


def main(argv: Sequence[str]) -> int:
    """Print every table of the results file."""
    path = Path(argv[0]) if argv else DEFAULT_JSON
    results = json.loads(path.read_text(encoding="utf-8"))
    print(machine_table(results["meta"]))
    for name, (_, make_table) in SECTIONS.items():
        if name not in results or "error" in results[name]:
            continue
        header, rows = make_table(results[name])
        load = results[name].get("load_average", {})
        print(f"\n### {name}\n")
        print(markdown_table(header, rows))
        if load:
            before, after = load["before"][0], load["after"][0]
            print(f"\nLoad average (1 min): {before:.2f} before, {after:.2f} after.")
    print("\n### targets\n")
    rows = [[t["target"], t["value"], "yes" if t["met"] else "no"] for t in results["targets"]]
    print(markdown_table(["target", "measured", "met"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
