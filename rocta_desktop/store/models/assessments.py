"""Assessments: the scheme definitions they were made with, and each versioned assessment.

A scheme definition is stored whole (the exact JSON text and its SHA-256) the first time an
assessment uses it, so every stored result can be recomputed years later from the same text,
whatever files the application ships then. An approved assessment is immutable: the service
refuses to change it and a database trigger (migration 0002) refuses it too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.approval import AssessmentStatus as AssessmentStatus  # the one lifecycle, in the domain
from ...domain.markings import Marking
from .base import Base, EnumText, UTCDateTime, utcnow
from .exchange import GlobalIdentity
from .subjects import Subject


class SchemeDefinition(Base):
    __tablename__ = "scheme_definitions"
    __audit_type__ = "scheme"
    __table_args__ = (UniqueConstraint("scheme_id", "version", name="uq_scheme_definitions_ref"),)
    __audit_skip__ = frozenset({"definition", "created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[str] = mapped_column(String(48))
    version: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    definition: Mapped[str] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_ref(self) -> str:
        return f"{self.scheme_id}@{self.version}"


class Assessment(GlobalIdentity, Base):
    __tablename__ = "assessments"
    __audit_type__ = "assessment"
    __table_args__ = (
        UniqueConstraint("subject_id", "method", "version", name="uq_assessments_subject_method_version"),
    )
    __audit_skip__ = frozenset({"result", "created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="RESTRICT"), index=True)
    scheme_row_id: Mapped[int] = mapped_column(ForeignKey("scheme_definitions.id", ondelete="RESTRICT"))
    method: Mapped[str] = mapped_column(String(40))
    scheme_id: Mapped[str] = mapped_column(String(48))
    scheme_version: Mapped[str] = mapped_column(String(16))
    engine_version: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)           # 1, 2, 3... per subject and method
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    status: Mapped[AssessmentStatus] = mapped_column(EnumText(AssessmentStatus), index=True)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)       # the analyst's overall rationale
    result: Mapped[dict] = mapped_column(JSON, default=dict)  # cached Result.to_json()
    score_min: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(80))
    band_level: Mapped[int | None] = mapped_column(Integer)  # highest possible band level
    priority: Mapped[str | None] = mapped_column(String(80))
    unknown_count: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[str | None] = mapped_column(String(40))
    trigger_id: Mapped[int | None] = mapped_column(Integer)  # the trigger report it answers, if any
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)
    next_review: Mapped[dt.date | None] = mapped_column(Date, index=True)

    subject: Mapped[Subject] = relationship()
    scheme: Mapped[SchemeDefinition] = relationship()

    def audit_ref(self) -> str:
        return self.reference
