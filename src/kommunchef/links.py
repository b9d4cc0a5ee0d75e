"""Which URLs become clickable links, and the link target every format writes.

One policy for every document: only http, https and mailto URLs with a plausible host or
address are linked; anything else is shown as text. Characters a URL may not hold are
percent-encoded, so the target is a valid URI in HTML, DOCX relationships, PDF and Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The URL schemes that documents link."""

# ASCII characters that may stand unescaped in a URL (WHATWG "URL code points", plus "%"
# and "#", which are checked separately). Everything else in ASCII is percent-encoded.
_URL_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$&'()*+,-./:;=?@_~"
)
_HEX = frozenset("0123456789abcdefABCDEF")
_HOST = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?$")


def is_noncharacter(char: str) -> bool:
    """U+FDD0-U+FDEF and the last two code points of every plane, which HTML forbids."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def safe_href(url: str) -> str | None:
    """The link target for a URL, or ``None`` when the URL must be shown as text only.

    Only http, https and mailto URLs become links (the model checks this too, but a document
    must not depend on that). Characters a URL may not hold, such as ``<``, ``"`` or a stray
    ``%``, are percent-encoded so that the target is a valid URL.
    """
    scheme, colon, rest = url.partition(":")
    if not colon or scheme.lower() not in LINK_SCHEMES:
        return None
    if any(char.isspace() or unicodedata.category(char) in ("Cc", "Cs") for char in url):
        return None
    if scheme.lower() in ("http", "https"):
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            return None
        if not parts.hostname or not _HOST.match(parts.hostname) or parts.username is not None:
            return None
    elif not rest or "@" not in rest:
        return None
    out: list[str] = [scheme.lower(), ":"]
    seen_hash = False
    for index, char in enumerate(rest):
        allowed = char in _URL_ASCII or (ord(char) >= 0xA0 and not is_noncharacter(char))
        if allowed or (
            char == "%" and set(rest[index + 1 : index + 3]) <= _HEX and len(rest) > index + 2
        ):
            out.append(char)
        elif char == "#" and not seen_hash:
            seen_hash = True
            out.append(char)
        else:
            out.append(quote(char, safe=""))
    return "".join(out)
