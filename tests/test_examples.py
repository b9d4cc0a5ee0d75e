"""Every bundled example validates and exports to every installed format."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

import kommunchef

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_TEXT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bdc96ab5fe4f8ea3.txt"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_example_validates_and_exports_everywhere(path: Path) -> None:
    meeting = kommunchef.load(path)
    assert [p for p in kommunchef.validate(meeting) if p.severity == "error"] == []
    for info in kommunchef.available_formats():
        data = kommunchef.export(meeting, info.name)
        assert data, info.name


def test_script_builds_the_bundled_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = runpy.run_path(str(EXAMPLES / "build_seed_example.py"))
    meeting = namespace["seed_meeting"]()
    assert meeting == kommunchef.load(EXAMPLES / "kcg-2021-10-08.json")
    monkeypatch.setattr(sys, "argv", ["build_seed_example.py", str(tmp_path)])
    assert namespace["main"]([sys.argv[0], str(tmp_path)]) == 0
    assert {p.suffix for p in tmp_path.iterdir()} >= {".json"}


def _words(text: str) -> list[str]:
    return text.replace("–", " ").replace("-", " ").split()


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="the seed minutes are not beside the project")
def test_seed_example_holds_every_paragraph_of_the_original() -> None:
    meeting = kommunchef.load(EXAMPLES / "kcg-2021-10-08.json")
    original = SEED_TEXT.read_text("utf-8")
    texts: list[str] = []
    for item in meeting.agenda:
        texts.append(f"{item.number}. {item.title}")
        for block in item.body:
            if isinstance(block, kommunchef.Paragraph):
                texts.append(block.text)
            elif isinstance(block, kommunchef.BulletList):
                texts.extend(entry.text for entry in block.items)
        texts.extend(d.text for d in item.decisions)
        texts.extend(f.text for f in item.follow_ups)
    people = [f"{p.name}, {p.organisation}" for p in (*meeting.present, *meeting.absent)]
    assert meeting.recorded_by is not None
    signature = f"Antecknat av: {meeting.recorded_by.name}, {meeting.recorded_by.title}"
    flat = " ".join(original.split())
    for text in [*people, *texts, signature]:
        assert " ".join(text.split()) in flat, text
    assert len(meeting.present) == 13
    assert len(meeting.absent) == 3
    assert meeting.upcoming[0].date.isoformat() == "2021-11-11"
    assert meeting.upcoming[0].end_date is not None
    assert meeting.upcoming[0].end_date.isoformat() == "2021-11-12"
