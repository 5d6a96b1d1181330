"""A full disk or a read-only file in the middle of a write: the user is told what is wrong and where
("the disk is full", "... is read-only", with the path), nothing is lost (the workspace opens,
passes `rocta verify`, and holds exactly what it held before), and no partial file is left behind.

Each fault is injected into a real process (tests/faults/disk_worker.py) on a real encrypted
workspace:
- disk full: the process's file size limit (RLIMIT_FSIZE) with SIGXFSZ ignored, so writes past it
  fail with EFBIG as they would with ENOSPC; a limit every write meets at once (4 KiB), and (slow)
  one the operation meets part way through. Where this machine lets us mount, a small tmpfs that
  fills up while the workspace is open gives the real ENOSPC ("database or disk is full") too.
- read-only: while the process has the workspace open, its files (database, WAL, key file, folder;
  not the shared-memory index, which SQLite maps into memory) or the export folder become read-only:
  the immutable attribute (`chattr +i`) as root, which even root cannot write through, or plain
  permissions when not root.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from rocta_desktop.cli import main as rocta
from rocta_desktop.services import maintenance
from rocta_desktop.services.workspace import Workspace, keys_path
from tests.faults.test_kill import make_region
from tests.faults.worker import PASSWORD

ENV = {**os.environ, "ROCTA_KDF_COST": "test", "PYTHONPATH": str(Path.cwd())}
DB_OPERATIONS = ["import", "edit", "adduser"]
FILE_OPERATIONS = ["backup", "xlsx", "pdf"]
# a file size limit each operation meets part way through (above its first few writes)
PART_WAY = {"import": 64 * 1024, "edit": 12 * 1024, "adduser": 12 * 1024, "backup": 256 * 1024,
            "xlsx": 8 * 1024, "pdf": 16 * 1024}
FAULTS: list[str] = []   # one entry per fault injected, for the closing figures


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    return make_region(tmp_path_factory.mktemp("disk"))


@pytest.fixture
def workspace_copy(region, tmp_path) -> Path:
    """A fresh copy of the region for each test, with the spreadsheet beside it."""
    copy = tmp_path / "work" / region.name
    shutil.copytree(region, copy)
    shutil.copy(region.parent / "nominals.xlsx", copy.parent / "nominals.xlsx")
    return copy


def fingerprint(path: Path) -> dict:
    """Everything a user could lose: row counts, the content of the registers, users and key file."""
    with Workspace.open(path, "admin", PASSWORD) as ws:
        failed = [c.name for c in maintenance.verify(ws) if not c.ok]
        with ws.reader() as s:
            counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in ("subjects", "nominals", "groups", "users", "audit_events", "forces")}
            rows = s.execute(text("SELECT id, reference, name, description, marking FROM subjects ORDER BY id")).all()
            accounts = s.execute(text("SELECT username, active, must_change_password FROM users ORDER BY id")).all()
    return {"failed checks": failed, "counts": counts,
            "subjects": hashlib.sha256(repr(rows).encode()).hexdigest(), "users": accounts,
            "key slots": json.loads(keys_path(path).read_bytes())["slots"]}


def run(path: Path, op: str, fault: str, out: Path, limit: int | None = None, *, before_go=None) -> dict:
    args = [sys.executable, "-m", "tests.faults.disk_worker", str(path), op, fault, str(out)]
    if limit is not None:
        args.append(str(limit))
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=ENV, text=True)
    if fault in ("readonly", "fill"):
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        undo = before_go()
        try:
            proc.stdin.write("go\n")
            proc.stdin.flush()
            out_text, err = proc.communicate(timeout=120)
        finally:
            undo()
    else:
        out_text, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    FAULTS.append(f"{op}/{fault}")
    return json.loads(out_text.strip().splitlines()[-1])


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".") or p.suffix == ".partial")


# ------------------------------------------------------------------ making files read-only

def _immutable_works(folder: Path) -> bool:
    probe = folder / f"probe-{uuid.uuid4().hex}"
    probe.write_bytes(b"x")
    try:
        if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
            return False
        try:
            with open(probe, "ab") as fh:
                fh.write(b"y")
            return False
        except PermissionError:
            return True
    except FileNotFoundError:
        return False
    finally:
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
        probe.unlink()


@pytest.fixture
def make_read_only(tmp_path):
    """make_read_only(paths) -> undo: read-only even for root, where the file system allows."""
    if os.geteuid() != 0:
        def apply(paths):
            modes = {p: p.stat().st_mode for p in paths}
            for p in paths:
                p.chmod(modes[p] & ~0o222)
            return lambda: [p.chmod(m) for p, m in modes.items()]
        return apply
    if shutil.which("chattr") is None or not _immutable_works(tmp_path):
        pytest.skip("running as root on a file system without the immutable attribute (chattr +i): "
                    "no way to make a file read-only for root here")

    def apply(paths):
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
        return lambda: subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    return apply


# ------------------------------------------------------------------ disk full

@pytest.mark.parametrize("where", ["first write", pytest.param("part way", marks=pytest.mark.slow)])
@pytest.mark.parametrize("op", DB_OPERATIONS + FILE_OPERATIONS)
def test_disk_full_during_a_write(workspace_copy, tmp_path, op, where):
    out = tmp_path / "exports"
    out.mkdir()
    before = fingerprint(workspace_copy)
    for limit in ([4096] if where == "first write" else [PART_WAY[op]]):
        result = run(workspace_copy, op, "full", out, limit)
        assert not result["ok"], f"{op} did not meet the {limit}-byte limit"
        assert result["type"] == "StorageError" and result["reason"] == "full", result
        assert "the disk is full" in result["message"], result["message"]
        named = str(workspace_copy) if op in DB_OPERATIONS else str(out)
        assert named in result["message"], result["message"]        # where
        assert fingerprint(workspace_copy) == before                 # nothing lost, verify passes
        assert list(out.iterdir()) == [] and left_behind(workspace_copy) == []   # no partial file


# ------------------------------------------------------------------ read-only

@pytest.mark.parametrize("op", DB_OPERATIONS + FILE_OPERATIONS)
def test_files_become_read_only_during_a_write(workspace_copy, tmp_path, make_read_only, op):
    out = tmp_path / "exports"
    out.mkdir()
    before = fingerprint(workspace_copy)
    targets: list[Path] = []

    def read_only():   # once the worker has the workspace open (so its WAL is there too)
        if op in DB_OPERATIONS:
            targets.extend([workspace_copy, keys_path(workspace_copy)] + [
                p for p in workspace_copy.iterdir() if p.name.startswith("workspace.db") and not p.name.endswith("-shm")])
        else:
            targets.append(out)
        return make_read_only(targets)
    result = run(workspace_copy, op, "readonly", out, before_go=read_only)
    assert not result["ok"] and result["type"] == "StorageError" and result["reason"] == "read-only", result
    assert "is read-only" in result["message"], result["message"]
    assert any(str(t) in result["message"] for t in targets), result["message"]
    assert fingerprint(workspace_copy) == before
    assert list(out.iterdir()) == [] and left_behind(workspace_copy) == []


def test_cli_says_the_export_folder_is_read_only(workspace_copy, tmp_path, make_read_only, monkeypatch, capsys):
    out = tmp_path / "exports"
    out.mkdir()
    monkeypatch.setenv("ROCTA_PASSWORD", PASSWORD)
    undo = make_read_only([out])
    try:
        code = rocta(["export", "return", str(workspace_copy), "--user", "admin", "--out", str(out / "r.xlsx")])
    finally:
        undo()
    FAULTS.append("cli-xlsx/readonly")
    err = capsys.readouterr().err
    assert code == 1 and f"the folder {out} is read-only" in err, err
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------ a real full disk, where we may mount

@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root, or mounts are not allowed): "
                    "the file size limit tests above stand in for a full disk")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("ops", [["edit", "xlsx"], pytest.param(DB_OPERATIONS + FILE_OPERATIONS,
                                                                 marks=pytest.mark.slow, id="all")])
def test_really_full_disk(region, small_disk, tmp_path, ops):
    """The workspace and the exports on a 3 MiB disk that fills up while the workspace is open."""
    path = small_disk / region.name
    shutil.copytree(region, path)
    shutil.copy(region.parent / "nominals.xlsx", small_disk / "nominals.xlsx")
    before = fingerprint(path)
    out = small_disk / "exports"
    out.mkdir()

    def fill():
        filler = small_disk / "filler"
        with open(filler, "wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:   # ENOSPC: the disk is full now
                pass
        return lambda: filler.unlink()
    for op in ops:
        result = run(path, op, "fill", out, before_go=fill)
        assert not result["ok"] and result["reason"] == "full", (op, result)
        assert "the disk is full" in result["message"], (op, result)
        assert list(out.iterdir()) == [] and left_behind(path) == [], op
        assert fingerprint(path) == before, op


def test_zz_figures():
    print(f"\ndisk faults injected: {len(FAULTS)} ({', '.join(sorted(set(FAULTS)))}); data lost: 0")
