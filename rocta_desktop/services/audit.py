"""The audit trail: who changed what, when, with before and after values.

Changes are captured from the ORM itself (after each flush, from attribute history), so a service
cannot forget to audit: `UnitOfWork.commit` turns the captured changes into one event per record
touched, and a `before_commit` guard refuses any commit that still carries unaudited changes.
Child rows (aliases, members, identifiers...) are recorded on the record they belong to (both
records, for a membership or a link). Bulk paths that bypass the ORM (demo data, imports) call
`record` themselves with a summary.

Events form a hash chain: each hash covers the event's content and the previous event's hash.
Since format 2 each event is also signed by its actor's key (the workspace's `Signer`, built at
sign-in: services/trust.py), and records the role it acted in and the permissions it relied on, so
that `rocta verify` can tell a forged, re-attributed or unauthorised event from a true one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session, object_session

from ..store.models import (
    AuditEvent,
    Base,
    CrimeType,
    ExchangeBaseline,
    ExchangeSent,
    Force,
    ImportKey,
    Merge,
    ReferenceCounter,
    Subject,
    UserCertificate,
    WorkspaceMeta,
)
from ..store.models.base import utcnow

# who acts, and the hash chain: found here too, their old home
from .actor import Actor as Actor
from .chain import BATCHED_VERSION as BATCHED_VERSION
from .chain import GENESIS as GENESIS
from .chain import chain_hash as chain_hash
from .chain import head as chain_head
from .chain import iter_events as iter_events
from .chain import plain as plain

_NOT_AUDITED = (AuditEvent, ReferenceCounter, WorkspaceMeta, UserCertificate, ExchangeBaseline, ExchangeSent, ImportKey,
                Merge)
EVENT_VERSION = 2
_SKIP_ALWAYS = {"id", "updated_at", "created_at"}


@dataclass
class _Pending:
    entity_type: str
    entity_id: int
    kind: str  # create / update / delete
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    collections: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    ref: str | None = None


def _entity_type(obj: Any) -> str:
    return obj.kind if isinstance(obj, Subject) else obj.__audit_type__


def _columns(obj: Any) -> list[str]:
    skip = _SKIP_ALWAYS | set(getattr(obj, "__audit_skip__", ()))
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in skip]


def _buffer(session: Session) -> dict[tuple[str, int], _Pending]:
    return session.info.setdefault("audit_buffer", {})


def _root_key(session: Session, cls: type, ident: int) -> tuple[str, int] | None:
    if ident is None:
        return None
    obj = session.identity_map.get(inspect(cls).identity_key_from_primary_key((ident,)))
    if obj is None:
        with session.no_autoflush:
            obj = session.get(cls, ident)
    if obj is None:
        return None
    return (_entity_type(obj), ident)


def resolve_ref(session: Session, cls: type, ident: int) -> str:
    """A readable name for a referenced row (subject reference, force code, crime type name)."""
    with session.no_autoflush:
        obj = session.get(cls, ident)
    if obj is None:
        return f"#{ident}"
    if isinstance(obj, Subject):
        return obj.reference
    if isinstance(obj, CrimeType):
        return obj.name
    if isinstance(obj, Force):
        return obj.code
    if hasattr(obj, "audit_ref"):
        return obj.audit_ref()
    return f"#{ident}"


def _touched(kind: str):
    def listener(mapper: Any, connection: Any, target: Any) -> None:
        if isinstance(target, _NOT_AUDITED):
            return
        session = object_session(target)
        if session is None:
            return
        if session.info.get("read_only"):
            raise RuntimeError("a read-only session tried to change data")
        if session.info.get("actor") is None:
            raise RuntimeError("data changed outside a unit of work (no actor to audit)")
        if not (hasattr(target, "audit_ref") or hasattr(target, "audit_roots")):
            raise RuntimeError(f"{type(target).__name__} is not auditable")
        session.info.setdefault("audit_touched", []).append((target, kind))
    return listener


def _capture(session: Session, flush_context: Any) -> None:
    """After each flush: turn the rows the mapper events saw into pending audit entries. Runs
    before attribute history is reset, so before/after values are still known."""
    touched = session.info.pop("audit_touched", [])
    buf = _buffer(session)
    for obj, kind in touched:
        if kind == "update" and not session.is_modified(obj, include_collections=False):
            continue
        if hasattr(obj, "audit_ref"):
            _capture_root(buf, obj, kind)
        else:
            _capture_child(session, buf, obj, kind)


def _capture_root(buf: dict, obj: Any, kind: str) -> None:
    key = (_entity_type(obj), obj.id)
    pending = buf.get(key)
    if pending is None:
        pending = buf[key] = _Pending(key[0], obj.id, kind)
    elif kind == "delete":
        pending.kind = "delete"
    state = inspect(obj)
    for name in _columns(obj):
        hist = state.attrs[name].history
        if kind == "create":
            before, after = None, state.attrs[name].value
        elif kind == "delete":
            before, after = state.attrs[name].value, None
        elif hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
        else:
            continue
        before, after = plain(before), plain(after)
        if name in pending.fields:  # flushed twice in one unit of work: keep the first "before"
            before = pending.fields[name]["before"]
        if before != after or kind != "update":
            if after is None and before is None:
                continue
            pending.fields[name] = {"before": before, "after": after}
        else:
            pending.fields.pop(name, None)
    pending.ref = obj.audit_ref()


def _capture_child(session: Session, buf: dict, obj: Any, kind: str) -> None:
    collection, item = obj.audit_item(lambda cls, i: resolve_ref(session, cls, i))
    for cls, ident in obj.audit_roots():
        key = _root_key(session, cls, ident)
        if key is None:
            continue
        pending = buf.setdefault(key, _Pending(key[0], ident, "update"))
        coll = pending.collections.setdefault(collection, {"added": [], "removed": [], "changed": []})
        if kind == "create":
            coll["added"].append(item)
        elif kind == "delete":
            coll["removed"].append(item)
        else:
            coll["changed"].append(item)


def _tail_version(session: Session, event_id: int) -> int | None:
    """The format version of event `event_id` (the newest, from `chain_head`), whoever may read it."""
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(text("SELECT version FROM rocta_chain_links(:after, 1)"),
                               {"after": event_id - 1}).scalar()
    return session.execute(select(AuditEvent.version).where(AuditEvent.id == event_id)).scalar()


def _last_hash(session: Session) -> str:
    """The newest event's hash, for a unit of work's first event. A trail that ends with a batched
    event (unsigned, waiting for its batch's signature) was not left so by `record_many`, which
    writes a batch and its seal in one statement: someone slipped it in for the next signature to
    seal. Nothing is appended after it (the replay names it: `rocta verify`)."""
    last = chain_head(session)
    if last and _tail_version(session, last[0]) == BATCHED_VERSION:
        from ..domain.errors import Conflict
        raise Conflict(f"the audit trail ends with an unsealed batched event (#{last[0]}) that this application "
                       "did not write: nothing more is recorded after it until an administrator has looked into "
                       "it (rocta verify names it)")
    return last[1] if last else GENESIS


def record(session: Session, actor: Actor, *, action: str, entity_type: str, summary: str,
           entity_id: int | None = None, entity_ref: str | None = None,
           changes: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event explicitly (bulk writes, sign-in related events). It is attributed to, and
    signed by, the person signed in (the session's signer), whatever `actor` says."""
    signer = session.info.get("signer")
    if signer is None:
        raise RuntimeError("an audit event needs the signer of the person signed in")
    who = signer.actor
    if actor is not None and (actor.user_id, actor.username) != (who.user_id, who.username):
        raise RuntimeError(f"an event for {actor.username} cannot be recorded while {who.username} is signed in")
    relied = session.info.get("relied_on")
    ev = AuditEvent(at=utcnow(), user_id=who.user_id, username=who.username, action=action,
                    entity_type=entity_type, entity_id=entity_id, entity_ref=entity_ref,
                    summary=summary, changes=changes or {}, version=EVENT_VERSION, role=who.role.value,
                    relied_on=sorted(p.value for p in relied) if relied else [], key_id=signer.key_id)
    ev.prev_hash = session.info.get("audit_last_hash") or _last_hash(session)
    ev.hash = chain_hash(ev.prev_hash, ev)
    ev.signature = signer.sign_event(ev.hash)
    session.info["audit_last_hash"] = ev.hash
    session.info["audit_last_event"] = ev
    session.add(ev)
    return ev


def record_many(session: Session, actor: Actor, items: list[dict[str, Any]]) -> int:
    """Append many events at once (bulk paths: an exchange package's records), hash-chained like
    `record`, inserted through the store's bulk path. Each item: action, entity_type, summary and
    optionally entity_id, entity_ref, changes (a dict, or `changes_text`: their canonical JSON text,
    as services/chain.py `canonical_created` writes it).

    One signature seals the batch: every event but the last is a batched event (`BATCHED_VERSION`:
    the same content in its hash, role, permissions and key included, but no signature of its own),
    and the last is signed like any other. Its hash covers the chain back through the whole batch,
    so altering, removing or inserting any event of the batch breaks that signature; the replay
    (services/trust.py) accepts a batched event only when the next event is signed by the same key,
    and refuses batched events at the end of the trail."""
    if not items:
        return 0
    signer = session.info.get("signer")
    if signer is None:
        raise RuntimeError("audit events need the signer of the person signed in")
    session.flush()  # events recorded before these take their numbers first: the chain follows the numbers
    import json

    from ..store import bulk
    from ..store.models.base import UTCDateTime
    from .chain import BatchHasher
    who = signer.actor
    relied = session.info.get("relied_on")
    relied_list = sorted(p.value for p in relied) if relied else []
    prev = session.info.get("audit_last_hash") or _last_hash(session)
    now = utcnow()
    at_text = UTCDateTime().process_bind_param(now, None)
    relied_text = json.dumps(relied_list)
    user_id, username, role, key_id = who.user_id, who.username, who.role.value, signer.key_id
    # each event hashed as `chain_hash` hashes it, its changes encoded once (their canonical text is
    # what is hashed and what is stored: it reads back as the same changes)
    hasher = BatchHasher(at=now, user_id=user_id, username=username, role=role, relied_on=relied_list,
                         key_id=key_id).hash
    rows = []
    last = len(items) - 1
    for n, item in enumerate(items):
        version = EVENT_VERSION if n == last else BATCHED_VERSION
        action, entity_type, entity_id = item["action"], item["entity_type"], item.get("entity_id")
        entity_ref, summary = item.get("entity_ref"), item["summary"]
        digest, changes_text = hasher(prev, version=version, action=action, entity_type=entity_type,
                                      entity_id=entity_id, entity_ref=entity_ref, summary=summary,
                                      changes=item.get("changes") or {}, changes_text=item.get("changes_text"))
        rows.append((at_text, user_id, username, action, entity_type, entity_id, entity_ref, summary, changes_text,
                     version, role, relied_text, key_id, prev, digest, signer.sign_event(digest) if n == last else None))
        prev = digest
    bulk.insert_many(session.connection(), AuditEvent.__tablename__,
                     ("at", "user_id", "username", "action", "entity_type", "entity_id", "entity_ref", "summary",
                      "changes", "version", "role", "relied_on", "key_id", "prev_hash", "hash", "signature"), rows)
    session.info["audit_last_hash"] = prev
    last_id = chain_head(session)[0]
    session.info["audit_last_event"] = type("Head", (), {"id": last_id, "hash": prev})()
    return len(rows)


def events_for(session: Session, entity_type: str, entity_id: int) -> list[dict[str, Any]]:
    """A record's audit events, oldest first."""
    from .access import redact_events
    rows = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == entity_type,
                                                    AuditEvent.entity_id == entity_id).order_by(AuditEvent.id))
    return redact_events(session, [{"at": e.at, "username": e.username, "action": e.action, "summary": e.summary,
                                    "changes": e.changes, "entity_type": e.entity_type, "entity_id": e.entity_id}
                                   for e in rows])


def history(session: Session, entity_type: str, entity_id: int) -> list[dict[str, Any]]:
    """A record's audit events, oldest first, as a person reads them: the records and people a
    change names by their names (services/trail_words.py)."""
    from .trail_words import readable
    return readable(session, events_for(session, entity_type, entity_id))


def contributors(session: Session, entity_type: str, entity_id: int) -> set[int | None]:
    """Everyone whose recorded actions changed a record (for the four-eyes rule)."""
    from ..domain.approval import NOT_AUTHORSHIP
    return set(session.scalars(select(AuditEvent.user_id).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id,
        AuditEvent.action.not_in(NOT_AUTHORSHIP)).distinct()))


def entity_key(obj: Any) -> tuple[str, int]:
    return (_entity_type(obj), obj.id)


def write_pending(session: Session, actor: Actor,
                  descriptions: dict[tuple[str, int] | None, tuple[str, str | None]]) -> int:
    """Turn the captured changes of this unit of work into audit events, one per record touched.

    `descriptions` maps a record key to the (action, summary) the service gave for it; the entry
    under None is the operation's own and labels records touched along the way."""
    buf = _buffer(session)
    default_action, default_summary = descriptions.get(None, ("change", None))
    count = 0
    for key, pending in buf.items():
        collections = {k: {kk: vv for kk, vv in v.items() if vv} for k, v in pending.collections.items()}
        changes: dict[str, Any] = dict(pending.fields)
        changes.update({k: v for k, v in collections.items() if v})
        if not changes and pending.kind == "update":
            continue
        ref = pending.ref
        if ref is None and pending.entity_type in ("group", "nominal", "vulnerability"):
            ref = resolve_ref(session, Subject, pending.entity_id)
        verb = {"create": "created", "update": "changed", "delete": "deleted"}[pending.kind]
        action, summary = descriptions.get(key, (None, None))
        if action is None:
            action = default_action
            summary = f"{pending.entity_type} {ref or pending.entity_id} {verb}" + (
                f" ({default_summary})" if default_summary else "")
        record(session, actor, action=action, entity_type=pending.entity_type,
               entity_id=pending.entity_id, entity_ref=ref, summary=summary or "", changes=changes)
        count += 1
    buf.clear()
    return count


_ROW_LISTENERS = {"insert": _touched("create"), "update": _touched("update"), "delete": _touched("delete")}


def _guard_commit(session: Session) -> None:
    if session.info.get("audit_buffer") or session.info.get("audit_touched"):
        raise RuntimeError("refusing to commit changes that have no audit event")


def install(session_factory: Any) -> None:
    """Attach the capture and the guard to a sessionmaker (or Session class). Row-level mapper
    events see every insert, update and delete, including orphans removed through collections."""
    if not event.contains(Base, "after_insert", _ROW_LISTENERS["insert"]):
        for kind, listener in _ROW_LISTENERS.items():
            event.listen(Base, f"after_{kind}", listener, propagate=True)
    event.listen(session_factory, "after_flush", _capture)
    event.listen(session_factory, "before_commit", _guard_commit)


def verify_chain(session: Session) -> list[str]:
    """Replay the trail: hash chain, signatures, roles and account certificates (services/trust.py);
    returns the problems found (empty when intact), the first failing event first."""
    from .trust import verify_trail
    return verify_trail(session).problems


def search_events(session: Session, *, username: str | None = None, action: str | None = None,
                  record: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                  actions: list[str] | None = None, entity_types: list[str] | None = None,
                  limit: int = 2000) -> list[dict[str, Any]]:
    """The audit trail, newest first, filtered by user, action (prefix, or one of `actions`), kind of
    record (one of `entity_types`, as `trail_choices` lists them), record reference (part) and day range;
    the records and people a change names by their names (services/trail_words.py)."""
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if username:
        q = q.where(AuditEvent.username == username.strip().lower())
    if action:
        q = q.where(AuditEvent.action.like(f"{action.strip()}%"))
    if actions:
        q = q.where(AuditEvent.action.in_(list(actions)))
    if entity_types:
        q = q.where(AuditEvent.entity_type.in_(list(entity_types)))
    if record:
        q = q.where(AuditEvent.entity_ref.like(f"%{record.strip().upper()}%"))
    if since:
        q = q.where(AuditEvent.at >= dt.datetime.combine(since, dt.time(0), tzinfo=dt.UTC))
    if until:
        q = q.where(AuditEvent.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC))
    from .access import redact_events
    from .trail_words import readable
    return readable(session, redact_events(session, [
        {"id": e.id, "at": e.at, "username": e.username, "action": e.action, "entity_type": e.entity_type,
         "entity_id": e.entity_id, "entity_ref": e.entity_ref, "summary": e.summary, "changes": e.changes}
        for e in session.scalars(q)]))


def trail_choices(session: Session) -> dict[str, list[str]]:
    """What the trail's filters offer: the distinct actions and kinds of record (entity types) of the
    events this reader may see, as `search_events` shows them (an event about a record they may not
    see does not count)."""
    from .access import events_seen
    rows = session.execute(select(AuditEvent.action, AuditEvent.entity_type).where(events_seen(session))
                           .distinct()).all()
    return {"actions": sorted({a for a, _ in rows if a}), "entity_types": sorted({t for _, t in rows if t})}


def record_view(uow: Any, entity_type: str, entity_id: int, reference: str, marking: Any) -> None:
    """Who looked at a record marked OFFICIAL-SENSITIVE or above (views are audited like changes)."""
    from ..domain.markings import Marking
    if marking.rank < Marking.OFFICIAL_SENSITIVE.rank:
        return
    record(uow.session, uow.actor, action="record.view", entity_type=entity_type, entity_id=entity_id,
           entity_ref=reference, summary=f"{uow.actor.username} viewed {reference} ({marking.value})")
