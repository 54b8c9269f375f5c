"""Reading inspections back: summaries for lists, the CLI and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlmodel import Session, select

from inspector.core.errors import NotFoundError
from inspector.core.models import (
    CameraStream,
    Inspection,
    Operator,
    Station,
    VideoSegment,
    normalize_code,
)
from inspector.services.context import AppContext
from inspector.services.shared_videos import video_path


@dataclass
class InspectionSummary:
    """An inspection as the list, the CLI and the JSON output show it."""

    id: int
    uid: str
    order: str
    courier: str
    status: str
    decision: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    frame_count: int
    dropped_frames: int
    station: str
    operator: str
    video_path: str
    sha256: str
    size_bytes: int
    segments: list[dict[str, Any]] = field(default_factory=list)
    # The cameras filmed, the main one first (one, the source, for a one-camera desk).
    cameras: list[str] = field(default_factory=list)
    kind: str = "return"  # or "packing": an order filmed while packed
    # Each camera's own stream kept beside the composed video (a desk's option), by camera.
    camera_streams: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["ended_at"] = self.ended_at.isoformat() if self.ended_at else None
        return data


def _summaries(
    ctx: AppContext, session: Session, inspections: list[Inspection]
) -> list[InspectionSummary]:
    ids = [i.id for i in inspections]
    if not ids:
        return []
    segments: dict[int, list[VideoSegment]] = {}
    for seg in session.exec(
        select(VideoSegment).where(VideoSegment.inspection_id.in_(ids)).order_by(VideoSegment.seq)
    ):
        segments.setdefault(seg.inspection_id, []).append(seg)
    streams: dict[int, list[CameraStream]] = {}
    for stream in session.exec(
        select(CameraStream)
        .where(CameraStream.inspection_id.in_(ids))
        .order_by(CameraStream.camera, CameraStream.segment_seq)
    ):
        streams.setdefault(stream.inspection_id, []).append(stream)
    names = {}
    for model in (Station, Operator):
        for row in session.exec(select(model)):
            names[(model, row.id)] = row.name
    out = []
    for i in inspections:
        segs = segments.get(i.id, [])
        first = segs[0] if segs else None
        out.append(
            InspectionSummary(
                id=i.id,
                uid=i.uid,
                order=i.order_number,
                courier=i.courier_number,
                status=i.status,
                decision=i.decision,
                started_at=i.started_at,
                ended_at=i.ended_at,
                duration_s=i.duration_s,
                frame_count=i.frame_count,
                dropped_frames=i.dropped_frames,
                station=names.get((Station, i.station_id), ""),
                operator=names.get((Operator, i.operator_id), ""),
                video_path=str(video_path(ctx, first.path)) if first else "",
                sha256=first.sha256 if first else "",
                size_bytes=sum(s.size_bytes for s in segs),
                segments=[
                    {
                        "seq": s.seq,
                        "path": str(video_path(ctx, s.path)),
                        "sha256": s.sha256,
                        "duration_s": s.duration_s,
                        "frames": s.frame_count,
                        "size_bytes": s.size_bytes,
                    }
                    for s in segs
                ],
                cameras=inspection_cameras(i),
                kind=str(i.kind),
                camera_streams=_stream_facts(ctx, i, streams.get(i.id, [])),
            )
        )
    return out


def _stream_facts(
    ctx: AppContext, inspection: Inspection, streams: list[CameraStream]
) -> list[dict[str, Any]]:
    """Each camera's own streams, under the camera they are of (number and description)."""
    cameras = inspection_cameras(inspection)
    out: list[dict[str, Any]] = []
    for number in sorted({s.camera for s in streams}):
        out.append(
            {
                "camera": number,
                "name": cameras[number - 1] if number <= len(cameras) else "",
                "streams": [
                    {
                        "segment": s.segment_seq,
                        "path": str(video_path(ctx, s.path)),
                        "sha256": s.sha256,
                        "width": s.width,
                        "height": s.height,
                        "codec": s.codec,
                        "started_at": s.started_at.isoformat(),
                        "duration_s": s.duration_s,
                        "frames": s.frame_count,
                        "dropped": s.dropped_frames,
                        "size_bytes": s.size_bytes,
                        "note": s.note,
                        "removed": s.removed_at is not None,
                    }
                    for s in streams
                    if s.camera == number
                ],
            }
        )
    return out


def inspection_cameras(inspection: Inspection) -> list[str]:
    """The cameras an inspection was filmed with, the main one first."""
    if inspection.cameras:
        try:
            listed = json.loads(inspection.cameras)
        except ValueError:
            listed = None
        if isinstance(listed, list):
            return [str(c) for c in listed]
    return [inspection.source] if inspection.source else []


def get_inspection(ctx: AppContext, inspection_id: int) -> InspectionSummary:
    with ctx.db.session() as session:
        row = session.get(Inspection, inspection_id)
        if row is None:
            raise NotFoundError(
                f"There is no inspection number {inspection_id}. Run 'inspector list' to see them."
            )
        return _summaries(ctx, session, [row])[0]


def list_inspections(
    ctx: AppContext,
    order: str | None = None,
    courier: str | None = None,
    station: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[InspectionSummary]:
    """Inspections, newest first, optionally by order, courier number, station or start time."""
    query = select(Inspection).order_by(Inspection.started_at.desc(), Inspection.id.desc())
    if order:
        query = query.where(Inspection.order_number == normalize_code(order))
    if courier:
        query = query.where(Inspection.courier_number == normalize_code(courier))
    if station:
        query = query.join(Station, Station.id == Inspection.station_id).where(
            Station.name == station
        )
    if since is not None:
        query = query.where(Inspection.started_at >= since)
    if limit:
        query = query.limit(limit)
    with ctx.db.session() as session:
        return _summaries(ctx, session, list(session.exec(query).all()))


@dataclass(frozen=True)
class DayRow:
    """One line of a desk's list of the day."""

    id: int
    started_at: datetime
    order: str
    courier: str
    operator: str
    status: str
    decision: str
    duration_s: float


def desk_day(ctx: AppContext, station: str, since: datetime) -> list[DayRow]:
    """A desk's inspections since `since`, newest first, in one light query.

    Read after every parcel, so it reads only what the list shows: the full summaries
    (segments, paths, cameras) took 0.4 s for a day of 1,000 parcels.
    """
    query = (
        select(
            Inspection.id,
            Inspection.started_at,
            Inspection.order_number,
            Inspection.courier_number,
            Operator.name,
            Inspection.status,
            Inspection.decision,
            Inspection.duration_s,
        )
        .join(Station, Station.id == Inspection.station_id)
        .outerjoin(Operator, Operator.id == Inspection.operator_id)
        .where(Station.name == station, Inspection.started_at >= since)
        .order_by(Inspection.started_at.desc(), Inspection.id.desc())
    )
    with ctx.db.session() as session:
        return [
            DayRow(
                id=row[0],
                started_at=row[1],
                order=row[2],
                courier=row[3],
                operator=row[4] or "",
                status=row[5],
                decision=row[6],
                duration_s=row[7],
            )
            for row in session.exec(query)
        ]


def start_of_today() -> datetime:
    """Local midnight today, in UTC: 'today' at a desk means the desk's own day."""
    local_midnight = datetime.combine(
        datetime.now().astimezone().date(), time(0), tzinfo=datetime.now().astimezone().tzinfo
    )
    return local_midnight.astimezone(UTC)
