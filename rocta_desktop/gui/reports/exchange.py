"""Reports > Exchange: send a package to a partner workspace, open one from a partner (see what it
would change first), and settle the conflicts packages left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import RoctaError
from ...services import packages
from ..ops import Runner


def describe(report: dict[str, Any]) -> str:
    new = ", ".join(f"{n:,} {k}" for k, n in report["new"].items()) or "nothing new"
    return (f"Package {report['seq']} from {report['partner']} ({report['marking']}): {new}; "
            f"{sum(report['updated'].values()):,} updated; {report['unchanged']:,} unchanged; "
            f"{len(report['conflicts'])} conflicts for the queue; {len(report['likely_duplicates'])} likely duplicates "
            "(see Duplicates)."
            + "".join(f"\nMerge: {m}." for m in report.get("merges", []))
            + "".join(f"\nMerge not made: {m}." for m in report.get("merges_not_applied", [])))


class ExchangePanel(QWidget):
    """The body of the Exchange card on the Reports page."""

    def __init__(self, ws: Any, *, prompts: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.prompts = ws, prompts
        self.partner = QComboBox()
        self.partner.setAccessibleName("Partner workspace")
        self.send_button = QPushButton("&Send package...")
        self.send_button.setAccessibleName("Send a package to the partner")
        self.open_button = QPushButton("&Open package...")
        self.open_button.setAccessibleName("Open a package from a partner")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setAccessibleName("Exchange conflicts")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Package progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setAccessibleName("Exchange status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        partner_label = QLabel("Pa&rtner:")
        partner_label.setBuddy(self.partner)
        row.addWidget(partner_label)
        row.addWidget(self.partner, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.open_button)
        row.addWidget(self.conflicts_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.send_button.clicked.connect(lambda: self.send())
        self.open_button.clicked.connect(lambda: self.open())
        self.conflicts_button.clicked.connect(lambda: self.show_conflicts())
        # on the GUI thread (the progress bar is drawn as they go), the buttons off meanwhile
        buttons = [self.partner, self.send_button, self.open_button, self.conflicts_button]
        self.sending = Runner(self, ws, prompts=prompts, title="The package was not written", buttons=buttons)
        self.checking = Runner(self, ws, prompts=prompts, title="Open a package", buttons=buttons)
        self.importing = Runner(self, ws, prompts=prompts, title="Nothing was imported", buttons=buttons)
        self.refresh()

    def refresh(self) -> None:
        self.partner.clear()
        for p in self.ws.read(packages.partners):
            self.partner.addItem(f"{p['name']} (sent {p['last_sent']}, received {p['last_received']}; "
                                 f"up to {p['ceiling']})", p["workspace_id"])
        has = self.partner.count() > 0
        self.send_button.setEnabled(has)
        self.send_button.setToolTip("" if has else "Register a partner's card first (an administrator: rocta exchange "
                                                    "partner add)")
        n = len(self.ws.read(packages.conflicts))
        self.conflicts_button.setText(f"&Conflicts ({n})...")
        self.conflicts_button.setEnabled(n > 0)

    def _progress(self, what: str, fraction: float) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{what}... %p%")
        QApplication.processEvents()

    def send(self, path: str | None = None) -> dict[str, Any] | None:
        partner = self.partner.currentData()
        if partner is None:
            return None
        path = path or self.prompts.choose_save_file(self, "Send a package", "for-partner.roctapkg",
                                                     "Exchange package (*.roctapkg)")
        if not path:
            return None
        if not path.endswith(".roctapkg"):
            path += ".roctapkg"
        target = Path(path)

        def write() -> dict[str, Any]:
            try:
                return packages.export_package(self.ws, partner, target, progress=self._progress)
            except OSError as exc:  # the disk said no: a failure to report, not a defect
                raise RoctaError(str(exc)) from exc

        op = self.sending.run(write)
        self.progress.hide()
        if not op.ok:
            return None
        info = op.result
        counts = ", ".join(f"{n:,} {k}" for k, n in info["counts"].items() if n) or "nothing new"
        self.status.setText(f"Package {info['seq']} for {info['partner']} written to {Path(path).name} "
                            f"({info['marking']}; nothing above {info['ceiling']}): {counts}.")
        self.refresh()
        return info

    def open(self, path: str | None = None) -> dict[str, Any] | None:
        path = path or self.prompts.choose_file(self, "Open a package", "Exchange package (*.roctapkg)")
        if not path:
            return None
        source = Path(path)
        op = self.checking.run(lambda: packages.import_package(self.ws, source, dry_run=True).to_json())
        if not op.ok:
            return None
        preview = op.result
        if not self.prompts.question(self, "Import the package?", describe(preview) + "\n\nImport it now? (all or "
                                     "nothing; conflicts go to the queue)", yes="&Import", no="&Cancel"):
            return None
        op = self.importing.run(lambda: packages.import_package(self.ws, source).to_json())
        if not op.ok:
            return None
        done = op.result
        self.status.setText("Imported. " + describe(done))
        self.refresh()
        return done

    def show_conflicts(self) -> None:
        dialog = ConflictsDialog(self.ws, prompts=self.prompts, parent=self)
        try:
            self.prompts.run_dialog(dialog)
        finally:
            dialog.deleteLater()
        self.refresh()


class ConflictsDialog(QDialog):
    """Fields changed here and at a partner since the last exchange: keep ours or take theirs."""

    def __init__(self, ws: Any, *, prompts: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.prompts = ws, prompts
        self.setWindowTitle("Exchange conflicts")
        self.setAccessibleName("Exchange conflicts")
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName("Open conflicts")
        self.table.setHorizontalHeaderLabels(["Record", "Field", "Here", "From the partner", "By", "Partner"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep = QPushButton("&Keep ours")
        self.keep.setAccessibleName("Keep the value here")
        self.take = QPushButton("&Take theirs")
        self.take.setAccessibleName("Take the partner's value")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close conflicts")
        close.rejected.connect(self.reject)
        self.ops = Runner(self, ws, prompts=prompts, title="Exchange conflicts", buttons=[self.keep, self.take])
        row = QHBoxLayout()
        row.addWidget(self.keep)
        row.addWidget(self.take)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.keep.clicked.connect(lambda: self.settle("local"))
        self.take.clicked.connect(lambda: self.settle("incoming"))
        self.resize(900, 420)
        self.reload()

    def reload(self) -> None:
        self.rows = self.ws.read(packages.conflicts)
        self.table.setRowCount(0)
        for c in self.rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for col, value in enumerate([c["reference"], c["field"], c["local"], c["incoming"], c["incoming_by"],
                                         c["partner"]]):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setToolTip(item.text())
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.selectRow(0)

    def settle(self, take: str) -> bool:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            return False
        if not self.ops.write("exchange.conflict", packages.resolve_conflict, self.rows[row]["id"], take).ok:
            return False
        self.reload()
        return True

