"""The link chart screen: the network around one record (services/network.py builds it, filtered for
need to know, and lays it out; this scales and draws it, gui/network/view.py), with its key people,
the analyst's view of it and its files.

The view: records moved by dragging; a record expanded (one more step out from it) or collapsed (the
records hanging only from it folded in); kinds of record or link hidden; links outside a period or
records and links above a marking left out. The banner carries the highest marking of what is shown,
and so does every file made from it. A view is saved with the subject under a name (audited; a reader
who may not see the subject or a record in it never meets it) and reopened from "Saved layouts".

Files: Print (previewed), PDF, PNG and SVG are the one drawing the pack prints too
(exchange/chart_drawing.py); i2 spreadsheet and GraphML for other tools. Each is audited.
Double-clicking a record (or Enter on the selection) emits `open_record(id, kind)`: the opener
decides how to open it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError, ValidationError
from ...domain.markings import Marking
from ...domain.network import EDGE_KINDS, KIND_LABELS, NODE_KINDS, ChartState
from ...services import network
from ..kit.dates import DATE_PLACEHOLDER, show_date, show_time
from ..ops import Runner
from ..style import marking_style
from .view import ChartView, Legend

EXPORTS = (  # format, button text, accessible name, file filter
    ("pdf", "P&DF...", "Save chart as PDF", "PDF (*.pdf)"),
    ("png", "PN&G...", "Save chart as PNG", "PNG picture (*.png)"),
    ("svg", "S&VG...", "Save chart as SVG", "SVG picture (*.svg)"),
    ("xlsx", "&i2 spreadsheet...", "Save chart for i2", "i2 spreadsheet (*.xlsx)"),
    ("graphml", "Graph&ML...", "Save chart as GraphML", "GraphML (*.graphml)"),
)
NO_LAYOUT = "(as first drawn)"


def _count(count: int, word: str, plural: str) -> str:
    return f"{count} {word if count == 1 else plural}"


class ChartScreen(QDialog):
    """The chart around one record, with its key people and view controls beside it.
    `open_record(id, kind)` when a record is double-clicked (on the chart or in the list)."""

    open_record = Signal(int, str)

    def __init__(self, ws: Any, subject_id: int, parent: QWidget | None = None, *, depth: int = 1,
                 layout_as: str | None = None, prompts: Any = None, saved: str | None = None):
        super().__init__(parent)
        from ..prompts import Prompts
        self.ws, self.subject_id = ws, subject_id
        self.prompts = prompts or Prompts()
        self.state = ChartState(depth=depth, layout=layout_as)
        self.whole: Any = None          # the chart as built (expansions included)
        self.chart: Any = None          # as the view shows it
        self.layout_name: str | None = None
        self.scale: tuple[float, float] | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAccessibleName("Link chart window")
        self.resize(1240, 820)
        self._build()
        layout_buttons = [self.save_layout_button, self.delete_layout_button]
        self.saving = Runner(self, ws, prompts=self.prompts, title="The layout was not saved", buttons=layout_buttons)
        self.deleting = Runner(self, ws, prompts=self.prompts, title="The layout was not deleted", buttons=layout_buttons)
        self.depth.setCurrentIndex(self.depth.findData(depth))
        self.load()
        self.refresh_saved()
        self.depth.currentIndexChanged.connect(lambda _: self._relayout())
        self.layout_choice.currentIndexChanged.connect(lambda _: self._relayout())
        if saved:
            self.open_layout(saved)

    # ------------------------------------------------------------------ building the window

    def _button(self, text: str, name: str, slot: Any, tip: str = "") -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(name)
        if tip:
            b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setAccessibleName("Chart marking")
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setAccessibleName("Chart title")
        self.depth = QComboBox()
        self.depth.addItem("1 step", 1)
        self.depth.addItem("2 steps", 2)
        self.depth.setAccessibleName("Chart depth")
        self.depth.setToolTip("How far from the record the chart reaches")
        self.layout_choice = QComboBox()
        self.layout_choice.addItem("Network", network.NETWORK)
        self.layout_choice.addItem("Structure (by role)", network.STRUCTURE)
        self.layout_choice.setAccessibleName("Chart layout")
        self.saved = QComboBox()
        self.saved.setAccessibleName("Saved layouts")
        self.saved.setToolTip("Layouts saved with this record's chart (only those you may see)")
        self.saved.setMinimumContentsLength(16)
        self.open_saved_button = self._button("&Open", "Open saved layout", lambda: self.open_layout(),
                                              "Arrange the chart as the chosen saved layout")
        self.save_layout_button = self._button("Save &layout...", "Save chart layout", lambda: self.save_layout(),
                                               "Save the chart as it is arranged now, with this record")
        self.delete_layout_button = self._button("Delete", "Delete saved layout", lambda: self.delete_layout())
        self.fit_button = self._button("&Fit", "Fit chart to window", lambda: self.view.fit())
        self.zoom_in_button = self._button("+", "Zoom in", lambda: self.view.zoom_in(),
                                           "Zoom in (Ctrl++ or the mouse wheel)")
        self.zoom_out_button = self._button("\u2212", "Zoom out", lambda: self.view.zoom_out(), "Zoom out (Ctrl+-)")
        self.message = QLabel()
        self.message.setAccessibleName("Chart message")
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.view = ChartView(self)
        self.view.node_activated.connect(lambda n: self.open_record.emit(n.id, n.kind))
        self.view.node_selected.connect(self._selected)
        self.view.node_moved.connect(self._moved)
        self.view.expand_requested.connect(self.expand)
        self.view.collapse_requested.connect(self.collapse)

        # beside the chart: key people, the selection, the view, the legend
        self.people = QListWidget()
        self.people.setAccessibleName("Key people")
        self.people.setWordWrap(True)
        self.people.setMinimumHeight(150)
        self.people.setToolTip("Ranked by how much each person connects others (betweenness), then by their "
                               "direct links. Click to find them on the chart; double-click to open the record.")
        self.people.currentItemChanged.connect(self._person_chosen)
        self.people.itemDoubleClicked.connect(self._person_opened)
        self.why = QLabel("Choose a person to see why they stand out.")
        self.why.setAccessibleName("Why this person stands out")
        self.why.setWordWrap(True)
        self.why.setObjectName("muted")
        self.selected = QLabel("No record selected: click one, or press Home in the chart.")
        self.selected.setAccessibleName("Selected record")
        self.selected.setWordWrap(True)
        self.expand_button = self._button("E&xpand", "Expand selected record", lambda: self.expand(),
                                          "Show the records one step further out from the selected one (+)")
        self.collapse_button = self._button("Co&llapse", "Collapse selected record", lambda: self.collapse(),
                                            "Fold into the selected record the records hanging only from it (-)")
        self.open_button = self._button("Open", "Open selected record", lambda: self._open_selected())
        self.kind_boxes: dict[str, QCheckBox] = {}
        kinds = QGridLayout()
        for i, kind in enumerate((*NODE_KINDS, *EDGE_KINDS)):
            box = QCheckBox(KIND_LABELS[kind])
            box.setChecked(True)
            box.setAccessibleName(f"Show {KIND_LABELS[kind].lower()}")
            box.toggled.connect(lambda _=False: self._filters_changed())
            self.kind_boxes[kind] = box
            kinds.addWidget(box, i // 2 if i < 3 else 2 + (i - 3) // 2, i % 2 if i < 3 else (i - 3) % 2)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(DATE_PLACEHOLDER)
        self.date_from.setAccessibleName("Links from date")
        self.date_from.setToolTip("Leave out links that ended before this date (undated links stay)")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(DATE_PLACEHOLDER)
        self.date_to.setAccessibleName("Links to date")
        self.date_to.setToolTip("Leave out links that began after this date (undated links stay)")
        for w in (self.date_from, self.date_to):
            w.editingFinished.connect(self._filters_changed)
        self.max_marking = QComboBox()
        self.max_marking.setAccessibleName("Show records marked up to")
        self.max_marking.addItem("Any marking I may see", None)
        for m in Marking:
            self.max_marking.addItem(f"Up to {m.value}", m.value)
        self.max_marking.setToolTip("Leave out records and links marked above this (a chart to share with "
                                    "people cleared lower: its files are marked for what is left)")
        self.max_marking.currentIndexChanged.connect(lambda _: self._filters_changed())
        self.reset_button = self._button("&Reset view", "Reset chart view", lambda: self.reset_view(),
                                         "Show every kind again, clear the filters, expansions and moves")
        self.legend = Legend()

        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(6, 0, 6, 0)

        def title(text: str) -> QLabel:
            lab = QLabel(text)
            lab.setObjectName("subheading")
            return lab

        col.addWidget(title("Key people"))
        col.addWidget(self.people, 1)
        col.addWidget(self.why)
        col.addWidget(title("Selected record"))
        col.addWidget(self.selected)
        row = QHBoxLayout()
        for b in (self.expand_button, self.collapse_button, self.open_button):
            row.addWidget(b)
        col.addLayout(row)
        col.addWidget(title("Show"))
        col.addLayout(kinds)
        dates = QGridLayout()
        for r, (text, w) in enumerate((("Links from:", self.date_from), ("Links to:", self.date_to),
                                       ("Marking:", self.max_marking))):
            lab = QLabel(text)
            lab.setBuddy(w)
            dates.addWidget(lab, r, 0)
            dates.addWidget(w, r, 1)
        col.addLayout(dates)
        col.addWidget(self.reset_button)
        col.addWidget(title("Legend"))
        col.addWidget(self.legend)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Chart side panel")
        scroll.setMinimumWidth(300)

        split = QSplitter()
        split.setAccessibleName("Chart and key people")
        split.addWidget(self.view)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setSizes([900, 330])
        controls = QHBoxLayout()
        for label, w in (("Depth:", self.depth), ("Layout:", self.layout_choice), ("Saved layouts:", self.saved)):
            lab = QLabel(label)
            lab.setBuddy(w)
            controls.addWidget(lab)
            controls.addWidget(w)
        for b in (self.open_saved_button, self.save_layout_button, self.delete_layout_button):
            controls.addWidget(b)
        controls.addStretch(1)
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            controls.addWidget(b)
        files = QHBoxLayout()
        files.addWidget(self.message, 1)
        self.print_button = self._button("&Print...", "Print chart", lambda: self.print_chart(),
                                         "Preview the chart's page (marked, with its legend) and print it")
        files.addWidget(self.print_button)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, text, name, filt in EXPORTS:
            b = self._button(text, name, lambda _=False, f=fmt, flt=filt: self._ask_export(f, flt))
            self.export_buttons[fmt] = b
            files.addWidget(b)
        self.export_button = self.export_buttons["graphml"]   # (its first name)
        self.close_button = self._button("Close", "Close chart", self.close)
        files.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addLayout(files)
        self._selected(None)

    # ------------------------------------------------------------------ loading and the view

    def load(self, *, keep_view: bool = False) -> bool:
        """Build the chart afresh (as the reader may see it now) for the current state, and show it."""
        s = self.state
        try:
            whole = self.ws.read(network.build_chart, self.subject_id, depth=s.depth, layout_as=s.layout,
                                 expanded=s.expanded, keep=s.positions or None)
        except RoctaError as exc:
            self.message.setText(str(exc))
            return False
        self.whole = whole
        self.state = replace(s, layout=whole.layout)
        for combo, value in ((self.layout_choice, whole.layout), (self.depth, whole.depth)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)
        if not keep_view or self.scale is None:
            self.scale = ChartView.scale_for(whole)
        self.setWindowTitle(f"Link chart - {whole.title}")
        self.heading.setText(f"Link chart: {whole.title}")
        self.refresh(keep_view=keep_view)
        return True

    def refresh(self, *, keep_view: bool = True) -> None:
        """Show the chart as the state arranges it (no rebuild: filters, collapse, moves)."""
        self.chart = network.apply_view(self.whole, self.state)
        self.view.show_chart(self.chart, self.scale, keep_view=keep_view)
        self.banner.setText(self.chart.marking.value)
        self.banner.setStyleSheet(marking_style(self.chart.marking))
        self._fill_people(self.chart)
        self._say_counts()
        self._selected(self.view.items_by_key[self.view.selected_key()].node if self.view.selected_key() else None)

    def _say_counts(self) -> None:
        c = self.chart.counts
        left = "; left out: " + ", ".join(f"{n} {why}" for why, n in sorted(self.chart.left_out.items())) \
            if self.chart.left_out else ""
        layout = f" Saved layout \u201c{self.layout_name}\u201d." if self.layout_name else ""
        self.message.setText(f"{_count(c['records'], 'record', 'records')} ({_count(c['groups'], 'group', 'groups')}, "
                             f"{_count(c['nominals'], 'nominal', 'nominals')}, "
                             f"{_count(c['vulnerabilities'], 'vulnerability', 'vulnerabilities')}) and "
                             f"{_count(c['links'], 'link', 'links')} within {self.chart.depth} "
                             f"step{'s' if self.chart.depth > 1 else ''}{left}; only what you may see is shown."
                             + layout)

    def _relayout(self) -> None:
        """Depth or layout chosen: drawn afresh (moves forgotten; filters, expansions kept)."""
        self.state = replace(self.state, depth=self.depth.currentData(), layout=self.layout_choice.currentData(),
                             positions={})
        self.load()

    def _filters_changed(self) -> None:
        hidden = frozenset(k for k, box in self.kind_boxes.items() if not box.isChecked())
        try:
            probe = ChartState.from_json({"date_from": self.date_from.text().strip() or None,
                                          "date_to": self.date_to.text().strip() or None,
                                          "max_marking": self.max_marking.currentData()})
        except ValidationError as exc:
            self.message.setText("Filter not applied: " + "; ".join(str(p) for p in exc.problems))
            return
        self.state = replace(self.state, hidden_kinds=hidden, date_from=probe.date_from, date_to=probe.date_to,
                             max_marking=probe.max_marking, positions=self._positions())
        self.refresh()

    def _positions(self) -> dict[str, tuple[float, float]]:
        """Every record's position: as built, then as saved or moved, then as on screen now."""
        pos = {n.key: (n.x, n.y) for n in self.whole.nodes} if self.whole is not None else {}
        pos.update(self.state.positions)
        pos.update(self.view.positions())
        return pos

    def current_state(self) -> ChartState:
        return replace(self.state, positions=self._positions())

    def current_chart(self) -> Any:
        """The chart as shown now, records where the analyst put them (what files are made of)."""
        return replace(network.apply_view(self.whole, self.current_state()), layout_name=self.layout_name)

    def _moved(self, key: str) -> None:
        self.state = replace(self.state, positions=self._positions())

    def reset_view(self) -> None:
        self.layout_name = None
        self.state = ChartState(depth=self.state.depth, layout=self.state.layout)
        self._show_state()
        self.load()

    def _show_state(self) -> None:
        """Put the state's filters into the widgets (without applying them one by one)."""
        s = self.state
        widgets = [*self.kind_boxes.values(), self.date_from, self.date_to, self.max_marking, self.depth,
                   self.layout_choice]
        for w in widgets:
            w.blockSignals(True)
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind not in s.hidden_kinds)
        self.date_from.setText(show_date(s.date_from))
        self.date_to.setText(show_date(s.date_to))
        self.max_marking.setCurrentIndex(self.max_marking.findData(s.max_marking.value if s.max_marking else None))
        self.depth.setCurrentIndex(self.depth.findData(s.depth))
        if s.layout:
            self.layout_choice.setCurrentIndex(self.layout_choice.findData(s.layout))
        for w in widgets:
            w.blockSignals(False)

    # ------------------------------------------------------------------ expand, collapse, select

    def expand(self, key: str | None = None) -> None:
        key = key or self.view.selected_key()
        if not key:
            return
        self.state = replace(self.state, expanded=self.state.expanded | {key},
                             collapsed=self.state.collapsed - {key}, positions=self._positions())
        before = len(self.whole.nodes)
        if self.load(keep_view=True):
            self.view.focus_node(key)
            added = len(self.whole.nodes) - before
            self.message.setText(f"Expanded {key}: {_count(added, 'record', 'records')} added. " + self.message.text())

    def collapse(self, key: str | None = None) -> None:
        key = key or self.view.selected_key()
        if not key:
            return
        was_expanded = key in self.state.expanded
        self.state = replace(self.state, collapsed=self.state.collapsed | {key},
                             expanded=self.state.expanded - {key}, positions=self._positions())
        if was_expanded:
            self.load(keep_view=True)
        else:
            self.refresh()
        self.view.focus_node(key)

    def _selected(self, node: Any) -> None:
        for b in (self.expand_button, self.collapse_button, self.open_button):
            b.setEnabled(node is not None)
        if node is None:
            self.selected.setText("No record selected: click one, or press Home in the chart.")
            return
        roles = "; ".join(f"{role} in {g}" for g, role in node.roles.items())
        state = ("expanded" if node.key in self.state.expanded else "") + (
            f"collapsed ({node.folded} folded in)" if node.folded else "")
        self.selected.setText(f"<b>{node.reference}</b> {node.label}<br>{node.kind.capitalize()}"
                              + (f": {roles}" if roles else "") + f" \u00b7 {node.marking.value}"
                              + (f" \u00b7 {state}" if state else ""))
        self.selected.setAccessibleDescription(f"{node.reference} {node.label}")
        self.people.blockSignals(True)
        for i in range(self.people.count()):
            if self.people.item(i).data(Qt.ItemDataRole.UserRole) == node.key:
                self.people.setCurrentRow(i)
                break
        else:
            self.people.setCurrentRow(-1)
        self.people.blockSignals(False)

    def _open_selected(self) -> None:
        key = self.view.selected_key()
        if key:
            n = self.chart.node(key)
            self.open_record.emit(n.id, n.kind)

    def _fill_people(self, chart: Any) -> None:
        self.people.blockSignals(True)
        self.people.clear()
        for i, k in enumerate(chart.key_people, 1):
            facts = [f"{len(k.groups)} groups"] if len(k.groups) > 1 else []
            facts += [f"go-between {round(k.betweenness * 100)}%"] if k.betweenness >= 0.05 else []
            facts += [f"{k.degree} link{'s' if k.degree != 1 else ''}"]
            item = QListWidgetItem(f"{i}. {k.label}\n     {k.reference}: {', '.join(facts)}")
            item.setToolTip("\n".join(k.reasons) + f"\nDegree {k.degree}; betweenness {k.betweenness:.2f}")
            item.setData(Qt.ItemDataRole.UserRole, k.node)
            self.people.addItem(item)
        if not chart.key_people:
            self.people.addItem("No people on this chart")
        self.people.blockSignals(False)

    def node_keys(self) -> list[str]:
        return list(self.view.items_by_key)

    def _person_chosen(self, item: QListWidgetItem | None, _: Any = None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            key = item.data(Qt.ItemDataRole.UserRole)
            self.view.focus_node(key)
            person = next(k for k in self.chart.key_people if k.node == key)
            self.why.setText(f"<b>{person.label}</b><br>" + "<br>".join(person.reasons))

    def _person_opened(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            n = self.chart.node(key)
            self.open_record.emit(n.id, n.kind)

    # ------------------------------------------------------------------ saved layouts

    def refresh_saved(self) -> None:
        try:
            rows = self.ws.read(network.saved_layouts, self.subject_id)
        except RoctaError as exc:
            self.message.setText(str(exc))
            rows = []
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem(NO_LAYOUT, None)
        for r in rows:
            self.saved.addItem(f"{r['name']} ({r['marking'].value})", r["name"])
            self.saved.setItemData(self.saved.count() - 1, f"Saved by {r['saved_by'] or 'unknown'} on "
                                   + show_time(r["saved_at"]), Qt.ItemDataRole.ToolTipRole)
        if self.layout_name:
            self.saved.setCurrentIndex(max(0, self.saved.findData(self.layout_name)))
        self.saved.blockSignals(False)
        self.open_saved_button.setEnabled(bool(rows))
        self.delete_layout_button.setEnabled(bool(rows))

    def saved_names(self) -> list[str]:
        return [self.saved.itemData(i) for i in range(1, self.saved.count())]

    def save_layout(self, name: str | None = None) -> bool:
        name = name or self.prompts.ask_text(self, "Save chart layout", "Name this layout (saved with the record; "
                                             "saving under an existing name replaces it):")
        if not name:
            return False
        state = self.current_state()
        if not self.saving.write("chart.layout.save", network.save_layout, self.subject_id, name, state).ok:
            return False
        self.layout_name = " ".join(name.split())
        self.refresh_saved()
        marking = next((r["marking"] for r in self.ws.read(network.saved_layouts, self.subject_id)
                        if r["name"] == self.layout_name), self.chart.marking)
        self._say_counts()
        self.message.setText(f"Layout \u201c{self.layout_name}\u201d saved with {self.whole.start} "
                             f"({marking.value}); recorded in the audit trail. " + self.message.text())
        return True

    def open_layout(self, name: str | None = None) -> bool:
        name = name or self.saved.currentData()
        if not name:
            self.layout_name = None
            self.reset_view()
            return True
        try:
            state = self.ws.read(network.load_layout, self.subject_id, name)
        except RoctaError as exc:
            self.message.setText(f"The layout was not opened: {exc}")
            return False
        self.state, self.layout_name = state, name
        self.saved.blockSignals(True)
        self.saved.setCurrentIndex(max(0, self.saved.findData(name)))
        self.saved.blockSignals(False)
        self._show_state()
        return self.load()

    def delete_layout(self) -> None:
        name = self.saved.currentData()
        if not name or not self.prompts.question(self, "Delete saved layout",
                                                 f"Delete the saved layout \u201c{name}\u201d of this chart?"):
            return
        if not self.deleting.write("chart.layout.delete", network.delete_layout, self.subject_id, name).ok:
            return
        if self.layout_name == name:
            self.layout_name = None
        self.refresh_saved()
        self.message.setText(f"Saved layout \u201c{name}\u201d deleted; recorded in the audit trail.")

    # ------------------------------------------------------------------ print and files

    def export_to(self, path: str) -> Any:
        """The chart as shown, written to `path` in the format its extension names (audited)."""
        from ...exchange.chart_export import save_chart
        chart = self.current_chart()
        delivered = save_chart(self.ws, chart, path)
        self.message.setText(f"Saved {delivered.path} ({delivered.marking.value}); the export is recorded "
                             "in the audit trail.")
        return delivered

    def _ask_export(self, fmt: str, filt: str) -> None:
        suggested = f"{self.whole.start}-chart.{fmt}".replace("/", "-")
        path = self.prompts.choose_save_file(self, "Save link chart", suggested, filt)
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        try:
            self.export_to(path)
        except (RoctaError, OSError) as exc:
            self.message.setText(f"The chart was not saved: {exc}")

    def print_chart(self, *, show: bool = True) -> Any:
        """The chart's page previewed for printing (the PDF the Save buttons write)."""
        from ...exchange.chart_drawing import chart_file_bytes
        from ..kit.preview import PreviewDialog
        chart = self.current_chart()
        pdf = chart_file_bytes(chart, "pdf", produced_by=self.ws.actor.label)
        dialog = PreviewDialog(self.ws, f"Link chart {chart.title}", pdf, chart.marking, what="chart",
                               suggested=f"{chart.start}-chart.pdf".replace("/", "-"),
                               counts={"records": len(chart.nodes), "links": len(chart.edges)},
                               prompts=self.prompts, parent=self)
        self.preview = dialog
        if show:
            dialog.show()
        return dialog
