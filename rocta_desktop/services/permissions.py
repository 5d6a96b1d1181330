"""Role checks, made in the services so no screen or script can go around them."""

from __future__ import annotations

from ..domain.errors import PermissionDenied
from ..domain.users import ROLE_PERMISSIONS, Permission
from .audit import Actor


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    if not allowed(actor, permission):
        raise PermissionDenied(f"{actor.username} ({actor.role.value}) may not {permission.value}")
