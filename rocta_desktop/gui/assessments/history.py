"""A subject's assessments: the trend of score and band over time per method, every version in a
table, the latest MoRiLE and OCGM side by side (flagged where they disagree), and a button to
start an assessment. Shown as a tab of the register record view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ...domain.approval import AssessmentStatus
from ...domain.subjects import SubjectKind
from ...domain.users import Permission
from ...services import assessments, registers
from ...services.permissions import allowed
from ..kit.columns import ColumnMenu
from ..kit.dates import show_date, show_month
from ..prompts import Prompts
from ..tables import RecordTable
from .page import assessment_window, score_text
from .wizard import AssessmentWizard

COLOURS = {"MoRiLE": QColor("#2d5f8b"), "OCGM": QColor("#b5651d")}
FALLBACK = QColor("#52606d")


@dataclass(frozen=True)
class Point:
    when: dt.date
    lo: float
    hi: float
    label: str          # band
    approved: bool


@dataclass(frozen=True)
class Series:
    method: str
    top: float          # the highest score the scheme can give: the chart's scale for this method
    points: list[Point]


class TrendChart(QWidget):
    """Score over time, one line per method, each on its own scheme's scale (0 to its maximum),
    so the lines show direction and relative position. A range bar marks unknown factors;
    hollow points are not approved yet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.series: list[Series] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Assessment trend chart")

    def set_series(self, series: list[Series]) -> None:
        self.series = series
        described = []
        for s in series:
            steps = ", ".join(f"{show_month(p.when)} {p.label}" for p in s.points)
            described.append(f"{s.method}: {steps}")
        self.setAccessibleDescription("; ".join(described) or "No assessments yet")
        self.update()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(44, 12, -16, -28)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#c3cbd3"), 1))
        p.drawRect(area)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        p.setFont(small)
        dates = [pt.when for s in self.series for pt in s.points]
        if not dates:
            p.setPen(QColor("#52606d"))
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, "No assessments yet")
            return
        first, last = min(dates), max(dates)
        span = max((last - first).days, 1)

        def x(day: dt.date) -> float:
            if first == last:
                return area.center().x()
            return area.left() + 12 + (area.width() - 24) * (day - first).days / span

        def y(value: float, top: float) -> float:
            return area.bottom() - area.height() * (value / top if top else 0)

        p.setPen(QColor("#52606d"))
        for frac, text in ((0, "low"), (0.5, "mid"), (1, "high")):
            yy = area.bottom() - area.height() * frac
            p.drawText(QRectF(0, yy - 8, 40, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        p.drawText(QRectF(area.left(), area.bottom() + 4, 120, 18), Qt.AlignmentFlag.AlignLeft, show_date(first))
        if first != last:
            p.drawText(QRectF(area.right() - 120, area.bottom() + 4, 120, 18), Qt.AlignmentFlag.AlignRight,
                       show_date(last))
        legend_x = area.left() + 140
        for s in self.series:
            colour = COLOURS.get(s.method, FALLBACK)
            pen = QPen(colour, 2)
            p.setPen(pen)
            mids = [QPointF(x(pt.when), y((pt.lo + pt.hi) / 2, s.top)) for pt in s.points]
            for a, b in zip(mids, mids[1:]):
                p.drawLine(a, b)
            for pt, mid in zip(s.points, mids):
                if pt.lo != pt.hi:
                    p.drawLine(QPointF(mid.x(), y(pt.lo, s.top)), QPointF(mid.x(), y(pt.hi, s.top)))
                p.setBrush(colour if pt.approved else QColor("#ffffff"))
                p.drawEllipse(mid, 4, 4)
                p.drawText(QRectF(mid.x() + 6, mid.y() - 16, 110, 14), Qt.AlignmentFlag.AlignLeft, pt.label)
            p.drawText(QRectF(legend_x, area.bottom() + 4, 120, 18), Qt.AlignmentFlag.AlignLeft, f"\u25cf {s.method}")
            legend_x += 90
        p.end()


COLUMNS = ["Reference", "Method", "Version", "Status", "Score", "Band", "Priority", "Unknown", "Marking", "Updated",
           "Author"]
#: in the record window (720 pixels wide) these are left out first, least important first, until the
#: rest fit (its Columns menu shows them again); these are cut with an ellipsis, whole in the tooltip
OPTIONAL = ("Unknown", "Version", "Updated", "Author", "Score")
FLEXIBLE = {"Band": 1.2, "Status": 1.2, "Author": 1.2}
FIXED = ("Reference", "Method")   # what identifies a row: always shown
COLUMNS_SETTING = "record/assessment_hidden_columns"


class AssessmentHistoryPanel(QWidget):
    """Opens the wizard (new, or a draft) and the review dialog itself; reloads on change notices
    passed to `reload` by its owner. `subject`: the record as the register gives it (its kind and a
    nominal's groups), when the owner has it already; read otherwise."""

    def __init__(self, ws: Any, subject_id: int, *, prompts: Prompts | None = None, parent: QWidget | None = None,
                 subject: dict[str, Any] | None = None):
        super().__init__(parent)
        self.ws, self.subject_id = ws, subject_id
        self.prompts = prompts or Prompts()
        self.windows: list[QWidget] = []
        self.setAccessibleName("Assessment history")
        self.chart = TrendChart()
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setAccessibleName("MoRiLE and OCGM compared")
        self.subject = subject
        self.table = RecordTable("Assessments of this subject", COLUMNS)   # the subject is this record
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns(FLEXIBLE, optional=OPTIONAL)   # never scrolled sideways (#22)
        self.columns_button = QPushButton("C&olumns")
        self.columns_button.setAccessibleName("Choose assessment history columns")
        self.columns = ColumnMenu(self.columns_button, self.table, "assessment history", COLUMNS_SETTING, fixed=FIXED)
        self.new_button = QPushButton("&New assessment...")
        self.new_button.setAccessibleName("New assessment of this subject")
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        self.open_button = QPushButton("Open assess&ment")
        self.open_button.setAccessibleName("Open selected assessment")
        self.pack_button = QPushButton("Print &pack...")
        self.pack_button.setAccessibleName("Preview and print the assessment pack")
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart)
        layout.addWidget(self.comparison)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.columns_button)
        row.addWidget(self.pack_button)
        layout.addLayout(row)
        self.new_button.clicked.connect(lambda: self.new_assessment())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.pack_button.clicked.connect(lambda: self.preview_pack())
        self.table.itemActivated.connect(lambda _i: self.open_selected())
        self.reload()

    def new_assessment(self) -> QWidget:
        return self._show(AssessmentWizard(self.ws, subject_id=self.subject_id, prompts=self.prompts, parent=self))

    def open_selected(self) -> QWidget | None:
        ident = self.table.current_id()
        return None if ident is None else self._show(assessment_window(self.ws, ident, self.prompts, self))

    def preview_pack(self) -> QWidget:
        from ..kit.preview import pack_preview  # reportlab and PDFium load on first use
        return self._show(pack_preview(self.ws, self.subject_id, self.prompts, self))

    def _show(self, window: QWidget) -> QWidget:
        self.windows.append(window)
        window.finished.connect(lambda _r: self.reload())
        window.open()
        return window

    def reload(self) -> None:
        rows = self.ws.read(assessments.history, self.subject_id)
        self.table.fill([[r["reference"], r["method"], r["version"], r["status"].label, score_text(r), r["band"],
                          r["priority"], r["unknown_count"], r["marking"], r["updated_at"], r["created_by"]]
                         for r in rows], [r["id"] for r in rows])
        self.chart.set_series(self.ws.read(_series, self.subject_id))
        pair = self.ws.read(assessments.comparison, self.subject_id)
        if pair is None:
            approved = {r["method"] for r in rows if r["status"] is AssessmentStatus.APPROVED}
            self.comparison.setText("" if set(PAIR) <= approved else self._why_no_comparison())
            self.comparison.setStyleSheet("")
        else:
            flag = "\u26a0 " if pair.agreement.disagree else ""
            self.comparison.setText(
                f"{flag}Latest approved: MoRiLE {pair.morile['band']} ({score_text(pair.morile)}, "
                f"{pair.morile['priority'] or 'no priority'}) \u00b7 OCGM {pair.ocgm['band']} "
                f"({score_text(pair.ocgm)}). {pair.agreement.message}")
            self.comparison.setStyleSheet("color: #b42318; font-weight: 600;" if pair.agreement.disagree else "")

    def _why_no_comparison(self) -> str:
        """Why MoRiLE and OCGM are not side by side: not both approved yet, or (by the schemes
        installed) not both for this kind of subject, a nominal's groups being where to compare them."""
        if self.subject is None:
            self.subject = self.ws.read(registers.get_subject, self.subject_id)
        kind = noun = str(self.subject["kind"])   # group, nominal or vulnerability
        scope = self.ws.read(_method_kinds)
        missing = [m for m in PAIR if kind not in scope.get(m, set())]
        if not missing:
            return f"Assess this {noun} with both MoRiLE and OCGM, each approved, to compare the two methods."
        only = " and ".join(f"{m} applies to {_kinds(scope.get(m, set()))} only" for m in missing)
        groups = self.subject.get("groups") or []
        if kind != "nominal" or not groups or any("group" not in scope.get(m, set()) for m in PAIR):
            return f"{only}, so a {noun} has no second method to compare."
        named = [f"{g['reference']} {g['name']}" for g in groups[:3]]
        more = f" and {len(groups) - 3} more" if len(groups) > 3 else ""
        listed = (", ".join(named[:-1]) + " and " + named[-1]) if len(named) > 1 and not more else ", ".join(named)
        return (f"{only}: compare the two methods on the group{'s' if len(groups) > 1 else ''} this nominal "
                f"belongs to, {listed}{more}.")


PAIR = ("MoRiLE", "OCGM")   # the two methods compared side by side (services/assessments.comparison)


def _kinds(kinds: set[str]) -> str:
    """'groups', 'groups and nominals': the kinds of subject a method applies to."""
    names = [k + "s" for k in sorted(kinds)]
    return " and ".join(names) if names else "no subjects"


def _method_kinds(session: Any) -> dict[str, set[str]]:
    """Each method's kinds of subject, by the schemes installed (a ROCU may install its own)."""
    found: dict[str, set[str]] = {}
    for kind in SubjectKind:
        for scheme in assessments.schemes_for_kind(session, kind.value):
            found.setdefault(scheme.method, set()).add(kind.value)
    return found


def _series(session: Any, subject_id: int) -> list[Series]:
    """The chart's data, from the service the printed pack uses too."""
    return [Series(t["method"], t["top"], [Point(p["when"], p["lo"], p["hi"], p["band"], p["approved"])
                                           for p in t["points"]]) for t in assessments.trend(session, subject_id)]
