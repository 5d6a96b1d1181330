"""Workspace information and verification (`rocta info`, `rocta verify`, Administration screen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from .. import __version__
from ..store import migrate
from ..store.models import AuditEvent, User, WorkspaceMeta
from . import assessments, audit, registers
from .workspace import DB_NAME, KEYS_NAME, Workspace


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
        "subjects": counts, "files": files,
    }


@dataclass
class Check:
    name: str
    ok: bool
    details: list[str] = field(default_factory=list)


def verify(ws: Workspace) -> list[Check]:
    """Every integrity check we can make; each says what it found."""
    checks: list[Check] = []
    with ws.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        checks.append(Check("SQLite integrity", rows == ["ok"], [] if rows == ["ok"] else rows[:20]))
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        checks.append(Check("foreign keys", not fk,
                            [f"table {r[0]} row {r[1]} refers to a missing {r[2]} row" for r in fk[:20]]))
        cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
        checks.append(Check("SQLCipher page integrity (HMAC)", not cipher, cipher[:20]))
    kf_problems = []
    if not ws.keyfile.verify_mac(ws.key):
        kf_problems.append(f"{KEYS_NAME} integrity code does not match (altered)")
    slots = ws.keyfile.slot_summary()
    if slots["recovery"] == 0:
        kf_problems.append("no recovery slot: generate a new recovery key")
    with ws.reader() as s:
        active = set(s.scalars(select(User.username).where(User.active.is_(True))))
        meta_id = s.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == "workspace_id"))
    if meta_id != ws.keyfile.workspace_id:
        kf_problems.append("key file belongs to another workspace")
    missing = sorted(u for u in active if not ws.keyfile.has_user(u))
    if missing:
        kf_problems.append(f"active users without a key slot: {', '.join(missing)}")
    checks.append(Check("key file", not kf_problems, kf_problems))
    state = migrate.schema_state(ws.engine)
    checks.append(Check("schema version", state.up_to_date,
                        [] if state.up_to_date else [f"at {state.current}, expected {state.head}"]))
    with ws.reader() as s:
        chain = audit.verify_chain(s)
    checks.append(Check("audit trail hash chain", not chain, chain))
    with ws.reader() as s:
        mismatches = assessments.verify(s)
    checks.append(Check("assessment results recomputed", not mismatches, mismatches[:20]))
    files = sorted(p.name for p in ws.path.iterdir())
    checks.append(Check("workspace files", DB_NAME in files and KEYS_NAME in files, []))
    return checks
