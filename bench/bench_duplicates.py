"""Duplicate candidates at scale (issue #21).

    python -m bench.bench_duplicates [--groups 10000 --nominals 100000] [--workspace PATH] [--incoming 10000]

On the big demo workspace (100,000 nominals), a force return of 10,000 people arrives: a third of
them people already held, written as returns write them (capitals, accents dropped or added, day and
month swapped, forename and surname swapped), the rest new. The return is imported, then the
duplicate candidates of the rows it created are found against every nominal held (what the import
screen and `rocta import` do after an import). Target: under 5 s. The blocking and comparison counts
are printed beside the figure: how many records, blocks and comparisons, against the pairs a
comparison of everything would have made.

Baseline (same run): a raw driver read of the columns matching uses (names, date of birth, aliases,
identifiers, memberships), the floor of any method that looks at every record.
Information: the same search over the whole workspace (every pair once), as `rocta duplicates` runs it.
Results: bench/results/duplicates.json (format in bench/common.py).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")  # sign-in is measured in bench_trust, not here

from bench.bench_registers import PASSWORD, USER, build
from bench.common import Result, median_time, on_demo_workspace, report, timed

INCOMING = 10_000
NEW_SURNAMES = ["Adeyemi", "Balogun", "Cheung", "Dragomir", "Eriksen", "Farouk", "Grabowski", "Haddad", "Ivanova",
                "Jankowska", "Karimi", "Lindqvist", "Moreau", "Nakamura", "Okonkwo", "Petrovic", "Quintero",
                "Rahimi", "Sokolov", "Tanaka", "Ulloa", "Vasquez", "Wojcik", "Yilmaz", "Zielinska"]
NEW_FORENAMES = ["Ade", "Bo", "Chen", "Dita", "Erik", "Farid", "Greta", "Hana", "Ivo", "Jana", "Kaveh", "Lars"]
ACCENTS = str.maketrans({"c": "ç", "s": "ş", "o": "ö", "u": "ü", "e": "é", "a": "á"})


def variant(rnd: random.Random, surname: str, forenames: str, dob: dt.date | None) -> tuple[str, str, dt.date | None]:
    """One held person as another force writes them: never exactly as held (an import skips a person
    already held under the same name and date of birth; these are the ones it cannot)."""
    how = rnd.randrange(4)
    if how == 0 and dob is not None and dob.day <= 12 and dob.day != dob.month:
        return surname.upper(), forenames, dt.date(dob.year, dob.day, dob.month)   # day and month swapped
    if how == 1 and forenames:
        return forenames, surname, dob                                              # names swapped
    cut = rnd.randrange(1, max(len(surname), 2))
    typo = surname[:cut] + surname[cut + 1:] if len(surname) > 3 else surname + "e"
    if how == 2:
        return typo, forenames, dob                                                 # a letter dropped
    return typo.translate(ACCENTS), forenames, dob                                  # and accents added


def make_return(path: Path, held: list[tuple[str, str, dt.date | None]], incoming: int, seed: int = 11) -> int:
    from openpyxl import Workbook
    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Nominals")
    sheet.append(["Surname", "Forename(s)", "D.O.B.", "Marking"])
    known = 0
    chosen = iter(rnd.sample(held, min(len(held), incoming // 3 + 1)))
    for i in range(incoming):
        if i % 3 == 0 and held:
            sheet.append([*variant(rnd, *next(chosen)), "OFFICIAL"])
            known += 1
        else:
            sheet.append([f"{rnd.choice(NEW_SURNAMES)}{'-' + rnd.choice(NEW_SURNAMES) if i % 5 == 0 else ''}",
                          rnd.choice(NEW_FORENAMES), dt.date(1950 + rnd.randrange(55), 1 + rnd.randrange(12),
                                                              1 + rnd.randrange(28)), "OFFICIAL"])
    wb.save(path)
    return known


def raw_read(path: Path) -> int:
    """The floor: every column matching looks at, read by the driver with no Python per row."""
    from rocta_desktop.services.workspace import Workspace
    with Workspace.open(path, USER, PASSWORD) as ws, ws.engine.connect() as conn:
        n = 0
        for sql in ("SELECT s.id, s.uuid, s.reference, s.name, s.status, s.marking, s.origin, n.surname, n.forenames, "
                    "n.date_of_birth FROM subjects s JOIN nominals n ON n.id = s.id",
                    "SELECT subject_id, alias FROM subject_aliases WHERE kind = 'alias'",
                    "SELECT nominal_id, kind, value FROM nominal_identifiers",
                    "SELECT group_id, nominal_id FROM group_members"):
            n += len(conn.exec_driver_sql(sql).fetchall())
        return n


def run(path: Path, incoming: int) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="rocta-bench-dupes-"))
    try:
        return _run(path, incoming, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(original: Path, incoming: int, folder: Path) -> bool:
    from sqlalchemy import text

    from rocta_desktop.exchange.xlsx_import import read_sheet
    from rocta_desktop.services import duplicates, imports
    from rocta_desktop.services.workspace import Workspace
    path = folder / "bench.rocta"   # the return goes into a copy: a reused demo workspace stays as built
    shutil.copytree(original, path)
    sheet = folder / "return.xlsx"
    with Workspace.open(path, USER, PASSWORD) as ws:
        held = [(r[0], r[1] or "", dt.date.fromisoformat(str(r[2])[:10]) if r[2] else None) for r in ws.read(
            lambda s: s.execute(text("SELECT surname, forenames, date_of_birth FROM nominals ORDER BY id")).all())]
    known = make_return(sheet, held, incoming * 6 // 5)   # some rows are held people exactly: skipped
    baseline = median_time(lambda: raw_read(path), 3)
    with Workspace.open(path, USER, PASSWORD) as ws:
        data = read_sheet(sheet)
        plan = ws.read(imports.plan_import, "nominals", data)
        # a row the same as an earlier one (a random name drawn twice) is left out: valid rows only
        imported_s, outcome = timed(lambda: ws.write("import.nominals", imports.commit, plan, valid_only=True))
        assert len(outcome.created) >= incoming, (len(outcome.created), plan.to_json()["problems"][:3])
        created = outcome.created[:incoming]
        seconds, found = timed(lambda: ws.read(duplicates.for_references, "nominal", created, limit=None))
        again = median_time(lambda: ws.read(duplicates.for_references, "nominal", created, limit=None), 3)
        whole_s, whole = timed(lambda: ws.read(duplicates.candidates, "nominal", limit=None))
    st = found["stats"]
    print(f"\nincoming {st['incoming']:,} against {st['records']:,} nominals ({known:,} of the incoming are held "
          f"people written differently): {st['blocks']:,} blocks (largest {st['largest_block']:,}, "
          f"{st['blocks_skipped']} too large to say anything skipped); {st['compared']:,} comparisons "
          f"instead of {st['all_pairs']:,} "
          f"({st['compared'] / max(st['all_pairs'], 1):.5%}); {st['pairs']:,} candidate pairs; "
          f"loading {st['seconds_loading']:.2f} s")
    ws_st = whole["stats"]
    print(f"whole workspace: {ws_st['compared']:,} comparisons instead of {ws_st['all_pairs']:,}; "
          f"{ws_st['pairs']:,} pairs")
    new = set(created)
    hit = sum(1 for p in found["pairs"] if (p["a"]["reference"] in new) != (p["b"]["reference"] in new))
    held_n = st["records"] - len(created)
    results = [
        Result(f"duplicate candidates, {len(created):,} incoming vs {held_n:,} nominals", seconds,
               baseline=baseline, baseline_name="raw driver read of every column matching uses", target=5.0),
        Result("  same, median of 3 more runs", again, baseline=baseline,
               baseline_name="raw driver read of every column matching uses", target=5.0),
        Result("  comparisons made (blocking)", float(st["compared"]), unit="n"),
        Result("  comparisons a full cross would make", float(st["all_pairs"]), unit="n"),
        Result("  candidate pairs of an incoming with a held record", float(hit), unit="n"),
        Result("  held people in the return, written differently", float(known), unit="n"),
        Result("import of the return (insert, audit, commit; information)", imported_s),
        Result("whole workspace, every pair once (rocta duplicates)", whole_s, baseline=baseline,
               baseline_name="raw driver read of every column matching uses"),
    ]
    return report("duplicates", results)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    incoming = INCOMING
    if "--incoming" in argv:
        i = argv.index("--incoming")
        incoming = int(argv[i + 1])
        del argv[i:i + 2]
    return on_demo_workspace(argv, build, lambda path, _n: run(path, incoming), "rocta-bench-dupes-")


if __name__ == "__main__":
    raise SystemExit(main())
