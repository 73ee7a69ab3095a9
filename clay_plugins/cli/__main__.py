"""`python -m clay_plugins.cli`: the `clay` command without its console script."""

import sys

from clay_plugins.cli import main

sys.exit(main())
