"""Moderation figures in the Assessments area (issue #25): per analyst and per scheme, how often
assessments are returned, for which factors, and how long approval takes. Supervisors see everyone's
figures; anyone else sees their own (the service decides: services/moderation.py).

The lists fit the window's width (#22): short headers whose tooltips say what each figure is, the
longest cells cut with an ellipsis (whole in the tooltip), the least important figures left out
while the window is too narrow, and a Columns menu; the list by scheme shows the figures the list by
analyst shows. The list of schemes is as
tall as its few rows; a scheme is shown by its method (and its title where two share a method, the
title in the tooltip), never by its internal key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain import clock
from ...services.assessments import available_schemes
from ...services.moderation import moderation_figures
from ..kit.columns import ColumnMenu
from ..tables import RecordTable

#: each figure's header, and what its header's tooltip says it is
FIGURES = {
    "Submitted": "Assessments submitted for approval",
    "Approved": "Assessments approved",
    "Returned": "Assessments returned for changes at least once",
    "Return rate": "The share of submitted assessments returned for changes at least once",
    "Returns": "Returns for changes in all (an assessment may be returned more than once)",
    "Returned for": "The factors the returns led to, each with how many returns (factor: returns)",
    "Median days": "Median days from the first submission to approval",
    "Longest": "The most days from the first submission to approval",
    "Mean wait": "Mean days from a submission to the supervisor's decision",
}
COLUMNS = list(FIGURES)
RETURNED_COLUMNS = ["Reference", "Analyst", "Scheme", "Returns", "Factors each return led to", "Days to approval"]
#: narrowed when the window is too narrow (cut with an ellipsis, whole in the tooltip), with weights
FLEXIBLE = {"Analyst": 1.4, "Scheme": 1.8, "Returned for": 2.0, "Factors each return led to": 3.0}
#: left out while the window is too narrow for them, least important first (the Columns menu has them)
OPTIONAL = ("Longest", "Returns", "Mean wait")
FIXED = ("Analyst", "Scheme")
COLUMNS_SETTING = "assessments/moderation_hidden_columns"
PERIODS = [("All time", None), ("Last 90 days", 90), ("Last 12 months", 365)]
#: the list of schemes shows this many rows at least, and grows to show up to the most before it scrolls
SCHEME_ROWS = (3, 6)


def _days(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


def _row(f: dict[str, Any], key: str | None = None) -> list[Any]:
    rate = f["return_rate"]
    factors = ", ".join(f"{x['factor']}: {x['returns']}" for x in f["factors"][:5])
    if len(f["factors"]) > 5:
        factors += f" and {len(f['factors']) - 5} more"
    return [key or f["key"], f["submitted"], f["approved"], f["returned"], "" if rate is None else f"{rate:.0%}",
            f["returns"], factors, _days(f["median_days"]), _days(f["longest_days"]), _days(f["mean_wait_days"])]


def _explain_headers(table: RecordTable, tips: dict[str, str]) -> None:
    for c in range(table.columnCount()):
        item = table.horizontalHeaderItem(c)
        if item is not None and item.text() in tips:
            item.setToolTip(tips[item.text()])


class ModerationPanel(QWidget):
    def __init__(self, ws: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setAccessibleName("Moderation figures panel")
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.scope.setAccessibleName("Whose figures are shown")
        self.period = QComboBox()
        self.period.setAccessibleName("Moderation period")
        for label, _days_back in PERIODS:
            self.period.addItem(label)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAccessibleName("Refresh moderation figures")
        self.columns_button = QPushButton("Co&lumns")
        self.columns_button.setAccessibleName("Choose moderation figure columns")
        self.per_analyst = RecordTable("Moderation by analyst", ["Analyst", *COLUMNS])
        self.per_scheme = RecordTable("Moderation by scheme", ["Scheme", *COLUMNS])
        self.returned = RecordTable("Assessments returned", RETURNED_COLUMNS)
        for table in (self.per_analyst, self.per_scheme):
            _explain_headers(table, FIGURES)
            table.fit_columns({k: w for k, w in FLEXIBLE.items() if k in table.headers()}, optional=OPTIONAL,
                              stretch="Returned for")   # the spare width to the factors
        self.returned.fit_columns({k: w for k, w in FLEXIBLE.items() if k in RETURNED_COLUMNS},
                                  stretch="Factors each return led to")
        self.columns = ColumnMenu(self.columns_button, self.per_analyst, "moderation figure", COLUMNS_SETTING,
                                  fixed=FIXED)
        self.per_analyst.columns_changed.connect(self._same_columns)
        self._same_columns()
        top = QHBoxLayout()
        top.addWidget(self.scope, 1)
        period = QLabel("&Period:")
        period.setBuddy(self.period)
        top.addWidget(period)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)
        top.addWidget(self.columns_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for title, table, stretch in (("By analyst", self.per_analyst, 2), ("By scheme", self.per_scheme, 0),
                                      ("Assessments returned for changes", self.returned, 2)):
            heading = QLabel(title)
            heading.setObjectName("subheading")
            layout.addWidget(heading)
            layout.addWidget(table, stretch)
        self._fit_scheme_height(0)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        # read when its tab is first shown (the Assessments page asks): refresh()

    def _same_columns(self) -> None:
        """The list by scheme shows the figures the list by analyst shows (the width's or the person's choice)."""
        shown = set(self.per_analyst.shown_columns())
        self.per_scheme.choose_columns({n for n in self.per_analyst.headers() if n not in shown})

    def _fit_scheme_height(self, rows: int) -> None:
        """The list of schemes as tall as its rows (within SCHEME_ROWS): every scheme in view, no scrolling."""
        table = self.per_scheme
        least, most = SCHEME_ROWS
        row = table.rowHeight(0) if table.rowCount() else table.verticalHeader().defaultSectionSize()
        height = (table.horizontalHeader().sizeHint().height() + min(max(rows, least), most) * row
                  + 2 * table.frameWidth())
        table.setFixedHeight(height)

    def _scheme_names(self) -> dict[str, tuple[str, str]]:
        """Each scheme's key (what the figures are counted by): its name on screen, its method (with its
        title where two schemes share the method), and its tooltip, its method and title as the wizard
        shows them."""
        schemes = {s.id: s for s in self.ws.read(available_schemes, include_retired=True)}  # the newest version
        methods = [s.method for s in schemes.values()]
        return {key: (s.method if methods.count(s.method) == 1 else f"{s.method}: {s.title}", f"{s.method}: {s.title}")
                for key, s in schemes.items()}

    def refresh(self) -> None:
        back = PERIODS[self.period.currentIndex()][1]
        since = clock.today() - dt.timedelta(days=back) if back else None
        data = self.ws.read(moderation_figures, since=since)
        self.data = data
        names = self._scheme_names()
        who = ("every analyst's assessments you may see" if data["scope"] == "everyone"
               else "your own assessments only (supervisors see every analyst's)")
        self.scope.setText(f"{data['assessments']} assessments submitted for approval: {who}. A factor counts for a "
                           "return when the analyst changed it before resubmitting, or the comment names it.")
        self.per_analyst.fill([_row(f) for f in data["per_analyst"]], list(range(len(data["per_analyst"]))))
        self.per_scheme.fill([_row(f, names.get(f["key"], (f["key"], ""))[0]) for f in data["per_scheme"]],
                             list(range(len(data["per_scheme"]))))
        self._fit_scheme_height(len(data["per_scheme"]))
        self.returned.fill([[r["reference"], r["analyst"], names.get(r["scheme"], (r["scheme"], ""))[0],
                             len(r["returns"]),
                             " | ".join(", ".join(x) or "(none named or changed)" for x in r["returns"]),
                             _days(r["days_to_approval"])] for r in data["returned"]],
                           list(range(len(data["returned"]))))
        for table, keys, column in ((self.per_scheme, [f["key"] for f in data["per_scheme"]], 0),
                                    (self.returned, [r["scheme"] for r in data["returned"]], 2)):
            for r in range(table.rowCount()):   # the rows are in the service's order until a header is clicked
                tip = names.get(keys[table.item(r, 0).data(Qt.ItemDataRole.UserRole)], ("", ""))[1]
                if tip:
                    table.item(r, column).setToolTip(tip)
