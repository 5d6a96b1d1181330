"""Table model for a register: all rows held as plain tuples, filtered and sorted in Python.

Measured on this machine: filtering a Python list of 100k rows with a model reset takes ~10 ms and
sorting ~20 ms, where QSortFilterProxyModel over a Python model took 0.7 s to filter and 8.8 s to
sort (it calls data() for every row). So the model keeps `_view`, a list of row positions, and
rebuilds it on filter or sort.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.markings import Marking, highest
from ...domain.subjects import normalise_name
from ...services.registers import RegisterData

Index = QModelIndex | QPersistentModelIndex
_DATE_KEYS = frozenset({"date_of_birth", "updated"})


@dataclass
class RowFilter:
    text: str = ""
    equals: dict[str, Any] = field(default_factory=dict)  # column key -> wanted display value

    def is_empty(self) -> bool:
        return not self.text.strip() and not any(v not in (None, "") for v in self.equals.values())


_LAST = "\U0010ffff"  # empty cells sort after every text


def _column_keys(rows: list[tuple], col: int) -> list[Any]:
    """Sort keys for one column, computed once per column and cached: numbers as numbers, text
    case-insensitively (ISO dates sort as text), empty cells last."""
    sample = next((r[col] for r in rows if r[col] not in (None, "")), "")
    if isinstance(sample, (int, float)):
        return [r[col] if isinstance(r[col], (int, float)) else float("inf") for r in rows]
    return [str(r[col]).casefold() if r[col] not in (None, "") else _LAST for r in rows]


class RegisterModel(QAbstractTableModel):
    def __init__(self, data: RegisterData | None = None, parent: Any = None):
        super().__init__(parent)
        self._data = data or RegisterData([], [], [], [], [])
        self._keys = [c.key for c in self._data.columns]
        self._view: list[int] = list(range(len(self._data.rows)))
        self._filter = RowFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._key_cache: dict[int, list[Any]] = {}

    # ------------------------------------------------------------------ data in
    def set_register(self, data: RegisterData) -> None:
        self.beginResetModel()
        self._data = data
        self._key_cache.clear()
        self._keys = [c.key for c in data.columns]
        self._view = self._compute_view()
        self.endResetModel()

    def replace_rows(self, fresh: RegisterData, ids: set[int]) -> None:
        """Swap in refreshed rows for `ids` (and add new ones) without reloading the register."""
        pos = {sid: i for i, sid in enumerate(self._data.ids)}
        d = self._data
        for k, sid in enumerate(fresh.ids):
            i = pos.get(sid)
            if i is None:
                d.ids.append(sid)
                d.rows.append(fresh.rows[k])
                d.search_text.append(fresh.search_text[k])
                d.markings.append(fresh.markings[k])
            else:
                d.rows[i], d.search_text[i], d.markings[i] = fresh.rows[k], fresh.search_text[k], fresh.markings[k]
        self._key_cache.clear()
        gone = ids - set(fresh.ids)
        if gone:
            keep = [i for i, sid in enumerate(d.ids) if sid not in gone]
            d.ids[:] = [d.ids[i] for i in keep]
            d.rows[:] = [d.rows[i] for i in keep]
            d.search_text[:] = [d.search_text[i] for i in keep]
            d.markings[:] = [d.markings[i] for i in keep]
        self.beginResetModel()
        self._view = self._compute_view()
        self.endResetModel()

    # ------------------------------------------------------------------ filter and sort
    def set_filter(self, flt: RowFilter) -> None:
        self._filter = flt
        self.beginResetModel()
        self._view = self._compute_view()
        self.endResetModel()

    def _compute_view(self) -> list[int]:
        flt = self._filter
        rows, texts = self._data.rows, self._data.search_text
        view = range(len(rows))
        needles = normalise_name(flt.text).split() if flt.text.strip() else []
        if needles:
            view = [i for i in view if all(n in texts[i] for n in needles)]
        for key, wanted in flt.equals.items():
            if wanted in (None, "") or key not in self._keys:
                continue
            col = self._keys.index(key)
            if isinstance(wanted, (set, frozenset, tuple, list)):
                view = [i for i in view if rows[i][col] in wanted]
            else:
                view = [i for i in view if rows[i][col] == wanted]
        view = list(view)
        if self._sort is not None:
            col, order = self._sort
            view.sort(key=self._sort_keys(col).__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return view

    def _sort_keys(self, col: int) -> list[Any]:
        keys = self._key_cache.get(col)
        if keys is None:
            keys = self._key_cache[col] = _column_keys(self._data.rows, col)
        return keys

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._keys):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._view.sort(key=self._sort_keys(column).__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default (an invalid index)
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default (an invalid index)
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._data.rows[self._view[index.row()]][index.column()]
            if self._keys[index.column()] in _DATE_KEYS and len(value) == 10:
                return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"  # ISO text shown the UK way
            return value if isinstance(value, str) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and self._keys[index.column()] in ("members", "groups"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._data.ids[self._view[index.row()]]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._data.columns[section].label
        return None

    # ------------------------------------------------------------------ helpers for the view
    def record_id(self, row: int) -> int:
        return self._data.ids[self._view[row]]

    def row_of(self, record_id: int) -> int | None:
        try:
            pos = self._data.ids.index(record_id)
        except ValueError:
            return None
        try:
            return self._view.index(pos)
        except ValueError:
            return None

    def column_keys(self) -> list[str]:
        return list(self._keys)

    def value(self, row: int, key: str) -> Any:
        return self._data.rows[self._view[row]][self._keys.index(key)]

    def distinct(self, key: str) -> list[str]:
        if key not in self._keys:
            return []
        col = self._keys.index(key)
        return sorted({r[col] for r in self._data.rows if r[col] not in (None, "")})

    @property
    def total(self) -> int:
        return len(self._data.rows)

    @property
    def shown(self) -> int:
        return len(self._view)

    def highest_marking_shown(self) -> Marking:
        """The marking the screen must carry: the highest of the rows shown."""
        marks = self._data.markings
        if len(self._view) == len(marks):
            return highest(set(marks))
        top = max(Marking, key=lambda m: m.rank)
        seen = set()
        for i in self._view:
            m = marks[i]
            if m is top:
                return m
            seen.add(m)
        return highest(seen)
