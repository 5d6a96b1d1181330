"""New or edit a tasking request. The priority follows the chosen subject's latest approved MoRiLE
priority until the user picks one; the marking starts at least at the subject's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from ...domain.fourp import FourP
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...domain.tasking import PRIORITIES
from ...services import reference_data, tasking
from ..kit.dates import show_date
from ..kit.forms import FormDialog, hint
from ..ops import Op
from ..prompts import Prompts


def combo(name: str, items: list[tuple[str, Any]], current: Any = None, *, none: str | None = "(none)") -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    if none is not None:
        box.addItem(none, None)
    for label, data in items:
        box.addItem(label, data)
    box.setCurrentIndex(max(box.findData(current), 0))
    return box


def owner_items(ws: Any, data: ReferenceData, current: int | None = None) -> list[tuple[str, int]]:
    return [(f"{r['code']} - {r['name']}", r["id"]) for r in ws.read(reference_data.listing, data,
                                                                     include_inactive=True)
            if r["active"] or r["id"] == current]


class RequestDialog(FormDialog):
    """`saved_id` is the request's id after a save."""

    def __init__(self, ws: Any, request_id: int | None = None, *, subject_id: int | None = None,
                 prompts: Prompts, parent: QWidget | None = None):
        self.ws = ws
        self.record: dict[str, Any] = ws.read(tasking.get_request, request_id) if request_id else {}
        r = self.record
        title = f"Tasking request {r['reference']}" if r else "New tasking request"
        intro = (f"Status: {r['status'].label}." + (f" Declined: {r['decline_reason']}" if r.get("decline_reason")
                                                     else "")) if r else \
            "A new request is proposed for the next T&CG, which accepts or declines it."
        super().__init__(title, prompts=prompts, parent=parent, width=560, intro=intro,
                         save_text="&Save", save_name="Save request")
        self.saved_id: int | None = r.get("id")
        self._priority_touched = bool(r)

        subjects = ws.read(tasking.priority_list)
        self.subject_box = QComboBox()
        self.subject_box.setAccessibleName("Subject")
        self.subject_box.setEditable(True)
        self.subject_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.subject_box.addItem("", None)
        for s in subjects:
            self.subject_box.addItem(f"{s['reference']}  {s['name']}", s["subject_id"])
        current = r.get("subject_id", subject_id)
        if current is not None and self.subject_box.findData(current) < 0:
            self.subject_box.addItem(f"{r.get('subject_reference', '')}  {r.get('subject_name', '')}", current)
        self.subject_box.setCurrentIndex(max(self.subject_box.findData(current), 0))
        completer = self.subject_box.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.subject_box.lineEdit().setPlaceholderText("Type a reference or a name")
        self.add_field("subject_id", "S&ubject", self.subject_box)

        self.objective_edit = QPlainTextEdit(r.get("objective", ""))
        self.objective_edit.setAccessibleName("Objective")
        self.objective_edit.setTabChangesFocus(True)
        self.objective_edit.setFixedHeight(64)
        self.objective_edit.setPlaceholderText("What the tasking should achieve")
        self.add_field("objective", "&Objective", self.objective_edit)
        self.requester_edit = QLineEdit(r.get("requester", ""))
        self.requester_edit.setAccessibleName("Requester")
        self.requester_edit.setPlaceholderText("Who asks, e.g. DI Moss, Northshire SOC")
        self.add_field("requester", "Re&quester", self.requester_edit)

        self.unit_box = combo("Owner unit", owner_items(ws, ReferenceData.UNIT, r.get("owner_unit_id")), r.get("owner_unit_id"))
        self.add_field("owner_unit_id", "Owner u&nit", self.unit_box)
        self.force_box = combo("Owner force", owner_items(ws, ReferenceData.FORCE, r.get("owner_force_id")), r.get("owner_force_id"))
        self.add_field("owner_force_id", "Owner &force", self.force_box)
        self.agency_box = combo("Owner agency", owner_items(ws, ReferenceData.AGENCY, r.get("owner_agency_id")),
                                r.get("owner_agency_id"))
        self.add_field("owner_agency_id", "Owner a&gency", self.agency_box)

        self.fourp_box = combo("4P category", [(p.label, p) for p in FourP], r.get("four_p"), none="(choose)")
        self.add_field("four_p", "&4P", self.fourp_box)
        self.priority_box = combo("Priority", [(p, p) for p in PRIORITIES], r.get("priority"), none="(choose)")
        self.priority_hint = QLabel()
        self.priority_hint.setObjectName("muted")
        self.add_field("priority", "&Priority", self.priority_box, self.priority_hint)

        due = r.get("due_date")
        self.due_edit = QLineEdit(show_date(due))
        self.due_edit.setAccessibleName("Due date")
        self.due_edit.setPlaceholderText("DD/MM/YYYY (optional)")
        self.add_field("due_date", "&Due date", self.due_edit)
        self.effort_spin = QSpinBox()
        self.effort_spin.setAccessibleName("Estimated effort")
        self.effort_spin.setRange(0, 99_999)
        self.effort_spin.setSuffix(" hours")
        self.effort_spin.setValue(int(r.get("effort_hours") or 0))
        self.add_field("effort_hours", "&Effort", self.effort_spin, hint("Estimated officer hours."),
                       name="Estimated effort")
        self.outcome_edit = QPlainTextEdit(r.get("outcome") or "")
        self.outcome_edit.setAccessibleName("Outcome")
        self.outcome_edit.setTabChangesFocus(True)
        self.outcome_edit.setFixedHeight(52)
        self.outcome_edit.setPlaceholderText("What the tasking achieved (needed to close it)")
        if r:
            self.add_field("outcome", "Ou&tcome", self.outcome_edit)
        self.marking_box = combo("Protective marking", [(m.value, m) for m in Marking], r.get("marking"),
                                 none="(at least the subject's)")
        self.add_field("marking", "&Marking", self.marking_box, name="Protective marking")
        if r and not r["status"].open:
            for w in self.fields.values():
                w.setEnabled(False)
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(f"A {r['status'].label.lower()} request is kept as it was decided")

        self.subject_box.currentIndexChanged.connect(lambda _i: self._subject_changed())
        self.priority_box.activated.connect(lambda _i: setattr(self, "_priority_touched", True))
        self._subject_changed()
        self.subject_box.setFocus()
        self._refit()

    def _subject_changed(self) -> None:
        sid = self.subject_box.currentData()
        default = self.ws.read(tasking.default_priority, sid) if sid is not None else None
        self.priority_hint.setText(f"Latest approved MoRiLE priority: {default}" if default else
                                   "No approved MoRiLE priority for this subject: choose one." if sid else "")
        if not self._priority_touched:
            self.priority_box.setCurrentIndex(max(self.priority_box.findData(default), 0))

    def values(self) -> dict[str, Any]:
        data = {"subject_id": self.subject_box.currentData(), "objective": self.objective_edit.toPlainText(),
                "requester": self.requester_edit.text(), "owner_unit_id": self.unit_box.currentData(),
                "owner_force_id": self.force_box.currentData(), "owner_agency_id": self.agency_box.currentData(),
                "four_p": self.fourp_box.currentData() or "", "priority": self.priority_box.currentData() or "",
                "due_date": self.due_edit.text().strip(), "effort_hours": self.effort_spin.value() or None}
        if self.record:
            data["outcome"] = self.outcome_edit.toPlainText()
        if self.marking_box.currentData() is not None:
            data["marking"] = self.marking_box.currentData()
        return data

    def changes(self) -> dict[str, Any]:
        """The fields changed here (what an edit sends, with the version loaded)."""
        return {k: v for k, v in self.values().items() if v != self.record.get(k) and not (
            k == "due_date" and v == show_date(self.record["due_date"]))
            and not (k == "outcome" and (v or None) == self.record.get("outcome"))}

    def run_submit(self) -> Op:
        if not self.record:
            op = self.ops.write("tasking.create", tasking.create_request, self.values())
            if op.ok:
                self.saved_id = op.result.id
            return op
        ident = self.record["id"]
        return self.ops.write_edit("tasking.update", tasking.update_request, ident, self.changes(),
                                   seen_event=self.record.get("seen_event"),
                                   latest=lambda: self.ws.read(tasking.get_request, ident)["seen_event"])
