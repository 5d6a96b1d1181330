"""The shell: the start screen until someone signs in, then the main window, and back on sign-out.

It owns the open Workspace: it closes it on sign-out and on quit, so no window has to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from .errors import sentence
from .prompts import Prompts
from .start_window import StartWindow


class Shell(QObject):
    signed_in = Signal(object)
    signed_out = Signal()
    #: the workspace found the account no longer allows this session (any thread: queued to this one)
    account_ended = Signal(str)

    def __init__(self, *, prompts: Prompts | None = None, initial_folder: str | Path | None = None):
        super().__init__()
        self.prompts = prompts or Prompts()
        self.ws: Any = None
        self.main: Any = None  # the MainWindow once signed in
        self.start = StartWindow(prompts=self.prompts, initial_folder=initial_folder)
        self.start.signed_in.connect(self._signed_in)
        self.account_ended.connect(self._sign_out_ended, Qt.ConnectionType.QueuedConnection)
        self._stop_hearing: Any = None

    def show(self) -> None:
        self.start.show()
        self.start.raise_()
        self.start.activateWindow()
        self.start.ready_for_sign_in()

    def _signed_in(self, ws: Any) -> None:
        from .main_window import MainWindow  # the areas load after sign-in: the sign-in screen shows sooner
        self.ws = ws
        self._stop_hearing = ws.on_account_ended(self.account_ended.emit)
        self.main = MainWindow(ws, prompts=self.prompts)
        self.main.sign_out_requested.connect(self.sign_out)
        self.main.quit_requested.connect(self.quit)
        self.start.hide()
        self.main.show()
        self.main.activateWindow()
        self.main.navigation.setFocus()
        self._scheduled_backup(ws)
        self._forced_password_change(ws)
        self.signed_in.emit(ws)

    def _forced_password_change(self, ws: Any) -> None:
        """After an administrator's reset the user chooses their own password before going on;
        declining signs them out."""
        from ..services import settings as app_settings
        if ws.actor.user_id is None or not ws.read(app_settings.must_change_password, ws.actor.username):
            return
        dialog = self.main.change_password(forced=True)
        dialog.rejected.connect(self.sign_out)

    def _scheduled_backup(self, ws: Any) -> None:
        """Take the administrator's scheduled backup when one is due (a moment's work at sign-in)."""
        from ..domain.errors import RoctaError
        from ..services import backup
        try:
            made = backup.run_scheduled(ws)
        except (RoctaError, OSError) as exc:
            self.prompts.warning(self.main, "Scheduled backup", f"The scheduled backup failed: {exc}")
            return
        if made is not None and self.main is not None:
            self.main.statusBar().showMessage(f"Scheduled backup taken: {made.name}", 8000)

    def _close_session(self) -> None:
        if self._stop_hearing is not None:
            self._stop_hearing, stop = None, self._stop_hearing
            stop()
        if self.main is not None:
            main, self.main = self.main, None
            main.close_for_shell()
            main.deleteLater()
        if self.ws is not None:
            ws, self.ws = self.ws, None
            ws.close()

    def sign_out(self) -> None:
        """End the session; another person may then sign in. Unsaved work is saved or
        discarded first (each editor asks); a failed save keeps the session open."""
        if self.main is not None and not self.main.settle_open_work():
            return
        self._close_session()
        self.show()
        self.signed_out.emit()

    def _sign_out_ended(self, reason: str) -> None:
        """The account was disabled, its password reset or its row altered since sign-in: nothing
        more can be saved or read in this window, so it closes (open editors are not asked: their
        work cannot be saved by this account) and says why, once."""
        if self.main is None:
            return
        self._close_session()
        self.show()
        self.prompts.warning(self.start, "Signed out", f"{sentence(reason)} You have been signed out.")
        self.signed_out.emit()

    def quit(self) -> None:
        if self.main is not None and not self.main.settle_open_work():
            return
        self._close_session()
        self.start.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()
