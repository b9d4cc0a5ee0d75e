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

from kommunchef.exporting import check_options, items_option, language_option
from kommunchef.model import Meeting

__all__ = ["MEDIA_TYPE", "DocxExporter", "exporter"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
"""The media type of a Word document."""

OPTIONS: tuple[str, ...] = ("lang", "items", "template")
"""The options ``export`` accepts."""


class DocxExporter:
    """Writes the meeting as a Word document (options ``lang``, ``items`` and ``template``)."""

    name = "docx"
    media_type = MEDIA_TYPE
    suffix = ".docx"
    description = "Word document (DOCX) with heading styles, real lists and links, A4"
    options: tuple[str, ...] = OPTIONS

    def export(self, meeting: Meeting, **options: str) -> bytes:
        """Return the DOCX document for ``meeting``.

        Raises :class:`~kommunchef.errors.OptionError` for a bad option or an unusable
        template file and :class:`~kommunchef.errors.ExportError` when the meeting cannot be
        written (a template lacking a style, text that XML cannot hold).
        """
        check_options(self.name, options, self.options)
        language = language_option(meeting, options)
        selected = items_option(meeting, options)
        # python-docx is imported only when a document is written.
        from kommunchef_docx._writer import write

        return write(
            selected,
            language,
            excerpt="items" in options,
            template=options.get("template"),
            original=meeting,
        )


exporter = DocxExporter()
"""The exporter object registered as the ``docx`` format."""
