"""Backups: one verified file, restored into a new folder that opens and verifies, damaged files
refused, the schedule and its retention, and the CLI."""

import datetime as dt
import os
import zipfile

import pytest

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.services import backup, maintenance, registers
from rocta_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD

pytestmark = pytest.mark.terminal  # a terminal's encrypted file: not run on a server


@pytest.fixture
def filled(workspace):
    with workspace.operation("x") as uow:
        registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level": "local"})
    return workspace


def test_backup_restore_and_verify(filled, tmp_path):
    info = backup.create_backup(filled, tmp_path / "monday")
    assert info.path.name == "monday.roctabackup" and info.size > 10_000
    assert not list(tmp_path.glob(".*"))  # no staging or partial files left behind
    manifest = backup.verify_backup(info.path)
    assert manifest["workspace_id"] == filled.keyfile.workspace_id and set(manifest["files"]) == {
        "workspace.db", "keyslots.json"}
    with zipfile.ZipFile(info.path) as z:
        assert b"Harbour Crew" not in z.read("workspace.db")  # still encrypted inside the backup
    restored = backup.restore_backup(info.path, tmp_path / "restored.rocta")
    with Workspace.open(restored, ADMIN, ADMIN_PASSWORD) as again:
        assert all(c.ok for c in maintenance.verify(again))
        assert again.read(registers.search, "harbour")["group"][0]["name"] == "Harbour Crew"
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.restore_backup(info.path, tmp_path / "restored.rocta")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.create_backup(filled, info.path)


def test_damaged_backups_are_refused(filled, tmp_path):
    info = backup.create_backup(filled, tmp_path / "b.roctabackup")
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a byte inside the stored database
    damaged = tmp_path / "damaged.roctabackup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="damaged|checksum|not a ROCTA backup"):
        backup.restore_backup(damaged, tmp_path / "x.rocta")
    assert not (tmp_path / "x.rocta").exists()
    (tmp_path / "junk.roctabackup").write_text("hello")
    with pytest.raises(backup.BackupError, match="not a ROCTA backup"):
        backup.verify_backup(tmp_path / "junk.roctabackup")


def test_schedule_and_retention(filled):
    assert filled.read(backup.schedule) == {"interval_days": 7, "retention": 8}
    with pytest.raises(ValidationError):
        filled.write("b", backup.set_schedule, 500, 0)
    filled.write("b", backup.set_schedule, 1, 2)
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    made = []
    for day in range(4):
        made.append(backup.run_scheduled(filled, start + dt.timedelta(days=day)))
        kept = backup.scheduled_backups(filled)
        for path in kept:  # the file's age is what the schedule reads
            stamp = dt.datetime.strptime(path.stem.split("-", 1)[1], "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
            os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    assert all(made) and len(backup.scheduled_backups(filled)) == 2
    assert backup.run_scheduled(filled, start + dt.timedelta(days=3, hours=2)) is None  # not due yet


def test_cli_backup_and_restore(workspace, tmp_path):
    from tests.cli.test_cli import rocta
    workspace.close()
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    r = rocta("backup", str(workspace.path), "--user", ADMIN, "--out", str(tmp_path / "b.roctabackup"), env=env)
    assert r.returncode == 0 and "verified" in r.stdout, r.stderr
    r = rocta("restore", str(tmp_path / "b.roctabackup"), "--to", str(tmp_path / "new.rocta"), "--user", ADMIN,
              env=env)
    assert r.returncode == 0 and "no problems found" in r.stdout, r.stderr + r.stdout
    r = rocta("restore", str(tmp_path / "nope.roctabackup"), "--to", str(tmp_path / "n2.rocta"))
    assert r.returncode == 1 and "no such backup file" in r.stderr
