"""The Reports area through its widgets: export the return, import a spreadsheet with mapping and
problems shown by row and column."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.gui.reports.importer import ImportDialog
from rocta_desktop.gui.reports.page import ReportsPage
from rocta_desktop.services import reference_data, registers
from rocta_desktop.services.registers import SubjectFilter
from rocta_desktop.store.models import Force
from tests.dates import TODAY, days
from tests.exchange.test_imports import NOMINAL_HEADERS, good_rows, xlsx
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def page(qtbot, workspace, prompts):
    with workspace.operation("test") as uow:
        reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "regional"})
    p = ReportsPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(p)
    p.show()
    return p


def click(qtbot, w):
    assert w.isEnabled(), w.accessibleName()
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def finished(qtbot, op):
    """An import is written in the background: wait until its run reports back (on the GUI thread)."""
    assert op is not None
    if not op.done:
        with qtbot.waitSignal(op.finished, timeout=30_000):
            pass
    return op


def import_rows(qtbot, dialog, name="Import all rows"):
    """Press an import button and wait for the import's outcome."""
    click(qtbot, find_by_name(dialog, QPushButton, name))
    return finished(qtbot, dialog.import_op)


def test_export_the_return_from_the_page(qtbot, page, prompts, tmp_path):
    assert unnamed_interactive_widgets(page) == []
    period = find_by_name(page, QLineEdit, "Return period")
    period.setText("Q9")
    prompts.save_path = str(tmp_path / "out")
    click(qtbot, find_by_name(page, QPushButton, "Export the return"))
    assert "not a period" in find_by_name(page, QLabel, "Return period problem").text()
    assert not (tmp_path / "out.xlsx").exists()
    period.setText(str(TODAY.year))
    click(qtbot, find_by_name(page, QPushButton, "Export the return"))
    assert prompts.shown[-1][1] == "Return exported" and "OFFICIAL" in prompts.shown[-1][2]
    wb = load_workbook(tmp_path / "out.xlsx")
    assert wb["Subjects"]["C2"].value == "Harbour Crew"


def test_import_with_mapping_problems_and_valid_rows(qtbot, page, workspace, prompts, tmp_path):
    rows = good_rows(f"OCG-{TODAY.year}-0001") + [["Bad", "Date", "31/02/1990", None, None, None, None, None, None]]
    path = xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, rows)
    prompts.file = str(path)
    click(qtbot, find_by_name(page, QPushButton, "Choose a spreadsheet to import"))
    dialog = next(d for d in page.dialogs if isinstance(d, ImportDialog))
    assert unnamed_interactive_widgets(dialog) == []
    assert find_by_name(dialog, QComboBox, "Column C (DOB) imported as").currentData() == "date_of_birth"
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))
    assert "3 ready to import" in find_by_name(dialog, QLabel, "Import check summary").text()
    assert dialog.problems.rowCount() == 1 and dialog.problems.item(0, 2).text() == "C"
    assert not find_by_name(dialog, QPushButton, "Import all rows").isEnabled()
    assert import_rows(qtbot, dialog, "Import the valid rows only").ok
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL, statuses=())) == 3
    assert prompts.shown[-1][1] == "Imported"


def test_an_import_refused_as_it_is_written_is_a_warning_and_the_dialog_stays_open(qtbot, page, workspace, team,
                                                                                   prompts, tmp_path):
    """Checked, then (before Import is pressed) someone else restricts the group two rows name: the
    import plans again as it writes, finds them wrong, writes nothing, says why, and stays open. While
    it is written, nothing in the dialog can change the plan, start another import or close it."""
    from rocta_desktop.services import access, audit
    group = workspace.read(registers.list_subjects, SubjectFilter(kind=SubjectKind.GROUP))[0]
    path = xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, good_rows(group["reference"]))
    dialog = page.choose_import(str(path))
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))
    assert "3 ready to import" in find_by_name(dialog, QLabel, "Import check summary").text()
    team.open("sam").write("r", access.restrict, "subject", group["id"], "Operation Heron")   # meanwhile
    click(qtbot, find_by_name(dialog, QPushButton, "Import all rows"))
    op = dialog.import_op
    assert not op.done
    assert not any(find_by_name(dialog, QPushButton, name).isEnabled() for name in (
        "Import all rows", "Check the file", "Close import", "Load a mapping file"))
    dialog.reject()                                                    # Esc or the title bar's close: not now
    assert dialog.isVisible()
    finished(qtbot, op)
    assert not op.ok and dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert prompts.shown[-1] == ("warning", "Import", "2 rows have problems: nothing was imported (fix them, or "
                                                     "choose to import the valid rows only).")
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL, statuses=())) == 0
    assert find_by_name(dialog, QPushButton, "Close import").isEnabled()
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))   # checked again, the problems are shown
    assert "2 with problems" in find_by_name(dialog, QLabel, "Import check summary").text()
    click(qtbot, find_by_name(dialog, QPushButton, "Close import"))    # closed: the refused import is audited
    assert not dialog.isVisible() and len(prompts.shown) == 1
    assert [e["action"] for e in workspace.read(audit.search_events, action="import.nominals.refused")] == [
        "import.nominals.refused"]


def test_a_broken_file_is_refused_with_its_reason(qtbot, page, prompts, tmp_path):
    (tmp_path / "x.xlsx").write_text("not a workbook")
    prompts.file = str(tmp_path / "x.xlsx")
    click(qtbot, find_by_name(page, QPushButton, "Choose a spreadsheet to import"))
    assert prompts.shown[-1][1] == "Spreadsheet refused" and "not a spreadsheet" in prompts.shown[-1][2]


def test_changing_the_mapping_is_remembered(qtbot, page, workspace, prompts, tmp_path):
    path = xlsx(tmp_path / "odd.xlsx", ["Family", "Given", "Born on"], [["Smith", "Al", dt.date(1980, 1, 1)]])
    dialog = page.choose_import(str(path))
    for column, label in (("A (Family)", "Surname"), ("B (Given)", "Forenames"), ("C (Born on)", "Date of birth")):
        combo = find_by_name(dialog, QComboBox, f"Column {column} imported as")
        combo.setCurrentIndex(combo.findText(label, Qt.MatchFlag.MatchStartsWith))
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))
    assert import_rows(qtbot, dialog).ok
    again = page.choose_import(str(path))
    assert "remembered" in find_by_name(again, QLabel, "Column mapping source").text()
    assert find_by_name(again, QComboBox, "Column A (Family) imported as").currentData() == "surname"


def test_pack_preview_shows_the_pages_saves_and_prints_audited(qtbot, workspace, prompts, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    from sqlalchemy import text as sql

    from rocta_desktop.gui.kit.preview import pack_preview
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                           "management_level": "regional"}).id
    dialog = pack_preview(workspace, gid, prompts, None)
    qtbot.addWidget(dialog)
    assert unnamed_interactive_widgets(dialog) == []
    assert len(dialog.pages) >= 2 and dialog.pages[0].width() > 500
    assert find_by_name(dialog, QLabel, "Report marking").text() == "OFFICIAL-SENSITIVE"
    prompts.save_path = str(tmp_path / "pack")
    click(qtbot, find_by_name(dialog, QPushButton, "Save the report as PDF"))
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_report(printer, ask=lambda _p: True)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    with workspace.reader() as s:
        actions = [r[0] for r in s.execute(sql("SELECT summary FROM audit_events WHERE entity_type IN ('export', 'file') "
                                               "AND action LIKE 'export.%' ORDER BY id"))]
    assert len(actions) == 2 and "pack (saved)" in actions[0] and "pack (printed)" in actions[1]
    assert all("OFFICIAL-SENSITIVE" in a for a in actions)


def test_tcg_and_profile_previews(qtbot, page, prompts):
    for kind in ("tcg", "profile"):
        page.period.setText(str(TODAY.year))
        dialog = page.preview(kind)
        qtbot.addWidget(dialog)
        assert len(dialog.pages) >= 2 and dialog.marking.value.startswith("OFFICIAL")


def test_import_disruptions_as_drafts_from_the_page(qtbot, page, workspace, prompts, tmp_path):
    from rocta_desktop.services import impact
    from tests.exchange.test_imports import DISRUPTION_HEADERS
    day = days(-30)
    path = xlsx(tmp_path / "d.xlsx", DISRUPTION_HEADERS, [[f"OCG-{TODAY.year}-0001", day, "Pursue", "Warrant", "major", None,
                                                           None, None, None, "arrests 2; drugs 1 kg", None]],
                sheet="Disruptions")
    kind = find_by_name(page, QComboBox, "What to import")
    kind.setCurrentIndex(kind.findData("disruptions"))
    dialog = page.choose_import(str(path))
    assert unnamed_interactive_widgets(dialog) == []
    assert "second supervisor" in find_by_name(dialog, QLabel, "What this import does").text()
    assert find_by_name(dialog, QComboBox, "Column J (Outcomes) imported as").currentData() == "outcomes"
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))
    assert "1 ready to import" in find_by_name(dialog, QLabel, "Import check summary").text()
    assert import_rows(qtbot, dialog).ok
    assert prompts.shown[-1][1] == "Imported" and "as drafts" in prompts.shown[-1][2]
    [d] = workspace.read(impact.listing)
    assert d["status"].value == "draft" and len(d["outcomes"]) == 2


def test_exchange_a_package_through_the_reports_page(qtbot, workspace, prompts, tmp_path):
    """Send a package to a partner from the page, open it in the partner's page (preview, then
    import), and settle a conflict there through the conflicts dialog."""
    from rocta_desktop.gui.reports.exchange import ConflictsDialog
    from rocta_desktop.services import packages
    from rocta_desktop.services.workspace import Workspace
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    other, _ = Workspace.create(tmp_path / "east.rocta", ADMIN, ADMIN_PASSWORD, name="East", prefix="EVC")
    try:
        gid = workspace.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                            "management_level": "regional"}).id
        workspace.write("p", packages.add_partner, other.write("c", packages.make_card))
        other.write("p", packages.add_partner, workspace.write("c", packages.make_card))
        mine = ReportsPage(workspace, ChangeNotifier(workspace), prompts=prompts)
        theirs = ReportsPage(other, ChangeNotifier(other), prompts=prompts)
        for p in (mine, theirs):
            qtbot.addWidget(p)
        assert unnamed_interactive_widgets(mine) == []
        prompts.save_path = str(tmp_path / "one")
        click(qtbot, find_by_name(mine, QPushButton, "Send a package to the partner"))
        assert (tmp_path / "one.roctapkg").exists()
        assert "Package 1 for East" in find_by_name(mine, QLabel, "Exchange status").text()
        prompts.file, prompts.answers = str(tmp_path / "one.roctapkg"), [True]
        click(qtbot, find_by_name(theirs, QPushButton, "Open a package from a partner"))
        assert prompts.shown[-1][0] == "question" and "1 group" in prompts.shown[-1][2]
        copy = other.read(registers.search, "harbour")["group"][0]
        click(qtbot, find_by_name(theirs, QPushButton, "Open a package from a partner"))   # the same one again
        assert prompts.shown[-1][:2] == ("warning", "Open a package") and "already" in prompts.shown[-1][2]
        assert copy["reference"].startswith("OCG-")  # North has no prefix: its reference is kept as it is
        # both change the description and the name; North sends again; East gets two conflicts
        workspace.write("e", registers.update_subject, gid, {"description": "north", "name": "Harbour Crew North"})
        other.write("e", registers.update_subject, copy["id"], {"description": "east", "name": "Harbour Crew East"})
        prompts.save_path = str(tmp_path / "two")
        click(qtbot, find_by_name(mine, QPushButton, "Send a package to the partner"))
        prompts.file, prompts.answers = str(tmp_path / "two.roctapkg"), [True]
        click(qtbot, find_by_name(theirs, QPushButton, "Open a package from a partner"))
        conflicts = find_by_name(theirs, QPushButton, "Exchange conflicts")
        assert conflicts.text() == "&Conflicts (2)..." and conflicts.isEnabled()

        def settle(dialog):
            assert isinstance(dialog, ConflictsDialog) and dialog.table.rowCount() == 2
            take = find_by_name(dialog, QPushButton, "Take the partner's value")
            # one is settled in another window meanwhile: settling it here again is refused, said
            other.write("x", packages.resolve_conflict, dialog.rows[dialog.table.currentRow()]["id"], "incoming")
            click(qtbot, take)
            assert prompts.shown[-1][:2] == ("warning", "Exchange conflicts")
            assert prompts.shown[-1][2].startswith("No open conflict")
            assert dialog.table.rowCount() == 2 and take.isEnabled()
            dialog.reload()
            assert dialog.table.rowCount() == 1
            click(qtbot, take)
            assert dialog.table.rowCount() == 0
            return 0
        prompts.dialog_drivers = [settle]
        click(qtbot, conflicts)
        settled = other.read(registers.get_subject, copy["id"])
        assert (settled["description"], settled["name"]) == ("north", "Harbour Crew North")

        # a package that cannot be written (its folder is not there): said, and nothing else changes
        status = find_by_name(mine, QLabel, "Exchange status").text()
        prompts.save_path = str(tmp_path / "gone" / "three")
        click(qtbot, find_by_name(mine, QPushButton, "Send a package to the partner"))
        assert prompts.shown[-1][:2] == ("warning", "The package was not written")
        assert not (tmp_path / "gone").exists() and find_by_name(mine, QLabel, "Exchange status").text() == status
        assert find_by_name(mine, QPushButton, "Send a package to the partner").isEnabled()
    finally:
        other.close()


def test_a_messy_force_return_through_the_import_screen(qtbot, page, workspace, prompts, tmp_path):
    from PySide6.QtWidgets import QSpinBox

    from tests.exchange.test_force_returns import ROWS, force_return
    workspace.write("n", registers.create_nominal, {"surname": "Kilic", "forenames": "Burak",
                                                    "date_of_birth": "1990-07-04", "marking": "OFFICIAL"})
    path = force_return(tmp_path / "return.xlsx", ROWS)
    dialog = page.choose_import(str(path))
    assert unnamed_interactive_widgets(dialog) == []
    sheets = find_by_name(dialog, QComboBox, "Sheet to import")
    assert [sheets.itemText(i) for i in range(sheets.count())] == ["Nominal return", "Lookups (hidden)"]
    assert find_by_name(dialog, QSpinBox, "Header row").value() == 4
    assert find_by_name(dialog, QComboBox, "Column B (Forename(s)) imported as").currentData() == "forenames"
    assert find_by_name(dialog, QComboBox, "Column D (Phone) imported as").currentData() == "phone"
    click(qtbot, find_by_name(dialog, QPushButton, "Check the file"))
    summary = find_by_name(dialog, QLabel, "Import check summary").text()
    assert "3 ready to import" in summary and "1 column is not imported" in summary
    assert "headers taken from row 4" in find_by_name(dialog, QLabel, "Column mapping source").text()
    assert [dialog.problems.item(0, c).text() for c in (1, 2, 3)] == ["4", "G", "(not imported)"]
    dialog.resize(1000, 720)
    dialog.grab().save(str(tmp_path / "import.png"))
    saved = dialog.save_mapping(str(tmp_path / "m.json"))
    assert import_rows(qtbot, dialog).ok
    assert prompts.shown[-1][1] == "Imported" and "may already be recorded" in prompts.shown[-1][2]
    # the saved mapping says G is left out: loaded again, no warning for it
    again = page.choose_import(str(path))
    assert again.load_mapping(saved)
    click(qtbot, find_by_name(again, QPushButton, "Check the file"))
    assert again.plan.warnings == [] and len(again.plan.skipped) == 3


def test_preview_zooms_fits_and_goes_to_a_page_by_buttons_and_keys(qtbot, page, prompts):
    from PySide6.QtWidgets import QSpinBox, QToolButton
    page.period.setText(str(TODAY.year))
    dialog = page.preview("profile")
    qtbot.addWidget(dialog)
    dialog.resize(1180, 740)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert unnamed_interactive_widgets(dialog) == []
    total = len(dialog.page_views)
    assert total >= 2
    viewport = dialog.scroll.viewport()
    first = dialog.page_views[0]
    zoom_label = find_by_name(dialog, QLabel, "Zoom level")

    # opens fitted to the width; the picture is drawn at the size shown
    assert abs(first.width() - (viewport.width() - 24)) <= 8 and zoom_label.text() == f"{round(dialog.zoom * 100)}%"
    qtbot.waitUntil(lambda: not first.pixmap().isNull(), timeout=3000)
    assert abs(first.pixmap().width() - first.width()) <= 4

    click(qtbot, find_by_name(dialog, QToolButton, "Fit whole page"))
    assert first.height() <= viewport.height() and find_by_name(dialog, QToolButton, "Fit whole page").isChecked()
    whole = dialog.zoom
    click(qtbot, find_by_name(dialog, QToolButton, "Zoom in"))
    assert dialog.zoom > whole and zoom_label.text() == f"{round(dialog.zoom * 100)}%"
    qtbot.waitUntil(lambda: not first.pixmap().isNull() and abs(first.pixmap().width() - first.width()) <= 4,
                    timeout=3000)                                          # drawn again, sharp, at the new zoom
    qtbot.keyClick(dialog.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom < whole + 0.2 and dialog.fit is None
    before = dialog.zoom
    qtbot.keyClick(dialog.scroll, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom > before
    qtbot.keyClick(dialog.scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert dialog.fit == "width" and abs(first.width() - (viewport.width() - 24)) <= 8
    for _ in range(20):
        click(qtbot, find_by_name(dialog, QToolButton, "Zoom out")) if dialog.zoom_out_button.isEnabled() else None
    assert not dialog.zoom_out_button.isEnabled() and zoom_label.text() == "25%"  # the smallest step

    # pages: next, previous, and straight to one by number
    click(qtbot, find_by_name(dialog, QToolButton, "Fit whole page"))
    assert not find_by_name(dialog, QToolButton, "Previous page").isEnabled()
    click(qtbot, find_by_name(dialog, QToolButton, "Next page"))
    assert dialog.current_page() == 2 and find_by_name(dialog, QSpinBox, "Page number").value() == 2
    box = find_by_name(dialog, QSpinBox, "Page number")
    box.setValue(total)
    assert dialog.current_page() == total and not find_by_name(dialog, QToolButton, "Next page").isEnabled()
    qtbot.waitUntil(lambda: not dialog.page_views[-1].pixmap().isNull(), timeout=3000)
    click(qtbot, find_by_name(dialog, QToolButton, "Previous page"))
    assert dialog.current_page() == total - 1
    dialog.reject()
