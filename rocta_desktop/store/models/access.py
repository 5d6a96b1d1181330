"""Need to know: teams, and records restricted to named people or teams (services/access.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

#: the kinds of record that can be restricted, as `restrictions.entity_type`
RESTRICTABLE = ("subject", "assessment", "trigger", "requirement", "disruption")


class Team(Base):
    """A named group of people a restricted record can be shared with (e.g. "Operation Heron cell")."""
    __tablename__ = "teams"
    __audit_type__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    members: Mapped[list[TeamMember]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    def audit_ref(self) -> str:
        return self.name


class TeamMember(Base):
    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Team, self.team_id)]

    def audit_item(self, ref) -> tuple[str, str]:
        from .users import User
        return "members", ref(User, self.user_id)


class Restriction(Base):
    """A record limited to the people and teams granted it, with the reason."""
    __tablename__ = "restrictions"
    __audit_type__ = "restriction"
    __table_args__ = (UniqueConstraint("entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column()
    reference: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    grants: Mapped[list[RestrictionGrant]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    def audit_ref(self) -> str:
        return self.reference


class RestrictionGrant(Base):
    __tablename__ = "restriction_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    restriction_id: Mapped[int] = mapped_column(ForeignKey("restrictions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Restriction, self.restriction_id)]

    def audit_item(self, ref) -> tuple[str, str]:
        from .users import User
        return "granted", (ref(User, self.user_id) if self.user_id else f"team {ref(Team, self.team_id)}")
