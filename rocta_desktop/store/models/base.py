"""Declarative base, naming convention (so batch migrations can find constraints) and column types."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from ...domain import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    metadata = metadata


def utcnow() -> dt.datetime:
    return clock.now()


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes stored as sortable ISO-8601 text (`2026-11-25T01:59:18.123456Z`)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: ROCTA stores UTC times only")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value)  # "...Z" parses as UTC; ~10x faster than strptime


class EnumText(TypeDecorator):
    """Python enum stored as its value text. No CHECK constraint: the domain validates, and a
    constraint would make every new value a table-rebuilding migration."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_cls: type[enum.Enum], length: int = 40):
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, self.enum_cls):
            return value.value
        return self.enum_cls(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else self.enum_cls(value)
