"""The publication conformance check, run for every installed format, and proof that it bites."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import attrs
import pytest
from pytest_kommunchef import skip_or_fail

import kommunchef
from kommunchef.exporting import available_formats, get_exporter
from kommunchef.publication import Published, publish
from kommunchef.testing import publication as publication_check
from kommunchef.testing.publication import check_publication, leaks, output_texts

SEED = Path(__file__).resolve().parents[1] / "examples" / "kcg-2021-10-08.json"


@pytest.mark.parametrize("name", [info.name for info in available_formats()])
def test_no_contact_detail_reaches_any_installed_format(name: str) -> None:
    check_publication(name, examples=8)


def test_the_check_finds_what_a_format_lets_through(monkeypatch: pytest.MonkeyPatch) -> None:
    # A profile that forgets to remove anything must fail the check in every format.
    def leaky(meeting: kommunchef.Meeting, profile: object) -> Published:
        return publish(meeting, "internal")

    monkeypatch.setattr(publication_check, "publish", leaky)
    with pytest.raises(AssertionError, match="still contains"):
        check_publication("json", examples=3)


def test_leaks_are_found_inside_a_docx() -> None:
    if "docx" not in {info.name for info in available_formats()}:
        skip_or_fail("the docx format (kommunchef-docx) is not installed")
    meeting = kommunchef.load(SEED)
    meeting = attrs.evolve(meeting, location="Ring 070-123 45 67 eller anna.svensson@ale.se")
    data = kommunchef.export(meeting, "docx")
    assert set(leaks(meeting, data)) >= {"070-123 45 67", "anna.svensson@ale.se"}
    assert leaks(meeting, kommunchef.export(kommunchef.for_publication(meeting), "docx")) == []


def test_output_views_cover_zip_members_and_escaped_text() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:t>070-123</w:t><w:t> 45 67</w:t>")
    views = output_texts(buffer.getvalue())
    assert any("070-123 45 67" in view for view in views)
    assert any("a&b@x.se" in view for view in output_texts(b"<p>a&amp;b@x.se</p>"))
    folded = b"DESCRIPTION:Ring 070-12\r\n 3 45 67\\, tack"
    assert any("070-123 45 67, tack" in view for view in output_texts(folded))
    assert any("anna@x.se" in view for view in output_texts(b'{"a": "anna\\u0040x.se"}'))


def test_an_exporter_object_can_be_checked() -> None:
    check_publication(get_exporter("json"), examples=2)
