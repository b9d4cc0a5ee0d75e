"""The Atom feed (RFC 4287) of a site's published minutes, written with ElementTree.

Ids are tag URIs (RFC 4151) made from the meeting's identity, so an entry keeps its id
whatever the file or the site's address. ``updated`` is the meeting's day at 00:00 in
Stockholm plus one minute per revision: reproducible, and later when the minutes are revised.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from attrs import frozen

from kommunchef.model import STOCKHOLM
from kommunchef.records import Record

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG_AUTHORITY = "tag:kommunchef.goteborgsregionen.se,2024:"
"""The start of every id; the date fixes the authority's ownership and never changes."""


@frozen
class FeedEntry(Record):
    """One published set of minutes in the feed."""

    identity: str
    title: str
    day: dt.date
    revision: int
    href: str
    summary: str


def stamp(day: dt.date, revision: int) -> dt.datetime:
    """When an entry was last changed, as far as the model knows (see the module)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=STOCKHOLM)
    return start + dt.timedelta(minutes=min(revision, 24 * 60 - 1))


def build_feed(
    *,
    title: str,
    site_id: str,
    lang: str,
    author: str,
    self_href: str,
    home_href: str,
    entries: Sequence[FeedEntry],
) -> bytes:
    """The feed document; ``entries`` newest first."""
    ET.register_namespace("", ATOM)

    def sub(
        parent: ET.Element, name: str, text: str | None = None, **attributes: str
    ) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if text is not None:
            child.text = text
        return child

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    sub(feed, "id", TAG_AUTHORITY + f"site/{site_id}")
    sub(feed, "title", title)
    updated = max((stamp(e.day, e.revision) for e in entries), default=None)
    fallback = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    sub(feed, "updated", (updated or fallback).isoformat())
    sub(sub(feed, "author"), "name", author)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    sub(feed, "link", rel="alternate", type="text/html", href=home_href)
    sub(feed, "generator", "kommunchef")
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "id", TAG_AUTHORITY + f"minutes/{entry.identity}")
        sub(element, "title", entry.title)
        sub(element, "updated", stamp(entry.day, entry.revision).isoformat())
        sub(element, "link", rel="alternate", type="text/html", href=entry.href)
        if entry.summary:
            sub(element, "summary", entry.summary)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
