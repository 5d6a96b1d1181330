"""The Collection plan area: intelligence requirements, the agencies tasked with each and their
responses, and the gaps view (who has not answered what, overdue first)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.intel import RequirementPriority, RequirementStatus, ResponseAnswers
from ...domain.markings import Marking, highest
from ...domain.reference import ReferenceData
from ...domain.users import Permission
from ...services import audit, collection, reference_data, registers
from ...services.permissions import allowed
from ..forms import polish
from ..forms.ui_requirement import Ui_RequirementDialog
from ..kit.columns import ColumnMenu
from ..kit.dates import show_date
from ..kit.fields import (
    GradingFields,
    combo,
    date_edit,
    date_of,
    fill_combo,
    marking_combo,
    row_with_error,
)
from ..kit.history import history_table
from ..notifier import ChangeNotifier
from ..ops import Runner, ShownBy, changed
from ..prompts import Prompts
from ..search import SearchDialog
from ..security import note_view
from ..style import marking_style
from ..tables import RecordTable
from ..widgets import clearable, count_row, open_kept, page_top, show_error, show_row

S = RequirementStatus
FILTERS: list[tuple[str, tuple[RequirementStatus, ...] | None]] = [
    ("Live (open or partly answered)", (S.OPEN, S.PARTLY_ANSWERED)),
    ("Answered", (S.ANSWERED,)),
    ("Closed or lapsed", (S.CLOSED, S.LAPSED)),
    ("All requirements", None),
]
COLUMNS = ["Reference", "Question", "Priority", "Owner", "Due", "Status", "Tasked", "Awaiting", "Marking"]
#: never scrolled sideways (#22): the question and owner are cut (whole in their tooltips), and
#: while the window is too narrow the counts go first; the person may choose (Columns)
FLEXIBLE = {"Question": 3.0, "Owner": 1.2, "Status": 1.0}
OPTIONAL = ("Awaiting", "Tasked")
FIXED = ("Reference", "Question")
COLUMNS_SETTING = "requirements/hidden_columns"
GAP_COLUMNS = ["Reference", "Question", "Priority", "Agency awaited", "Due", "Days overdue", "Owner"]
OVERDUE = QColor("#b42318")


class ResponseDialog(QDialog):
    """One tasked agency's response to a requirement."""

    def __init__(self, ws: Any, requirement: dict[str, Any], *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.requirement, self.prompts = ws, requirement, prompts
        self.setWindowTitle(f"Response to {requirement['reference']}")
        self.setAccessibleName("Requirement response")
        self.resize(620, 560)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        self.agency = combo("Responding agency", list(zip(requirement["agencies"], requirement["agency_ids"])))
        row_with_error(form, "&Agency", self.agency, self.errors, "agency_id", "Responding agency")
        self.received = date_edit("Response received")
        row_with_error(form, "&Received", self.received, self.errors, "received_on", "Response received")
        self.answers = combo("Does it answer the requirement", [("Choose...", None)] +
                             [(a.label, a.value) for a in ResponseAnswers])
        row_with_error(form, "A&nswers it?", self.answers, self.errors, "answers", "Answers")
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Response summary")
        self.summary.setTabChangesFocus(True)
        row_with_error(form, "&Summary", self.summary, self.errors, "summary", "Response summary")
        self.grading = GradingFields("Response")
        form.addRow("Grading (3x5x2)", self.grading)
        self.marking = marking_combo("Response protective marking", requirement["marking"])
        form.addRow("&Marking", self.marking)
        save = QPushButton("&Record response")
        save.setObjectName("primary")
        save.setAccessibleName("Record response")
        cancel = QPushButton("&Cancel")
        cancel.setAccessibleName("Cancel response")
        cancel.clicked.connect(self.reject)
        save.clicked.connect(self.save)
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems), title="Response",
                          buttons=[save])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def values(self) -> dict[str, Any]:
        return {"agency_id": self.agency.currentData(), "received_on": date_of(self.received),
                "answers": self.answers.currentData(), "summary": self.summary.toPlainText(),
                "marking": self.marking.currentData(), **self.grading.values()}

    def save(self) -> bool:
        op = self.ops.write("requirement.response", collection.add_response, self.requirement["id"], self.values())
        if not op.ok:
            return False
        self.accept()
        return True

    def _show_problems(self, exc: ValidationError) -> None:
        widgets = {"agency_id": self.agency, "received_on": self.received, "answers": self.answers,
                   "summary": self.summary}
        for field, label in self.errors.items():
            show_error(label, widgets[field], "; ".join(exc.for_field(field)))
        self.grading.show_problems(exc)


class RequirementDialog(QDialog):
    changed = Signal(int)

    def __init__(self, ws: Any, requirement_id: int | None = None, *, prompts: Prompts | None = None,
                 subject_ids: list[int] | None = None, assessment_id: int | None = None, question: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.requirement_id, self.assessment_id = ws, requirement_id, assessment_id
        self.prompts = prompts or Prompts()
        self.windows: list[QWidget] = []
        self.data: dict[str, Any] = ws.read(collection.get, requirement_id) if requirement_id else {}
        if requirement_id:
            note_view(ws, "requirement", requirement_id, self.data["reference"], self.data["marking"])
        self.subject_ids: list[int] = list(self.data.get("subject_ids", subject_ids or []))
        self.setAccessibleName("Intelligence requirement")
        self.resize(780, 700)
        self.ui = Ui_RequirementDialog()
        self.ui.setupUi(self)  # the layout: ui/requirement.ui
        polish(self)
        ui = self.ui
        d = self.data
        self.banner, self.status = ui.banner, ui.status
        self.errors: dict[str, QLabel] = {
            "question": ui.question_error, "themes": ui.themes_error, "priority": ui.priority_error,
            "owner": ui.owner_error, "due_on": ui.due_on_error, "agency_ids": ui.agency_ids_error,
            "subject_ids": ui.subject_ids_error, "marking": ui.marking_error}
        self.question, self.themes, self.owner = ui.question, ui.themes, ui.owner
        self.question.setPlainText(d.get("question") or question)
        self.themes.setText(d.get("themes") or "")
        self.priority = fill_combo(ui.priority, [(p.label, p.value) for p in RequirementPriority],
                                   getattr(d.get("priority"), "value", "medium"))
        self.owner.setText(d.get("owner") or "")
        self.due = ui.due
        self.due.configure("Requirement due date", d.get("due_on"), label="Due by")
        self.agencies = ui.agencies
        tasked = set(d.get("agency_ids", []))
        for a in ws.read(reference_data.listing, ReferenceData.AGENCY):
            item = QListWidgetItem(f"{a['code']} {a['name']}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if a["id"] in tasked else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        self.subjects, self.add_subject, self.remove_subject = ui.subjects, ui.add_subject, ui.remove_subject
        self.marking = fill_combo(ui.marking, [(m.value, m) for m in Marking],
                                  d.get("marking", Marking.OFFICIAL_SENSITIVE))

        self.tabs = ui.tabs
        self.responses, self.awaiting, self.response_button = ui.responses, ui.awaiting, ui.response_button
        self.responses.configure("Responses", ["Agency", "Received", "Grading", "Answers it?", "Summary"])
        self.responses_tab = ui.responses_tab  # a tab once the requirement exists
        if requirement_id:
            self.tabs.addTab(history_table(ws.read(audit.history, "requirement", requirement_id),
                                           "Requirement history"), "Histor&y")
        else:
            self.tabs.removeTab(self.tabs.indexOf(self.responses_tab))

        self.save_button, self.close_req = ui.save_button, ui.close_req
        self.lapse_req, self.reopen_req = ui.lapse_req, ui.reopen_req
        ui.done_button.clicked.connect(self.reject)

        self.add_subject.clicked.connect(lambda: self.choose_subject())
        self.remove_subject.clicked.connect(self._remove_subject)
        self.save_button.clicked.connect(self.save)
        self.response_button.clicked.connect(lambda: self.record_response())
        self.close_req.clicked.connect(lambda: self._set_status(S.CLOSED))
        self.lapse_req.clicked.connect(lambda: self._set_status(S.LAPSED))
        self.reopen_req.clicked.connect(lambda: self._set_status(S.OPEN))
        self.marking.currentIndexChanged.connect(lambda _i: self._banner())
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems),
                          title="Intelligence requirement", buttons=[self.save_button])
        # closing, lapsing and reopening: nothing of the form to point at, so any refusal is a warning
        self.status_ops = Runner(self, ws, prompts=self.prompts, title="Requirement",
                                 buttons=[self.close_req, self.lapse_req, self.reopen_req])
        self._fill_subjects()
        self._state()
        self.loaded = self.values()  # what an edit is measured against (only changed fields are sent)

    # ------------------------------------------------------------------ state
    def _banner(self) -> None:
        m = self.marking.currentData()
        self.banner.setText(m.value)
        self.banner.setStyleSheet(marking_style(m))

    def _state(self) -> None:
        d = self.data
        self._banner()
        status: RequirementStatus | None = d.get("status")
        can_edit = allowed(self.ws.actor, Permission.EDIT_RECORDS)
        editable = can_edit and (status is None or status.live or status is S.ANSWERED)
        self.setWindowTitle(f"{d['reference']} \u2014 intelligence requirement" if d else "New intelligence requirement")
        if status is None:
            raised = " It will be linked to the low-confidence assessment it comes from." if self.assessment_id else ""
            self.status.setText("A new requirement for the collection plan." + raised)
        else:
            due = f", due {show_date(d['due_on'])}" if d["due_on"] else ""
            overdue = " \u2014 <b>overdue</b>" if d["overdue"] else ""
            from_assessment = f"; raised from {d['assessment_reference']}" if d.get("assessment_reference") else ""
            reason = f" ({d['status_reason']})" if d.get("status_reason") else ""
            self.status.setText(f"<b>{status.label}</b>{reason}{due}{overdue}{from_assessment}")
            self.responses.fill([[r["agency"], show_date(r['received_on']), r["grading"], r["answers"].label,
                                  r["summary"]] for r in d["responses"]], list(range(len(d["responses"]))))
            self.awaiting.setText("Responded: " + (", ".join(d["responded"]) or "none") +
                                  " \u00b7 Awaited: " + (", ".join(d["awaiting"]) or "none"))
        for w in (self.question, self.themes, self.priority, self.owner, self.due, self.agencies, self.add_subject,
                  self.remove_subject, self.marking, self.save_button):
            w.setEnabled(editable)
        self.response_button.setEnabled(editable and status is not None)
        self.close_req.setEnabled(can_edit and status is not None and status in (S.OPEN, S.PARTLY_ANSWERED, S.ANSWERED))
        self.lapse_req.setEnabled(can_edit and status is not None and status.live)
        self.reopen_req.setEnabled(can_edit and status in (S.CLOSED, S.LAPSED))

    def _fill_subjects(self) -> None:
        self.subjects.clear()
        for sid in self.subject_ids:
            s = self.ws.read(registers.get_subject, sid)
            item = QListWidgetItem(f"{s['reference']} {s['name']}")
            item.setData(Qt.ItemDataRole.UserRole, sid)
            self.subjects.addItem(item)

    def choose_subject(self) -> SearchDialog:
        dialog = SearchDialog(self.ws, self)
        dialog.setWindowTitle("Link a subject to the requirement")
        dialog.open_record.connect(lambda _kind, sid: self._add_subject(sid))
        dialog.open()
        self.windows.append(dialog)
        return dialog

    def _add_subject(self, subject_id: int) -> None:
        if subject_id not in self.subject_ids:
            self.subject_ids.append(subject_id)
            self._fill_subjects()

    def _remove_subject(self) -> None:
        item = self.subjects.currentItem()
        if item is not None:
            self.subject_ids.remove(item.data(Qt.ItemDataRole.UserRole))
            self._fill_subjects()

    # ------------------------------------------------------------------ actions
    def values(self) -> dict[str, Any]:
        agencies = [self.agencies.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.agencies.count())
                    if self.agencies.item(i).checkState() == Qt.CheckState.Checked]
        return {"question": self.question.toPlainText(), "themes": self.themes.text(),
                "priority": self.priority.currentData(), "owner": self.owner.text(), "due_on": self.due.value(),
                "marking": self.marking.currentData(), "agency_ids": agencies, "subject_ids": self.subject_ids}

    def save(self) -> bool:
        values = self.values()

        if self.requirement_id is None:
            op = self.ops.write("requirement.create", collection.create, values, assessment_id=self.assessment_id)
            if op.ok:
                self.requirement_id = op.result[0]
        else:
            ident = self.requirement_id
            op = self.ops.write_edit("requirement.update", collection.update, ident, changed(self.loaded, values),
                                     seen_event=self.data.get("seen_event"),
                                     latest=lambda: self.ws.read(collection.get, ident)["seen_event"])
        if not op.ok:
            return False
        self._reload()
        return True

    def _show_problems(self, exc: ValidationError) -> None:
        widgets = {"question": self.question, "themes": self.themes, "priority": self.priority,
                   "owner": self.owner, "due_on": self.due, "agency_ids": self.agencies,
                   "subject_ids": self.subjects, "marking": self.marking}
        for field, label in self.errors.items():
            show_error(label, widgets[field], "; ".join(exc.for_field(field)))

    def _reload(self) -> None:
        self.data = self.ws.read(collection.get, self.requirement_id)
        if self.tabs.count() == 1:  # first save: the responses and history tabs appear
            self.tabs.addTab(self.responses_tab, "Respo&nses")
        self._state()
        self.loaded = self.values()
        self.changed.emit(self.requirement_id)

    def record_response(self) -> ResponseDialog:
        dialog = ResponseDialog(self.ws, self.data, prompts=self.prompts, parent=self)
        dialog.accepted.connect(self._reload)
        self.windows.append(dialog)
        dialog.open()
        return dialog

    def _set_status(self, status: RequirementStatus) -> None:
        verb = {S.CLOSED: "closed", S.LAPSED: "lapsed", S.OPEN: "reopened"}[status]
        reason = self.prompts.ask_text(self, "Requirement", f"Why is {self.data['reference']} being {verb}?")
        if not reason:
            return
        if not self.status_ops.write(f"requirement.{status.value}", collection.set_status, self.requirement_id,
                                     status, reason).ok:
            return
        self._reload()


class CollectionPage(QWidget):
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Collection plan"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Collection plan page")
        self.dialogs: list[QWidget] = []
        self.new_button = QPushButton("&New requirement...")
        self.new_button.setAccessibleName("New intelligence requirement")
        self.new_button.setToolTip("Raise a requirement and task agencies with it (Ctrl+N)")
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        top = page_top("Intelligence collection plan", self.new_button)
        self.filter = combo("Show requirements", [(label, i) for i, (label, _) in enumerate(FILTERS)])
        self.text = clearable(QLineEdit(), "Clear requirement filter")
        self.text.setAccessibleName("Filter requirements")
        self.text.setPlaceholderText("Filter: reference, question, themes, owner, agency")
        self.table = RecordTable("Intelligence requirements", COLUMNS)
        self.table.fit_columns(FLEXIBLE, optional=OPTIONAL)
        self.columns_button = QPushButton("Co&lumns")
        self.columns_button.setAccessibleName("Choose requirement list columns")
        self.columns = ColumnMenu(self.columns_button, self.table, "requirement list", COLUMNS_SETTING, fixed=FIXED)
        self.count = QLabel()
        self.count.setAccessibleName("Requirement count")
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open selected requirement")
        req_tab = QWidget()
        rl = QVBoxLayout(req_tab)
        filters = show_row(self.filter, self.text)
        filters.addWidget(self.columns_button)
        rl.addLayout(filters)
        rl.addWidget(self.table, 1)
        rl.addLayout(count_row(self.count, self.open_button))
        self.gaps = RecordTable("Collection gaps", GAP_COLUMNS)
        self.gaps_note = QLabel()
        self.gaps_note.setAccessibleName("Collection gaps summary")
        gaps_tab = QWidget()
        gl = QVBoxLayout(gaps_tab)
        gl.addWidget(self.gaps_note)
        gl.addWidget(self.gaps, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Collection plan views")
        self.tabs.addTab(req_tab, "&Requirements")
        self.tabs.addTab(gaps_tab, "&Gaps")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.new_button.clicked.connect(lambda: self.new_requirement())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_requirement)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.text.textChanged.connect(lambda _t: self.refresh())
        self.table.itemActivated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.gaps.itemActivated.connect(lambda _i: self.open_requirement(self.gaps.current_id()))
        notifier.changed.connect(lambda areas: self.refresh() if {"requirement", "agency"} & set(areas) else None)
        self.refresh()

    def refresh(self) -> None:
        rows = self.ws.read(collection.listing, statuses=FILTERS[self.filter.currentIndex()][1])
        needle = self.text.text().strip().casefold()
        if needle:
            rows = [r for r in rows if needle in " ".join([r["reference"], r["question"], r["themes"] or "", r["owner"],
                                                           *r["agencies"]]).casefold()]
        self.table.fill([[r["reference"], r["question"], r["priority"].label, r["owner"],
                          show_date(r['due_on']) if r["due_on"] else "", r["status"].label,
                          ", ".join(r["agencies"]), ", ".join(r["awaiting"]), r["marking"].value] for r in rows],
                        [r["id"] for r in rows])
        self.count.setText(f"{len(rows)} requirement{'s' if len(rows) != 1 else ''}")
        gaps = self.ws.read(collection.gaps)
        self.gaps.fill([[g["reference"], g["question"], g["priority"].label, g["agency"],
                         show_date(g['due_on']) if g["due_on"] else "", g["days_overdue"], g["owner"]]
                        for g in gaps], [g["id"] for g in gaps])
        for r in range(self.gaps.rowCount()):
            if int(self.gaps.item(r, 5).data(Qt.ItemDataRole.DisplayRole) or 0) > 0:
                for c in range(self.gaps.columnCount()):
                    self.gaps.item(r, c).setForeground(QBrush(OVERDUE))
        overdue = sum(1 for g in gaps if g["overdue"])
        self.gaps_note.setText(f"{len(gaps)} awaited response{'s' if len(gaps) != 1 else ''}, {overdue} overdue."
                               if gaps else "No gaps: every live requirement has its responses.")
        self.tabs.setTabText(1, f"&Gaps ({len(gaps)})")
        self.marking = highest([r["marking"] for r in rows], Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)

    def show_view(self, view: str) -> None:
        """"gaps": the gaps view (open requirements by agency awaited, overdue first); else the live list."""
        if view == "gaps":
            self.tabs.setCurrentIndex(1)
        else:
            self.tabs.setCurrentIndex(0)
            self.filter.setCurrentIndex(0)

    def _show(self, dialog: QDialog) -> QDialog:
        return open_kept(self.dialogs, dialog)

    def new_requirement(self, **prefill: Any) -> RequirementDialog:
        return self._show(RequirementDialog(self.ws, prompts=self.prompts, parent=self, **prefill))

    def open_requirement(self, requirement_id: int | None) -> RequirementDialog | None:
        if requirement_id is None:
            return None
        return self._show(RequirementDialog(self.ws, requirement_id, prompts=self.prompts, parent=self))

    def open_selected(self) -> RequirementDialog | None:
        return self.open_requirement(self.table.current_id())
