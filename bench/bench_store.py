"""The store: bulk writes into the encrypted workspace, the cost of encryption, and sign-in.

    python -m bench.bench_store [--groups 10000 --nominals 100000] [--keep DIR]

Figures (same run, same rows):
1. `demo.generate` of a 10,000-group, 100,000-nominal region into an encrypted workspace created
   with the production key-derivation cost. Target < 30 s.
2. Baseline: the driver's own `executemany` of exactly the same row tuples into a fresh encrypted
   file (same schema, same pragmas via `connect_raw`), timed from BEGIN to COMMIT: what the
   generator costs on top of the database (building the rows in Python, the ORM-made reference
   data, the audit event). Information only.
3. The same `demo.generate` into an unencrypted file through the same code path: encryption may
   cost at most 1.5x.
4. Sign-in: `Workspace.open` (production Argon2id cost) plus a first query, median of 5.
   Target < 0.5 s.
Results: bench/results/store.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import Result, report, timed

USER, PASSWORD = "admin", "Bench-password-2026"
SEED = 7
REFERENCE_TABLES = ("users", "forces", "agencies", "units", "crime_types")


def create_encrypted(path: Path):
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.keyslots import PRODUCTION_COST
    ws, _ = Workspace.create(path, USER, PASSWORD, name="Bench region", cost=PRODUCTION_COST)
    return ws


def create_unencrypted(path: Path):
    """A workspace object over an unencrypted database (benchmarks only), built like
    `Workspace.create` but with `key=None`, so `demo.generate` runs the very same code path."""
    from sqlalchemy.orm import Session

    from rocta_desktop.domain.crime_types import DEFAULT_CRIME_TYPES
    from rocta_desktop.domain.users import Role
    from rocta_desktop.services.audit import Actor
    from rocta_desktop.services.workspace import Workspace, db_path, keys_path
    from rocta_desktop.store import migrate
    from rocta_desktop.store.engine import make_engine
    from rocta_desktop.store.keyslots import KeyFile
    from rocta_desktop.store.models import CrimeType, User, WorkspaceMeta
    from rocta_desktop.store.models.base import utcnow

    path.mkdir(parents=True)
    workspace_id = str(uuid.uuid4())
    keyfile = KeyFile.create(keys_path(path), workspace_id, os.urandom(32))  # never saved
    engine = make_engine(db_path(path), None, create=True)
    migrate.upgrade(engine)
    with Session(engine) as s, s.begin():
        s.add_all([WorkspaceMeta(key="workspace_id", value=workspace_id),
                   WorkspaceMeta(key="name", value="Bench region (unencrypted)"),
                   WorkspaceMeta(key="created_at", value=utcnow().isoformat())])
    ws = Workspace(path, engine, b"", keyfile, Actor(None, "system", "System", Role.ADMINISTRATOR))
    with ws.operation("user.create", "bench workspace") as uow:
        user = User(username=USER, display_name=USER, role=Role.ADMINISTRATOR, active=True)
        uow.session.add(user)
        uow.session.add_all(CrimeType(code=c, name=n) for c, n in DEFAULT_CRIME_TYPES)
    ws.actor = Actor(user.id, user.username, user.display_name, user.role)
    return ws


def raw_baseline(source_ws, target: Path, groups: int, nominals: int, today: dt.date) -> tuple[float, float, int]:
    """Seconds for the driver's executemany of the demo rows (and seconds to build them), into a
    fresh encrypted file holding the same reference rows as `source_ws` had before the demo."""
    from rocta_desktop import demo
    from rocta_desktop.store import migrate
    from rocta_desktop.store.engine import connect_raw, make_engine

    key = os.urandom(32)
    target.mkdir(parents=True)
    db = target / "baseline.db"
    engine = make_engine(db, key, create=True)
    migrate.upgrade(engine)
    engine.dispose()
    conn = connect_raw(db, key)
    try:
        src = source_ws.engine.raw_connection()
        try:
            conn.execute("BEGIN")
            for table in REFERENCE_TABLES:
                data = src.cursor().execute(f"SELECT * FROM {table}").fetchall()
                if data:
                    marks = ", ".join("?" * len(data[0]))
                    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
            conn.execute("COMMIT")
            expected = src.cursor().execute(
                "SELECT reference, name FROM subjects ORDER BY id LIMIT 50").fetchall()
            expected_count = src.cursor().execute("SELECT count(*) FROM subjects").fetchone()[0]
            user_id = src.cursor().execute("SELECT id FROM users WHERE username = ?", (USER,)).fetchone()[0]
        finally:
            src.close()
        ctx = demo.read_context(conn.cursor(), today=today, user_id=user_id)
        build_s, rows = timed(lambda: demo.build(ctx, groups=groups, nominals=nominals,
                                                 vulnerabilities=groups // 5 + 5, seed=SEED))

        def insert() -> None:
            conn.execute("BEGIN IMMEDIATE")
            demo.write(conn, rows)
            conn.execute("COMMIT")
        insert_s, _ = timed(insert)
        got = conn.execute("SELECT reference, name FROM subjects ORDER BY id LIMIT 50").fetchall()
        got_count = conn.execute("SELECT count(*) FROM subjects").fetchone()[0]
        if [tuple(r) for r in got] != [tuple(r) for r in expected] or got_count != expected_count:
            raise SystemExit("baseline rows differ from the demo workspace's: the comparison would be unfair")
        return insert_s, build_s, rows.total
    finally:
        conn.close()


def sign_in_median(path: Path, repeat: int = 5) -> float:
    from sqlalchemy import func, select

    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.models import Subject

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ws = Workspace.open(path, USER, PASSWORD)
        n = ws.read(lambda s: s.scalar(select(func.count()).select_from(Subject)))
        times.append(time.perf_counter() - t0)
        ws.close()
        if not n:
            raise SystemExit("the signed-in workspace shows no subjects")
    print("sign-in times: " + ", ".join(f"{t * 1000:.0f} ms" for t in times), file=sys.stderr)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="build in this (new) folder and keep the workspaces")
    args = ap.parse_args(argv)
    if os.environ.pop("ROCTA_KDF_COST", None):
        print("note: ROCTA_KDF_COST ignored; sign-in is measured at the production cost", file=sys.stderr)

    from rocta_desktop import demo

    root = args.keep or Path(tempfile.mkdtemp(prefix="rocta-bench-store-"))
    root.mkdir(parents=True, exist_ok=True)
    today = dt.date.today()
    g, n = args.groups, args.nominals
    size = f"{g:,} g, {n:,} n"
    results: list[Result] = []
    try:
        enc_path = root / "encrypted.rocta"
        ws = create_encrypted(enc_path)
        try:
            enc_s, counts = timed(lambda: demo.generate(ws, groups=g, nominals=n, seed=SEED, today=today))
            print(f"encrypted demo.generate: {enc_s:.2f} s for {counts}", file=sys.stderr)
            raw_s, build_s, total_rows = raw_baseline(ws, root / "baseline", g, n, today)
        finally:
            ws.close()
        results.append(Result(f"demo.generate encrypted ({size})", enc_s, target=30.0))
        results.append(Result("demo.generate vs raw executemany", enc_s, baseline=raw_s,
                              baseline_name=f"sqlcipher3 executemany of the same {total_rows:,} rows, "
                                            "fresh encrypted file, BEGIN..COMMIT"))
        results.append(Result("  of which: building the rows in Python", build_s))

        plain_path = root / "unencrypted.rocta"
        pws = create_unencrypted(plain_path)
        try:
            plain_s, _ = timed(lambda: demo.generate(pws, groups=g, nominals=n, seed=SEED, today=today))
        finally:
            pws.close()
        results.append(Result("encryption cost (encrypted / unencrypted)", enc_s, baseline=plain_s,
                              baseline_name="demo.generate on an unencrypted file, same code path",
                              target=1.5, target_is_ratio=True))

        results.append(Result("sign-in: open + first query (median of 5)", sign_in_median(enc_path),
                              target=0.5))
        return 0 if report("store", results) else 1
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
