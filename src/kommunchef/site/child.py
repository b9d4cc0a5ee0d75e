"""Work of a build done in a child process, on another core, while the build goes on.

:func:`fork` runs ``work(input, output)`` in a child process forked from this one: the build
feeds the child through ``input`` and reads its answer from ``output`` once the input ends.
A fork shares everything this process has loaded, so nothing is imported or sent twice.
Where the system cannot fork, :func:`fork` returns ``None`` and the caller does the work
itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from typing import IO

from kommunchef.site.meetings import SiteError

Work = Callable[[IO[bytes], IO[bytes]], None]
"""What a child does: read its input to the end, then write its answer."""


class Child:
    """A child process started by :func:`fork`."""

    def __init__(self, pid: int, input: IO[bytes], output: IO[bytes], what: str) -> None:
        self._pid: int | None = pid
        self.input: IO[bytes] | None = input
        """Where the child's input is written (closed by :meth:`finish`)."""
        self._output, self._what = output, what
        self._answer: bytes | None = None

    def finish(self) -> bytes:
        """End the child's input and wait for it; its answer. SiteError if it failed."""
        if self._pid is not None:
            self._close_input()
            with self._output:
                self._answer = self._output.read()
            status = self._reap()
            if status != 0:
                raise SiteError(f"{self._what} failed in its own process")
        assert self._answer is not None
        return self._answer

    def close(self) -> None:
        """Stop waiting for the child after a failure elsewhere (it ends with its input)."""
        if self._pid is not None:
            self._close_input()
            self._output.close()
            self._reap()
            self._answer = b""

    def _close_input(self) -> None:
        if self.input is not None:
            with suppress(OSError):  # the child may have gone already
                self.input.close()
            self.input = None

    def _reap(self) -> int:
        assert self._pid is not None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return status


def fork(work: Work, what: str) -> Child | None:
    """Run ``work`` in a child process; ``None`` where the system cannot fork. ``what`` names
    the work in the error when the child fails.

    The child answers only once its input ends, so neither side waits for the other while
    the input is being written.
    """
    if not hasattr(os, "fork"):
        return None
    to_child, from_parent = os.pipe()[::-1]
    to_parent, from_child = os.pipe()[::-1]
    pid = os.fork()
    if pid == 0:  # the child: do the work and leave
        status = 1
        try:
            os.close(to_child)
            os.close(from_child)
            with os.fdopen(from_parent, "rb") as input, os.fdopen(to_parent, "wb") as output:
                work(input, output)
            status = 0
        finally:
            os._exit(status)  # nothing of the parent's (its files, its exit) runs here
    os.close(from_parent)
    os.close(to_parent)
    return Child(pid, os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb"), what)


__all__ = ["Child", "Work", "fork"]
