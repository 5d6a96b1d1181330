"""The saves of the Assessments, Impact and Triggers pages go through the operation runner (gui/ops.py):
each driven through the real widgets, as it succeeds and as the workspace refuses it (a warning titled
as the screen says it, nothing lost, the page still usable)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from rocta_desktop.domain.impact import ImpactGrade
from rocta_desktop.domain.intel import TriggerStatus
from rocta_desktop.gui.assessments.page import AssessmentsPage
from rocta_desktop.gui.assessments.wizard import AssessmentWizard
from rocta_desktop.gui.impact.page import ImpactPage
from rocta_desktop.gui.intel.triggers import TriggersPage
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.services import assessments, impact, reference_data, registers, triggers, users
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import AssessmentStatus, Force
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.gui.conftest import find_by_name


@pytest.fixture
def group(workspace):
    with workspace.operation("test") as uow:
        return registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                            "management_level": "regional"}).id


def click(qtbot, widget):
    assert widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def warnings(prompts):
    return [(title, text) for kind, title, text in prompts.shown if kind == "warning"]


def select(table, ident):
    table.select_id(ident)
    assert table.current_id() == ident


# ------------------------------------------------------------------ assessments: start and discard

def test_reassessing_starts_a_draft_and_a_second_one_is_refused_with_a_warning(qtbot, workspace, team, group,
                                                                               prompts):
    created = workspace.write("a", assessments.start, group, "morile-reference")
    workspace.write("a", assessments.save, created.id, MORILE_ANSWERS)
    workspace.write("a", assessments.submit, created.id)
    team.open("sam").write("a", assessments.approve, created.id)
    page = AssessmentsPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    find_by_name(page, QComboBox, "Show assessments").setCurrentIndex(2)  # approved
    select(page.work, created.id)
    click(qtbot, find_by_name(page, QPushButton, "Re-assess selected subject"))
    wizard = page.dialogs[-1]
    assert isinstance(wizard, AssessmentWizard) and wizard.assessment_id != created.id
    assert workspace.read(assessments.get, wizard.assessment_id)["status"] is AssessmentStatus.DRAFT
    assert warnings(prompts) == []
    wizard.dirty = False
    wizard.reject()
    # the draft is still open: a second re-assessment is refused, said once, and nothing opens
    shown = len(page.dialogs)
    click(qtbot, find_by_name(page, QPushButton, "Re-assess selected subject"))
    [(title, text)] = warnings(prompts)
    assert title == "Cannot re-assess" and "still" in text
    assert len(page.dialogs) == shown
    assert len(workspace.read(assessments.listing, statuses=(AssessmentStatus.DRAFT,))) == 1
    assert find_by_name(page, QPushButton, "Re-assess selected subject").isEnabled()  # the runner gave it back


def test_discarding_a_draft_and_one_submitted_meanwhile_is_refused_with_a_warning(qtbot, workspace, group,
                                                                                prompts):
    first = workspace.write("a", assessments.start, group, "morile-reference")
    page = AssessmentsPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    find_by_name(page, QComboBox, "Show assessments").setCurrentIndex(0)  # open work
    select(page.work, first.id)
    prompts.answers = [True]
    click(qtbot, find_by_name(page, QPushButton, "Discard selected draft"))
    assert workspace.read(assessments.listing) == []
    qtbot.waitUntil(lambda: page.work.rowCount() == 0)  # the change notice refreshed the list
    assert warnings(prompts) == []

    second = workspace.write("a", assessments.start, group, "morile-reference")
    workspace.write("a", assessments.save, second.id, MORILE_ANSWERS)
    qtbot.waitUntil(lambda: page.work.rowCount() == 1)
    select(page.work, second.id)
    elsewhere = Workspace.open(workspace.path, ADMIN, ADMIN_PASSWORD)  # the same person, on another computer
    try:
        elsewhere.write("a", assessments.submit, second.id)   # this page does not hear of it
    finally:
        elsewhere.close()
    prompts.answers = [True]
    click(qtbot, find_by_name(page, QPushButton, "Discard selected draft"))
    [(title, text)] = warnings(prompts)
    assert title == "Cannot discard" and "awaiting approval" in text
    assert workspace.read(assessments.get, second.id)["status"] is AssessmentStatus.SUBMITTED


# ------------------------------------------------------------------ impact: the grades' definitions

def test_grade_definitions_are_saved_and_an_empty_one_is_refused_with_a_warning(qtbot, workspace, prompts):
    page = ImpactPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    save = find_by_name(page, QPushButton, page.save_grades.accessibleName())
    for g in ImpactGrade:
        edit = find_by_name(page, QPlainTextEdit, f"Definition of a {g.value} disruption")
        edit.setPlainText(f"Our region's {g.value} grade")
    click(qtbot, save)
    assert prompts.shown[-1] == ("information", "Grade definitions", "The region's definitions are saved.")
    assert {g: text for g, (text, _own) in workspace.read(impact.grade_guidance).items()} == {
        g: f"Our region's {g.value} grade" for g in ImpactGrade}

    prompts.shown.clear()
    find_by_name(page, QPlainTextEdit, f"Definition of a {ImpactGrade.MINOR.value} disruption").setPlainText(" ")
    click(qtbot, save)
    [(title, text)] = warnings(prompts)
    assert title == "Grade definitions" and "write the definition" in text.lower()
    assert [kind for kind, _t, _x in prompts.shown] == ["warning"]  # not "saved"
    assert workspace.read(impact.grade_guidance)[ImpactGrade.MINOR][0] == f"Our region's {ImpactGrade.MINOR.value} grade"
    assert save.isEnabled()


def test_grade_definitions_left_as_they_were_are_not_written(qtbot, workspace, prompts):
    """The default wording shown in a field is not saved as the region's own; one changed field is."""
    page = ImpactPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    find_by_name(page, QPlainTextEdit, "Definition of a minor disruption").setPlainText("Ours")
    click(qtbot, page.save_grades)
    assert {g: own for g, (_text, own) in workspace.read(impact.grade_guidance).items()} == {
        ImpactGrade.MAJOR: False, ImpactGrade.MODERATE: False, ImpactGrade.MINOR: True}


def test_a_refresh_keeps_a_grade_definition_being_typed(qtbot, workspace, prompts):
    page = ImpactPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    major = find_by_name(page, QPlainTextEdit, "Definition of a major disruption")
    minor = find_by_name(page, QPlainTextEdit, "Definition of a minor disruption")
    major.setPlainText("Half typed")
    workspace.write("g", impact.set_grade_guidance, ImpactGrade.MINOR, "Set elsewhere")  # the page refreshes
    assert major.toPlainText() == "Half typed"
    assert minor.toPlainText() == "Set elsewhere"   # an untouched field shows the new definition


# ------------------------------------------------------------------ triggers: create and assign

@pytest.fixture
def force(workspace):
    with workspace.operation("test") as uow:
        return reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})


def new_referral(qtbot, page, officer: str):
    dialog = page.new_trigger()
    box = find_by_name(dialog, QComboBox, "Sent by force or agency")
    box.setCurrentIndex(box.findText("Force: NMP", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Referring officer"), officer)
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Proposed new subject name"), f"Crew of {officer}")
    qtbot.keyClicks(find_by_name(dialog, QPlainTextEdit, "Trigger summary"), "Cash runs to the port")
    for name, value in (("source evaluation", "1"), ("intelligence assessment", "A"), ("handling code", "P")):
        grading = find_by_name(dialog, QComboBox, f"Trigger {name}")
        grading.setCurrentIndex(grading.findText(value, Qt.MatchFlag.MatchStartsWith))
    return dialog


def choose_assignee(dialog, name):
    box = find_by_name(dialog, QComboBox, "Assigned for triage to")
    box.setCurrentIndex(box.findText(name))
    assert box.currentText() == name


def test_a_new_referral_is_saved_and_assigned_and_a_refused_assignment_is_shown_at_the_assignee(
        qtbot, workspace, team, force, prompts):
    page = TriggersPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    officers = {o["username"]: o for o in workspace.read(triggers.triage_officers)}
    dialog = new_referral(qtbot, page, "DS One")
    choose_assignee(dialog, officers["ana"]["display_name"])
    click(qtbot, find_by_name(dialog, QPushButton, "Save trigger"))
    [row] = workspace.read(triggers.listing)
    assert row["officer"] == "DS One" and row["status"] is TriggerStatus.NEW
    assert workspace.read(triggers.get, row["id"])["assigned_to_id"] == officers["ana"]["id"]
    assert dialog.trigger_id == row["id"] and row["reference"] in dialog.windowTitle()

    # the one chosen is disabled before the second is saved: the referral is kept, nobody is assigned,
    # and the dialog says why at the assignee
    second = new_referral(qtbot, page, "DS Two")
    choose_assignee(second, officers["sue"]["display_name"])
    with workspace.operation("test") as uow:
        users.disable_user(uow, "sue")
    click(qtbot, find_by_name(second, QPushButton, "Save trigger"))
    saved = next(r for r in workspace.read(triggers.listing) if r["officer"] == "DS Two")
    assert workspace.read(triggers.get, saved["id"])["assigned_to_id"] is None
    assert second.trigger_id == saved["id"]
    problem = find_by_name(second, QLabel, "Assigned to problem")
    assert "choose an active" in problem.text() and not problem.isHidden()
    assert warnings(prompts) == []  # shown at the field, not in a box
    assert page.table.rowCount() == 2


def test_a_new_referral_refused_by_the_service_is_not_saved_and_keeps_what_was_typed(qtbot, workspace, force,
                                                                                      prompts):
    page = TriggersPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    dialog = new_referral(qtbot, page, "DS Three")
    find_by_name(dialog, QLineEdit, "Proposed new subject name").clear()
    click(qtbot, find_by_name(dialog, QPushButton, "Save trigger"))
    assert workspace.read(triggers.listing) == [] and dialog.trigger_id is None
    assert "name the subject" in find_by_name(dialog, QLabel, "Proposed name problem").text()
    assert find_by_name(dialog, QLineEdit, "Referring officer").text() == "DS Three"
    assert warnings(prompts) == []
