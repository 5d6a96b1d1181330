"""Workspace-wide settings an administrator sets (kept in the workspace, so they travel with it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Problem, ValidationError
from ..domain.tasking import DEFAULT_RANGE_RULE, RangeRule
from ..domain.users import Permission
from ..store.models import WorkspaceMeta
from . import audit
from .permissions import require
from .unit_of_work import UnitOfWork

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


RANGE_RULE_KEY = "priority.range_rule"


def range_rule(session: Session) -> RangeRule:
    """How the region ranks a result left as a range (domain/tasking.py RangeRule)."""
    value = session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == RANGE_RULE_KEY))
    try:
        return RangeRule(value) if value else DEFAULT_RANGE_RULE
    except ValueError:
        return DEFAULT_RANGE_RULE


def set_range_rule(uow: UnitOfWork, rule: RangeRule | str) -> None:
    """The region's choice (an administrator's, audited): ranges rank by their midpoint, most urgent
    or least urgent end."""
    require(uow.actor, Permission.MANAGE_USERS)
    try:
        rule = RangeRule(getattr(rule, "value", rule))
    except ValueError:
        raise ValidationError(Problem("range_rule", f"rank a range by {', '.join(r.value for r in RangeRule)}, "
                                                    f"not {rule!r}")) from None
    before = range_rule(uow.session)
    row = uow.session.get(WorkspaceMeta, RANGE_RULE_KEY)
    if row is None:
        uow.session.add(WorkspaceMeta(key=RANGE_RULE_KEY, value=rule.value))
    else:
        row.value = rule.value
    audit.record(uow.session, uow.actor, action="workspace.range_rule", entity_type="workspace",
                 summary=f"the priority list ranks a range by {rule.label}",
                 changes={"range_rule": {"before": before.value, "after": rule.value}})
    uow.touch("assessment")


def must_change_password(session: Session, username: str) -> bool:
    from ..store.models import User
    return bool(session.scalar(select(User.must_change_password).where(User.username == username)))
