"""The operation runner: how a screen runs a service call.

One place owns what every save used to repeat (save -> catch ValidationError -> map the problems to
the form's fields -> show any other error):

* **busy state**: a wait cursor, and the buttons given disabled, while the call runs;
* **problems**: a `ValidationError` goes to the form (anything with `clear_problems()` and
  `show_problems([(field, message), ...])`, e.g. `FieldProblems` below or `kit.forms.FormDialog`),
  each message under its field; without a form they are listed in a warning;
* **failures, one way**: any other `RoctaError` (conflict, not found, not permitted) is a warning
  titled with the screen's title; the dialog stays open, nothing typed is lost; anything else is a
  defect and goes to `sys.excepthook` (gui/errors.py: plain words and a crash log);
* **refresh**: nothing to do here. `Workspace.write` announces what it changed (a `ChangeSet`) after
  it commits, and `gui/notifier.ChangeNotifier` turns the notice into a Qt signal (queued to the GUI
  thread when the write ran on a worker), so pages refresh themselves.

Fast writes run on the GUI thread (`write`, `run`): the result is there when the call returns, which
keeps a dialog's code and its tests straightforward. Slow ones (key derivation, big reads, imports)
run on the global `QThreadPool` (`write(..., background=True)`, `run(..., background=True)`); the
returned `Op` emits `finished` back on the GUI thread. Tests wait with `qtbot.waitSignal(op.finished)`
or `qtbot.waitUntil(lambda: op.done)`.

    self.ops = Runner(self, ws, prompts=prompts, form=self.problems, buttons=[self.save_button])
    op = self.ops.write("Edit trigger", triggers.update, trigger_id, values)
    if op.ok:
        self.accept()
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from ..domain.errors import AccountEnded, EditConflict, Problem, RoctaError, ValidationError
from .errors import sentence
from .prompts import Prompts
from .widgets import show_error


def changed(before: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a form whose value differs from what it loaded: what an edit sends."""
    return {k: v for k, v in now.items() if before.get(k) != v}


class ProblemSink(Protocol):
    def clear_problems(self) -> None: ...

    def show_problems(self, problems: list[tuple[str, str]]) -> None: ...


class FieldProblems:
    """A form's problem labels: `fields` maps a service's field name to (problem label, widget);
    `general` is the boxed label for problems of no field shown (None: they go to a warning).
    `aliases` maps other field names the service uses onto one shown (e.g. "due" -> "due_date")."""

    def __init__(self, fields: Mapping[str, tuple[QLabel, QWidget | None]], general: QLabel | None = None, *,
                 aliases: Mapping[str, str] | None = None, on_change: Callable[[], None] | None = None):
        self.fields = dict(fields)
        self.general = general
        self.aliases = dict(aliases or {})
        self.on_change = on_change  # e.g. refit the dialog's height
        self.unplaced: list[str] = []  # messages with no label to go to (general is None)

    def clear_problems(self) -> None:
        for label, widget in self.fields.values():
            show_error(label, widget, "")
        if self.general is not None:
            show_error(self.general, None, "")
        self.unplaced = []
        if self.on_change:
            self.on_change()

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        shown: dict[str, list[str]] = {}
        general: list[str] = []
        for field, message in problems:
            key = self.aliases.get(field, field)
            if key in self.fields:
                shown.setdefault(key, []).append(sentence(message))
            else:
                general.append(sentence(f"{field.replace('_', ' ')}: {message}" if field else message))
        for key, messages in shown.items():
            label, widget = self.fields[key]
            show_error(label, widget, " ".join(messages))
        if self.general is not None:
            show_error(self.general, None, " ".join(general))
        else:
            self.unplaced = general
        first = next((k for k in self.fields if k in shown), None)
        if first is not None and self.fields[first][1] is not None:
            self.fields[first][1].setFocus()
        if self.on_change:
            self.on_change()


class ShownBy:
    """A screen's own problem display, `show(exc)` (it clears what `exc` does not name), as a form."""

    def __init__(self, show: Callable[[ValidationError], None]):
        self.show = show

    def clear_problems(self) -> None:
        self.show(ValidationError([]))

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        self.show(ValidationError([Problem(field, message) for field, message in problems]))


def problems_of(exc: ValidationError) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.problems]


class Op(QObject):
    """One run of a call: `done`, then `ok` with `result`, or `error` (the exception)."""

    finished = Signal(object)  # this Op, on the GUI thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.done = False
        self.ok = False
        self.result: Any = None
        self.error: BaseException | None = None


class _Relay(QObject):
    arrived = Signal(object, object, object)  # result, exception, traceback


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # handed to the GUI thread, which decides
            self.relay.arrived.emit(None, exc, exc.__traceback__)
        else:
            self.relay.arrived.emit(result, None, None)


class Runner:
    """Runs calls for one screen (`owner`: parent of the warnings, and its title is theirs)."""

    def __init__(self, owner: QWidget, ws: Any = None, *, prompts: Prompts | None = None,
                 form: ProblemSink | None = None, buttons: Iterable[QWidget] = (), title: str | None = None):
        self.owner = owner
        self.ws = ws
        self.prompts = prompts or getattr(owner, "prompts", None) or Prompts()
        self.form = form
        self.buttons = list(buttons)
        self.title = title
        self.running: list[Op] = []
        self._depth = 0
        self._was_enabled: list[tuple[QWidget, bool]] = []

    # ------------------------------------------------------------------ the calls
    def write(self, action: str, fn: Callable[..., Any], *args: Any, background: bool = False,
              then: Callable[[Any], None] | None = None, handled: tuple[type[BaseException], ...] = (),
              **kwargs: Any) -> Op:
        """`ws.write(action, fn, *args, **kwargs)`: one audited unit of work. `handled`: failures
        the screen answers itself (not shown here: `op.error` holds it)."""
        ws = self.ws
        return self.run(lambda: ws.write(action, fn, *args, **kwargs), background=background, then=then,
                        handled=handled)

    def read(self, fn: Callable[..., Any], *args: Any, background: bool = False,
             then: Callable[[Any], None] | None = None, **kwargs: Any) -> Op:
        ws = self.ws
        return self.run(lambda: ws.read(fn, *args, **kwargs), background=background, then=then)

    def write_edit(self, action: str, fn: Callable[..., Any], ident: int, changes: Mapping[str, Any], *,
                   seen_event: int | None, latest: Callable[[], int], **kwargs: Any) -> Op:
        """Save an editor's `changes` (only the fields changed in it) to one record, made on the
        version it loaded (`seen_event`). If someone else has since changed one of the same fields
        nothing is saved (EditConflict): say who changed what, and offer to reapply these changes on
        the latest version (`latest()` reads it; fields not changed here keep their new values) or
        to keep editing."""
        op = self.write(action, fn, ident, dict(changes), seen_event=seen_event, handled=(EditConflict,), **kwargs)
        if not isinstance(op.error, EditConflict):
            return op
        exc = op.error  # nothing was saved: the person decides
        theirs = [f"{c['username']} set {f.replace('_', ' ')} to {v!r}" for c in exc.changes
                  for f, v in c["values"].items() if v is not None]
        text = sentence(str(exc)) + ("\n\n" + "; ".join(theirs) + "." if theirs else "") + (
            "\n\nReapply your changes to the latest version? Fields you did not change keep their new values.")
        title = self.title or (self.owner.windowTitle() if shiboken6.isValid(self.owner) else "") or "ROCTA Desktop"
        if self.prompts.question(self.owner, f"{title}: changed by someone else", text,
                                 yes="&Reapply my changes", no="&Keep editing"):
            return self.write(action, fn, ident, dict(changes), seen_event=latest(), **kwargs)
        return op

    def run(self, work: Callable[[], Any], *, background: bool = False,
            then: Callable[[Any], None] | None = None, handled: tuple[type[BaseException], ...] = ()) -> Op:
        """Run `work()` (any call: a service through the workspace, `Workspace.create`...). `then`
        is called with the result on success, on the GUI thread. A failure of a kind in `handled`
        is left to the caller (`op.error`), not shown."""
        op = Op(self.owner if shiboken6.isValid(self.owner) else None)
        if self.form is not None:
            self.form.clear_problems()
        self._busy(True)
        if not background:
            try:
                result = work()
            except BaseException as exc:
                self._finish(op, then, None, exc, exc.__traceback__, handled=handled)
            else:
                self._finish(op, then, result, None, None)
            return op
        relay = _Relay()  # lives on the GUI thread: its signal arrives here, queued
        relay.arrived.connect(lambda r, e, tb: self._finish(op, then, r, e, tb, relay, handled=handled),
                              Qt.ConnectionType.QueuedConnection)
        self.running.append(op)
        QThreadPool.globalInstance().start(_Job(work, relay))
        return op

    @property
    def is_busy(self) -> bool:
        return bool(self.running)

    # ------------------------------------------------------------------ outcome
    def _finish(self, op: Op, then: Callable[[Any], None] | None, result: Any, exc: BaseException | None,
                tb: Any, relay: _Relay | None = None, *, handled: tuple[type[BaseException], ...] = ()) -> None:
        if op in self.running:
            self.running.remove(op)
        if relay is not None:
            relay.deleteLater()
        self._busy(False)
        op.done = True
        owner_alive = shiboken6.isValid(self.owner)
        if exc is None:
            op.ok, op.result = True, result
            if then is not None and owner_alive:
                then(result)
        else:
            op.error = exc
            if isinstance(exc, (*handled, AccountEnded)):
                pass  # the caller answers it; an ended account: the shell signs the window out and says why
            elif isinstance(exc, RoctaError) and owner_alive:
                self.show_failure(exc)
            elif not isinstance(exc, RoctaError):
                if relay is None:
                    op.finished.emit(op)
                    raise exc.with_traceback(tb)  # a defect: sys.excepthook reports it
                sys.excepthook(type(exc), exc, tb)
        if shiboken6.isValid(op):
            op.finished.emit(op)

    def show_failure(self, exc: RoctaError) -> None:
        """The one way a failure is shown: problems under their fields, anything else a warning."""
        title = self.title or (self.owner.windowTitle() if shiboken6.isValid(self.owner) else "") or "ROCTA Desktop"
        if isinstance(exc, ValidationError):
            if self.form is not None:
                self.form.show_problems(problems_of(exc))
                unplaced = getattr(self.form, "unplaced", [])
                if unplaced:
                    self.prompts.warning(self.owner, title, " ".join(unplaced))
                return
            self.prompts.warning(self.owner, title, " ".join(sentence(m.message) for m in exc.problems))
            return
        self.prompts.warning(self.owner, title, sentence(str(exc)))

    def _busy(self, on: bool) -> None:
        if on:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self._depth += 1
            if self._depth == 1:  # the first of overlapping runs remembers the buttons' states
                self._was_enabled = [(b, b.isEnabled()) for b in self.buttons if shiboken6.isValid(b)]
                for button, _ in self._was_enabled:
                    button.setEnabled(False)
        else:
            QGuiApplication.restoreOverrideCursor()
            self._depth -= 1
            if self._depth == 0:
                for button, enabled in self._was_enabled:
                    if shiboken6.isValid(button):
                        button.setEnabled(enabled)
                self._was_enabled = []
