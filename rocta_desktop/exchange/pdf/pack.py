"""The assessment pack for one subject, as read on paper by a tasking group: a cover, the summary,
the latest approved MoRiLE and OCGM results with how each number was reached and what is unknown,
the trend of its approved assessments, then the sections the other areas contribute (members,
requirements, triggers, and later 4P plans, tasking and disruptions). An assessment not approved
is named as such (a draft, not approved) and its score is not printed (services/reports.py says why)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, PageBreak

from ...domain.schemes.explain import answer_text, explained_steps, headline, unknown_note
from ...domain.schemes.expressions import format_interval
from ...services.reports import PackData
from .common import BOLD, FONT, MUTED, MarkedDocument, key_values, p, spacer, styles, table

METHOD_COLOURS = {"MoRiLE": colors.HexColor("#2d5f8b"), "OCGM": colors.HexColor("#b5651d")}
LABEL_SIZE = 6.5


def label_position(px: float, py: float, text: str, box: tuple[float, float, float, float]) -> tuple[float, float]:
    """Where a point's band label starts (its baseline's left end) so that it stays inside the plot
    `box` (left, bottom, right, top): right of and above the point, else left of it at the right
    edge and below it at the top."""
    left, bottom, right, top = box
    w = stringWidth(text, FONT, LABEL_SIZE)
    x = px + 4 if px + 4 + w <= right - 2 else px - 4 - w
    y = py + 3 if py + 3 + LABEL_SIZE <= top - 2 else py - 3 - LABEL_SIZE
    return max(left + 2, min(x, right - 2 - w)), max(bottom + 2, y)


def trend_chart(trend: list[dict[str, Any]], width: float, height: float = 55 * mm) -> Drawing:
    """Score over time per method, each on its own scheme's scale; a bar where unknowns leave a
    range; hollow points are not approved. The same data as the screen's chart."""
    d = Drawing(width, height)
    left, bottom, right, top = 30, 22, width - 10, height - 8
    d.add(Rect(left, bottom, right - left, top - bottom, strokeColor=colors.HexColor("#c3cbd3"),
               fillColor=None, strokeWidth=0.5))
    dates = [pt["when"] for s in trend for pt in s["points"]]
    if not dates:
        d.add(String((left + right) / 2, (bottom + top) / 2, "No assessments yet", fontName=FONT, fontSize=8,
                     fillColor=MUTED, textAnchor="middle"))
        return d
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return (left + right) / 2 if first == last else left + 10 + (right - left - 20) * (day - first).days / span

    def y(value: float, scale: float) -> float:
        return bottom + (top - bottom) * (value / scale if scale else 0)

    for frac, label in ((0, "low"), (0.5, "mid"), (1, "high")):
        d.add(String(left - 3, bottom + (top - bottom) * frac - 3, label, fontName=FONT, fontSize=6.5,
                     fillColor=MUTED, textAnchor="end"))
    d.add(String(left, 8, f"{first:%d %b %Y}", fontName=FONT, fontSize=6.5, fillColor=MUTED))
    if first != last:
        d.add(String(right, 8, f"{last:%d %b %Y}", fontName=FONT, fontSize=6.5, fillColor=MUTED, textAnchor="end"))
    legend_x = left + 90
    for s in trend:
        colour = METHOD_COLOURS.get(s["method"], MUTED)
        points = [(x(pt["when"]), y((pt["lo"] + pt["hi"]) / 2, s["top"])) for pt in s["points"]]
        if len(points) > 1:
            d.add(PolyLine([c for xy in points for c in xy], strokeColor=colour, strokeWidth=1.2))
        for pt, (px, py) in zip(s["points"], points):
            if pt["lo"] != pt["hi"]:
                d.add(Line(px, y(pt["lo"], s["top"]), px, y(pt["hi"], s["top"]), strokeColor=colour, strokeWidth=1))
            d.add(Circle(px, py, 2.6, strokeColor=colour, fillColor=colour if pt["approved"] else colors.white))
            lx, ly = label_position(px, py, pt["band"], (left, bottom, right, top))
            d.add(String(lx, ly, pt["band"], fontName=FONT, fontSize=LABEL_SIZE, fillColor=colour))
        d.add(String(legend_x, 8, f"\u25cf {s['method']}", fontName=BOLD, fontSize=7, fillColor=colour))
        legend_x += 60
    return d


def _result_block(method: str, data: dict[str, Any], st: dict[str, Any], width: float) -> list[Any]:
    result, scheme = data["result"], data["scheme_obj"]
    status = data["status"].label if data["status"].value != "approved" else (
        f"approved {data['reviewed_at']:%d/%m/%Y} by {data['reviewed_by']}")
    out: list[Any] = [CondPageBreak(60 * mm), p(f"{method}: {headline(result)}", st["h2"]),
                      p(f"{data['reference']} \u00b7 {scheme.method} version {scheme.version} \u00b7 assessment "
                        f"version {data['version']} \u00b7 {status}"
                        f" \u00b7 written by {data['created_by'] or 'unknown'}", st["small"]),
                      p(unknown_note(result), st["body"])]
    if result.low_confidence:
        out.append(p("Low confidence: the intelligence gaps are recorded and an intelligence requirement should "
                     "be raised in the collection plan.", st["body"]))
    if data["next_review"]:
        out.append(p(f"Next review due {data['next_review']:%d %B %Y}.", st["body"]))
    if data["summary"]:
        out.append(p(f"Summary: {data['summary']}", st["body"]))
    steps = [list(step) for step in explained_steps(result)]   # the scheme's own words, as on screen
    out += [p("How the result was reached", st["h3"]), table(["Step", "Working"], steps, [width * 0.3, width * 0.7], st)]
    rows = []
    for section in scheme.sections:
        for f in section.factors:
            a = data["answers"].get(f.id)
            rows.append([section.title, f.title, answer_text(scheme, f.id, a), format_interval(result.values[f.id]),
                         a.rationale if a else ""])
    out += [p("Answers and rationale", st["h3"]),
            table(["Section", "Factor", "Answer", "Value", "Rationale"], rows,
                  [width * 0.14, width * 0.2, width * 0.18, width * 0.08, width * 0.4], st)]
    if scheme.notice:
        out.append(p(scheme.notice, st["small"]))
    return out


def _not_approved(method: str, pending: dict[str, Any]) -> str:
    return (f"{method} {pending['reference']} (version {pending['version']}, "
            f"{pending['status'].label.lower()}): DRAFT - not approved")


def _pending_block(method: str, pending: dict[str, Any], approved: dict[str, Any] | None,
                   st: dict[str, Any]) -> list[Any]:
    """What a pack says of an assessment not approved: that it exists, never its score."""
    if approved is None:
        return [CondPageBreak(30 * mm), p(f"{method}: no approved assessment", st["h2"]),
                p(f"{_not_approved(method, pending)}. Its answers and score are not printed: only an assessment "
                  "a supervisor has approved is a score of record.", st["body"])]
    return [p(f"A newer {_not_approved(method, pending)}. It is not printed; {approved['reference']} above "
              "stays the current result until it is approved.", st["body"])]


def build_pack(data: PackData, path: str | Path | None, *, produced_by: str,
               today: dt.date | None = None) -> Path | bytes:
    """Write the pack to `path`, or return the PDF's bytes when `path` is None."""
    doc = MarkedDocument(data.title, data.marking, data.subject["reference"], produced_by, today)
    story = pack_story(data, styles(), doc.width, produced_by=produced_by, produced_on=doc.produced_on)
    return doc.build_bytes(story) if path is None else doc.build(story, path)


def pack_story(data: PackData, st: dict[str, Any], width: float, *, produced_by: str,
               produced_on: dt.date) -> list[Any]:
    """The pack's content, for its own document or as a chapter of another (the T&CG pack)."""
    s = data.subject
    approvers = sorted({r["reviewed_by"] for r in data.results.values() if r.get("reviewed_by")})
    authors = sorted({r["created_by"] for r in data.results.values() if r.get("created_by")})
    story: list[Any] = [spacer(30), p("Assessment pack", st["small"]), p(f"{s['reference']}  {s['name']}", st["h1"]),
                        spacer(4),
                        key_values([("Protective marking", data.marking.value), ("Subject", s["kind"].capitalize()),
                                    ("Status", s["status"].value), ("Record marking", s["marking"].value),
                                    ("Assessed by", ", ".join(authors)
                                     or ("no approved assessment" if data.pending else "not yet assessed")),
                                    ("Approved by", ", ".join(approvers) or "not yet approved"),
                                    ("Assessments", ", ".join(f"{m} {r['reference']} ({r['status'].label.lower()})"
                                                              for m, r in data.results.items())
                                     or ("none approved" if data.pending else "none")),
                                    *([("Not printed", "; ".join(_not_approved(m, r)
                                                                 for m, r in data.pending.items()))]
                                      if data.pending else []),
                                    ("Produced", f"{produced_on:%d %B %Y} by {produced_by}")], st, width),
                        spacer(8)]
    if data.comparison is not None:
        story.append(p(f"MoRiLE {data.comparison.morile['band']} against OCGM {data.comparison.ocgm['band']}: "
                       f"{data.comparison.agreement.message}", st["body"]))
    if s.get("description"):
        story += [p("Summary", st["h2"]), p(s["description"], st["body"])]
    story.append(PageBreak())
    if not data.results and not data.pending:
        story.append(p("No MoRiLE or OCGM assessment has been made of this subject yet.", st["body"]))
    for method in ("MoRiLE", "OCGM"):
        result, pending = data.results.get(method), data.pending.get(method)
        if result is not None:
            story += _result_block(method, result, st, width)
        if pending is not None:
            story += _pending_block(method, pending, result, st)
    story += [CondPageBreak(75 * mm), p("Assessment history", st["h2"]),
              p("Approved assessments only, each method on its own scale.", st["small"]), spacer(2),
              trend_chart(data.trend, width)]
    for section in data.sections:
        story += [CondPageBreak(30 * mm), p(section.title, st["h2"])]
        if section.rows:
            widths = [f * width for f in section.widths] if section.widths else None
            story.append(table(section.headers, section.rows, widths, st, total=width))
        else:
            story.append(p("None.", st["small"]))
        if section.note:
            story.append(p(section.note, st["small"]))
    if data.chart is not None:
        story += chart_page(data.chart, st, width)
    return story


def chart_page(chart: Any, st: dict[str, Any], width: float) -> list[Any]:
    """The subject's link chart on a page of its own: the drawing the screen's Print and the chart's
    files are made from (exchange/chart_drawing.py), its legend and what it holds. The pack's marking
    already covers it (services/reports.py counts the chart's marking in)."""
    from ..chart_drawing import caption, chart_drawing, legend_drawing
    intro = ("The records linked to this subject and how: members by role, associates, linked groups and "
             "vulnerabilities" + (f", as arranged in the saved layout \u201c{chart.layout_name}\u201d"
                                  if chart.layout_name else ", one step out") + ".")
    return [PageBreak(), p("Link chart", st["h2"]), p(intro, st["body"]), p(caption(chart), st["small"]), spacer(2),
            chart_drawing(chart, width, 180 * mm), spacer(2), legend_drawing(width)]
