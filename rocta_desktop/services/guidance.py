"""Worked guidance for the factors of a scheme (domain/guidance.py): the shipped files in
`resources/guidance/<scheme id>.json`, checked against the scheme they are for. The wizard shows it
beside each factor; calibration results show it beside the factors where analysts drift."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..domain.guidance import Guidance, load_guidance
from ..domain.schemes import Scheme
from .assessments import find_scheme


def guidance_folder() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "guidance"


_CACHE: dict[tuple[str, float, str], Guidance] = {}


def _load(path: Path, scheme: Scheme) -> Guidance:
    key = (str(path), path.stat().st_mtime, scheme.sha256)
    if key not in _CACHE:
        _CACHE[key] = load_guidance(path, scheme)
    return _CACHE[key]


def guidance_for(scheme: Scheme) -> Guidance | None:
    """The shipped guidance of a scheme (by its id), checked against this version of it; None when
    there is none (a ROCU's own scheme carries its guidance in its own text)."""
    path = guidance_folder() / f"{scheme.id}.json"
    if not path.is_file():
        return None
    return _load(path, scheme)


def scheme_guidance(session: Session, scheme_ref: str) -> dict[str, Any]:
    """The guidance of a scheme (id or id@version) by factor: its own words and the worked examples."""
    scheme = find_scheme(session, scheme_ref)
    found = guidance_for(scheme)
    return {"scheme": scheme.ref, "factors": found.to_json() if found else {}}
