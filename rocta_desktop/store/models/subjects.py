"""Threat subjects: one `subjects` table (joined inheritance) so assessments, tasking and
disruptions can refer to any kind by one key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.intel import HandlingCode, IntelAssessment, SourceEvaluation
from ...domain.markings import Marking
from ...domain.subjects import (
    AliasKind,
    IdentifierKind,
    ManagementLevel,
    MemberRole,
    ReachScope,
    SubjectStatus,
    VulnerabilityCategory,
)
from .base import Base, EnumText, UTCDateTime, utcnow
from .exchange import GlobalIdentity
from .reference import CrimeType, Force

#: resolves (model class, id) to a readable name for the audit trail
Resolver = Callable[[type, int], str]


class Subject(GlobalIdentity, Base):
    __tablename__ = "subjects"
    __audit_type__ = "subject"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), index=True)
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL, index=True)
    status: Mapped[SubjectStatus] = mapped_column(EnumText(SubjectStatus), default=SubjectStatus.ACTIVE,
                                                  index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    lead_force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id", ondelete="SET NULL"), index=True)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    aliases: Mapped[list[SubjectAlias]] = relationship(back_populates="subject", cascade="all, delete-orphan",
                                                       passive_deletes=True, order_by="SubjectAlias.id")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "subject"}

    # fields the audit trail leaves out: derived or bookkeeping
    __audit_skip__ = frozenset({"name_norm", "updated_at", "created_at", "kind"})

    def audit_ref(self) -> str:
        return self.reference


class Group(Subject):
    __tablename__ = "groups"
    __audit_type__ = "group"
    id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True)
    management_level: Mapped[ManagementLevel] = mapped_column(EnumText(ManagementLevel), index=True)
    reach_scope: Mapped[ReachScope | None] = mapped_column(EnumText(ReachScope))
    lro_name: Mapped[str | None] = mapped_column(String(200))

    members: Mapped[list[GroupMember]] = relationship(back_populates="group", cascade="all, delete-orphan",
                                                      passive_deletes=True, foreign_keys="GroupMember.group_id")
    crime_types: Mapped[list[GroupCrimeType]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    reach: Mapped[list[GroupReach]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    __mapper_args__ = {"polymorphic_identity": "group"}


class Nominal(Subject):
    __tablename__ = "nominals"
    __audit_type__ = "nominal"
    id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True)
    surname: Mapped[str] = mapped_column(String(200))
    forenames: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date, index=True)
    gender: Mapped[str | None] = mapped_column(String(40))
    nationality: Mapped[str | None] = mapped_column(String(80))
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)

    identifiers: Mapped[list[NominalIdentifier]] = relationship(cascade="all, delete-orphan",
                                                                passive_deletes=True)
    memberships: Mapped[list[GroupMember]] = relationship(back_populates="nominal", passive_deletes=True,
                                                          foreign_keys="GroupMember.nominal_id")

    __mapper_args__ = {"polymorphic_identity": "nominal"}


class Vulnerability(Subject):
    __tablename__ = "vulnerabilities"
    __audit_type__ = "vulnerability"
    id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[VulnerabilityCategory] = mapped_column(EnumText(VulnerabilityCategory))
    location: Mapped[str | None] = mapped_column(String(200))

    __mapper_args__ = {"polymorphic_identity": "vulnerability"}


# ------------------------------------------------------------------ children (audited on their roots)

class SubjectAlias(Base):
    """Aliases of nominals and nicknames of groups: one table so one search finds both."""
    __tablename__ = "subject_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AliasKind] = mapped_column(EnumText(AliasKind))
    alias: Mapped[str] = mapped_column(String(200))
    alias_norm: Mapped[str] = mapped_column(String(200), index=True)

    subject: Mapped[Subject] = relationship(back_populates="aliases")

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.subject_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return ("nicknames" if self.kind is AliasKind.NICKNAME else "aliases"), self.alias


class NominalIdentifier(Base):
    __tablename__ = "nominal_identifiers"
    __table_args__ = (UniqueConstraint("nominal_id", "kind", "value"),
                      Index("ix_nominal_identifiers_value", "value"))
    id: Mapped[int] = mapped_column(primary_key=True)
    nominal_id: Mapped[int] = mapped_column(ForeignKey("nominals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[IdentifierKind] = mapped_column(EnumText(IdentifierKind))
    value: Mapped[str] = mapped_column(String(100))

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.nominal_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "identifiers", f"{self.kind.value}: {self.value}"


class GroupMember(Base):
    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "nominal_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    nominal_id: Mapped[int] = mapped_column(ForeignKey("nominals.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(EnumText(MemberRole))
    since: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    group: Mapped[Group] = relationship(back_populates="members", foreign_keys=[group_id])
    nominal: Mapped[Nominal] = relationship(back_populates="memberships", foreign_keys=[nominal_id])

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.group_id), (Subject, self.nominal_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "members", f"{ref(Subject, self.nominal_id)} in {ref(Subject, self.group_id)} as {self.role.value}"


class GroupCrimeType(Base):
    __tablename__ = "group_crime_types"
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    crime_type_id: Mapped[int] = mapped_column(ForeignKey("crime_types.id", ondelete="CASCADE"),
                                               primary_key=True, index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.group_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "crime_types", ref(CrimeType, self.crime_type_id)


class GroupReach(Base):
    """The forces' areas a group operates in (its geographic reach)."""
    __tablename__ = "group_reach"
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.group_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        return "reach", ref(Force, self.force_id)


class GroupLink(Base):
    """A link between two groups, stored once with group_a_id < group_b_id."""
    __tablename__ = "group_links"
    __table_args__ = (UniqueConstraint("group_a_id", "group_b_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_a_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    group_b_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    nature: Mapped[str | None] = mapped_column(String(200))

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.group_a_id), (Subject, self.group_b_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        a, b = ref(Subject, self.group_a_id), ref(Subject, self.group_b_id)
        return "linked_groups", f"{a} - {b} ({self.nature or 'linked'})"


class NominalAssociation(Base):
    """A known association between two nominals, stored once with nominal_a_id < nominal_b_id."""
    __tablename__ = "nominal_associations"
    __table_args__ = (UniqueConstraint("nominal_a_id", "nominal_b_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    nominal_a_id: Mapped[int] = mapped_column(ForeignKey("nominals.id", ondelete="CASCADE"), index=True)
    nominal_b_id: Mapped[int] = mapped_column(ForeignKey("nominals.id", ondelete="CASCADE"), index=True)
    nature: Mapped[str | None] = mapped_column(String(200))

    def audit_roots(self) -> list[tuple[type, int]]:
        return [(Subject, self.nominal_a_id), (Subject, self.nominal_b_id)]

    def audit_item(self, ref: Resolver) -> tuple[str, str]:
        a, b = ref(Subject, self.nominal_a_id), ref(Subject, self.nominal_b_id)
        return "associations", f"{a} - {b} ({self.nature or 'associate'})"


class VulnerabilityLink(Base):
    """A vulnerability (a person, place or business exploited) linked to a group or nominal exploiting
    it: the nature of the exploitation, when (both ends optional), the 3x5x2 grading of the
    intelligence behind it (all or none), where it came from, and its own marking (a link can be more
    sensitive than either record it joins).

    Its own audit root ("vulnerability_link"), not a child of the two records: a reader who may not see
    the link sees none of its events either (services/access.py `redact_events`)."""
    __tablename__ = "vulnerability_links"
    __audit_type__ = "vulnerability_link"
    __table_args__ = (UniqueConstraint("vulnerability_id", "exploiter_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    vulnerability_id: Mapped[int] = mapped_column(ForeignKey("vulnerabilities.id", ondelete="CASCADE"), index=True)
    exploiter_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    nature: Mapped[str | None] = mapped_column(String(200))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    source_evaluation: Mapped[SourceEvaluation | None] = mapped_column(EnumText(SourceEvaluation, 4))
    intel_assessment: Mapped[IntelAssessment | None] = mapped_column(EnumText(IntelAssessment, 4))
    handling_code: Mapped[HandlingCode | None] = mapped_column(EnumText(HandlingCode, 4))
    handling_conditions: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    marking: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audit_skip__ = frozenset({"created_at"})

    def audit_ref(self) -> str:
        return f"link {self.id}"
