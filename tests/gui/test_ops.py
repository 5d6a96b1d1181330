"""The operation runner (gui/ops.py): busy state, problems to fields, failures one way, the
background path and the change notices."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout

from rocta_desktop.domain.errors import Conflict, Problem, ValidationError
from rocta_desktop.gui.ops import FieldProblems, Runner
from rocta_desktop.gui.widgets import error_label

from .conftest import FakePrompts


class FakeWorkspace:
    def __init__(self):
        self.listeners = []
        self.writes = []

    def write(self, action, fn, *args, **kwargs):
        result = fn(None, *args, **kwargs)
        self.writes.append(action)
        for cb in self.listeners:
            cb({"thing"})
        return result

    def read(self, fn, *args, **kwargs):
        return fn(None, *args, **kwargs)


@pytest.fixture
def form(qtbot):
    dialog = QDialog()
    dialog.setWindowTitle("Edit thing")
    qtbot.addWidget(dialog)
    dialog.name_edit = QLineEdit()
    dialog.save_button = QPushButton("Save")
    dialog.name_error = error_label("Name problem")
    dialog.general = error_label("Edit thing problem", boxed=True)
    layout = QVBoxLayout(dialog)
    for w in (dialog.name_edit, dialog.name_error, dialog.general, dialog.save_button):
        layout.addWidget(w)
    dialog.problems = FieldProblems({"name": (dialog.name_error, dialog.name_edit)}, dialog.general,
                                    aliases={"title": "name"})
    return dialog


def test_a_write_goes_through_the_workspace_and_its_result_comes_back(form):
    ws = FakeWorkspace()
    heard = []
    ws.listeners.append(heard.append)
    runner = Runner(form, ws, prompts=FakePrompts(), form=form.problems, buttons=[form.save_button])
    op = runner.write("thing.save", lambda uow, value, *, times: value * times, 21, times=2)
    assert op.done and op.ok and op.result == 42
    assert ws.writes == ["thing.save"] and heard == [{"thing"}]
    assert form.save_button.isEnabled()
    assert QGuiApplication.overrideCursor() is None


def test_validation_problems_go_under_their_fields_and_the_rest_in_the_boxed_line(form):
    prompts = FakePrompts()

    def bad(uow):
        raise ValidationError([Problem("title", "is required"), Problem("colour", "is not known")])

    runner = Runner(form, FakeWorkspace(), prompts=prompts, form=form.problems)
    op = runner.write("thing.save", bad)
    assert op.done and not op.ok and isinstance(op.error, ValidationError)
    assert form.name_error.text() == "Is required." and not form.name_error.isHidden()
    assert form.name_edit.accessibleDescription() == "Is required."
    assert form.general.text() == "Colour: is not known."
    assert prompts.shown == []
    # the next run clears them first
    assert runner.write("thing.save", lambda uow: None).ok
    assert form.name_error.isHidden() and form.general.isHidden()


def test_problems_without_a_form_and_other_failures_are_one_warning(form):
    prompts = FakePrompts()
    runner = Runner(form, FakeWorkspace(), prompts=prompts)

    def invalid(uow):
        raise ValidationError(Problem("name", "is required"))

    def conflict(uow):
        raise Conflict("someone else changed it")

    assert not runner.write("a", invalid).ok
    assert not runner.write("b", conflict).ok
    assert prompts.shown == [("warning", "Edit thing", "Is required."),
                             ("warning", "Edit thing", "Someone else changed it.")]


def test_a_defect_is_not_swallowed(form):
    runner = Runner(form, FakeWorkspace(), prompts=FakePrompts(), buttons=[form.save_button])
    with pytest.raises(ZeroDivisionError):
        runner.run(lambda: 1 / 0)
    assert form.save_button.isEnabled() and QGuiApplication.overrideCursor() is None


def test_a_background_run_is_off_the_gui_thread_busy_meanwhile_and_reports_back(form, qtbot):
    gate = threading.Event()
    threads = []

    def slow(uow):
        threads.append(threading.current_thread())
        gate.wait(5)
        return "done"

    results = []
    runner = Runner(form, FakeWorkspace(), prompts=FakePrompts(), form=form.problems, buttons=[form.save_button])
    op = runner.write("slow", slow, background=True, then=results.append)
    assert not op.done and runner.is_busy
    assert not form.save_button.isEnabled()
    assert QGuiApplication.overrideCursor() is not None
    with qtbot.waitSignal(op.finished, timeout=5000):
        gate.set()
    assert op.ok and results == ["done"]
    assert threads and threads[0] is not threading.main_thread()
    assert form.save_button.isEnabled() and not runner.is_busy
    assert QGuiApplication.overrideCursor() is None


def test_background_problems_and_defects_arrive_on_the_gui_thread(form, qtbot, monkeypatch):
    prompts = FakePrompts()
    runner = Runner(form, FakeWorkspace(), prompts=prompts, form=form.problems)

    def invalid(uow):
        raise ValidationError(Problem("name", "is taken"))

    op = runner.write("x", invalid, background=True)
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert form.name_error.text() == "Is taken."

    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(t))
    op = runner.run(lambda: 1 / 0, background=True)
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert hooked == [ZeroDivisionError] and not op.ok


def test_form_dialogs_save_through_the_runner(qtbot):
    from rocta_desktop.gui.kit.forms import FormDialog

    class Dialog(FormDialog):
        def __init__(self):
            super().__init__("Add thing", prompts=FakePrompts())
            self.edit = QLineEdit()
            self.edit.setAccessibleName("Name")
            self.add_field("name", "&Name", self.edit)
            self.calls = 0

        def submit(self):
            self.calls += 1
            if not self.edit.text():
                raise ValidationError(Problem("name", "is required"))

    dialog = Dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog.ops, Runner)
    assert not dialog.save()
    assert dialog.errors["name"].text() == "Is required."
    dialog.edit.setText("x")
    assert dialog.save() and dialog.result() == QDialog.DialogCode.Accepted
    assert isinstance(dialog.errors["name"], QLabel) and dialog.errors["name"].isHidden()
