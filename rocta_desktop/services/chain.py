"""The audit trail's hash chain: how an event is hashed and how the trail is walked. Apart from
services/audit.py (which writes events) so that services/trust.py (which replays and verifies them)
needs only this."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..store.models import AuditEvent

GENESIS = "0" * 64
#: an audit event of a batch (services/audit.py `record_many`): hash-chained, with no signature of
#: its own; the next event, signed by the same key, seals it (its hash covers the chain back through
#: the batch). Version 1: hash-chained only (before signatures); 2: signed.
BATCHED_VERSION = 3
#: the form an event's content is hashed in (`json.dumps` with these options; one encoder, made once)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
    body = _CANONICAL.encode(content)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_encode_text = json.encoder.encode_basestring   # what `_CANONICAL` writes a text with (ensure_ascii=False)


def _encoded(value: Any) -> str:
    """`value` as `_CANONICAL` writes it, alone or inside an object (the same text either way)."""
    if value is None:
        return "null"
    cls = value.__class__
    if cls is str:
        return _encode_text(value)
    if cls is int:
        return int.__repr__(value)
    return _CANONICAL.encode(value)


def canonical_created(plain_part: dict[str, Any], created: dict[str, Any]) -> str:
    """`_CANONICAL.encode({**plain_part, **{k: {"before": None, "after": v} for k, v in created.items()}})`
    (the changes of a record created by a bulk path), written without making a dict per field: the
    same keys sorted the same way, each value written by the same encoder, so the same text byte for
    byte (tests/services/test_exchange.py checks it)."""
    parts = {k: _encoded(v) for k, v in plain_part.items()}
    for k, v in created.items():
        parts[k] = '{"after":' + _encoded(v) + ',"before":null}'
    return "{" + ",".join([_encode_text(k) + ":" + parts[k] for k in sorted(parts)]) + "}"


class BatchHasher:
    """`chain_hash` for many signed events (version 2 or later) of one person at one moment (a bulk
    path's batch, services/audit.py `record_many`): the parts the events share are encoded once,
    and each event's changes once, for both its hash and its stored text (`hash` returns both).
    The text hashed is, byte for byte, what `chain_hash` hashes: the same keys in the same sorted
    order, each value written by the same encoder (tests/services/test_exchange.py checks it)."""

    def __init__(self, *, at: Any, user_id: Any, username: Any, role: Any, relied_on: Any, key_id: Any):
        self._at = _encoded(plain(at))
        self._tail_key = ',"key_id":' + _encoded(key_id) + ',"prev":'
        self._tail_who = (',"relied_on":' + _encoded(relied_on) + ',"role":' + _encoded(role) + ',"summary":')
        self._tail_user = ',"user_id":' + _encoded(user_id) + ',"username":' + _encoded(username) + ',"v":'

    def hash(self, prev: str, *, version: int, action: str, entity_type: Any, entity_id: Any, entity_ref: Any,
             summary: Any, changes: dict[str, Any] | None = None, changes_text: str | None = None) -> tuple[str, str]:
        """(the event's hash, its changes as canonical JSON text: what to store). The changes come as
        a dict, or already as their canonical text (`canonical_created`)."""
        if version < 2:
            raise ValueError("a batch hashes signed events (version 2 or later)")
        if changes_text is None:
            changes_text = _CANONICAL.encode(changes if changes is not None else {})
        body = "".join(('{"action":', _encoded(action), ',"at":', self._at, ',"changes":', changes_text,
                        ',"entity_id":', _encoded(entity_id), ',"entity_ref":', _encoded(entity_ref),
                        ',"entity_type":', _encoded(entity_type), self._tail_key, _encoded(prev), self._tail_who,
                        _encoded(summary), self._tail_user, _encoded(version), "}"))
        return hashlib.sha256(body.encode("utf-8")).hexdigest(), changes_text


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def head(session: Session) -> tuple[int, str] | None:
    """The newest event's number and hash. On a server the writer may not be allowed to read that
    event (need to know, migration 0015): the database gives its number and hash, nothing more, so
    the trail stays one chain whoever appends to it."""
    if _on_server(session):
        row = session.execute(text("SELECT id, hash FROM rocta_chain_head()")).first()
    else:
        row = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None and row[0] is not None else None


def hashes(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """(hash, key id) of the events numbered `ids` (to check an audit head against the trail),
    whoever may read them."""
    wanted = sorted(set(ids))
    if not _on_server(session):
        return {i: (h, k) for i, h, k in session.execute(
            select(AuditEvent.id, AuditEvent.hash, AuditEvent.key_id).where(AuditEvent.id.in_(wanted)))}
    found = {}
    for i in wanted:
        row = session.execute(text("SELECT id, hash, key_id FROM rocta_chain_links(:after, 1)"), {"after": i - 1}).first()
        if row is not None and row.id == i:
            found[i] = (row.hash, row.key_id)
    return found


def _withheld(row: Any) -> SimpleNamespace:
    """An event the reader may not read, as the chain needs it: no summary, no changes (`withheld`:
    its hash cannot be recomputed by this reader; its links and signature still are checked)."""
    return SimpleNamespace(**{**row._asdict(), "at": dt.datetime.fromisoformat(row.at),
                              "relied_on": json.loads(row.relied_on) if row.relied_on else None,
                              "summary": None, "changes": {}, "withheld": True})


def iter_events(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    """Every event, oldest first, a batch at a time (the session is emptied between batches). On a
    server, the events this reader may not read come `withheld` (see `_withheld`)."""
    if _on_server(session):
        yield from _iter_server_events(session, batch)
        return
    last_id = 0
    while True:
        rows = session.execute(select(AuditEvent).where(AuditEvent.id > last_id)
                               .order_by(AuditEvent.id).limit(batch)).scalars().all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


def _iter_server_events(session: Session, batch: int) -> Iterator[Any]:
    last_id = 0
    while True:
        links = session.execute(text("SELECT * FROM rocta_chain_links(:after, :n)"),
                                {"after": last_id, "n": batch}).all()
        if not links:
            return
        readable = {e.id: e for e in session.execute(select(AuditEvent).where(
            AuditEvent.id > last_id, AuditEvent.id <= links[-1].id)).scalars()}
        for row in links:
            yield readable.get(row.id) or _withheld(row)
        last_id = links[-1].id
        session.expunge_all()
