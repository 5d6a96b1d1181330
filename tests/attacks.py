"""What an insider holding the database key can do outside the application: tests use these to
attack a workspace the way such a person would, then check the damage shows."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

GUARDS = ("trg_audit_events_no_update", "trg_audit_events_no_delete",
          "trg_user_certificates_no_update", "trg_user_certificates_no_delete")


def drop_guards(conn) -> None:
    """The append-only triggers stop mistakes, not someone with the key (or, on a server, the
    schema owner's password): they can drop them."""
    if conn.dialect.name == "postgresql":
        for table in ("audit_events", "user_certificates"):
            conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        return
    for name in GUARDS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


@contextlib.contextmanager
def insider(workspace: Any, person: Any) -> Iterator[Any]:
    """A connection to rewrite who `person` is (the users table) outside the application. On a
    terminal the person holds the key: their own connection does it. On a server their own role may
    not (the database refuses, asserted here), so the attack is made as the schema's owner, the one
    role that still can."""
    if not workspace.on_server:
        with person.engine.begin() as conn:
            yield conn
        return
    with pytest.raises(DBAPIError, match="permission denied for table users"), person.engine.begin() as conn:
        conn.execute(text("UPDATE users SET role = role, clearance = clearance, active = active WHERE false"))
    with workspace.engine.begin() as conn:
        yield conn


def refused_on_server(workspace: Any) -> Any:
    """Around an attack a person makes through the application's own code on the users table: on a
    server the database refuses it (their role may not change role, clearance or state)."""
    if not workspace.on_server:
        return contextlib.nullcontext(False)
    return pytest.raises(DBAPIError, match="permission denied for table users")
