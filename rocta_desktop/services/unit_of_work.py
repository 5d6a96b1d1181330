"""The unit of work: one user action, one write transaction, committed with its audit events (and,
when the action changes key slots, with the key file); and the change notice it leaves behind.

`Workspace.operation` (services/workspace.py) opens one and is the only place that commits it;
service functions take it as their first argument (`uow`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ..store import keyslots
from ..store.keyslots import KeyFile, KeyFileError, write_atomic
from . import audit, server, trust
from .actor import Actor
from .folders import keys_path
from .meta import KEYFILE_GENERATION, set_meta

if TYPE_CHECKING:  # the workspace opens units of work; a unit of work only reads its attributes
    from .workspace import Workspace


class ChangeSet(set):
    """What an operation changed: the set of areas ("group", "nominal", "user"...), with the
    (area, id) pairs of the records touched in `.records` for views that refresh rows in place."""

    def __init__(self, areas: set[str], records: set[tuple[str, int]] | None = None):
        super().__init__(areas)
        self.records = set(records or ())

    def ids(self, *areas: str) -> set[int]:
        return {i for a, i in self.records if a in areas}


class UnitOfWork:
    """One user action: a session in a write transaction, committed with its audit events (signed by
    the person signed in) and, when the action changes key slots, with the key file."""

    def __init__(self, workspace: Workspace, session: Session, action: str):
        self.workspace = workspace
        self.session = session
        self.actor: Actor = session.info["actor"]
        self._descriptions: dict[tuple[str, int] | None, tuple[str, str | None]] = {None: (action, None)}
        self.changed: set[str] = set()
        self.changed_records: set[tuple[str, int]] = set()
        self._written_directly: set[tuple[str, int]] = set()
        self._keyfile_edits: list[Callable[[KeyFile], Any]] = []
        self._after_commit: list[Callable[[], Any]] = []

    @property
    def signer(self) -> trust.Signer:
        return self.session.info["signer"]

    @property
    def summary(self) -> str | None:
        return self._descriptions[None][1]

    @summary.setter
    def summary(self, text: str | None) -> None:
        self._descriptions[None] = (self._descriptions[None][0], text)

    def describe(self, action: str, summary: str | None = None, record: Any = None) -> None:
        """Say what the user did, for the audit trail. With `record`, the words belong to that
        record's event; the last description also labels the operation as a whole."""
        self._descriptions[None] = (action, summary)
        if record is not None:
            self._descriptions[audit.entity_key(record)] = (action, summary)

    def touch(self, *areas: str) -> None:
        """Name what changed, for the change notice views listen to."""
        self.changed.update(areas)

    def mark_changed(self, entity_type: str, *ids: int) -> None:
        """Name records changed by Core statements (which the audit capture does not see), so the
        views showing them hear of it."""
        self._written_directly.update((entity_type, i) for i in ids if i is not None)

    def edit_keyfile(self, edit: Callable[[KeyFile], Any]) -> None:
        """Change the key file with this operation. The edit is applied at commit to the key file as
        it is on disk then (under its lock), never to a copy loaded earlier: two windows or
        processes changing slots never undo each other's changes."""
        self._keyfile_edits.append(edit)

    def after_commit(self, fn: Callable[[], Any]) -> None:
        self._after_commit.append(fn)

    def _commit(self) -> None:
        self.session.flush()
        self.changed_records = set(audit._buffer(self.session)) | self._written_directly
        self.changed.update(t for t, _ in self.changed_records)
        audit.write_pending(self.session, self.actor, self._descriptions)
        ws = self.workspace
        if ws.on_server and self.changed:  # delivered to the other clients when this commits
            server.notify(self.session.connection(), ws.client_id, self.actor.username, self.changed,
                          self.changed_records)
        if not self._keyfile_edits:
            self.session.commit()
            return
        if ws.on_server:  # the server keeps the key file: changed in this same transaction
            conn = self.session.connection()
            fresh = server.read_keyfile(conn, ws.path, for_update=True)
            if not fresh.verify_mac(ws.key):
                raise KeyFileError("the server's key file has been altered (integrity code does not match)")
            for edit in self._keyfile_edits:
                edit(fresh)
            fresh.next_generation(ws.key)
            set_meta(self.session, KEYFILE_GENERATION, str(fresh.generation))
            self.session.flush()
            server.write_keyfile(conn, fresh)
            self.session.commit()
            ws.keyfile = fresh
            return
        with keyslots.locked(keys_path(ws.path), ws.key) as fresh:
            old = fresh.path.read_bytes()
            for edit in self._keyfile_edits:
                edit(fresh)
            fresh.next_generation(ws.key)
            set_meta(self.session, KEYFILE_GENERATION, str(fresh.generation))
            self.session.flush()
            fresh.save()
            try:
                self.session.commit()
            except BaseException:
                write_atomic(keys_path(ws.path), old)  # a full disk must not leave half a key file
                raise
        ws.keyfile = fresh
