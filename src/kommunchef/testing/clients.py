"""Real programs in tests: skip where missing, fail in CI."""

from __future__ import annotations

import os
import shutil

REQUIRE_CLIENTS_VARIABLE = "KOMMUNCHEF_REQUIRE_CLIENTS"
"""Set to 1 to turn a missing real client into a test failure instead of a skip."""


def require_client(program: str, reason: str = "") -> str:
    """The path of a real client program, such as ``soffice`` or ``chromium``.

    When it is missing the calling test is skipped with the reason shown, or fails when
    ``KOMMUNCHEF_REQUIRE_CLIENTS=1`` is set (as CI does, so that CI runs every test).
    """
    import pytest

    path = shutil.which(program) or (
        program if os.path.isabs(program) and os.path.exists(program) else None
    )
    if path:
        return path
    message = f"{program} is not installed" + (f": {reason}" if reason else "")
    if os.environ.get(REQUIRE_CLIENTS_VARIABLE) == "1":
        pytest.fail(f"{message} ({REQUIRE_CLIENTS_VARIABLE}=1 requires every client)")
    pytest.skip(message)
    raise AssertionError("unreachable")


def skip_or_fail(reason: str) -> None:
    """Skip the calling test, or fail it when real clients are required (as in CI)."""
    import pytest

    if os.environ.get(REQUIRE_CLIENTS_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_CLIENTS_VARIABLE}=1 requires every client)")
    pytest.skip(reason)
