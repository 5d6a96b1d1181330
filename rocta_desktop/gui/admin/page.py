"""The Administration area of the main window: one tab per list (forces, agencies, units, users).

Each tab reloads itself when a change notice names its area (the audit type of the records a unit
of work touched: "force", "agency", "unit", "user"), whoever made the change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...domain.markings import Marking
from ..notifier import ChangeNotifier
from ..prompts import Prompts
from .accounts import UsersTab
from .reference import AGENCIES, FORCES, UNITS, ReferenceTab

#: Which tabs read which areas: units show their owning force and agency, so they follow those too.
_RELOAD_ON = {"forces": {"force"}, "agencies": {"agency"}, "units": {"unit", "force", "agency"}, "users": {"user"},
              "backups": {"backup"}, "audit": set()}


class AdministrationPage(QWidget):
    marking_changed = Signal(object)  # never emitted: nothing here is above OFFICIAL

    def __init__(self, ws: Any, notifier: ChangeNotifier | None, *, prompts: Prompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.title = "Administration"
        self.marking = Marking.OFFICIAL
        self.setAccessibleName("Administration page")

        heading = QLabel("Administration")
        heading.setObjectName("heading")
        intro = QLabel("Forces, partner agencies and units the registers and tasking refer to, and who may "
                       "sign in to this workspace.")
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.forces = ReferenceTab(ws, FORCES, prompts=self.prompts)
        self.agencies = ReferenceTab(ws, AGENCIES, prompts=self.prompts)
        self.units = ReferenceTab(ws, UNITS, prompts=self.prompts)
        self.users = UsersTab(ws, prompts=self.prompts)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Administration sections")
        self.tabs.setDocumentMode(True)
        for tab, kind in ((self.forces, FORCES), (self.agencies, AGENCIES), (self.units, UNITS)):
            self.tabs.addTab(tab, kind.title)
        self.tabs.addTab(self.users, "U&sers")
        from .backups import BackupsTab
        self.backups = BackupsTab(ws, prompts=self.prompts)
        self.tabs.addTab(self.backups, "&Backups")
        from .audit import AuditTab
        self.audit = AuditTab(ws, prompts=self.prompts)
        self.tabs.addTab(self.audit, "Aud&it trail")
        self._tabs = {"forces": self.forces, "agencies": self.agencies, "units": self.units, "users": self.users,
                      "backups": self.backups, "audit": self.audit}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)

        if notifier is not None:
            notifier.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        for tab in self._tabs.values():
            tab.reload()

    def _changed(self, areas: Any) -> None:
        areas = set(areas)
        for key, tab in self._tabs.items():
            if areas & _RELOAD_ON[key]:
                tab.reload()
