"""What only a server workspace uses."""

from __future__ import annotations

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ServerKeyFile(Base):
    """A server workspace's key file (each person's signing key wrapped with their password, and the
    recovery slot), kept by the server so that any of the workspace's computers signs in with the
    server's address alone. One row, written with Core statements in the transaction of the change
    it belongs to (not audited row by row: the change that edits it is). Empty on a terminal."""

    __tablename__ = "server_key_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(Text)
