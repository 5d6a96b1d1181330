"""Writing a Report (domain/tables.py) as an Excel workbook a regional tasking team can use at once.

- A cover sheet, then one sheet per table: real dates and numbers, a frozen header row, filters,
  widths, drop-down validation on coded columns.
- The file's protective marking (the highest of its rows) on the cover, in every sheet's header and
  footer, and in the workbook properties.
- No formula injection: text a spreadsheet would run (starting with =, +, -, @, tab or CR) is
  written as a plain string with Excel's quote prefix, so it shows as typed and never evaluates.
- Written with openpyxl's write-only mode (streaming), to a temporary file in the target folder that
  replaces the target only when complete: a failed export never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ..domain.tables import CHOICE, DATE, INTEGER, NUMBER, Report, Table, sheet_name
from ..services import storage

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL = 32_767  # Excel's limit for one cell's text


def inert(ws: Any, value: Any) -> Any:
    """The value as it is safe to write: risky text becomes a quoted string cell."""
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + "\u2026"
        if value.startswith(DANGEROUS):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
    return value


def _marking_header(ws: Any, marking: str, title: str) -> None:
    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.center.text = marking
        part.center.size = 12
        part.center.font = "Arial,Bold"
        part.right.text = title[:100]
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.center.text = marking
        part.center.font = "Arial,Bold"
        part.right.text = "Page &P of &N"


def _header_cells(ws: Any, names: list[str]) -> list[WriteOnlyCell]:
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    cells = []
    for name in names:
        c = WriteOnlyCell(ws, value=name)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(c)
    return cells


class _MemoryWriter(WorksheetWriter):
    """openpyxl stages each write-only sheet's rows in a temporary file: record content in plain
    text on disk, left behind if the process dies. This writer keeps the rows in memory (the
    whole workbook is written, encrypted nowhere, only to the chosen file)."""

    def __init__(self, ws: Any):
        super().__init__(ws, out=BytesIO())

    def cleanup(self) -> None:
        self.out = BytesIO()  # nothing on disk to remove


class _MemoryExcelWriter(ExcelWriter):
    """openpyxl's workbook writer, taking each sheet's XML from memory (it expects a file name)."""

    def write_worksheet(self, ws: Any) -> None:
        if not isinstance(ws._writer, _MemoryWriter):
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
        writer.cleanup()


def _sheet(wb: Workbook, title: str) -> Any:
    ws = wb.create_sheet(title)

    def get_writer() -> None:  # openpyxl's own, with the in-memory writer (made at the first row, as
        if ws._writer is None:  # there: the sheet's views, widths and header are set by then)
            ws._writer = _MemoryWriter(ws)
            ws._writer.write_top()
    ws._get_writer = get_writer
    return ws


def _write_table(wb: Workbook, table: Table, marking: str, taken: list[str]) -> None:
    ws = _sheet(wb, sheet_name(table.name, taken))
    taken.append(ws.title)
    _marking_header(ws, marking, table.title)
    ws.freeze_panes = "A2"
    ncols = len(table.columns)
    last = get_column_letter(ncols)
    ws.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"
    for i, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
        if col.kind == CHOICE and col.choices:
            allowed = ",".join(c for c in col.choices if c)
            if len(allowed) < 250:  # Excel's limit for a list typed into the validation
                dv = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Not a known value",
                                    error=f"{col.name}: choose one of {allowed}")
                dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{max(len(table.rows) + 1, 2)}")
                ws.data_validations.append(dv)
    ws.append(_header_cells(ws, [c.name for c in table.columns]))
    dates = [i for i, c in enumerate(table.columns) if c.kind == DATE]
    numbers = {i for i, c in enumerate(table.columns) if c.kind in (NUMBER, INTEGER)}
    date_cells = bool(dates)
    for row in table.rows:
        out = [inert(ws, v) if isinstance(v, str) else v for v in row]
        if date_cells:
            for i in dates:
                v = out[i]
                if isinstance(v, dt.datetime):
                    v = v.date()
                if isinstance(v, dt.date):
                    c = WriteOnlyCell(ws, value=v)
                    c.number_format = DATE_FORMAT
                    out[i] = c
        for i in numbers:
            if isinstance(out[i], str):  # never a number stored as text
                raise TypeError(f"{table.name}.{table.columns[i].name}: {out[i]!r} is not a number")
        ws.append(out)


def _write_cover(wb: Workbook, report: Report, marking: str) -> None:
    ws = _sheet(wb, "Cover")
    _marking_header(ws, marking, report.title)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 60
    banner = WriteOnlyCell(ws, value=marking)
    banner.font = Font(bold=True, size=14, color="FFFFFF")
    banner.fill = PatternFill("solid", fgColor="A4161A" if marking == "SECRET" else "1F3A5F")
    ws.append([banner, None])
    title = WriteOnlyCell(ws, value=report.title)
    title.data_type = "s"  # never a formula, whatever the region is called
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([])
    for label, value in [("Protective marking", marking), *report.cover]:
        if isinstance(value, dt.date):
            c = WriteOnlyCell(ws, value=value)
            c.number_format = DATE_FORMAT
            value = c
        ws.append([label, inert(ws, value) if isinstance(value, str) else value])
    notes = [(t.name, t.note) for t in report.tables if t.note]
    if notes:  # on the cover, so every data sheet is only its header row and its records
        ws.append([])
        for name, note in notes:
            ws.append([f"Note on {name}", inert(ws, note)])
    ws.append([])
    ws.append(["Handling", inert(ws, f"This workbook is marked {marking}: handle and store it accordingly. "
                                     "Each sheet carries the marking in its header and footer.")])


def write_report(report: Report, path: str | Path) -> Path:
    """Write atomically; returns the path written."""
    path = Path(path)
    marking = report.marking.value
    wb = Workbook(write_only=True)
    wb.properties.title = report.title[:250]
    wb.properties.subject = marking
    wb.properties.keywords = marking
    wb.properties.creator = report.produced_by[:250] or "ROCTA Desktop"
    _write_cover(wb, report, marking)
    taken = ["Cover"]
    for table in report.tables:
        _write_table(wb, table, marking, taken)
    with storage.writing([path, path.parent], "The export was not written", "no file was written"):
        fd, tmp = tempfile.mkstemp(prefix=".rocta-export-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                _MemoryExcelWriter(wb, archive).save()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path
