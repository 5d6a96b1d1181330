"""Need to know on a record's screen: who may see it, and restricting it to named people or teams."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import access
from .ops import Runner


class RestrictDialog(QDialog):
    """Choose the people and teams a record is limited to, and say why."""

    def __init__(self, ws: Any, reference: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Restrict {reference}")
        self.setAccessibleName("Restrict record")
        intro = QLabel(f"Only the people and teams chosen here will see {reference}: it disappears from every "
                       "other person's screens, searches, counts, reports and exports (administrators included). "
                       "You stay one of them.")
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the restriction")
        self.reason.setPlaceholderText("e.g. Operation Heron: covert tasking")
        self.people = QListWidget()
        self.people.setAccessibleName("People who may see the record")
        me = ws.actor.username
        for p in ws.read(access.people):
            item = QListWidgetItem(f"{p['display_name']} ({p['username']})")
            item.setData(Qt.ItemDataRole.UserRole, p["username"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p["username"] == me else Qt.CheckState.Unchecked)
            if p["username"] == me:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.people.addItem(item)
        self.teams = QListWidget()
        self.teams.setAccessibleName("Teams who may see the record")
        for t in ws.read(access.teams):
            n = len(t["members"])
            item = QListWidgetItem(f"{t['name']} ({n} {'person' if n == 1 else 'people'})")
            item.setData(Qt.ItemDataRole.UserRole, t["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.teams.addItem(item)
        self.error = QLabel()
        self.error.setAccessibleName("Restriction problem")
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Restrict", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setAccessibleName("Restrict the record")
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("Cancel restriction")
        ok.clicked.connect(self._check)
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Why", self.reason)
        form.addRow("&People", self.people)
        form.addRow("&Teams", self.teams)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, 480)

    def chosen(self, box: QListWidget) -> list[str]:
        return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
                if box.item(i).checkState() == Qt.CheckState.Checked]

    def _check(self) -> None:
        if not self.reason.text().strip():
            self.error.setText("Say why the record is restricted (e.g. the operation).")
            return
        self.accept()


class NeedToKnowRow(QWidget):
    """"Restricted to ... (why)" or "Not restricted", with Restrict... / Lift restriction."""

    changed = Signal()

    def __init__(self, ws: Any, kind: str, ident: int, reference: str, *, prompts: Any,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.kind, self.ident, self.reference, self.prompts = ws, kind, ident, reference, prompts
        self.label = QLabel()
        self.label.setAccessibleName("Who may see this record")
        self.label.setWordWrap(True)
        self.restrict_button = QPushButton("Res&trict...")
        self.restrict_button.setAccessibleName("Restrict this record to named people or teams")
        self.lift_button = QPushButton("&Lift restriction")
        self.lift_button.setAccessibleName("Lift the restriction")
        self.restrict_button.clicked.connect(lambda: self.restrict())
        self.lift_button.clicked.connect(self.lift)
        buttons = [self.restrict_button, self.lift_button]
        self.restricting = Runner(self, ws, prompts=prompts, title="Restrict", buttons=buttons)
        self.lifting = Runner(self, ws, prompts=prompts, title="Lift restriction", buttons=buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.restrict_button)
        row.addWidget(self.lift_button)
        self.refresh()

    def refresh(self) -> None:
        r = self.ws.read(access.restriction_of, self.kind, self.ident)
        if r is None:
            self.label.setText("Need to know: anyone cleared for its marking may see this record.")
        else:
            who = ", ".join(r["users"] + [f"team {t}" for t in r["teams"]])
            self.label.setText(f"<b>Restricted</b> ({r['reason']}): only {who}.")
        self.restrict_button.setVisible(r is None)
        self.lift_button.setVisible(r is not None)

    def restrict(self, dialog: RestrictDialog | None = None) -> bool:
        dialog = dialog or RestrictDialog(self.ws, self.reference, self)
        if not self.prompts.run_dialog(dialog):
            return False
        if not self.restricting.write("record.restrict", access.restrict, self.kind, self.ident, dialog.reason.text(),
                                      users=dialog.chosen(dialog.people), teams=dialog.chosen(dialog.teams)).ok:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def lift(self) -> bool:
        if not self.prompts.question(self, "Lift restriction",
                                     f"Let everyone cleared for its marking see {self.reference} again?",
                                     yes="&Lift", no="&Keep"):
            return False
        if not self.lifting.write("record.unrestrict", access.unrestrict, self.kind, self.ident).ok:
            return False
        self.refresh()
        self.changed.emit()
        return True
