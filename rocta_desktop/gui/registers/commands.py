"""Undo/redo for register edits (QUndoStack). Undoing is itself an audited edit: the trail shows
both the change and its reversal, as it must."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ...domain.errors import RoctaError
from ...services import registers
from .editor import apply_edit

ErrorSink = Callable[[str], None]


class _AppliedCommand(QUndoCommand):
    """A command pushed after its change was already made: the push's redo() is skipped."""

    def __init__(self, text: str, on_error: ErrorSink | None):
        super().__init__(text)
        self._first = True
        self._on_error = on_error or (lambda message: None)

    def _attempt(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except RoctaError as exc:
            self._on_error(f"Could not {self.text().lower()}: {exc}")
            self.setObsolete(True)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._attempt(self.apply)

    def undo(self) -> None:
        self._attempt(self.revert)

    def apply(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class EditRecordCommand(_AppliedCommand):
    def __init__(self, ws: Any, record_id: int, before: dict[str, Any], after: dict[str, Any], label: str,
                 on_error: ErrorSink | None = None):
        fields = ", ".join(k.replace("_", " ") for k in after)
        super().__init__(f"Edit {label} ({fields})", on_error)
        self.ws, self.record_id, self.before, self.after = ws, record_id, before, after

    def apply(self) -> None:
        self.ws.write("record.redo", apply_edit, self.record_id, self.after, "redo")

    def revert(self) -> None:
        self.ws.write("record.undo", apply_edit, self.record_id, self.before, "undo")


class MemberCommand(_AppliedCommand):
    """Add, remove or re-role a member; undo does the inverse."""

    def __init__(self, ws: Any, group_id: int, action: str, nominal_id: int, old_role: str | None,
                 new_role: str | None, label: str, on_error: ErrorSink | None = None,
                 since: Any = None):
        text = {"add": "Add member to", "remove": "Remove member from", "role": "Change member role in"}[action]
        super().__init__(f"{text} {label}", on_error)
        self.ws, self.group_id, self.action = ws, group_id, action
        self.nominal_id, self.old_role, self.new_role = nominal_id, old_role, new_role
        self.since = since  # kept so undoing a removal (or redoing an add) restores the date too

    def apply(self) -> None:
        self._do(self.action, self.old_role, self.new_role)

    def revert(self) -> None:
        inverse = {"add": "remove", "remove": "add", "role": "role"}[self.action]
        self._do(inverse, self.new_role, self.old_role)

    def _do(self, action: str, old: str | None, new: str | None) -> None:
        if action == "add":
            self.ws.write("group.add_member", registers.add_member, self.group_id, self.nominal_id, new or old,
                          self.since)
        elif action == "remove":
            self.ws.write("group.remove_member", registers.remove_member, self.group_id, self.nominal_id)
        else:
            self.ws.write("group.change_member_role", registers.change_member_role, self.group_id,
                          self.nominal_id, new)
