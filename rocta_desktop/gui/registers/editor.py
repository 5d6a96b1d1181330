"""Record view/edit dialog for groups, nominals and vulnerabilities.

Every field shows its own problem underneath it (from the service's ValidationError, which names
the field). Saving a new nominal first asks the service for likely duplicates and shows why each
one matched; the analyst opens the existing record (the default), saves a new person anyway, or goes
back to the form. Edits are reported back as (before, after) so the caller can put them on the undo stack.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import EditConflict, ValidationError
from ...domain.markings import Marking, highest
from ...domain.matching import THRESHOLD
from ...domain.subjects import (
    ManagementLevel,
    MemberRole,
    NominalFlag,
    ReachScope,
    SubjectKind,
    VulnerabilityCategory,
)
from ...services import exploitation, reference_data, registers
from .. import screens
from ..kit.columns import ColumnMenu
from ..kit.dates import DATE_PLACEHOLDER, show_date
from ..kit.history import history_table
from ..kit.names import name_table
from ..ops import Runner, ShownBy
from ..security import note_view
from ..style import marking_style
from ..tables import RecordTable


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # line, list, date, enum, choice, text, flags
    required: bool = False
    enum_cls: type[enum.Enum] | None = None
    hint: str = ""


_KIND_FIELDS = {
    SubjectKind.GROUP: [Field("name", "Group name", "line", True),
                        Field("nicknames", "Nicknames", "list", hint="separate with ;"),
                        Field("management_level", "Management level", "enum", True, ManagementLevel),
                        Field("reach_scope", "Geographic reach", "enum", False, ReachScope),
                        Field("lro_name", "Lead Responsible Officer", "line")],
    SubjectKind.NOMINAL: [Field("surname", "Surname", "line", True), Field("forenames", "Forenames", "line"),
                          Field("aliases", "Aliases", "list", hint="separate with ;"),
                          Field("date_of_birth", "Date of birth", "date", hint=DATE_PLACEHOLDER),
                          Field("gender", "Gender", "line"), Field("nationality", "Nationality", "line"),
                          Field("flags", "Warning flags", "flags")],
    SubjectKind.VULNERABILITY: [Field("name", "Name", "line", True),
                                Field("category", "Category", "enum", True, VulnerabilityCategory),
                                Field("location", "Location", "line")],
}
_COMMON_FIELDS = [Field("marking", "Protective marking", "enum", True, Marking),
                  Field("lead_force_id", "Lead force", "choice"), Field("owner_unit_id", "Owner unit", "choice"),
                  Field("description", "Description", "text"), Field("notes", "Notes", "text")]


def fields_for(kind: SubjectKind) -> list[Field]:
    return _KIND_FIELDS[kind] + _COMMON_FIELDS


EXPLOITATION_FLEXIBLE = {"Name": 1.8, "Nature": 1.5, "Source": 1.0}   # cut with an ellipsis first
#: left out while the record window is too narrow for them, least important first (its Columns menu
#: shows them again); what identifies a link (reference, name), its nature and marking always show
EXPLOITATION_OPTIONAL = ("Source", "To", "From", "Grading")
EXPLOITATION_SETTING = "record/vulnerability_links_hidden_columns"


def whole_placeholder(edit: QLineEdit) -> None:
    """A line edit never narrower than its hint (the hint is all that says what the field is for)."""
    edit.ensurePolished()   # the style sheet's font and padding
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    margins = edit.textMargins()
    text = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 2 * 2 + margins.left() + margins.right() + 1
    edit.setMinimumWidth(edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option,
                                                       QSize(text, edit.fontMetrics().height()), edit).width())


def _display_date(value: Any) -> str:
    return show_date(value) if isinstance(value, dt.date) else (value or "")


class RecordEditor(QDialog):
    """`saved(record_id, before, after)` is emitted after a successful save; `open_existing(record_id)`
    when the analyst, warned of a likely duplicate, chose to open that existing record instead (the
    editor closes without saving)."""

    saved = Signal(int, dict, dict)
    open_existing = Signal(int)

    def __init__(self, ws: Any, kind: SubjectKind, record_id: int | None = None, parent: QWidget | None = None,
                 *, ask: Any = None, prompts: Any = None):
        super().__init__(parent)
        self.ws, self.kind, self.record_id = ws, kind, record_id
        self.prompts = prompts
        self.ask = ask or self._ask_duplicates  # replaced in tests; answers as `_ask_duplicates` does
        self.record: dict[str, Any] = ws.read(registers.get_subject, record_id) if record_id else {}
        if record_id:
            note_view(ws, kind.value, record_id, self.record["reference"], self.record["marking"])
        title = self.record.get("reference", f"New {kind.label.lower()}")
        self.setWindowTitle(f"{title} - {self.record.get('name', '')}".rstrip(" -"))
        self.setAccessibleName(f"{kind.label} record")
        self.resize(720, 620)
        self.widgets: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        self.banner = QLabel()
        self.banner.setAccessibleName("Record marking")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Record sections")
        self.tabs.addTab(self._details_tab(), "&Details")
        if kind is SubjectKind.GROUP and record_id:
            self.members = MembersPanel(ws, record_id, self, prompts=prompts)
            self.tabs.addTab(self.members, "&Members")
        if kind is SubjectKind.GROUP and record_id:
            self.links = LinksPanel(ws, record_id, self, prompts=prompts)
            self.members.reloaded.connect(self._related_changed)
            self.links.reloaded.connect(self._related_changed)
            self.tabs.addTab(self.links, "&Linked groups")
        if kind is SubjectKind.NOMINAL and record_id:
            self.tabs.addTab(self._groups_tab(), "&Groups")
        if record_id:
            self.exploitation = ExploitationPanel(ws, record_id, kind, self, prompts=prompts)
            self.exploitation.reloaded.connect(self._related_changed)
            self._read_exploitation()
            self.tabs.addTab(self.exploitation, "E&xploited by" if kind is SubjectKind.VULNERABILITY
                             else "Vulnera&bilities")
        if record_id:
            self.assessments = screens.make(screens.ASSESSMENT_HISTORY, ws, record_id, prompts=prompts, parent=self,
                                            subject=self.record)
            self.tabs.addTab(self.assessments, "Assess&ments" if kind is not SubjectKind.GROUP else "Assessmen&ts")
            self.tabs.addTab(self._history_tab(), "&History")
        self._update_banner()
        self.form_error = QLabel()
        self.form_error.setAccessibleName("Problems with this record")
        self.form_error.setStyleSheet("color: #b00020;")
        self.form_error.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save record")
        self.close_button = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAccessibleName("Close record")
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.chart: Any = None
        if record_id:
            self.chart_button = buttons.addButton("Link &chart...", QDialogButtonBox.ButtonRole.ActionRole)
            self.chart_button.setAccessibleName("Open link chart")
            self.chart_button.setToolTip("The network around this record: members, associates, linked groups "
                                         "and vulnerabilities, with its key people")
            self.chart_button.clicked.connect(self.open_chart)
        archived = self.record.get("status") is not None and self.record["status"].value == "archived"
        self.reinstate_reason = QLineEdit()
        self.reinstate_reason.setPlaceholderText("Why is this record being reinstated?")
        self.reinstate_reason.setAccessibleName("Reason to reinstate")
        self.reinstate_button = QPushButton("&Reinstate")
        self.reinstate_button.setAccessibleName("Reinstate record")
        self.reinstate_button.clicked.connect(self.reinstate)
        reinstate_row = QHBoxLayout()
        reinstate_row.addWidget(self.reinstate_reason, 1)
        reinstate_row.addWidget(self.reinstate_button)
        self.reinstate_box = QWidget()
        self.reinstate_box.setLayout(reinstate_row)
        self.reinstate_box.setVisible(archived)
        # saves: problems under their fields (or in the line below the tabs); other failures a warning
        self.ops = Runner(self, ws, prompts=prompts, form=ShownBy(self.show_problems), buttons=[self.save_button])
        self.reinstating = Runner(self, ws, prompts=prompts, form=ShownBy(self._reinstate_problem),
                                  buttons=[self.reinstate_button])
        if archived:
            self.save_button.setEnabled(False)
            self.form_error.setText(f"Archived: {self.record.get('status_reason') or ''}. Reinstate it to edit.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        if record_id:
            from ..need_to_know import NeedToKnowRow
            from ..prompts import Prompts
            self.need_to_know = NeedToKnowRow(ws, "subject", record_id, self.record["reference"],
                                              prompts=prompts or Prompts(), parent=self)
            layout.addWidget(self.need_to_know)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.reinstate_box)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ link chart

    def open_chart(self) -> Any:
        """The link chart around this record (the network feature's screen, asked for by name)."""
        if self.chart is None:
            self.chart = screens.make(screens.LINK_CHART, self.ws, self.record_id, parent=self, prompts=self.prompts)
            self.chart.open_record.connect(self.open_from_chart)
        self.chart.show()
        self.chart.raise_()
        return self.chart

    def open_from_chart(self, record_id: int, kind: str) -> Any:
        """A record double-clicked on the chart: this one comes forward; another opens in its own editor."""
        if record_id == self.record_id:
            self.raise_()
            self.activateWindow()
            return self
        editor = RecordEditor(self.ws, SubjectKind(kind), record_id, self.parentWidget(), prompts=self.prompts)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        self.opened_from_chart = editor
        return editor

    # ------------------------------------------------------------------ details form
    def _details_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        forces = self.ws.read(registers.force_choices)
        units = self.ws.read(registers.unit_choices)
        if self.kind is SubjectKind.GROUP:
            self.crime_list = QListWidget()
            self.crime_list.setAccessibleName("Crime types")
            self.crime_list.setMaximumHeight(110)
            chosen = set(self.record.get("crime_types", []))
            for ct in self.ws.read(reference_data.crime_types):
                item = QListWidgetItem(ct["name"])
                item.setData(Qt.ItemDataRole.UserRole, ct["code"])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if ct["code"] in chosen else Qt.CheckState.Unchecked)
                self.crime_list.addItem(item)
        for f in fields_for(self.kind):
            widget = self._make_widget(f, forces, units)
            self.widgets[f.key] = widget
            err = QLabel()
            err.setStyleSheet("color: #b00020; font-size: 11px;")
            err.setAccessibleName(f"{f.label} problem")
            err.hide()
            self.errors[f.key] = err
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(err)
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setBuddy(widget)
            form.addRow(label, box)
            if f.key == "reach_scope" and self.kind is SubjectKind.GROUP:
                form.addRow(QLabel("Crime types"), self.crime_list)
        self._load_values()
        return page

    def _make_widget(self, f: Field, forces: list[tuple[int, str]], units: list[tuple[int, str]]) -> QWidget:
        if f.kind in ("line", "list", "date"):
            w: Any = QLineEdit()
            if f.hint:
                w.setPlaceholderText(f.hint)
        elif f.kind == "text":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setMaximumHeight(70)
        elif f.kind == "enum":
            w = QComboBox()
            if not f.required:
                w.addItem("(not set)", None)
            for m in f.enum_cls:
                w.addItem(getattr(m, "label", m.value) if f.enum_cls is not Marking else m.value, m.value)
            if f.key == "marking":
                w.currentIndexChanged.connect(self._update_banner)
        elif f.kind == "choice":
            w = QComboBox()
            w.addItem("(none)", None)
            for ident, label in (forces if f.key == "lead_force_id" else units):
                w.addItem(label, ident)
        elif f.kind == "flags":
            w = QWidget()
            row = QHBoxLayout(w)
            row.setContentsMargins(0, 0, 0, 0)
            w.boxes = {}
            for flag in NominalFlag:
                cb = QCheckBox(flag.value)
                cb.setAccessibleName(f"Flag: {flag.value}")
                row.addWidget(cb)
                w.boxes[flag.value] = cb
            row.addStretch(1)
        else:  # pragma: no cover - field table is fixed
            raise ValueError(f.kind)
        w.setAccessibleName(f.label)
        return w

    def _load_values(self) -> None:
        r = self.record
        for f in fields_for(self.kind):
            w, value = self.widgets[f.key], r.get(f.key)
            if f.kind == "line":
                w.setText(value or "")
            elif f.kind == "list":
                w.setText("; ".join(value or []))
            elif f.kind == "date":
                w.setText(_display_date(value))
            elif f.kind == "text":
                w.setPlainText(value or "")
            elif f.kind == "enum":
                v = value.value if isinstance(value, enum.Enum) else value
                if v is None and f.key == "marking":
                    v = Marking.OFFICIAL_SENSITIVE.value  # a new intelligence record defaults high, not low
                w.setCurrentIndex(max(w.findData(v), 0))
            elif f.kind == "choice":
                w.setCurrentIndex(max(w.findData(value), 0))
            elif f.kind == "flags":
                for name, cb in w.boxes.items():
                    cb.setChecked(name in (value or []))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields_for(self.kind):
            w = self.widgets[f.key]
            if f.kind in ("line", "date"):
                out[f.key] = w.text().strip()
            elif f.kind == "list":
                out[f.key] = [p.strip() for p in w.text().split(";") if p.strip()]
            elif f.kind == "text":
                out[f.key] = w.toPlainText().strip()
            elif f.kind in ("enum", "choice"):
                out[f.key] = w.currentData()
            elif f.kind == "flags":
                out[f.key] = [n for n, cb in w.boxes.items() if cb.isChecked()]
        return out

    def _original(self) -> dict[str, Any]:
        """The loaded record in the same shape `values()` returns, to see what the user changed."""
        out: dict[str, Any] = {}
        for f in fields_for(self.kind):
            v = self.record.get(f.key)
            if f.kind in ("line", "text"):
                out[f.key] = v or ""
            elif f.kind == "date":
                out[f.key] = _display_date(v)
            elif f.kind in ("list", "flags"):
                out[f.key] = list(v or [])
            elif f.kind == "enum":
                out[f.key] = v.value if isinstance(v, enum.Enum) else v
            else:
                out[f.key] = v
        return out

    def crime_codes(self) -> list[str]:
        return [self.crime_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.crime_list.count())
                if self.crime_list.item(i).checkState() == Qt.CheckState.Checked]

    # ------------------------------------------------------------------ save
    def clear_problems(self) -> None:
        """Forget the problems shown by an earlier attempt: they may no longer hold."""
        for err in self.errors.values():
            err.clear()
            err.hide()
        self.form_error.clear()

    def show_problems(self, exc: ValidationError) -> None:
        self.clear_problems()
        if not exc.problems:  # the runner clearing the form before a save
            return
        general = []
        for p in exc.problems:
            label = self.errors.get(p.field)
            if label is not None:
                label.setText(p.message)
                label.show()
            else:
                general.append(str(p))
        first = next((p.field for p in exc.problems if p.field in self.widgets), None)
        if first:
            self.tabs.setCurrentIndex(0)
            self.widgets[first].setFocus()
        self.form_error.setText("Please correct the fields marked above." if not general
                                else "; ".join(general))

    def save(self) -> bool:
        values = self.values()
        self.clear_problems()
        saved = self._create(values) if self.record_id is None else self._update(values)
        if saved:
            self.accept()
        return saved

    def _create(self, values: dict[str, Any]) -> bool:
        if self.kind is SubjectKind.NOMINAL:
            found = self.ops.read(registers.possible_duplicates, values)
            if not found.ok:
                return False
            answer = self.ask(found.result) if found.result else True
            if answer is not True:
                if answer is not False and answer is not None:
                    self.reject()  # nothing saved: the analyst goes to the record that exists
                    self.open_existing.emit(int(answer))
                else:
                    self.form_error.setText("Not saved: this person may already be recorded. Open the "
                                            "existing record, or save again to record a new person.")
                return False
        kind = self.kind
        codes = self.crime_codes() if kind is SubjectKind.GROUP else None

        def create(uow: Any) -> Any:
            created = registers.create_subject(uow, kind, values)
            if codes:
                registers.set_crime_types(uow, created.id, codes)
            return created
        op = self.ops.write(f"{kind.value}.create", create)
        if not op.ok:
            return False
        self.record_id = op.result.id
        self.saved.emit(op.result.id, {}, values)
        return True

    def _update(self, values: dict[str, Any]) -> bool:
        before, after = self._changes(values)
        codes = self.crime_codes() if self.kind is SubjectKind.GROUP else None
        if codes is not None and sorted(codes) != sorted(self.record.get("crime_types", [])):
            before["crime_types"], after["crime_types"] = list(self.record.get("crime_types", [])), codes
        if not after:
            return True
        # someone else changed the same fields since this window loaded the record: nothing is saved
        # and the editor offers to reload and fill the changes in again (`_stale`), not a warning
        op = self.ops.write(f"{self.kind.value}.update", apply_edit, self.record_id, after,
                            seen_event=self.record.get("seen_event"), handled=(EditConflict,))
        if isinstance(op.error, EditConflict):
            self._stale(op.error, after)
            return False
        if not op.ok:
            return False
        self.saved.emit(self.record_id, before, after)
        return True

    def _stale(self, exc: EditConflict, mine: dict[str, Any]) -> None:
        """Someone changed the same fields since this window loaded the record: nothing was saved.
        Offer to reload the record and fill the analyst's own changes in again, to check and save."""
        self.form_error.setText(f"Not saved: {exc}.")
        if not self.prompts.question(self, "Changed by someone else", f"{exc}.\n\nReload the record and fill "
                                     "in your changes again? You can then check them against theirs and save.",
                                     yes="&Reload and reapply my changes", no="&Keep editing"):
            return
        self.record = self.ws.read(registers.get_subject, self.record_id)
        self._load_values()
        self._fill(mine)
        theirs = "; ".join(f"{c['username']} set {f.replace('_', ' ')} to {v!r}" for c in exc.changes
                           for f, v in c["values"].items() if v is not None)
        self.form_error.setText("Reloaded with the latest version" + (f" ({theirs})" if theirs else "")
                                + ". Your changes are filled in again: check them and save.")

    def _fill(self, values: dict[str, Any]) -> None:
        """Put values in the shape `values()` returns back into the form."""
        for f in fields_for(self.kind):
            if f.key not in values:
                continue
            w, value = self.widgets[f.key], values[f.key]
            if f.kind in ("line", "date"):
                w.setText(value or "")
            elif f.kind == "list":
                w.setText("; ".join(value or []))
            elif f.kind == "text":
                w.setPlainText(value or "")
            elif f.kind in ("enum", "choice"):
                w.setCurrentIndex(max(w.findData(value), 0))
            elif f.kind == "flags":
                for name, cb in w.boxes.items():
                    cb.setChecked(name in (value or []))

    def reinstate(self) -> bool:
        op = self.reinstating.write(f"{self.kind.value}.reinstate", registers.set_status, self.record_id, "active",
                                    self.reinstate_reason.text())
        if not op.ok:
            return False
        self.record = self.ws.read(registers.get_subject, self.record_id)
        self.reinstate_box.hide()
        self.save_button.setEnabled(True)
        self.form_error.setText("Reinstated: the record is active again.")
        return True

    def _reinstate_problem(self, exc: ValidationError) -> None:
        """Why the record cannot be reinstated (e.g. no reason given), in the line above the reason."""
        if exc.problems:
            self.form_error.setText(exc.problems[0].message)

    def _changes(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        original = self._original()
        before, after = {}, {}
        for key, new in values.items():
            if new != original.get(key):
                before[key], after[key] = original.get(key), new
        return before, after

    # ------------------------------------------------------------------ other tabs
    def _related_changed(self) -> None:
        fresh = self.ws.read(registers.get_subject, self.record_id)
        for key in ("members", "groups", "linked_groups"):
            self.record[key] = fresh.get(key, [])
        self._read_exploitation()
        self._update_banner()

    def _read_exploitation(self) -> None:
        """Vulnerability links listed in the window: each link's own marking and its other record's."""
        panel = getattr(self, "exploitation", None)
        links = panel.links if panel is not None else []
        self.record["exploitation"] = [{"marking": highest([ln["marking"], ln["other_marking"]])} for ln in links]

    def shown_marking(self) -> Marking:
        """What this window shows carries the highest marking of all of it: the record's own (as
        being edited) and every member, group and linked group listed with it."""
        w = self.widgets.get("marking")
        own = Marking(w.currentData()) if w is not None and w.currentData() else (
            self.record.get("marking") or Marking.OFFICIAL)
        related = [x["marking"] for key in ("members", "groups", "linked_groups", "exploitation")
                   for x in self.record.get(key, [])]
        return highest([own, *related])

    def _update_banner(self) -> None:
        marking = self.shown_marking()
        w = self.widgets.get("marking")
        own = Marking(w.currentData()) if w is not None and w.currentData() else self.record.get("marking")
        text = marking.value
        if own is not None and own.rank < marking.rank:  # the window lists records marked higher
            text += f"   (this record: {own.value}; it lists records marked {marking.value})"
        self.banner.setText(text)
        self.banner.setStyleSheet(marking_style(marking))

    def _groups_tab(self) -> QWidget:
        table = RecordTable("Groups this nominal belongs to", ["Reference", "Group", "Role"])
        groups = self.record.get("groups", [])
        table.fill([[g["reference"], g["name"], g["role"].label] for g in groups], list(range(len(groups))))
        table.fit_columns({"Group": 1.8, "Role": 1.0})   # never scrolled sideways (#22)
        return table

    def _history_tab(self) -> QWidget:
        return history_table(self.ws.read(registers.history, self.record_id), "Record history")

    def _ask_duplicates(self, dupes: list[dict]) -> bool | int:
        """What to do about likely duplicates: the id of the existing record to open instead (the
        default), True to save a new person anyway, False to go back to the form."""
        dlg = DuplicateDialog(dupes, self)
        dlg.exec()
        return dlg.answer


def apply_edit(uow: Any, record_id: int, after: dict[str, Any], how: str | None = None, *,
               seen_event: int | None = None) -> None:
    """One audited edit: field changes and, for groups, the crime-type set. `how` ("undo",
    "redo") labels the audit event when the edit replays or reverses an earlier one. `seen_event`:
    the record's version the editor loaded; fields someone else changed since are refused."""
    if seen_event is not None:
        registers.check_not_stale(uow, record_id, after.keys(), seen_event)
    fields = {k: v for k, v in after.items() if k != "crime_types"}
    if fields:
        registers.update_subject(uow, record_id, fields)
    if "crime_types" in after:
        registers.set_crime_types(uow, record_id, after["crime_types"])
    if how:
        registers.relabel(uow, record_id, how)


class DuplicateDialog(QDialog):
    """Lists existing nominals that closely match, with what an analyst checks (date of birth, force,
    identifiers) and why each matched, before a new one is saved. `answer` after it closes: the id of
    the match to open (the default button, so Enter never creates a duplicate), True to save a new
    person, False to cancel."""

    def __init__(self, dupes: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.dupes = dupes
        self.answer: bool | int = False
        self.setWindowTitle("Possible duplicate")
        self.setAccessibleName("Possible duplicate nominals")
        text = QLabel("This person may already be recorded. Check the matches below: open the existing record "
                      "rather than saving a second one for the same person.")
        text.setWordWrap(True)
        scale = QLabel(f"Score out of 100: the names count for up to 65 and the date of birth for up to 35 (a "
                       f"different date of birth takes 30 off). Only scores of {THRESHOLD} or more are listed; "
                       f"90 or more means the names and date of birth agree: almost certainly the same person.")
        scale.setWordWrap(True)
        scale.setObjectName("muted")
        scale.setAccessibleName("How the score is worked out")
        self.table = table = QTableWidget(len(dupes), 7)
        name_table(table, "Matching nominals")
        table.setHorizontalHeaderLabels(["Reference", "Name", "Date of birth", "Force", "Identifiers", "Score",
                                         "Why it matched"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.horizontalHeader().setStretchLastSection(True)
        for r, d in enumerate(dupes):
            row = [d["reference"], d["name"], _display_date(d.get("date_of_birth")) or "not known",
                   d.get("force") or "not recorded", "\n".join(d.get("identifiers") or []) or "none recorded",
                   str(d["score"]), "\n".join(d["reasons"])]
            for c, v in enumerate(row):
                item = QTableWidgetItem(v)
                if c == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        table.selectRow(0)
        table.doubleClicked.connect(lambda _index: self._open())  # not `activated`: Enter is the default button's
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open the existing record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setAccessibleName("Open the existing record")
        self.open_button.setToolTip("Close this form without saving and open the match selected above")
        self.new_button = buttons.addButton("Save as a &new person", QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setAccessibleName("Save as a new person")
        self.new_button.setToolTip("Only when you are sure this is a different person")
        self.cancel_button = buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName("Cancel and check the matches")
        for b in (self.new_button, self.cancel_button):
            b.setAutoDefault(False)  # Enter stays with the default even from them: a duplicate takes a click
        self.open_button.setDefault(True)
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self._open)
        self.new_button.clicked.connect(self._save_new)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(scale)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(980, 340)
        self.open_button.setFocus()

    def chosen(self) -> dict:
        """The match selected in the table (the best one unless the analyst picked another)."""
        rows = self.table.selectionModel().selectedRows()
        return self.dupes[rows[0].row() if rows else 0]

    def _open(self) -> None:
        self.answer = int(self.chosen()["id"])
        self.accept()

    def _save_new(self) -> None:
        self.answer = True
        self.accept()


class _PickerPanel(QWidget):
    """A table of linked records, a search box to find one to add, and a message line: the shape
    shared by the members and linked-groups tabs."""

    find_kind = "nominal"
    reloaded = Signal()  # the linked records were read again (the window's marking may follow them)

    def __init__(self, ws: Any, group_id: int, *, table_name: str, headers: list[str], search_name: str,
                 search_hint: str, results_name: str, message_name: str, parent: QWidget | None = None,
                 prompts: Any = None, flexible: dict[str, float], optional: tuple[str, ...] = (),
                 columns_what: str = "", columns_setting: str = ""):
        super().__init__(parent)
        self.ws, self.group_id = ws, group_id
        # fits the window's width, never scrolled sideways (#22): `flexible` columns cut with an
        # ellipsis (whole in the tooltip), the `optional` ones left out while there is no room
        self.table = RecordTable(table_name, headers)
        self.table.fit_columns(flexible, optional=optional)
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setAccessibleName(search_name)
        self.results = QListWidget()
        self.results.setAccessibleName(results_name)
        self.results.setMaximumHeight(100)
        self.message = QLabel()
        self.message.setAccessibleName(message_name)
        self.message.setWordWrap(True)
        self.controls = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        self.columns: ColumnMenu | None = None
        if optional:   # the columns left out in a narrow window can be asked for
            self.columns_button = QPushButton("C&olumns")
            self.columns_button.setAccessibleName(f"Choose {columns_what} columns")
            self.columns = ColumnMenu(self.columns_button, self.table, columns_what, columns_setting,
                                      fixed=headers[:2])
            search_row.addWidget(self.columns_button)
        layout.addLayout(search_row)
        layout.addWidget(self.results)
        layout.addLayout(self.controls)
        layout.addWidget(self.message)
        self.search.textChanged.connect(self._find)
        # a problem with what was typed goes to the message line; any other failure is a warning
        self.fields: dict[str, QWidget] = {}   # a problem's field: the widget it is typed in (by the panel)
        self.ops = Runner(self, ws, prompts=prompts, title=table_name, form=ShownBy(self._show_problems))

    def _show_problems(self, exc: ValidationError) -> None:
        """Each problem with what was typed, named as its field is on screen (never the service's name
        for it, date_from); none clears the line."""
        self.message.setText("; ".join(
            f"{self.fields[p.field].accessibleName()}: {p.message}" if p.field in self.fields else p.message
            for p in exc.problems))

    def _fill(self, rows: list[list[Any]]) -> None:
        """The linked records, each row knowing its place in the list read (the rows may be sorted)."""
        self.reloaded.emit()
        self.table.fill(rows, list(range(len(rows))))

    def _find(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 2:
            return
        for hit in self.ws.read(registers.search, text, limit_per_kind=15).get(self.find_kind, []):
            if hit["id"] == self.group_id:
                continue
            item = QListWidgetItem(f"{hit['reference']}  {hit['name']}")
            item.setData(Qt.ItemDataRole.UserRole, hit["id"])
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _picked(self, what: str) -> int | None:
        item = self.results.currentItem()
        if item is None:
            self.message.setText(f"Find {what} first, then choose it in the list.")
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _selected_row(self, what: str) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(f"Select {what} first.")
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)   # as read, however sorted

    def _run(self, action: str, fn: Any, *args: Any) -> bool:
        if not self.ops.write(action, fn, self.group_id, *args).ok:
            return False
        self.reload()
        return True

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class MembersPanel(_PickerPanel):
    """Members of a group: add (search a nominal, pick a role), change role, remove."""

    changed = Signal(str, int, object, object, object)  # action, nominal_id, old role, new role, since

    def __init__(self, ws: Any, group_id: int, parent: QWidget | None = None, *, prompts: Any = None):
        super().__init__(ws, group_id, table_name="Group members", headers=["Reference", "Name", "Role", "Since"],
                         search_name="Find nominal to add",
                         search_hint="Find a nominal to add: name, alias or reference",
                         results_name="Nominals found", message_name="Members message", parent=parent,
                         prompts=prompts, flexible={"Name": 1.8, "Role": 1.0})
        self.role = QComboBox()
        self.role.setAccessibleName("Member role")
        for role in MemberRole:
            self.role.addItem(role.label, role.value)
        # When the nominal joined, if known: unticked means "not known", never a made-up date.
        self.since_known = QCheckBox("Since (if &known)")
        self.since_known.setAccessibleName("Member since date known")
        self.since_known.setToolTip("Tick if you know when the nominal joined the group")
        self.since = QDateEdit()
        self.since.setAccessibleName("Member since")
        self.since.setDisplayFormat("dd/MM/yyyy")
        self.since.setCalendarPopup(True)
        self.since.setMaximumDate(QDate(clock.today()))
        self.since.setDate(QDate(clock.today()))
        self.since.setEnabled(False)
        self.since_known.toggled.connect(self.since.setEnabled)
        self.add_button = QPushButton("&Add member")
        self.add_button.setAccessibleName("Add member")
        self.role_button = QPushButton("Set &role")
        self.role_button.setAccessibleName("Change role of selected member")
        self.remove_button = QPushButton("&Remove member")
        self.remove_button.setAccessibleName("Remove selected member")
        for w in (self.role, self.since_known, self.since, self.add_button, self.role_button, self.remove_button):
            self.controls.addWidget(w)
        self.add_button.clicked.connect(self.add_selected)
        self.role_button.clicked.connect(self.change_role)
        self.remove_button.clicked.connect(self.remove_selected)
        self.ops.buttons += [self.add_button, self.role_button, self.remove_button]
        self.fields = {"role": self.role, "since": self.since}
        self.reload()

    def reload(self) -> None:
        self.members = self.ws.read(registers.get_subject, self.group_id)["members"]
        self._fill([[m["reference"], m["name"], m["role"].label, m.get("since")] for m in self.members])

    def since_date(self) -> dt.date | None:
        """The date chosen in "Member since", or None when it is not known."""
        if not self.since_known.isChecked():
            return None
        d = self.since.date()
        return dt.date(d.year(), d.month(), d.day())

    def add_selected(self) -> None:
        nid = self._picked("a nominal")
        role = self.role.currentData()
        since = self.since_date()
        if nid is not None and self._run("group.add_member", registers.add_member, nid, role, since):
            self.changed.emit("add", nid, None, role, since)

    def change_role(self) -> None:
        row = self._selected_row("a member")
        if row is None:
            return
        m = self.members[row]
        old, new = m["role"].value, self.role.currentData()
        if old != new and self._run("group.change_member_role", registers.change_member_role, m["nominal_id"], new):
            self.changed.emit("role", m["nominal_id"], old, new, m["since"])

    def remove_selected(self) -> None:
        row = self._selected_row("a member")
        if row is None:
            return
        m = self.members[row]
        if self._run("group.remove_member", registers.remove_member, m["nominal_id"]):
            self.changed.emit("remove", m["nominal_id"], m["role"].value, None, m["since"])


class LinksPanel(_PickerPanel):
    """Groups linked to this one (supply, rivalry, shared members...): link and unlink."""

    find_kind = "group"

    def __init__(self, ws: Any, group_id: int, parent: QWidget | None = None, *, prompts: Any = None):
        super().__init__(ws, group_id, table_name="Linked groups", headers=["Reference", "Group", "Nature of link"],
                         search_name="Find group to link",
                         search_hint="Find a group to link: name, nickname or reference",
                         results_name="Groups found", message_name="Links message", parent=parent,
                         prompts=prompts, flexible={"Group": 1.8, "Nature of link": 1.5})
        self.nature = QLineEdit()
        self.nature.setPlaceholderText("Nature of the link, e.g. supplies drugs to")
        self.nature.setAccessibleName("Nature of link")
        self.link_button = QPushButton("&Link group")
        self.link_button.setAccessibleName("Link group")
        self.unlink_button = QPushButton("&Unlink selected")
        self.unlink_button.setAccessibleName("Unlink selected group")
        self.controls.addWidget(self.nature, 1)
        self.controls.addWidget(self.link_button)
        self.controls.addWidget(self.unlink_button)
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.ops.buttons += [self.link_button, self.unlink_button]
        self.fields = {"nature": self.nature}
        self.reload()

    def reload(self) -> None:
        self.links = self.ws.read(registers.get_subject, self.group_id)["linked_groups"]
        self._fill([[ln["reference"], ln["name"], ln["nature"] or ""] for ln in self.links])

    def link_selected(self) -> None:
        gid = self._picked("a group")
        if gid is not None:
            self._run("group.link", registers.link_groups, gid, self.nature.text())

    def unlink_selected(self) -> None:
        row = self._selected_row("a linked group")
        if row is not None:
            self._run("group.unlink", registers.unlink_groups, self.links[row]["group_id"])


class ExploitationPanel(_PickerPanel):
    """Missing links. On a vulnerability: the groups and nominals exploiting it; on a group or nominal:
    the vulnerabilities it exploits. Each link has a nature, optional dates, a 3x5x2 grading (all or
    none), a source and its own marking."""

    def __init__(self, ws: Any, record_id: int, kind: SubjectKind, parent: QWidget | None = None, *,
                 prompts: Any = None):
        self.is_vulnerability = kind is SubjectKind.VULNERABILITY
        other = "group or nominal" if self.is_vulnerability else "vulnerability"
        self.find_kinds = ("group", "nominal") if self.is_vulnerability else ("vulnerability",)
        super().__init__(ws, record_id, table_name="Exploited by" if self.is_vulnerability else "Vulnerabilities exploited",
                         headers=["Reference", "Name", "Nature", "From", "To", "Grading", "Source", "Marking"],
                         search_name=f"Find {other} to link", search_hint=f"Find a {other} to link: name or reference",
                         results_name="Records found", message_name="Vulnerability links message", parent=parent,
                         prompts=prompts, flexible=EXPLOITATION_FLEXIBLE, optional=EXPLOITATION_OPTIONAL,
                         columns_what="vulnerability link list", columns_setting=EXPLOITATION_SETTING)
        self.links: list[dict[str, Any]] = []
        self.nature = QLineEdit()
        self.nature.setPlaceholderText("Nature, e.g. cuckooed address used for supply")
        self.nature.setAccessibleName("Nature of exploitation")
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(f"From {DATE_PLACEHOLDER}")
        self.date_from.setAccessibleName("Exploited from")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(f"To {DATE_PLACEHOLDER}")
        self.date_to.setAccessibleName("Exploited until")
        self.grading: dict[str, QComboBox] = {}
        for key, label, values in (("source_evaluation", "Source evaluation", "123"),
                                   ("intel_assessment", "Intelligence assessment", "ABCDE"),
                                   ("handling_code", "Handling code", "PC")):
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.setToolTip(f"{label} (3x5x2): leave all three blank for an ungraded link")
            combo.addItem("-", "")
            for v in values:
                combo.addItem(v, v)
            self.grading[key] = combo
        self.conditions = QLineEdit()
        self.conditions.setPlaceholderText("Handling conditions (code C)")
        self.conditions.setAccessibleName("Handling conditions")
        self.source = QLineEdit()
        self.source.setPlaceholderText("Source, e.g. TRG-2026-0004")
        self.source.setAccessibleName("Source of the link")
        self.marking = QComboBox()
        self.marking.setAccessibleName("Marking of the link")
        for m in Marking:
            self.marking.addItem(m.value, m.value)
        self.link_button = QPushButton("&Link")
        self.link_button.setAccessibleName("Add vulnerability link")
        self.unlink_button = QPushButton("Remove selected")
        self.unlink_button.setAccessibleName("Remove selected vulnerability link")
        for edit in (self.nature, self.date_from, self.date_to, self.conditions, self.source):
            whole_placeholder(edit)
        # three rows, so every field shows its whole hint in the record window's width:
        # what and where from; when and how graded; handling, marking and the buttons
        grid = QVBoxLayout()
        first, second, third = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.nature, 2)
        first.addWidget(self.source, 1)
        second.addWidget(self.date_from)
        second.addWidget(self.date_to)
        grading_label = QLabel("Grading (3x5x2):")
        grading_label.setBuddy(self.grading["source_evaluation"])
        second.addWidget(grading_label)
        for w in self.grading.values():
            second.addWidget(w)
        second.addStretch(1)
        marking_label = QLabel("Marking:")
        marking_label.setBuddy(self.marking)
        third.addWidget(self.conditions, 1)
        for w in (marking_label, self.marking, self.link_button, self.unlink_button):
            third.addWidget(w)
        for row in (first, second, third):
            grid.addLayout(row)
        self.controls.addLayout(grid, 1)
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.ops.buttons += [self.link_button, self.unlink_button]
        self.fields = {"nature": self.nature, "date_from": self.date_from, "date_to": self.date_to,
                       "source": self.source, "marking": self.marking, "handling_conditions": self.conditions,
                       **self.grading}
        self.reload()

    def _find(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 2:
            return
        found = self.ws.read(registers.search, text, limit_per_kind=15)
        for kind in self.find_kinds:
            for hit in found.get(kind, []):
                if hit["id"] != self.group_id:
                    item = QListWidgetItem(f"{hit['reference']}  {hit['name']}")
                    item.setData(Qt.ItemDataRole.UserRole, hit["id"])
                    self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def reload(self) -> None:
        self.links = self.ws.read(exploitation.vulnerability_links, self.group_id)
        self._fill([[ln["other_reference"], ln["other_name"], ln["nature"] or "", ln["date_from"], ln["date_to"],
                     ln["grading"] or "", ln["source"] or "", ln["marking"]] for ln in self.links])

    def data(self) -> dict[str, Any]:
        return {"nature": self.nature.text(), "date_from": self.date_from.text(), "date_to": self.date_to.text(),
                "source": self.source.text(), "marking": self.marking.currentData(),
                "handling_conditions": self.conditions.text(),
                **{k: c.currentData() for k, c in self.grading.items()}}

    def link_selected(self) -> None:
        other = self._picked("a group or nominal" if self.is_vulnerability else "a vulnerability")
        if other is None:
            return
        if self.is_vulnerability:
            self._run("vulnerability.link", exploitation.link_vulnerability, other, self.data())
        else:
            self._run("vulnerability.link", lambda uow, me, vuln, data: exploitation.link_vulnerability(
                uow, vuln, me, data), other, self.data())

    def unlink_selected(self) -> None:
        row = self._selected_row("a link")
        if row is not None:
            self._run("vulnerability.unlink", lambda uow, _me, link_id: exploitation.unlink_vulnerability(
                uow, link_id), self.links[row]["id"])
