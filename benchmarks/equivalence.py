"""Do two documents carry the same content? A ratio against a baseline means nothing otherwise.

Each format is reduced to its content: DOCX to its paragraphs (style and text), tables,
hyperlink targets, header and footer; HTML to the text of its headings, paragraphs, list
items and table cells and its link targets; iCalendar to its components and their properties
(DTSTAMP aside); JSON to the parsed value. Formatting (fonts, CSS, whitespace, numbering
definitions) is not compared.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from kommunchef.links import is_noncharacter

Signature = dict[str, Any]


def docx_signature(data: bytes) -> Signature:
    """Paragraphs as (style, text), tables as rows of cell texts, links, header and footer."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    paragraphs: list[tuple[str, str]] = []
    tables: list[list[list[str]]] = []
    links: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else "Normal"
            if paragraph.text:
                paragraphs.append((str(style), paragraph.text))
            links.extend(str(link.url) for link in paragraph.hyperlinks)
        elif tag == "tbl":
            table = Table(child, document)
            tables.append([[cell.text for cell in row.cells] for row in table.rows])
    section = document.sections[0]
    return {
        "paragraphs": paragraphs,
        "tables": tables,
        "links": links,
        "header": [p.text for p in section.header.paragraphs if p.text],
        "footer": [p.text for p in section.footer.paragraphs if p.text],
    }


class _TextCollector(HTMLParser):
    """The text of each element of interest, with nested elements' text included."""

    TAGS = frozenset({"title", "h1", "h2", "h3", "p", "li", "th", "td", "caption", "dt", "dd"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str]]] = []
        self.found: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.extend(value or "" for name, value in attributes if name == "href")
        if tag in self.TAGS:
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TAGS and self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            text = " ".join("".join(parts).split())
            self.found.append((name, text))
            if self.open:
                self.open[-1][1].append(" " + "".join(parts) + " ")

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][1].append(data)


def html_signature(data: bytes) -> Signature:
    """Texts per element kind (as multisets) and the link targets."""
    collector = _TextCollector()
    # HTML forbids noncharacters; a page shows U+FFFD for them, which is the same text.
    text = "".join("\ufffd" if is_noncharacter(c) else c for c in data.decode("utf-8"))
    collector.feed(text)
    collector.close()
    by_tag: dict[str, Counter[str]] = {}
    for tag, text in collector.found:
        by_tag.setdefault(tag, Counter())[text] += 1
    return {
        **{tag: dict(sorted(texts.items())) for tag, texts in sorted(by_tag.items())},
        "links": sorted(collector.links),
    }


def ics_signature(data: bytes) -> Signature:
    """Every component with its properties, decoded; DTSTAMP and VTIMEZONE details aside."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    components: list[tuple[str, dict[str, str]]] = []
    for component in calendar.walk():
        if component.name in ("STANDARD", "DAYLIGHT"):
            continue  # how a time zone is described may differ; which zone it is may not
        if component.name == "VTIMEZONE":
            components.append(("VTIMEZONE", {"TZID": str(component.get("TZID"))}))
            continue
        properties = {
            name: value.to_ical().decode("utf-8") if hasattr(value, "to_ical") else str(value)
            for name, value in component.items()
            if name != "DTSTAMP"
        }
        components.append((str(component.name), properties))
    return {"components": components}


def json_signature(data: bytes) -> Signature:
    """The parsed document."""
    value: Signature = {"document": json.loads(data)}
    return value


SIGNATURES: dict[str, Callable[[bytes], Signature]] = {
    "docx": docx_signature,
    "html": html_signature,
    "ics": ics_signature,
    "json": json_signature,
}


def differences(format: str, ours: bytes, theirs: bytes, *, limit: int = 3) -> list[str]:
    """What differs between kommunchef's document and the baseline's (empty: the same)."""
    mine, other = SIGNATURES[format](ours), SIGNATURES[format](theirs)
    found: list[str] = []
    for key in sorted(set(mine) | set(other)):
        a, b = mine.get(key), other.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            only_a = [k for k in a if a.get(k) != b.get(k)][:limit]
            only_b = [k for k in b if a.get(k) != b.get(k)][:limit]
            found.append(f"{key}: kommunchef has {only_a}, the baseline {only_b}")
        elif isinstance(a, list) and isinstance(b, list):
            index = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            x = a[index] if index < len(a) else "(nothing)"
            y = b[index] if index < len(b) else "(nothing)"
            found.append(f"{key}[{index}]: kommunchef {x!r}, the baseline {y!r}")
        else:
            found.append(f"{key}: kommunchef {a!r}, the baseline {b!r}")
    return found
