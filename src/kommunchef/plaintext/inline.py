"""Inline text: Markdown links ``[text](url)`` and bare http(s) URLs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kommunchef.model import (
    Inline,
    Link,
)

_MARKDOWN_LINK = r"\[(?P<text>[^\[\]]++)\]\((?P<url>[^()\s]++)\)"
_BARE_URL = r"(?<![\w@])(?P<bare>[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\[\]\"'`]++)"
_LINK = re.compile(f"{_MARKDOWN_LINK}|{_BARE_URL}")
_URL_TRAILING = ".,;:!?'\"”’»"


def _trim_url(url: str) -> str:
    """A bare URL without the punctuation after it: a full stop, or a ")" that closes text."""
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in _URL_TRAILING or (url[end - 1] == ")" and closed > opened)):
        if url[end - 1] == ")":
            closed -= 1
        end -= 1
    return url[:end]


def read_inline(text: str) -> tuple[Inline, ...]:
    """Text with Markdown links ``[text](url)`` and bare http(s) URLs turned into links.

    Only http, https and mailto links are made; anything else stays text, as written.
    """
    parts: list[Inline] = []
    position = 0
    for match in _LINK.finditer(text):
        link: Link | None = None
        start, end = match.span()
        if match["bare"]:
            url = _trim_url(match["bare"])
            end = start + len(url)
            try:
                link = Link(url, url)
            except (ValueError, TypeError):
                link = None
        else:
            scheme = match["url"].partition(":")[0].lower()
            if scheme in ("http", "https", "mailto"):
                try:
                    link = Link(match["text"], match["url"])
                except (ValueError, TypeError):
                    link = None
        if link is None:
            continue
        if start > position:
            parts.append(text[position:start])
        parts.append(link)
        position = end
    if position < len(text):
        parts.append(text[position:])
    merged: list[Inline] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


def write_inline(content: Sequence[Inline]) -> str:
    """Inline content as text: a link whose text is its http(s) URL stands bare."""
    out: list[str] = []
    for index, part in enumerate(content):
        if isinstance(part, str):
            out.append(part)
            continue
        before = content[index - 1] if index > 0 else None
        after = content[index + 1] if index + 1 < len(content) else None
        bare = (
            part.text == part.url
            and part.url.lower().startswith(("http://", "https://"))
            and (before is None or (isinstance(before, str) and before[-1:].isspace()))
            and (after is None or (isinstance(after, str) and after[:1].isspace()))
            and read_inline(part.url) == (part,)
        )
        out.append(part.url if bare else f"[{part.text}]({part.url})")
    return "".join(out)


def has_link(text: str) -> bool:
    return any(isinstance(part, Link) for part in read_inline(text))
