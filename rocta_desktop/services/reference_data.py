"""Forces, partner agencies, units (with capacity) and crime types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict, NotFound, Problem, ValidationError
from ..domain.reference import ReferenceData
from ..domain.users import Permission
from ..store.models import Agency, CrimeType, Force, Unit
from .permissions import require
from .unit_of_work import UnitOfWork

_FIELDS: dict[type, dict[str, type]] = {
    Force: {"code": str, "name": str, "active": bool},
    Agency: {"code": str, "name": str, "kind": str, "active": bool},
    Unit: {"code": str, "name": str, "force_id": int, "agency_id": int, "capacity_threats": int,
           "capacity_hours": int, "active": bool},
}
_LABEL = {Force: "force", Agency: "agency", Unit: "unit"}
_MODELS = {ReferenceData.FORCE: Force, ReferenceData.AGENCY: Agency, ReferenceData.UNIT: Unit}


def _model(kind: ReferenceData | type) -> type:
    """The table of a kind of reference data (screens name it by the domain's enum)."""
    return _MODELS[kind] if isinstance(kind, ReferenceData) else kind


def _clean(model: type, data: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    fields = _FIELDS[model]
    problems, out = [], {}
    for name, value in data.items():
        if name not in fields:
            problems.append(Problem(name, "is not a field of this record"))
            continue
        typ = fields[name]
        if typ is str:
            value = str(value or "").strip()
            if not value and name in ("code", "name"):
                problems.append(Problem(name, f"{name} is required"))
            elif len(value) > (16 if name == "code" else 200):
                problems.append(Problem(name, "is too long"))
            out[name] = value.upper() if name == "code" else value
        elif typ is int:
            if value in (None, "") and name.endswith("_id"):
                out[name] = None
                continue
            try:
                iv = int(value)
            except (TypeError, ValueError):
                problems.append(Problem(name, f"{value!r} is not a whole number"))
                continue
            if iv < 0:
                problems.append(Problem(name, "must not be negative"))
            out[name] = iv
        else:
            out[name] = bool(value)
    if creating:
        for req in ("code", "name"):
            if req not in data:
                problems.append(Problem(req, f"{req} is required"))
    if problems:
        raise ValidationError(problems)
    return out


def create(uow: UnitOfWork, kind: ReferenceData | type, data: Mapping[str, Any]) -> int:
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    model = _model(kind)
    clean = _clean(model, data, creating=True)
    if uow.session.scalar(select(model.id).where(model.code == clean["code"])) is not None:
        raise ValidationError(Problem("code", f"a {_LABEL[model]} with code {clean['code']} already exists"))
    _check_unit_owner(uow.session, model, clean)
    obj = model(**clean)
    uow.session.add(obj)
    uow.session.flush()
    uow.describe(f"{_LABEL[model]}.create", f"{_LABEL[model]} {obj.code} ({obj.name}) created", obj)
    return obj.id


def update(uow: UnitOfWork, kind: ReferenceData | type, ident: int, data: Mapping[str, Any]) -> None:
    require(uow.actor, Permission.MANAGE_REFERENCE_DATA)
    model = _model(kind)
    obj = uow.session.get(model, ident)
    if obj is None:
        raise NotFound(f"no {_LABEL[model]} with id {ident}")
    clean = _clean(model, data, creating=False)
    if "code" in clean and clean["code"] != obj.code and uow.session.scalar(
            select(model.id).where(model.code == clean["code"])) is not None:
        raise Conflict(f"a {_LABEL[model]} with code {clean['code']} already exists")
    _check_unit_owner(uow.session, model, clean)
    for k, v in clean.items():
        setattr(obj, k, v)
    uow.describe(f"{_LABEL[model]}.update", f"{_LABEL[model]} {obj.code} edited", obj)


def _check_unit_owner(session: Session, model: type, clean: Mapping[str, Any]) -> None:
    if model is not Unit:
        return
    if clean.get("force_id") is not None and session.get(Force, clean["force_id"]) is None:
        raise ValidationError(Problem("force_id", f"no force with id {clean['force_id']}"))
    if clean.get("agency_id") is not None and session.get(Agency, clean["agency_id"]) is None:
        raise ValidationError(Problem("agency_id", f"no agency with id {clean['agency_id']}"))


def listing(session: Session, kind: ReferenceData | type, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    model = _model(kind)
    q = select(model).order_by(model.code)
    if not include_inactive:
        q = q.where(model.active.is_(True))
    return [{k: getattr(o, k) for k in ("id", *_FIELDS[model])} for o in session.scalars(q)]


def crime_types(session: Session) -> list[dict[str, Any]]:
    return [{"id": c.id, "code": c.code, "name": c.name}
            for c in session.scalars(select(CrimeType).order_by(CrimeType.name))]
