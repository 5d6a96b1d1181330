"""The link chart screen: the network around one record (services/network.py builds it, filtered for
need to know, and lays it out with networkx; this only scales and draws it).

Nodes: groups as rounded squares, nominals as circles sized and coloured by role (principal largest),
vulnerabilities as diamonds; the chart's own record outlined thick. Links: memberships solid, links
between groups thick, associations dashed, exploitation dotted; each says its nature as a tooltip.
Pan by dragging or with the arrow keys; zoom with the wheel or Ctrl++ / Ctrl+- (Ctrl+0 fits).
Double-clicking a record emits `open_record(id, kind)`: the opener decides how to open it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError
from ...services import network
from ..style import ACCENT, INK, MUTED, marking_style

ROLE_COLOURS = {"principal": "#b42318", "significant": "#dd6b20", "enabler": "#6b46c1", "peripheral": "#4a7c96",
                None: "#9aa5b1"}
ROLE_RADIUS = {"principal": 17.0, "significant": 14.0, "enabler": 12.0, "peripheral": 10.0, None: 10.0}
KIND_COLOURS = {"group": ACCENT, "vulnerability": "#2f855a"}
EDGE_PENS = {  # colour, width, style
    "member": ("#8796a5", 1.4, Qt.PenStyle.SolidLine),
    "group_link": (ACCENT, 3.0, Qt.PenStyle.SolidLine),
    "associate": ("#52606d", 1.4, Qt.PenStyle.DashLine),
    "exploits": ("#2f855a", 2.0, Qt.PenStyle.DotLine),
}
LABEL_WIDTH = 150.0


def node_size(kind: str, role: str | None) -> float:
    if kind == "group":
        return 22.0
    if kind == "vulnerability":
        return 15.0
    return ROLE_RADIUS.get(role, 10.0)


def paint_shape(p: QPainter, kind: str, role: str | None, centre: QPointF, r: float, *, start: bool = False,
                selected: bool = False) -> None:
    """One node's shape (shared by the chart and its legend)."""
    colour = QColor(KIND_COLOURS.get(kind) or ROLE_COLOURS.get(role, ROLE_COLOURS[None]))
    outline = QColor(INK if (start or selected) else colour.darker(140))
    p.setPen(QPen(outline, 3.5 if start else (2.5 if selected else 1.2)))
    p.setBrush(QBrush(colour))
    if kind == "group":
        p.drawRoundedRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r), 6, 6)
    elif kind == "vulnerability":
        path = QPainterPath(QPointF(centre.x(), centre.y() - r))
        for dx, dy in ((r, 0), (0, r), (-r, 0)):
            path.lineTo(centre.x() + dx, centre.y() + dy)
        path.closeSubpath()
        p.drawPath(path)
    else:
        p.drawEllipse(centre, r, r)


class NodeItem(QGraphicsItem):
    """A record on the chart: its shape, then its reference and name beneath."""

    def __init__(self, node: Any, pos: QPointF):
        super().__init__()
        self.node = node
        self.r = node_size(node.kind, node.role)
        self.setPos(pos)
        self.setZValue(2)
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        roles = "; ".join(f"{role} in {g}" for g, role in node.roles.items())
        kind = {"group": "Group", "nominal": "Nominal", "vulnerability": "Vulnerability"}[node.kind]
        self.setToolTip(f"<b>{node.reference}</b> {node.label}<br>{kind}"
                        + (f" - {roles}" if roles else "") + (f"<br>Flags: {', '.join(node.flags)}" if node.flags else "")
                        + f"<br>{node.marking.value}<br><i>Double-click to open the record</i>")
        self.name_font = QFont()
        self.name_font.setPointSizeF(8.5)
        self.name_font.setBold(node.start or node.kind == "group")
        self.ref_font = QFont()
        self.ref_font.setPointSizeF(7.0)
        fm = QFontMetricsF(self.name_font)
        self.name = fm.elidedText(node.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH)
        self.label_w = max(fm.horizontalAdvance(self.name), QFontMetricsF(self.ref_font).horizontalAdvance(
            node.reference), 60.0) + 10
        self.label_h = fm.height() + QFontMetricsF(self.ref_font).height() + 4

    def boundingRect(self) -> QRectF:
        w = max(self.label_w, 2 * self.r) + 8
        return QRectF(-w / 2, -self.r - 4, w, 2 * self.r + 8 + self.label_h)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_shape(p, self.node.kind, self.node.role, QPointF(0, 0), self.r, start=self.node.start,
                    selected=self.isSelected())
        top = self.r + 3
        box = QRectF(-self.label_w / 2, top, self.label_w, self.label_h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 215))
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QColor(INK))
        p.setFont(self.name_font)
        name_h = QFontMetricsF(self.name_font).height()
        p.drawText(QRectF(box.left(), top + 1, box.width(), name_h), Qt.AlignmentFlag.AlignCenter, self.name)
        p.setPen(QColor(MUTED))
        p.setFont(self.ref_font)
        p.drawText(QRectF(box.left(), top + 1 + name_h, box.width(), box.height() - name_h - 1),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.node.reference)


class EdgeItem(QGraphicsLineItem):
    def __init__(self, edge: Any, a: QPointF, b: QPointF):
        super().__init__(a.x(), a.y(), b.x(), b.y())
        self.edge = edge
        colour, width, style = EDGE_PENS[edge.kind]
        pen = QPen(QColor(colour), width, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setZValue(0)
        extra = f" ({edge.marking.value})" if edge.marking is not None else ""
        self.setToolTip(f"{edge.a} - {edge.b}: {edge.label}{extra}")


class ChartView(QGraphicsView):
    """The drawing: pan by dragging or the arrow keys, zoom with the wheel or Ctrl++ / Ctrl+-."""

    node_activated = Signal(object)   # the ChartNode double-clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#fbfcfd"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Link chart")
        self.setAccessibleDescription("Records as shapes, links as lines. Arrow keys pan, Ctrl plus and Ctrl "
                                      "minus zoom, double-click a record to open it")
        self.items_by_key: dict[str, NodeItem] = {}
        self.auto_fit = True   # fitted to the window as it is resized, until the analyst zooms

    # ------------------------------------------------------------------ drawing

    def show_chart(self, chart: Any) -> None:
        scene = self.scene()
        scene.clear()
        self.items_by_key = {}
        sx, sy = self._scale(chart)
        pos = {n.key: QPointF(n.x * sx, n.y * sy) for n in chart.nodes}
        for e in chart.edges:
            scene.addItem(EdgeItem(e, pos[e.a], pos[e.b]))
        for n in chart.nodes:
            item = NodeItem(n, pos[n.key])
            scene.addItem(item)
            self.items_by_key[n.key] = item
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        self.auto_fit = True
        self.fit()

    @staticmethod
    def _scale(chart: Any) -> tuple[float, float]:
        """Pixels per layout unit: enough that neighbours' labels do not overlap where they can be kept
        apart (networkx gives positions in [-1, 1]; this only stretches them)."""
        nodes = chart.nodes
        if len(nodes) < 2:
            return 1.0, 1.0
        if chart.layout == network.STRUCTURE:
            layers: dict[int, list[float]] = {}
            for n in nodes:
                layers.setdefault(n.layer, []).append(n.x)
            gaps = [b - a for xs in layers.values() for a, b in zip(sorted(xs), sorted(xs)[1:]) if b - a > 1e-6]
            sx = (LABEL_WIDTH + 20) / min(gaps) if gaps else 300.0
            ys = sorted({n.y for n in nodes})
            gy = min((b - a for a, b in zip(ys, ys[1:]) if b - a > 1e-6), default=1.0)
            sy = 120.0 / gy if gy > 0 else 300.0
            sx = max(min(sx, 6000.0), 300.0)
            return sx, max(min(max(sy, 0.4 * sx), 2000.0), 200.0)   # wide layers: keep the rows apart too
        nearest = []
        for a in nodes:
            d = min(math.hypot(a.x - b.x, a.y - b.y) for b in nodes if b is not a)
            nearest.append(d)
        nearest.sort()
        typical = nearest[len(nearest) // 5] or 0.01
        s = max(min(115.0 / typical, 3000.0), 320.0)
        return s, s

    # ------------------------------------------------------------------ navigation

    def zoom_in(self) -> None:
        self.auto_fit = False
        self.scale(1.25, 1.25)

    def zoom_out(self) -> None:
        self.auto_fit = False
        self.scale(0.8, 0.8)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def fit(self) -> None:
        rect = self.sceneRect()   # the drawing with its margin: fitted whole, no scroll bars needed
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.4:   # a small chart is not blown up past comfortable reading size
            self.resetTransform()
            self.scale(1.4, 1.4)
            self.centerOn(rect.center())

    def zoom(self) -> float:
        return self.transform().m11()

    def keyPressEvent(self, event: Any) -> None:
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        key = event.key()
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (ctrl and key in (Qt.Key.Key_Minus,
                                                                                     Qt.Key.Key_Underscore)):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)   # arrow keys scroll (pan)
            return
        event.accept()

    def wheelEvent(self, event: Any) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.auto_fit = False
            factor = 1.15 ** steps
            self.scale(factor, factor)
        event.accept()

    def mouseDoubleClickEvent(self, event: Any) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            self.node_activated.emit(item.node)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def focus_node(self, key: str) -> None:
        item = self.items_by_key.get(key)
        if item is None:
            return
        self.scene().clearSelection()
        item.setSelected(True)
        self.centerOn(item)


class Legend(QWidget):
    """What the shapes, colours and lines mean."""

    ROWS = (("group", None, "Group"), ("nominal", "principal", "Principal"),
            ("nominal", "significant", "Significant"), ("nominal", "enabler", "Enabler / facilitator"),
            ("nominal", "peripheral", "Peripheral"), ("nominal", None, "Associate (not a member)"),
            ("vulnerability", None, "Vulnerability"))
    LINES = (("member", "Member of"), ("group_link", "Linked groups"), ("associate", "Associates"),
             ("exploits", "Exploits"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Chart legend")
        self.setMinimumHeight(18 * (len(self.ROWS) + len(self.LINES)) + 8)

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        y = 12.0
        for kind, role, text in self.ROWS:
            paint_shape(p, kind, role, QPointF(14, y), min(node_size(kind, role), 16) * 0.5)
            p.setPen(QColor(INK))
            p.drawText(QPointF(32, y + 4), text)
            y += 18
        for kind, text in self.LINES:
            colour, width, style = EDGE_PENS[kind]
            p.setPen(QPen(QColor(colour), width, style))
            p.drawLine(QPointF(4, y), QPointF(24, y))
            p.setPen(QColor(INK))
            p.drawText(QPointF(32, y + 4), text)
            y += 18
        p.end()


class ChartScreen(QDialog):
    """The chart around one record, with its key people beside it. `open_record(id, kind)` when a
    record is double-clicked (on the chart or in the list)."""

    open_record = Signal(int, str)

    def __init__(self, ws: Any, subject_id: int, parent: QWidget | None = None, *, depth: int = 1,
                 layout_as: str | None = None, prompts: Any = None):
        super().__init__(parent)
        from ..prompts import Prompts
        self.ws, self.subject_id = ws, subject_id
        self.prompts = prompts or Prompts()
        self.chart: Any = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAccessibleName("Link chart window")
        self.resize(1180, 780)
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
        self.fit_button = QPushButton("&Fit")
        self.fit_button.setAccessibleName("Fit chart to window")
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setAccessibleName("Zoom in")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl++ or the mouse wheel)")
        self.zoom_out_button = QPushButton("\u2212")
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+-)")
        self.export_button = QPushButton("&Save as GraphML...")
        self.export_button.setAccessibleName("Save chart as GraphML")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close chart")
        self.message = QLabel()
        self.message.setAccessibleName("Chart message")
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.view = ChartView(self)
        self.people = QListWidget()
        self.people.setAccessibleName("Key people")
        self.people.setWordWrap(True)
        self.people.setToolTip("Ranked by how much each person connects others (betweenness), then by their "
                               "direct links. Click to find them on the chart; double-click to open the record.")
        people_title = QLabel("Key people")
        people_title.setObjectName("subheading")
        self.why = QLabel("Choose a person to see why they stand out.")
        self.why.setAccessibleName("Why this person stands out")
        self.why.setWordWrap(True)
        self.why.setObjectName("muted")
        self.legend = Legend()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(people_title)
        side_layout.addWidget(self.people, 1)
        side_layout.addWidget(self.why)
        legend_title = QLabel("Legend")
        legend_title.setObjectName("subheading")
        side_layout.addWidget(legend_title)
        side_layout.addWidget(self.legend)
        split = QSplitter()
        split.setAccessibleName("Chart and key people")
        split.addWidget(self.view)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([880, 300])
        controls = QHBoxLayout()
        for label, w in (("Depth:", self.depth), ("Layout:", self.layout_choice)):
            lab = QLabel(label)
            lab.setBuddy(w)
            controls.addWidget(lab)
            controls.addWidget(w)
        controls.addStretch(1)
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.export_button, self.close_button):
            controls.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.view.node_activated.connect(lambda n: self.open_record.emit(n.id, n.kind))
        self.people.currentItemChanged.connect(self._person_chosen)
        self.people.itemDoubleClicked.connect(self._person_opened)
        self.fit_button.clicked.connect(self.view.fit)
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.export_button.clicked.connect(self._ask_export)
        self.close_button.clicked.connect(self.close)
        self.depth.setCurrentIndex(self.depth.findData(depth))
        self.load(depth=depth, layout_as=layout_as)
        self.depth.currentIndexChanged.connect(lambda _: self.load())
        self.layout_choice.currentIndexChanged.connect(lambda _: self.load())

    # ------------------------------------------------------------------ loading

    def load(self, *, depth: int | None = None, layout_as: str | None = None) -> None:
        depth = depth or self.depth.currentData()
        if layout_as is None and self.chart is not None:
            layout_as = self.layout_choice.currentData()
        try:
            chart = self.ws.read(network.build_chart, self.subject_id, depth=depth, layout_as=layout_as)
        except RoctaError as exc:
            self.message.setText(str(exc))
            return
        self.chart = chart
        self.layout_choice.blockSignals(True)
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(chart.layout))
        self.layout_choice.blockSignals(False)
        self.setWindowTitle(f"Link chart - {chart.title}")
        self.heading.setText(f"Link chart: {chart.title}")
        self.banner.setText(chart.marking.value)
        self.banner.setStyleSheet(marking_style(chart.marking))
        self.view.show_chart(chart)
        self._fill_people(chart)
        c = chart.counts
        def n(count: int, word: str, plural: str) -> str:
            return f"{count} {word if count == 1 else plural}"

        self.message.setText(f"{n(c['records'], 'record', 'records')} ({n(c['groups'], 'group', 'groups')}, "
                             f"{n(c['nominals'], 'nominal', 'nominals')}, "
                             f"{n(c['vulnerabilities'], 'vulnerability', 'vulnerabilities')}) and "
                             f"{n(c['links'], 'link', 'links')} within {chart.depth} "
                             f"step{'s' if chart.depth > 1 else ''}; only what you may see is shown. "
                             "Drag or use the arrow keys to pan, the wheel or Ctrl++ / Ctrl+- to zoom.")

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

    # ------------------------------------------------------------------ actions

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

    def export_to(self, path: str) -> Any:
        from ...exchange.graphml import save_chart
        delivered = save_chart(self.ws, self.chart, path)
        self.message.setText(f"Saved {delivered.path} ({delivered.marking.value}); the export is recorded "
                             "in the audit trail.")
        return delivered

    def _ask_export(self) -> None:
        path = self.prompts.choose_save_file(self, "Save link chart", f"{self.chart.start}.graphml".replace("/", "-"),
                                             "GraphML (*.graphml)")
        if path:
            try:
                self.export_to(path)
            except (RoctaError, OSError) as exc:
                self.message.setText(f"The chart was not saved: {exc}")
