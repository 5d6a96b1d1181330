"""Global search (Ctrl+K): one box across every record (services/search.py: references, names and
aliases, identifiers, dates of birth, operation names, free text); results grouped by kind with why
each matched; Enter opens the highlighted record (or the first one)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..domain.subjects import SubjectKind
from ..services import search

LIMIT = 25
_SUBJECT_KINDS = {k.value for k in SubjectKind}


class SearchDialog(QDialog):
    open_record = Signal(object, int)  # SubjectKind, record id
    open_entity = Signal(str, int)     # any other record: its kind ("assessment", "trigger", ...) and id

    def __init__(self, ws: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("Search")
        self.setAccessibleName("Global search")
        self.resize(940, 520)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Reference, name, alias, PNC ID, phone, vehicle, date of birth, operation or words")
        self.box.setAccessibleName("Search everything")
        self.box.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setAccessibleName("Search results")
        self.results.setHeaderLabels(["Reference", "Name", "Why it matched", "Status", "Marking"])
        self.results.setRootIsDecorated(False)
        for column, width in enumerate((150, 260, 250, 110)):
            self.results.setColumnWidth(column, width)
        self.status = QLabel("Type at least two characters.")
        self.status.setAccessibleName("Search status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=120)  # one query per pause in typing
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda: self._timer.start())
        self.box.returnPressed.connect(self.open_current)
        self.results.itemActivated.connect(lambda item, _col: self._open_item(item))

    def run_search(self) -> None:
        self._timer.stop()
        text = self.box.text().strip()
        self.results.clear()
        if len(text) < 2:
            self.status.setText("Type at least two characters.")
            return
        found = self.ws.read(search.search, text, limit_per_kind=LIMIT)
        total = 0
        first: QTreeWidgetItem | None = None
        for kind, hits in found.items():
            head = QTreeWidgetItem([f"{search.KINDS[kind]} ({len(hits)}{'+' if len(hits) == LIMIT else ''})"])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.results.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)   # only once it is in the tree
            for hit in hits:
                why = hit["why"] + (f": {hit['detail']}" if hit["detail"] else "")
                item = QTreeWidgetItem([hit["reference"], hit["title"], why, hit["status"], hit["marking"]])
                for column, tip in ((1, hit["title"]), (2, why)):
                    item.setToolTip(column, tip)
                item.setData(0, Qt.ItemDataRole.UserRole, (kind, hit["id"]))
                self.results.addTopLevelItem(item)
                first = first or item
                total += 1
        if first is not None:
            self.results.setCurrentItem(first)
        self.status.setText(f"{total} found" if total else f"Nothing matches {text!r}.")

    def open_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, rid = data
        if kind in _SUBJECT_KINDS:
            self.open_record.emit(SubjectKind(kind), rid)
        else:
            self.open_entity.emit(kind, rid)
        self.accept()
