"""Writing many rows at once: the store's floor for imports (spreadsheets, exchange packages).

`insert` writes rows (tuples of plain SQL values: str, int, float, None; dates already as ISO
text, JSON columns already as text) into one table, inside the caller's transaction. On SQLite it
sends each chunk of rows as ONE statement, `INSERT INTO t (...) SELECT value ->> 0, ... FROM
json_each(?)`, with the chunk serialised by the json module: SQLite then loops over the rows in C,
with the GIL released for the whole chunk. Alone it costs about what the driver's `executemany`
costs (measured on 50,000 subject rows, 18 columns, 8 indexes: 0.7-0.9 s either way; a little more
for narrow tables), but `executemany` binds, steps and resets once per row, taking the GIL back
after each row: on a thread, beside a busy Python thread, it would wait for the GIL at every row.
Values arrive exactly as `executemany` would store them (text stays text, a NUL inside a text
survives, integers stay 64-bit integers, None is NULL); constraints, indexes and triggers apply row
by row as usual. Another database (the server mode) gets a plain executemany.

`Writer` runs those inserts on a background thread, on the caller's connection and inside its open
transaction, fed through a bounded queue, so that the caller can validate and prepare the next
chunk while SQLite writes the last one (the GIL is released while SQLite works). Nothing is ever
committed by the writer: the caller's unit of work commits or rolls back everything, so the work
stays all or nothing, a kill at any moment leaves nothing behind, and the rows never touch the disk
outside the encrypted database (the chunks live only in memory).

From a `Writer`'s first `put` until `close` (or the end of its `with` block), the caller must not use
the connection (or a session on it) itself: the connection is the writer's.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

#: rows per statement: big enough that the per-statement costs vanish, small enough that a chunk's
#: JSON text stays a few megabytes
CHUNK = 5000
_JSON_EACH = (3, 38, 0)   # the ->> operator


def _raw(conn: Connection) -> Any:
    return conn.connection.driver_connection


def _json_each_ok(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    return tuple(getattr(conn.dialect.dbapi, "sqlite_version_info", (0,))) >= _JSON_EACH


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """The one-statement-per-chunk form for SQLite: the chunk is a JSON array of row arrays."""
    picks = ", ".join(f"value ->> {i}" for i in range(len(columns)))
    return f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT {picks} FROM json_each(?)'


def _plain_sql(table: str, columns: Sequence[str]) -> str:
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'


def _chunk_json(rows: Sequence[Sequence[Any]]) -> str | None:
    """The chunk as JSON, or None when a value has no exact JSON form in SQLite (NaN, infinity,
    bytes, an integer beyond 64 bits, which SQLite would read as a float): that chunk then goes
    through executemany, which stores such values as it always did (or refuses them)."""
    try:
        payload = json.dumps(rows, ensure_ascii=False, allow_nan=False, check_circular=False)
    except (TypeError, ValueError):
        return None
    # a 64-bit integer has at most 19 digits: look at the values only if the text has a run of 20
    # digits somewhere (a long number inside a text does too: the check by value then says no).
    # Digits all become "0" in one pass over the bytes, and a run is then a plain substring search.
    if _LONG_RUN in payload.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZERO) and any(
            type(v) is int and not _I64_MIN <= v <= _I64_MAX for r in rows for v in r):
        return None
    return payload


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 20
_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


def _write_raw(raw: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], json_ok: bool) -> None:
    if not rows:
        return
    if not json_ok:
        raw.executemany(_plain_sql(table, columns), rows)
        return
    sql = insert_sql(table, columns)
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        payload = _chunk_json(part)
        if payload is None:
            raw.executemany(_plain_sql(table, columns), part)
        else:
            raw.execute(sql, (payload,))


def insert(conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in `columns` order, plain SQL values) into `table`, in the connection's
    transaction. Parents before children: call it once per table, in that order."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        _write_raw(_raw(conn), table, columns, rows, _json_each_ok(conn))
        return
    names = [f"c{i}" for i in range(len(columns))]
    stmt = text(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(":" + n for n in names)})')
    conn.execute(stmt, [dict(zip(names, r)) for r in rows])
    if "id" in columns and conn.dialect.name == "postgresql":
        # ids given here leave the table's id sequence behind: move it past them (store/driver.py)
        conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"coalesce((SELECT max(id) FROM \"{table}\"), 0) + 1, false)")


def uuid4_strings(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, like `str(uuid.uuid4())` but made from one read of
    the system's random source (a tenth of the time for tens of thousands)."""
    if count <= 0:
        return []
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])   # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])   # RFC 4122 variant
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-{h[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]


class Writer:
    """Inserts handed to a background thread, in the caller's transaction (see the module's notes).

        with bulk.Writer(session.connection()) as writer:
            for chunk in chunks:
                writer.put("subjects", COLUMNS, rows)   # returns at once (waits if far ahead)
        # here every row is written (or the first error was raised); the connection is the caller's again

    The first error the thread meets is raised by the next `put`, or by `close`; after an error the
    rest of the queue is dropped (the caller rolls the transaction back). Leaving the `with` block
    through an exception stops the thread (waiting for the statement in progress) and drops what is
    left."""

    #: on a server, rows written after which the tables are analysed when the writer closes
    ANALYSE_AFTER = 1000

    #: while a writer runs, the GIL changes hands within this many seconds (Python's default is
    #: 5 ms): the writer thread needs it for a moment before and after each statement, and the
    #: caller's thread, busy in Python, would otherwise keep it up to 5 ms each time
    HANDOFF = 0.0005

    def __init__(self, conn: Connection, *, depth: int = 64):
        self._conn = conn
        self._raw = _raw(conn) if conn.dialect.name == "sqlite" else None
        self._json_ok = _json_each_ok(conn)
        # (table, columns, rows, JSON text of the rows or None): the JSON is made by the caller's
        # thread (`put`), so that the writer thread holds the GIL as little as it can: it is the
        # slower of the two when it writes into a table with many indexes
        self._queue: queue.Queue[tuple[str, Sequence[str], Sequence[Sequence[Any]], str | None] | None] = \
            queue.Queue(depth)
        self._error: BaseException | None = None
        self._stop = False
        self.rows = 0
        self._thread = threading.Thread(target=self._run, name="rocta-bulk-writer", daemon=True)
        self._started = False
        self._tables: set[str] = set()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None or self._stop:
                continue
            table, columns, rows, payload = item
            try:
                if self._raw is None:
                    insert(self._conn, table, columns, rows)
                elif payload is not None:
                    self._raw.execute(insert_sql(table, columns), (payload,))
                else:
                    _write_raw(self._raw, table, columns, rows, False)
                self.rows += len(rows)
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Queue rows for `table` (written in the order queued)."""
        self._raise()
        if not rows:
            return
        if self._raw is None:  # a server: written here, on the caller's thread (its connection is not shared)
            insert(self._conn, table, columns, rows)
            self.rows += len(rows)
            self._tables.add(table)
            return
        if not self._started:
            self._interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._interval, self.HANDOFF))
            self._thread.start()
            self._started = True
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            self._queue.put((table, columns, part, _chunk_json(part) if self._json_ok else None))

    def close(self) -> None:
        """Wait until everything queued is written; raise the first error met. On a server, a large
        load leaves the tables' planner statistics fresh (see store/driver.catch_up)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._restore()
        self._raise()
        if self._raw is None and self.rows >= self.ANALYSE_AFTER:
            from .driver import catch_up
            catch_up(self._conn.connection.driver_connection, (), analyse=sorted(self._tables))

    def _restore(self) -> None:
        if self._started and sys.getswitchinterval() == min(self._interval, self.HANDOFF):
            sys.setswitchinterval(self._interval)   # unless someone changed it meanwhile

    def abandon(self) -> None:
        """Stop: finish the statement in progress, drop the rest (the caller rolls back)."""
        self._stop = True
        if self._thread.is_alive():
            while True:   # make room for the stop marker, whatever is queued
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            self._queue.put(None)
            self._thread.join()
        self._restore()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()


def max_id(conn: Connection | Session, table: str) -> int:
    """The highest id in `table` (0 when it is empty), read in the caller's transaction."""
    return conn.execute(text(f'SELECT max(id) FROM "{table}"')).scalar() or 0


def next_ids(conn: Connection | Session, tables: Sequence[str]) -> dict[str, int]:
    """Table -> the first id after the highest in use: ids a bulk insert can give its rows."""
    return {t: max_id(conn, t) + 1 for t in tables}


def insert_many(conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """`insert`, through the driver's `executemany` on SQLite too: for rows that carry long texts
    full of JSON of their own (audit events' changes, exchange baselines' digests), which the JSON
    form of a chunk would escape character by character and SQLite then parse again (measured on
    11,000 audit events: 0.04 s this way, 0.19 s through `json_each`; 10,000 baselines: 0.015 s and
    0.06 s). Inside the caller's transaction, like `insert`; another database gets `insert`."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        _raw(conn).executemany(_plain_sql(table, columns), rows)
        return
    insert(conn, table, columns, rows)
