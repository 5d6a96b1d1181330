"""Saved link chart layouts: how an analyst arranged the chart of a subject (positions, hidden kinds,
collapsed and expanded records, date and marking filters), kept with the subject and reopened later.

A layout carries the highest marking of the records it names, and is its own audit root
("chart_layout"), like a vulnerability link: a reader who may not see the subject, or is cleared below
the layout's marking, sees neither the layout nor its events (services/access.py filters both). It
goes with its subject."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.markings import Marking
from .base import Base, EnumText, UTCDateTime, utcnow


class ChartLayout(Base):
    __tablename__ = "chart_layouts"
    __audit_type__ = "chart_layout"
    __audit_skip__ = frozenset({"state", "saved_at"})   # the positions are many; their digest is audited
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    digest: Mapped[str] = mapped_column(String(64))       # SHA-256 of the state as saved (named in its audit event)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL, index=True)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_ref(self) -> str:
        return f"layout {self.id}"
