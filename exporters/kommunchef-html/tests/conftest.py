"""Shared fixtures of the html format's tests: the seed meeting, and a template writer.

The writer is handed to the tests as a fixture (a plain function), because test modules here
are imported without a package and cannot import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import kommunchef
from kommunchef.model import Meeting

REPOSITORY = Path(__file__).resolve().parents[3]
SEED = REPOSITORY / "examples" / "kcg-2021-10-08.json"

TemplateWriter = Callable[..., str]
"""``write(folder, text, name="mall.html.j2")``: the path of a new template file."""


@pytest.fixture(scope="session")
def seed() -> Meeting:
    """The seed example, read once: meetings are immutable."""
    return kommunchef.load(SEED)


def _write(folder: Path, text: str, name: str = "mall.html.j2") -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def write() -> TemplateWriter:
    """Writes a template into a folder and gives its path."""
    return _write
