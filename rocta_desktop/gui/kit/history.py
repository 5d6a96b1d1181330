"""A record's audit history as a table (record editor, triggers, requirements) and its changes in words
(the audit trail)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from .dates import show_time
from .names import name_table


def history_table(events: list[dict[str, Any]], name: str) -> QTableWidget:
    """A record's audit events, newest first: when, who, what, and the field changes."""
    table = QTableWidget(0, 4)
    name_table(table, name)
    table.setHorizontalHeaderLabels(["When (UTC)", "Who", "What", "Changes"])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    for e in reversed(events):
        r = table.rowCount()
        table.insertRow(r)
        for c, v in enumerate([show_time(e["at"], utc=True), e["username"], e["summary"],
                               describe_changes(e["changes"])]):
            item = QTableWidgetItem(v)
            item.setToolTip(v)
            table.setItem(r, c, item)
    table.resizeColumnToContents(0)
    table.resizeRowsToContents()
    return table


def describe_changes(changes: dict[str, Any]) -> str:
    parts = []
    for key, change in changes.items():
        name = key.replace("_", " ")
        if "before" in change or "after" in change:
            parts.append(f"{name}: {change.get('before')!s} -> {change.get('after')!s}"
                         if change.get("before") is not None else f"{name}: {change.get('after')!s}")
        else:
            for verb in ("added", "removed", "changed"):
                if change.get(verb):
                    parts.append(f"{name} {verb}: {', '.join(map(str, change[verb]))}")
    return "; ".join(parts)
