from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class AuditEvent(Base):
    """Who changed what, when, with before/after values. Append-only, hash-chained: each entry's
    hash covers its content and the previous entry's hash, so an edit or deletion shows."""
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives user removal
    username: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_ref: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # version 1: hash-chained only (before signatures); version 2: also signed by its actor's key,
    # with the role and the permissions the action relied on inside the hash
    version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
    role: Mapped[str | None] = mapped_column(String(20))
    relied_on: Mapped[list | None] = mapped_column(JSON)
    key_id: Mapped[str | None] = mapped_column(String(32))
    signature: Mapped[str | None] = mapped_column(String(100))


class UserCertificate(Base):
    """Every account certificate ever issued (append-only): who the key belongs to, with which role
    and state, signed by the issuer's key. The latest one is also on the user's row."""
    __tablename__ = "user_certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)  # None: the recovery key
    username: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str | None] = mapped_column(String(32), index=True)
    public_key: Mapped[str | None] = mapped_column(String(60))
    issuer: Mapped[str] = mapped_column(String(32))
    cert: Mapped[str] = mapped_column(Text)
    cert_sig: Mapped[str] = mapped_column(String(100))
