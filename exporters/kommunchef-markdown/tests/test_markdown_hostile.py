"""Hostile text stays text: no link, image, heading, HTML or table comes from a meeting's words.

The output is read back by two independent GitHub Flavored Markdown renderers: markdown-it-py
and pandoc (a real client, required in CI).
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from urllib.parse import unquote

import pytest
from kommunchef_markdown import escape, exporter
from markdown_it import MarkdownIt
from pytest_kommunchef import require_client

from kommunchef.testing import HOSTILE_TEXTS, hostile_meeting

# The only link targets in the hostile meeting: its own URL and the one Link in each item.
EXPECTED_LINKS = {"https://example.org/?a=1&b=<2>", 'https://example.org/?q=<script>&a="b"'}
SNEAKY = [
    "[klick](https://evil.example)",
    "![bild](https://evil.example/x.png)",
    "<https://evil.example>",
    "https://evil.example/path",
    "www.evil.example",
    "//evil.example",
    "mallory@evil.example",
    "# rubrik",
    "| a | b |",
    "<b>fet</b>",
    "&lt;script&gt;",
    "*kursiv* **fet** _x_ ~~struken~~ `kod`",
    "[ref]: https://evil.example",
    ":smile: @user #12 $x$ {: .klass}",
    "1. lista",
    "- lista",
    "> citat",
    "rad\\",
]


def _hrefs(html: str) -> list[str]:
    return [unquote(unescape(href)) for href in re.findall(r'<a href="([^"]*)"', html)]


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    for tag in ("<script", "<img", "<table", "<b>", "<em", "<code", "<del", "<blockquote", "<hr"):
        assert tag not in lowered, tag
    assert set(_hrefs(html)) == EXPECTED_LINKS
    assert lowered.count("<h1") == 1
    # every hostile text is shown as written
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for hostile in HOSTILE_TEXTS:
        assert " ".join(hostile.split()) in text


@pytest.fixture(scope="module")
def hostile_markdown() -> str:
    return exporter.export(hostile_meeting()).decode("utf-8")


def test_hostile_meeting_with_markdown_it(hostile_markdown: str, gfm: MarkdownIt) -> None:
    html = gfm.render(hostile_markdown)
    _assert_inert(html)
    assert html.count("<h2") == 3 + len(HOSTILE_TEXTS) + 1


@pytest.mark.client
def test_hostile_meeting_with_pandoc(hostile_markdown: str) -> None:
    pandoc = require_client("pandoc", "to read the Markdown as GitHub Flavored Markdown")
    html = subprocess.run(
        [pandoc, "--from", "gfm", "--to", "html", "--wrap", "none"],
        input=hostile_markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    _assert_inert(html)


@pytest.mark.parametrize("text", SNEAKY)
def test_sneaky_text_is_plain_text(text: str, gfm: MarkdownIt) -> None:
    shapes = {
        f"x {escape(text)}": r"<p>(.*)</p>\n",
        f"- x {escape(text)}": r"<ul>\n<li>(.*)</li>\n</ul>\n",
    }
    for markdown, shape in shapes.items():
        html = gfm.render(markdown)
        found = re.fullmatch(shape, html)
        assert found is not None, html
        assert "<" not in found.group(1), html  # no element at all inside
        assert unescape(found.group(1)) == f"x {text}"


@pytest.mark.client
def test_sneaky_text_with_pandoc() -> None:
    pandoc = require_client("pandoc", "to read the Markdown as GitHub Flavored Markdown")
    markdown = "\n\n".join(f"Text: {escape(text)}" for text in SNEAKY) + "\n"
    html = subprocess.run(
        [pandoc, "--from", "gfm", "--to", "html", "--wrap", "none"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
    assert [unescape(p) for p in paragraphs] == [f"Text: {text}" for text in SNEAKY]
