"""The T&CG pack and the regional threat profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.platypus import CondPageBreak, PageBreak

from ...services.reports import ProfileData, Section, TcgPackData
from .charts import draw
from .common import MarkedDocument, key_values, p, spacer, styles, table
from .pack import pack_story


def _section(section: Section, st: dict[str, Any], width: float) -> list[Any]:
    out: list[Any] = [CondPageBreak(40), p(section.title, st["h2"])]
    widths = [f * width for f in section.widths] if section.widths else None
    out.append(table(section.headers, section.rows, widths, st, total=width) if section.rows
               else p("None.", st["small"]))
    if section.note:
        out.append(p(section.note, st["small"]))
    return out


def build_tcg(data: TcgPackData, path: str | Path | None, *, produced_by: str,
              today: dt.date | None = None) -> Path | bytes:
    doc = MarkedDocument(data.title, data.marking, "T&CG pack", produced_by, today)
    st, width = styles(), doc.width
    story: list[Any] = [spacer(30), p("Tasking & Co-ordinating Group", st["small"]), p(data.title, st["h1"]),
                        key_values([("Protective marking", data.marking.value),
                                    ("Threats assessed", len(data.priority.rows)),
                                    ("New or changed since the last T&CG", len(data.changes.rows)),
                                    ("Decisions needed", len(data.decisions.rows)),
                                    ("Last meeting", data.last_meeting or "none recorded"),
                                    ("Subject packs", f"the top {len(data.subjects)} by priority")], st, width),
                        PageBreak()]
    for section in (data.priority, data.changes, data.decisions, data.capacity, data.unowned):
        story += _section(section, st, width)
    for pack in data.subjects:
        story.append(PageBreak())
        story += pack_story(pack, st, width, produced_by=produced_by, produced_on=doc.produced_on)
    return doc.build_bytes(story) if path is None else doc.build(story, path)


def build_profile(data: ProfileData, path: str | Path | None, *, produced_by: str,
                  today: dt.date | None = None) -> Path | bytes:
    doc = MarkedDocument(data.title, data.marking, data.period, produced_by, today)
    st, width = styles(), doc.width
    c = data.contribution
    share = f"{(c['rocu_led'] + c['rocu_contributed']) / c['disruptions']:.0%}" if c["disruptions"] else "n/a"
    story: list[Any] = [spacer(30), p("Regional threat profile", st["small"]), p(data.period, st["h1"]),
                        key_values([("Protective marking", data.marking.value),
                                    ("Approved disruptions", c["disruptions"]),
                                    ("Led by the ROCU", c["rocu_led"]),
                                    ("ROCU contributed", c["rocu_contributed"]),
                                    ("ROCU share", share)] +
                                   [(k, f"{v:,.1f}".rstrip("0").rstrip(".")) for k, v in data.outcomes.items()],
                                   st, width),
                        PageBreak(), p("Threat picture and impact", st["h2"])]
    for chart in data.charts:
        story += [CondPageBreak(80), draw(chart, width), spacer(4)]
    story += _section(data.disruptions, st, width) + _section(data.practice, st, width)
    return doc.build_bytes(story) if path is None else doc.build(story, path)
