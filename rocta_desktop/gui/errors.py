"""What happens when something goes wrong in the GUI.

* A `RoctaError` (domain/services) carries a message an analyst can act on: show it, log nothing.
* Anything else is a defect: tell the user in plain words, and write the exception TYPES and the
  stack frames (file, line, function, code line) to a crash log in the platform's local app-data
  folder. Never the exception message: it may quote record content, SQL parameters or a password.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths

from ..domain import clock
from ..domain.errors import AccountEnded, RoctaError
from .prompts import Prompts

LOG_NAME = "rocta-desktop.log"
MAX_LOG_BYTES = 1_000_000


def sentence(text: str) -> str:
    """'the username or password is not correct' -> 'The username or password is not correct.'"""
    text = str(text).strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def log_dir() -> Path:
    """<AppLocalDataLocation>/logs (organisation and application names must be set first)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base) / "logs"


def describe_exception(exc_type: type[BaseException] | None, exc: BaseException | None,
                       tb: TracebackType | None) -> str:
    """The exception chain as types and stack frames only; messages are left out on purpose."""
    chain: list[tuple[type[BaseException] | None, TracebackType | None, str]] = []
    seen: set[int] = set()
    current, how = exc, ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((type(current), current.__traceback__, how))
        if current.__cause__ is not None:
            current, how = current.__cause__, "The above was the direct cause of:"
        elif not current.__suppress_context__:
            current, how = current.__context__, "While handling the above, another exception happened:"
        else:
            current = None
    if not chain:
        chain = [(exc_type, tb, "")]
    lines: list[str] = []
    # Oldest first, as Python prints it; each link says how it led to the next.
    ordered = list(reversed(chain))
    for i, (etype, etb, _) in enumerate(ordered):
        if i:
            lines += ["", ordered[i - 1][2], ""]  # how the older exception led to this one
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in traceback.format_list(traceback.extract_tb(etb)))
        name = f"{etype.__module__}.{etype.__qualname__}" if etype else "unknown exception"
        lines.append(f"{name} (message not recorded)")
    return "\n".join(lines)


def write_crash_log(exc_type: type[BaseException] | None, exc: BaseException | None,
                    tb: TracebackType | None, directory: Path | None = None) -> Path:
    directory = Path(directory) if directory is not None else log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_NAME
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        path.replace(directory / (LOG_NAME + ".1"))
    stamp = clock.now().strftime("%Y-%m-%d %H:%M:%S UTC")
    entry = f"=== {stamp}\n{describe_exception(exc_type, exc, tb)}\n\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(entry)
    return path


class ExceptionHandler:
    """Installed as sys.excepthook: exceptions escaping a Qt slot arrive here."""

    def __init__(self, prompts: Prompts | None = None, log_directory: Path | None = None):
        self.prompts = prompts or Prompts()
        self.log_directory = log_directory
        self._busy = False
        self.last_log: Path | None = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if self._busy:  # failing while reporting a failure: do not loop
            sys.stderr.write(describe_exception(exc_type, exc, tb) + "\n")
            return
        self._busy = True
        try:
            if isinstance(exc, AccountEnded):
                return  # the shell signs the window out and says why (gui/shell.py)
            if isinstance(exc, RoctaError):
                self.prompts.warning(None, "ROCTA Desktop", sentence(str(exc)))
                return
            try:
                self.last_log = write_crash_log(exc_type, exc, tb, self.log_directory)
                where = f"Technical details (no record content) were written to:\n{self.last_log}"
            except OSError:
                self.last_log = None
                where = "The technical details could not be written to the log folder."
            self.prompts.critical(
                None, "Unexpected problem",
                "ROCTA Desktop ran into an unexpected problem and could not finish what you asked.\n\n"
                "Changes are saved only when an action completes, so anything saved before is safe. "
                "If this happens again, tell your system administrator.",
                where)
        finally:
            self._busy = False


def install_excepthook(prompts: Prompts | None = None, log_directory: Path | None = None) -> ExceptionHandler:
    handler = ExceptionHandler(prompts, log_directory)
    sys.excepthook = handler
    return handler
