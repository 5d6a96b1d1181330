"""Printed reports.

    python -m bench.bench_reports [--groups 200 --nominals 2000]

Figure: the assessment pack of one subject (gather from the workspace + build the PDF), median of 5,
on a demo region with assessments. Target < 1 s. Baseline (same run): reportlab building the same
tables without the chart, the cover or the marking decoration.
Results: bench/results/reports.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

from bench.common import Result, median_time, report

USER, PASSWORD = "admin", "Bench-password-2026"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=200)
    ap.add_argument("--nominals", type=int, default=2000)
    args = ap.parse_args(argv)
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate
    from sqlalchemy import text

    from rocta_desktop import demo
    from rocta_desktop.demo import assessments as demo_assessments
    from rocta_desktop.exchange.pdf.common import styles, table
    from rocta_desktop.exchange.pdf.pack import build_pack
    from rocta_desktop.services import reports, users
    from rocta_desktop.services.workspace import Workspace
    folder = Path(tempfile.mkdtemp(prefix="rocta-bench-reports-"))
    try:
        ws, _ = Workspace.create(folder / "r.rocta", USER, PASSWORD)
        with ws.operation("bench") as uow:
            users.add_user(uow, "supervisor", PASSWORD, "supervisor")
        demo.generate(ws, groups=args.groups, nominals=args.nominals)
        with Workspace.open(folder / "r.rocta", "supervisor", PASSWORD) as sup:
            demo_assessments.generate(ws, sup, groups=60)
        subject = ws.read(lambda s: s.execute(text(
            "SELECT subject_id FROM assessments WHERE status = 'approved' ORDER BY id LIMIT 1")).scalar())

        def pack():
            data = ws.read(reports.assessment_pack, subject)
            build_pack(data, folder / "pack.pdf", produced_by="bench")
            return data
        figure = median_time(pack, 5)
        data = pack()

        def baseline():
            st = styles()
            story = []
            for _method, r in data.results.items():
                scheme = r["scheme_obj"]
                story.append(table(["Step", "Working"], [[s.title, s.text] for s in r["result"].steps], None, st))
                story.append(table(["Factor", "Value"], [[f.title, str(r["result"].values[f.id])]
                                                        for f in scheme.factors], None, st))
            for section in data.sections:
                if section.rows:
                    story.append(table(section.headers, section.rows, None, st))
            SimpleDocTemplate(str(folder / "plain.pdf"), pagesize=A4).build(story)
        base = median_time(baseline, 5)

        from rocta_desktop.exchange.pdf.reports import build_tcg

        def tcg():
            pack = ws.read(reports.tcg_pack, top=50)
            build_tcg(pack, folder / "tcg.pdf", produced_by="bench")
            return pack
        tcg_time = median_time(tcg, 3)
        pack = tcg()

        def tcg_baseline():
            st = styles()
            story = [table(s.headers, s.rows, None, st) for s in (pack.priority, pack.changes, pack.decisions,
                                                                   pack.capacity, pack.unowned) if s.rows]
            for sub in pack.subjects:
                for r in sub.results.values():
                    story.append(table(["Step", "Working"], [[x.title, x.text] for x in r["result"].steps], None, st))
                story += [table(x.headers, x.rows, None, st) for x in sub.sections if x.rows]
            SimpleDocTemplate(str(folder / "plain-tcg.pdf"), pagesize=A4).build(story)
        tcg_base = median_time(tcg_baseline, 3)
        subjects = len(pack.subjects)
        ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if report("reports", [
        Result("assessment pack, one subject (gather + PDF)", figure, baseline=base,
               baseline_name="reportlab, same tables, no chart/cover/markings", target=1.0),
        Result(f"T&CG pack, {subjects} subject packs (gather + PDF)", tcg_time, baseline=tcg_base,
               baseline_name="reportlab, same tables, no charts/cover/markings", target=10.0)]) else 1


if __name__ == "__main__":
    sys.exit(main())
