"""The Tasking area: the priority list (with what changed since the last T&CG), the tasking board,
T&CG meetings, and capacity against demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.fourp import FourP
from ...domain.markings import Marking, highest
from ...domain.reference import ReferenceData
from ...domain.subjects import ManagementLevel, SubjectKind
from ...domain.tasking import BOARD_ORDER, PRIORITIES, TRANSITIONS, Change, TaskStatus, neighbour
from ...domain.users import Permission
from ...services import reference_data, tasking
from ...services import settings as app_settings
from ...services.permissions import allowed
from ..kit.dates import show_date
from ..kit.ranked import RankedTable
from ..notifier import ChangeNotifier
from ..ops import Runner
from ..prompts import Prompts
from ..tables import RecordTable
from ..widgets import open_kept
from .board import BoardColumn, ColumnBox, folded_statuses, remember_folded
from .meeting_dialog import MeetingDialog, NewMeetingDialog
from .request_dialog import RequestDialog, combo

NEEDS_INTELLIGENCE = "#9a5b00"


def _priority_text(row: dict[str, Any]) -> str:
    """A priority as the list shows it: a range across priorities says it needs intelligence."""
    return f"{row['priority']} \u00b7 needs intelligence" if row.get("needs_intelligence") else row["priority"] or ""


PRIORITY_COLUMNS = ["Rank", "Change", "Reference", "Name", "Kind", "Priority", "MoRiLE", "OCGM", "Confidence",
                    "Level", "Owner", "LRO", "Review due", "Marking"]
#: what the priority list shows until the analyst chooses (the rest are in its Columns menu): it fits
#: a 1180-pixel window without scrolling sideways
PRIORITY_HIDDEN = ("Kind", "OCGM", "Confidence", "LRO")   # the kind: its filter, and the reference says it
#: the columns narrowed (cut with an ellipsis, whole in the tooltip) when the list is wider than the
#: window, with their weights (the name keeps the most)
PRIORITY_FLEXIBLE = {"Name": 1.8, "Kind": 1.0, "Priority": 1.0, "MoRiLE": 1.0, "OCGM": 1.0, "Owner": 1.0,
                     "LRO": 1.2, "Confidence": 1.0}
PRIORITY_SETTING = "tasking/priority_hidden_columns"
SHORT_KIND = {SubjectKind.GROUP: "Group", SubjectKind.NOMINAL: "Nominal", SubjectKind.VULNERABILITY: "Vulnerability"}
MEETING_COLUMNS = ["Reference", "Date", "Type", "Level", "Force", "Subjects", "Decisions", "Actions", "Status"]
#: the capacity list's headers, and what each one's tooltip says it is: short, so that the list fits
#: a 1180-pixel window without scrolling sideways (#22)
CAPACITY_HEADERS = {
    "Unit": "The unit's code",
    "Name": "The unit's name",
    "Owner": "The force or agency the unit belongs to",
    "Threats": "Threats owned (the active subjects the unit owns) / the unit's capacity in threats",
    "P1": "Threats owned at priority P1",
    "P2": "Threats owned at priority P2",
    "P3": "Threats owned at priority P3",
    "P4": "Threats owned at priority P4",
    "Hours": "Committed hours (the estimated effort of accepted tasking not yet closed) / capacity in hours",
    "Pending": "Hours of the unit's tasking requests awaiting T&CG",
    "Requests": "The unit's tasking requests still open",
    "Status": "Within capacity, over in threats or in hours, or over-committed in both",
}
CAPACITY_COLUMNS = list(CAPACITY_HEADERS)
#: the columns narrowed (cut with an ellipsis, whole in the tooltip) when the list is wider than the window
CAPACITY_FLEXIBLE = {"Name": 2.0, "Status": 1.4}
UNOWNED_FLEXIBLE = {"Name": 2.0}
UNOWNED_COLUMNS = ["Rank", "Reference", "Name", "Priority", "MoRiLE", "Lead force", "Level"]
CHANGE_COLOURS = {Change.NEW: "#e3eefa", Change.UP: "#e3f4e8", Change.DOWN: "#fdf1de", Change.ARCHIVED: "#eceff2"}
OVER = QColor("#b42318")
AREAS = {"tasking", "tcg_meeting", "assessment", "subject", "group", "nominal", "vulnerability", "unit", "force",
         "agency"}


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _scores(score: Any, band: str | None) -> str:
    text = tasking.score_text(score)
    return f"{text} ({band})" if text and band else text


def _over(unit: dict[str, Any]) -> str:
    """A unit's capacity status, short enough to be read whole in its column."""
    if not unit["over"]:
        return "Within capacity"
    if unit["over_threats"] and not unit["over_hours"]:
        return "Over in threats"
    return "Over in hours" if unit["over_hours"] and not unit["over_threats"] else "Over-committed"


# ------------------------------------------------------------------ capacity chart

class CapacityChart(QWidget):
    """Bars of threats owned against capacity, one row per unit; over-committed units in red."""

    def __init__(self) -> None:
        super().__init__()
        self.units: list[dict[str, Any]] = []
        self.setAccessibleName("Capacity chart")
        self.setMinimumHeight(120)

    def set_units(self, units: list[dict[str, Any]]) -> None:
        self.units = units
        self.setMinimumHeight(30 + 26 * max(1, len(units)))
        self.setAccessibleDescription("; ".join(f"{u['code']}: {u['threats']} threats of {u['capacity_threats']}, "
                                                f"{u['committed_hours']} hours of {u['capacity_hours']}"
                                                for u in units))
        self.update()

    @staticmethod
    def _figures(unit: dict[str, Any]) -> str:
        return (f"{unit['threats']}/{unit['capacity_threats']}  "
                f"({unit['committed_hours']}/{unit['capacity_hours']} h)")

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        p.setFont(font)
        left, right, top, row_h = 110, 16, 22, 26
        metrics = p.fontMetrics()
        room = max([0] + [metrics.horizontalAdvance(self._figures(u)) + 8 for u in self.units])  # beside the bars
        width = max(10, self.width() - left - right - room)
        p.setPen(QColor("#52606d"))
        p.drawText(left, 14, "Threats owned (bar) against capacity (mark); hours in brackets")
        scale = max([1] + [max(u["threats"], u["capacity_threats"]) for u in self.units])
        for i, u in enumerate(self.units):
            y = top + i * row_h
            p.setPen(QColor("#1f2933"))
            p.drawText(QRectF(0, y, left - 8, row_h - 6), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       u["code"])
            bar = width * u["threats"] / scale
            p.fillRect(QRectF(left, y + 3, bar, row_h - 12), QColor("#b42318" if u["over"] else "#2d5f8b"))
            cap_x = left + width * u["capacity_threats"] / scale
            p.setPen(QPen(QColor("#1f2933"), 2))
            p.drawLine(int(cap_x), y, int(cap_x), y + row_h - 6)
            p.setPen(QColor("#1f2933"))
            p.drawText(int(max(left + bar, cap_x) + 6), y + row_h - 10, self._figures(u))
        p.end()


# ------------------------------------------------------------------ the page

class TaskingPage(QWidget):
    marking_changed = Signal(object)
    open_subject = Signal(object, int)  # SubjectKind, id

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.today = today
        self.title = "Tasking"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Tasking page")
        self.dialogs: list[QWidget] = []
        self.can_edit = allowed(ws.actor, Permission.EDIT_RECORDS)
        # a move the rules refuse is said in one warning; the Move button's state follows the
        # selection (set again after the move), so it is not handed to the runner
        self.moves = Runner(self, ws, prompts=self.prompts, title="Cannot move the request")

        heading = QLabel("Tasking")
        heading.setObjectName("heading")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Tasking views")
        self.tabs.addTab(self._priority_tab(), "P&riority list")
        self.tabs.addTab(self._board_tab(), "&Board")
        self.tabs.addTab(self._meetings_tab(), "Mee&tings")
        self.tabs.addTab(self._capacity_tab(), "Ca&pacity")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._stale: set[int] = set()
        self._markings: dict[int, list[Marking]] = {}
        self.tabs.currentChanged.connect(self._show_tab)
        notifier.changed.connect(self._on_change)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _filter_row(self, pairs: list[tuple[str, QComboBox]], extra: QWidget | None = None) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, box in pairs:
            row.addWidget(_label(text, box))
            row.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addStretch(1)
        if extra is not None:
            row.addWidget(extra)
        return row

    def _forces(self) -> list[tuple[str, int]]:
        return [(f"{r['code']}", r["id"]) for r in self.ws.read(reference_data.listing, ReferenceData.FORCE)]

    def _priority_tab(self) -> QWidget:
        self.p_force = combo("Filter by lead force", self._forces(), none="All forces")
        self.p_level = combo("Filter by management level", [(m.value.capitalize(), m) for m in ManagementLevel],
                             none="All levels")
        self.p_kind = combo("Filter by kind", [(k.label, k) for k in SubjectKind], none="All kinds")
        self.p_crime = combo("Filter by crime type", [(c["name"], c["code"]) for c in
                                                      self.ws.read(reference_data.crime_types)], none="All crime types")
        self.p_unassessed = QCheckBox("Include subjects not yet &assessed")
        self.p_unassessed.setAccessibleName("Include subjects not yet assessed")
        self.p_unassessed.setToolTip("Active subjects with no approved assessment rank last, by reference; on a "
                                     "large register there are tens of thousands of them")
        self.p_count = QLabel()
        self.p_count.setAccessibleName("Priority list count")
        self.p_changes = QLabel()
        self.p_changes.setObjectName("muted")
        self.p_changes.setWordWrap(True)
        self.p_changes.setAccessibleName("Changes since the last T&CG")
        self.p_table = RankedTable("Priority list", PRIORITY_COLUMNS)
        self.p_columns = QPushButton("Co&lumns")
        self.p_columns.setAccessibleName("Choose priority list columns")
        self.p_columns.setToolTip("Show or hide columns of the priority list")
        self.p_column_menu = QMenu(self.p_columns)
        self.p_column_menu.setAccessibleName("Priority list columns")
        hidden = QSettings().value(PRIORITY_SETTING, None)
        hidden = list(PRIORITY_HIDDEN) if hidden is None else ([hidden] if isinstance(hidden, str) else list(hidden))
        self.p_column_actions: dict[str, Any] = {}
        for c, name in enumerate(PRIORITY_COLUMNS):
            action = self.p_column_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name not in hidden)
            action.setEnabled(name not in ("Rank", "Reference", "Name"))  # what identifies a row stays
            action.toggled.connect(lambda on, c=c: self._show_priority_column(c, on))
            self.p_column_actions[name] = action
            self.p_table.setColumnHidden(c, name in hidden and name not in ("Rank", "Reference", "Name"))
        self.p_columns.setMenu(self.p_column_menu)
        header = self.p_table.horizontalHeader()   # and on a right-click of its headers, as every other list has it
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda at: self.p_column_menu.popup(header.mapToGlobal(at)))
        self.p_new = QPushButton("&New request for subject...")
        self.p_new.setAccessibleName("New tasking request for the selected subject")
        self.p_new.setEnabled(self.can_edit)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(self._filter_row([("Force", self.p_force), ("Level", self.p_level), ("Kind", self.p_kind),
                                        ("Crime type", self.p_crime)]))
        counts = QHBoxLayout()
        counts.addWidget(self.p_unassessed)
        counts.addStretch(1)
        counts.addWidget(self.p_count)
        counts.addWidget(self.p_columns)
        lay.addLayout(counts)
        self.p_unassessed.toggled.connect(lambda _on: self.refresh())
        lay.addWidget(self.p_changes)
        lay.addWidget(self.p_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.p_new)
        row.addStretch(1)
        lay.addLayout(row)
        self.p_new.clicked.connect(lambda: self.new_request(self.p_table.current_id()))
        self.p_table.itemActivated.connect(lambda _i: self._open_subject_row())
        return tab

    def _show_priority_column(self, column: int, shown: bool) -> None:
        self.p_table.setColumnHidden(column, not shown)
        QSettings().setValue(PRIORITY_SETTING, [n for n, a in self.p_column_actions.items() if not a.isChecked()]
                             or "")
        self.p_table.fit_columns(PRIORITY_FLEXIBLE)

    def _board_tab(self) -> QWidget:
        self.b_unit = combo("Filter board by owner unit",
                            [(r["code"], r["id"]) for r in self.ws.read(reference_data.listing, ReferenceData.UNIT)],
                            none="All owners")
        self.b_force = combo("Filter board by force", self._forces(), none="All forces")
        self.b_fourp = combo("Filter board by 4P", [(p.label, p) for p in FourP], none="All 4P")
        self.b_priority = combo("Filter board by priority", [(p, p) for p in PRIORITIES], none="All priorities")
        me = self.ws.actor
        self.b_raised = combo("Filter board by who raised the request",
                              [(f"Me ({me.display_name})", me.user_id)] if me.user_id is not None else [],
                              none="Anyone")
        self.b_new = QPushButton("New re&quest...")
        self.b_new.setObjectName("primary")
        self.b_new.setAccessibleName("New tasking request")
        self.b_new.setEnabled(self.can_edit)
        self.b_open = QPushButton("&Open request")
        self.b_open.setAccessibleName("Open selected request")
        self.b_move = QPushButton("Mo&ve to...")
        self.b_move.setAccessibleName("Move selected request to")
        self.b_move.setToolTip("Move the selected card (or press Ctrl+Right / Ctrl+Left on it)")
        self.move_menu = QMenu(self.b_move)
        self.move_menu.setAccessibleName("Move to column")
        self.b_move.setMenu(self.move_menu)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.b_hint = QLabel("Drag a card to another column, or Ctrl+Right / Ctrl+Left. Enter opens it; "
                             "overdue cards have a red edge.")
        self.b_hint.setObjectName("muted")
        self.b_hint.setWordWrap(True)
        self.b_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.columns: dict[TaskStatus, BoardColumn] = {}
        self.column_boxes: dict[TaskStatus, ColumnBox] = {}
        cols = QHBoxLayout()
        cols.setSpacing(6)
        for status in BOARD_ORDER:
            column = BoardColumn(status)
            column.dropped.connect(lambda rid, st: self.move_request(rid, st))
            column.step.connect(self.step_request)
            column.itemActivated.connect(lambda item: self.open_request(item.data(Qt.ItemDataRole.UserRole)))
            column.currentItemChanged.connect(lambda cur, _prev, c=column: self._card_selected(c, cur))
            self.columns[status] = column
            box = self.column_boxes[status] = ColumnBox(column)
            cols.addWidget(box, 0 if box.foldable else 1)
        folded = folded_statuses()
        for status, box in self.column_boxes.items():
            box.set_folded(status in folded, remember=False)
            box.folded_changed.connect(self._remember_folded)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(self._filter_row([("Owner", self.b_unit), ("Force", self.b_force), ("4P", self.b_fourp),
                                        ("Priority", self.b_priority), ("Raised by", self.b_raised)]))
        lay.addLayout(cols, 1)
        row = QHBoxLayout()
        for b in (self.b_new, self.b_open, self.b_move):
            row.addWidget(b)
        row.addWidget(self.b_hint, 1)
        lay.addLayout(row)
        self.b_new.clicked.connect(lambda: self.new_request(None))
        self.b_open.clicked.connect(lambda: self.open_request(self.selected_request()))
        return tab

    def _meetings_tab(self) -> QWidget:
        self.m_table = RankedTable("T&CG meetings", MEETING_COLUMNS)
        self.m_new = QPushButton("New meetin&g...")
        self.m_new.setObjectName("primary")
        self.m_new.setAccessibleName("New T&CG meeting")
        self.m_new.setEnabled(self.can_edit)
        self.m_new.setToolTip("Record a meeting: the priority list is frozen into it as it stands now")
        self.m_open = QPushButton("Op&en meeting")
        self.m_open.setAccessibleName("Open selected meeting")
        note = QLabel("Each meeting keeps the priority list as it stood, its decisions on tasking requests "
                      "(which move the cards on the board) and its actions.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addWidget(note)
        lay.addWidget(self.m_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.m_new)
        row.addWidget(self.m_open)
        row.addStretch(1)
        lay.addLayout(row)
        self.m_new.clicked.connect(lambda: self.new_meeting())
        self.m_open.clicked.connect(lambda: self.open_meeting(self.m_table.current_id()))
        self.m_table.itemActivated.connect(lambda _i: self.open_meeting(self.m_table.current_id()))
        return tab

    def _capacity_tab(self) -> QWidget:
        self.c_note = QLabel()
        self.c_note.setWordWrap(True)
        self.c_note.setAccessibleName("Capacity summary")
        self.c_table = RecordTable("Capacity and demand by unit", CAPACITY_COLUMNS)
        for c, tip in enumerate(CAPACITY_HEADERS.values()):
            self.c_table.horizontalHeaderItem(c).setToolTip(tip)
        self.c_table.fit_columns(CAPACITY_FLEXIBLE, stretch="Name")   # never scrolled sideways (#22)
        self.c_chart = CapacityChart()
        self.c_unowned_note = QLabel()
        self.c_unowned_note.setObjectName("subheading")
        self.c_unowned = RankedTable("High-priority threats with no owner", UNOWNED_COLUMNS)
        self.c_unowned.fit_columns(UNOWNED_FLEXIBLE)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.c_note)
        self.c_table.setMinimumHeight(150)   # a few units in view whatever the chart's height
        tl.addWidget(self.c_table, 2)
        chart_scroll = QScrollArea()         # one bar a unit: a long chart scrolls, never cut
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_scroll.setAccessibleName("Capacity chart area")
        chart_scroll.setMinimumHeight(160)
        chart_scroll.setWidget(self.c_chart)
        tl.addWidget(chart_scroll, 3)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.c_unowned_note)
        bl.addWidget(self.c_unowned, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addWidget(split)
        self.c_unowned.itemActivated.connect(lambda _i: self._open_unowned())
        return tab

    # ------------------------------------------------------------------ data
    def show_view(self, view: str) -> None:
        """"priority" (all filters cleared), "board", "mine" (the board with only the requests the
        signed-in user raised, its other filters cleared), "meetings" or "capacity"."""
        if view == "priority":
            for box in (self.p_force, self.p_level, self.p_kind, self.p_crime):
                box.setCurrentIndex(0)
        if view == "mine":
            boxes = (self.b_unit, self.b_force, self.b_fourp, self.b_priority, self.b_raised)
            for box in boxes:
                box.blockSignals(True)
                box.setCurrentIndex(0)
            self.b_raised.setCurrentIndex(max(self.b_raised.findData(self.ws.actor.user_id), 0))
            for box in boxes:
                box.blockSignals(False)
            self.refresh()
            view = "board"
        views = ("priority", "board", "meetings", "capacity")
        self.tabs.setCurrentIndex(views.index(view) if view in views else 0)

    def _on_change(self, areas: Any) -> None:
        if AREAS & set(areas):
            self.refresh()

    def refresh(self) -> None:
        """Reload what is on screen now; the other tabs reload when they are shown (a large
        register makes the priority list and capacity the slow ones). The board is cheap and
        always reloaded, so its count in the tab title stays true."""
        self._stale = set(range(self.tabs.count()))
        if not self.isVisible():
            return  # another area is on screen (or none yet): reload when this page is shown
        if self.tabs.currentIndex() != 1:
            self._markings[1] = self._refresh_board()
            self._stale.discard(1)
        self._show_tab(self.tabs.currentIndex())

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.tabs.currentIndex() in self._stale:
            self.refresh()

    def _show_tab(self, index: int) -> None:
        if index in self._stale:
            self._markings[index] = [self._refresh_priority, self._refresh_board, self._refresh_meetings,
                                     self._refresh_capacity][index]()
            self._stale.discard(index)
        self.marking = highest(self._markings.get(index, []), Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)

    def _refresh_priority(self) -> list[Marking]:
        flt = tasking.PriorityFilter(force_id=self.p_force.currentData(), level=self.p_level.currentData(),
                                     kind=self.p_kind.currentData(), crime_type=self.p_crime.currentData())
        since = self.ws.read(tasking.priority_view, flt, today=self.today,
                             include_unassessed=self.p_unassessed.isChecked())
        self.range_rule = self.ws.read(app_settings.range_rule)
        rows = since["rows"]
        self.p_rows = {r["subject_id"]: r for r in rows}
        filtered = any(x is not None for x in (flt.force_id, flt.level, flt.kind, flt.crime_type))
        archived = [] if filtered else since["archived"]
        table_rows = [[r["rank"], r["change"].label, r["reference"], r["name"], SHORT_KIND[SubjectKind(r["kind"])],
                       _priority_text(r), _scores(r["morile"], r["morile_band"]), _scores(r["ocgm"], r["ocgm_band"]),
                       r["morile_confidence"] or r["ocgm_confidence"] or "",
                       r["management_level"].value if r["management_level"] else "", r["owner_unit"] or "",
                       r["lro_name"] or "", r["review_due"],
                       r["marking"].value] for r in rows]
        ids = [r["subject_id"] for r in rows]
        for a in archived:
            table_rows.append(["", "Archived", a["reference"], a["name"], SHORT_KIND[SubjectKind(a["kind"])],
                               a["priority"] or "", _scores(a["morile"], a["morile_band"]),
                               _scores(a["ocgm"], a["ocgm_band"]), a.get("confidence") or "",
                               a.get("management_level") or "", a.get("owner_unit") or "", a.get("lro_name") or "",
                               "", a["marking"]])
            ids.append(a["subject_id"])
        self.p_table.fill(table_rows, ids)
        for r, row in enumerate(rows):  # the kind in full where the column says it short
            self.p_table.item(r, PRIORITY_COLUMNS.index("Kind")).setToolTip(SubjectKind(row["kind"]).label)
        for i, r in enumerate(rows):
            if r["needs_intelligence"]:
                item = self.p_table.item(i, PRIORITY_COLUMNS.index("Priority"))
                item.setForeground(QBrush(QColor(NEEDS_INTELLIGENCE)))
                item.setToolTip(f"{r['priority']}: unknown answers leave this result across priorities. It ranks "
                                f"by {self.range_rule.label}; more intelligence would settle where it stands.")
        for r in range(self.p_table.rowCount()):
            change = self.p_table.item(r, 1).text().lower()
            colour = next((CHANGE_COLOURS[c] for c in CHANGE_COLOURS if c.value == change), None)
            if colour:
                for c in range(self.p_table.columnCount()):
                    if c not in self.p_table.marking_columns:  # the marking keeps its own colours
                        self.p_table.item(r, c).setBackground(QBrush(QColor(colour)))
        self.p_table.fit_columns(PRIORITY_FLEXIBLE)
        counts = {c: sum(1 for r in rows if r["change"] is c) for c in (Change.NEW, Change.UP, Change.DOWN)}
        self.p_count.setText(f"{len(rows):,} subject{'s' if len(rows) != 1 else ''}" + (
            "" if self.p_unassessed.isChecked() or not since["unassessed"] else
            f" \u00b7 {since['unassessed']:,} active not yet assessed, not listed"))
        if since["meeting"] is None:
            self.p_changes.setText("No T&CG yet: changes are marked against the last meeting's frozen list.")
        else:
            self.p_changes.setText(f"Since T&CG {since['meeting']} ({show_date(since['held_on'])}): "
                                   f"{counts[Change.NEW]} new, {counts[Change.UP]} up, {counts[Change.DOWN]} down, "
                                   f"{len(since['archived'])} off the list (archived). New rows are blue, up "
                                   "green, down amber, archived grey.")
        return [r["marking"] for r in rows] + [Marking(a["marking"]) for a in archived]

    def board_filter(self) -> tasking.BoardFilter:
        return tasking.BoardFilter(owner_unit_id=self.b_unit.currentData(), owner_force_id=self.b_force.currentData(),
                                   four_p=self.b_fourp.currentData(), priority=self.b_priority.currentData(),
                                   created_by_id=self.b_raised.currentData())

    def _refresh_board(self) -> list[Marking]:
        selected = self.selected_request()
        cols = self.ws.read(tasking.board, self.board_filter(), today=self.today)
        self.cards = {c["id"]: c for cards in cols.values() for c in cards}
        for status, column in self.columns.items():
            column.fill(cols[status])
            self.column_boxes[status].set_count(len(cols[status]), sum(1 for c in cols[status] if c["overdue"]))
        if selected is not None:
            self.select_card(selected)
        self._update_board_buttons()
        self.tabs.setTabText(1, f"&Board ({sum(1 for c in self.cards.values() if c['status'].open)} open)")
        return [c["marking"] for c in self.cards.values()]

    def _refresh_meetings(self) -> list[Marking]:
        rows = self.ws.read(tasking.meetings)
        self.m_table.fill([[m["reference"], m["held_on"], m["kind"].label, m["level"].label,
                            m["force"] or "", m["subject_count"], m["decision_count"], m["action_count"],
                            "Finalised" if m["finalised"] else "Open"] for m in rows], [m["id"] for m in rows])
        self.m_open.setEnabled(bool(rows))
        return [m["marking"] for m in rows]

    def _refresh_capacity(self) -> list[Marking]:
        data = self.ws.read(tasking.capacity_and_demand, today=self.today)
        units = data["units"]
        self.c_table.fill([[u["code"], u["name"], u["owner"], f"{u['threats']} / {u['capacity_threats']}",
                            *(u["threats_by_priority"][p] for p in PRIORITIES),
                            f"{u['committed_hours']} / {u['capacity_hours']}", u["pending_hours"], u["open_requests"],
                            _over(u)] for u in units], [u["unit_id"] for u in units])
        for r in range(self.c_table.rowCount()):
            if self.c_table.item(r, len(CAPACITY_COLUMNS) - 1).text().startswith("Over"):
                for c in range(self.c_table.columnCount()):
                    self.c_table.item(r, c).setForeground(QBrush(OVER))
        self.c_chart.set_units(units)
        over = data["over_committed"]
        self.c_note.setText((f"{len(over)} over-committed unit{'s' if len(over) != 1 else ''}: {', '.join(over)}. "
                             if over else "No unit is over-committed. ")
                            + "Threats are the active subjects a unit owns; committed hours are the estimated "
                              "effort of its accepted tasking not yet closed; pending hours await T&CG.")
        unowned = data["unowned"]
        self.unowned_rows = {r["subject_id"]: r for r in unowned}
        self.c_unowned_note.setText(f"High-priority threats (P1, P2) with no owner unit: {len(unowned)}")
        self.c_unowned.fill([[r["rank"], r["reference"], r["name"], r["priority"],
                              _scores(r["morile"], r["morile_band"]), r["lead_force"] or "",
                              r["management_level"].value if r["management_level"] else ""] for r in unowned],
                            [r["subject_id"] for r in unowned])
        self.tabs.setTabText(3, f"Ca&pacity ({len(over)} over)" if over else "Ca&pacity")
        return [r["marking"] for r in unowned]

    # ------------------------------------------------------------------ board selection and moves
    def selected_request(self) -> int | None:
        focus = self.focusWidget()
        if isinstance(focus, BoardColumn) and focus.current_request() is not None:
            return focus.current_request()
        return getattr(self, "_selected", None)

    def select_card(self, request_id: int) -> BoardColumn | None:
        for status, column in self.columns.items():
            if column.select_request(request_id):
                self._selected = request_id
                self.column_boxes[status].set_folded(False)  # a card moved into a folded column is shown
                return column
        self._selected = None
        return None

    def _card_selected(self, column: BoardColumn, item: Any) -> None:
        if item is None:
            return
        self._selected = item.data(Qt.ItemDataRole.UserRole)
        for other in self.columns.values():
            if other is not column:
                other.blockSignals(True)
                other.clearSelection()
                other.setCurrentRow(-1)
                other.blockSignals(False)
        self._update_board_buttons()

    def _remember_folded(self) -> None:
        remember_folded({s for s, box in self.column_boxes.items() if box.folded})

    def _update_board_buttons(self) -> None:
        has = getattr(self, "_selected", None) in getattr(self, "cards", {})
        self.b_open.setEnabled(has)
        self.b_move.setEnabled(has and self.can_edit)

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        card = self.cards.get(self.selected_request())
        if card is None:
            return
        for target in BOARD_ORDER:
            if target in TRANSITIONS[card["status"]]:
                action = self.move_menu.addAction(f"{target.label}")
                action.triggered.connect(lambda _c=False, rid=card["id"], t=target: self.move_request(rid, t))

    def move_targets(self, request_id: int) -> list[TaskStatus]:
        card = self.cards[request_id]
        return [t for t in BOARD_ORDER if t in TRANSITIONS[card["status"]]]

    def step_request(self, request_id: int, step: int) -> bool:
        card = self.cards.get(request_id)
        if card is None:
            return False
        target = neighbour(card["status"], step)
        if target is None:
            return False
        return self.move_request(request_id, target)

    def move_request(self, request_id: int, target: TaskStatus) -> bool:
        """Ask the service to move a card; the rules may say no (shown as a message). Closing asks
        for the outcome and declining for the reason when they are missing."""
        card = self.cards.get(request_id)
        if card is None or card["status"] is target:
            return False
        outcome = reason = None
        if target is TaskStatus.CLOSED and not card["outcome"] and target in TRANSITIONS[card["status"]]:
            outcome = self.prompts.ask_text(self, f"Close {card['reference']}", "Outcome of the tasking:")
            if outcome is None:
                return False
        if target is TaskStatus.DECLINED and target in TRANSITIONS[card["status"]]:
            reason = self.prompts.ask_text(self, f"Decline {card['reference']}", "Reason for declining:")
            if reason is None:
                return False
        if not self.moves.write("tasking.move", tasking.move, request_id, target, outcome=outcome, reason=reason).ok:
            return False
        if self.cards.get(request_id, {}).get("status") is not target:
            self.refresh()  # normally the change notice has reloaded the board already
        column = self.select_card(request_id)
        if column is not None:
            column.setFocus()
        return True

    # ------------------------------------------------------------------ dialogs
    def _show(self, dialog: Any) -> Any:
        return open_kept(self.dialogs, dialog)

    def new_request(self, subject_id: int | None) -> RequestDialog | None:
        if not self.can_edit:
            return None
        return self._show(RequestDialog(self.ws, subject_id=subject_id, prompts=self.prompts, parent=self))

    def open_request(self, request_id: int | None) -> RequestDialog | None:
        if request_id is None:
            return None
        return self._show(RequestDialog(self.ws, request_id, prompts=self.prompts, parent=self))

    def new_meeting(self) -> NewMeetingDialog | None:
        if not self.can_edit:
            return None
        dialog = NewMeetingDialog(self.ws, prompts=self.prompts, parent=self, today=self.today)
        dialog.accepted.connect(lambda: self.open_meeting(dialog.saved_id))
        return self._show(dialog)

    def open_meeting(self, meeting_id: int | None) -> MeetingDialog | None:
        if meeting_id is None:
            return None
        return self._show(MeetingDialog(self.ws, meeting_id, prompts=self.prompts, parent=self))

    def _open_subject_row(self) -> None:
        sid = self.p_table.current_id()
        row = self.p_rows.get(sid)
        if row is not None:
            self.open_subject.emit(SubjectKind(row["kind"]), sid)

    def _open_unowned(self) -> None:
        row = self.unowned_rows.get(self.c_unowned.current_id())
        if row is not None:
            self.open_subject.emit(SubjectKind(row["kind"]), row["subject_id"])
