"""Tasking: requests on the board, T&CG meetings with their frozen priority list, decisions and actions.

A meeting's snapshot (the priority list as it stood when the meeting was opened) never changes,
and a finalised meeting and its decisions never change: the service refuses, and triggers
(migration 0004) refuse too. Actions stay open to be marked done after the meeting.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.fourp import FourP
from ...domain.markings import Marking
from ...domain.tasking import ActionStatus, Decision, MeetingKind, MeetingLevel, TaskStatus
from .base import Base, EnumText, UTCDateTime, utcnow
from .exchange import GlobalIdentity
from .reference import Agency, Force, Unit
from .subjects import Resolver, Subject


class TaskingRequest(GlobalIdentity, Base):
    __tablename__ = "tasking_requests"
    __audit_type__ = "tasking"
    __audit_skip__ = frozenset({"created_at", "updated_at", "status_changed_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="RESTRICT"), index=True)
    objective: Mapped[str] = mapped_column(Text)
    requester: Mapped[str] = mapped_column(String(200))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    owner_force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id", ondelete="SET NULL"), index=True)
    owner_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    four_p: Mapped[FourP] = mapped_column(EnumText(FourP))
    priority: Mapped[str] = mapped_column(String(8))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    effort_hours: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[TaskStatus] = mapped_column(EnumText(TaskStatus), default=TaskStatus.PROPOSED, index=True)
    outcome: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    subject: Mapped[Subject] = relationship()
    owner_unit: Mapped[Unit | None] = relationship()
    owner_force: Mapped[Force | None] = relationship()
    owner_agency: Mapped[Agency | None] = relationship()

    def audit_ref(self) -> str:
        return self.reference


class TcgMeeting(Base):
    __tablename__ = "tcg_meetings"
    __audit_type__ = "tcg_meeting"
    __audit_skip__ = frozenset({"snapshot", "created_at", "updated_at"})
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[MeetingKind] = mapped_column(EnumText(MeetingKind))
    level: Mapped[MeetingLevel] = mapped_column(EnumText(MeetingLevel))
    force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id", ondelete="SET NULL"))
    chair: Mapped[str | None] = mapped_column(String(200))
    attendees: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE)
    snapshot: Mapped[list] = mapped_column(JSON, default=list)   # the priority list when it was opened
    snapshot_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    decisions: Mapped[list[TcgDecision]] = relationship(back_populates="meeting", cascade="all, delete-orphan",
                                                        passive_deletes=True, order_by="TcgDecision.id")
    actions: Mapped[list[TcgAction]] = relationship(back_populates="meeting", cascade="all, delete-orphan",
                                                    passive_deletes=True, order_by="TcgAction.id")

    def audit_ref(self) -> str:
        return self.reference


class TcgDecision(Base):
    __tablename__ = "tcg_decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "request_id", name="uq_tcg_decisions_meeting_request"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("tcg_meetings.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("tasking_requests.id", ondelete="RESTRICT"), index=True)
    decision: Mapped[Decision] = mapped_column(EnumText(Decision))
    rationale: Mapped[str] = mapped_column(Text)

    meeting: Mapped[TcgMeeting] = relationship(back_populates="decisions")
    request: Mapped[TaskingRequest] = relationship()

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(TcgMeeting, self.meeting_id), (TaskingRequest, self.request_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "decisions", f"{ref(TaskingRequest, self.request_id)}: {self.decision.value} ({self.rationale})"


class TcgAction(Base):
    __tablename__ = "tcg_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("tcg_meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(EnumText(ActionStatus), default=ActionStatus.OPEN)

    meeting: Mapped[TcgMeeting] = relationship(back_populates="actions")

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(TcgMeeting, self.meeting_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        due = f", due {self.due.isoformat()}" if self.due else ""
        return "actions", f"{self.text} ({self.owner}{due}; {self.status.value})"
