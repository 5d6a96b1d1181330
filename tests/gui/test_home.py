"""The dashboard as home: what waits for me and for a supervisor, on the real encrypted workspace,
read back from the tiles by their accessible names, and each tile opening the list behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from rocta_desktop.gui.dashboard import TILES
from rocta_desktop.gui.main_window import MainWindow
from rocta_desktop.services import assessments, home, reference_data, registers, tasking, triggers
from rocta_desktop.store.models import Force
from tests.dates import TODAY
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.gui.conftest import find_by_name


def tile(w: MainWindow, title: str) -> QPushButton:
    found = [b for b in w.findChildren(QPushButton) if b.accessibleName().startswith(f"{title}:")]
    assert len(found) == 1, f"no single tile named {title!r}"
    return found[0]


def count(w: MainWindow, title: str) -> int:
    return int(tile(w, title).accessibleName().split(":")[1].split(",")[0].replace(",", ""))


@pytest.fixture
def region(workspace, team):
    with workspace.operation("test") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional", "lead_force_id": force}).id
    return {"force": force, "group": group}


def open_window(qtbot, ws, prompts) -> MainWindow:
    w = MainWindow(ws, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.pages["dashboard"].loading, timeout=5000)  # its counts are read off the GUI thread
    return w


def test_submitted_assessment_waits_for_the_supervisor_and_leaves_on_approval(qtbot, team, region, prompts):
    ana = team.open("ana")
    created = ana.write("a", assessments.start, region["group"], "morile-reference")
    ana.write("a", assessments.save, created.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, created.id)
    sam = team.open("sam")
    w = open_window(qtbot, sam, prompts)
    try:
        waiting = tile(w, "Assessments awaiting approval")
        assert count(w, "Assessments awaiting approval") == 1
        assert created.reference in waiting.accessibleDescription() and "today" in waiting.accessibleDescription()
        assert waiting.accessibleName() == "Assessments awaiting approval: 1, oldest waiting today"
        assert find_by_name(w, type(w.pages["dashboard"].sections["action"]), "Needs your action").isVisible()
        qtbot.mouseClick(waiting, Qt.MouseButton.LeftButton)  # opens the list behind it
        assert w.current_area() == "assessments"
        assert find_by_name(w, QComboBox, "Show assessments").currentText() == "Awaiting approval"
        sam.write("a", assessments.approve, created.id)  # the change notice updates the tile
        w.go_to("dashboard")
        qtbot.waitUntil(lambda: count(w, "Assessments awaiting approval") == 0, timeout=3000)
        assert count(w, "Active threat subjects") == 1
        assert tile(w, "Assessments awaiting approval").property("attention") == "none"
    finally:
        w.close_for_shell()


def test_an_analyst_sees_her_overdue_work_as_overdue_and_no_supervisor_queue(qtbot, team, region, prompts):
    ana = team.open("ana")
    w = open_window(qtbot, ana, prompts)
    try:
        assert not w.pages["dashboard"].sections["action"].isVisible()
        ana.write("t", tasking.create_request, {
            "subject_id": region["group"], "objective": "Find the supply route", "requester": "DI Moss",
            "four_p": "pursue", "priority": "P2", "due_date": TODAY - dt.timedelta(days=3)}, today=TODAY)
        qtbot.waitUntil(lambda: count(w, "My tasking due in 14 days") == 1, timeout=3000)
        due = tile(w, "My tasking due in 14 days")
        assert due.accessibleName() == "My tasking due in 14 days: 1, 1 overdue"
        assert due.property("attention") == "overdue" and "(overdue)" in due.accessibleDescription()
        due.setFocus()
        qtbot.keyClick(due, Qt.Key.Key_Space)  # the keyboard opens it too
        assert w.current_area() == "tasking" and w.pages["tasking"].tabs.currentIndex() == 1  # the board
    finally:
        w.close_for_shell()


def test_tile_counts_match_the_service_and_a_referral_opens_filtered(qtbot, workspace, team, region, prompts):
    tid, _ = workspace.write("t", triggers.create, {
        "received_on": TODAY - dt.timedelta(days=20), "force_id": region["force"], "officer": "DS Jo Smith",
        "subject_kind": "group", "proposed_name": "Canal Street Firm", "summary": "Cash runs to the port",
        "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P"}, today=TODAY)
    workspace.write("t", triggers.create, {
        "received_on": TODAY, "force_id": region["force"], "officer": "DS Jo Smith", "subject_kind": "group",
        "proposed_name": "Other Firm", "summary": "Not assigned to anyone", "source_evaluation": "2",
        "intel_assessment": "B", "handling_code": "P"}, today=TODAY)
    sue = team.open("sue")
    sue.write("t", triggers.start_triage, tid)
    sue.write("m", tasking.create_meeting, {"held_on": TODAY, "kind": "tactical", "level": "regional"}, today=TODAY)
    with workspace.operation("test") as uow:  # a threat that was not on the list at the T&CG
        registers.create_group(uow, {"name": "Quay Crew", "marking": "OFFICIAL", "management_level": "local"})
    w = open_window(qtbot, sue, prompts)
    try:
        data = sue.read(home.home, sue.actor)
        for spec in TILES:
            if spec.section != "region" or spec.line:
                assert count(w, spec.title) == len(data[spec.section][spec.key]), spec.title
        qtbot.waitUntil(lambda: not w.pages["dashboard"].changes_pending, timeout=5000)  # counted off the GUI thread
        assert tile(w, "Changes since the last T&CG").accessibleName() == "Changes since the last T&CG: 1"
        assert "New 1" in tile(w, "Changes since the last T&CG").accessibleDescription()
        assert count(w, "Referrals assigned to me") == 1 and count(w, "Referrals waiting over 14 days") == 1
        assert tile(w, "Referrals waiting over 14 days").property("attention") == "overdue"
        qtbot.mouseClick(tile(w, "Referrals assigned to me"), Qt.MouseButton.LeftButton)
        page = w.pages["triggers"]
        assert w.current_area() == "triggers" and page.table.rowCount() == 1 and page.rows.keys() == {tid}
        qtbot.mouseClick(tile_after_home(w, "Referrals waiting over 14 days"), Qt.MouseButton.LeftButton)
        assert page.filter.currentText() == "Awaiting a decision" and page.table.rowCount() == 2
    finally:
        w.close_for_shell()


def tile_after_home(w: MainWindow, title: str) -> QPushButton:
    w.go_to("dashboard")
    return tile(w, title)


# ------------------------------------------------------------------ the analyst's first hour (#22)

def column_ids(page) -> set[int]:
    return {c.item(i).data(Qt.ItemDataRole.UserRole) for c in page.columns.values() for i in range(c.count())}


def test_my_tasking_opens_the_board_with_only_my_requests(qtbot, team, region, prompts):
    ana, sam = team.open("ana"), team.open("sam")
    mine = ana.write("t", tasking.create_request, {
        "subject_id": region["group"], "objective": "Find the supply route", "requester": "DI Moss",
        "four_p": "pursue", "priority": "P2", "due_date": TODAY + dt.timedelta(days=3)}, today=TODAY).id
    theirs = sam.write("t", tasking.create_request, {
        "subject_id": region["group"], "objective": "Watch the port", "requester": "DI Khan",
        "four_p": "protect", "priority": "P2", "due_date": TODAY + dt.timedelta(days=3)}, today=TODAY).id
    w = open_window(qtbot, ana, prompts)
    try:
        assert count(w, "My tasking due in 14 days") == 1
        qtbot.mouseClick(tile(w, "My tasking due in 14 days"), Qt.MouseButton.LeftButton)
        page = w.pages["tasking"]
        assert w.current_area() == "tasking" and page.tabs.currentIndex() == 1  # the board
        assert column_ids(page) == {mine}  # not Sam's
        raised = find_by_name(page, QComboBox, "Filter board by who raised the request")
        assert raised.currentText() == "Me (Ana)"
        raised.setCurrentIndex(raised.findText("Anyone"))  # the whole board is one choice away
        assert column_ids(page) == {mine, theirs}
        w.go_to("dashboard")
        qtbot.mouseClick(tile(w, "My tasking due in 14 days"), Qt.MouseButton.LeftButton)
        assert column_ids(page) == {mine} and raised.currentText() == "Me (Ana)"
    finally:
        w.close_for_shell()


def test_an_assessment_returned_to_me_needs_action_and_looks_it(qtbot, team, region, prompts):
    from PySide6.QtGui import QColor

    from rocta_desktop.gui.style import ERROR, STYLE_SHEET
    ana, sam = team.open("ana"), team.open("sam")
    draft = ana.write("a", assessments.start, region["group"], "morile-reference")
    ana.write("a", assessments.save, draft.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, draft.id)
    sam.write("a", assessments.return_for_changes, draft.id, "Say where the firearms come from")
    w = open_window(qtbot, ana, prompts)
    w.setStyleSheet(STYLE_SHEET)  # the application's style, as apply_style sets it
    try:
        returned = tile(w, "Assessments returned to me")
        assert returned.accessibleName() == "Assessments returned to me: 1, needs action"
        assert returned.property("attention") == "action"
        assert draft.reference in returned.accessibleDescription()
        qtbot.waitUntil(lambda: returned.isVisible() and returned.width() > 100, timeout=3000)
        edge = returned.grab().toImage().pixelColor(1, returned.height() // 2)
        assert edge == QColor(ERROR), edge.name()  # the red edge of a tile that needs attention
        number = returned.count
        assert number.palette().color(number.foregroundRole()) == QColor(ERROR)  # a red count, as overdue ones
        drafts = tile(w, "My draft assessments")  # nothing to act on: no red
        assert drafts.property("attention") == "none"
    finally:
        w.close_for_shell()


def test_dates_on_the_tiles_fit_at_the_default_window_size(qtbot, team, region, prompts):
    from rocta_desktop.services import impact
    ana = team.open("ana")
    due = TODAY + dt.timedelta(days=5)
    request = ana.write("t", tasking.create_request, {
        "subject_id": region["group"], "requester": "DI Moss", "four_p": "pursue", "priority": "P2",
        "objective": "Identify the supply route into the port and every courier who uses it", "due_date": due},
        today=TODAY)
    reference = {"My tasking due in 14 days": request.reference,
                 "My 4P actions due in 14 days": ana.read(registers.get_subject, region["group"])["reference"]}
    ana.write("p", impact.save_plan, region["group"], "DCI Moss")
    ana.write("p", impact.add_action, region["group"], "protect",
              "Brief the harbour master and the port police on the couriers' vehicles", "Ana", due.isoformat())
    w = open_window(qtbot, ana, prompts)
    try:
        w.resize(1180, 740)
        qtbot.waitUntil(lambda: w.width() == 1180, timeout=3000)
        for title, whole in (("My tasking due in 14 days", "every courier who uses it"),
                             ("My 4P actions due in 14 days", "the couriers' vehicles")):
            t = tile(w, title)
            qtbot.waitUntil(lambda t=t: t.lines.text() and t.width() < 400, timeout=3000)
            first = t.lines.text().splitlines()[0]
            assert first.endswith(f" \u00b7 due {due:%d/%m/%Y}"), (title, first)  # the date whole,
            assert first.split(" \u00b7 ")[0] == reference[title]               # the reference whole,
            assert "\u2026" in first                                              # the text between them cut
            assert t.lines.fontMetrics().horizontalAdvance(first) <= t.lines.width(), first
            assert f"due {due:%d/%m/%Y}" in t.toolTip() and whole in t.toolTip()  # all of it here
    finally:
        w.close_for_shell()


def test_a_drafts_method_stays_whole_when_its_subjects_name_is_cut(qtbot, workspace, team, prompts):
    ana = team.open("ana")
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": "The Hallowby Lucky Collective of the Northern Docks",
                                             "marking": "OFFICIAL-SENSITIVE", "management_level": "regional"}).id
    draft = ana.write("a", assessments.start, group, "morile-reference")
    w = open_window(qtbot, ana, prompts)
    try:
        w.resize(1180, 740)
        qtbot.waitUntil(lambda: w.width() == 1180, timeout=3000)
        t = tile(w, "My draft assessments")
        qtbot.waitUntil(lambda: t.lines.text() and t.width() < 400, timeout=3000)
        first = t.lines.text().splitlines()[0]
        assert first.startswith(f"{draft.reference} \u00b7 The Hallowby") and first.endswith(" \u00b7 MoRiLE"), first
        assert "\u2026" in first and t.lines.fontMetrics().horizontalAdvance(first) <= t.lines.width()
        assert "of the Northern Docks \u00b7 MoRiLE" in t.toolTip()
    finally:
        w.close_for_shell()


def test_a_tile_line_keeps_its_reference_and_end_whole_at_every_width(qtbot):
    from PySide6.QtWidgets import QLabel

    from rocta_desktop.gui.dashboard import fit_line
    metrics = QLabel().fontMetrics()
    line = ("ASM-2025-0007 \u00b7 Demir Family of the Northern Docks", "due 11/12/2025")
    least = metrics.horizontalAdvance("ASM-2025-0007 \u00b7 due 11/12/2025")   # narrower, the reference is cut too
    for width in range(least, least + 260, 3):
        fitted = fit_line(line, metrics, width)
        assert fitted.startswith("ASM-2025-0007 \u00b7 ") and fitted.endswith(" \u00b7 due 11/12/2025"), fitted
        assert metrics.horizontalAdvance(fitted) <= width, (width, fitted)
        assert " \u2026" not in fitted, fitted   # a cut word ends at its last letter


# ------------------------------------------------------------------ supervisor first, and first steps (#22)

def test_a_supervisor_sees_what_needs_their_action_first_and_no_empty_tiles_of_their_own(qtbot, workspace, team,
                                                                                          region, prompts):
    from PySide6.QtWidgets import QLabel
    ana, sam, sue = team.open("ana"), team.open("sam"), team.open("sue")
    with workspace.operation("test") as uow:
        others = [registers.create_group(uow, {"name": n, "marking": "OFFICIAL", "management_level": "local"}).id
                  for n in ("Quay Crew", "Canal Firm")]
    waiting = ana.write("a", assessments.start, region["group"], "morile-reference")
    ana.write("a", assessments.save, waiting.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, waiting.id)
    mine = sam.write("a", assessments.start, others[0], "morile-reference")      # returned to the supervisor
    sam.write("a", assessments.save, mine.id, MORILE_ANSWERS)
    sam.write("a", assessments.submit, mine.id)
    sue.write("a", assessments.return_for_changes, mine.id, "Say where the cash goes")
    old = ana.write("a", assessments.start, others[1], "morile-reference")      # approved long ago: review overdue
    ana.write("a", assessments.save, old.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, old.id)
    sue.write("a", assessments.approve, old.id, today=TODAY - dt.timedelta(days=800))
    w = open_window(qtbot, sam, prompts)
    try:
        w.resize(1180, 740)
        page = w.pages["dashboard"]
        qtbot.waitUntil(lambda: tile(w, "Assessments awaiting approval").width() < 400, timeout=3000)
        action, work, region_part = page.sections["action"], page.sections["work"], page.sections["region"]
        assert action.isVisible() and action.y() < work.y() < region_part.y()   # their queues lead
        for title in ("Assessments awaiting approval", "Assessments returned to me", "Reviews overdue"):
            t = tile(w, title)
            assert t.isVisible() and t.parentWidget() is action, title
            assert t.mapTo(w, t.rect().bottomLeft()).y() < 740, title            # seen without scrolling
        assert tile(w, "Assessments awaiting approval").nextInFocusChain() is tile(w, "Disruptions awaiting approval")
        assert page.refresh_button.nextInFocusChain() is tile(w, "Assessments awaiting approval")  # Tab: queues first
        assert count(w, "Reviews overdue") == 1 and count(w, "Assessments returned to me") == 1
        assert tile(w, "Reviews overdue").property("attention") == "overdue"
        assert find_by_name(w, QLabel, "Needs your action count").text() == "3 waiting"
        assert not tile(w, "My draft assessments").isVisible()                  # empty tiles of mine collapse,
        summary = find_by_name(w, QLabel, "My work summary")                     # named in one line instead
        assert summary.isVisible() and summary.text().startswith("Nothing waiting for you")
        assert not page.first_steps.isVisible()
        sam.write("a", assessments.start, region["group"], "ocgm-reference")  # a draft of mine: its tile shows
        qtbot.waitUntil(lambda: tile(w, "My draft assessments").isVisible(), timeout=3000)
        assert tile(w, "My draft assessments").parentWidget() is work and "my draft" not in summary.text().lower()
    finally:
        w.close_for_shell()


def test_a_new_workspace_shows_first_steps_until_it_has_records(qtbot, workspace, prompts):
    from PySide6.QtWidgets import QFrame
    w = open_window(qtbot, workspace, prompts)   # the administrator of a workspace with no records
    try:
        page = w.pages["dashboard"]
        steps = find_by_name(w, QFrame, "First steps")
        assert steps.isVisible() and page.empty_workspace
        assert not any(t.isVisible() for t in page.tiles.values())            # no empty tiles
        assert not any(s.isVisible() for s in page.sections.values()) and not page.registers_part.isVisible()
        names = [b.accessibleName() for b in steps.findChildren(QPushButton)]
        assert names == ["Set up forces, units and users", "Create a group", "Import a force return",
                         "Start an assessment"]
        qtbot.mouseClick(find_by_name(steps, QPushButton, "Create a group"), Qt.MouseButton.LeftButton)
        assert w.current_area() == "groups"
        w.go_to("dashboard")
        qtbot.mouseClick(find_by_name(steps, QPushButton, "Import a force return"), Qt.MouseButton.LeftButton)
        assert w.current_area() == "reports"
        w.go_to("dashboard")
        with workspace.operation("test") as uow:
            registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "local"})
        qtbot.waitUntil(lambda: not steps.isVisible(), timeout=3000)           # the first record ends them
        assert tile(w, "Active threat subjects").isVisible() and count(w, "Active threat subjects") == 1
    finally:
        w.close_for_shell()


def test_an_analyst_in_a_new_workspace_is_not_offered_the_administrators_step(qtbot, team, prompts):
    from PySide6.QtWidgets import QFrame
    w = open_window(qtbot, team.open("ana"), prompts)
    try:
        steps = find_by_name(w, QFrame, "First steps")
        assert steps.isVisible()
        assert [b.accessibleName() for b in steps.findChildren(QPushButton)] == [
            "Create a group", "Import a force return", "Start an assessment"]
    finally:
        w.close_for_shell()
