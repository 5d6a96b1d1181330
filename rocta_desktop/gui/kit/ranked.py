"""A table kept in the order given (a rank), its long columns narrowed to fit: the priority list,
a meeting's snapshot of it, the T&CG meetings and the unowned threats. The fitting is the one every
list uses (gui/tables.RecordTable.fit_columns); the columns the caller hides stay hidden."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from ..tables import RecordTable


class RankedTable(RecordTable):
    """A table kept in the order given (the rank), not sortable. `RankedTable(name, columns)`, or
    `RankedTable(parent)` then `configure(name, columns)` (a promoted widget in a Designer form is
    built with its parent only)."""

    def __init__(self, name: str | QWidget | None = None, columns: list[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(name, columns, parent)
        self.setSortingEnabled(False)

    def fill(self, rows: list[list[Any]], ids: list[int]) -> None:
        """The rows in the order given (never sorted). Not measured here: the page colours and
        explains its rows after filling, then fits the columns (`fit_columns`), measuring once."""
        self.put_rows(rows, ids)

    def fit_columns(self, flexible: Mapping[str, float], *, optional: Sequence[str] = (), least: int = 72) -> None:
        """RecordTable's fitting (`RecordTable.fit_columns`: the `flexible` columns narrowed, never under
        their headers, cut with an ellipsis and whole in the tooltip, one line a row), again on every
        resize; call it again after `fill`. The columns hidden now (`setColumnHidden`: the person's choice, made in
        the page's own Columns menu) stay hidden and the rest show, so no column is `optional` here."""
        if optional:
            raise ValueError("a ranked table shows the columns its page chose: none is optional")
        hidden = self._hidden_now()
        if self._fit is not None and self.chosen_columns != hidden:
            self.choose_columns(hidden)
        super().fit_columns(flexible, least=least)
        if self.chosen_columns != hidden:   # the first fitting showed every column: hide them again
            self.choose_columns(hidden)

    def _hidden_now(self) -> frozenset[str]:
        return frozenset(h for c, h in enumerate(self.headers()) if self.isColumnHidden(c))
