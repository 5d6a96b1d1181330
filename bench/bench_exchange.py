"""Excel exchange: importing nominals and exporting the return.

    python -m bench.bench_exchange [--rows 50000] [--subjects 10000]

Figures (same run):
1. Import of a 50,000-row nominal sheet (read, map, validate every row, check duplicates against the
   workspace, bulk insert, audit) into an encrypted workspace, against the baseline of reading the
   same file with python-calamine alone, and against the floor (below). Target (issue #21): at most
   1.5x the floor. The import is what `rocta import` does (`imports.run`: read the sheet, then
   check every row and write the valid ones in the same transaction, a writer thread taking them
   while the rest are checked; the scoring of possible duplicates after the commit is a read of its
   own and not timed). The same run gives its stages, the screen's way (plan for the preview, then
   commit the plan) stage by stage in another workspace, and the floor: the same rows written by
   the raw driver's executemany into another new encrypted workspace, then committed; calamine's
   read plus that floor is the fastest a plain import could be. For information, the same rows
   through store/bulk.py (one INSERT ... SELECT FROM json_each per chunk) in a fourth workspace.
2. Export of the return for a region of at least 10,000 subjects (the Subjects sheet: the bulk of
   the file; archived subjects are not in a return, so a few more are generated), against the
   baseline of a raw openpyxl write-only save of the same cells. Target: at most 1.5x. Gathering the
   rows from the database is timed separately (information).
Results: bench/results/exchange.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")  # sign-in cost is measured in bench_store

from bench.common import Result, median_time, report, timed

USER, PASSWORD = "admin", "Bench-password-2026"
SURNAMES = ["Smith", "Jones", "Kowalski", "Öztürk", "Nowak", "Taylor", "Brown", "Wilson", "Evans", "Khan"]
FORENAMES = ["Jan", "Amir", "Kit", "Alex", "Sam", "Jo", "Lee", "Mo", "Ana", "Tom"]


def make_sheet(path: Path, rows: int) -> None:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nominals")
    ws.append(["Surname", "Forenames", "DOB", "Aliases", "Nationality", "Gender", "Marking", "Force"])
    for i in range(rows):
        ws.append([f"{SURNAMES[i % 10]}{i}", FORENAMES[(i // 10) % 10], dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                   f"Alias{i}" if i % 3 == 0 else None, "British", "male" if i % 2 else "female", "OFFICIAL", "NMP"])
    wb.save(path)


def bench_import(folder: Path, rows: int) -> list[Result]:
    from python_calamine import CalamineWorkbook

    from rocta_desktop.exchange.xlsx_import import read_sheet
    from rocta_desktop.services import imports, reference_data
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.models import Force
    sheet = folder / "nominals.xlsx"
    make_sheet(sheet, rows)

    def raw_read():
        wb = CalamineWorkbook.from_path(str(sheet))
        data = wb.get_sheet_by_name("Nominals").to_python()
        wb.close()
        return data
    baseline = median_time(raw_read, 3)
    names = ("import", "floor", "two_step", "bulk_floor")
    spaces = {n: Workspace.create(folder / f"{n}.rocta", USER, PASSWORD)[0] for n in names}
    ws, floor_ws, gui_ws, bulk_ws = (spaces[n] for n in names)
    try:
        for w in spaces.values():
            with w.operation("bench") as uow:
                reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        # what `rocta import` does (imports.run): read the sheet, then check every row and write
        # the rows found valid in the same transaction (a writer thread takes them while the rest
        # are checked); the scoring of possible duplicates afterwards is a read of its own, not timed
        read_s, data = timed(lambda: read_sheet(sheet))
        run_s, (plan, outcome) = timed(lambda: imports.run(ws, "nominals", data, find_duplicates=False))
        assert not plan.problems and outcome.committed and len(outcome.created) == rows, plan.to_json()["problems"][:3]
        seconds = read_s + run_s
        # the screen's way (GUI importer): plan for the preview, then commit that plan
        plan_s, plan2 = timed(lambda: gui_ws.read(imports.plan_import, "nominals", data))
        insert_s, outcome2 = timed(lambda: gui_ws.write("import.nominals", imports.commit, plan2,
                                                        remember=data.headers))
        assert outcome2.committed and len(outcome2.created) == rows
        again, (plan3, outcome3) = timed(lambda: imports.run(ws, "nominals", read_sheet(sheet),
                                                             find_duplicates=False))
        assert outcome3.created == [] and len(plan3.skipped) == rows
        floor = raw_insert_floor(ws, floor_ws)
        bulk_floor = raw_insert_floor(ws, bulk_ws, bulk=True)
    finally:
        for w in spaces.values():
            w.close()
    calamine = "python-calamine read of the same file"
    return [Result(f"import {rows:,} nominal rows (read+validate+write)", seconds, baseline=baseline + floor,
                   baseline_name="the floor: calamine read + raw insert of the same rows", target=1.5,
                   target_is_ratio=True),
            Result("  the same against the calamine read alone", seconds, baseline=baseline, baseline_name=calamine),
            Result("  stage: read the sheet (read_sheet)", read_s, baseline=baseline, baseline_name=calamine),
            Result("  stage: check and write at once (imports.run)", run_s, baseline=floor,
                   baseline_name="the raw insert of the same rows"),
            Result("  screen's way, stage: validate and plan every row", plan_s, baseline=baseline,
                   baseline_name=calamine),
            Result("  screen's way, stage: insert, audit and commit the plan", insert_s, baseline=floor,
                   baseline_name="the raw insert of the same rows"),
            Result("  floor: raw executemany of the same rows + commit", floor, baseline=baseline,
                   baseline_name=calamine),
            Result("  floor: calamine read + raw insert (no import is faster)", baseline + floor, baseline=baseline,
                   baseline_name=calamine),
            Result("  the same rows through store/bulk (one statement per chunk) + commit", bulk_floor,
                   baseline=floor, baseline_name="the raw executemany floor"),
            Result(f"re-import of the same {rows:,} rows (all skipped)", again, baseline=baseline,
                   baseline_name=calamine)]


def raw_insert_floor(source, target, *, bulk: bool = False) -> float:
    """Seconds to write the rows the import created (subjects, nominals, aliases: read back from
    `source`) into the new encrypted workspace `target` through the driver alone: one BEGIN, one
    executemany per table, COMMIT. No Python per row beyond the driver's own. With `bulk`, the same
    through store/bulk.py instead of executemany (information: what the insert method alone gives)."""
    from sqlalchemy import text
    tables = {}
    with source.reader() as s:
        for table, where in (("subjects", " WHERE kind = 'nominal'"), ("nominals", ""), ("subject_aliases", "")):
            result = s.execute(text(f"SELECT * FROM {table}{where} ORDER BY id"))
            tables[table] = (list(result.keys()), [tuple(r) for r in result])
    with target.engine.connect() as conn:
        raw = conn.connection.driver_connection

        def insert():
            raw.execute("BEGIN IMMEDIATE")
            cur = raw.cursor()
            for table, (cols, rows) in tables.items():
                if bulk:
                    from rocta_desktop.store import bulk as store_bulk
                    store_bulk.insert(conn, table, cols, rows)
                else:
                    cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                    rows)
            cur.close()
            raw.execute("COMMIT")
        seconds, _ = timed(insert)
    return seconds


def bench_export(folder: Path, subjects: int) -> list[Result]:
    from openpyxl import Workbook

    from rocta_desktop import demo
    from rocta_desktop.exchange.xlsx_export import write_report
    from rocta_desktop.services import returns
    from rocta_desktop.services.workspace import Workspace
    ws, _ = Workspace.create(folder / "export.rocta", USER, PASSWORD)
    try:
        made = subjects + subjects // 10  # about 5% of demo subjects are archived and left out of a return
        demo.generate(ws, groups=made // 10, nominals=made - made // 10 - (made // 50 + 5),
                      vulnerabilities=made // 50 + 5)
        gather, report_ = timed(lambda: ws.read(returns.build_return, period="2026", sections=("subjects",)))
    finally:
        ws.close()
    table = report_.tables[0]
    assert len(table.rows) >= subjects, f"the return has {len(table.rows):,} subjects, fewer than {subjects:,}"

    def raw():
        wb = Workbook(write_only=True)
        sheet = wb.create_sheet("Subjects")
        sheet.append([c.name for c in table.columns])
        for row in table.rows:
            sheet.append(row)
        wb.save(folder / "raw.xlsx")
    baseline = median_time(raw, 3)
    ours = median_time(lambda: write_report(report_, folder / "return.xlsx"), 3)
    return [Result(f"export return, {len(table.rows):,} subjects (write)", ours, baseline=baseline,
                   baseline_name="raw openpyxl write-only, same cells", target=1.5, target_is_ratio=True),
            Result("gather the return rows from the workspace", gather)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--subjects", type=int, default=10_000)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="rocta-bench-exchange-"))
    try:
        results = bench_import(folder, args.rows) + bench_export(folder, args.subjects)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if report("exchange", results) else 1


if __name__ == "__main__":
    sys.exit(main())
