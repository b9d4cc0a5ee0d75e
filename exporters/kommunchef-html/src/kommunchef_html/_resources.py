"""The files the pdf format ships (print stylesheet, fonts) and the only fetcher WeasyPrint gets.

WeasyPrint fetches what a page or stylesheet refers to (fonts, images, ``@import``). The
fetcher here serves the package's own files and refuses everything else: no network, no file
outside the package, so the PDF depends on nothing but the meeting, the options and this
package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = [
    "RefusedResourceError",
    "fetch_packaged",
    "package_folder",
    "package_url",
    "print_stylesheet",
]

_SERVED_SUFFIXES = {".ttf": "font/ttf", ".css": "text/css"}


class RefusedResourceError(ValueError):
    """A page or stylesheet referred to something the pdf format does not fetch."""


@cache
def package_folder() -> Path:
    """The package's folder on disk (the fonts are read from it)."""
    with as_file(files("kommunchef_html")) as folder:
        return Path(folder).resolve()


@cache
def package_url() -> str:
    """The package folder's ``file:`` URL: the base URL of the page and its stylesheets."""
    return package_folder().as_uri() + "/"


@cache
def print_stylesheet() -> str:
    """The print stylesheet (``print.css``), read once."""
    return files("kommunchef_html").joinpath("print.css").read_text(encoding="utf-8")


def _served_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedResourceError(f"the pdf format fetches nothing from {url[:200]!r}")
    path = Path(unquote(parts.path)).resolve()
    folder = package_folder()
    if not path.is_relative_to(folder) or path.suffix.lower() not in _SERVED_SUFFIXES:
        raise RefusedResourceError(f"the pdf format reads no file but its own, not {url[:200]!r}")
    return path


def fetch_packaged(url: str) -> tuple[bytes, str, str]:
    """The bytes, media type and URL of one of the package's own fonts or stylesheets.

    Raises :class:`RefusedResourceError` for any other URL.
    """
    path = _served_path(url)
    try:
        return path.read_bytes(), _SERVED_SUFFIXES[path.suffix.lower()], path.as_uri()
    except OSError as error:
        raise RefusedResourceError(f"{path.name} cannot be read: {error.strerror}") from None
