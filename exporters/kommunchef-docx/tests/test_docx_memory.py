"""A written document is freed as soon as it is written, not at the next full collection.

python-docx's objects refer to each other in cycles; if a finished document stayed in one,
its XML trees (allocated by lxml outside Python's heap) would stay in memory until the
garbage collector's next full collection, and a batch of documents would grow.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.xmlchemy import BaseOxmlElement
from kommunchef_docx import exporter

import kommunchef

SEED = Path(__file__).resolve().parents[3] / "examples" / "kcg-2021-10-08.json"


def xml_left_to_the_collector(action: Callable[[], object]) -> list[str]:
    """The XML elements that only the garbage collector would free after ``action``."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        gc.collect()
        return [type(o).__name__ for o in gc.garbage if isinstance(o, BaseOxmlElement)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()
        if enabled:
            gc.enable()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Organisationens sidhuvud"
    document.add_paragraph("Brödtext som ersätts")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path_factory.mktemp("mall") / "mall.docx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("options", [{}, {"lang": "en"}, {"template": "TEMPLATE"}])
def test_a_written_document_leaves_no_xml_to_the_collector(
    options: dict[str, str], template: Path
) -> None:
    meeting = kommunchef.load(SEED)
    chosen = {k: str(template) if v == "TEMPLATE" else v for k, v in options.items()}

    def export_three() -> None:
        for _ in range(3):
            assert exporter.export(meeting, **chosen).startswith(b"PK")

    # The first export of a language prepares its base document; later ones reuse it.
    assert xml_left_to_the_collector(export_three) == []


def test_a_template_refused_midway_leaves_no_xml_to_the_collector(tmp_path: Path) -> None:
    document = docx.Document()
    styles = document.styles
    styles.element.remove(styles["Heading 3"].element)
    path = tmp_path / "utan-rubrik-3.docx"
    document.save(str(path))
    meeting = kommunchef.load(SEED)

    def export_refused() -> None:
        with pytest.raises(kommunchef.ExportError, match="Heading 3"):
            exporter.export(meeting, template=str(path))

    assert xml_left_to_the_collector(export_refused) == []
