"""Accounts: add, disable, enable, reset password, change role, change own password.

An account is a row in `users` (role, state, signing key, certificate) plus a key slot in the key
file (the password, wrapping the database key and the person's private signing key). Both change in
one unit of work: the key file is written, under its lock, just before the database commits and put
back if the commit fails. Disabling an account removes its key slot, so a disabled user's password
no longer opens the database at all (not only the application).

Every change to a role, a state or a key comes with a certificate (services/trust.py) signed by the
administrator making it; a person changing their own password rotates their signing key, and their
previous key signs the new one's certificate. An administrator who sets a password (adding, enabling,
resetting) also makes the account a new key pair, since nobody can unwrap another person's slot: the
person's own next password change replaces that key with one nobody else has held.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationError
from ..domain.markings import Marking
from ..domain.subjects import parse_enum
from ..domain.users import Permission, Role, check_password_policy, normalise_username
from ..store.models import User
from ..store.signing import PublicKey, SigningKey
from . import server, trust
from .permissions import require
from .unit_of_work import UnitOfWork
from .workspace import certify_recovery


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def add_user(uow: UnitOfWork, username: str, password: str, role: Role | str,
             display_name: str | None = None, *, temporary: bool = True,
             clearance: Marking | str = Marking.OFFICIAL_SENSITIVE) -> int:
    """`temporary`: the administrator chose the password, so the person must choose their own at
    first sign-in (only the fictional demo accounts, which share a published password, skip it).
    `clearance`: the highest marking they may see (their vetting); OFFICIAL-SENSITIVE unless said."""
    require(uow.actor, Permission.MANAGE_USERS)
    username = normalise_username(username)
    role = parse_enum(Role, role, "role")
    clearance = _clearance(uow, clearance)
    check_password_policy(password, username)
    if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"a user named {username!r} already exists")
    user = User(username=username, display_name=(display_name or username).strip()[:120], role=role,
                active=True, must_change_password=temporary, clearance=clearance)
    uow.session.add(user)
    uow.session.flush()
    _new_key(uow, user, password, role=role, active=True)
    uow.describe("user.create", f"user {username} added as {role.value}, cleared to {clearance.value}", user)
    return user.id


def _clearance(uow: UnitOfWork, value: Marking | str) -> Marking:
    try:
        clearance = value if isinstance(value, Marking) else Marking.parse(value)
    except ValueError as exc:
        raise ValidationError(Problem("clearance", str(exc))) from None
    own = uow.actor.clearance or Marking.SECRET
    if clearance.rank > own.rank:
        raise PermissionDenied(f"you are cleared to {own.value}: you cannot clear anyone to {clearance.value}")
    return clearance


def set_clearance(uow: UnitOfWork, username: str, clearance: Marking | str) -> None:
    """Change what a person may see; a new certificate signed by the administrator records it."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    clearance = _clearance(uow, clearance)
    public = PublicKey.from_b64(user.public_key) if user.public_key else None
    trust.issue(uow.session, uow.signer, user=user, username=user.username, role=user.role, active=user.active,
                public=public, clearance=clearance)
    uow.describe("user.set_clearance", f"{user.username} is now cleared to {clearance.value}", user)


def _new_key(uow: UnitOfWork, user: User, password: str, *, role: Role, active: bool) -> None:
    """A new key pair for the account, certified by the administrator acting, in a new slot."""
    signing = SigningKey.generate()
    trust.issue(uow.session, uow.signer, user=user, username=user.username, role=role, active=active,
                public=signing.public)
    master, username = uow.workspace.key, user.username
    uow.edit_keyfile(lambda kf: kf.set_password(master, username, password, signing))
    if uow.workspace.on_server:  # the person's own server role, with the same password
        server.set_login(uow.session.connection(), username, password, administrator=role is Role.ADMINISTRATOR)


def _recertify(uow: UnitOfWork, user: User, *, role: Role, active: bool) -> None:
    """The account's role or state changes: a new certificate for the same key."""
    public = PublicKey.from_b64(user.public_key) if user.public_key else None
    trust.issue(uow.session, uow.signer, user=user, username=user.username, role=role, active=active, public=public)


def disable_user(uow: UnitOfWork, username: str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if user.id == uow.actor.user_id:
        raise Conflict("you cannot disable your own account")
    if not user.active:
        raise Conflict(f"{user.username} is already disabled")
    if user.role is Role.ADMINISTRATOR and _active_admins(uow.session) <= 1:
        raise Conflict("the last active administrator cannot be disabled")
    _recertify(uow, user, role=user.role, active=False)
    master, username = uow.workspace.key, user.username
    uow.edit_keyfile(lambda kf: kf.remove_user(master, username))
    if uow.workspace.on_server:
        server.disable_login(uow.session.connection(), username)
    uow.describe("user.disable", f"user {user.username} disabled and their key slot removed", user)


def enable_user(uow: UnitOfWork, username: str, new_password: str) -> None:
    """Re-enable with a new temporary password (the old slot was removed on disabling)."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if user.active:
        raise Conflict(f"{user.username} is already enabled")
    check_password_policy(new_password, user.username)
    user.must_change_password = True
    _new_key(uow, user, new_password, role=user.role, active=True)
    uow.describe("user.enable", f"user {user.username} enabled with a temporary password", user)


def reset_password(uow: UnitOfWork, username: str, new_password: str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    if not user.active:
        raise Conflict(f"{user.username} is disabled; enable the account instead")
    check_password_policy(new_password, user.username)
    user.must_change_password = True
    _new_key(uow, user, new_password, role=user.role, active=True)
    uow.describe("user.reset_password", f"password of {user.username} reset by an administrator", user)


def change_own_password(uow: UnitOfWork, old_password: str, new_password: str) -> None:
    actor = uow.actor
    if actor.user_id is None:
        raise PermissionDenied("sign in as a user to change a password")
    if not uow.workspace.verify_password(old_password):
        raise ValidationError(Problem("old_password", "the current password is not correct"))
    check_password_policy(new_password, actor.username)
    if new_password == old_password:
        raise ValidationError(Problem("password", "the new password must differ from the current one"))
    user = _user(uow.session, actor.username)
    user.must_change_password = False
    # a new signing key nobody else has held, certified by the previous one
    signing = SigningKey.generate()
    trust.issue(uow.session, uow.signer, user=user, username=user.username, role=user.role, active=user.active,
                public=signing.public)
    master, username = uow.workspace.key, actor.username
    uow.edit_keyfile(lambda kf: kf.set_password(master, username, new_password, signing))
    if uow.workspace.on_server:
        server.change_own_password(uow.session.connection(), username, new_password)
    uow.after_commit(lambda: uow.workspace._signer._rebind(key=signing))
    uow.describe("user.change_password", f"{actor.username} changed their password (and signing key)", user)


def set_role(uow: UnitOfWork, username: str, role: Role | str) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    user = _user(uow.session, username)
    role = parse_enum(Role, role, "role")
    if user.role is Role.ADMINISTRATOR and role is not Role.ADMINISTRATOR and _active_admins(uow.session) <= 1:
        raise Conflict("the last active administrator must stay an administrator")
    _recertify(uow, user, role=role, active=user.active)
    if uow.workspace.on_server and user.active:
        server.set_administrator(uow.session.connection(), user.username, role is Role.ADMINISTRATOR)
    uow.describe("user.set_role", f"{user.username} is now {role.value}", user)


RECOVERY_REPLACED = ("The previous recovery key no longer opens the workspace with the current key file. A copy "
                     "of the key file made before this change (in a backup, or one somebody kept) still opens "
                     "the database with the previous recovery key: re-key the database to revoke it everywhere.")


def new_recovery_key(uow: UnitOfWork) -> str:
    """A new recovery key (and a new signing key for it). What still opens with the old one is said
    exactly (RECOVERY_REPLACED): only a re-key revokes it in old copies of the key file."""
    require(uow.actor, Permission.MANAGE_USERS)
    from ..store.keyslots import new_recovery_key as make_recovery_key
    recovery, signing, master = make_recovery_key(), SigningKey.generate(), uow.workspace.key
    certify_recovery(uow, signing)
    uow.edit_keyfile(lambda kf: kf.new_recovery(master, signing, recovery=recovery))
    if uow.actor.user_id is None:  # signed in with the recovery key: it now acts with the new signing key
        uow.after_commit(lambda: uow.workspace._signer._rebind(key=signing))
    uow.describe("workspace.new_recovery_key", "recovery key regenerated: " + RECOVERY_REPLACED)
    return recovery


def _active_admins(session: Session) -> int:
    return len(session.scalars(select(User.id).where(User.active.is_(True),
                                                     User.role == Role.ADMINISTRATOR)).all())


def list_users(session: Session) -> list[dict[str, Any]]:
    """The accounts (administrators only: who can read what is itself need-to-know)."""
    require(session.info["actor"], Permission.MANAGE_USERS)
    return [{"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role.value,
             "clearance": u.clearance.value, "active": u.active, "must_change_password": u.must_change_password,
             "key_id": u.key_id} for u in session.scalars(select(User).order_by(User.username))]
