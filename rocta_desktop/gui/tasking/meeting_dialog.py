"""T&CG meetings: a form to open one (which freezes the priority list), and the meeting record:
details, the frozen priority list, decisions on proposed requests (which move them on the board)
and actions with owners and due dates; finalising closes the record for good."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import RoctaError, ValidationError
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
from ..kit.forms import FormDialog
from ..prompts import Prompts
from ..style import marking_style
from ..tables import RecordTable
from ..widgets import error_label, show_error
from .board import RankedTable
from .request_dialog import combo, owner_items

SNAPSHOT_COLUMNS = ["Rank", "Reference", "Name", "Priority", "MoRiLE", "OCGM", "Confidence", "Level", "Owner",
                    "Marking"]
DECISION_COLUMNS = ["Request", "Subject", "Objective", "Decision", "Rationale", "Now"]
ACTION_COLUMNS = ["Action", "Owner", "Due", "Status"]


class NewMeetingDialog(FormDialog):
    def __init__(self, ws: Any, *, prompts: Prompts, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__("New T&CG meeting", prompts=prompts, parent=parent, width=520,
                         intro="Saving records the meeting and freezes the priority list as it stands now.",
                         save_text="&Record meeting", save_name="Record meeting")
        self.ws = ws
        self.saved_id: int | None = None
        self.date_edit = QLineEdit(f"{today or clock.today():%d/%m/%Y}")
        self.date_edit.setAccessibleName("Meeting date")
        self.date_edit.setPlaceholderText("DD/MM/YYYY")
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

        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName("Protective marking")
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setAccessibleName("Meeting status")

        # details
        self.chair_edit = QLineEdit()
        self.chair_edit.setAccessibleName("Chair")
        self.attendees_edit = QPlainTextEdit()
        self.attendees_edit.setAccessibleName("Attendees")
        self.attendees_edit.setTabChangesFocus(True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName("Meeting notes")
        self.notes_edit.setTabChangesFocus(True)
        self.save_details_button = QPushButton("&Save details")
        self.save_details_button.setAccessibleName("Save meeting details")
        self.details_error = error_label("Meeting details problem", boxed=True)
        details = QWidget()
        form = QFormLayout(details)
        chair_label = QLabel("C&hair")
        chair_label.setBuddy(self.chair_edit)
        att_label = QLabel("Atte&ndees")
        att_label.setBuddy(self.attendees_edit)
        notes_label = QLabel("Not&es")
        notes_label.setBuddy(self.notes_edit)
        form.addRow(chair_label, self.chair_edit)
        form.addRow(att_label, self.attendees_edit)
        form.addRow(notes_label, self.notes_edit)
        form.addRow("", self.details_error)
        form.addRow("", self.save_details_button)

        # snapshot
        self.snapshot_note = QLabel()
        self.snapshot_note.setObjectName("muted")
        self.snapshot_note.setAccessibleName("Snapshot explanation")
        self.snapshot_table = RankedTable("Priority list as it stood", SNAPSHOT_COLUMNS)
        snap = QWidget()
        sl = QVBoxLayout(snap)
        sl.addWidget(self.snapshot_note)
        sl.addWidget(self.snapshot_table, 1)

        # decisions
        self.request_box = QComboBox()
        self.request_box.setAccessibleName("Request to decide")
        self.decision_box = combo("Decision", [(d.label, d) for d in Decision], Decision.ACCEPT, none=None)
        self.rationale_edit = QLineEdit()
        self.rationale_edit.setAccessibleName("Rationale")
        self.rationale_edit.setPlaceholderText("Why (recorded with the decision)")
        self.decide_button = QPushButton("&Record decision")
        self.decide_button.setAccessibleName("Record decision")
        self.decide_button.setObjectName("primary")
        self.decision_error = error_label("Decision problem")
        self.decisions_table = RecordTable("Decisions", DECISION_COLUMNS)
        dec = QWidget()
        dl = QVBoxLayout(dec)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for row, label, w, stretch in ((row1, "Re&quest", self.request_box, 1),
                                       (row2, "De&cision", self.decision_box, 0),
                                       (row2, "Rationa&le", self.rationale_edit, 1)):
            lab = QLabel(label)
            lab.setBuddy(w)
            row.addWidget(lab)
            row.addWidget(w, stretch)
        row2.addWidget(self.decide_button)
        dl.addLayout(row1)
        dl.addLayout(row2)
        dl.addWidget(self.decision_error)
        dl.addWidget(self.decisions_table, 1)

        # actions
        self.action_edit = QLineEdit()
        self.action_edit.setAccessibleName("Action")
        self.action_edit.setPlaceholderText("What is to be done")
        self.action_owner_edit = QLineEdit()
        self.action_owner_edit.setAccessibleName("Action owner")
        self.action_owner_edit.setPlaceholderText("Who")
        self.action_due_edit = QLineEdit()
        self.action_due_edit.setAccessibleName("Action due date")
        self.action_due_edit.setPlaceholderText("DD/MM/YYYY")
        self.add_action_button = QPushButton("Add ac&tion")
        self.add_action_button.setAccessibleName("Add action")
        self.done_button = QPushButton("Mark d&one")
        self.done_button.setAccessibleName("Mark selected action done")
        self.action_error = error_label("Action problem")
        self.actions_table = RecordTable("Actions", ACTION_COLUMNS)
        act = QWidget()
        al = QVBoxLayout(act)
        arow = QHBoxLayout()
        arow.addWidget(self.action_edit, 3)
        arow.addWidget(self.action_owner_edit, 1)
        arow.addWidget(self.action_due_edit, 1)
        arow.addWidget(self.add_action_button)
        al.addLayout(arow)
        al.addWidget(self.action_error)
        al.addWidget(self.actions_table, 1)
        brow = QHBoxLayout()
        brow.addWidget(self.done_button)
        brow.addStretch(1)
        al.addLayout(brow)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Meeting record")
        self.tabs.addTab(dec, "&Decisions")
        self.tabs.addTab(snap, "&Priority list")
        self.tabs.addTab(act, "&Actions")
        self.tabs.addTab(details, "Deta&ils")

        self.finalise_button = QPushButton("&Finalise...")
        self.finalise_button.setAccessibleName("Finalise meeting")
        self.finalise_button.setToolTip("Close the record: the meeting and its decisions can no longer change")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        buttons = QHBoxLayout()
        buttons.addWidget(self.finalise_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.status_label)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.save_details_button.clicked.connect(self.save_details)
        self.decide_button.clicked.connect(self.record_decision)
        self.add_action_button.clicked.connect(self.add_action)
        self.done_button.clicked.connect(self.mark_done)
        self.finalise_button.clicked.connect(self.finalise)
        self.close_button.clicked.connect(self.accept)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        m = self.data = self.ws.read(tasking.get_meeting, self.meeting_id)
        title = (f"T&CG {m['reference']}: {m['kind'].label.lower()} {m['level'].label.lower()} meeting, "
                 f"{m['held_on']:%d %b %Y}" + (f" ({m['force']})" if m["force"] else ""))
        self.setWindowTitle(title)
        self.setAccessibleName(f"T&CG meeting {m['reference']}")
        self.heading.setText(title)
        self.banner.setText(m["marking"].value)
        self.banner.setStyleSheet(marking_style(m["marking"]))
        final = m["finalised"]
        self.status_label.setText(f"Finalised {m['finalised_at']:%d %b %Y} by {m['finalised_by']}" if final
                                  else "Open: decisions and actions can be recorded")
        self.chair_edit.setText(m["chair"] or "")
        self.attendees_edit.setPlainText("\n".join(m["attendees"]))
        self.notes_edit.setPlainText(m["notes"] or "")
        self.snapshot_note.setText(f"The priority list frozen when the meeting was recorded "
                                   f"({m['snapshot_at']:%d %b %Y %H:%M} UTC, {len(m['snapshot'])} subjects). "
                                   "It never changes.")
        self.snapshot_table.fill([[r["rank"], r["reference"], r["name"], r["priority"] or "",
                                   " ".join(x for x in (tasking.score_text(r["morile"]), r["morile_band"] and
                                                        f"({r['morile_band']})") if x),
                                   " ".join(x for x in (tasking.score_text(r["ocgm"]), r["ocgm_band"] and
                                                        f"({r['ocgm_band']})") if x),
                                   r["confidence"] or "", r["management_level"] or "", r["owner_unit"] or "",
                                   r["marking"]] for r in m["snapshot"]], [r["subject_id"] for r in m["snapshot"]])
        self.decisions_table.fill([[d["request"], d["subject"], d["objective"], d["decision"].label, d["rationale"],
                                    d["status"].label] for d in m["decisions"]], [d["id"] for d in m["decisions"]])
        self.actions_table.fill([[a["text"], a["owner"], f"{a['due']:%d %b %Y}" if a["due"] else "",
                                  a["status"].label] for a in m["actions"]], [a["id"] for a in m["actions"]])
        decided = {d["request_id"] for d in m["decisions"]}
        self.request_box.clear()
        for r in self.ws.read(tasking.requests, statuses=(TaskStatus.PROPOSED,)):
            if r["id"] not in decided:
                self.request_box.addItem(f"{r['reference']} {r['priority']} {r['subject_reference']}: "
                                         f"{r['objective'][:60]}", r["id"])
        self.tabs.setTabText(0, f"&Decisions ({len(m['decisions'])})")
        self.tabs.setTabText(2, f"&Actions ({len(m['actions'])})")
        editable = self.can_edit and not final
        for w in (self.chair_edit, self.attendees_edit, self.notes_edit, self.save_details_button,
                  self.action_edit, self.action_owner_edit, self.action_due_edit, self.add_action_button):
            w.setEnabled(editable)
        deciding = editable and self.can_decide
        for w in (self.request_box, self.decision_box, self.rationale_edit, self.decide_button):
            w.setEnabled(deciding and self.request_box.count() > 0)
        self.decide_button.setToolTip("" if self.can_decide else "Only a supervisor records T&CG decisions")
        self.finalise_button.setEnabled(deciding)
        self.done_button.setEnabled(self.can_edit and bool(m["actions"]))

    @property
    def marking(self) -> Marking:
        return self.data["marking"]

    def _write(self, action: str, fn: Any, *args: Any, error: QLabel | None = None,
               fields: dict[str, QWidget] | None = None) -> bool:
        if error is not None:
            show_error(error, None, "")
        try:
            self.ws.write(action, fn, *args)
        except ValidationError as exc:
            text = " ".join(sentence(p.message if fields and p.field in fields else f"{p.field}: {p.message}")
                            for p in exc.problems)
            if error is not None:
                show_error(error, None, text)
            else:
                self.prompts.warning(self, self.windowTitle(), text)
            return False
        except RoctaError as exc:
            self.prompts.warning(self, self.windowTitle(), sentence(str(exc)))
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ actions
    def save_details(self) -> bool:
        return self._write("tcg.update", tasking.update_meeting, self.meeting_id,
                           {"chair": self.chair_edit.text(), "attendees": self.attendees_edit.toPlainText(),
                            "notes": self.notes_edit.toPlainText()}, error=self.details_error)

    def record_decision(self) -> bool:
        request_id = self.request_box.currentData()
        if request_id is None:
            return False
        ok = self._write("tcg.decide", tasking.record_decision, self.meeting_id, request_id,
                         self.decision_box.currentData(), self.rationale_edit.text(), error=self.decision_error,
                         fields={"rationale": self.rationale_edit})
        if ok:
            self.rationale_edit.clear()
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
