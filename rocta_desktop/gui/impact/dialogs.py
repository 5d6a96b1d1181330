"""The disruption record (with outcomes and contributing agencies, submit, approve or return), a
subject's 4P plan, and a best-practice entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError, ValidationError
from ...domain.fourp import FourP
from ...domain.impact import ActionStatus, DisruptionStatus, ImpactGrade, OutcomeKind
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...domain.users import Permission
from ...services import impact, reference_data, registers
from ...services.permissions import allowed
from ..kit.fields import OptionalDate, combo, date_edit, date_of, marking_combo, row_with_error
from ..kit.names import name_table
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
        self.errors: dict[str, QLabel] = {}
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName("Disruption marking")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Disruption status")
        form = QFormLayout()
        self.subject = SubjectField(ws, "Disrupted subject", d.get("subject_id", subject_id))
        row_with_error(form, "Subject", self.subject, self.errors, "subject_id", "Subject")
        self.occurred = date_edit("Date of the disruption", d.get("occurred_on"))
        row_with_error(form, "&Date", self.occurred, self.errors, "occurred_on", "Date")
        self.four_p = combo("4P category", [(f.label, f.value) for f in FourP], getattr(d.get("four_p"), "value", None))
        row_with_error(form, "&4P", self.four_p, self.errors, "four_p", "4P category")
        self.tactic = QLineEdit(d.get("tactic") or "")
        self.tactic.setAccessibleName("Tactic")
        self.tactic.setPlaceholderText("e.g. warrant, arrests, safeguarding visits, financial investigation")
        row_with_error(form, "&Tactic", self.tactic, self.errors, "tactic", "Tactic")
        self.guidance = ws.read(impact.grade_guidance)
        self.grade = combo("Impact grade", [(g.label, g.value) for g in reversed(ImpactGrade)],
                           getattr(d.get("grade"), "value", "moderate"))
        self.grade_help = QLabel()
        self.grade_help.setObjectName("muted")
        self.grade_help.setWordWrap(True)
        self.grade_help.setAccessibleName("Impact grade guidance")
        row_with_error(form, "&Impact", self.grade, self.errors, "grade", "Impact grade")
        form.addRow("", self.grade_help)
        agencies = ws.read(reference_data.listing, ReferenceData.AGENCY)
        self.lead = combo("Lead agency", [("None", None)] + [(f"{a['code']} {a['name']}", a["id"]) for a in agencies],
                          d.get("lead_agency_id"))
        row_with_error(form, "&Lead agency", self.lead, self.errors, "lead_agency_id", "Lead agency")
        self.agencies = QListWidget()
        self.agencies.setAccessibleName("Contributing agencies")
        self.agencies.setMaximumHeight(100)
        for a in agencies:
            item = QListWidgetItem(f"{a['code']} {a['name']}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a["id"] in d.get("agency_ids", []) else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        row_with_error(form, "C&ontributing", self.agencies, self.errors, "agency_ids", "Contributing agencies")
        self.operation = QLineEdit(d.get("operation") or "")
        self.operation.setAccessibleName("Operation name")
        form.addRow("O&peration", self.operation)
        self.narrative = QPlainTextEdit(d.get("narrative") or "")
        self.narrative.setAccessibleName("Disruption narrative")
        self.narrative.setTabChangesFocus(True)
        self.narrative.setFixedHeight(60)
        form.addRow("&Narrative", self.narrative)
        self.outcomes = QTableWidget(0, 4)
        name_table(self.outcomes, "Outcomes")
        self.outcomes.setHorizontalHeaderLabels(["Outcome", "Quantity", "Unit", "Detail"])
        self.outcomes.horizontalHeader().setStretchLastSection(True)
        self.outcomes.setColumnWidth(0, 200)
        self.outcomes.setMinimumHeight(130)
        orow = QHBoxLayout()
        self.add_outcome = QPushButton("&Add outcome")
        self.add_outcome.setAccessibleName("Add an outcome")
        self.remove_outcome = QPushButton("Remo&ve outcome")
        self.remove_outcome.setAccessibleName("Remove the selected outcome")
        orow.addWidget(self.add_outcome)
        orow.addWidget(self.remove_outcome)
        orow.addStretch(1)
        ocol = QVBoxLayout()
        ocol.addWidget(self.outcomes)
        ocol.addLayout(orow)
        box = QWidget()
        box.setLayout(ocol)
        row_with_error(form, "Outcomes", box, self.errors, "outcomes", "Outcomes")
        self.marking = marking_combo("Disruption protective marking", d.get("marking", Marking.OFFICIAL_SENSITIVE))
        row_with_error(form, "&Marking", self.marking, self.errors, "marking", "Marking")
        if not d:  # a new record starts at least at its subject's marking, as the service requires
            self.subject.changed.connect(self._marking_floor)
            self._marking_floor(self.subject.subject_id)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Review comment")
        self.comment.setPlaceholderText("Review comment (required to return it)")
        self.comment.setFixedHeight(48)
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save disruption")
        self.submit_button = QPushButton("S&ubmit for approval")
        self.submit_button.setObjectName("primary")
        self.submit_button.setAccessibleName("Submit disruption for approval")
        self.approve_button = QPushButton("Appro&ve")
        self.approve_button.setAccessibleName("Approve disruption")
        self.return_button = QPushButton("&Return")
        self.return_button.setAccessibleName("Return disruption for changes")
        close = QPushButton("&Close")
        close.setAccessibleName("Close disruption")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.return_button, self.approve_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.save_button, self.submit_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
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
        self._grade_help()
        self._state()

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
        try:
            if self.disruption_id is None:
                self.disruption_id, _ = self.ws.write("disruption.create", impact.create, self.values())
            else:
                self.ws.write("disruption.update", impact.update, self.disruption_id, self.values())
        except ValidationError as exc:
            widgets = {"subject_id": self.subject, "occurred_on": self.occurred, "four_p": self.four_p,
                       "tactic": self.tactic, "grade": self.grade, "lead_agency_id": self.lead,
                       "agency_ids": self.agencies, "outcomes": self.outcomes, "marking": self.marking}
            for field, label in self.errors.items():
                show_error(label, widgets[field], "; ".join(exc.for_field(field)))
            return False
        except RoctaError as exc:
            self.prompts.warning(self, "Disruption", str(exc))
            return False
        for label in self.errors.values():
            show_error(label, None, "")
        self._reload()
        return True

    def submit(self) -> bool:
        if not self.save():
            return False
        try:
            self.ws.write("disruption.submit", impact.submit, self.disruption_id)
        except RoctaError as exc:
            self.prompts.warning(self, "Disruption", str(exc))
            return False
        self._reload()
        return True

    def decide(self, approve: bool) -> bool:
        try:
            if approve:
                self.ws.write("disruption.approve", impact.approve, self.disruption_id, self.comment.toPlainText())
            else:
                self.ws.write("disruption.return", impact.return_for_changes, self.disruption_id,
                              self.comment.toPlainText())
        except ValidationError:
            self.prompts.warning(self, "Say what needs to change", "Write a comment before returning it.")
            return False
        except RoctaError as exc:
            self.prompts.warning(self, "Disruption", str(exc))
            return False
        self._reload()
        return True

    def _reload(self) -> None:
        self.data = self.ws.read(impact.get, self.disruption_id)
        self._state()
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
        try:
            self.ws.write(action, fn, *args)
        except RoctaError as exc:
            self.prompts.warning(self, "4P plan", str(exc))
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
        try:
            self.practice_id = self.ws.write("practice.save", impact.save_practice, data, self.practice_id)
        except ValidationError as exc:
            for field, label in self.errors.items():
                show_error(label, None, "; ".join(exc.for_field(field)))
            return False
        except RoctaError as exc:
            self.prompts.warning(self, "Best practice", str(exc))
            return False
        self.accept()
        return True

