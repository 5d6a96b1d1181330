"""Administration > Audit trail: every change, view of a sensitive record, export, print and refusal,
filtered by user, action, record and day; and the hash-chain check that shows any tampering."""

from __future__ import annotations


from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...domain.users import Permission
from ...services import audit
from ...services.permissions import allowed
from ..intel.common import OptionalDate
from ..prompts import Prompts
from ..registers.editor import describe_changes
from ..tables import RecordTable
from ..widgets import busy, clearable

COLUMNS = ["When (UTC)", "User", "Action", "Record", "What", "Changes"]


def changes_text(changes: Any) -> str:
    """Field changes as the record history shows them; the details of other events (exports,
    backups, imports) as short key: value pairs."""
    if not changes:
        return ""
    if all(isinstance(v, dict) and ({"before", "after"} & set(v) or {"added", "removed", "changed"} & set(v))
           for v in changes.values()):
        return describe_changes(changes)
    parts = [f"{k}: {v}" for k, v in changes.items() if not isinstance(v, (list, dict))]
    parts += [f"{k}: {len(v)} items" for k, v in changes.items() if isinstance(v, (list, dict))]
    return "; ".join(parts)[:400]


class AuditTab(QWidget):
    def __init__(self, ws: Any, *, prompts: Prompts):
        super().__init__()
        self.ws, self.prompts = ws, prompts
        self.setAccessibleName("Audit trail")
        self.allowed = allowed(ws.actor, Permission.MANAGE_USERS)
        self.user = clearable(QLineEdit(), "Clear user filter")
        self.user.setAccessibleName("Audit user filter")
        self.user.setPlaceholderText("username")
        self.action = clearable(QLineEdit(), "Clear action filter")
        self.action.setAccessibleName("Audit action filter")
        self.action.setPlaceholderText("action, e.g. assessment. or record.view")
        self.record = clearable(QLineEdit(), "Clear record filter")
        self.record.setAccessibleName("Audit record filter")
        self.record.setPlaceholderText("reference, e.g. OCG-2026-0001")
        self.since = OptionalDate("Audit from", None, label="F&rom")
        self.until = OptionalDate("Audit to", None, label="T&o")
        self.search_button = QPushButton("S&how events")
        self.search_button.setObjectName("primary")
        self.search_button.setAccessibleName("Show audit events")
        self.verify_button = QPushButton("Verif&y chain")
        self.verify_button.setAccessibleName("Check the audit hash chain")
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.chain.setAccessibleName("Audit chain check result")
        self.count = QLabel()
        self.count.setAccessibleName("Audit event count")
        self.table = RecordTable("Audit events", COLUMNS)
        self.table.setWordWrap(True)
        for w in (self.user, self.action, self.record, self.since, self.until, self.search_button,
                  self.verify_button):
            w.setEnabled(self.allowed)
        top = QHBoxLayout()
        for w in (self.user, self.action, self.record):
            top.addWidget(w, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until)
        dates.addStretch(1)
        dates.addWidget(self.verify_button)
        dates.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        if not self.allowed:
            layout.addWidget(QLabel("Only an administrator can read the audit trail."))
        layout.addLayout(top)
        layout.addLayout(dates)
        layout.addWidget(self.chain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.search_button.clicked.connect(lambda: self.reload())
        self.verify_button.clicked.connect(lambda: self.verify())
        for edit in (self.user, self.action, self.record):
            edit.returnPressed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        if not self.allowed:
            return
        rows = self.ws.read(audit.search_events, username=self.user.text() or None,
                            action=self.action.text() or None, record=self.record.text() or None,
                            since=self.since.value(), until=self.until.value())
        self.table.fill([[f"{r['at']:%d/%m/%Y %H:%M:%S}", r["username"], r["action"], r["entity_ref"] or "",
                          r["summary"], changes_text(r["changes"])]
                         for r in rows], [r["id"] for r in rows])
        self.count.setText(f"{len(rows):,} event{'s' if len(rows) != 1 else ''} (newest first"
                           + (", the first 2,000" if len(rows) == 2000 else "") + ")")

    def verify(self) -> list[str]:
        with busy():
            problems = self.ws.read(audit.verify_chain)
        self.chain.setText("The audit chain is intact: no event has been altered or removed." if not problems else
                           "THE AUDIT CHAIN IS BROKEN: " + "; ".join(problems[:5]))
        self.chain.setStyleSheet("" if not problems else "color: #b42318; font-weight: 600;")
        return problems

