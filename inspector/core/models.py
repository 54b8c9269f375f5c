"""The tables: stations, operators, inspections and their video segments and events.

Portable SQL only (SQLite by default, PostgreSQL for several desks). Times are stored
as UTC and come back timezone-aware; paths are relative to the storage root.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# The kinds stored in these tables are the language layer's, with their words beside them.
from inspector.i18n.vocabulary import Decision as Decision
from inspector.i18n.vocabulary import EventKind as EventKind
from inspector.i18n.vocabulary import InspectionKind as InspectionKind
from inspector.i18n.vocabulary import InspectionStatus as InspectionStatus
from inspector.i18n.vocabulary import ItemRole as ItemRole


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
    """Order and courier numbers as stored: full-width folded, spaces removed, upper-cased."""
    if text is None:
        return ""
    # A Chinese input method in full-width mode types "ＳＦ１２３" for SF123 (and U+3000 for a
    # space): NFKC folds them to ASCII, so typed, scanned and imported codes compare equal.
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def parse_reasons(text: str) -> list[str]:
    """An inspection's stored decision reasons (a JSON list) as text lines; a bare text is one line."""
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return [text]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass(frozen=True)
class DecisionRecord:
    """An inspection's decision as stored: what was decided, what the rules said and why, by whom.

    The detail screen (services.browse.InspectionDetail), the decision's own view
    (services.guided.DecisionDetail) and the report (core.evidence.ReportData) each show it;
    all three read it through `decision_record`.
    """

    decision: str
    recommended_decision: str
    decision_reasons: list[str]
    override_reason: str
    decided_by: str
    decided_at: datetime | None

    @property
    def fields(self) -> dict[str, object]:
        """The record as keyword arguments for a view with the same field names."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def decision_record(row: Any) -> DecisionRecord:
    """The decision stored on an inspection row (the table's model or a query's row)."""
    return DecisionRecord(
        decision=str(row.decision),
        recommended_decision=row.recommended_decision,
        decision_reasons=parse_reasons(row.decision_reasons),
        override_reason=row.override_reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def reasons_json(reasons: Iterable[str]) -> str:
    """Decision reasons as an inspection stores them."""
    return json.dumps(list(reasons), ensure_ascii=False)


def _utc_column(nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class Station(SQLModel, table=True):
    """One packing desk with its camera."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    # The desk (settings' desk_id) that first used this name: names are one per warehouse.
    desk_id: str = Field(default="", max_length=36)


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
    duration_s: float = Field(default=0.0, index=True)  # the browse view sorts by it
    frame_count: int = 0
    dropped_frames: int = 0
    width: int = 0
    height: int = 0
    fps: float = 0.0
    source: str = Field(default="", max_length=500)
    # A desk with several cameras records them composed into one video: their descriptions,
    # the main one first, as a JSON list ('' for an inspection filmed by one camera).
    cameras: str = Field(
        default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default="")
    )
    # Evidence integrity: the hash of this record and of the previous completed one (a chain).
    record_hash: str = Field(default="", max_length=64)
    prev_record_hash: str = Field(default="", max_length=64)
    # Retention never removes the video of an inspection kept by hand or under appeal.
    keep: bool = Field(default=False)
    video_removed_at: datetime | None = Field(default=None, sa_column=_utc_column())
    # Guided inspection: when the parcel arrived (the inspection's start), whether the buyer
    # gave the courier number only after that (the buyer then carries the loss), and the
    # decision with the rules' recommendation, its reasons (JSON list), any override and who.
    arrived_at: datetime | None = Field(default=None, sa_column=_utc_column())
    courier_supplied_late: bool = Field(default=False)
    platform: str = Field(default="", max_length=40)
    recommended_decision: str = Field(default="", max_length=20)
    decision_reasons: str = Field(
        default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default="")
    )
    override_reason: str = Field(default="", max_length=2000)
    decided_by: str = Field(default="", max_length=100)
    decided_at: datetime | None = Field(default=None, sa_column=_utc_column())
    # Which desk recorded it (settings' desk_id): its local video copy lives on that desk.
    desk_id: str = Field(default="", max_length=36, index=True)
    # The order facts the inspection relied on (shipped serials and SKUs, platform, buyer,
    # arrival, when the buyer gave the waybill, the claim window's basis), JSON, taken at
    # its first seal: the seal covers them, so an order edited later shows.
    order_facts: str = Field(
        default="", sa_column=sa.Column(sa.Text(), nullable=False, server_default="")
    )
    # A return being unboxed, or an order filmed while packed: a packing is a recording
    # like any other, so its video, events and seals are the inspection's own machinery.
    kind: str = Field(
        default=InspectionKind.RETURN,
        sa_column=sa.Column(
            sa.String(length=20), nullable=False, server_default="return", index=True
        ),
    )


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


class CameraStream(SQLModel, table=True):
    """One camera's own picture at its own size, kept beside a composed video (a desk's option).

    The evidence video is the composed one (segments); these files are extra evidence of
    what each camera saw, sealed with the inspection and exported with it, but never read
    for playback, clips or durations. A camera lost mid-recording ends its file there
    (`note` says so); the composed video goes on with the other cameras.
    """

    __tablename__ = "camera_stream"
    __table_args__ = (sa.UniqueConstraint("inspection_id", "segment_seq", "camera"),)

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    segment_seq: int = 1  # the composed segment it was recorded beside
    camera: int = 1  # its number, from 1, in the desk's order (the main camera first)
    path: str = Field(max_length=500)
    started_at: datetime = Field(sa_column=_utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column())
    width: int = 0
    height: int = 0
    duration_s: float = 0.0
    frame_count: int = 0
    dropped_frames: int = 0
    size_bytes: int = 0
    sha256: str = Field(default="", max_length=64)
    codec: str = Field(default="h264", max_length=20)
    note: str = Field(default="", max_length=1000)  # why it ended before the recording did
    removed_at: datetime | None = Field(default=None, sa_column=_utc_column())
    # Its copy in the warehouse's shared folder, as a segment's VideoCopy says (storage facts,
    # out of the seal): when the copy there matched the hash, and when this desk's file went.
    shared_at: datetime | None = Field(default=None, sa_column=_utc_column())
    local_removed_at: datetime | None = Field(default=None, sa_column=_utc_column())


class VideoCopy(SQLModel, table=True):
    """Where a video segment's copy in the warehouse's shared folder stands.

    One row per segment, made by the desk that recorded it when it first tries to copy.
    Kept out of the seal (a storage fact, like the 'keep' mark): a copy arriving or the
    local file going after it changes no evidence, and the shared copy is checked against
    the segment's sealed SHA-256.
    """

    __tablename__ = "video_copy"

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="video_segment.id", unique=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    desk_id: str = Field(default="", max_length=36, index=True)  # the desk holding the local copy
    # Relative to the shared folder; set once the copy there matched the recorded hash.
    shared_path: str = Field(default="", max_length=500)
    verified_at: datetime | None = Field(default=None, sa_column=_utc_column(index=True))
    attempts: int = 0
    next_try_at: datetime | None = Field(default=None, sa_column=_utc_column())
    last_error: str = Field(default="", max_length=1000)
    # The recording desk's own file removed after the keep period (the shared copy stays).
    local_removed_at: datetime | None = Field(default=None, sa_column=_utc_column())


class InspectionEvent(SQLModel, table=True):
    """Something that happened to an inspection, for its history (interrupted, camera lost, ...)."""

    __tablename__ = "inspection_event"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    kind: str = Field(max_length=40)
    message: str = Field(default="", max_length=2000)
    actor: str = Field(default="", max_length=100)


def _text_column() -> sa.Column:
    return sa.Column(sa.Text(), nullable=False, server_default="")


class SealEntry(SQLModel, table=True):
    """One seal in the desk's append-only seal log: an inspection's whole record, hashed and signed.

    Seals are never rewritten: a later legitimate change to an inspection (an answer, a
    decision, a removal by retention) appends a new entry at the tail, linked to the entry
    before it by hash, so an edit made in between shows as a record that matches none.
    """

    __tablename__ = "seal_entry"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)  # 1, 2, 3 … with no gaps: a removed entry leaves one
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    inspection_uid: str = Field(max_length=32)
    kind: str = Field(max_length=20)  # sealed | amended | retention
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    reason: str = Field(default="", max_length=2000)
    actor: str = Field(default="", max_length=100)
    # The hash of the whole inspection (record, steps, answers, photos, events, videos).
    content_hash: str = Field(max_length=64)
    # Events with ids up to this one are covered; later ones wait for the next seal.
    events_upto: int = 0
    # Facts a check needs later, as JSON: the retention rule in force, a legacy seal replaced.
    detail: str = Field(default="{}", sa_column=_text_column())
    prev_hash: str = Field(default="", max_length=64)
    entry_hash: str = Field(max_length=64, unique=True)
    public_key: str = Field(default="", max_length=64)  # Ed25519, hex
    signature: str = Field(default="", max_length=128)  # over entry_hash, hex


class AnchorRecord(SQLModel, table=True):
    """One line of a desk's chain anchor, published in the database (only ever appended to).

    Each desk has its own chain (desk_id, n = 1, 2, 3 …); the line's text is exactly what
    the desk's chain-anchor.log holds, signed, naming the hash of the line before it. Any
    desk or the office reaches every desk's lines here, so a bundle carries its sealing
    desk's lines whoever exports it, and `verify --all` compares them with the files.
    """

    __tablename__ = "anchor_line"
    __table_args__ = (sa.UniqueConstraint("desk_id", "n", name="uq_anchor_line_desk_n"),)

    id: int | None = Field(default=None, primary_key=True)
    desk_id: str = Field(max_length=64, index=True)
    n: int
    seal_seq: int = Field(default=0, index=True)  # the seal the line records (0: a restore)
    kind: str = Field(default="seal", max_length=20)
    line_hash: str = Field(max_length=64, unique=True)
    text: str = Field(default="", sa_column=_text_column())


class AnchorStamp(SQLModel, table=True):
    """An RFC 3161 time-stamp of a desk's anchor head (line n's hash), or one still queued.

    Stamped after seals, batched: one stamp covers every line up to n, so a seal at or
    before n cannot be rewritten or backdated after the stamp's time without it showing.
    """

    __tablename__ = "anchor_stamp"

    id: int | None = Field(default=None, primary_key=True)
    desk_id: str = Field(max_length=64, index=True)
    n: int = 0  # the head stamped (0 while queued: the head at stamping time is taken)
    line_hash: str = Field(default="", max_length=64)
    queued_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    tsa_url: str = Field(default="", max_length=500)
    token: str = Field(default="", sa_column=_text_column())  # DER, base64; '' while queued
    stamped_at: datetime | None = Field(default=None, sa_column=_utc_column())  # the TSA's time
    last_error: str = Field(default="", max_length=1000)


class TimestampToken(SQLModel, table=True):
    """An RFC 3161 time-stamp of a finished video's hash, or one waiting for the desk to be online."""

    __tablename__ = "timestamp_token"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    sha256: str = Field(max_length=64, index=True)  # what was stamped
    queued_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    tsa_url: str = Field(default="", max_length=500)
    token: str = Field(default="", sa_column=_text_column())  # DER, base64; '' while queued
    stamped_at: datetime | None = Field(default=None, sa_column=_utc_column())  # the TSA's time
    last_error: str = Field(default="", max_length=1000)


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


class Product(SQLModel, table=True):
    """One of the store's own products and the features staff check to recognise it.

    List fields hold JSON arrays of strings; photos are paths relative to the storage root.
    """

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(max_length=100, unique=True)
    name: str = Field(max_length=300)
    # The barcodes printed on the product (EAN-13, UPC, the store's own): a scan of one at
    # the desk is this product, never a waybill, whatever pattern it also fits.
    barcodes: str = Field(
        default="[]", sa_column=sa.Column(sa.Text(), nullable=False, server_default="[]")
    )
    photos: str = Field(default="[]", sa_column=_text_column())
    sticker: str = Field(default="", max_length=500)
    serial_format: str = Field(default="", max_length=100)
    serial_from: str = Field(default="", max_length=100)
    serial_to: str = Field(default="", max_length=100)
    hidden_marks: str = Field(default="[]", sa_column=_text_column())
    hang_tags: str = Field(default="[]", sa_column=_text_column())
    batch_code_format: str = Field(default="", max_length=100)
    packaging: str = Field(default="[]", sa_column=_text_column())
    accessories: str = Field(default="[]", sa_column=_text_column())
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=_utc_column(nullable=False, index=True)
    )


class ShopOrder(SQLModel, table=True):
    """A marketplace order as the shop exported it, with its return's courier number if known."""

    __tablename__ = "shop_order"

    id: int | None = Field(default=None, primary_key=True)
    order_number: str = Field(max_length=100, unique=True)
    platform: str = Field(max_length=40, index=True)
    buyer: str = Field(default="", max_length=200, index=True)
    ship_date: date | None = Field(default=None)
    return_requested_on: date | None = Field(default=None)
    return_courier: str = Field(default="", max_length=100, index=True)
    # The day the buyer supplied the courier number; the exact time when the export has it.
    courier_supplied_on: date | None = Field(default=None)
    courier_supplied_at: datetime | None = Field(default=None, sa_column=_utc_column())
    # The offset from UTC the export wrote that time in (minutes), so it is shown as written.
    courier_supplied_offset: int | None = Field(default=None)
    # From a refund or returns report: who carries the return, and the buyer's reason.
    return_carrier: str = Field(default="", max_length=100)
    return_reason: str = Field(default="", max_length=500)
    # The parcel as it went out: a refused or undelivered parcel comes back under it.
    outbound_waybill: str = Field(default="", max_length=100, index=True)
    outbound_carrier: str = Field(default="", max_length=100)
    imported_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))


class ImportPreset(SQLModel, table=True):
    """A seller's column mapping for an export the recogniser cannot read alone, kept in the
    database so every desk of the warehouse has it."""

    __tablename__ = "import_preset"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    platform: str = Field(default="", max_length=40)
    columns: str = Field(default="{}", sa_column=_text_column())  # field -> header, as JSON
    date_order: str = Field(default="", max_length=3)  # DMY or MDY, when the file needs it
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))


class ShopOrderLine(SQLModel, table=True):
    """One product line of an order: what was shipped, with its serials or batch codes."""

    __tablename__ = "shop_order_line"
    __table_args__ = (sa.UniqueConstraint("order_id", "line_no"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True)
    line_no: int = 1
    sku: str = Field(max_length=100, index=True)  # SKU filter and per-SKU counts
    quantity: int = 1
    serials: str = Field(default="[]", sa_column=_text_column())


class ChecklistStep(SQLModel, table=True):
    """One step of an inspection's checklist, a snapshot of what was to be checked then."""

    __tablename__ = "checklist_step"
    __table_args__ = (
        sa.UniqueConstraint("inspection_id", "seq"),
        sa.UniqueConstraint("inspection_id", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    seq: int
    key: str = Field(max_length=40)
    category: str = Field(max_length=20)  # general, identity, completeness, condition
    kind: str = Field(max_length=20)
    title: str = Field(max_length=500)
    detail: str = Field(default="", sa_column=_text_column())
    line_no: int | None = Field(default=None)
    sku: str = Field(default="", max_length=100)
    # What a value read at the desk must match (serial format, range, shipped codes), as JSON.
    expects: str = Field(default="{}", sa_column=_text_column())
    photos: str = Field(default="[]", sa_column=_text_column())


class ChecklistAnswer(SQLModel, table=True):
    """An answer to a step; a later answer to the same step supersedes it, both are kept."""

    __tablename__ = "checklist_answer"

    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="checklist_step.id", index=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    result: str = Field(max_length=10)  # pass, fail, na
    note: str = Field(default="", max_length=2000)
    value: str = Field(default="", max_length=200)
    photo_path: str = Field(default="", max_length=500)
    answered_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    # The bookmark: seconds into the video segment `segment_seq`. When it came from the
    # clock (not from the recorder), it is recomputed against the segment's final start.
    video_offset_s: float | None = Field(default=None)
    segment_seq: int | None = Field(default=None)
    offset_from_clock: bool = Field(default=False)
    actor: str = Field(default="", max_length=100)


class ItemScan(SQLModel, table=True):
    """An item read on camera: scanned into the box at packing, or read on a returned item.

    Sealed with its recording (core/chain.py): the SKU and serial, and the second in the
    video. A returned item's scan names the packing (or export) it was compared with and what
    that held, so the comparison stays what it was when it was made.
    """

    __tablename__ = "item_scan"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    role: str = Field(max_length=10)  # packed | returned
    sku: str = Field(default="", max_length=100, index=True)
    serial: str = Field(default="", max_length=200, index=True)
    code: str = Field(default="", max_length=100)  # the product barcode scanned, if any
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    video_offset_s: float | None = Field(default=None)
    segment_seq: int | None = Field(default=None)
    actor: str = Field(default="", max_length=100)
    # For a returned item: the packing it was compared with (its uid; "" when the order's
    # export was all there was) and what that held, as JSON (core.packing.Reference).
    packing_uid: str = Field(default="", max_length=32)
    compared_with: str = Field(default="", sa_column=_text_column())


class OrderReminder(SQLModel, table=True):
    """A message the seller sent the buyer asking for the return's waybill, with its time.

    The seller's rule: a waybill supplied only after the parcel arrived leaves the loss
    with the buyer; the dates the buyer was asked show that it was asked for in time.
    """

    __tablename__ = "order_reminder"

    id: int | None = Field(default=None, primary_key=True)
    order_number: str = Field(max_length=100, index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    language: str = Field(default="", max_length=10)
    message: str = Field(default="", sa_column=_text_column())
    actor: str = Field(default="", max_length=100)


class PlatformPolicy(SQLModel, table=True):
    """The store's own setting for one platform; platforms without a row use built-in defaults."""

    __tablename__ = "platform_policy"

    platform: str = Field(primary_key=True, max_length=40)
    identity_fail: str = Field(max_length=20)
    damaged: str = Field(max_length=20)
    incomplete: str = Field(max_length=20)
    claim_window_days: int
    note: str = Field(default="", max_length=1000)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))


class StoredPhoto(SQLModel, table=True):
    """A photo a seal covers (a reference photo, a photo taken at a step), kept in the database.

    Keyed by the storage-relative path every record names it by, with the SHA-256 taken when
    it was stored: a seal takes the hash from here, never from whatever copy a desk has on
    its own disk, and any desk writes its local copy from `data` when it needs the file.
    """

    __tablename__ = "stored_photo"

    path: str = Field(primary_key=True, max_length=500)
    sha256: str = Field(max_length=64, index=True)
    size_bytes: int = 0
    data: bytes = Field(sa_column=sa.Column(sa.LargeBinary(), nullable=False))
    stored_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    desk_id: str = Field(default="", max_length=36)  # the desk that stored it


class DeskCertificate(SQLModel, table=True):
    """A statement signed by the store key: a desk key certified, or revoked from a time on.

    `body` is the canonical JSON that was signed (core/signing.py builds and checks it);
    the other columns repeat its facts so they can be looked up.
    """

    __tablename__ = "desk_certificate"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # certify | revoke
    desk_id: str = Field(max_length=36, index=True)
    desk_public_key: str = Field(max_length=64, index=True)
    store_public_key: str = Field(max_length=64)
    body: str = Field(sa_column=_text_column())
    signature: str = Field(max_length=128)
    issued_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    # The X.509 form of a certification (PEM: the desk's certificate, the store's CA), which
    # signs report.pdf so a PDF reader can check it (core/x509_identity.py); '' for none.
    x509: str = Field(default="", sa_column=_text_column())


class DeskKeyRequest(SQLModel, table=True):
    """A desk's public key waiting for the store key to certify it (one row per desk key)."""

    __tablename__ = "desk_key_request"

    public_key: str = Field(primary_key=True, max_length=64)
    desk_id: str = Field(max_length=36, index=True)
    desk_name: str = Field(default="", max_length=100)
    requested_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    # The desk's P-256 twin key signed by its Ed25519 key, for its X.509 certificate.
    twin_proof: str = Field(default="", sa_column=_text_column())


class WarehouseSetting(SQLModel, table=True):
    """A setting for the whole warehouse (desk_id '') or one desk's override of it, as JSON."""

    __tablename__ = "warehouse_setting"

    key: str = Field(primary_key=True, max_length=64)
    desk_id: str = Field(primary_key=True, default="", max_length=36)
    value: str = Field(default="null", sa_column=_text_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(nullable=False))
    updated_by: str = Field(default="", max_length=100)
