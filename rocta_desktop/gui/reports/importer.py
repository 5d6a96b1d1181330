"""Importing a spreadsheet: choose the sheet, check the column mapping, see every problem by row
and column, then import all rows or only the valid ones. Loaded when first used (python-calamine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError, ValidationError
from ...domain.markings import Marking
from ...domain.users import Permission
from ...exchange.xlsx_import import SpreadsheetError, column_letter, read_for_import, sheets
from ...services import imports
from ...services.permissions import allowed
from ..kit.names import name_table
from ..ops import Op, Runner
from ..prompts import Prompts
from ..tables import RecordTable
from ..widgets import busy

NOT_IMPORTED = "\u2014 not imported \u2014"
NOTES = {
    "disruptions": "Disruptions are imported as drafts, never approved: you are recorded as the person who "
                   "recorded them, so after you submit each one a second supervisor approves or returns it, as "
                   "for a disruption typed in. Outcomes are written like \u201carrests 3; cash 12000; drugs 2.5 kg "
                   "cocaine\u201d; contributing agencies as codes separated by ; or ,. A row for the same subject, "
                   "date, 4P category and tactic as a disruption already recorded is skipped.",
}


class ImportDialog(QDialog):
    """One spreadsheet into the workspace: mapping, check, import."""

    imported = Signal(object)  # the Outcome

    def __init__(self, ws: Any, kind: str, path: str, *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.kind, self.path, self.prompts = ws, kind, Path(path), prompts
        self.plan: imports.Plan | None = None
        self.done_import = False
        self.setWindowTitle(f"Import {kind} from {self.path.name}")
        self.setAccessibleName("Import from a spreadsheet")
        self.resize(980, 720)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet to import")
        for name, hidden in sheets(self.path):   # hidden sheets last, read only when chosen
            if not hidden:
                self.sheet.addItem(name, name)
        for name, hidden in sheets(self.path):
            if hidden:
                self.sheet.addItem(f"{name} (hidden)", name)
        self.header_row = QSpinBox()
        self.header_row.setAccessibleName("Header row")
        self.header_row.setRange(0, 1000)
        self.header_row.setSpecialValueText("found automatically")
        self.header_row.setToolTip("The row holding the column headers; title rows above it are not imported")
        self.left_out: list[int] = []
        self.load_mapping_button = QPushButton("&Load mapping...")
        self.load_mapping_button.setAccessibleName("Load a mapping file")
        self.save_mapping_button = QPushButton("Save &mapping...")
        self.save_mapping_button.setAccessibleName("Save the mapping to a file")
        self.memory = QLabel()
        self.memory.setAccessibleName("Column mapping source")
        self.memory.setWordWrap(True)
        self.mapping = QTableWidget(0, 3)
        name_table(self.mapping, "Column mapping")
        self.mapping.setHorizontalHeaderLabels(["Column", "Header in the file", "Imported as"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel("Check the mapping, then press Check.")
        self.summary.setAccessibleName("Import check summary")
        self.summary.setWordWrap(True)
        self.problems = RecordTable("Import problems", ["Sheet", "Row", "Column", "Field", "Problem"])
        self.check_button = QPushButton("&Check")
        self.check_button.setAccessibleName("Check the file")
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("primary")
        self.import_button.setAccessibleName("Import all rows")
        self.valid_button = QPushButton("Import the &valid rows only")
        self.valid_button.setAccessibleName("Import the valid rows only")
        self.report_button = QPushButton("Save &report...")
        self.report_button.setAccessibleName("Save the import report")
        close = self.close_button = QPushButton("&Close")
        close.setAccessibleName("Close import")
        close.clicked.connect(self.reject)
        for b in (self.import_button, self.valid_button, self.report_button):
            b.setEnabled(False)
        top = QFormLayout()
        top.addRow("&Sheet", self.sheet)
        header = QHBoxLayout()
        header.addWidget(self.header_row)
        header.addStretch(1)
        header.addWidget(self.load_mapping_button)
        header.addWidget(self.save_mapping_button)
        header_label = QLabel("&Header row")
        header_label.setBuddy(self.header_row)
        top.addRow(header_label, header)
        top.addRow("", self.memory)
        if kind in NOTES:
            note = QLabel(NOTES[kind])
            note.setAccessibleName("What this import does")
            note.setWordWrap(True)
            top.addRow("", note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.valid_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 3)
        layout.addLayout(buttons)
        self.sheet.currentIndexChanged.connect(lambda _i: self.load_sheet())
        self.header_row.valueChanged.connect(lambda _v: self.load_sheet(keep_header=True))
        self.load_mapping_button.clicked.connect(lambda: self.load_mapping())
        self.save_mapping_button.clicked.connect(lambda: self.save_mapping())
        self.check_button.clicked.connect(lambda: self.check())
        self.import_button.clicked.connect(lambda: self.run_import(valid_only=False))
        self.valid_button.clicked.connect(lambda: self.run_import(valid_only=True))
        self.report_button.clicked.connect(lambda: self.save_report())
        # the import is written off the GUI thread (a large sheet takes a while); meanwhile nothing
        # here can change the plan, start another import or close the dialog
        self.ops = Runner(self, ws, prompts=prompts, title="Import",
                          buttons=[self.sheet, self.header_row, self.load_mapping_button, self.save_mapping_button,
                                   self.mapping, self.check_button, self.import_button, self.valid_button,
                                   self.report_button, close])
        self.import_op: Op | None = None  # the last import started (tests wait on it)
        self.load_sheet()

    # ------------------------------------------------------------------ mapping
    def load_sheet(self, *, keep_header: bool = False) -> None:
        row = self.header_row.value() if keep_header else 0
        try:
            self.data = read_for_import(self.path, self.kind, sheet=self.sheet.currentData(), header_row=row or None)
        except (RoctaError, SpreadsheetError) as exc:
            self.summary.setText(f"Cannot read the sheet: {exc}")
            return
        if not keep_header:
            self.header_row.blockSignals(True)
            self.header_row.setValue(self.data.first_row - 1)
            self.header_row.blockSignals(False)
        self.left_out = []
        mapping, remembered = self.ws.read(imports.mapping_for, self.kind, self.data.headers)
        self.memory.setText("Mapping remembered from the last file with these headers." if remembered else
                            "Mapping guessed from the header names: check it.")
        self._fill_mapping(mapping)

    def _fill_mapping(self, mapping: dict[int, str]) -> None:
        fields = imports.FIELDS[self.kind]
        self.mapping.setRowCount(len(self.data.headers))
        self.combos: list[QComboBox] = []
        for i, header in enumerate(self.data.headers):
            self.mapping.setItem(i, 0, QTableWidgetItem(column_letter(i)))
            self.mapping.setItem(i, 1, QTableWidgetItem(header))
            combo = QComboBox()
            combo.setAccessibleName(f"Column {column_letter(i)} ({header}) imported as")
            combo.addItem(NOT_IMPORTED, None)
            for f in fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.key)
            combo.setCurrentIndex(max(combo.findData(mapping.get(i)), 0))
            combo.currentIndexChanged.connect(lambda _i, col=i: self._changed(col))
            self.mapping.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.mapping.resizeColumnsToContents()
        self._stale()
        notes = "; ".join(self.data.notes)
        if notes:
            self.memory.setText(self.memory.text() + f" Note: {notes}.")

    def current_mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}

    def _changed(self, column: int) -> None:
        if self.combos[column].currentData() is None and column not in self.left_out:
            self.left_out.append(column)   # chosen "not imported" here: said, so no warning for it
        self._stale()

    def load_mapping(self, path: str | None = None) -> bool:
        """A mapping file (as `rocta import --mapping` reads and Save mapping writes)."""
        path = path or self.prompts.choose_file(self, "Load a mapping", "Mapping (*.json)")
        if not path:
            return False
        try:
            content = json.loads(Path(path).read_text(encoding="utf-8"))
            header = content.get("header_row") if isinstance(content, dict) else None
            if header and header != self.data.first_row - 1:
                self.header_row.setValue(int(header))
            mapping, left_out = imports.mapping_from_file(content, self.kind, self.data.headers, Path(path).name)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
            self.prompts.warning(self, "Load a mapping", f"{Path(path).name} cannot be used: {exc}")
            return False
        except ValidationError as exc:
            self.prompts.warning(self, "Load a mapping", "; ".join(p.message for p in exc.problems))
            return False
        self._fill_mapping(mapping)
        self.left_out = list(left_out)
        self.memory.setText(f"Mapping loaded from {Path(path).name}.")
        return True

    def save_mapping(self, path: str | None = None) -> str | None:
        path = path or self.prompts.choose_save_file(self, "Save the mapping", f"{self.kind}-mapping.json",
                                                     "Mapping (*.json)")
        if not path:
            return None
        body = imports.mapping_file(self.kind, self.data, self.current_mapping())
        Path(path).write_text(json.dumps(body, indent=1, ensure_ascii=False), encoding="utf-8")
        return path

    def _stale(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)
        self.valid_button.setEnabled(False)

    # ------------------------------------------------------------------ check and import
    def check(self) -> imports.Plan | None:
        try:
            with busy():
                self.plan = self.ws.read(imports.plan_import, self.kind, self.data, self.current_mapping(),
                                         left_out=self.left_out)
        except ValidationError as exc:
            self.summary.setText("Cannot check: " + "; ".join(p.message for p in exc.problems))
            self.plan = None
            return None
        p = self.plan
        self.summary.setText(
            f"{p.total:,} rows: {len(p.valid):,} ready to import, {len(p.skipped):,} already in the workspace "
            f"(skipped), {len(p.bad_rows):,} with problems."
            + (" Nothing is imported while any row has a problem, unless you import the valid rows only."
               if p.problems else "")
            + (f" {len(p.warnings)} column{'s are' if len(p.warnings) != 1 else ' is'} not imported (listed)."
               if p.warnings else ""))
        shown = p.problems + p.warnings
        self.problems.fill([[x.sheet, x.row, x.column, x.field or ("(not imported)" if x in p.warnings else ""),
                             x.message] for x in shown], list(range(len(shown))))
        can = allowed(self.ws.actor, Permission.EDIT_RECORDS)
        self.import_button.setEnabled(can and not p.problems and bool(p.valid))
        self.valid_button.setEnabled(can and bool(p.problems) and bool(p.valid))
        self.report_button.setEnabled(True)
        return p

    def run_import(self, *, valid_only: bool) -> Op | None:
        """Start writing the checked plan (in the background): the returned run says when it is
        done. On success the outcome is shown and the dialog closes; a refusal is shown and the
        dialog stays open."""
        if self.plan is None or self.ops.is_busy:
            return None
        self.import_op = self.ops.write(f"import.{self.kind}", imports.commit, self.plan, valid_only=valid_only,
                                        remember=self.data.headers, background=True, then=self._imported)
        return self.import_op

    def _imported(self, outcome: Any) -> None:
        self.done_import = True
        with busy():
            outcome.duplicates = imports.possible_duplicates(self.ws, self.kind, outcome)
        self.imported.emit(outcome)
        drafts = (" as drafts: submit them for a second supervisor's approval (Impact)"
                  if self.kind == "disruptions" and outcome.created else "")
        dupes = (f"\n\n{len(outcome.duplicates):,} of them may already be recorded: see the Duplicates area."
                 if outcome.duplicates else "")
        self.prompts.information(self, "Imported", f"Imported {len(outcome.created):,} {self.kind}{drafts}; "
                                                   f"{outcome.skipped:,} already present; "
                                                   f"{outcome.refused_rows:,} rows left out.{dupes}")
        self.accept()

    def save_report(self) -> str | None:
        if self.plan is None:
            return None
        target = self.prompts.choose_save_file(self, "Save the import report", f"{self.path.stem}-import-report.json",
                                               "JSON (*.json)")
        if not target:
            return None
        body = {"protective_marking": Marking.OFFICIAL_SENSITIVE.value, **self.plan.to_json()}
        Path(target).write_text(json.dumps(body, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        return target

    def reject(self) -> None:
        if self.ops.is_busy:
            return  # an import is being written: it ends (saved or refused) before the dialog closes
        if self.plan is not None and self.plan.problems and not self.done_import:
            # the result report of a refused import is kept in the workspace's audit trail; should
            # that fail (a read-only or closing workspace), the dialog still closes, unasked
            self.ops.write(f"import.{self.kind}.refused", imports.record_refusal, self.plan, handled=(RoctaError,))
        super().reject()
