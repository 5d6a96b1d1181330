"""One regional picture: the global identity of exchanged records, partners, conflicts and baselines."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
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
    """What a record looked like when last received from a partner (a digest per field), settled
    when the audit trail had come to `at_event`: a field changed on both sides since then is a
    conflict. A package sent to the partner later (`ExchangeSent`) is the newer baseline."""
    __tablename__ = "exchange_baselines"
    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partners.id", ondelete="CASCADE"), primary_key=True)
    entity_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digests: Mapped[dict] = mapped_column(JSON)
    at_event: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ExchangeSent(Base):
    """A package sent to a partner: the records it carried (their UUIDs, one per line) and how far
    the audit trail had come when they were read (`high_water`). What the partner holds of each is
    its value then, which the audit trail gives back: nothing per record is written at export."""
    __tablename__ = "exchange_sent"
    partner_id: Mapped[int] = mapped_column(ForeignKey("exchange_partners.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    high_water: Mapped[int] = mapped_column(Integer)
    entities: Mapped[str] = mapped_column(Text)


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


class DuplicateDecision(Base):
    """An analyst's word on a pair of records: "not the same" (never suggested again) or "later"."""
    __tablename__ = "duplicate_decisions"
    __audit_type__ = "duplicate_decision"
    __table_args__ = (UniqueConstraint("a_uuid", "b_uuid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    a_uuid: Mapped[str] = mapped_column(String(36))
    b_uuid: Mapped[str] = mapped_column(String(36))
    decision: Mapped[str] = mapped_column(String(16))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_ref(self) -> str:
        return f"{self.a_uuid[:8]}/{self.b_uuid[:8]}"


class Merge(GlobalIdentity, Base):
    """A merge of two records, with every row it changed as it was before: undone exactly. Its
    UUID lets it travel in exchange packages (the receiver makes the same merge with its own log)."""
    __tablename__ = "merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    keep_uuid: Mapped[str] = mapped_column(String(36))
    other_uuid: Mapped[str] = mapped_column(String(36))
    keep_reference: Mapped[str] = mapped_column(String(64))
    other_reference: Mapped[str] = mapped_column(String(64))
    operations: Mapped[list] = mapped_column(JSON)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ImportKey(Base):
    """The content key of a spreadsheet row imported without a reference, and what it became."""
    __tablename__ = "import_keys"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    source: Mapped[str | None] = mapped_column(String(200))
