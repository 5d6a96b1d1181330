"""Schema migrations, applied atomically.

Two SQLite traps are handled here (see architecture.md):
- DDL inside a transaction: the engine emits BEGIN itself (store/engine.py), so the whole upgrade
  is one transaction and a failure leaves the schema exactly as it was.
- Batch mode rebuilds tables; with foreign keys ON that would fire ON DELETE CASCADE and silently
  drop children. Foreign keys are switched off on the raw connection (outside any transaction,
  where the pragma has effect, and checked), `PRAGMA foreign_key_check` runs before commit, and
  they are switched back on afterwards; a connection where that fails (e.g. COMMIT failed) is
  discarded, never handed back to the pool with foreign keys off.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


class MigrationError(Exception):
    pass


class WorkspaceTooNew(MigrationError):
    pass


def default_script_location() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "migrations"


def _config(script_location: Path | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or default_script_location()))
    return cfg


def head_revision(script_location: Path | None = None) -> str:
    heads = ScriptDirectory.from_config(_config(script_location)).get_heads()
    if len(heads) != 1:
        raise MigrationError(f"migrations have {len(heads)} heads; expected exactly one")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def needs_upgrade(self) -> bool:
        return self.known and not self.up_to_date


def schema_state(engine: Engine, script_location: Path | None = None) -> SchemaState:
    script = ScriptDirectory.from_config(_config(script_location))
    head = head_revision(script_location)
    current = current_revision(engine)
    known = current is None or _revision_known(script, current)
    return SchemaState(current, head, known)


def _revision_known(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:  # alembic raises its own ResolutionError family for unknown ids
        return False


def check_not_too_new(state: SchemaState) -> None:
    if not state.known:
        raise WorkspaceTooNew(
            f"this workspace was written by a newer version of ROCTA Desktop (schema {state.current}); "
            f"this version knows schemas up to {state.head}. Install the newer version to open it.")


def _foreign_keys(dbapi) -> int:
    return dbapi.execute("PRAGMA foreign_keys").fetchone()[0]


def _run(engine: Engine, fn, script_location: Path | None) -> None:
    cfg = _config(script_location)
    if engine.dialect.name != "sqlite":
        # PostgreSQL: DDL is transactional and ALTER TABLE changes a table in place (no rebuild, so
        # neither cascades nor lost triggers); the write lock keeps two clients from migrating at once
        with engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                cfg.attributes["connection"] = conn
                fn(cfg)
        return
    with engine.connect() as conn:
        # BEGIN IMMEDIATE (engine.py): take the write lock before the first read of the schema
        conn.execution_options(write=True)
        dbapi = conn.connection.dbapi_connection
        try:
            dbapi.execute("PRAGMA foreign_keys = OFF")
            # the pragma is silently ignored inside a transaction; a table rebuild with foreign
            # keys still on would cascade-delete children, so make sure before touching anything
            if _foreign_keys(dbapi) != 0:
                raise MigrationError("could not switch foreign keys off for the migration; nothing was changed")
            with conn.begin():
                cfg.attributes["connection"] = conn
                triggers, pages = _triggers(conn), _rootpages(conn)
                fn(cfg)
                _restore_dropped_triggers(conn, triggers, pages)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(f"migration would leave {len(broken)} broken references "
                                         f"(first in table {broken[0][0]}); nothing was changed")
        finally:
            _restore_foreign_keys(conn, dbapi)


def _triggers(conn) -> dict[str, tuple[str, str]]:
    return {name: (table, sql) for name, table, sql in conn.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()}


def _rootpages(conn) -> dict[str, int]:
    return dict(conn.exec_driver_sql("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'").fetchall())


def _restore_dropped_triggers(conn, before: dict[str, tuple[str, str]], pages: dict[str, int]) -> None:
    """Batch mode rebuilds a table by copying it and dropping the original, which silently drops the
    table's triggers (the append-only guards, the identity of new rows). Put back every trigger of a
    table that was rebuilt (its root page changed) and lost it, if its columns are still there."""
    after, now = _triggers(conn), _rootpages(conn)
    for name, (table, sql) in before.items():
        if name not in after and table in now and now[table] != pages.get(table) and _fits(conn, table, sql):
            conn.exec_driver_sql(sql)


def _fits(conn, table: str, sql: str) -> bool:
    """Whether every NEW./OLD. column a trigger names still exists (a downgrade that removed the
    columns also meant to remove the trigger that used them)."""
    import re
    columns = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()}
    return all(c in columns for c in re.findall(r"\b(?:NEW|OLD)\.(\w+)", sql, flags=re.IGNORECASE))


def _restore_foreign_keys(conn, dbapi) -> None:
    """Switch foreign keys back on, or make sure this connection is never used again. If COMMIT
    (or ROLLBACK) failed, the driver is still inside the transaction, where the pragma is a no-op:
    the pooled connection would go on serving the application with foreign keys (and ON DELETE
    CASCADE) off. Roll back what is left, switch them on, check, and otherwise discard it."""
    try:
        if dbapi.in_transaction:
            dbapi.rollback()
        dbapi.execute("PRAGMA foreign_keys = ON")
        restored = _foreign_keys(dbapi) == 1
    except Exception:
        restored = False
    if not restored:
        conn.invalidate()


def upgrade(engine: Engine, target: str = "head", script_location: Path | None = None) -> None:
    check_not_too_new(schema_state(engine, script_location))
    _run(engine, lambda cfg: command.upgrade(cfg, target), script_location)


def downgrade(engine: Engine, target: str, script_location: Path | None = None) -> None:
    _run(engine, lambda cfg: command.downgrade(cfg, target), script_location)
