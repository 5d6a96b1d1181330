"""Speed a user feels, through the real main window on the big demo workspace (10,000 groups,
100,000 nominals, with assessments, tasking, impact and intel made by the demo services; the same
workspace `bench_home` builds).

    python -m bench.bench_gui [--groups 10000 --nominals 100000] [--workspace PATH]

Targets (issue 22), each against a baseline measured in the same run:
1. Saving a record: the record editor opened from the Nominals register (the window has the
   register pages and the dashboard open), one field changed, Save clicked, until the dialog has
   closed. Target < 150 ms. The other pages refresh after that, off the click.
2. Submitting an assessment: the wizard, every factor answered, "Submit for approval" clicked,
   until the wizard has closed. Target < 150 ms.
3. Sign-in to the dashboard: Workspace.open + the main window built and its dashboard painted.
   Target <= 2x Workspace.open alone (the baseline).
Also printed (info): how long after the confirmation the visible page has caught up (the event loop
idle again), i.e. the refresh the user no longer waits for, the longest single pass of the event
loop meanwhile (how long the window could not answer a click: reads on workers do not count, work
on the GUI thread does), and how long after sign-in the dashboard's counts (read on a worker
thread once it is painted) are in.
Results: bench/results/gui.json (format in bench/common.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_home import PASSWORD, build
from bench.common import Result, on_demo_workspace, report

USER = "analyst"  # made by bench_home's build; analysts edit records and submit assessments
RUNS = 5


def main(argv: list[str] | None = None) -> int:
    return on_demo_workspace(argv, build, run, "rocta-bench-gui-")


#: the longest single pass of the event loop seen by `_settle` since it was last reset: how long
#: the window could not respond to a click or a key while pages caught up after a write
STALLS: list[float] = [0.0]


def _settle(app: Any, until: Any = None, timeout: float = 30.0) -> float:
    """Run the event loop until nothing is left to do (and `until()` holds); the time it took."""
    from PySide6.QtCore import QThreadPool
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        t1 = time.perf_counter()
        app.processEvents()
        STALLS[0] = max(STALLS[0], time.perf_counter() - t1)
        if (until is None or until()) and QThreadPool.globalInstance().activeThreadCount() == 0:
            app.processEvents()
            break
        time.sleep(0.002)
    return time.perf_counter() - t0


def _click(widget: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _prompts() -> Any:
    """Messages printed, never a modal box (nothing may wait for a click that never comes)."""
    from rocta_desktop.gui.prompts import Prompts

    class Printed(Prompts):
        def information(self, parent: Any, title: str, text: str) -> None:
            print(f"[{title}] {text}", file=sys.stderr)

        warning = information

        def critical(self, parent: Any, title: str, text: str, details: str | None = None) -> None:
            print(f"[{title}] {text} {details or ''}", file=sys.stderr)

        def question(self, parent: Any, title: str, text: str, **_kw: Any) -> bool:
            print(f"[{title}?] {text} -> no", file=sys.stderr)
            return False

    return Printed()


def _answer_everything(wizard: Any) -> None:
    """Every factor on every section page answered through its own widgets (the first level, or
    'none of these', or zero)."""
    for page in wizard.section_pages:
        for w in page.factors:
            group = getattr(w, "group", None)
            if group is not None and group.buttons():
                group.buttons()[0].setChecked(True)
            elif getattr(w, "none_box", None) is not None:
                w.none_box.setChecked(True)
            elif getattr(w, "spin", None) is not None:
                w.spin.setValue(0)


def run(path: Path, nominals: int) -> bool:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWizard

    QCoreApplication.setOrganizationName("ROCTA bench")  # the bench's own settings, not a user's
    QCoreApplication.setApplicationName(f"bench-gui-{os.getpid()}")
    app = QApplication.instance() or QApplication([])
    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.gui.assessments.wizard import AssessmentWizard
    from rocta_desktop.gui.main_window import MainWindow
    from rocta_desktop.gui.style import apply_style
    from rocta_desktop.services import assessments, registers
    from rocta_desktop.services.workspace import Workspace
    apply_style(app)
    prompts = _prompts()
    results: list[Result] = []

    # ---- sign-in to the dashboard painted, against Workspace.open alone (alternating, same run)
    opens, signins, complete = [], [], []
    Workspace.open(path, USER, PASSWORD).close()  # warm the file cache for both alike
    for _ in range(3):
        t0 = time.perf_counter()
        Workspace.open(path, USER, PASSWORD).close()
        opens.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ws = Workspace.open(path, USER, PASSWORD)
        window = MainWindow(ws, prompts=prompts)
        window.show()
        window.pages["dashboard"].repaint()
        app.processEvents()
        signins.append(time.perf_counter() - t0)
        _settle(app, lambda w=window: not w.pages["dashboard"].loading)
        complete.append(time.perf_counter() - t0)
        window.close_for_shell()
        ws.close()
        app.processEvents()
    results.append(Result(f"sign-in to dashboard painted ({nominals:,} nominals)", statistics.median(signins),
                          baseline=statistics.median(opens), baseline_name="Workspace.open alone",
                          target=2.0, target_is_ratio=True))
    results.append(Result("  ... until its counts are in (read on a worker after the paint)",
                          statistics.median(complete), baseline=statistics.median(opens),
                          baseline_name="Workspace.open alone"))

    # ---- the window open on the register pages and the dashboard, as an analyst works
    ws = Workspace.open(path, USER, PASSWORD)
    window = MainWindow(ws, prompts=prompts)
    window.show()
    try:
        for area in ("groups", "nominals", "vulnerabilities", "assessments", "tasking", "dashboard", "nominals"):
            window.go_to(area)
            _settle(app, lambda area=area: not getattr(getattr(window.pages[area], "view", None), "loading", False))
        page = window.pages["nominals"]
        ids = [page.view.model.record_id(r) for r in range(10, 10 + RUNS)]

        saves, caught_up, stalls = [], [], []
        for i, record_id in enumerate(ids):
            editor = page.open_record(record_id)
            _settle(app)
            field = editor.widgets["notes"] if "notes" in editor.widgets else editor.widgets["name"]
            text = f"Bench note {i} {time.perf_counter():.0f}"
            if hasattr(field, "setPlainText"):
                field.setPlainText(text)
            else:
                field.setText(text)
            t0 = time.perf_counter()
            _click(editor.save_button)
            assert not editor.isVisible(), editor.form_error.text()
            saves.append(time.perf_counter() - t0)
            STALLS[0] = 0.0
            _settle(app)
            caught_up.append(time.perf_counter() - t0)
            stalls.append(STALLS[0])
        results.append(Result("save a record: Save clicked until the editor closed", statistics.median(saves),
                              target=0.150))
        results.append(Result("  ... until the visible register has caught up (after the close)",
                              statistics.median(caught_up)))
        results.append(Result("  ... the longest the window did not respond meanwhile (one event-loop pass)",
                              statistics.median(stalls)))

        window.go_to("dashboard")
        _settle(app)
        groups = ws.read(registers.register_rows, SubjectKind.GROUP, first=2000).ids
        fresh = [g for g in groups[200:] if not ws.read(assessments.listing, subject_id=g)][:RUNS]  # none open yet
        submits, caught_up, stalls = [], [], []
        for gid in fresh:
            wizard = AssessmentWizard(ws, subject_id=gid, parent=window, prompts=prompts)
            wizard.show()
            scheme = next(iter(wizard.page(0).choices.values()))
            scheme.setChecked(True)
            _click(wizard.button(QWizard.WizardButton.CommitButton))
            _answer_everything(wizard)
            while wizard.currentPage() is not wizard.review:
                wizard.next()
            _settle(app)
            t0 = time.perf_counter()
            _click(wizard.button(QWizard.WizardButton.FinishButton))
            assert not wizard.isVisible(), "the wizard did not submit"
            submits.append(time.perf_counter() - t0)
            STALLS[0] = 0.0
            _settle(app)
            caught_up.append(time.perf_counter() - t0)
            stalls.append(STALLS[0])
            wizard.deleteLater()
        results.append(Result("submit an assessment: Submit clicked until the wizard closed",
                              statistics.median(submits), target=0.150))
        results.append(Result("  ... until the dashboard has caught up (after the close)", statistics.median(caught_up)))
        results.append(Result("  ... the longest the window did not respond meanwhile (one event-loop pass)",
                              statistics.median(stalls)))
    finally:
        window.close_for_shell()
        ws.close()
    return report("gui", results)


if __name__ == "__main__":
    sys.exit(main())
