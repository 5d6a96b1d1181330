"""What an insider holding the database key can do outside the application: tests use these to
attack a workspace the way such a person would, then check the damage shows."""

from __future__ import annotations

from sqlalchemy import text

GUARDS = ("trg_audit_events_no_update", "trg_audit_events_no_delete",
          "trg_user_certificates_no_update", "trg_user_certificates_no_delete")


def drop_guards(conn) -> None:
    """The append-only triggers stop mistakes, not someone with the key: they can drop them."""
    for name in GUARDS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
