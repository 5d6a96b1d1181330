"""Administration > Backups: back up now to a chosen file, the schedule and how many scheduled
backups to keep, and the scheduled backups held in the workspace folder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import clock
from ...domain.errors import RoctaError
from ...domain.tasking import RangeRule
from ...domain.users import Permission
from ...services import backup
from ...services import settings as app_settings
from ...services.permissions import allowed
from ..kit.dates import show_time
from ..prompts import Prompts
from ..tables import RecordTable
from ..widgets import busy


class BackupsTab(QWidget):
    def __init__(self, ws: Any, *, prompts: Prompts):
        super().__init__()
        self.ws, self.prompts = ws, prompts
        self.setAccessibleName("Backups")
        admin = allowed(ws.actor, Permission.MANAGE_USERS)
        intro = QLabel("A backup is one file holding the encrypted database and the key slots: it opens only with "
                       "a password or the recovery key. Keep copies away from this workstation.")
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.backup_button = QPushButton("Back up no&w...")
        self.backup_button.setObjectName("primary")
        self.backup_button.setAccessibleName("Back up now")
        self.interval = QSpinBox()
        self.interval.setRange(0, 365)
        self.interval.setSuffix(" days")
        self.interval.setSpecialValueText("never")
        self.interval.setAccessibleName("Scheduled backup every")
        self.retention = QSpinBox()
        self.retention.setRange(1, 100)
        self.retention.setAccessibleName("Scheduled backups to keep")
        self.save_button = QPushButton("Sa&ve settings")
        self.save_button.setAccessibleName("Save the backup schedule")
        for w in (self.backup_button, self.interval, self.retention, self.save_button):
            w.setEnabled(admin)
            if not admin:
                w.setToolTip("Only an administrator manages backups")
        self.idle = QSpinBox()
        self.idle.setRange(1, 120)
        self.idle.setSuffix(" minutes")
        self.idle.setAccessibleName("Lock the screen after")
        self.idle.setEnabled(admin)
        self.range_rule = QComboBox()
        for rule in RangeRule:
            self.range_rule.addItem(rule.label, rule)
        self.range_rule.setAccessibleName("Rank a result left as a range by")
        self.range_rule.setToolTip("How the priority list ranks a result that unknown answers leave across "
                                   "priorities (e.g. P4 to P1); such results are marked 'needs intelligence'")
        self.range_rule.setEnabled(admin)
        self.table = RecordTable("Scheduled backups", ["File", "Taken", "Size"])
        form = QFormLayout()
        form.addRow("&Lock the screen after, without input", self.idle)
        form.addRow("&Rank a result left as a range by", self.range_rule)
        form.addRow("Take a scheduled backup &every", self.interval)
        form.addRow("&Keep the newest", self.retention)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(self.backup_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(QLabel("Scheduled backups in the workspace folder (taken at sign-in when due):"))
        layout.addWidget(self.table, 1)
        self.backup_button.clicked.connect(lambda: self.back_up_now())
        self.save_button.clicked.connect(lambda: self.save_schedule())
        self.reload()

    def reload(self) -> None:
        self.idle.setValue(self.ws.read(app_settings.idle_minutes))
        self.range_rule.setCurrentIndex(self.range_rule.findData(self.ws.read(app_settings.range_rule)))
        plan = self.ws.read(backup.schedule)
        self.interval.setValue(plan["interval_days"])
        self.retention.setValue(plan["retention"])
        files = list(reversed(backup.scheduled_backups(self.ws)))
        self.table.fill([[f.name, show_time(dt.datetime.fromtimestamp(f.stat().st_mtime, dt.UTC)),
                          f"{f.stat().st_size / 1e6:.1f} MB"] for f in files], list(range(len(files))))

    def back_up_now(self, path: str | None = None) -> str | None:
        stamp = clock.local_now().strftime("%Y%m%d-%H%M")
        path = path or self.prompts.choose_save_file(self, "Back up the workspace",
                                                     f"{self.ws.name}-{stamp}{backup.SUFFIX}",
                                                     f"ROCTA backup (*{backup.SUFFIX})")
        if not path:
            return None
        try:
            with busy():
                info = backup.create_backup(self.ws, path)
        except (RoctaError, OSError) as exc:
            self.prompts.warning(self, "Backup", f"No backup was written: {exc}")
            return None
        self.prompts.information(self, "Backup", f"Backup written and verified:\n{info.path}\n"
                                                 f"({info.size / 1e6:.1f} MB)")
        return str(info.path)

    def save_schedule(self) -> None:
        try:
            self.ws.write("workspace.backup_schedule", backup.set_schedule, self.interval.value(),
                          self.retention.value())
            self.ws.write("workspace.idle_lock", app_settings.set_idle_minutes, self.idle.value())
            if self.range_rule.currentData() is not self.ws.read(app_settings.range_rule):
                self.ws.write("workspace.range_rule", app_settings.set_range_rule, self.range_rule.currentData())
        except RoctaError as exc:
            self.prompts.warning(self, "Backup schedule", str(exc))
            return
        self.reload()
