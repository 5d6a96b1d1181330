from PySide6.QtCore import Qt

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.search import SearchDialog
from rocta_desktop.services import registers


def test_global_search_groups_by_kind_and_enter_opens(qtbot, workspace):
    with workspace.operation("x") as uow:
        g = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "local",
                                         "nicknames": ["Dockside"]})
        n = registers.create_nominal(uow, {"surname": "Docking", "forenames": "Ray", "marking": "OFFICIAL"})
        registers.create_nominal(uow, {"surname": "Smith", "marking": "OFFICIAL", "aliases": ["Doc"]})
    dlg = SearchDialog(workspace)
    qtbot.addWidget(dlg)
    opened = []
    dlg.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    qtbot.keyClicks(dlg.box, "dock")
    qtbot.waitUntil(lambda: "found" in dlg.status.text(), timeout=2000)
    texts = [dlg.results.topLevelItem(i).text(0) for i in range(dlg.results.topLevelItemCount())]
    assert texts == ["Organised crime groups (1)", g.reference, "Nominals (1)", n.reference]
    qtbot.keyClick(dlg.box, Qt.Key.Key_Return)
    assert opened == [(SubjectKind.GROUP, g.id)]
    dlg.box.setText("zzzz")
    dlg.run_search()
    assert dlg.status.text() == "Nothing matches 'zzzz'."
