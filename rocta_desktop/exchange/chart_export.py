"""A link chart written for others, by the file's extension: GraphML (Gephi, yEd, networkx), a PDF, SVG
or PNG picture of the chart's page (exchange/chart_drawing.py: the drawing the pack prints too), or an
i2-importable spreadsheet (.xlsx: exchange/chart_i2.py). One way for the command line and the screen.

Written like every file for others (services/files.py): whole under a partial name, its intent audited
with its digest, marking (the highest of what the chart shows) and format, then renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.errors import Problem, ValidationError
from ..services import files, network
from ..services.files import Delivered
from ..services.network import Chart

FORMATS = {".graphml": "graphml", ".pdf": "pdf", ".png": "png", ".svg": "svg", ".xlsx": "xlsx"}
FORMAT_NAMES = {"graphml": "GraphML", "pdf": "PDF", "png": "PNG picture", "svg": "SVG picture",
                "xlsx": "i2 spreadsheet"}


def format_of(path: str | Path) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValidationError(Problem("out", f"{Path(path).name}: a chart is written as GraphML, PDF, PNG, SVG or "
                                             "an i2 spreadsheet: name it .graphml, .pdf, .png, .svg or .xlsx"))
    return fmt


def write_chart(chart: Chart, path: str | Path, *, fmt: str | None = None, produced_by: str = "") -> None:
    """Write the chart to `path` in `fmt` (by default, the format its extension names). No audit:
    files for others go through `save_chart`."""
    fmt = fmt or format_of(path)
    path = Path(path)
    if fmt == "graphml":
        from .graphml import write_graphml
        write_graphml(chart, path, produced_by=produced_by)
    elif fmt == "xlsx":
        from .chart_i2 import write_i2
        write_i2(chart, path, produced_by=produced_by)
    else:
        from .chart_drawing import chart_file_bytes
        path.write_bytes(chart_file_bytes(chart, fmt, produced_by=produced_by))


def save_chart(ws: Any, chart: Chart, path: str | Path) -> Delivered:
    """A chart already built (the one on screen, as arranged there) written for others, audited."""
    fmt = format_of(path)
    who = ws.actor.label
    counts = {"records": len(chart.nodes), "links": len(chart.edges)}
    return files.deliver(ws, action="export.chart", what=f"link chart of {chart.start}", target=Path(path),
                         produce=lambda p: write_chart(chart, p, fmt=fmt, produced_by=who),
                         marking=chart.marking, counts=counts,
                         details={"start": chart.start, "depth": chart.depth, "format": fmt,
                                  **({"layout": chart.layout_name} if chart.layout_name else {})})


def export_chart(ws: Any, reference: str, path: str | Path, *, depth: int = 1, layout_as: str | None = None,
                 saved: str | None = None) -> tuple[Chart, Delivered]:
    """Build the chart around `reference` as the person signed in may see it (arranged by the saved
    layout `saved`, if named) and write it in the format `path`'s extension names."""
    format_of(path)
    if saved:
        subject_id = ws.read(network.subject_for_reference, reference)
        chart = ws.read(network.chart_with_layout, subject_id, saved)
    else:
        chart = ws.read(network.chart_for_reference, reference, depth=depth, layout_as=layout_as)
    return chart, save_chart(ws, chart, path)
