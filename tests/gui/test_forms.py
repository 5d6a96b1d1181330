"""The Designer forms: each compiled form in rocta_desktop/gui/forms/ is what pyside6-uic makes of
its ui/*.ui today (they are committed, so a fresh clone needs no build step; this keeps them honest)."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: each form and the screen that loads it (#23: the ten largest dialogs and pages)
SCREENS = {
    "create_workspace": "rocta_desktop.gui.workspace_dialogs.CreateWorkspaceDialog",
    "start_window": "rocta_desktop.gui.start_window.StartWindow",
    "duplicates": "rocta_desktop.gui.registers.duplicates.DuplicatesPage",
    "assessments": "rocta_desktop.gui.assessments.page.AssessmentsPage",
    "impact": "rocta_desktop.gui.impact.page.ImpactPage",
    "trigger": "rocta_desktop.gui.intel.triggers.TriggerDialog",
    "requirement": "rocta_desktop.gui.intel.collection.RequirementDialog",
    "disruption": "rocta_desktop.gui.impact.dialogs.DisruptionDialog",
    "meeting": "rocta_desktop.gui.tasking.meeting_dialog.MeetingDialog",
    "preview": "rocta_desktop.gui.kit.preview.PreviewDialog",
}


def _compiler():
    spec = importlib.util.spec_from_file_location("compile_forms", ROOT / "ui" / "compile_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_compiled_form_matches_its_ui_file():
    compiler = _compiler()
    assert compiler.forms(), "no ui/*.ui found"
    assert compiler.stale() == [], "run: .venv/bin/python ui/compile_forms.py"


def test_no_compiled_form_without_its_ui_file():
    compiler = _compiler()
    compiled = {p.name for p in (ROOT / "rocta_desktop" / "gui" / "forms").glob("ui_*.py")}
    assert compiled == {f"ui_{ui.stem}.py" for ui in compiler.forms()}


def test_a_compiled_form_says_it_is_generated():
    for path in (ROOT / "rocta_desktop" / "gui" / "forms").glob("ui_*.py"):
        head = path.read_text(encoding="utf-8")[:600]
        assert "do not edit" in head and "WARNING! All changes made in this file will be lost" in head


def test_each_screen_loads_its_form_from_gui_forms():
    assert {ui.stem for ui in _compiler().forms()} == set(SCREENS)
    for form, screen in SCREENS.items():
        module_name, class_name = screen.rsplit(".", 1)
        module = importlib.import_module(module_name)  # the screen first: a form may promote its widgets
        assert isinstance(getattr(module, class_name), type), screen
        compiled = importlib.import_module(f"rocta_desktop.gui.forms.ui_{form}")
        assert getattr(module, f"Ui_{class_name}", None) is getattr(compiled, f"Ui_{class_name}"), screen
