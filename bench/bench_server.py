"""The regional server under load (issue #26): 20 analysts at once, loopback only, bounded in time.

    python -m bench.bench_server [--analysts 20] [--seconds 60] [--groups 10000 --nominals 100000]

A throwaway PostgreSQL cluster (tests/server/cluster.py) holds a demo region; each simulated analyst
is a separate process signed in as their own server role, looping for the given time over a mix of
reads (a register's first page, search everything, one record) and writes (an edit of a record's
description, and a counter kept on one record all of them share, read-modify-written with the version
each loaded). Printed: p50/p95 per operation; lost updates (the shared counter must equal the number of
increments that were saved); audit-chain breaks (`rocta verify`'s trail check after the run); the
server's CPU seconds and memory. Baseline (same run): the same reads, one process, on a terminal's
encrypted file holding the same demo region.
Results: bench/results/server.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")  # sign-in is measured in bench_trust, not here

from bench.common import Result, report

PASSWORD = "Bench-Password-2026!"
READS = ("register page", "search", "one record")
WRITES = ("edit", "shared counter")


def _ops(ws, ids: list[int], rng: random.Random, counter_id: int | None):
    from rocta_desktop.domain.errors import EditConflict
    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.services import registers, search

    def register_page() -> None:
        ws.read(registers.register_rows, SubjectKind.NOMINAL, first=200)

    def find() -> None:
        ws.read(search.search, rng.choice(["smith", "khan", "crew", "OCG-2026-00", "07700"]))

    def one() -> None:
        ws.read(registers.get_subject, rng.choice(ids))

    def edit() -> None:
        sid = rng.choice(ids)
        seen = ws.read(registers.get_subject, sid)["seen_event"]
        with contextlib.suppress(EditConflict):  # someone else changed it first: refused, as it must be
            ws.write("g", registers.update_subject, sid, {"description": f"seen {rng.random():.6f}"}, seen_event=seen)

    def shared() -> bool:
        while True:
            rec = ws.read(registers.get_subject, counter_id)
            value = int(rec["notes"] or 0)
            try:
                ws.write("g", registers.update_subject, counter_id, {"notes": str(value + 1)},
                         seen_event=rec["seen_event"])
                return True
            except EditConflict:
                continue  # reload and reapply, as the editor offers

    return {"register page": register_page, "search": find, "one record": one, "edit": edit,
            "shared counter": shared}


def _analyst(profile: str, username: str, ids: list[int], counter_id: int, seconds: float, seed: int,
             out: mp.Queue) -> None:
    from rocta_desktop.services.workspace import Workspace
    rng = random.Random(seed)
    ws = Workspace.open(Path(profile), username, PASSWORD)
    ops = _ops(ws, ids, rng, counter_id)
    timings: dict[str, list[float]] = {k: [] for k in ops}
    increments = 0
    mix = ["register page"] * 2 + ["search"] * 3 + ["one record"] * 6 + ["edit"] * 2 + ["shared counter"]
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            name = rng.choice(mix)
            t0 = time.perf_counter()
            result = ops[name]()
            timings[name].append(time.perf_counter() - t0)
            increments += 1 if name == "shared counter" and result else 0
    finally:
        ws.close()
    out.put((username, timings, increments))


def _server_processes() -> dict[int, tuple[float, float]]:
    """CPU seconds and resident memory (MB) of each PostgreSQL process (backends come and go with
    connections: the caller keeps the last figure seen of each)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                continue
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        rss = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)
        found[int(pid)] = ((int(stat[11]) + int(stat[12])) / tick, rss)
    return found


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--analysts", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    args = ap.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from rocta_desktop import demo
    from rocta_desktop.domain.users import Role
    from rocta_desktop.services import maintenance, registers, users
    from rocta_desktop.services.workspace import Workspace
    from tests.server.cluster import Cluster, ensure_role

    tmp = Path(tempfile.mkdtemp(prefix="rocta-bench-server-"))
    cluster = Cluster().start()
    try:
        ensure_role(cluster, "bench.admin", PASSWORD)
        import sqlalchemy as sa
        admin_engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.exec_driver_sql('CREATE DATABASE rocta_bench OWNER "bench.admin"')
        admin_engine.dispose()
        print(f"building the demo region on the server and on a terminal ({args.groups:,} groups, "
              f"{args.nominals:,} nominals)...", file=sys.stderr)
        t0 = time.perf_counter()
        server_ws, _ = Workspace.create(tmp / "server.rocta", "bench.admin", PASSWORD, name="Bench server",
                                        server_url=f"postgresql://127.0.0.1:{cluster.port}/rocta_bench")
        demo.generate(server_ws, groups=args.groups, nominals=args.nominals, seed=1)
        server_build = time.perf_counter() - t0
        names = [f"bench.analyst{i:02d}" for i in range(args.analysts)]
        with server_ws.operation("user.create", "bench analysts") as uow:
            for name in names:
                users.add_user(uow, name, PASSWORD, Role.ANALYST, name, temporary=False, clearance="SECRET")
        counter_id = server_ws.write("g", registers.create_group, {"name": "Shared Counter Crew", "marking": "OFFICIAL",
                                                                  "management_level": "local", "notes": "0"}).id
        with server_ws.engine.connect() as conn:
            ids = list(conn.exec_driver_sql("SELECT id FROM subjects WHERE status = 'active' "
                                            "ORDER BY random() LIMIT 2000").scalars())

        t0 = time.perf_counter()
        local_ws, _ = Workspace.create(tmp / "local.rocta", "bench.admin", PASSWORD, name="Bench terminal")
        demo.generate(local_ws, groups=args.groups, nominals=args.nominals, seed=1)
        local_build = time.perf_counter() - t0
        with local_ws.engine.connect() as conn:
            local_ids = list(conn.exec_driver_sql("SELECT id FROM subjects WHERE status = 'active' "
                                                  "ORDER BY random() LIMIT 2000").scalars())
        local_ops = _ops(local_ws, local_ids, random.Random(7), None)
        local: dict[str, list[float]] = {k: [] for k in READS}
        end = time.monotonic() + min(args.seconds, 20)
        rng = random.Random(8)
        while time.monotonic() < end:
            name = rng.choice(READS)
            t0 = time.perf_counter()
            local_ops[name]()
            local[name].append(time.perf_counter() - t0)
        local_ws.close()

        before = {pid: cpu for pid, (cpu, _) in _server_processes().items()}
        seen: dict[int, float] = {}
        ctx = mp.get_context("spawn")
        queue: mp.Queue = ctx.Queue()
        procs = [ctx.Process(target=_analyst, args=(str(tmp / "server.rocta"), name, ids, counter_id, args.seconds,
                                                   i, queue)) for i, name in enumerate(names)]
        started = time.perf_counter()
        for p in procs:
            p.start()
        peak_mem = 0.0
        results = []
        while len(results) < len(procs):
            try:
                results.append(queue.get(timeout=1))
            except Exception:  # the queue's Empty: sample the server meanwhile
                now = _server_processes()
                seen.update({pid: cpu for pid, (cpu, _) in now.items()})
                peak_mem = max(peak_mem, sum(rss for _, rss in now.values()))
                if not any(p.is_alive() for p in procs) and queue.empty():
                    break
        for p in procs:
            p.join(timeout=30)
        wall = time.perf_counter() - started
        seen.update({pid: cpu for pid, (cpu, _) in _server_processes().items()})
        server_cpu = sum(cpu - before.get(pid, 0.0) for pid, cpu in seen.items())
        failed = [p.exitcode for p in procs if p.exitcode]

        timings: dict[str, list[float]] = {k: [] for k in (*READS, *WRITES)}
        increments = 0
        for _, t, inc in results:
            for k, v in t.items():
                timings[k].extend(v)
            increments += inc
        final = int(server_ws.read(registers.get_subject, counter_id)["notes"])
        trail = next(c for c in maintenance.verify(server_ws) if c.name.startswith("audit trail"))
        server_ws.close()
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    out: list[Result] = []
    for name in READS:
        out.append(Result(f"{name}: p50 ({args.analysts} analysts on the server)", _pct(timings[name], 0.5),
                          baseline=statistics.median(local[name]) if local[name] else None,
                          baseline_name=f"{name}, p50, one process on a terminal's encrypted file"))
        out.append(Result(f"{name}: p95", _pct(timings[name], 0.95)))
    for name in WRITES:
        out.append(Result(f"{name}: p50", _pct(timings[name], 0.5)))
        out.append(Result(f"{name}: p95", _pct(timings[name], 0.95)))
    total_ops = sum(len(v) for v in timings.values())
    out += [
        Result("operations completed", total_ops, unit="ops"),
        Result("operations per second (all analysts)", total_ops / wall, unit="ops/s"),
        Result("lost updates (shared counter: saved increments minus its value)", abs(increments - final),
               unit="updates", target=0),
        Result("audit chain breaks after the run", 0 if trail.ok else max(1, len(trail.details)), unit="breaks",
               target=0),
        Result("server CPU during the run (sampled every second)", server_cpu, unit="cpu s"),
        Result("analyst processes that failed", len(failed), unit="processes", target=0),
        Result("server memory at peak (all its processes, RSS)", peak_mem, unit="MB"),
        Result("demo region built on the server", server_build),
        Result("demo region built on a terminal", local_build),
    ]
    print(f"{args.analysts} analysts for {args.seconds:g} s; shared counter {final} after {increments} saved "
          f"increments")
    return 0 if report("server", out) else 1


if __name__ == "__main__":
    sys.exit(main())
