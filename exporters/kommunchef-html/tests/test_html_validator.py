"""The Nu Html Checker (npm ``vnu-jar``, run with Java) finds no error in our pages.

``--also-check-css`` checks the inlined stylesheet too. The checker is run once per test on
all pages, because starting Java takes a second or two.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from kommunchef_html import exporter
from pytest_kommunchef import require_client, skip_or_fail

import kommunchef
from kommunchef.model import Meeting
from kommunchef.testing import hostile_meeting, meetings

pytestmark = pytest.mark.client

REPOSITORY = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((REPOSITORY / "examples").glob("*.json"))
VNU_JAR = REPOSITORY / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check_pages(tmp_path: Path, pages: dict[str, bytes]) -> None:
    java = require_client("java", "the Nu Html Checker runs on Java")
    if not VNU_JAR.is_file():
        skip_or_fail(f"{VNU_JAR} is missing: run 'npm install' in {REPOSITORY}")
    files = []
    for name, data in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(data)
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"the Nu Html Checker found errors:\n{report}"
    assert report == ""


def test_examples_and_hostile_meeting_are_valid(tmp_path: Path) -> None:
    pages: dict[str, bytes] = {}
    for path in EXAMPLES:
        meeting = kommunchef.load(path)
        for lang in ("sv", "en"):
            pages[f"{path.stem}-{lang}"] = exporter.export(meeting, lang=lang)
        first = meeting.agenda[0].number
        pages[f"{path.stem}-excerpt"] = exporter.export(meeting, items=str(first))
    hostile = hostile_meeting()
    pages["hostile-sv"] = exporter.export(hostile)
    pages["hostile-en"] = exporter.export(hostile, lang="en", items="1,6,7")
    assert len(pages) >= 5
    check_pages(tmp_path, pages)


def test_generated_meetings_are_valid(tmp_path: Path) -> None:
    pages: dict[str, bytes] = {}

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(meetings())
    def collect(meeting: Meeting) -> None:
        pages[f"generated-{len(pages)}"] = exporter.export(meeting)

    collect()
    assert pages
    check_pages(tmp_path, pages)
