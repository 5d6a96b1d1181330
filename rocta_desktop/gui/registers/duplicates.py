"""The Duplicates area: pairs of nominals (or groups) that may be one, ranked, with the reasons and
both records side by side; "same" merges them (and can be undone), "not the same" is remembered
and never suggested again, "later" puts the pair at the end of the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from ...domain.markings import Marking, highest
from ...domain.users import Permission
from ...services import duplicates
from ...services.permissions import allowed
from ..forms import polish
from ..forms.ui_duplicates import Ui_DuplicatesPage
from ..kit.dates import show_date, show_time
from ..notifier import ChangeNotifier
from ..ops import Runner
from ..prompts import Prompts
from ..widgets import busy

PAIR_COLUMNS = ["Score", "Record", "Possible duplicate", "Why", "Decision"]
MERGE_COLUMNS = ["Merge", "Kept", "Merged into it", "When", "What moved", "Undone"]
#: the columns narrowed (cut with an ellipsis, whole in the tooltip) so that neither list scrolls
#: sideways (#22), with their weights; every reason is also shown whole under the list
PAIR_FLEXIBLE = {"Record": 2.0, "Possible duplicate": 2.0, "Why": 1.5}
MERGE_FLEXIBLE = {"Kept": 1.4, "Merged into it": 1.4, "What moved": 2.0}
#: what the side-by-side comparison shows as a date (the UK way, as every screen does)
DATES = frozenset({"date_of_birth"})
#: what the side-by-side comparison shows, per kind: (label, key in the record summary)
FIELDS = {
    "nominal": [("Reference", "reference"), ("Name", "name"), ("Date of birth", "date_of_birth"),
                ("Aliases", "aliases"), ("Identifiers", "identifiers"), ("Groups", "groups"), ("Status", "status"),
                ("Marking", "marking"), ("Recorded at", "origin")],
    "group": [("Reference", "reference"), ("Name", "name"), ("Nicknames", "nicknames"), ("Members", "members"),
              ("Lead force", "lead_force"), ("Status", "status"), ("Marking", "marking"), ("Recorded at", "origin")],
}


def _text(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if key in DATES:
        return show_date(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


class DuplicatesPage(QWidget):
    marking_changed = Signal(object)
    open_subject = Signal(int)

    def __init__(self, ws: Any, notifier: ChangeNotifier, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Duplicates"
        self.marking = Marking.OFFICIAL_SENSITIVE
        self.setAccessibleName("Duplicates page")
        self.pairs: list[dict[str, Any]] = []
        self.merge_rows: list[dict[str, Any]] = []
        can_edit = allowed(ws.actor, Permission.EDIT_RECORDS)

        self.ui = Ui_DuplicatesPage()
        self.ui.setupUi(self)  # the layout: ui/duplicates.ui
        polish(self)
        ui = self.ui
        self.kind, self.find_button, self.stats = ui.kind, ui.find_button, ui.stats
        self.kind.addItem("Nominals (people)", "nominal")
        self.kind.addItem("Organised crime groups", "group")
        self.table, self.merges = ui.table, ui.merges
        self.table.configure("Possible duplicate pairs", PAIR_COLUMNS)
        self.merges.configure("Merges", MERGE_COLUMNS)
        self.table.fit_columns(PAIR_FLEXIBLE, stretch="Why")
        self.merges.fit_columns(MERGE_FLEXIBLE, stretch="What moved")
        self.reasons, self.compare = ui.reasons, ui.compare
        self.compare.horizontalHeader().setAccessibleName("The two records column headers")
        self.compare.verticalHeader().setAccessibleName("The two records field names")
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # one line a field, every row alike: a value too long for its half is cut, whole in its tooltip
        self.compare.setWordWrap(False)
        self.compare.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.same_button, self.swap_button = ui.same_button, ui.swap_button
        self.not_same_button, self.later_button = ui.not_same_button, ui.later_button
        self.open_a, self.open_b = ui.open_a, ui.open_b
        self.undo_button, self.merge_count, self.tabs = ui.undo_button, ui.merge_count, ui.tabs
        self.can_edit = can_edit

        self.kept_left = True
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.find_button.clicked.connect(lambda: self.refresh())
        self.table.itemSelectionChanged.connect(self._show_pair)
        self.same_button.clicked.connect(lambda: self.merge_selected())
        self.swap_button.clicked.connect(self._swap)
        self.not_same_button.clicked.connect(lambda: self.decide_selected("not_same"))
        self.later_button.clicked.connect(lambda: self.decide_selected("later"))
        self.open_a.clicked.connect(lambda: self._open(0))
        self.open_b.clicked.connect(lambda: self._open(1))
        self.merges.itemSelectionChanged.connect(self._merge_selected)
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        # each decision's failure says what did not happen; the buttons are set again from the
        # pair (or merge) selected once the call is over, as the change notice may have moved on
        self.merging = Runner(self, ws, prompts=self.prompts, title="Merge: nothing was merged",
                              buttons=[self.same_button, self.not_same_button, self.later_button])
        self.deciding = Runner(self, ws, prompts=self.prompts, title="Duplicates",
                               buttons=[self.same_button, self.not_same_button, self.later_button])
        self.unmerging = Runner(self, ws, prompts=self.prompts, title="Undo merge: nothing was changed",
                                buttons=[self.undo_button])
        notifier.changed.connect(lambda areas: self.refresh() if {"nominal", "group", "duplicates"} & set(areas)
                                 else None)
        self.refresh()

    # ------------------------------------------------------------------ lists

    @property
    def current_kind(self) -> str:
        return self.kind.currentData()

    def refresh(self) -> None:
        with busy():
            found = self.ws.read(duplicates.candidates, self.current_kind)
            self.merge_rows = self.ws.read(duplicates.merges)
        self.pairs = found["pairs"]
        st = found["stats"]
        noun = "people" if self.current_kind == "nominal" else "groups"
        self.stats.setText(
            f"{len(self.pairs)} possible pair{'s' if len(self.pairs) != 1 else ''} among {st['records']:,} {noun} "
            f"({st['compared']:,} comparisons instead of {st['all_pairs']:,}). Pairs you called \"not the same\" "
            "are not shown again.")
        rows = [[p["score"], f"{p['a']['reference']}  {p['a']['name']}", f"{p['b']['reference']}  {p['b']['name']}",
                 "; ".join(p["reasons"]), "later" if p["decision"] == "later" else ""] for p in self.pairs]
        self.table.fill(rows, list(range(len(self.pairs))))
        self.merges.fill([[m["reference"], m["keep"], m["other"], show_time(m['merged_at']),
                           ", ".join(f"{n} {w}" for w, n in m["moved"].items()) or "nothing",
                           show_time(m['undone_at']) if m["undone_at"] else ""] for m in self.merge_rows],
                         [m["id"] for m in self.merge_rows])
        live = sum(1 for m in self.merge_rows if not m["undone_at"])
        self.merge_count.setText(f"{len(self.merge_rows)} merge{'s' if len(self.merge_rows) != 1 else ''} "
                                 f"({live} in force)")
        self.marking = highest([Marking(x[k]["marking"]) for x in self.pairs for k in ("a", "b")],
                               Marking.OFFICIAL_SENSITIVE)
        self.marking_changed.emit(self.marking)
        if self.pairs:
            self.table.selectRow(0)
        else:
            self._show_pair()

    def selected(self) -> dict[str, Any] | None:
        row = self.table.current_id()
        return self.pairs[row] if row is not None and 0 <= row < len(self.pairs) else None

    def _sides(self, pair: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return (pair["a"], pair["b"]) if self.kept_left else (pair["b"], pair["a"])

    def _show_pair(self) -> None:
        pair = self.selected()
        for b in (self.same_button, self.swap_button, self.not_same_button, self.later_button):
            b.setEnabled(pair is not None and self.can_edit)
        self.open_a.setEnabled(pair is not None)
        self.open_b.setEnabled(pair is not None)
        self.compare.setRowCount(0)
        if pair is None:
            self.reasons.setText("No pair selected." if self.pairs else "No possible duplicates: nothing to decide.")
            return
        keep, other = self._sides(pair)
        self.reasons.setText(f"Score {pair['score']}: " + "; ".join(pair["reasons"]))
        self.compare.setHorizontalHeaderLabels([f"Kept: {keep['reference']}", f"Merged into it: {other['reference']}"])
        labels = FIELDS[pair["kind"]]
        self.compare.setRowCount(len(labels))
        self.compare.setVerticalHeaderLabels([label for label, _ in labels])
        for r, (_label, key) in enumerate(labels):
            left, right = _text(keep.get(key), key), _text(other.get(key), key)
            for c, value in enumerate((left, right)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if left != right and left and right and key != "reference":
                    item.setBackground(Qt.GlobalColor.yellow)   # differs: the analyst looks here first
                self.compare.setItem(r, c, item)

    def _swap(self) -> None:
        self.kept_left = not self.kept_left
        self._show_pair()

    def _open(self, side: int) -> None:
        pair = self.selected()
        if pair is not None:
            self.open_subject.emit(self._sides(pair)[side]["id"])

    # ------------------------------------------------------------------ decisions

    def merge_selected(self, *, confirm: bool = True) -> dict[str, Any] | None:
        pair = self.selected()
        if pair is None:
            return None
        keep, other = self._sides(pair)
        if confirm and not self.prompts.question(
                self, "Merge the two records?",
                f"{other['reference']} {other['name']} will be merged into {keep['reference']} {keep['name']}: its "
                "memberships, links, identifiers, aliases, assessments and history move to it, blanks are filled "
                f"from it, and {other['reference']} is archived as merged.\n\nThe merge can be undone (Merges tab).",
                yes="&Merge", no="&Cancel"):
            return None
        op = self.merging.write("merge", duplicates.merge, keep["id"], other["id"])
        if op.ok:
            self.kept_left = True
        self._show_pair()
        if not op.ok:
            return None
        result = op.result
        self.stats.setText(f"{result['other']} merged into {result['keep']} ({result['reference']}). "
                           + self.stats.text())
        return result

    def decide_selected(self, decision: str) -> bool:
        pair = self.selected()
        if pair is None:
            return False
        op = self.deciding.write("duplicates.decide", duplicates.decide, pair["a"]["id"], pair["b"]["id"], decision)
        self._show_pair()
        return op.ok

    def _merge_selected(self) -> None:
        m = self._current_merge()
        self.undo_button.setEnabled(m is not None and not m["undone_at"] and self.can_edit)

    def _current_merge(self) -> dict[str, Any] | None:
        ident = self.merges.current_id()
        return next((m for m in self.merge_rows if m["id"] == ident), None)

    def undo_selected(self, *, confirm: bool = True) -> dict[str, Any] | None:
        m = self._current_merge()
        if m is None or m["undone_at"]:
            return None
        if confirm and not self.prompts.question(
                self, "Undo the merge?", f"{m['other']} and {m['keep']} become separate records again, each with "
                                         "what it had before the merge.", yes="&Undo merge", no="&Cancel"):
            return None
        op = self.unmerging.write("unmerge", duplicates.unmerge, m["id"])
        self._merge_selected()
        if not op.ok:
            return None
        result = op.result
        if result["left"]:
            self.prompts.information(self, "Undo merge", "Undone. Not put back (changed since the merge):\n"
                                     + "\n".join(result["left"]))
        return result
