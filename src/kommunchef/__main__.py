"""``python -m kommunchef``: the command line."""

import sys

from kommunchef.launcher import main

sys.exit(main())
