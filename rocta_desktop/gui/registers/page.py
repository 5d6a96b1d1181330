"""A register as a main-window area: the table plus what its buttons do (record editor, archive
with a reason, undo stack). The register loads the first time the area is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.errors import RoctaError
from ...domain.markings import Marking
from ...domain.subjects import SubjectKind
from ...services import registers
from ..notifier import ChangeNotifier
from ..ops import Runner
from ..prompts import Prompts
from .commands import EditRecordCommand, MemberCommand
from .editor import RecordEditor
from .view import RegisterView


class RegisterPage(QWidget):
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, kind: SubjectKind, *,
                 prompts: Prompts | None = None, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.kind = ws, kind
        self.prompts = prompts or Prompts()
        self.undo_stack = undo_stack or QUndoStack(self)
        self.title = kind.label
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName(f"{kind.label} register page")
        self.view = RegisterView(ws, kind, notifier=notifier)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.view)
        self.view.open_record.connect(self.open_record)
        self.view.create_record.connect(self.create_record)
        self.view.archive_record.connect(self.archive_record)
        self.view.marking_changed.connect(self._marking)
        self.editors: list[RecordEditor] = []
        self._loaded = False
        # no buttons to hold: the view sets its own as the change notice reloads it
        self.ops = Runner(self, ws, prompts=self.prompts, title=kind.label)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.view.load_async()

    def refresh(self) -> None:
        self._loaded = True
        self.view.load_async()

    def _marking(self, marking: Marking) -> None:
        self.marking = marking
        self.marking_changed.emit(marking)

    # ------------------------------------------------------------------ record actions
    def _editor(self, record_id: int | None) -> RecordEditor:
        editor = RecordEditor(self.ws, self.kind, record_id, self, prompts=self.prompts)
        # the editor knows the record's reference: no read for the undo entry's label while saving
        editor.saved.connect(lambda rid, before, after, e=editor: self._saved(rid, before, after,
                                                                             e.record.get("reference")))
        editor.open_existing.connect(self.open_record)  # a likely duplicate: the record that exists instead
        if record_id is not None and hasattr(editor, "members"):
            editor.members.changed.connect(
                lambda action, nid, old, new, since, gid=record_id: self.undo_stack.push(
                    MemberCommand(self.ws, gid, action, nid, old, new, self._label(gid), self, since,
                                  prompts=self.prompts)))
        editor.finished.connect(lambda _r, e=editor: self.editors.remove(e) if e in self.editors else None)
        self.editors.append(editor)
        editor.open()  # window-modal, does not block the event loop
        return editor

    def open_record(self, record_id: int) -> RecordEditor:
        return self._editor(record_id)

    def create_record(self) -> RecordEditor:
        return self._editor(None)

    def _saved(self, record_id: int, before: dict, after: dict, label: str | None = None) -> None:
        if before:  # an edit (creations are not undone: archive the record instead)
            self.undo_stack.push(EditRecordCommand(self.ws, record_id, before, after, label or self._label(record_id),
                                                   self, prompts=self.prompts))
        self.view.select_record(record_id)

    def archive_record(self, record_id: int) -> None:
        label = self._label(record_id)
        reason = self.prompts.ask_text(self, "Archive record", f"Why is {label} being archived?")
        if reason is None:
            return
        self.ops.write(f"{self.kind.value}.archive", registers.archive, record_id, reason)

    def _label(self, record_id: int) -> str:
        try:
            return self.ws.read(registers.get_subject, record_id)["reference"]
        except RoctaError:
            return f"record {record_id}"
