"""The small form dialogs of the administration area: each field with its problem under it, a
boxed line for problems that belong to no field, Save and Cancel.

A dialog does its own write (`submit()`) when Save is pressed, run by the operation runner
(gui/ops.py): a `ValidationError` is shown field by field and the dialog stays open; any other
`RoctaError` (conflict, not found, not permitted) goes to `prompts.warning` and the dialog stays
open too, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.users import check_password_policy, password_strength
from ..errors import sentence
from ..ops import Runner
from ..prompts import Prompts
from ..widgets import error_label, field_with_error, fit_height, show_error
from ..workspace_dialogs import _STRENGTH_COLOURS


def form_label(text: str, buddy: QWidget) -> QLabel:
    """A field label (with its mnemonic) top-aligned, centred on a line edit's height, so rows
    with a hint or a problem under the field stay level with it."""
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setContentsMargins(0, max(0, (QLineEdit().sizeHint().height() - label.sizeHint().height()) // 2), 0, 0)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class FormDialog(QDialog):
    """Subclasses add fields with `add_field` and implement `submit()` (the write); `check()` may
    return problems found before writing, as {field: message}."""

    def __init__(self, title: str, *, prompts: Prompts, parent: QWidget | None = None, width: int = 480,
                 intro: str = "", save_text: str = "&Save", save_name: str | None = None):
        super().__init__(parent)
        self.prompts = prompts
        self._width = width
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(width)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._refit_timer = QTimer(self, singleShot=True, interval=0)
        self._refit_timer.timeout.connect(lambda: fit_height(self, self.width()))

        heading = QLabel(title)
        heading.setObjectName("subheading")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(8)
        self.form_error = error_label(f"{title} problem", boxed=True)

        self.save_button = QPushButton(save_text)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(save_name or save_text.replace("&", ""))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_button.setToolTip("Close without saving (Esc)")
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        if intro:
            layout.addWidget(hint(intro))
        layout.addLayout(self.form)
        layout.addWidget(self.form_error)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.ops = Runner(self, getattr(self, "ws", None), prompts=prompts, form=self,
                          buttons=[self.save_button, self.cancel_button])

    # ------------------------------------------------------------------ building
    def add_field(self, key: str, label: str, widget: QWidget, *extras: QWidget | QLayout,
                  name: str | None = None) -> QWidget:
        """A labelled field with its hints and its (hidden) problem label. `widget` must already
        have its accessible name; the problem label is named "<name> problem"."""
        name = name or label.replace("&", "").rstrip(":")
        self.fields[key] = widget
        self.errors[key] = error_label(f"{name} problem")
        self.form.addRow(form_label(label, widget), field_with_error(widget, self.errors[key], *extras))
        return widget

    # ------------------------------------------------------------------ problems
    def clear_problems(self) -> None:
        for key, label in self.errors.items():
            show_error(label, self.fields[key], "")
        show_error(self.form_error, None, "")

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """(field, message) pairs: each under its field, the rest in the boxed line."""
        general: list[str] = []
        shown: dict[str, list[str]] = {}
        for field, message in problems:
            if field in self.errors:
                shown.setdefault(field, []).append(sentence(message))
            else:
                general.append(sentence(f"{field.replace('_', ' ')}: {message}" if field else message))
        for field, messages in shown.items():
            show_error(self.errors[field], self.fields[field], " ".join(messages))
        show_error(self.form_error, None, " ".join(general))
        first = next((k for k in self.fields if k in shown), None)
        if first is not None:
            self.fields[first].setFocus()
        self._refit()

    def _refit(self) -> None:
        if self.isVisible():
            self._refit_timer.start()
        else:
            fit_height(self, max(self.width(), self._width))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._refit()  # style sheets are applied on show and change the sizes

    # ------------------------------------------------------------------ saving
    def check(self) -> list[tuple[str, str]]:
        return []

    def submit(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def run_submit(self) -> Any:
        """Run the save through the runner (an editor of an existing record overrides this to send
        its changes with the version it loaded: `Runner.write_edit`)."""
        return self.ops.run(self.submit)

    def save(self) -> bool:
        """Check, then `submit()` through the operation runner (gui/ops.py): busy state, problems
        under their fields, any other failure a warning; the dialog closes only on success."""
        self.clear_problems()
        problems = self.check()
        if problems:
            self.show_problems(problems)
            return False
        op = self.run_submit()
        if not op.ok:
            self._refit()
            return False
        self.accept()
        return True


class PasswordFields:
    """A new password typed twice, with a live strength bar and the policy's problems as they type
    (as on the create-workspace form). Adds its two rows to a `FormDialog`."""

    def __init__(self, dialog: FormDialog, *, username: Any, label: str = "&Password",
                 name: str = "Password"):
        self.dialog = dialog
        self._username = username  # a callable giving the username the password must not contain
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(name)
        self.password_edit.setPlaceholderText("At least 10 characters")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(f"Confirm {name.lower()}")
        self.confirm_edit.setPlaceholderText("Type the password again")
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setFixedHeight(6)
        self.strength_bar.setAccessibleName(f"{name} strength")
        self.strength_label = QLabel()
        self.strength_label.setObjectName("muted")
        self.strength_label.setAccessibleName(f"{name} strength hint")
        strength = QHBoxLayout()
        strength.setSpacing(8)
        strength.addWidget(self.strength_bar, 1)
        strength.addWidget(self.strength_label)
        dialog.add_field("password", label, self.password_edit, strength, name=name)
        dialog.add_field("confirm", "Con&firm", self.confirm_edit, name=f"Confirm {name.lower()}")
        self.password_edit.textChanged.connect(self.update)
        self.confirm_edit.textChanged.connect(self._confirm_changed)
        self.update()

    def password(self) -> str:
        return self.password_edit.text()

    def clear(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()

    def _policy_problems(self) -> list[str]:
        try:
            check_password_policy(self.password(), (self._username() or "").strip() or None)
        except ValidationError as exc:
            return [sentence(f"Password {m}") for m in exc.for_field("password")]
        return []

    def update(self) -> None:
        password = self.password()
        score, word = password_strength(password)
        self.strength_bar.setValue(score)
        self.strength_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {_STRENGTH_COLOURS[score]}; }}")
        self.strength_label.setText(f"Strength: {word}" if password else "Strength: -")
        self.strength_bar.setAccessibleDescription(word)
        errors = self.dialog.errors
        show_error(errors["password"], self.password_edit, " ".join(self._policy_problems()) if password else "")
        if self.confirm_edit.text():
            self._confirm_changed()
        self.dialog._refit()

    def _confirm_changed(self) -> None:
        mismatch = bool(self.confirm_edit.text()) and self.confirm_edit.text() != self.password()
        show_error(self.dialog.errors["confirm"], self.confirm_edit,
                   "The two passwords do not match." if mismatch else "")
        self.dialog._refit()

    def problems(self) -> list[tuple[str, str]]:
        """What is wrong before anything is written (the service checks the policy again)."""
        out = [("password", m) for m in self._policy_problems()]
        if self.confirm_edit.text() != self.password():
            out.append(("confirm", "The two passwords do not match."))
        return out
