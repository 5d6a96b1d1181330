"""A workspace: a folder holding the encrypted database and its key file, always together.

    Region.rocta/
        workspace.db      SQLCipher 4 database (and its -wal/-shm while open; both encrypted)
        keyslots.json     the database key, wrapped per user and for recovery (store/keyslots.py)
        backups/          automatic pre-migration backups (each one a database + key file pair)

Open = unwrap the key with a username and password, open the database with it, check the key file
belongs to it, check the account is active, migrate if needed (after a backup). Nothing is written
before the credentials are proven, so a failed sign-in leaves every file byte-for-byte unchanged.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from ..domain import clock
from ..domain.crime_types import DEFAULT_CRIME_TYPES
from ..domain.errors import PermissionDenied
from ..domain.users import Role, check_password_policy, normalise_username
from ..store import migrate
from ..store.engine import NotADatabase, connect_raw, make_engine, opens_with
from ..store.keyslots import (
    BadCredentials,
    KdfCost,
    KeyFile,
    KeyFileError,
    _fsync_dir,
    write_atomic,
)
from ..store.models import CrimeType, User, WorkspaceMeta
from ..store.models.base import utcnow
from . import audit, storage
from .audit import Actor
from .folders import (  # noqa: F401 - re-exported: part of this module's interface
    BACKUPS_DIR,
    DB_NAME,
    KEYS_NAME,
    RECOVERY_ACTOR,
    WORKSPACE_SUFFIX,
    MigrationDeclined,
    SignInError,
    WorkspaceError,
    check_folder,
    db_path,
    keys_path,
)

PENDING_KEYS_NAME = "keyslots.rekey.json"
REKEY_DONE = "rekey.completed"   # workspace_meta: the id of the last re-key whose audit event is written


def pending_keys_path(folder: Path) -> Path:
    """The new key file of a re-key in progress (present only while one is, or was interrupted)."""
    return Path(folder) / PENDING_KEYS_NAME


def load_keyfile(folder: Path) -> KeyFile:
    try:
        return KeyFile.load(keys_path(folder))
    except KeyFileError as exc:
        raise WorkspaceError(str(exc)) from None


@contextlib.contextmanager
def folder_lock(folder: Path, *, exclusive: bool, wait: float = 30.0) -> Iterator[bool]:
    """An advisory lock on the workspace folder: a re-key holds it exclusively while it changes the
    key; opening holds it shared, so nobody reads a key file that is about to stop working. Released
    by the kernel if the process dies. Yields whether the lock is exclusive."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: the database's own locks still apply
        yield exclusive
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder we may not open: whatever follows meets the same refusal and says so
        yield exclusive
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkspaceError(f"the key of the workspace {folder} is being changed in another window; "
                                         "try again when that has finished") from None
                time.sleep(0.05)
        yield exclusive
    finally:
        os.close(fd)  # releases the lock


def replace_file(source: Path, target: Path) -> None:
    """Rename over `target` in one step, made durable (the folder is synced)."""
    os.replace(source, target)
    _fsync_dir(Path(target).parent)


def _unlock(keyfile: KeyFile, unlock: Callable[[KeyFile], bytes]) -> bytes:
    try:
        return unlock(keyfile)
    except BadCredentials as exc:
        raise SignInError(str(exc)) from None
    except KeyFileError as exc:
        raise WorkspaceError(str(exc)) from None


def _settle_rekey(folder: Path, keyfile: KeyFile, unlock: Callable[[KeyFile], bytes]) -> tuple[KeyFile, bytes]:
    """A re-key was interrupted (its process died; we hold the folder's lock). The database is under
    the old key (the re-key never committed: its journal is played back) or the new one (it did).
    Whichever key of the two files these credentials unlock and that opens the database wins: the
    new key file replaces the old one, or the unused new one is deleted."""
    pending_path = pending_keys_path(folder)
    files = [keyfile]
    try:
        files.append(KeyFile.load(pending_path))
    except KeyFileError:
        pass  # cannot happen with an atomic write; an unreadable one is no candidate
    candidates: list[tuple[KeyFile, bytes]] = []
    refusal: Exception | None = None
    for kf in files:
        try:
            candidates.append((kf, unlock(kf)))
        except (BadCredentials, KeyFileError) as exc:
            refusal = refusal or exc
    if not candidates:
        raise (SignInError(str(refusal)) if isinstance(refusal, BadCredentials) else
               WorkspaceError(str(refusal)))
    for kf, key in candidates:
        if not opens_with(db_path(folder), key):
            continue
        if kf is keyfile:
            pending_path.unlink(missing_ok=True)  # the re-key never happened: the old key stays
        else:
            replace_file(pending_path, keys_path(folder))
            kf = KeyFile.load(keys_path(folder))
        return kf, key
    raise SignInError("an administrator changed the workspace's key and the change did not finish; an "
                      "administrator must sign in first (your password may have been reset)")


class ChangeSet(set):
    """What an operation changed: the set of areas ("group", "nominal", "user"...), with the
    (area, id) pairs of the records touched in `.records` for views that refresh rows in place."""

    def __init__(self, areas: set[str], records: set[tuple[str, int]] | None = None):
        super().__init__(areas)
        self.records = set(records or ())

    def ids(self, *areas: str) -> set[int]:
        return {i for a, i in self.records if a in areas}


class UnitOfWork:
    """One user action: a session in a write transaction, committed with its audit events."""

    def __init__(self, workspace: Workspace, session: Session, action: str):
        self.workspace = workspace
        self.session = session
        self.actor: Actor = session.info["actor"]
        self._descriptions: dict[tuple[str, int] | None, tuple[str, str | None]] = {None: (action, None)}
        self.changed: set[str] = set()
        self.changed_records: set[tuple[str, int]] = set()
        self._keyfile_dirty = False

    @property
    def summary(self) -> str | None:
        return self._descriptions[None][1]

    @summary.setter
    def summary(self, text: str | None) -> None:
        self._descriptions[None] = (self._descriptions[None][0], text)

    def describe(self, action: str, summary: str | None = None, record: Any = None) -> None:
        """Say what the user did, for the audit trail. With `record`, the words belong to that
        record's event; the last description also labels the operation as a whole."""
        self._descriptions[None] = (action, summary)
        if record is not None:
            self._descriptions[audit.entity_key(record)] = (action, summary)

    def touch(self, *areas: str) -> None:
        """Name what changed, for the change notice views listen to."""
        self.changed.update(areas)

    def keyfile_changed(self) -> None:
        self._keyfile_dirty = True

    def _commit(self) -> None:
        self.session.flush()
        self.changed_records = set(audit._buffer(self.session))
        self.changed.update(t for t, _ in self.changed_records)
        audit.write_pending(self.session, self.actor, self._descriptions)
        if not self._keyfile_dirty:
            self.session.commit()
            return
        keyfile = self.workspace.keyfile
        old = keyfile.path.read_bytes()
        keyfile.save()
        try:
            self.session.commit()
        except BaseException:
            write_atomic(keys_path(self.workspace.path), old)  # a full disk must not leave half a key file
            self.workspace.keyfile = KeyFile.load(keyfile.path)
            raise


class Workspace:
    def __init__(self, path: Path, engine: Engine, key: bytes, keyfile: KeyFile, actor: Actor):
        self.path = Path(path)
        self.engine = engine
        self._key = key
        self.keyfile = keyfile
        self.actor = actor
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit.install(self._sessions)
        self._listeners: list[Callable[[set[str]], None]] = []

    # ------------------------------------------------------------------ create
    @classmethod
    def create(cls, path: Path, username: str, password: str, *, display_name: str | None = None,
               name: str | None = None, cost: KdfCost | None = None) -> tuple[Workspace, str]:
        """A new workspace with its first administrator. Returns it and the one-time recovery key."""
        path = Path(path)
        username = normalise_username(username)
        check_password_policy(password, username)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise WorkspaceError(f"{path} already exists; choose a new folder name")
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, 0o700)  # files SQLite creates (-wal, -shm) take the database's mode
        try:
            key = os.urandom(32)
            workspace_id = str(uuid.uuid4())
            keyfile = KeyFile.create(keys_path(path), workspace_id, key)
            keyfile.set_password(key, username, password, cost)
            recovery = keyfile.new_recovery(key)
            db_path(path).touch(mode=0o600)
            engine = make_engine(db_path(path), key, create=True)
            migrate.upgrade(engine)
            keyfile.save()
            with Session(engine) as s, s.begin():
                s.add_all([WorkspaceMeta(key="workspace_id", value=workspace_id),
                           WorkspaceMeta(key="name", value=name or path.stem),
                           WorkspaceMeta(key="created_at", value=utcnow().isoformat())])
            system = Actor(None, "system", "System", Role.ADMINISTRATOR)
            ws = cls(path, engine, key, keyfile, system)
            with ws.operation("user.create", "Workspace created with its first administrator") as uow:
                user = User(username=username, display_name=display_name or username,
                            role=Role.ADMINISTRATOR, active=True)
                uow.session.add(user)
                uow.session.add_all(CrimeType(code=c, name=n) for c, n in DEFAULT_CRIME_TYPES)
            ws.actor = Actor(user.id, user.username, user.display_name, user.role)
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
        return cls._open(Path(path), lambda kf: kf.unlock_password(username, password), username,
                         confirm_migration)

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str, *,
                           confirm_migration: Callable[[migrate.SchemaState], bool] | None = None) -> Workspace:
        return cls._open(Path(path), lambda kf: kf.unlock_recovery(recovery_key), None, confirm_migration)

    @classmethod
    def _open(cls, path: Path, unlock: Callable[[KeyFile], bytes], username: str | None,
              confirm_migration: Callable[[migrate.SchemaState], bool] | None) -> Workspace:
        check_folder(path)
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
                    keyfile, key = _settle_rekey(path, keyfile, unlock)
                else:
                    key = _unlock(keyfile, unlock)
                files = [db_path(path).with_name(DB_NAME + "-wal"), db_path(path), keys_path(path), path]
                with storage.writing(files, "The workspace could not be opened", "nothing was changed"):
                    ws = cls._open_with_key(path, keyfile, key, username, confirm_migration)
                break
        info = keyfile.rekey_info
        if info is not None and ws.meta(REKEY_DONE) != info.get("id"):
            from . import (
                rekey,  # a re-key that changed the database but died before its audit event
            )
            try:
                rekey.complete(ws, info, interrupted=True)
            except BaseException:
                ws.close()
                raise
        return ws

    @classmethod
    def _open_with_key(cls, path: Path, keyfile: KeyFile, key: bytes, username: str | None,
                       confirm_migration: Callable[[migrate.SchemaState], bool] | None) -> Workspace:
        # Read-only checks first: a refused sign-in must not write anything.
        try:
            conn = connect_raw(db_path(path), key, readonly=True)
        except NotADatabase as exc:
            raise WorkspaceError(f"the key file opens no database here: {exc}") from None
        try:
            row = conn.execute("SELECT value FROM workspace_meta WHERE key='workspace_id'").fetchone()
            if row is None or row[0] != keyfile.workspace_id:
                raise WorkspaceError(f"the key file in {path} belongs to another workspace")
            if username is None:
                actor = Actor(None, RECOVERY_ACTOR, "Recovery key", Role.ADMINISTRATOR)
            else:
                row = conn.execute("SELECT id, display_name, role, active FROM users WHERE username=?",
                                   (username,)).fetchone()
                if row is None or not row[3]:
                    raise SignInError(f"the account {username!r} is disabled; ask an administrator")
                actor = Actor(row[0], username, row[1], Role(row[2]))
        except NotADatabase as exc:
            raise WorkspaceError(str(exc)) from None
        finally:
            conn.close()
        engine = make_engine(db_path(path), key)
        try:
            state = migrate.schema_state(engine)
            try:
                migrate.check_not_too_new(state)
            except migrate.WorkspaceTooNew as exc:
                raise WorkspaceError(str(exc)) from None
            if state.needs_upgrade:
                if confirm_migration is not None and not confirm_migration(state):
                    raise MigrationDeclined("the workspace was not upgraded, so it was not opened")
                backup_to(engine, key, keyfile, path / BACKUPS_DIR / f"pre-migration-{_stamp()}-{state.current}")
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, key, keyfile, actor)

    def _replace_key(self, key: bytes, keyfile: KeyFile) -> None:
        """After a re-key: a new engine with the new key (the old one's connections are closed)."""
        old = self.engine
        self.engine = make_engine(db_path(self.path), key)
        self._key = key
        self.keyfile = keyfile
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)
        old.dispose()

    def close(self) -> None:
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
        session.info["actor"] = self.actor
        session.connection(execution_options={"write": True})
        uow = UnitOfWork(self, session, action)
        uow.summary = summary
        try:
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
        if uow.changed:
            self._notify(ChangeSet(uow.changed, uow.changed_records))

    def files(self) -> list[Path]:
        """The files a write may touch, most likely first (for saying which one could not be written)."""
        db = db_path(self.path)
        return [db.with_name(db.name + "-wal"), db, keys_path(self.path), self.path]

    def _record_refusal(self, action: str, exc: PermissionDenied) -> None:
        """A refused action leaves a trace: who tried what, and why it was refused (in its own
        transaction, since the refused one was rolled back)."""
        session = self._sessions()
        session.info["actor"] = self.actor
        try:
            session.connection(execution_options={"write": True})
            audit.record(session, self.actor, action="permission.denied", entity_type="permission",
                         summary=f"{self.actor.username} was refused {action}: {exc}", changes={"action": action})
            session.commit()
        except Exception:  # the refusal itself must still reach the user
            session.rollback()
        finally:
            session.close()

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session: any attempt to flush a change raises."""
        session = self._sessions()
        session.info["read_only"] = True
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable, detached

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a read service function `fn(session, ...)`: the way screens ask for data without
        ever holding a session."""
        with self.reader() as session:
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
        for cb in list(self._listeners):
            cb(set(areas))

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


def _stamp() -> str:
    return clock.now().strftime("%Y%m%dT%H%M%SZ")


def backup_to(engine: Engine, key: bytes, keyfile: KeyFile, target: Path) -> Path:
    """Copy the database (online, via SQLite's backup API, still encrypted with the same key) and
    the key file into a new folder `target`, then check the copy is intact."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    raw = engine.raw_connection()
    try:
        dst = connect_raw(db_path(target), key, create=True)
        try:
            raw.dbapi_connection.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise WorkspaceError(f"backup in {target} failed its integrity check: {ok}")
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        raw.close()
    keyfile.save(keys_path(target))
    return target
