"""Administration > Audit trail: every change, view of a sensitive record, export, print and refusal,
filtered by user, kind of action, kind of record, record and day (the last four weeks unless the
administrator chooses other days); and the hash-chain check that shows any tampering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...domain import clock
from ...domain.users import Permission
from ...services import audit
from ...services.permissions import allowed
from ..kit.dates import show_time
from ..kit.fields import OptionalDate
from ..kit.history import describe_changes
from ..prompts import Prompts
from ..tables import RecordTable
from ..widgets import busy, clearable

COLUMNS = ["When (UTC)", "User", "Action", "Record", "What", "Changes"]
DEFAULT_DAYS = 28  # the days the date filters start from (ending today)

#: the kinds of record the trail names (its entity types), in words; several may share a name
RECORD_KINDS = {
    "agency": "Partner agencies", "assessment": "Assessments", "conflict": "Exchange conflicts",
    "crime_type": "Crime types", "disruption": "Disruptions", "duplicate_decision": "Duplicate decisions",
    "export": "Exports", "file": "Files written", "force": "Forces", "group": "Groups (OCGs)", "import": "Imports",
    "meeting": "T&CG meetings", "nominal": "Nominals", "partner": "Partner workspaces",
    "permission": "Refused actions", "plan": "4P plans", "practice": "Best practice", "recovery": "Recovery key",
    "requirement": "Intelligence requirements", "restriction": "Restrictions", "scheme": "Assessment schemes",
    "subject": "Subjects", "tasking": "Tasking requests", "tcg_meeting": "T&CG meetings", "team": "Teams",
    "trigger": "Trigger reports", "unit": "Units", "user": "User accounts", "vulnerability": "Vulnerabilities",
    "workspace": "Workspace settings",
}
#: actions whose first word says what they are, whatever comes after ("export.return", "import.nominal")
ACTION_AREAS = {
    "demo": "Demo data generated", "exchange": "Exchange with partners", "export": "Exports", "file": "Files written",
    "import": "Imports", "permission": "Refusals (not permitted)",
    "workspace": "Workspace settings and keys",
}
#: other actions by their last word ("nominal.merge", "group.merge" -> "Merges")
ACTION_WORDS = {
    "accept": "Accepted", "add_identifier": "Identifiers added", "add_member": "Members added",
    "approve": "Approved", "archive": "Archived", "assign": "Assigned", "associate": "Associates linked",
    "change_member_role": "Member roles changed", "change_password": "Passwords changed", "create": "Created",
    "decide": "Decisions recorded", "delete": "Deleted", "disable": "Accounts disabled", "discard": "Discarded",
    "duplicate": "Marked as duplicates", "enable": "Accounts enabled", "enrol_key": "Signing keys enrolled",
    "finalise": "Finalised", "link": "Linked", "members": "Team members changed", "merge": "Merges",
    "merged_into": "Merged into another record", "move": "Moved", "redo": "Edits redone",
    "reinstate": "Reinstated", "reject": "Rejected", "remove_identifier": "Identifiers removed",
    "remove_member": "Members removed", "reset_password": "Passwords reset", "response": "Responses recorded",
    "restrict": "Restricted to named people", "return": "Returned for changes", "save": "Saved",
    "set_clearance": "Clearances changed", "set_crime_types": "Crime types changed", "set_reach": "Reach changed",
    "set_role": "Roles changed", "start": "Started", "submit": "Submitted for approval", "triage": "Triaged",
    "undo": "Edits undone", "unlink": "Links removed", "unmerge": "Merges undone",
    "unrestrict": "Restrictions lifted", "update": "Changed", "view": "Sensitive records viewed",
}


def _words(code: str) -> str:
    return code.replace("_", " ").replace(".", " ").strip().capitalize()


def record_kind_label(entity_type: str) -> str:
    """A kind of record as the trail's filter names it ("assessment" -> "Assessments")."""
    if entity_type in RECORD_KINDS:
        return RECORD_KINDS[entity_type]
    words = _words(entity_type)
    return words if words.endswith("s") else words + "s"


def action_label(action: str) -> str:
    """A kind of action as the trail's filter names it ("nominal.merge" -> "Merges")."""
    head = action.partition(".")[0]
    if head in ACTION_AREAS:
        return ACTION_AREAS[head]
    word = action.rsplit(".", 1)[-1]
    return ACTION_WORDS.get(word) or _words(word)


def grouped(codes: list[str], label: Callable[[str], str]) -> list[tuple[str, list[str]]]:
    """Codes gathered under their readable names, by name: [(name, [code, ...]), ...]."""
    out: dict[str, list[str]] = {}
    for code in codes:
        out.setdefault(label(code), []).append(code)
    return sorted(((name, sorted(c)) for name, c in out.items()), key=lambda item: item[0].lower())


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
        self.action = QComboBox()
        self.action.setAccessibleName("Audit action filter")
        self.action.setToolTip("Which kind of action to show (merges, approvals, exports...)")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Audit record kind filter")
        self.kind.setToolTip("Which kind of record the events are about (assessments, nominals, user accounts...)")
        for combo in (self.action, self.kind):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(16)
        self.record = clearable(QLineEdit(), "Clear record filter")
        self.record.setAccessibleName("Audit record filter")
        self.record.setPlaceholderText("reference, e.g. OCG-2026-0001")
        self.since = OptionalDate("Audit from", None, label="F&rom")
        self.until = OptionalDate("Audit to", None, label="T&o")
        today = clock.today()  # unticked, they still start on sensible days: the last four weeks
        for widget, day in ((self.since, today - dt.timedelta(days=DEFAULT_DAYS)), (self.until, today)):
            widget.edit.setDate(QDate(day.year, day.month, day.day))
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
        for w in (self.user, self.action, self.kind, self.record, self.since, self.until, self.search_button,
                  self.verify_button):
            w.setEnabled(self.allowed)
        top = QHBoxLayout()
        for w in (self.user, self.action, self.kind, self.record):
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
        for edit in (self.user, self.record):
            edit.returnPressed.connect(self.reload)
        for combo in (self.action, self.kind):
            combo.activated.connect(lambda _index: self.reload())
        self.reload()

    def _fill_choices(self) -> None:
        """The kinds of action and of record the trail holds (that this reader may see), keeping the
        current choices."""
        choices = self.ws.read(audit.trail_choices)
        for combo, anything, codes, label in (
                (self.action, "Any action", choices["actions"], action_label),
                (self.kind, "Any kind of record", choices["entity_types"], record_kind_label)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(anything, None)
            for name, group in grouped(codes, label):
                combo.addItem(name, group)
                combo.setItemData(combo.count() - 1, ", ".join(group), Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findText(current), 0))
            combo.blockSignals(False)

    def reload(self) -> None:
        if not self.allowed:
            return
        self._fill_choices()
        rows = self.ws.read(audit.search_events, username=self.user.text() or None,
                            actions=self.action.currentData(), entity_types=self.kind.currentData(),
                            record=self.record.text() or None, since=self.since.value(), until=self.until.value())
        self.table.fill([[show_time(r['at'], seconds=True, utc=True), r["username"], r["action"], r["entity_ref"] or "",
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

