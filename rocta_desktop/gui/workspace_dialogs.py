"""Creating a workspace: the form (with live password hints) and the one-time recovery key."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import Problem, RoctaError, ValidationError
from ..domain.users import check_password_policy, normalise_username, password_strength
from ..services.folders import WORKSPACE_SUFFIX, WorkspaceError
from .errors import sentence
from .forms import polish
from .forms.ui_create_workspace import Ui_CreateWorkspaceDialog
from .ops import FieldProblems, Runner
from .prompts import Prompts
from .widgets import fit_height, show_error

if TYPE_CHECKING:
    from ..services.workspace import Workspace

_STRENGTH_COLOURS = ["#b42318", "#d9730d", "#c9a400", "#3f8f4f", "#2b7a3d"]
_BAD_FILENAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def folder_name_for(name: str) -> str:
    """A workspace name as a folder name that works on Windows, macOS and Linux."""
    clean = " ".join(_BAD_FILENAME_CHARS.sub(" ", name).split()).strip(" .")
    return f"{clean}{WORKSPACE_SUFFIX}" if clean else ""


def default_location() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class CreateWorkspaceDialog(QDialog):
    """Name, folder and first administrator of a new workspace. On success `self.workspace` is the
    new workspace, open and signed in as that administrator, and `self.recovery_key` its key."""

    def __init__(self, parent: QWidget | None = None, *, prompts: Prompts | None = None,
                 location: str | None = None):
        super().__init__(parent)
        self.prompts = prompts or Prompts()
        self.workspace: Workspace | None = None
        self.recovery_key: str | None = None
        self.folder: Path | None = None
        self._refit_timer = QTimer(self, singleShot=True, interval=0)
        self._refit_timer.timeout.connect(lambda: fit_height(self, self.width()))
        self.ui = Ui_CreateWorkspaceDialog()
        self.ui.setupUi(self)  # the layout: ui/create_workspace.ui
        polish(self)
        ui = self.ui
        self.name_edit, self.location_edit, self.browse_button = ui.name_edit, ui.location_edit, ui.browse_button
        self.folder_preview = ui.folder_preview
        self.username_edit, self.display_edit = ui.username_edit, ui.display_edit
        self.password_edit, self.confirm_edit = ui.password_edit, ui.confirm_edit
        self.strength_bar, self.strength_label = ui.strength_bar, ui.strength_label
        self.errors = {"name": ui.name_error, "location": ui.location_error, "username": ui.username_error,
                       "display_name": ui.display_error, "password": ui.password_error, "confirm": ui.confirm_error}
        self.form_error = ui.form_error
        self.create_button, self.cancel_button = ui.create_button, ui.cancel_button
        self.location_edit.setText(location if location is not None else default_location())
        fields = {"name": self.name_edit, "location": self.location_edit, "username": self.username_edit,
                  "display_name": self.display_edit, "password": self.password_edit, "confirm": self.confirm_edit}
        self.problems = FieldProblems({k: (self.errors[k], fields[k]) for k in fields}, self.form_error,
                                      on_change=self._refit)
        self.ops = Runner(self, prompts=self.prompts, form=self.problems,
                          buttons=[self.create_button, self.cancel_button, self.browse_button])

        self.name_edit.textChanged.connect(self._update_preview)
        self.location_edit.textChanged.connect(self._update_preview)
        self.password_edit.textChanged.connect(self._password_changed)
        self.username_edit.textChanged.connect(self._password_changed)
        self.confirm_edit.textChanged.connect(self._confirm_changed)
        self.browse_button.clicked.connect(self._browse)
        self.create_button.clicked.connect(self.create)
        self.cancel_button.clicked.connect(self.reject)
        self._update_preview()
        self._password_changed()

    # ------------------------------------------------------------------ live feedback
    def target_folder(self) -> Path | None:
        name = folder_name_for(self.name_edit.text())
        location = self.location_edit.text().strip()
        return Path(location).expanduser() / name if name and location else None

    def _update_preview(self) -> None:
        target = self.target_folder()
        self.folder_preview.setText(f"Will be created as: {target}" if target else
                                    "Give the workspace a name and a location.")

    def _password_changed(self) -> None:
        password = self.password_edit.text()
        score, word = password_strength(password)
        self.strength_bar.setValue(score)
        self.strength_bar.setStyleSheet(f"QProgressBar::chunk {{ background: {_STRENGTH_COLOURS[score]}; }}")
        self.strength_label.setText(f"Strength: {word}" if password else "Strength: -")
        self.strength_bar.setAccessibleDescription(word)
        problems: list[str] = []
        if password:
            try:
                check_password_policy(password, self.username_edit.text().strip() or None)
            except ValidationError as exc:
                problems = exc.for_field("password")
        show_error(self.errors["password"], self.password_edit, _join(problems))
        if self.confirm_edit.text():
            self._confirm_changed()
        self._refit()

    def _confirm_changed(self) -> None:
        mismatch = self.confirm_edit.text() and self.confirm_edit.text() != self.password_edit.text()
        show_error(self.errors["confirm"], self.confirm_edit, "The two passwords do not match." if mismatch else "")
        self._refit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refit()  # style sheets are applied on show and change the sizes

    def _refit(self) -> None:
        """Grow (or shrink back) as problems appear under fields, so nothing is squashed. Once
        shown, after pending layout requests (the fields' own layouts update on the next turn)."""
        if self.isVisible():
            self._refit_timer.start()
        else:
            fit_height(self, 580)

    def _browse(self) -> None:
        folder = self.prompts.choose_folder(self, "Choose where to create the workspace",
                                            self.location_edit.text())
        if folder:
            self.location_edit.setText(folder)

    # ------------------------------------------------------------------ create
    def _problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.name_edit.text().strip():
            problems["name"] = "Give the workspace a name."
        elif not folder_name_for(self.name_edit.text()):
            problems["name"] = "Use some letters or digits in the name."
        location = self.location_edit.text().strip()
        if not location:
            problems["location"] = "Choose a folder to create the workspace in."
        elif not Path(location).expanduser().is_dir():
            problems["location"] = "That folder does not exist."
        elif (target := self.target_folder()) is not None and target.exists():
            problems["location"] = f"{target.name} already exists there; choose another name or location."
        username = self.username_edit.text()
        try:
            normalise_username(username)
        except ValidationError as exc:
            problems["username"] = " ".join(sentence(m) for m in exc.for_field("username"))
        if not self.display_edit.text().strip():
            problems["display_name"] = "Enter the name other users will see, e.g. DS Jo Smith."
        try:
            check_password_policy(self.password_edit.text(), username.strip() or None)
        except ValidationError as exc:
            problems["password"] = _join(exc.for_field("password"))
        if self.confirm_edit.text() != self.password_edit.text():
            problems["confirm"] = "The two passwords do not match."
        return problems

    def create(self) -> bool:
        """Check the form, then create the workspace through the operation runner (a wait cursor and
        the buttons disabled while the key is derived; its problems under their fields)."""
        self.problems.clear_problems()
        problems = self._problems()
        if problems:
            self.problems.show_problems(list(problems.items()))
            return False
        target = self.target_folder()
        assert target is not None
        username, password = self.username_edit.text(), self.password_edit.text()
        display, name = self.display_edit.text().strip(), self.name_edit.text().strip()

        def create() -> tuple[Workspace, str]:
            from ..services.workspace import Workspace  # the database layer: only when creating
            try:
                return Workspace.create(target, username, password, display_name=display, name=name)
            except WorkspaceError as exc:  # the folder: said at the location
                raise ValidationError(Problem("location", str(exc))) from exc
            except ValidationError:
                raise
            except (RoctaError, OSError) as exc:
                raise ValidationError(Problem("", f"The workspace could not be created: {exc}")) from exc

        op = self.ops.run(create)
        if not op.ok:
            return False
        self.password_edit.clear()
        self.confirm_edit.clear()
        self.workspace, self.recovery_key = op.result
        self.folder = target
        self.accept()
        return True


def _join(messages: list[str]) -> str:
    """Password policy problems ("must be at least 10 characters") as sentences."""
    return " ".join(sentence(f"Password {m}") for m in messages)


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once. It cannot be dismissed until the user says it is stored."""

    def __init__(self, recovery_key: str, workspace_name: str, folder: Path | str,
                 parent: QWidget | None = None, *, prompts: Prompts | None = None):
        super().__init__(parent)
        self.prompts = prompts or Prompts()
        self._key = recovery_key
        self._workspace_name = workspace_name
        self._folder = str(folder)
        self.setWindowTitle("Recovery key")
        self.setAccessibleName("Recovery key")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(620)

        heading = QLabel("Store this recovery key safely")
        heading.setObjectName("heading")
        explain = QLabel(
            "This key opens the workspace if every administrator password is lost. It is shown "
            "<b>only this once</b> and cannot be recovered later.<br><br>"
            "Print it or write it down, and keep it locked away as you would the records themselves. "
            "Anyone holding it can open the workspace.")
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.RichText)

        self.key_label = QLabel(recovery_key)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.4)
        mono.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(mono)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                               Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setStyleSheet("background: #ffffff; border: 1px dashed #8a96a3; border-radius: 6px;"
                                     " padding: 16px; color: #1f2933;")
        where = QLabel(f"Workspace: {html.escape(workspace_name)}<br>Folder: {html.escape(self._folder)}")
        where.setObjectName("muted")
        where.setWordWrap(True)

        self.print_button = QPushButton("&Print...")
        self.print_button.setAccessibleName("Print recovery key")
        self.print_button.setAutoDefault(False)
        self.stored_check = QCheckBox("I have stored the recovery key &safely")
        self.stored_check.setAccessibleName("I have stored it safely")
        self.continue_button = QPushButton("&Continue")
        self.continue_button.setObjectName("primary")
        self.continue_button.setAccessibleName("Continue")
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)

        row = QHBoxLayout()
        row.addWidget(self.stored_check, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addSpacing(4)
        layout.addWidget(self.key_label)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(row)

        self.stored_check.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_key)
        fit_height(self, 660)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        fit_height(self, self.width())
    def reject(self) -> None:  # Escape or closing the window: not until the key is stored
        if self.stored_check.isChecked():
            self.accept()

    def accept(self) -> None:
        if not self.stored_check.isChecked():
            return
        self.key_label.clear()
        self._key = ""
        super().accept()

    # ------------------------------------------------------------------ printing
    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(
            "<p align='center'><b>OFFICIAL-SENSITIVE</b></p>"
            "<h2>ROCTA Desktop workspace recovery key</h2>"
            f"<p>Workspace: {html.escape(self._workspace_name)}<br>Folder: {html.escape(self._folder)}</p>"
            f"<p style='font-family: monospace; font-size: 20pt'>{html.escape(self._key)}</p>"
            "<p>This key opens the workspace if every administrator password is lost. Anyone holding it "
            "can open the workspace: store it as you would the records themselves.</p>"
            "<p align='center'><b>OFFICIAL-SENSITIVE</b></p>")
        return doc

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print recovery key")
        if self.prompts.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
