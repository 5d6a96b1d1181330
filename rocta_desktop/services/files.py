"""Files written for others (returns, printed reports, charts, backups, exchange packages), audited
so that no file can leave without its audit event.

Order: the file is written whole under a hidden partial name beside its target; its SHA-256 is
taken; the *intent* (who, what, where, marking, digest, size) is committed as an audit event; only
then is the file renamed into place, and the rename confirmed by a second event. A process killed
after the intent and before the rename leaves a committed intent with no confirmation and at most a
partial file: `rocta verify` lists such intents (`dangling`). Nothing is ever in place unaudited.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.markings import Marking
from ..store.keyslots import _fsync_dir
from ..store.models import AuditEvent
from . import audit, storage

INTENT, WRITTEN = "intent", "file.written"


@dataclass
class Delivered:
    path: Path
    sha256: str
    size: int
    marking: Marking
    counts: dict[str, int] = field(default_factory=dict)
    intent_id: int | None = None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def record_intent(uow: Any, *, event: str, what: str, path: Path, marking: Marking, digest: str, size: int,
                  counts: dict[str, int], details: dict[str, Any] | None = None,
                  also: Callable[[Any], None] | None = None) -> int:
    """The committed promise that `path` is about to appear with this digest (with `also`, whatever
    else must be committed with it, e.g. the partner's package sequence number)."""
    if also is not None:
        also(uow)
    summary = (f"{what} written to {path} ({marking.value}; "
               + ", ".join(f"{n:,} {k}" for k, n in counts.items()) + f"; {size:,} bytes)")
    ev = audit.record(uow.session, uow.actor, action=event, entity_type="file", entity_ref=path.name[:64],
                      summary=summary, changes={"state": INTENT, "file": str(path), "sha256": digest, "bytes": size,
                                                "marking": marking.value, "rows": counts, **(details or {})})
    uow.session.flush()
    uow.touch("export")
    return ev.id


def confirm(uow: Any, intent_id: int, path: Path) -> None:
    audit.record(uow.session, uow.actor, action=WRITTEN, entity_type="file", entity_ref=path.name[:64],
                 summary=f"{path} is in place", changes={"intent": intent_id, "file": str(path)})


def deliver(ws: Any, *, action: str, what: str, target: Path, produce: Callable[[Path], None], marking: Marking,
            counts: dict[str, int], details: dict[str, Any] | None = None,
            also: Callable[[Any], None] | None = None, sha256: str | None = None) -> Delivered:
    """Write `target` through `produce(partial_path)`, with its intent committed before it lands.
    `sha256`: the digest of the bytes `produce` writes, when the caller has them (else the file
    written is read back for it)."""
    target = Path(target)
    partial = partial_path(target)
    failed, outcome = f"The {what} was not written", "no file was left in its place"
    try:
        with storage.writing([partial, target.parent], failed, outcome):
            produce(partial)
            os.chmod(partial, 0o600)
            digest, size = sha256 or sha256_of(partial), partial.stat().st_size
        intent = ws.write(action, record_intent, event=action, what=what, path=target, marking=marking,
                          digest=digest, size=size, counts=counts, details=details, also=also)
        with storage.writing([target, target.parent], failed, outcome):
            os.replace(partial, target)
            _fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    with contextlib.suppress(Exception):  # in place and its intent is committed; a lost confirmation is only a note
        ws.write(WRITTEN, confirm, intent, target)
    return Delivered(target, digest, size, marking, counts, intent)


def dangling(session: Session) -> list[str]:
    """Intents never confirmed, as sentences for `rocta verify`."""
    intents: dict[int, AuditEvent] = {}
    confirmed: set[int] = set()
    for ev in session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "file").order_by(AuditEvent.id)):
        changes = ev.changes or {}
        if changes.get("state") == INTENT:
            intents[ev.id] = ev
        elif ev.action == WRITTEN and isinstance(changes.get("intent"), int):
            confirmed.add(changes["intent"])
    notes = []
    for eid, ev in intents.items():
        if eid not in confirmed:
            path = Path(ev.changes.get("file", "?"))
            there = path.is_file() and sha256_of(path) == ev.changes.get("sha256")
            notes.append(f"event {eid}: {ev.action} to {path} by {ev.username} was recorded but never confirmed "
                         + ("(the file is there, with the recorded digest)" if there else
                            "(the file is not there: the writing was interrupted)"))
    return notes
