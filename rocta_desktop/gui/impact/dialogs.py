"""The disruption record (with outcomes and contributing agencies, submit, approve or return), a
subject's 4P plan, and a best-practice entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import ValidationError
from ...domain.fourp import FourP
from ...domain.impact import ActionStatus, DisruptionStatus, ImpactGrade, OutcomeKind
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...domain.users import Permission
from ...services import impact, reference_data, registers
from ...services.permissions import allowed
from ..forms import focusables, in_slot, polish, tab_order
from ..forms.ui_disruption import Ui_DisruptionDialog
from ..kit.fields import OptionalDate, combo, date_of, fill_combo, marking_combo, row_with_error
from ..kit.names import name_table
from ..ops import Runner, ShownBy, changed
from ..prompts import Prompts
from ..search import SearchDialog
from ..security import note_view
from ..style import marking_style
from ..tables import RecordTable
from ..widgets import show_error


class SubjectField(QWidget):
    """The subject a record is about: shown by reference and name, chosen through search."""

    changed = Signal(int)

    def __init__(self, ws: Any, name: str, subject_id: int | None = None):
        super().__init__()
        self.ws, self.subject_id = ws, subject_id
        self.label = QLabel()
        self.label.setAccessibleName(name)
        self.button = QPushButton("C&hoose...")
        self.button.setAccessibleName(f"Choose the {name.lower()}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.button.clicked.connect(lambda: self.choose())
        self.set(subject_id)

    def set(self, subject_id: int | None) -> None:
        self.subject_id = subject_id
        if subject_id is None:
            self.label.setText("none chosen")
        else:
            s = self.ws.read(registers.get_subject, subject_id)
            self.label.setText(f"{s['reference']} {s['name']}")
            self.changed.emit(subject_id)

    def choose(self) -> SearchDialog:
        dialog = SearchDialog(self.ws, self)
        dialog.setWindowTitle("Choose the subject")
        dialog.open_record.connect(lambda _k, sid: self.set(sid))
        dialog.open()
        self.search = dialog
        return dialog


class DisruptionDialog(QDialog):
    changed = Signal(int)

    def __init__(self, ws: Any, disruption_id: int | None = None, *, prompts: Prompts | None = None,
                 subject_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.disruption_id = ws, disruption_id
        self.prompts = prompts or Prompts()
        self.data: dict[str, Any] = ws.read(impact.get, disruption_id) if disruption_id else {}
        if disruption_id:
            note_view(ws, "disruption", disruption_id, self.data["reference"], self.data["marking"])
        d = self.data
        self.setAccessibleName("Disruption")
        self.resize(760, 760)
        self.ui = Ui_DisruptionDialog()
        self.ui.setupUi(self)  # the layout: ui/disruption.ui
        polish(self)
        ui = self.ui
        self.banner, self.status = ui.banner, ui.status
        self.errors: dict[str, QLabel] = {
            "subject_id": ui.subject_id_error, "occurred_on": ui.occurred_on_error, "four_p": ui.four_p_error,
            "tactic": ui.tactic_error, "grade": ui.grade_error, "lead_agency_id": ui.lead_agency_id_error,
            "agency_ids": ui.agency_ids_error, "outcomes": ui.outcomes_error, "marking": ui.marking_error}
        self.subject = in_slot(ui.subject_slot, SubjectField(ws, "Disrupted subject", d.get("subject_id", subject_id)))
        tab_order(*focusables(self.subject), *[w for w in focusables(self) if not self.subject.isAncestorOf(w)])
        self.occurred = ui.occurred
        day = d.get("occurred_on") or clock.today()
        self.occurred.setDate(QDate(day.year, day.month, day.day))
        self.four_p = fill_combo(ui.four_p, [(f.label, f.value) for f in FourP], getattr(d.get("four_p"), "value", None))
        self.tactic = ui.tactic
        self.tactic.setText(d.get("tactic") or "")
        self.guidance = ws.read(impact.grade_guidance)
        self.grade = fill_combo(ui.grade, [(g.label, g.value) for g in reversed(ImpactGrade)],
                                getattr(d.get("grade"), "value", "moderate"))
        self.grade_help = ui.grade_help
        agencies = ws.read(reference_data.listing, ReferenceData.AGENCY)
        self.lead = fill_combo(ui.lead, [("None", None)] + [(f"{a['code']} {a['name']}", a["id"]) for a in agencies],
                               d.get("lead_agency_id"))
        self.agencies = ui.agencies
        for a in agencies:
            item = QListWidgetItem(f"{a['code']} {a['name']}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a["id"] in d.get("agency_ids", []) else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        self.operation, self.narrative = ui.operation, ui.narrative
        self.operation.setText(d.get("operation") or "")
        self.narrative.setPlainText(d.get("narrative") or "")
        self.outcomes = ui.outcomes
        name_table(self.outcomes, "Outcomes")
        self.outcomes.setHorizontalHeaderLabels(["Outcome", "Quantity", "Unit", "Detail"])
        self.outcomes.setColumnWidth(0, 200)
        self.add_outcome, self.remove_outcome = ui.add_outcome, ui.remove_outcome
        self.marking = fill_combo(ui.marking, [(m.value, m) for m in Marking],
                                  d.get("marking", Marking.OFFICIAL_SENSITIVE))
        if not d:  # a new record starts at least at its subject's marking, as the service requires
            self.subject.changed.connect(self._marking_floor)
            self._marking_floor(self.subject.subject_id)
        self.comment = ui.comment
        self.save_button, self.submit_button = ui.save_button, ui.submit_button
        self.approve_button, self.return_button = ui.approve_button, ui.return_button
        ui.close_button.clicked.connect(self.reject)
        for o in d.get("outcomes", []):
            self._add_outcome_row(o)
        self.grade.currentIndexChanged.connect(lambda _i: self._grade_help())
        self.marking.currentIndexChanged.connect(lambda _i: self._state())
        self.add_outcome.clicked.connect(lambda: self._add_outcome_row())
        self.remove_outcome.clicked.connect(lambda: self.outcomes.removeRow(self.outcomes.currentRow()))
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button.clicked.connect(lambda: self.submit())
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.return_button.clicked.connect(lambda: self.decide(False))
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems), title="Disruption",
                          buttons=[self.save_button, self.submit_button])
        self.decisions = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._comment_needed),
                                title="Disruption", buttons=[self.approve_button, self.return_button])
        self._grade_help()
        self._state()
        self.loaded = self.values()  # what an edit is measured against (only changed fields are sent)

    def _grade_help(self) -> None:
        text, own = self.guidance[ImpactGrade(self.grade.currentData())]
        self.grade_help.setText(text if own else f"{text} (set the region's definitions in Impact > Grades)")

    def _add_outcome_row(self, o: dict[str, Any] | None = None) -> None:
        r = self.outcomes.rowCount()
        self.outcomes.insertRow(r)
        kind = combo(f"Outcome {r + 1} kind", [(k.label, k.value) for k in OutcomeKind],
                     getattr((o or {}).get("kind"), "value", None))
        qty = QDoubleSpinBox()
        qty.setRange(0, 1e12)
        qty.setDecimals(2)
        qty.setAccessibleName(f"Outcome {r + 1} quantity")
        qty.setValue((o or {}).get("quantity") or 0)
        unit = QLineEdit((o or {}).get("unit") or "")
        unit.setAccessibleName(f"Outcome {r + 1} unit")
        detail = QLineEdit((o or {}).get("detail") or "")
        detail.setAccessibleName(f"Outcome {r + 1} detail")
        for c, w in enumerate((kind, qty, unit, detail)):
            self.outcomes.setCellWidget(r, c, w)

    def _state(self) -> None:
        d = self.data
        m = self.marking.currentData()
        self.banner.setText(m.value)
        self.banner.setStyleSheet(marking_style(m))
        status: DisruptionStatus | None = d.get("status")
        self.setWindowTitle(f"{d['reference']} \u2014 disruption" if d else "New disruption")
        if status is None:
            self.status.setText("A new disruption: save it as a draft, then submit it for a supervisor's approval.")
        else:
            comment = f" \u2014 {d['review_comment']}" if d.get("review_comment") else ""
            self.status.setText(f"<b>{status.label}</b>{comment}")
        editable = allowed(self.ws.actor, Permission.EDIT_RECORDS) and status in (None, DisruptionStatus.DRAFT,
                                                                                  DisruptionStatus.RETURNED)
        for w in (self.subject, self.occurred, self.four_p, self.tactic, self.grade, self.lead, self.agencies,
                  self.operation, self.narrative, self.outcomes, self.add_outcome, self.remove_outcome, self.marking,
                  self.save_button, self.submit_button):
            w.setEnabled(editable)
        reviewable = (status is DisruptionStatus.SUBMITTED and allowed(self.ws.actor, Permission.APPROVE)
                      and self.ws.actor.user_id not in (d.get("created_by_id"), d.get("submitted_by_id")))
        for w in (self.approve_button, self.return_button, self.comment):
            w.setVisible(status is DisruptionStatus.SUBMITTED)
            w.setEnabled(reviewable)
        if status is DisruptionStatus.SUBMITTED and not reviewable:
            self.approve_button.setToolTip("Another supervisor must review a disruption you recorded or submitted")

    def _marking_floor(self, subject_id: int | None) -> None:
        if subject_id is None:
            return
        floor = self.ws.read(registers.get_subject, subject_id)["marking"]
        if self.marking.currentData().rank < floor.rank:
            self.marking.setCurrentIndex(self.marking.findData(floor))

    def values(self) -> dict[str, Any]:
        outcomes = []
        for r in range(self.outcomes.rowCount()):
            kind, qty, unit, detail = (self.outcomes.cellWidget(r, c) for c in range(4))
            outcomes.append({"kind": kind.currentData(), "quantity": qty.value(), "unit": unit.text(),
                             "detail": detail.text()})
        agencies = [self.agencies.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.agencies.count())
                    if self.agencies.item(i).checkState() == Qt.CheckState.Checked]
        return {"subject_id": self.subject.subject_id, "occurred_on": date_of(self.occurred),
                "four_p": self.four_p.currentData(), "tactic": self.tactic.text(), "grade": self.grade.currentData(),
                "lead_agency_id": self.lead.currentData(), "agency_ids": agencies, "operation": self.operation.text(),
                "narrative": self.narrative.toPlainText(), "marking": self.marking.currentData(), "outcomes": outcomes}

    def save(self) -> bool:
        values = self.values()

        if self.disruption_id is None:
            op = self.ops.write("disruption.create", impact.create, values)
            if op.ok:
                self.disruption_id = op.result[0]
        else:
            ident = self.disruption_id
            op = self.ops.write_edit("disruption.update", impact.update, ident, changed(self.loaded, values),
                                     seen_event=self.data.get("seen_event"),
                                     latest=lambda: self.ws.read(impact.get, ident)["seen_event"])
        if not op.ok:
            return False
        self._reload()
        return True

    def _show_problems(self, exc: ValidationError) -> None:
        widgets = {"subject_id": self.subject, "occurred_on": self.occurred, "four_p": self.four_p,
                   "tactic": self.tactic, "grade": self.grade, "lead_agency_id": self.lead,
                   "agency_ids": self.agencies, "outcomes": self.outcomes, "marking": self.marking}
        for field, label in self.errors.items():
            show_error(label, widgets[field], "; ".join(exc.for_field(field)))

    def submit(self) -> bool:
        if not self.save():
            return False
        if not self.decisions.write("disruption.submit", impact.submit, self.disruption_id).ok:
            return False
        self._reload()
        return True

    def decide(self, approve: bool) -> bool:
        if approve:
            op = self.decisions.write("disruption.approve", impact.approve, self.disruption_id,
                                      self.comment.toPlainText())
        else:
            op = self.decisions.write("disruption.return", impact.return_for_changes, self.disruption_id,
                                      self.comment.toPlainText())
        if not op.ok:
            return False
        self._reload()
        return True

    def _comment_needed(self, exc: ValidationError) -> None:
        if exc.problems:
            self.prompts.warning(self, "Say what needs to change", "Write a comment before returning it.")

    def _reload(self) -> None:
        self.data = self.ws.read(impact.get, self.disruption_id)
        self._state()
        self.loaded = self.values()
        self.changed.emit(self.disruption_id)


class PlanPanel(QWidget):
    """A subject's 4P plan: its owner, and actions under each P with owner, due date and status."""

    def __init__(self, ws: Any, *, prompts: Prompts):
        super().__init__()
        self.ws, self.prompts = ws, prompts
        self.setAccessibleName("4P plan")
        self.subject = SubjectField(ws, "Plan subject")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Plan owner")
        self.owner.setPlaceholderText("Plan owner (person, unit or agency)")
        self.save_button = QPushButton("Sa&ve plan")
        self.save_button.setAccessibleName("Save the plan owner")
        self.actions = RecordTable("Plan actions", ["4P", "Action", "Owner", "Due", "Status"])
        self.four_p = combo("New action 4P", [(f.label, f.value) for f in FourP])
        self.text = QLineEdit()
        self.text.setAccessibleName("New action")
        self.text.setPlaceholderText("What will be done")
        self.action_owner = QLineEdit()
        self.action_owner.setAccessibleName("New action owner")
        self.action_owner.setPlaceholderText("Owner")
        self.due = OptionalDate("New action due", None, label="D&ue")
        self.add_button = QPushButton("A&dd action")
        self.add_button.setAccessibleName("Add the action")
        self.status = combo("Selected action status", [(s.label, s.value) for s in ActionStatus])
        self.status_button = QPushButton("Set s&tatus")
        self.status_button.setAccessibleName("Set the status of the selected action")
        top = QHBoxLayout()
        top.addWidget(self.subject, 2)
        top.addWidget(self.owner, 2)
        top.addWidget(self.save_button)
        add = QHBoxLayout()
        for w, stretch in ((self.four_p, 0), (self.text, 3), (self.action_owner, 1), (self.due, 0), (self.add_button, 0)):
            add.addWidget(w, stretch)
        st = QHBoxLayout()
        st.addStretch(1)
        st.addWidget(self.status)
        st.addWidget(self.status_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.actions, 1)
        layout.addLayout(st)
        layout.addLayout(add)
        self.subject.changed.connect(lambda _sid: self.reload())
        self.save_button.clicked.connect(lambda: self.save())
        self.add_button.clicked.connect(lambda: self.add())
        self.status_button.clicked.connect(lambda: self.set_status())
        self.ops = Runner(self, ws, prompts=prompts, title="4P plan",
                          buttons=[self.save_button, self.add_button, self.status_button])
        self.reload()

    def reload(self) -> None:
        sid = self.subject.subject_id
        plan = self.ws.read(impact.get_plan, sid) if sid else None
        self.owner.setText(plan["owner"] if plan else "")
        actions = plan["actions"] if plan else []
        self.actions.fill([[a["four_p"].label, a["text"], a["owner"], a["due_on"], a["status"].label] for a in actions],
                          [a["id"] for a in actions])
        for w in (self.owner, self.save_button):
            w.setEnabled(sid is not None)
        for w in (self.add_button, self.status_button):
            w.setEnabled(plan is not None)

    def _run(self, action: str, fn: Any, *args: Any) -> bool:
        if not self.ops.write(action, fn, *args).ok:
            return False
        self.reload()
        return True

    def save(self) -> bool:
        return self._run("plan.save", impact.save_plan, self.subject.subject_id, self.owner.text())

    def add(self) -> bool:
        ok = self._run("plan.action", impact.add_action, self.subject.subject_id, self.four_p.currentData(),
                       self.text.text(), self.action_owner.text(), self.due.value())
        if ok:
            self.text.clear()
        return ok

    def set_status(self) -> bool:
        ident = self.actions.current_id()
        return ident is not None and self._run("plan.action_status", impact.set_action_status, ident,
                                               self.status.currentData())


class PracticeDialog(QDialog):
    def __init__(self, ws: Any, practice: dict[str, Any] | None = None, *, prompts: Prompts,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.prompts = ws, prompts
        self.practice_id = practice["id"] if practice else None
        p = practice or {}
        self.setWindowTitle(f"{p['reference']} \u2014 best practice" if practice else "New best practice")
        self.setAccessibleName("Best practice")
        self.resize(640, 520)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        self.title_edit = QLineEdit(p.get("title") or "")
        self.title_edit.setAccessibleName("Best practice title")
        row_with_error(form, "&Title", self.title_edit, self.errors, "title", "Title")
        self.subject = SubjectField(ws, "Threat it was used against", p.get("subject_id"))
        form.addRow("Against", self.subject)
        self.done_edit = QPlainTextEdit(p.get("what_was_done") or "")
        self.done_edit.setAccessibleName("What was done")
        self.done_edit.setTabChangesFocus(True)
        row_with_error(form, "&What was done", self.done_edit, self.errors, "what_was_done", "What was done")
        self.worked = QPlainTextEdit(p.get("what_worked") or "")
        self.worked.setAccessibleName("What worked")
        self.worked.setTabChangesFocus(True)
        form.addRow("What w&orked", self.worked)
        self.contact = QLineEdit(p.get("contact") or "")
        self.contact.setAccessibleName("Who to contact")
        form.addRow("&Contact", self.contact)
        self.tags = QLineEdit(p.get("tags") or "")
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("comma-separated, e.g. MSHT, partners, cash")
        form.addRow("T&ags", self.tags)
        self.marking = marking_combo("Best practice marking", p.get("marking", Marking.OFFICIAL))
        form.addRow("&Marking", self.marking)
        save = QPushButton("&Save")
        save.setObjectName("primary")
        save.setAccessibleName("Save best practice")
        cancel = QPushButton("Ca&ncel")
        cancel.setAccessibleName("Cancel best practice")
        cancel.clicked.connect(self.reject)
        save.clicked.connect(lambda: self.save())
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems), title="Best practice",
                          buttons=[save])
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)

    def save(self) -> bool:
        data = {"title": self.title_edit.text(), "what_was_done": self.done_edit.toPlainText(),
                "what_worked": self.worked.toPlainText(), "contact": self.contact.text(), "tags": self.tags.text(),
                "subject_id": self.subject.subject_id, "marking": self.marking.currentData()}
        op = self.ops.write("practice.save", impact.save_practice, data, self.practice_id)
        if not op.ok:
            return False
        self.practice_id = op.result
        self.accept()
        return True

    def _show_problems(self, exc: ValidationError) -> None:
        for field, label in self.errors.items():
            show_error(label, None, "; ".join(exc.for_field(field)))

