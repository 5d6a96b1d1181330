"""Change notices as a Qt signal."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal


class ChangeNotifier(QObject):
    """Turns the workspace's change notices into a Qt signal, so a notice raised on another thread
    reaches views on the GUI thread (queued), and views never call into each other."""

    changed = Signal(object)  # the set of areas changed (a ChangeSet)

    def __init__(self, ws: Any, parent: QObject | None = None):
        super().__init__(parent)

        def relay(areas: Any, notifier: ChangeNotifier = self) -> None:
            if shiboken6.isValid(notifier):  # a window destroyed without closing must not break writes
                notifier.changed.emit(areas)

        self._unsubscribe = ws.subscribe(relay)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
