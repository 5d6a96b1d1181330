"""Application start-up, the excepthook and its crash log, and the PySide6/Python 3.11 regression."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel

from rocta_desktop.domain.errors import Conflict
from rocta_desktop.gui import app as gui_app
from rocta_desktop.gui.errors import ExceptionHandler, log_dir
from rocta_desktop.gui.style import ACCENT


def test_identity_is_set_before_settings_and_logs_live_in_app_data(qtbot):
    gui_app.create_application()
    assert QCoreApplication.organizationName() == "ROCTA"
    assert QCoreApplication.applicationName() == "ROCTA Desktop"
    assert QApplication.palette().highlight().color().name() == ACCENT  # the calm palette is applied
    assert log_dir().name == "logs" and "ROCTA Desktop" in str(log_dir())


def test_excepthook_logs_types_and_frames_never_messages(tmp_path, prompts):
    secret = "Sup3r-Secret-2026! and the surname KOWALSKI"
    handler = ExceptionHandler(prompts, log_directory=tmp_path / "logs")
    try:
        try:
            raise KeyError(secret)
        except KeyError as exc:
            raise ValueError(secret) from exc
    except ValueError:
        handler(*sys.exc_info())
    text = (tmp_path / "logs" / "rocta-desktop.log").read_text()
    assert "builtins.KeyError" in text and "builtins.ValueError" in text and "direct cause" in text
    assert "test_excepthook_logs_types_and_frames_never_messages" in text  # the frames are there
    assert "Sup3r-Secret" not in text and "KOWALSKI" not in text
    kind, _title, message = prompts.shown[-1]
    assert kind == "critical" and "unexpected problem" in message and str(tmp_path / "logs") in message
    assert "Sup3r-Secret" not in message


def test_excepthook_shows_a_user_facing_error_without_logging_it(tmp_path, prompts):
    handler = ExceptionHandler(prompts, log_directory=tmp_path / "logs")
    try:
        raise Conflict("OCG-0001 is archived; reinstate it before editing")
    except Conflict:
        handler(*sys.exc_info())
    assert prompts.shown[-1] == ("warning", "ROCTA Desktop", "OCG-0001 is archived; reinstate it before editing.")
    assert not (tmp_path / "logs").exists()


def test_build_shows_the_start_screen_on_the_given_folder(qtbot, monkeypatch, workspace, ws_path, prompts):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # build installs its own; put the old one back
    _app, shell, handler = gui_app.build(ws_path, prompts=prompts)
    qtbot.addWidget(shell.start)
    assert shell.start.isVisible() and shell.start.folder == ws_path.resolve()
    assert sys.excepthook is handler


_MAIN_SMOKE = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
import rocta_desktop.gui.app as gui_app
from rocta_desktop.gui.start_window import StartWindow

def look_and_quit():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow) and w.isVisible()]
    print("START", len(shown), shown[0].folder if shown else None, flush=True)
    QApplication.quit()

real_build = gui_app.build
def build(*args, **kwargs):  # the real start-up, then a look once the event loop runs
    built = real_build(*args, **kwargs)
    QTimer.singleShot(0, look_and_quit)
    return built

gui_app.build = build
from rocta_desktop.__main__ import main
sys.exit(main(["-platform", "offscreen", sys.argv[1]]))
"""


def test_python_m_rocta_desktop_starts_on_the_start_screen(tmp_path, workspace, ws_path):
    """The real entry point, in its own process (an event loop that has run and quit cannot be reused
    by later tests in this one), with its settings in a temp folder."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _MAIN_SMOKE, str(ws_path), str(tmp_path / "settings")],
                         capture_output=True, text=True, timeout=30, env=env, check=False, cwd=Path(__file__).parents[2])
    assert out.returncode == 0, out.stderr
    assert f"START 1 {ws_path.resolve()}" in out.stdout


def test_many_none_returning_calls_do_not_crash(qtbot):
    """PySide6 6.12.0 on Python 3.11 died with `Fatal Python error: none_dealloc` after a few
    thousand calls of a method returning None; 6.11.3 is pinned. This loop must finish."""
    label = QLabel()
    qtbot.addWidget(label)
    start = time.perf_counter()
    for i in range(200_000):
        label.setText("x" if i % 2 else "y")
    assert label.text() == "x"
    assert time.perf_counter() - start < 20


def test_the_start_screen_needs_no_database_layer_and_preloads_it_after():
    """The sign-in screen shows before SQLAlchemy, Alembic and the main window are loaded (a
    quicker cold start); the preload thread then loads them while the person types."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from rocta_desktop.gui.app import PRELOAD, preload_in_background, set_identity\n"
        "from rocta_desktop.gui.shell import Shell\n"
        "set_identity(); shell = Shell(); shell.show(); app.processEvents()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'rocta_desktop.gui.main_window') if m in sys.modules))\n"
        "preload_in_background().join()\n"
        "print(all(m in sys.modules for m in PRELOAD))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "True"]


def test_smoke_flag_reports_the_sign_in_screen_and_quits(tmp_path):
    """`--smoke-exit-after-start` (hidden; the bundle test starts the frozen GUI with it) shows the start
    screen, says so and exits 0."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "rocta_desktop", "--smoke-exit-after-start"], capture_output=True,
                         text=True, timeout=60, env=env, check=False, cwd=Path(__file__).parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "sign-in screen shown"
    assert "smoke" not in subprocess.run([sys.executable, "-m", "rocta_desktop", "--help"], capture_output=True,
                                         text=True, timeout=60, env=env, check=False).stdout
