"""The Tasking area through its real widgets (pytest-qt, offscreen) on a real encrypted workspace:
dragging a card between columns, the keyboard move and the Move to... menu (with the rules
refusing what they must), recording a T&CG meeting whose decision moves a card on the board, the
request form's default priority, and the priority list and capacity views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget
from sqlalchemy import text

from rocta_desktop.domain.markings import Marking
from rocta_desktop.domain.tasking import TaskStatus
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.gui.tasking import TaskingPage
from rocta_desktop.gui.tasking.meeting_dialog import MeetingDialog, NewMeetingDialog
from rocta_desktop.gui.tasking.request_dialog import RequestDialog
from rocta_desktop.services import reference_data, registers, tasking
from rocta_desktop.store.models import Force, Unit
from tests.dates import TODAY, days, iso
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets
from tests.services.test_tasking import P1, P2, approve

S = TaskStatus
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def region(workspace, team):
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        north = reference_data.create(uow, Force, {"code": "NTH", "name": "Northshire"})
        unit = reference_data.create(uow, Unit, {"code": "ROCU-INT", "name": "ROCU intelligence",
                                                 "capacity_threats": 1, "capacity_hours": 20})
        alpha = registers.create_group(uow, {"name": "Alpha Crew", "management_level": "regional",
                                             "lead_force_id": north, "marking": "OFFICIAL"}).id
        bravo = registers.create_group(uow, {"name": "Bravo Crew", "management_level": "local",
                                             "marking": "SECRET"}).id
        registers.update_subject(uow, alpha, {"owner_unit_id": unit})
    approve(workspace, sam, alpha, P2)
    approve(workspace, sam, bravo, P1)
    data = {"objective": "Map the supply chain", "requester": "DI Moss", "four_p": "pursue"}
    r1 = workspace.write("t", tasking.create_request, {**data, "subject_id": alpha, "due_date": iso(-24)}).id
    r2 = workspace.write("t", tasking.create_request, {**data, "subject_id": bravo, "four_p": "protect"}).id
    return {"sam": sam, "ana": team.open("ana"), "unit": unit, "north": north, "alpha": alpha, "bravo": bravo,
            "r1": r1, "r2": r2}


@pytest.fixture
def open_page(qtbot, prompts):
    notifiers = []

    def make(ws):
        notifier = ChangeNotifier(ws)
        notifiers.append(notifier)
        page = TaskingPage(ws, notifier, prompts=prompts, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1250, 720)
        page.show()
        qtbot.waitExposed(page)
        page.tabs.setCurrentIndex(1)
        return page

    yield make
    for n in notifiers:
        n.detach()


def column_ids(page, status):
    column = page.columns[status]
    return [column.item(i).data(Qt.ItemDataRole.UserRole) for i in range(column.count())]


def drop(page, request_id, source, target):
    """What Qt delivers when a card is dragged from `source` and released over `target`."""
    src, dst = page.columns[source], page.columns[target]
    assert src.select_request(request_id)
    mime = src.mimeData([src.currentItem()])
    enter = QDragEnterEvent(dst.rect().center(), Qt.DropAction.MoveAction, mime, LEFT,
                            Qt.KeyboardModifier.NoModifier)
    dst.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(dst.rect().center()), Qt.DropAction.MoveAction, mime, LEFT,
                       Qt.KeyboardModifier.NoModifier)
    dst.dropEvent(event)
    return event


def test_dragging_a_card_asks_the_rules_and_moves_it(qtbot, workspace, region, open_page, prompts):
    page = open_page(region["ana"])
    assert column_ids(page, S.PROPOSED) == [region["r2"], region["r1"]]  # P1 first
    drop(page, region["r1"], S.PROPOSED, S.ACCEPTED)  # an analyst cannot accept
    assert prompts.shown[-1][:2] == ("warning", "Cannot move the request")
    assert "only a supervisor accepts" in prompts.shown[-1][2].lower()
    assert column_ids(page, S.ACCEPTED) == [] and region["r1"] in column_ids(page, S.PROPOSED)

    sup = open_page(region["sam"])
    event = drop(sup, region["r1"], S.PROPOSED, S.ACCEPTED)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.IgnoreAction  # the board reloads instead
    assert column_ids(sup, S.ACCEPTED) == [region["r1"]] and column_ids(sup, S.PROPOSED) == [region["r2"]]
    assert sup.columns[S.ACCEPTED].current_request() == region["r1"]
    page.refresh()  # another user's session: the analyst's board shows the move when it reloads
    assert column_ids(page, S.ACCEPTED) == [region["r1"]]
    with workspace.engine.connect() as conn:
        who = conn.execute(text("SELECT username, summary FROM audit_events WHERE action = 'tasking.move'")).all()
    assert [tuple(w) for w in who] == [("sam", f"TSK-{TODAY.year}-0001 moved from proposed to accepted")]
    # the overdue card stands out
    card = sup.columns[S.ACCEPTED].item(0)
    assert "OVERDUE" in card.text() and card.foreground().color().name() == "#b42318"
    assert sup.marking is Marking.SECRET  # Bravo's request is on the board


def test_keyboard_move_and_the_move_to_menu(qtbot, workspace, region, open_page, prompts):
    region["sam"].write("t", tasking.move, region["r1"], S.ACCEPTED)
    page = open_page(region["ana"])
    column = page.columns[S.ACCEPTED]
    column.setFocus()
    column.select_request(region["r1"])
    qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert prompts.shown[-1][0] == "warning" and "allocate it to an owner" in prompts.shown[-1][2].lower()
    assert column_ids(page, S.ACCEPTED) == [region["r1"]]

    workspace.write("t", tasking.update_request, region["r1"], {"owner_unit_id": region["unit"]})
    column = page.columns[S.ACCEPTED]
    column.setFocus()
    column.select_request(region["r1"])
    qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert column_ids(page, S.ALLOCATED) == [region["r1"]]
    allocated = page.columns[S.ALLOCATED]
    assert allocated.current_request() == region["r1"] and page.focusWidget() is allocated  # keep going from the keyboard
    qtbot.keyClick(allocated, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert column_ids(page, S.IN_PROGRESS) == [region["r1"]]
    qtbot.keyClick(page.columns[S.IN_PROGRESS], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert column_ids(page, S.ALLOCATED) == [region["r1"]]

    # the Move to... menu offers only the allowed columns
    move = find_by_name(page, QPushButton, "Move selected request to")
    assert move.isEnabled()
    page._fill_move_menu()
    actions = {a.text(): a for a in page.move_menu.actions()}
    assert list(actions) == ["Accepted", "In progress"]
    actions["In progress"].trigger()
    assert column_ids(page, S.IN_PROGRESS) == [region["r1"]]
    qtbot.keyClick(page.columns[S.IN_PROGRESS], Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    # closing needs an outcome: the supervisor is asked for it
    sup = open_page(region["sam"])
    sup.select_card(region["r1"])
    prompts.text = "Supply chain mapped; two couriers identified"
    assert sup.step_request(region["r1"], +1)
    assert prompts.shown[-1][:2] == ("ask_text", f"Close TSK-{TODAY.year}-0001")
    got = workspace.read(tasking.get_request, region["r1"])
    assert got["status"] is S.CLOSED and got["outcome"].startswith("Supply chain mapped")


def test_recording_a_meeting_decision_moves_the_card(qtbot, workspace, region, open_page, prompts):
    page = open_page(region["sam"])
    find_by_name(page, QPushButton, "New T&CG meeting").click()
    new = next(d for d in page.dialogs if isinstance(d, NewMeetingDialog))
    assert unnamed_interactive_widgets(new) == []
    find_by_name(new, QLineEdit, "Meeting date").setText("20/11/2026")
    find_by_name(new, QLineEdit, "Chair").setText("Det Supt Grey")
    find_by_name(new, QPlainTextEdit, "Attendees").setPlainText("DCI Hale\nDI Moss")
    qtbot.mouseClick(find_by_name(new, QPushButton, "Record meeting"), LEFT)
    meeting = next(d for d in page.dialogs if isinstance(d, MeetingDialog))
    assert unnamed_interactive_widgets(meeting) == []
    snapshot = find_by_name(meeting, QTableWidget, "Priority list as it stood")
    assert [snapshot.item(r, 2).text() for r in range(snapshot.rowCount())] == ["Bravo Crew", "Alpha Crew"]
    assert meeting.marking is Marking.SECRET and meeting.banner.text() == "SECRET"

    # the agenda: one row per proposed request, the decision and its rationale inline
    agenda = find_by_name(meeting, QTableWidget, "Agenda: decisions on proposed tasking")
    r1, r2 = f"TSK-{TODAY.year}-0001", f"TSK-{TODAY.year}-0002"
    assert [agenda.item(r, 1).text() for r in range(agenda.rowCount())] == [r2, r1]  # Bravo (P1) first
    decide_r1 = find_by_name(meeting, QComboBox, f"Decision on {r1}")
    record_r1 = find_by_name(meeting, QPushButton, f"Record the decision on {r1}")
    qtbot.mouseClick(record_r1, LEFT)  # no decision chosen yet
    assert meeting.decision_error.isVisible() and meeting.decision_error.text().startswith(f"{r1}: choose")
    decide_r1.setCurrentIndex(decide_r1.findText("Accept"))
    find_by_name(meeting, QLineEdit, f"Rationale for {r2}").setText("Force lead")  # typed, not yet recorded
    qtbot.mouseClick(record_r1, LEFT)
    assert meeting.decision_error.text().startswith(f"{r1}: ") and "rationale" in meeting.decision_error.text().lower()
    assert column_ids(page, S.ACCEPTED) == []
    find_by_name(meeting, QLineEdit, f"Rationale for {r1}").setText("Regional harm; ROCU capacity available")
    qtbot.mouseClick(find_by_name(meeting, QPushButton, f"Record the decision on {r1}"), LEFT)
    assert column_ids(page, S.ACCEPTED) == [region["r1"]]       # the board followed the decision
    assert not meeting.decision_error.isVisible()
    rows = {agenda.item(r, 1).text(): r for r in range(agenda.rowCount())}
    assert agenda.item(rows[r1], 5).text() == "Accepted" and agenda.item(rows[r1], 6).text().startswith("Regional harm")
    assert [w for w in meeting.findChildren(QComboBox) if w.accessibleName() == f"Decision on {r1}"] == []
    assert find_by_name(meeting, QLineEdit, f"Rationale for {r2}").text() == "Force lead"  # the draft survived
    decline = find_by_name(meeting, QComboBox, f"Decision on {r2}")
    decline.setCurrentIndex(decline.findText("Decline"))
    find_by_name(meeting, QLineEdit, f"Rationale for {r2}").setFocus()
    qtbot.keyClick(find_by_name(meeting, QLineEdit, f"Rationale for {r2}"), Qt.Key.Key_Return)  # Enter records
    assert column_ids(page, S.DECLINED) == [region["r2"]]
    assert meeting.tabs.tabText(0) == "A&genda"                  # nothing left to decide

    # the threats and the open tasking, from the frozen list and the board
    threats = find_by_name(meeting, QTableWidget, "Agenda: priority threats")
    assert [threats.item(r, 2).text() for r in range(threats.rowCount())] == ["Bravo Crew", "Alpha Crew"]
    assert threats.item(0, 4).text() == "no owner" and threats.item(1, 4).text() == "ROCU-INT"
    assert threats.item(1, 5).text() == "1"                      # Alpha's accepted request
    open_tasking = find_by_name(meeting, QTableWidget, "Agenda: open tasking")
    assert open_tasking.rowCount() == 1 and open_tasking.item(0, 1).text() == r1
    assert open_tasking.item(0, 7).text().endswith("(overdue)")  # due 24 days ago
    text = meeting.copy_agenda()
    assert f"{r1} \u00b7 P2" in text and "Rationale: Regional harm" in text and "Bravo Crew" in text

    find_by_name(meeting, QLineEdit, "Action").setText("Profile Alpha's couriers")
    find_by_name(meeting, QLineEdit, "Action owner").setText("DS Kerr")
    find_by_name(meeting, QLineEdit, "Action due date").setText("05/12/2026")
    qtbot.mouseClick(find_by_name(meeting, QPushButton, "Add action"), LEFT)
    assert find_by_name(meeting, QTableWidget, "Actions").rowCount() == 1
    prompts.answers.append(True)
    qtbot.mouseClick(find_by_name(meeting, QPushButton, "Finalise meeting"), LEFT)
    assert meeting.status_label.text().startswith("Finalised")
    assert agenda.rowCount() == 2 and not [b for b in meeting.findChildren(QPushButton)
                                           if b.accessibleName().startswith("Record the decision")]
    page.tabs.setCurrentIndex(2)  # tabs out of sight reload when shown
    meetings = find_by_name(page, QTableWidget, "T&CG meetings")
    assert meetings.rowCount() == 1 and meetings.item(0, 8).text() == "Finalised"


def test_request_form_defaults_the_priority_and_shows_problems_at_fields(qtbot, workspace, region, open_page,
                                                                         prompts):
    page = open_page(region["ana"])
    assert unnamed_interactive_widgets(page) == []
    dialog = page.new_request(region["bravo"])
    assert isinstance(dialog, RequestDialog) and unnamed_interactive_widgets(dialog) == []
    assert dialog.priority_box.currentText() == "P1"               # Bravo's MoRiLE priority
    dialog.subject_box.setCurrentIndex(dialog.subject_box.findData(region["alpha"]))
    assert dialog.priority_box.currentText() == "P2"               # follows the subject until chosen
    save = find_by_name(dialog, QPushButton, "Save request")
    qtbot.mouseClick(save, LEFT)                                   # the service's problems, under their fields
    assert dialog.errors["objective"].isVisible() and dialog.errors["four_p"].isVisible()
    assert dialog.isVisible() and dialog.saved_id is None and save.isEnabled() and prompts.shown == []
    dialog.objective_edit.setPlainText("Identify the cash couriers")
    dialog.requester_edit.setText("DS Kerr")
    dialog.fourp_box.setCurrentIndex(dialog.fourp_box.findText("Prevent"))
    dialog.due_edit.setText(f"{days(36):%d/%m/%Y}")
    qtbot.mouseClick(save, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.errors["objective"].isVisible()
    got = workspace.read(tasking.get_request, dialog.saved_id)
    assert (got["priority"], got["four_p"].value, got["due_date"]) == ("P2", "prevent", days(36))
    assert dialog.saved_id in column_ids(page, S.PROPOSED)


def test_priority_list_and_capacity_views(qtbot, workspace, region, open_page):
    workspace.write("t", tasking.create_meeting, {"held_on": iso(-24), "kind": "tactical", "level": "regional"})
    with workspace.operation("t") as uow:
        registers.archive(uow, region["alpha"], "Disrupted")
    page = open_page(region["sam"])
    page.tabs.setCurrentIndex(0)
    table = find_by_name(page, QTableWidget, "Priority list")
    rows = [[table.item(r, c).text() for c in (0, 1, 3)] for r in range(table.rowCount())]
    assert rows == [["1", "", "Bravo Crew"], ["", "Archived", "Alpha Crew"]]
    assert "1 off the list" in page.p_changes.text()
    with region["sam"].operation("t") as uow:  # never assessed: not listed unless asked for
        registers.create_group(uow, {"name": "Charlie Crew", "management_level": "local", "marking": "OFFICIAL"})
    qtbot.waitUntil(lambda: "1 active not yet assessed, not listed" in page.p_count.text(), timeout=3000)
    assert table.rowCount() == 2
    find_by_name(page, QCheckBox, "Include subjects not yet assessed").setChecked(True)
    rows = [[table.item(r, c).text() for c in (0, 1, 3)] for r in range(table.rowCount())]
    assert rows == [["1", "", "Bravo Crew"], ["2", "New", "Charlie Crew"], ["", "Archived", "Alpha Crew"]]
    assert page.p_count.text() == "2 subjects"
    assert page.marking is Marking.SECRET  # Bravo
    page.tabs.setCurrentIndex(3)
    capacity = find_by_name(page, QTableWidget, "Capacity and demand by unit")
    assert capacity.item(0, 0).text() == "ROCU-INT" and capacity.item(0, 11).text() == "Within capacity"
    unowned = find_by_name(page, QTableWidget, "High-priority threats with no owner")
    assert [unowned.item(r, 2).text() for r in range(unowned.rowCount())] == ["Bravo Crew"]
    assert page.marking is Marking.SECRET and page.tabs.tabText(3) == "Ca&pacity"
    page.tabs.setCurrentIndex(2)
    assert page.marking is Marking.SECRET  # the meeting froze a list holding Bravo (SECRET)



def test_the_capacity_list_fits_a_1180_pixel_window_and_its_headers_explain_themselves(qtbot, workspace, region,
                                                                                     open_page):
    """#22: at the page's width in a 1180x740 window the capacity list never scrolls sideways: short
    headers, each whole and saying in its tooltip what its figure is, a long unit name cut with an
    ellipsis (whole in its tooltip), and a unit's status short enough to be read whole."""
    from PySide6.QtWidgets import QApplication

    from tests.gui.screens_tool import sideways
    from tests.gui.test_clipping import unreadable
    with workspace.operation("test") as uow:
        reference_data.create(uow, Unit, {"code": "EVC-SOCT", "capacity_threats": 4, "capacity_hours": 5600,
                                          "name": "Eastvale Serious and Organised Crime Unit (Proactive Teams)"})
    page = open_page(region["sam"])
    page.resize(960, 640)
    page.tabs.setCurrentIndex(3)
    QApplication.processEvents()
    capacity = find_by_name(page, QTableWidget, "Capacity and demand by unit")
    assert capacity.rowCount() == 2
    assert sideways(capacity) == [] and unreadable(capacity) == [] and not capacity.horizontalScrollBar().isVisible()
    headers = [capacity.horizontalHeaderItem(c) for c in range(capacity.columnCount())]
    assert [h.text() for h in headers if not capacity.isColumnHidden(headers.index(h))] == [h.text() for h in headers]
    assert all(h.toolTip() for h in headers)
    status = {capacity.item(r, 11).text() for r in range(capacity.rowCount())}   # whole: unreadable() says so
    assert status <= {"Within capacity", "Over in threats", "Over in hours", "Over-committed"}
    names = {capacity.item(r, 1).text(): capacity.item(r, 1).toolTip() for r in range(capacity.rowCount())}
    assert names["Eastvale Serious and Organised Crime Unit (Proactive Teams)"] == \
        "Eastvale Serious and Organised Crime Unit (Proactive Teams)"

def test_the_main_window_opens_tasking_and_a_card_opens_its_request(qtbot, workspace, region, prompts):
    from rocta_desktop.gui.main_window import MainWindow
    window = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.go_to("tasking") is True and window.current_area() == "tasking"
        page = window.stack.currentWidget()
        assert isinstance(page, TaskingPage)
        assert window.marking_label.text() == "SECRET"  # Bravo (SECRET) is on the list and the board
        column = page.columns[S.PROPOSED]
        column.select_request(region["r1"])
        column.itemActivated.emit(column.currentItem())
        dialog = page.dialogs[-1]
        assert isinstance(dialog, RequestDialog) and dialog.windowTitle() == f"Tasking request TSK-{TODAY.year}-0001"
        assert dialog.objective_edit.toPlainText() == "Map the supply chain"
        dialog.reject()
        # out of sight, the page waits; shown again, it reloads
        window.go_to("groups")
        made = workspace.write("t", tasking.create_request, {"subject_id": region["alpha"], "objective": "Later",
                                                             "requester": "DI Moss", "four_p": "prepare"}).id
        assert made not in column_ids(page, S.PROPOSED)
        window.go_to("tasking")
        assert made in column_ids(page, S.PROPOSED)
    finally:
        window.close_for_shell()


def test_board_cards_read_whole_at_the_default_window_size(qtbot, workspace, region, prompts):
    """#22: at 1180x740 every card shows its reference, subject, owner and due date whole (the
    objective cut to two lines, whole in the tooltip); overdue is a red edge, not a red card; the
    closed and declined columns fold to a strip, remembered, and unfold when a card goes there."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QToolButton

    from rocta_desktop.gui.main_window import MainWindow
    from rocta_desktop.gui.style import ERROR
    from rocta_desktop.gui.tasking.board import CardLayout
    sam = region["sam"]
    long_objective = ("Identify every courier who moves cash between the port and the three car washes, and the "
                      "vehicles they use, before the next shipment")
    extra = [sam.write("t", tasking.create_request, {"subject_id": region["alpha"], "objective": long_objective,
                                                     "requester": "DI Moss", "four_p": "pursue",
                                                     "due_date": iso(10 + i)}).id for i in range(3)]
    sam.write("t", tasking.move, extra[0], S.ACCEPTED)
    sam.write("t", tasking.update_request, extra[0], {"owner_unit_id": region["unit"]})
    w = MainWindow(sam, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        w.resize(1180, 740)
        w.go_to("tasking")
        page = w.pages["tasking"]
        page.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: page.columns[S.PROPOSED].viewport().width() > 50, timeout=3000)
        for status in (S.CLOSED, S.DECLINED):                      # folded by default: finished work
            assert not page.columns[status].isVisible()
            assert find_by_name(page, QToolButton, f"Show the {status.label.lower()} column").isVisible()
        checked = 0
        for status, column in page.columns.items():
            if not column.isVisible():
                continue
            assert column.width() >= 140, status                    # room for a card at the default size
            for i in range(column.count()):
                item = column.item(i)
                card = column.cards[item.data(Qt.ItemDataRole.UserRole)]
                rect = column.visualItemRect(item)
                lay = CardLayout(card, column.font(), rect.width())
                assert rect.height() >= lay.height, card["reference"]             # nothing cut off the bottom
                assert lay.metrics[lay.ref_font].horizontalAdvance(card["reference"]) <= lay.ref_w  # reference whole
                assert lay.metrics[lay.due_font].horizontalAdvance(lay.due) <= lay.inner           # due date whole
                assert card["due_date"] is None or lay.due.endswith(f"{card['due_date']:%d/%m/%Y}")
                assert card["objective"] in item.toolTip() and card["reference"] in item.text()
                image = column.viewport().grab(rect).toImage()
                edge = image.pixelColor(4, rect.height() // 2)
                assert (edge == QColor(ERROR)) == card["overdue"], (card["reference"], edge.name())
                checked += 1
        assert checked >= 4
        assert len(CardLayout(page.cards[extra[1]], page.font(), 160).objective) == 2   # long: two lines, cut

        # unfold the declined column; it stays unfolded next time
        qtbot.mouseClick(find_by_name(page, QToolButton, "Show the declined column"), LEFT)
        assert page.columns[S.DECLINED].isVisible()
        assert find_by_name(page, QToolButton, "Hide the declined column").isVisible()
        assert QSettings().value("tasking/board/folded") in ("closed", ["closed"])
        qtbot.mouseClick(find_by_name(page, QToolButton, "Hide the declined column"), LEFT)
        assert not page.columns[S.DECLINED].isVisible()
        # a card moved into a folded column unfolds it, selected
        prompts.text = "Force lead"
        assert page.move_request(region["r2"], S.DECLINED)
        assert page.columns[S.DECLINED].isVisible() and page.columns[S.DECLINED].current_request() == region["r2"]
    finally:
        w.close_for_shell()


def test_an_analyst_sees_the_agenda_but_cannot_decide(qtbot, workspace, region, open_page, prompts):
    meeting_id = region["sam"].write("m", tasking.create_meeting, {"held_on": iso(0), "kind": "tactical",
                                                                   "level": "regional"}).id
    page = open_page(region["ana"])
    meeting = page.open_meeting(meeting_id)
    decide = find_by_name(meeting, QComboBox, f"Decision on TSK-{TODAY.year}-0001")
    record = find_by_name(meeting, QPushButton, f"Record the decision on TSK-{TODAY.year}-0001")
    assert not decide.isEnabled() and not record.isEnabled()
    assert "Only a supervisor" in record.toolTip()
    assert meeting.tabs.tabText(0) == "A&genda (2 to decide)"


def test_the_priority_list_fits_the_default_window_without_scrolling_sideways(qtbot, workspace, region, prompts):
    """#22: at 1180x740 the priority list shows its default columns without a horizontal scroll bar;
    a long name is cut with an ellipsis and whole in its tooltip; the other columns (OCGM,
    confidence, LRO) are in its Columns menu, and the choice is remembered."""
    from PySide6.QtCore import QSettings

    from rocta_desktop.gui.main_window import MainWindow
    long_name = "The Extraordinarily Long Named Organised Crime Syndicate of the Northern Coastal Towns"
    with workspace.operation("test") as uow:
        long_id = registers.create_group(uow, {"name": long_name, "management_level": "regional",
                                               "lro_name": "Detective Chief Inspector Alexandra Montgomery-Smythe",
                                               "marking": "OFFICIAL"}).id
    approve(workspace, region["sam"], long_id, P1)
    window = MainWindow(region["sam"], prompts=prompts)
    qtbot.addWidget(window)
    window.resize(1180, 740)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.go_to("tasking")
        page = window.pages["tasking"]
        page.tabs.setCurrentIndex(0)
        table = find_by_name(page, QTableWidget, "Priority list")
        qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=3000)
        header = table.horizontalHeader()
        qtbot.waitUntil(lambda: header.length() <= table.viewport().width(), timeout=3000)
        assert not table.horizontalScrollBar().isVisible()
        shown = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        assert {"Kind", "OCGM", "Confidence", "LRO"}.isdisjoint(shown) and {"Rank", "Name", "Priority",
                                                                           "Marking"} <= set(shown)
        name_col = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())].index("Name")
        row = next(r for r in range(table.rowCount()) if table.item(r, name_col).text() == long_name)
        cell = table.item(row, name_col)
        assert cell.toolTip() == long_name
        assert table.fontMetrics().horizontalAdvance(long_name) > table.columnWidth(name_col)  # cut, not clipped away
        kind = table.item(row, [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())].index("Kind"))
        assert kind.text() == "Group" and kind.toolTip() == "Organised crime group"  # short, whole in the tooltip
        # the columns menu brings the LRO back (the list still fits) and remembers it
        button = find_by_name(page, QPushButton, "Choose priority list columns")
        lro = next(a for a in button.menu().actions() if a.text() == "LRO")
        assert not lro.isChecked()
        lro.trigger()
        lro_col = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())].index("LRO")
        assert not table.isColumnHidden(lro_col)
        assert header.length() <= table.viewport().width()
        saved = QSettings().value("tasking/priority_hidden_columns")
        assert "LRO" not in ([saved] if isinstance(saved, str) else list(saved))
        # the same menu on a right-click of the headers, as every other list has it
        header.customContextMenuRequested.emit(QPoint(10, 5))
        qtbot.waitUntil(button.menu().isVisible, timeout=3000)
        button.menu().close()
    finally:
        window.close_for_shell()


def test_the_capacity_chart_keeps_its_figures_inside_the_chart(qtbot):
    """#22: the most committed unit's bar leaves room for its figures (they were cut at the edge),
    and a figure never sits under a capacity mark."""
    from rocta_desktop.gui.tasking.page import CapacityChart
    chart = CapacityChart()
    qtbot.addWidget(chart)
    units = [{"code": "NMP-ECU", "threats": 39, "capacity_threats": 10, "committed_hours": 120,
              "capacity_hours": 2400, "over": True},
             {"code": "ROCU-RIU", "threats": 0, "capacity_threats": 40, "committed_hours": 0,
              "capacity_hours": 5200, "over": False}]
    chart.set_units(units)
    chart.resize(600, 120)
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    ink = [(x, y) for x in range(image.width() - 16, image.width()) for y in range(image.height())
           if image.pixelColor(x, y).lightness() < 120]
    assert ink == []  # nothing drawn in the right margin: every figure fits
