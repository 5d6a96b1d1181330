"""Link charts for other tools (i2, Gephi, yEd, networkx): GraphML written with networkx, carrying
the chart's marking as a graph attribute (`marking`) and on every node and link.

Written like every file for others (services/files.py): whole under a partial name, its intent
audited with its digest and marking, then renamed into place and confirmed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from ..services import files, network
from ..services.files import Delivered
from ..services.network import Chart


def write_graphml(chart: Chart, path: str | Path, *, produced_by: str = "") -> None:
    nx.write_graphml(network.to_graph(chart, produced_by=produced_by), str(path), encoding="utf-8")


def export_chart(ws: Any, reference: str, path: str | Path, *, depth: int = 1,
                 layout_as: str | None = None) -> tuple[Chart, Delivered]:
    """Build the chart around `reference` as the person signed in may see it, and write it as GraphML
    (other formats: exchange/chart_export.py)."""
    chart = ws.read(network.chart_for_reference, reference, depth=depth, layout_as=layout_as)
    return chart, save_chart(ws, chart, path)


def save_chart(ws: Any, chart: Chart, path: str | Path) -> Delivered:
    """A chart already built (the one on screen) written as GraphML."""
    who = ws.actor.label
    return files.deliver(ws, action="export.chart", what=f"link chart of {chart.start}", target=Path(path),
                         produce=lambda p: write_graphml(chart, p, produced_by=who), marking=chart.marking,
                         counts={"records": len(chart.nodes), "links": len(chart.edges)},
                         details={"start": chart.start, "depth": chart.depth, "format": "graphml"})
