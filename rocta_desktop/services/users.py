"""Accounts: add, disable, enable, reset password, change role, change own password.

An account is a row in `users` (role, state) plus a key slot in the key file (the password).
Both change in one unit of work: the key file is written just before the database commits and put
back if the commit fails. Disabling an account removes its key slot, so a disabled user's password
no longer opens the database at all (not only the application).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationError
from ..domain.users import Permission, Role, check_password_policy, normalise_username
from ..domain.subjects import parse_enum
from ..store.models import User
from .permissions import require
from .workspace import UnitOfWork


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def add_user(uow: UnitOfWork, username: str, password: str, role: Role | str,
             display_name: str | None = None, *, temporary: bool = True) -> int:
    """`temporary`: the administrator chose the password, so the person must choose their own at
    first sign-in (only the fictional demo accounts, which share a published password, skip it)."""
    require(uow.actor, Permission.MANAGE_USERS)
    username = normalise_username(username)
    role = parse_enum(Role, role, "role")
    check_password_policy(password, username)
    if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"a user named {username!r} already exists")
    user = User(username=username, display_name=(display_name or username).strip()[:120], role=role,
                active=True, must_change_password=temporary)
    uow.session.add(user)
    uow.session.flush()
    uow.workspace.keyfile.set_password(uow.workspace.key, username, password)
    uow.keyfile_changed()
    uow.describe("user.create", f"user {username} added as {role.value}", user)
    return user.id


def disable_user(uow: UnitOfWork, username: str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if user.id == uow.actor.user_id:
        raise Conflict("you cannot disable your own account")
    if not user.active:
        raise Conflict(f"{user.username} is already disabled")
    if user.role is Role.ADMINISTRATOR and _active_admins(uow.session) <= 1:
        raise Conflict("the last active administrator cannot be disabled")
    user.active = False
    uow.workspace.keyfile.remove_user(uow.workspace.key, user.username)
    uow.keyfile_changed()
    uow.describe("user.disable", f"user {user.username} disabled and their key slot removed", user)


def enable_user(uow: UnitOfWork, username: str, new_password: str) -> None:
    """Re-enable with a new temporary password (the old slot was removed on disabling)."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if user.active:
        raise Conflict(f"{user.username} is already enabled")
    check_password_policy(new_password, user.username)
    user.active = True
    user.must_change_password = True
    uow.workspace.keyfile.set_password(uow.workspace.key, user.username, new_password)
    uow.keyfile_changed()
    uow.describe("user.enable", f"user {user.username} enabled with a temporary password", user)


def reset_password(uow: UnitOfWork, username: str, new_password: str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if not user.active:
        raise Conflict(f"{user.username} is disabled; enable the account instead")
    check_password_policy(new_password, user.username)
    user.must_change_password = True
    uow.workspace.keyfile.set_password(uow.workspace.key, user.username, new_password)
    uow.keyfile_changed()
    uow.describe("user.reset_password", f"password of {user.username} reset by an administrator", user)


def change_own_password(uow: UnitOfWork, old_password: str, new_password: str) -> None:
    actor = uow.actor
    if actor.user_id is None:
        raise PermissionDenied("sign in as a user to change a password")
    try:
        uow.workspace.keyfile.unlock_password(actor.username, old_password)
    except Exception:
        raise ValidationError(Problem("old_password", "the current password is not correct")) from None
    check_password_policy(new_password, actor.username)
    if new_password == old_password:
        raise ValidationError(Problem("password", "the new password must differ from the current one"))
    user = _user(uow.session, actor.username)
    user.must_change_password = False
    uow.workspace.keyfile.set_password(uow.workspace.key, actor.username, new_password)
    uow.keyfile_changed()
    uow.describe("user.change_password", f"{actor.username} changed their password", user)


def set_role(uow: UnitOfWork, username: str, role: Role | str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    role = parse_enum(Role, role, "role")
    if user.role is Role.ADMINISTRATOR and role is not Role.ADMINISTRATOR and _active_admins(uow.session) <= 1:
        raise Conflict("the last active administrator must stay an administrator")
    user.role = role
    uow.describe("user.set_role", f"{user.username} is now {role.value}", user)


def new_recovery_key(uow: UnitOfWork) -> str:
    require(uow.actor, Permission.MANAGE_USERS)
    key = uow.workspace.keyfile.new_recovery(uow.workspace.key)
    uow.keyfile_changed()
    from .audit import record
    record(uow.session, uow.actor, action="workspace.new_recovery_key", entity_type="workspace",
           summary="recovery key regenerated (the previous one no longer opens the workspace)")
    return key


def _active_admins(session: Session) -> int:
    return len(session.scalars(select(User.id).where(User.active.is_(True),
                                                     User.role == Role.ADMINISTRATOR)).all())


def list_users(session: Session) -> list[dict[str, Any]]:
    return [{"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role.value,
             "active": u.active, "must_change_password": u.must_change_password}
            for u in session.scalars(select(User).order_by(User.username))]
