"""The Reports area: the Excel return to regional tasking, and imports from spreadsheets
(choose a file and sheet, check the column mapping, see every problem, then import)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError, ValidationError
from ...domain.markings import Marking
from ...domain.tables import parse_period
from ...domain.users import Permission
from ...exchange.xlsx_export import write_report
from ...exchange.xlsx_import import SpreadsheetError, column_letter, read_sheet, visible_sheets
from ...services import imports, reference_data, returns
from ...services.permissions import allowed
from ...store.models import Force
from ..notifier import ChangeNotifier
from ..prompts import Prompts
from ..registers.widgets import name_table
from ..tables import RecordTable
from ..widgets import busy

KINDS = [("Nominals (with group memberships)", "nominals"), ("Organised crime groups", "groups"),
         ("Trigger reports", "triggers")]
NOT_IMPORTED = "\u2014 not imported \u2014"


def _card(title: str, text: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    heading = QLabel(title)
    heading.setObjectName("subheading")
    body = QLabel(text)
    body.setObjectName("muted")
    body.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(body)
    return frame, layout


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
        self.sheet.addItems(visible_sheets(self.path))
        self.memory = QLabel()
        self.memory.setAccessibleName("Column mapping source")
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
        close = QPushButton("&Close")
        close.setAccessibleName("Close import")
        close.clicked.connect(self.reject)
        for b in (self.import_button, self.valid_button, self.report_button):
            b.setEnabled(False)
        top = QFormLayout()
        top.addRow("&Sheet", self.sheet)
        top.addRow("", self.memory)
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
        self.check_button.clicked.connect(lambda: self.check())
        self.import_button.clicked.connect(lambda: self.run_import(valid_only=False))
        self.valid_button.clicked.connect(lambda: self.run_import(valid_only=True))
        self.report_button.clicked.connect(lambda: self.save_report())
        self.load_sheet()

    # ------------------------------------------------------------------ mapping
    def load_sheet(self) -> None:
        self.data = read_sheet(self.path, self.sheet.currentText())
        mapping, remembered = self.ws.read(imports.mapping_for, self.kind, self.data.headers)
        self.memory.setText("Mapping remembered from the last file with these headers." if remembered else
                            "Mapping guessed from the header names: check it.")
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
            combo.currentIndexChanged.connect(lambda _i: self._stale())
            self.mapping.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.mapping.resizeColumnsToContents()
        self._stale()
        notes = "; ".join(self.data.notes)
        if notes:
            self.memory.setText(self.memory.text() + f" Note: {notes}.")

    def current_mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}

    def _stale(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)
        self.valid_button.setEnabled(False)

    # ------------------------------------------------------------------ check and import
    def check(self) -> imports.Plan | None:
        try:
            with busy():
                self.plan = self.ws.read(imports.plan_import, self.kind, self.data, self.current_mapping())
        except ValidationError as exc:
            self.summary.setText("Cannot check: " + "; ".join(p.message for p in exc.problems))
            self.plan = None
            return None
        p = self.plan
        self.summary.setText(
            f"{p.total:,} rows: {len(p.valid):,} ready to import, {len(p.skipped):,} already in the workspace "
            f"(skipped), {len(p.bad_rows):,} with problems."
            + (" Nothing is imported while any row has a problem, unless you import the valid rows only."
               if p.problems else ""))
        self.problems.fill([[x.sheet, x.row, x.column, x.field, x.message] for x in p.problems],
                           list(range(len(p.problems))))
        can = allowed(self.ws.actor, Permission.EDIT_RECORDS)
        self.import_button.setEnabled(can and not p.problems and bool(p.valid))
        self.valid_button.setEnabled(can and bool(p.problems) and bool(p.valid))
        self.report_button.setEnabled(True)
        return p

    def run_import(self, *, valid_only: bool) -> Any:
        if self.plan is None:
            return None
        try:
            with busy():
                outcome = self.ws.write(f"import.{self.kind}", imports.commit, self.plan, valid_only=valid_only,
                                        remember=self.data.headers)
        except RoctaError as exc:
            self.prompts.warning(self, "Import", str(exc))
            return None
        self.done_import = True
        self.imported.emit(outcome)
        self.prompts.information(self, "Imported", f"Imported {len(outcome.created):,} {self.kind}; "
                                                   f"{outcome.skipped:,} already present; "
                                                   f"{outcome.refused_rows:,} rows left out.")
        self.accept()
        return outcome

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
        if self.plan is not None and self.plan.problems and not self.done_import:
            try:  # the result report of a refused import is kept in the workspace's audit trail
                self.ws.write(f"import.{self.kind}.refused", imports.record_refusal, self.plan)
            except RoctaError:
                pass
        super().reject()


class ReportsPage(QWidget):
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Reports"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Reports page")
        self.dialogs: list[QWidget] = []
        heading = QLabel("Reports and exchange")
        heading.setObjectName("heading")

        ret, rl = _card("Return to regional tasking (Excel)",
                        "Subjects with their latest MoRiLE and OCGM results, trigger reports received in the period, "
                        "collection-plan gaps. The workbook carries the highest marking of what it contains.")
        form = QFormLayout()
        self.period = QLineEdit(parse_period(None)[2])
        self.period.setAccessibleName("Return period")
        self.period.setPlaceholderText("2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30")
        self.force = QComboBox()
        self.force.setAccessibleName("Return force")
        self.force.addItem("All forces", None)
        for f in ws.read(reference_data.listing, Force):
            self.force.addItem(f"{f['code']} {f['name']}", f["code"])
        self.period_error = QLabel()
        self.period_error.setObjectName("fieldError")
        self.period_error.setAccessibleName("Return period problem")
        self.period_error.hide()
        form.addRow("&Period", self.period)
        form.addRow("", self.period_error)
        form.addRow("&Force", self.force)
        rl.addLayout(form)
        self.export_button = QPushButton("&Export return...")
        self.export_button.setObjectName("primary")
        self.export_button.setAccessibleName("Export the return")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        rl.addLayout(row)

        imp, il = _card("Import from a spreadsheet",
                        "Groups, nominals (with memberships) or trigger reports from .xlsx, .xls or .ods. You see every "
                        "problem by row and column before anything is written; nothing is written while any row is "
                        "wrong unless you choose to import the valid rows only.")
        self.kind = QComboBox()
        self.kind.setAccessibleName("What to import")
        for label, key in KINDS:
            self.kind.addItem(label, key)
        self.import_button = QPushButton("Choose &file...")
        self.import_button.setAccessibleName("Choose a spreadsheet to import")
        self.import_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        irow = QHBoxLayout()
        kind_label = QLabel("&What:")
        kind_label.setBuddy(self.kind)
        irow.addWidget(kind_label)
        irow.addWidget(self.kind)
        irow.addStretch(1)
        irow.addWidget(self.import_button)
        il.addLayout(irow)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(ret)
        layout.addWidget(imp)
        layout.addStretch(1)
        self.export_button.clicked.connect(lambda: self.export_return())
        self.import_button.clicked.connect(lambda: self.choose_import())

    def export_return(self, path: str | None = None) -> str | None:
        try:
            parse_period(self.period.text() or None)
        except ValueError as exc:
            self.period_error.setText(str(exc))
            self.period_error.show()
            return None
        self.period_error.hide()
        path = path or self.prompts.choose_save_file(self, "Export the return", "regional-return.xlsx",
                                                     "Excel workbook (*.xlsx)")
        if not path:
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            with busy():
                report = self.ws.read(returns.build_return, period=self.period.text() or None,
                                      force=self.force.currentData(), produced_by=self.ws.actor.label)
                write_report(report, path)
                counts = {t.name: len(t.rows) for t in report.tables}
                self.ws.write("export.return", returns.record_export, what="return", path=path,
                              marking=report.marking, counts=counts)
        except (RoctaError, OSError) as exc:
            self.prompts.warning(self, "Export", f"The return was not written: {exc}")
            return None
        self.prompts.information(self, "Return exported", f"{Path(path).name} is marked {report.marking.value}: "
                                 + ", ".join(f"{n:,} {k.lower()}" for k, n in counts.items()) + ".")
        return path

    def choose_import(self, path: str | None = None) -> ImportDialog | None:
        path = path or self.prompts.choose_file(self, "Import a spreadsheet", "Spreadsheets (*.xlsx *.xls *.ods)")
        if not path:
            return None
        try:
            dialog = ImportDialog(self.ws, self.kind.currentData(), path, prompts=self.prompts, parent=self)
        except SpreadsheetError as exc:
            self.prompts.warning(self, "Spreadsheet refused", f"{exc}\n\nNothing was imported.")
            return None
        self.dialogs.append(dialog)
        dialog.open()
        return dialog
