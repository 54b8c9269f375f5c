"""The packing half of a return's bundle: the order's packing video, its seal, and a frame of
each difference beside the return's.

A return whose order was packed on camera carries, under `packing/`, the packing video
byte for byte (or, over the platform's size limit, a clip around the serial's moment, with
the whole video's hash and seal), the packing's sealed record and its desk's anchor lines,
so `verify` checks the packing's seal exactly as the return's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from inspector.core import packing as packing_core
from inspector.core.chain import SealProof, SealRefusedError, seal_proof
from inspector.core.evidence import (
    EvidenceError,
    PackingFacts,
    PairedFinding,
    ReportData,
    bundle_seal_files,
)
from inspector.core.models import (
    EventKind,
    Inspection,
    InspectionEvent,
    ItemRole,
    Operator,
    Station,
    VideoSegment,
)
from inspector.services.context import AppContext
from inspector.services.evidence.source import row_name, segments, usable_segments
from inspector.services.shared_videos import video_path

log = logging.getLogger(__name__)

PACKING_FOLDER = "packing/"
# Seconds of packing video kept around the serial's moment when the whole is over the limit.
CLIP_BEFORE_S, CLIP_AFTER_S = 5.0, 10.0


@dataclass
class PackingHalf:
    """What a return's bundle adds for the order's packing."""

    packing: Inspection
    segs: list[VideoSegment]
    proof: SealProof | None
    seal_files: list[tuple[str, bytes, bool]]
    seal_facts: dict[str, Any]
    facts: PackingFacts
    clip_range: tuple[float, float] | None = None  # (start, end) when the video is clipped
    clip: dict[str, Any] | None = field(default=None)
    max_mb: float | None = None  # the platform's size limit the clip must fit

    def video_name(self, seg: VideoSegment) -> str:
        return f"{PACKING_FOLDER}video/{Path(seg.path).name}"

    def manifest_part(self) -> dict[str, Any]:
        """The packing as the signed manifest names it: its seal, its video, any clip."""
        return {
            "inspection": {
                "uid": self.packing.uid,
                "order_number": self.packing.order_number,
                "courier_number": self.packing.courier_number,
            },
            "seal": self.proof.manifest_part() if self.proof else None,
            "anchor": self.seal_facts or None,
            "video": {"sha256": self.segs[0].sha256, "size_bytes": self.segs[0].size_bytes},
            "clip": self.clip,
        }


def gather_packing_half(
    ctx: AppContext,
    session: Session,
    inspection: Inspection,
    data: ReportData,
    max_mb: float | None = None,
) -> PackingHalf | None:
    """The return's packing for its bundle, or None when its order was not packed on camera.

    `max_mb`: the platform's upload limit; a packing video over it is carried as a clip.
    Sets the report's packing facts and findings. A packing that no longer matches its
    seal is refused like the return itself would be.
    """
    packing = packing_core.packing_for(session, inspection.order_number, inspection.started_at)
    if packing is None:
        return None
    try:
        segs = usable_segments(ctx, packing, segments(session, packing.id))
    except EvidenceError as exc:
        # The return is still evidence without its packing; the report says it is absent.
        log.warning(
            "The packing of order %s is left out of the bundle: %s", packing.order_number, exc
        )
        return None
    try:
        proof = seal_proof(session, packing, ctx.storage.root)
    except SealRefusedError as exc:
        raise EvidenceError(f"The order's packing cannot go with this return: {exc}") from exc
    files, facts = bundle_seal_files(session, ctx.sealer, packing.uid, proof)
    seal_files = [(PACKING_FOLDER + name, blob, compress) for name, blob, compress in files]
    items = packing_core.items(session, packing.id, ItemRole.PACKED)
    problems = list(
        session.exec(
            select(InspectionEvent.message)
            .where(InspectionEvent.inspection_id == packing.id)
            .where(InspectionEvent.kind == EventKind.PACKING_PROBLEM)
            .order_by(InspectionEvent.id)  # type: ignore[arg-type]
        )
    )
    first = segs[0]
    half = PackingHalf(
        packing,
        segs,
        proof,
        seal_files,
        facts,
        PackingFacts(
            id=packing.id or 0,
            uid=packing.uid,
            started_at=packing.started_at,
            station=row_name(session, Station, packing.station_id),
            operator=row_name(session, Operator, packing.operator_id),
            video_path=f"{PACKING_FOLDER}video/{Path(first.path).name}",
            video_sha256=first.sha256,
            video_size=first.size_bytes,
            duration_s=first.duration_s,
            items=[(i.sku, i.serial, i.video_offset_s) for i in items],
            problems=problems,
            seal_seq=proof.body.get("seq") if proof else None,
            seal_entry_hash=proof.entry_hash if proof else "",
        ),
    )
    data.packing = half.facts
    data.findings = [
        PairedFinding(
            f.words(data.language),
            f.sku,
            f.packed_serials,
            f.returned_serial,
            str(f.source),
            f.packed_offset_s,
            f.returned_offset_s,
        )
        for f in packing_core.findings(session, inspection)
        if f.packing_uid == packing.uid
    ]
    if max_mb is not None and sum(s.size_bytes for s in segs) > max_mb * 1_000_000:
        moments = [f.packed_offset_s for f in data.findings if f.packed_offset_s is not None]
        moments += [o for _, _, o in half.facts.items if o is not None]
        moment = moments[0] if moments else 0.0
        start = max(0.0, moment - CLIP_BEFORE_S)
        half.clip_range = (start, min(first.duration_s, moment + CLIP_AFTER_S))
        half.max_mb = max_mb
    return half


def side_by_side_pictures(
    ctx: AppContext, half: PackingHalf, data: ReportData, return_video: Path
) -> tuple[list[tuple[str, bytes, bool]], dict[str, bytes]]:
    """A frame of the packing and one of the return for each finding: (name, bytes, compress).

    Runs on the export's worker thread beside the video copy (PyAV decodes outside
    Python's lock); it replaces `data.findings` with the frames' names filled in.
    """
    from inspector.evidence.frames import frames_at, jpeg_bytes

    files: list[tuple[str, bytes, bool]] = []
    images: dict[str, bytes] = {}
    # A side without its second in the video gets no frame: a wrong moment would mislead.
    packed_at = [f.packed_offset_s for f in data.findings if f.packed_offset_s is not None]
    returned_at = [f.returned_offset_s for f in data.findings if f.returned_offset_s is not None]
    packed = iter(frames_at(video_path(ctx, half.segs[0].path), packed_at) if packed_at else [])
    returned = iter(frames_at(return_video, returned_at) if returned_at else [])
    paired = []
    for n, finding in enumerate(data.findings, 1):
        names = {}
        for side, offset, frames in (
            ("packed", finding.packed_offset_s, packed),
            ("returned", finding.returned_offset_s, returned),
        ):
            image = next(frames) if offset is not None else None
            if image is None:
                continue
            name = f"{PACKING_FOLDER}frames/{n:02d}-{side}.jpg"
            images[name] = jpeg_bytes(image)
            files.append((name, images[name], False))
            names[side] = name
        paired.append(
            replace(
                finding,
                packed_frame=names.get("packed", ""),
                returned_frame=names.get("returned", ""),
            )
        )
    data.findings = paired
    return files, images
