"""The drawing of a link chart on screen: records as shapes you can move, links as lines, labels that
never overlap, pan, zoom and a keyboard-driven selection.

Nodes: groups as rounded squares, nominals as circles sized and coloured by role (principal largest),
vulnerabilities as diamonds; the chart's own record outlined thick; a collapsed record shows "+N" for
the records folded into it. Links: memberships solid, links between groups thick, associations
dashed, exploitation dotted (domain/network.py: the vocabulary the printed chart uses too); each says
its nature as a tooltip. All links are one item (`EdgeLayer`), cached in device coordinates, so a
chart of thousands of links pans at the screen's frame rate.

Labels: drawn at least at their reading size however far out the chart is zoomed, and only where
they overlap no other label or record (the most important kept: the chart's record, groups, key
people, the best connected), recomputed as the zoom changes (domain `place_labels`).

Keys: the arrow keys pan, or, with a record selected, move the selection to the nearest record that
way; Home selects the chart's record; Enter opens the selected record; + and - expand and collapse it;
Escape clears the selection; Ctrl++ / Ctrl+- zoom, Ctrl+0 fits. Double-clicking a record opens it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from ...domain.markings import Marking
from ...domain.network import (
    DASH,
    DOT,
    EDGE_STYLES,
    GROUP,
    INK,
    LEGEND_LINES,
    LEGEND_NODES,
    MUTED_INK,
    choose_label_places,
    node_colour,
    node_size,
)
from ...services import network
from ..style import marking_style

LABEL_WIDTH = 150.0
SCREEN_GAP = 115.0   # pixels between neighbouring records at zoom 1 (the printed chart scales from it too)
MIN_DOT = 5.0        # pixels: how small a record may look however far out the chart is zoomed
LABEL_FLOOR = 0.7    # labels shrink with the zoom down to this share of their reading size, then stay
PEN_STYLES = {DASH: Qt.PenStyle.DashLine, DOT: Qt.PenStyle.DotLine}
BAND = 18           # the marking's band above and below the drawing (pixels)
KIND_WORDS = {"group": "Group", "nominal": "Nominal", "vulnerability": "Vulnerability"}


def edge_pen(kind: str, scale: float = 1.0) -> QPen:
    colour, width, style = EDGE_STYLES[kind]
    pen = QPen(QColor(colour), width * scale, PEN_STYLES.get(style, Qt.PenStyle.SolidLine))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def paint_shape(p: QPainter, kind: str, role: str | None, centre: QPointF, r: float, *, start: bool = False,
                selected: bool = False) -> None:
    """One node's shape (shared by the chart and its legend)."""
    colour = QColor(node_colour(kind, role))
    outline = QColor(INK if (start or selected) else colour.darker(140))
    p.setPen(QPen(outline, 3.5 if start else (2.5 if selected else 1.2)))
    p.setBrush(QBrush(colour))
    if kind == GROUP:
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
    """A record on the chart: its shape, then (when there is room) its name and reference beneath.
    Movable: where the analyst puts it is kept in the chart's layout."""

    def __init__(self, node: Any, pos: QPointF, view: ChartView):
        super().__init__()
        self.node, self.view = node, view
        self.base_r = self.r = node_size(node.kind, node.role)
        self.setPos(pos)
        self.setZValue(2)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        if view.cache_nodes:
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.name_font, self.ref_font = view.name_font_for(node), view.ref_font
        fm = view.metrics[self.name_font.bold()]
        self.name = fm.elidedText(node.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH)
        self.name_h = fm.height()
        self.label_w = max(fm.horizontalAdvance(self.name), view.ref_metrics.horizontalAdvance(node.reference),
                           60.0) + 10
        self.label_h = self.name_h + view.ref_metrics.height() + 4
        self.label_scale = 1.0     # labels keep their reading size when zoomed out
        self.label_place = 0
        self.show_label = True
        self.moved = False
        self._tip: str | None = None
        self.bounds = self._bounds()

    def tooltip_text(self) -> str:   # made when first asked for (thousands of records: not up front)
        if self._tip is None:
            node = self.node
            roles = "; ".join(f"{role} in {g}" for g, role in node.roles.items())
            self._tip = (f"<b>{node.reference}</b> {node.label}<br>{KIND_WORDS[node.kind]}"
                         + (f" - {roles}" if roles else "")
                         + (f"<br>Flags: {', '.join(node.flags)}" if node.flags else "")
                         + (f"<br>{node.folded} record{'s' if node.folded != 1 else ''} folded in (collapsed)"
                            if node.folded else "")
                         + f"<br>{node.marking.value}<br><i>Double-click to open the record; drag to move it</i>")
        return self._tip

    def label_rect(self, scale: float | None = None, place: int | None = None) -> QRectF:
        """Where the label goes: below the record (0), else above (1), right (2) or left (3)."""
        s = self.label_scale if scale is None else scale
        place = self.label_place if place is None else place
        w, h, r = self.label_w * s, self.label_h * s, self.r
        if place == 1:
            return QRectF(-w / 2, -r - 3 - h, w, h)
        if place == 2:
            return QRectF(r + 4, -h / 2, w, h)
        if place == 3:
            return QRectF(-r - 4 - w, -h / 2, w, h)
        return QRectF(-w / 2, r + 3, w, h)

    def _bounds(self) -> QRectF:
        shape = QRectF(-self.r - 4, -self.r - 4, 2 * self.r + 8, 2 * self.r + 8)
        if self.node.folded:
            shape = shape.united(QRectF(self.r * 0.4, -self.r - 14, 36, 16))
        return shape.united(self.label_rect().adjusted(-2, -2, 2, 2)) if self.show_label else shape

    def boundingRect(self) -> QRectF:
        return self.bounds

    def set_radius(self, r: float) -> None:
        """Far out, a record is still a dot one can see and click (at least `MIN_DOT` pixels across)."""
        if abs(r - self.r) > 1e-9:
            self.prepareGeometryChange()
            self.r = r
            self.bounds = self._bounds()

    def set_label(self, show: bool, scale: float, place: int = 0) -> None:
        if show != self.show_label or abs(scale - self.label_scale) > 1e-6 or place != self.label_place:
            self.prepareGeometryChange()
            self.show_label, self.label_scale, self.label_place = show, scale, place
            self.bounds = self._bounds()

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_shape(p, self.node.kind, self.node.role, QPointF(0, 0), self.r, start=self.node.start,
                    selected=self.isSelected())
        if self.node.folded:
            badge = QRectF(self.r * 0.4, -self.r - 12, 34, 15)
            p.setPen(QPen(QColor(INK), 1))
            p.setBrush(QColor("#ffffff"))
            p.drawRoundedRect(badge, 4, 4)
            p.setFont(self.view.ref_font)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"+{self.node.folded}")
        if not self.show_label:
            return
        p.save()
        box = self.label_rect()
        p.translate(box.left(), box.top())
        p.scale(self.label_scale, self.label_scale)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 215))
        p.drawRoundedRect(QRectF(0, 0, self.label_w, self.label_h), 3, 3)
        p.setPen(QColor(INK))
        p.setFont(self.name_font)
        p.drawText(QRectF(0, 1, self.label_w, self.name_h), Qt.AlignmentFlag.AlignCenter, self.name)
        p.setPen(QColor(MUTED_INK))
        p.setFont(self.ref_font)
        p.drawText(QRectF(0, 1 + self.name_h, self.label_w, self.label_h - self.name_h - 1),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.node.reference)
        p.restore()

    def mouseMoveEvent(self, event: Any) -> None:
        super().mouseMoveEvent(event)   # moves it (and any other selected record)
        self.moved = True
        self.view.edges_moved()

    def mouseReleaseEvent(self, event: Any) -> None:
        super().mouseReleaseEvent(event)
        if self.moved:
            self.moved = False
            self.view.node_moved.emit(self.node.key)


class EdgeLayer(QGraphicsItem):
    """Every link, painted by kind in one pass (one pen per kind), cached in device coordinates: a
    pan only blits what was drawn. Re-drawn when a record moves or the zoom changes."""

    def __init__(self, edges: list[tuple[Any, NodeItem, NodeItem]]):
        super().__init__()
        self.edges = edges
        self.setZValue(0)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._rect = QRectF()
        self.by_kind: dict[str, list[tuple[NodeItem, NodeItem]]] = {}
        for e, a, b in edges:
            self.by_kind.setdefault(e.kind, []).append((a, b))
        self.refresh()

    def refresh(self) -> None:
        """Positions changed (a record moved): the lines, their grid and the bounds afresh."""
        self.prepareGeometryChange()
        self.lines = {kind: [QLineF(a.pos(), b.pos()) for a, b in pairs] for kind, pairs in self.by_kind.items()}
        ends = {kind: [(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in lines] for kind, lines in self.lines.items()}
        xs = [v for e in ends.values() for x1, _, x2, _ in e for v in (x1, x2)]
        ys = [v for e in ends.values() for _, y1, _, y2 in e for v in (y1, y2)]
        self._rect = (QRectF(min(xs) - 4, min(ys) - 4, max(xs) - min(xs) + 8, max(ys) - min(ys) + 8) if xs
                      else QRectF())
        # a coarse grid (about 16 cells a side): cell -> the lines whose box crosses it
        self.cell = max(self._rect.width(), self._rect.height(), 1.0) / 16
        self.grid: dict[tuple[int, int], list[tuple[str, int]]] = {}
        c = self.cell
        for kind, e in ends.items():
            for i, (x1, y1, x2, y2) in enumerate(e):
                for cx in range(int(min(x1, x2) // c), int(max(x1, x2) // c) + 1):
                    for cy in range(int(min(y1, y2) // c), int(max(y1, y2) // c) + 1):
                        self.grid.setdefault((cx, cy), []).append((kind, i))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None) -> None:
        lod = option.levelOfDetailFromTransform(p.worldTransform())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.35 or len(self.edges) < 800)
        exposed = option.exposedRect
        if exposed.contains(self._rect):
            lines_by_kind = self.lines
        else:   # a pan exposes a strip: only the lines crossing its cells
            wanted: dict[str, set[int]] = {}
            c = self.cell
            for cx in range(int(exposed.left() // c), int(exposed.right() // c) + 1):
                for cy in range(int(exposed.top() // c), int(exposed.bottom() // c) + 1):
                    for kind, i in self.grid.get((cx, cy), ()):
                        wanted.setdefault(kind, set()).add(i)
            lines_by_kind = {kind: [self.lines[kind][i] for i in ids] for kind, ids in wanted.items()}
        faint = lod < 0.3 and len(self.edges) > 300   # far out over many links: the records stand out
        for kind, lines in lines_by_kind.items():
            if not lines:
                continue
            pen = edge_pen(kind, max(1.0, 0.6 / max(lod, 1e-3)))   # never thinner than a hair
            if faint:
                colour = pen.color()
                colour.setAlpha(110)
                pen.setColor(colour)
            p.setPen(pen)
            p.drawLines(lines)

    def edge_at(self, point: QPointF, tolerance: float) -> Any:
        best, best_d = None, tolerance
        for e, a, b in self.edges:
            d = _distance_to_segment(point, a.pos(), b.pos())
            if d <= best_d:
                best, best_d = e, d
        return best


def _distance_to_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))


def edge_tooltip(edge: Any) -> str:
    extra = f" ({edge.marking.value})" if edge.marking is not None else ""
    return f"{edge.a} - {edge.b}: {edge.label}{extra}"


class ChartView(QGraphicsView):
    """The drawing: pan by dragging the background or with the arrow keys, zoom with the wheel or
    Ctrl++ / Ctrl+-; records move by dragging; the selection follows the keyboard."""

    node_activated = Signal(object)   # the ChartNode double-clicked (or Enter on the selection)
    node_selected = Signal(object)    # the ChartNode selected, or None
    node_moved = Signal(str)          # the key of a record the analyst dragged
    expand_requested = Signal(str)
    collapse_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(QColor("#fbfcfd"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Link chart")
        self.setAccessibleDescription("Records as shapes, links as lines. Arrow keys pan, or move the selection "
                                      "when a record is selected; Home selects the chart's record; Enter opens "
                                      "it; plus and minus expand and collapse it; Ctrl plus and Ctrl minus zoom")
        self.items_by_key: dict[str, NodeItem] = {}
        self.edge_layer: EdgeLayer | None = None
        self.chart: Any = None
        self.scale_xy = (1.0, 1.0)
        self.auto_fit = True   # fitted to the window as it is resized, until the analyst zooms
        self.ref_font = QFont()
        self.ref_font.setPointSizeF(7.0)
        self.ref_metrics = QFontMetricsF(self.ref_font)
        self._fonts: dict[bool, QFont] = {}
        self.metrics = {b: QFontMetricsF(self.name_font_for_bold(b)) for b in (False, True)}
        self.cache_nodes = True
        self._label_zoom: float | None = None
        self.scene().selectionChanged.connect(self._selection_changed)
        # the drawing's own marking, at its top and bottom (outside the scrolled area: a picture of the
        # drawing alone is marked too)
        self.setViewportMargins(0, BAND, 0, BAND)
        self.bands = []
        for where in ("top", "bottom"):
            band = QLabel(self)
            band.setAlignment(Qt.AlignmentFlag.AlignCenter)
            band.setAccessibleName(f"Chart marking, {where}")
            self.bands.append(band)

    def set_marking(self, marking: Marking) -> None:
        for band in self.bands:
            band.setText(marking.value)
            band.setStyleSheet(marking_style(marking) + " padding: 0px;")

    def marking_text(self) -> str:
        return self.bands[0].text()

    def _place_bands(self) -> None:
        r = self.viewport().geometry()
        self.bands[0].setGeometry(r.left(), r.top() - BAND, r.width(), BAND)
        self.bands[1].setGeometry(r.left(), r.bottom() + 1, r.width(), BAND)

    def name_font_for(self, node: Any) -> QFont:
        return self.name_font_for_bold(bool(node.start or node.kind == GROUP))

    def name_font_for_bold(self, bold: bool) -> QFont:
        if bold not in self._fonts:
            f = QFont()
            f.setPointSizeF(8.5)
            f.setBold(bold)
            self._fonts[bold] = f
        return self._fonts[bold]

    # ------------------------------------------------------------------ drawing

    @staticmethod
    def scale_for(chart: Any) -> tuple[float, float]:
        """Pixels per layout unit: enough that neighbours' labels do not overlap where they can be kept
        apart (layouts give positions in [-1, 1]; this only stretches them)."""
        nodes = chart.nodes
        if len(nodes) < 2:
            return 1.0, 1.0
        if chart.layout == "structure":
            layers: dict[float, list[float]] = {}   # each row (a wide layer wraps onto several)
            for n in nodes:
                layers.setdefault(round(n.y, 4), []).append(n.x)
            gaps = [b - a for xs in layers.values() for a, b in zip(sorted(xs), sorted(xs)[1:]) if b - a > 1e-6]
            sx = (LABEL_WIDTH + 20) / min(gaps) if gaps else 300.0
            ys = sorted({n.y for n in nodes})
            gy = min((b - a for a, b in zip(ys, ys[1:]) if b - a > 1e-6), default=1.0)
            sy = 120.0 / gy if gy > 0 else 300.0
            sx = max(min(sx, 6000.0), 300.0)
            return sx, max(min(max(sy, 0.4 * sx), 2000.0), 200.0)   # wide layers: keep the rows apart too
        typical = network.typical_gap((n.x, n.y) for n in nodes) or 0.01
        s = max(min(SCREEN_GAP / typical, 40000.0), 320.0)
        return s, s

    def show_chart(self, chart: Any, scale: tuple[float, float] | None = None, *, keep_view: bool = False) -> None:
        """Draw `chart` (`scale`: pixels per layout unit, kept across filters so nothing jumps).
        `keep_view`: keep the zoom and centre (a filter changed), else fit the chart to the window."""
        centre = self.mapToScene(self.viewport().rect().center())
        selected = self.selected_key()
        self.chart = chart
        self.set_marking(chart.marking)
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        scene.blockSignals(False)
        self.items_by_key = {}
        self.scale_xy = scale or self.scale_for(chart)
        sx, sy = self.scale_xy
        self.cache_nodes = len(chart.nodes) <= 400   # thousands of little pixmaps cost more than they save
        for n in chart.nodes:
            item = NodeItem(n, QPointF(n.x * sx, n.y * sy), self)
            scene.addItem(item)
            self.items_by_key[n.key] = item
        self.edge_layer = EdgeLayer([(e, self.items_by_key[e.a], self.items_by_key[e.b]) for e in chart.edges])
        scene.addItem(self.edge_layer)
        self._label_zoom = None
        self._set_scene_rect()
        if keep_view:
            self.centerOn(centre)
            self.place_labels()
        else:
            self.auto_fit = True
            self.fit()
        if selected in self.items_by_key:
            self.items_by_key[selected].setSelected(True)

    def _set_scene_rect(self) -> None:
        rect = QRectF()
        for item in self.items_by_key.values():
            rect = rect.united(item.sceneBoundingRect())
        self.scene().setSceneRect(rect.adjusted(-60, -60, 60, 60))

    def edges_moved(self) -> None:
        if self.edge_layer is not None:
            self.edge_layer.refresh()

    def positions(self) -> dict[str, tuple[float, float]]:
        """Where each record is now, in layout units (what a saved layout keeps)."""
        sx, sy = self.scale_xy
        return {k: (round(i.pos().x() / sx, 5), round(i.pos().y() / sy, 5)) for k, i in self.items_by_key.items()}

    def place_labels(self) -> None:
        """Show each label only where it overlaps no record or label shown before it (the most
        important first), at its reading size however far out the chart is zoomed."""
        zoom = self.zoom()
        if self._label_zoom is not None and abs(zoom - self._label_zoom) < 1e-9:
            return
        self._label_zoom = zoom
        items = list(self.items_by_key.values())
        if not items:
            return
        scale = max(1.0, LABEL_FLOOR / max(zoom, 1e-3))   # shrinking with the chart to 70%, then no smaller
        for it in items:
            it.set_radius(it.base_r * max(1.0, MIN_DOT / (2 * it.base_r * max(zoom, 1e-3))))
        candidates = []
        for it in items:
            p, r = it.pos(), it.r
            candidates.append([(p.x() - r, p.y() - r, p.x() + r, p.y() + r)])
        area = self.sceneRect()   # a label never runs off the drawing
        for it in items:
            places: list[tuple[float, float, float, float] | None] = []
            for place in range(4):
                box = it.label_rect(scale, place).translated(it.pos())
                places.append((box.left(), box.top(), box.right(), box.bottom()) if area.contains(box) else None)
            candidates.append(places)
        n = len(items)
        chosen = choose_label_places(candidates, list(range(n)) + [n + i for i in self._label_order(items)],
                                     cell=max(40.0, 90.0 * scale), fixed=n)
        for i, it in enumerate(items):
            it.set_label(n + i in chosen, scale, chosen.get(n + i, 0))

    def _label_order(self, items: list[NodeItem]) -> list[int]:
        chart = self.chart
        rank = {k.node: i for i, k in enumerate(chart.key_people)} if chart is not None else {}
        degree: dict[str, int] = {}
        for e in (chart.edges if chart is not None else ()):
            degree[e.a] = degree.get(e.a, 0) + 1
            degree[e.b] = degree.get(e.b, 0) + 1
        return sorted(range(len(items)), key=lambda i: (
            not items[i].node.start, items[i].node.kind != GROUP, rank.get(items[i].node.key, 10_000),
            -degree.get(items[i].node.key, 0), items[i].node.key))

    def labels_shown(self) -> list[str]:
        return [k for k, i in self.items_by_key.items() if i.show_label]

    # ------------------------------------------------------------------ navigation

    def _zoomed(self) -> None:
        self.place_labels()

    def zoom_in(self) -> None:
        self.auto_fit = False
        self.scale(1.25, 1.25)
        self._zoomed()

    def zoom_out(self) -> None:
        self.auto_fit = False
        self.scale(0.8, 0.8)
        self._zoomed()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_bands()
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
        self._zoomed()

    def zoom(self) -> float:
        return self.transform().m11()

    def keyPressEvent(self, event: Any) -> None:
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        key = event.key()
        selected = self.selected_key()
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
                  Qt.Key.Key_Down: (0, 1)}
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (ctrl and key in (Qt.Key.Key_Minus,
                                                                                     Qt.Key.Key_Underscore)):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit()
        elif key in arrows and selected and not (mods & Qt.KeyboardModifier.ShiftModifier):
            self.move_selection(*arrows[key])
        elif key == Qt.Key.Key_Home and self.chart is not None:
            self.focus_node(self.chart.start)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and selected:
            self.node_activated.emit(self.items_by_key[selected].node)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and selected:
            self.expand_requested.emit(selected)
        elif key == Qt.Key.Key_Minus and selected:
            self.collapse_requested.emit(selected)
        elif key == Qt.Key.Key_Escape and selected:
            self.scene().clearSelection()
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
            self._zoomed()
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

    def viewportEvent(self, event: Any) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """What the pointer rests on: a record (who, role, marking) or a link (its nature)."""
        item = self.itemAt(pos)
        if isinstance(item, NodeItem):
            return item.tooltip_text()
        edge = self.edge_at(self.mapToScene(pos))
        return edge_tooltip(edge) if edge is not None else ""

    def edge_at(self, scene_point: QPointF) -> Any:
        if self.edge_layer is None:
            return None
        return self.edge_layer.edge_at(scene_point, 5.0 / max(self.zoom(), 1e-3))

    def edge_tooltips(self) -> list[str]:
        return [edge_tooltip(e) for e, _, _ in (self.edge_layer.edges if self.edge_layer else [])]

    # ------------------------------------------------------------------ selection

    def selected_key(self) -> str | None:
        for item in self.scene().selectedItems():
            if isinstance(item, NodeItem):
                return item.node.key
        return None

    def _selection_changed(self) -> None:
        key = self.selected_key()
        self.node_selected.emit(self.items_by_key[key].node if key in self.items_by_key else None)

    def focus_node(self, key: str) -> None:
        item = self.items_by_key.get(key)
        if item is None:
            return
        self.scene().blockSignals(True)
        self.scene().clearSelection()
        self.scene().blockSignals(False)
        item.setSelected(True)
        self.ensureVisible(item, 40, 40)

    def move_selection(self, dx: int, dy: int) -> str | None:
        """Select the nearest record in a direction from the selected one (the keyboard's way round)."""
        current = self.items_by_key.get(self.selected_key() or "")
        if current is None:
            return None
        here = current.pos()
        best, best_score = None, math.inf
        for key, item in self.items_by_key.items():
            if item is current:
                continue
            vx, vy = item.pos().x() - here.x(), item.pos().y() - here.y()
            along = vx * dx + vy * dy
            if along <= 0.5:
                continue
            across = abs(vx * dy - vy * dx)
            score = along + 2.0 * across
            if score < best_score:
                best, best_score = key, score
        if best is not None:
            self.focus_node(best)
        return best


class Legend(QWidget):
    """What the shapes, colours and lines mean (the printed chart's legend says the same)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Chart legend")
        self.setMinimumHeight(18 * (len(LEGEND_NODES) + len(LEGEND_LINES)) + 8)

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        y = 12.0
        for kind, role, text in LEGEND_NODES:
            paint_shape(p, kind, role, QPointF(14, y), min(node_size(kind, role), 16) * 0.5)
            p.setPen(QColor(INK))
            p.drawText(QPointF(32, y + 4), text)
            y += 18
        for kind, text in LEGEND_LINES:
            p.setPen(edge_pen(kind))
            p.drawLine(QPointF(4, y), QPointF(24, y))
            p.setPen(QColor(INK))
            p.drawText(QPointF(32, y + 4), text)
            y += 18
        p.end()
