"""The ``docx`` format of kommunchef: the minutes as a Word document.

The document uses real heading styles (Heading 1-3), real bullet and numbered lists (every
numbered list restarts), clickable hyperlinks, tables for the attendance, A4 pages with the
body's name in the header and "Sida X av Y" in the footer, and the document language in the
style defaults. Options:

``lang``
    ``sv`` (default: the meeting's language) or ``en`` for English labels.
``items``
    ``items=2,4`` writes an excerpt with only those agenda items.
``template``
    The path of an organisation's own ``.docx``: its styles, header, footer and page setup are
    kept and its body is replaced by the minutes.
"""

from __future__ import annotations

from collections.abc import Mapping

from kommunchef.document import Outline
from kommunchef.exporting import OutlineExporter

__all__ = ["MEDIA_TYPE", "DocxExporter", "exporter"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
"""The media type of a Word document."""


class DocxExporter(OutlineExporter):
    """Writes the meeting as a Word document (options ``lang``, ``items`` and ``template``)."""

    name = "docx"
    media_type = MEDIA_TYPE
    suffix = ".docx"
    description = "Word document (DOCX) with heading styles, real lists and links, A4"
    options: tuple[str, ...] = ("lang", "items", "template")

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        """Return the DOCX document of the outline.

        Raises :class:`~kommunchef.errors.OptionError` for an unusable template file and
        :class:`~kommunchef.errors.ExportError` when the document cannot be written (a
        template lacking a style).
        """
        # python-docx is imported only when a document is written.
        from kommunchef_docx._writer import write

        return write(document, template=options.get("template"))


exporter = DocxExporter()
"""The exporter object registered as the ``docx`` format."""
