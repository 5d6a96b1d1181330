"""Reading a spreadsheet someone sent (xlsx, xls, ods) with python-calamine, defensively.

Everything a hostile or broken file can do is caught here and turned into a `SpreadsheetError`
naming the file and what is wrong: not a spreadsheet, password-protected, empty, too large
(on disk, unpacked, or in cells), no visible sheet. Cells come back normalised (calamine gives
integers as floats, empty cells as '' and dates as `date`/`datetime`): whole floats become ints,
'' becomes None, text is stripped. Formula cells and merged ranges are reported by position so the
importer can refuse those rows: a formula's cached value may be stale, and merged cells hide
which row a value belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from ..bulk import no_cyclic_gc
from ..domain.tables import SheetData, column_letter

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_CELLS = 5_000_000
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(Exception):
    def __init__(self, source: str, message: str):
        self.source = source
        super().__init__(f"{source}: {message}")


def normalise(value: Any) -> Any:
    if type(value) is str:  # the common case first
        return value.strip() or None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _body(raw: list[list[Any]], start: int, width: int) -> list[list[Any]]:
    """The data rows cut (or padded) to the header's width, every cell normalised. One pass with the
    common cell (text) handled inline: this runs for every cell of the sheet."""
    out = []
    append = out.append
    for r in raw[start:] if start else raw:
        row = [(v.strip() or None) if type(v) is str else normalise(v)
               for v in (r if len(r) == width else r[:width])]
        if len(row) < width:
            row += [None] * (width - len(row))
        append(row)
    return out


def _check_container(path: Path, name: str) -> None:
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetError(name, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(name, f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB")
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as z:
                unpacked = sum(i.file_size for i in z.infolist())
        except zipfile.BadZipFile:
            raise SpreadsheetError(name, "the file is damaged (not a complete xlsx/ods package)") from None
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(name, f"the file unpacks to {unpacked / 1e9:.1f} GB: refused as too large")
    elif magic == OLE_MAGIC:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise SpreadsheetError(name, "the workbook is password-protected (encrypted): open it in Excel, "
                                         "remove the password, save it and import it again")
    else:
        raise SpreadsheetError(name, "this is not a spreadsheet (expected .xlsx, .xls or .ods)")


_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str | None:
    """The package part holding a named sheet (workbook.xml names it, its rels give the file)."""
    from html import unescape
    try:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    rid = None
    for m in re.finditer(rb"<sheet\b[^>]*>", book):
        tag = m.group(0)
        n = re.search(rb'name="([^"]*)"', tag)
        r = re.search(rb'r:id="([^"]*)"', tag) or re.search(rb'\bid="([^"]*)"', tag)
        if n and r and unescape(n.group(1).decode("utf-8")) == sheet:
            rid = r.group(1)
    if rid is None:
        return None
    for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
        tag = m.group(0)
        if re.search(rb'Id="' + re.escape(rid) + rb'"', tag):
            target = re.search(rb'Target="([^"]*)"', tag).group(1).decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _formula_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """(row, column) of cells holding a formula in an xlsx sheet (fast path: none in most files)."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet)
            if part is None or part not in z.namelist():
                return set()
            data = z.read(part)
    except (zipfile.BadZipFile, KeyError):
        return set()
    if b"<f" not in data:
        return set()
    found = set()
    for m in _CELL.finditer(data):
        body = m.group(3)
        if body and b"<f" in body:
            col = 0
            for ch in m.group(1).decode():
                col = col * 26 + (ord(ch) - 64)
            found.add((int(m.group(2)), col - 1))
    return found


HEADER_SEARCH_ROWS = 30


def _header_words(text: str) -> str:
    return " ".join(re.sub(r"\(s\)", "s", text.lower()).replace("_", " ").split())


def find_header_row(raw: list[list[Any]], first: int, names: Collection[str] = ()) -> int:
    """The index of the row that holds the column headers: a force's sheet often has a title, a
    marking and a blank row above its table. Among the first rows with at least two filled cells,
    the row naming most known fields wins (with `names`: header names the importer recognises);
    otherwise the first row as wide as the table, all of it text."""
    known = {_header_words(n) for n in names}
    rows = []
    for i in range(first, min(len(raw), first + HEADER_SEARCH_ROWS)):
        cells = [normalise(v) for v in raw[i]]
        filled = [v for v in cells if v is not None]
        texts = [v for v in filled if isinstance(v, str)]
        rows.append((i, len(filled), len(texts), sum(1 for v in texts if _header_words(v) in known)))
    if not rows:
        return first
    hits = max(r[3] for r in rows)
    if hits >= 2:
        return next(i for i, _n, _t, h in rows if h == hits)
    widest = max(r[1] for r in rows)
    for i, filled, texts, _h in rows:
        if filled >= 2 and texts == filled and filled >= 0.6 * widest:
            return i
    return first


def read_sheet(path: str | Path, sheet: str | None = None, *, max_cells: int = MAX_CELLS,
               header_row: int | None = None, header_names: Collection[str] = ()) -> SheetData:
    """One sheet as a header and its rows. `header_row` (the spreadsheet's row number) says where
    the headers are; without it they are found (see `find_header_row`), and the rows above them
    are named in the notes. Hidden sheets are read only when chosen by name."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise SpreadsheetError(name, "the file does not exist" if not path.exists() else "this is a folder, not a file")
    _check_container(path, name)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise SpreadsheetError(name, "the workbook is password-protected: remove the password and save it again") from None
    except (CalamineError, ValueError, OSError) as exc:
        raise SpreadsheetError(name, f"cannot be read as a spreadsheet ({str(exc).splitlines()[0][:200]})") from None
    try:
        meta = wb.sheets_metadata
        visible = [m.name for m in meta if "Hidden" not in str(m.visible)]
        hidden = [m.name for m in meta if m.name not in visible]
        if sheet is None:
            if not visible:
                raise SpreadsheetError(name, "the workbook has no visible sheet")
            sheet = visible[0]
        elif sheet not in wb.sheet_names:
            raise SpreadsheetError(name, f"there is no sheet named {sheet!r} (sheets: {', '.join(wb.sheet_names)})")
        hidden = [h for h in hidden if h != sheet]
        notes = [f"hidden sheet{'s' if len(hidden) > 1 else ''} not read: {', '.join(hidden)}"] if hidden else []
        try:
            calamine_sheet = wb.get_sheet_by_name(sheet)
        except (CalamineError, ValueError) as exc:
            raise SpreadsheetError(name, f"sheet {sheet!r} cannot be read ({str(exc)[:200]})") from None
        cells = calamine_sheet.height * calamine_sheet.width
        if cells > max_cells:
            raise SpreadsheetError(name, f"sheet {sheet!r} has {calamine_sheet.height:,} rows x "
                                         f"{calamine_sheet.width:,} columns; the limit is {max_cells:,} cells")
        start_row = calamine_sheet.start[0] if calamine_sheet.start else 0
        with no_cyclic_gc():
            raw = calamine_sheet.to_python(skip_empty_area=False)
        merged = [f"{column_letter(a[1])}{a[0] + 1}:{column_letter(b[1])}{b[0] + 1}"
                  for a, b in (calamine_sheet.merged_cell_ranges or [])]
    finally:
        wb.close()
    first = 0
    while first < len(raw) and all(normalise(v) is None for v in raw[first]):
        first += 1
    if first >= len(raw):
        raise SpreadsheetError(name, f"sheet {sheet!r} is empty")
    if header_row is not None:
        index = header_row - 1 - start_row
        if not 0 <= index < len(raw) or all(normalise(v) is None for v in raw[index]):
            raise SpreadsheetError(name, f"sheet {sheet!r} has no headers in row {header_row}")
        first = index
    else:
        found = find_header_row(raw, first, header_names)
        if found > first:
            above = [str(v) for r in raw[first:found] for v in map(normalise, r) if v is not None]
            notes.append(f"headers taken from row {start_row + found + 1}; rows {start_row + first + 1}-"
                         f"{start_row + found} above them are not imported ({'; '.join(above)[:120]})")
        first = found
    headers = ["" if v is None else str(v) for v in map(normalise, raw[first])]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise SpreadsheetError(name, f"sheet {sheet!r} has no header row")
    width = len(headers)
    with no_cyclic_gc():
        body = _body(raw, first + 1, width)
    while (body and body[-1].count(None) == width  # trailing empty rows (cells past the headers count too)
           and all(normalise(v) is None for v in raw[first + len(body)][width:])):
        body.pop()
    beyond = sum(1 for r in raw[first:] if len(r) > width for v in r[width:] if normalise(v) is not None)
    if beyond:
        notes.append(f"{beyond:,} cells to the right of the last header ({column_letter(width - 1)}) are not read: "
                     "give their column a header to import them")
    header_row = start_row + first + 1
    formulas = set()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        formulas = _formula_cells(path, sheet)
    return SheetData(name, sheet, headers, body, header_row + 1, formulas, merged, notes)


def sheets(path: str | Path) -> list[tuple[str, bool]]:
    """Every sheet of the workbook and whether it is hidden."""
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetError(path.name, "the file does not exist")
    _check_container(path, path.name)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise SpreadsheetError(path.name, "the workbook is password-protected: remove the password and save it again") from None
    except (CalamineError, ValueError, OSError) as exc:
        raise SpreadsheetError(path.name, f"cannot be read as a spreadsheet ({str(exc).splitlines()[0][:200]})") from None
    try:
        return [(m.name, "Hidden" in str(m.visible)) for m in wb.sheets_metadata]
    finally:
        wb.close()


def read_for_import(path: Path | str, kind: str, *, sheet: str | None = None,
                    header_row: int | None = None) -> SheetData:
    """A spreadsheet for importing `kind`: its header row found by the names this kind knows."""
    from ..services.imports import header_names
    return read_sheet(path, sheet, header_row=header_row, header_names=header_names(kind))
