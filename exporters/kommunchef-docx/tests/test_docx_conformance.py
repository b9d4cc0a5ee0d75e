"""The core's conformance check and a property test over generated meetings."""

from __future__ import annotations

import io

import docx
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, given, settings
from kommunchef_docx import DocxExporter, exporter

import kommunchef
from kommunchef import Meeting
from kommunchef.exporting import available_formats
from kommunchef.testing import check_exporter, meetings


def opens_with_python_docx(meeting: Meeting, data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    first = document.paragraphs[0]
    assert first.style is not None
    assert first.style.name == "Heading 1"
    assert meeting.body in first.text


def test_conformance() -> None:
    check_exporter(exporter, examples=15, check_output=opens_with_python_docx)


def test_registered_as_docx() -> None:
    assert isinstance(kommunchef.get_exporter("docx"), DocxExporter)
    info = {f.name: f for f in available_formats()}["docx"]
    assert info.distribution == "kommunchef-docx"
    assert info.target == "kommunchef_docx:exporter"


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(meetings())
def test_every_generated_meeting_opens_with_its_items_in_order(meeting: Meeting) -> None:
    data = kommunchef.export(meeting, "docx")
    document = docx.Document(io.BytesIO(data))
    headings = [
        block.text
        for block in document.iter_inner_content()
        if isinstance(block, DocxParagraph)
        and block.style is not None
        and block.style.name == "Heading 2"
    ]
    titles = [f"{item.number}. {item.title}" for item in meeting.agenda]
    assert [h for h in headings if h in titles] == titles
    rows = sum(len(t.rows) for t in document.tables)
    groups = [g for g in (meeting.present, meeting.absent, meeting.guests) if g]
    assert rows == sum(len(g) + 1 for g in groups)
    assert len(document.tables) == len(groups)
