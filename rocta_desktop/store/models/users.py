from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.markings import Marking
from ...domain.users import Role
from .base import Base, EnumText, UTCDateTime, utcnow


class User(Base):
    """An account. The password never lives here: it only unwraps the user's key slot."""
    __tablename__ = "users"
    __audit_type__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(EnumText(Role))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the highest marking this person may see (their vetting); part of their certificate
    clearance: Mapped[Marking] = mapped_column(EnumText(Marking), default=Marking.OFFICIAL_SENSITIVE,
                                               server_default="SECRET")
    # the person's signing key and the certificate binding it to this account, role and state
    # (services/trust.py); the private half is only ever in their key slot
    key_id: Mapped[str | None] = mapped_column(String(32))
    public_key: Mapped[str | None] = mapped_column(String(60))
    cert: Mapped[str | None] = mapped_column(Text)
    cert_sig: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def audit_ref(self) -> str:
        return self.username
