"""Look and consistency (#22): one marking palette on every banner, badge and table column, on screen
and on paper; one way to show a date on every screen (28/11/2026, 28/11/2026 14:05 local time), dates
sorting in time order in tables."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from rocta_desktop.domain.markings import MARKING_PALETTE, Marking
from rocta_desktop.exchange.pdf.common import MARKING_COLOURS as PRINTED
from rocta_desktop.exchange.pdf.common import MarkedDocument, p, styles
from rocta_desktop.gui.kit.dates import show_date, show_time, sort_key
from rocta_desktop.gui.style import MARKING_COLOURS, STYLE_SHEET, marking_style
from rocta_desktop.gui.tables import RecordTable
from tests.gui.conftest import find_by_name

GUI = Path(__file__).resolve().parents[2] / "rocta_desktop" / "gui"


def distance(a: str, b: str) -> int:
    ca, cb = QColor(a), QColor(b)
    return abs(ca.red() - cb.red()) + abs(ca.green() - cb.green()) + abs(ca.blue() - cb.blue())


# ------------------------------------------------------------------ one marking palette

def test_one_palette_for_screen_and_paper_and_every_marking_told_apart():
    backgrounds = {m: c.background for m, c in MARKING_PALETTE.items()}
    assert set(backgrounds) == set(Marking)
    assert {m: bg for m, (bg, _fg) in MARKING_COLOURS.items()} == backgrounds   # the screens' banners
    assert PRINTED == backgrounds                                                # and the printed pages
    for m in Marking:
        assert f"background: {backgrounds[m]}" in marking_style(m)
    ordered = list(Marking)
    for i, a in enumerate(ordered):          # OFFICIAL and OFFICIAL-SENSITIVE were two navies 37 apart
        for b in ordered[i + 1:]:
            assert distance(backgrounds[a], backgrounds[b]) > 75, (a, b)


def test_no_marking_colour_is_written_anywhere_but_the_palette():
    """The palette's banner colours (and the old, clashing ones) appear nowhere else in the GUI: a screen
    that colours a marking takes it from the palette."""
    banned = {MARKING_PALETTE[Marking.OFFICIAL].background, MARKING_PALETTE[Marking.OFFICIAL_SENSITIVE].background,
              "#33475b", "#1f3a5f"}
    found = [f"{path.relative_to(GUI)}:{n}" for path in GUI.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if any(c in line.lower() for c in banned)]
    assert found == []


def test_the_window_banner_and_a_table_column_show_the_palette(qtbot, workspace, prompts):
    from rocta_desktop.gui.main_window import MainWindow
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    w.setStyleSheet(STYLE_SHEET)
    w.show()
    qtbot.waitExposed(w)
    try:
        for marking in Marking:
            w.set_marking(marking)
            banner = find_by_name(w, QLabel, "Protective marking banner")
            assert banner.text() == marking.value
            pixel = banner.grab().toImage().pixelColor(3, banner.height() // 2)
            assert pixel == QColor(MARKING_PALETTE[marking].background), (marking, pixel.name())
    finally:
        w.close_for_shell()
    table = RecordTable("Things", ["Reference", "Marking"])
    qtbot.addWidget(table)
    table.fill([["A", "SECRET"], ["B", Marking.OFFICIAL_SENSITIVE], ["C", "OFFICIAL"]], [1, 2, 3])
    for row, marking in enumerate((Marking.SECRET, Marking.OFFICIAL_SENSITIVE, Marking.OFFICIAL)):
        cell = table.item(row, 1)
        assert cell.text() == marking.value
        assert cell.background().color() == QColor(MARKING_PALETTE[marking].tint)
        assert cell.foreground().color() == QColor(MARKING_PALETTE[marking].tint_text)
    table.sortItems(1)  # sorts by rank, not by spelling
    assert [table.item(r, 0).text() for r in range(3)] == ["C", "B", "A"]


def test_printed_pages_carry_the_same_banner_colour(tmp_path):
    for marking in Marking:
        doc = MarkedDocument("Palette check", marking, "TEST-1", "Test")
        pdf = doc.build_bytes([p("One page.", styles()["body"])])
        page = pdfium.PdfDocument(pdf)[0]
        image = page.render(scale=2).to_pil().convert("RGB")
        top = image.getpixel((10, 2 * (11 - 3.5) * 72 / 25.4))  # inside the top banner (11 mm from the top, 7 high)
        assert QColor(*top) == QColor(MARKING_PALETTE[marking].background), (marking, top)


# ------------------------------------------------------------------ one date format

def test_dates_and_times_show_the_uk_way_in_local_time():
    assert show_date(dt.date(2026, 11, 28)) == "28/11/2026"
    assert show_date("2026-11-28") == "28/11/2026" and show_date(None) == "" and show_date(None, "no date") == "no date"
    instant = dt.datetime(2026, 11, 28, 14, 5, 9, tzinfo=dt.UTC)
    local = instant.astimezone()
    assert show_time(instant) == f"{local:%d/%m/%Y %H:%M}"
    assert show_time(instant, seconds=True, utc=True) == "28/11/2026 14:05:09"
    assert show_date(instant) == f"{local:%d/%m/%Y}"
    assert sort_key(dt.date(2027, 1, 5)) > sort_key(dt.date(2026, 11, 28))


def test_a_table_shows_dates_the_one_way_and_sorts_them_in_time_order(qtbot):
    table = RecordTable("Events", ["Reference", "Due", "Recorded"])
    qtbot.addWidget(table)
    rows = [["A", dt.date(2026, 11, 28), dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)],
            ["B", dt.date(2027, 1, 5), dt.datetime(2027, 1, 5, 16, 0, tzinfo=dt.UTC)],
            ["C", dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)]]
    table.fill(rows, [1, 2, 3])
    assert [table.item(r, 1).text() for r in range(3)] == ["28/11/2026", "05/01/2027", "01/12/2026"]
    assert table.item(1, 2).text() == show_time(rows[1][2])
    table.horizontalHeader().setSortIndicatorShown(True)
    table.sortItems(1, Qt.SortOrder.AscendingOrder)   # as text, 01/12 < 05/01 < 28/11: in time order instead
    assert [table.item(r, 0).text() for r in range(3)] == ["A", "C", "B"]
    table.sortItems(2, Qt.SortOrder.DescendingOrder)
    assert [table.item(r, 0).text() for r in range(3)] == ["B", "C", "A"]


#: formats that show a day, month or year; only the kit's date helpers may use them on screen
DATE_DISPLAY = re.compile(r"%[dbBmy]|\.isoformat\(\)")
ALLOWED = {
    "kit/dates.py": None,                                       # the one place
    "errors.py": "UTC",                                         # the crash report's stamp, in UTC for the log
    "admin/backups.py": "%Y%m%d-%H%M",                          # a file name
}
NOT_YET: tuple[str, ...] = ()


def test_no_screen_formats_a_date_by_hand():
    found = []
    for path in GUI.rglob("*.py"):
        rel = path.relative_to(GUI).as_posix()
        if rel.startswith(NOT_YET) or "forms/" in rel:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if DATE_DISPLAY.search(line) and not line.lstrip().startswith("#"):
                allowed = ALLOWED.get(rel, "")
                if rel in ALLOWED and (allowed is None or allowed in line):
                    continue
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_columns_without_dates_still_sort_as_before(qtbot):
    table = RecordTable("Mixed", ["Name", "Count"])
    qtbot.addWidget(table)
    table.fill([["beta", 10], ["alpha", 9], ["gamma", 100]], [1, 2, 3])
    table.sortItems(0)
    assert [table.item(r, 0).text() for r in range(3)] == ["alpha", "beta", "gamma"]
    table.sortItems(1)
    assert [table.item(r, 1).text() for r in range(3)] == ["9", "10", "100"]  # numbers, not text
