"""The SQLCipher engine: raw 256-bit key, pragmas, and transactional DDL.

`sqlcipher3` bundles SQLCipher 4. A raw key passed as the string "x'<64 hex>'" skips SQLCipher's
own KDF (the password KDF happened once, in the key slot), so a connection opens in under 1 ms.
The driver is put in autocommit mode and BEGIN is emitted from the engine's `begin` event, so DDL
runs inside the transaction and a failed migration rolls back whole.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

DatabaseError = sqlcipher.DatabaseError


class NotADatabase(Exception):
    """The file could not be opened with the key: not a workspace database, or damaged."""


def raw_key_literal(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return f"x'{key.hex()}'"


def connect_raw(db_path: Path, key: bytes | None, *, create: bool = False,
                readonly: bool = False) -> sqlcipher.Connection:
    """One configured DBAPI connection. `key=None` opens an unencrypted file (benchmarks only)."""
    db_path = Path(db_path)
    if not create and not db_path.is_file():
        raise NotADatabase(f"{db_path} does not exist")
    mode = "ro" if readonly else ("rwc" if create else "rw")
    uri = f"{db_path.resolve().as_uri()}?mode={mode}"
    conn = sqlcipher.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                             timeout=10.0)
    try:
        if key is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.set_key(raw_key_literal(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # memory temp store: sorts and temp tables never reach the disk in plaintext
        conn.execute("PRAGMA temp_store = MEMORY")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA busy_timeout = 10000")
    except DatabaseError as exc:
        conn.close()
        if is_write_failure(exc):
            raise  # a full disk or a read-only file, not a damaged database: the caller explains it
        raise NotADatabase(f"{db_path} is not a ROCTA workspace database or is damaged ({exc})") from None
    return conn


def is_write_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("disk i/o error", "database or disk is full", "readonly database"))


def make_engine(db_path: Path, key: bytes | None, *, create: bool = False) -> Engine:
    def creator() -> sqlcipher.Connection:
        return connect_raw(db_path, key, create=create)

    # The first connection proves the key before the engine is handed out.
    first = creator()
    first.close()
    engine = create_engine("sqlite://", creator=creator, module=sqlcipher, poolclass=QueuePool,
                           pool_size=2, max_overflow=4, pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


# Writers on a server take this transaction-scoped advisory lock first, as BEGIN IMMEDIATE takes
# SQLite's write lock: one writer at a time, so the audit chain stays linear. Readers never wait.
WRITE_LOCK = 0x524F435441  # "ROCTA"


def make_server_engine(url: str, *, connect_args: dict | None = None) -> Engine:
    """A PostgreSQL engine (psycopg 3). `url`: postgresql+psycopg://user@host:port/db with TLS
    options in the query (sslmode=verify-full, sslrootcert=...) as the server profile gives them."""
    engine = create_engine(url, connect_args=connect_args or {}, pool_size=2, max_overflow=4,
                           pool_pre_ping=True)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


class DatabaseInUse(Exception):
    """Another connection (another window, another user, a background task) has the database open."""


def rekey(db_path: Path, old_key: bytes, new_key: bytes, *, before: Callable[[], None] | None = None) -> None:
    """Re-encrypt every page of the database under `new_key` (SQLCipher's `PRAGMA rekey`).

    Needs the database to itself: the WAL is checkpointed and truncated, then the journal mode is
    switched to DELETE, which SQLite refuses while any other connection is open (DatabaseInUse).
    In DELETE mode the rekey is one transaction guarded by a rollback journal: if the process dies
    half way, the next connection (with either key: the journal is played back as stored bytes)
    puts back every page under the old key. `before` runs once exclusive access is proven and
    before any page changes (the caller writes its "re-key in progress" key file there).
    """
    conn = connect_raw(db_path, old_key)
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlcipher.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseInUse(str(exc)) from None
            raise
        if busy[0] or str(mode).lower() != "delete":
            raise DatabaseInUse("the database is open in another connection")
        try:
            if before is not None:
                before()
            conn.execute(f"PRAGMA rekey = \"{raw_key_literal(new_key)}\"").fetchall()
        except BaseException:
            with contextlib.suppress(sqlcipher.Error):
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            raise
        # Committed. Back to WAL (every later connection asks for it too, so a failure is harmless).
        with contextlib.suppress(sqlcipher.Error):
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        conn.close()


def opens_with(db_path: Path, key: bytes) -> bool:
    """Does `key` open the database? A read-write connection, so a rollback journal left by an
    interrupted rekey is played back first. Reads only otherwise."""
    try:
        conn = connect_raw(db_path, key)
    except NotADatabase:
        return False
    except DatabaseError as exc:
        if not is_write_failure(exc):
            raise
        try:  # cannot write here (a full disk): reading is enough to tell, when no journal waits
            conn = connect_raw(db_path, key, readonly=True)
        except (NotADatabase, DatabaseError):
            return False
    conn.close()
    return True
