"""``python -m kommunchef``: the command line."""

import sys

from kommunchef.cli import main

sys.exit(main())
