"""The ``kommunchef`` command as installed (and ``python -m kommunchef``).

``kommunchef --version`` is answered here, from the version alone: the command line
(``kommunchef.cli``, with ``argparse`` and what its commands need) is imported only
for the other commands.
"""

from __future__ import annotations

import sys

# Not imported from typing, which would add to every start of the command line.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


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
    from kommunchef.cli import main as run

    return run(arguments)
