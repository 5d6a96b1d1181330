"""One regional picture: the global identity of exchanged records, partners, conflicts and baselines."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class GlobalIdentity:
    """A record known across the region: its UUID and the id of the workspace that created it (its
    origin), kept forever through edits, backups, restores and exchanges. Rows inserted in bulk
    without them get them from a database trigger (migration 0009)."""

    uuid: Mapped[str | None] = mapped_column(String(36), default=new_uuid, unique=True, index=True)
    origin: Mapped[str | None] = mapped_column(String(36))


class ExchangePartner(Base):
    """Another workspace of the region (a force, an agency, the ROCU), registered from its card."""
    __tablename__ = "exchange_partners"
    __audit_type__ = "partner"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str | None] = mapped_column(String(8))
    root_key_id: Mapped[str] = mapped_column(String(32))
    root_public_key: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(100))  # their age (X25519) public key: packages are encrypted to it
    ceiling: Mapped[str] = mapped_column(String(40))     # nothing marked above this is ever sent to them
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_event: Mapped[int] = mapped_column(Integer, default=0)  # audit event high-water mark of the last package
    last_received_seq: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_ref(self) -> str:
        return self.name


class ExchangeBaseline(Base):
    """What a record looked like when last exchanged with a partner (a digest per field): a field
    changed on both sides since then is a conflict."""
    __tablename__ = "exchange_baselines"
    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partners.id", ondelete="CASCADE"), primary_key=True)
    entity_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digests: Mapped[dict] = mapped_column(JSON)


class ExchangeConflict(Base):
    """A field changed here and at a partner since the last exchange: both values, waiting for a person."""
    __tablename__ = "exchange_conflicts"
    __audit_type__ = "conflict"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partners.id", ondelete="CASCADE"))
    package_seq: Mapped[int] = mapped_column(Integer)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    reference: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(40))
    local_value: Mapped[object | None] = mapped_column(JSON)
    incoming_value: Mapped[object | None] = mapped_column(JSON)
    incoming_by: Mapped[str | None] = mapped_column(String(120))
    incoming_at: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    resolution: Mapped[object | None] = mapped_column(JSON)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def audit_ref(self) -> str:
        return f"{self.reference} {self.field}"
