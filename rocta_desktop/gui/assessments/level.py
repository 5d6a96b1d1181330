"""The management level a group's latest approved assessments suggest (services/assessments.py
`management_level`: a rule the scheme or the region declares as data), pre-selected, with why; a
different level needs a reason, which the service stores with the decision and audits."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...domain.subjects import ManagementLevel
from ...domain.users import Permission
from ...services import assessments
from ...services.permissions import allowed
from ..ops import Runner
from ..prompts import Prompts


class ManagementLevelBox(QFrame):
    """`ManagementLevelBox(ws, subject_id)`: shows the level now, the suggestion and why, and sets it."""

    level_set = Signal(str)

    def __init__(self, ws: Any, subject_id: int, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.subject_id = ws, subject_id
        self.prompts = prompts or Prompts()
        self.setObjectName("card")
        self.setAccessibleName("Management level")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setAccessibleName("Management level heading")
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setObjectName("muted")
        self.why.setAccessibleName("Why this level is suggested")
        self.why.setTextFormat(Qt.TextFormat.RichText)
        row = QHBoxLayout()
        label = QLabel("Manage at &level:")
        self.level = QComboBox()
        self.level.setAccessibleName("Management level to set")
        for lv in ManagementLevel:
            self.level.addItem(lv.value.capitalize(), lv.value)
        label.setBuddy(self.level)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for a level other than the one suggested")
        self.reason.setPlaceholderText("Why a level other than the one suggested (required)")
        self.apply = QPushButton("Set &level")
        self.apply.setAccessibleName("Set management level")
        row.addWidget(label)
        row.addWidget(self.level)
        row.addWidget(self.reason, 1)
        row.addWidget(self.apply)
        self.status = QLabel()
        self.status.setAccessibleName("Management level status")
        self.status.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.why)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.level.currentIndexChanged.connect(lambda _i: self._update())
        self.apply.clicked.connect(lambda: self.set_level())
        self.ops = Runner(self, ws, prompts=self.prompts, title="Cannot set the level", buttons=[self.apply])
        self.refresh()

    def refresh(self) -> None:
        data = self.ws.read(assessments.management_level, self.subject_id)
        self.data = data
        current, suggested = data["current"], data["suggested"]
        self.heading.setText(f"Management level of {data['reference']}: now {(current or 'not set').capitalize()}"
                             + (f"; suggested {suggested.capitalize()}" if suggested else ""))
        self.why.setText(html.escape(data["why"]))
        self.level.blockSignals(True)
        self.level.setCurrentIndex(max(0, self.level.findData(suggested or current)))
        self.level.blockSignals(False)
        last = data["decisions"][0] if data["decisions"] else None
        self.status.setText(f"Last decided by {last['by']}: {last['level']}"
                            + (f" (suggested {last['suggested']}; reason: {last['reason']})" if last["reason"] else "")
                            if last else "")
        self._update()

    def differs(self) -> bool:
        return self.data["suggested"] is not None and self.level.currentData() != self.data["suggested"]

    def _update(self) -> None:
        self.reason.setVisible(self.differs())
        self.apply.setEnabled(allowed(self.ws.actor, Permission.EDIT_RECORDS))

    def set_level(self) -> bool:
        level, reason = self.level.currentData(), self.reason.text().strip()
        if self.differs() and not reason:
            self.prompts.warning(self, "Say why", f"The assessments suggest {self.data['suggested']}: write the "
                                                  f"reason for managing it at {level} level.")
            self.reason.setFocus()
            return False
        if not self.ops.write("subject.management_level", assessments.set_management_level, self.subject_id, level,
                              reason if self.differs() else None).ok:
            return False
        self.reason.clear()
        self.refresh()
        self.level_set.emit(level)
        return True
