"""Register screens on the big demo workspace (10,000 groups, 100,000 nominals).

    python -m bench.bench_registers [--groups 10000 --nominals 100000] [--workspace PATH]

Targets (issue 3): nominal register shown within 0.5 s of navigating to it; a filter keystroke
within 50 ms (median); sorting a column within 200 ms; global search within 100 ms; resident
memory with the register open under 400 MB. Baselines, same run: the raw SQL for the same rows or
the same filter.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import Result, median_time, on_demo_workspace, report, rss_mb

USER, PASSWORD = "admin", "Bench-password-2026"


def build(path: Path, groups: int, nominals: int) -> None:
    from rocta_desktop import demo
    from rocta_desktop.services.workspace import Workspace
    ws, _ = Workspace.create(path, USER, PASSWORD, name="Bench region")
    try:
        demo.generate(ws, groups=groups, nominals=nominals, seed=7)
    finally:
        ws.close()


def main(argv: list[str] | None = None) -> int:
    return on_demo_workspace(argv, build, lambda path, _nominals: run(path), "rocta-bench-")


def run(path: Path) -> bool:
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.gui.registers.view import RegisterView
    from rocta_desktop.gui.search import SearchDialog
    from rocta_desktop.services import registers
    from rocta_desktop.services.registers import SubjectFilter
    from rocta_desktop.services.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(path, USER, PASSWORD)
    results: list[Result] = []
    base_rss = rss_mb()

    def raw_rows() -> int:
        with ws.engine.connect() as conn:
            return len(conn.exec_driver_sql(
                "SELECT s.id, s.reference, s.name, s.status, s.marking, n.date_of_birth "
                "FROM subjects s JOIN nominals n ON n.id = s.id WHERE s.status != 'archived'").fetchall())
    raw_rows()  # warm the page cache for both sides alike
    baseline = median_time(raw_rows, 3)

    view = RegisterView(ws, SubjectKind.NOMINAL)
    view.resize(1280, 800)

    done = []
    view.loaded.connect(lambda: done.append(time.perf_counter()))
    t0 = time.perf_counter()
    view.load_async()
    view.show()
    app.processEvents()
    shown = time.perf_counter() - t0
    while not done:
        app.processEvents()
        time.sleep(0.002)
    complete = done[0] - t0
    results.append(Result("nominal register shown (first page painted)", shown, baseline=baseline,
                          baseline_name="raw SQL of the register's core columns", target=0.5))
    results.append(Result("nominal register complete (all rows, filterable)", complete, baseline=baseline,
                          baseline_name="raw SQL of the register's core columns", target=1.5))
    results.append(Result("rows in the nominal register", float(view.model.total), unit="rows"))

    # typing a filter, one keystroke at a time
    per_key = []
    for text in ("k", "ko", "kow", "kowa", "kowal", "s", "sm", "smi", "smit", "smith", "04/", "nom-20"):
        t0 = time.perf_counter()
        view.filter_edit.setText(text)
        app.processEvents()
        per_key.append(time.perf_counter() - t0)
    def sql_filter() -> int:
        return ws.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL, "kowal"))
    results.append(Result("filter keystroke (median of 12)", statistics.median(per_key),
                          baseline=median_time(sql_filter, 3), baseline_name="SQL count of the same filter",
                          target=0.05))
    view.filter_edit.clear()
    app.processEvents()
    sorts = []
    for key in ("name", "date_of_birth", "reference", "lead_force"):
        col = view.model.column_keys().index(key)
        t0 = time.perf_counter()
        view.table.sortByColumn(col, view.table.horizontalHeader().sortIndicatorOrder())
        app.processEvents()
        sorts.append(time.perf_counter() - t0)
    results.append(Result("sort a column (worst of 4)", max(sorts), target=0.2))
    results.append(Result("resident memory with the register open", rss_mb(), unit="MB", baseline=base_rss,
                          baseline_name="after sign-in, before the register", target=400))

    dlg = SearchDialog(ws)
    searches = []
    for term in ("kowal", "harbour", "ocg-2026-0001", "smi", "crew", "nom-2026-01"):
        dlg.box.setText(term)
        t0 = time.perf_counter()
        dlg.run_search()
        searches.append(time.perf_counter() - t0)

    def raw_search() -> int:
        with ws.engine.connect() as conn:
            return len(conn.exec_driver_sql(
                "SELECT id FROM subjects WHERE name_norm LIKE '%kowal%' LIMIT 75").fetchall())
    results.append(Result("global search (median of 6 terms)", statistics.median(searches),
                          baseline=median_time(raw_search, 3), baseline_name="raw SQL LIKE on names only",
                          target=0.1))
    results.append(Result("global search (worst of 6 terms)", max(searches), target=0.25))
    view.close()
    ws.close()
    return report("registers", results)


if __name__ == "__main__":
    sys.exit(main())
