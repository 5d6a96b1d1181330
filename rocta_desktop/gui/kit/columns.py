"""A small sortable, filterable list of records: text filter, "show inactive", a count, the table
and a row of buttons. Reference lists and users are short (tens of rows), so a sort/filter proxy
over a plain Python model is quick enough here (the registers page needs more for 100k rows).

`ColumnMenu`: the "Columns" menu of a table that fits its width (gui/tables.RecordTable.fit_columns):
show or hide each column, remembered; until the person chooses, the least important columns are
left out only while the window is too narrow for them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..tables import FittedTableView
from ..tables import RecordTable as FittedTable
from ..widgets import clearable
from .names import name_table

SORT_ROLE = Qt.ItemDataRole.UserRole
_INACTIVE_COLOUR = QColor("#7b8794")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    show: Callable[[dict[str, Any]], str] | None = None  # the text shown, from the whole row
    numeric: bool = False
    tip: Callable[[dict[str, Any]], str] | None = None  # a fuller text (tooltip; the filter matches it too)

    def text(self, row: dict[str, Any]) -> str:
        if self.show is not None:
            return self.show(row)
        value = row.get(self.key)
        return "" if value is None else str(value)

    def tooltip(self, row: dict[str, Any]) -> str:
        return self.tip(row) if self.tip is not None else self.text(row)

    def sort_key(self, row: dict[str, Any]) -> Any:
        if self.numeric:
            return row.get(self.key) or 0
        return self.text(row).casefold()


def status_column(active: str = "Active", inactive: str = "Inactive") -> Column:
    return Column("active", "Status", lambda r: active if r.get("active") else inactive)


class RowsModel(QAbstractTableModel):
    """Rows as dicts (what the services return), shown through `Column`s. Inactive rows are grey."""

    def __init__(self, columns: list[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default (an invalid index)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default (an invalid index)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row)
        if role == SORT_ROLE:
            return column.sort_key(row)
        if role == Qt.ItemDataRole.ForegroundRole and not row.get("active", True):
            return _INACTIVE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def searchable(self, row: int) -> str:
        r = self.rows[row]
        return " ".join(c.tooltip(r) if c.tip else c.text(r) for c in self.columns).casefold()


class RowsFilter(QSortFilterProxyModel):
    """Every word of the filter text somewhere in the row, and inactive rows only when asked."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.words: list[str] = []
        self.show_inactive = True
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, show_inactive: bool) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.show_inactive = show_inactive
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: RowsModel = self.sourceModel()  # type: ignore[assignment]
        if not self.show_inactive and not model.rows[source_row].get("active", True):
            return False
        if not self.words:
            return True
        text = model.searchable(source_row)
        return all(w in text for w in self.words)


class RecordTable(QWidget):
    """The list part of an administration tab. `activated(row)` on double-click or Enter;
    `selection_changed()` when the selected row changes. Buttons go in `self.buttons`."""

    activated = Signal(dict)
    selection_changed = Signal()

    def __init__(self, noun: str, plural: str, columns: list[Column], *, inactive_word: str = "inactive",
                 inactive_toggle: bool = True, stretch: str = "name", parent: QWidget | None = None):
        super().__init__(parent)
        self.noun, self.plural, self.inactive_word = noun, plural, inactive_word
        self.model = RowsModel(columns, self)
        self.proxy = RowsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.notice = QLabel()
        self.notice.setObjectName("muted")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(f"{plural.capitalize()} notice")
        self.notice.hide()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(f"Filter {plural}: type any part of a code, name or other column")
        self.filter_edit.setAccessibleName(f"Filter {plural}")
        clearable(self.filter_edit, f"Clear {plural} filter")
        self.inactive_check: QCheckBox | None = None
        if inactive_toggle:
            self.inactive_check = QCheckBox(f"Show &{inactive_word}")
            self.inactive_check.setAccessibleName(f"Show {inactive_word} {plural}")
            self.inactive_check.setToolTip(f"Also list {inactive_word} {plural} (greyed)")
        self.count_label = QLabel()
        self.count_label.setAccessibleName(f"Number of {plural} shown")

        self.table = QTableView()
        name_table(self.table, f"{plural.capitalize()} table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        keys = [c.key for c in columns]
        # the name takes the spare width (and gives it back first); the other columns fit their content
        self._stretch = keys.index(stretch) if stretch in keys else len(keys) - 1
        header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        if self.inactive_check is not None:
            top.addWidget(self.inactive_check)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.filter_edit.textChanged.connect(self._refilter)
        if self.inactive_check is not None:
            self.inactive_check.toggled.connect(self._refilter)
        self.table.activated.connect(self._activated)  # Enter, and double-click (Qt emits both)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.proxy.modelReset.connect(self.selection_changed.emit)
        self._refilter()

    # ------------------------------------------------------------------ content
    def add_button(self, button: QPushButton) -> QPushButton:
        self.buttons.addWidget(button)
        return button

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """New content; the selected record stays selected if it is still listed."""
        chosen = self.selected()
        self.model.set_rows(rows)
        self._refilter()
        for c in range(self.model.columnCount()):
            if c != self._stretch:
                self.table.resizeColumnToContents(c)
                self.table.setColumnWidth(c, min(max(self.table.columnWidth(c) + 12, 72), 320))
        if chosen is not None:
            self.select(chosen.get("id"))

    @property
    def show_inactive(self) -> bool:
        return self.inactive_check is None or self.inactive_check.isChecked()

    def _refilter(self) -> None:
        self.proxy.set_filter(self.filter_edit.text(), self.show_inactive)
        self._update_count()
        self.selection_changed.emit()

    def _update_count(self) -> None:
        rows = self.model.rows
        inactive = sum(1 for r in rows if not r.get("active", True))
        listed = len(rows) if self.show_inactive else len(rows) - inactive
        shown = self.proxy.rowCount()
        text = (f"{shown} of {self._count(listed)} shown" if self.proxy.words else self._count(listed))
        if inactive:
            hidden = "" if self.show_inactive else " hidden"
            text += f" ({inactive} {self.inactive_word}{hidden})"
        self.count_label.setText(text)

    def _count(self, n: int) -> str:
        return f"{n} {self.noun if n == 1 else self.plural}"

    # ------------------------------------------------------------------ selection
    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def select(self, ident: Any) -> bool:
        for r, row in enumerate(self.model.rows):
            if row.get("id") == ident:
                index = self.proxy.mapFromSource(self.model.index(r, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    self.table.scrollTo(index)
                    return True
        return False

    def shown_rows(self) -> list[dict[str, Any]]:
        """The rows on screen, in their on-screen order."""
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.rows[self.proxy.mapToSource(index).row()])


class ColumnMenu:
    """The columns menu of `table` (a gui/tables.RecordTable or FittedTableView told to `fit_columns`)
    on `button`, and on a right-click of the table's headers: a tick for each column (the `fixed` ones,
    what identifies a row, always shown), and "Fit to the window", the default: the table's optional
    columns left out only while the window is too narrow for them (and its `hidden` ones until shown).
    A choice is remembered in QSettings under `setting` (a list of the hidden headers; absent: fit to
    the window)."""

    FIT = "&Fit to the window"

    def __init__(self, button: QPushButton, table: FittedTable | FittedTableView, what: str, setting: str, *,
                 fixed: Iterable[str] = ()):
        self.button, self.table, self.setting = button, table, setting
        self.fixed = set(fixed)
        button.setAccessibleName(button.accessibleName() or f"Choose {what} columns")
        button.setToolTip(button.toolTip() or f"Show or hide columns of the {what}; until you choose, the "
                                              "least important are left out while the window is narrow")
        self.menu = QMenu(button)
        self.menu.setAccessibleName(f"{what.capitalize()} columns")
        self.actions: dict[str, QAction] = {}
        for name in table.headers():
            action = self.menu.addAction(name)
            action.setCheckable(True)
            action.setEnabled(name not in self.fixed)
            action.triggered.connect(lambda on, n=name: self.show_column(n, on))
            self.actions[name] = action
        self.menu.addSeparator()
        self.fit_action = self.menu.addAction(self.FIT)
        self.fit_action.setCheckable(True)
        self.fit_action.setToolTip("Leave out the least important columns only while the window is too narrow")
        self.fit_action.triggered.connect(lambda _on: self.fit_to_window())
        self.menu.aboutToShow.connect(self.sync)
        button.setMenu(self.menu)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda at: self.menu.popup(header.mapToGlobal(QPoint(at))))
        table.choose_columns(self._remembered())
        self.sync()

    def _remembered(self) -> set[str] | None:
        value = QSettings().value(self.setting, None)
        if value is None:
            return None
        names = [value] if isinstance(value, str) else list(value)
        return {n for n in names if n and n not in self.fixed}

    def sync(self) -> None:
        """The ticks as the table is now (the width may have left columns out since)."""
        shown = set(self.table.shown_columns())
        for name, action in self.actions.items():
            action.setChecked(name in shown)
        self.fit_action.setChecked(self.table.chosen_columns is None)

    def show_column(self, name: str, shown: bool) -> None:
        """The person's choice, from what is shown now: remembered, and kept at every width."""
        hidden = {n for n in self.table.headers() if n not in self.table.shown_columns()}
        hidden = (hidden - {name}) if shown or name in self.fixed else (hidden | {name})
        self.table.choose_columns(hidden)
        QSettings().setValue(self.setting, sorted(hidden) or "")
        self.sync()

    def fit_to_window(self) -> None:
        self.table.choose_columns(None)
        QSettings().remove(self.setting)
        self.sync()
