"""A small sortable table of records: one row per record, the record id on every cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


class RecordTable(QTableWidget):
    def __init__(self, name: str, columns: list[str]):
        super().__init__(0, len(columns))
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(columns)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setAccessibleName(f"{name} row headers")
        self.horizontalHeader().setAccessibleName(f"{name} column headers")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # rows keep the service's order until a header is clicked

    def fill(self, rows: list[list[Any]], ids: list[int]) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        for r, (values, ident) in enumerate(zip(rows, ids)):
            for c, value in enumerate(values):
                item = QTableWidgetItem()
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    item.setData(Qt.ItemDataRole.DisplayRole, value)
                else:
                    item.setText("" if value is None else str(value))
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
