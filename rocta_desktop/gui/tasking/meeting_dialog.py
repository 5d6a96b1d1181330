"""T&CG meetings: a form to open one (which freezes the priority list), and the meeting record:
its agenda (decisions on proposed requests, one row each with the decision and its rationale
inline, which move them on the board; the priority threats with their owners and open tasking;
the open tasking to report on), the frozen priority list, actions with owners and due dates, and
details; finalising closes the record for good."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import ValidationError
from ...domain.markings import Marking
from ...domain.reference import ReferenceData
from ...domain.tasking import (
    ActionStatus,
    Decision,
    MeetingKind,
    MeetingLevel,
    TaskStatus,
)
from ...domain.users import Permission
from ...services import tasking
from ...services.permissions import allowed
from ..errors import sentence
from ..forms import polish
from ..forms.ui_meeting import Ui_MeetingDialog
from ..kit.dates import DATE_PLACEHOLDER, show_date, show_time
from ..kit.forms import FormDialog
from ..ops import Runner, ShownBy, changed
from ..prompts import Prompts
from ..style import ERROR, marking_style
from ..tables import make_item
from ..widgets import show_error
from .board import PRIORITY_COLOURS
from .request_dialog import combo, owner_items

SNAPSHOT_COLUMNS = ["Rank", "Reference", "Name", "Priority", "MoRiLE", "OCGM", "Confidence", "Level", "Owner",
                    "Marking"]
ACTION_COLUMNS = ["Action", "Owner", "Due", "Status"]
DECIDE_COLUMNS = ["#", "Request", "Priority", "Subject", "Objective", "Decision", "Rationale", ""]
THREAT_COLUMNS = ["Rank", "Reference", "Name", "Priority", "Owner", "Open tasking", "Marking"]
OPEN_COLUMNS = ["#", "Request", "Priority", "Subject", "Objective", "Owner", "Status", "Due"]
OPEN_STATUSES = (TaskStatus.ACCEPTED, TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS, TaskStatus.REVIEW)
THREAT_PRIORITIES = ("P1", "P2")


def agenda_table(table: QTableWidget, columns: list[str]) -> QTableWidget:
    """An agenda table of the form (ui/meeting.ui: one row selected at a time, nothing edited in a
    cell, no scroll bars of its own: it is as tall as its rows and the agenda scrolls as a whole)
    given its columns, each as wide as its contents but the objective (or name), which takes the rest."""
    name = table.accessibleName()
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setAccessibleName(f"{name} row headers")
    table.horizontalHeader().setAccessibleName(f"{name} column headers")
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    objective = columns.index("Objective") if "Objective" in columns else columns.index("Name")
    header.setSectionResizeMode(objective, QHeaderView.ResizeMode.Stretch)
    return table


def fit_rows(table: QTableWidget) -> None:
    """Size a table to show all its rows without a scroll bar of its own."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(max(height, table.horizontalHeader().height() + 8))


def _cell(text: Any, tip: str | None = None) -> Any:
    item = make_item(text)
    whole = tip if tip is not None else ("" if text is None else str(text))
    if whole:
        item.setToolTip(whole)
    return item


def _centred(widget: QWidget) -> QWidget:
    """A field in a table cell, at its natural height in the middle of the row."""
    holder = QWidget()
    lay = QVBoxLayout(holder)
    lay.setContentsMargins(2, 0, 2, 0)
    lay.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    return holder


def _priority_cell(priority: str | None) -> Any:
    item = _cell(priority or "")
    if priority in PRIORITY_COLOURS:
        item.setForeground(QBrush(QColor(PRIORITY_COLOURS[priority])))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class NewMeetingDialog(FormDialog):
    def __init__(self, ws: Any, *, prompts: Prompts, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__("New T&CG meeting", prompts=prompts, parent=parent, width=520,
                         intro="Saving records the meeting and freezes the priority list as it stands now.",
                         save_text="&Record meeting", save_name="Record meeting")
        self.ws = ws
        self.saved_id: int | None = None
        self.date_edit = QLineEdit(show_date(today or clock.today()))
        self.date_edit.setAccessibleName("Meeting date")
        self.date_edit.setPlaceholderText(DATE_PLACEHOLDER)
        self.add_field("held_on", "&Date", self.date_edit, name="Meeting date")
        self.kind_box = combo("Meeting type", [(k.label, k) for k in MeetingKind], MeetingKind.TACTICAL, none=None)
        self.add_field("kind", "&Type", self.kind_box, name="Meeting type")
        self.level_box = combo("Meeting level", [(k.label, k) for k in MeetingLevel], MeetingLevel.REGIONAL,
                               none=None)
        self.add_field("level", "&Level", self.level_box, name="Meeting level")
        self.force_box = combo("Meeting force", owner_items(ws, ReferenceData.FORCE))
        self.add_field("force_id", "&Force", self.force_box, name="Meeting force")
        self.chair_edit = QLineEdit()
        self.chair_edit.setAccessibleName("Chair")
        self.add_field("chair", "C&hair", self.chair_edit)
        self.attendees_edit = QPlainTextEdit()
        self.attendees_edit.setAccessibleName("Attendees")
        self.attendees_edit.setTabChangesFocus(True)
        self.attendees_edit.setPlaceholderText("One per line")
        self.attendees_edit.setFixedHeight(70)
        self.add_field("attendees", "Atte&ndees", self.attendees_edit)
        self._refit()

    def submit(self) -> None:
        data = {"held_on": self.date_edit.text().strip(), "kind": self.kind_box.currentData(),
                "level": self.level_box.currentData(), "force_id": self.force_box.currentData(),
                "chair": self.chair_edit.text(), "attendees": self.attendees_edit.toPlainText()}
        self.saved_id = self.ws.write("tcg.create", tasking.create_meeting, data).id


class MeetingDialog(QDialog):
    """One meeting's record. Writes go straight through the services; the board follows by the
    change notice."""

    def __init__(self, ws: Any, meeting_id: int, *, prompts: Prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.meeting_id, self.prompts = ws, meeting_id, prompts
        self.can_edit = allowed(ws.actor, Permission.EDIT_RECORDS)
        self.can_decide = allowed(ws.actor, Permission.APPROVE)
        self.resize(980, 640)

        self.ui = Ui_MeetingDialog()
        self.ui.setupUi(self)  # the layout: ui/meeting.ui
        polish(self)
        ui = self.ui
        self.banner, self.heading, self.status_label, self.tabs = ui.banner, ui.heading, ui.status_label, ui.tabs

        # details
        self.chair_edit, self.attendees_edit, self.notes_edit = ui.chair_edit, ui.attendees_edit, ui.notes_edit
        self.save_details_button, self.details_error = ui.save_details_button, ui.details_error

        # snapshot
        self.snapshot_note = ui.snapshot_note
        self.snapshot_table = ui.snapshot_table
        self.snapshot_table.configure("Priority list as it stood", SNAPSHOT_COLUMNS)

        # the agenda: decisions, then the threats and the open tasking to review (their rows: `_fill_agenda`)
        self.agenda_note, self.copy_agenda_button, self.decision_error = (ui.agenda_note, ui.copy_agenda_button,
                                                                         ui.decision_error)
        self.decide_table = agenda_table(ui.decide_table, DECIDE_COLUMNS)
        self.threat_table = agenda_table(ui.threat_table, THREAT_COLUMNS)
        self.open_table = agenda_table(ui.open_table, OPEN_COLUMNS)
        self.agenda_headings: dict[str, QLabel] = {"decide": ui.decide_heading, "threats": ui.threats_heading,
                                                   "open": ui.open_heading}
        self.decision_widgets: dict[int, tuple[QComboBox, QLineEdit, QPushButton]] = {}
        self.decision_refs: dict[int, str] = {}

        # actions
        self.action_edit, self.action_owner_edit, self.action_due_edit = (ui.action_edit, ui.action_owner_edit,
                                                                          ui.action_due_edit)
        self.action_due_edit.setPlaceholderText(DATE_PLACEHOLDER)
        self.add_action_button, self.done_button, self.action_error = (ui.add_action_button, ui.done_button,
                                                                       ui.action_error)
        self.actions_table = ui.actions_table
        self.actions_table.configure("Actions", ACTION_COLUMNS)

        self.finalise_button, self.close_button = ui.finalise_button, ui.close_button

        self.save_details_button.clicked.connect(self.save_details)
        self.copy_agenda_button.clicked.connect(self.copy_agenda)
        self.add_action_button.clicked.connect(self.add_action)
        self.done_button.clicked.connect(self.mark_done)
        self.finalise_button.clicked.connect(self.finalise)
        self.close_button.clicked.connect(self.accept)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        m = self.data = self.ws.read(tasking.get_meeting, self.meeting_id)
        title = (f"T&CG {m['reference']}: {m['kind'].label.lower()} {m['level'].label.lower()} meeting, "
                 f"{show_date(m['held_on'])}" + (f" ({m['force']})" if m["force"] else ""))
        self.setWindowTitle(title)
        self.setAccessibleName(f"T&CG meeting {m['reference']}")
        self.heading.setText(title)
        self.banner.setText(m["marking"].value)
        self.banner.setStyleSheet(marking_style(m["marking"]))
        final = m["finalised"]
        self.status_label.setText(f"Finalised {show_date(m['finalised_at'])} by {m['finalised_by']}" if final
                                  else "Open: decisions and actions can be recorded")
        self.chair_edit.setText(m["chair"] or "")
        self.attendees_edit.setPlainText("\n".join(m["attendees"]))
        self.notes_edit.setPlainText(m["notes"] or "")
        self.details_loaded = self._details()
        self.snapshot_note.setText(f"The priority list frozen when the meeting was recorded "
                                   f"({show_time(m['snapshot_at'])}, {len(m['snapshot'])} subjects). "
                                   "It never changes.")
        self.snapshot_table.fill([[r["rank"], r["reference"], r["name"], r["priority"] or "",
                                   " ".join(x for x in (tasking.score_text(r["morile"]), r["morile_band"] and
                                                        f"({r['morile_band']})") if x),
                                   " ".join(x for x in (tasking.score_text(r["ocgm"]), r["ocgm_band"] and
                                                        f"({r['ocgm_band']})") if x),
                                   r["confidence"] or "", r["management_level"] or "", r["owner_unit"] or "",
                                   r["marking"]] for r in m["snapshot"]], [r["subject_id"] for r in m["snapshot"]])
        self.actions_table.fill([[a["text"], a["owner"], a["due"], a["status"].label] for a in m["actions"]],
                                [a["id"] for a in m["actions"]])
        self.tabs.setTabText(2, f"&Actions ({len(m['actions'])})")
        editable = self.can_edit and not final
        for w in (self.chair_edit, self.attendees_edit, self.notes_edit, self.save_details_button,
                  self.action_edit, self.action_owner_edit, self.action_due_edit, self.add_action_button):
            w.setEnabled(editable)
        self.finalise_button.setEnabled(editable and self.can_decide)
        self.done_button.setEnabled(self.can_edit and bool(m["actions"]))
        self._fill_agenda()

    # ------------------------------------------------------------------ the agenda
    def _fill_agenda(self) -> None:
        """The agenda, from the meeting's decisions, the requests still proposed, the frozen priority
        list and the open tasking. What was typed but not yet recorded stays where it was."""
        m = self.data
        drafts = {rid: (box.currentData(), edit.text()) for rid, (box, edit, _b) in self.decision_widgets.items()}
        final = m["finalised"]
        deciding = self.can_edit and self.can_decide and not final
        open_requests = self.ws.read(tasking.requests, statuses=(TaskStatus.PROPOSED, *OPEN_STATUSES))
        proposed = [] if final else [r for r in open_requests if r["status"] is TaskStatus.PROPOSED]
        by_id = {r["id"]: r for r in open_requests}
        decided = {d["request_id"]: d for d in m["decisions"]}
        undecided = [r for r in proposed if r["id"] not in decided]
        table = self.decide_table
        self.decision_widgets = {}
        self.decision_refs = {r["id"]: r["reference"] for r in undecided}
        for r in range(table.rowCount()):  # the old row fields go at once (not at the next event loop)
            for c in range(table.columnCount()):
                holder = table.cellWidget(r, c)
                if holder is not None:
                    table.removeCellWidget(r, c)
                    holder.setParent(None)
                    holder.deleteLater()
        table.clearContents()
        table.setRowCount(len(m["decisions"]) + len(undecided))
        self.decision_rows: list[int] = []
        row = 0
        for d in m["decisions"]:  # recorded, in the order they were taken
            r = by_id.get(d["request_id"], {})
            values = [row + 1, d["request"], r.get("priority") or "", d["subject"], d["objective"]]
            for c, v in enumerate(values):
                table.setItem(row, c, _priority_cell(v) if c == 2 else _cell(v))
            now = d["status"].label.lower()
            table.setItem(row, 5, _cell(d["decision"].done,
                                        f"{d['decision'].label}: the request is now {now}"))
            table.setItem(row, 6, _cell(d["rationale"]))
            table.setItem(row, 7, _cell(f"now {now}"))
            self.decision_rows.append(d["request_id"])
            row += 1
        for r in undecided:
            rid, ref = r["id"], r["reference"]
            values = [row + 1, ref, r["priority"], f"{r['subject_reference']} {r['subject_name']}", r["objective"]]
            for c, v in enumerate(values):
                table.setItem(row, c, _priority_cell(v) if c == 2 else _cell(v))
            table.item(row, 1).setToolTip(
                f"{ref}: {r['four_p'].label}, raised by {r['created_by'] or r['requester']} for {r['requester']}"
                + (f", due {show_date(r['due_date'])}" if r["due_date"] else "")
                + (" (overdue)" if r["overdue"] else ""))
            box = combo(f"Decision on {ref}", [(d.label, d) for d in Decision], None, none="Choose\u2026")
            edit = QLineEdit()
            edit.setAccessibleName(f"Rationale for {ref}")
            edit.setPlaceholderText("Why (recorded with the decision)")
            button = QPushButton("Record")
            button.setAccessibleName(f"Record the decision on {ref}")
            if rid in drafts:
                box.setCurrentIndex(max(box.findData(drafts[rid][0]), 0))
                edit.setText(drafts[rid][1])
            for w in (box, edit, button):
                w.setEnabled(deciding)
                if not deciding:
                    w.setToolTip("Only a supervisor records T&CG decisions" if not self.can_decide
                                 else "The meeting is finalised")
            button.clicked.connect(lambda _c=False, rid=rid: self.record_decision(rid))
            edit.returnPressed.connect(lambda rid=rid: self.record_decision(rid))
            table.setItem(row, 5, _cell(""))
            table.setItem(row, 6, _cell(""))
            table.setCellWidget(row, 5, _centred(box))
            table.setCellWidget(row, 6, _centred(edit))
            table.setCellWidget(row, 7, _centred(button))
            self.decision_widgets[rid] = (box, edit, button)
            self.decision_rows.append(rid)
            row += 1
        header = table.horizontalHeader()
        for c in (3, 5, 6):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        table.resizeColumnsToContents()
        table.setColumnWidth(3, min(table.columnWidth(3), 220))        # the subject: wrapped, whole in its tooltip
        table.setColumnWidth(5, max(table.columnWidth(5), 124))        # "Choose…" and the arrow
        self._size_rationale()
        fit_rows(table)
        waiting = len(undecided)
        self.agenda_headings["decide"].setText(
            f"1. Decisions on proposed tasking \u2014 {len(m['decisions'])} recorded"
            + (f", {waiting} to decide" if waiting else ""))
        if not table.rowCount():
            self.agenda_headings["decide"].setText("1. Decisions on proposed tasking \u2014 none proposed")

        # the priority threats (P1, P2) from the frozen list, with their owner and open tasking
        open_by_subject: dict[int, int] = {}
        for r in open_requests:
            if r["status"] in OPEN_STATUSES:
                open_by_subject[r["subject_id"]] = open_by_subject.get(r["subject_id"], 0) + 1
        threats = [r for r in m["snapshot"] if r["priority"] in THREAT_PRIORITIES]
        tt = self.threat_table
        tt.setRowCount(len(threats))
        for i, r in enumerate(threats):
            owner = r["owner_unit"] or "no owner"
            count = open_by_subject.get(r["subject_id"], 0)
            for c, v in enumerate([r["rank"], r["reference"], r["name"], r["priority"], owner, count, r["marking"]]):
                item = _priority_cell(v) if c == 3 else make_item(v, marking_column=c == 6)
                item.setData(Qt.ItemDataRole.UserRole, r["subject_id"])
                tt.setItem(i, c, item)
            if not r["owner_unit"]:
                tt.item(i, 4).setForeground(QBrush(QColor(ERROR)))
                tt.item(i, 4).setToolTip("A priority threat with no owner unit: the T&CG assigns one")
        tt.resizeColumnsToContents()
        fit_rows(tt)
        unowned = sum(1 for r in threats if not r["owner_unit"])
        self.agenda_headings["threats"].setText(
            f"2. Priority threats (P1 and P2) \u2014 {len(threats)}" + (f", {unowned} with no owner" if unowned else ""))

        # the open tasking to report on, most urgent first, overdue marked
        live = [r for r in open_requests if r["status"] in OPEN_STATUSES]
        live.sort(key=lambda r: (not r["overdue"], r["priority"], r["due_date"] or dt.date.max, r["reference"]))
        ot = self.open_table
        ot.setRowCount(len(live))
        for i, r in enumerate(live):
            values = [i + 1, r["reference"], r["priority"], f"{r['subject_reference']} {r['subject_name']}",
                      r["objective"], r["owner"] or "no owner", r["status"].label, r["due_date"]]
            for c, v in enumerate(values):
                item = _priority_cell(v) if c == 2 else _cell(v)
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                ot.setItem(i, c, item)
            if r["overdue"]:
                ot.item(i, 7).setForeground(QBrush(QColor(ERROR)))
                ot.item(i, 7).setText(f"{show_date(r['due_date'])} (overdue)")
        ot.resizeColumnsToContents()
        fit_rows(ot)
        late = sum(1 for r in live if r["overdue"])
        self.agenda_headings["open"].setText(
            f"3. Open tasking to report on \u2014 {len(live)}" + (f", {late} overdue" if late else "")
            + (" (as it stands now)" if final else ""))
        self.agenda_note.setText(
            "The agenda: proposed tasking to decide (one row each: choose the decision, give the rationale, "
            "Record), the priority threats from the list frozen for this meeting, and the open tasking to "
            "report on." if not final else "The meeting is finalised: its decisions are recorded below.")
        self.tabs.setTabText(0, f"A&genda ({waiting} to decide)" if waiting else "A&genda")

    def _size_rationale(self) -> None:
        """The rationale gets a quarter of the agenda's width (the objective takes what is left)."""
        width = self.decide_table.viewport().width() or self.width()
        self.decide_table.setColumnWidth(6, max(200, min(int(width * 0.25), 440)))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._size_rationale()

    def agenda_text(self) -> str:
        """The agenda as plain text (one line per item), for a note or an email."""
        lines = [self.windowTitle(), self.data["marking"].value, ""]
        for key, table in (("decide", self.decide_table), ("threats", self.threat_table), ("open", self.open_table)):
            lines.append(self.agenda_headings[key].text())
            headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount()):
                cells = []
                for c in range(1, table.columnCount()):
                    holder = table.cellWidget(r, c)
                    widget = holder.layout().itemAt(0).widget() if holder is not None else None
                    text = (widget.currentText() if isinstance(widget, QComboBox) else
                            widget.text() if isinstance(widget, QLineEdit) else
                            "" if widget is not None else (table.item(r, c).text() if table.item(r, c) else ""))
                    if text and not text.endswith("\u2026"):
                        cells.append(f"{headers[c]}: {text}" if headers[c] in ("Rationale", "Owner", "Due") else text)
                lines.append(f"  {r + 1}. " + " \u00b7 ".join(cells))
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def copy_agenda(self) -> str:
        text = self.agenda_text()
        QGuiApplication.clipboard().setText(text)
        return text

    @property
    def marking(self) -> Marking:
        return self.data["marking"]

    def _runner(self, error: QLabel | None = None, fields: dict[str, QWidget] | None = None) -> Runner:
        def show(exc: ValidationError) -> None:  # the section's problem line, or a warning
            text = " ".join(sentence(p.message if fields and p.field in fields else f"{p.field}: {p.message}")
                            for p in exc.problems)
            if error is not None:
                show_error(error, None, text)
            elif text:
                self.prompts.warning(self, self.windowTitle(), text)

        return Runner(self, self.ws, prompts=self.prompts, form=ShownBy(show))

    def _write(self, action: str, fn: Any, *args: Any, error: QLabel | None = None,
               fields: dict[str, QWidget] | None = None) -> bool:
        if not self._runner(error, fields).write(action, fn, *args).ok:
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ actions
    def _details(self) -> dict[str, Any]:
        return {"chair": self.chair_edit.text(), "attendees": self.attendees_edit.toPlainText(),
                "notes": self.notes_edit.toPlainText()}

    def save_details(self) -> bool:
        """Only the details changed here are sent, with the version loaded: a save cannot undo
        someone else's change of the same details unseen."""
        ident = self.meeting_id
        op = self._runner(self.details_error).write_edit(
            "tcg.update", tasking.update_meeting, ident, changed(self.details_loaded, self._details()),
            seen_event=self.data.get("seen_event"), latest=lambda: self.ws.read(tasking.get_meeting, ident)["seen_event"])
        if not op.ok:
            return False
        self.reload()
        return True

    def record_decision(self, request_id: int) -> bool:
        """Record the decision chosen on one row of the agenda, with its rationale."""
        widgets = self.decision_widgets.get(request_id)
        if widgets is None:
            return False
        box, edit, _button = widgets
        reference = self.decision_refs[request_id]
        if box.currentData() is None:
            show_error(self.decision_error, box, f"{reference}: choose the decision (accept, decline or defer).")
            box.setFocus()
            return False
        ok = self._write("tcg.decide", tasking.record_decision, self.meeting_id, request_id, box.currentData(),
                         edit.text(), error=self.decision_error, fields={"rationale": edit})
        if not ok and self.decision_error.text():
            show_error(self.decision_error, edit, f"{reference}: {self.decision_error.text()}")
            edit.setFocus()
        return ok

    def add_action(self) -> bool:
        ok = self._write("tcg.action", tasking.add_action, self.meeting_id, self.action_edit.text(),
                         self.action_owner_edit.text(), self.action_due_edit.text().strip(),
                         error=self.action_error, fields={"action": 0, "owner": 0, "due": 0})
        if ok:
            for w in (self.action_edit, self.action_owner_edit, self.action_due_edit):
                w.clear()
        return ok

    def mark_done(self) -> bool:
        action_id = self.actions_table.current_id()
        action = next((a for a in self.data["actions"] if a["id"] == action_id), None)
        if action is None:
            return False
        target = ActionStatus.OPEN if action["status"] is ActionStatus.DONE else ActionStatus.DONE
        return self._write("tcg.action", tasking.set_action_status, action_id, target)

    def finalise(self) -> bool:
        if not self.prompts.question(self, "Finalise meeting",
                                     f"Finalise {self.data['reference']}? Its details and decisions can no longer "
                                     "change (actions can still be marked done).", yes="&Finalise", no="&Cancel"):
            return False
        return self._write("tcg.finalise", tasking.finalise, self.meeting_id)
