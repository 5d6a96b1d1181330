"""Drawing a chart specification (domain/charts.py) with QPainter: on screen (`ChartWidget`) and as
an image file (`render_png`), from the same code.

Made to be read: axis titles, whole-number ticks for counts (never 1.25 disruptions), category
labels that are turned, thinned or cut rather than clipped or overlapped, colours that mean
something (Major darker and redder than Minor, P1 red), a legend for every colour used, and point
labels on the risk matrix placed where they do not collide (the rest are named on hover).

One unit per axis: a bar chart whose categories mix counts and measures ("Arrests", "Drugs seized
(kg)") is drawn as side-by-side panels, one per unit, each with its own value axis and title
("Count", "Quantity (kg)"), in colours the legend names (`unit_panels`)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..domain.charts import BAR, LINE, SCATTER, STACKED, ChartSpec, Series
from ..domain.impact import DRUG_UNITS
from .kit.dates import show_date, show_month

PALETTE = ["#2d5f8b", "#b5651d", "#4c8c4a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d"]
INK, MUTED, GRID, AXIS = QColor("#1f2933"), QColor("#52606d"), QColor("#d5dbe1"), QColor("#9aa5b1")
MARKER = QColor("#c0392b")

#: colours that carry a meaning, by series name: severity runs light to dark red, priority red to
#: green, management level light to dark blue; the 4P keep four distinct hues
SERIES_COLOURS = {
    "Minor": "#f0b429", "Moderate": "#d9730d", "Major": "#a4161a",
    "P1": "#a4161a", "P2": "#d9480f", "P3": "#e8a33d", "P4": "#4c8c4a",
    "Local": "#9cc3e6", "Regional": "#4a89c8", "National": "#1f4e8c", "Not a group": "#9aa5b1",
    "Pursue": "#2d5f8b", "Prevent": "#4c8c4a", "Protect": "#b5651d", "Prepare": "#8e44ad",
    "Led": "#2d5f8b", "Contributed": "#9cc3e6",
}
#: the risk matrix's point colours (services/impact.risk_matrix) and what they mean, for its legend
POINT_MEANINGS = {"#a4161a": "P1", "#d9480f": "P2", "#e8a33d": "P3", "#4c8c4a": "P4", "#52606d": "no priority"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_UNIT = re.compile(r"^(?P<what>.+) \((?P<unit>[^()]+)\)$")
MEASURE_UNITS = frozenset(DRUG_UNITS.values())
COUNT = "Count"


def series_colour(name: str, index: int) -> QColor:
    return QColor(SERIES_COLOURS.get(name, PALETTE[index % len(PALETTE)]))


def nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def nice_ticks(high: float, *, counts: bool, most: int = 6) -> list[float]:
    """Ticks from 0 to at least `high`, at a round step (1, 2 or 5 times a power of ten; 2.5 too for
    measures); whole numbers only when `counts`."""
    high = max(high, 1.0 if counts else 1e-9)
    steps = (1, 2, 5) if counts else (1, 2, 2.5, 5)
    exp = 10 ** math.floor(math.log10(high / most)) if high / most > 0 else 1
    for e in (exp, exp * 10, exp * 100):
        for m in steps:
            step = m * e
            if counts and step < 1:
                continue
            n = math.ceil(high / step - 1e-9)
            if n <= most:
                return [round(step * i, 10) for i in range(n + 1)]
    return [0.0, high]


def fixed_ticks(low: float, high: float) -> list[float]:
    """Ticks across a fixed range (a scheme's scale): quarters when they are round, else nice steps."""
    quarter = (high - low) / 4
    if quarter > 0 and (float(quarter).is_integer() or quarter in (0.25, 0.5)):
        return [low + quarter * i for i in range(5)]
    ticks = [t + low for t in nice_ticks(high - low, counts=False) if t + low < high - (high - low) / 10]
    return [*ticks, high] if ticks else [low, high]   # the scale's own top is the last tick


def tick_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def category_text(category: str) -> str:
    """A month category (2026-09) as the screens say it (Sep 2026); anything else as it is."""
    found = _MONTH.match(category)
    if found:
        return show_month(dt.date(int(found[1]), int(found[2]), 1))
    return category


@dataclass
class Drawn:
    """What was drawn where: the points of a scatter (for tooltips), and every text with the shape it
    covers on the page and its role (title, tick, category, axis, legend, label, note), so a test can
    prove nothing is clipped or overlapping."""
    points: list[tuple[QPointF, str]] = field(default_factory=list)
    hidden_labels: int = 0
    texts: list[tuple[str, str, QPolygonF]] = field(default_factory=list)
    bars: list[tuple[str, QRectF]] = field(default_factory=list)

    def of(self, role: str) -> list[str]:
        return [t for r, t, _shape in self.texts if r == role]


def _text(p: QPainter, drawn: Drawn, role: str, rect: QRectF, flags: Any, text: str) -> None:
    """Draw a text and note the shape it really covers (after any turn of the painter)."""
    p.drawText(rect, flags, text)
    if text:
        drawn.texts.append((role, text, p.transform().map(QPolygonF(p.boundingRect(rect, flags, text)))))


def unit_panels(spec: ChartSpec) -> list[tuple[ChartSpec, QColor]]:
    """A bar chart of one series whose categories are in different units (counts, and measures
    named in brackets: "Drugs seized (kg)") as one panel per unit, counts first: each panel a chart
    of its own (no title) with the unit as its value axis title, and the colour of its bars. Empty
    when the chart has one unit only (it is drawn as it is)."""
    if spec.kind != BAR or len(spec.series) != 1:
        return []
    groups: dict[str, list[tuple[str, float]]] = {}
    for category, value in zip(spec.categories, spec.series[0].values):
        found = _UNIT.match(category)
        unit = found["unit"] if found and found["unit"] in MEASURE_UNITS else ""
        groups.setdefault(unit, []).append((found["what"] if unit and found else category, value))
    if len(groups) < 2:
        return []
    panels = []
    for i, unit in enumerate(sorted(groups, key=lambda u: (u != "", list(groups).index(u)))):
        name = COUNT if not unit else f"Quantity ({unit})"
        rows = groups[unit]
        panels.append((ChartSpec(BAR, "", tuple(c for c, _v in rows), (Series(name, tuple(v for _c, v in rows)),),
                                 y_label=name), QColor(PALETTE[i % len(PALETTE)])))
    return panels


def _is_counts(spec: ChartSpec) -> bool:
    values = [v for s in spec.series for v in s.values]
    return bool(values) and all(float(v).is_integer() for v in values)


def _wrap(text: str, fm: QFontMetricsF, width: float, most: int) -> list[str]:
    """Words on at most `most` lines of `width`, the last cut with an ellipsis if need be."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = fm.elidedText(f"{lines[-1]} {' '.join(words)}", Qt.TextElideMode.ElideRight, width)
    return [fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines] or [""]


def _legend(spec: ChartSpec) -> list[tuple[str, QColor]]:
    if spec.kind == SCATTER:
        colours = {(pt.colour or "").lower() for pt in spec.points}
        if colours and all(c in POINT_MEANINGS for c in colours):
            return [(POINT_MEANINGS[c], QColor(c)) for c in POINT_MEANINGS if c in colours]
        return []
    if spec.kind == LINE:
        items = [(s.name, QColor(PALETTE[0])) for s in spec.series[:1]]
        if spec.markers:
            items.append(("Disruption", MARKER))
        return items
    if len(spec.series) > 1:  # the series that have a bar on the chart
        return [(s.name, series_colour(s.name, i)) for i, s in enumerate(spec.series) if any(s.values)]
    return []


def _legend_rows(items: list[tuple[str, QColor]], metrics: QFontMetricsF, width: float) -> list[list[tuple[str, QColor, float]]]:
    rows: list[list[tuple[str, QColor, float]]] = [[]]
    used = 0.0
    for name, colour in items:
        w = metrics.horizontalAdvance(name) + 30
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((name, colour, w))
        used += w
    return [r for r in rows if r]


def paint(p: QPainter, rect: QRectF, spec: ChartSpec, *, bar_colour: QColor | None = None,
          category_height: float = 0.0) -> Drawn:
    """Draw `spec` in `rect`. For a panel of a chart in several units: `bar_colour` of every bar,
    and `category_height` at least under the plot (so the panels' plots line up)."""
    drawn = Drawn()
    panels = unit_panels(spec)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("#ffffff"))
    base = QFont(p.font())
    title_font = QFont(base)
    title_font.setBold(True)
    title_font.setPointSizeF(max(base.pointSizeF(), 9) + 1)
    small = QFont(base)
    small.setPointSizeF(max(base.pointSizeF() - 1, 7))
    axis_font = QFont(small)
    axis_font.setBold(True)
    fm_title, fm = QFontMetricsF(title_font), QFontMetricsF(small)
    line_h = fm.height()
    inner = rect.adjusted(10, 6, -12, -6)

    # the title, on two lines when it needs them (then cut: the whole title is the widget's tooltip
    # and accessible name)
    p.setFont(title_font)
    p.setPen(INK)
    title_lines = _wrap(spec.title, fm_title, inner.width(), 2) if spec.title else []
    for i, line in enumerate(title_lines):
        _text(p, drawn, "title", QRectF(inner.left(), inner.top() + i * fm_title.height(), inner.width(), fm_title.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    top = inner.top() + len(title_lines) * fm_title.height() + 8
    bottom = inner.bottom()
    p.setFont(small)
    if spec.note:
        p.setPen(MUTED)
        _text(p, drawn, "note", QRectF(inner.left(), bottom - line_h, inner.width(), line_h), Qt.AlignmentFlag.AlignLeft,
                   fm.elidedText(spec.note, Qt.TextElideMode.ElideRight, inner.width()))
        bottom -= line_h + 4
    legend = _legend_rows([(panel.y_label, c) for panel, c in panels] if panels else _legend(spec), fm,
                          inner.width())
    if legend:
        y = bottom - len(legend) * (line_h + 2)
        for row in legend:
            x = inner.left() + (inner.width() - sum(w for *_x, w in row) + 12) / 2  # centred under the plot
            for name, colour, w in row:
                if spec.kind == SCATTER:
                    p.setPen(QPen(colour, 1))
                    p.setBrush(colour)
                    p.drawEllipse(QPointF(x + 5, y + line_h / 2), 4.5, 4.5)
                elif spec.kind == LINE and name == "Disruption":
                    p.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
                    p.drawLine(QPointF(x + 5, y + 2), QPointF(x + 5, y + line_h - 2))
                else:
                    p.fillRect(QRectF(x, y + (line_h - 10) / 2, 10, 10), colour)
                p.setPen(INK)
                _text(p, drawn, "legend", QRectF(x + 15, y, w - 15, line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           name)
                x += w
            y += line_h + 2
        bottom -= len(legend) * (line_h + 2) + 4

    if panels and not spec.empty and bottom - top >= 60:
        _paint_panels(p, QRectF(rect.left(), top, rect.width(), bottom - top), panels, drawn)
        p.restore()
        return drawn
    if spec.empty or bottom - top < 60:
        p.setPen(MUTED)
        _text(p, drawn, "empty", QRectF(inner.left(), top, inner.width(), max(bottom - top, 20)), Qt.AlignmentFlag.AlignCenter,
                   "Nothing to show for this selection")
        p.restore()
        return drawn

    # the value axis: its ticks decide the left margin
    if spec.kind == SCATTER:
        y_low, y_high = spec.y_range or (0.0, max((pt.y for pt in spec.points), default=1.0))
        ticks = fixed_ticks(y_low, y_high) if spec.y_range else nice_ticks(y_high, counts=False)
    elif spec.kind == LINE:
        values = spec.series[0].values if spec.series else ()
        ticks = (fixed_ticks(*spec.y_range) if spec.y_range else
                 nice_ticks(max(values or (1,)), counts=_is_counts(spec)))
    else:
        n = len(spec.categories)
        stacked = spec.kind == STACKED
        totals = [sum(s.values[i] for s in spec.series) if stacked else max(s.values[i] for s in spec.series)
                  for i in range(n)]
        ticks = nice_ticks(max(totals or [1]), counts=_is_counts(spec))
    labels = [tick_text(t) for t in ticks]
    y_title = spec.y_label
    left = inner.left() + (line_h + 6 if y_title else 0) + max(fm.horizontalAdvance(t) for t in labels) + 8
    right = inner.right() - 4

    # the category axis: its labels decide the bottom margin
    x_title_h = line_h + 4 if spec.x_label else 0
    cat_h, cat_plan = line_h + 4, None
    if spec.kind in (BAR, STACKED):
        cat_plan = _category_plan(spec.categories, fm, right - left)
        cat_h = max(cat_plan["height"], category_height)
        if cat_plan["turn"]:  # a turned label runs left of its bar: the first ones must not leave the chart
            for _round in range(2):
                slot = (right - left) / max(len(spec.categories), 1)
                reach = max(fm.horizontalAdvance(t) * math.cos(math.radians(40)) + line_h - slot * (i + 0.5)
                            for i, t in enumerate(cat_plan["texts"]))
                left = max(left, inner.left() + reach + 2)
    elif spec.kind in (LINE, SCATTER):
        cat_h = line_h + 4
    plot = QRectF(left, top + line_h / 2, right - left, bottom - x_title_h - cat_h - (top + line_h / 2))
    if plot.height() < 30:
        plot.setHeight(30)

    # grid, tick labels, axis titles
    low, high = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return plot.bottom() - plot.height() * (v - low) / ((high - low) or 1)

    for t, text in zip(ticks, labels):
        y = y_of(t)
        p.setPen(QPen(GRID if t != low else AXIS, 1))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        _text(p, drawn, "tick", QRectF(plot.left() - 200 - 6, y - line_h / 2, 200, line_h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    p.setFont(axis_font)
    p.setPen(MUTED)
    if y_title:
        p.save()
        p.translate(inner.left() + line_h / 2 + 1, plot.center().y())
        p.rotate(-90)
        room = plot.height() + cat_h
        _text(p, drawn, "axis", QRectF(-room / 2, -line_h / 2, room, line_h), Qt.AlignmentFlag.AlignCenter,
                   QFontMetricsF(axis_font).elidedText(y_title, Qt.TextElideMode.ElideRight, room))
        p.restore()
    if spec.x_label:
        _text(p, drawn, "axis", QRectF(plot.left(), plot.bottom() + cat_h, plot.width(), x_title_h),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, spec.x_label)
    p.setFont(small)

    if spec.kind in (BAR, STACKED):
        _bars(p, plot, spec, y_of, fm, cat_plan, drawn, bar_colour)
    elif spec.kind == LINE:
        _line(p, plot, spec, y_of, fm, drawn)
    elif spec.kind == SCATTER:
        _scatter(p, plot, spec, y_of, fm, drawn)
    p.restore()
    return drawn


def _paint_panels(p: QPainter, area: QRectF, panels: list[tuple[ChartSpec, QColor]], drawn: Drawn) -> None:
    """The panels side by side, each as wide as its share of the bars (never under 150 px)."""
    bars = sum(len(panel.categories) for panel, _c in panels)
    widths = [max(150.0, area.width() * len(panel.categories) / max(bars, 1)) for panel, _c in panels]
    scale = area.width() / sum(widths)
    small = QFont(p.font())  # the font paint() draws category labels in
    small.setPointSizeF(max(small.pointSizeF() - 1, 7))
    fm = QFontMetricsF(small)
    under = max(_category_plan(panel.categories, fm, w * scale - 60)["height"] for (panel, _c), w in zip(panels, widths))
    x = area.left()
    for (panel, colour), width in zip(panels, widths):
        part = paint(p, QRectF(x, area.top(), width * scale, area.height()), panel, bar_colour=colour,
                     category_height=under)
        drawn.texts.extend(part.texts)
        drawn.bars.extend(part.bars)
        x += width * scale


def _category_plan(categories: tuple[str, ...], fm: QFontMetricsF, width: float) -> dict[str, Any]:
    """How the category labels fit: level (every label), level and thinned (months: every k-th),
    or turned 40 degrees and cut to at most 130 px; and the height they need."""
    texts = [category_text(c) for c in categories]
    n = max(len(texts), 1)
    slot = width / n
    widest = max((fm.horizontalAdvance(t) for t in texts), default=0)
    line_h = fm.height()
    months = bool(categories) and all(_MONTH.match(c) for c in categories)
    if widest + 8 <= slot:
        return {"texts": texts, "every": 1, "turn": False, "height": line_h + 6}
    if months:  # a timeline: every k-th month, level
        every = max(1, math.ceil((widest + 10) / slot))
        return {"texts": texts, "every": every, "turn": False, "height": line_h + 6}
    limit = 130.0
    cut = [fm.elidedText(t, Qt.TextElideMode.ElideRight, limit) for t in texts]
    longest = max(fm.horizontalAdvance(t) for t in cut)
    every = max(1, math.ceil((line_h + 2) / max(slot * math.sin(math.radians(40)), 1)))
    height = longest * math.sin(math.radians(40)) + line_h * math.cos(math.radians(40)) + 8
    return {"texts": cut, "every": every, "turn": True, "height": height}


def _bars(p: QPainter, plot: QRectF, spec: ChartSpec, y_of: Any, fm: QFontMetricsF, plan: dict[str, Any],
          drawn: Drawn, colour: QColor | None = None) -> None:
    n = len(spec.categories)
    stacked = spec.kind == STACKED
    slot = plot.width() / max(n, 1)
    per = 1 if stacked else len(spec.series)
    bar_w = max(2.0, min(48.0, slot * 0.7 / per))
    for i in range(n):
        x0 = plot.left() + slot * i + (slot - bar_w * per) / 2
        base = 0.0
        for j, s in enumerate(spec.series):
            v = s.values[i]
            fill = colour or series_colour(s.name, j)
            if stacked:
                box = QRectF(x0, y_of(base + v), bar_w, y_of(base) - y_of(base + v))
                base += v
            else:
                box = QRectF(x0 + j * bar_w, y_of(v), bar_w, y_of(0) - y_of(v))
            if v:
                p.fillRect(box, fill)
                drawn.bars.append((s.name, box))
    p.setPen(MUTED)
    line_h = fm.height()
    for i, text in enumerate(plan["texts"]):
        if i % plan["every"]:
            continue
        centre = plot.left() + slot * (i + 0.5)
        if plan["turn"]:
            p.save()
            p.translate(centre + 2, plot.bottom() + 4)
            p.rotate(-40)   # the label ends under its bar and runs down to the left
            w = fm.horizontalAdvance(text)
            _text(p, drawn, "category", QRectF(-w - 2, -line_h / 2 + 2, w, line_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            p.restore()
        else:
            w = max(slot * plan["every"], fm.horizontalAdvance(text) + 4)
            _text(p, drawn, "category", QRectF(centre - w / 2, plot.bottom() + 3, w, line_h), Qt.AlignmentFlag.AlignHCenter,
                  text)


def _line(p: QPainter, plot: QRectF, spec: ChartSpec, y_of: Any, fm: QFontMetricsF, drawn: Drawn) -> None:
    values = spec.series[0].values if spec.series else ()
    dates = list(spec.dates) + [m.when for m in spec.markers]
    if not dates:
        return
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    line_h = fm.height()

    def x(day: Any) -> float:
        return plot.left() + 10 + (plot.width() - 20) * ((day - first).days / span if last != first else 0.5)

    taken: list[QRectF] = []
    for m in spec.markers:
        px = x(m.when)
        p.setPen(QPen(MARKER, 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()))
        w = min(fm.horizontalAdvance(m.label), 180.0)
        box = QRectF(px + 3, plot.top() + 2, w, line_h)
        if box.right() > plot.right():  # near the right edge: the label goes to the left of its line
            box.moveRight(px - 3)
        while any(box.intersects(t) for t in taken) and box.bottom() + line_h < plot.bottom():
            box.moveTop(box.top() + line_h)
        taken.append(box)
        p.setPen(MARKER)
        _text(p, drawn, "label", box, Qt.AlignmentFlag.AlignLeft, fm.elidedText(m.label, Qt.TextElideMode.ElideRight, w))
    colour = QColor(PALETTE[0])
    pts = [QPointF(x(d), y_of(v)) for d, v in zip(spec.dates, values)]
    p.setPen(QPen(colour, 2))
    for a, b in zip(pts, pts[1:]):
        p.drawLine(a, b)
    p.setBrush(colour)
    for pt, band in zip(pts, spec.categories):
        p.setPen(QPen(colour, 1))
        p.drawEllipse(pt, 4, 4)
        p.setPen(INK)
        w = fm.horizontalAdvance(band) + 2
        box = QRectF(pt.x() + 6, pt.y() - line_h - 2, w, line_h)
        if box.right() > plot.right():
            box.moveRight(pt.x() - 6)
        box.moveTop(max(box.top(), plot.top()))
        _text(p, drawn, "label", box, Qt.AlignmentFlag.AlignLeft, band)
    p.setPen(MUTED)
    _text(p, drawn, "category", QRectF(plot.left(), plot.bottom() + 3, 140, line_h), Qt.AlignmentFlag.AlignLeft,
          show_date(first))
    if last != first:
        _text(p, drawn, "category", QRectF(plot.right() - 140, plot.bottom() + 3, 140, line_h), Qt.AlignmentFlag.AlignRight,
                   show_date(last))


def _scatter(p: QPainter, plot: QRectF, spec: ChartSpec, y_of: Any, fm: QFontMetricsF, drawn: Drawn) -> None:
    x0, x1 = spec.x_range or (0.0, max((pt.x for pt in spec.points), default=1.0))
    line_h = fm.height()

    def x_of(v: float) -> float:
        return plot.left() + plot.width() * (v - x0) / ((x1 - x0) or 1)

    # the matrix: a light grid of thirds so the corners read as low/high risk, and the x ticks
    p.setPen(QPen(GRID, 1, Qt.PenStyle.DotLine))
    for f in (1 / 3, 2 / 3):
        p.drawLine(QPointF(plot.left() + plot.width() * f, plot.top()),
                   QPointF(plot.left() + plot.width() * f, plot.bottom()))
    p.setPen(MUTED)
    for t in fixed_ticks(x0, x1):
        text = tick_text(t)
        w = fm.horizontalAdvance(text) + 4
        box = QRectF(x_of(t) - w / 2, plot.bottom() + 3, w, line_h)
        if box.right() > plot.right() + 6:
            box.moveRight(plot.right() + 6)
        _text(p, drawn, "tick", box, Qt.AlignmentFlag.AlignHCenter, text)
    placed: list[QRectF] = []
    spots = [(QPointF(x_of(pt.x), y_of(pt.y)), pt) for pt in spec.points]
    for centre, pt in spots:
        colour = QColor(pt.colour or PALETTE[0])
        p.setPen(QPen(colour.darker(130), 1))
        p.setBrush(colour)
        p.drawEllipse(centre, 4.5, 4.5)
        drawn.points.append((centre, f"{pt.label + ': ' if pt.label else ''}{spec.x_label or 'x'} {tick_text(pt.x)}, "
                                     f"{spec.y_label or 'y'} {tick_text(pt.y)}"))
    dots = [QRectF(c.x() - 5, c.y() - 5, 10, 10) for c, _pt in spots]
    # labels of the points that have one, beside them where they collide with nothing (else on hover)
    p.setPen(INK)
    for centre, pt in sorted(spots, key=lambda s: -s[1].y):
        if not pt.label:
            continue
        w, h = fm.horizontalAdvance(pt.label) + 2, line_h
        options = [QRectF(centre.x() + 7, centre.y() - h / 2, w, h), QRectF(centre.x() - 7 - w, centre.y() - h / 2, w, h),
                   QRectF(centre.x() - w / 2, centre.y() - 6 - h, w, h), QRectF(centre.x() - w / 2, centre.y() + 6, w, h)]
        for box in options:
            inside = plot.adjusted(-2, -line_h / 2, 2, 0).contains(box)
            if inside and not any(box.intersects(o) for o in placed) and not any(
                    box.intersects(d) for d in dots if not d.contains(centre)):
                placed.append(box)
                _text(p, drawn, "label", box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, pt.label)
                break
        else:
            drawn.hidden_labels += 1


class ChartWidget(QWidget):
    def __init__(self, spec: ChartSpec | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.drawn = Drawn()
        self.setMinimumSize(QSize(320, 220))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.set_spec(spec)

    def set_spec(self, spec: ChartSpec | None) -> None:
        self.spec = spec
        if spec is not None:
            self.setAccessibleName(f"Chart: {spec.title}")
            described = "; ".join(f"{s.name}: " + ", ".join(f"{category_text(c)} {v:g}"
                                                            for c, v in zip(spec.categories, s.values) if v)
                                  for s in spec.series) or "; ".join(f"{pt.label} ({pt.x:g}, {pt.y:g})"
                                                                     for pt in spec.points)
            self.setAccessibleDescription(described[:1000] or "nothing to show")
            self.setToolTip(spec.title + (f"\n{spec.note}" if spec.note else ""))
        self.update()

    def paintEvent(self, _event: Any) -> None:
        if self.spec is None:
            return
        p = QPainter(self)
        self.drawn = paint(p, QRectF(self.rect()), self.spec)
        p.end()

    def event(self, event: QEvent) -> bool:
        """Hovering a point of the matrix names it (its label may have had no room)."""
        if event.type() == QEvent.Type.ToolTip and self.drawn.points:
            pos = QPointF(event.pos())
            near = min(self.drawn.points, key=lambda d: (d[0] - pos).manhattanLength())
            if (near[0] - pos).manhattanLength() <= 10:
                QToolTip.showText(event.globalPos(), near[1], self)
                return True
        return super().event(event)


def render_png(spec: ChartSpec, width: int = 1000, height: int = 560) -> bytes:
    """The chart as a PNG image (offscreen), for export and for placing in reports."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    paint(p, QRectF(0, 0, width, height), spec)
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
