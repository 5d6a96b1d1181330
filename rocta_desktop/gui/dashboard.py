"""The dashboard: what this workspace holds, at a glance. Reads through the services only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.markings import Marking
from ..domain.subjects import SubjectKind, SubjectStatus
from ..services import registers
from .notifier import ChangeNotifier  # noqa: F401 - re-exported for pages

SUBJECT_AREAS = frozenset(k.value for k in SubjectKind)
KIND_TITLES = {SubjectKind.GROUP: "Organised crime groups", SubjectKind.NOMINAL: "Nominals",
               SubjectKind.VULNERABILITY: "Vulnerabilities"}
STATUS_ORDER = (SubjectStatus.ACTIVE, SubjectStatus.PROPOSED, SubjectStatus.ARCHIVED)


def read_counts(ws: Any) -> dict[str, dict[str, int]]:
    """Subject counts by kind and status, through the register service (one read-only session)."""
    return ws.read(registers.counts_by_kind)


class DashboardPage(QWidget):
    title = "Dashboard"
    marking = Marking.OFFICIAL_SENSITIVE  # it summarises sensitive records
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.counts: dict[str, dict[str, int]] = {}
        self.setAccessibleName("Dashboard")
        self._pending = QTimer(self, singleShot=True, interval=0)  # coalesce bursts of change notices
        self._pending.timeout.connect(self.refresh)
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

        section = QLabel("Threat subjects")
        section.setObjectName("subheading")
        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.current_labels: dict[SubjectKind, QLabel] = {}
        self.status_labels: dict[tuple[SubjectKind, SubjectStatus], QLabel] = {}
        self.total_labels: dict[SubjectKind, QLabel] = {}
        for kind in SubjectKind:
            cards.addWidget(self._card(kind), 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(26, 20, 26, 20)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(section)
        layout.addLayout(cards)
        note = QLabel("Current means proposed or active. Archived records are kept, with the reason they "
                      "were archived, and can be reinstated.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

        self.overview_label.setText(f"{ws.name} \u00b7 signed in as {ws.actor.display_name}")
        self.refresh()

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
    def _on_change(self, areas: Any) -> None:
        if SUBJECT_AREAS & set(areas):
            self._pending.start()

    def refresh(self) -> None:
        self._pending.stop()
        self.counts = read_counts(self.ws)
        for kind in SubjectKind:
            by_status = self.counts.get(kind.value, {})
            for status in STATUS_ORDER:
                self.status_labels[(kind, status)].setText(f"{by_status.get(status.value, 0):,}")
            current = by_status.get(SubjectStatus.ACTIVE.value, 0) + by_status.get(SubjectStatus.PROPOSED.value, 0)
            self.current_labels[kind].setText(f"{current:,}")
            self.total_labels[kind].setText(f"{sum(by_status.values()):,}")
        self.updated_label.setText(f"Updated {dt.datetime.now():%H:%M:%S}")
