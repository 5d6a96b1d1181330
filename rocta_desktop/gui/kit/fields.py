"""Form parts the trigger and collection screens share: 3x5x2 grading, marking, the sender
(force or agency), optional dates and labelled rows with their problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ...domain import clock
from ...domain.errors import ValidationError
from ...domain.intel import HandlingCode, IntelAssessment, SourceEvaluation
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...services import reference_data
from ..widgets import error_label, field_with_error, show_error


def combo(name: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    return fill_combo(box, items, current)


def fill_combo(box: QComboBox, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    """Add (label, data) items to a combo box (one from a form) and choose `current`."""
    for label, data in items:
        box.addItem(label, data)
    if current is not None:
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
    return box


def marking_combo(name: str, current: Marking = Marking.OFFICIAL_SENSITIVE) -> QComboBox:
    return combo(name, [(m.value, m) for m in Marking], current)


def date_edit(name: str, value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    day = value or clock.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class OptionalDate(QWidget):
    """A date that may be left unset ("no due date"), instead of a fake one. `OptionalDate(name, value)`,
    or `OptionalDate(parent)` then `configure(name, value)` (a promoted widget in a Designer form)."""

    def __init__(self, name: str | QWidget | None = None, value: dt.date | None = None, *, label: str = "Set",
                 parent: QWidget | None = None):
        if not isinstance(name, str):
            name, parent = None, name if name is not None else parent
        super().__init__(parent)
        self.known = QCheckBox(label)
        self.edit = date_edit("")
        self.known.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.known)
        row.addWidget(self.edit)
        row.addStretch(1)
        self.configure(name or "", value, label=label)

    def configure(self, name: str, value: dt.date | None = None, *, label: str | None = None) -> None:
        """Its accessible names, its date (None: unset) and the check box's text."""
        if label is not None:
            self.known.setText(label)
        self.known.setAccessibleName(f"{name} set" if name else "")
        self.edit.setAccessibleName(name)
        day = value or clock.today() + dt.timedelta(days=28)
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.known.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> dt.date | None:
        return date_of(self.edit) if self.known.isChecked() else None


def sender_items(ws: Any) -> list[tuple[str, Any]]:
    """Forces then partner agencies, as (label, "force:ID" | "agency:ID")."""
    forces = ws.read(reference_data.listing, ReferenceData.FORCE)
    agencies = ws.read(reference_data.listing, ReferenceData.AGENCY)
    return ([(f"Force: {f['code']} {f['name']}", f"force:{f['id']}") for f in forces]
            + [(f"Agency: {a['code']} {a['name']}", f"agency:{a['id']}") for a in agencies])


def sender_of(key: str | None) -> tuple[int | None, int | None]:
    """(force_id, agency_id) from a sender key."""
    if not key:
        return None, None
    kind, _, ident = key.partition(":")
    return (int(ident), None) if kind == "force" else (None, int(ident))


class GradingFields(QWidget):
    """Source evaluation, intelligence assessment, handling code (+ conditions for C).
    `GradingFields(prefix, values)`, or `GradingFields(parent)` then `configure(prefix, values)` (a
    promoted widget in a Designer form)."""

    def __init__(self, prefix: str | QWidget | None = None, values: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        if not isinstance(prefix, str):
            prefix, parent = None, prefix if prefix is not None else parent
        super().__init__(parent)
        self.source, self.assessment, self.handling = QComboBox(), QComboBox(), QComboBox()
        self.conditions = QLineEdit()
        self.conditions.setPlaceholderText("Conditions on sharing (required for handling code C)")
        self.errors = {k: error_label("") for k in ("source_evaluation", "intel_assessment", "handling_code",
                                                     "handling_conditions")}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Source evaluation", field_with_error(self.source, self.errors["source_evaluation"]))
        form.addRow("Intelligence assessment", field_with_error(self.assessment, self.errors["intel_assessment"]))
        form.addRow("Handling code", field_with_error(self.handling, self.errors["handling_code"]))
        form.addRow("Conditions", field_with_error(self.conditions, self.errors["handling_conditions"]))
        self.handling.currentIndexChanged.connect(self._conditions_state)
        if prefix is not None:
            self.configure(prefix, values)
        self._conditions_state()

    def configure(self, prefix: str, values: dict[str, Any] | None = None) -> None:
        """Its accessible names (`prefix` first) and the grading shown."""
        values = values or {}
        for box, what, members, key in (
                (self.source, "source evaluation", SourceEvaluation, "source_evaluation"),
                (self.assessment, "intelligence assessment", IntelAssessment, "intel_assessment"),
                (self.handling, "handling code", HandlingCode, "handling_code")):
            box.setAccessibleName(f"{prefix} {what}")
            box.clear()
            fill_combo(box, [("Choose...", None)] + [(m.label, m.value) for m in members], _value(values.get(key)))
        self.conditions.setAccessibleName(f"{prefix} handling conditions")
        self.conditions.setText(values.get("handling_conditions") or "")
        for k, label in self.errors.items():
            label.setAccessibleName(f"{prefix} {k.replace('_', ' ')} problem")

    def _conditions_state(self) -> None:
        self.conditions.setEnabled(self.handling.currentData() == HandlingCode.C.value)

    def values(self) -> dict[str, Any]:
        return {"source_evaluation": self.source.currentData(), "intel_assessment": self.assessment.currentData(),
                "handling_code": self.handling.currentData(),
                "handling_conditions": self.conditions.text() if self.conditions.isEnabled() else ""}

    def show_problems(self, exc: ValidationError) -> None:
        widgets = {"source_evaluation": self.source, "intel_assessment": self.assessment,
                   "handling_code": self.handling, "handling_conditions": self.conditions}
        for field, label in self.errors.items():
            show_error(label, widgets[field], "; ".join(exc.for_field(field)))


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def row_with_error(form: QFormLayout, label: str, widget: QWidget, errors: dict[str, QLabel], field: str,
                   name: str) -> None:
    errors[field] = error_label(f"{name} problem")
    form.addRow(label, field_with_error(widget, errors[field]))
