"""Drawing a chart specification (domain/charts.py) with QPainter: on screen (`ChartWidget`) and as
an image file (`render_png`), from the same code."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..domain.charts import BAR, LINE, SCATTER, STACKED, ChartSpec

PALETTE = ["#2d5f8b", "#b5651d", "#4c8c4a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d"]
INK, MUTED, GRID = QColor("#1f2933"), QColor("#52606d"), QColor("#d5dbe1")


def nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def paint(p: QPainter, rect: QRectF, spec: ChartSpec) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("#ffffff"))
    base = QFont(p.font())
    title = QFont(base)
    title.setBold(True)
    title.setPointSizeF(max(base.pointSizeF(), 9) + 1)
    small = QFont(base)
    small.setPointSizeF(max(base.pointSizeF() - 1, 7))
    p.setFont(title)
    p.setPen(INK)
    p.drawText(QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, 20), Qt.AlignmentFlag.AlignLeft, spec.title)
    p.setFont(small)
    legend_h = 18 if (spec.series and spec.kind != SCATTER and len(spec.series) > 1) else 0
    note_h = 16 if spec.note else 0
    area = QRectF(rect.left() + 46, rect.top() + 30, rect.width() - 60, rect.height() - 62 - legend_h - note_h)
    if spec.empty or area.height() < 20:
        p.setPen(MUTED)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Nothing to show for this selection")
        p.restore()
        return
    if spec.kind in (BAR, STACKED):
        _bars(p, area, spec, small)
    elif spec.kind == LINE:
        _line(p, area, spec, small)
    elif spec.kind == SCATTER:
        _scatter(p, area, spec, small)
    if legend_h:
        x = area.left()
        for i, s in enumerate(spec.series):
            colour = QColor(PALETTE[i % len(PALETTE)])
            p.fillRect(QRectF(x, area.bottom() + 26, 10, 10), colour)
            p.setPen(INK)
            width = p.fontMetrics().horizontalAdvance(s.name) + 24
            p.drawText(QRectF(x + 14, area.bottom() + 22, width, 16), Qt.AlignmentFlag.AlignLeft, s.name)
            x += width
    if note_h:
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left() + 8, rect.bottom() - note_h - 2, rect.width() - 16, note_h),
                   Qt.AlignmentFlag.AlignLeft, spec.note)
    p.restore()


def _axes(p: QPainter, area: QRectF, top: float, spec: ChartSpec) -> None:
    p.setPen(QPen(GRID, 1))
    for i in range(5):
        y = area.bottom() - area.height() * i / 4
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(area.left() - 44, y - 8, 40, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   f"{top * i / 4:g}")
        p.setPen(QPen(GRID, 1))


def _bars(p: QPainter, area: QRectF, spec: ChartSpec, font: QFont) -> None:
    n = len(spec.categories)
    stacked = spec.kind == STACKED
    totals = [sum(s.values[i] for s in spec.series) if stacked else max(s.values[i] for s in spec.series)
              for i in range(n)]
    top = nice_top(max(totals or [1]))
    _axes(p, area, top, spec)
    slot = area.width() / max(n, 1)
    per = 1 if stacked else len(spec.series)
    bar_w = max(2.0, min(48.0, slot * 0.7 / per))
    step_label = max(1, math.ceil(n / max(area.width() / 60, 1)))
    for i, cat in enumerate(spec.categories):
        x0 = area.left() + slot * i + (slot - bar_w * per) / 2
        y = area.bottom()
        for j, s in enumerate(spec.series):
            v = s.values[i]
            h = area.height() * v / top
            colour = QColor(PALETTE[j % len(PALETTE)])
            if stacked:
                p.fillRect(QRectF(x0, y - h, bar_w, h), colour)
                y -= h
            else:
                p.fillRect(QRectF(x0 + j * bar_w, area.bottom() - h, bar_w, h), colour)
        if i % step_label == 0:
            p.setPen(MUTED)
            p.drawText(QRectF(area.left() + slot * i - 10, area.bottom() + 2, slot + 20, 16),
                       Qt.AlignmentFlag.AlignHCenter, cat)


def _line(p: QPainter, area: QRectF, spec: ChartSpec, font: QFont) -> None:
    values = spec.series[0].values if spec.series else ()
    top = spec.y_range[1] if spec.y_range else nice_top(max(values or (1,)))
    _axes(p, area, top, spec)
    dates = list(spec.dates) + [m.when for m in spec.markers]
    if not dates:
        return
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)

    def x(day: Any) -> float:
        return area.left() + 10 + (area.width() - 20) * ((day - first).days / span if last != first else 0.5)

    for m in spec.markers:
        px = x(m.when)
        p.setPen(QPen(QColor("#c0392b"), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(px, area.top()), QPointF(px, area.bottom()))
        p.setPen(QColor("#c0392b"))
        p.drawText(QRectF(px + 3, area.top() + 2, 180, 14), Qt.AlignmentFlag.AlignLeft, m.label)
    colour = QColor(PALETTE[0])
    pts = [QPointF(x(d), area.bottom() - area.height() * v / top) for d, v in zip(spec.dates, values)]
    p.setPen(QPen(colour, 2))
    for a, b in zip(pts, pts[1:]):
        p.drawLine(a, b)
    p.setBrush(colour)
    for pt, band in zip(pts, spec.categories):
        p.drawEllipse(pt, 4, 4)
        p.drawText(QRectF(pt.x() + 6, pt.y() - 16, 80, 14), Qt.AlignmentFlag.AlignLeft, band)
    p.setPen(MUTED)
    p.drawText(QRectF(area.left(), area.bottom() + 2, 120, 16), Qt.AlignmentFlag.AlignLeft, f"{first:%d %b %Y}")
    p.drawText(QRectF(area.right() - 120, area.bottom() + 2, 120, 16), Qt.AlignmentFlag.AlignRight,
               f"{last:%d %b %Y}")


def _scatter(p: QPainter, area: QRectF, spec: ChartSpec, font: QFont) -> None:
    x0, x1 = spec.x_range or (0.0, max((pt.x for pt in spec.points), default=1.0))
    y0, y1 = spec.y_range or (0.0, max((pt.y for pt in spec.points), default=1.0))
    _axes(p, area, y1, spec)
    # the matrix: a light grid of thirds so the corners read as low/high risk
    p.setPen(QPen(GRID, 1, Qt.PenStyle.DotLine))
    for f in (1 / 3, 2 / 3):
        p.drawLine(QPointF(area.left() + area.width() * f, area.top()),
                   QPointF(area.left() + area.width() * f, area.bottom()))
    p.setPen(MUTED)
    p.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 16), Qt.AlignmentFlag.AlignHCenter,
               f"{spec.x_label} ({x0:g} to {x1:g})")
    for pt in spec.points:
        px = area.left() + area.width() * (pt.x - x0) / ((x1 - x0) or 1)
        py = area.bottom() - area.height() * (pt.y - y0) / ((y1 - y0) or 1)
        colour = QColor(pt.colour or PALETTE[0])
        p.setPen(QPen(colour, 1))
        p.setBrush(colour)
        p.drawEllipse(QPointF(px, py), 4.5, 4.5)
        p.setPen(INK)
        p.drawText(QRectF(px + 6, py - 14, 110, 14), Qt.AlignmentFlag.AlignLeft, pt.label)


class ChartWidget(QWidget):
    def __init__(self, spec: ChartSpec | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.setMinimumSize(QSize(320, 220))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.set_spec(spec)

    def set_spec(self, spec: ChartSpec | None) -> None:
        self.spec = spec
        if spec is not None:
            self.setAccessibleName(f"Chart: {spec.title}")
            described = "; ".join(f"{s.name}: " + ", ".join(f"{c} {v:g}" for c, v in zip(spec.categories, s.values) if v)
                                  for s in spec.series) or "; ".join(f"{pt.label} ({pt.x:g}, {pt.y:g})"
                                                                     for pt in spec.points)
            self.setAccessibleDescription(described[:1000] or "nothing to show")
        self.update()

    def paintEvent(self, _event: Any) -> None:
        if self.spec is None:
            return
        p = QPainter(self)
        paint(p, QRectF(self.rect()), self.spec)
        p.end()


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
