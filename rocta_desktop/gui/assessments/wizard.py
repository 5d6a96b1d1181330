"""The assessment wizard: pick the scheme, one page per section, a review page, and a live summary
of the running totals beside every page. Save as draft at any point; submit for approval at the end.
An assessment a supervisor returned shows who returned it, when and why at the top of every page.

Every number shown is computed by the domain (`domain/schemes/scoring.py`) from the answers on
screen; saving stores the answers and the service recomputes the same result.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...domain.approval import AssessmentStatus
from ...domain.errors import ValidationError
from ...domain.markings import Marking
from ...domain.schemes import Answer, Factor, FactorKind, Scheme, parse_answers, score
from ...domain.schemes.explain import headline, unknown_note
from ...domain.schemes.expressions import format_interval
from ...services import assessments, prefill, registers
from ...services.guidance import guidance_for
from .. import screens
from ..kit.dates import show_date
from ..ops import Runner, ShownBy
from ..prompts import Prompts
from ..security import note_view
from ..style import marking_style
from .level import ManagementLevelBox
from .render import result_html

UNKNOWN = "Unknown"
SCHEME_PAGE, FIRST_SECTION = 0, 1
RETURNED_STYLE = ("background: #fef0c7; color: #7a2e0e; border: 1px solid #f5b544; border-left: 5px solid #dc6803;"
                  " border-radius: 4px; padding: 8px 10px;")


def _wrap(text: str, name: str | None = None, object_name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    if object_name:
        label.setObjectName(object_name)
    return label


class FactorWidget(QFrame):
    """One factor: its levels (or options, or a number) with guidance, 'unknown', and a rationale."""

    changed = Signal()

    def __init__(self, factor: Factor, parent: QWidget | None = None, *, guidance: Any = None):
        super().__init__(parent)
        self.factor = factor
        examples = dict(getattr(guidance, "examples", None) or {})  # the shipped worked guidance (#25)
        self.setObjectName("card")
        self.setAccessibleName(f"Factor {factor.title}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        title = _wrap(factor.title, object_name="subheading")
        layout.addWidget(title)
        if factor.guidance:
            layout.addWidget(_wrap(factor.guidance, object_name="muted"))
        if getattr(guidance, "guidance", ""):
            layout.addWidget(_wrap(guidance.guidance, f"Guidance for {factor.title}", "muted"))
        self.unknown: QAbstractButton | None = None
        self.suggestion: dict[str, Any] | None = None
        self.buttons: dict[str, QAbstractButton] = {}
        self.unchanged = _wrap("", f"{factor.title} unchanged", "muted")
        self.unchanged.hide()
        if factor.kind is FactorKind.LEVEL:
            self.group = QButtonGroup(self)
            for level in factor.levels:
                button = QRadioButton(f"{level.label}  ({format_interval_value(level.value)})")
                button.setAccessibleName(f"{factor.title}: {level.label}")
                example = examples.get(level.key, "")
                hint = " ".join(t for t in (level.guidance, f"Example: {example}" if example else "") if t)
                if hint:
                    button.setToolTip(hint)
                    button.setAccessibleDescription(hint)
                self._level_row(layout, button, level.guidance, example)
                self.group.addButton(button)
                self.buttons[level.key] = button
            if factor.unknown_allowed:
                self.unknown = QRadioButton("Unknown: not enough information to answer")
                self.unknown.setAccessibleName(f"{factor.title}: {UNKNOWN}")
                self.group.addButton(self.unknown)
                layout.addWidget(self.unknown)
            self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        elif factor.kind is FactorKind.MULTI:
            for option in factor.options:
                box = QCheckBox(f"{option.label}  (weight {option.weight:g})")
                box.setAccessibleName(f"{factor.title}: {option.label}")
                example = examples.get(option.key, "")
                hint = " ".join(t for t in (option.guidance, f"Example: {example}" if example else "") if t)
                if hint:
                    box.setToolTip(hint)
                    box.setAccessibleDescription(hint)
                box.toggled.connect(self._option_toggled)
                layout.addWidget(box)
                self.buttons[option.key] = box
            self.none_box = QCheckBox("None of these")
            self.none_box.setAccessibleName(f"{factor.title}: none of these")
            self.none_box.toggled.connect(self._exclusive_toggled)
            layout.addWidget(self.none_box)
            if factor.unknown_allowed:
                self.unknown = QCheckBox("Unknown: not enough information to answer")
                self.unknown.setAccessibleName(f"{factor.title}: {UNKNOWN}")
                self.unknown.toggled.connect(self._exclusive_toggled)
                layout.addWidget(self.unknown)
        else:
            row = QHBoxLayout()
            self.spin = QSpinBox()
            self.spin.setRange(int(factor.minimum) - 1, int(factor.maximum))
            self.spin.setSpecialValueText("Not answered")
            self.spin.setAccessibleName(f"{factor.title}: number")
            self.spin.setMinimumWidth(130)
            self.spin.valueChanged.connect(lambda *_: self.changed.emit())
            row.addWidget(self.spin)
            row.addWidget(_wrap(f"{factor.minimum:g} to {factor.maximum:g}", object_name="muted"))
            if factor.unknown_allowed:
                self.unknown = QCheckBox(UNKNOWN)
                self.unknown.setAccessibleName(f"{factor.title}: {UNKNOWN}")
                self.unknown.toggled.connect(lambda on: (self.spin.setEnabled(not on), self.changed.emit()))
                row.addWidget(self.unknown)
            row.addStretch(1)
            layout.addLayout(row)
            if getattr(guidance, "example", ""):
                layout.addWidget(_wrap(f"Example: {guidance.example}", f"Example for {factor.title}", "muted"))
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Rationale: why this answer, from what intelligence (and the gaps)")
        self.rationale.setAccessibleName(f"Rationale for {factor.title}")
        self.rationale.setFixedHeight(52)
        self.rationale.setTabChangesFocus(True)
        self.rationale.textChanged.connect(self.changed.emit)
        layout.addWidget(self.rationale)
        layout.addWidget(self.unchanged)

    def offer(self, suggestion: dict[str, Any]) -> None:
        """Show the answer the register gives (services/prefill.py) with where it came from, and a
        button that takes it; the analyst may answer otherwise, saying why in the rationale."""
        self.suggestion = suggestion
        box = QFrame()
        box.setObjectName("suggestion")
        box.setStyleSheet("#suggestion { background: #eef4fb; border: 1px solid #b6cde6; border-radius: 4px; }")
        row = QHBoxLayout(box)
        row.setContentsMargins(8, 4, 8, 4)
        text = _wrap(f"<b>From the register:</b> {self.answer_label(suggestion['answer'])} \u2014 "
                     f"{suggestion['source']}", name=f"Register's answer for {self.factor.title}")
        text.setTextFormat(Qt.TextFormat.RichText)
        use = QPushButton("&Use this")
        use.setAccessibleName(f"Use the register's answer for {self.factor.title}")
        use.setToolTip("Take this answer; the rationale says it came from the register")
        use.clicked.connect(self.take_suggestion)
        row.addWidget(text, 1)
        row.addWidget(use)
        self.layout().insertWidget(1, box)

    def answer_label(self, answer: Any) -> str:
        f = self.factor
        if f.kind is FactorKind.LEVEL:
            return f.level(answer).label
        if f.kind is FactorKind.MULTI:
            return ", ".join(f.option(k).label for k in answer)
        return f"{answer:g}"

    def take_suggestion(self) -> None:
        """Answer with the register's answer; the rationale starts by saying where it came from."""
        s, f = self.suggestion, self.factor
        register = f"From the register: {s['source']}."
        note = self.rationale.toPlainText().strip()
        rationale = note if register in note else f"{register} {note}".strip()
        if f.kind is FactorKind.MULTI:   # the register's selection replaces the one made
            for box in self.buttons.values():
                box.setChecked(False)
        self.set_answer(Answer(level=s["answer"], rationale=rationale) if f.kind is FactorKind.LEVEL else
                        Answer(selected=tuple(s["answer"]), rationale=rationale) if f.kind is FactorKind.MULTI else
                        Answer(number=s["answer"], rationale=rationale))
        self.changed.emit()

    @staticmethod
    def _level_row(layout: QVBoxLayout, button: QRadioButton, guidance: str, example: str = "") -> None:
        layout.addWidget(button)
        if guidance:
            hint = _wrap(guidance, object_name="muted")
            hint.setContentsMargins(24, 0, 0, 2)
            layout.addWidget(hint)
        if example:
            eg = _wrap(f"<i>Example:</i> {html.escape(example)}", f"Example for {button.accessibleName()}", "muted")
            eg.setTextFormat(Qt.TextFormat.RichText)
            eg.setContentsMargins(24, 0, 0, 2)
            layout.addWidget(eg)

    def _option_toggled(self, on: bool) -> None:
        if on:
            for box in (self.none_box, self.unknown):
                if box is not None and box.isChecked():
                    box.setChecked(False)
        self.changed.emit()

    def _exclusive_toggled(self, on: bool) -> None:
        if on:
            sender = self.sender()
            for box in [*self.buttons.values(), self.none_box, self.unknown]:
                if box is not None and box is not sender and box.isChecked():
                    box.setChecked(False)
        self.changed.emit()

    # ------------------------------------------------------------------ value
    def answer(self) -> dict[str, Any] | None:
        """The answer in the JSON form the domain reads; None when nothing is given."""
        out: dict[str, Any] = {}
        f = self.factor
        if self.unknown is not None and self.unknown.isChecked():
            out["unknown"] = True
        elif f.kind is FactorKind.LEVEL:
            key = next((k for k, b in self.buttons.items() if b.isChecked()), None)
            if key is not None:
                out["level"] = key
        elif f.kind is FactorKind.MULTI:
            chosen = [k for k, b in self.buttons.items() if b.isChecked()]
            if chosen or self.none_box.isChecked():
                out["selected"] = chosen
        elif self.spin.value() >= f.minimum:
            out["number"] = self.spin.value()
        text = self.rationale.toPlainText().strip()
        if text:
            out["rationale"] = text
        return out or None

    def set_answer(self, answer: Answer | None) -> None:
        blockers = [w for w in (*self.buttons.values(), self.unknown, getattr(self, "none_box", None),
                                getattr(self, "spin", None), self.rationale) if w is not None]
        for w in blockers:
            w.blockSignals(True)
        try:
            if answer is not None:
                if answer.unknown and self.unknown is not None:
                    self.unknown.setChecked(True)
                    if self.factor.kind is FactorKind.NUMBER:
                        self.spin.setEnabled(False)
                elif answer.level is not None:
                    self.buttons[answer.level].setChecked(True)
                elif answer.selected is not None:
                    for key in answer.selected:
                        self.buttons[key].setChecked(True)
                    self.none_box.setChecked(not answer.selected)
                elif answer.number is not None:
                    self.spin.setValue(int(answer.number))
                self.rationale.setPlainText(answer.rationale)
        finally:
            for w in blockers:
                w.blockSignals(False)


def _value(answer: dict[str, Any] | None) -> Any:
    """An answer as it scores (its rationale aside), for telling whether it changed."""
    out = {k: v for k, v in (answer or {}).items() if k != "rationale"}
    if "number" in out:
        out["number"] = float(out["number"])
    if "selected" in out:
        out["selected"] = sorted(out["selected"])
    return out


def format_interval_value(value: float) -> str:
    return f"{value:g}"


class SummaryPanel(QFrame):
    """The running totals, beside every page."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setFixedWidth(250)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.marking = QLabel()
        self.marking.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marking.setAccessibleName("Protective marking")
        self.subject = _wrap("", "Subject assessed")
        layout.addWidget(self.marking)
        layout.addWidget(self.subject)
        layout.addWidget(_wrap("Running totals", object_name="subheading"))
        self.headline = _wrap("", "Running result")
        self.headline.setObjectName("subheading")
        self.unknown = _wrap("", "Unknown factors", "muted")
        self.totals = _wrap("", "Running totals")
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.copied = _wrap("", "Answers copied from the previous assessment")
        self.copied.setStyleSheet("color: #7a4d00;")
        self.copied.hide()
        for w in (self.headline, self.unknown, self.totals, self.copied):
            layout.addWidget(w)
        layout.addStretch(1)

    def show_subject(self, text: str, marking: Marking) -> None:
        self.subject.setText(text)
        self.marking.setText(marking.value)
        self.marking.setStyleSheet(marking_style(marking))

    def show_result(self, result: Any) -> None:
        self.headline.setText(headline(result))
        self.unknown.setText(unknown_note(result))
        rows = [f"<tr><td>{c.title}</td><td align='right'><b>{format_interval(result.values[c.id], c.digits)}"
                "</b></td></tr>" for c in result.scheme.calculations]
        rows += [f"<tr><td>{b.title}</td><td align='right'><b>{' to '.join(dict.fromkeys((result.bands[b.id][0].label, result.bands[b.id][-1].label)))}"
                 "</b></td></tr>" for b in result.scheme.bands]
        self.totals.setText("<table width='100%' cellpadding='2'>" + "".join(rows) + "</table>")


class SchemePage(QWizardPage):
    """Choose the method. Committing creates the draft (and its reference)."""

    def __init__(self, wizard: AssessmentWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the assessment method")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Start assessment")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for scheme in wizard.ws.read(assessments.schemes_for_kind, wizard.subject["kind"]):
            button = QRadioButton(f"{scheme.method}: {scheme.title} (version {scheme.version})")
            button.setAccessibleName(f"{scheme.method} scheme, version {scheme.version}")  # read aloud: no internal reference
            self.group.addButton(button)
            self.choices[scheme.ref] = button
            layout.addWidget(button)
            text = _wrap(f"{scheme.description}\n{scheme.notice}".strip(), object_name="muted")
            text.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(text)
            button.toggled.connect(self.completeChanged)
        if len(self.choices) == 1:
            next(iter(self.choices.values())).setChecked(True)
        if wizard.subject["kind"] != "group":
            layout.addWidget(_wrap("OCGM applies to organised crime groups only.", object_name="muted"))
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return any(b.isChecked() for b in self.choices.values())

    def nextId(self) -> int:
        return FIRST_SECTION

    def validatePage(self) -> bool:
        ref = next(r for r, b in self.choices.items() if b.isChecked())
        return self.wiz.start_draft(ref)


class SectionPage(QWizardPage):
    def __init__(self, wizard: AssessmentWizard, section: Any):
        super().__init__()
        self.section = section
        self.setTitle(section.title)
        if section.guidance:
            self.setSubTitle(section.guidance)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(f"{section.title} factors")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.factors: list[FactorWidget] = []
        guidance = getattr(wizard, "guidance", None)
        for factor in section.factors:
            w = FactorWidget(factor, guidance=guidance.of(factor.id) if guidance is not None else None)
            w.changed.connect(wizard.answers_changed)
            layout.addWidget(w)
            self.factors.append(w)
        layout.addStretch(1)
        scroll.setWidget(body)
        self.scroll = scroll
        outer.addWidget(scroll)


class ReviewPage(QWizardPage):
    def __init__(self, wizard: AssessmentWizard):
        super().__init__()
        self.setTitle("Review and submit")
        self.setSubTitle("Check the result and how it was reached, then submit it for a supervisor's approval.")
        layout = QVBoxLayout(self)
        self.report = QTextBrowser()
        self.report.setAccessibleName("Assessment result and explanation")
        self.report.setOpenLinks(False)
        layout.addWidget(self.report, 1)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Assessment summary")
        self.summary.setPlaceholderText("Summary: the overall judgement and the main intelligence gaps")
        self.summary.setFixedHeight(70)
        self.summary.setTabChangesFocus(True)
        self.summary.textChanged.connect(wizard.mark_dirty)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(QLabel("Protective &marking:"))
        self.marking = QComboBox()
        self.marking.setAccessibleName("Assessment protective marking")
        for m in Marking:
            self.marking.addItem(m.value, m)
        row.itemAt(0).widget().setBuddy(self.marking)
        self.marking.currentIndexChanged.connect(wizard.mark_dirty)
        row.addWidget(self.marking)
        row.addStretch(1)
        self.raise_ir = QPushButton("Raise intelligence &requirement...")
        self.raise_ir.setAccessibleName("Raise an intelligence requirement")
        self.raise_ir.setToolTip("Confidence is low: ask partners for the missing intelligence in the collection plan")
        self.raise_ir.clicked.connect(lambda: wizard.raise_requirement())
        self.raise_ir.hide()
        row.addWidget(self.raise_ir)
        layout.addLayout(row)
        self.level_box: ManagementLevelBox | None = None

    def add_level_box(self, box: ManagementLevelBox) -> None:
        """A group's management level, from its latest approved results (issue #25)."""
        self.level_box = box
        self.layout().addWidget(box)


class AssessmentWizard(QWizard):
    """`AssessmentWizard(ws, subject_id=...)` starts a new assessment; `assessment_id=...` resumes
    a draft (or one returned for changes). Emits `saved(id)` and `submitted(id)`."""

    saved = Signal(int)
    submitted = Signal(int)

    def __init__(self, ws: Any, *, subject_id: int | None = None, assessment_id: int | None = None,
                 trigger_id: int | None = None, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.trigger_id = trigger_id
        self.prompts = prompts or Prompts()
        self.assessment_id: int | None = None
        self.scheme: Scheme | None = None
        self.dirty = False
        self.section_pages: list[SectionPage] = []
        self.review: ReviewPage | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Save &draft")
        self.setButtonText(QWizard.WizardButton.FinishButton, "S&ubmit for approval")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
        for which, name in ((QWizard.WizardButton.CustomButton1, "Save draft"),
                            (QWizard.WizardButton.NextButton, "Next page"),
                            (QWizard.WizardButton.BackButton, "Previous page"),
                            (QWizard.WizardButton.FinishButton, "Submit for approval"),
                            (QWizard.WizardButton.CancelButton, "Close wizard"),
                            (QWizard.WizardButton.CommitButton, "Start assessment"),
                            (QWizard.WizardButton.HelpButton, "Help")):
            self.button(which).setAccessibleName(name)
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(False)
        self.button(QWizard.WizardButton.CustomButton1).clicked.connect(lambda _checked=False: self.save_draft())
        self.setAccessibleName("Assessment wizard")
        self.resize(1020, 720)
        self.summary_panel = SummaryPanel(self)  # a child from the start: never a window of its own
        self.setSideWidget(self.summary_panel)
        self.returned_banner = QLabel(self)  # moved to the top of whichever page is showing
        self.returned_banner.setAccessibleName("Returned for changes")
        self.returned_banner.setWordWrap(True)
        self.returned_banner.setTextFormat(Qt.TextFormat.RichText)
        self.returned_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.returned_banner.hide()
        save_button = self.button(QWizard.WizardButton.CustomButton1)
        self.starting = Runner(self, ws, prompts=self.prompts, title="Cannot start the assessment")
        self.saving = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems), title="Cannot save",
                             buttons=[save_button])
        self.submitting = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems),
                                 title="Cannot submit",
                                 buttons=[save_button, self.button(QWizard.WizardButton.FinishButton)])
        if assessment_id is not None:
            data = ws.read(assessments.get, assessment_id)
            note_view(ws, "assessment", assessment_id, data["reference"], data["marking"])
            self.subject = ws.read(registers.get_subject, data["subject_id"])
            self._load(data)
        else:
            self.subject = ws.read(registers.get_subject, subject_id)
            self.setWindowTitle(f"New assessment of {self.subject['reference']} {self.subject['name']}")
            self.setPage(SCHEME_PAGE, SchemePage(self))
            self.summary_panel.hide()

    # ------------------------------------------------------------------ set-up
    def start_draft(self, ref: str) -> bool:
        op = self.starting.write("assessment.start", assessments.start, self.subject["id"], ref,
                                 trigger_id=self.trigger_id)
        if not op.ok:
            return False
        created = op.result
        self._load(self.ws.read(assessments.get, created.id))
        self.saved.emit(created.id)
        return True

    def _load(self, data: dict[str, Any]) -> None:
        self.assessment_id = data["id"]
        self.reference = data["reference"]
        self.scheme = data["scheme_obj"]
        self.guidance = guidance_for(self.scheme)
        self.setWindowTitle(f"{data['reference']} \u2014 {self.scheme.method} assessment of "
                            f"{data['subject_reference']} {data['subject_name']}")
        for i, section in enumerate(self.scheme.sections):
            page = SectionPage(self, section)
            self.section_pages.append(page)
            self.setPage(FIRST_SECTION + i, page)
            for w in page.factors:
                w.set_answer(data["answers"].get(w.factor.id))
        self._offer_register(data)
        self.previous = (data.get("previous_reference"), data.get("previous_answers") or {})
        self._mark_unchanged()
        self.review = ReviewPage(self)
        self.review.summary.setPlainText(data["summary"] or "")
        self.review.marking.setCurrentIndex(self.review.marking.findData(data["marking"]))
        self.review.marking.currentIndexChanged.connect(lambda _i: self._show_subject())
        if self.subject["kind"] == "group":
            self.review.add_level_box(ManagementLevelBox(self.ws, self.subject["id"], prompts=self.prompts))
        self._show_subject()
        self.setPage(FIRST_SECTION + len(self.section_pages), self.review)
        self.currentIdChanged.connect(self._page_changed)
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(True)
        self.summary_panel.show()
        self._show_returned(data)
        self.dirty = False
        self.refresh_summary()

    def _offer_register(self, data: dict[str, Any]) -> None:
        """What the register gives for this scheme, offered beside each factor of work still open."""
        if data["status"] not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
            return
        found = self.ws.read(prefill.suggestions, data["subject_id"], self.scheme.ref)["suggestions"]
        by_factor = {s["factor"]: s for s in found}
        for page in self.section_pages:
            for w in page.factors:
                if w.factor.id in by_factor:
                    w.offer(by_factor[w.factor.id])

    def _show_returned(self, data: dict[str, Any]) -> None:
        """Who returned the assessment, when and why, in the wizard itself (not a pop-up before it)."""
        if not (data.get("review_comment") and data["status"].value == "returned"):
            self.returned_banner.clear()
            self.returned_banner.hide()
            return
        when = f" on {show_date(data['reviewed_at'])}" if data.get("reviewed_at") else ""
        who = data["reviewed_by"] or "a supervisor"
        self.returned_banner.setText(f"<b>Returned by {html.escape(who)}{when}:</b> "
                                     + html.escape(data["review_comment"]).replace("\n", "<br>"))
        self._place_returned()

    def _place_returned(self) -> None:
        """Put the returned-for-changes banner at the top of the page showing."""
        page = self.currentPage()
        if not self.returned_banner.text() or page is None or page.layout() is None:
            return
        layout = page.layout()
        if layout.indexOf(self.returned_banner) < 0:
            inset = max(0, 9 - layout.contentsMargins().left())  # in line with the page's content, margins or not
            self.returned_banner.setStyleSheet(f"{RETURNED_STYLE} margin: {min(inset, 4)}px {inset}px 6px {inset}px;")
            layout.insertWidget(0, self.returned_banner)
        self.returned_banner.show()

    def _show_subject(self) -> None:
        self.summary_panel.show_subject(
            f"{self.reference} \u00b7 {self.scheme.method} version {self.scheme.version}\n"
            f"{self.subject['reference']} {self.subject['name']}", self.review.marking.currentData())

    # ------------------------------------------------------------------ answers
    def answers_json(self) -> dict[str, Any]:
        out = {}
        for page in self.section_pages:
            for w in page.factors:
                value = w.answer()
                if value is not None:
                    out[w.factor.id] = value
        return out

    def current_result(self) -> Any:
        return score(self.scheme, parse_answers(self.scheme, self.answers_json()))

    def answers_changed(self) -> None:
        self.mark_dirty()
        self.refresh_summary()
        self._mark_unchanged()

    def _mark_unchanged(self) -> None:
        """A re-assessment starts from the previous approved answers: say so, and mark each factor
        still answered as it was (the supervisor sees what was reconsidered)."""
        reference, before = getattr(self, "previous", (None, {}))
        if not reference or not self.section_pages:
            return
        widgets = [w for p in self.section_pages for w in p.factors]
        same = 0
        for w in widgets:
            unchanged = w.factor.id in before and _value(w.answer()) == _value(before[w.factor.id])
            w.unchanged.setText(f"Unchanged since {reference}")
            w.unchanged.setVisible(unchanged)
            same += unchanged
        self.summary_panel.copied.setText(f"Answers copied from {reference}: {len(widgets) - same} of "
                                          f"{len(widgets)} changed. Unchanged factors are marked.")
        self.summary_panel.copied.show()

    def mark_dirty(self, *_: Any) -> None:
        self.dirty = True

    def refresh_summary(self) -> None:
        if self.scheme is None:
            return
        result = self.current_result()
        self.summary_panel.show_result(result)
        if self._on_review():
            self._fill_review(result)

    def _fill_review(self, result: Any) -> None:
        answers = parse_answers(self.scheme, self.answers_json())
        self.review.report.setHtml(result_html(result, answers))
        self.review.raise_ir.setVisible(result.low_confidence)

    def raise_requirement(self) -> QWidget | None:
        """Low confidence: raise a collection-plan requirement linked to this assessment."""
        if self.dirty and not self.save_draft():
            return None
        gaps = [w.rationale.toPlainText().strip() for p in self.section_pages for w in p.factors
                if w.factor.id == self.scheme.outcome.confidence]
        question = (f"Fill the intelligence gaps on {self.subject['reference']} {self.subject['name']} "
                    f"({self.reference} has low confidence)." + (f" Gaps: {gaps[0]}" if gaps and gaps[0] else ""))
        dialog = screens.make(screens.REQUIREMENT_DIALOG, self.ws, prompts=self.prompts,
                              subject_ids=[self.subject["id"]], assessment_id=self.assessment_id, question=question,
                              parent=self)
        self.requirement_dialog = dialog
        dialog.open()
        return dialog

    def _on_review(self) -> bool:
        return self.review is not None and self.currentPage() is self.review

    def _page_changed(self, _id: int) -> None:
        self._place_returned()
        if self._on_review():
            self._fill_review(self.current_result())

    # ------------------------------------------------------------------ saving
    def save_draft(self) -> bool:
        if self.assessment_id is None:
            return False
        if not self.saving.write("assessment.save", assessments.save, self.assessment_id, self.answers_json(),
                                 summary=self.review.summary.toPlainText(),
                                 marking=self.review.marking.currentData()).ok:
            return False
        self.dirty = False
        self.saved.emit(self.assessment_id)
        return True

    def accept(self) -> None:
        open_factors = self.current_result().unanswered
        if open_factors:
            titles = [self.scheme.factor(f).title for f in open_factors]
            more = f" and {len(titles) - 6} more" if len(titles) > 6 else ""
            self.prompts.warning(self, "Not ready to submit",
                                 f"{len(titles)} factor{'s' if len(titles) > 1 else ''} still need an answer "
                                 f"(choose 'Unknown' where it is not known): {', '.join(titles[:6])}{more}.")
            self._go_to(next(p for p in self.section_pages if any(w.factor.id == open_factors[0] for w in p.factors)))
            return
        answers, summary = self.answers_json(), self.review.summary.toPlainText()
        marking, assessment_id = self.review.marking.currentData(), self.assessment_id

        def save_and_submit(uow: Any) -> None:
            """One click, one unit of work: the answers on screen saved and submitted together."""
            assessments.save(uow, assessment_id, answers, summary=summary, marking=marking)
            assessments.submit(uow, assessment_id)
        if not self.submitting.write("assessment.submit", save_and_submit).ok:
            return
        self.dirty = False
        self.saved.emit(assessment_id)
        self.submitted.emit(assessment_id)
        super().accept()

    def reject(self) -> None:
        if self.dirty and self.assessment_id is not None and self.prompts.question(
                self, "Unsaved answers", "Save your answers as a draft before closing?",
                yes="&Save draft", no="&Discard changes"):
            if not self.save_draft():
                return
        super().reject()

    def _show_problems(self, exc: ValidationError) -> None:
        """What is wrong with the answers, factor by factor, in one warning; then the first such factor."""
        if not exc.problems:  # a runner clearing the form before a save
            return
        lines = []
        first_page = None
        for p in exc.problems:
            factor = self.scheme.factor(p.field)
            lines.append(f"\u2022 {factor.title if factor else p.field}: {p.message}")
            if factor is not None and first_page is None:
                first_page = next(pg for pg in self.section_pages if any(w.factor.id == p.field for w in pg.factors))
        self.prompts.warning(self, "Check the answers", "\n".join(lines))
        if first_page is not None:
            self._go_to(first_page)

    def _go_to(self, page: QWizardPage) -> None:
        target = next(i for i in self.pageIds() if self.page(i) is page)
        while self.currentId() > target:
            self.back()
        while self.currentId() < target:
            self.next()

    def factor_widget(self, factor_id: str) -> FactorWidget:
        return next(w for p in self.section_pages for w in p.factors if w.factor.id == factor_id)
