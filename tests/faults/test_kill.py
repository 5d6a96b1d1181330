"""Kill the process (SIGKILL) at random points during an import, an assessment approval and a
backup, many times: the workspace always opens afterwards, passes verification, and holds either
all or none of each interrupted operation.

Marked slow (about a minute): run with `./dev.sh test -m slow tests/faults`. The figures (kills,
checks, data lost) are printed for the closing note.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from rocta_desktop.services import backup, maintenance, reference_data, registers, users
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import Force
from tests.faults.worker import PASSWORD

KILLS_PER_OPERATION = int(os.environ.get("ROCTA_FAULT_KILLS", "12"))


def make_region(folder: Path) -> Path:
    path = folder / "faults.rocta"
    ws, _ = Workspace.create(path, "admin", PASSWORD)
    with ws.operation("setup") as uow:
        users.add_user(uow, "sam", PASSWORD, "supervisor")
        reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "local"})
    ws.close()
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Nominals")
    sheet.append(["Surname", "Forenames", "Force"])
    for i in range(400):
        sheet.append([f"Person{i:04d}x", "Alex", "NMP"])
    wb.save(folder / "nominals.xlsx")
    return path


def state(path: Path) -> dict[str, int]:
    with Workspace.open(path, "admin", PASSWORD) as ws:
        checks = maintenance.verify(ws)
        failed = [c.name for c in checks if not c.ok]
        with ws.reader() as s:
            nominals = s.execute(text("SELECT count(*) FROM subjects WHERE kind = 'nominal'")).scalar()
            created = [n for (n,) in s.execute(text(
                "SELECT json_array_length(json_extract(changes, '$.created')) FROM audit_events "
                "WHERE action = 'import.nominals'"))]
            approved = s.execute(text("SELECT count(*) FROM assessments WHERE status = 'approved'")).scalar()
            approvals = s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'assessment.approve'")).scalar()
            orphans = s.execute(text("SELECT count(*) FROM nominals n LEFT JOIN subjects s ON s.id = n.id "
                                     "WHERE s.id IS NULL")).scalar()
    return {"failed_checks": len(failed), "nominals": nominals, "imported": sum(created),
            "partial_imports": sum(1 for n in created if n not in (0, 400)), "approved": approved,
            "approvals": approvals, "orphans": orphans}


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["import", "approve", "backup"])
def test_sigkill_never_loses_or_half_writes(tmp_path, operation):
    path = make_region(tmp_path)
    rng = random.Random(operation)
    env = {**os.environ, "ROCTA_KDF_COST": "test", "PYTHONPATH": str(Path.cwd())}
    for kill in range(KILLS_PER_OPERATION):
        proc = subprocess.Popen([sys.executable, "-m", "tests.faults.worker", str(path), operation],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.05, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        s = state(path)
        assert s["failed_checks"] == 0, (kill, s)
        assert s["orphans"] == 0
        assert s["nominals"] == s["imported"] and s["partial_imports"] == 0, (kill, s)  # whole, or not at all
        assert s["approved"] == s["approvals"], (kill, s)          # an approval and its audit event together
        for f in tmp_path.glob("*.roctabackup"):                   # every backup file that exists is complete
            backup.verify_backup(f)
    assert not list(tmp_path.glob("*.partial")) or operation == "backup"
    print(f"\n{operation}: {KILLS_PER_OPERATION} kills, workspace verified after each, data lost: 0, {s}")
