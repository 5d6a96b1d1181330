"""#22: no text is clipped on the main screens at the default window size (1180x740). Every area
of the main window, on a small demo region (groups, nominals, assessments, tasking, impact and
intel made by the demo services), is checked with `screens_tool.clipped_text`: the text of every
visible label, button, check box and tab against the room its widget gives it."""

from __future__ import annotations

import pytest

from tests.gui.screens_tool import areas, clipped_text, settle


@pytest.fixture
def demo_region(workspace, team):
    from rocta_desktop import demo
    from rocta_desktop.demo import assessments as demo_assessments
    from rocta_desktop.demo import impact as demo_impact
    from rocta_desktop.demo import intel as demo_intel
    from rocta_desktop.demo import tasking as demo_tasking
    demo.generate(workspace, groups=30, nominals=200, seed=3)
    ana, sam = team.open("ana"), team.open("sam")
    demo_assessments.generate(ana, sam, groups=12, seed=3)
    demo_tasking.generate(ana, sam, seed=3)
    demo_impact.generate(ana, sam, seed=3)
    demo_intel.generate(ana, seed=3)
    return sam


def test_no_text_is_clipped_on_any_area_at_1180_by_740(qtbot, demo_region, prompts):
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.gui.main_window import MainWindow
    window = MainWindow(demo_region, prompts=prompts)
    qtbot.addWidget(window)
    window.resize(1180, 740)
    window.show()
    qtbot.waitExposed(window)
    app = QApplication.instance()
    try:
        found = {name: clipped for name, widget in areas(window, app) if (clipped := clipped_text(widget))}
        assert found == {}
        assert window.width() == 1180
    finally:
        window.close_for_shell()
        settle(app)


def test_the_check_finds_clipped_text_and_leaves_wrapped_text_alone(qtbot):
    from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    clipped = QLabel("A label far too long for the forty pixels it is given")
    clipped.setFixedWidth(40)
    wrapped = QLabel("A wrapped label far too long for one line of the forty pixels it is given")
    wrapped.setWordWrap(True)
    wrapped.setFixedWidth(40)
    button = QPushButton("&Create new workspace...")
    button.setFixedWidth(60)
    box = QCheckBox("Include subjects not yet assessed")
    box.setFixedWidth(50)
    for w in (clipped, wrapped, button, box):
        layout.addWidget(w)
    root.show()
    qtbot.waitExposed(root)
    found = clipped_text(root)
    assert len(found) == 3, found
    assert any("forty pixels" in f and f.startswith("QLabel") for f in found)
    assert any('QPushButton "Create new workspace..."' in f for f in found)
    assert any(f.startswith("QCheckBox") for f in found)
