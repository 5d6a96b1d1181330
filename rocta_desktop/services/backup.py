"""Backups: one file that holds everything needed to bring a workspace back.

A `.roctabackup` file is a zip (stored, not compressed) of the encrypted database copy (SQLite's
online backup API, still encrypted with the workspace key), the key file (key slots, wrapped) and a
manifest with the SHA-256 of each. Nothing in it is readable without a password or the recovery
key. It is written to a temporary name beside the target, verified (hashes re-read, the database
copy passed an integrity check before packing), then renamed: a failed backup never leaves a file
that looks complete.

Restore unpacks into a new folder (never over an existing workspace) after checking the manifest.
The administrator sets a schedule (every N days) and how many scheduled backups to keep; the
application takes a scheduled backup at sign-in when one is due, and before every migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from .. import __version__
from ..domain import clock
from ..domain.errors import PermissionDenied, Problem, RoctaError, ValidationError
from ..domain.markings import Marking, highest
from ..domain.users import Permission
from ..store import migrate
from ..store.engine import connect_raw
from ..store.keyslots import KeyFile
from ..store.models import WorkspaceMeta
from . import audit, head, storage
from .folders import BACKUPS_DIR, DB_NAME, HEAD_NAME, KEYS_NAME, WorkspaceError, db_path, keys_path
from .permissions import require
from .unit_of_work import UnitOfWork

if TYPE_CHECKING:  # the workspace takes a backup before a migration: it imports this module
    from .workspace import Workspace

SUFFIX = ".roctabackup"
MANIFEST = "manifest.json"
FORMAT = 1
SCHEDULED_PREFIX = "scheduled-"


class BackupError(RoctaError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created: str
    workspace_id: str
    schema: str | None


def backup_to(engine: Engine, key: bytes, keyfile: KeyFile, target: Path) -> Path:
    """Copy the database (online, via SQLite's backup API, still encrypted with the same key) and
    the key file into a new folder `target`, then check the copy is intact."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    raw = engine.raw_connection()
    try:
        dst = connect_raw(db_path(target), key, create=True)
        try:
            raw.dbapi_connection.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise WorkspaceError(f"backup in {target} failed its integrity check: {ok}")
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        raw.close()
    keyfile.save(keys_path(target))
    return target


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def workspace_marking(session: Session) -> Marking:
    """The highest marking of anything in the workspace: what a whole copy of it carries."""
    from ..store.models import Assessment, Disruption, IntelRequirement, Subject, TaskingRequest, TriggerReport
    found = set()
    for model in (Subject, Assessment, TriggerReport, IntelRequirement, TaskingRequest, Disruption):
        found.update(session.scalars(select(model.marking).distinct()))
    return highest(m for m in found if m is not None)


def create_backup(ws: Workspace, target: str | Path, *, scheduled: bool = False) -> BackupInfo:
    """Write a verified backup file (administrators; the schedule's own backups into the workspace's
    backups folder are taken whoever signs in). Its audit event (the intent, with the file's digest)
    is committed before the file is renamed into place (services/files.py)."""
    from . import files
    if ws.on_server:
        raise BackupError("a server workspace is backed up on the server, by its IT, with pg_dump (see the "
                          "README's section for a ROCU's IT); a backup file is for a workspace on this computer")
    if not scheduled:
        try:
            require(ws.actor, Permission.MANAGE_USERS)
        except PermissionDenied as exc:
            ws._record_refusal("workspace.backup", exc)
            raise
    target = Path(target)
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new name")
    failed, outcome = "The backup was not written", "no backup file was made; the workspace is unchanged"
    with storage.writing([target.parent], failed, outcome):
        staging = Path(tempfile.mkdtemp(prefix=".rocta-backup-", dir=target.parent))
    manifest: dict[str, Any] = {}
    try:
        def produce(partial: Path) -> None:
            with storage.writing([partial, staging / "workspace" / DB_NAME, target.parent], failed, outcome):
                manifest.update(_write_backup(ws, staging / "workspace", partial))

        marking = ws.read(workspace_marking)
        delivered = files.deliver(ws, action="workspace.backup", what="backup", target=target, produce=produce,
                                  marking=marking, counts={"files": 2},
                                  details={})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupInfo(delivered.path, delivered.size, manifest["created"], manifest["workspace_id"], manifest["schema"])


def _write_backup(ws: Workspace, staging: Path, partial: Path) -> dict[str, Any]:
    """The database copy and key file packed into `partial`, then verified; returns the manifest."""
    folder = backup_to(ws.engine, ws.key, ws.keyfile, staging)
    manifest = {"format": FORMAT, "created": clock.now().isoformat(), "application": __version__,
                "workspace_id": ws.keyfile.workspace_id, "workspace_name": ws.name,
                "schema": migrate.current_revision(ws.engine), "audit_head": head.read_head(ws.path),
                "files": {name: _sha256(folder / name) for name in (DB_NAME, KEYS_NAME)}}
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr(MANIFEST, json.dumps(manifest, indent=1))
        for name in (DB_NAME, KEYS_NAME):
            z.write(folder / name, name)
    verify_backup(partial)
    return manifest


def backup_head(path: Path) -> dict[str, Any] | None:
    """The audit head a backup carries (a witness of how far the trail had come), or None."""
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read(MANIFEST)[:1_000_000])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    found = manifest.get("audit_head") if isinstance(manifest, dict) else None
    return found if isinstance(found, dict) else None


MAX_MEMBER_BYTES = 64 * 1024 ** 3  # a workspace larger than this is not a plausible backup


def verify_backup(path: str | Path) -> dict[str, Any]:
    """The manifest, after checking the file is a complete backup whose contents match it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            missing = {MANIFEST, DB_NAME, KEYS_NAME} - names
            if missing:
                raise BackupError(f"{path.name} is not a complete ROCTA backup (missing {', '.join(sorted(missing))})")
            extra = names - {MANIFEST, DB_NAME, KEYS_NAME}
            if extra:
                raise BackupError(f"{path.name} holds files a ROCTA backup never has ({', '.join(sorted(extra))[:200]})")
            for info in z.infolist():
                if info.file_size > MAX_MEMBER_BYTES or (info.filename == MANIFEST and info.file_size > 1_000_000):
                    raise BackupError(f"{path.name}: {info.filename} is implausibly large ({info.file_size:,} bytes)")
            manifest = json.loads(z.read(MANIFEST))
            if not isinstance(manifest, dict):
                raise BackupError(f"{path.name}: the manifest is damaged (not a JSON object)")
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{path.name}: backup format {manifest.get('format')!r} is not one this version reads")
            listed = manifest.get("files")
            if not isinstance(listed, dict) or set(listed) != {DB_NAME, KEYS_NAME} or \
                    not all(isinstance(v, str) for v in listed.values()):
                raise BackupError(f"{path.name}: the manifest must list exactly {DB_NAME} and {KEYS_NAME} with "
                                  "their checksums")
            for name, digest in listed.items():
                h = hashlib.sha256()
                with z.open(name) as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                if h.hexdigest() != digest:
                    raise BackupError(f"{path.name}: {name} does not match its checksum (damaged or altered)")
    except zipfile.BadZipFile:
        raise BackupError(f"{path.name} is not a ROCTA backup (or it is damaged)") from None
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(f"{path.name}: the manifest is damaged ({exc})") from None
    except OSError as exc:
        raise BackupError(f"{path.name} cannot be read ({exc.strerror or exc})") from None
    return manifest


def restore_backup(path: str | Path, folder: str | Path) -> Path:
    """Unpack a verified backup into a new workspace folder (owner-only permissions, like `init`)."""
    manifest = verify_backup(path)
    folder = Path(folder)
    if folder.exists():
        raise BackupError(f"{folder} already exists: restore into a new folder (nothing is overwritten)")
    if not folder.parent.is_dir():
        raise BackupError(f"{folder.parent}: no such folder")
    staging = folder.with_name(f".{folder.name}.restoring")
    if staging.exists():
        raise BackupError(f"{staging} is left from an earlier restore that did not finish: look at it, then "
                          "delete it and try again (it is not deleted for you)")
    need = sum(i.file_size for i in zipfile.ZipFile(path).infolist() if i.filename in (DB_NAME, KEYS_NAME))
    free = shutil.disk_usage(folder.parent).free
    if need > free:
        raise BackupError(f"the backup needs {need:,} bytes and {folder.parent} has {free:,} free: nothing was restored")
    staging.mkdir(mode=0o700)
    try:
        with zipfile.ZipFile(path) as z:
            for name in (DB_NAME, KEYS_NAME):  # by name only: a member can never land outside the folder
                with z.open(name) as src, open(staging / name, "xb") as dst:
                    os.fchmod(dst.fileno(), 0o600)
                    shutil.copyfileobj(src, dst, 1 << 20)
        for name, digest in manifest["files"].items():
            if _sha256(staging / name) != digest:
                raise BackupError(f"{name} changed while it was restored")
        (staging / BACKUPS_DIR).mkdir(mode=0o700)
        if isinstance(manifest.get("audit_head"), dict):  # the trail's head as it was when the copy was made
            (staging / HEAD_NAME).write_text(json.dumps(manifest["audit_head"], indent=1))
            os.chmod(staging / HEAD_NAME, 0o600)
        os.chmod(staging, 0o700)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


# ------------------------------------------------------------------ schedule

def schedule(session: Session) -> dict[str, int]:
    rows = dict(session.execute(select(WorkspaceMeta.key, WorkspaceMeta.value)
                                .where(WorkspaceMeta.key.like("backup.%"))).all())
    return {"interval_days": int(rows.get("backup.interval_days", 7)),
            "retention": int(rows.get("backup.retention", 8))}


def set_schedule(uow: UnitOfWork, interval_days: int, retention: int) -> None:
    require(uow.actor, Permission.MANAGE_USERS)
    problems = []
    if not 0 <= int(interval_days) <= 365:
        problems.append(Problem("interval_days", "choose 0 (no scheduled backups) to 365 days"))
    if not 1 <= int(retention) <= 100:
        problems.append(Problem("retention", "keep between 1 and 100 scheduled backups"))
    if problems:
        raise ValidationError(problems)
    for key, value in (("backup.interval_days", interval_days), ("backup.retention", retention)):
        row = uow.session.get(WorkspaceMeta, key)
        if row is None:
            uow.session.add(WorkspaceMeta(key=key, value=str(int(value))))
        else:
            row.value = str(int(value))
    audit.record(uow.session, uow.actor, action="workspace.backup_schedule", entity_type="workspace",
                 summary=f"scheduled backups every {interval_days} days, keeping {retention}",
                 changes={"interval_days": int(interval_days), "retention": int(retention)})
    uow.touch("backup")


def scheduled_backups(ws: Workspace) -> list[Path]:
    folder = ws.path / BACKUPS_DIR
    return sorted(folder.glob(f"{SCHEDULED_PREFIX}*{SUFFIX}")) if folder.is_dir() else []


def run_scheduled(ws: Workspace, now: dt.datetime | None = None) -> Path | None:
    """Take a scheduled backup if one is due; keep only the newest `retention`."""
    plan = ws.read(schedule)
    if plan["interval_days"] == 0 or ws.on_server:  # a server is backed up by its IT
        return None
    now = now or clock.now()
    existing = scheduled_backups(ws)
    if existing:
        last = dt.datetime.fromtimestamp(existing[-1].stat().st_mtime, dt.UTC)
        if now - last < dt.timedelta(days=plan["interval_days"]):
            return None
    (ws.path / BACKUPS_DIR).mkdir(exist_ok=True)
    info = create_backup(ws, ws.path / BACKUPS_DIR / f"{SCHEDULED_PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}",
                         scheduled=True)
    for old in scheduled_backups(ws)[: -plan["retention"]]:
        old.unlink(missing_ok=True)
    return info.path
