"""A workspace: a folder holding the encrypted database and its key file, always together.

    Region.rocta/
        workspace.db      SQLCipher 4 database (and its -wal/-shm while open; both encrypted)
        keyslots.json     the database key, wrapped per user and for recovery (store/keyslots.py)
        backups/          automatic pre-migration backups (each one a database + key file pair)

Open = unwrap the key with a username and password, open the database with it, check the key file
belongs to it, check the account is active, migrate if needed (after a backup). Nothing is written
before the credentials are proven, so a failed sign-in leaves every file byte-for-byte unchanged.

The unit of work is in unit_of_work.py, the folder's lock and key files on disk in locking.py, the
settling of an interrupted re-key in rekey_settle.py, backups in backup.py. Names imported here as
`X as X` are re-exported: callers may import them from this module, as before the split.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..domain import clock
from ..domain.crime_types import DEFAULT_CRIME_TYPES
from ..domain.errors import AccountEnded, PermissionDenied
from ..domain.markings import Marking
from ..domain.subjects import validate_prefix
from ..domain.users import Role, check_password_policy, normalise_username
from ..store import migrate
from ..store.engine import DatabaseError, NotADatabase, connect_raw, make_engine, make_server_engine
from ..store.keyslots import (
    BadCredentials,
    KdfCost,
    KeyFile,
    KeyFileError,
    Unlocked,
)
from ..store.models import AuditEvent, CrimeType, User, WorkspaceMeta
from ..store.models.base import utcnow
from ..store.signing import SigningKey
from . import access, audit, head, rekey_finish, rekey_settle, server, storage, trust
from .actor import Actor
from .backup import backup_to as backup_to
from .folders import BACKUPS_DIR as BACKUPS_DIR
from .folders import DB_NAME as DB_NAME
from .folders import KEYS_NAME as KEYS_NAME
from .folders import RECOVERY_ACTOR as RECOVERY_ACTOR
from .folders import WORKSPACE_SUFFIX as WORKSPACE_SUFFIX
from .folders import MigrationDeclined as MigrationDeclined
from .folders import SignInError as SignInError
from .folders import WorkspaceError as WorkspaceError
from .folders import check_folder as check_folder
from .folders import db_path as db_path
from .folders import keys_path as keys_path
from .folders import server_profile as server_profile
from .locking import PENDING_KEYS_NAME as PENDING_KEYS_NAME
from .locking import folder_lock as folder_lock
from .locking import load_keyfile as load_keyfile
from .locking import pending_keys_path as pending_keys_path
from .locking import replace_file as replace_file
from .locking import unlock_keyfile
from .meta import KEYFILE_GENERATION as KEYFILE_GENERATION
from .meta import REKEY_DONE as REKEY_DONE
from .meta import ROOT_KEY as ROOT_KEY
from .meta import set_meta as set_meta
from .permissions import noting
from .unit_of_work import ChangeSet as ChangeSet
from .unit_of_work import UnitOfWork as UnitOfWork


class Workspace:
    def __init__(self, path: Path, engine: Engine, key: bytes, keyfile: KeyFile, signer: trust.Signer):
        self.path = Path(path)
        self.engine = engine
        self._key = key
        self.keyfile = keyfile
        self._signer = signer
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit.install(self._sessions)
        access.install(self._sessions)
        self._listeners: list[Callable[[set[str]], None]] = []
        self.client_id = uuid.uuid4().hex  # this window's own notices are not heard back from the server
        self._follower: server.Follower | None = None
        #: set once the sign-in has checked (or enrolled) the account: from then on every session
        #: checks the account as it is now (`_account_now`)
        self._settled = False
        self._account_listeners: list[Callable[[str], None]] = []

    @property
    def actor(self) -> Actor:
        """Who is signed in: the identity certified for the signing key unlocked at sign-in. It
        cannot be set; every event is signed with that key whatever anyone claims."""
        return self._signer.actor

    @property
    def workspace_id(self) -> str:
        return self.keyfile.workspace_id

    # ------------------------------------------------------------------ create
    @classmethod
    def create(cls, path: Path, username: str, password: str, *, display_name: str | None = None,
               name: str | None = None, cost: KdfCost | None = None, prefix: str | None = None,
               server_url: str | None = None) -> tuple[Workspace, str]:
        """A new workspace with its first administrator. Returns it and the one-time recovery key.

        With `server_url` (postgresql://host/database) the database is a PostgreSQL database that
        the server's IT created, empty, owned by the administrator's role (whose password is
        `password`); `path` becomes its profile on this computer (server.json: the address only); the
        server keeps the key file.

        The first administrator's signing key is the workspace's root: it signs their own certificate
        (the first event of the trail) and every certificate after it goes back to it."""
        path = Path(path)
        username = normalise_username(username)
        check_password_policy(password, username)
        prefix = validate_prefix(prefix)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise WorkspaceError(f"{path} already exists; choose a new folder name")
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, 0o700)  # files SQLite creates (-wal, -shm) take the database's mode
        try:
            key = os.urandom(32)
            workspace_id = str(uuid.uuid4())
            root, recovery_signing = SigningKey.generate(), SigningKey.generate()
            keyfile = KeyFile.create(keys_path(path), workspace_id, key, cost)
            keyfile.set_password(key, username, password, root)
            recovery = keyfile.new_recovery(key, recovery_signing)
            keyfile.set_root_key_id(key, root.id)
            keyfile.next_generation(key)
            if server_url is None:
                db_path(path).touch(mode=0o600)
                engine = make_engine(db_path(path), key, create=True)
                migrate.upgrade(engine)
                keyfile.save()
            else:
                engine = _server_engine(server_url, username, password)
                _check_empty(engine, server_url)
                migrate.upgrade(engine)
                with engine.begin() as conn:
                    server.prepare(conn, username)
                    server.write_keyfile(conn, keyfile, new=True)
                server.write_profile(path, server_url, workspace_id)
            with Session(engine) as s, s.begin():
                s.add_all([WorkspaceMeta(key="workspace_id", value=workspace_id),
                           WorkspaceMeta(key="name", value=name or path.stem),
                           WorkspaceMeta(key="created_at", value=utcnow().isoformat()),
                           WorkspaceMeta(key=ROOT_KEY, value=root.id),
                           WorkspaceMeta(key=KEYFILE_GENERATION, value=str(keyfile.generation))]
                          + ([WorkspaceMeta(key="origin.prefix", value=prefix)] if prefix else []))
            display = (display_name or username).strip()[:120]
            ws = cls(path, engine, key, keyfile,
                     trust.Signer(Actor(None, username, display, Role.ADMINISTRATOR, clearance=Marking.SECRET), root,
                                  workspace_id))
            with ws.operation("user.create", "Workspace created with its first administrator") as uow:
                user = User(username=username, display_name=display, role=Role.ADMINISTRATOR, active=True,
                             clearance=Marking.SECRET)
                uow.session.add(user)
                uow.session.flush()
                ws._signer._rebind(Actor(user.id, username, display, Role.ADMINISTRATOR, clearance=Marking.SECRET))
                uow.session.info["actor"] = uow.actor = ws.actor
                trust.issue(uow.session, ws._signer, user=user, username=username, role=Role.ADMINISTRATOR,
                            active=True, public=root.public, issuing_key=root)
                uow.session.add_all(CrimeType(code=c, name=n) for c, n in DEFAULT_CRIME_TYPES)
            with ws.operation("workspace.recovery_key", "The recovery key's signing key certified") as uow:
                certify_recovery(uow, recovery_signing)
            ws._settled = True
            return ws, recovery
        except BaseException:
            with contextlib.suppress(Exception):
                engine.dispose()  # type: ignore[possibly-undefined]
            shutil.rmtree(path, ignore_errors=True)
            raise

    # ------------------------------------------------------------------ open
    @classmethod
    def open(cls, path: Path, username: str, password: str, *,
             confirm_migration: Callable[[migrate.SchemaState], bool] | None = None) -> Workspace:
        username = username.strip().lower()
        return cls._open(Path(path), lambda kf: kf.open_password(username, password), username,
                         confirm_migration, password)

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str, *,
                           confirm_migration: Callable[[migrate.SchemaState], bool] | None = None) -> Workspace:
        return cls._open(Path(path), lambda kf: kf.open_recovery(recovery_key), None, confirm_migration,
                         recovery_key)

    @classmethod
    def _open(cls, path: Path, unlock: Callable[[KeyFile], Unlocked], username: str | None,
              confirm_migration: Callable[[migrate.SchemaState], bool] | None, secret: str) -> Workspace:
        check_folder(path)
        profile = server_profile(path)
        if profile is not None:
            if username is None:
                raise SignInError("the recovery key does not open a server workspace: sign in as an administrator "
                                  "(the server's IT can reset an administrator's role)")
            if not username or not secret:
                raise SignInError("the username or password is not correct")
            ws, unlocked = cls._open_on_server(path, profile, unlock, username, secret)
            try:
                ws._settle_account(unlocked, secret)
                ws._settled = True
            except BaseException:
                ws.close()
                raise
            return ws
        # A re-key holds the folder's lock while it changes the key; an interrupted one left its
        # new key file beside the old one, and the first sign-in settles which of them is current.
        exclusive = pending_keys_path(path).exists()
        while True:
            with folder_lock(path, exclusive=exclusive):
                if pending_keys_path(path).exists() and not exclusive:
                    exclusive = True  # appeared while we waited: settle it under the exclusive lock
                    continue
                keyfile = load_keyfile(path)
                if exclusive and pending_keys_path(path).exists():
                    keyfile, unlocked = rekey_settle.settle(path, keyfile, unlock)
                else:
                    unlocked = unlock_keyfile(keyfile, unlock)
                files = [db_path(path).with_name(DB_NAME + "-wal"), db_path(path), keys_path(path), path]
                with storage.writing(files, "The workspace could not be opened", "nothing was changed"):
                    ws = cls._open_with_key(path, keyfile, unlocked, username, confirm_migration)
                break
        try:
            info = keyfile.rekey_info
            if info is not None and ws.meta(REKEY_DONE) != info.get("id"):
                # a re-key that changed the database but died before its audit event
                rekey_finish.complete(ws, info, interrupted=True)
            ws._settle_account(unlocked, secret)
            ws._settled = True
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def _open_with_key(cls, path: Path, keyfile: KeyFile, unlocked: Unlocked, username: str | None,
                       confirm_migration: Callable[[migrate.SchemaState], bool] | None) -> Workspace:
        key = unlocked.key
        # Read-only checks first: a refused sign-in must not write anything.
        try:
            conn = connect_raw(db_path(path), key, readonly=True)
        except NotADatabase as exc:
            raise WorkspaceError(f"the key file opens no database here: {exc}") from None
        try:
            row = conn.execute("SELECT value FROM workspace_meta WHERE key='workspace_id'").fetchone()
            if row is None or row[0] != keyfile.workspace_id:
                raise WorkspaceError(f"the key file in {path} belongs to another workspace")
            row = conn.execute("SELECT value FROM workspace_meta WHERE key=?", (KEYFILE_GENERATION,)).fetchone()
            if row is not None and keyfile.generation < int(row[0]):
                # another process may have written both since we read the file: read it again
                with contextlib.suppress(WorkspaceError):
                    current = load_keyfile(path)
                    if current.generation >= int(row[0]) and current.verify_mac(key):
                        keyfile = current
            if row is not None and keyfile.generation < int(row[0]):
                raise WorkspaceError(
                    f"the key file in {path} is an old copy (generation {keyfile.generation}; the database last "
                    f"wrote generation {row[0]}): it may still hold removed accounts or an old recovery key. "
                    "Put back the current keyslots.json (from the latest backup if need be)")
            if username is None:
                actor = Actor(None, RECOVERY_ACTOR, "Recovery key", Role.ADMINISTRATOR, clearance=Marking.SECRET)
            else:
                row = conn.execute("SELECT id, display_name, role, active FROM users WHERE username=?",
                                   (username,)).fetchone()
                if row is None or not row[3]:
                    raise SignInError(f"the account {username!r} is disabled; ask an administrator")
                # clearance: until the account is checked against its certificate, the least (a
                # workspace from before clearances has none yet: the upgrade gives each account one)
                actor = Actor(row[0], username, row[1], Role(row[2]), clearance=Marking.OFFICIAL)
        except NotADatabase as exc:
            raise WorkspaceError(str(exc)) from None
        except DatabaseError as exc:  # opens, but holds no workspace (tables missing, pages damaged)
            raise WorkspaceError(f"{db_path(path)} opens with this key but is not a complete ROCTA workspace "
                                 f"({exc}); restore it from a backup") from None
        finally:
            conn.close()
        engine = make_engine(db_path(path), key)
        try:
            state = _schema_state(engine)
            if state.needs_upgrade:
                if confirm_migration is not None and not confirm_migration(state):
                    raise MigrationDeclined("the workspace was not upgraded, so it was not opened")
                backup_to(engine, key, keyfile, path / BACKUPS_DIR / f"pre-migration-{_stamp()}-{state.current}")
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        # Until the account is settled (checked, or its first key enrolled) the workspace acts with the
        # slot's key, or a new one that the enrolment certifies.
        signing = unlocked.signing or SigningKey.generate()
        return cls(path, engine, key, keyfile, trust.Signer(actor, signing, keyfile.workspace_id))

    @classmethod
    def _open_on_server(cls, path: Path, profile: dict, unlock: Callable[[KeyFile], Unlocked],
                        username: str, password: str) -> tuple[Workspace, Unlocked]:
        """Sign in to a server workspace as the person's own PostgreSQL role (the server checks the
        password first), then unlock their slot of the key file the server keeps. The server's owner
        migrates it (rocta server migrate); a client never changes the schema."""
        engine = _server_engine(profile["url"], username, password)
        try:
            with engine.connect() as conn:
                try:
                    keyfile = server.read_keyfile(conn, path)
                except KeyFileError as exc:
                    raise WorkspaceError(str(exc)) from None
                unlocked = unlock_keyfile(keyfile, unlock)
                meta = dict(conn.execute(select(WorkspaceMeta.key, WorkspaceMeta.value).where(
                    WorkspaceMeta.key.in_(["workspace_id", KEYFILE_GENERATION]))).all())
                if meta.get("workspace_id") != keyfile.workspace_id or \
                        profile.get("workspace_id") not in (None, keyfile.workspace_id):
                    raise WorkspaceError(f"the server at {profile['url']} holds another workspace than this profile")
                if KEYFILE_GENERATION in meta and keyfile.generation < int(meta[KEYFILE_GENERATION]):
                    raise WorkspaceError(f"the server's key file is behind its database (generation "
                                         f"{keyfile.generation}, the database wrote {meta[KEYFILE_GENERATION]}): "
                                         "it was put back by hand; the server's IT must restore both together")
                row = conn.execute(select(User.id, User.display_name, User.role, User.active)
                                   .where(User.username == username)).first()
            state = _schema_state(engine)
            if state.needs_upgrade:
                raise WorkspaceError(f"the server's workspace is at schema {state.current}; this version needs "
                                     f"{state.head}. Ask the server's administrator to run: rocta server migrate")
            if row is None or not row.active:
                raise SignInError(f"the account {username!r} is disabled; ask an administrator")
        except BaseException:
            engine.dispose()
            raise
        actor = Actor(row.id, username, row.display_name, Role(row.role), clearance=Marking.OFFICIAL)
        signing = unlocked.signing or SigningKey.generate()
        return cls(path, engine, unlocked.key, keyfile, trust.Signer(actor, signing, keyfile.workspace_id)), unlocked

    @property
    def on_server(self) -> bool:
        return server.on_server(self.engine)

    def current_keyfile(self) -> KeyFile:
        """The key file as it is now: on disk, or as the server keeps it."""
        if self.on_server:
            with self.engine.connect() as conn:
                return server.read_keyfile(conn, self.path)
        return KeyFile.load(keys_path(self.path))

    def _settle_account(self, unlocked: Unlocked, secret: str) -> None:
        """The sign-in's last step: check the account against its certificate, or enrol the first
        signing key of an account (or recovery key) from before signatures."""
        actor = self.actor
        with self.reader() as s:
            user = s.get(User, actor.user_id) if actor.user_id is not None else None
            legacy = _legacy_trail(s)
            has_cert = (user.cert is not None) if user is not None else trust.has_recovery_certificate(s)
            if has_cert and unlocked.signing is not None and not unlocked.legacy:
                try:
                    self._check_certified(s, user, unlocked.signing.id, legacy)
                except trust.TrustError as exc:
                    raise SignInError(f"the account of {actor.username} does not match its signed certificate "
                                      f"({exc}): it was changed outside the application. An administrator "
                                      "must check the workspace (rocta verify)") from None
                if user is not None:
                    self._signer._rebind(Actor(user.id, user.username, user.display_name, user.role,
                                               clearance=user.clearance))
                return
        if not legacy and has_cert:
            raise SignInError(f"the key slot of {actor.username} holds no signing key; ask an administrator to "
                              "reset the password")
        self._enrol(unlocked, secret)

    def _enrol(self, unlocked: Unlocked, secret: str) -> None:
        """A first signing key for an account from before signatures (self-certified with the role the
        earlier trail gives it), or a slot still in the old format moved to the new one."""
        key = self._signer._signing_key
        master = self.key
        with self.operation("user.enrol_key", "first signing key enrolled") as uow:
            s = uow.session
            if self.actor.user_id is None:
                if not trust.has_recovery_certificate(s):
                    certify_recovery(uow, key, issuing_key=key)
                uow.edit_keyfile(lambda kf: kf.new_recovery(master, key, recovery=secret))
                uow.describe("workspace.recovery_key", "the recovery key enrolled its signing key")
                return
            user = s.get(User, self.actor.user_id)
            if user.cert is None or user.key_id != key.id:
                trust.issue(s, self._signer, user=user, username=user.username, role=user.role,
                            active=user.active, public=key.public, issuing_key=key)
            username = user.username
            uow.edit_keyfile(lambda kf: kf.set_password(master, username, secret, key))
            uow.describe("user.enrol_key", f"{username} enrolled their first signing key", user)
            settled = Actor(user.id, user.username, user.display_name, user.role, clearance=user.clearance)
        self._signer._rebind(settled)

    def _replace_key(self, key: bytes, keyfile: KeyFile, signing: SigningKey | None = None) -> None:
        """After a re-key: a new engine with the new key (the old one's connections are closed)."""
        old = self.engine
        self.engine = make_engine(db_path(self.path), key)
        self._key = key
        self.keyfile = keyfile
        if signing is not None:
            self._signer._rebind(key=signing)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)
        access.install(self._sessions)
        old.dispose()

    def root_fingerprint(self) -> str | None:
        """The fingerprint of the key made when the workspace was created (every certificate goes back
        to it): shown at creation to write down, and by `rocta verify` to compare."""
        from ..store.models import UserCertificate
        from ..store.signing import PublicKey, fingerprint
        root = self.keyfile.root_key_id
        if not root:
            return None
        with self.reader() as s:
            public = s.scalar(select(UserCertificate.public_key).where(UserCertificate.key_id == root).limit(1))
        return fingerprint(PublicKey.from_b64(public).raw) if public else None

    def verify_password(self, secret: str) -> bool:
        """Whether `secret` is the signed-in person's current password (or, signed in with the
        recovery key, that key): checked against the key file as it is on disk now."""
        try:
            current = self.current_keyfile()
            if self.actor.user_id is None:
                unlocked = current.open_recovery(secret)
            else:
                unlocked = current.open_password(self.actor.username, secret)
        except (BadCredentials, KeyFileError):
            return False
        return hmac.compare_digest(unlocked.key, self._key)

    def follow_others(self) -> None:
        """On a server: hear the changes other people (and other windows) commit, as change notices
        like this window's own, so open lists and the dashboard refresh. Nothing to do on a terminal."""
        if self.on_server and self._follower is None:
            self._follower = server.Follower(self.engine, self.client_id,
                                             lambda areas, records: self._notify(ChangeSet(areas, records)))

    def close(self) -> None:
        if self._follower is not None:
            self._follower.stop()
            self._follower = None
        self.engine.dispose()
        self._key = b""

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ sessions
    @contextlib.contextmanager
    def operation(self, action: str, summary: str | None = None) -> Iterator[UnitOfWork]:
        """The one place a transaction is committed: changes and their audit events together."""
        session = self._sessions()
        session.info["signer"] = self._signer
        relied: set = set()
        session.info["relied_on"] = relied
        session.connection(execution_options={"write": True})
        try:
            self._grant_access(session)   # the account as it is now, under the write lock
        except BaseException:
            session.rollback()   # lets go of the write lock: nothing was done
            session.close()
            raise
        session.info["actor"] = self.actor
        uow = UnitOfWork(self, session, action)
        uow.summary = summary
        try:
            with noting(relied):
                yield uow
                uow._commit()
        except PermissionDenied as exc:
            session.rollback()
            self._record_refusal(action, exc)
            raise
        except Exception as exc:
            session.rollback()
            failure = storage.explain(exc, self.files(), "The change was not saved", "nothing was changed")
            if failure is None:
                raise
            raise failure from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        last = session.info.get("audit_last_event")
        if last is not None:
            head.write_head(self.path, self._signer, last.id, last.hash)
        for fn in uow._after_commit:
            fn()
        if uow.changed:
            self._notify(ChangeSet(uow.changed, uow.changed_records))

    def files(self) -> list[Path]:
        """The files a write may touch, most likely first (for saying which one could not be written)."""
        if self.on_server:
            return [self.path]  # the profile folder (audit-head.json): the rest is the server's
        db = db_path(self.path)
        return [db.with_name(db.name + "-wal"), db, keys_path(self.path), self.path]

    def _record_refusal(self, action: str, exc: PermissionDenied) -> None:
        """A refused action leaves a trace: who tried what, and why it was refused (in its own
        transaction, since the refused one was rolled back)."""
        session = self._sessions()
        session.info["signer"] = self._signer
        session.info["actor"] = self.actor
        try:
            session.connection(execution_options={"write": True})
            audit.record(session, self.actor, action="permission.denied", entity_type="permission",
                         summary=f"{self.actor.username} was refused {action}: {exc}", changes={"action": action})
            session.commit()
        except Exception:  # the refusal itself must still reach the user
            session.rollback()
            return
        finally:
            session.close()
        last = session.info.get("audit_last_event")
        if last is not None:
            head.write_head(self.path, self._signer, last.id, last.hash)

    def _check_certified(self, session: Session, user: User | None, key_id: str, legacy: bool) -> None:
        """The account's row is what its certificate, signed by an administrator, says, for this key
        (trust.check_account: raises TrustError)."""
        root = session.get(WorkspaceMeta, ROOT_KEY)
        trust.check_account(session, self.workspace_id, root.value if root else None, user, key_id=key_id,
                            legacy_trail=legacy)

    def _account_now(self, session: Session) -> None:
        """The account as it is now, not as it was at sign-in: a window left open must not keep a
        role, a clearance or an account an administrator has since taken away. Disabled, or its key
        replaced (a password reset): refused. Role or clearance changed: taken up for this and every
        later session, once the account's row is proven to be what its certificate (signed by an
        administrator) says; a row changed outside the application is refused, and so is an
        identity forced in memory (another person's id with this window's key). One primary-key
        read per session."""
        actor = self.actor
        if not self._settled or actor.user_id is None:
            return
        try:
            row = session.execute(select(User.role, User.active, User.clearance, User.key_id)
                                  .where(User.id == actor.user_id), execution_options=access.unfiltered()).one_or_none()
        except DBAPIError as exc:
            if not (self.on_server and "permission denied" in str(exc.orig).lower()):
                raise
            row = None   # a server takes a disabled account's privileges away itself
        if row is None or not row.active:
            self._account_ended(f"the account of {actor.username} has been disabled since signing in: nothing was "
                                "done")
        if row.key_id != self._signer.key_id:
            self._account_ended(f"the signing key of {actor.username} is no longer the one this window signed in "
                                "with (the password was reset, or changed in another window): nothing was done; "
                                "sign in again")
        if row.role == actor.role and row.clearance == actor.clearance:
            return
        user = session.get(User, actor.user_id)
        try:
            self._check_certified(session, user, self._signer.key_id, _legacy_trail(session))
        except trust.TrustError as exc:
            self._account_ended(f"the account of {actor.username} has changed since signing in and does not match "
                                f"its signed certificate ({exc}): an administrator must check the workspace "
                                "(rocta verify)")
        self._signer._rebind(Actor(user.id, user.username, user.display_name, user.role, clearance=user.clearance))

    def on_account_ended(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Be told (with the reason) when the signed-in account no longer allows this session: the
        window signs out. Called on the thread that found it, before AccountEnded is raised there."""
        self._account_listeners.append(callback)
        return lambda: self._account_listeners.remove(callback)

    def _account_ended(self, reason: str) -> None:
        for callback in list(self._account_listeners):
            with contextlib.suppress(Exception):  # a listener's failure must not hide the refusal
                callback(reason)
        raise AccountEnded(reason)

    def _grant_access(self, session: Session, ceiling: Any = None) -> None:
        """What this session may see: the signed-in person's clearance (at most `ceiling`) and the
        restricted records granted to them (services/access.py), for the account as it is now."""
        self._account_now(session)
        actor = self.actor
        clearance = actor.clearance or Marking.SECRET
        session.info.setdefault("actor", actor)  # read services that depend on who reads ask here
        session.info["access"] = access.policy_for(session, actor.user_id, clearance).narrowed(ceiling)

    @contextlib.contextmanager
    def reader(self, *, ceiling: Any = None) -> Iterator[Session]:
        """A read-only session, seeing what the signed-in person may see (at most `ceiling`, a
        marking): any attempt to flush a change raises."""
        session = self._sessions()
        session.info["read_only"] = True
        if self.on_server:
            # one snapshot for the whole read, as a terminal's read transaction has: a record and the
            # version it is shown at (its newest audit event) must come from the same moment
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        try:
            self._grant_access(session, ceiling)
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable, detached

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a read service function `fn(session, ...)`: the way screens ask for data without
        ever holding a session."""
        with self.reader() as session:
            return fn(session, *args, **kwargs)

    def read_at(self, ceiling: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`read`, seeing nothing marked above `ceiling` (an export for readers cleared lower)."""
        with self.reader(ceiling=ceiling) as session:
            return fn(session, *args, **kwargs)

    def write(self, action: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a write service function `fn(uow, ...)` as one audited operation."""
        with self.operation(action) as uow:
            return fn(uow, *args, **kwargs)

    def subscribe(self, callback: Callable[[set[str]], None]) -> Callable[[], None]:
        """Be told which areas changed after every committed operation."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _notify(self, areas: set[str]) -> None:
        records = getattr(areas, "records", ())
        for cb in list(self._listeners):
            cb(ChangeSet(set(areas), records))  # each listener its own copy, with the records touched

    # ------------------------------------------------------------------ key material (services only)
    @property
    def key(self) -> bytes:
        return self._key

    def meta(self, name: str) -> str | None:
        with self.reader() as s:
            return s.execute(select(WorkspaceMeta.value).where(WorkspaceMeta.key == name)).scalar()

    @property
    def name(self) -> str:
        return self.meta("name") or self.path.stem


def _schema_state(engine: Engine) -> migrate.SchemaState:
    """The schema's state; a workspace written by a newer version is refused, saying so."""
    state = migrate.schema_state(engine)
    try:
        migrate.check_not_too_new(state)
    except migrate.WorkspaceTooNew as exc:
        raise WorkspaceError(str(exc)) from None
    return state


def _server_engine(url: str, username: str, password: str) -> Engine:
    """An engine signed in as the person's own role; a refused password or an unreachable server
    is said plainly (the driver's message names which)."""
    from sqlalchemy.exc import OperationalError
    engine = make_server_engine(server.signed_in_url(url, username, password))
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "permission denied for database" in reason:
            raise SignInError(f"{username!r} has no access to this workspace on the server (a disabled account, or "
                              "not one of its people); ask an administrator") from None
        if "password authentication failed" in reason or "no password supplied" in reason:
            raise SignInError("the username or password is not correct (the server refused them)") from None
        raise WorkspaceError(f"the server at {server.profile_url(url)} cannot be reached: {reason}") from None
    return engine


def _check_empty(engine: Engine, url: str) -> None:
    """A new server workspace goes into an empty database, or one migrated (rocta server migrate)
    that holds no workspace yet."""
    from sqlalchemy import inspect
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        unused = "workspace_meta" in tables and conn.scalar(select(WorkspaceMeta.key).limit(1)) is None
        if tables and not unused:
            raise WorkspaceError(f"the database at {server.profile_url(url)} is not empty: a new server workspace "
                                 "needs an empty database created for it")


def _stamp() -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def certify_recovery(uow: UnitOfWork, signing: SigningKey, *, issuing_key: SigningKey | None = None) -> None:
    """Record the certificate of the recovery key's signing key (issued by the administrator acting,
    or self-signed when the recovery key enrols its first key on a workspace from before signatures)."""
    text, sig = trust.issue(uow.session, uow.signer, user=None, username=RECOVERY_ACTOR, role=Role.ADMINISTRATOR,
                            active=True, public=signing.public, issuing_key=issuing_key)
    audit.record(uow.session, uow.actor, action="workspace.recovery_key", entity_type="recovery",
                 entity_ref=RECOVERY_ACTOR, summary="the recovery key's signing key was certified",
                 changes={"cert": {"before": None, "after": text}, "cert_sig": {"before": None, "after": sig}})


def _legacy_trail(session: Session) -> bool:
    """Whether the trail begins before signatures (events of format 1)."""
    return session.scalar(select(AuditEvent.id).where(AuditEvent.version < 2).limit(1)) is not None
