"""The assessment schemes this workspace offers: shipped reference schemes and the ROCU's own
controlled schemes, which an administrator imports from a file (checked in full first: a
malformed file is refused with the exact place and reason) and can retire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.schemes import SchemeError, builtin_schemes
from ...domain.users import Permission
from ...services import assessments
from ...services.permissions import allowed
from ..ops import Runner
from ..prompts import Prompts
from ..tables import RecordTable

COLUMNS = ["Scheme", "Method", "Title", "Applies to", "Source", "Offered"]


class SchemesDialog(QDialog):
    def __init__(self, ws: Any, *, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.setWindowTitle("Assessment schemes")
        self.setAccessibleName("Assessment schemes")
        self.resize(900, 480)
        self.table = RecordTable("Assessment schemes", COLUMNS)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Scheme details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = QPushButton("&Import scheme file...")
        self.import_button.setAccessibleName("Import scheme file")
        self.retire_button = QPushButton("&Retire")
        self.retire_button.setAccessibleName("Retire or offer again the selected scheme")
        close = QPushButton("&Close")
        close.setAccessibleName("Close schemes")
        close.clicked.connect(self.accept)
        admin = allowed(ws.actor, Permission.MANAGE_REFERENCE_DATA)
        for b in (self.import_button, self.retire_button):
            b.setEnabled(admin)
            if not admin:
                b.setToolTip("Only an administrator can change the schemes")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.retire_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.retire_button.clicked.connect(self.toggle_selected)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.importing = Runner(self, ws, prompts=self.prompts, title="Scheme refused", buttons=[self.import_button])
        self.toggling = Runner(self, ws, prompts=self.prompts, title="Assessment schemes")
        self.reload()

    def reload(self) -> None:
        shipped = {s.sha256 for s in builtin_schemes()}
        self.schemes = self.ws.read(assessments.available_schemes, include_retired=True)
        offered = {s.ref for s in self.ws.read(assessments.available_schemes)}
        self.table.fill([[s.ref, s.method, s.title, ", ".join(sorted(s.applies_to)),
                          "shipped" if s.sha256 in shipped else "imported", "yes" if s.ref in offered else "retired"]
                         for s in self.schemes], list(range(len(self.schemes))))
        self.offered = offered
        self._show_details()

    def _selected(self) -> Any:
        i = self.table.current_id()
        return None if i is None else self.schemes[i]

    def _show_details(self) -> None:
        s = self._selected()
        self.details.setText("" if s is None else f"{s.description}\n\n{s.notice}\nSHA-256 {s.sha256}".strip())
        shipped = s is not None and s.sha256 in {b.sha256 for b in builtin_schemes()}
        self.retire_button.setEnabled(allowed(self.ws.actor, Permission.MANAGE_REFERENCE_DATA)
                                      and s is not None and not shipped)
        if s is not None:
            self.retire_button.setText("&Retire" if s.ref in self.offered else "&Offer again")

    def import_file(self, path: str | None = None) -> str | None:
        path = path or self.prompts.choose_file(self, "Import an assessment scheme", "Scheme files (*.json)")
        if not path:
            return None
        op = self.importing.write("scheme.import", assessments.import_scheme, Path(path), handled=(SchemeError,))
        if isinstance(op.error, SchemeError):  # refused with the exact place and reason in the file
            exc = op.error
            where = f" at {exc.where}" if exc.where else ""
            self.prompts.warning(self, "Scheme refused",
                                 f"{exc.source} cannot be used{where}:\n{exc.reason}\n\nNothing was imported.")
            return None
        if not op.ok:
            return None
        ref = op.result
        self.reload()
        self.prompts.information(self, "Scheme imported", f"{ref} is now offered for new assessments.")
        return ref

    def toggle_selected(self) -> None:
        s = self._selected()
        if s is None:
            return
        self.toggling.write("scheme.active", assessments.set_scheme_active, s.ref, s.ref not in self.offered)
        self.reload()
