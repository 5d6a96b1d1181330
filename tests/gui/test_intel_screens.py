"""Triggers and the collection plan through the real widgets: a referral from receipt through
triage to an assessment, and a requirement through responses to answered."""

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWizard,
)

from rocta_desktop.domain.intel import RequirementStatus, TriggerStatus
from rocta_desktop.gui.assessments.wizard import AssessmentWizard
from rocta_desktop.gui.intel.collection import CollectionPage, RequirementDialog, ResponseDialog
from rocta_desktop.gui.intel.triggers import TriggerDialog, TriggersPage
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.services import assessments, collection, reference_data, registers, triggers
from rocta_desktop.store.models import Agency, Force
from tests.dates import TODAY, days, iso
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def region(workspace):
    with workspace.operation("test") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        hmrc = reference_data.create(uow, Agency, {"code": "HMRC", "name": "HM Revenue & Customs", "kind": "HMRC"})
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "regional"})
    return {"force": force, "nca": nca, "hmrc": hmrc, "group": group.id}


def click(qtbot, widget):
    assert widget.isEnabled(), widget.accessibleName()
    if isinstance(widget, (QRadioButton, QCheckBox)):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(root, name, text):
    box = find_by_name(root, QComboBox, name)
    index = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, (name, text, [box.itemText(i) for i in range(box.count())])
    box.setCurrentIndex(index)


def fill_grading(root, prefix, source, assessment, handling):
    choose(root, f"{prefix} source evaluation", source)
    choose(root, f"{prefix} intelligence assessment", assessment)
    choose(root, f"{prefix} handling code", handling)


def test_trigger_from_receipt_through_triage_to_an_assessment(qtbot, workspace, region, prompts):
    page = TriggersPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    assert unnamed_interactive_widgets(page) == []
    dialog = page.new_trigger()
    assert unnamed_interactive_widgets(dialog) == []
    # saving an empty form names what is missing, at the fields, and writes nothing
    click(qtbot, find_by_name(dialog, QPushButton, "Save trigger"))
    assert find_by_name(dialog, QLabel, "Referring officer problem").text() == "officer is required"
    assert "say which force or agency" in find_by_name(dialog, QLabel, "Sender problem").text()
    assert workspace.read(triggers.listing) == []
    find_by_name(dialog, QDateEdit, "Date received").setDate(QDate(days(-23)))
    choose(dialog, "Sent by force or agency", "Force: NMP")
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Referring officer"), "DS Jo Smith")
    choose(dialog, "Subject kind", "Organised crime group")
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Proposed new subject name"), "Canal Street Firm")
    qtbot.keyClicks(find_by_name(dialog, QPlainTextEdit, "Trigger summary"), "Cash runs to the port")
    fill_grading(dialog, "Trigger", "2 Untested", "B Known", "C May be shared with conditions")
    click(qtbot, find_by_name(dialog, QPushButton, "Save trigger"))
    assert "needs the conditions" in find_by_name(dialog, QLabel, "Trigger handling conditions problem").text()
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Trigger handling conditions"), "Not to the subject")
    click(qtbot, find_by_name(dialog, QPushButton, "Save trigger"))
    [row] = workspace.read(triggers.listing)
    assert row["grading"] == "2B C" and row["status"] is TriggerStatus.NEW
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == row["reference"]

    # triage, then accept: the proposed group is created and the wizard opens for it
    click(qtbot, find_by_name(dialog, QPushButton, "Start triage"))
    assert "Under triage" in find_by_name(dialog, QLabel, "Trigger status").text()
    prompts.answers = [True]
    click(qtbot, find_by_name(dialog, QPushButton, "Accept for assessment"))
    wizard = next(w for w in dialog.windows if isinstance(w, AssessmentWizard))
    assert wizard.trigger_id == row["id"] and wizard.subject["name"] == "Canal Street Firm"
    click(qtbot, find_by_name(wizard, QRadioButton, "MoRiLE scheme, version 1.0"))
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    decided = workspace.read(triggers.get, row["id"])
    assert decided["status"] is TriggerStatus.ACCEPTED and decided["assessment_id"] == wizard.assessment_id
    assert decided["days_to_decision"] == 23
    assert not find_by_name(dialog, QPushButton, "Reject trigger").isEnabled()  # decided: no more triage
    wizard.reject()
    page.filter.setCurrentIndex(3)
    assert "median" in find_by_name(page, QLabel, "Service level").text()


def test_duplicate_hint_and_rejection_with_reason(qtbot, workspace, region, prompts):
    workspace.write("t", triggers.create, {
        "received_on": iso(-5), "agency_id": region["nca"], "officer": "Officer A", "subject_kind": "group",
        "proposed_name": "Harbor Crew", "summary": "s", "source_evaluation": "1", "intel_assessment": "A",
        "handling_code": "P"})
    dialog = TriggerDialog(workspace, prompts=prompts)
    qtbot.addWidget(dialog)
    edit = find_by_name(dialog, QLineEdit, "Proposed new subject name")
    qtbot.keyClicks(edit, "Harbour Crew")
    edit.editingFinished.emit()
    hints = find_by_name(dialog, QLabel, "Possible duplicates").text()
    assert f"OCG-{TODAY.year}-0001" not in hints or "named 'Harbour Crew'" in hints
    assert "named 'Harbour Crew'" in hints and "proposes 'Harbor Crew'" in hints
    [first] = workspace.read(triggers.listing)
    opened = TriggerDialog(workspace, first["id"], prompts=prompts)
    qtbot.addWidget(opened)
    prompts.text = f"Already known: see OCG-{TODAY.year}-0001"
    click(qtbot, find_by_name(opened, QPushButton, "Reject trigger"))
    assert workspace.read(triggers.get, first["id"])["decision_reason"] == f"Already known: see OCG-{TODAY.year}-0001"


def test_requirement_through_responses_to_answered(qtbot, workspace, region, prompts):
    page = CollectionPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    assert unnamed_interactive_widgets(page) == []
    dialog = page.new_requirement()
    assert unnamed_interactive_widgets(dialog) == []
    qtbot.keyClicks(find_by_name(dialog, QPlainTextEdit, "Requirement question"), "Who moves the cash?")
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Requirement owner"), "DI Khan")
    choose(dialog, "Requirement priority", "High")
    click(qtbot, find_by_name(dialog, QPushButton, "Save requirement"))
    assert "task at least one agency" in find_by_name(dialog, QLabel, "Agencies tasked problem").text()
    agencies = find_by_name(dialog, QListWidget, "Agencies tasked")
    for i in range(agencies.count()):
        agencies.item(i).setCheckState(Qt.CheckState.Checked)
    click(qtbot, find_by_name(dialog, QPushButton, "Save requirement"))
    rid = dialog.requirement_id
    assert workspace.read(collection.get, rid)["awaiting"] == ["HMRC", "NCA"]
    assert page.gaps.rowCount() == 2

    response = dialog.record_response()
    assert isinstance(response, ResponseDialog) and unnamed_interactive_widgets(response) == []
    choose(response, "Responding agency", "HMRC")
    choose(response, "Does it answer the requirement", "Answers it in part")
    qtbot.keyClicks(find_by_name(response, QPlainTextEdit, "Response summary"), "Two money service businesses")
    fill_grading(response, "Response", "1 Reliable", "B Known", "P May be shared")
    click(qtbot, find_by_name(response, QPushButton, "Record response"))
    assert workspace.read(collection.get, rid)["status"] is RequirementStatus.PARTLY_ANSWERED
    assert "Awaited: NCA" in find_by_name(dialog, QLabel, "Agencies awaited").text()
    assert dialog.responses.rowCount() == 1 and page.gaps.rowCount() == 1

    response = dialog.record_response()
    choose(response, "Responding agency", "NCA")
    choose(response, "Does it answer the requirement", "Answers it")
    qtbot.keyClicks(find_by_name(response, QPlainTextEdit, "Response summary"), "Named the controller")
    fill_grading(response, "Response", "2 Untested", "A Known", "P May be shared")
    click(qtbot, find_by_name(response, QPushButton, "Record response"))
    assert workspace.read(collection.get, rid)["status"] is RequirementStatus.ANSWERED
    assert page.gaps.rowCount() == 0
    prompts.text = "   "  # no reason in it: the service refuses, in a warning; the dialog stays as it was
    click(qtbot, find_by_name(dialog, QPushButton, "Close the requirement"))
    assert prompts.shown[-1][:2] == ("warning", "Requirement") and "Say why" in prompts.shown[-1][2]
    assert workspace.read(collection.get, rid)["status"] is RequirementStatus.ANSWERED and dialog.isVisible()
    prompts.text = "Answered in full"
    click(qtbot, find_by_name(dialog, QPushButton, "Close the requirement"))
    assert workspace.read(collection.get, rid)["status"] is RequirementStatus.CLOSED
    assert not find_by_name(dialog, QPushButton, "Record a response").isEnabled()


def test_low_confidence_assessment_raises_a_linked_requirement(qtbot, workspace, region, prompts):
    created = workspace.write("a", assessments.start, region["group"], "morile-reference")
    workspace.write("a", assessments.save, created.id, {**MORILE_ANSWERS, "confidence": {
        "level": "low", "rationale": "Nothing on finances"}})
    wizard = AssessmentWizard(workspace, assessment_id=created.id, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentPage() is not wizard.review:
        wizard.next()
    button = find_by_name(wizard, QPushButton, "Raise an intelligence requirement")
    assert button.isVisible()
    click(qtbot, button)
    dialog = wizard.requirement_dialog
    assert isinstance(dialog, RequirementDialog)
    assert "Nothing on finances" in find_by_name(dialog, QPlainTextEdit, "Requirement question").toPlainText()
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Requirement owner"), "DS Lee")
    find_by_name(dialog, QListWidget, "Agencies tasked").item(0).setCheckState(Qt.CheckState.Checked)
    click(qtbot, find_by_name(dialog, QPushButton, "Save requirement"))
    got = workspace.read(collection.get, dialog.requirement_id)
    assert got["assessment_reference"] == created.reference and got["subjects"] == [f"OCG-{TODAY.year}-0001"]


def test_collection_filter_by_text_matches_the_service(qtbot, workspace, region, prompts):
    for question, agency in (("Who moves the cash?", "nca"), ("Where are the guns?", "hmrc")):
        workspace.write("c", collection.create, {"question": question, "owner": "DI Khan",
                                                 "agency_ids": [region[agency]]})
    page = CollectionPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 2
    qtbot.keyClicks(find_by_name(page, QLineEdit, "Filter requirements"), "hmrc")
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "Where are the guns?"
