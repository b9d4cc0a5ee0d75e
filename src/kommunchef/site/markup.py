"""A small, safe HTML writer for the site's own pages.

Every string is escaped unless it is :class:`Markup` made by this module, so text from a
meeting can never become a tag. The core writes its pages with it and needs no template
engine (Jinja2 belongs to the HTML plugin).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

__all__ = ["Markup", "element", "join", "text"]

_VOID = frozenset({"meta", "link", "input", "br", "hr", "img"})


class Markup(str):
    """HTML that is already safe: made by :func:`element`, :func:`text` or :func:`join`."""

    __slots__ = ()


def text(value: str) -> Markup:
    """``value`` escaped for HTML text or attribute values."""
    return value if isinstance(value, Markup) else Markup(escape(value, quote=True))


def join(children: Iterable[str | Markup | None], separator: str = "") -> Markup:
    """The children one after another, plain strings escaped, ``None`` left out."""
    return Markup(text(separator).join(text(child) for child in children if child is not None))


def element(tag: str, /, *children: str | Markup | None, **attributes: str | bool | None) -> Markup:
    """``<tag attributes>children</tag>``; ``class_`` is ``class``, ``aria_label`` is
    ``aria-label``; ``True`` writes a bare attribute and ``None`` or ``False`` none."""
    parts = [tag]
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        attribute = key.rstrip("_").replace("_", "-")
        parts.append(attribute if value is True else f'{attribute}="{text(value)}"')
    opening = f"<{' '.join(parts)}>"
    if tag in _VOID:
        return Markup(opening)
    return Markup(f"{opening}{join(children)}</{tag}>")
