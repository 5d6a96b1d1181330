"""The start screen: recent workspaces, open or create one, and sign in to the one selected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..domain.errors import RoctaError
from ..services.folders import WORKSPACE_SUFFIX, MigrationDeclined, SignInError, WorkspaceError, check_folder
from . import settings
from .backoff import Backoff
from .errors import sentence
from .forms import polish
from .forms.ui_start_window import Ui_StartWindow
from .prompts import Prompts
from .widgets import busy, show_error
from .workspace_dialogs import CreateWorkspaceDialog, RecoveryKeyDialog

if TYPE_CHECKING:  # the database layer loads at sign-in (or just after this screen is shown), not before
    from ..services.workspace import Workspace
    from ..store.migrate import SchemaState

WRONG_CREDENTIALS = "The username or password is not correct."
PATH_ROLE = Qt.ItemDataRole.UserRole
MISSING_ROLE = Qt.ItemDataRole.UserRole + 1


class RecentDelegate(QStyledItemDelegate):
    """Two lines per workspace: its name in bold, its folder muted underneath."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        fm = option.fontMetrics
        return QSize(option.rect.width(), fm.height() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        path = index.data(PATH_ROLE) or ""
        missing = bool(index.data(MISSING_ROLE))
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(10, 7, -10, -7)
        fm = opt.fontMetrics
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff") if selected else QColor("#8a96a3" if missing else "#1f2933"))
        title = workspace_title(path) + (" (folder not found)" if missing else "")
        painter.drawText(rect.adjusted(0, 0, 0, -fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(opt.font)
        painter.setPen(QColor("#dfe8f1") if selected else QColor("#6b7785"))
        painter.drawText(rect.adjusted(0, fm.height() + 2, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         fm.elidedText(path, Qt.TextElideMode.ElideMiddle, rect.width()))
        painter.restore()


def workspace_title(folder: str | Path) -> str:
    """What a workspace is called before anyone has signed in (its name is inside the encryption)."""
    name = Path(folder).name
    return name[: -len(WORKSPACE_SUFFIX)] if name.endswith(WORKSPACE_SUFFIX) and len(name) > len(WORKSPACE_SUFFIX) \
        else name


class StartWindow(QWidget):
    """Emits `signed_in(workspace)` with an open Workspace; the shell takes it from there."""

    signed_in = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, prompts: Prompts | None = None,
                 initial_folder: str | Path | None = None):
        super().__init__(parent)
        self.prompts = prompts or Prompts()
        self.backoff = Backoff()  # a growing wait after repeated wrong passwords
        self._locked_out = False
        self._backoff_timer = QTimer(self, singleShot=True)
        self._backoff_timer.timeout.connect(self._backoff_over)
        self.folder: Path | None = None
        self.ui = Ui_StartWindow()
        self.ui.setupUi(self)  # the layout: ui/start_window.ui
        polish(self)
        # never smaller than the form's 820x500, nor than its buttons need in this font (#22: the
        # three under the list need more than 820 pixels in some)
        self.setMinimumSize(self.minimumSizeHint().expandedTo(self.minimumSize()))
        ui = self.ui
        # the workspaces (left)
        self.recent_list, self.empty_hint = ui.recent_list, ui.empty_hint
        self.recent_list.setItemDelegate(RecentDelegate(self.recent_list))
        self.open_button, self.create_button, self.remove_button = ui.open_button, ui.create_button, ui.remove_button
        # sign in (right)
        self.card, self.workspace_label, self.path_label = ui.card, ui.workspace_label, ui.path_label
        self.username_edit, self.password_edit = ui.username_edit, ui.password_edit
        self.error_label, self.sign_in_button, self.recovery_button = ui.error_label, ui.sign_in_button, ui.recovery_button

        # ---- behaviour
        self.recent_list.currentItemChanged.connect(lambda item, _prev: self._select_item(item))
        self.recent_list.itemActivated.connect(lambda _item: self.username_edit.setFocus())
        self.open_button.clicked.connect(self.open_workspace)
        self.create_button.clicked.connect(self.create_workspace)
        self.remove_button.clicked.connect(self.remove_selected)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.sign_in)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.recovery_button.clicked.connect(self.sign_in_with_recovery_key)
        remove = QAction("Remove from list", self.recent_list)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.recent_list.addAction(remove)

        self.reload_recent()
        if initial_folder is not None:
            self.select_folder(initial_folder, remember=True)
        settings.restore_geometry(self, "start_window")

    # ------------------------------------------------------------------ recent workspaces
    def reload_recent(self, select: str | None = None) -> None:
        self.recent_list.blockSignals(True)
        self.recent_list.clear()
        for path in settings.recent_workspaces():
            missing = not Path(path).is_dir()
            # The text is what a screen reader announces; the delegate draws it on two lines.
            item = QListWidgetItem(f"{workspace_title(path)}{' (folder not found)' if missing else ''}, {path}")
            item.setData(PATH_ROLE, path)
            item.setData(MISSING_ROLE, missing)
            item.setToolTip(path)
            self.recent_list.addItem(item)
        self.recent_list.blockSignals(False)
        has_items = self.recent_list.count() > 0
        self.empty_hint.setVisible(not has_items)
        self.recent_list.setVisible(has_items)
        self.remove_button.setEnabled(has_items)
        target = select if select is not None else (str(self.folder) if self.folder else None)
        row = next((i for i in range(self.recent_list.count())
                    if self.recent_list.item(i).data(PATH_ROLE) == target), 0 if has_items else -1)
        self.recent_list.setCurrentRow(row)
        self._select_item(self.recent_list.currentItem())

    def select_folder(self, folder: str | Path, *, remember: bool = True) -> None:
        path = str(Path(folder).resolve())
        if remember:
            settings.remember_workspace(path)
        self.reload_recent(select=path)

    def _select_item(self, item: QListWidgetItem | None) -> None:
        path = item.data(PATH_ROLE) if item is not None else None
        changed = str(self.folder) != path
        self.folder = Path(path) if path else None
        if self.folder is None:
            self.workspace_label.setText("No workspace selected")
            self.path_label.setText("Choose a recent workspace, open one, or create a new one.")
        else:
            self.workspace_label.setText(workspace_title(self.folder))
            self.path_label.setText(str(self.folder))
        for w in (self.username_edit, self.password_edit, self.sign_in_button, self.recovery_button):
            w.setEnabled(self.folder is not None)
        if changed:
            self.password_edit.clear()
            self.clear_error()

    def remove_selected(self) -> None:
        item = self.recent_list.currentItem()
        if item is None:
            return
        settings.forget_workspace(item.data(PATH_ROLE))
        self.folder = None
        self.reload_recent()

    # ------------------------------------------------------------------ open / create
    def open_workspace(self) -> None:
        start = str(self.folder.parent) if self.folder else ""
        folder = self.prompts.choose_folder(self, "Open workspace folder", start)
        if not folder:
            return
        try:
            check_folder(Path(folder))
        except WorkspaceError as exc:
            self.show_error(sentence(str(exc)))
            return
        self.select_folder(folder)
        self.clear_error()
        self.username_edit.setFocus()

    def create_workspace(self) -> None:
        location = str(self.folder.parent) if self.folder else None
        dialog = CreateWorkspaceDialog(self, prompts=self.prompts, location=location)
        try:
            self.prompts.run_dialog(dialog)
            ws = dialog.workspace
            if ws is None:
                return
            keys = RecoveryKeyDialog(dialog.recovery_key or "", ws.name, ws.path, self, prompts=self.prompts)
            try:
                self.prompts.run_dialog(keys)
            finally:
                keys.deleteLater()
        finally:
            dialog.deleteLater()
        self.select_folder(ws.path)
        self.username_edit.setText(ws.actor.username)
        self.signed_in.emit(ws)

    # ------------------------------------------------------------------ sign in
    def show_error(self, message: str) -> None:
        show_error(self.error_label, self.card, message)

    def clear_error(self) -> None:
        show_error(self.error_label, self.card, "")

    def confirm_migration(self, state: SchemaState) -> bool:
        return self.prompts.question(
            self, "Upgrade workspace",
            f"The workspace \u201c{workspace_title(self.folder or '')}\u201d was made by an earlier version of "
            f"ROCTA Desktop and will be upgraded to work with this one (schema {state.current} \u2192 "
            f"{state.head}).\n\nA backup copy is taken first, in the workspace's \u201cbackups\u201d folder. "
            "Once upgraded, older versions of ROCTA Desktop cannot open it.\n\nUpgrade and open it now?",
            yes="&Upgrade and open", no="&Not now")

    def _backoff_over(self) -> None:
        self._locked_out = False
        self.sign_in_button.setEnabled(self.folder is not None)
        self.clear_error()

    def sign_in(self) -> None:
        if self.folder is None or self._locked_out:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.show_error("Enter your username and password.")
            (self.password_edit if username else self.username_edit).setFocus()
            return
        folder = self.folder
        from ..services.workspace import Workspace
        self._open(lambda: Workspace.open(folder, username, password, confirm_migration=self.confirm_migration))

    def sign_in_with_recovery_key(self) -> None:
        if self.folder is None:
            return
        key = self.prompts.ask_text(self, "Use recovery key",
                                    "Type the workspace's recovery key (8 groups of 5 letters and digits):")
        if not key:
            return
        folder = self.folder
        from ..services.workspace import Workspace
        self._open(lambda: Workspace.open_with_recovery(folder, key, confirm_migration=self.confirm_migration))

    def _open(self, opener: Callable[[], Workspace]) -> None:
        self.sign_in_button.setEnabled(False)
        try:
            with busy():
                ws = opener()
        except SignInError as exc:
            message = sentence(str(exc))
            message = WRONG_CREDENTIALS if message.lower() == WRONG_CREDENTIALS.lower() else message
            wait = self.backoff.failed()
            if wait:
                message += f" Too many failed attempts: wait {wait} seconds before trying again."
                self._locked_out = True
                self._backoff_timer.start(wait * 1000)
            self.show_error(message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        except MigrationDeclined as exc:
            self.show_error(sentence(str(exc)))
            return
        except (WorkspaceError, RoctaError) as exc:
            self.show_error(sentence(str(exc)))
            return
        finally:
            self.sign_in_button.setEnabled(self.folder is not None and not self._locked_out)
        self.backoff.succeeded()
        self.password_edit.clear()
        self.clear_error()
        settings.remember_workspace(ws.path)
        self.reload_recent(select=str(Path(ws.path).resolve()))
        self.signed_in.emit(ws)

    # ------------------------------------------------------------------ window
    def ready_for_sign_in(self) -> None:
        """Back from a signed-out session: same workspace selected, password empty, focus there."""
        self.password_edit.clear()
        self.clear_error()
        (self.password_edit if self.username_edit.text() else self.username_edit).setFocus()

    def closeEvent(self, event) -> None:
        settings.save_geometry(self, "start_window")
        super().closeEvent(event)

    def hideEvent(self, event) -> None:
        settings.save_geometry(self, "start_window")
        super().hideEvent(event)
