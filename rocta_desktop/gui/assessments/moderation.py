"""Moderation figures in the Assessments area (issue #25): per analyst and per scheme, how often
assessments are returned, for which factors, and how long approval takes. Supervisors see everyone's
figures; anyone else sees their own (the service decides: services/moderation.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain import clock
from ...services.moderation import moderation_figures
from ..tables import RecordTable

COLUMNS = ["Submitted", "Approved", "Returned", "Return rate", "Returns", "Returned for (factor: returns)",
           "Median days to approval", "Longest", "Days awaiting a decision"]
PERIODS = [("All time", None), ("Last 90 days", 90), ("Last 12 months", 365)]


def _days(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


def _row(f: dict[str, Any]) -> list[Any]:
    rate = f["return_rate"]
    factors = ", ".join(f"{x['factor']}: {x['returns']}" for x in f["factors"][:5])
    if len(f["factors"]) > 5:
        factors += f" and {len(f['factors']) - 5} more"
    return [f["key"], f["submitted"], f["approved"], f["returned"], "" if rate is None else f"{rate:.0%}",
            f["returns"], factors, _days(f["median_days"]), _days(f["longest_days"]), _days(f["mean_wait_days"])]


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
        self.per_analyst = RecordTable("Moderation by analyst", ["Analyst", *COLUMNS])
        self.per_scheme = RecordTable("Moderation by scheme", ["Scheme", *COLUMNS])
        self.returned = RecordTable("Assessments returned", ["Reference", "Analyst", "Scheme", "Returns",
                                                             "Factors each return led to", "Days to approval"])
        top = QHBoxLayout()
        top.addWidget(self.scope, 1)
        period = QLabel("&Period:")
        period.setBuddy(self.period)
        top.addWidget(period)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for title, table, stretch in (("By analyst", self.per_analyst, 2), ("By scheme", self.per_scheme, 1),
                                      ("Assessments returned for changes", self.returned, 2)):
            heading = QLabel(title)
            heading.setObjectName("subheading")
            layout.addWidget(heading)
            layout.addWidget(table, stretch)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        # read when its tab is first shown (the Assessments page asks): refresh()

    def refresh(self) -> None:
        back = PERIODS[self.period.currentIndex()][1]
        since = clock.today() - dt.timedelta(days=back) if back else None
        data = self.ws.read(moderation_figures, since=since)
        self.data = data
        who = ("every analyst's assessments you may see" if data["scope"] == "everyone"
               else "your own assessments only (supervisors see every analyst's)")
        self.scope.setText(f"{data['assessments']} assessments submitted for approval: {who}. A factor counts for a "
                           "return when the analyst changed it before resubmitting, or the comment names it.")
        self.per_analyst.fill([_row(f) for f in data["per_analyst"]], list(range(len(data["per_analyst"]))))
        self.per_scheme.fill([_row(f) for f in data["per_scheme"]], list(range(len(data["per_scheme"]))))
        self.returned.fill([[r["reference"], r["analyst"], r["scheme"], len(r["returns"]),
                             " | ".join(", ".join(x) or "(none named or changed)" for x in r["returns"]),
                             _days(r["days_to_approval"])] for r in data["returned"]],
                           list(range(len(data["returned"]))))
