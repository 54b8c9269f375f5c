"""The tables: stations, operators, inspections and their video segments and events.

Portable SQL only (SQLite by default, PostgreSQL for several desks). Times are stored
as UTC and come back timezone-aware; paths are relative to the storage root.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator):
    """Stores aware datetimes as naive UTC and returns them aware, on any database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def new_uid() -> str:
    return uuid.uuid4().hex


def normalize_code(text: str | None) -> str:
    """Order and courier numbers as stored: trimmed, inner spaces removed, upper-cased."""
    if text is None:
        return ""
    return "".join(text.split()).upper()


class InspectionStatus(StrEnum):
    RECORDING = "recording"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    FAILED = "failed"


class Decision(StrEnum):
    PENDING = "pending"
    SIGN = "sign"
    REJECT = "reject"
    DISPUTE = "dispute"


def _utc_column(nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class Station(SQLModel, table=True):
    """One packing desk with its camera."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))


class Operator(SQLModel, table=True):
    """A member of staff who works at a station."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    badge: str | None = Field(default=None, max_length=100, unique=True)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))


class Inspection(SQLModel, table=True):
    """One recorded unboxing of one parcel at one station by one operator."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True)
    order_number: str = Field(max_length=100, index=True)
    courier_number: str = Field(default="", max_length=100, index=True)
    station_id: int | None = Field(default=None, foreign_key="station.id", index=True)
    operator_id: int | None = Field(default=None, foreign_key="operator.id", index=True)
    status: str = Field(default=InspectionStatus.RECORDING, max_length=20, index=True)
    decision: str = Field(default=Decision.PENDING, max_length=20, index=True)
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=_utc_column(nullable=False, index=True)
    )
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column())
    duration_s: float = 0.0
    frame_count: int = 0
    dropped_frames: int = 0
    width: int = 0
    height: int = 0
    fps: float = 0.0
    source: str = Field(default="", max_length=500)
    # Evidence integrity: the hash of this record and of the previous completed one (a chain).
    record_hash: str = Field(default="", max_length=64)
    prev_record_hash: str = Field(default="", max_length=64)
    # Retention never removes the video of an inspection kept by hand or under appeal.
    keep: bool = Field(default=False)
    video_removed_at: datetime | None = Field(default=None, sa_column=_utc_column())


class VideoSegment(SQLModel, table=True):
    """One continuous video file of an inspection (a lost camera starts a new segment)."""

    __tablename__ = "video_segment"
    __table_args__ = (sa.UniqueConstraint("inspection_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    seq: int = 1
    path: str = Field(max_length=500)
    started_at: datetime = Field(sa_column=_utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column())
    duration_s: float = 0.0
    frame_count: int = 0
    dropped_frames: int = 0
    size_bytes: int = 0
    sha256: str = Field(default="", max_length=64)
    codec: str = Field(default="h264", max_length=20)
    removed_at: datetime | None = Field(default=None, sa_column=_utc_column())


class InspectionEvent(SQLModel, table=True):
    """Something that happened to an inspection, for its history (interrupted, camera lost, ...)."""

    __tablename__ = "inspection_event"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    kind: str = Field(max_length=40)
    message: str = Field(default="", max_length=2000)
    actor: str = Field(default="", max_length=100)


class EvidenceExport(SQLModel, table=True):
    """A bundle or clip exported for an appeal: where it went and what it hashed to."""

    __tablename__ = "evidence_export"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    kind: str = Field(max_length=20)  # "bundle" or "clip"
    path: str = Field(max_length=1000)
    sha256: str = Field(default="", max_length=64)
    size_bytes: int = 0
    actor: str = Field(default="", max_length=100)
