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
from ..ops import Op, Runner
from ..prompts import Prompts
from ..tables import RecordTable


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
        # a backup copies the whole database and verifies the file: it runs off the GUI thread, and
        # neither button can start another write meanwhile
        self.backups = Runner(self, ws, prompts=prompts, title="No backup was written",
                              buttons=[self.backup_button, self.save_button])
        self.backup_op: Op | None = None  # the last backup started (tests wait on it)
        self.ops = Runner(self, ws, prompts=prompts, title="Backup schedule", buttons=[self.save_button])
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

    def back_up_now(self, path: str | None = None) -> Op | None:
        """Write a verified backup to `path` (asked for when not given), in the background: the
        returned run says when it is done; the outcome is shown either way."""
        if self.backups.is_busy:
            return None
        stamp = clock.local_now().strftime("%Y%m%d-%H%M")
        path = path or self.prompts.choose_save_file(self, "Back up the workspace",
                                                     f"{self.ws.name}-{stamp}{backup.SUFFIX}",
                                                     f"ROCTA backup (*{backup.SUFFIX})")
        if not path:
            return None
        ws = self.ws

        def take() -> backup.BackupInfo:
            try:
                return backup.create_backup(ws, path)
            except OSError as exc:  # the disk said no: a failure to report, not a defect
                raise RoctaError(str(exc)) from exc

        self.backup_op = self.backups.run(take, background=True, then=self._backed_up)
        return self.backup_op

    def _backed_up(self, info: backup.BackupInfo) -> None:
        self.prompts.information(self, "Backup", f"Backup written and verified:\n{info.path}\n"
                                                 f"({info.size / 1e6:.1f} MB)")

    def save_schedule(self) -> bool:
        op = self.ops.write("workspace.backup_schedule", backup.set_schedule, self.interval.value(),
                            self.retention.value())
        if op.ok:
            op = self.ops.write("workspace.idle_lock", app_settings.set_idle_minutes, self.idle.value())
        if op.ok and self.range_rule.currentData() is not self.ws.read(app_settings.range_rule):
            op = self.ops.write("workspace.range_rule", app_settings.set_range_rule, self.range_rule.currentData())
        if not op.ok:
            return False  # said by the runner; a setting saved before the refused one stays saved
        self.reload()
        return True
