"""The text of a minutes file's bytes: UTF-8, or the Windows-1252 of older Word and Notepad.

A file with no UTF-8 text in it (no character beyond ASCII that UTF-8 decodes) is read as
Windows-1252 when every byte decodes as such, and the caller is told (a warning names the
encoding); a file with a byte order mark for UTF-16 is read as UTF-16. ``encoding=`` forces
one. A file that decodes in none of them is an error that names the line of the first bad
byte, and so is a UTF-8 file with a byte that is not UTF-8: read as Windows-1252, its other
letters would turn into pairs of wrong ones ("Ã¶" for "ö").
"""

from __future__ import annotations

import codecs
import re

from kommunchef.plaintext.errors import TextFormatError

FALLBACK_ENCODING = "cp1252"
"""What a text that is not UTF-8 is read as: Windows-1252 (Western European)."""


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


_NAME_IT = "name the file's encoding (kommunchef import --encoding NAME, e.g. latin-1)"


def _unreadable(
    data: bytes, error: UnicodeDecodeError, what: str, remedy: str = _NAME_IT
) -> TextFormatError:
    start = data.rfind(b"\n", 0, error.start) + 1
    end = data.find(b"\n", error.start)
    shown = data[start : end if end >= 0 else len(data)].decode("utf-8", "replace")
    return TextFormatError(
        f"byte 0x{data[error.start]:02X} (column {error.start - start + 1}) is not {what}; "
        + remedy,
        (),
        _line_of(data, error.start),
        shown,
    )


_UTF8_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")
"""A character beyond ASCII in bytes decoded as UTF-8 with ``surrogateescape``: one that
UTF-8 decoded (the bytes it could not decode are the surrogates U+DC80 to U+DCFF)."""


def _has_utf8_text(data: bytes) -> bool:
    return _UTF8_TEXT.search(data.decode("utf-8", "surrogateescape")) is not None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str | None]:
    """The text of ``data`` and the encoding used when it was not UTF-8 (else None).

    Raises :class:`TextFormatError` for an unknown encoding, a codec that does not decode
    bytes to text (``rot13``, ``base64``) or bytes that do not decode.
    """
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise TextFormatError(f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(name)
        except UnicodeDecodeError as error:
            raise _unreadable(data, error, f"{name} text") from None
        except (LookupError, UnicodeError):  # a codec for bytes, or one that decodes nothing
            raise TextFormatError(f"{encoding!r} is not a text encoding") from None
        return text.removeprefix("\ufeff"), (None if name == "utf-8" else name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise _unreadable(data, error, "UTF-16 text") from None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as utf8_error:
        if _has_utf8_text(data):
            raise _unreadable(
                data,
                utf8_error,
                "UTF-8, though the rest of the file's text is",
                "correct it, or " + _NAME_IT,
            ) from None
        try:
            return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
        except UnicodeDecodeError as error:
            raise _unreadable(data, error, "UTF-8 or Windows-1252 text") from None
