"""A supervisor's review of a submitted assessment: read the result, how it was reached and the
rationale, then approve it or return it with comments. Also a read-only view of any assessment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.approval import AssessmentStatus
from ...domain.errors import ValidationError
from ...domain.schemes.scoring import parse_answers
from ...domain.users import Permission
from ...services import assessments
from ...services.permissions import allowed
from ..kit.dates import show_date
from ..ops import Runner, ShownBy
from ..prompts import Prompts
from ..security import note_view
from ..style import marking_style
from .render import result_html


class ReviewDialog(QDialog):
    decided = Signal(int, str)  # assessment id, "approved" / "returned"

    def __init__(self, ws: Any, assessment_id: int, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.assessment_id = ws, assessment_id
        self.prompts = prompts or Prompts()
        data = ws.read(assessments.get, assessment_id)
        self.data = data
        note_view(ws, "assessment", assessment_id, data["reference"], data["marking"])
        self.setWindowTitle(f"{data['reference']} \u2014 {data['method']} assessment of {data['subject_reference']}")
        self.setAccessibleName("Assessment review")
        self.resize(860, 680)
        layout = QVBoxLayout(self)
        facts = [f"<b>{data['subject_reference']}</b> {data['subject_name']}",
                 f"{data['scheme']} \u00b7 version {data['version']} \u00b7 {data['status'].label}",
                 f"written by {data['created_by'] or 'unknown'}"]
        if data["submitted_by"]:
            facts.append(f"submitted by {data['submitted_by']}")
        if data["reviewed_by"]:
            facts.append(f"reviewed by {data['reviewed_by']}")
        if data["next_review"]:
            facts.append(f"next review {show_date(data['next_review'])}")
        banner = QLabel(data["marking"].value)
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setStyleSheet(marking_style(data["marking"]))
        banner.setAccessibleName("Protective marking")
        layout.addWidget(banner)
        header = QLabel(" \u00b7 ".join(facts))
        header.setWordWrap(True)
        header.setAccessibleName("Assessment details")
        layout.addWidget(header)
        self.report = QTextBrowser()
        self.report.setAccessibleName("Assessment result and explanation")
        previous = None
        if data.get("previous_reference"):  # a re-assessment: the supervisor compares it with the last approved
            previous = (data["previous_reference"], parse_answers(data["result"].scheme, data["previous_answers"]))
        self.report.setHtml(result_html(data["result"], data["answers"], summary=data["summary"], previous=previous))
        layout.addWidget(self.report, 1)
        if data["review_comment"]:
            previous = QLabel(f"Review comment: {data['review_comment']}")
            previous.setWordWrap(True)
            previous.setAccessibleName("Previous review comment")
            layout.addWidget(previous)

        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Review comment")
        self.comment.setPlaceholderText("Comment: required when returning the assessment for changes")
        self.comment.setFixedHeight(64)
        self.comment.setTabChangesFocus(True)
        self.approve_button = QPushButton("&Approve")
        self.approve_button.setObjectName("primary")
        self.approve_button.setAccessibleName("Approve assessment")
        self.return_button = QPushButton("&Return for changes")
        self.return_button.setAccessibleName("Return assessment for changes")
        close = QPushButton("&Close")
        close.setAccessibleName("Close review")
        close.clicked.connect(self.reject)
        self.reason = QLabel()
        self.reason.setObjectName("muted")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Why review is not available")

        reviewable, why = self._reviewable()
        if data["status"] is AssessmentStatus.SUBMITTED:
            layout.addWidget(self.comment)
        else:
            self.comment.hide()
        self.approve_button.setEnabled(reviewable)
        self.return_button.setEnabled(reviewable)
        self.reason.setText(why)
        self.reason.setVisible(bool(why))
        layout.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.return_button, self.approve_button, close):
            row.addWidget(b)
        layout.addLayout(row)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_for_changes)
        buttons = [self.approve_button, self.return_button]
        self.approving = Runner(self, ws, prompts=self.prompts, title="Cannot approve", buttons=buttons)
        self.returning = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._comment_needed),
                                title="Cannot return", buttons=buttons)

    def _reviewable(self) -> tuple[bool, str]:
        data, actor = self.data, self.ws.actor
        if data["status"] is not AssessmentStatus.SUBMITTED:
            return False, ""
        if not allowed(actor, Permission.APPROVE):
            return False, "Only a supervisor can approve or return an assessment."
        if actor.user_id in (data["created_by_id"], data["submitted_by_id"]):
            return False, "You wrote or submitted this assessment: another supervisor must review it."
        return True, ""

    def approve(self) -> None:
        op = self.approving.write("assessment.approve", assessments.approve, self.assessment_id,
                                  self.comment.toPlainText())
        if not op.ok:
            return
        when = op.result
        self.prompts.information(self, "Approved", f"{self.data['reference']} is approved. "
                                                   f"Next review: {show_date(when)}.")
        self.decided.emit(self.assessment_id, "approved")
        self.accept()

    def return_for_changes(self) -> None:
        if not self.returning.write("assessment.return", assessments.return_for_changes, self.assessment_id,
                                    self.comment.toPlainText()).ok:
            return
        self.decided.emit(self.assessment_id, "returned")
        self.accept()

    def _comment_needed(self, exc: ValidationError) -> None:
        if exc.problems:  # the only thing to check when returning: the comment the analyst is to act on
            self.prompts.warning(self, "Say what needs to change",
                                 "Write a comment for the analyst before returning the assessment.")
            self.comment.setFocus()
