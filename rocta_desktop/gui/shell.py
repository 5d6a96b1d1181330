"""The shell: the start screen until someone signs in, then the main window, and back on sign-out.

It owns the open Workspace: it closes it on sign-out and on quit, so no window has to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow
from .prompts import Prompts
from .start_window import StartWindow


class Shell(QObject):
    signed_in = Signal(object)
    signed_out = Signal()

    def __init__(self, *, prompts: Prompts | None = None, initial_folder: str | Path | None = None):
        super().__init__()
        self.prompts = prompts or Prompts()
        self.ws: Any = None
        self.main: MainWindow | None = None
        self.start = StartWindow(prompts=self.prompts, initial_folder=initial_folder)
        self.start.signed_in.connect(self._signed_in)

    def show(self) -> None:
        self.start.show()
        self.start.raise_()
        self.start.activateWindow()
        self.start.ready_for_sign_in()

    def _signed_in(self, ws: Any) -> None:
        self.ws = ws
        self.main = MainWindow(ws, prompts=self.prompts)
        self.main.sign_out_requested.connect(self.sign_out)
        self.main.quit_requested.connect(self.quit)
        self.start.hide()
        self.main.show()
        self.main.activateWindow()
        self.main.navigation.setFocus()
        self.signed_in.emit(ws)

    def _close_session(self) -> None:
        if self.main is not None:
            main, self.main = self.main, None
            main.close_for_shell()
            main.deleteLater()
        if self.ws is not None:
            ws, self.ws = self.ws, None
            ws.close()

    def sign_out(self) -> None:
        self._close_session()
        self.show()
        self.signed_out.emit()

    def quit(self) -> None:
        self._close_session()
        self.start.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()
