"""SIGKILL during the import of an exchange package: the workspace always opens, verifies, and holds
all of the package or none of it (marked slow: `./dev.sh test -m slow tests/faults`)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from rocta_desktop import demo
from rocta_desktop.services import maintenance, packages
from rocta_desktop.services.workspace import Workspace

PASSWORD = "Fault-tolerance-2026"
KILLS = int(os.environ.get("ROCTA_FAULT_KILLS", "12"))


@pytest.mark.slow
def test_sigkill_during_a_package_import_leaves_all_or_nothing(tmp_path):
    a, _ = Workspace.create(tmp_path / "a.rocta", "admin", PASSWORD, prefix="AAA")
    b, _ = Workspace.create(tmp_path / "b.rocta", "admin", PASSWORD, prefix="BBB")
    demo.generate(a, groups=150, nominals=1500, seed=9)
    a.write("p", packages.add_partner, b.write("c", packages.make_card), ceiling="SECRET")
    b.write("p", packages.add_partner, a.write("c", packages.make_card), ceiling="SECRET")
    pkg = tmp_path / "p.roctapkg"
    packages.export_package(a, b.workspace_id, pkg)
    expected = a.read(lambda s: s.execute(text("SELECT count(*) FROM subjects")).scalar())
    a.close()
    b.close()
    pristine = tmp_path / "pristine.rocta"
    shutil.copytree(tmp_path / "b.rocta", pristine)
    env = {**os.environ, "ROCTA_KDF_COST": "test"}
    rng = random.Random(3)
    outcomes = {"none": 0, "all": 0}
    for _ in range(KILLS):
        target = tmp_path / "work.rocta"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(pristine, target)
        proc = subprocess.Popen([sys.executable, "-m", "tests.faults.package_worker", str(target), str(pkg)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with Workspace.open(target, "admin", PASSWORD) as ws:
            assert [c.name for c in maintenance.verify(ws) if not c.ok] == []
            with ws.reader() as s:
                n = s.execute(text("SELECT count(*) FROM subjects")).scalar()
                seq = s.execute(text("SELECT last_received_seq FROM exchange_partners")).scalar()
        assert (n, seq) in ((0, 0), (expected, 1)), (n, seq)
        outcomes["all" if n else "none"] += 1
    print(f"\npackage import: {KILLS} kills, verified after each: {outcomes['none']} left nothing, "
          f"{outcomes['all']} had finished; partial imports: 0")
