"""Need to know on the big demo workspace: what filtering by clearance and restrictions costs.

    python -m bench.bench_access [--groups 10000 --nominals 100000] [--workspace PATH]

Each figure is measured twice in the same run on the same workspace: as an administrator cleared to
SECRET with nothing restricted from them (no filter is added at all: the baseline) and as an analyst
cleared to OFFICIAL-SENSITIVE from whom 200 restricted records are also hidden (every query filtered).
Targets are the screens' own (issue 3 and 12): the register's first page within 0.5 s, a search
within 100 ms, the dashboard's service within 0.5 s.
Results: bench/results/access.json (format in bench/common.py).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("ROCTA_KDF_COST", "test")  # sign-in is measured in bench_trust, not here

from bench.bench_registers import PASSWORD, USER, build
from bench.common import Result, median_time, on_demo_workspace, report

QUERIES = ["smith", "crew", "NOM-2026-00", "ahmed", "firm", "jones", "boys", "OCG-2026-01", "patel", "harbour"]


def main(argv: list[str] | None = None) -> int:
    return on_demo_workspace(argv, build, lambda path, _n: run(path), "rocta-bench-access-")


def prepare(path: Path) -> None:
    from sqlalchemy import select

    from rocta_desktop.services import access, users
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.models import Subject
    with Workspace.open(path, USER, PASSWORD) as ws:
        if "low" in {u["username"] for u in ws.read(users.list_users)}:
            return
        ws.write("u", users.add_user, "low", PASSWORD, "analyst", "Low Clearance", clearance="OFFICIAL-SENSITIVE",
                 temporary=False)
        ws.write("t", access.create_team, "Operation Bench cell", [USER])
        ids = ws.read(lambda s: list(s.scalars(select(Subject.id).order_by(Subject.id).limit(200))))
        for i in ids:
            ws.write("r", access.restrict, "subject", i, "Operation Bench", teams=["Operation Bench cell"])


def run(path: Path) -> bool:
    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.services import access, home, registers, search, tasking
    from rocta_desktop.services.workspace import Workspace
    prepare(path)
    high, low = Workspace.open(path, USER, PASSWORD), Workspace.open(path, "low", PASSWORD)
    results: list[Result] = []

    def measure(name: str, fn, target: float | None, repeat: int = 5) -> None:
        fn(high), fn(low)  # warm both alike
        base, filtered = median_time(lambda: fn(high), repeat), median_time(lambda: fn(low), repeat)
        results.append(Result(f"{name}: cleared OFFICIAL-SENSITIVE, 200 restricted", filtered, baseline=base,
                              baseline_name="same, as SECRET with nothing hidden (no filter)", target=target))

    measure("nominal register, first page", lambda ws: ws.read(registers.register_rows, SubjectKind.NOMINAL,
                                                                first=200), 0.5)
    measure("nominal register, all rows", lambda ws: ws.read(registers.register_rows, SubjectKind.NOMINAL), None, 3)

    def median_query(ws: Any, fn: Any, queries: tuple[str, ...] = tuple(QUERIES)) -> float:
        times = []
        for q in queries:
            t0 = time.perf_counter()
            ws.read(fn, q)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def searches(ws: Any) -> float:
        return median_query(ws, registers.search)
    searches(high), searches(low)
    results.append(Result("search, median of 10: cleared OFFICIAL-SENSITIVE, 200 restricted", searches(low),
                          baseline=searches(high), baseline_name="same, as SECRET with nothing hidden", target=0.1))

    def everything(ws: Any) -> float:
        return median_query(ws, search.search, (*QUERIES, "07700", "90/12", "15/03/1985", "AB12"))
    everything(low)
    results.append(Result("search everything (Ctrl+K), median of 14: OFFICIAL-SENSITIVE", everything(low),
                          baseline=searches(low), baseline_name="the names-and-references search alone, same reader",
                          target=0.1))
    measure("dashboard (home service, no T&CG changes)", lambda ws: ws.read(home.home, ws.actor, with_changes=False),
            0.5, 3)
    measure("priority list (assessed subjects)", lambda ws: ws.read(tasking.priority_view, include_unassessed=False),
            None, 3)
    with low.reader() as s:
        hidden = access.hidden_count(s, "subject")
    results.append(Result("subjects hidden from the low reader (above clearance or restricted)", float(hidden),
                          unit="n"))
    high.close()
    low.close()
    return report("access", results)


if __name__ == "__main__":
    raise SystemExit(main())
