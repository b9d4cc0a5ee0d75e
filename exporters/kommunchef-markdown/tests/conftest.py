"""The renderer the Markdown tests read the output with: markdown-it-py as GitHub Flavored
Markdown (tables, strikethrough and bare addresses turned into links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pytest_kommunchef import skip_or_fail

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@pytest.fixture(scope="session")
def gfm() -> MarkdownIt:
    """A markdown-it parser with GitHub's extensions."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        skip_or_fail("markdown-it-py is not installed: pip install 'markdown-it-py[linkify]'")
        raise
    parser = MarkdownIt("gfm-like")
    if parser.linkify is None:
        skip_or_fail("linkify-it-py is not installed: pip install 'markdown-it-py[linkify]'")
    return parser
