"""The Triggers area: referrals from forces and partner agencies, the triage queue, and the
service level (days from receipt to decision)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import ValidationError
from ...domain.intel import TriggerStatus
from ...domain.markings import Marking, highest
from ...domain.subjects import SubjectKind
from ...domain.users import Permission
from ...services import audit, registers, triggers
from ...services.permissions import allowed
from .. import screens
from ..forms import polish
from ..forms.ui_trigger import Ui_TriggerDialog
from ..kit.columns import ColumnMenu
from ..kit.dates import show_date
from ..kit.fields import (
    combo,
    date_of,
    fill_combo,
    sender_items,
    sender_of,
)
from ..kit.history import history_table
from ..notifier import ChangeNotifier
from ..ops import Runner, ShownBy, changed
from ..prompts import Prompts
from ..search import SearchDialog
from ..security import note_view
from ..style import marking_style
from ..tables import RecordTable
from ..widgets import clearable, count_row, open_kept, page_top, show_error, show_row

FILTERS: list[tuple[str, tuple[TriggerStatus, ...] | None]] = [
    ("Awaiting a decision", (TriggerStatus.NEW, TriggerStatus.UNDER_TRIAGE)),
    ("Assigned to me, awaiting a decision", (TriggerStatus.NEW, TriggerStatus.UNDER_TRIAGE)),
    ("Accepted or linked", (TriggerStatus.ACCEPTED, TriggerStatus.LINKED)),
    ("Rejected or duplicate", (TriggerStatus.REJECTED, TriggerStatus.DUPLICATE)),
    ("All triggers", None),
]
MINE = 1  # the filter that shows only the referrals assigned to the signed-in person
VIEWS = {"waiting": 0, "mine": MINE}
COLUMNS = ["Reference", "Received", "From", "Officer", "Kind", "Subject", "Grading", "Status", "Assigned to", "Days",
           "Marking"]
#: the list in a narrow window (1180 pixels wide): these left out first, least important first, until
#: the rest fit (the Columns menu shows them again); these narrowed, cut with an ellipsis and whole in
#: the tooltip, before any is left out
OPTIONAL = ("Kind", "Officer", "Grading")
FLEXIBLE = {"Subject": 2.0, "Officer": 1.0, "Status": 1.4, "Assigned to": 1.2}
FIXED = ("Reference", "Subject")
COLUMNS_SETTING = "triggers/hidden_columns"


class TriggerDialog(QDialog):
    """A referral: record it, edit it while open, and triage it."""

    changed = Signal(int)

    def __init__(self, ws: Any, trigger_id: int | None = None, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.trigger_id = ws, trigger_id
        self.prompts = prompts or Prompts()
        self.windows: list[QWidget] = []
        self.data: dict[str, Any] = ws.read(triggers.get, trigger_id) if trigger_id else {}
        if trigger_id:
            note_view(ws, "trigger", trigger_id, self.data["reference"], self.data["marking"])
        self.subject_id: int | None = self.data.get("subject_id")
        self.setAccessibleName("Trigger report")
        self.resize(760, 720)
        self.ui = Ui_TriggerDialog()
        self.ui.setupUi(self)  # the layout: ui/trigger.ui
        polish(self)
        ui = self.ui
        self.banner, self.status = ui.banner, ui.status
        self.errors: dict[str, QLabel] = {
            "received_on": ui.received_on_error, "force_id": ui.force_id_error, "officer": ui.officer_error,
            "subject_kind": ui.subject_kind_error, "subject_id": ui.subject_id_error,
            "proposed_name": ui.proposed_name_error, "summary": ui.summary_error, "grounds": ui.grounds_error,
            "marking": ui.marking_error, "assigned_to_id": ui.assigned_to_id_error}
        d = self.data
        self.received = ui.received
        day = d.get("received_on") or clock.today()
        self.received.setDate(QDate(day.year, day.month, day.day))
        self.sender = fill_combo(ui.sender, [("Choose...", None)] + sender_items(ws),
                                 f"force:{d['force_id']}" if d.get("force_id") else
                                 f"agency:{d['agency_id']}" if d.get("agency_id") else None)
        self.officer = ui.officer
        self.officer.setText(d.get("officer") or "")
        self.kind = fill_combo(ui.kind, [(k.label, k.value) for k in SubjectKind], d.get("subject_kind"))
        self.subject_label, self.choose_button, self.clear_button = ui.subject_label, ui.choose_button, ui.clear_button
        self.proposed = ui.proposed
        self.proposed.setText(d.get("proposed_name") or "")
        self.hints = ui.hints
        self.summary, self.grounds = ui.summary, ui.grounds
        self.summary.setPlainText(d.get("summary") or "")
        self.grounds.setPlainText(d.get("grounds") or "")
        self.grading = ui.grading
        self.grading.configure("Trigger", d)
        self.marking = fill_combo(ui.marking, [(m.value, m) for m in Marking],
                                  d.get("marking", Marking.OFFICIAL_SENSITIVE))
        self.assignee = fill_combo(ui.assignee, [("Nobody yet", None)] + [
            (o["display_name"], o["id"]) for o in ws.read(triggers.triage_officers)], d.get("assigned_to_id"))

        self.tabs = ui.tabs
        if trigger_id:
            self.tabs.addTab(history_table(ws.read(audit.history, "trigger", trigger_id), "Trigger history"),
                             "Histor&y")
        self.save_button, self.triage_button, self.accept_button = ui.save_button, ui.triage_button, ui.accept_button
        self.link_button, self.reject_button, self.duplicate_button = ui.link_button, ui.reject_button, ui.duplicate_button
        ui.close_button.clicked.connect(self.reject)

        self.choose_button.clicked.connect(lambda: self.choose_subject())
        self.clear_button.clicked.connect(lambda: self._set_subject(None))
        self.proposed.editingFinished.connect(self.refresh_hints)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh_hints())
        self.marking.currentIndexChanged.connect(lambda _i: self._banner())
        self.assignee.activated.connect(lambda _i: self.assign())
        self.save_button.clicked.connect(self.save)
        self.triage_button.clicked.connect(lambda: self._decide("trigger.triage", triggers.start_triage))
        self.accept_button.clicked.connect(self.accept_for_assessment)
        self.link_button.clicked.connect(lambda: self.choose_subject(link=True))
        self.reject_button.clicked.connect(self.reject_trigger)
        self.duplicate_button.clicked.connect(self.mark_duplicate)
        self.ops = Runner(self, ws, prompts=self.prompts, form=ShownBy(self._show_problems), title="Trigger report",
                          buttons=[self.save_button])
        self.decisions = Runner(self, ws, prompts=self.prompts, title="Trigger report",
                                buttons=[self.triage_button, self.accept_button, self.link_button,
                                         self.reject_button, self.duplicate_button])
        self._set_subject(self.subject_id)
        self._state()
        self.loaded = self.values()  # what an edit is measured against (only changed fields are sent)

    # ------------------------------------------------------------------ state
    def _banner(self) -> None:
        marking = self.marking.currentData()
        self.banner.setText(marking.value)
        self.banner.setStyleSheet(marking_style(marking))

    def _state(self) -> None:
        d = self.data
        self._banner()
        status: TriggerStatus | None = d.get("status")
        can_edit = allowed(self.ws.actor, Permission.EDIT_RECORDS)
        open_ = status is None or not status.decided
        self.setWindowTitle(f"{d['reference']} \u2014 trigger report" if d else "New trigger report")
        if status is None:
            self.status.setText("A new referral: fill it in and save it to put it in the triage queue.")
        else:
            when = (f"decided {show_date(d['decided_on'])} by {d['decided_by']}, {d['days_to_decision']} days after "
                    "receipt" if d["decided_on"] else f"waiting {d['days_waiting']} days since receipt")
            reason = f" \u2014 {d['decision_reason']}" if d.get("decision_reason") else ""
            self.status.setText(f"<b>{status.label}</b> ({when}){reason}")
        for w in (self.received, self.sender, self.officer, self.kind, self.choose_button, self.clear_button,
                  self.proposed, self.summary, self.grounds, self.grading, self.marking, self.save_button,
                  self.assignee):
            w.setEnabled(open_ and can_edit)
        index = self.assignee.findData(d.get("assigned_to_id"))
        self.assignee.setCurrentIndex(max(index, 0))
        decidable = status is not None and open_ and can_edit
        self.triage_button.setEnabled(decidable and status is TriggerStatus.NEW)
        for b in (self.accept_button, self.link_button, self.reject_button, self.duplicate_button):
            b.setEnabled(decidable)

    def _set_subject(self, subject_id: int | None) -> None:
        self.subject_id = subject_id
        if subject_id is None:
            self.subject_label.setText("none (propose a new subject below)")
        else:
            s = self.ws.read(registers.get_subject, subject_id)
            self.subject_label.setText(f"{s['reference']} {s['name']}")
            index = self.kind.findData(s["kind"])
            self.kind.setCurrentIndex(index)
        self.proposed.setEnabled(subject_id is None and self.save_button.isEnabled())
        self.refresh_hints()

    def refresh_hints(self) -> None:
        hints = self.ws.read(triggers.possible_duplicates, self.kind.currentData(),
                             None if self.subject_id else self.proposed.text(), subject_id=self.subject_id,
                             exclude_id=self.trigger_id)
        self.hints.setText("Possible duplicates: " + "; ".join(h["why"] for h in hints) if hints else "")
        self.hints.setVisible(bool(hints))

    # ------------------------------------------------------------------ actions
    def values(self) -> dict[str, Any]:
        force_id, agency_id = sender_of(self.sender.currentData())
        return {
            "received_on": date_of(self.received), "force_id": force_id, "agency_id": agency_id,
            "officer": self.officer.text(), "subject_kind": self.kind.currentData(),
            "subject_id": self.subject_id, "proposed_name": "" if self.subject_id else self.proposed.text(),
            "summary": self.summary.toPlainText(), "grounds": self.grounds.toPlainText(),
            "marking": self.marking.currentData(), **self.grading.values(),
        }

    def assign(self) -> None:
        """A saved referral is assigned at once; a new one when it is first saved."""
        if self.trigger_id is not None and self.assignee.currentData() != self.data.get("assigned_to_id"):
            self._decide("trigger.assign", triggers.assign, self.assignee.currentData())

    def save(self) -> bool:
        """Record a new referral (and assign it, if someone was chosen), or save the changes to this
        one. False if nothing was saved; a new referral whose assignment is refused is saved, and the
        refusal is shown at the assignee."""
        values, assignee = self.values(), self.assignee.currentData()
        if self.trigger_id is None:
            op = self.ops.write("trigger.create", triggers.create, values)
            if op.ok:
                self.trigger_id, _ref = op.result
                if assignee is not None:  # refused: shown at the assignee, and the referral stays saved
                    self.ops.write("trigger.assign", triggers.assign, self.trigger_id, assignee)
        else:
            ident = self.trigger_id
            op = self.ops.write_edit("trigger.update", triggers.update, ident, changed(self.loaded, values),
                                     seen_event=self.data.get("seen_event"),
                                     latest=lambda: self.ws.read(triggers.get, ident)["seen_event"])
        if not op.ok:
            return False
        self._reload()
        return True

    def _show_problems(self, exc: ValidationError) -> None:
        widgets = {"received_on": self.received, "force_id": self.sender, "agency_id": self.sender,
                   "officer": self.officer, "subject_kind": self.kind, "subject_id": self.subject_label,
                   "proposed_name": self.proposed, "summary": self.summary, "grounds": self.grounds,
                   "marking": self.marking, "assigned_to_id": self.assignee}
        for field, label in self.errors.items():
            messages = exc.for_field(field) + (exc.for_field("agency_id") if field == "force_id" else [])
            show_error(label, widgets[field], "; ".join(messages))
        self.grading.show_problems(exc)

    def _reload(self) -> None:
        self.data = self.ws.read(triggers.get, self.trigger_id)
        self._state()
        self.loaded = self.values()
        self.changed.emit(self.trigger_id)

    def _decide(self, action: str, fn: Any, *args: Any) -> Any:
        op = self.decisions.write(action, fn, self.trigger_id, *args)
        if not op.ok:
            return None
        self._reload()
        return op.result if op.result is not None else True

    def choose_subject(self, *, link: bool = False) -> SearchDialog:
        dialog = SearchDialog(self.ws, self)
        dialog.setWindowTitle("Link the trigger to a subject" if link else "Choose the subject of the trigger")
        dialog.open_record.connect(lambda _kind, sid: self._picked(sid, link))
        dialog.open()
        self.windows.append(dialog)
        return dialog

    def _picked(self, subject_id: int, link: bool) -> None:
        if link:
            self._decide("trigger.link", triggers.link, subject_id)
        else:
            self._set_subject(subject_id)

    def accept_for_assessment(self) -> QWidget | None:
        subject_id = self._decide("trigger.accept", triggers.accept)
        if subject_id is None:
            return None
        if not self.prompts.question(self, "Accepted", f"{self.data['reference']} is accepted. Start the "
                                                       "assessment now?", yes="&Start assessment", no="&Later"):
            return None
        wizard = screens.make(screens.ASSESSMENT_WIZARD, self.ws, subject_id=subject_id, trigger_id=self.trigger_id,
                              prompts=self.prompts, parent=self)
        self.windows.append(wizard)
        wizard.open()
        return wizard

    def reject_trigger(self) -> None:
        reason = self.prompts.ask_text(self, "Reject trigger", "Why is the referral rejected?")
        if reason:
            self._decide("trigger.reject", triggers.reject, reason)

    def mark_duplicate(self) -> None:
        ref = self.prompts.ask_text(self, "Duplicate trigger", "Reference of the original trigger (e.g. TRG-2026-0012):")
        if not ref:
            return
        found = [r for r in self.ws.read(triggers.listing) if r["reference"] == ref.strip().upper()]
        if not found:
            self.prompts.warning(self, "Duplicate trigger", f"There is no trigger {ref.strip()}.")
            return
        self._decide("trigger.duplicate", triggers.mark_duplicate, found[0]["id"])


class TriggersPage(QWidget):
    marking_changed = Signal(object)

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Triggers"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Triggers page")
        self.dialogs: list[QWidget] = []
        self.new_button = QPushButton("&New trigger...")
        self.new_button.setAccessibleName("New trigger report")
        self.new_button.setToolTip("Record a referral from a force or agency (Ctrl+N)")
        self.new_button.setEnabled(allowed(ws.actor, Permission.EDIT_RECORDS))
        top = page_top("Trigger reports", self.new_button)
        self.filter = combo("Show triggers", [(label, i) for i, (label, _) in enumerate(FILTERS)])
        self.text = QLineEdit()
        self.text.setAccessibleName("Filter triggers")
        self.text.setPlaceholderText("Filter: reference, sender, officer, subject, summary")
        clearable(self.text, "Clear trigger filter")
        self.service = QLabel()
        self.service.setAccessibleName("Service level")
        self.count = QLabel()
        self.count.setAccessibleName("Trigger count")
        self.table = RecordTable("Trigger reports", COLUMNS)
        self.table.fit_columns(FLEXIBLE, optional=OPTIONAL)   # never scrolled sideways (#22)
        self.columns_button = QPushButton("Co&lumns")
        self.columns_button.setAccessibleName("Choose trigger list columns")
        self.columns = ColumnMenu(self.columns_button, self.table, "trigger list", COLUMNS_SETTING, fixed=FIXED)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open selected trigger")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.service)
        filters = show_row(self.filter, self.text)
        filters.addWidget(self.columns_button)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(count_row(self.count, self.open_button))
        self.new_button.clicked.connect(lambda: self.new_trigger())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_trigger)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.text.textChanged.connect(lambda _t: self.refresh())
        self.table.itemActivated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(lambda: self.open_selected())
        notifier.changed.connect(lambda areas: self.refresh() if {"trigger", "group", "nominal", "vulnerability"}
                                 & set(areas) else None)
        self.refresh()

    def refresh(self) -> None:
        statuses = FILTERS[self.filter.currentIndex()][1]
        mine = self.ws.actor.user_id if self.filter.currentIndex() == MINE else None
        rows = self.ws.read(triggers.listing, statuses=statuses, assigned_to_id=mine)
        needle = self.text.text().strip().casefold()
        if needle:
            rows = [r for r in rows if needle in " ".join(str(r.get(k) or "") for k in (
                "reference", "source_name", "officer", "subject_reference", "subject_name", "summary")).casefold()]
        self.rows = {r["id"]: r for r in rows}
        self.table.fill([[r["reference"], show_date(r['received_on']), r["source_name"], r["officer"],
                          r["subject_kind"], " ".join(x for x in (r["subject_reference"], r["subject_name"]) if x),
                          r["grading"], r["status"].label, r["assigned_to"] or "",
                          r["days_to_decision"] if r["days_to_decision"] is not None else r["days_waiting"],
                          r["marking"].value] for r in rows], [r["id"] for r in rows])
        self.table.horizontalHeaderItem(COLUMNS.index("Days")).setToolTip("Days from receipt to decision, or waiting so far")
        self.count.setText(f"{len(rows)} trigger report{'s' if len(rows) != 1 else ''}")
        level = self.ws.read(triggers.service_level)
        self.service.setText("No referral decided yet." if not level["decided"] else
                             f"Service level: median {level['median_days']:g} days from receipt to decision "
                             f"(mean {level['mean_days']:g}, longest {level['longest_days']}) over "
                             f"{level['decided']} decided referrals.")
        self.marking = highest([r["marking"] for r in rows], Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)

    def show_view(self, view: str) -> None:
        """"waiting": every referral awaiting a decision; "mine": those assigned to me."""
        self.filter.setCurrentIndex(VIEWS.get(view, 0))
        self.text.clear()

    def _show(self, dialog: QDialog) -> QDialog:
        return open_kept(self.dialogs, dialog)

    def new_trigger(self) -> TriggerDialog:
        return self._show(TriggerDialog(self.ws, prompts=self.prompts, parent=self))

    def open_trigger(self, trigger_id: int) -> TriggerDialog:
        return self._show(TriggerDialog(self.ws, trigger_id, prompts=self.prompts, parent=self))

    def open_selected(self) -> TriggerDialog | None:
        ident = self.table.current_id()
        return None if ident is None else self.open_trigger(ident)
