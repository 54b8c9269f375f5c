"""Evidence bundles without Qt: their names, their manifest, and checking a bundle against both.

A bundle is a ZIP. `manifest.json` lists every other file with its size and SHA-256,
names the inspection (its record hash in the integrity chain and the video's hash),
and carries the hash of its own canonical form, so an edit to the manifest itself is
caught too. Verification reads the ZIP member by member and names each file that is
altered, missing or extra.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from inspector.core import anchor
from inspector.core.bundle_check import (
    ANCHOR_EXCERPT_NAME,
    ANCHOR_STAMP_NAME,
    MANIFEST_TOKEN_BINDING,
    MANIFEST_TOKEN_NAME,
    MAX_MANIFEST_BYTES,
    SEALED_RECORD_NAME,
    BundleInvalid,
    SignatureCheck,
    check_packing,
    check_seal,
    check_signatures,
    check_timestamps,
    manifest_digest,
    manifest_form_problems,
    parse_json,
    read_capped,
    zip_members,
)
from inspector.core.chain import Sealer, SealProof
from inspector.core.errors import InspectorError
from inspector.core.models import AnchorRecord, AnchorStamp
from inspector.core.signing import CERTIFY, DeskKey, statement_problem
from inspector.core.storage import safe_name
from inspector.core.timestamping import TsaTrust
from inspector.i18n import clock

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "inspector-evidence-bundle"
MANIFEST_VERSION = 2  # 2: signed, with the seal and the anchor
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


def build_manifest(
    entries: Iterable[ManifestEntry],
    inspection: dict[str, Any],
    created_at: datetime,
    seal: dict[str, Any] | None = None,
    anchor_head: dict[str, Any] | None = None,
    key: DeskKey | None = None,
    extra: dict[str, Any] | None = None,
    certificates: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The manifest for a bundle, sealed with the hash of its own canonical form and signed.

    `seal` is the inspection's latest seal entry ({body, entry_hash, signature});
    `anchor_head` the chain anchor's length and newest hash when the bundle was made;
    `extra`: more signed sections (a return's packing: its seal, video and any clip).
    `certificates` the store key's certificates (and revocations) of the sealing desk's key
    and the exporting one's, so the store's one fingerprint checks both.
    """
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
    if seal is not None:
        data["seal"] = seal
    if anchor_head is not None:
        data["anchor"] = anchor_head
    data.update(extra or {})
    if certificates:
        data["certificates"] = certificates
    data["manifest_sha256"] = manifest_digest(data)
    if key is not None:
        data["signature"] = {
            "algorithm": "Ed25519",
            "public_key": key.public_hex,
            "fingerprint": key.fingerprint,
            "value": key.sign(data["manifest_sha256"].encode("ascii")),
        }
    return data


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as written into the bundle: indented, readable by a person."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def manifest_self_check(manifest: dict[str, Any]) -> bool:
    """True when the manifest still hashes to the value it carries."""
    claimed = manifest.get("manifest_sha256")
    return isinstance(claimed, str) and manifest_digest(manifest) == claimed


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
    invalid: str = ""  # the ZIP or manifest cannot be judged at all: why
    signatures: SignatureCheck = field(default_factory=SignatureCheck)
    notes: list[str] = field(default_factory=list)  # facts for the reader (time-stamps)

    @property
    def ok(self) -> bool:
        return not (self.altered or self.missing or self.extra or self.problems or self.invalid)

    def lines(self) -> list[str]:
        """The check in words, one line per finding."""
        if self.invalid:
            return [f"invalid: {self.invalid}"]
        out = [f"altered: {p}" for p in self.altered]
        out += [f"missing: {p}" for p in self.missing]
        out += [f"extra:   {p}" for p in self.extra]
        out += [f"problem: {p}" for p in self.problems]
        sig = self.signatures
        if sig.manifest_signer:
            out.append(f"signed:  by desk key {sig.manifest_signer}")
            if sig.seal_signer:
                out.append(f"sealed:  seal {sig.seal_seq} by desk key {sig.seal_signer}")
            if sig.fingerprint_matched:
                out.append("key:     the store's published fingerprint")
                for key_fp, desk in sorted(sig.certified.items()):
                    out.append(f"certified: desk key {key_fp} ({desk}) by the store's key")
            elif sig.fingerprint_matched is None:
                out.append(
                    "key:     not compared with the store's published fingerprint "
                    "(give --fingerprint FP)"
                )
        out += [f"note:    {n}" for n in self.notes]
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


def verify_bundle(
    path: Path, fingerprints: list[str] | None = None, trust: TsaTrust | None = None
) -> BundleCheck:
    """Check a bundle with nothing but itself: the ZIP, the manifest, signatures, seal, hashes.

    `fingerprints`: the store's published key fingerprints; the bundle must be signed by one.
    A bundle that cannot be judged (a ZIP trick, a malformed manifest) is `invalid` with a
    reason; nothing here raises for a bad bundle, only for a missing or unreadable file.
    """
    path = Path(path)
    check = BundleCheck(path)
    if not path.exists():
        raise EvidenceError(f"There is no file {path}. Give the path of a bundle .zip.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise EvidenceError(
            f"{path} is not a readable ZIP ({exc}); the bundle was damaged or is not a bundle."
        ) from exc
    with zf:
        try:
            members = zip_members(zf)
            if MANIFEST_NAME not in members:
                raise BundleInvalid("the bundle has no manifest.json, so nothing can be checked")
            manifest = parse_json(
                read_capped(zf, members[MANIFEST_NAME], MAX_MANIFEST_BYTES), MANIFEST_NAME
            )
            form = manifest_form_problems(manifest)
            if form:
                raise BundleInvalid("; ".join(form[:5]))
        except BundleInvalid as exc:
            check.invalid = str(exc)
            return check
        check.manifest = manifest
        trusted = manifest_self_check(manifest)
        if not trusted:
            check.altered.append(MANIFEST_NAME)
            check.problems.append(
                "manifest.json was changed after the export, so the sizes and hashes it lists "
                "cannot be trusted"
            )
        check.signatures = check_signatures(manifest, list(fingerprints or []), check.problems)
        check_seal(zf, members, manifest, check.signatures, check.problems, check.notes, trust)
        sig = check.signatures
        two_keys = sig.manifest_signer and sig.seal_signer != sig.manifest_signer
        # One desk seals and exports; two keys are fine only when both are the store's.
        if two_keys and sig.seal_signer and not sig.fingerprint_matched:
            check.problems.append(
                f"the bundle is signed by key {sig.manifest_signer} but its record was sealed "
                f"by key {sig.seal_signer}: give the store's fingerprints (--fingerprint) "
                "to accept both"
            )
        check_packing(
            zf,
            members,
            manifest,
            list(fingerprints or []),
            check.signatures,
            check.notes,
            check.problems,
        )
        check_timestamps(zf, members, manifest, check.notes, check.problems, trust)
        _check_report_pdf(zf, members, manifest, check, trust, list(fingerprints or []))
        listed = {entry["path"]: entry for entry in manifest["files"]}
        for name, entry in sorted(listed.items()):
            info = members.get(name)
            if info is None:
                check.missing.append(name)
                continue
            check.checked += 1
            try:
                size, sha = _hash_member(zf, info)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                # A changed byte in a stored member trips the ZIP's own CRC first.
                check.altered.append(name)
                check.problems.append(f"{name}: {exc}")
                continue
            if size != entry["size"] or sha != entry["sha256"]:
                if trusted:
                    check.altered.append(name)
                else:
                    check.problems.append(f"{name} does not match the altered manifest")
        for name in sorted(members):
            if (
                name not in (MANIFEST_NAME, MANIFEST_TOKEN_NAME, MANIFEST_TOKEN_BINDING)
                and name not in listed
            ):
                check.extra.append(name)
    return check


def _check_report_pdf(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    check: BundleCheck,
    trust: TsaTrust | None,
    fingerprints: list[str],
) -> None:
    """report.pdf's own PDF signature: intact, whole, by the bundle's signing key, certified
    by that desk's store (a certificate in the bundle, or a fingerprint given) or itself."""
    info = members.get("report.pdf")
    if info is None or info.file_size > 256 << 20:
        return
    keys = [
        str(part.get("public_key", ""))
        for part in (manifest.get("signature"), (manifest.get("seal") or {}).get("body"))
        if isinstance(part, dict)
    ]
    from inspector.core.pdf_signing import check_report_pdf  # pyHanko: only when checking

    stores = [
        str(statement["body"]["store_public_key"])
        for statement in manifest.get("certificates") or []
        if not statement_problem(statement)
        and statement["body"]["kind"] == CERTIFY
        and statement["body"]["desk_public_key"] in keys
    ]
    with zf.open(info) as fh:
        found = check_report_pdf(fh.read(), [k for k in keys if k], trust, stores, fingerprints)
    check.notes += found.notes
    check.problems += found.problems


def bundle_seal_files(
    session: Session, sealer: Sealer, inspection_uid: str, proof: SealProof | None
) -> tuple[list[tuple[str, bytes, bool]], dict[str, Any]]:
    """The files that carry the seal into a bundle, and where the seal stands in its desk's chain.

    The sealed record (the exact bytes the seal's hash covers) and the sealing desk's anchor
    lines from the seal's line to the chain's head (from the database, so any desk or the
    office exporting it carries them), so a reviewer can walk the chain with no database.
    A seal made before the chained anchor carries this desk's file lines of it instead.
    """
    files: list[tuple[str, bytes, bool]] = []
    if proof is not None:
        files.append((SEALED_RECORD_NAME, proof.record_bytes, True))
    found = _chain_excerpt(session, proof) if proof is not None else None
    if found is not None:
        lines, token = found
        text = "".join(line.to_text() + "\n" for line in lines)
        head = lines[-1]
        facts: dict[str, Any] = {
            "desk": head.desk,
            "seal_line": lines[0].n,
            "length": head.n,
            "head": head.line_hash,
            "stamped": token is not None,
        }
        if token is not None:
            # The stamp of the head the excerpt ends at: "sealed no later than" its time.
            files.append((ANCHOR_STAMP_NAME, token, False))
    else:
        text, legacy_head = _legacy_excerpt(sealer.anchor_path, inspection_uid)
        facts = (
            {"length": legacy_head.seq, "head": legacy_head.entry_hash}
            if legacy_head is not None
            else {}
        )
    if text:
        files.append((ANCHOR_EXCERPT_NAME, text.encode("utf-8"), True))
    return files, facts


def _legacy_excerpt(path: Path, inspection_uid: str) -> tuple[str, anchor.AnchorLine | None]:
    """A seal made before the chained anchor: the desk file's unchained lines naming the
    inspection, plus the file's newest line, as text (their exact signed bytes)."""
    found = anchor.read(path)
    mine: list[str] = []
    head: anchor.AnchorLine | None = None
    head_text = ""
    for text in found.legacy:
        line = anchor.parse_line(text)
        if line.inspection_uid == inspection_uid:
            mine.append(text)
        if head is None or line.seq > head.seq:
            head, head_text = line, text
    if head_text and head_text not in mine:
        mine.append(head_text)
    return "".join(t + "\n" for t in mine), head


def _chain_excerpt(
    session: Session, proof: SealProof
) -> tuple[list[anchor.AnchorLine], bytes | None] | None:
    """The sealing desk's lines from the line of this seal to the first time-stamped head after
    it (to the chain's head while none is), with that stamp; None if no line names the seal."""
    seq = proof.body.get("seq")
    row = session.exec(
        select(AnchorRecord)
        .where(AnchorRecord.seal_seq == seq)
        .where(AnchorRecord.kind == anchor.SEAL)
        .order_by(AnchorRecord.id.desc())
    ).first()
    if row is None:
        return None
    stamp = session.exec(
        select(AnchorStamp)
        .where(AnchorStamp.desk_id == row.desk_id)
        .where(AnchorStamp.n >= row.n)
        .where(AnchorStamp.token != "")
        .order_by(AnchorStamp.n)
    ).first()
    query = (
        select(AnchorRecord)
        .where(AnchorRecord.desk_id == row.desk_id)
        .where(AnchorRecord.n >= row.n)
        .order_by(AnchorRecord.n)
    )
    if stamp is not None:
        query = query.where(AnchorRecord.n <= stamp.n)
    lines = [anchor.parse_line(r.text) for r in session.exec(query).all()]
    if not lines or lines[0].entry_hash != proof.entry_hash:
        return None
    if stamp is not None and lines[-1].line_hash == stamp.line_hash:
        return lines, base64.b64decode(stamp.token)
    return lines, None


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


@dataclass(frozen=True)
class StampFact:
    """An RFC 3161 time-stamp: of what (a video's file name), by which authority, when."""

    subject: str
    tsa: str
    at: datetime


@dataclass(frozen=True)
class PairedFinding:
    """A difference between what was packed and what came back, with a frame of each."""

    words: str  # "SKU TS-001: packed AC-000123, returned AC-000555", in the report's language
    sku: str
    packed_serials: tuple[str, ...]
    returned_serial: str
    source: str  # packing | export
    packed_offset_s: float | None = None
    returned_offset_s: float | None = None
    packed_frame: str = ""  # paths inside the bundle
    returned_frame: str = ""


@dataclass
class PackingFacts:
    """The order's packing, filmed at the desk before the return: the other half of the story."""

    id: int
    uid: str
    started_at: datetime
    station: str
    operator: str
    video_path: str  # inside the bundle: the whole video, or the clip when it was over the limit
    video_sha256: str  # of the whole packing video, as sealed
    video_size: int
    duration_s: float
    items: list[tuple[str, str, float | None]] = field(default_factory=list)  # sku, serial, s
    problems: list[str] = field(default_factory=list)
    seal_seq: int | None = None
    seal_entry_hash: str = ""
    clip: dict[str, Any] | None = None  # {start_s, end_s, sha256, size_bytes} when clipped

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "started_at": self.started_at.isoformat(),
            "station": self.station,
            "operator": self.operator,
            "video": {
                "path": self.video_path,
                "sha256": self.video_sha256,
                "size_bytes": self.video_size,
                "duration_s": self.duration_s,
                "clip": self.clip,
            },
            "items": [{"sku": k, "serial": s, "offset_s": o} for k, s, o in self.items],
            "problems": self.problems,
            "seal": {"seq": self.seal_seq, "entry_hash": self.seal_entry_hash},
        }


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
    key_fingerprint: str = ""  # the desk's signing key, as the store publishes it
    seal_seq: int | None = None  # the record's latest seal in the desk's seal log
    anchor_length: int | None = None  # the chain anchor when the bundle was made
    anchor_head: str = ""
    timestamps: list[StampFact] = field(default_factory=list)
    # The cameras composed into the video, the main one first (one camera: empty).
    cameras: list[str] = field(default_factory=list)
    # Each camera's own stream kept beside the video (a desk's option), as the bundle holds
    # them: {"camera", "path" (in the bundle), "sha256", "width", "height", "duration_s", "note"}.
    camera_streams: list[dict[str, Any]] = field(default_factory=list)
    packing: PackingFacts | None = None
    findings: list[PairedFinding] = field(default_factory=list)
    # The order's story (packed → shipped → … → appeal) and its reminders-and-waybill line.
    order_story: list[TimelineEntry] = field(default_factory=list)
    story_summary: str = ""
    demo: bool = False  # recorded from the demo camera: a synthetic picture, not evidence

    def to_json(self) -> dict[str, Any]:
        """Everything, machine-readable, for inspection.json (times in UTC ISO 8601)."""

        def t(v: datetime | None) -> str | None:
            return v.isoformat() if v else None

        return {
            "inspection": {
                "id": self.inspection_id,
                "uid": self.uid,
                "demo": self.demo,
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
                "cameras": self.cameras,
                "camera_streams": self.camera_streams,
            },
            "integrity": {
                "record_hash": self.record_hash,
                "prev_record_hash": self.prev_record_hash,
                "desk_key_fingerprint": self.key_fingerprint or None,
                "seal_seq": self.seal_seq,
                "anchor": {"length": self.anchor_length, "head": self.anchor_head}
                if self.anchor_length
                else None,
                "timestamps": [
                    {"subject": s.subject, "tsa": s.tsa, "at": t(s.at)} for s in self.timestamps
                ],
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
            "packing": self.packing.to_json() if self.packing else None,
            "order_story": {
                "summary": self.story_summary or None,
                "entries": [
                    {
                        "at": e.at.astimezone().date().isoformat() if e.date_only else t(e.at),
                        "label": e.label,
                        "detail": e.detail,
                    }
                    for e in self.order_story
                ],
            },
            "findings": [
                dict(
                    vars(f),
                    packed_serials=list(f.packed_serials),
                )
                for f in self.findings
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
    return NOT_RECORDED if value is None else clock.format_local(value)


def format_when(entry: TimelineEntry) -> str:
    """A timeline entry's time as the desk reads it; only the date when that is all that is known."""
    if entry.date_only:
        return entry.at.astimezone().strftime("%Y-%m-%d")
    return format_local(entry.at)
