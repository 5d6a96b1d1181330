"""`python -m rocta_desktop [WORKSPACE_FOLDER]` opens the desktop application."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rocta_desktop", description="ROCTA Desktop")
    parser.add_argument("workspace", nargs="?", metavar="WORKSPACE_FOLDER",
                        help="a workspace folder to select on the start screen")
    # packaging smoke test: show the start screen, print "sign-in screen shown", quit (not for users)
    parser.add_argument("--smoke-exit-after-start", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from PySide6.QtWidgets import QApplication  # Qt only when the GUI is really wanted

    from .gui.app import create_application, run

    existing = QApplication.instance() is not None
    app = create_application([sys.argv[0], *argv])
    # QApplication takes its own options (-platform, -style...) out; the rest are ours.
    args = parse_args(argv if existing else app.arguments()[1:])
    return run(args.workspace, exit_after_start=args.smoke_exit_after_start)


if __name__ == "__main__":
    sys.exit(main())
