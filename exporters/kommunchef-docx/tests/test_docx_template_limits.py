"""A template archive may not unpack to more than the documented limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from kommunchef_docx._base import MAX_TEMPLATE_INFLATED, MAX_TEMPLATE_PARTS

import kommunchef
from kommunchef.errors import OptionError
from kommunchef.exporting import export

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"


@pytest.fixture(scope="module")
def meeting() -> kommunchef.Meeting:
    return kommunchef.load(EXAMPLE)


def _rebuilt(base: Path, target: Path, padding: int = 0, extra_parts: int = 0) -> Path:
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w") as package:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml" and padding:
                data = data.replace(b"<w:styles ", b"<!--" + b" " * padding + b"--><w:styles ", 1)
            package.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        for index in range(extra_parts):
            package.writestr(f"customXml/extra{index}.xml", b"<a/>")
    return target


def test_a_template_that_inflates_past_the_limit_is_refused(
    meeting: kommunchef.Meeting, tmp_path: Path
) -> None:
    base = tmp_path / "base.docx"
    base.write_bytes(export(meeting, "docx"))
    bomb = _rebuilt(base, tmp_path / "bomb.docx", padding=MAX_TEMPLATE_INFLATED + 1)
    assert bomb.stat().st_size < MAX_TEMPLATE_INFLATED // 100
    with pytest.raises(OptionError, match="would unpack to"):
        export(meeting, "docx", template=str(bomb))


def test_a_template_with_too_many_parts_is_refused(
    meeting: kommunchef.Meeting, tmp_path: Path
) -> None:
    base = tmp_path / "base.docx"
    base.write_bytes(export(meeting, "docx"))
    crowded = _rebuilt(base, tmp_path / "crowded.docx", extra_parts=MAX_TEMPLATE_PARTS)
    with pytest.raises(OptionError, match="holds"):
        export(meeting, "docx", template=str(crowded))


def test_a_template_within_the_limits_still_works(
    meeting: kommunchef.Meeting, tmp_path: Path
) -> None:
    base = tmp_path / "base.docx"
    base.write_bytes(export(meeting, "docx"))
    assert export(meeting, "docx", template=str(_rebuilt(base, tmp_path / "ok.docx", 1000)))
