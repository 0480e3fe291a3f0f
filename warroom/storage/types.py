"""Column types shared by the models."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

UTC = timezone.utc

# How SQLAlchemy's SQLite dialect stores DateTime; bulk inserts through the driver use it too.
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; stored as naive UTC (portable)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC time is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def db_datetime(value: datetime | None, dialect_name: str) -> Any:
    """A datetime as the driver should receive it in bulk inserts (same storage as the ORM)."""
    if value is None:
        return None
    if value.tzinfo is UTC and dialect_name == "sqlite":    # what the importers make: the short path
        text = value.isoformat(" ")          # "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00"
        return text[:-6] if len(text) == 32 else text[:19] + ".000000"
    if value.utcoffset():
        value = value.astimezone(UTC)
    naive = value.replace(tzinfo=None)
    if dialect_name == "sqlite":
        text = naive.isoformat(" ")          # = SQLITE_DATETIME_FORMAT, 10x faster than strftime
        return text if len(text) > 19 else text + ".000000"
    return naive


def db_datetime_converter(dialect_name: str) -> Callable[[datetime | None], Any]:
    """:func:`db_datetime` for one dialect, for bulk loops: remembers each value converted
    (a message's time is its new ticket's time too; report times repeat)."""
    stored: dict[datetime | None, Any] = {None: None}

    def convert(value: datetime | None) -> Any:
        text = stored.get(value, stored)
        if text is stored:
            text = stored[value] = db_datetime(value, dialect_name)
        return text

    return convert


def db_to_datetime(value: Any) -> datetime | None:
    """The reverse of :func:`db_datetime` for rows read through the driver."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)
