"""The Impact area: disruptions (record, submit, approve), 4P plans, the dashboard of charts
(filtered by period, force and subject kind; each exportable as an image), best practice, and the
region's definitions of the impact grades."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from ...domain.errors import RoctaError
from ...domain.impact import DisruptionStatus, ImpactGrade
from ...domain.markings import Marking, highest
from ...domain.reference import ReferenceData
from ...domain.subjects import SubjectKind
from ...domain.tables import parse_period
from ...domain.users import Permission
from ...services import impact, reference_data
from ...services.impact import ChartFilter
from ...services.permissions import allowed
from ..charts import ChartWidget, render_png
from ..forms import focusables, in_slot, polish, tab_order
from ..forms.ui_impact import Ui_ImpactPage
from ..kit.columns import ColumnMenu
from ..kit.dates import show_date
from ..kit.fields import fill_combo
from ..notifier import ChangeNotifier
from ..ops import Runner
from ..prompts import Prompts
from ..widgets import clearable, open_kept
from .dialogs import DisruptionDialog, PlanPanel, PracticeDialog, SubjectField

S = DisruptionStatus
FILTERS = [("Awaiting approval", (S.SUBMITTED,)), ("Drafts and returned", (S.DRAFT, S.RETURNED)),
           ("Approved", (S.APPROVED,)), ("All disruptions", None)]
COLUMNS = ["Reference", "Date", "Subject", "Name", "4P", "Impact", "Tactic", "Lead", "Contributing", "Status",
           "Marking"]
#: the disruptions in a narrow window (1180 pixels wide): these left out first, least important first,
#: until the rest fit (the Columns menu shows them again: the subject's name is always there); these
#: narrowed, cut with an ellipsis and whole in the tooltip, before any is left out
OPTIONAL = ("Contributing", "Subject", "Lead")
FLEXIBLE = {"Name": 1.8, "Tactic": 1.6, "Contributing": 1.2, "Status": 1.2}
FIXED = ("Reference", "Name")
COLUMNS_SETTING = "impact/disruption_hidden_columns"
CHARTS = [("over_time", "Disruptions by 4P category"), ("by_grade", "Disruptions by impact"),
          ("by_agency", "Disruptions by agency"), ("outcomes", "Outcomes"), ("threat", "Threat picture"),
          ("matrix", "Risk matrix")]


class ImpactPage(QWidget):
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Impact"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Impact page")
        self.dialogs: list[QWidget] = []
        self.ui = Ui_ImpactPage()
        self.ui.setupUi(self)  # the layout: ui/impact.ui (the 4P plans tab, the charts and the grades are added here)
        polish(self)
        ui = self.ui
        self.new_button = ui.new_button
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))

        # disruptions
        self.filter = fill_combo(ui.filter, [(label, i) for i, (label, _) in enumerate(FILTERS)])
        if not allowed(ws.actor, Permission.APPROVE):
            self.filter.setCurrentIndex(3)
        self.table = ui.table
        self.table.configure("Disruptions", COLUMNS)
        self.table.fit_columns(FLEXIBLE, optional=OPTIONAL)   # never scrolled sideways (#22)
        self.columns = ColumnMenu(ui.columns_button, self.table, "disruption list", COLUMNS_SETTING, fixed=FIXED)
        self.count, self.open_button = ui.count, ui.open_button

        # dashboard
        self.period = ui.period
        self.period.setText("2026")
        self.force = fill_combo(ui.force, [("All forces", None)] + [
            (f"{f['code']} {f['name']}", f["id"]) for f in ws.read(reference_data.listing, ReferenceData.FORCE)])
        self.kind = fill_combo(ui.kind, [("All subjects", None)] + [(k.label, k.value) for k in SubjectKind])
        self.apply_button, self.period_error, self.contribution = ui.apply_button, ui.period_error, ui.contribution
        self.charts: dict[str, ChartWidget] = {}
        self.export_buttons: dict[str, QPushButton] = {}
        for key, _title in CHARTS:
            self.charts[key] = in_slot(getattr(ui, f"{key}_chart_slot"), ChartWidget())
            self.charts[key].setMinimumHeight(260)
            export = self.export_buttons[key] = getattr(ui, f"{key}_export_button")
            export.clicked.connect(lambda _c=False, k=key: self.export_chart(k))
        self.timeline_subject = in_slot(ui.timeline_subject_slot, SubjectField(ws, "Timeline subject"))
        self.timeline = in_slot(ui.timeline_slot, ChartWidget())
        self.timeline.setMinimumHeight(240)
        self.dashboard_tab = ui.dashboard_tab

        # plans, practice, grades
        self.plans = PlanPanel(ws, prompts=self.prompts)
        self.practice_search = clearable(ui.practice_search, "Clear best practice search")
        self.practice = ui.practice
        self.practice.configure("Best practice", ["Reference", "Title", "Against", "Tags", "Contact", "Marking"])
        self.new_practice, self.open_practice = ui.new_practice, ui.open_practice
        self.grade_edits: dict[ImpactGrade, QPlainTextEdit] = {}
        self._grades_shown: dict[ImpactGrade, str] = {}   # what each field was given, to tell an edit
        for g in reversed(ImpactGrade):
            edit = QPlainTextEdit()
            edit.setAccessibleName(f"Definition of a {g.value} disruption")
            edit.setFixedHeight(60)
            edit.setEnabled(allowed(ws.actor, Permission.MANAGE_REFERENCE_DATA))
            ui.grade_rows.addWidget(QLabel(g.label))
            ui.grade_rows.addWidget(edit)
            self.grade_edits[g] = edit
        self.save_grades = ui.save_grades
        self.save_grades.setEnabled(allowed(ws.actor, Permission.MANAGE_REFERENCE_DATA))
        self.grade_ops = Runner(self, ws, prompts=self.prompts, title="Grade definitions", buttons=[self.save_grades])
        self.tabs = ui.tabs
        self.tabs.insertTab(2, self.plans, "4&P plans")
        tab_order(ui.matrix_export_button, *focusables(self.timeline_subject), *focusables(self.timeline),
                  *focusables(self.plans), ui.practice_search, ui.practice, ui.new_practice, ui.open_practice,
                  *self.grade_edits.values(), ui.save_grades)

        self.new_button.clicked.connect(lambda: self.new_disruption())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_disruption)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.itemActivated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.apply_button.clicked.connect(lambda: self.refresh_dashboard())
        self.period.returnPressed.connect(self.refresh_dashboard)
        self.timeline_subject.changed.connect(lambda _sid: self.refresh_timeline())
        self.practice_search.textChanged.connect(lambda _t: self.refresh_practice())
        self.new_practice.clicked.connect(lambda: self.edit_practice(None))
        self.open_practice.clicked.connect(lambda: self.edit_practice(self.practice.current_id()))
        self.practice.itemActivated.connect(lambda _i: self.edit_practice(self.practice.current_id()))
        self.save_grades.clicked.connect(lambda: self.save_grade_definitions())
        self._dashboard_stale = True
        self.tabs.currentChanged.connect(self._tab_shown)
        notifier.changed.connect(lambda areas: self.refresh() if {"disruption", "plan", "practice", "assessment"}
                                 & set(areas) else None)
        self.refresh()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        rows = self.ws.read(impact.listing, statuses=FILTERS[self.filter.currentIndex()][1])
        self.rows = {r["id"]: r for r in rows}
        self.table.fill([[r["reference"], show_date(r["occurred_on"]), r["subject_reference"],
                          r["subject_name"], r["four_p"].label, r["grade"].label, r["tactic"], r["lead_agency"] or "",
                          ", ".join(a for a in r["agencies"] if a), r["status"].label, r["marking"].value]
                         for r in rows], [r["id"] for r in rows])
        self.count.setText(f"{len(rows)} disruption{'s' if len(rows) != 1 else ''}")
        self.marking = highest([r["marking"] for r in rows], Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)
        self._dashboard_stale = True  # the charts read every disruption and subject: drawn when looked at
        if self.tabs.currentWidget() is self.dashboard_tab and self.isVisible():
            self.refresh_dashboard()
        self.refresh_practice()
        for g, (text, _own) in self.ws.read(impact.grade_guidance).items():
            edit = self.grade_edits[g]
            if edit.toPlainText() == self._grades_shown.get(g, ""):  # never over what is being typed
                edit.setPlainText(text)
            self._grades_shown[g] = text

    def show_view(self, view: str) -> None:
        """"approval": disruptions awaiting approval; "approved": approved ones; "plans": the 4P plans."""
        if view == "plans":
            self.tabs.setCurrentWidget(self.plans)
            return
        self.tabs.setCurrentIndex(0)
        self.filter.setCurrentIndex(next(i for i, (label, _) in enumerate(FILTERS)
                                         if label == ("Approved" if view == "approved" else "Awaiting approval")))

    def chart_filter(self) -> ChartFilter | None:
        text = self.period.text().strip()
        try:
            start, end, _label = parse_period(text) if text else (None, None, "")
        except ValueError as exc:
            self.period_error.setText(str(exc))
            self.period_error.show()
            return None
        self.period_error.hide()
        return ChartFilter(start, end, self.force.currentData(), self.kind.currentData())

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.dashboard_tab and self._dashboard_stale:
            self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        flt = self.chart_filter()
        if flt is None:
            return
        self._dashboard_stale = False
        specs = {
            "over_time": self.ws.read(impact.disruptions_over_time, flt),
            "by_grade": self.ws.read(impact.disruptions_over_time, flt, by="grade"),
            "by_agency": self.ws.read(impact.by_agency, flt),
            "outcomes": self.ws.read(impact.outcome_totals, flt)[1],
            "threat": self.ws.read(impact.threat_picture, flt),
            "matrix": self.ws.read(impact.risk_matrix, flt),
        }
        for key, spec in specs.items():
            self.charts[key].set_spec(spec)
        c = self.ws.read(impact.rocu_contribution, flt)
        self.contribution.setText(f"{c['disruptions']} approved disruptions; the ROCU led {c['rocu_led']} and "
                                  f"contributed to {c['rocu_contributed']} more.")
        self.refresh_timeline()

    def refresh_timeline(self) -> None:
        sid = self.timeline_subject.subject_id
        self.timeline.set_spec(self.ws.read(impact.subject_timeline, sid) if sid else None)

    def refresh_practice(self) -> None:
        rows = self.ws.read(impact.search_practice, self.practice_search.text())
        self.practice_rows = {r["id"]: r for r in rows}
        self.practice.fill([[r["reference"], r["title"], r["subject"] or "", r["tags"] or "", r["contact"] or "",
                             r["marking"].value] for r in rows], [r["id"] for r in rows])

    # ------------------------------------------------------------------ actions
    def _show(self, dialog: QWidget) -> Any:
        return open_kept(self.dialogs, dialog)

    def new_disruption(self, subject_id: int | None = None) -> DisruptionDialog:
        return self._show(DisruptionDialog(self.ws, prompts=self.prompts, subject_id=subject_id, parent=self))

    def open_selected(self) -> DisruptionDialog | None:
        return self.open_disruption(self.table.current_id())

    def open_disruption(self, ident: int | None) -> DisruptionDialog | None:
        return None if ident is None else self._show(DisruptionDialog(self.ws, ident, prompts=self.prompts,
                                                                      parent=self))

    def edit_practice(self, ident: int | None) -> PracticeDialog:
        dialog = PracticeDialog(self.ws, self.practice_rows.get(ident) if ident else None, prompts=self.prompts,
                                parent=self)
        dialog.accepted.connect(lambda: self.refresh_practice())
        return self._show(dialog)

    def export_chart(self, key: str, path: str | None = None) -> str | None:
        if self._dashboard_stale:
            self.refresh_dashboard()
        spec = self.charts[key].spec
        if spec is None:
            return None
        path = path or self.prompts.choose_save_file(self, "Export chart", f"{key}.png", "PNG image (*.png)")
        if not path:
            return None
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            from ...exchange.exports import save_bytes
            save_bytes(self.ws, path, render_png(spec), what="chart", marking=self.marking, counts={"charts": 1})
        except (OSError, RoctaError) as exc:
            self.prompts.warning(self, "Export chart", f"The image was not written: {exc}")
            return None
        return path

    def save_grade_definitions(self) -> bool:
        """Each grade's definition that was changed, in turn; the first refused is a warning and the
        rest wait. The texts are taken first: each write's change notice refreshes this page, which
        reads the definitions back into the fields. One left as it was is not written (the default
        wording stays the default, not the region's own)."""
        stored = self.ws.read(impact.grade_guidance)
        texts = {g: edit.toPlainText() for g, edit in self.grade_edits.items()}  # before a refresh
        for g, text in texts.items():
            if text.strip() == stored[g][0].strip():
                continue
            if not self.grade_ops.write("impact.grade_guidance", impact.set_grade_guidance, g, text).ok:
                return False
        self.prompts.information(self, "Grade definitions", "The region's definitions are saved.")
        return True

