"""The application object: identity (before any QSettings use), style, excepthook, the shell."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from .errors import ExceptionHandler, install_excepthook
from .prompts import Prompts
from .shell import Shell
from .style import apply_style

#: what signing in needs, loaded on a background thread once the start screen is up (the screen
#: itself needs none of it, so it shows sooner; by the time a password is typed it is loaded)
PRELOAD = ("rocta_desktop.services.workspace", "rocta_desktop.gui.main_window")
ORGANISATION = "ROCTA"
APPLICATION = "ROCTA Desktop"


def set_identity() -> None:
    """Organisation and application names decide where QSettings and app data live: set them
    before anything reads a setting."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    set_identity()
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    apply_style(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def build(folder: str | Path | None = None, *, prompts: Prompts | None = None,
          argv: Sequence[str] | None = None) -> tuple[QApplication, Shell, ExceptionHandler]:
    """Everything `run` does short of entering the event loop (tests use this)."""
    app = create_application(argv)
    prompts = prompts or Prompts()
    handler = install_excepthook(prompts)
    shell = Shell(prompts=prompts, initial_folder=folder)
    shell.show()
    return app, shell, handler


def _preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            return


def preload_in_background() -> threading.Thread:
    thread = threading.Thread(target=_preload, name="rocta-preload", daemon=True)
    thread.start()
    return thread


def run(folder: str | Path | None = None, argv: Sequence[str] | None = None, *,
        exit_after_start: bool = False) -> int:
    app, shell, _handler = build(folder, argv=argv)
    preload_in_background()
    app.aboutToQuit.connect(shell._close_session)  # closes the workspace however the app ends
    if exit_after_start:  # packaging smoke test (--smoke-exit-after-start): once the loop runs, report and quit
        QTimer.singleShot(0, lambda: _report_start_and_quit(app, shell))
    return app.exec()


def _report_start_and_quit(app: QApplication, shell: Shell) -> None:
    shown = shell.start.isVisible()
    print("sign-in screen shown" if shown else "sign-in screen NOT shown", flush=True)
    app.exit(0 if shown else 1)
