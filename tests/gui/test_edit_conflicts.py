"""No lost update through the dialogs (issue #26): a dialog sends only the fields changed in it, with
the version it loaded; a change someone else made meanwhile to another field survives the save, and
a change to the same field is not overwritten unseen: the dialog says who changed what and offers to
reapply, or to keep editing. Real widgets, two people on one real workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

from rocta_desktop.gui.impact.dialogs import DisruptionDialog
from rocta_desktop.gui.tasking.request_dialog import RequestDialog
from rocta_desktop.services import impact, registers, tasking
from tests.dates import TODAY, iso
from tests.gui.conftest import find_by_name


@pytest.fixture
def two(workspace, team):
    gid = workspace.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                       "management_level": "regional"}).id
    return {"group": gid, "ana": team.open("ana"), "sam": team.open("sam")}


def click(qtbot, root, name):
    button = find_by_name(root, QPushButton, name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_disruption_dialog_keeps_a_colleagues_change_and_asks_before_overwriting_it(qtbot, two, prompts):
    ana, sam = two["ana"], two["sam"]
    did, _ = ana.write("d", impact.create, {"subject_id": two["group"], "occurred_on": "2020-01-02",
                                            "four_p": "pursue", "tactic": "warrants", "grade": "major"})
    dialog = DisruptionDialog(ana, did, prompts=prompts)
    qtbot.addWidget(dialog)
    sam.write("d", impact.update, did, {"tactic": "warrants and seizure"})

    # Ana changes only the narrative: Sam's tactic survives though her dialog still shows the old one
    find_by_name(dialog, QPlainTextEdit, "Disruption narrative").setPlainText("Door at dawn")
    click(qtbot, dialog, "Save disruption")
    saved = sam.read(impact.get, did)
    assert (saved["tactic"], saved["narrative"]) == ("warrants and seizure", "Door at dawn")
    assert prompts.shown == []

    # both change the tactic: Ana is asked, and keeping on editing saves nothing
    sam.write("d", impact.update, did, {"tactic": "warrants, seizure and arrests"})
    find_by_name(dialog, QLineEdit, "Tactic").setText("search warrants")
    prompts.answers = [False]
    click(qtbot, dialog, "Save disruption")
    kind, title, text = prompts.shown[-1]
    assert kind == "question" and "changed by someone else" in title
    assert "Sam changed tactic" in text and "'warrants, seizure and arrests'" in text
    assert sam.read(impact.get, did)["tactic"] == "warrants, seizure and arrests"
    # asked again, she reapplies hers on the latest version
    prompts.answers = [True]
    click(qtbot, dialog, "Save disruption")
    assert sam.read(impact.get, did)["tactic"] == "search warrants"
    assert [k for k, *_ in prompts.shown] == ["question", "question"]


def test_the_tasking_request_dialog_sends_only_what_changed_with_its_version(qtbot, two, prompts):
    ana, sam = two["ana"], two["sam"]
    rid = ana.write("t", tasking.create_request, {"subject_id": two["group"], "objective": "Find the route",
                                                  "requester": "DI Moss", "four_p": "pursue", "due_date": iso(10),
                                                  "priority": "P2"}, today=TODAY).id
    dialog = RequestDialog(ana, rid, prompts=prompts)
    qtbot.addWidget(dialog)
    sam.write("t", tasking.update_request, rid, {"objective": "Find the route and the stash"})
    find_by_name(dialog, QLineEdit, "Requester").setText("DI Moss-Hart")
    assert dialog.save()
    got = sam.read(tasking.get_request, rid)
    assert (got["objective"], got["requester"]) == ("Find the route and the stash", "DI Moss-Hart")

    again = RequestDialog(ana, rid, prompts=prompts)
    qtbot.addWidget(again)
    sam.write("t", tasking.update_request, rid, {"requester": "DS Khan"})
    find_by_name(again, QLineEdit, "Requester").setText("DI Moss")
    prompts.answers = [False]
    assert not again.save() and again.result() == 0  # not saved, not accepted: the dialog stays
    assert "Sam changed requester" in prompts.shown[-1][2]
    assert sam.read(tasking.get_request, rid)["requester"] == "DS Khan"
