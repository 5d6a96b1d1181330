"""Calibration exercises in the Assessments area (issue #25): the list of exercises, setting one (a
supervisor: a subject or a written scenario, a scheme, the analysts), answering one blind, and the
results: agreement per factor and overall (Krippendorff's alpha), the spread of answers, the factors
with most disagreement with the scheme's guidance beside them, and each analyst against the group.

Blindness is the service's (services/calibration.py): these screens only ever receive the reader's
own answers while an exercise is open.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.calibration import AnswerStatus, ExerciseStatus
from ...domain.errors import RoctaError, ValidationError
from ...domain.markings import Marking, highest
from ...domain.users import Permission
from ...services import assessments, calibration, reports
from ...services.guidance import guidance_for
from ...services.permissions import allowed
from ..ops import Runner, ShownBy
from ..prompts import Prompts
from ..style import marking_style
from ..tables import RecordTable
from ..widgets import open_kept
from .wizard import FactorWidget

COLUMNS = ["Reference", "Title", "Case", "Scheme", "Status", "Submitted", "My answers", "Marking", "Set by"]
DRIFT = QColor("#fef0c7")
POOR, TENTATIVE_COLOUR, GOOD = "#b42318", "#b54708", "#067647"


def _fmt(value: float | None) -> str:
    return "not measurable" if value is None else f"{value:.2f}"


def _colour(value: float | None) -> str:
    if value is None:
        return "#475467"
    return GOOD if value >= 0.8 else TENTATIVE_COLOUR if value >= 0.667 else POOR


def _banner(marking: Marking) -> QLabel:
    banner = QLabel(marking.value)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet(marking_style(marking))
    banner.setAccessibleName("Protective marking")
    return banner


class CalibrationPanel(QWidget):
    """The Calibration tab: exercises the reader may see, and what they may do with each."""

    marking_changed = Signal(object)

    def __init__(self, ws: Any, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.rows: dict[int, dict[str, Any]] = {}
        self.dialogs: list[QWidget] = []
        self.setAccessibleName("Calibration exercises panel")
        note = QLabel("Several analysts assess the same case blind; when all have submitted, the results show how "
                      "far they agree (Krippendorff's alpha: 0.8 firm, 0.667 tentative) and where they drift. "
                      "Answers here are practice: they never become assessments or reach the priority list.")
        note.setWordWrap(True)
        note.setObjectName("muted")
        note.setAccessibleName("About calibration exercises")
        self.table = RecordTable("Calibration exercises", COLUMNS)
        self.new_button = QPushButton("&New exercise...")
        self.new_button.setAccessibleName("New calibration exercise")
        self.new_button.setEnabled(allowed(ws.actor, Permission.APPROVE))
        self.new_button.setToolTip("Supervisors set exercises: a subject or a written scenario, a scheme, analysts")
        self.answer_button = QPushButton("&Answer...")
        self.answer_button.setAccessibleName("Answer selected exercise")
        self.results_button = QPushButton("&Results")
        self.results_button.setAccessibleName("Results of selected exercise")
        self.close_button = QPushButton("&Close exercise...")
        self.close_button.setAccessibleName("Close selected exercise")
        self.export_button = QPushButton("E&xport...")
        self.export_button.setAccessibleName("Export results of selected exercise")
        self.state = QLabel()
        self.state.setAccessibleName("Selected exercise state")
        self.state.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.answer_button, self.results_button, self.close_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemActivated.connect(lambda _i: self.open_selected())
        self.new_button.clicked.connect(lambda: self.new_exercise())
        self.answer_button.clicked.connect(lambda: self.answer())
        self.results_button.clicked.connect(lambda: self.results())
        self.close_button.clicked.connect(lambda: self.close_exercise())
        self.export_button.clicked.connect(lambda: self.export())
        self.closing = Runner(self, ws, prompts=self.prompts, title="Cannot close", buttons=[self.close_button])
        # read when its tab is first shown (the Assessments page asks): refresh()

    def refresh(self) -> None:
        rows = self.ws.read(calibration.listing)
        self.rows = {r["id"]: r for r in rows}
        self.table.fill([[r["reference"], r["title"], r["case"]["reference"] or "Written scenario", r["scheme"],
                          r["status"].label, f"{r['submitted']} of {r['analysts']}",
                          r["my_status"].label if r["my_status"] else "\u2014", r["marking"], r["created_by"] or ""]
                         for r in rows], [r["id"] for r in rows])
        self.marking_changed.emit(highest([r["marking"] for r in rows], Marking.OFFICIAL))
        self._update()

    def current(self) -> dict[str, Any] | None:
        return self.rows.get(self.table.current_id())

    def _update(self) -> None:
        row = self.current()
        open_ = row is not None and row["status"] is ExerciseStatus.OPEN
        self.answer_button.setEnabled(open_ and row["my_status"] in (AnswerStatus.INVITED, AnswerStatus.DRAFT))
        self.results_button.setEnabled(row is not None and row["results_shown"])
        self.export_button.setEnabled(row is not None and row["results_shown"])
        self.close_button.setEnabled(open_ and allowed(self.ws.actor, Permission.APPROVE))
        if row is None:
            self.state.setText("")
        elif open_:
            self.state.setText(f"{row['reference']}: {row['submitted']} of {row['analysts']} analysts have submitted. "
                               "Nobody sees anyone else's answers until all have submitted.")
        else:
            self.state.setText(f"{row['reference']}: closed; the results are shown.")

    # ------------------------------------------------------------------ actions
    def open_selected(self) -> QWidget | None:
        row = self.current()
        if row is None:
            return None
        if row["results_shown"]:
            return self.results()
        if self.answer_button.isEnabled():
            return self.answer()
        return None

    def new_exercise(self) -> QDialog:
        dialog = NewExerciseDialog(self.ws, prompts=self.prompts, parent=self)
        dialog.created.connect(lambda _i: self.refresh())
        return open_kept(self.dialogs, dialog)

    def answer(self, exercise_id: int | None = None) -> QDialog | None:
        ident = exercise_id or self.table.current_id()
        if ident is None:
            return None
        dialog = AnswerDialog(self.ws, ident, prompts=self.prompts, parent=self)
        dialog.changed.connect(self.refresh)
        return open_kept(self.dialogs, dialog)

    def results(self, exercise_id: int | None = None) -> QDialog | None:
        ident = exercise_id or self.table.current_id()
        if ident is None:
            return None
        try:
            dialog = ResultsDialog(self.ws, ident, prompts=self.prompts, parent=self)
        except RoctaError as exc:
            self.prompts.warning(self, "Results not shown", str(exc))
            return None
        return open_kept(self.dialogs, dialog)

    def close_exercise(self) -> None:
        row = self.current()
        if row is None:
            return
        note = None
        if row["submitted"] < row["analysts"]:
            note = self.prompts.ask_text(self, "Close the exercise",
                                         f"{row['analysts'] - row['submitted']} analyst(s) have not submitted. "
                                         "Why close it without them?")
            if not note:
                return
        self.closing.write("calibration.close", calibration.close, row["id"], note)
        self.refresh()

    def export(self) -> Any:
        row = self.current()
        if row is None:
            return None
        return export_results(self, self.ws, row["id"], row["reference"], self.prompts)


def export_results(parent: QWidget, ws: Any, exercise_id: int, reference: str, prompts: Prompts) -> Any:
    path = prompts.choose_save_file(parent, "Export calibration results", f"{reference.replace('/', '-')}.xlsx",
                                    "Excel workbook (*.xlsx);;JSON (*.json)")
    if not path:
        return None
    from ...exchange import calibration as files
    try:
        done = files.export(ws, exercise_id, path)
    except (RoctaError, ValueError, OSError) as exc:
        prompts.warning(parent, "Not exported", str(exc))
        return None
    prompts.information(parent, "Exported", f"Results of {reference} written to {done.path} ({done.marking.value}).")
    return done


class NewExerciseDialog(QDialog):
    """A supervisor sets an exercise."""

    created = Signal(int)

    def __init__(self, ws: Any, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.setWindowTitle("New calibration exercise")
        self.setAccessibleName("New calibration exercise")
        self.resize(620, 560)
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Exercise title")
        form.addRow("&Title:", self.title_edit)
        self.scheme = QComboBox()
        self.scheme.setAccessibleName("Exercise scheme")
        newest: dict[str, Any] = {}
        for s in ws.read(assessments.available_schemes):
            newest[s.id] = s
        for s in newest.values():
            self.scheme.addItem(f"{s.method}: {s.title} ({s.version})", s.ref)
        form.addRow("&Scheme:", self.scheme)
        self.use_subject = QRadioButton("A &subject from the register")
        self.use_subject.setAccessibleName("Case is a subject")
        self.use_scenario = QRadioButton("A &written scenario")
        self.use_scenario.setAccessibleName("Case is a written scenario")
        cases = QButtonGroup(self)
        cases.addButton(self.use_subject)
        cases.addButton(self.use_scenario)
        self.use_subject.setChecked(True)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject reference")
        self.subject.setPlaceholderText("OCG-2026-0001")
        self.scenario = QPlainTextEdit()
        self.scenario.setAccessibleName("Scenario text")
        self.scenario.setPlaceholderText("A short fictional case the analysts assess")
        self.scenario.setTabChangesFocus(True)
        self.scenario.setEnabled(False)
        self.use_subject.toggled.connect(lambda on: (self.subject.setEnabled(on), self.scenario.setEnabled(not on)))
        form.addRow("Case:", self.use_subject)
        form.addRow("", self.subject)
        form.addRow("", self.use_scenario)
        form.addRow("", self.scenario)
        self.analysts = QListWidget()
        self.analysts.setAccessibleName("Analysts to take part")
        for p in ws.read(calibration.analysts_for):
            item = QListWidgetItem(f"{p['display_name']} ({p['username']}, {p['role']})")
            item.setData(Qt.ItemDataRole.UserRole, p["username"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.analysts.addItem(item)
        form.addRow("&Analysts:", self.analysts)
        self.marking = QComboBox()
        self.marking.setAccessibleName("Exercise marking")
        self.marking.addItem("The subject's (or OFFICIAL for a scenario)", None)
        for m in Marking:
            self.marking.addItem(m.value, m)
        form.addRow("&Marking:", self.marking)
        create = QPushButton("Set &exercise")
        create.setObjectName("primary")
        create.setAccessibleName("Set calibration exercise")
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel new exercise")
        create.clicked.connect(self.create)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(create)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._check_problems),
                          title="Cannot set the exercise", buttons=[create])

    def choose(self, usernames: list[str]) -> None:
        for i in range(self.analysts.count()):
            item = self.analysts.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in usernames
                               else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [self.analysts.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.analysts.count())
                if self.analysts.item(i).checkState() == Qt.CheckState.Checked]

    def create(self) -> int | None:
        subject_id = None
        if self.use_subject.isChecked():
            found = self.ops.read(reports.subject_id_for, self.subject.text().strip())
            if not found.ok:
                return None
            subject_id = found.result
        op = self.ops.write("calibration.create", calibration.create, title=self.title_edit.text(),
                            scheme_ref=self.scheme.currentData(), analysts=self.chosen(), subject_id=subject_id,
                            scenario=None if subject_id else self.scenario.toPlainText(),
                            marking=self.marking.currentData())
        if not op.ok:
            return None
        made = op.result
        self.prompts.information(self, "Exercise set", f"{made.reference} is set. Each analyst answers it blind.")
        self.created.emit(made.id)
        self.accept()
        return made.id

    def _check_problems(self, exc: ValidationError) -> None:
        if exc.problems:
            self.prompts.warning(self, "Check the exercise", "\n".join(f"\u2022 {p.message}" for p in exc.problems))


class AnswerDialog(QDialog):
    """An analyst answers an exercise set to them: the case, then every factor with its guidance,
    "unknown" and a rationale. Save a draft, or submit (final)."""

    changed = Signal()

    def __init__(self, ws: Any, exercise_id: int, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.exercise_id = ws, exercise_id
        self.prompts = prompts or Prompts()
        data = ws.read(calibration.get, exercise_id)
        self.data = data
        self.scheme = data["scheme_obj"]
        self.setWindowTitle(f"{data['reference']} \u2014 answer blind: {data['title']}")
        self.setAccessibleName("Answer calibration exercise")
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        layout.addWidget(_banner(data["marking"]))
        case = data["case"]
        head = (f"<b>{html.escape(case['reference'] or 'Written scenario')}</b> {html.escape(case['name'] or '')}"
                f" \u00b7 {html.escape(self.scheme.title)}")
        text = QLabel(head + (f"<br>{html.escape(case['text'])}" if case["text"] else ""))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setAccessibleName("The case to assess")
        layout.addWidget(text)
        blind = QLabel("Answer on your own judgement. Nobody, your supervisor included, sees your answers until "
                       "every analyst has submitted; then everyone sees everyone's.")
        blind.setWordWrap(True)
        blind.setObjectName("muted")
        blind.setAccessibleName("Blind answering")
        layout.addWidget(blind)
        body = QWidget()
        inner = QVBoxLayout(body)
        guidance = guidance_for(self.scheme)
        self.factors: list[FactorWidget] = []
        for section in self.scheme.sections:
            heading = QLabel(section.title)
            heading.setObjectName("subheading")
            inner.addWidget(heading)
            for factor in section.factors:
                w = FactorWidget(factor, guidance=guidance.of(factor.id) if guidance else None)
                w.set_answer((data["my_answers"] or {}).get(factor.id))
                inner.addWidget(w)
                self.factors.append(w)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Factors to answer")
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        save = QPushButton("Save &draft")
        save.setAccessibleName("Save calibration answers")
        submit = QPushButton("S&ubmit answers")
        submit.setObjectName("primary")
        submit.setAccessibleName("Submit calibration answers")
        close = QPushButton("&Close")
        close.setAccessibleName("Close answers")
        save.clicked.connect(lambda: self.save())
        submit.clicked.connect(lambda: self.submit())
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (close, save, submit):
            row.addWidget(b)
        layout.addLayout(row)
        self.saving = Runner(self, ws, prompts=self.prompts, title="Cannot save", buttons=[save, submit],
                             form=ShownBy(lambda exc: self._show_problems("Check the answers", exc)))
        self.submitting = Runner(self, ws, prompts=self.prompts, title="Cannot submit", buttons=[save, submit],
                                 form=ShownBy(lambda exc: self._show_problems("Not ready to submit", exc)))

    def answers_json(self) -> dict[str, Any]:
        return {w.factor.id: a for w in self.factors if (a := w.answer()) is not None}

    def factor_widget(self, factor_id: str) -> FactorWidget:
        return next(w for w in self.factors if w.factor.id == factor_id)

    def _show_problems(self, title: str, exc: ValidationError) -> None:
        """What is wrong with the answers, factor by factor, in one warning."""
        if exc.problems:
            self.prompts.warning(self, title, "\n".join(
                f"\u2022 {(self.scheme.factor(p.field).title if self.scheme.factor(p.field) else p.field)}: {p.message}"
                for p in exc.problems))

    def save(self) -> bool:
        if not self.saving.write("calibration.save", calibration.save_answers, self.exercise_id,
                                 self.answers_json()).ok:
            return False
        self.changed.emit()
        return True

    def submit(self) -> bool:
        if not self.save():
            return False
        op = self.submitting.write("calibration.submit", calibration.submit, self.exercise_id)
        if not op.ok:
            return False
        state = op.result
        self.prompts.information(self, "Submitted", "Your answers are submitted. " + (
            "Everyone has now submitted: the results are shown." if state["closed"] else
            f"{state['submitted']} of {state['of']} analysts have submitted; the results are shown when all have."))
        self.changed.emit()
        self.accept()
        return True


FACTOR_COLUMNS = ["Factor", "Agreement", "Spread", "Unknown", "Above the group", "Below the group"]
TENDENCY_COLUMNS = ["Analyst", "Tendency", "Their result", "Higher than the others on", "Lower on"]
FACTOR_WIDTHS = [200, 78, 220, 64, 115, 115]
TENDENCY_WIDTHS = [110, 80, 150, 260, 190]


def _fixed_widths(table: RecordTable, widths: list[int], *, wrap: bool = False) -> None:
    """Columns that fit the pane (long text elided, whole in the tooltip), or wrapped onto lines."""
    from PySide6.QtWidgets import QHeaderView
    header = table.horizontalHeader()
    for i, w in enumerate(widths):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(i, w)
    header.setStretchLastSection(True)
    if wrap:
        table.setWordWrap(True)
        table.resizeRowsToContents()
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None and not item.toolTip():
                item.setToolTip(item.text())


def _guidance_line(line: str, labels: set[str]) -> str:
    """A line of guidance, with the level it is about in bold when an analyst gave that answer."""
    head, sep, rest = line.partition(": ")
    if sep and head in labels:
        return f"<b>{html.escape(head)}:</b> {html.escape(rest)}"
    return html.escape(line)


class ResultsDialog(QDialog):
    """The results of a closed exercise (refused by the service while it is open)."""

    def __init__(self, ws: Any, exercise_id: int, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.exercise_id = ws, exercise_id
        self.prompts = prompts or Prompts()
        data = ws.read(calibration.report, exercise_id)
        self.data = data
        self.setWindowTitle(f"{data['reference']} \u2014 calibration results: {data['title']}")
        self.setAccessibleName("Calibration results")
        self.resize(1180, 820)
        layout = QVBoxLayout(self)
        layout.addWidget(_banner(data["marking"]))
        case = data["case"]
        facts = QLabel(f"<b>{html.escape(data['reference'])}</b> {html.escape(data['title'])} \u00b7 "
                       f"{html.escape(case['reference'] or 'written scenario')} \u00b7 {html.escape(data['scheme'])}"
                       f" \u00b7 {len(data['analysts'])} analysts: {html.escape(', '.join(data['analysts']))}"
                       + (f" \u00b7 did not submit: {html.escape(', '.join(data['not_submitted']))}"
                          if data["not_submitted"] else ""))
        facts.setTextFormat(Qt.TextFormat.RichText)
        facts.setWordWrap(True)
        facts.setAccessibleName("Exercise details")
        layout.addWidget(facts)
        alpha = data["alpha"]
        self.headline = QLabel(f"<span style='font-size:16pt; color:{_colour(alpha)}'><b>Krippendorff's alpha "
                               f"{_fmt(alpha)}</b></span> &nbsp; {html.escape(data['verdict'])} "
                               "<span style='color:#475467'>(ordinal; 0.8 firm, 0.667 tentative)</span>")
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName("Overall agreement")
        layout.addWidget(self.headline)
        legend = QLabel("A factor's agreement compares its disagreement with what the whole exercise would show by "
                        "chance: 1 is full agreement, 0 or below no better than chance. A factor drifts when its "
                        "agreement is below 0.667 or its answers are two or more levels apart.")
        legend.setWordWrap(True)
        legend.setObjectName("muted")
        legend.setAccessibleName("How agreement is read")
        layout.addWidget(legend)

        self.factor_table = RecordTable("Agreement by factor", FACTOR_COLUMNS)
        rows = data["factors"]
        self.factor_table.fill([[f["title"], _fmt(f["alpha"]), f["spread"], f["unknown"], ", ".join(f["higher"]),
                                 ", ".join(f["lower"])] for f in rows], list(range(len(rows))))
        for r in range(self.factor_table.rowCount()):
            f = rows[r]
            if f["drifts"]:
                for c in range(self.factor_table.columnCount()):
                    self.factor_table.item(r, c).setBackground(QBrush(DRIFT))
            self.factor_table.item(r, 1).setForeground(QBrush(QColor(_colour(f["alpha"]))))
            self.factor_table.item(r, 0).setToolTip(f["guidance"])
            self.factor_table.item(r, 2).setToolTip(f["spread"])
        _fixed_widths(self.factor_table, FACTOR_WIDTHS)
        self.drift = QTextBrowser()
        self.drift.setAccessibleName("Where analysts drift, with the guidance")
        self.drift.setHtml(self._drift_html())
        self.tendencies = RecordTable("Each analyst against the group", TENDENCY_COLUMNS)
        self.tendencies.fill([[t["analyst"], t["tendency"], t["result"], ", ".join(t["higher_on"]),
                               ", ".join(t["lower_on"])] for t in data["tendencies"]],
                             list(range(len(data["tendencies"]))))
        _fixed_widths(self.tendencies, TENDENCY_WIDTHS, wrap=True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("Agreement by factor (shaded: analysts drift; hover a factor for its guidance)"))
        ll.addWidget(self.factor_table, 5)
        ll.addWidget(QLabel("Each analyst against the group"))
        ll.addWidget(self.tendencies, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.drift)
        split.setSizes([800, 380])
        split.setAccessibleName("Calibration results panes")
        layout.addWidget(split, 1)
        export = QPushButton("E&xport...")
        export.setAccessibleName("Export calibration results")
        export.clicked.connect(lambda: export_results(self, self.ws, exercise_id, data["reference"], self.prompts))
        close = QPushButton("&Close")
        close.setAccessibleName("Close calibration results")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(export)
        row.addWidget(close)
        layout.addLayout(row)

    def _drift_html(self) -> str:
        drifting = [f for f in self.data["factors"] if f["drifts"]]
        order = {fid: i for i, fid in enumerate(self.data["most_disagreement"])}
        drifting.sort(key=lambda f: order.get(f["factor"], 99))
        if not drifting:
            return "<p><b>No factor drifts</b>: every factor's answers are within one level and agree.</p>"
        parts = ["<h3>Where analysts drift</h3><p style='color:#475467'>Most disagreement first; the scheme's "
                 "guidance beside each, to discuss together.</p>"]
        for f in drifting:
            answers = "".join(f"<li>{html.escape(who)}: <b>{html.escape(a)}</b></li>" for who, a in f["answers"].items())
            labels = set(f["answers"].values())
            guide = "<br>".join(_guidance_line(line, labels) for line in f["guidance"].splitlines())
            parts.append(f"<h4 style='margin-bottom:2px'>{html.escape(f['title'])} \u2014 agreement "
                         f"<span style='color:{_colour(f['alpha'])}'>{_fmt(f['alpha'])}</span>, "
                         f"{html.escape(f['spread'])}</h4><ul style='margin-top:0'>{answers}</ul>"
                         f"<div style='background:#f2f4f7; padding:6px; margin-bottom:10px'>"
                         f"<b>Guidance.</b> {guide}</div>")
        return "".join(parts)
