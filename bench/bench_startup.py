"""Start-up: cold start to the sign-in screen, and sign-in to the dashboard on a large workspace.

    python -m bench.bench_startup [--groups 10000 --nominals 100000]

Figures (same run):
1. Cold start: a new Python process until the sign-in screen is on screen (offscreen platform),
   median of 5. Target < 1.5 s. Baseline: a new process showing an empty Qt window. The start
   screen needs no database layer: SQLAlchemy, Alembic, the models and the main window load on a
   background thread once it is up (`gui.app.PRELOAD`), as in the application.
2. Sign-in to dashboard: Workspace.open (production key-derivation cost) + the main window built
   and its dashboard painted, on the demo workspace. Target < 1 s. Baseline: Workspace.open alone.
Also printed: which heavy modules (reportlab, openpyxl, calamine, PDFium) are loaded by then
(they should load only when first used).
Results: bench/results/startup.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result, report

USER, PASSWORD = "admin", "Bench-password-2026"
COLD = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
{body}
app.processEvents()
print(time.perf_counter() - t0)
{after}
"""
ROCTA_BODY = """
from rocta_desktop.gui.app import preload_in_background, set_identity
from rocta_desktop.gui.style import apply_style
from rocta_desktop.gui.shell import Shell
set_identity(); apply_style(app)
shell = Shell(); shell.show()
preload = preload_in_background()  # as `run` does: what sign-in needs loads while the screen is up
"""
PLAIN_BODY = """
from PySide6.QtWidgets import QWidget
w = QWidget(); w.show()
"""


def cold(body: str, after: str = "") -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD.format(body=body, after=after)], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results = [Result("cold start to the sign-in screen", cold(ROCTA_BODY, "preload.join()"), baseline=cold(PLAIN_BODY),
                      baseline_name="new process showing an empty Qt window", target=1.5)]
    folder = Path(tempfile.mkdtemp(prefix="rocta-bench-startup-"))
    try:
        os.environ["ROCTA_KDF_COST"] = "test"
        from rocta_desktop import demo
        from rocta_desktop.services.workspace import Workspace
        ws, _ = Workspace.create(folder / "big.rocta", USER, PASSWORD)
        demo.generate(ws, groups=args.groups, nominals=args.nominals)
        # re-wrap the admin's slot at the production cost: sign-in is measured as it really is
        os.environ.pop("ROCTA_KDF_COST")
        with ws.operation("bench") as uow:
            ws.keyfile.set_password(ws.key, USER, PASSWORD)
            uow.keyfile_changed()
        ws.close()
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance() or QApplication([])
        from rocta_desktop.gui.main_window import MainWindow
        opens, signins = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            w2 = Workspace.open(folder / "big.rocta", USER, PASSWORD)
            t1 = time.perf_counter()
            window = MainWindow(w2)
            window.show()
            app.processEvents()
            t2 = time.perf_counter()
            opens.append(t1 - t0)
            signins.append(t2 - t0)
            window.close_for_shell()
            w2.close()
        loaded = [m for m in ("reportlab", "openpyxl", "python_calamine", "pypdfium2") if m in sys.modules]
        results.append(Result(f"sign-in to dashboard ({args.nominals:,} nominals)", statistics.median(signins),
                              baseline=statistics.median(opens), baseline_name="Workspace.open alone", target=1.0))
        print(f"heavy modules loaded at the dashboard: {', '.join(loaded) or 'none'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if report("startup", results) else 1


if __name__ == "__main__":
    sys.exit(main())
