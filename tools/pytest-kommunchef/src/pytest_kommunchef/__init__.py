"""The test policy of kommunchef's repository for real client programs.

A test that needs a real program (LibreOffice, Chromium, the Nu checker, libical, poppler...)
asks for it with :func:`require_client`: where the program is missing the test is skipped
with the reason, and where ``KOMMUNCHEF_REQUIRE_CLIENTS=1`` is set (as CI does) it fails
instead, so that CI runs every test. This is a pytest plugin of the repository, not part of
the ``kommunchef`` library that users install.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

__all__ = ["REQUIRE_CLIENTS_VARIABLE", "clients_required", "require_client", "skip_or_fail"]

REQUIRE_CLIENTS_VARIABLE = "KOMMUNCHEF_REQUIRE_CLIENTS"
"""Set to 1 to turn a missing real client into a test failure instead of a skip."""


def clients_required() -> bool:
    """Whether a missing client fails the test (CI) rather than skipping it."""
    return os.environ.get(REQUIRE_CLIENTS_VARIABLE) == "1"


def require_client(program: str, reason: str = "") -> str:
    """The path of a real client program, such as ``soffice`` or ``chromium``.

    When it is missing the calling test is skipped with the reason shown, or fails when
    ``KOMMUNCHEF_REQUIRE_CLIENTS=1`` is set.
    """
    path = shutil.which(program) or (
        program if os.path.isabs(program) and os.path.exists(program) else None
    )
    if path:
        return path
    skip_or_fail(f"{program} is not installed" + (f": {reason}" if reason else ""))


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the calling test, or fail it when real clients are required (as in CI)."""
    if clients_required():
        pytest.fail(f"{reason} ({REQUIRE_CLIENTS_VARIABLE}=1 requires every client)")
    pytest.skip(reason)


def pytest_report_header(config: pytest.Config) -> str:
    state = "required (a missing one fails)" if clients_required() else "optional"
    return f"kommunchef real clients: {state}"
