"""Checks for HTML pages from this exporter or from an organisation's template.

* :func:`parse_page` parses a page with the standard library's ``html.parser`` into a small
  element tree; end tags must match, so badly nested markup fails.
* :func:`check_structure` checks what every page must be (doctype, ``lang``, one ``main``,
  one h1, no skipped heading level) and :func:`check_inert` that nothing in it can run or
  fetch anything.
* :func:`meeting_facts` lists every fact of a meeting in page order and
  :func:`assert_facts_in_order` checks that a page shows them all, in order.

Failures raise ``AssertionError``, so these work in any test runner.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from itertools import pairwise

from kommunchef.document import outline, texts
from kommunchef.links import safe_href
from kommunchef.model import Inline, Language, Link, Meeting
from kommunchef_html._view import clean_text

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
ALLOWED_ELEMENTS = frozenset(
    {
        "html", "head", "meta", "title", "style", "body", "main", "header", "footer",
        "section", "div", "h1", "h2", "h3", "p", "span", "strong", "bdi", "time", "a",
        "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td",
        "ul", "ol", "li",
    }
)  # fmt: skip
"""Every element the built-in page may contain: no script, image, frame, form or link."""


def normalise(text: str) -> str:
    """Text with runs of white space made one space, as a reader sees it."""
    return " ".join(text.split())


class Element:
    """An element of the parsed page."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def iter(self, *tags: str) -> Iterator[Element]:
        """This element and its descendants in document order, optionally only ``tags``."""
        if not tags or self.tag in tags:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(*tags)

    def find_all(self, *tags: str, class_: str | None = None) -> list[Element]:
        return [
            element
            for element in self.iter(*tags)
            if element is not self and (class_ is None or class_ in element.classes)
        ]

    def find(self, *tags: str, class_: str | None = None) -> Element:
        """The only matching descendant; fails when there is none or more than one."""
        found = self.find_all(*tags, class_=class_)
        assert len(found) == 1, f"expected one {tags} {class_ or ''} in {self}, found {found}"
        return found[0]

    def elements(self) -> list[Element]:
        """The child elements."""
        return [child for child in self.children if isinstance(child, Element)]

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def raw_text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.raw_text for child in self.children
        )

    @property
    def text(self) -> str:
        """The text content with white space normalised."""
        return normalise(self.raw_text)


class Page(Element):
    """The document: the root element plus the doctype."""

    doctype: str | None = None

    @property
    def html(self) -> Element:
        return self.find("html")

    @property
    def body(self) -> Element:
        return self.find("body")


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Page("#document", {}, None)
        self.current: Element = self.root

    def handle_decl(self, decl: str) -> None:
        self.root.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        keys = [key for key, _ in attrs]
        assert len(keys) == len(set(keys)), f"duplicate attribute on <{tag}>: {keys}"
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID_ELEMENTS, f"end tag for void element <{tag}>"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"unexpected comment in the page: {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"unexpected processing instruction: {data!r}")


def parse_page(data: bytes) -> Page:
    """Parse exported bytes (UTF-8) into a tree; every element must be closed properly."""
    builder = _TreeBuilder()
    builder.feed(data.decode("utf-8"))
    builder.close()
    assert builder.current is builder.root, f"unclosed element {builder.current}"
    return builder.root


def heading_levels(page: Page) -> list[int]:
    return [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def check_structure(
    page: Page, language: str, *, allowed: frozenset[str] = ALLOWED_ELEMENTS
) -> None:
    """What every page must be, whatever the meeting: see the module's description."""
    assert page.doctype is not None, "the page has no doctype"
    assert page.doctype.lower() == "doctype html", page.doctype
    html = page.html
    assert html.attrs.get("lang") == language
    head = html.find("head")
    assert any(m.attrs.get("charset") == "utf-8" for m in head.find_all("meta"))
    assert head.find("title").text
    assert len(page.find_all("main")) == 1
    levels = heading_levels(page)
    assert levels, "the page has no headings"
    assert levels[0] == 1, f"the first heading is not an h1: {levels}"
    assert levels.count(1) == 1, f"the page has {levels.count(1)} h1 elements"
    for before, after in pairwise(levels):
        assert after <= before + 1, f"heading level skips from h{before} to h{after}: {levels}"
    check_inert(page, allowed=allowed)


def check_inert(page: Page, *, allowed: frozenset[str] = ALLOWED_ELEMENTS) -> None:
    """Nothing in the page can run or fetch anything: only ``allowed`` elements, no event
    handler or ``src``/``style`` attribute, and only http, https and mailto links."""
    for element in page.iter():
        if element is page:
            continue
        assert element.tag in allowed, f"unexpected element <{element.tag}>"
        for name, value in element.attrs.items():
            assert not name.startswith("on"), f"event handler attribute {name} on {element}"
            assert name not in ("src", "srcdoc", "style", "formaction", "action"), name
            if name == "href":
                assert value is not None
                scheme = value.split(":", 1)[0].lower()
                assert scheme in ("http", "https", "mailto"), f"unsafe href {value!r}"
                assert not any(c.isspace() for c in value), f"white space in href {value!r}"


def inline_text(content: tuple[Inline, ...]) -> str:
    """The text a reader sees for inline content: link text, or text and URL if not linkable."""
    parts = []
    for part in content:
        if isinstance(part, Link) and safe_href(part.url) is None:
            parts.append(f"{part.text} ({part.url})")
        else:
            parts.append(part if isinstance(part, str) else part.text)
    return "".join(parts)


def meeting_facts(
    meeting: Meeting, language: Language, items: Sequence[int] | None = None
) -> list[str]:
    """Every text of the meeting's document outline, in the order the page must show them."""
    facts = (normalise(clean_text(text)) for text in texts(outline(meeting, language, items)))
    return [fact for fact in facts if fact]


def assert_facts_in_order(page: Page, facts: list[str]) -> None:
    """Each fact appears in the body's text, each after the one before."""
    text = page.body.text
    position = 0
    for index, fact in enumerate(facts):
        found = text.find(fact, position)
        assert found >= 0, (
            f"fact {index} {fact!r} is missing or out of order; the page continues with "
            f"{text[position : position + 200]!r}"
        )
        position = found + len(fact)
