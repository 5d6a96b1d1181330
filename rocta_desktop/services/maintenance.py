"""Workspace information and verification (`rocta info`, `rocta verify`, Administration screen)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from .. import __version__
from ..store import migrate
from ..store.keyslots import KeyFileError
from ..store.models import AuditEvent, User, WorkspaceMeta
from . import assessments, chain, head, registers, trust
from .folders import HEAD_NAME
from .workspace import BACKUPS_DIR, DB_NAME, KEYFILE_GENERATION, KEYS_NAME, ROOT_KEY, Workspace


def info(ws: Workspace) -> dict[str, Any]:
    state = migrate.schema_state(ws.engine)
    with ws.reader() as s:
        meta = dict(s.execute(select(WorkspaceMeta.key, WorkspaceMeta.value)).all())
        users = s.scalar(select(func.count()).select_from(User)) or 0
        events = s.scalar(select(func.count()).select_from(AuditEvent)) or 0
        counts = registers.counts_by_kind(s)
    files = {p.name: p.stat().st_size for p in sorted(ws.path.iterdir()) if p.is_file()}
    return {
        "path": str(ws.path), "name": meta.get("name"), "workspace_id": meta.get("workspace_id"),
        "created_at": meta.get("created_at"), "application_version": __version__,
        "schema_revision": state.current, "schema_head": state.head,
        "signed_in_as": {"username": ws.actor.username, "role": ws.actor.role.value},
        "users": users, "key_slots": ws.keyfile.slot_summary(), "audit_events": events,
        "root_fingerprint": ws.root_fingerprint(), "key_file_generation": ws.keyfile.generation,
        "subjects": counts, "files": files,
    }


@dataclass
class Check:
    name: str
    ok: bool
    details: list[str] = field(default_factory=list)
    #: findings that are not failures (e.g. a file written whose completion was never confirmed)
    notes: list[str] = field(default_factory=list)


def _database_checks(ws: Workspace) -> list[Check]:
    """Page integrity first: on a damaged page `integrity_check` raises before SQLCipher's own check
    could say which page failed its HMAC."""
    checks: list[Check] = []
    if ws.on_server:
        return [_server_check(ws)]
    with ws.engine.connect() as conn:
        try:
            cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
        except Exception as exc:
            cipher = [f"the check could not run: {exc}"]
        checks.append(Check("SQLCipher page integrity (HMAC)", not cipher, cipher[:20]))
        if cipher:
            checks.append(Check("SQLite integrity", False, ["not checked: pages are damaged (see above); restore "
                                                            "the workspace from a backup"]))
            return checks
        try:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        except Exception as exc:
            rows = [f"the check could not run: {exc}"]
        checks.append(Check("SQLite integrity", rows == ["ok"], [] if rows == ["ok"] else rows[:20]))
        try:
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            details = [f"table {r[0]} row {r[1]} refers to a missing {r[2]} row" for r in fk[:20]]
        except Exception as exc:
            fk, details = [exc], [f"the check could not run: {exc}"]
        checks.append(Check("foreign keys", not fk, details))
    return checks


def _server_check(ws: Workspace) -> Check:
    """A server workspace: the pages are PostgreSQL's (its checksums and the IT's backups look after
    them); here, that every foreign key still finds its row, which holds unless a constraint was
    dropped or disabled by hand."""
    from sqlalchemy import inspect
    details: list[str] = []
    with ws.engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            for fk in inspector.get_foreign_keys(table):
                cols, ref_cols = fk["constrained_columns"], fk["referred_columns"]
                joined = " AND ".join(f"r.{rc} = t.{c}" for c, rc in zip(cols, ref_cols))
                present = " AND ".join(f"t.{c} IS NOT NULL" for c in cols)
                n = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {table} t WHERE {present} AND NOT EXISTS "
                    f"(SELECT 1 FROM {fk['referred_table']} r WHERE {joined})").scalar_one()
                if n:
                    details.append(f"table {table}: {n} rows refer to a missing {fk['referred_table']} row")
    return Check("foreign keys (server)", not details, details[:20])


def _keyfile_check(ws: Workspace) -> Check:
    problems = []
    try:
        current = ws.current_keyfile()
    except KeyFileError as exc:
        return Check("key file", False, [str(exc)])
    if not current.verify_mac(ws.key):
        problems.append(f"{KEYS_NAME} integrity code does not match (altered)")
    slots = current.slot_summary()
    if slots["recovery"] == 0:
        problems.append("no recovery slot: generate a new recovery key")
    with ws.reader() as s:
        active = set(s.scalars(select(User.username).where(User.active.is_(True))))
        meta = dict(s.execute(select(WorkspaceMeta.key, WorkspaceMeta.value)).all())
    if meta.get("workspace_id") != current.workspace_id:
        problems.append("key file belongs to another workspace")
    if meta.get(KEYFILE_GENERATION) and current.generation < int(meta[KEYFILE_GENERATION]):
        problems.append(f"key file generation {current.generation} is behind the database's "
                        f"{meta[KEYFILE_GENERATION]}: an old copy was put back")
    if meta.get(ROOT_KEY) != current.root_key_id and (meta.get(ROOT_KEY) or current.root_key_id):
        problems.append("the key file and the database name different root keys")
    missing = sorted(u for u in active if not current.has_user(ws.key, u))
    if missing:
        problems.append(f"active users without a key slot: {', '.join(missing)}")
    inactive = sorted(current.users(ws.key) - active)
    if inactive:
        problems.append(f"key slots of users who are not active: {', '.join(inactive)}")
    return Check("key file", not problems, problems)


def witness_head(path: Path) -> dict[str, Any] | None:
    """The audit head a file carries: a backup's manifest, a return's cover sheet, a package's
    header, or an audit-head.json itself."""
    from .backup import backup_head
    suffix = path.suffix.lower()
    if suffix == ".roctabackup":
        return backup_head(path)
    if suffix == ".roctapkg":
        from .packages import package_head
        return package_head(path)
    if suffix == ".xlsx":
        from python_calamine import CalamineWorkbook
        try:
            rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Cover").to_python()
        except Exception:
            return None
        cell = next((r[1] for r in rows if len(r) > 1 and r[0] == "Audit trail head"), None)
        try:
            return json.loads(cell) if isinstance(cell, str) else None
        except ValueError:
            return None
    try:
        data = json.loads(path.read_bytes()[:100_000])
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _heads(ws: Workspace, witnesses: list[Path]) -> list[tuple[str, dict[str, Any] | None]]:
    """Every witness of the trail's head this workspace can see: its head file, its backups, and the
    files named on the command line."""
    found: list[tuple[str, dict[str, Any] | None]] = []
    doc = head.read_head(ws.path)
    found.append((HEAD_NAME, {"seq": "unreadable"} if doc is None and head.head_path(ws.path).exists() else doc))
    folder = ws.path / BACKUPS_DIR
    if folder.is_dir():
        from .backup import backup_head
        for path in sorted(folder.glob("*.roctabackup")):
            found.append((f"backup {path.name}", backup_head(path)))
    for path in witnesses:
        doc = witness_head(path)
        found.append((f"witness {path.name}", doc if doc is not None else {"seq": "no audit head in this file"}))
    return found


def _trail_check(ws: Workspace, witnesses: list[Path]) -> tuple[Check, Check, str | None]:
    with ws.reader() as s:
        state = trust.verify_trail(s)
        last = state.head[0] if state.head else 0  # the replay's last event, withheld or not
        heads = _heads(ws, witnesses)
        events = chain.hashes(s, (int(h["seq"]) for _, h in heads if h and isinstance(h.get("seq"), int)))
        root = s.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == ROOT_KEY))
        intents = _dangling_intents(s)
    summary = (f"{state.events} events ({state.signed} signed"
               + (f", {state.legacy} from before signatures" if state.legacy else "") + ")")
    trail = Check("audit trail: hash chain, signatures, roles", not state.problems, state.problems,
                  [summary] + intents)
    head_problems = []
    for where, doc in heads:
        head_problems += head.check_head(doc, ws.workspace_id, events, last, state.keys, where)
    if heads and heads[0][1] is None and last and state.signed:
        head_problems.append(f"{HEAD_NAME} is missing: the end of the trail cannot be checked against it")
    return trail, Check("audit trail head (nothing cut from the end)", not head_problems, head_problems), root


def _dangling_intents(session: Any) -> list[str]:
    """Files whose writing was recorded (the intent, committed before the file was put in place) but
    never confirmed: the process may have died before the rename, or the file was never finished."""
    from .files import dangling
    return dangling(session)


def verify(ws: Workspace, *, witnesses: list[Path] | None = None) -> list[Check]:
    """Every integrity check we can make; each says what it found."""
    checks = _database_checks(ws)
    if not checks[0].ok:
        return checks  # a damaged database: nothing below can be trusted to run
    checks.append(_keyfile_check(ws))
    state = migrate.schema_state(ws.engine)
    checks.append(Check("schema version", state.up_to_date,
                        [] if state.up_to_date else [f"at {state.current}, expected {state.head}"]))
    trail, head_check, root = _trail_check(ws, list(witnesses or ()))
    if root:
        trail.notes.insert(0, f"workspace fingerprint: {ws.root_fingerprint() or root} (compare it with the "
                              "one written down when the workspace was created)")
    checks += [trail, head_check]
    with ws.reader() as s:
        mismatches = assessments.verify(s)
    checks.append(Check("assessment results recomputed", not mismatches, mismatches[:20]))
    files = sorted(p.name for p in ws.path.iterdir())
    needed = ("server.json",) if ws.on_server else (DB_NAME, KEYS_NAME)
    checks.append(Check("workspace files", all(n in files for n in needed), []))
    return checks
