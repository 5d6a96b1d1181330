"""Home (the dashboard) on the big demo workspace: 10,000 groups, 100,000 nominals, with
assessments, tasking, a T&CG, disruptions, triggers and requirements made by the demo services.

    python -m bench.bench_home [--groups 10000 --nominals 100000] [--workspace PATH]

Target (issue 12): the dashboard opens within 0.5 s. Measured in the same run: every query behind
it on its own (each row is one service call the home service makes), the home service as a whole,
the page built and painted for a supervisor (who sees every section), and the changes since the
last T&CG, counted on a worker thread after the paint (compared with the full priority list that
marks the same changes). Baseline: the old dashboard's single query (subject counts by kind and
status).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import Result, median_time, on_demo_workspace, report

USER, PASSWORD = "admin", "Bench-password-2026"


def build(path: Path, groups: int, nominals: int) -> None:
    from rocta_desktop import demo
    from rocta_desktop.demo import assessments as demo_assessments
    from rocta_desktop.demo import impact as demo_impact
    from rocta_desktop.demo import intel as demo_intel
    from rocta_desktop.demo import tasking as demo_tasking
    from rocta_desktop.services import users
    from rocta_desktop.services.workspace import Workspace
    ws, _ = Workspace.create(path, USER, PASSWORD, name="Bench region")
    try:
        with ws.operation("bench") as uow:
            users.add_user(uow, "supervisor", PASSWORD, "supervisor")
            users.add_user(uow, "analyst", PASSWORD, "analyst")
        demo.generate(ws, groups=groups, nominals=nominals, seed=7)
        with Workspace.open(path, "supervisor", PASSWORD) as sup, Workspace.open(path, "analyst", PASSWORD) as ana:
            demo_assessments.generate(ana, sup, groups=60)
            demo_tasking.generate(ana, sup)
            demo_impact.generate(ana, sup)
            demo_intel.generate(ana)
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    return on_demo_workspace(argv, build, run, "rocta-bench-home-")


def run(path: Path, nominals: int) -> bool:
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.domain.impact import DisruptionStatus
    from rocta_desktop.domain.intel import RequirementStatus
    from rocta_desktop.gui.dashboard import DashboardPage
    from rocta_desktop.gui.notifier import ChangeNotifier
    from rocta_desktop.services import assessments, collection, home, impact, registers, tasking, triggers
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.models import AssessmentStatus

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(path, "supervisor", PASSWORD)
    today = dt.date.today()
    try:
        ws.read(registers.counts_by_kind)  # warm the page cache for every measurement alike
        baseline = median_time(lambda: ws.read(registers.counts_by_kind), 5)
        results: list[Result] = []
        queries = [
            ("assessments: drafts and returned", lambda s: assessments.listing(
                s, statuses=(AssessmentStatus.DRAFT, AssessmentStatus.RETURNED))),
            ("assessments: awaiting approval", lambda s: assessments.listing(s, statuses=(AssessmentStatus.SUBMITTED,))),
            ("triggers awaiting a decision", lambda s: triggers.listing(s, statuses=triggers.OPEN, today=today)),
            ("tasking requests", lambda s: tasking.requests(s, today=today)),
            ("collection requirements (live)", lambda s: collection.listing(
                s, statuses=(RequirementStatus.OPEN, RequirementStatus.PARTLY_ANSWERED), today=today)),
            ("4P actions due", lambda s: impact.actions_due(s, today=today)),
            ("disruptions (submitted and approved)", lambda s: impact.listing(
                s, statuses=(DisruptionStatus.SUBMITTED, DisruptionStatus.APPROVED))),
            ("region counts (active, priority, level)", lambda s: tasking.region_summary(s, with_changes=False)),
            ("over-committed units (from those counts)", lambda s: tasking.capacity_and_demand(
                s, today=today, ranked=tasking.region_summary(s, with_changes=False)["rows"])),
            ("reviews due", lambda s: assessments.due_for_review(s, today=today, within_days=14)),
        ]
        for name, fn in queries:
            results.append(Result(f"  query: {name}", median_time(lambda fn=fn: ws.read(fn), 5)))
        service = median_time(lambda: ws.read(home.home, ws.actor, today=today, with_changes=False), 5)
        results.append(Result("home service (the queries above, once)", service, baseline=baseline,
                              baseline_name="the old dashboard's subject counts query", target=0.5))
        results.append(Result("changes since the T&CG (worker thread, after the paint)",
                              median_time(lambda: ws.read(tasking.region_changes, today=today), 3),
                              baseline=median_time(lambda: ws.read(tasking.priority_list, today=today), 1),
                              baseline_name="the full priority list that marks the same changes"))

        notifier = ChangeNotifier(ws)
        opened, complete = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            page = DashboardPage(ws, notifier)
            page.resize(1280, 900)
            page.show()
            app.processEvents()
            opened.append(time.perf_counter() - t0)
            while page.changes_pending:
                app.processEvents()
                time.sleep(0.002)
            complete.append(time.perf_counter() - t0)
            page.close()
            page.deleteLater()
            app.processEvents()
        opened.sort()
        results.append(Result(f"dashboard opened and painted ({nominals:,} nominals)", opened[len(opened) // 2],
                              baseline=baseline, baseline_name="the old dashboard's subject counts query",
                              target=0.5))
        complete.sort()
        results.append(Result("dashboard complete (changes counted too)", complete[len(complete) // 2],
                              baseline=baseline, baseline_name="the old dashboard's subject counts query"))
        notifier.detach()
        return report("home", results)
    finally:
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
