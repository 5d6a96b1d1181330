"""Keeping a shared terminal safe: the idle lock, changing one's own password (forced after an
administrator's reset), and a growing delay after repeated wrong passwords.

The idle lock hides every window's record content after the administrator's idle time (default 10
minutes) until the same user types their password again; the only other way on is to sign out,
which closes open work (asking to save it) before anyone else can sign in. The user may lock at
once (Ctrl+L, from any window: `SessionKeys`), and the lock screen says which kind of lock it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RoctaError, ValidationError
from ..domain.users import password_strength
from ..services import users
from ..services.folders import RECOVERY_ACTOR
from .backoff import Backoff
from .ops import Runner, ShownBy
from .prompts import Prompts
from .widgets import error_label, field_with_error, show_error

USER_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
              QEvent.Type.TouchBegin}


class ChangePasswordDialog(QDialog):
    """Change one's own password: the current one, the new one twice (with a strength hint)."""

    def __init__(self, ws: Any, *, forced: bool = False, parent: QWidget | None = None,
                 prompts: Prompts | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or getattr(parent, "prompts", None) or Prompts()
        self.setWindowTitle("Change your password")
        self.setAccessibleName("Change your password")
        intro = QLabel("An administrator has set a temporary password for you: choose your own before you go on."
                       if forced else "Choose a new password: at least 10 characters, not your username.")
        intro.setWordWrap(True)
        self.old = QLineEdit()
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.old.setAccessibleName("Current password")
        self.new = QLineEdit()
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setAccessibleName("New password")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("New password again")
        self.strength = QLabel()
        self.strength.setAccessibleName("Password strength")
        self.errors = {k: error_label(f"{n} problem") for k, n in (("old_password", "Current password"),
                                                                     ("password", "New password"),
                                                                     ("again", "New password again"))}
        form = QFormLayout()
        form.addRow("&Current password", field_with_error(self.old, self.errors["old_password"]))
        form.addRow("&New password", field_with_error(self.new, self.errors["password"], self.strength))
        form.addRow("&Again", field_with_error(self.again, self.errors["again"]))
        self.ok = QPushButton("C&hange password")
        self.ok.setObjectName("primary")
        self.ok.setAccessibleName("Change password")
        self.cancel = QPushButton("Sign &out" if forced else "&Cancel")
        self.cancel.setAccessibleName("Sign out" if forced else "Cancel")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        self.new.textChanged.connect(lambda t: self.strength.setText(f"Strength: {password_strength(t)}" if t else ""))
        self.ok.clicked.connect(self.change)
        self.cancel.clicked.connect(self.reject)
        self.ok.setDefault(True)
        # problems under their fields (one the form has no field for goes under the new password);
        # any other failure (e.g. signed in with the recovery key) is a warning
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems),
                          title="Change your password", buttons=[self.ok, self.cancel])

    def _show_problems(self, exc: ValidationError) -> None:
        shown: dict[str, list[str]] = {}
        for p in exc.problems:
            shown.setdefault(p.field if p.field in self.errors else "password", []).append(p.message)
        for field, label in self.errors.items():
            show_error(label, None, "; ".join(shown.get(field, [])))

    def change(self) -> bool:
        self._show_problems(ValidationError([]))
        if self.new.text() != self.again.text():
            show_error(self.errors["again"], self.again, "the two new passwords differ")
            return False
        op = self.ops.write("user.change_password", users.change_own_password, self.old.text(), self.new.text())
        if not op.ok:
            return False
        for edit in (self.old, self.new, self.again):
            edit.clear()
        self.accept()
        return True


class LockScreen(QWidget):
    """What a locked window shows: who is signed in, a password box, and sign-out."""

    unlocked = Signal()
    sign_out = Signal()

    def __init__(self, ws: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.backoff = Backoff()
        self.setAccessibleName("Locked")
        recovery = ws.actor.username == RECOVERY_ACTOR
        self._how_to_unlock = ("Type the recovery key to unlock." if recovery else
                               f"{ws.actor.display_name} ({ws.actor.username}): type your password to unlock.")
        title = QLabel("Locked")
        title.setObjectName("heading")
        who = self.reason = QLabel()
        who.setAccessibleName("Lock reason")
        who.setWordWrap(True)
        self.show_reason(idle=True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Recovery key to unlock" if recovery else "Password to unlock")
        self.password.setPlaceholderText("Recovery key" if recovery else "Password")
        self.message = error_label("Unlock problem")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setAccessibleName("Unlock")
        self.sign_out_button = QPushButton("Sign &out")
        self.sign_out_button.setAccessibleName("Sign out instead")
        self.sign_out_button.setToolTip("Closes this session (open work is saved or discarded first) so another "
                                        "user can sign in")
        box = QWidget()
        box.setFixedWidth(460)  # a fixed width lets the wrapped text take the height it needs
        column = QVBoxLayout(box)
        column.addWidget(title)
        column.addWidget(who)
        column.addWidget(self.password)
        column.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.sign_out_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        column.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        self.sign_out_button.clicked.connect(self.sign_out.emit)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._wait_over)
        # the check derives a key from what was typed (a moment): busy meanwhile, the buttons off
        self.ops = Runner(self, ws, title="Unlock", buttons=[self.unlock_button, self.sign_out_button])

    def show_reason(self, *, idle: bool, at: dt.datetime | None = None) -> None:
        """Say why the window is locked: after the idle time, or by the signed-in user (and when)."""
        if idle:
            why = f"{self.ws.name} is locked after a period of inactivity."
        else:
            why = f"Locked by you at {at:%H:%M}." if at is not None else "Locked by you."
        self.reason.setText(f"{why}\n{self._how_to_unlock}")
        self.reason.setMinimumHeight(self.reason.heightForWidth(440))

    def try_unlock(self) -> bool:
        if not self.unlock_button.isEnabled():
            return False
        secret = self.password.text()
        self.password.clear()
        op = self.ops.run(lambda: self.ws.verify_password(secret))
        if not op.ok:
            return False
        if not op.result:
            wait = self.backoff.failed()
            text = "That is not the password of the signed-in user."
            if wait:
                text += f" Too many wrong attempts: wait {wait} seconds."
                self.unlock_button.setEnabled(False)
                self.password.setEnabled(False)
                self._timer.start(wait * 1000)
            show_error(self.message, self.password, text)
            return False
        self.backoff.succeeded()
        show_error(self.message, self.password, "")
        self.unlocked.emit()
        return True

    def _wait_over(self) -> None:
        self.unlock_button.setEnabled(True)
        self.password.setEnabled(True)
        self.password.setFocus()


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without keyboard or mouse input in the application."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        if minutes > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT and self.minutes > 0:
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class SessionKeys(QObject):
    """Shortcuts that work from every window of the application while someone is signed in (lock,
    search everything). A window's own shortcuts reach only that window, and an open dialog blocks
    its parent: this filter on the application sees a key pressed in any window (a record editor,
    the assessment wizard, any dialog) and triggers the action with that shortcut, when the action
    is enabled (the main window disables them while it is locked). Not while a question waits for
    its answer (a message box, a text or file prompt): hiding it would answer it ("Discard changes"
    is the safe default of "Save your answers?"), so it is answered first."""

    def __init__(self, actions: Sequence[QAction], parent: QObject | None = None):
        super().__init__(parent)
        self.actions = list(actions)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def action_for(self, event: Any) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        return next((a for a in self.actions if not a.shortcut().isEmpty()
                     and a.shortcut().matches(pressed) == QKeySequence.SequenceMatch.ExactMatch), None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # a key press reaches the application's filter once for its window and once for each
        # widget it is offered to: act on the first widget only
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        action = self.action_for(event)
        if action is None or not action.isEnabled() or isinstance(
                QApplication.activeModalWidget(), (QMessageBox, QInputDialog, QFileDialog)):
            return False
        if not event.isAutoRepeat():  # holding the keys down acts once
            action.trigger()
        event.accept()
        return True

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def note_view(ws: Any, entity_type: str, entity_id: int, reference: str, marking: Any) -> None:
    """Audit that the signed-in user opened a record marked OFFICIAL-SENSITIVE or above."""
    from ..services import audit
    try:
        ws.write("record.view", audit.record_view, entity_type, entity_id, reference, marking)
    except RoctaError:  # a read-only or closing workspace: the view itself must still work
        pass
