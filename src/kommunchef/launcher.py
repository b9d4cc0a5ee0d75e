"""The ``kommunchef`` command as installed (and ``python -m kommunchef``).

``kommunchef --version`` is answered here, from the version alone: the command line
(``kommunchef.cli``, with ``argparse`` and what its commands need) is imported only for the
other commands. When a command has finished, :func:`run` leaves the process at once if
nothing is left to do at exit, instead of tearing the interpreter down object by object.
"""

from __future__ import annotations

import os
import sys

# Not imported from typing, which would add to every start of the command line.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn


def version() -> str:
    """What ``kommunchef --version`` prints: ``kommunchef 0.2.0``."""
    from kommunchef._version import __version__

    return f"kommunchef {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:
        print(version())
        return 0
    from kommunchef.cli import main as run_command

    return run_command(arguments)


def run() -> NoReturn:
    """The installed command: :func:`main` on ``sys.argv``, then exit with its status.

    Finalising the interpreter frees every module and object one by one, which takes longer
    than small commands (a tenth of an export). So the process leaves with :func:`os._exit`
    once standard output and error are flushed, when nothing else would happen at a normal
    exit: no ``atexit`` handler registered (temporary folders, worker pools and logging
    register one), no other thread running, and not a plugin's command, whose files
    kommunchef does not know. Otherwise it exits normally.
    """
    try:
        status = main()
    except SystemExit as leaving:  # argparse's --help and usage errors
        if leaving.code is not None and not isinstance(leaving.code, int):
            raise
        status = leaving.code or 0
    if _nothing_left_at_exit():
        os._exit(status)
    sys.exit(status)


def _nothing_left_at_exit() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the normal exit reports it
        return False
    import atexit

    handlers = getattr(atexit, "_ncallbacks", None)  # CPython's count of registered handlers
    if handlers is None or handlers() != 0:
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return False
    arguments = sys.argv[1:]
    if "kommunchef.cli" in sys.modules and arguments:  # past --version: maybe a plugin's command
        from kommunchef import plugins

        try:
            return arguments[0] not in plugins.commands()
        except Exception:  # the command line has reported it already
            return False
    return True
