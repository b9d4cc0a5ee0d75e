"""Word documents that other programs wrote: LibreOffice re-saving our DOCX, and pandoc
writing the Markdown minutes as DOCX, import to the same meeting."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from kommunchef_docx.reader import read_docx
from pytest_kommunchef import require_client

import kommunchef
from kommunchef import Meeting, Person

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

pytestmark = pytest.mark.client


def _agenda(meeting: Meeting) -> list[tuple[int, str, int, int]]:
    return [
        (item.number, item.title, len(item.body), len(item.decisions)) for item in meeting.agenda
    ]


def _names(people: tuple[Person, ...]) -> list[str]:
    return [person.name for person in people]


def _same_minutes(back: Meeting, meeting: Meeting) -> None:
    assert back.date == meeting.date
    assert _names(back.present) == _names(meeting.present)
    assert _names(back.absent) == _names(meeting.absent)
    assert _names(back.guests) == _names(meeting.guests)
    assert _agenda(back) == _agenda(meeting)
    assert [(u.date, u.cancelled) for u in back.upcoming] == [
        (u.date, u.cancelled) for u in meeting.upcoming
    ]
    assert back.recorded_by == meeting.recorded_by


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_resaved_document_reads_back(path: Path, tmp_path: Path) -> None:
    soffice = require_client("soffice", "to re-save a DOCX as LibreOffice writes it")
    meeting = kommunchef.load(path)
    source = tmp_path / "in" / f"{meeting.id}.docx"
    source.parent.mkdir()
    source.write_bytes(kommunchef.export(meeting, "docx"))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    back = read_docx((out / source.name).read_bytes(), meeting_id=meeting.id)
    _same_minutes(back, meeting)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_pandoc_document_from_the_markdown_minutes_reads_back(path: Path, tmp_path: Path) -> None:
    pandoc = require_client("pandoc", "to write Word minutes from Markdown")
    meeting = kommunchef.load(path)
    markdown = tmp_path / "minutes.md"
    markdown.write_bytes(kommunchef.export(meeting, "md"))
    target = tmp_path / "minutes.docx"
    subprocess.run(
        [pandoc, "--from", "commonmark", str(markdown), "-o", str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    back = read_docx(target.read_bytes(), meeting_id=meeting.id)
    _same_minutes(back, meeting)
