"""Screenshots of every main screen, and a check for text that does not fit its widget.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.screens_tool [--out /tmp/screens]
        [--workspace PATH] [--sizes 1180x740,1920x1080]

Builds (or reuses) a demo workspace like `rocta demo` (200 groups, 2,000 nominals, with the demo
assessments, tasking, impact and intel), opens the main window at each size and saves a PNG of
every area in `main_window.AREAS` (each tab of an area with tabs), then of the record editor
(a group and a nominal), the assessment wizard, the supervisor's review, a T&CG meeting, the
assessment pack preview and the start window (at its default and its smallest size), and the whole
of the dashboard (it scrolls: `<width>-dashboard-all.png`). Prints every piece of text that is clipped
(`clipped_text`) and exits 1 if there is any; it also lists the tables that scroll sideways
(`sideways`: a column left off screen), which do not change the exit status.

`clipped_text(root)` and `sideways(root)` are also what tests/gui/test_clipping.py runs over the main
areas (and tabs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ROCTA_KDF_COST", "test")

from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTableView,
    QWidget,
)

from rocta_desktop.gui.prompts import Prompts

PASSWORD = "Screens-password-2026"
SIZES = ((1180, 740), (1920, 1080))


# ------------------------------------------------------------------ the clipped-text check

def _plain(text: str) -> str:
    """The text as drawn: mnemonics ('&&' is one ampersand) removed."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _button_room(button: QPushButton, advance: int) -> int:
    """The width the button needs for its text and icon (its style's padding, no minimum width)."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    wide = 1000
    padding = button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option,
                                              QSize(wide, 10), button).width() - wide
    icon = 0 if button.icon().isNull() else button.iconSize().width() + 4
    menu = 0 if button.menu() is None else button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator,
                                                                      option, button)
    return advance + icon + menu + padding


def clipped_text(root: QWidget) -> list[str]:
    """Every label, button, check box, radio button and tab under `root` (visible, not wrapped or
    elided) whose text is wider than the room it has, described as 'Class "text" needs N px, has M'."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w):
            continue
        if isinstance(w, QLabel):
            text = w.text()
            if (not text or w.wordWrap() or not w.pixmap().isNull()
                    or w.textFormat() == Qt.TextFormat.RichText
                    or (w.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))):
                continue
            fm = w.fontMetrics()
            line = max(_plain(text).split("\n"), key=fm.horizontalAdvance)
            need = fm.horizontalAdvance(line)
            room = w.contentsRect().width() - 2 * max(w.margin(), 0) - max(w.indent(), 0)
            if need > room + 1:
                found.append(f"QLabel {w.accessibleName() or w.objectName()!r} \"{text}\" needs {need} px, has {room}")
        elif isinstance(w, QPushButton):
            text = _plain(w.text())
            if not text:
                continue
            need = _button_room(w, w.fontMetrics().horizontalAdvance(text))
            if need > w.width() + 1:
                found.append(f"QPushButton \"{text}\" needs {need} px, has {w.width()}")
        elif isinstance(w, (QCheckBox, QRadioButton)):
            text = _plain(w.text())
            if text and w.sizeHint().width() > w.width() + 1:
                found.append(f"{type(w).__name__} \"{text}\" needs {w.sizeHint().width()} px, has {w.width()}")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if not w.isTabVisible(i):
                    continue
                need, room = w.tabSizeHint(i).width(), w.tabRect(i).width()
                horizontal = w.shape() in (QTabBar.Shape.RoundedNorth, QTabBar.Shape.RoundedSouth,
                                           QTabBar.Shape.TriangularNorth, QTabBar.Shape.TriangularSouth)
                if horizontal and need > room + 1:
                    found.append(f"QTabBar tab \"{_plain(w.tabText(i))}\" needs {need} px, has {room}")
    return found


def sideways(root: QWidget) -> list[str]:
    """Every table under `root` (visible) whose columns are wider than its viewport: it scrolls
    sideways, and what is off screen is clipped. 'Table "name" needs N px, has M'."""
    found = []
    for table in [w for w in [root, *root.findChildren(QTableView)] if isinstance(w, QTableView)]:
        if not _shown(table) or not table.horizontalHeader().count():
            continue
        need, room = table.horizontalHeader().length(), table.viewport().width()
        if need > room:
            found.append(f"Table {table.accessibleName() or table.objectName()!r} needs {need} px, has {room}")
    return found


# ------------------------------------------------------------------ the screens

class NoBoxes(Prompts):
    """Messages printed, questions answered no: nothing waits for a click that never comes."""

    def information(self, parent: Any, title: str, text: str) -> None:
        print(f"[{title}] {text}", file=sys.stderr)

    warning = information

    def critical(self, parent: Any, title: str, text: str, details: str | None = None) -> None:
        print(f"[{title}] {text}", file=sys.stderr)

    def question(self, parent: Any, title: str, text: str, **_kw: Any) -> bool:
        return False


def settle(app: QApplication, seconds: float = 15.0) -> None:
    """Let background reads finish and the event loop go quiet."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        app.processEvents()
        if QThreadPool.globalInstance().activeThreadCount() == 0:
            for _ in range(3):
                app.processEvents()
            return
        time.sleep(0.01)


def build_demo(path: Path) -> None:
    from rocta_desktop import cli
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = path.parent / "password.txt"
    secret.write_text(PASSWORD)
    code = cli.main(["demo", str(path), "--groups", "200", "--nominals", "2000", "--password-file", str(secret)])
    if code:
        raise SystemExit(f"rocta demo failed ({code})")


def areas(window: Any, app: QApplication) -> Iterator[tuple[str, QWidget]]:
    """Each area of the main window on screen in turn (and each tab of an area that has tabs)."""
    from PySide6.QtWidgets import QTabWidget

    from rocta_desktop.gui.main_window import AREAS
    for area in AREAS:
        if not window.go_to(area.key):
            continue
        settle(app)
        page = window.pages[area.key]
        tabs = getattr(page, "tabs", None)
        if not isinstance(tabs, QTabWidget):
            yield area.key, window
            continue
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            settle(app)
            yield f"{area.key}-{i}-{_plain(tabs.tabText(i)).lower().replace(' ', '-')}", window
        tabs.setCurrentIndex(0)


def dialogs(window: Any, ws: Any, app: QApplication) -> Iterator[tuple[str, QWidget]]:
    """The record editor, wizard, review, T&CG meeting and pack preview, each opened as the user does."""
    from PySide6.QtWidgets import QWizard

    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.gui.assessments.review import ReviewDialog
    from rocta_desktop.gui.assessments.wizard import AssessmentWizard
    from rocta_desktop.gui.kit.preview import pack_preview
    from rocta_desktop.services import assessments, registers, tasking
    from rocta_desktop.store.models import AssessmentStatus

    groups = ws.read(registers.register_rows, SubjectKind.GROUP, first=50).ids
    nominals = ws.read(registers.register_rows, SubjectKind.NOMINAL, first=50).ids
    assessed = [a for a in ws.read(assessments.listing) if a.get("subject_id") in set(groups)] or []
    group = assessed[0]["subject_id"] if assessed else groups[0]
    for name, kind, record in (("record-group", "groups", group), ("record-nominal", "nominals", nominals[0])):
        window.go_to(kind)
        editor = window.open_record(SubjectKind.GROUP if kind == "groups" else SubjectKind.NOMINAL, record)
        settle(app)
        yield name, editor
        for i in range(1, editor.tabs.count()):
            editor.tabs.setCurrentIndex(i)
            settle(app)
            yield f"{name}-{i}-{_plain(editor.tabs.tabText(i)).lower().replace(' ', '-')}", editor
        editor.reject()
    window.go_to("dashboard")

    fresh = next(g for g in reversed(groups) if not ws.read(assessments.listing, subject_id=g))  # none open yet
    wizard = AssessmentWizard(ws, subject_id=fresh, parent=window, prompts=window.prompts)
    wizard.show()
    settle(app)
    yield "wizard-scheme", wizard
    next(iter(wizard.page(wizard.startId()).choices.values())).setChecked(True)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    settle(app)
    yield "wizard-section", wizard
    while wizard.currentPage() is not wizard.review:
        wizard.next()
    settle(app)
    yield "wizard-review", wizard
    wizard.dirty = False
    wizard.reject()

    submitted = ws.read(assessments.listing, statuses=(AssessmentStatus.SUBMITTED,))
    if submitted:
        review = ReviewDialog(ws, submitted[0]["id"], parent=window, prompts=window.prompts)
        review.show()
        settle(app)
        yield "review", review
        review.reject()

    meetings = ws.read(tasking.meetings)
    if meetings:
        window.go_to("tasking")
        settle(app)
        meeting = window.pages["tasking"].open_meeting(meetings[0]["id"])
        settle(app)
        yield "tcg-meeting", meeting
        meeting.reject()

    preview = pack_preview(ws, group, window.prompts, window)
    preview.show()
    settle(app)
    yield "pack-preview", preview
    preview.reject()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/screens"))
    ap.add_argument("--workspace", type=Path, help="reuse (or create) this demo workspace")
    ap.add_argument("--user", default="supervisor", help="who signs in (supervisor sees every dashboard section)")
    ap.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    path = args.workspace or out / "demo.rocta"
    if not path.exists():
        print(f"building the demo workspace {path}...", file=sys.stderr)
        build_demo(path)

    from PySide6.QtCore import QCoreApplication
    QCoreApplication.setOrganizationName("ROCTA screens")  # never a user's own settings
    QCoreApplication.setApplicationName(f"screens-{os.getpid()}")
    app = QApplication.instance() or QApplication([])
    from rocta_desktop.gui.main_window import MainWindow
    from rocta_desktop.gui.start_window import StartWindow
    from rocta_desktop.gui.style import apply_style
    from rocta_desktop.services.workspace import Workspace
    apply_style(app)

    problems: dict[str, list[str]] = {}
    scrolling: dict[str, list[str]] = {}

    def shoot(name: str, widget: QWidget) -> None:
        widget.grab().save(str(out / f"{name}.png"))
        clipped = clipped_text(widget)
        if clipped:
            problems[name] = clipped
        wide = sideways(widget)
        if wide:
            scrolling[name] = wide

    start = StartWindow()
    start.show()
    settle(app)
    shoot("start-window", start)
    start.resize(start.minimumSize())  # as small as it goes
    settle(app)
    shoot("start-window-smallest", start)
    start.close()

    ws = Workspace.open(path, args.user, PASSWORD)
    try:
        for n, size in enumerate(args.sizes.split(",")):
            width, height = (int(v) for v in size.split("x"))
            window = MainWindow(ws, prompts=NoBoxes())
            window.resize(width, height)
            window.show()
            settle(app)
            for name, widget in areas(window, app):
                shoot(f"{width}-{name}", widget)
                if name == "dashboard":  # all of it, below the fold too
                    body = window.pages["dashboard"].findChild(QScrollArea).widget()
                    body.grab().save(str(out / f"{width}-dashboard-all.png"))
            if n == 0:  # the dialogs open at their own size, the same in every window size
                for name, widget in dialogs(window, ws, app):
                    shoot(name, widget)
            window.close_for_shell()
            settle(app)
    finally:
        ws.close()
    for name, lines in problems.items():
        print(f"{name}:")
        for line in lines:
            print(f"    {line}")
    if scrolling:
        print("tables that scroll sideways:")
        for name, lines in scrolling.items():
            print(f"  {name}:")
            for line in lines:
                print(f"    {line}")
    print(f"{len(list(out.glob('*.png')))} screenshots in {out}; "
          f"{sum(map(len, problems.values()))} clipped texts on {len(problems)} screens; "
          f"{sum(map(len, scrolling.values()))} tables scroll sideways on {len(scrolling)} screens")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
