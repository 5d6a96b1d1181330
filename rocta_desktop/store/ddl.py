"""Database-side guards on both dialects, for the migrations.

SQLite's guards are `CREATE TRIGGER ... BEGIN SELECT RAISE(ABORT, 'message'); END` (kept verbatim in
each migration). PostgreSQL has no inline trigger body: a guard there is a PL/pgSQL function raising
an integrity error (SQLSTATE 23001, restrict_violation, so the driver reports it as an
IntegrityError as SQLite's RAISE(ABORT) is) and a row trigger calling it. The functions are named
after their trigger, so dropping a guard drops both. Migrations import only this module from the
application: it holds DDL text, nothing that changes with the models.
"""

from __future__ import annotations

from collections.abc import Iterable


def dialect(op) -> str:
    return op.get_bind().dialect.name


def is_postgresql(op) -> bool:
    return dialect(op) == "postgresql"


def _quote(message: str) -> str:
    return message.replace("'", "''")


def pg_guard(name: str, table: str, event: str, message: str, *, when: str | None = None,
             of: Iterable[str] | None = None) -> list[str]:
    """`event`: INSERT, UPDATE or DELETE. `when`: a PL/pgSQL condition on OLD/NEW (subqueries
    allowed); without it every such change is refused."""
    returned = "OLD" if event == "DELETE" else "NEW"
    columns = f" OF {', '.join(of)}" if of else ""
    return [
        f"""CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {when or 'TRUE'} THEN
        RAISE EXCEPTION USING MESSAGE = '{_quote(message)}', ERRCODE = 'restrict_violation';
    END IF;
    RETURN {returned};
END $$""",
        f"CREATE TRIGGER {name} BEFORE {event}{columns} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()",
    ]


def pg_drop(name: str, table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}_fn()"]


def pg_identity(table: str) -> list[str]:
    """Rows inserted without a global identity (the bulk paths) get one: a random UUID and this
    workspace as origin (SQLite does the same in an AFTER INSERT trigger)."""
    name = f"trg_{table}_identity"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.uuid := coalesce(NEW.uuid, gen_random_uuid()::text);
    NEW.origin := coalesce(NEW.origin, (SELECT value FROM workspace_meta WHERE key = 'workspace_id'));
    RETURN NEW;
END $$""",
        f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()",
    ]


def run(op, statements: Iterable[str]) -> None:
    for sql in statements:
        op.execute(sql)


def create_guards(op, sqlite: dict[str, str], postgresql: Iterable[tuple]) -> None:
    """A migration's guards on whichever database it runs: `sqlite` the CREATE TRIGGER statements by
    name, `postgresql` (name, table, event, message[, when[, of]]) for `pg_guard`."""
    if not is_postgresql(op):
        for sql in sqlite.values():
            op.execute(sql)
        return
    for name, table, event, message, *rest in postgresql:
        run(op, pg_guard(name, table, event, message, when=rest[0] if rest else None,
                         of=rest[1] if len(rest) > 1 else None))


def drop_guards(op, sqlite: dict[str, str], postgresql: Iterable[tuple]) -> None:
    if not is_postgresql(op):
        for name in sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        return
    for name, table, *_ in postgresql:
        run(op, pg_drop(name, table))
