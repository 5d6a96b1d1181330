"""A calibration exercise's results as files for others (issue #25): JSON (everything, for another
tool or the unit's records) and an Excel workbook (cover, agreement by factor, each analyst against
the group, every answer with its rationale). Written like every file for others (services/files.py):
whole under a partial name, its intent audited with its digest and marking, then renamed into place.
Only a closed exercise's results can be exported (services/calibration.py refuses an open one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.markings import Marking
from ..services import calibration, files
from ..services.files import Delivered


def export_json(ws: Any, exercise_id: int, path: str | Path) -> Delivered:
    data = ws.read(calibration.export_data, exercise_id)
    data["produced_by"] = ws.actor.label
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return files.deliver(ws, action="export.calibration", what=f"calibration results {data['reference']}",
                         target=Path(path), produce=lambda p: p.write_text(text, encoding="utf-8"),
                         marking=Marking(data["marking"]),
                         counts={"analysts": len(data["analysts"]), "factors": len(data["factors"])},
                         details={"exercise": data["reference"], "format": "json"})


def export_xlsx(ws: Any, exercise_id: int, path: str | Path) -> Delivered:
    from .xlsx_export import write_report
    report = ws.read(calibration.report_tables, exercise_id, produced_by=ws.actor.label)
    reference = report.title.split(":")[0].removeprefix("Calibration ")
    return files.deliver(ws, action="export.calibration", what=f"calibration results {reference}",
                         target=Path(path), produce=lambda p: write_report(report, p), marking=report.marking,
                         counts={t.name.lower(): len(t.rows) for t in report.tables},
                         details={"exercise": reference, "format": "xlsx"})


def export(ws: Any, exercise_id: int, path: str | Path) -> Delivered:
    """By the file's extension: .json or .xlsx."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return export_json(ws, exercise_id, path)
    if suffix == ".xlsx":
        return export_xlsx(ws, exercise_id, path)
    raise ValueError(f"{Path(path).name}: export calibration results as .json or .xlsx")
