"""The audit trail's hash chain: how an event is hashed and how the trail is walked. Apart from
services/audit.py (which writes events) so that services/trust.py (which replays and verifies them)
needs only this."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import AuditEvent

GENESIS = "0" * 64


def plain(value: Any) -> Any:
    """JSON-friendly form of a column value for the audit trail."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def chain_hash(prev: str, ev: AuditEvent) -> str:
    """An event's hash: its content and the previous event's hash (the chain)."""
    content = {
        "prev": prev, "at": plain(ev.at), "user_id": ev.user_id, "username": ev.username,
        "action": ev.action, "entity_type": ev.entity_type, "entity_id": ev.entity_id,
        "entity_ref": ev.entity_ref, "summary": ev.summary, "changes": ev.changes,
    }
    if (ev.version or 1) >= 2:  # signed events: the role and permissions relied on, the key, are in the hash
        content.update(v=ev.version, role=ev.role, relied_on=ev.relied_on, key_id=ev.key_id)
    body = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def iter_events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    """Every event, oldest first, a batch at a time (the session is emptied between batches)."""
    last_id = 0
    while True:
        rows = session.execute(select(AuditEvent).where(AuditEvent.id > last_id)
                               .order_by(AuditEvent.id).limit(batch)).scalars().all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()
