"""Administration > Audit trail through its real widgets: the day filters start on the last four weeks,
and the kinds of action and of record are chosen by name from those the trail holds."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QPushButton

from rocta_desktop.gui.admin.audit import AuditTab
from rocta_desktop.services import assessments, registers
from tests.dates import NOW, days
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


def shown_actions(tab: AuditTab) -> list[str]:
    return [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]


def show(qtbot, tab: AuditTab) -> None:
    qtbot.mouseClick(find_by_name(tab, QPushButton, "Show audit events"), Qt.MouseButton.LeftButton)


def test_ticking_the_day_filters_shows_the_last_four_weeks(qtbot, workspace, prompts, frozen_clock):
    frozen_clock.move_to(NOW - dt.timedelta(days=40))
    with workspace.operation("t") as uow:
        registers.create_group(uow, {"name": "Old Crew", "marking": "OFFICIAL", "management_level": "local"})
    frozen_clock.move_to(NOW - dt.timedelta(days=10))
    with workspace.operation("t") as uow:
        recent = registers.create_group(uow, {"name": "New Crew", "marking": "OFFICIAL", "management_level": "local"})
    frozen_clock.move_to(NOW)
    tab = AuditTab(workspace, prompts=prompts)
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    assert find_by_name(tab, QDateEdit, "Audit from").date().toPython() == days(-28)
    assert find_by_name(tab, QDateEdit, "Audit to").date().toPython() == days(0)
    everything = tab.table.rowCount()
    qtbot.mouseClick(find_by_name(tab, QCheckBox, "Audit from set"), Qt.MouseButton.LeftButton)
    show(qtbot, tab)
    refs = [tab.table.item(r, 3).text() for r in range(tab.table.rowCount())]
    assert 0 < tab.table.rowCount() < everything  # the old group's creation is left out, the new one's kept
    assert recent.reference in refs and "group.create" in shown_actions(tab)
    qtbot.mouseClick(find_by_name(tab, QCheckBox, "Audit to set"), Qt.MouseButton.LeftButton)
    show(qtbot, tab)
    assert recent.reference in [tab.table.item(r, 3).text() for r in range(tab.table.rowCount())]


def test_actions_and_kinds_of_record_are_chosen_by_name(qtbot, workspace, prompts):
    with workspace.operation("t") as uow:
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "local"})
    workspace.write("assessment.start", assessments.start, group.id, "ocgm-reference")
    tab = AuditTab(workspace, prompts=prompts)
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    assert unnamed_interactive_widgets(tab) == []
    action = find_by_name(tab, QComboBox, "Audit action filter")
    kind = find_by_name(tab, QComboBox, "Audit record kind filter")
    actions = [action.itemText(i) for i in range(action.count())]
    kinds = [kind.itemText(i) for i in range(kind.count())]
    assert actions[0] == "Any action" and {"Created", "Started"} <= set(actions)
    assert kinds[0] == "Any kind of record" and {"Assessments", "Groups (OCGs)", "User accounts"} <= set(kinds)
    assert not [t for t in actions + kinds if "." in t or "_" in t]  # words, not internal codes
    kind.setCurrentIndex(kind.findText("Assessments"))
    show(qtbot, tab)
    assert shown_actions(tab) and set(shown_actions(tab)) == {"assessment.start"}
    kind.setCurrentIndex(0)
    action.setCurrentIndex(action.findText("Created"))
    show(qtbot, tab)
    assert "group.create" in shown_actions(tab) and "user.create" in shown_actions(tab)
    assert all(a.endswith(".create") for a in shown_actions(tab))
    kind.setCurrentIndex(kind.findText("Groups (OCGs)"))
    show(qtbot, tab)
    assert shown_actions(tab) == ["group.create"]
    from rocta_desktop.gui.admin.audit import action_label, record_kind_label
    assert (action_label("nominal.merge"), action_label("group.merge"), action_label("export.return"),
            action_label("assessment.return")) == ("Merges", "Merges", "Exports", "Returned for changes")
    assert (record_kind_label("assessment"), record_kind_label("something_new")) == ("Assessments", "Something news")
