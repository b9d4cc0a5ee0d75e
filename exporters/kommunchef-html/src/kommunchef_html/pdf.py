"""The ``pdf`` format: tagged PDF/A minutes for publishing and archiving, through WeasyPrint.

The PDF is the HTML page (the same templates, view and ``minutes.css``) with ``print.css``
after it: the shipped Carlito fonts, A4 pages, a running header with the body's name and
"Sida X av Y" in the footer, both from the document outline. WeasyPrint writes PDF/A-3u with
the structure tagged; it fetches nothing but this package's own fonts.

Options: ``lang``, ``items`` (an excerpt), ``css=FILE`` (an organisation's stylesheet, after
the built-in one) and ``variant=`` (another of WeasyPrint's PDF variants, such as ``pdf/ua-1``).
Needs the ``pdf`` extra: ``pip install 'kommunchef-html[pdf]'``.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from kommunchef.document import Outline
from kommunchef.errors import ExportError, OptionError
from kommunchef.exporting import OutlineExporter
from kommunchef_html._bidi import close_embeddings
from kommunchef_html._pdf_text import comparable_text, pdf_text
from kommunchef_html._resources import (
    RefusedResourceError,
    fetch_packaged,
    package_url,
    print_stylesheet,
)
from kommunchef_html._stylesheet import read_stylesheet
from kommunchef_html._view import clean_text, map_texts, page_context

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["DEFAULT_VARIANT", "PdfExporter", "exporter", "page_html", "variants"]

DEFAULT_VARIANT = "pdf/a-3u"
"""PDF/A-3, level U: archival, every text searchable as Unicode; tags are always on."""

PDF_TEMPLATE = "pdf.html.j2"
"""The page the PDF renders: the built-in page with the file's metadata in its head."""

_INSTALL_HINT = "the pdf format needs WeasyPrint: pip install 'kommunchef-html[pdf]'"
_PAGE_NUMBERS = re.compile(r"\{(page|pages)\}")


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as error:
        raise ExportError(f"{_INSTALL_HINT} ({error})") from None
    except OSError as error:  # WeasyPrint is there but the Pango libraries are not
        raise ExportError(
            f"WeasyPrint cannot start; are the Pango libraries installed? ({error})"
        ) from None
    return weasyprint


def variants() -> tuple[str, ...]:
    """The PDF variants WeasyPrint offers (PDF/A, PDF/UA, PDF/X), sorted."""
    from weasyprint.pdf import VARIANTS

    return tuple(sorted(name for name in VARIANTS if name.startswith("pdf/")))


def _variant(options: Mapping[str, str]) -> str:
    value = options.get("variant", DEFAULT_VARIANT).strip().lower()
    known = variants()
    if value not in known:
        raise OptionError(f"variant must be one of {', '.join(known)}, not {value!r}")
    return value


# The page --------------------------------------------------------------------------------------


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: everything but letters and digits as a hex escape.

    Six-digit escapes need no terminating space, so no character of the text can end the
    string or the declaration.
    """
    escaped = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text)
    return f'"{escaped}"'


def _page_css(document: Outline) -> str:
    """The running header (the body's name) and the footer ("Sida 2 av 5") of every page."""
    footer = []
    for index, part in enumerate(_PAGE_NUMBERS.split(document.page_of)):
        if index % 2:
            footer.append(f"counter({part})")
        elif part:
            footer.append(css_string(part))
    header = css_string(clean_text(document.running_header))
    return (
        f"@page {{ @top-left {{ content: {header}; }}"
        f" @bottom-right {{ content: {' '.join(footer) or 'none'}; }} }}"
    )


@cache
def _environment() -> jinja2.Environment:
    # Our own templates only, so no sandbox; the same settings as the html format's.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kommunchef_html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@cache
def _built_in_css() -> str:
    from kommunchef_html import default_stylesheet

    return f"{default_stylesheet()}\n{print_stylesheet()}"


def _page(document: Outline, css: str) -> str:
    # The page renders from the outline, every text cleaned and its embeddings closed.
    context = page_context(map_texts(document, lambda text: close_embeddings(clean_text(text))))
    context["lang"] = document.lang_tag  # the PDF's /Lang: "sv-SE"
    context["css"] = Markup(css)
    created = document.created.strftime("%Y-%m-%dT%H:%M:%SZ") if document.created else ""
    context["pdf"] = {
        "author": clean_text(document.author),
        "subject": clean_text(document.subject),
        "keywords": ", ".join(clean_text(k) for k in document.keywords),
        "created": created,
    }
    return _environment().get_template(PDF_TEMPLATE).render(context)


def page_html(document: Outline, stylesheet: str | None = None) -> str:
    """The HTML page the PDF is rendered from, standing alone: the built-in stylesheet, the
    page's header and footer and ``stylesheet`` after them, in its ``<style>`` element.

    The exporter renders the same page with the stylesheets given to WeasyPrint apart, in
    the same order, so that the built-in one is parsed once per process.
    """
    css = [_built_in_css(), _page_css(document)]
    if stylesheet is not None:
        css.append(stylesheet)
    return _page(document, "\n".join(css))


def _identifier(document: Outline, variant: str, stylesheet: str | None) -> bytes:
    # The file identifier from what the PDF shows, never from the clock or chance.
    key = "\n".join(
        (
            document.meeting_id,
            str(document.revision),
            document.lang_tag,
            ",".join(str(n) for n in document.excerpt or ()),
            variant,
            hashlib.sha256((stylesheet or "").encode()).hexdigest(),
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32].encode("ascii")


# Rendering -------------------------------------------------------------------------------------


@cache
def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackagedOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        """Serves the package's fonts and stylesheets and refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            data, media_type, served = fetch_packaged(url)
            return URLFetcherResponse(served, data, {"Content-Type": media_type})

    return PackagedOnly


def _fetcher() -> URLFetcher:
    return _fetcher_class()(allowed_protocols=("file",), fail_on_errors=True)


@lru_cache(maxsize=4)
def _prepared(stylesheet: str | None) -> tuple[Any, tuple[Any, ...]]:
    """A font configuration and the parsed built-in stylesheet (and ``stylesheet``), kept.

    Parsing the stylesheets and loading the fonts of their ``@font-face`` rules is about a
    fifth of a document's time; a batch pays it once. Each organisation stylesheet gets a
    font configuration of its own, so that no stylesheet's fonts reach another's documents.
    """
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    if _prepared.cache_info().currsize == 0:
        atexit.register(_release_fonts)
    fonts = FontConfiguration()
    parsed = [_built_in_css()] if stylesheet is None else [_built_in_css(), stylesheet]
    sheets = tuple(
        weasyprint.CSS(
            string=css, base_url=package_url(), url_fetcher=_fetcher(), font_config=fonts
        )
        for css in parsed
    )
    return fonts, sheets


def _release_fonts() -> None:
    # While the interpreter still runs: the configurations remove their font folders.
    _prepared.cache_clear()
    gc.collect()


def _write_pdf(document: Outline, stylesheet: str | None, variant: str) -> bytes:
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    try:
        fonts, (built_in, *organisation) = _prepared(stylesheet)
        page_css = weasyprint.CSS(
            string=_page_css(document),
            base_url=package_url(),
            url_fetcher=_fetcher(),
            font_config=fonts,
        )
        page = weasyprint.HTML(
            string=_page(document, ""), base_url=package_url(), url_fetcher=_fetcher()
        )
        data: bytes = page.write_pdf(
            stylesheets=[built_in, page_css, *organisation],
            font_config=fonts,
            pdf_variant=variant,
            pdf_tags=True,
            pdf_identifier=_identifier(document, variant, stylesheet),
        )
    except FatalURLFetchingError as error:
        cause = error.__cause__
        reason = str(cause) if isinstance(cause, RefusedResourceError) else str(error)
        raise OptionError(f"the stylesheet refers to something not allowed: {reason}") from None
    return data


class PdfExporter(OutlineExporter):
    """Writes the meeting as tagged PDF/A minutes (options ``lang``, ``items``, ``css`` and
    ``variant``)."""

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"
    description = "Tagged PDF/A-3u minutes for publishing and archiving (fonts embedded)"
    options: tuple[str, ...] = ("lang", "items", "css", "variant")

    def render(self, document: Outline, options: Mapping[str, str]) -> bytes:
        """The PDF's bytes: the same meeting and options always give the same bytes."""
        _weasyprint()
        variant = _variant(options)
        stylesheet = read_stylesheet(options["css"]) if "css" in options else None
        return _write_pdf(document, stylesheet, variant)

    def text_of(self, data: bytes) -> str:
        """The text a reader gets from the PDF's pages (poppler's ``pdftotext``), without
        the running header and footer. For tests and checks; needs poppler-utils."""
        return pdf_text(data)

    def comparable_text(self, text: str) -> str:
        """What of ``text`` survives a PDF's text layer, for comparing it with the outline."""
        return comparable_text(text)


exporter = PdfExporter()
"""The exporter object the ``pdf`` entry point names."""
