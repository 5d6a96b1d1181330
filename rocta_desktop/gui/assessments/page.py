"""The Assessments area: work in progress and awaiting approval, reviews due or overdue, and
subjects whose MoRiLE and OCGM results disagree. Opens the wizard and the supervisor's review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ...domain.approval import AssessmentStatus
from ...domain.markings import Marking, highest
from ...domain.subjects import SubjectKind
from ...domain.users import Permission
from ...services import assessments
from ...services.permissions import allowed
from ..forms import polish
from ..forms.ui_assessments import Ui_AssessmentsPage
from ..kit.columns import ColumnMenu
from ..kit.dates import show_date, show_time
from ..notifier import ChangeNotifier
from ..ops import Runner
from ..prompts import Prompts
from ..search import SearchDialog
from ..widgets import open_kept
from .calibration import CalibrationPanel
from .moderation import ModerationPanel
from .review import ReviewDialog
from .schemes import SchemesDialog
from .wizard import AssessmentWizard

S = AssessmentStatus
FILTERS: list[tuple[str, tuple[AssessmentStatus, ...] | None]] = [
    ("Open work (drafts and returned)", (S.DRAFT, S.RETURNED)),
    ("Awaiting approval", (S.SUBMITTED,)),
    ("Approved", (S.APPROVED,)),
    ("All assessments", None),
]
WORK_COLUMNS = ["Reference", "Subject", "Name", "Method", "Version", "Status", "Score", "Band", "Priority",
                "Unknown", "Marking", "Updated", "Author"]
#: the work list in a narrow window (1180 pixels wide): these left out first, least important first,
#: until the rest fit (the Columns menu shows them again); these narrowed, cut with an ellipsis and
#: whole in the tooltip, before any is left out (weights: the name keeps the most)
WORK_OPTIONAL = ("Unknown", "Version", "Updated", "Author", "Score")
WORK_FLEXIBLE = {"Name": 1.8, "Band": 1.2, "Status": 1.2, "Author": 1.2}
WORK_FIXED = ("Reference", "Subject", "Name")   # what identifies a row: always shown
WORK_SETTING = "assessments/work_hidden_columns"
DUE_COLUMNS = ["Reference", "Subject", "Name", "Method", "Band", "Priority", "Next review", "Days", "In progress"]
DUE_FLEXIBLE = {"Name": 1.8, "Band": 1.2, "In progress": 1.4}
DISAGREE_COLUMNS = ["Subject", "Name", "MoRiLE", "OCGM", "Why flagged"]
DISAGREE_FLEXIBLE = {"Name": 1.8, "MoRiLE": 1.2, "OCGM": 1.4, "Why flagged": 3.0}
OVERDUE = QColor("#b42318")


def score_text(row: dict[str, Any]) -> str:
    lo, hi = row["score_min"], row["score_max"]
    if lo is None:
        return ""
    return f"{lo:g}" if lo == hi else f"{lo:g}\u2013{hi:g}"


def assessment_window(ws: Any, assessment_id: int, prompts: Prompts, parent: QWidget) -> QWidget:
    """What opening an assessment means for this user: the wizard for a draft or one returned for
    changes (if they may edit), otherwise the review dialog (approve/return, or read-only)."""
    status = ws.read(assessments.get, assessment_id)["status"]
    if status in (S.DRAFT, S.RETURNED) and allowed(ws.actor, Permission.EDIT_RECORDS):
        return AssessmentWizard(ws, assessment_id=assessment_id, prompts=prompts, parent=parent)
    return ReviewDialog(ws, assessment_id, prompts=prompts, parent=parent)


class AssessmentsPage(QWidget):
    marking_changed = Signal(object)
    open_subject = Signal(object, int)  # SubjectKind, id

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Assessments"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Assessments page")
        self.dialogs: list[QWidget] = []
        self.rows: dict[int, dict[str, Any]] = {}

        self.ui = Ui_AssessmentsPage()
        self.ui.setupUi(self)  # the layout: ui/assessments.ui
        polish(self)
        ui = self.ui
        self.new_button, self.schemes_button = ui.new_button, ui.schemes_button
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        self.filter, self.count = ui.filter, ui.count
        for label, _ in FILTERS:
            self.filter.addItem(label)
        if allowed(ws.actor, Permission.APPROVE):
            self.filter.setCurrentIndex(1)  # a supervisor starts with what awaits approval
        self.work, self.due, self.disagree = ui.work, ui.due, ui.disagree
        self.work.configure("Assessments", WORK_COLUMNS)
        self.due.configure("Reviews due", DUE_COLUMNS)
        self.disagree.configure("Method disagreements", DISAGREE_COLUMNS)
        # no list scrolls sideways (#22): the work list leaves columns out while the window is narrow
        self.work.fit_columns(WORK_FLEXIBLE, optional=WORK_OPTIONAL)
        self.columns = ColumnMenu(ui.columns_button, self.work, "assessment list", WORK_SETTING, fixed=WORK_FIXED)
        self.due.fit_columns(DUE_FLEXIBLE)
        self.disagree.fit_columns(DISAGREE_FLEXIBLE)
        self.disagree.setWordWrap(True)  # why a pair is flagged is a sentence: wrapped whole, rows as tall as it
        self.disagree.verticalHeader().setMinimumSectionSize(self.disagree.verticalHeader().defaultSectionSize())
        self.disagree.horizontalHeader().sectionResized.connect(lambda *_: self.disagree.resizeRowsToContents())
        self.open_button, self.reassess_button = ui.open_button, ui.reassess_button
        self.discard_button, self.subject_button = ui.discard_button, ui.subject_button
        self.due_note, self.due_reassess, self.disagree_note = ui.due_note, ui.due_reassess, ui.disagree_note
        self.tabs = ui.tabs
        self.start_ops = Runner(self, ws, prompts=self.prompts, title="Cannot re-assess",
                                buttons=[self.reassess_button, self.due_reassess])
        self.discard_ops = Runner(self, ws, prompts=self.prompts, title="Cannot discard",
                                  buttons=[self.discard_button])
        # consistency of assessment (#25): calibration exercises, and moderation figures
        self.calibration = CalibrationPanel(ws, prompts=self.prompts)
        self.moderation = ModerationPanel(ws)
        self.tabs.addTab(self.calibration, "Ca&libration")
        self.tabs.addTab(self.moderation, "&Moderation" if allowed(ws.actor, Permission.APPROVE)
                         else "My &moderation figures")
        self._panels_stale = {self.calibration: True, self.moderation: True}
        self.calibration.marking_changed.connect(
            lambda m: self.marking_changed.emit(highest([self.marking, m], Marking.OFFICIAL_SENSITIVE)))
        self.tabs.currentChanged.connect(lambda _i: self._show_panel())

        self.new_button.clicked.connect(lambda: self.choose_subject())
        self.schemes_button.clicked.connect(lambda: self.show_schemes())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.choose_subject)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.work.itemActivated.connect(lambda _item: self.open_selected())
        self.work.itemSelectionChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.reassess_button.clicked.connect(lambda: self.reassess(self.work.current_id()))
        self.discard_button.clicked.connect(self.discard_selected)
        self.subject_button.clicked.connect(self._open_subject)
        self.due.itemActivated.connect(lambda _item: self.open_assessment(self.due.current_id()))
        self.due_reassess.clicked.connect(lambda: self.reassess(self.due.current_id()))
        self.disagree.itemActivated.connect(lambda _item: self._open_disagreement())
        notifier.changed.connect(self._on_change)
        self._stale = True  # read when first shown: the lists compare every subject's two methods

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # ------------------------------------------------------------------ data
    def _show_panel(self) -> None:
        panel = self.tabs.currentWidget()
        if self._panels_stale.get(panel):
            self._panels_stale[panel] = False
            panel.refresh()

    def _on_change(self, areas: Any) -> None:
        if {"calibration", "assessment"} & set(areas):
            for panel in self._panels_stale:
                self._panels_stale[panel] = True
            if self.isVisible():
                self._show_panel()
        if {"assessment", "group", "nominal", "vulnerability"} & set(areas):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def refresh(self, today: dt.date | None = None) -> None:
        self._stale = False
        statuses = FILTERS[self.filter.currentIndex()][1]
        rows = self.ws.read(assessments.listing, statuses=statuses)
        self.rows = {r["id"]: r for r in rows}
        self.work.fill([[r["reference"], r["subject_reference"], r["subject_name"], r["method"], r["version"],
                         r["status"].label, score_text(r), r["band"], r["priority"], r["unknown_count"],
                         r["marking"].value, show_time(r["updated_at"]), r["created_by"]] for r in rows],
                       [r["id"] for r in rows])
        self.count.setText(f"{len(rows)} assessment{'s' if len(rows) != 1 else ''}")
        due = self.ws.read(assessments.due_for_review, today=today)
        self.due_rows = {r["id"]: r for r in due}
        self.due.fill([[r["reference"], r["subject_reference"], r["subject_name"], r["method"], r["band"],
                        r["priority"], show_date(r["next_review"]), r["days"], r["in_progress"] or ""]
                       for r in due], [r["id"] for r in due])
        for r in range(self.due.rowCount()):
            if self.due_rows[self.due.item(r, 0).data(Qt.ItemDataRole.UserRole)]["overdue"]:
                for c in range(self.due.columnCount()):
                    self.due.item(r, c).setForeground(QBrush(OVERDUE))
        overdue = sum(1 for r in due if r["overdue"])
        self.due_note.setText(f"{overdue} overdue, {len(due) - overdue} due within 30 days." if due
                              else "No reviews due in the next 30 days.")
        self.tabs.setTabText(1, f"Reviews d&ue ({len(due)})")
        pairs = self.ws.read(assessments.disagreements)
        self.disagree_rows = pairs
        self.disagree.fill([[p.morile["subject_reference"], p.morile["subject_name"],
                             f"{p.morile['band']} ({score_text(p.morile)})", f"{p.ocgm['band']} ({score_text(p.ocgm)})",
                             p.agreement.message] for p in pairs], [p.morile["subject_id"] for p in pairs])
        self.disagree.resizeRowsToContents()
        self.tabs.setTabText(2, f"D&isagreements ({len(pairs)})")
        markings = [r["marking"] for r in rows] + [r["marking"] for r in due]
        self.marking = highest(markings, Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)
        self._update_buttons()

    def show_view(self, view: str) -> None:
        """"work": drafts and returned; "approval": awaiting approval; "due": reviews due and overdue."""
        if view == "due":
            self.tabs.setCurrentIndex(1)
            return
        self.tabs.setCurrentIndex(0)
        self.filter.setCurrentIndex(1 if view == "approval" else 0)

    def _update_buttons(self) -> None:
        row = self.rows.get(self.work.current_id())
        can_edit = allowed(self.ws.actor, Permission.EDIT_RECORDS)
        self.open_button.setEnabled(row is not None)
        self.subject_button.setEnabled(row is not None)
        self.reassess_button.setEnabled(can_edit and row is not None and row["status"] is S.APPROVED)
        self.discard_button.setEnabled(can_edit and row is not None and row["status"] in (S.DRAFT, S.RETURNED))

    # ------------------------------------------------------------------ actions
    def choose_subject(self) -> SearchDialog:
        dialog = SearchDialog(self.ws, self)
        dialog.setWindowTitle("Choose the subject to assess")
        dialog.open_record.connect(lambda _kind, sid: self.new_assessment(sid))
        dialog.open()
        self.dialogs.append(dialog)
        return dialog

    def show_schemes(self) -> QWidget:
        return self._show(SchemesDialog(self.ws, prompts=self.prompts, parent=self))

    def new_assessment(self, subject_id: int) -> AssessmentWizard:
        return self._show(AssessmentWizard(self.ws, subject_id=subject_id, prompts=self.prompts, parent=self))

    def open_assessment(self, assessment_id: int | None) -> QWidget | None:
        if assessment_id is None:
            return None
        return self._show(assessment_window(self.ws, assessment_id, self.prompts, self))

    def open_selected(self) -> QWidget | None:
        return self.open_assessment(self.work.current_id())

    def reassess(self, assessment_id: int | None) -> AssessmentWizard | None:
        data = self.rows.get(assessment_id) or self.due_rows.get(assessment_id)
        if data is None:
            return None
        op = self.start_ops.write("assessment.start", assessments.start, data["subject_id"], data["scheme"])
        if not op.ok:
            return None
        return self._show(AssessmentWizard(self.ws, assessment_id=op.result.id, prompts=self.prompts, parent=self))

    def discard_selected(self) -> None:
        row = self.rows.get(self.work.current_id())
        if row is None or not self.prompts.question(
                self, "Discard draft", f"Discard {row['reference']}? Its answers are lost (the audit trail keeps "
                                       "a record that it existed).", yes="&Discard", no="&Keep"):
            return
        self.discard_ops.write("assessment.discard", assessments.discard, row["id"])  # a refusal: a warning

    def _open_subject(self) -> None:
        row = self.rows.get(self.work.current_id())
        if row is not None:
            self.open_subject.emit(SubjectKind(row["subject_kind"]), row["subject_id"])

    def _open_disagreement(self) -> None:
        sid = self.disagree.current_id()
        pair = next((p for p in self.disagree_rows if p.morile["subject_id"] == sid), None)
        if pair is not None:
            self.open_subject.emit(SubjectKind(pair.morile["subject_kind"]), sid)

    def _show(self, dialog: QWidget) -> Any:
        return open_kept(self.dialogs, dialog)
