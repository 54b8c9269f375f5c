"""Retention: which videos may go when they are old or the disk quota is exceeded, and removing them.

Only the video files go; the inspection's record, its hashes and its history stay, with
a note that retention removed the video. Never removed: inspections still pending a
decision, marked keep, still recording, or under appeal (a reject or dispute with an
evidence export, or still inside the platform's claim window). A packing (it decides
nothing) stays at least as long as its order's return window and claim window from the
day it was packed, and as long as any later return of its order is itself kept: it is
the other half of that return's evidence.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core.chain import SealRefusedError, append_seal, retention_detail
from inspector.core.database import Database
from inspector.core.errors import DatabaseError
from inspector.core.models import (
    CameraStream,
    Decision,
    EventKind,
    EvidenceExport,
    Inspection,
    InspectionEvent,
    InspectionKind,
    InspectionStatus,
    VideoSegment,
    utcnow,
)
from inspector.core.policy import claim_window_days, return_window_days
from inspector.core.storage import Storage, format_bytes

log = logging.getLogger(__name__)

APPEALABLE = (Decision.REJECT, Decision.DISPUTE)
ACTOR = "retention"


@dataclass(frozen=True)
class RemovalCandidate:
    """The videos of one inspection that a clean-up removes, and why."""

    inspection_id: int
    order_number: str
    started_at: datetime
    decision: str
    reason: str  # "retention" or "quota"
    paths: tuple[str, ...]  # relative to the storage root
    size_bytes: int

    def describe(self) -> str:
        local = self.started_at.astimezone()
        why = "older than the retention period" if self.reason == "retention" else "over the quota"
        return (
            f"#{self.inspection_id} {local:%Y-%m-%d %H:%M} order {self.order_number} "
            f"({self.decision}): {len(self.paths)} file(s), {format_bytes(self.size_bytes)} — {why}"
        )


@dataclass
class RetentionPlan:
    """What a clean-up would remove, what it must keep, and the storage before and after."""

    retention_days: int
    quota_bytes: int
    used_bytes: int
    candidates: list[RemovalCandidate] = field(default_factory=list)
    protected: dict[str, int] = field(default_factory=dict)  # reason -> count

    @property
    def freed_bytes(self) -> int:
        return sum(c.size_bytes for c in self.candidates)

    @property
    def quota_unmet(self) -> bool:
        """True when even after the clean-up the videos use more than the quota."""
        return bool(self.quota_bytes) and self.used_bytes - self.freed_bytes > self.quota_bytes


def under_appeal(session: Session, inspection: Inspection, now: datetime) -> bool:
    """A reject or dispute with an exported bundle, or one still inside its platform's claim window."""
    if inspection.decision not in APPEALABLE:
        return False
    exported = session.exec(
        select(EvidenceExport.id).where(EvidenceExport.inspection_id == inspection.id)
    ).first()
    if exported is not None:
        return True
    # Platforms count the window from the parcel's arrival; counting from the decision
    # (later, or the start for records made before decisions were timed) errs on keeping.
    decided = inspection.decided_at or inspection.started_at
    return now - decided < timedelta(days=claim_window_days(inspection.platform, session))


def _protection(session: Session, inspection: Inspection, now: datetime) -> str | None:
    """Why this inspection's video must stay, or None if retention may remove it."""
    if inspection.status == InspectionStatus.RECORDING:
        return "still recording"
    if inspection.kind == InspectionKind.PACKING:
        return _packing_protection(session, inspection, now)
    if inspection.decision == Decision.PENDING:
        return "pending a decision"
    if inspection.keep:
        return "marked keep"
    if under_appeal(session, inspection, now):
        return "under appeal"
    return None


def _packing_protection(session: Session, packing: Inspection, now: datetime) -> str | None:
    """Why a packing's video must stay: its order may still come back, or a return needs it."""
    if packing.keep:
        return "marked keep"
    returns = session.exec(
        select(Inspection)
        .where(Inspection.order_number == packing.order_number)
        .where(Inspection.kind == InspectionKind.RETURN)
        .where(Inspection.started_at > packing.started_at)
    ).all()
    if any(_protection(session, r, now) is not None for r in returns):
        return "its return needs it"
    window = return_window_days(packing.platform) + claim_window_days(packing.platform, session)
    if now - packing.started_at < timedelta(days=window):
        return "within its order's return window"
    return None


@dataclass(frozen=True)
class CleanupScope:
    """Whose videos one desk's clean-up weighs and removes, in a warehouse of several.

    A desk's own videos that are on its disk only; videos with a checked copy in the
    shared folder only at the one desk the settings name its owner (the others' local
    files of them go after their keep period, not by retention). Records made before desk
    ids ("") were the desk's own database's.
    """

    desk_id: str
    shared_segments: frozenset[int] = frozenset()
    shared_owner: bool = False

    def covers(self, desk_id: str, segment_id: int | None) -> bool:
        if segment_id in self.shared_segments:
            return self.shared_owner
        return desk_id in (self.desk_id, "")


def plan_cleanup(
    session: Session,
    retention_days: int,
    quota_bytes: int = 0,
    now: datetime | None = None,
    scope: CleanupScope | None = None,
) -> RetentionPlan:
    """Decide which videos go: decided ones past retention, then the oldest decided ones over quota.

    `scope`: only these videos count, for the quota too (None: every video, one desk).
    """
    now = now or utcnow()
    rows = session.exec(
        select(VideoSegment, Inspection.desk_id)
        .join(Inspection, Inspection.id == VideoSegment.inspection_id)
        .where(VideoSegment.removed_at.is_(None))
        .order_by(VideoSegment.seq)
    ).all()
    live = [seg for seg, desk in rows if scope is None or scope.covers(desk, seg.id)]
    by_inspection: dict[int, list[VideoSegment]] = {}
    for seg in live:
        by_inspection.setdefault(seg.inspection_id, []).append(seg)
    # The cameras' own streams kept beside a video go with it (and count for the quota).
    streams: dict[int, list[CameraStream]] = {}
    if by_inspection:
        for stream in session.exec(
            select(CameraStream)
            .where(CameraStream.inspection_id.in_(list(by_inspection)))
            .where(CameraStream.removed_at.is_(None))
        ):
            streams.setdefault(stream.inspection_id, []).append(stream)
    used = sum(s.size_bytes for s in live) + sum(
        c.size_bytes for kept in streams.values() for c in kept
    )
    plan = RetentionPlan(retention_days, quota_bytes, used)
    if not by_inspection:
        return plan
    inspections = session.exec(
        select(Inspection)
        .where(Inspection.id.in_(list(by_inspection)))
        .order_by(Inspection.started_at, Inspection.id)
    ).all()
    cutoff = now - timedelta(days=retention_days) if retention_days > 0 else None
    eligible: list[Inspection] = []
    for inspection in inspections:
        reason = _protection(session, inspection, now)
        if reason is not None:
            plan.protected[reason] = plan.protected.get(reason, 0) + 1
        else:
            eligible.append(inspection)

    def candidate(inspection: Inspection, why: str) -> RemovalCandidate:
        files = [*by_inspection[inspection.id], *streams.get(inspection.id, [])]
        return RemovalCandidate(
            inspection_id=inspection.id,
            order_number=inspection.order_number,
            started_at=inspection.started_at,
            decision=str(inspection.decision),
            reason=why,
            paths=tuple(f.path for f in files),
            size_bytes=sum(f.size_bytes for f in files),
        )

    remaining: list[Inspection] = []
    for inspection in eligible:
        if cutoff is not None and inspection.started_at < cutoff:
            plan.candidates.append(candidate(inspection, "retention"))
        else:
            remaining.append(inspection)
    if quota_bytes > 0:
        # Oldest first, and only as many as needed to get back under the quota.
        for inspection in remaining:
            if plan.used_bytes - plan.freed_bytes <= quota_bytes:
                break
            plan.candidates.append(candidate(inspection, "quota"))
    return plan


@dataclass(frozen=True)
class RemovalOutcome:
    """What removing one inspection's videos did."""

    candidate: RemovalCandidate
    removed: bool
    message: str


def remove_videos(
    storage: Storage,
    db: Database,
    candidate: RemovalCandidate,
    retention_days: int,
    now: datetime | None = None,
    unlink: Callable[[Path], None] = os.unlink,
    shared_root: Path | None = None,
) -> RemovalOutcome:
    """Remove one inspection's video files and note it on the record, all or nothing.

    The files are first renamed aside, then the database records the removal, and only
    then are they deleted: if the database cannot be written, the files are put back and
    the record still points at them. `shared_root`: the shared folder's copies go too.
    """
    now = now or utcnow()
    tag = uuid.uuid4().hex[:8]
    moved: list[tuple[Path, Path]] = []
    missing: list[str] = []
    roots = [storage.root] + ([shared_root] if shared_root is not None else [])
    try:
        for rel in candidate.paths:
            found = [root / rel for root in roots if (root / rel).exists()]
            if not found:
                missing.append(rel)
            for path in found:
                aside = path.with_name(f".{path.name}.removing-{tag}")
                os.replace(path, aside)
                moved.append((path, aside))
    except OSError as exc:
        for original, aside in reversed(moved):
            os.replace(aside, original)
        return RemovalOutcome(
            candidate, False, f"#{candidate.inspection_id}: cannot move its video aside: {exc}"
        )
    why = (
        f"older than {retention_days} days"
        if candidate.reason == "retention"
        else "the video storage quota was exceeded"
    )
    note = f"Video removed by retention ({why}): {len(candidate.paths)} file(s), {format_bytes(candidate.size_bytes)}."
    if missing:
        note += f" Already missing before the clean-up: {', '.join(missing)}."
    try:
        with db.session() as session:
            inspection = session.get(Inspection, candidate.inspection_id)
            if inspection is None or _protection(session, inspection, now) is not None:
                raise _Skip("its record changed since the clean-up was planned")
            for seg in session.exec(
                select(VideoSegment)
                .where(VideoSegment.inspection_id == candidate.inspection_id)
                .where(VideoSegment.path.in_(candidate.paths))
            ):
                seg.removed_at = now
                session.add(seg)
            for stream in session.exec(
                select(CameraStream)
                .where(CameraStream.inspection_id == candidate.inspection_id)
                .where(CameraStream.path.in_(candidate.paths))
            ):
                stream.removed_at = now
                session.add(stream)
            inspection.video_removed_at = now
            session.add(inspection)
            session.add(
                InspectionEvent(
                    inspection_id=candidate.inspection_id,
                    at=now,
                    kind=EventKind.VIDEO_REMOVED,
                    message=note,
                    actor=ACTOR,
                )
            )
            # The removal is sealed with the rule that allowed it, so verify can tell it
            # from a video deleted by hand under a hand-set mark.
            append_seal(
                session,
                inspection,
                "retention",
                note,
                ACTOR,
                retention_detail(retention_days, "quota" if candidate.reason == "quota" else "age"),
                at=now,
            )
    except (DatabaseError, sa.exc.SQLAlchemyError, _Skip, SealRefusedError) as exc:
        for original, aside in reversed(moved):
            os.replace(aside, original)
        return RemovalOutcome(
            candidate, False, f"#{candidate.inspection_id}: not removed, {exc}; its files are back"
        )
    problems = []
    for _original, aside in moved:
        try:
            unlink(aside)
        except OSError as exc:
            problems.append(f"{aside}: {exc.strerror or exc}")
    if problems:
        log.error("Retention could not delete %s; delete them by hand", "; ".join(problems))
    log.info("Retention removed the video of inspection %s: %s", candidate.inspection_id, note)
    return RemovalOutcome(candidate, True, candidate.describe())


def finish_interrupted_removals(storage: Storage, db: Database) -> list[str]:
    """Settle video files a crash left renamed aside in the middle of a removal.

    A file set aside whose record says it was removed is deleted; one whose record still
    counts on it is put back under its own name. Returns what was done, for the log.
    """
    done = []
    for aside in storage.videos_dir.rglob(".*.removing-*"):
        name = aside.name[1:].rsplit(".removing-", 1)[0]
        original = aside.with_name(name)
        rel = storage.relative(original)
        with db.session() as session:
            seg = session.exec(select(VideoSegment).where(VideoSegment.path == rel)).first()
            if seg is None:  # a camera's own stream kept beside a video
                seg = session.exec(select(CameraStream).where(CameraStream.path == rel)).first()
        try:
            if seg is not None and seg.removed_at is not None:
                aside.unlink()
                done.append(f"deleted {aside} (its removal was recorded)")
            elif not original.exists():
                os.replace(aside, original)
                done.append(f"put back {original} (its removal was never recorded)")
        except OSError as exc:
            done.append(f"could not settle {aside}: {exc.strerror or exc}")
    for line in done:
        log.warning("Interrupted clean-up: %s", line)
    return done


class _Skip(Exception):
    """The record no longer qualifies for removal (decided again, kept, appealed)."""
