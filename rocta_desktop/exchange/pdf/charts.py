"""Drawing a chart specification (domain/charts.py) for print with reportlab: the same spec the
screen draws with QPainter, so a chart reads the same on paper."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from ...domain.charts import BAR, LINE, SCATTER, STACKED, ChartSpec
from .common import BOLD, FONT, MUTED

PALETTE = ["#2d5f8b", "#b5651d", "#4c8c4a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d"]
GRID = colors.HexColor("#d5dbe1")


def _top(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    return next(step * exp for step in (1, 2, 2.5, 5, 10) if value <= step * exp)


def draw(spec: ChartSpec, width: float, height: float = 70 * mm) -> Drawing:
    d = Drawing(width, height)
    d.add(String(0, height - 10, spec.title, fontName=BOLD, fontSize=9))
    legend = spec.kind != SCATTER and len(spec.series) > 1
    left, right, bottom, top = 34, width - 6, 26 + (10 if legend else 0) + (9 if spec.note else 0), height - 18
    if spec.empty:
        d.add(String(width / 2, height / 2, "Nothing to show for this selection", fontName=FONT, fontSize=8,
                     fillColor=MUTED, textAnchor="middle"))
        return d
    if spec.kind in (BAR, STACKED):
        n = len(spec.categories)
        stacked = spec.kind == STACKED
        totals = [sum(s.values[i] for s in spec.series) if stacked else max(s.values[i] for s in spec.series)
                  for i in range(n)]
        scale = _top(max(totals or [1]))
        _grid(d, left, right, bottom, top, scale)
        slot = (right - left) / max(n, 1)
        per = 1 if stacked else len(spec.series)
        bar_w = max(1.5, min(28, slot * 0.7 / per))
        every = max(1, math.ceil(n / max((right - left) / 40, 1)))
        for i, cat in enumerate(spec.categories):
            x0 = left + slot * i + (slot - bar_w * per) / 2
            y = bottom
            for j, s in enumerate(spec.series):
                h = (top - bottom) * s.values[i] / scale
                colour = colors.HexColor(PALETTE[j % len(PALETTE)])
                if stacked:
                    if h > 0:
                        d.add(Rect(x0, y, bar_w, h, fillColor=colour, strokeColor=None))
                    y += h
                elif h > 0:
                    d.add(Rect(x0 + j * bar_w, bottom, bar_w, h, fillColor=colour, strokeColor=None))
            if i % every == 0:
                d.add(String(left + slot * (i + 0.5), bottom - 9, cat, fontName=FONT, fontSize=6.5, fillColor=MUTED,
                             textAnchor="middle"))
    elif spec.kind == SCATTER:
        x0, x1 = spec.x_range or (0.0, max(p.x for p in spec.points))
        y0, y1 = spec.y_range or (0.0, max(p.y for p in spec.points))
        _grid(d, left, right, bottom, top, y1)
        for f in (1 / 3, 2 / 3):
            d.add(Line(left + (right - left) * f, bottom, left + (right - left) * f, top, strokeColor=GRID,
                       strokeDashArray=[1, 2]))
        d.add(String((left + right) / 2, bottom - 9, f"{spec.x_label} ({x0:g} to {x1:g})", fontName=FONT,
                     fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
        for p in spec.points:
            px = left + (right - left) * (p.x - x0) / ((x1 - x0) or 1)
            py = bottom + (top - bottom) * (p.y - y0) / ((y1 - y0) or 1)
            colour = colors.HexColor(p.colour or PALETTE[0])
            d.add(Circle(px, py, 2.6, fillColor=colour, strokeColor=colour))
            if p.label:
                d.add(String(px + 4, py + 2, p.label, fontName=FONT, fontSize=6))
    elif spec.kind == LINE:
        values = spec.series[0].values if spec.series else ()
        scale = spec.y_range[1] if spec.y_range else _top(max(values or (1,)))
        _grid(d, left, right, bottom, top, scale)
        dates = list(spec.dates) + [m.when for m in spec.markers]
        first, last = min(dates), max(dates)
        span = max((last - first).days, 1)

        def xat(day: object) -> float:
            return left + 8 + (right - left - 16) * ((day - first).days / span if last != first else 0.5)  # type: ignore[operator]

        for m in spec.markers:
            mx = xat(m.when)
            d.add(Line(mx, bottom, mx, top, strokeColor=colors.HexColor("#c0392b"), strokeDashArray=[2, 2]))
            d.add(String(mx + 2, top - 8, m.label, fontName=FONT, fontSize=6, fillColor=colors.HexColor("#c0392b")))
        pts = [(xat(day), bottom + (top - bottom) * v / scale) for day, v in zip(spec.dates, values)]
        if len(pts) > 1:
            d.add(PolyLine([c for xy in pts for c in xy], strokeColor=colors.HexColor(PALETTE[0]), strokeWidth=1.2))
        for (px, py), band in zip(pts, spec.categories):
            d.add(Circle(px, py, 2.4, fillColor=colors.HexColor(PALETTE[0])))
            d.add(String(px + 3, py + 3, band, fontName=FONT, fontSize=6))
        d.add(String(left, bottom - 9, f"{first:%d %b %Y}", fontName=FONT, fontSize=6.5, fillColor=MUTED))
        d.add(String(right, bottom - 9, f"{last:%d %b %Y}", fontName=FONT, fontSize=6.5, fillColor=MUTED,
                     textAnchor="end"))
    if legend:
        x = left
        for j, s in enumerate(spec.series):
            d.add(Rect(x, bottom - 20, 6, 6, fillColor=colors.HexColor(PALETTE[j % len(PALETTE)]), strokeColor=None))
            d.add(String(x + 8, bottom - 20, s.name, fontName=FONT, fontSize=6.5))
            x += 12 + 4.2 * len(s.name)
    if spec.note:
        d.add(String(0, 2, spec.note[:150], fontName=FONT, fontSize=6.5, fillColor=MUTED))
    return d


def _grid(d: Drawing, left: float, right: float, bottom: float, top: float, scale: float) -> None:
    for i in range(5):
        y = bottom + (top - bottom) * i / 4
        d.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.4))
        d.add(String(left - 3, y - 2.5, f"{scale * i / 4:g}", fontName=FONT, fontSize=6, fillColor=MUTED,
                     textAnchor="end"))
