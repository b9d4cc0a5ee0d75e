"""Work of a site build in a child process (kommunchef.site.child)."""

from __future__ import annotations

import os
from typing import IO

import pytest

from kommunchef.site import SiteError
from kommunchef.site.child import fork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the system cannot fork")


def _reverse(input: IO[bytes], output: IO[bytes]) -> None:
    output.write(input.read()[::-1])


def test_a_child_answers_once_its_input_ends() -> None:
    child = fork(_reverse, "reversing")
    assert child is not None
    assert child.input is not None
    child.input.write(b"abc" * 100_000)  # more than a pipe holds: the child reads as it comes
    assert child.finish() == b"cba" * 100_000
    assert child.finish() == b"cba" * 100_000  # the answer stays


def test_a_child_that_fails_is_a_site_error_naming_the_work() -> None:
    def fail(input: IO[bytes], output: IO[bytes]) -> None:
        raise ValueError("no")

    child = fork(fail, "counting the meetings")
    assert child is not None
    with pytest.raises(SiteError, match="counting the meetings failed in its own process"):
        child.finish()


def test_a_child_stopped_after_a_failure_elsewhere_is_waited_for() -> None:
    def answer_a_lot(input: IO[bytes], output: IO[bytes]) -> None:
        input.read()
        output.write(b"x" * 1_000_000)  # more than a pipe holds: nobody reads it

    child = fork(answer_a_lot, "answering")
    assert child is not None
    child.close()  # does not hang: the child's write fails once nobody reads
    child.close()
