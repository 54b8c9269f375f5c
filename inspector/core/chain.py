"""The integrity chain: each finished inspection's record hashed together with the one before.

A record (video hashes, order and courier numbers, times, station, operator, status,
decision) is serialized canonically (sorted-key compact JSON, UTC ISO times, fixed
decimals) and hashed with SHA-256, together with the previous sealed record's hash.
Altering a past record changes its hash; deleting one leaves its successor pointing at
a hash nobody has. The chain is followed by its links, not by time, so two desks
finishing at the same moment cannot make a sound chain look broken.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from inspector.core.database import lock_chain
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    ChecklistAnswer,
    ChecklistStep,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    Operator,
    Station,
    VideoSegment,
)

log = logging.getLogger(__name__)

RECORD_VERSION = 1
# Inspections that ended with a video are sealed; a failed one has nothing to prove.
SEALED_STATUSES = (InspectionStatus.COMPLETED, InspectionStatus.INTERRUPTED)


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _name(session: Session, model: type[Station] | type[Operator], row_id: int | None) -> str:
    if row_id is None:
        return ""
    row = session.get(model, row_id)
    return row.name if row is not None else ""


def record_fields(session: Session, inspection: Inspection) -> dict[str, Any]:
    """The facts of an inspection that its seal covers, as plain JSON-ready values."""
    segments = session.exec(
        select(VideoSegment)
        .where(VideoSegment.inspection_id == inspection.id)
        .order_by(VideoSegment.seq)
    ).all()
    fields: dict[str, Any] = {
        "v": RECORD_VERSION,
        "uid": inspection.uid,
        "order_number": inspection.order_number,
        "courier_number": inspection.courier_number,
        "station": _name(session, Station, inspection.station_id),
        "operator": _name(session, Operator, inspection.operator_id),
        "status": str(inspection.status),
        "decision": str(inspection.decision),
        "started_at": _time(inspection.started_at),
        "ended_at": _time(inspection.ended_at),
        # Fixed decimals: a float's repr must not decide whether a record still matches.
        "duration_s": f"{inspection.duration_s:.3f}",
        "frame_count": inspection.frame_count,
        "dropped_frames": inspection.dropped_frames,
        "width": inspection.width,
        "height": inspection.height,
        "segments": [
            {
                "seq": s.seq,
                "sha256": s.sha256,
                "size_bytes": s.size_bytes,
                "duration_s": f"{s.duration_s:.3f}",
                "frame_count": s.frame_count,
            }
            for s in segments
        ],
    }
    fields.update(_guided_fields(session, inspection))
    return fields


def _guided_fields(session: Session, inspection: Inspection) -> dict[str, Any]:
    """The checklist answers and decision details, present only once recorded.

    Keys are left out while empty, so a record sealed before any of them existed still
    hashes the same; every answer is covered, superseded ones too, since all are kept.
    The platform, arrival time and late-courier flag are left out: they are derived from
    the order, and importing the order later rightly updates them.
    """
    out: dict[str, Any] = {}
    for key in (
        "recommended_decision",
        "decision_reasons",
        "override_reason",
        "decided_by",
    ):
        value = getattr(inspection, key, "")
        if value:
            out[key] = value
    for key in ("decided_at",):
        value = getattr(inspection, key, None)
        if value is not None:
            out[key] = _time(value)
    rows = session.exec(
        select(ChecklistAnswer, ChecklistStep)
        .join(ChecklistStep, ChecklistStep.id == ChecklistAnswer.step_id)
        .where(ChecklistAnswer.inspection_id == inspection.id)
        .order_by(ChecklistAnswer.id)
    ).all()
    if rows:
        out["answers"] = [
            {
                "step": step.key,
                "result": answer.result,
                "value": answer.value,
                "note": answer.note,
                "photo": answer.photo_path,
                "answered_at": _time(answer.answered_at),
                "video_offset_s": None
                if answer.video_offset_s is None
                else f"{answer.video_offset_s:.3f}",
                "segment": answer.segment_seq,
                "actor": answer.actor,
            }
            for answer, step in rows
        ]
    return out


def canonical_record(fields: dict[str, Any], prev_record_hash: str) -> bytes:
    """The exact bytes that are hashed: sorted keys, no spaces, UTF-8."""
    data = dict(fields, prev_record_hash=prev_record_hash)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def compute_record_hash(session: Session, inspection: Inspection) -> str:
    """The hash the inspection's record should carry, given its stored previous-record hash."""
    body = canonical_record(record_fields(session, inspection), inspection.prev_record_hash)
    return hashlib.sha256(body).hexdigest()


def chain_tail(session: Session, exclude_id: int | None = None) -> Inspection | None:
    """The newest sealed inspection: the one whose hash no other record points back to."""
    pointed = select(Inspection.prev_record_hash).where(Inspection.prev_record_hash != "")
    query = (
        select(Inspection)
        .where(Inspection.record_hash != "")
        .where(Inspection.record_hash.not_in(pointed))
        .order_by(Inspection.ended_at.desc(), Inspection.id.desc())
    )
    if exclude_id is not None:
        query = query.where(Inspection.id != exclude_id)
    return session.exec(query).first()


def seal_inspection(session: Session, inspection: Inspection) -> str:
    """Link a just-finished inspection to the chain and store its record hash; '' if not sealable.

    Called inside the transaction that completes the inspection, so the row and its seal
    are written together or not at all.
    """
    if inspection.status not in SEALED_STATUSES:
        return ""
    if inspection.record_hash:
        return reseal_inspection(session, inspection, reason="sealed again on completion")
    session.flush()
    # Desks share one chain: whoever holds the lock reads the tail and links to it.
    lock_chain(session)
    tail = chain_tail(session, exclude_id=inspection.id)
    inspection.prev_record_hash = tail.record_hash if tail is not None else ""
    inspection.record_hash = compute_record_hash(session, inspection)
    session.add(inspection)
    session.flush()
    log.info("Inspection %s sealed: %s", inspection.id, inspection.record_hash)
    return inspection.record_hash


RESEAL_MESSAGE = "Record changed ({reason}); record hash {old} -> {new}"
_RESEAL = re.compile(
    r"^Record changed \((?P<reason>.*)\); record hash (?P<old>\w*) -> (?P<new>\w*)$", re.S
)


def parse_reseal(message: str) -> tuple[str, str, str] | None:
    """A reseal event's message read back: (reason, old hash, new hash); None if not one."""
    found = _RESEAL.match(message)
    return (found["reason"], found["old"], found["new"]) if found else None


def reseal_inspection(
    session: Session, inspection: Inspection, reason: str, actor: str = ""
) -> str:
    """Re-hash a sealed record after a legitimate change (a decision made later) and relink its successors.

    The change is logged as an event with the old and new hash, so a reviewer can tell a
    recorded correction from tampering, which leaves no such event.
    """
    if not inspection.record_hash:
        return seal_inspection(session, inspection)
    session.flush()
    # The successors relinked below must not gain a new follower from another desk meanwhile.
    lock_chain(session)
    old = inspection.record_hash
    new = compute_record_hash(session, inspection)
    if new == old:
        return old
    inspection.record_hash = new
    session.add(inspection)
    session.add(
        InspectionEvent(
            inspection_id=inspection.id,
            kind="resealed",
            actor=actor,
            message=RESEAL_MESSAGE.format(reason=reason, old=old, new=new),
        )
    )
    # Every later record includes its predecessor's hash, so the tail is re-hashed too.
    previous_old, previous_new = old, new
    seen = {inspection.id}
    while True:
        nxt = session.exec(
            select(Inspection).where(Inspection.prev_record_hash == previous_old)
        ).first()
        if nxt is None or nxt.id in seen:
            break
        seen.add(nxt.id)
        nxt_old = nxt.record_hash
        nxt.prev_record_hash = previous_new
        nxt.record_hash = compute_record_hash(session, nxt)
        session.add(nxt)
        previous_old, previous_new = nxt_old, nxt.record_hash
    session.flush()
    log.info("Inspection %s resealed (%s): %s -> %s", inspection.id, reason, old, new)
    return new


@dataclass(frozen=True)
class ChainProblem:
    """One thing in the store that no longer matches what was sealed."""

    inspection_id: int | None
    order_number: str
    kind: str  # altered | broken-link | unsealed | fork | video-missing | video-altered
    message: str


@dataclass
class ChainReport:
    """The result of checking the whole chain and every video on disk."""

    sealed: int = 0
    videos_checked: int = 0
    videos_removed: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(session: Session, storage_root: Path, check_videos: bool = True) -> ChainReport:
    """Check every sealed record against its hash and its link, and every video against its hash."""
    steps = verify_chain_steps(session, storage_root, check_videos)
    *_, (_done, _total, report) = steps
    return report


def verify_chain_steps(
    session: Session, storage_root: Path, check_videos: bool = True
) -> Iterator[tuple[int, int, ChainReport]]:
    """verify_chain as a generator yielding (done, total, report so far), for progress bars."""
    report = ChainReport()
    inspections = session.exec(select(Inspection).order_by(Inspection.id)).all()
    by_hash: dict[str, Inspection] = {}
    successors: dict[str, list[Inspection]] = {}
    for insp in inspections:
        if insp.record_hash:
            by_hash[insp.record_hash] = insp
            successors.setdefault(insp.prev_record_hash, []).append(insp)

    def problem(insp: Inspection, kind: str, message: str) -> None:
        report.problems.append(ChainProblem(insp.id, insp.order_number, kind, message))

    segments: dict[int, list[VideoSegment]] = {}
    for seg in session.exec(select(VideoSegment).order_by(VideoSegment.seq)):
        segments.setdefault(seg.inspection_id, []).append(seg)
    total = len(inspections)
    yield 0, total, report
    for done, insp in enumerate(inspections, 1):
        if insp.status in SEALED_STATUSES and not insp.record_hash:
            problem(
                insp,
                "unsealed",
                f"Inspection {insp.id} (order {insp.order_number}) finished but carries no record "
                "hash: it was sealed by nobody, or its hash was erased.",
            )
        if insp.record_hash:
            report.sealed += 1
            expected = compute_record_hash(session, insp)
            if expected != insp.record_hash:
                problem(
                    insp,
                    "altered",
                    f"Inspection {insp.id} (order {insp.order_number}) was altered after it was "
                    f"sealed: its record hashes to {expected[:16]}…, the seal says "
                    f"{insp.record_hash[:16]}….",
                )
            if insp.prev_record_hash and insp.prev_record_hash not in by_hash:
                problem(
                    insp,
                    "broken-link",
                    f"The record sealed before inspection {insp.id} (order {insp.order_number}) "
                    f"is gone or was altered: no inspection has hash {insp.prev_record_hash[:16]}….",
                )
            followers = successors.get(insp.record_hash, [])
            if len(followers) > 1:
                ids = ", ".join(str(f.id) for f in followers)
                problem(
                    insp,
                    "fork",
                    f"Inspections {ids} all claim to follow inspection {insp.id}; the chain forked "
                    "(two desks sealed at once, or records were copied).",
                )
        if check_videos:
            for seg in segments.get(insp.id, []):
                if seg.removed_at is not None:
                    report.videos_removed += 1
                    continue
                if not seg.sha256:
                    continue
                path = storage_root / seg.path
                report.videos_checked += 1
                if not path.exists():
                    problem(
                        insp,
                        "video-missing",
                        f"The video of inspection {insp.id} (order {insp.order_number}) is missing: "
                        f"{path}. It was not removed by retention.",
                    )
                elif sha256_file(path) != seg.sha256:
                    problem(
                        insp,
                        "video-altered",
                        f"The video of inspection {insp.id} (order {insp.order_number}) no longer "
                        f"matches the hash taken when it was recorded: {path}.",
                    )
        yield done, total, report
    geneses = successors.get("", [])
    if len(geneses) > 1:
        ids = ", ".join(str(g.id) for g in geneses)
        report.problems.append(
            ChainProblem(
                None,
                "",
                "fork",
                f"Inspections {ids} each claim to be the first sealed record; only one can be.",
            )
        )
    yield total, total, report
