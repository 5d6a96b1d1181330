"""The raw driver paths (bulk inserts below the ORM) on both databases.

The fast paths of the demo, imports and packages talk to the DBAPI connection directly. SQLite
(sqlcipher3) takes `?` placeholders and executemany; PostgreSQL (psycopg) takes `%s` and is fastest
with COPY. Rows inserted with explicit ids leave PostgreSQL's id sequences behind: `catch_up`
moves them past the largest id, so the ORM's next insert does not collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def is_postgresql(dbapi: Any) -> bool:
    return type(dbapi).__module__.startswith("psycopg")


def sql(dbapi: Any, text: str) -> str:
    """A statement written with `?` placeholders, in the driver's own style."""
    return text.replace("?", "%s") if is_postgresql(dbapi) else text


def insert_many(dbapi: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    cur = dbapi.cursor()
    try:
        if is_postgresql(dbapi):
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                            rows)
    finally:
        cur.close()


def catch_up(dbapi: Any, tables: Iterable[str], analyse: Iterable[str] = ()) -> None:
    """After inserts with explicit ids: each table's id sequence moves past its largest id; the
    tables in `analyse` get fresh planner statistics (after a bulk load the planner would otherwise
    take a table of 100,000 rows for an empty one and join it row by row: a minute for a register
    page instead of half a second). Only the tables' owner may analyse them; others are skipped."""
    if not is_postgresql(dbapi):
        return
    cur = dbapi.cursor()
    try:
        for table in tables:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
        for table in analyse:
            cur.execute(f"ANALYZE {table}")
    finally:
        cur.close()
