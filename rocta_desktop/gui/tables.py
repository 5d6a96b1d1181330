"""A small sortable table of records: one row per record, the record id on every cell. Dates and
instants are shown the one way the screens show them (gui/kit/dates.py) and sort in time order;
a protective marking is shown in its colours (the one palette, gui/style.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ..domain.markings import Marking
from .kit.dates import show_date, show_time, sort_key
from .style import marking_cell_colours

SORT_ROLE = Qt.ItemDataRole.UserRole + 1   # a cell's sort key when its text does not sort right (dates)
MARKING_HEADER = "Marking"


class SortableItem(QTableWidgetItem):
    """A cell that sorts by its sort key (SORT_ROLE) when it has one."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        a, b = self.data(Qt.ItemDataRole.DisplayRole), other.data(Qt.ItemDataRole.DisplayRole)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):   # numbers as numbers, as Qt does
            return a < b
        return str("" if a is None else a) < str("" if b is None else b)  # (Qt's own operator would call back here)


def marking_of(value: Any) -> Marking | None:
    if isinstance(value, Marking):
        return value
    try:
        return Marking.parse(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def paint_marking(item: QTableWidgetItem, marking: Marking) -> None:
    """A cell showing a marking, in the marking's tint (the palette every banner uses)."""
    back, text = marking_cell_colours(marking)
    item.setBackground(QBrush(back))
    item.setForeground(QBrush(text))
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)


def make_item(value: Any, *, marking_column: bool = False) -> QTableWidgetItem:
    """One cell: numbers as numbers (they sort as numbers), dates and instants the UK way (sorting
    in time order), markings in their colours, anything else as text."""
    item = SortableItem()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        item.setData(Qt.ItemDataRole.DisplayRole, value)
    elif isinstance(value, dt.datetime):
        item.setText(show_time(value))
        item.setData(SORT_ROLE, sort_key(value))
    elif isinstance(value, dt.date):
        item.setText(show_date(value))
        item.setData(SORT_ROLE, sort_key(value))
    elif isinstance(value, Marking):
        item.setText(value.value)
    else:
        item.setText("" if value is None else str(value))
    marking = marking_of(value) if (marking_column or isinstance(value, Marking)) else None
    if marking is not None:
        paint_marking(item, marking)
        item.setData(SORT_ROLE, f"{marking.rank}")
    return item


class RecordTable(QTableWidget):
    """`RecordTable(name, columns)`, or `RecordTable(parent)` then `configure(name, columns)` (a promoted
    widget in a Designer form is built with its parent only)."""

    def __init__(self, name: str | QWidget | None = None, columns: list[str] | None = None,
                 parent: QWidget | None = None):
        if not isinstance(name, str):
            name, parent = None, name if name is not None else parent
        super().__init__(0, 0, parent)
        self.marking_columns: set[int] = set()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # rows keep the service's order until a header is clicked
        if name is not None:
            self.configure(name, columns or [])

    def configure(self, name: str, columns: list[str]) -> None:
        """Its accessible name (and its headers') and its columns."""
        self.setAccessibleName(name)
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels(columns)
        self.marking_columns = {i for i, c in enumerate(columns) if c == MARKING_HEADER}
        self.verticalHeader().setAccessibleName(f"{name} row headers")
        self.horizontalHeader().setAccessibleName(f"{name} column headers")

    def fill(self, rows: list[list[Any]], ids: list[int]) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        for r, (values, ident) in enumerate(zip(rows, ids)):
            for c, value in enumerate(values):
                item = make_item(value, marking_column=c in self.marking_columns)
                item.setData(Qt.ItemDataRole.UserRole, ident)
                self.setItem(r, c, item)
        self.setSortingEnabled(True)

    def current_id(self) -> int | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_id(self, ident: int) -> None:
        for r in range(self.rowCount()):
            if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == ident:
                self.selectRow(r)
                return
