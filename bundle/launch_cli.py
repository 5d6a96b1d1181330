"""PyInstaller entry point of the bundled CLI (`rocta`): the same as the `rocta` console script."""

import sys

from rocta_desktop.cli import main

sys.exit(main())
