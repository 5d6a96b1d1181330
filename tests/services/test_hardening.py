"""The defects found by attacking the workspace as an insider and a careless administrator would
(issue #18): each reproduced, each now a clear message with nothing changed, or detected.
Real encrypted workspaces, real processes for the CLI and for concurrency."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from rocta_desktop.exchange.xlsx_import import read_sheet
from rocta_desktop.services import backup, files, imports, maintenance, reference_data, users
from rocta_desktop.services.workspace import Workspace, db_path, keys_path
from rocta_desktop.store.models import Force
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, snapshot_files
from tests.portable import stored_json

ENV = {"ROCTA_PASSWORD": ADMIN_PASSWORD}


def nominal_sheet(path: Path, rows: int, *, bad: bool = False) -> Path:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Nominals")
    sheet.append(["Surname", "Forenames", "Date of birth", "Force"])
    for i in range(rows):
        sheet.append([f"Person{i:05d}", "Alex", "31/02/1990" if bad else "01/02/1990", "NMP"])
    wb.save(path)
    return path


@pytest.fixture
def force(workspace):
    workspace.write("f", reference_data.create, Force, {"code": "NMP", "name": "Northmoor Police"})


# ------------------------------------------------------------------ 4: a damaged page

@pytest.mark.terminal
def test_verify_names_a_corrupted_page_and_exits_1_without_a_traceback(workspace, ws_path, tmp_path):
    workspace.close()
    raw = bytearray(db_path(ws_path).read_bytes())
    page = 4096
    raw[3 * page + 200: 3 * page + 232] = os.urandom(32)  # one page's ciphertext flipped
    db_path(ws_path).write_bytes(bytes(raw))
    r = rocta("verify", str(ws_path), "--user", ADMIN, env=ENV)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert "[FAIL] SQLCipher page integrity (HMAC)" in r.stdout and "page 4" in r.stdout


# ------------------------------------------------------------------ 5: a refused import's audit event is bounded

def test_a_huge_refused_import_keeps_a_bounded_audit_event(workspace, force, tmp_path):
    data = read_sheet(nominal_sheet(tmp_path / "bad.xlsx", 3000, bad=True))
    plan, outcome = imports.run(workspace, "nominals", data)
    assert not outcome.committed and len(plan.problems) == 3000
    with workspace.reader() as s:
        changes = stored_json(s, "SELECT changes FROM audit_events WHERE action = 'import.nominals.refused'")
    assert len(changes["problems"]) == imports.AUDITED_PROBLEMS and changes["problems_total"] == 3000
    assert len(changes["report_sha256"]) == 64 and len(json.dumps(changes)) < 40_000


# ------------------------------------------------------------------ 6: no file lands before its audit event

def test_a_file_is_in_place_only_after_its_intent_is_committed(workspace, tmp_path, monkeypatch):
    """Killed between the intent and the rename: the intent is committed, no file is in place, and
    verify reports the unconfirmed intent (kill -9 is simulated by stopping at the rename)."""
    target = tmp_path / "return.xlsx"
    seen = {}

    real_replace = os.replace

    def stop_at_rename(src, dst):
        if Path(dst) != target:
            return real_replace(src, dst)
        with workspace.reader() as s:
            seen["intent"] = stored_json(s, "SELECT changes FROM audit_events WHERE action = 'export.return'")
        raise KeyboardInterrupt  # the process dies here
    monkeypatch.setattr(files.os, "replace", stop_at_rename)
    from rocta_desktop.exchange.exports import export_return
    with pytest.raises(KeyboardInterrupt):
        export_return(workspace, target)
    monkeypatch.undo()
    assert seen["intent"]["file"] == str(target) and not target.exists()
    notes = next(c for c in maintenance.verify(workspace) if c.name.startswith("audit trail:")).notes
    assert any("was recorded but never confirmed (the file is not there" in n for n in notes)
    export_return(workspace, target)  # done properly: in place, confirmed
    assert target.exists()


@pytest.mark.terminal
def test_backups_and_restored_workspaces_are_private(workspace, tmp_path):
    info = backup.create_backup(workspace, tmp_path / "b")
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    restored = backup.restore_backup(info.path, tmp_path / "restored.rocta")
    assert stat.S_IMODE(restored.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in restored.iterdir() if p.is_file()} == {0o600}
    assert (restored / "audit-head.json").exists()
    with Workspace.open(restored, ADMIN, ADMIN_PASSWORD) as again:
        assert all(c.ok for c in maintenance.verify(again))


# ------------------------------------------------------------------ 7: two imports of one file at once

def test_concurrent_imports_of_the_same_file_import_it_once(workspace, force, ws_path, tmp_path):
    sheet = nominal_sheet(tmp_path / "n.xlsx", 1500)
    workspace.close()
    code = ("import sys; from pathlib import Path; from rocta_desktop.services.workspace import Workspace; "
            "from rocta_desktop.services import imports; from rocta_desktop.exchange.xlsx_import import read_sheet; "
            "ws = Workspace.open(Path(sys.argv[1]), 'admin', sys.argv[3]); "
            "plan, out = imports.run(ws, 'nominals', read_sheet(sys.argv[2])); print(len(out.created), out.skipped)")
    env = {**os.environ, "ROCTA_KDF_COST": "test"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(ws_path), str(sheet), ADMIN_PASSWORD],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    created = sorted(int(o[0].split()[0]) for o in outs)
    with Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD) as ws, ws.reader() as s:
        count = s.execute(text("SELECT count(*) FROM subjects WHERE kind = 'nominal'")).scalar()
    assert created == [0, 1500] and count == 1500


# ------------------------------------------------------------------ 8: what still opens with a replaced recovery key

def test_the_new_recovery_key_message_says_what_still_opens_with_the_old(workspace, ws_path):
    workspace.close()
    r = rocta("users", "recovery-key", str(ws_path), "--user", ADMIN, env=ENV)
    assert r.returncode == 0
    assert "still opens the database with the previous recovery key" in r.stdout and "re-key" in r.stdout
    assert "the old one no longer works" not in r.stdout


# ------------------------------------------------------------------ 9: malformed files, clear messages, nothing changed

def _bad_keyfile(path: Path, mutate) -> None:
    data = json.loads(keys_path(path).read_text())
    mutate(data)
    keys_path(path).write_text(json.dumps(data))


@pytest.mark.parametrize("damage, expect", [
    (lambda p: _bad_keyfile(p, lambda d: d["kdf"].update(t="abc")), "Argon2id parameter t='abc' is out of range"),
    (lambda p: _bad_keyfile(p, lambda d: d["kdf"].update(m=10**12)), "out of range"),
    (lambda p: _bad_keyfile(p, lambda d: d["kdf"].pop("salt")), "damaged"),
    (lambda p: _bad_keyfile(p, lambda d: d.update(generation="x")), "generation is not a count"),
    (lambda p: (keys_path(p).unlink(), keys_path(p).mkdir()), "is a folder, not a file"),
    (lambda p: db_path(p).write_bytes(b""), "is empty (0 bytes)"),
])
@pytest.mark.terminal
def test_damaged_workspace_files_get_a_message_not_a_traceback(workspace, ws_path, damage, expect):
    workspace.close()
    damage(ws_path)
    before = snapshot_files(ws_path)
    r = rocta("info", str(ws_path), "--user", ADMIN, env=ENV)
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr, r.stderr
    assert expect in r.stderr, r.stderr
    assert snapshot_files(ws_path) == before


def _backup_with(path: Path, source: Path, manifest) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(path, "w") as out:
        for name in z.namelist():
            out.writestr(name, z.read(name) if name != "manifest.json" else json.dumps(manifest))
    return path


@pytest.mark.terminal
def test_hostile_backups_and_restore_targets_are_refused(workspace, tmp_path):
    good = backup.create_backup(workspace, tmp_path / "good").path
    manifest = backup.verify_backup(good)
    as_list = _backup_with(tmp_path / "list.roctabackup", good, [manifest])
    outside = _backup_with(tmp_path / "outside.roctabackup", good,
                           {**manifest, "files": {"../escaped.db": "0" * 64, "keyslots.json": "0" * 64}})
    for hostile, says in ((as_list, "not a JSON object"), (outside, "must list exactly")):
        r = rocta("restore", str(hostile), "--to", str(tmp_path / "new.rocta"))
        assert r.returncode == 1 and says in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert not (tmp_path / "new.rocta").exists() and not (tmp_path / "escaped.db").exists()
    staging = tmp_path / ".kept.rocta.restoring"
    staging.mkdir()
    (staging / "precious.txt").write_text("someone's work")
    r = rocta("restore", str(good), "--to", str(tmp_path / "kept.rocta"))
    assert r.returncode == 1 and "left from an earlier restore" in r.stderr
    assert (staging / "precious.txt").read_text() == "someone's work"  # never deleted for the user


@pytest.mark.terminal
def test_restore_refuses_when_there_is_no_room(workspace, tmp_path, monkeypatch):
    good = backup.create_backup(workspace, tmp_path / "good").path
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _p: type("U", (), {"free": 1000})())
    with pytest.raises(backup.BackupError, match="has 1,000 free: nothing was restored"):
        backup.restore_backup(good, tmp_path / "new.rocta")
    assert not (tmp_path / "new.rocta").exists()


def test_users_list_and_add_still_work_through_the_cli(workspace, ws_path):
    workspace.close()
    r = rocta("users", "add", str(ws_path), "newbie", "--role", "analyst", "--user", ADMIN,
              env={**ENV, "ROCTA_NEW_PASSWORD": "Fresh-start-pass-1"})
    assert r.returncode == 0, r.stderr
    with Workspace.open(ws_path, "newbie", "Fresh-start-pass-1") as ws:
        assert ws.actor.role.value == "analyst"
        assert users  # (the service module the CLI drives)
