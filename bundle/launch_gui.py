"""PyInstaller entry point of the bundled GUI (`rocta-desktop`): the same as `python -m rocta_desktop`.

A launcher, because PyInstaller runs its script as a top-level `__main__` with no package, where
`rocta_desktop/__main__.py`'s relative imports would fail."""

import sys

from rocta_desktop.__main__ import main

sys.exit(main())
