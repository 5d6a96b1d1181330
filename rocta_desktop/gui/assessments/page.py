"""The Assessments area: work in progress and awaiting approval, reviews due or overdue, and
subjects whose MoRiLE and OCGM results disagree. Opens the wizard and the supervisor's review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.approval import AssessmentStatus
from ...domain.errors import RoctaError
from ...domain.markings import Marking, highest
from ...domain.subjects import SubjectKind
from ...domain.users import Permission
from ...services import assessments
from ...services.permissions import allowed
from ..kit.dates import show_date, show_time
from ..notifier import ChangeNotifier
from ..prompts import Prompts
from ..search import SearchDialog
from ..tables import RecordTable
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
DUE_COLUMNS = ["Reference", "Subject", "Name", "Method", "Band", "Priority", "Next review", "Days", "In progress"]
DISAGREE_COLUMNS = ["Subject", "Name", "MoRiLE", "OCGM", "Why flagged"]
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

        heading = QLabel("Assessments")
        heading.setObjectName("heading")
        self.new_button = QPushButton("&New assessment...")
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName("New assessment")
        self.new_button.setToolTip("Choose a subject, then a method (Ctrl+N)")
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        self.schemes_button = QPushButton("Sc&hemes...")
        self.schemes_button.setAccessibleName("Assessment schemes")
        self.schemes_button.setToolTip("The schemes on offer; administrators import a ROCU's own scheme here")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.schemes_button)
        top.addWidget(self.new_button)

        self.filter = QComboBox()
        self.filter.setAccessibleName("Show assessments")
        for label, _ in FILTERS:
            self.filter.addItem(label)
        if allowed(ws.actor, Permission.APPROVE):
            self.filter.setCurrentIndex(1)  # a supervisor starts with what awaits approval
        self.count = QLabel()
        self.count.setAccessibleName("Assessment count")
        self.work = RecordTable("Assessments", WORK_COLUMNS)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open selected assessment")
        self.open_button.setToolTip("Continue a draft, review a submitted assessment, or view an approved one (Enter)")
        self.reassess_button = QPushButton("Re-&assess")
        self.reassess_button.setAccessibleName("Re-assess selected subject")
        self.discard_button = QPushButton("&Discard draft")
        self.discard_button.setAccessibleName("Discard selected draft")
        self.subject_button = QPushButton("Open &subject")
        self.subject_button.setAccessibleName("Open the assessed subject")
        work_tab = QWidget()
        wl = QVBoxLayout(work_tab)
        row = QHBoxLayout()
        show = QLabel("S&tatus:")
        show.setBuddy(self.filter)
        row.addWidget(show)
        row.addWidget(self.filter)
        row.addWidget(self.count, 1)
        wl.addLayout(row)
        wl.addWidget(self.work, 1)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.reassess_button, self.discard_button, self.subject_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        wl.addLayout(buttons)

        self.due = RecordTable("Reviews due", DUE_COLUMNS)
        self.due_note = QLabel()
        self.due_note.setAccessibleName("Reviews due summary")
        self.due_reassess = QPushButton("Re-assess &now")
        self.due_reassess.setAccessibleName("Re-assess the subject of the selected review")
        due_tab = QWidget()
        dl = QVBoxLayout(due_tab)
        dl.addWidget(self.due_note)
        dl.addWidget(self.due, 1)
        drow = QHBoxLayout()
        drow.addWidget(self.due_reassess)
        drow.addStretch(1)
        dl.addLayout(drow)

        self.disagree = RecordTable("Method disagreements", DISAGREE_COLUMNS)
        self.disagree_note = QLabel("Subjects whose latest approved MoRiLE and OCGM results are far apart "
                                    "(outlying assessments to review together).")
        self.disagree_note.setWordWrap(True)
        self.disagree_note.setAccessibleName("Method disagreements explanation")
        dis_tab = QWidget()
        xl = QVBoxLayout(dis_tab)
        xl.addWidget(self.disagree_note)
        xl.addWidget(self.disagree, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Assessment lists")
        self.tabs.addTab(work_tab, "&Work")
        self.tabs.addTab(due_tab, "Reviews d&ue")
        self.tabs.addTab(dis_tab, "D&isagreements")
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

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
        try:
            created = self.ws.write("assessment.start", assessments.start, data["subject_id"], data["scheme"])
        except RoctaError as exc:
            self.prompts.warning(self, "Cannot re-assess", str(exc))
            return None
        return self._show(AssessmentWizard(self.ws, assessment_id=created.id, prompts=self.prompts, parent=self))

    def discard_selected(self) -> None:
        row = self.rows.get(self.work.current_id())
        if row is None or not self.prompts.question(
                self, "Discard draft", f"Discard {row['reference']}? Its answers are lost (the audit trail keeps "
                                       "a record that it existed).", yes="&Discard", no="&Keep"):
            return
        try:
            self.ws.write("assessment.discard", assessments.discard, row["id"])
        except RoctaError as exc:
            self.prompts.warning(self, "Cannot discard", str(exc))

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
