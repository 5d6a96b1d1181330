"""Keys of workspace_meta the workspace, its re-key and its exchange keep, and how one is set."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..store.models import WorkspaceMeta

REKEY_DONE = "rekey.completed"   # the id of the last re-key whose audit event is written
KEYFILE_GENERATION = "keyfile.generation"  # the key file generation last written
ROOT_KEY = "root_key_id"  # the signing key made when the workspace was created


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(WorkspaceMeta, key)
    if row is None:
        session.add(WorkspaceMeta(key=key, value=value))
    else:
        row.value = value
