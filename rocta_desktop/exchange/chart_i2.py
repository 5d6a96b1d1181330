"""A link chart as a spreadsheet i2 Analyst's Notebook (and similar tools) import directly: an Entities
sheet (one row per record: its identity, type, label and attributes) and a Links sheet (one row per
link: from, to, type and nature, dates, grading, source, marking), after a cover.

Written like every workbook for others (exchange/xlsx_export.py): the marking (the highest of its
rows, so the chart's) on the cover, in every sheet's header and footer and in the workbook's
properties; real dates; text that a spreadsheet would run is written inert.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..domain import clock
from ..domain.markings import Marking
from ..domain.network import EDGE_LABELS
from ..domain.tables import DATE, TEXT, Column, Report, Table

#: i2's usual entity types for our kinds of record
I2_TYPES = {"group": "Organisation", "nominal": "Person", "vulnerability": "Vulnerability"}
ATTRIBUTE_COLUMNS = ("date of birth", "nationality", "flags", "management level", "category", "location")
ENTITY_HEADERS = ["Entity ID", "Entity type", "Label", "Kind", "Reference", "Role", "Roles in groups", "Status",
                  *(a.capitalize() for a in ATTRIBUTE_COLUMNS), "Attributes", "Marking"]
LINK_HEADERS = ["Link ID", "From", "To", "From type", "To type", "Link type", "Nature", "Date from", "Date to",
                "Grading", "Source", "Marking"]


def chart_report(chart: Any, *, produced_by: str = "") -> Report:
    entities = Table("Entities", f"Entities: {chart.title}", [
        Column("Entity ID", width=18), Column("Entity type", width=14), Column("Label", width=30),
        Column("Kind", width=13), Column("Reference", width=18), Column("Role", width=13),
        Column("Roles in groups", width=32), Column("Status", width=10),
        *(Column(a.capitalize(), DATE if a == "date of birth" else TEXT, width=16) for a in ATTRIBUTE_COLUMNS),
        Column("Attributes", width=40), Column("Marking", width=20)])
    kinds = {}
    for n in chart.nodes:
        kinds[n.key] = n.kind
        attrs = dict(n.attributes)
        values: list[Any] = []
        for a in ATTRIBUTE_COLUMNS:
            v = attrs.get(a, "")
            if a == "date of birth" and v:
                v = dt.datetime.strptime(v, "%d/%m/%Y").date()
            values.append(v or None)
        entities.rows.append([n.key, I2_TYPES.get(n.kind, n.kind), n.label, n.kind, n.reference, n.role or "",
                              "; ".join(f"{role} in {g}" for g, role in n.roles.items()), n.status, *values,
                              "; ".join(f"{k}: {v}" for k, v in n.attributes), n.marking.value])
        entities.markings.append(n.marking)
    links = Table("Links", f"Links: {chart.title}", [
        Column("Link ID", width=10), Column("From", width=18), Column("To", width=18), Column("From type", width=13),
        Column("To type", width=13), Column("Link type", width=16), Column("Nature", width=40),
        Column("Date from", DATE, width=12), Column("Date to", DATE, width=12), Column("Grading", width=9),
        Column("Source", width=18), Column("Marking", width=20)])
    for i, e in enumerate(chart.edges, start=1):
        links.rows.append([f"L{i}", e.a, e.b, I2_TYPES.get(kinds[e.a], kinds[e.a]), I2_TYPES.get(kinds[e.b], kinds[e.b]),
                           EDGE_LABELS[e.kind], e.label, e.date_from, e.date_to, e.grading, e.source,
                           (e.marking or Marking.OFFICIAL).value])
        links.markings.append(e.marking or Marking.OFFICIAL)
    cover = [("Link chart of", chart.title), ("Steps from the record", chart.depth),
             ("Records", len(chart.nodes)), ("Links", len(chart.edges)),
             *([("Saved layout", chart.layout_name)] if chart.layout_name else []),
             *([("Left out by the view", ", ".join(f"{n} {why}" for why, n in sorted(chart.left_out.items())))]
               if chart.left_out else []),
             ("Produced by", produced_by), ("Produced", clock.today()),
             ("Importing into i2", "Import the Entities sheet as entities (identity: Entity ID, type: Entity type, "
                                   "label: Label), then the Links sheet as links (ends: From and To, matching "
                                   "Entity ID; type: Link type; label: Nature; dates: Date from and Date to).")]
    return Report(title=f"Link chart {chart.start} for i2", cover=cover, tables=[entities, links],
                  produced_by=produced_by, produced_at=clock.now())


def write_i2(chart: Any, path: str | Path, *, produced_by: str = "") -> Path:
    from .xlsx_export import write_report
    return write_report(chart_report(chart, produced_by=produced_by), path)
