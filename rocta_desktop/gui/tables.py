"""A small sortable table of records: one row per record, the record id on every cell. Dates and
instants are shown the one way the screens show them (gui/kit/dates.py) and sort in time order;
a protective marking is shown in its colours (the one palette, gui/style.py). A table told to
`fit_columns` never needs scrolling sideways: it narrows the columns that may be cut, and leaves
out the least important ones while the window is too narrow for them (kit/columns.ColumnMenu lets
the person choose). The fitting (`FitsColumns`) serves a view over a model of its own too
(`FittedTableView`: a register's 100,000 rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

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


@dataclass
class _Fit:
    """How a table fits its width (`FitsColumns.fit_columns`), and what it measured."""

    flexible: dict[str, float]       # header: weight (the cap and the floor of a narrowed column)
    optional: tuple[str, ...]        # left out first when too wide, least important first
    least: int                       # a narrowed column's floor, times its weight
    chosen: frozenset[str] | None = None   # the person's hidden columns; None: as the width allows
    natural: dict[int, int] = field(default_factory=dict)   # column: width for its contents and header
    floor: dict[int, int] = field(default_factory=dict)     # flexible column: the narrowest it goes
    hidden: frozenset[str] = frozenset()   # left out until the person shows them (a Columns menu)
    stretch: str | None = None             # the column given the spare width (None: the last one)


class FitsColumns:
    """Fitting a table's columns to its width, for a QTableView (or QTableWidget) subclass that mixes
    this in first and has a `columns_changed` signal: `RecordTable` (items) and `FittedTableView` (a
    model of its own). Nothing here scrolls the table sideways."""

    _fit: _Fit | None = None

    # the Qt table this is mixed into
    columnWidth: Any
    columns_changed: Any
    horizontalHeader: Any
    isColumnHidden: Any
    setColumnHidden: Any
    setColumnWidth: Any
    setTextElideMode: Any
    setWordWrap: Any
    sizeHintForColumn: Any
    viewport: Any

    def headers(self) -> list[str]:
        model = self.model()  # type: ignore[attr-defined]
        return [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]

    def fit_columns(self, flexible: Mapping[str, float], *, optional: Sequence[str] = (), least: int = 72,
                    hidden: Collection[str] = (), stretch: str | None = None) -> None:
        """Fit the table to its width, now and after every `fill` (`refit`) and resize. Each column is as wide
        as its contents and its header; when that is too wide, the `flexible` ones (header: weight)
        are narrowed, the widest first, to a common cap (times each one's weight) but never under
        `least` pixels times their weight nor under their header: their cells are cut with an
        ellipsis, on one line, and the tooltip holds the whole text. When that would cut them by
        more than a quarter, the `optional` columns are left out first, least important first
        (listed so), until it would not, unless the person has chosen the columns (`choose_columns`).
        The `hidden` ones are left out too until the person chooses to show them. The spare width
        goes to the last column, or to the `stretch` one (while it is shown)."""
        self._fit = _Fit(dict(flexible), tuple(optional), least, self._fit.chosen if self._fit else None,
                         hidden=frozenset(hidden), stretch=stretch)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch is None)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)  # one line a row: never a word broken across two
        self.refit()

    def refit(self) -> None:
        """Measure the columns again (their contents changed) and lay them out; nothing until `fit_columns`."""
        if self._fit is not None:
            self._measure()
            self._lay_out()

    def choose_columns(self, hidden: Collection[str] | None) -> None:
        """The columns the person chose to hide (None: the optional ones only while there is no room)."""
        if self._fit is None:
            raise RuntimeError("choose_columns needs fit_columns first")
        self._fit.chosen = None if hidden is None else frozenset(hidden)
        self._lay_out()

    @property
    def chosen_columns(self) -> frozenset[str] | None:
        return self._fit.chosen if self._fit is not None else None

    def shown_columns(self) -> list[str]:
        return [h for c, h in enumerate(self.headers()) if not self.isColumnHidden(c)]

    def natural_widths(self) -> dict[str, int]:
        """Each column's width for its whole contents and header (hidden ones too), as last measured."""
        names = self.headers()
        return {names[c]: w for c, w in self._fit.natural.items()} if self._fit is not None else {}

    def _content_width(self, column: int) -> int:
        """The width the column's cells need (what Qt measures: as many rows as the header's
        resizeContentsPrecision, around those on screen)."""
        return self.sizeHintForColumn(column)

    def _tip_cells(self, column: int) -> None:
        """Give the cells of a column that may be cut their whole text as a tooltip (an item table's own)."""

    def _measure(self) -> None:
        """Each column's width for its contents and header (hidden ones too), and the floors."""
        fit = self._fit
        assert fit is not None
        header = self.horizontalHeader()
        hidden = [c for c in range(self.horizontalHeader().count()) if self.isColumnHidden(c)]
        for c in hidden:
            self.setColumnHidden(c, False)  # a hidden section has no size hint
        fit.natural, fit.floor = {}, {}
        for c, name in enumerate(self.headers()):
            fit.natural[c] = max(self._content_width(c), header.sectionSizeHint(c))
            if name in fit.flexible:
                fit.floor[c] = max(header.sectionSizeHint(c), round(fit.least * fit.flexible[name]))
                self._tip_cells(c)
        for c in hidden:
            self.setColumnHidden(c, True)

    def _room(self) -> int:
        return self.viewport().width() - 2

    def _needs(self, columns: Collection[int]) -> int:
        """How wide the `columns` are together with the flexible ones cut by a quarter at most (and
        never under their floors): narrower than that, a column is better left out than more cut."""
        fit = self._fit
        assert fit is not None
        return sum(min(fit.natural[c], max(fit.floor[c], -(-3 * fit.natural[c] // 4))) if c in fit.floor
                   else fit.natural[c] for c in columns)

    def _lay_out(self) -> None:
        """Which columns show (the person's choice, else as many as fit) and how wide."""
        fit = self._fit
        if fit is None or not fit.natural:
            return
        names = self.headers()
        room = self._room()
        if fit.chosen is not None:
            hidden = {c for c, n in enumerate(names) if n in fit.chosen}
        else:
            hidden = {c for c, n in enumerate(names) if n in fit.hidden}
            for name in (n for n in fit.optional if n in names):
                if self._needs([c for c in range(len(names)) if c not in hidden]) <= room:
                    break
                hidden.add(names.index(name))
        changed = False
        for c in range(len(names)):
            if self.isColumnHidden(c) != (c in hidden):
                self.setColumnHidden(c, c in hidden)
                changed = True
        shown = [c for c in range(len(names)) if c not in hidden]
        widths = {c: fit.natural[c] for c in shown}
        flexible = {c: fit.flexible[names[c]] for c in shown if c in fit.floor}
        spare = room - sum(w for c, w in widths.items() if c not in flexible)
        wanted = {c: widths[c] for c in flexible}
        if wanted and sum(wanted.values()) > spare:
            def capped(cap: float) -> dict[int, int]:
                return {c: min(w, max(fit.floor[c], round(cap * flexible[c]))) for c, w in wanted.items()}
            cap = float(max(wanted.values()))
            while cap > 1 and sum(capped(cap).values()) > spare:
                cap -= 1
            widths.update(capped(cap))
        if fit.stretch in names and names.index(fit.stretch) in widths:
            widths[names.index(fit.stretch)] += max(0, room - sum(widths.values()))
        for c, w in widths.items():
            if self.columnWidth(c) != w:
                self.setColumnWidth(c, w)
        if changed:
            self.columns_changed.emit()

    def resizeEvent(self, event: Any) -> None:  # the viewport's new size (QAbstractScrollArea)
        super().resizeEvent(event)  # type: ignore[misc]
        if self._fit is not None:
            self._lay_out()


class RecordTable(FitsColumns, QTableWidget):
    """`RecordTable(name, columns)`, or `RecordTable(parent)` then `configure(name, columns)` (a promoted
    widget in a Designer form is built with its parent only)."""

    columns_changed = Signal()   # the columns shown changed (the width or the person's choice)

    def __init__(self, name: str | QWidget | None = None, columns: list[str] | None = None,
                 parent: QWidget | None = None):
        if not isinstance(name, str):
            name, parent = None, name if name is not None else parent
        super().__init__(0, 0, parent)
        self.marking_columns: set[int] = set()
        self._fit: _Fit | None = None
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
        self.put_rows(rows, ids)
        self.setSortingEnabled(True)
        self.refit()

    def put_rows(self, rows: list[list[Any]], ids: list[int]) -> None:
        """The rows as they are given, each cell knowing its record's id (no sorting, no fitting)."""
        self.setRowCount(len(rows))
        for r, (values, ident) in enumerate(zip(rows, ids)):
            for c, value in enumerate(values):
                item = make_item(value, marking_column=c in self.marking_columns)
                item.setData(Qt.ItemDataRole.UserRole, ident)
                self.setItem(r, c, item)

    def headers(self) -> list[str]:
        return [self.horizontalHeaderItem(c).text() if self.horizontalHeaderItem(c) else ""
                for c in range(self.columnCount())]

    def _tip_cells(self, column: int) -> None:
        for r in range(self.rowCount()):
            item = self.item(r, column)
            if item is not None and item.text() and not item.toolTip():
                item.setToolTip(item.text())   # whole, for when it is cut

    def current_id(self) -> int | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_id(self, ident: int) -> None:
        for r in range(self.rowCount()):
            if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == ident:
                self.selectRow(r)
                return


class FittedTableView(FitsColumns, QTableView):
    """A table view over a model of its own (a register's: 100,000 rows) that fits its width as a
    RecordTable told to `fit_columns` does. Its owner calls `refit()` when the model's contents change
    (not at each filter: the widths hold still while the person types). Qt measures a column on
    `sample` rows around those on screen; a cell cut to fit (or wider than those measured) shows its
    whole text as its tooltip when the model gives none."""

    columns_changed = Signal()   # the columns shown changed (the width or the person's choice)

    def __init__(self, parent: QWidget | None = None, *, sample: int = 300):
        super().__init__(parent)
        self.horizontalHeader().setResizeContentsPrecision(sample)

    def cell_tip(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """A cell's tooltip: the model's own, else its whole text when the column is too narrow for it."""
        if not index.isValid():
            return ""
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        if own:
            return str(own)
        value = index.data(Qt.ItemDataRole.DisplayRole)
        text = "" if value is None else str(value)
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)
        cut = self.fontMetrics().horizontalAdvance(text) + margin > self.columnWidth(index.column())
        return text if text and cut else ""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            tip = self.cell_tip(index)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport(), self.visualRect(index))
                return True
        return super().viewportEvent(event)
