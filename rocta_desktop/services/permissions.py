"""Role checks, made in the services so no screen or script can go around them.

Every permission a write relied on is noted (for the operation under way, in a context variable the
unit of work sets) and goes into its signed audit events, so `rocta verify` can check that the role
the person held at the time granted it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from ..domain.errors import PermissionDenied
from ..domain.users import ROLE_PERMISSIONS, Permission
from .actor import Actor

_relied_on: contextvars.ContextVar[set[Permission] | None] = contextvars.ContextVar("relied_on", default=None)


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    if not allowed(actor, permission):
        raise PermissionDenied(f"{actor.username} ({actor.role.value}) may not {permission.value}")
    relied = _relied_on.get()
    if relied is not None:
        relied.add(permission)


@contextlib.contextmanager
def noting(relied: set[Permission]) -> Iterator[None]:
    """Collect the permissions `require` grants while the block runs (one unit of work)."""
    token = _relied_on.set(relied)
    try:
        yield
    finally:
        _relied_on.reset(token)
