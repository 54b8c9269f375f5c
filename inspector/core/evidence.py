"""Evidence bundles without Qt: their names, their manifest, and checking a bundle against both.

A bundle is a ZIP. `manifest.json` lists every other file with its size and SHA-256,
names the inspection (its record hash in the integrity chain and the video's hash),
and carries the hash of its own canonical form, so an edit to the manifest itself is
caught too. Verification reads the ZIP member by member and names each file that is
altered, missing or extra.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector.core.errors import InspectorError
from inspector.core.storage import safe_name

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "inspector-evidence-bundle"
MANIFEST_VERSION = 1
_CHUNK = 1 << 20


class EvidenceError(InspectorError):
    """A bundle or clip cannot be made or read: says what failed and what to do."""


@dataclass(frozen=True)
class ManifestEntry:
    """One file in a bundle: its path inside the ZIP, size in bytes and SHA-256."""

    path: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def bundle_name(order_number: str, courier_number: str, started_at: datetime | None = None) -> str:
    """The bundle's file name (without .zip) from the order and courier numbers, safe everywhere.

    The fixed prefix keeps it clear of names Windows reserves (CON, NUL, ...); the local
    start time tells two inspections of the same parcel apart.
    """
    parts = ["evidence", safe_name(order_number or "no-order", 60)]
    if courier_number:
        parts.append(safe_name(courier_number, 60))
    if started_at is not None:
        parts.append(f"{started_at.astimezone():%Y%m%d-%H%M%S}")
    return "_".join(parts)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def build_manifest(
    entries: Iterable[ManifestEntry], inspection: dict[str, Any], created_at: datetime
) -> dict[str, Any]:
    """The manifest for a bundle, sealed with the hash of its own canonical form."""
    files = sorted((e.to_json() for e in entries), key=lambda e: e["path"])
    if any(f["path"] == MANIFEST_NAME for f in files):
        raise ValueError("the manifest cannot list itself")
    data: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "created_at": created_at.isoformat(),
        "inspection": inspection,
        "files": files,
    }
    data["manifest_sha256"] = hashlib.sha256(_canonical(data)).hexdigest()
    return data


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as written into the bundle: indented, readable by a person."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def manifest_self_check(manifest: dict[str, Any]) -> bool:
    """True when the manifest still hashes to the value it carries."""
    claimed = manifest.get("manifest_sha256")
    rest = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return isinstance(claimed, str) and hashlib.sha256(_canonical(rest)).hexdigest() == claimed


@dataclass
class BundleCheck:
    """The outcome of checking one bundle: every file named that does not match."""

    path: Path
    manifest: dict[str, Any] | None = None
    checked: int = 0
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.altered or self.missing or self.extra or self.problems)

    def lines(self) -> list[str]:
        """The check in words, one line per finding."""
        out = [f"altered: {p}" for p in self.altered]
        out += [f"missing: {p}" for p in self.missing]
        out += [f"extra:   {p}" for p in self.extra]
        out += [f"problem: {p}" for p in self.problems]
        if self.ok:
            out.append(f"intact: {self.checked} files match the manifest")
        return out


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def verify_bundle(path: Path) -> BundleCheck:
    """Check every file in a bundle against its manifest; the manifest against its own hash."""
    path = Path(path)
    check = BundleCheck(path)
    if not path.exists():
        raise EvidenceError(f"There is no file {path}. Give the path of a bundle .zip.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise EvidenceError(
            f"{path} is not a readable ZIP ({exc}); the bundle was damaged or is not a bundle."
        ) from exc
    with zf:
        members = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        if MANIFEST_NAME not in members:
            check.missing.append(MANIFEST_NAME)
            check.problems.append("the bundle has no manifest.json, so nothing can be checked")
            return check
        try:
            manifest = json.loads(zf.read(MANIFEST_NAME).decode("utf-8"))
            if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
                raise ValueError("not a manifest")
        except (ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            check.altered.append(MANIFEST_NAME)
            check.problems.append(f"manifest.json cannot be read: {exc}")
            return check
        check.manifest = manifest
        trusted = manifest_self_check(manifest)
        if not trusted:
            check.altered.append(MANIFEST_NAME)
            check.problems.append(
                "manifest.json was changed after the export, so the sizes and hashes it lists "
                "cannot be trusted"
            )
        listed: dict[str, dict[str, Any]] = {}
        for entry in manifest["files"]:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                listed[entry["path"]] = entry
        for name, entry in sorted(listed.items()):
            info = members.get(name)
            if info is None:
                check.missing.append(name)
                continue
            check.checked += 1
            try:
                size, sha = _hash_member(zf, info)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                # A changed byte in a stored member trips the ZIP's own CRC first.
                check.altered.append(name)
                check.problems.append(f"{name}: {exc}")
                continue
            if size != entry.get("size") or sha != entry.get("sha256"):
                if trusted:
                    check.altered.append(name)
                else:
                    check.problems.append(f"{name} does not match the altered manifest")
        for name in sorted(members):
            if name != MANIFEST_NAME and name not in listed:
                check.extra.append(name)
    return check


NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class ShippedItem:
    """A product the order shipped, with its reference photo's path inside the bundle."""

    name: str
    sku: str = ""
    quantity: int = 1
    reference_photo: str = ""
    serials: tuple[str, ...] = ()
    desk_photos: tuple[str, ...] = ()  # photos taken at the desk of this product's steps


@dataclass(frozen=True)
class ReportStep:
    """One checklist step: the answer, when in the video it was checked, and its pictures."""

    index: int
    title: str
    answer: str  # in the report's language
    offset_s: float | None = None
    note: str = ""
    key_frame: str = ""
    photos: tuple[str, ...] = ()
    result: str = ""  # as stored: pass, fail, na, or empty when not answered


@dataclass(frozen=True)
class KeyFrame:
    """A still taken from the video at an offset, stored in the bundle under `path`."""

    label: str
    offset_s: float
    path: str


@dataclass(frozen=True)
class TimelineEntry:
    """Something that happened to the parcel or the inspection, in time order."""

    at: datetime
    label: str
    detail: str = ""
    date_only: bool = False  # the source knows the day, not the time


@dataclass
class ReportData:
    """Every fact the PDF report, index.html and inspection.json show, gathered once."""

    inspection_id: int
    uid: str
    order_number: str
    courier_number: str
    station: str
    operator: str
    status: str
    decision: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    frame_count: int
    dropped_frames: int
    width: int
    height: int
    video_path: str  # inside the bundle
    video_sha256: str
    video_size: int
    record_hash: str
    prev_record_hash: str
    generated_at: datetime
    app_version: str
    platform: str = ""
    decision_reasons: list[str] = field(default_factory=list)
    shipped: list[ShippedItem] = field(default_factory=list)
    steps: list[ReportStep] = field(default_factory=list)
    key_frames: list[KeyFrame] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    waybill_seen_s: float | None = None
    waybill_text: str = ""
    extra_videos: list[dict[str, Any]] = field(default_factory=list)
    recommended_decision: str = ""
    override_reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    claim_window_days: int | None = None
    language: str = "en"  # of the report's words: the desk's, or the one the export asked for

    def to_json(self) -> dict[str, Any]:
        """Everything, machine-readable, for inspection.json (times in UTC ISO 8601)."""

        def t(v: datetime | None) -> str | None:
            return v.isoformat() if v else None

        return {
            "inspection": {
                "id": self.inspection_id,
                "uid": self.uid,
                "order_number": self.order_number,
                "courier_number": self.courier_number,
                "platform": self.platform or None,
                "station": self.station,
                "operator": self.operator,
                "status": self.status,
                "decision": self.decision,
                "decision_reasons": self.decision_reasons,
                "recommended_decision": self.recommended_decision or None,
                "override_reason": self.override_reason or None,
                "decided_by": self.decided_by or None,
                "decided_at": t(self.decided_at),
                "claim_window_days": self.claim_window_days,
                "started_at": t(self.started_at),
                "ended_at": t(self.ended_at),
            },
            "video": {
                "path": self.video_path,
                "sha256": self.video_sha256,
                "size_bytes": self.video_size,
                "duration_s": self.duration_s,
                "frame_count": self.frame_count,
                "dropped_frames": self.dropped_frames,
                "width": self.width,
                "height": self.height,
                "other_segments": self.extra_videos,
            },
            "integrity": {
                "record_hash": self.record_hash,
                "prev_record_hash": self.prev_record_hash,
            },
            "waybill": {
                "legible_at_s": self.waybill_seen_s,
                "text": self.waybill_text or None,
            },
            "shipped": [
                dict(vars(i), serials=list(i.serials), desk_photos=list(i.desk_photos))
                for i in self.shipped
            ],
            "checklist": [dict(vars(s), photos=list(s.photos)) for s in self.steps],
            "key_frames": [vars(k) for k in self.key_frames],
            "timeline": [
                {
                    "at": e.at.astimezone().date().isoformat() if e.date_only else t(e.at),
                    "label": e.label,
                    "detail": e.detail,
                }
                for e in self.timeline
            ],
            "generated_at": t(self.generated_at),
            "language": self.language,
            "generated_by": f"inspector {self.app_version}",
        }


def format_offset(seconds: float | None) -> str:
    """A video offset as m:ss.s, the way a player's position reads."""
    if seconds is None:
        return NOT_RECORDED
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{secs:04.1f}"


def format_local(value: datetime | None) -> str:
    """A stored UTC time as local time with its offset, as the desk reads it."""
    if value is None:
        return NOT_RECORDED
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


def format_when(entry: TimelineEntry) -> str:
    """A timeline entry's time as the desk reads it; only the date when that is all that is known."""
    if entry.date_only:
        return entry.at.astimezone().strftime("%Y-%m-%d")
    return format_local(entry.at)
