"""Impact: 4P plans and their actions, disruptions with contributing agencies and outcomes, and
the best-practice log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.fourp import FourP
from ...domain.impact import ActionStatus, DisruptionStatus, ImpactGrade, OutcomeKind
from ...domain.markings import Marking
from .base import Base, EnumText, UTCDateTime, utcnow
from .exchange import GlobalIdentity
from .reference import Agency
from .subjects import Resolver, Subject


class FourPPlan(Base):
    __tablename__ = "fourp_plans"
    __audit_type__ = "plan"
    __audit_skip__ = frozenset({"created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), unique=True)
    owner: Mapped[str] = mapped_column(String(200))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    owner_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    subject: Mapped[Subject] = relationship()
    actions: Mapped[list[PlanAction]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                     order_by="PlanAction.id")

    def audit_ref(self) -> str:
        return f"4P plan {self.subject.reference}" if self.subject else f"4P plan #{self.id}"


class PlanAction(GlobalIdentity, Base):
    __tablename__ = "fourp_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("fourp_plans.id", ondelete="CASCADE"), index=True)
    four_p: Mapped[FourP] = mapped_column(EnumText(FourP, 12))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(EnumText(ActionStatus, 16), default=ActionStatus.OPEN)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(FourPPlan, self.plan_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "actions", f"{self.four_p.label}: {self.text[:80]} ({self.owner}, {self.status.label.lower()})"


class Disruption(GlobalIdentity, Base):
    __tablename__ = "disruptions"
    __audit_type__ = "disruption"
    __audit_skip__ = frozenset({"created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="RESTRICT"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    four_p: Mapped[FourP] = mapped_column(EnumText(FourP, 12), index=True)
    tactic: Mapped[str] = mapped_column(String(200))
    grade: Mapped[ImpactGrade] = mapped_column(EnumText(ImpactGrade, 12))
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    operation: Mapped[str | None] = mapped_column(String(120))
    narrative: Mapped[str | None] = mapped_column(Text)
    status: Mapped[DisruptionStatus] = mapped_column(EnumText(DisruptionStatus, 12), index=True)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[Subject] = relationship()
    agencies: Mapped[list[DisruptionAgency]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    outcomes: Mapped[list[DisruptionOutcome]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                             order_by="DisruptionOutcome.id")

    def audit_ref(self) -> str:
        return self.reference


class DisruptionAgency(Base):
    """A contributing agency (the lead agency is on the disruption itself)."""

    __tablename__ = "disruption_agencies"
    __table_args__ = (UniqueConstraint("disruption_id", "agency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    disruption_id: Mapped[int] = mapped_column(ForeignKey("disruptions.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"))

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Disruption, self.disruption_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "contributing agencies", ref(Agency, self.agency_id)


class DisruptionOutcome(Base):
    __tablename__ = "disruption_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    disruption_id: Mapped[int] = mapped_column(ForeignKey("disruptions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(EnumText(OutcomeKind, 16))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(String(120))

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Disruption, self.disruption_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        extra = f" {self.unit}" if self.unit else ""
        detail = f" ({self.detail})" if self.detail else ""
        return "outcomes", f"{self.kind.label}: {self.quantity:g}{extra}{detail}"


class BestPractice(Base):
    __tablename__ = "best_practice"
    __audit_type__ = "practice"
    __audit_skip__ = frozenset({"created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id", ondelete="SET NULL"))
    what_was_done: Mapped[str] = mapped_column(Text)
    what_worked: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[str | None] = mapped_column(String(400))
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def audit_ref(self) -> str:
        return self.reference
