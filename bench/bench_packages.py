"""Exchange packages between workspaces: export and import against same-run baselines.

    python -m bench.bench_packages [--subjects 10000|2000,10000] [--packages 10] [--nominals 100000]

Figures:
1. Export of a package of ~10,000 subjects with their assessments (collect, sign, encrypt, write,
   audit). Target: at most 2x the baseline, which is the raw read of the same rows (the driver,
   no ORM) plus age encryption of the same bytes.
2. Import of ten such packages (each 10,000 new subjects from a different sender) into a workspace
   of 100,000 nominals: per package, against the raw driver inserting the same subject rows into the
   same workspace (a copy). Target: at most 3x. The dry run is reported separately, and so is the
   scoring of likely duplicates that `import_package` runs after the commit (a read of its own).
Several sizes (`--subjects 2000,10000`) are measured one after the other, each with its own
workspaces.
Results: bench/results/packages.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

from bench.common import Result, report

USER, PASSWORD = "admin", "Bench-password-2026"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", default="10000",
                    help="subjects per package; several sizes with commas (e.g. 2000,10000), each measured apart")
    ap.add_argument("--packages", type=int, default=10)
    ap.add_argument("--nominals", type=int, default=100_000)
    args = ap.parse_args(argv)
    results: list[Result] = []
    for size in (int(x) for x in args.subjects.split(",")):
        results += run_size(size, args.packages, args.nominals)
    return 0 if report("packages", results) else 1


def run_size(subjects: int, count: int, nominals: int) -> list[Result]:
    from rocta_desktop.services import demo, packages
    from rocta_desktop.services.workspace import Workspace
    folder = Path(tempfile.mkdtemp(prefix="bench-packages-"))
    results: list[Result] = []
    try:
        print(f"building the receiving workspace ({nominals:,} nominals) and {count} senders of {subjects:,} "
              "subjects...", flush=True)
        target, _ = Workspace.create(folder / "target.rocta", USER, PASSWORD, prefix="ROCU")
        demo.generate(target, groups=nominals // 10, nominals=nominals, seed=1)
        card = target.write("c", packages.make_card)
        senders = []
        for i in range(count):
            ws, _ = Workspace.create(folder / f"s{i}.rocta", USER, PASSWORD, prefix=f"F{i:02d}")
            demo.generate(ws, groups=subjects // 10, nominals=subjects - subjects // 10 - 100,
                          vulnerabilities=100, seed=100 + i)
            ws.write("p", packages.add_partner, card, ceiling="SECRET")
            target.write("p", packages.add_partner, ws.write("c", packages.make_card), ceiling="SECRET")
            senders.append(ws)

        # 1. export, against the raw read of the same rows + the encryption of the same bytes
        first = senders[0]
        t0 = time.perf_counter()
        info = packages.export_package(first, target.workspace_id, folder / "p0.roctapkg")
        export_time = time.perf_counter() - t0
        raw = _raw_read(first)
        import pyrage
        payload = (folder / "p0.roctapkg").read_bytes()
        t0 = time.perf_counter()
        pyrage.encrypt(payload, [pyrage.x25519.Recipient.from_str(card["recipient"])])
        encrypt = time.perf_counter() - t0
        gather = _collect_time(first)
        n = info["counts"].get("subjects", 0)
        results.append(Result(f"export a package of {n:,} subjects", export_time, baseline=raw + encrypt,
                              baseline_name="raw read of the same rows + age encryption of the same bytes",
                              target=2.0, target_is_ratio=True))
        results.append(Result(f"  of which: collect the {n:,} subjects' records (information)", gather,
                              baseline=raw, baseline_name="raw read of the same rows"))
        for i, ws in enumerate(senders[1:], start=1):
            packages.export_package(ws, target.workspace_id, folder / f"p{i}.roctapkg")

        # 2. import the packages: dry run, then the real one (its transaction: checks, records, audit,
        # baselines, commit), against the raw insert of the same rows; then the scoring of likely
        # duplicates, a read after the commit (what `import_package` does next by default), timed apart
        dry, real, floor, scoring = [], [], [], []
        for i in range(len(senders)):
            path = folder / f"p{i}.roctapkg"
            t0 = time.perf_counter()
            packages.import_package(target, path, dry_run=True)
            dry.append(time.perf_counter() - t0)
            floor.append(_raw_insert(target, senders[i], folder / f"floor{i}.rocta"))
            t0 = time.perf_counter()
            got = packages.import_package(target, path, find_duplicates=False)
            real.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            packages.likely_duplicates(target, got)
            scoring.append(time.perf_counter() - t0)
            print(f"  package {i + 1}: import {real[-1]:.2f} s, dry run {dry[-1]:.2f} s, raw insert {floor[-1]:.2f} s, "
                  f"likely duplicates {scoring[-1]:.2f} s", flush=True)
        results.append(Result(f"import a package of {subjects:,} subjects into {nominals:,}+ nominals "
                              f"(median of {len(real)})", statistics.median(real), baseline=statistics.median(floor),
                              baseline_name="the raw driver inserting the same subject rows", target=3.0,
                              target_is_ratio=True))
        results.append(Result("  dry run of the same package (median)", statistics.median(dry),
                              baseline=statistics.median(floor), baseline_name="the same raw insert"))
        results.append(Result("  then: likely duplicates of its people and groups, scored (median)",
                              statistics.median(scoring)))
        for ws in (target, *senders):
            ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _collect_time(ws) -> float:
    """Gathering everything for a full package at the sender (the read inside the export)."""
    from rocta_desktop.bulk import no_cyclic_gc
    from rocta_desktop.services import packages
    with no_cyclic_gc():
        t0 = time.perf_counter()
        ws.read(packages.collect)
        return time.perf_counter() - t0


def _raw_read(ws) -> float:
    """The same rows read through the driver (subjects, their kind rows, aliases, identifiers)."""
    t0 = time.perf_counter()
    with ws.engine.connect() as conn:
        for sql in ("SELECT * FROM subjects", "SELECT * FROM nominals", "SELECT * FROM groups",
                    "SELECT * FROM vulnerabilities", "SELECT * FROM subject_aliases", "SELECT * FROM nominal_identifiers",
                    "SELECT * FROM group_members", "SELECT * FROM assessments"):
            conn.exec_driver_sql(sql).fetchall()
    return time.perf_counter() - t0


def _raw_insert(target, sender, copy: Path) -> float:
    """Copy the target as it is now, then insert the sender's subject rows into the copy with the raw driver."""
    from rocta_desktop.store.engine import connect_raw
    shutil.copytree(target.path, copy)
    with sender.engine.connect() as conn:
        subjects = conn.exec_driver_sql("SELECT kind, reference || 'x', name, name_norm, marking, status, created_at, "
                                        "updated_at, uuid || 'x', origin FROM subjects").fetchall()
        nominals = conn.exec_driver_sql("SELECT surname, forenames, date_of_birth, flags FROM nominals").fetchall()
    dst = connect_raw(copy / "workspace.db", target.key)
    try:
        start = dst.execute("SELECT max(id) FROM subjects").fetchone()[0] + 1
        t0 = time.perf_counter()
        dst.execute("BEGIN")
        dst.executemany("INSERT INTO subjects (id, kind, reference, name, name_norm, marking, status, created_at, "
                        "updated_at, uuid, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        [(start + i, *row) for i, row in enumerate(subjects)])
        dst.executemany("INSERT INTO nominals (id, surname, forenames, date_of_birth, flags) VALUES (?,?,?,?,?)",
                        [(start + i, *row) for i, row in enumerate(nominals)])
        dst.execute("COMMIT")
        elapsed = time.perf_counter() - t0
    finally:
        dst.close()
    shutil.rmtree(copy, ignore_errors=True)
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main())
