"""Part 1, start-up: ``kommunchef --version`` and ``formats`` against ``python -c pass``,
in wall time and, where valgrind is installed, in instructions executed (which a shared,
busy machine does not change), and what ``import kommunchef`` costs according to
``python -X importtime``."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.timing import child_environment, compare_commands

IMPORT_TARGET_MS = 40.0
"""``import kommunchef`` may add at most this much to a bare interpreter's start."""

RATIO_TARGET = 3.0
"""``kommunchef --version`` and ``kommunchef formats`` may cost at most this many times
``python -c pass``."""

TARGETED = ("kommunchef --version", "kommunchef formats")

PLUGIN_MODULES = frozenset(
    {
        "kommunchef_docx",
        "kommunchef_html",
        "kommunchef_ical",
        "docx",
        "lxml",
        "jinja2",
        "markupsafe",
        "icalendar",
        "docxtpl",
    }
)
"""Libraries of the exporter plugins, which listing the formats must not import."""


def kommunchef_command() -> list[str]:
    """The installed ``kommunchef`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).parent / "kommunchef"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "kommunchef"]


def _python_command(arguments: list[str]) -> list[str]:
    """``arguments`` of the kommunchef command run under this interpreter with extra flags."""
    command = kommunchef_command()
    if command[0] == sys.executable:
        return [sys.executable, *arguments, *command[1:]]
    return [sys.executable, *arguments, command[0]]


@dataclass
class ImportLine:
    """One line of ``-X importtime``: microseconds of its own, cumulative, and the module."""

    self_us: int
    cumulative_us: int
    module: str
    depth: int


def parse_importtime(stderr: str) -> list[ImportLine]:
    """The lines of ``python -X importtime`` output, in the order printed (children first)."""
    lines: list[ImportLine] = []
    for raw in stderr.splitlines():
        if not raw.startswith("import time:"):
            continue
        parts = raw[len("import time:") :].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header line
        name = parts[2][1:]  # one space follows the bar; two more per nesting level
        depth = (len(name) - len(name.lstrip(" "))) // 2
        lines.append(ImportLine(int(parts[0]), int(parts[1]), name.strip(), depth))
    return lines


def subtree(lines: list[ImportLine], module: str) -> list[ImportLine]:
    """The lines of ``module``'s first top-level import and everything it imported."""
    for index, line in enumerate(lines):
        if line.module == module and line.depth == 0:
            start = index
            while start > 0 and lines[start - 1].depth > 0:
                start -= 1
            return lines[start : index + 1]
    return []


def plugin_modules() -> frozenset[str]:
    """Modules that listing the formats must not import: every installed format's module
    (``kommunchef_docx``, ``kommunchef.serialization`` ...) and the libraries they use."""
    import kommunchef

    targets = {info.target.partition(":")[0] for info in kommunchef.available_formats()}
    return PLUGIN_MODULES | targets


def _plugins_among(modules: set[str], forbidden: frozenset[str]) -> list[str]:
    return sorted(
        module
        for module in modules
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    )


def _importtime(arguments: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=child_environment(),
    )
    if result.returncode != 0:
        raise RuntimeError(f"{arguments} failed: {result.stderr[-500:]}")
    return result.stderr


def _command_imports(arguments: list[str]) -> set[str]:
    result = subprocess.run(
        _python_command(["-X", "importtime"]) + arguments,
        capture_output=True,
        text=True,
        check=False,
        env=child_environment(),
    )
    if result.returncode != 0:
        raise RuntimeError(f"kommunchef {' '.join(arguments)} failed: {result.stderr[-500:]}")
    return {line.module for line in parse_importtime(result.stderr)}


def import_profile(arguments: list[str], *, runs: int = 5) -> dict[str, Any]:
    """What a ``kommunchef ARGUMENTS`` run spends importing, from ``-X importtime``.

    ``total_ms`` adds up the imports that were not nested in another one, leaving out what a
    bare interpreter imports at start-up; ``largest`` names the costliest of them with their
    cumulative milliseconds (``kommunchef.cli`` includes what ``import kommunchef`` costs; a
    plugin's module includes its library). Of ``runs`` runs, the one with the median total
    is reported.
    """
    bare = {line.module for line in parse_importtime(_importtime(["-c", "pass"]))}
    profiles: list[tuple[float, list[ImportLine]]] = []
    for _ in range(runs):
        result = subprocess.run(
            _python_command(["-X", "importtime"]) + arguments,
            capture_output=True,
            text=True,
            check=False,
            env=child_environment(),
        )
        if result.returncode != 0:
            raise RuntimeError(f"kommunchef {' '.join(arguments)} failed: {result.stderr[-500:]}")
        top = [
            line
            for line in parse_importtime(result.stderr)
            if line.depth == 0 and line.module not in bare
        ]
        profiles.append((sum(line.cumulative_us for line in top) / 1000, top))
    total, top = sorted(profiles, key=lambda profile: profile[0])[len(profiles) // 2]
    largest = sorted(top, key=lambda line: line.cumulative_us, reverse=True)[:8]
    return {
        "total_ms": total,
        "totals_ms": sorted(profile[0] for profile in profiles),
        "largest": {line.module: line.cumulative_us / 1000 for line in largest},
    }


def instruction_counts(commands: dict[str, list[str]]) -> dict[str, int] | None:
    """Instructions each command executes, counted by valgrind's callgrind after one run
    that caches the bytecode; ``None`` when valgrind is not installed."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counts = {}
    for name, command in commands.items():
        subprocess.run(command, capture_output=True, check=False, env=child_environment())
        result = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            capture_output=True,
            text=True,
            check=False,
            env=child_environment(),
        )
        found = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
        if result.returncode != 0 or found is None:
            raise RuntimeError(f"callgrind on {name} failed: {result.stderr[-500:]}")
        counts[name] = int(found.group(1))
    return counts


def _instructions(commands: dict[str, list[str]], quick: bool) -> dict[str, Any]:
    if quick:
        return {"skipped": "quick run"}
    counts = instruction_counts(commands)
    if counts is None:
        return {"skipped": "valgrind is not installed"}
    bare = counts["python -c pass"]
    return {
        "counts": counts,
        "ratio_to_bare": {name: count / bare for name, count in counts.items()},
        "target_ratio": RATIO_TARGET,
        "met": all(counts[name] / bare <= RATIO_TARGET for name in TARGETED),
    }


def run(*, quick: bool) -> dict[str, Any]:
    """Measure start-up; see the module docstring."""
    rounds = 3 if quick else 25
    kommunchef = kommunchef_command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import kommunchef'": [sys.executable, "-c", "import kommunchef"],
        "kommunchef --version": [*kommunchef, "--version"],
        "kommunchef formats": [*kommunchef, "formats"],
    }
    measured = compare_commands(commands, rounds=rounds, warmup=1)
    bare = measured["python -c pass"].wall.median
    rows = []
    for name, stats in measured.items():
        failed = stats.failed
        if failed is not None:
            raise RuntimeError(f"{name} failed: {failed.stderr[-500:]}")
        median = stats.wall.median
        rows.append(
            {
                "command": name,
                "median_ms": median * 1000,
                "over_bare_ms": (median - bare) * 1000,
                "ratio_to_bare": median / bare,
                **({"met": median / bare <= RATIO_TARGET} if name in TARGETED else {}),
                "spread": stats.wall.spread,
                "samples_ms": [s * 1000 for s in stats.wall.samples],
            }
        )

    # -X importtime's cumulative figure for kommunchef counts only what ``import kommunchef``
    # adds: modules a bare interpreter already imported at start-up are not in it.
    cumulative: list[float] = []
    outputs: list[list[ImportLine]] = []
    _importtime(["-c", "import kommunchef"])  # warm-up: bytecode, file system caches
    for _ in range(rounds):
        lines = parse_importtime(_importtime(["-c", "import kommunchef"]))
        tree = subtree(lines, "kommunchef")
        if not tree:
            raise RuntimeError("-X importtime printed no line for kommunchef")
        cumulative.append(tree[-1].cumulative_us / 1000)
        outputs.append(tree)
    median_ms = statistics.median(cumulative)
    typical = outputs[cumulative.index(sorted(cumulative)[len(cumulative) // 2])]
    by_package: dict[str, int] = defaultdict(int)
    for line in typical:
        by_package[line.module.split(".")[0]] += line.self_us
    top_modules = sorted(typical, key=lambda line: line.self_us, reverse=True)[:10]

    formats_imports = _command_imports(["formats"])
    version_imports = _command_imports(["--version"])
    forbidden = plugin_modules()
    plugins_in_formats = _plugins_among(formats_imports, forbidden)
    plugins_in_version = _plugins_among(version_imports, forbidden)
    return {
        "rounds": rounds,
        "commands": rows,
        "target_ratio": RATIO_TARGET,
        "instructions": _instructions(commands, quick),
        "import": {
            "cumulative_ms_median": median_ms,
            "cumulative_ms_samples": cumulative,
            "target_ms": IMPORT_TARGET_MS,
            "met": median_ms < IMPORT_TARGET_MS,
            "modules_imported": len(typical),
            "self_ms_by_package": {
                name: us / 1000
                for name, us in sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)
            },
            "top_modules": [
                {"module": line.module, "self_ms": line.self_us / 1000} for line in top_modules
            ],
        },
        "formats_imports_no_plugin": {
            "met": not plugins_in_formats,
            "plugin_modules_imported": plugins_in_formats,
            "checked_modules": sorted(forbidden),
            "kommunchef_modules": sorted(m for m in formats_imports if m.startswith("kommunchef")),
        },
        "version_imports_no_plugin": {
            "met": not plugins_in_version,
            "plugin_modules_imported": plugins_in_version,
        },
    }


def table(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Rows for the printed table."""
    target = f"target <= {result.get('target_ratio', RATIO_TARGET):.0f}x"
    rows = [
        [
            row["command"],
            f"{row['median_ms']:.1f} ms",
            f"{row['over_bare_ms']:+.1f} ms",
            f"{row['ratio_to_bare']:.2f}x",
            f"±{row['spread'] * 100:.0f}%",
            "" if "met" not in row else f"{target}: {'met' if row['met'] else 'MISSED'}",
        ]
        for row in result["commands"]
    ]
    instructions = result.get("instructions", {})
    for name, count in instructions.get("counts", {}).items():
        ratio = instructions["ratio_to_bare"][name]
        verdict = "met" if ratio <= instructions["target_ratio"] else "MISSED"
        rows.append(
            [
                f"instructions: {name}",
                f"{count / 1e6:.1f} M",
                "",
                f"{ratio:.2f}x",
                "",
                f"{target}: {verdict}" if name in TARGETED else "",
            ]
        )
    if "skipped" in instructions:
        rows.append(["instructions", "not counted", "", "", "", instructions["skipped"]])
    imported = result["import"]
    rows.append(
        [
            "-X importtime: import kommunchef",
            f"{imported['cumulative_ms_median']:.1f} ms",
            f"target < {imported['target_ms']:.0f} ms",
            "met" if imported["met"] else "MISSED",
            "",
            "",
        ]
    )
    check = result["formats_imports_no_plugin"]
    rows.append(
        [
            "kommunchef formats imports a plugin?",
            "no" if check["met"] else ", ".join(check["plugin_modules_imported"]),
            "target: no",
            "met" if check["met"] else "MISSED",
            "",
            "",
        ]
    )
    return ["start-up", "median", "over bare", "ratio", "IQR", "target"], rows
