"""Kill the process (SIGKILL) while it re-keys the database: the workspace always opens afterwards
(with the old key or the new one, never neither), passes `rocta verify`, has lost nothing, and a
re-key that reached the database always has its audit event.

The quick test kills once at each step of the re-key (tests/faults/rekey_worker.py names them);
the slow ones kill at random moments, many times. The figures are printed for the closing note.
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
from sqlalchemy import text

from rocta_desktop.cli import main as rocta
from rocta_desktop.exchange.xlsx_import import read_sheet
from rocta_desktop.services import imports
from rocta_desktop.services.workspace import REKEY_DONE, SignInError, Workspace, db_path, keys_path, pending_keys_path
from rocta_desktop.store.engine import opens_with
from rocta_desktop.store.keyslots import KeyFile
from tests.faults.test_kill import make_region
from tests.faults.worker import PASSWORD

ENV = {**os.environ, "ROCTA_KDF_COST": "test", "PYTHONPATH": str(Path.cwd())}
RANDOM_KILLS = int(os.environ.get("ROCTA_FAULT_KILLS", "12"))


def region(tmp_path: Path) -> Path:
    path = make_region(tmp_path)
    with Workspace.open(path, "admin", PASSWORD) as ws:   # 400 nominals: the rekey takes a few ms
        imports.run(ws, "nominals", read_sheet(tmp_path / "nominals.xlsx"))
    return path


def content(path: Path) -> dict:
    """The workspace after a kill: opened (settling any interrupted re-key), verified, counted."""
    with Workspace.open(path, "admin", PASSWORD) as ws:
        assert not pending_keys_path(path).exists()
        info = ws.keyfile.rekey_info
        assert ws.meta(REKEY_DONE) == (info or {}).get("id"), "a re-key reached the database without its audit event"
        with ws.reader() as s:
            rows = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("subjects", "nominals", "users", "forces")}
            rows["rekey events"] = s.execute(text(
                "SELECT count(*) FROM audit_events WHERE action = 'workspace.rekey'")).scalar()
    assert rocta(["verify", str(path), "--user", "admin"]) == 0
    return rows


def run_worker(path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.rekey_worker", str(path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)


def old_key(keyfile_bytes: bytes, path: Path) -> bytes:
    kf = KeyFile(keys_path(path), __import__("json").loads(keyfile_bytes))
    return kf.unlock_password("admin", PASSWORD)


@pytest.fixture
def password_env(monkeypatch):
    monkeypatch.setenv("ROCTA_PASSWORD", PASSWORD)


def test_sigkill_at_each_step_of_a_rekey(tmp_path, password_env):
    path = region(tmp_path)
    first_keys = keys_path(path).read_bytes()
    before = content(path)
    outcomes = []
    refusals = 0
    for step, delay in (("backup", "0.01"), ("pending", "0"), ("during", "0.002"), ("rekeyed", "0"),
                        ("promoted", "0")):
        keys_before = keys_path(path).read_bytes()
        proc = run_worker(path, step, delay)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL, (step, out, err)
        if pending_keys_path(path).exists() and not opens_with(db_path(path), old_key(keys_path(path).read_bytes(), path)):
            # the database is under the new key, whose file holds only a temporary password for sam
            with pytest.raises(SignInError, match="did not finish"):
                Workspace.open(path, "sam", PASSWORD)
            refusals += 1
        after = content(path)
        rekeyed = keys_path(path).read_bytes() != keys_before
        outcomes.append((step, "new key" if rekeyed else "old key kept"))
        assert {k: v for k, v in after.items() if k != "rekey events"} == \
               {k: v for k, v in before.items() if k != "rekey events"}, (step, after, before)
        if not rekeyed:   # nothing changed: every account's password still works
            Workspace.open(path, "sam", PASSWORD).close()
    assert dict(outcomes) == {"backup": "old key kept", "pending": "old key kept", "during": dict(outcomes)["during"],
                              "rekeyed": "new key", "promoted": "new key"}
    assert not opens_with(db_path(path), old_key(first_keys, path))   # the very first key file is useless now
    assert refusals == 1   # after "rekeyed": sam is told to wait for an administrator, and nothing is settled
    print(f"\nre-key: 5 kills at named steps, verified after each, data lost: 0, {outcomes}")


@pytest.mark.slow
def test_sigkill_during_pragma_rekey_at_random_moments(tmp_path, password_env):
    path = region(tmp_path)
    before = content(path)
    rng = random.Random("rekey-during")
    kept = new = journals = 0
    for kill in range(RANDOM_KILLS * 2):
        keys_before = keys_path(path).read_bytes()
        proc = run_worker(path, "during", f"{rng.uniform(0, 0.02):.4f}")
        proc.communicate(timeout=120)
        journal = path / "workspace.db-journal"
        journals += journal.exists() and journal.stat().st_size > 0   # killed inside the rekey itself
        after = content(path)
        assert after["subjects"] == before["subjects"] and after["nominals"] == before["nominals"], (kill, after)
        if keys_path(path).read_bytes() == keys_before:
            kept += 1
        else:
            new += 1
    assert journals, "no kill landed inside PRAGMA rekey: make the database larger"
    print(f"\nre-key during PRAGMA rekey: {kept + new} kills ({kept} kept the old key, {new} the new; "
          f"{journals} left a rollback journal), verified after each, data lost: 0")


@pytest.mark.slow
def test_sigkill_while_rekeying_again_and_again(tmp_path, password_env):
    path = region(tmp_path)
    first_keys = keys_path(path).read_bytes()
    before = content(path)
    rng = random.Random("rekey-loop")
    for kill in range(RANDOM_KILLS):
        proc = run_worker(path, "loop")
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.05, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = content(path)
        assert after["subjects"] == before["subjects"] and after["nominals"] == before["nominals"], (kill, after)
    assert not opens_with(db_path(path), old_key(first_keys, path))
    print(f"\nre-key loop: {RANDOM_KILLS} random kills, verified after each, data lost: 0, "
          f"{after['rekey events']} re-keys completed")
