"""The Designer forms: each compiled form in rocta_desktop/gui/forms/ is what pyside6-uic makes of
its ui/*.ui today (they are committed, so a fresh clone needs no build step; this keeps them honest)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
