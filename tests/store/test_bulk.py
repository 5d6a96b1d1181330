"""The store's bulk path (store/bulk.py): one statement per chunk stores exactly what the driver's
executemany stores, and the writer thread writes in order inside the caller's transaction, hands
its first error back and leaves nothing behind when the caller rolls back."""

from __future__ import annotations

import math
import re
import sys
import uuid

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

from rocta_desktop.store import bulk

COLUMNS = ("id", "t", "i", "f", "n")
AWKWARD = [
    (1, "plain", 1, 1.5, None),
    (2, "a\x00b NUL inside", -(2**63), -0.0, "x"),
    (3, "😀 Öztürk ИВАНОВ \u2028 \\ \" ' \t\n", 2**63 - 1, 1e300, "[1, 2]"),
    (4, "", 0, 3.0, "null"),
    (5, "99999999999999999999999 (digits in a text)", 12, float("nan"), True),
]


@pytest.fixture
def conn():
    engine = create_engine("sqlite://", module=sqlcipher, poolclass=StaticPool,
                           creator=lambda: sqlcipher.connect(":memory:", check_same_thread=False,
                                                             isolation_level=None))
    with engine.connect() as c:
        for name in ("ours", "driver"):
            c.exec_driver_sql(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, t TEXT, i INTEGER, f REAL, n TEXT)")
        c.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL "
                          "REFERENCES ours (id), v TEXT UNIQUE)")
        c.exec_driver_sql("PRAGMA foreign_keys = ON")
        yield c
    engine.dispose()


def stored(conn, table):
    return conn.exec_driver_sql(f"SELECT id, t, typeof(t), i, typeof(i), f, typeof(f), n, typeof(n) FROM {table} "
                                "ORDER BY id").fetchall()


def test_one_statement_per_chunk_stores_what_executemany_stores(conn, monkeypatch):
    assert bulk._json_each_ok(conn)
    sent = []
    raw = bulk._raw(conn)
    monkeypatch.setattr(bulk, "_raw", lambda c: Spy(raw, sent))
    monkeypatch.setattr(bulk, "CHUNK", 2)
    bulk.insert(conn, "ours", COLUMNS, AWKWARD)
    raw.executemany(f"INSERT INTO driver ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)", AWKWARD)
    assert stored(conn, "ours") == stored(conn, "driver")
    assert stored(conn, "ours")[1][1] == "a\x00b NUL inside"
    # two chunks as one statement each; the chunk with NaN (no JSON form) through executemany
    assert sent == ["execute", "execute", "executemany"]


def test_values_beyond_what_json_keeps_exactly_fall_back_to_the_driver(conn):
    raw = bulk._raw(conn)
    with pytest.raises(OverflowError):
        raw.executemany("INSERT INTO driver (id, i) VALUES (?, ?)", [(1, 2**64)])
    with pytest.raises(OverflowError):
        bulk.insert(conn, "ours", ("id", "i"), [(1, 2**64)])   # not stored as a rounded float
    bulk.insert(conn, "ours", ("id", "f"), [(1, math.inf)])
    raw.executemany("INSERT INTO driver (id, f) VALUES (?, ?)", [(1, math.inf)])
    assert stored(conn, "ours") == stored(conn, "driver")


class Spy:
    def __init__(self, raw, calls):
        self.raw, self.calls = raw, calls

    def execute(self, *a):
        self.calls.append("execute")
        return self.raw.execute(*a)

    def executemany(self, *a):
        self.calls.append("executemany")
        return self.raw.executemany(*a)


def test_the_writer_thread_writes_in_order_inside_the_callers_transaction(conn):
    conn.exec_driver_sql("BEGIN")
    with bulk.Writer(conn) as writer:
        for start in range(0, 30, 10):   # parents then children, chunk by chunk
            writer.put("ours", COLUMNS, [(i, f"p{i}", i, None, None) for i in range(start, start + 10)])
            writer.put("child", ("id", "parent", "v"), [(i, i, f"c{i}") for i in range(start, start + 10)])
    assert writer.rows == 60
    assert conn.exec_driver_sql("SELECT count(*) FROM child").scalar() == 30
    conn.exec_driver_sql("ROLLBACK")
    assert conn.exec_driver_sql("SELECT count(*) FROM ours").scalar() == 0   # nothing of its own was committed


def test_the_writers_first_error_reaches_the_caller_and_the_rest_is_dropped(conn):
    conn.exec_driver_sql("BEGIN")
    writer = bulk.Writer(conn)
    writer.put("ours", COLUMNS, [(1, "a", 1, None, None)])
    writer.put("child", ("id", "parent", "v"), [(1, 1, "same"), (2, 1, "same")])   # UNIQUE fails
    writer.put("ours", COLUMNS, [(2, "b", 2, None, None)])
    with pytest.raises(sqlcipher.IntegrityError, match="UNIQUE"):
        writer.close()
    with pytest.raises(sqlcipher.IntegrityError):
        writer.put("ours", COLUMNS, [(3, "c", 3, None, None)])
    assert [r[0] for r in conn.exec_driver_sql("SELECT id FROM ours")] == [1]   # the queue after it was dropped
    conn.exec_driver_sql("ROLLBACK")


def test_leaving_the_block_by_an_exception_stops_the_writer(conn):
    conn.exec_driver_sql("BEGIN")
    with pytest.raises(RuntimeError, match="a row had a problem"), bulk.Writer(conn) as writer:
        writer.put("ours", COLUMNS, [(i, "x", i, None, None) for i in range(100)])
        raise RuntimeError("a row had a problem")
    assert not writer._thread.is_alive()
    conn.exec_driver_sql("ROLLBACK")
    assert conn.execute(text("SELECT count(*) FROM ours")).scalar() == 0


def test_uuid4_strings_are_random_version_4_uuids():
    made = bulk.uuid4_strings(5000)
    assert len(set(made)) == 5000 and bulk.uuid4_strings(0) == []
    for u in made[:500]:
        parsed = uuid.UUID(u)
        assert str(parsed) == u and parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u)


def test_the_gil_changes_hands_quickly_while_a_writer_runs_and_as_before_after(conn):
    before = sys.getswitchinterval()
    conn.exec_driver_sql("BEGIN")
    with bulk.Writer(conn) as writer:
        writer.put("ours", COLUMNS, [(1, "a", 1, None, None)])
        assert sys.getswitchinterval() == min(before, bulk.Writer.HANDOFF)
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), bulk.Writer(conn) as writer:
        writer.put("ours", COLUMNS, [(2, "b", 2, None, None)])
        raise RuntimeError("stop")
    assert sys.getswitchinterval() == before
    conn.exec_driver_sql("ROLLBACK")
