"""What the shell keeps in QSettings: window geometry and recently used workspace FOLDERS.

Nothing sensitive goes here: no usernames, passwords, recovery keys or workspace content.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

RECENT_KEY = "recent/workspaces"
MAX_RECENT = 10


def _as_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # an INI file gives one entry back as a plain string
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def recent_workspaces() -> list[str]:
    return _as_list(QSettings().value(RECENT_KEY))


def remember_workspace(folder: str | Path) -> list[str]:
    """Put a folder at the top of the recent list."""
    path = str(Path(folder).resolve())
    items = [path] + [p for p in recent_workspaces() if p != path]
    items = items[:MAX_RECENT]
    QSettings().setValue(RECENT_KEY, items)
    return items


def forget_workspace(folder: str | Path) -> list[str]:
    path = str(folder)
    items = [p for p in recent_workspaces() if p != path]
    QSettings().setValue(RECENT_KEY, items)
    return items


def save_geometry(widget: QWidget, key: str) -> None:
    QSettings().setValue(f"{key}/geometry", widget.saveGeometry())


def restore_geometry(widget: QWidget, key: str) -> bool:
    value = QSettings().value(f"{key}/geometry")
    if isinstance(value, (QByteArray, bytes)) and value:
        return bool(widget.restoreGeometry(value))
    return False
