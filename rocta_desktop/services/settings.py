"""Workspace-wide settings an administrator sets (kept in the workspace, so they travel with it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Problem, ValidationError
from ..domain.users import Permission
from ..store.models import WorkspaceMeta
from . import audit
from .permissions import require
from .workspace import UnitOfWork

IDLE_KEY = "security.idle_minutes"
DEFAULT_IDLE_MINUTES = 10


def idle_minutes(session: Session) -> int:
    value = session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == IDLE_KEY))
    return int(value) if value is not None else DEFAULT_IDLE_MINUTES


def set_idle_minutes(uow: UnitOfWork, minutes: int) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    if not 1 <= int(minutes) <= 120:
        raise ValidationError(Problem("idle_minutes", "lock after 1 to 120 minutes without input"))
    row = uow.session.get(WorkspaceMeta, IDLE_KEY)
    if row is None:
        uow.session.add(WorkspaceMeta(key=IDLE_KEY, value=str(int(minutes))))
    else:
        row.value = str(int(minutes))
    audit.record(uow.session, uow.actor, action="workspace.idle_lock", entity_type="workspace",
                 summary=f"idle lock after {int(minutes)} minutes", changes={"minutes": int(minutes)})
    uow.touch("security")


def must_change_password(session: Session, username: str) -> bool:
    from ..store.models import User
    return bool(session.scalar(select(User.must_change_password).where(User.username == username)))
