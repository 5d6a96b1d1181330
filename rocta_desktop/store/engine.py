"""The SQLCipher engine: raw 256-bit key, pragmas, and transactional DDL.

`sqlcipher3` bundles SQLCipher 4. A raw key passed as the string "x'<64 hex>'" skips SQLCipher's
own KDF (the password KDF happened once, in the key slot), so a connection opens in under 1 ms.
The driver is put in autocommit mode and BEGIN is emitted from the engine's `begin` event, so DDL
runs inside the transaction and a failed migration rolls back whole.
"""

from __future__ import annotations

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
        raise NotADatabase(f"{db_path} is not a ROCTA workspace database or is damaged ({exc})") from None
    return conn


def make_engine(db_path: Path, key: bytes | None, *, create: bool = False) -> Engine:
    def creator() -> sqlcipher.Connection:
        return connect_raw(db_path, key, create=create)

    # The first connection proves the key before the engine is handed out.
    first = creator()
    first.close()
    engine = create_engine("sqlite://", creator=creator, module=sqlcipher, poolclass=QueuePool,
                           pool_size=2, max_overflow=4, pool_pre_ping=False)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy event signature
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine
