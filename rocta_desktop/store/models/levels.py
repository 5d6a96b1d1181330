"""Management level decisions (issue #25): each time a subject's management level is set from its
assessments, what the region's rule suggested and why, the level chosen and, when it differs from
the suggestion, the reason given (required)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .subjects import Subject


class ManagementLevelDecision(Base):
    __tablename__ = "management_level_decisions"
    __audit_type__ = "management_level"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    level_before: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    suggested: Mapped[str | None] = mapped_column(String(16))
    why: Mapped[str] = mapped_column(Text)                  # the suggestion in words
    basis: Mapped[list] = mapped_column(JSON, default=list)  # the approved results it rests on
    reason: Mapped[str | None] = mapped_column(Text)        # why the level chosen differs from the suggestion
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    subject: Mapped[Subject] = relationship()

    def audit_ref(self) -> str:
        return self.subject.reference
