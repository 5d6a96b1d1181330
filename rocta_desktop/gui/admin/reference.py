"""Forces, partner agencies and units: a list per kind and a small form to add or edit one.

Nothing is deleted: a force, agency or unit that is no longer used is made inactive by unticking
"Active" in its form, so the records that name it keep their history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ...domain.reference import ReferenceData
from ...domain.users import Permission
from ...services import reference_data
from ...services.permissions import allowed
from ..kit.columns import Column, RecordTable, status_column
from ..kit.forms import FormDialog, hint
from ..ops import Op
from ..prompts import Prompts

AGENCY_KINDS = ("NCA", "HMRC", "Border Force", "Immigration Enforcement", "Local authority", "Police Scotland",
                "Probation service", "Prison service", "Regional Organised Crime Unit", "Partner agency")


def permission_reason(actor: Any, permission: Permission) -> str:
    """Why a button is disabled, in words: "Your role (analyst) may not manage users."."""
    role = getattr(actor.role, "value", actor.role)
    return f"Your role ({role}) may not {permission.value}."


@dataclass(frozen=True)
class ReferenceKind:
    data: ReferenceData
    noun: str       # "force"
    plural: str     # "forces"
    title: str      # the tab's text, with its mnemonic
    columns: tuple[Column, ...]

    @property
    def area(self) -> str:
        """The change-notice area and the audit action prefix."""
        return self.data.value


def _code(key: str) -> Any:
    return lambda row: row[key]["code"] if row.get(key) else ""


def _full(key: str) -> Any:
    return lambda row: _owner_label(row[key]) if row.get(key) else ""


FORCES = ReferenceKind(ReferenceData.FORCE, "force", "forces", "&Forces", (
    Column("code", "Code"), Column("name", "Name"), status_column()))
AGENCIES = ReferenceKind(ReferenceData.AGENCY, "agency", "agencies", "Agen&cies", (
    Column("code", "Code"), Column("name", "Name"), Column("kind", "Kind"), status_column()))
UNITS = ReferenceKind(ReferenceData.UNIT, "unit", "units", "&Units", (
    Column("code", "Code"), Column("name", "Name"), Column("force", "Force", _code("force"), tip=_full("force")),
    Column("agency", "Agency", _code("agency"), tip=_full("agency")),
    Column("capacity_threats", "Capacity (threats)", numeric=True),
    Column("capacity_hours", "Capacity (hours)", numeric=True), status_column()))
KINDS = (FORCES, AGENCIES, UNITS)


def _owner_label(row: dict[str, Any]) -> str:
    return f"{row['code']} - {row['name']}" + ("" if row["active"] else " (inactive)")


class ReferenceDialog(FormDialog):
    """New or edit one force, agency or unit. `saved_id` is the record's id after a save."""

    def __init__(self, ws: Any, kind: ReferenceKind, record: dict[str, Any] | None = None, *,
                 prompts: Prompts, parent: QWidget | None = None):
        title = f"Edit {kind.noun} {record['code']}" if record else f"New {kind.noun}"
        self.ws = ws  # before the form is built: its runner (self.ops) writes through it
        super().__init__(title, prompts=prompts, parent=parent, width=500 if kind is UNITS else 440)
        self.kind, self.record = kind, dict(record or {})
        self.saved_id: int | None = self.record.get("id")
        r = self.record

        self.code_edit = QLineEdit(r.get("code", ""))
        self.code_edit.setAccessibleName("Code")
        self.code_edit.setMaxLength(16)
        self.code_edit.setPlaceholderText({"force": "e.g. NMP", "agency": "e.g. NCA", "unit": "e.g. NMP-SOC"}[
            kind.noun])
        self.add_field("code", "&Code", self.code_edit)
        self.name_edit = QLineEdit(r.get("name", ""))
        self.name_edit.setAccessibleName("Name")
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText({"force": "e.g. Northmoor Police", "agency": "e.g. National Crime Agency",
                                           "unit": "e.g. Serious Organised Crime Team"}[kind.noun])
        self.add_field("name", "&Name", self.name_edit)

        if kind is AGENCIES:
            self.kind_box = QComboBox()
            self.kind_box.setEditable(True)
            self.kind_box.setAccessibleName("Kind of agency")
            self.kind_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            known = list(AGENCY_KINDS)
            for row in ws.read(reference_data.listing, ReferenceData.AGENCY, include_inactive=True):
                if row["kind"] and row["kind"] not in known:
                    known.append(row["kind"])
            self.kind_box.addItems(known)
            self.kind_box.setCurrentText(r.get("kind", ""))
            self.kind_box.lineEdit().setPlaceholderText("e.g. NCA, HMRC, Local authority")
            self.add_field("kind", "&Kind", self.kind_box, name="Kind of agency")

        if kind is UNITS:
            self.force_box = self._owner_box("Owning force", ReferenceData.FORCE, r.get("force_id"))
            self.add_field("force_id", "&Force", self.force_box, name="Owning force")
            self.agency_box = self._owner_box("Owning agency", ReferenceData.AGENCY, r.get("agency_id"))
            self.add_field("agency_id", "A&gency", self.agency_box, name="Owning agency")
            self.threats_spin = self._spin("Capacity in threats", r.get("capacity_threats", 0), 9999,
                                           " threats")
            self.add_field("capacity_threats", "Capacity: &threats", self.threats_spin,
                           hint("How many threats the unit can carry at once."), name="Capacity in threats")
            self.hours_spin = self._spin("Capacity in hours", r.get("capacity_hours", 0), 999_999, " hours")
            self.add_field("capacity_hours", "Capacity: &hours", self.hours_spin,
                           hint("Officer hours the unit can give in a tasking period."), name="Capacity in hours")

        self.active_check = QCheckBox("&Active")
        self.active_check.setAccessibleName("Active")
        self.active_check.setChecked(bool(r.get("active", True)))
        self.add_field("active", "Status", self.active_check,
                       hint(f"Untick to deactivate. An inactive {kind.noun} is hidden from lists; records "
                            "that name it keep it, and nothing is deleted."), name="Active")
        self.code_edit.setFocus()
        self._refit()

    def _owner_box(self, name: str, data: ReferenceData, current: int | None) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItem("(none)", None)
        for row in self.ws.read(reference_data.listing, data, include_inactive=True):
            if row["active"] or row["id"] == current:  # an inactive owner only when it is the current one
                box.addItem(_owner_label(row), row["id"])
        box.setCurrentIndex(max(box.findData(current), 0))
        return box

    @staticmethod
    def _spin(name: str, value: int, maximum: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setAccessibleName(name)
        spin.setRange(0, maximum)
        spin.setValue(int(value or 0))
        spin.setSuffix(suffix)
        spin.setGroupSeparatorShown(True)
        return spin

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code_edit.text().strip(), "name": self.name_edit.text().strip()}
        if self.kind is AGENCIES:
            data["kind"] = self.kind_box.currentText().strip()
        if self.kind is UNITS:
            data.update(force_id=self.force_box.currentData(), agency_id=self.agency_box.currentData(),
                        capacity_threats=self.threats_spin.value(), capacity_hours=self.hours_spin.value())
        data["active"] = self.active_check.isChecked()
        return data

    def run_submit(self) -> Op:
        data = self.values()
        area = self.kind.area
        if not self.record:
            op = self.ops.write(f"{area}.create", reference_data.create, self.kind.data, data)
            if op.ok:
                self.saved_id = op.result
            return op
        changed = {k: v for k, v in data.items() if v != self.record.get(k)}
        if not changed:
            return self.ops.run(lambda: None)  # nothing to save: the form closes as saved
        return self.ops.write(f"{area}.update", reference_data.update, self.kind.data, self.record["id"], changed)


class ReferenceTab(QWidget):
    """One kind's list, with New and Edit (double-click or Enter edits too)."""

    def __init__(self, ws: Any, kind: ReferenceKind, *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.kind, self.prompts = ws, kind, prompts
        self.setAccessibleName(f"{kind.plural.capitalize()} tab")
        # Read-only without the permission: the list is still useful, the buttons say why they are off.
        self.can_edit = allowed(ws.actor, Permission.MANAGE_REFERENCE_DATA)
        self.reason = "" if self.can_edit else permission_reason(ws.actor, Permission.MANAGE_REFERENCE_DATA)
        self.list = RecordTable(kind.noun, kind.plural, list(kind.columns))
        self.new_button = self.list.add_button(QPushButton(f"&New {kind.noun}..."))
        self.new_button.setAccessibleName(f"New {kind.noun}")
        self.edit_button = self.list.add_button(QPushButton("Edi&t..."))
        self.edit_button.setAccessibleName(f"Edit selected {kind.noun}")
        if not self.can_edit:
            self.list.set_notice(f"Read only. {self.reason}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.new_button.clicked.connect(self.create)
        self.edit_button.clicked.connect(self.edit_selected)
        self.list.activated.connect(self.edit)
        self.list.selection_changed.connect(self._update_buttons)
        self._update_buttons()

    def reload(self) -> None:
        rows = self.ws.read(reference_data.listing, self.kind.data, include_inactive=True)
        if self.kind is UNITS:
            forces = {f["id"]: f for f in self.ws.read(reference_data.listing, ReferenceData.FORCE, include_inactive=True)}
            agencies = {a["id"]: a for a in self.ws.read(reference_data.listing, ReferenceData.AGENCY, include_inactive=True)}
            for row in rows:
                row["force"] = forces.get(row["force_id"])  # the owner's row: code shown, name in the tooltip
                row["agency"] = agencies.get(row["agency_id"])
        self.list.set_rows(rows)

    def _update_buttons(self) -> None:
        selected = self.list.selected()
        self.new_button.setEnabled(self.can_edit)
        self.edit_button.setEnabled(self.can_edit and selected is not None)
        if not self.can_edit:
            tip = self.reason
            self.new_button.setToolTip(tip)
            self.edit_button.setToolTip(tip)
        else:
            self.new_button.setToolTip(f"Add a {self.kind.noun}")
            self.edit_button.setToolTip(f"Edit the selected {self.kind.noun} (or double-click it, or press Enter)"
                                        if selected else f"Select a {self.kind.noun} to edit")
        for button in (self.new_button, self.edit_button):
            button.setAccessibleDescription(button.toolTip())

    # ------------------------------------------------------------------ actions
    def _run(self, record: dict[str, Any] | None) -> ReferenceDialog | None:
        if not self.can_edit:
            return None
        dialog = ReferenceDialog(self.ws, self.kind, record, prompts=self.prompts, parent=self)
        try:
            if self.prompts.run_dialog(dialog) and dialog.saved_id is not None:
                self.reload()  # the change notice reloads too; this makes sure the row can be selected
                self.list.select(dialog.saved_id)
        finally:
            dialog.deleteLater()
        return dialog

    def create(self) -> ReferenceDialog | None:
        return self._run(None)

    def edit(self, record: dict[str, Any]) -> ReferenceDialog | None:
        return self._run(record)

    def edit_selected(self) -> ReferenceDialog | None:
        selected = self.list.selected()
        return self.edit(selected) if selected is not None else None
