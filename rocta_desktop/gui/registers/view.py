"""A register screen: filter box, attribute filters, column chooser, counts, and the table. The table
fits the window's width (gui/tables.FittedTableView, #22): never scrolled sideways, the name and the
long lists narrowed with an ellipsis (whole in the tooltip), the least important columns left out
while the window is too narrow for them; the Columns menu (kit/columns.ColumnMenu) shows or hides
each column, remembered, and the person may drag the columns into an order of their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.markings import Marking
from ...domain.subjects import ManagementLevel, SubjectKind, SubjectStatus
from ...services import registers
from ...services.registers import RegisterData
from ..kit.columns import ColumnMenu
from ..kit.names import name_table
from ..notifier import ChangeNotifier
from ..tables import FittedTableView
from ..widgets import clearable
from .model import RegisterModel, RowFilter

_PLURAL = {SubjectKind.GROUP: "groups", SubjectKind.NOMINAL: "nominals",
           SubjectKind.VULNERABILITY: "vulnerabilities"}
ANY = ""


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setToolTip(name)
    for label, value in items:
        box.addItem(label, value)
    return box


#: the columns narrowed (cut with an ellipsis, whole in the tooltip) when the register is wider than
#: the window, with their weights (the name keeps the most)
FLEXIBLE = {"Name": 2.0, "Flags": 1.2, "Aliases": 1.5, "Nicknames": 1.5, "LRO": 1.2, "Category": 1.2,
            "Location": 1.6}
#: left out while the window is too narrow for them, least important first (their Columns menu has them)
OPTIONAL = {SubjectKind.GROUP: ("Owner unit", "Level"),
            SubjectKind.NOMINAL: ("Owner unit", "Groups", "Status"),
            SubjectKind.VULNERABILITY: ("Owner unit", "Status")}
FIXED = ("Reference", "Name")   # what identifies a record: always shown


def hidden_setting(kind: SubjectKind) -> str:
    """Where the register's Columns menu remembers the columns the person hid."""
    return f"registers/{kind.value}/hidden_columns"


def order_setting(kind: SubjectKind) -> str:
    """Where the order the person dragged the register's columns into is remembered."""
    return f"registers/{kind.value}/column_order"


FIRST_PAGE = 300
#: from this many rows a change notice's rows are read again on a worker (the read takes ~0.1 s at 100,000)
LARGE = 5_000


class _LoadSignals(QObject):
    done = Signal(int, object, str)  # generation, RegisterData, error message


def _hidden_here(session: Any, kind: str) -> int:
    """How many records of this register the reader may not see, where the region shows that count."""
    from ...services import access
    return access.hidden_count(session, "subject", kind) if access.show_hidden_counts(session) else 0


class _LoadJob(QRunnable):
    """Reads a whole register on a pool thread (its own pooled connection; no widget touched)."""

    def __init__(self, ws: Any, kind: SubjectKind, include_archived: bool, generation: int):
        super().__init__()
        self.ws, self.kind, self.include_archived, self.generation = ws, kind, include_archived, generation
        self.signals = _LoadSignals()

    def run(self) -> None:
        try:
            data = self.ws.read(registers.register_rows, self.kind, include_archived=self.include_archived)
        except Exception as exc:
            self.signals.done.emit(self.generation, None, str(exc))
            return
        self.signals.done.emit(self.generation, data, "")


class _RowsSignals(QObject):
    done = Signal(int, object, str, object)  # generation, RegisterData, error message, the ids asked for


class _RowsJob(QRunnable):
    """Reads again, on a pool thread, the rows of records a change notice named."""

    def __init__(self, ws: Any, kind: SubjectKind, include_archived: bool, generation: int, ids: set[int]):
        super().__init__()
        self.ws, self.kind, self.include_archived, self.generation, self.ids = (ws, kind, include_archived,
                                                                               generation, ids)
        self.signals = _RowsSignals()

    def run(self) -> None:
        try:
            data = self.ws.read(registers.register_rows, self.kind, include_archived=self.include_archived,
                                ids=self.ids)
        except Exception as exc:
            self.signals.done.emit(self.generation, None, str(exc), self.ids)
            return
        self.signals.done.emit(self.generation, data, "", self.ids)


class RegisterView(QWidget):
    """Shows one register. Emits `open_record(id)`, `create_record()` and `archive_record(id)`;
    the main window decides how (dialogs, undo stack), so this widget stays easy to test."""

    open_record = Signal(int)
    create_record = Signal()
    archive_record = Signal(int)
    marking_changed = Signal(object)  # Marking of what is on screen
    loaded = Signal()  # the whole register is in the model

    def __init__(self, ws: Any, kind: SubjectKind, parent: QWidget | None = None, *,
                 notifier: ChangeNotifier | None = None):
        super().__init__(parent)
        self.ws = ws
        self.kind = kind
        self.plural = _PLURAL[kind]
        self.setAccessibleName(f"{kind.label} register")
        columns = registers.register_columns(kind)
        self.model = RegisterModel(RegisterData(columns, [], [], [], []), parent=self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter: reference, name, alias or nickname")
        self.filter_edit.setToolTip(f"Filter {self.plural} by reference, name, alias or nickname (Ctrl+F)")
        self.filter_edit.setAccessibleName(f"Filter {self.plural}")
        clearable(self.filter_edit, f"Clear {self.plural} filter")
        self.status_box = _combo("Status filter", [("Current (proposed and active)", "current"),
                                                    ("Active", "active"), ("Proposed", "proposed"),
                                                    ("Archived", "archived"), ("All, including archived", "all")])
        self.force_box = _combo("Lead force filter", [("Any lead force", ANY)])
        self.marking_box = _combo("Marking filter", [("Any marking", ANY)] + [(m.value, m.value) for m in Marking])
        self.level_box = _combo("Management level filter", [("Any level", ANY)] +
                                [(lv.value.capitalize(), lv.value) for lv in ManagementLevel])
        self.level_box.setVisible(kind is SubjectKind.GROUP)

        # a push button with a menu: its arrow has room of its own (a tool button's overlapped the text)
        self.columns_button = QPushButton("Co&lumns")
        self.columns_button.setAccessibleName(f"Choose {kind.label.lower()} register columns")

        self.count_label = QLabel()
        self.count_label.setAccessibleName(f"Number of {self.plural} shown")
        self.new_button = QPushButton(f"&New {kind.label.lower()}")
        self.new_button.setAccessibleName(f"New {kind.label.lower()}")
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open selected record")
        self.archive_button = QPushButton("&Archive...")
        self.archive_button.setAccessibleName("Archive selected record")

        self.table = FittedTableView()
        name_table(self.table, f"{kind.label} table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)   # by reference, as the header says
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionsMovable(True)
        self._restore_order()
        self.table.horizontalHeader().sectionMoved.connect(lambda *_: self._save_order())
        self.table.fit_columns({c.label: FLEXIBLE[c.label] for c in columns if c.label in FLEXIBLE},
                               optional=OPTIONAL[kind], hidden=[c.label for c in columns if c.hidden_by_default],
                               stretch="Name")
        self.columns = ColumnMenu(self.columns_button, self.table, f"{kind.label.lower()} register",
                                  hidden_setting(kind), fixed=FIXED)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 3)
        for w in (self.status_box, self.force_box, self.marking_box, self.level_box):
            filters.addWidget(w, 1)
        filters.addWidget(self.columns_button)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for b in (self.new_button, self.open_button, self.archive_button):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.filter_edit.textChanged.connect(self.apply_filter)
        self.status_box.currentIndexChanged.connect(self._status_changed)
        for box in (self.force_box, self.marking_box, self.level_box):
            box.currentIndexChanged.connect(self.apply_filter)
        self.table.doubleClicked.connect(lambda idx: self.open_record.emit(self.model.record_id(idx.row())))
        self.table.activated.connect(lambda idx: self.open_record.emit(self.model.record_id(idx.row())))
        self.new_button.clicked.connect(self.create_record.emit)
        self.open_button.clicked.connect(self._open_selected)
        self.archive_button.clicked.connect(self._archive_selected)
        focus = QAction("Focus filter", self)
        focus.setShortcut(QKeySequence.StandardKey.Find)
        focus.triggered.connect(lambda: (self.filter_edit.setFocus(), self.filter_edit.selectAll()))
        self.addAction(focus)
        self._loaded_archived = False
        self._generation = 0
        self.loading = False
        self.notifier = notifier or ChangeNotifier(ws, self)
        self.notifier.changed.connect(self._on_change)

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        """Load the whole register now (tests, small registers)."""
        include_archived = self.status_box.currentData() in ("archived", "all")
        self._generation += 1
        self._install(self.ws.read(registers.register_rows, self.kind, include_archived=include_archived),
                      include_archived)

    def load_async(self) -> None:
        """Show the first page at once, load the whole register on a worker thread, swap it in.
        A large register (100,000 nominals) is on screen in a few milliseconds, complete in ~0.5 s."""
        include_archived = self.status_box.currentData() in ("archived", "all")
        self._generation += 1
        first = self.ws.read(registers.register_rows, self.kind, include_archived=include_archived,
                             first=FIRST_PAGE)
        self._install(first, include_archived)
        if len(first.ids) < FIRST_PAGE:
            self.loaded.emit()
            return
        self.loading = True
        self.count_label.setText(f"Loading all {self.plural}...")
        job = _LoadJob(self.ws, self.kind, include_archived, self._generation)
        job.signals.done.connect(self._loaded_in_background)
        QThreadPool.globalInstance().start(job)

    def _loaded_in_background(self, generation: int, data: Any, error: str) -> None:
        if generation != self._generation:
            return  # a newer load superseded this one
        self.loading = False
        if error:
            self.count_label.setText(f"Could not load the register: {error}")
            return
        selected = self.selected_id()
        self._install(data, self._loaded_archived)
        if selected is not None:
            self.select_record(selected)
        self.loaded.emit()

    def _install(self, data: Any, include_archived: bool) -> None:
        self._loaded_archived = include_archived
        self._hidden = self.ws.read(_hidden_here, self.kind.value)
        self.model.set_register(data)
        self._refresh_force_choices()
        self.apply_filter()
        self.table.refit()  # the widths for these rows (not at each filter: they hold still while typing)

    def _status_changed(self) -> None:
        if (self.status_box.currentData() in ("archived", "all")) != self._loaded_archived:
            self.load_async()
        else:
            self.apply_filter()

    def _on_change(self, changes: Any) -> None:
        ids = changes.ids(self.kind.value) if hasattr(changes, "ids") else set()
        if self.kind.value not in changes:
            return
        if ids and self.model.total >= LARGE:  # a large register: the rows are read on a worker
            job = _RowsJob(self.ws, self.kind, self._loaded_archived, self._generation, ids)
            job.signals.done.connect(self._rows_read)  # a method of this widget: delivered on its thread
            QThreadPool.globalInstance().start(job)
        elif ids:
            fresh = self.ws.read(registers.register_rows, self.kind, include_archived=self._loaded_archived,
                                 ids=ids)
            self.model.replace_rows(fresh, ids)
            self._update_count()
            self.table.refit()
        else:
            self.load()

    def _rows_read(self, generation: int, data: Any, error: str, ids: set[int]) -> None:
        if generation != self._generation or error:
            return  # a whole load since (it has these rows too), or the rows could not be read: F5 reads again
        self.model.replace_rows(data, ids)
        self._update_count()
        self.table.refit()

    def _refresh_force_choices(self) -> None:
        current = self.force_box.currentData()
        self.force_box.blockSignals(True)
        self.force_box.clear()
        self.force_box.addItem("Any lead force", ANY)
        for code in self.model.distinct("lead_force"):
            self.force_box.addItem(code, code)
        idx = self.force_box.findData(current)
        self.force_box.setCurrentIndex(max(idx, 0))
        self.force_box.blockSignals(False)

    # ------------------------------------------------------------------ filtering
    def current_filter(self) -> RowFilter:
        status = self.status_box.currentData()
        statuses = {"current": {SubjectStatus.PROPOSED.value, SubjectStatus.ACTIVE.value},
                    "all": None}.get(status, status)
        equals: dict[str, Any] = {"status": statuses, "lead_force": self.force_box.currentData(),
                                  "marking": self.marking_box.currentData()}
        if self.kind is SubjectKind.GROUP:
            equals["management_level"] = self.level_box.currentData()
        return RowFilter(self.filter_edit.text(), equals)

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _update_count(self) -> None:
        if self.loading:
            return
        shown, total = self.model.shown, self.model.total
        noun = self.kind.label.lower() if total == 1 else self.plural
        text = f"{shown:,} of {total:,} {noun} shown" if shown != total else f"{total:,} {noun}"
        if getattr(self, "_hidden", 0):
            text += f"; {self._hidden:,} more you are not cleared or granted to see"
        self.count_label.setText(text)
        self.marking_changed.emit(self.model.highest_marking_shown())

    # ------------------------------------------------------------------ columns
    def _restore_order(self) -> None:
        """The order the person dragged the columns into, if any (by header: a column it does not name follows)."""
        value = QSettings().value(order_setting(self.kind), None)
        if not value:
            return
        names = self.table.headers()
        wanted = [n for n in ([value] if isinstance(value, str) else list(value)) if n in names]
        header = self.table.horizontalHeader()
        for position, name in enumerate(wanted):
            header.moveSection(header.visualIndex(names.index(name)), position)

    def _save_order(self) -> None:
        header = self.table.horizontalHeader()
        names = self.table.headers()
        QSettings().setValue(order_setting(self.kind), [names[header.logicalIndex(v)] for v in range(len(names))])

    # ------------------------------------------------------------------ selection
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.record_id(rows[0].row()) if rows else None

    def select_record(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _open_selected(self) -> None:
        rid = self.selected_id()
        if rid is not None:
            self.open_record.emit(rid)

    def _archive_selected(self) -> None:
        rid = self.selected_id()
        if rid is not None:
            self.archive_record.emit(rid)
