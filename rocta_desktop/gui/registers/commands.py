"""Undo/redo for register edits (QUndoStack). Undoing is itself an audited edit: the trail shows
both the change and its reversal, as it must. Each command runs its writes through a `Runner` for
its owner (the register page): a refusal (e.g. the record has been archived since) is a warning
titled with what could not be undone or redone, and the command is dropped from the stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from ...services import registers
from ..ops import Op, Runner
from ..prompts import Prompts
from .editor import apply_edit


class _AppliedCommand(QUndoCommand):
    """A command pushed after its change was already made: the push's redo() is skipped."""

    def __init__(self, text: str, ws: Any, owner: QWidget, prompts: Prompts | None):
        super().__init__(text)
        self._first = True
        self.ws = ws
        self.ops = Runner(owner, ws, prompts=prompts)

    def _attempt(self, verb: str, fn: Callable[[], Op]) -> None:
        self.ops.title = f"Could not {verb} \u201c{self.text()}\u201d"
        if not fn().ok:
            self.setObsolete(True)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._attempt("redo", self.apply)

    def undo(self) -> None:
        self._attempt("undo", self.revert)

    def apply(self) -> Op:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> Op:  # pragma: no cover - abstract
        raise NotImplementedError


class EditRecordCommand(_AppliedCommand):
    def __init__(self, ws: Any, record_id: int, before: dict[str, Any], after: dict[str, Any], label: str,
                 owner: QWidget, *, prompts: Prompts | None = None):
        fields = ", ".join(k.replace("_", " ") for k in after)
        super().__init__(f"Edit {label} ({fields})", ws, owner, prompts)
        self.record_id, self.before, self.after = record_id, before, after

    def apply(self) -> Op:
        return self.ops.write("record.redo", apply_edit, self.record_id, self.after, "redo")

    def revert(self) -> Op:
        return self.ops.write("record.undo", apply_edit, self.record_id, self.before, "undo")


class MemberCommand(_AppliedCommand):
    """Add, remove or re-role a member; undo does the inverse."""

    def __init__(self, ws: Any, group_id: int, action: str, nominal_id: int, old_role: str | None,
                 new_role: str | None, label: str, owner: QWidget, since: Any = None, *,
                 prompts: Prompts | None = None):
        text = {"add": "Add member to", "remove": "Remove member from", "role": "Change member role in"}[action]
        super().__init__(f"{text} {label}", ws, owner, prompts)
        self.group_id, self.action = group_id, action
        self.nominal_id, self.old_role, self.new_role = nominal_id, old_role, new_role
        self.since = since  # kept so undoing a removal (or redoing an add) restores the date too

    def apply(self) -> Op:
        return self._do(self.action, self.old_role, self.new_role)

    def revert(self) -> Op:
        inverse = {"add": "remove", "remove": "add", "role": "role"}[self.action]
        return self._do(inverse, self.new_role, self.old_role)

    def _do(self, action: str, old: str | None, new: str | None) -> Op:
        if action == "add":
            return self.ops.write("group.add_member", registers.add_member, self.group_id, self.nominal_id,
                                  new or old, self.since)
        if action == "remove":
            return self.ops.write("group.remove_member", registers.remove_member, self.group_id, self.nominal_id)
        return self.ops.write("group.change_member_role", registers.change_member_role, self.group_id,
                              self.nominal_id, new)
