"""Reference data: forces, partner agencies, units (with capacity), crime types; counters; meta."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class WorkspaceMeta(Base):
    __tablename__ = "workspace_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReferenceCounter(Base):
    """Last serial used per reference prefix and year, incremented in the creating transaction."""
    __tablename__ = "reference_counters"
    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Force(Base):
    __tablename__ = "forces"
    __audit_type__ = "force"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def audit_ref(self) -> str:
        return self.code


class Agency(Base):
    __tablename__ = "agencies"
    __audit_type__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60), default="partner agency")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def audit_ref(self) -> str:
        return self.code


class Unit(Base):
    """A team that carries work, owned by a force or an agency, with its capacity per period."""
    __tablename__ = "units"
    __audit_type__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id", ondelete="SET NULL"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    capacity_threats: Mapped[int] = mapped_column(Integer, default=0)
    capacity_hours: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    force: Mapped[Force | None] = relationship()
    agency: Mapped[Agency | None] = relationship()

    def audit_ref(self) -> str:
        return self.code


class CrimeType(Base):
    __tablename__ = "crime_types"
    __audit_type__ = "crime_type"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    def audit_ref(self) -> str:
        return self.code
