"""Calibration exercises (issue #25): several analysts assess one case (a subject or a short written
scenario) with one scheme, blind; their answers are kept apart from real assessments and never reach
the priority list.

An analyst's answers are not copied into the audit trail (the trail is readable more widely than
the exercise, and would let one analyst read another's answers before everyone has submitted): the
trail records their SHA-256 instead, so the answers shown afterwards can be checked against it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.calibration import AnswerStatus, ExerciseStatus
from ...domain.markings import Marking
from .base import Base, EnumText, UTCDateTime, utcnow
from .users import User


class CalibrationExercise(Base):
    __tablename__ = "calibration_exercises"
    __audit_type__ = "calibration"
    __audit_skip__ = frozenset({"created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    scheme_row_id: Mapped[int] = mapped_column(ForeignKey("scheme_definitions.id", ondelete="RESTRICT"))
    scheme_id: Mapped[str] = mapped_column(String(48))
    scheme_version: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id", ondelete="RESTRICT"), index=True)
    scenario: Mapped[str | None] = mapped_column(Text)       # a fictional case, when there is no subject
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), index=True)
    status: Mapped[ExerciseStatus] = mapped_column(EnumText(ExerciseStatus), default=ExerciseStatus.OPEN)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    close_note: Mapped[str | None] = mapped_column(Text)     # why it was closed before everyone submitted

    participants: Mapped[list[CalibrationAnswer]] = relationship(
        back_populates="exercise", cascade="all, delete-orphan", order_by="CalibrationAnswer.id")

    def audit_ref(self) -> str:
        return self.reference


class CalibrationAnswer(Base):
    """One analyst's answers to an exercise (invited, then a draft, then submitted and fixed)."""
    __tablename__ = "calibration_answers"
    __audit_type__ = "calibration_answer"
    __audit_skip__ = frozenset({"answers", "created_at", "updated_at"})
    __table_args__ = (UniqueConstraint("exercise_id", "user_id", name="uq_calibration_answers_exercise_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("calibration_exercises.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    answers_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[AnswerStatus] = mapped_column(EnumText(AnswerStatus), default=AnswerStatus.INVITED)
    saved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    exercise: Mapped[CalibrationExercise] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()

    def audit_ref(self) -> str:
        return f"{self.exercise.reference} {self.user.username}"
