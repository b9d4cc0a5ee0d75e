"""An organisation's stylesheet for the pdf format (``-O css=FILE``), read and checked.

The file is read with a size bound, must be UTF-8, and must parse as CSS; it is placed in the
page after the built-in styles, so its rules win. What it refers to (``@import``, fonts,
images) is not fetched: the pdf format reads only its own files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kommunchef.errors import OptionError

__all__ = ["MAX_STYLESHEET_BYTES", "read_stylesheet"]

MAX_STYLESHEET_BYTES = 1_000_000
"""The largest stylesheet the ``css`` option accepts."""


def _read_bounded(file: Path, name: str) -> bytes:
    try:
        with file.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise OptionError(f"the stylesheet {name} is not a regular file")
            data = stream.read(MAX_STYLESHEET_BYTES + 1)
    except FileNotFoundError:
        raise OptionError(f"the stylesheet {name} does not exist") from None
    except IsADirectoryError:
        raise OptionError(f"the stylesheet {name} is a directory, not a file") from None
    except PermissionError:
        raise OptionError(f"the stylesheet {name} cannot be read (permission denied)") from None
    except OSError as error:
        raise OptionError(f"the stylesheet {name} cannot be read: {error.strerror}") from None
    except ValueError as error:  # such as a NUL character in the path
        raise OptionError(f"the stylesheet path {name!r} is not valid: {error}") from None
    if len(data) > MAX_STYLESHEET_BYTES:
        raise OptionError(f"the stylesheet {name} is larger than {MAX_STYLESHEET_BYTES // 1000} kB")
    return data


def _first_parse_error(css: str) -> str | None:
    import tinycss2

    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            return f"line {rule.source_line}: {rule.message}"
        if rule.type == "qualified-rule":
            for part in tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            ):
                if part.type == "error":
                    return f"line {part.source_line}: {part.message}"
    return None


def read_stylesheet(path: str) -> str:
    """The text of the stylesheet at ``path``; a one-line :class:`OptionError` if unusable."""
    if not path.strip():
        raise OptionError("css must be the path of a CSS file")
    file = Path(os.path.expanduser(path.strip()))
    name = str(file)
    data = _read_bounded(file, name)
    try:
        css = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OptionError(f"the stylesheet {name} is not UTF-8 text (byte {error.start})") from None
    if "</style" in css.lower():
        raise OptionError(f"the stylesheet {name} contains '</style', which CSS never needs")
    problem = _first_parse_error(css)
    if problem is not None:
        raise OptionError(f"the stylesheet {name} is not valid CSS: {problem}")
    return css
