"""Finishing a re-key in the database (services/rekey.py does the re-key itself): apart so that a
workspace that opens on an interrupted re-key can finish it without importing the re-key (which
builds on the workspace)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..store.models import User, WorkspaceMeta
from . import audit, trust
from .folders import RECOVERY_ACTOR
from .meta import KEYFILE_GENERATION, REKEY_DONE, set_meta

ACTION = "workspace.rekey"


def complete(ws: Any, info: dict, *, interrupted: bool) -> None:
    """Write what a re-key changed in the database: the new keys' certificates (signed by the
    administrator who re-keyed), the reset accounts must change their password, and the audit event.
    Idempotent (the re-key's id is kept in workspace_meta). The certificate of whoever is completing
    it goes in first, in an operation of its own: every later event is signed with that new key."""
    reset = [int(i) for i in info.get("reset", [])]
    certs = list(info.get("certs", []))
    recovery_cert = info.get("recovery_cert")
    me = ws.actor.user_id

    def done(s) -> bool:
        row = s.get(WorkspaceMeta, REKEY_DONE)
        return row is not None and row.value == info.get("id")

    mine = [c for c in certs if c.get("user_id") == me and me is not None]
    if mine or (me is None and recovery_cert):
        with ws.operation(ACTION) as uow:
            if done(uow.session):
                return
            if mine:
                _apply(uow, mine[0])
            else:
                _apply_recovery(uow, recovery_cert)
            uow.describe(ACTION, "re-key: the new signing key of the person completing it certified")
    with ws.operation(ACTION) as uow:
        s = uow.session
        if done(s):
            return
        for entry in certs:
            if entry not in mine:
                _apply(uow, entry)
        if recovery_cert and me is not None:
            _apply_recovery(uow, recovery_cert)
        names = []
        for user in s.scalars(select(User).where(User.id.in_(reset))):
            user.must_change_password = True
            names.append(user.username)
        by = s.get(User, info["by"]) if info.get("by") is not None else None
        who = by.username if by is not None else "the recovery key"
        if interrupted:
            summary = (f"database re-keyed by {who}; the change was interrupted and finished when "
                       f"{ws.actor.username} next signed in: the temporary passwords were never shown, so "
                       f"reset the passwords of {', '.join(sorted(names)) or 'nobody'} and make a new recovery key")
        else:
            summary = (f"database re-keyed by {who}: no earlier key file opens it; temporary passwords for "
                       f"{', '.join(sorted(names)) or 'nobody'}; new recovery key")
        audit.record(s, uow.actor, action=ACTION, entity_type="workspace", summary=summary,
                     changes={"rekey_id": info.get("id"), "temporary_passwords_for": sorted(names),
                              "backup": info.get("backup"), "interrupted": interrupted})
        set_meta(s, REKEY_DONE, info.get("id"))
        set_meta(s, KEYFILE_GENERATION, str(ws.keyfile.generation))
        uow.describe(ACTION, summary)
        uow.touch("user")


def _apply(uow, entry: dict) -> None:
    user = uow.session.get(User, entry["user_id"])
    if user is not None:
        trust.apply_certificate(uow.session, user, entry["cert"], entry["sig"])


def _apply_recovery(uow, entry: dict) -> None:
    trust.apply_certificate(uow.session, None, entry["cert"], entry["sig"])
    audit.record(uow.session, uow.actor, action="workspace.recovery_key", entity_type="recovery",
                 entity_ref=RECOVERY_ACTOR, summary="the new recovery key's signing key was certified (re-key)",
                 changes={"cert": {"before": None, "after": entry["cert"]},
                          "cert_sig": {"before": None, "after": entry["sig"]}})
