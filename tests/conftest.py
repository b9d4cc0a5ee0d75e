"""Shared fixtures of the core's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunchef.testing.sites import write_series

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLES = (
    REPOSITORY / "examples" / "kcg-2021-10-08.json",
    REPOSITORY / "examples" / "invite-2026-12.json",
)


@pytest.fixture
def series_folder(tmp_path: Path) -> Path:
    """A fresh series folder for one test: two examples and generated meetings."""
    return write_series(tmp_path / "kommunchefsgruppen", EXAMPLES)
