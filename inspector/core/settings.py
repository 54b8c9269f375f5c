"""Station settings, described as data: each key has a type, a default, a label and a group.

The settings dialog and the defaults both come from SETTINGS; values persist as JSON
in the data directory, written atomically.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.core.errors import StorageError

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str
    help: str = ""
    choices: tuple[str, ...] = ()  # a closed list of values, shown as a drop-down
    multiline: bool = False  # long text (one rule a line) rather than a single line


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "station_name",
        str,
        "Desk 1",
        "Station name",
        "Station",
        "Shown on the overlay and every record.",
    ),
    SettingSpec(
        "desk_role",
        str,
        "station",
        "This computer is",
        "Station",
        "'station': a packing desk with a camera. 'office': a reviewer's PC without a "
        "camera (Browse, Appeals due, exports, verification; no recording).",
        choices=("station", "office"),
    ),
    SettingSpec("operator", str, "", "Operator", "Station", "Who is working at this desk now."),
    SettingSpec(
        "camera_source",
        str,
        "0",
        "Camera",
        "Camera",
        "A camera number, an rtsp:// or http:// URL, a video file, or 'demo'.",
    ),
    SettingSpec("width", int, 1280, "Width", "Camera"),
    SettingSpec("height", int, 720, "Height", "Camera"),
    SettingSpec("fps", float, 30.0, "Frames per second", "Camera"),
    SettingSpec(
        "more_cameras",
        str,
        "",
        "More cameras",
        "Camera",
        "Further cameras recorded together with the first into one video (a close-up of the "
        "label, a phone), one a line: a camera number, an rtsp:// or http:// URL, or 'demo'.",
        multiline=True,
    ),
    SettingSpec(
        "camera_layout",
        str,
        "inset",
        "Several cameras shown",
        "Camera",
        "'inset': the first camera large, the others in a box on the right. 'side_by_side': "
        "all the same size. A desk key swaps which camera is large.",
        choices=("inset", "side_by_side"),
    ),
    SettingSpec(
        "keep_camera_streams",
        bool,
        False,
        "Keep each camera's own stream",
        "Camera",
        "With several cameras: besides the composed video, keep each camera's own picture at "
        "its own size, sealed and exported with the inspection. Costs an encoder per camera "
        "and its disk space.",
    ),
    SettingSpec(
        "crf",
        int,
        23,
        "Quality (CRF, lower is better)",
        "Recording",
        "18 is visually lossless, 28 is small.",
    ),
    SettingSpec("preset", str, "veryfast", "Encoder speed", "Recording"),
    SettingSpec(
        "preroll_seconds",
        float,
        3.0,
        "Pre-roll (seconds)",
        "Recording",
        "Seconds kept from before Start.",
    ),
    SettingSpec(
        "disk_reserve_gb",
        float,
        2.0,
        "Disk reserve (GB)",
        "Storage",
        "Recording does not start below this.",
    ),
    # Hands-free desk (scanner, camera barcode, auto-stop) and language.
    SettingSpec(
        "auto_stop_seconds",
        float,
        60.0,
        "Auto-stop after no motion (seconds)",
        "Recording",
        "A forgotten Stop ends the recording after this long without motion; 0 turns it off.",
    ),
    SettingSpec(
        "auto_stop_warning_seconds",
        float,
        10.0,
        "Warning before auto-stop (seconds)",
        "Recording",
        "A countdown is shown this long before stopping; motion, Space or Keep recording "
        "cancels it.",
    ),
    SettingSpec(
        "auto_start_on_scan",
        bool,
        True,
        "Start recording when a waybill is scanned",
        "Scanning",
        "The waybill scan (by the scanner gun or the camera) starts recording.",
    ),
    SettingSpec(
        "stop_on_same_scan",
        bool,
        True,
        "Scanning the same waybill again stops",
        "Scanning",
    ),
    SettingSpec(
        "packing_desk",
        bool,
        False,
        "This desk packs orders",
        "Scanning",
        "Scanning an imported order (or its outbound waybill) films its packing, marked "
        "PACKING; items and serials are scanned into the box and F8 ends it as packed. "
        "Off: only an order not yet shipped is packed; other scans are returns.",
    ),
    SettingSpec(
        "camera_barcode",
        bool,
        True,
        "Read the waybill barcode in the camera picture",
        "Scanning",
        "Hold the label inside the guide box; a code read several times running is taken.",
    ),
    SettingSpec(
        "camera_barcode_reads",
        int,
        3,
        "Camera reads needed to accept a code",
        "Scanning",
    ),
    SettingSpec(
        "scanner_min_chars",
        int,
        6,
        "Scanner: shortest code (characters)",
        "Scanning",
        "Fast keystroke bursts at least this long are taken as a scan, not typing.",
    ),
    SettingSpec(
        "scanner_max_gap_ms",
        int,
        35,
        "Scanner: longest average gap between keys (ms)",
        "Scanning",
    ),
    SettingSpec(
        "scanner_end_ms",
        int,
        150,
        "Scanner: silence that ends a scan without Enter (ms)",
        "Scanning",
    ),
    SettingSpec(
        "badge_prefix",
        str,
        "",
        "Operator badge prefix",
        "Scanning",
        "Codes starting with this switch the operator (OP- and BADGE- always do).",
    ),
    SettingSpec(
        "scan_patterns",
        str,
        "",
        "Own scan patterns",
        "Scanning",
        "One rule a line, tried before the built-in ones: kind | name | regular expression. "
        "Kinds: courier, order, operator, ignore.",
        multiline=True,
    ),
    SettingSpec(
        "language",
        str,
        "system",
        "Language",
        "Station",
        "The language of the windows, the overlay and the report; 'system' follows the computer.",
        choices=("system", "en", "zh_CN"),
    ),
    SettingSpec(
        "report_language",
        str,
        "desk",
        "Evidence report language",
        "Station",
        "The language of the report and the web page in evidence bundles. 'Same as the desk' "
        "follows the desk's language; an appeal to a platform that reads English may want English.",
        choices=("desk", "en", "zh_CN"),
    ),
    SettingSpec(
        "first_run_done",
        bool,
        False,
        "First-run set-up done",
        "Station",
    ),
    # Retention and backups (inspector/core/retention.py, inspector/services/maintenance.py).
    SettingSpec(
        "retention_days",
        int,
        0,
        "Keep videos of decided inspections (days)",
        "Storage",
        "Clean-up removes older videos of decided inspections, never pending, kept or "
        "appealed ones; the records stay. 0 keeps every video.",
    ),
    SettingSpec(
        "storage_quota_gb",
        float,
        0.0,
        "Video storage quota (GB)",
        "Storage",
        "Above this, clean-up also removes the oldest videos of decided inspections that "
        "are not kept or appealed. 0 means no quota.",
    ),
    SettingSpec(
        "backup_daily",
        bool,
        False,
        "Back up the database every day",
        "Backup",
        "A copy of the database once a day to the backup folder while the app runs.",
    ),
    SettingSpec(
        "backup_dir",
        str,
        "",
        "Backup folder",
        "Backup",
        "Another disk or a network share; empty uses the backups folder in the data folder.",
    ),
    SettingSpec(
        "backup_keep",
        int,
        14,
        "Backups to keep",
        "Backup",
        "The newest this many daily backups are kept; older ones are deleted.",
    ),
    SettingSpec(
        "tsa_url",
        str,
        "",
        "Time-stamping authority (RFC 3161)",
        "Evidence",
        "The address of a time-stamping service, e.g. http://timestamp.digicert.com. Each "
        "finished video and each bundle is stamped there; offline, stamps wait and are made "
        "later. Empty: no trusted time.",
    ),
    SettingSpec(
        "tsa_trust_roots",
        str,
        "",
        "Trusted time-stamping roots",
        "Evidence",
        "Certificate files (PEM) of authorities whose time-stamps are trusted besides the "
        "system's own roots, one path a line. A time-stamp whose certificate chain reaches "
        "none of them is 'time not trusted'.",
        multiline=True,
    ),
    SettingSpec(
        "trusted_fingerprints",
        str,
        "",
        "Trusted store fingerprints",
        "Evidence",
        "The store fingerprints 'verify' accepts as the origin of a bundle without "
        "--fingerprint, one a line (inspector keys show prints this desk's).",
        multiline=True,
    ),
    # Several desks, one warehouse (inspector/core/warehouse.py, docs/several-desks.md).
    SettingSpec(
        "database_url",
        str,
        "",
        "Warehouse database",
        "Warehouse",
        "Empty: this desk keeps its own database in the data folder. "
        "postgresql://user@server:5432/database joins a warehouse; the password is kept in "
        "the system keyring, never here.",
    ),
    SettingSpec(
        "shared_videos_dir",
        str,
        "",
        "Shared video folder",
        "Warehouse",
        "A folder on the warehouse's network share, mounted on every desk. Each finished "
        "video is copied there and checked; any desk then plays and exports it. Empty: "
        "videos stay on the desk that recorded them.",
    ),
    SettingSpec(
        "shared_videos_keep_days",
        int,
        7,
        "Keep this desk's copy after sharing (days)",
        "Warehouse",
        "A video's file on this desk is removed this many days after its copy in the shared "
        "folder was checked; 0 removes it as soon as the copy is checked.",
    ),
    SettingSpec(
        "shared_videos_owner",
        bool,
        False,
        "This desk runs retention for the shared folder",
        "Warehouse",
        "Turn on at one desk (or the office PC) only: its clean-up also removes old videos "
        "from the shared folder. Other desks clean up their own files only.",
    ),
    SettingSpec(
        "desk_id",
        str,
        "",
        "Desk id",
        "Warehouse",
        "This desk's identity in the warehouse, made at set-up.",
    ),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}


def camera_specs(settings: Settings) -> list[str]:
    """The desk's cameras, the main one first: the Camera setting, then More cameras' lines.

    A line of More cameras may end with that camera's own mode (see parse_camera_line); the
    main camera's mode is the Width, Height and Frame rate settings."""
    more = [line.strip() for line in str(settings.more_cameras).splitlines()]
    return [settings.camera_source, *(spec for spec in more if spec)]


# A camera's own mode after its spec: "1280x720" or "1920x1080@30" (× is taken for x too).
_MODE = re.compile(r"^(\d{2,5})[x×](\d{2,5})(?:@(\d{1,3}(?:\.\d+)?))?$")


@dataclass(frozen=True)
class CameraChoice:
    """One of a desk's cameras: what to open, and the size and rate asked of it (None: the desk's)."""

    spec: str
    width: int | None = None
    height: int | None = None
    fps: float | None = None

    @property
    def line(self) -> str:
        """The camera as a line of More cameras (or a --source): the spec, then its mode if any."""
        if self.width is None or self.height is None:
            return self.spec
        rate = f"@{self.fps:g}" if self.fps else ""
        return f"{self.spec} {self.width}x{self.height}{rate}"


def parse_camera_line(line: str) -> CameraChoice:
    """A camera line read: "1", "rtsp://cam/stream", or either followed by a mode ("1 1280x720@30").

    A last word shaped like a mode is the mode (a URL has no spaces: they are written %20);
    a path or URL that merely contains an x or an @ (rtsp://user:pw@host/…) stays the spec."""
    text = line.strip()
    head, _, last = text.rpartition(" ")
    match = _MODE.match(last) if head.strip() else None
    if match is None:
        return CameraChoice(text)
    width, height, fps = match.groups()
    return CameraChoice(head.strip(), int(width), int(height), float(fps) if fps else None)


class Settings:
    """Values for SETTINGS, loaded from and saved to the data directory."""

    def __init__(self, path: Path, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self._values = {s.key: s.default for s in SETTINGS}
        if values:
            for key, value in values.items():
                self.set(key, value)

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = Path(data_dir) / SETTINGS_FILE
        values: dict[str, Any] = {}
        if path.exists():
            try:
                values = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StorageError(
                    f"The settings file {path} cannot be read ({exc}). Fix or delete it; defaults will be used."
                ) from exc
        settings = cls(path)
        for key, value in values.items():
            if key in SETTINGS_BY_KEY:
                try:
                    settings.set(key, value)
                except (TypeError, ValueError):
                    continue  # a hand-edited bad value falls back to the default
        return settings

    def get(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        spec = SETTINGS_BY_KEY[key]
        self._values[key] = spec.type(value)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_") or key not in SETTINGS_BY_KEY:
            raise AttributeError(key)
        return self._values[key]

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self._values, indent=2, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(
                f"Cannot save the settings to {self.path}: {exc.strerror or exc}."
            ) from exc
