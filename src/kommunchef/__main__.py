"""``python -m kommunchef``: the command line."""

from kommunchef.launcher import run

run()
