"""Which inspection and which video an export takes.

Found by number, order or courier; its segments checked usable before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.evidence import EvidenceError
from inspector.core.models import (
    CameraStream,
    Inspection,
    InspectionStatus,
    Operator,
    Station,
    VideoSegment,
    normalize_code,
)
from inspector.services.context import AppContext
from inspector.services.shared_videos import video_path


def find_inspection(
    ctx: AppContext,
    inspection_id: int | None = None,
    order: str | None = None,
    courier: str | None = None,
) -> int:
    """The inspection an export names: by number, else the newest with this order or courier number."""
    with ctx.db.session() as session:
        if inspection_id is not None:
            if session.get(Inspection, inspection_id) is None:
                raise NotFoundError(
                    f"There is no inspection number {inspection_id}. Run 'inspector list' to see them."
                )
            return inspection_id
        query = select(Inspection).order_by(Inspection.started_at.desc(), Inspection.id.desc())
        if order:
            query = query.where(Inspection.order_number == normalize_code(order))
        elif courier:
            query = query.where(Inspection.courier_number == normalize_code(courier))
        else:
            raise ValidationError("Name the inspection: its number, --order or --courier.")
        found = session.exec(query.where(Inspection.status != InspectionStatus.RECORDING)).first()
        if found is None:
            what = (
                f"order {normalize_code(order)}"
                if order
                else f"courier number {normalize_code(courier)}"
            )
            raise NotFoundError(
                f"No finished inspection has {what}. Run 'inspector list' to see them."
            )
        assert found.id is not None
        return found.id


def segments(session: Session, inspection_id: int) -> list[VideoSegment]:
    return list(
        session.exec(
            select(VideoSegment)
            .where(VideoSegment.inspection_id == inspection_id)
            .order_by(VideoSegment.seq)
        )
    )


def row_name(session: Session, model: type[Station] | type[Operator], row_id: int | None) -> str:
    row = session.get(model, row_id) if row_id is not None else None
    return row.name if row is not None else ""


def usable_segments(
    ctx: AppContext, inspection: Inspection, segs: list[VideoSegment]
) -> list[VideoSegment]:
    if inspection.status == InspectionStatus.RECORDING:
        raise ValidationError(
            f"Inspection {inspection.id} is still recording; stop it before exporting evidence."
        )
    usable = [s for s in segs if s.sha256 and s.frame_count > 0]
    if not usable:
        raise EvidenceError(
            f"Inspection {inspection.id} has no video to export (status {inspection.status})."
        )
    for s in usable:
        if s.removed_at is not None:
            raise EvidenceError(
                f"The video of inspection {inspection.id} was removed by retention on "
                f"{s.removed_at.astimezone():%Y-%m-%d}; there is nothing left to export. "
                "Mark inspections under appeal 'keep' so retention spares them."
            )
        path = video_path(ctx, s.path)
        if not path.exists():
            raise EvidenceError(
                f"The video of inspection {inspection.id} is missing from {path}. "
                "Run 'inspector verify --all' to see what else no longer matches."
            )
    return usable


def video_name(seg: VideoSegment) -> str:
    return f"video/{Path(seg.path).name}"


CAMERAS_FOLDER = "cameras/"  # a bundle's folder for the cameras' own streams


def usable_streams(ctx: AppContext, session: Session, inspection: Inspection) -> list[CameraStream]:
    """The cameras' own streams an export carries beside the video: every one not removed by
    retention, which must be there (a sealed file gone is refused, as a missing video is)."""
    from inspector.core.chain import camera_streams

    usable = [s for s in camera_streams(session, inspection.id) if s.removed_at is None]
    for s in usable:
        path = video_path(ctx, s.path)
        if not path.exists():
            raise EvidenceError(
                f"Camera {s.camera}'s own stream of inspection {inspection.id} is missing from "
                f"{path}. Run 'inspector verify --all' to see what else no longer matches."
            )
    return usable


def stream_name(stream: CameraStream) -> str:
    """Where a camera's own stream sits in a bundle: cameras/<its file name>."""
    return f"{CAMERAS_FOLDER}{Path(stream.path).name}"
