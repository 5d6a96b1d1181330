"""GUI test helpers: fake settings, scripted prompts (no test ever blocks on a modal dialog), and
widgets found by their accessible names, as assistive technology finds them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

import rocta_desktop.gui.main_window  # noqa: F401 - registers the screens features open of each other (gui/screens.py)
from rocta_desktop.gui.app import set_identity
from rocta_desktop.gui.prompts import Prompts

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)  # QCheckBox is a QAbstractButton


@pytest.fixture(autouse=True)
def fake_settings(tmp_path):
    """QSettings in an INI file under the test's temp folder, never the real user settings."""
    set_identity()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    yield tmp_path / "settings"


def find_by_name(root: QWidget, cls: type, name: str) -> Any:
    """The one widget of class `cls` under `root` (or `root` itself) whose accessible name is `name`."""
    found = [w for w in [root, *root.findChildren(cls)] if isinstance(w, cls) and w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} {cls.__name__} named {name!r}"
    return found[0]


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (combo popups, tab scrollers, corner buttons)."""
    if widget.objectName().startswith("qt_") or type(widget).__name__ == "QTabBar":
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox) or type(parent).__name__ in ("QTabBar", "QComboBoxPrivateContainer"):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_interactive_widgets(root: QWidget) -> list[str]:
    """Every interactive widget under `root` without an accessible name, described for the failure."""
    return [f"{type(w).__name__} {w.objectName() or ''} text={getattr(w, 'text', lambda: '')()!r}"
            for w in root.findChildren(QWidget)
            if isinstance(w, INTERACTIVE) and not qt_internal(w) and not w.accessibleName().strip()]


class FakePrompts(Prompts):
    """Records what the application asked and answers from a script."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answers: list[bool] = []
        self.folder: str | None = None
        self.file: str | None = None
        self.save_path: str | None = None
        self.text: str | None = None
        self.dialog_drivers: list[Callable[[QDialog], int]] = []
        self.dialogs: list[QDialog] = []

    def information(self, parent, title, text):
        self.shown.append(("information", title, text))

    def warning(self, parent, title, text):
        self.shown.append(("warning", title, text))

    def critical(self, parent, title, text, details=None):
        self.shown.append(("critical", title, f"{text}\n{details or ''}"))

    def question(self, parent, title, text, *, yes="&Yes", no="&No"):
        self.shown.append(("question", title, text))
        assert self.answers, f"unexpected question: {title}"
        return self.answers.pop(0)

    def choose_folder(self, parent, title, start=""):
        self.shown.append(("choose_folder", title, start))
        return self.folder

    def choose_file(self, parent, title, filter=""):
        self.shown.append(("choose_file", title, filter))
        return self.file

    def choose_save_file(self, parent, title, suggested="", filter=""):
        self.shown.append(("choose_save_file", title, suggested))
        return self.save_path

    def ask_text(self, parent, title, label, **kwargs):
        self.shown.append(("ask_text", title, label))
        return self.text

    def run_dialog(self, dialog):
        self.dialogs.append(dialog)
        assert self.dialog_drivers, f"unexpected dialog: {dialog.windowTitle()}"
        return self.dialog_drivers.pop(0)(dialog)


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()
