"""Trigger reports (referrals for assessment) and the regional intelligence collection plan."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.intel import (
    HandlingCode,
    IntelAssessment,
    RequirementPriority,
    RequirementStatus,
    ResponseAnswers,
    SourceEvaluation,
    TriggerStatus,
)
from ...domain.markings import Marking
from .base import Base, EnumText, UTCDateTime, utcnow
from .exchange import GlobalIdentity
from .reference import Agency
from .subjects import Resolver, Subject


class TriggerReport(GlobalIdentity, Base):
    __tablename__ = "trigger_reports"
    __audit_type__ = "trigger"
    __audit_skip__ = frozenset({"created_at", "updated_at", "proposed_name_norm"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id", ondelete="SET NULL"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    officer: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id", ondelete="SET NULL"), index=True)
    proposed_name: Mapped[str | None] = mapped_column(String(200))
    proposed_name_norm: Mapped[str | None] = mapped_column(String(200), index=True)
    summary: Mapped[str] = mapped_column(Text)
    grounds: Mapped[str | None] = mapped_column(Text)
    source_evaluation: Mapped[SourceEvaluation] = mapped_column(EnumText(SourceEvaluation, 4))
    intel_assessment: Mapped[IntelAssessment] = mapped_column(EnumText(IntelAssessment, 4))
    handling_code: Mapped[HandlingCode] = mapped_column(EnumText(HandlingCode, 4))
    handling_conditions: Mapped[str | None] = mapped_column(Text)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    status: Mapped[TriggerStatus] = mapped_column(EnumText(TriggerStatus), index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("trigger_reports.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    subject: Mapped[Subject | None] = relationship()

    def audit_ref(self) -> str:
        return self.reference


class IntelRequirement(GlobalIdentity, Base):
    __tablename__ = "intel_requirements"
    __audit_type__ = "requirement"
    __audit_skip__ = frozenset({"created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    question: Mapped[str] = mapped_column(Text)
    themes: Mapped[str | None] = mapped_column(String(400))
    priority: Mapped[RequirementPriority] = mapped_column(EnumText(RequirementPriority), index=True)
    owner: Mapped[str] = mapped_column(String(200))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[RequirementStatus] = mapped_column(EnumText(RequirementStatus), index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    subjects: Mapped[list[RequirementSubject]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    agencies: Mapped[list[RequirementAgency]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    responses: Mapped[list[RequirementResponse]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RequirementResponse.id")

    def audit_ref(self) -> str:
        return self.reference


class RequirementSubject(Base):
    __tablename__ = "requirement_subjects"
    __table_args__ = (UniqueConstraint("requirement_id", "subject_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("intel_requirements.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(IntelRequirement, self.requirement_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "subjects", ref(Subject, self.subject_id)


class RequirementAgency(Base):
    """An agency tasked with a requirement."""

    __tablename__ = "requirement_agencies"
    __table_args__ = (UniqueConstraint("requirement_id", "agency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("intel_requirements.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(IntelRequirement, self.requirement_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "agencies tasked", ref(Agency, self.agency_id)


class RequirementResponse(GlobalIdentity, Base):
    __tablename__ = "requirement_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("intel_requirements.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    source_evaluation: Mapped[SourceEvaluation] = mapped_column(EnumText(SourceEvaluation, 4))
    intel_assessment: Mapped[IntelAssessment] = mapped_column(EnumText(IntelAssessment, 4))
    handling_code: Mapped[HandlingCode] = mapped_column(EnumText(HandlingCode, 4))
    handling_conditions: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    answers: Mapped[ResponseAnswers] = mapped_column(EnumText(ResponseAnswers, 8))
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(IntelRequirement, self.requirement_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "responses", (f"{ref(Agency, self.agency_id)} {self.received_on.isoformat()} "
                             f"{self.source_evaluation.value}{self.intel_assessment.value} {self.handling_code.value}: "
                             f"{self.answers.label.lower()}")

