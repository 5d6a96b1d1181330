"""The dashboard, the first screen after sign-in: what is waiting for me, what is waiting for a
supervisor, and how the region stands. Each tile is a button (Tab to it, Enter or click) that opens
the filtered list behind it. Reads through the services only; refreshes when a change notice
arrives (at once if on screen, else when next shown).

A supervisor sees first what needs their action (approvals, what was returned to them, overdue
reviews, late referrals, over-committed units); everyone's own work shows only the tiles with
something in them (the empty ones are named in one line). A workspace with no records yet shows
its first steps instead of empty tiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain import clock
from ..domain.markings import Marking, highest
from ..domain.subjects import SubjectKind, SubjectStatus
from ..domain.users import Permission
from ..services import home as home_service
from ..services import registers, tasking
from ..services.permissions import allowed
from .kit.dates import show_date
from .notifier import ChangeNotifier

KIND_TITLES = {SubjectKind.GROUP: "Organised crime groups", SubjectKind.NOMINAL: "Nominals",
               SubjectKind.VULNERABILITY: "Vulnerabilities"}
STATUS_ORDER = (SubjectStatus.ACTIVE, SubjectStatus.PROPOSED, SubjectStatus.ARCHIVED)
SHOWN = 3   # lines on a tile (items, or items and "and N more"); the count is always the whole list


def read_counts(ws: Any) -> dict[str, dict[str, int]]:
    """Subject counts by kind and status, through the register service (one read-only session)."""
    return ws.read(registers.counts_by_kind)


def _d(day: dt.date | None) -> str:
    return show_date(day, "no date")


def _label(value: Any) -> str:
    return getattr(value, "label", str(value or ""))


def _name(row: dict[str, Any]) -> str:
    return row.get("subject_name") or row.get("subject_reference") or ""


def _due(day: dt.date | None, overdue: bool) -> str:
    return f"due {_d(day)}" + (" (overdue)" if overdue else "")


def _short(text: str | None, limit: int = 120) -> str:
    """Free text for a tile line: the tile cuts it to its width, the tooltip shows this much."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _days(n: int) -> str:
    return "today" if n == 0 else "1 day" if n == 1 else f"{n} days"


@dataclass(frozen=True)
class TileSpec:
    section: str
    key: str
    title: str
    area: str              # the area the tile opens
    view: str              # the view of that area (its `show_view`)
    line: Callable[[dict[str, Any]], str] | None = None   # one line per listed item
    late: str | None = None   # the item field that says it is overdue or late
    end: Callable[[dict[str, Any]], str] | None = None    # the end of the line, kept whole (a date, an age)
    action: bool = False      # every item waits for the signed-in person to act


WORK = (
    TileSpec("work", "drafts", "My draft assessments", "assessments", "work",
             lambda a: f"{a['reference']} \u00b7 {_name(a)}", end=lambda a: a["method"]),
    TileSpec("work", "returned", "Assessments returned to me", "assessments", "work",
             lambda a: f"{a['reference']} \u00b7 {_name(a)} \u00b7 \u201c{_short(a['review_comment'])}\u201d",
             action=True),
    TileSpec("work", "triage", "Referrals assigned to me", "triggers", "mine",
             lambda t: f"{t['reference']} \u00b7 {t['subject_name'] or ''}",
             end=lambda t: f"waiting {t['days_waiting']} days"),
    TileSpec("work", "tasking_due", "My tasking due in 14 days", "tasking", "mine",
             lambda r: f"{r['reference']} \u00b7 {_short(r['objective'])}",
             late="overdue", end=lambda r: _due(r["due_date"], r["overdue"])),
    TileSpec("work", "actions_due", "My 4P actions due in 14 days", "impact", "plans",
             lambda a: f"{a['subject_reference']} \u00b7 {_label(a['four_p'])}: {_short(a['text'])}",
             late="overdue", end=lambda a: _due(a["due_on"], a["overdue"])),
    TileSpec("work", "my_requirements", "My requirements awaiting responses", "collection", "gaps",
             lambda g: f"{g['reference']} \u00b7 awaiting {', '.join(g['awaiting'])}", late="overdue",
             end=lambda g: f"overdue since {_d(g['due_on'])}" if g["overdue"] else ""),
)
SUPERVISOR = (
    TileSpec("supervisor", "assessments_to_approve", "Assessments awaiting approval", "assessments", "approval",
             lambda a: f"{a['reference']} \u00b7 {_name(a)}", end=lambda a: _days(a["age_days"])),
    TileSpec("supervisor", "disruptions_to_approve", "Disruptions awaiting approval", "impact", "approval",
             lambda d: f"{d['reference']} \u00b7 {_name(d)}", end=lambda d: _days(d["age_days"])),
    TileSpec("supervisor", "triggers_late", "Referrals waiting over 14 days", "triggers", "waiting",
             lambda t: f"{t['reference']} \u00b7 {t['subject_name'] or ''}", late="days_waiting",
             end=lambda t: f"{t['days_waiting']} days"),
    TileSpec("supervisor", "over_committed", "Over-committed units", "tasking", "capacity",
             lambda u: f"{u['code']} \u00b7 {u['threats']}/{u['capacity_threats']} threats \u00b7 "
                       f"{u['committed_hours']}/{u['capacity_hours']} h", late="over"),
)
REGION = (
    TileSpec("region", "active_subjects", "Active threat subjects", "tasking", "priority"),
    TileSpec("region", "by_level", "By management level", "tasking", "priority"),
    TileSpec("region", "changes", "Changes since the last T&CG", "tasking", "priority"),
    TileSpec("region", "reviews_overdue", "Reviews overdue", "assessments", "due",
             lambda d: f"{d['reference']} \u00b7 {_name(d)}", late="overdue",
             end=lambda d: f"due {_d(d['next_review'])}"),
    TileSpec("region", "reviews_due", "Reviews due in 14 days", "assessments", "due",
             lambda d: f"{d['reference']} \u00b7 {_name(d)}", end=lambda d: f"due {_d(d['next_review'])}"),
    TileSpec("region", "recent_disruptions", "Disruptions in the last 30 days", "impact", "approved",
             lambda d: f"{d['reference']} \u00b7 {_name(d)} \u00b7 {_label(d['four_p'])}",
             end=lambda d: _d(d["occurred_on"])),
)
SEPARATOR = " \u00b7 "
Line = str | tuple[str, str]   # a line, or its start (cut to fit) and its end (kept whole: a date, an age)


def _whole(line: Line) -> str:
    if isinstance(line, str):
        return line
    start, end = line
    return f"{start}{SEPARATOR}{end}" if end else start

TILES = WORK + SUPERVISOR + REGION


class _ChangesSignals(QObject):
    done = Signal(int, object, str)  # generation, region_changes result, error message


class _ChangesJob(QRunnable):
    """Counts the changes since the last T&CG on a pool thread (its own pooled connection; no
    widget touched): on a large register it is the one slow count of the dashboard."""

    def __init__(self, ws: Any, today: dt.date | None, generation: int):
        super().__init__()
        self.ws, self.today, self.generation = ws, today, generation
        self.signals = _ChangesSignals()

    def run(self) -> None:
        try:
            data = self.ws.read(tasking.region_changes, today=self.today)
        except Exception as exc:
            self.signals.done.emit(self.generation, None, str(exc))
            return
        self.signals.done.emit(self.generation, data, "")


class _HomeJob(QRunnable):
    """Reads everything the dashboard shows (the home service and the subject counts) on a pool
    thread, so a change notice or the sign-in never waits for it on the GUI thread."""

    def __init__(self, ws: Any, today: dt.date | None, generation: int):
        super().__init__()
        self.ws, self.today, self.generation = ws, today, generation
        self.signals = _ChangesSignals()

    def run(self) -> None:
        try:
            data = (self.ws.read(home_service.home, self.ws.actor, today=self.today, with_changes=False),
                    read_counts(self.ws))
        except Exception as exc:
            self.signals.done.emit(self.generation, None, str(exc))
            return
        self.signals.done.emit(self.generation, data, "")


def fit_line(line: Line, metrics: Any, width: int) -> str:
    """One tile line within `width` pixels (see `Tile._fit_lines`)."""
    whole = _whole(line)
    if metrics.horizontalAdvance(whole) <= width:
        return whole
    if isinstance(line, str) or not line[1]:
        return metrics.elidedText(whole, Qt.TextElideMode.ElideRight, width)
    start, end = line
    tail = SEPARATOR + end
    head, _, middle = start.partition(SEPARATOR)
    room = width - metrics.horizontalAdvance(head + tail)
    if room < 0:  # not even the reference and the end: cut the reference, else the whole line
        if metrics.horizontalAdvance(tail + "MMMM") > width:
            return metrics.elidedText(whole, Qt.TextElideMode.ElideRight, width)
        return metrics.elidedText(head, Qt.TextElideMode.ElideRight, width - metrics.horizontalAdvance(tail)) + tail
    if not middle or room < metrics.horizontalAdvance(SEPARATOR + "Mm\u2026"):
        return head + tail
    cut = metrics.elidedText(middle, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(SEPARATOR))
    if cut.endswith("\u2026"):  # "Demir\u2026", not "Demir \u2026"
        cut = cut[:-1].rstrip() + "\u2026"
    return head + SEPARATOR + cut + tail


class Tile(QPushButton):
    """A count, what it is, up to three of its items, and a red edge and alert when some are late
    or all wait for the signed-in person to act."""

    def __init__(self, spec: TileSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("tile")
        self.setAccessibleName(f"{spec.title}: loading")  # until its count is in (`show_count`)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel(spec.title)
        self.title.setStyleSheet("font-weight: 600;")
        self.count = QLabel("0")
        self.count.setObjectName("tileCount")
        self.alert = QLabel()
        self.alert.setObjectName("tileAlert")
        self.lines = QLabel()
        self.lines.setObjectName("muted")
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.count)
        top.addWidget(self.alert, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 12, 10)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addLayout(top)
        box.addWidget(self.lines)
        box.addStretch(1)
        for label in (self.title, self.count, self.alert, self.lines):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFixedHeight(124)
        self.setToolTip(self._opens())
        self.value = 0
        self.late = 0
        self._lines: list[Line] = []

    def _opens(self) -> str:
        return f"Open the list behind \u201c{self.spec.title}\u201d"

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_lines()

    def _fit_lines(self) -> None:
        """Each line cut to the tile's width. A line with an end (its date, its age) keeps its
        reference (before the first " · ") and that end whole, and the text between them is cut
        with an ellipsis, or left out when there is no room for it. The full lines are the tooltip
        and the accessible description."""
        width = max(self.width() - 30, 200)
        self.lines.setText("\n".join(fit_line(line, self.lines.fontMetrics(), width) for line in self._lines))

    def show_count(self, value: int, lines: list[Line], *, late: int = 0, alert: str = "",
                   action: bool = False) -> None:
        """`late`: how many are overdue; `action`: they wait for the signed-in person (both give
        the red edge of a tile that needs attention)."""
        self.value, self.late = value, late
        self.count.setText(f"{value:,}")
        self.alert.setText(alert)
        self._lines = lines
        self._fit_lines()
        whole = [_whole(line) for line in lines]
        attention = "overdue" if late else ("none" if value == 0 else "action" if action else "normal")
        for w in (self, self.count):
            w.setProperty("attention", attention)
            w.style().unpolish(w)
            w.style().polish(w)
        spoken = f"{self.spec.title}: {value}" + (f", {alert}" if alert else "")
        self.setAccessibleName(spoken)
        self.setAccessibleDescription("; ".join(whole) or "nothing")
        self.setToolTip("\n".join([self._opens(), *whole]) if value else self._opens())


class Section(QWidget):
    """A heading (with how many wait), a grid of tiles three to a row, and a line naming the tiles
    left out because nothing waits in them."""

    COLUMNS = 3

    def __init__(self, title: str):
        super().__init__()
        self.setAccessibleName(title)
        self.heading = QLabel(title)
        self.heading.setObjectName("subheading")
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.count.setAccessibleName(f"{title} count")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(f"{title} summary")
        self.summary.hide()
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        for column in range(self.COLUMNS):
            self.grid.setColumnStretch(column, 1)
        # an empty column of the grid would take no spacing: stand-ins keep the tiles in line
        self.gaps = [QWidget() for _ in range(self.COLUMNS)]
        for gap in self.gaps:
            gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            gap.setFixedHeight(0)
            gap.hide()
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading)
        top.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addLayout(self.grid)
        lay.addWidget(self.summary)
        self.tiles: list[Tile] = []

    def place(self, tiles: list[Tile]) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        self.tiles = tiles
        for i, tile in enumerate(tiles):
            self.grid.addWidget(tile, i // self.COLUMNS, i % self.COLUMNS)
        for column, gap in enumerate(self.gaps):  # a row of fewer tiles keeps the columns of the others
            if column >= len(tiles):
                self.grid.addWidget(gap, 0, column)
            else:
                self.grid.removeWidget(gap)
            gap.setVisible(column >= len(tiles))

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def set_count(self, text: str) -> None:
        self.count.setText(text)


class DashboardPage(QWidget):
    title = "Dashboard"
    marking_changed = Signal(object)
    navigate = Signal(str, str)   # area, view: a tile asks the window to open the list behind it

    def __init__(self, ws: Any, notifier: ChangeNotifier, parent: QWidget | None = None, *,
                 load_later: bool = False):
        """`load_later`: paint at once and read the counts on a worker thread (`loading` until they
        are in), as the main window does at sign-in; otherwise they are read before this returns."""
        super().__init__(parent)
        self.ws = ws
        self.loading = False
        self._home_generation = 0
        self.marking = Marking.OFFICIAL_SENSITIVE  # it summarises sensitive records; higher if they are
        self.counts: dict[str, dict[str, int]] = {}
        self.data: dict[str, Any] = {}
        self.today: dt.date | None = None   # tests may fix the day
        self._stale = False
        self._generation = 0
        self.changes_pending = False
        self.setAccessibleName("Dashboard")
        self._pending = QTimer(self, singleShot=True, interval=0)  # coalesce bursts of change notices
        self._pending.timeout.connect(self.refresh_in_background)
        notifier.changed.connect(self._on_change)

        heading = QLabel("Dashboard")
        heading.setObjectName("heading")
        self.overview_label = QLabel()
        self.overview_label.setObjectName("muted")
        self.overview_label.setAccessibleName("Workspace overview")
        self.updated_label = QLabel()
        self.updated_label.setObjectName("muted")
        self.updated_label.setAccessibleName("Counts last updated")
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAccessibleName("Refresh dashboard")
        self.refresh_button.setToolTip("Read the counts again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(heading)
        titles.addWidget(self.overview_label)
        top.addLayout(titles, 1)
        top.addWidget(self.updated_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)

        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(26, 20, 26, 20)
        content.setSpacing(10)
        content.addLayout(top)
        self.tiles: dict[str, Tile] = {}
        for spec in TILES:
            tile = Tile(spec, body)
            tile.clicked.connect(lambda _c=False, s=spec: self.navigate.emit(s.area, s.view))
            tile.hide()
            self.tiles[spec.key] = tile
        self.first_steps = self._first_steps()
        content.addWidget(self.first_steps)
        self.sections: dict[str, Section] = {}
        self.section_order = QVBoxLayout()
        self.section_order.setSpacing(10)
        self.section_order.setContentsMargins(0, 0, 0, 0)
        for key, title in (("action", "Needs your action"), ("work", "My work"), ("region", "Region at a glance")):
            self.sections[key] = Section(title)
        content.addLayout(self.section_order)
        section = QLabel("Threat subjects in the registers")
        section.setObjectName("subheading")
        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.current_labels: dict[SubjectKind, QLabel] = {}
        self.status_labels: dict[tuple[SubjectKind, SubjectStatus], QLabel] = {}
        self.total_labels: dict[SubjectKind, QLabel] = {}
        for kind in SubjectKind:
            cards.addWidget(self._card(kind), 1)
        self.registers_part = QWidget()
        self.registers_part.setAccessibleName("Threat subjects in the registers")
        rp = QVBoxLayout(self.registers_part)
        rp.setContentsMargins(0, 6, 0, 0)
        rp.addWidget(section)
        rp.addLayout(cards)
        note = QLabel("Current means proposed or active. Archived records are kept, with the reason they "
                      "were archived, and can be reinstated.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        rp.addWidget(note)
        content.addWidget(self.registers_part)
        content.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Dashboard content")
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.overview_label.setText(f"{ws.name} \u00b7 signed in as {ws.actor.display_name}")
        if load_later:
            self.registers_part.hide()
            self.first_steps.hide()
            self.refresh_in_background()
        else:
            self.refresh()

    def _first_steps(self) -> QFrame:
        """What a new workspace needs first, each step a button that opens the place to do it."""
        card = QFrame()
        card.setObjectName("card")
        card.setAccessibleName("First steps")
        box = QVBoxLayout(card)
        box.setContentsMargins(22, 18, 22, 18)
        box.setSpacing(10)
        heading = QLabel("First steps")
        heading.setObjectName("subheading")
        intro = QLabel("This workspace has no records yet. The dashboard fills up as they come in: start here.")
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        box.addWidget(heading)
        box.addWidget(intro)
        actor = self.ws.actor
        steps = []
        if allowed(actor, Permission.MANAGE_REFERENCE_DATA) or allowed(actor, Permission.MANAGE_USERS):
            steps.append(("Set up forces, units and users", "administration", "reference",
                          "The region's forces, partner agencies and units (with their capacity), and an account "
                          "for each analyst and supervisor: Administration."))
        steps += [
            ("Create a group", "groups", "new",
             "Record an organised crime group (Groups, New group...); nominals and vulnerabilities work the same "
             "way."),
            ("Import a force return", "reports", "import",
             "Bring in groups, nominals, trigger reports or disruptions from a spreadsheet: every problem is shown "
             "by row and column before anything is written (Reports, Import from a spreadsheet)."),
            ("Start an assessment", "assessments", "work",
             "Assess a recorded group with MoRiLE or OCGM from its Assessments tab; drafts, approvals and reviews "
             "are listed in Assessments."),
        ]
        self.step_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        for row, (title, area, view, text) in enumerate(steps):
            number = QLabel(f"{row + 1}")
            number.setObjectName("stepNumber")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setFixedSize(26, 26)
            button = QPushButton(title)
            button.setObjectName("primary" if row == 0 else "")
            button.setAccessibleName(title)
            button.setAccessibleDescription(text)
            button.setToolTip(text)
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("Set up forces, units and users") + 48)
            button.clicked.connect(lambda _c=False, a=area, v=view: self.navigate.emit(a, v))
            explain = QLabel(text)
            explain.setWordWrap(True)
            explain.setObjectName("muted")
            grid.addWidget(number, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(explain, row, 2)
            self.step_buttons[title] = button
        grid.setColumnStretch(2, 1)
        box.addLayout(grid)
        card.hide()
        return card

    def _card(self, kind: SubjectKind) -> QFrame:
        title = KIND_TITLES[kind]
        card = QFrame()
        card.setObjectName("card")
        card.setAccessibleName(title)
        name = QLabel(title)
        name.setObjectName("subheading")
        current = QLabel("0")
        current.setObjectName("bigNumber")
        current.setAccessibleName(f"{title} current")
        caption = QLabel("current")
        caption.setObjectName("muted")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        for row, status in enumerate(STATUS_ORDER):
            grid.addWidget(QLabel(status.value.capitalize()), row, 0)
            value = QLabel("0")
            value.setAccessibleName(f"{title} {status.value}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 1)
            self.status_labels[(kind, status)] = value
        total_name = QLabel("Total")
        total_name.setStyleSheet("font-weight: 600;")
        total = QLabel("0")
        total.setStyleSheet("font-weight: 600;")
        total.setAccessibleName(f"{title} total")
        total.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(total_name, len(STATUS_ORDER), 0)
        grid.addWidget(total, len(STATUS_ORDER), 1)
        grid.setColumnStretch(0, 1)
        self.current_labels[kind] = current
        self.total_labels[kind] = total
        big = QHBoxLayout()
        big.addWidget(current)
        big.addWidget(caption, 0, Qt.AlignmentFlag.AlignBottom)
        big.addStretch(1)
        box = QVBoxLayout(card)
        box.setContentsMargins(18, 14, 18, 14)
        box.setSpacing(6)
        box.addWidget(name)
        box.addLayout(big)
        box.addSpacing(4)
        box.addLayout(grid)
        return card

    # ------------------------------------------------------------------ data
    def _on_change(self, _areas: Any) -> None:
        """Every change can move a count here; read again now if on screen, else when shown."""
        if self.isVisible():
            self._pending.start()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read everything again now (F5, the Refresh button, tests)."""
        self._pending.stop()
        self._stale = False
        self._home_generation += 1  # a read still running on a worker is superseded
        self.loading = False
        self._show(self.ws.read(home_service.home, self.ws.actor, today=self.today, with_changes=False),
                   read_counts(self.ws))

    def refresh_in_background(self) -> None:
        """Read everything again on a worker thread and show it when it is in (a change notice:
        the write that raised it has already returned to its confirmation)."""
        self._pending.stop()
        self._stale = False
        self._home_generation += 1
        self.loading = True
        if not self.data:
            self.updated_label.setText("Loading\u2026")
        job = _HomeJob(self.ws, self.today, self._home_generation)
        job.signals.done.connect(self._home_read)
        QThreadPool.globalInstance().start(job)

    def _home_read(self, generation: int, data: Any, error: str) -> None:
        if generation != self._home_generation:
            return  # a newer read superseded this one
        self.loading = False
        if error:
            self.updated_label.setText(f"Could not read the counts: {error}")
            return
        self._show(*data)

    def _show(self, data: dict[str, Any], counts: dict[str, dict[str, int]]) -> None:
        self.data = data
        self.counts = counts
        markings: list[Marking] = []
        for spec in WORK + SUPERVISOR:
            items = self.data[spec.section].get(spec.key, [])
            self._show_list(spec, items, markings)
        self._show_region(markings)
        self._arrange()
        for kind in SubjectKind:
            by_status = self.counts.get(kind.value, {})
            for status in STATUS_ORDER:
                self.status_labels[(kind, status)].setText(f"{by_status.get(status.value, 0):,}")
            current = by_status.get(SubjectStatus.ACTIVE.value, 0) + by_status.get(SubjectStatus.PROPOSED.value, 0)
            self.current_labels[kind].setText(f"{current:,}")
            self.total_labels[kind].setText(f"{sum(by_status.values()):,}")
        self.updated_label.setText(f"Updated {clock.local_now():%H:%M:%S}")
        marking = highest(markings, Marking.OFFICIAL_SENSITIVE)
        if marking is not self.marking:
            self.marking = marking
            self.marking_changed.emit(marking)

    @property
    def empty_workspace(self) -> bool:
        """No subject recorded yet (of any kind or status)."""
        return not any(sum(by_status.values()) for by_status in self.counts.values())

    def _arrange(self) -> None:
        """Which tiles show, where, in what order: a supervisor's queues first; my work without its
        empty tiles; a new workspace's first steps instead of any of them."""
        supervisor = bool(self.data["supervisor"])
        new = self.empty_workspace
        self.first_steps.setVisible(new)
        self.registers_part.setVisible(not new)
        counts = {k: t.value for k, t in self.tiles.items()}
        action = ([k for k in ("assessments_to_approve", "disruptions_to_approve")]
                  + (["returned"] if counts["returned"] else [])
                  + ["reviews_overdue", "triggers_late", "over_committed"]) if supervisor else []
        work = [s.key for s in WORK if s.key not in action]
        shown_work = [k for k in work if counts[k]]
        region = [s.key for s in REGION if s.key not in action]
        order = (("action", action), ("work", shown_work), ("region", region)) if supervisor else \
            (("work", shown_work), ("region", region))
        while self.section_order.count():
            self.section_order.takeAt(0)
        for section in self.sections.values():
            section.hide()
        placed: set[str] = set()
        for key, keys in order:
            section = self.sections[key]
            section.place([self.tiles[k] for k in keys])
            placed.update(keys)
            if not new:
                self.section_order.addWidget(section)
                section.show()
        for k, tile in self.tiles.items():
            tile.setVisible(k in placed and not new)
        chain = [self.refresh_button] + [self.tiles[k] for _key, keys in order for k in keys]
        for before, after in zip(chain, chain[1:]):  # Tab follows the order on screen
            QWidget.setTabOrder(before, after)
        quiet = [self.tiles[k].spec.title for k in work if not counts[k]]
        work_section = self.sections["work"]
        if not shown_work:
            work_section.set_summary("Nothing waiting for you: no draft or returned assessments, referrals to "
                                     "triage, tasking or 4P actions due, or requirements awaiting responses.")
        elif quiet:
            work_section.set_summary("Nothing waiting: " + ", ".join(t[0].lower() + t[1:] for t in quiet) + ".")
        else:
            work_section.set_summary("")
        waiting = sum(counts[k] for k in action)
        self.sections["action"].set_count(f"{waiting:,} waiting" if waiting else "nothing waiting")
        self.sections["work"].set_count(f"{sum(counts[k] for k in work):,} waiting" if shown_work else "")

    def _count_changes(self) -> None:
        """Start counting the changes since the last T&CG on a worker thread; the tile says so
        meanwhile. A newer refresh supersedes an older count."""
        self._generation += 1
        self.changes_pending = True
        tile = self.tiles["changes"]
        tile.count.setText("\u2026")
        tile.lines.setText("Counting the moves since the last T&CG\u2026")
        tile.setAccessibleName(f"{tile.spec.title}: counting")
        job = _ChangesJob(self.ws, self.today, self._generation)
        job.signals.done.connect(self._changes_counted)
        QThreadPool.globalInstance().start(job)

    def _changes_counted(self, generation: int, data: Any, error: str) -> None:
        if generation != self._generation:
            return
        self.changes_pending = False
        tile = self.tiles["changes"]
        if error:
            tile.show_count(0, [f"Could not count the changes: {error}"])
            return
        moved = data["changes"]
        tile.show_count(sum(moved.values()), [
            " \u00b7 ".join(f"{k.capitalize()} {moved.get(k, 0):,}" for k in ("new", "up", "down", "archived")),
            f"since {data['meeting']}" if data["meeting"] else "No T&CG meeting recorded yet"])

    def _show_list(self, spec: TileSpec, items: list[dict[str, Any]], markings: list[Marking]) -> None:
        shown = items[:SHOWN] if len(items) <= SHOWN else items[:SHOWN - 1]
        markings.extend(i["marking"] for i in shown if isinstance(i.get("marking"), Marking))
        lines: list[Line] = ([(spec.line(i), spec.end(i)) if spec.end else spec.line(i) for i in shown]
                             if spec.line else [])
        if len(items) > len(shown):
            lines.append(f"and {len(items) - len(shown)} more")
        if not items:
            lines = ["Nothing waiting"] if spec.section != "region" else ["None"]
        late = sum(1 for i in items if i.get(spec.late)) if spec.late else 0
        alert = ""
        if spec.key in ("triggers_late", "over_committed", "reviews_overdue") or spec.action:  # every item
            alert = "needs action" if items else ""                                           # is late or mine to do
        elif late:
            alert = f"{late} overdue"
        elif spec.key in ("assessments_to_approve", "disruptions_to_approve") and items:
            alert = f"oldest waiting {_days(items[0]['age_days'])}"
        self.tiles[spec.key].show_count(len(items), lines, late=late if spec.late else 0, alert=alert,
                                        action=spec.action)

    def _show_region(self, markings: list[Marking]) -> None:
        region = self.data["region"]
        p = region["by_priority"]
        self.tiles["active_subjects"].show_count(region["active_subjects"], [
            " \u00b7 ".join(f"{k} {p[k]:,}" for k in ("P1", "P2", "P3", "P4")), f"No MoRiLE priority {p['none']:,}"])
        levels = region["by_level"]
        self.tiles["by_level"].show_count(sum(levels.values()), [
            " \u00b7 ".join(f"{k.capitalize()} {levels.get(k, 0):,}" for k in ("local", "regional", "national"))])
        self._count_changes()
        for spec in REGION[3:]:
            self._show_list(spec, region[spec.key], markings)
