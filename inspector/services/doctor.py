"""What a support call asks first: cameras, encoder, data directory, disk."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from inspector import __version__
from inspector.capture.encoder import probe_h264
from inspector.capture.sources import find_cameras
from inspector.core.logs import log_dir_for, recent_errors
from inspector.core.models import Inspection, InspectionStatus
from inspector.core.storage import format_bytes
from inspector.services.context import GB, AppContext


@dataclass
class DoctorReport:
    """What a support call asks first: cameras, encoder, data directory, disk."""

    version: str
    data_dir: str
    database: str
    schema_revision: str | None
    server: str
    round_trip_ms: float
    desk_id: str
    cameras: list[tuple[int, str]]
    h264_error: str | None
    free_bytes: int
    reserve_bytes: int
    inspections: int
    stuck_recording: int
    recent_errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        cams = (
            ", ".join(f"{i}: {d}" for i, d in self.cameras)
            or "none found (the demo source is available: --source demo)"
        )
        ok = "OK" if self.h264_error is None else f"NOT WORKING: {self.h264_error}"
        disk = f"{format_bytes(self.free_bytes)} free" + (
            ""
            if self.free_bytes >= self.reserve_bytes
            else f" — BELOW the {format_bytes(self.reserve_bytes)} reserve"
        )
        return [
            f"inspector {self.version}",
            f"Data directory: {self.data_dir}",
            f"Database: {self.database} (schema {self.schema_revision})",
            f"Database server: {self.server}, round trip {self.round_trip_ms:.1f} ms",
            f"Desk id: {self.desk_id}",
            f"Cameras: {cams}",
            f"H.264 encoder: {ok}",
            f"Disk: {disk}",
            f"Inspections: {self.inspections}"
            + (
                f" ({self.stuck_recording} left in 'recording': run 'inspector recover')"
                if self.stuck_recording
                else ""
            ),
            "Recent errors: " + ("none" if not self.recent_errors else ""),
            *(f"  {line}" for line in self.recent_errors),
        ]


def _probe_h264(ctx: AppContext) -> str | None:
    if not ctx.read_only:
        return probe_h264(ctx.storage.root)  # the folder recordings will be written to
    with tempfile.TemporaryDirectory(prefix="inspector-probe-") as tmp:
        return probe_h264(Path(tmp))


def doctor(ctx: AppContext) -> DoctorReport:
    server, round_trip_ms = ctx.db.server_facts()
    with ctx.db.session() as session:
        total = session.exec(select(sa.func.count()).select_from(Inspection)).one()
        stuck = session.exec(
            select(sa.func.count())
            .select_from(Inspection)
            .where(Inspection.status == InspectionStatus.RECORDING)
        ).one()
    return DoctorReport(
        version=__version__,
        data_dir=str(ctx.storage.root),
        database=ctx.db.safe_url,
        schema_revision=ctx.db.current_revision(),
        server=server,
        round_trip_ms=round_trip_ms,
        desk_id=ctx.desk_id,
        cameras=find_cameras(),
        h264_error=_probe_h264(ctx),
        free_bytes=ctx.storage.free_bytes(),
        reserve_bytes=int(ctx.settings.disk_reserve_gb * GB),
        inspections=total,
        stuck_recording=stuck,
        recent_errors=recent_errors(log_dir_for(ctx.storage.root)),
    )
