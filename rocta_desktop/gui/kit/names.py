"""Small helpers shared by the register screens."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView


def name_table(table: QTableView, name: str) -> QTableView:
    """Give a table and its (clickable) headers accessible names."""
    table.setAccessibleName(name)
    table.horizontalHeader().setAccessibleName(f"{name} column headers")
    table.verticalHeader().setAccessibleName(f"{name} row headers")
    table.verticalHeader().setVisible(False)
    return table
