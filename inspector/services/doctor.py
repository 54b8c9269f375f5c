"""What a support call asks first: cameras, encoder, data directory, disk."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from inspector import __version__
from inspector.capture.encoder import probe_h264
from inspector.capture.sources import (
    CameraMode,
    camera_modes,
    find_cameras,
    measure_fps,
    open_source,
    shortfall_words,
)
from inspector.core.errors import SourceError, StorageError
from inspector.core.logs import log_dir_for, recent_errors
from inspector.core.models import Inspection, InspectionStatus
from inspector.core.settings import Settings, camera_specs, parse_camera_line
from inspector.core.signing import DeskKey
from inspector.core.storage import format_bytes
from inspector.services.context import GB, AppContext
from inspector.services.shared_videos import share_status


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
    # Each local camera's modes as this program gets them (MJPG from 720p up).
    camera_modes: dict[int, list[CameraMode]] = field(default_factory=dict)
    # The station's own camera at its set mode: what it got, and frames a second delivered.
    station_camera: str = ""
    shared_videos: str = ""  # the shared folder, reachable or not, and videos waiting
    # Each camera the desk records (Camera, then More cameras), checked: the main one first.
    desk_cameras: list[str] = field(default_factory=list)
    desk_key: str = ""  # where the signing key is kept (the keyring or a file), or why unread

    def lines(self) -> list[str]:
        cams = (
            ", ".join(f"{i}: {d}" for i, d in self.cameras)
            or "none found (the demo source is available: --source demo)"
        )
        modes = [
            f"  camera {index} modes: " + (", ".join(map(str, found)) or "none listed")
            for index, found in self.camera_modes.items()
        ]
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
            *([f"Signing key: {self.desk_key}"] if self.desk_key else []),
            *([self.shared_videos] if self.shared_videos else []),
            f"Cameras: {cams}",
            *modes,
            *([f"Station camera: {self.station_camera}"] if self.station_camera else []),
            *(
                ["Desk cameras (recorded together into one video):"]
                + [
                    f"  camera {n}{' (large)' if n == 1 else ''}: {line}"
                    for n, line in enumerate(self.desk_cameras, 1)
                ]
                if len(self.desk_cameras) > 1
                else []
            ),
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


def check_station_camera(spec: str, width: int, height: int, fps: float) -> str:
    """Open the station's local camera at its set mode for two seconds: the mode got and the rate delivered."""
    if not spec.strip().isdigit():
        return ""
    source = open_source(spec, width, height, fps)
    try:
        source.open()
    except SourceError as exc:
        return str(exc)
    try:
        delivered = measure_fps(source)
    finally:
        source.close()
    asked = f"asked {width}×{height} @ {fps:g} fps"
    got = f"{source.description}, {asked}, delivered {delivered:.1f} frames a second"
    slow = shortfall_words("en", source.description, fps, delivered)
    return f"{got}. {slow}" if slow else got


def check_camera(spec: str, width: int, height: int, fps: float) -> str:
    """One of the desk's cameras opened for a second: what it is and what it delivers, or why not."""
    try:
        source = open_source(spec, width, height, fps)
        source.open()
    except SourceError as exc:
        return f"NOT WORKING: {exc}"
    try:
        delivered = measure_fps(source, 1.0)
    finally:
        source.close()
    return f"{source.description}, delivered {delivered:.1f} frames a second"


def desk_cameras(settings: Settings, station_camera: str) -> list[str]:
    """Every camera of the desk, checked (a local main camera's check is the station camera's)."""
    specs = camera_specs(settings)
    if len(specs) < 2:
        return [station_camera or specs[0]]
    out = []
    for n, spec in enumerate(specs):
        if n == 0 and station_camera:
            out.append(station_camera)
        else:
            choice = parse_camera_line(spec)
            out.append(
                check_camera(
                    choice.spec,
                    choice.width or settings.width,
                    choice.height or settings.height,
                    choice.fps or settings.fps,
                )
            )
    return out


def doctor(ctx: AppContext) -> DoctorReport:
    server, round_trip_ms = ctx.db.server_facts()
    with ctx.db.session() as session:
        total = session.exec(select(sa.func.count()).select_from(Inspection)).one()
        stuck = session.exec(
            select(sa.func.count())
            .select_from(Inspection)
            .where(Inspection.status == InspectionStatus.RECORDING)
        ).one()
    settings = ctx.settings
    cameras = find_cameras()
    station_camera = check_station_camera(
        settings.camera_source, settings.width, settings.height, settings.fps
    )
    return DoctorReport(
        camera_modes={index: camera_modes(index) for index, _ in cameras},
        station_camera=station_camera,
        desk_cameras=desk_cameras(settings, station_camera),
        version=__version__,
        data_dir=str(ctx.storage.root),
        database=ctx.db.safe_url,
        schema_revision=ctx.db.current_revision(),
        server=server,
        round_trip_ms=round_trip_ms,
        desk_id=ctx.desk_id,
        cameras=cameras,
        h264_error=_probe_h264(ctx),
        free_bytes=ctx.storage.free_bytes(),
        reserve_bytes=int(ctx.settings.disk_reserve_gb * GB),
        inspections=total,
        stuck_recording=stuck,
        recent_errors=recent_errors(log_dir_for(ctx.storage.root)),
        shared_videos=share_status(ctx).line(),
        desk_key=desk_key_line(ctx.storage.root),
    )


def desk_key_line(root: Path) -> str:
    """Where this desk's signing key is kept, or that it has none yet, or why it is unreadable."""
    try:
        key = DeskKey.load(root)  # read only: doctor makes no key
    except StorageError as exc:
        return f"NOT USABLE: {exc}"
    if key is None:
        return "none yet (made at the first seal or 'inspector keys show')"
    return f"{key.fingerprint}, kept in {key.describe()}"
