"""A link chart drawn for print and for files (reportlab): the one drawing behind the chart's PDF, SVG and
PNG files, the screen's Print and Save buttons and the chart page of the assessment pack, so that what
is printed, saved and packed is the same picture.

It draws the chart as laid out (services/network.py: positions in layout units, the analyst's view
applied), in the screen's visual vocabulary (domain/network.py: shapes by kind, colours and sizes by
role, line styles by kind of link), with labels that never overlap (the most important kept: the
chart's record, groups, key people, the best connected), and a legend. A page adds the protective
marking at the top and bottom (the highest of what the chart shows), the title and what was left out.

PNG: the PDF rendered by PDFium (pypdfium2), in memory: no drawing library beyond reportlab, and no
file with record content is written anywhere but the target.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.validators import isInt
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain import clock
from ..domain.network import (
    DASH,
    DOT,
    EDGE_STYLES,
    GROUP,
    INK,
    LEGEND_LINES,
    LEGEND_NODES,
    MUTED_INK,
    VULNERABILITY,
    choose_label_places,
    node_colour,
    node_size,
)
from ..services.network import typical_gap
from .pdf.common import BOLD, FONT, MARKING_COLOURS, register_fonts

PAGE = landscape(A4)
SCREEN_GAP = 115.0      # the screen's distance between neighbouring records at zoom 1 (pixels)
LEGEND_ROW = 11.0


class ChartDrawing(Drawing):
    """A drawing that also says how many records' labels it could draw without overlap."""

    _attrMap = AttrMap(BASE=Drawing, labels_shown=AttrMapValue(isInt, desc="labels drawn"))

    def __init__(self, width: float, height: float, *nodes: Any, **kw: Any):
        super().__init__(width, height, *nodes, **kw)
        self.labels_shown = 0


def _colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _dash(style: str, width: float) -> list[float] | None:
    if style == DASH:
        return [4 * width, 3 * width]
    if style == DOT:
        return [0.8 * width, 2.2 * width]
    return None


def shape(kind: str, role: str | None, cx: float, cy: float, r: float, *, start: bool = False,
          stroke_scale: float = 1.0) -> Group:
    """One record's shape (y upwards, reportlab's way): groups rounded squares, vulnerabilities
    diamonds, nominals circles; the chart's own record outlined thick."""
    fill = _colour(node_colour(kind, role))
    outline = _colour(INK) if start else colors.Color(fill.red * 0.7, fill.green * 0.7, fill.blue * 0.7)
    width = (2.6 if start else 0.8) * stroke_scale
    g = Group()
    if kind == GROUP:
        g.add(Rect(cx - r, cy - r, 2 * r, 2 * r, rx=r * 0.28, ry=r * 0.28, fillColor=fill, strokeColor=outline,
                   strokeWidth=width))
    elif kind == VULNERABILITY:
        g.add(Polygon([cx, cy + r, cx + r, cy, cx, cy - r, cx - r, cy], fillColor=fill, strokeColor=outline,
                      strokeWidth=width))
    else:
        g.add(Circle(cx, cy, r, fillColor=fill, strokeColor=outline, strokeWidth=width))
    return g


def _label_order(chart: Any) -> list[int]:
    """Whose label matters most: the chart's record, then groups, then key people by rank, then the
    best connected."""
    degree: dict[str, int] = {}
    for e in chart.edges:
        degree[e.a] = degree.get(e.a, 0) + 1
        degree[e.b] = degree.get(e.b, 0) + 1
    rank = {k.node: i for i, k in enumerate(chart.key_people)}
    return sorted(range(len(chart.nodes)), key=lambda i: (
        not chart.nodes[i].start, chart.nodes[i].kind != GROUP, rank.get(chart.nodes[i].key, 10_000),
        -degree.get(chart.nodes[i].key, 0), chart.nodes[i].key))


def chart_drawing(chart: Any, width: float, height: float) -> ChartDrawing:
    """The chart alone, fitted into `width` x `height` points (records, links, labels)."""
    register_fonts()
    d = ChartDrawing(width, height)
    if not chart.nodes:
        d.add(String(width / 2, height / 2, "Nothing to show with these filters", fontName=FONT, fontSize=9,
                     fillColor=_colour(MUTED_INK), textAnchor="middle"))
        return d
    xs, ys = [n.x for n in chart.nodes], [n.y for n in chart.nodes]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad = 26.0
    room_w, room_h = width - 2 * pad, height - 2 * pad - 14   # room below the lowest record for its label
    span_x, span_y = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    sx, sy = room_w / span_x, room_h / span_y
    if chart.layout != "structure":   # a network keeps its proportions; a structure fills the page
        sx = sy = min(sx, sy)
    if x1 == x0:
        sx = 1.0
    if y1 == y0:
        sy = 1.0
    ox = pad + (room_w - (x1 - x0) * sx) / 2
    oy = pad + (room_h - (y1 - y0) * sy) / 2   # from the top

    def at(n: Any) -> tuple[float, float]:   # layout y grows downwards; reportlab's upwards
        return ox + (n.x - x0) * sx, height - (oy + (n.y - y0) * sy)

    pos = {n.key: at(n) for n in chart.nodes}
    gap = typical_gap(pos.values()) or SCREEN_GAP
    k = max(0.12, min(0.75, gap / SCREEN_GAP * 0.95))   # shapes shrink with the room between records
    for e in chart.edges:
        colour, w, style = EDGE_STYLES[e.kind]
        (ax, ay), (bx, by) = pos[e.a], pos[e.b]
        lw = max(0.25, w * k)
        d.add(Line(ax, ay, bx, by, strokeColor=_colour(colour), strokeWidth=lw, strokeDashArray=_dash(style, lw),
                   strokeLineCap=1))
    name_size = max(3.2, min(7.5, 7.5 * k / 0.6))
    widths = sorted(stringWidth(n.label[:34], FONT, name_size) for n in chart.nodes)
    typical = widths[len(widths) // 2]
    if typical > gap * 0.92:   # a typical name wider than the room between records: a smaller type, to 4.5 pt
        name_size = max(min(name_size, 4.5), name_size * gap * 0.92 / typical)
    ref_size = name_size * 0.82
    shapes, boxes, texts = [], [], []
    for n in chart.nodes:
        cx, cy = pos[n.key]
        r = node_size(n.kind, n.role) * k
        d.add(shape(n.kind, n.role, cx, cy, r, start=n.start, stroke_scale=max(k, 0.3) / 0.6))
        shapes.append((cx - r, height - cy - r, cx + r, height - cy + r))
        if n.folded:
            badge = f"+{n.folded}"
            bw = stringWidth(badge, BOLD, name_size * 0.9) + 3
            d.add(Rect(cx + r * 0.5, cy + r * 0.5, bw, name_size + 1, rx=2, ry=2, fillColor=colors.white,
                       strokeColor=_colour(INK), strokeWidth=0.4))
            d.add(String(cx + r * 0.5 + bw / 2, cy + r * 0.5 + 2, badge, fontName=BOLD, fontSize=name_size * 0.9,
                         fillColor=_colour(INK), textAnchor="middle"))
        font = BOLD if (n.start or n.kind == GROUP) else FONT
        name = n.label if len(n.label) <= 34 else n.label[:33] + "\u2026"
        w = max(stringWidth(name, font, name_size), stringWidth(n.reference, FONT, ref_size)) + 3
        h = name_size + ref_size + 2.5
        yd = height - cy   # y downwards, for placing: below the record, else above, right, left
        places = [(cx - w / 2, yd + r + 1.5, cx + w / 2, yd + r + 1.5 + h),
                  (cx - w / 2, yd - r - 1.5 - h, cx + w / 2, yd - r - 1.5),
                  (cx + r + 2, yd - h / 2, cx + r + 2 + w, yd + h / 2),
                  (cx - r - 2 - w, yd - h / 2, cx - r - 2, yd + h / 2)]
        boxes.append([b if b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height else None
                      for b in places])   # never off the drawing
        texts.append((name, font))
    # the records' shapes first (a label never covers a record), then the labels by importance
    count = len(chart.nodes)
    chosen = choose_label_places([[b] for b in shapes] + boxes,
                                 list(range(count)) + [count + i for i in _label_order(chart)],
                                 cell=max(20.0, name_size * 8), fixed=count)
    shown = {i - count: k for i, k in chosen.items() if i >= count}
    for i, k in sorted(shown.items()):
        n = chart.nodes[i]
        name, font = texts[i]
        left, top, right, bottom = boxes[i][k]
        mid = (left + right) / 2
        d.add(Rect(left, height - bottom, right - left, bottom - top, rx=1.5, ry=1.5,
                   fillColor=colors.Color(1, 1, 1, alpha=0.82), strokeColor=None))
        d.add(String(mid, height - top - name_size + 0.6, name, fontName=font, fontSize=name_size,
                     fillColor=_colour(INK), textAnchor="middle"))
        d.add(String(mid, height - top - name_size - ref_size + 0.2, n.reference, fontName=FONT, fontSize=ref_size,
                     fillColor=_colour(MUTED_INK), textAnchor="middle"))
    d.labels_shown = len(shown)   # for the caption (and the tests)
    return d


def legend_drawing(width: float) -> Drawing:
    """What the shapes, colours and lines mean, in as many columns as fit `width`."""
    register_fonts()
    items: list[tuple[str, Any, str]] = [("node", (kind, role), text) for kind, role, text in LEGEND_NODES]
    items += [("line", kind, text) for kind, text in LEGEND_LINES]
    col_w = 118.0
    cols = max(1, min(len(items), int(width // col_w)))
    rows = math.ceil(len(items) / cols)
    d = Drawing(width, rows * LEGEND_ROW + 4)
    for i, (what, key, text) in enumerate(items):
        col, row = divmod(i, rows)
        x, y = col * col_w, d.height - (row + 1) * LEGEND_ROW + 2
        if what == "node":
            kind, role = key
            d.add(shape(kind, role, x + 6, y + 3, min(node_size(kind, role), 16) * 0.28, stroke_scale=0.6))
        else:
            colour, w, style = EDGE_STYLES[key]
            lw = w * 0.6
            d.add(Line(x, y + 3, x + 13, y + 3, strokeColor=_colour(colour), strokeWidth=lw,
                       strokeDashArray=_dash(style, lw)))
        d.add(String(x + 17, y, text, fontName=FONT, fontSize=7, fillColor=_colour(INK)))
    return d


def caption(chart: Any) -> str:
    """One line saying what the chart holds and what the view left out."""
    c = chart.counts

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    parts = [f"{n(c['records'], 'record', 'records')} ({n(c['groups'], 'group', 'groups')}, "
             f"{n(c['nominals'], 'nominal', 'nominals')}, {n(c['vulnerabilities'], 'vulnerability', 'vulnerabilities')}"
             f"), {n(c['links'], 'link', 'links')}, {n(chart.depth, 'step', 'steps')} from {chart.start}"]
    if chart.layout_name:
        parts.append(f"saved layout \u201c{chart.layout_name}\u201d")
    if chart.left_out:
        parts.append("left out: " + ", ".join(f"{n} {why}" for why, n in sorted(chart.left_out.items())))
    return "; ".join(parts) + ". Only what the reader may see is shown."


def page_drawing(chart: Any, *, produced_by: str = "", produced_on: dt.date | None = None,
                 size: tuple[float, float] = PAGE) -> ChartDrawing:
    """A whole page: the marking top and bottom, the title, the chart, its legend and caption."""
    register_fonts()
    width, height = size
    produced_on = produced_on or clock.today()
    d = ChartDrawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    band = 7 * mm
    colour = _colour(MARKING_COLOURS[chart.marking])
    for y in (height - band, 0):
        d.add(Rect(0, y, width, band, fillColor=colour, strokeColor=None))
        d.add(String(width / 2, y + 2.3 * mm, chart.marking.value, fontName=BOLD, fontSize=10,
                     fillColor=colors.white, textAnchor="middle"))
    margin = 12 * mm
    top = height - band - 6 * mm
    d.add(String(margin, top - 8, f"Link chart: {chart.title}"[:110], fontName=BOLD, fontSize=12,
                 fillColor=_colour(INK)))
    d.add(String(margin, top - 20, caption(chart)[:190], fontName=FONT, fontSize=7.5, fillColor=_colour(MUTED_INK)))
    legend = legend_drawing(width - 2 * margin)
    bottom = band + 5 * mm
    d.add(String(margin, bottom, f"Produced {produced_on:%d %B %Y} by {produced_by}"[:120], fontName=FONT,
                 fontSize=7, fillColor=_colour(MUTED_INK)))
    legend_y = bottom + 10
    legend.translate(margin, legend_y)
    d.add(legend)
    area_bottom = legend_y + legend.height + 4
    area = chart_drawing(chart, width - 2 * margin, top - 28 - area_bottom)
    area.translate(margin, area_bottom)
    d.add(area)
    d.labels_shown = area.labels_shown
    return d


# ------------------------------------------------------------------ files

def pdf_bytes(drawing: Drawing, *, title: str = "", author: str = "", marking: str = "") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(drawing.width, drawing.height))
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(marking)
    c.setKeywords(marking)
    c.setCreator("ROCTA Desktop")
    from reportlab.graphics import renderPDF
    renderPDF.draw(drawing, c, 0, 0)
    c.showPage()
    c.save()
    return buffer.getvalue()


def svg_bytes(drawing: Drawing, *, title: str = "", marking: str = "") -> bytes:
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(drawing)
    head = text.index(">", text.index("<svg")) + 1   # the marking in the file's own words, for any reader
    from xml.sax.saxutils import escape
    meta = f"<title>{escape(marking)} - {escape(title)}</title><desc>Protective marking: {escape(marking)}</desc>"
    return (text[:head] + meta + text[head:]).encode("utf-8")


def png_bytes(pdf: bytes, *, dpi: float = 150.0) -> bytes:
    """The (one page) PDF as a PNG picture, rendered in memory."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=dpi / 72.0).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def chart_file_bytes(chart: Any, fmt: str, *, produced_by: str = "", produced_on: dt.date | None = None) -> bytes:
    """The chart's page as a .pdf, .svg or .png file's bytes."""
    page = page_drawing(chart, produced_by=produced_by, produced_on=produced_on)
    meta = {"title": f"Link chart: {chart.title}", "marking": chart.marking.value}
    if fmt == "svg":
        return svg_bytes(page, **meta)
    pdf = pdf_bytes(page, author=produced_by, **meta)
    if fmt == "pdf":
        return pdf
    if fmt == "png":
        return png_bytes(pdf)
    raise ValueError(f"unknown chart format {fmt!r}")
