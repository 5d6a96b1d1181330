"""The Reports area: the Excel return to regional tasking, and imports from spreadsheets
(choose a file and sheet, check the column mapping, see every problem, then import)."""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...domain.tables import parse_period
from ...domain.users import Permission
from ...services import reference_data
from ...services.permissions import allowed
from ..notifier import ChangeNotifier
from ..prompts import Prompts
from ..widgets import busy

KINDS = [("Nominals (with group memberships)", "nominals"), ("Organised crime groups", "groups"),
         ("Trigger reports", "triggers"), ("Disruptions (as drafts)", "disruptions")]


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
                        "collection-plan gaps, tasking requests, approved disruptions and their outcomes. The "
                        "workbook carries the highest marking of what it contains.")
        form = QFormLayout()
        self.period = QLineEdit(parse_period(None)[2])
        self.period.setAccessibleName("Return period")
        self.period.setPlaceholderText("2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30")
        self.force = QComboBox()
        self.force.setAccessibleName("Return force")
        self.force.addItem("All forces", None)
        for f in ws.read(reference_data.listing, ReferenceData.FORCE):
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
                        "Groups, nominals (with memberships), trigger reports or disruptions from .xlsx, .xls or "
                        ".ods. You see every problem by row and column before anything is written; nothing is "
                        "written while any row is wrong unless you choose to import the valid rows only. "
                        "Disruptions come in as drafts: each is then submitted and approved by a second "
                        "supervisor, as if typed in.")
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

        prn, pl = _card("Printed reports",
                        "Preview, then print or save as PDF. Every page carries the highest marking of the report. "
                        "An assessment pack of one subject is printed from the subject's Assessments tab.")
        self.tcg_button = QPushButton("&T&&CG pack...")
        self.tcg_button.setAccessibleName("Preview the T&CG pack")
        self.profile_button = QPushButton("Threat &profile...")
        self.profile_button.setAccessibleName("Preview the regional threat profile for the period")
        prow = QHBoxLayout()
        prow.addStretch(1)
        prow.addWidget(self.tcg_button)
        prow.addWidget(self.profile_button)
        pl.addLayout(prow)

        exc, el = _card("Exchange with partner workspaces",
                        "Signed packages, encrypted to one partner (a force, an agency, the ROCU), carrying what changed "
                        "since the last one: nothing above the partner's ceiling and no restricted record. Opening a "
                        "package shows what it would change before anything is written; a field changed here and "
                        "there goes to the conflict queue.")
        from .exchange import ExchangePanel
        self.exchange = ExchangePanel(ws, prompts=self.prompts, parent=self)
        el.addWidget(self.exchange)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(ret)
        layout.addWidget(imp)
        layout.addWidget(prn)
        layout.addWidget(exc)
        layout.addStretch(1)
        self.export_button.clicked.connect(lambda: self.export_return())
        self.import_button.clicked.connect(lambda: self.choose_import())
        self.tcg_button.clicked.connect(lambda: self.preview("tcg"))
        self.profile_button.clicked.connect(lambda: self.preview("profile"))

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
        from ...exchange.exports import export_return  # openpyxl loads on first export
        try:
            with busy():
                report, delivered = export_return(self.ws, path, period=self.period.text() or None,
                                                  force=self.force.currentData())
                counts = delivered.counts
        except (RoctaError, OSError) as exc:
            self.prompts.warning(self, "Export", f"The return was not written: {exc}")
            return None
        self.prompts.information(self, "Return exported", f"{Path(path).name} is marked {report.marking.value}: "
                                 + ", ".join(f"{n:,} {k.lower()}" for k, n in counts.items()) + ".")
        return path

    def preview(self, kind: str) -> QDialog | None:
        """Build the report in memory and open the preview (print, save as PDF)."""
        from ...exchange.pdf.reports import build_profile, build_tcg
        from ...services import reports
        from ..kit.preview import PreviewDialog
        try:
            with busy():
                if kind == "tcg":
                    data = self.ws.read(reports.tcg_pack)
                    pdf = build_tcg(data, None, produced_by=self.ws.actor.label)
                    counts = {"threats": len(data.priority.rows), "subject packs": len(data.subjects)}
                else:
                    data = self.ws.read(reports.threat_profile, period=self.period.text() or None)
                    pdf = build_profile(data, None, produced_by=self.ws.actor.label)
                    counts = {"disruptions": len(data.disruptions.rows)}
        except RoctaError as exc:
            self.prompts.warning(self, "Report", str(exc))
            return None
        dialog = PreviewDialog(self.ws, data.title, pdf, data.marking, what=kind,
                               suggested=f"{kind}-{data.title.split()[-1]}.pdf", counts=counts, prompts=self.prompts,
                               parent=self)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def choose_import(self, path: str | None = None) -> QDialog | None:
        path = path or self.prompts.choose_file(self, "Import a spreadsheet", "Spreadsheets (*.xlsx *.xls *.ods)")
        if not path:
            return None
        from ...exchange.xlsx_import import SpreadsheetError
        from .importer import ImportDialog  # python-calamine loads on first import
        try:
            dialog = ImportDialog(self.ws, self.kind.currentData(), path, prompts=self.prompts, parent=self)
        except SpreadsheetError as exc:
            self.prompts.warning(self, "Spreadsheet refused", f"{exc}\n\nNothing was imported.")
            return None
        self.dialogs.append(dialog)
        dialog.open()
        return dialog
