"""Settings shared by every test folder of the repository."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE_FOLDER = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    # Exports keep compiled templates in the user's cache folder; the tests, and the commands
    # they start, use a fresh folder of their own (KOMMUNCHEF_CACHE_DIR) instead.
    folder = tempfile.mkdtemp(prefix="kommunchef-test-cache-")
    config.stash[_CACHE_FOLDER] = folder
    os.environ["KOMMUNCHEF_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
