"""Files for others, one way for the command line and the GUI: the return to regional tasking, the
printed reports, charts. Each is built, written whole under a partial name, its intent committed to
the audit trail with its digest, then renamed into place (services/files.py). The return also carries
the audit trail's signed head, a witness that the trail had reached that far.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.markings import Marking
from ..services import files, head, returns
from ..services.files import Delivered


def export_return(ws: Any, path: str | Path, *, period: str | None = None, force: str | None = None,
                  ceiling: Marking | None = None) -> tuple[Any, Delivered]:
    """Build and write the return; returns (the report, what was delivered)."""
    from .xlsx_export import write_report
    kwargs: dict[str, Any] = {"period": period, "force": force, "produced_by": ws.actor.label}
    if ceiling is not None:
        kwargs["ceiling"] = ceiling
    report = ws.read(returns.build_return, **kwargs)
    witness = head.read_head(ws.path)
    if witness is not None:
        report.cover.append(("Audit trail head", json.dumps(witness, separators=(",", ":"))))
    counts = {t.name: len(t.rows) for t in report.tables}
    delivered = files.deliver(ws, action="export.return", what="return", target=Path(path),
                              produce=lambda p: write_report(report, p), marking=report.marking, counts=counts)
    return report, delivered


def save_bytes(ws: Any, path: str | Path, data: bytes, *, what: str, marking: Marking,
               counts: dict[str, int]) -> Delivered:
    """A document already built in memory (a previewed report, a chart image)."""
    return files.deliver(ws, action=f"export.{what.split()[0]}", what=what, target=Path(path),
                         produce=lambda p: p.write_bytes(data), marking=marking, counts=counts)


def export_report(ws: Any, kind: str, path: str | Path, *, subject: str | None = None, top: int = 10,
                  period: str | None = None) -> tuple[Any, Delivered]:
    """A printed report as PDF: `pack` (of `subject`), `tcg` or `profile`."""
    from ..services import reports
    from .pdf.pack import build_pack
    from .pdf.reports import build_profile, build_tcg
    who = ws.actor.label
    if kind == "pack":
        data = ws.read(reports.assessment_pack, ws.read(reports.subject_id_for, subject))
        pdf, counts = build_pack(data, None, produced_by=who), {"subject": 1, "assessments": len(data.results)}
    elif kind == "tcg":
        data = ws.read(reports.tcg_pack, top=top)
        pdf, counts = build_tcg(data, None, produced_by=who), {"threats": len(data.priority.rows),
                                                               "subject packs": len(data.subjects)}
    elif kind == "profile":
        data = ws.read(reports.threat_profile, period=period)
        pdf, counts = build_profile(data, None, produced_by=who), {"disruptions": len(data.disruptions.rows),
                                                                   "charts": len(data.charts)}
    else:
        raise ValueError(f"unknown report {kind!r}")
    return data, save_bytes(ws, path, pdf, what=kind, marking=data.marking, counts=counts)
