"""Global search (Ctrl+K): one box across references, names, aliases and nicknames of every
subject; results grouped by kind; Enter opens the highlighted record (or the first one)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..domain.subjects import SubjectKind
from ..services import registers

_HEADINGS = {"group": "Organised crime groups", "nominal": "Nominals", "vulnerability": "Vulnerabilities"}


class SearchDialog(QDialog):
    open_record = Signal(object, int)  # SubjectKind, record id

    def __init__(self, ws: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("Search")
        self.setAccessibleName("Global search")
        self.resize(640, 460)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Reference, name, alias or nickname")
        self.box.setAccessibleName("Search everything")
        self.box.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setAccessibleName("Search results")
        self.results.setHeaderLabels(["Reference", "Name", "Status", "Marking"])
        self.results.setRootIsDecorated(False)
        self.results.setColumnWidth(0, 140)
        self.results.setColumnWidth(1, 280)
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
        found = self.ws.read(registers.search, text, limit_per_kind=25)
        total = 0
        first: QTreeWidgetItem | None = None
        for kind in ("group", "nominal", "vulnerability"):
            hits = found.get(kind, [])
            if not hits:
                continue
            head = QTreeWidgetItem([f"{_HEADINGS[kind]} ({len(hits)}{'+' if len(hits) == 25 else ''})"])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            self.results.addTopLevelItem(head)
            for hit in hits:
                item = QTreeWidgetItem([hit["reference"], hit["name"], hit["status"], hit["marking"]])
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
        self.open_record.emit(SubjectKind(kind), rid)
        self.accept()
