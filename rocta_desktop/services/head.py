"""The audit trail's head, kept outside the database so that cutting events off the end shows.

After every commit the newest event's number and hash, signed by the person whose event it is, are
written to `audit-head.json` beside the database (under the key file's lock; a newer head is never
replaced by an older one). Backups, returns and exchange packages carry a copy too, so other places
hold witnesses. `rocta verify` checks that the trail still reaches every head it can find.

Why a file of its own rather than inside `keyslots.json`: the head changes on every commit, and the
key file is the one file whose loss locks everybody out; it is rewritten only when slots change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain import clock
from ..store.keyslots import exclusive, write_atomic
from ..store.signing import PublicKey, head_message
from .folders import HEAD_NAME

FORMAT = "rocta-audit-head"


def head_path(folder: Path) -> Path:
    return Path(folder) / HEAD_NAME


def make_head(signer: Any, seq: int, event_hash: str) -> dict[str, Any]:
    return {"format": FORMAT, "workspace": signer.workspace_id, "seq": int(seq), "hash": event_hash,
            "key_id": signer.key_id, "at": clock.now().isoformat(timespec="seconds"),
            "signature": signer.sign(head_message(signer.workspace_id, int(seq), event_hash))}


def read_head(folder: Path) -> dict[str, Any] | None:
    """The head file's content, or None when there is none (or it is unreadable: verify says so)."""
    try:
        data = json.loads(head_path(folder).read_bytes()[:100_000])
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def write_head(folder: Path, signer: Any, seq: int, event_hash: str) -> None:
    """Record a new head (ignored if the file already names a later one). A failure here never undoes
    the commit that came before it: the next commit writes the head again."""
    try:
        with exclusive(Path(folder), wait=5.0):
            current = read_head(folder)
            if current is not None and isinstance(current.get("seq"), int) and current["seq"] >= seq:
                return
            write_atomic(head_path(folder), json.dumps(make_head(signer, seq, event_hash), indent=1).encode())
    except Exception:
        return


def check_head(head: dict[str, Any] | None, workspace_id: str, events: dict[int, tuple[str, str | None]],
               last: int, keys: dict[str, tuple[Any, str]], where: str) -> list[str]:
    """Problems with one head (from the file, a backup or a package) against the trail: `events`
    maps an event number to (hash, key id) for the numbers asked about; `keys` are the public keys
    the replay proved."""
    if head is None:
        return []
    try:
        seq, event_hash, key_id = int(head["seq"]), str(head["hash"]), str(head["key_id"])
    except (KeyError, TypeError, ValueError):
        return [f"{where}: the audit head cannot be read"]
    if head.get("workspace") != workspace_id:
        return [f"{where}: the audit head belongs to another workspace"]
    holder = keys.get(key_id)
    if holder is None or not PublicKey.from_b64(holder[1]).verify(head.get("signature"),
                                                                  head_message(workspace_id, seq, event_hash)):
        return [f"{where}: the audit head (event {seq}) is not signed by a key of this workspace"]
    if seq > last:
        return [f"{where}: the audit trail ends at event {last}, but event {seq} was recorded: "
                f"{seq - last} event(s) were cut from the end"]
    have = events.get(seq)
    if have is None or have[0] != event_hash:
        return [f"{where}: event {seq} is not the one recorded (the trail was rewritten)"]
    return []
