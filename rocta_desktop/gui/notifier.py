"""Change notices as a Qt signal, and what each page of the main window hears of them."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from ..services.unit_of_work import ChangeSet


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


def merge_changes(first: Any, second: Any) -> ChangeSet:
    """Two notices as one. An area one of them changed wholesale (no records named for it, e.g.
    an import) stays wholesale: the records named for it by the other are dropped, so a view
    reloads that area rather than refreshing a few rows in place."""
    notices = [n for n in (first, second) if n is not None]
    areas: set[str] = set().union(*(set(n) for n in notices))
    records: set[tuple[str, int]] = set().union(*(set(getattr(n, "records", ())) for n in notices))
    wholesale = {a for n in notices for a in n if not any(r[0] == a for r in getattr(n, "records", ()))}
    return ChangeSet(areas, {r for r in records if r[0] not in wholesale})


class PageNotices(QObject):
    """The change notices one page of the main window hears, with the same `changed` signal as
    `ChangeNotifier`. Nothing refreshes inside the write that raised a notice (a save returns to
    its confirmation first):
    - while the page is on screen (`active`), notices reach it after the event loop returns,
      a burst of them as one;
    - while another page is on screen they are kept, merged, and delivered when it is shown
      (`set_active(True)`), before it is painted."""

    changed = Signal(object)

    def __init__(self, source: ChangeNotifier, parent: QObject | None = None):
        super().__init__(parent)
        self.active = False
        self.pending: ChangeSet | None = None
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.deliver)
        source.changed.connect(self._notice)

    def _notice(self, areas: Any) -> None:
        self.pending = merge_changes(self.pending, areas)
        if self.active:
            self._later.start()

    def set_active(self, active: bool) -> None:
        self.active = active
        if active:
            self.deliver()
        else:
            self._later.stop()

    def deliver(self) -> None:
        self._later.stop()
        if self.pending is None:
            return
        areas, self.pending = self.pending, None
        self.changed.emit(areas)
