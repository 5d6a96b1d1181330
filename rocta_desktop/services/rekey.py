"""Re-key the whole database: a new random database key, so that no old copy of the key file
(and no key slot of a removed user in it) opens the database any more.

Why other users get temporary passwords: a key slot holds the database key encrypted under a key
derived from its user's password (store/keyslots.py). Re-encrypting the database changes the key
every slot must hold, and nobody but the user can make a slot for their password. So the
administrator who re-keys keeps their own password (they type it to confirm), every other active
user gets a one-time temporary password (shown once to the administrator; the account must change
it at the next sign-in, as after a reset), and the recovery key is replaced (the new one is shown
once). Nothing of the old key file survives into the new one: every slot is made afresh.

Order, so that a crash at any point leaves a workspace that opens with the old key or the new one:

1. a verified backup (`backups/pre-rekey-*.roctabackup`);
2. the new key file is built in memory (new key, fresh slots, new recovery slot, the re-key's id);
3. under the folder's exclusive lock, with every connection of this workspace closed, the database
   proves no one else has it open, the new key file is written beside the old one
   (`keyslots.rekey.json`, atomically), and `PRAGMA rekey` re-encrypts every page in one journaled
   transaction;
4. the new key file replaces the old one (one rename);
5. the audit event and the accounts' "must change password" are written under the new key.

Backups made before the re-key (the one taken first included) are encrypted with the old key, so an
old copy of the key file still opens them: the result lists them, for the administrator to keep
offline or delete once the re-key is done.

A sign-in after a crash in 3 settles it (services/rekey_settle.py): the old key still opens the
database (the journal is played back) and the new file is deleted, or the new one does and it
replaces the old. A crash after 3 or 4 is finished by the next sign-in of anyone holding the new
key: it writes the audit event (saying the temporary passwords were never shown, so those accounts
need a password reset).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..domain import clock
from ..domain.errors import Conflict, PermissionDenied, Problem, ValidationError
from ..domain.users import Permission, Role, new_temporary_password
from ..store import keyslots
from ..store.engine import DatabaseInUse, opens_with
from ..store.engine import rekey as rekey_file
from ..store.keyslots import KeyFile
from ..store.models import User
from ..store.signing import SigningKey, canonical, certificate_message
from . import backup, storage, trust
from .folders import BACKUPS_DIR, RECOVERY_ACTOR, db_path, keys_path
from .locking import folder_lock, pending_keys_path, replace_file
from .permissions import require
from .rekey_finish import ACTION, complete

if TYPE_CHECKING:  # a re-key is handed the open workspace; it never opens one
    from .workspace import Workspace


@dataclass
class RekeyResult:
    """What the administrator must see once: the temporary passwords and the new recovery key."""

    temporary_passwords: dict[str, str] = field(default_factory=dict)
    recovery_key: str = ""
    backup: Path | None = None
    rekey_id: str = ""
    #: backups in the workspace's backups/ folder made before the re-key (the one it took first too):
    #: they still open with the old key, so with an old copy of the key file
    old_backups: list[Path] = field(default_factory=list)


def rekey_database(ws: Workspace, password: str | None) -> RekeyResult:
    """Re-key `ws` (administrators only; `password` is the administrator's own, to keep their slot).
    The workspace object stays open, under the new key."""
    with storage.writing(ws.files(), "The database was not re-keyed", "it keeps its key; nothing was changed"):
        return _rekey(ws, password)


def _rekey(ws: Workspace, password: str | None) -> RekeyResult:
    if ws.on_server:
        raise Conflict("a server workspace has no database key to change: the server's disks and connections "
                         "are protected by its IT (encrypted storage, TLS)")
    try:
        require(ws.actor, Permission.MANAGE_USERS)
    except PermissionDenied as exc:
        ws._record_refusal(ACTION, exc)
        raise
    if ws.actor.user_id is not None and not ws.verify_password(password or ""):
        raise ValidationError(Problem("password", "your password is not correct"))
    with ws.reader() as s:
        accounts = [(u.id, u.username, u.role) for u in s.scalars(select(User).where(User.active.is_(True))
                                                                  .order_by(User.username))]

    (ws.path / BACKUPS_DIR).mkdir(exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    info = backup.create_backup(ws, ws.path / BACKUPS_DIR / f"pre-rekey-{stamp}-{secrets.token_hex(2)}")

    new_key = os.urandom(32)
    result = RekeyResult(backup=info.path, rekey_id=secrets.token_hex(8))
    signer, workspace_id = ws._signer, ws.keyfile.workspace_id
    pending = KeyFile.create(pending_keys_path(ws.path), workspace_id, new_key)
    certs: list[dict] = []

    recovery_signing = SigningKey.generate()
    # Whoever re-keys signs the new certificates now; they are written into the database when the
    # re-key completes. Signed in with the recovery key, its own key is replaced too: the old one
    # certifies the new one, and the new one certifies everybody else (it is the key the completing
    # events are signed with).
    issuing = recovery_signing if ws.actor.user_id is None else signer._signing_key

    def certify(user_id: int | None, username: str, role: Role, key: SigningKey, by: SigningKey) -> dict:
        cert = trust.make_certificate(workspace_id, user_id=user_id, username=username, role=role, active=True,
                                      public=key.public, issuer=by.id)
        return {"user_id": user_id, "cert": canonical(cert).decode(),
                "sig": by.sign(certificate_message(workspace_id, cert))}

    for user_id, username, role in accounts:
        if user_id == ws.actor.user_id:
            pending.set_password(new_key, username, password or "", signer._signing_key)  # keeps their key
        else:
            temporary, key = new_temporary_password(username), SigningKey.generate()
            pending.set_password(new_key, username, temporary, key)
            certs.append(certify(user_id, username, role, key, issuing))
            result.temporary_passwords[username] = temporary
    result.recovery_key = pending.new_recovery(new_key, recovery_signing)
    recovery_cert = certify(None, RECOVERY_ACTOR, Role.ADMINISTRATOR, recovery_signing, signer._signing_key)
    if ws.keyfile.root_key_id:
        pending.set_root_key_id(new_key, ws.keyfile.root_key_id)
    pending.continue_generation(new_key, ws.keyfile.generation)
    reset_ids = [i for i, name, _ in accounts if name in result.temporary_passwords]
    pending.set_rekey_info(new_key, {"id": result.rekey_id, "by": ws.actor.user_id, "reset": reset_ids,
                                     "backup": info.path.name, "certs": certs, "recovery_cert": recovery_cert})
    own_signing = recovery_signing if ws.actor.user_id is None else None

    with folder_lock(ws.path, exclusive=True, wait=5.0), keyslots.exclusive(ws.path, wait=5.0):
        ws.engine.dispose()  # our own pooled connections; anyone else's makes the rekey refuse
        try:
            rekey_file(db_path(ws.path), ws.key, new_key, before=pending.save)
        except DatabaseInUse:
            pending_keys_path(ws.path).unlink(missing_ok=True)
            raise Conflict("the workspace is open somewhere else (another window, another user, or a task "
                           "still running); close it there and try again") from None
        except BaseException:
            # Failed (a full disk, say): SQLite rolled its transaction back, so the old key still
            # opens the database and the new key file goes. Only if the database really is under the
            # new key already does the new file take over.
            if not opens_with(db_path(ws.path), ws.key) and opens_with(db_path(ws.path), new_key):
                replace_file(pending_keys_path(ws.path), keys_path(ws.path))
                ws._replace_key(new_key, KeyFile.load(keys_path(ws.path)), own_signing)
                complete(ws, pending.rekey_info or {}, interrupted=False)
                return result
            pending_keys_path(ws.path).unlink(missing_ok=True)
            raise
        replace_file(pending_keys_path(ws.path), keys_path(ws.path))
        ws._replace_key(new_key, KeyFile.load(keys_path(ws.path)), own_signing)
    complete(ws, pending.rekey_info or {}, interrupted=False)
    result.old_backups = sorted((ws.path / BACKUPS_DIR).glob("*.roctabackup"))
    return result
