"""A record's audit history as a table (record editor, triggers, requirements) and its changes in words
(the audit trail)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QAbstractItemView

from ..tables import SORT_ROLE, RecordTable
from .dates import show_time, sort_key

HISTORY_COLUMNS = ["When (UTC)", "Who", "What", "Changes"]
#: the history fits its width on one line a row (a reference or a marking never broken across two
#: lines): what happened keeps the most, the changes take the rest; a cut cell is whole in its tooltip
HISTORY_FLEXIBLE = {"What": 3.0, "Changes": 1.0}
LONG_TIP = 90   # characters: a longer tooltip wraps (rich text) rather than run across the screen


def history_table(events: list[dict[str, Any]], name: str) -> RecordTable:
    """A record's audit events, newest first: when, who, what, and the field changes."""
    table = RecordTable(name, HISTORY_COLUMNS)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    newest = list(reversed(events))
    table.fill([[show_time(e["at"], utc=True), e["username"], e["summary"], describe_changes(e["changes"])]
                for e in newest], list(range(len(newest))))
    for r, e in enumerate(newest):
        table.item(r, 0).setData(SORT_ROLE, sort_key(e["at"]))   # in time order, not as text
        for c in (2, 3):
            item = table.item(r, c)
            text = item.text()
            item.setToolTip(f"<p>{escape(text)}</p>" if len(text) > LONG_TIP else text)
    table.fit_columns(HISTORY_FLEXIBLE)
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
