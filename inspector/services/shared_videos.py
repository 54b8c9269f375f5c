"""Videos in the warehouse's shared folder: copying this desk's, finding anyone's.

The desk records to its own disk; `sync_videos` then copies each finished video of this
desk into the shared folder, checks the copy's SHA-256 against the recorded one, and notes
it in `video_copy`. A share that cannot be reached leaves the videos queued: each is tried
again later with a growing wait, and the desk says how many wait (`share_status`). The
station runs it on a timer, `inspector record` after each recording, `inspector
sync-videos` on demand. The desk's own file goes only once the shared copy was checked
and the keep period has passed.

`video_path` is the one place playback, clips, exports and verify learn where a video is:
the shared copy when there is one, else the recording desk's own file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from inspector.core.chain import StreamLocator, VideoLocator
from inspector.core.errors import StorageError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    CameraStream,
    Inspection,
    InspectionStatus,
    VideoCopy,
    VideoSegment,
    utcnow,
)
from inspector.core.shared_videos import (
    ShareUnreachableError,
    copy_verified,
    mounted,
    next_try,
    reachable,
    set_up_share,
)
from inspector.services.context import AppContext

log = logging.getLogger(__name__)


def video_path(ctx: AppContext, rel: str) -> Path:
    """Where to read a video a segment names: its shared copy, else this desk's own file.

    The shared copy exists under its final name only once it was checked against the
    recorded hash (copies in progress have a dot-name), so finding it is enough.
    """
    shared = ctx.shared_videos_dir
    if shared is not None and rel:
        copy = shared / rel
        try:
            if copy.is_file():
                return copy
        except OSError:
            pass  # an unreachable share: the local file, if any, is the copy to read
    return ctx.storage.absolute(rel)


def _mine(ctx: AppContext) -> sa.ColumnElement[bool]:
    # Records made before desk ids were this desk's own database's (one desk, one file).
    return col(Inspection.desk_id).in_([ctx.desk_id, ""])


@dataclass
class SyncReport:
    """What one pass of the copier did."""

    configured: bool = True
    reachable: bool = True
    copied: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # messages
    waiting: int = 0  # still queued after this pass
    local_removed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.configured:
            return ["No shared video folder is set; videos stay on this desk."]
        out = [f"Copied and checked: {rel}" for rel in self.copied]
        out += [
            f"Removed from this desk (shared copy checked): {rel}" for rel in self.local_removed
        ]
        out += self.failed
        out.append(
            f"{self.waiting} video(s) wait to be copied."
            if self.waiting
            else "Every video of this desk is in the shared folder."
        )
        return out


def _pending(session: Session, ctx: AppContext) -> list[tuple[VideoSegment, VideoCopy | None]]:
    """This desk's finished videos without a checked shared copy, oldest first."""
    rows = session.exec(
        select(VideoSegment, VideoCopy)
        .join(Inspection, col(Inspection.id) == col(VideoSegment.inspection_id))
        .join(VideoCopy, col(VideoCopy.segment_id) == col(VideoSegment.id), isouter=True)
        .where(_mine(ctx))
        .where(Inspection.status != InspectionStatus.RECORDING)
        .where(VideoSegment.sha256 != "")
        .where(VideoSegment.frame_count > 0)
        .where(col(VideoSegment.removed_at).is_(None))
        .where(col(VideoCopy.verified_at).is_(None))
        .order_by(VideoSegment.started_at, VideoSegment.id)
    ).all()
    return [(seg, copy) for seg, copy in rows]


def _pending_streams(session: Session, ctx: AppContext) -> list[CameraStream]:
    """This desk's kept camera streams without a checked shared copy, oldest first."""
    return list(
        session.exec(
            select(CameraStream)
            .join(Inspection, col(Inspection.id) == col(CameraStream.inspection_id))
            .where(_mine(ctx))
            .where(Inspection.status != InspectionStatus.RECORDING)
            .where(CameraStream.sha256 != "")
            .where(col(CameraStream.removed_at).is_(None))
            .where(col(CameraStream.shared_at).is_(None))
            .order_by(CameraStream.inspection_id, CameraStream.segment_seq, CameraStream.camera)
        ).all()
    )


def _waiting(session: Session, ctx: AppContext) -> int:
    return len(_pending(session, ctx)) + len(_pending_streams(session, ctx))


def _sync_streams(ctx: AppContext, shared: Path, report: SyncReport) -> None:
    """Copy this desk's kept camera streams as its videos are copied (after them), checked."""
    with ctx.db.session() as session:
        pending = [(c.id, c.path, c.sha256) for c in _pending_streams(session, ctx)]
    for stream_id, rel, sha in pending:
        if not report.reachable:
            return  # queued: tried again with the videos at the next pass
        try:
            copy_verified(ctx.storage.absolute(rel), shared, rel, sha)
        except ShareUnreachableError as exc:
            report.reachable = False
            report.failed.append(str(exc))
            return
        except StorageError as exc:
            report.failed.append(str(exc))
            log.warning("Shared video folder: %s", exc)
            continue
        with ctx.db.session() as session:
            row = session.get(CameraStream, stream_id)
            if row is not None:
                row.shared_at = utcnow()
                session.add(row)
        report.copied.append(rel)
        log.info("Camera stream %s copied to the shared folder and checked", rel)


def sync_videos(ctx: AppContext, now: datetime | None = None, force: bool = False) -> SyncReport:
    """Copy this desk's waiting videos into the shared folder, then drop local files past keep.

    `force` tries every waiting video now (`inspector sync-videos`); otherwise one whose
    last try failed waits out its back-off.
    """
    shared = ctx.shared_videos_dir
    if shared is None:
        return SyncReport(configured=False)
    now = now or utcnow()
    with ctx.db.session() as session:
        set_up_share(shared, ever_shared(session))
    report = SyncReport(reachable=reachable(shared))
    with ctx.db.session() as session:
        pending = [
            (seg.id, seg.inspection_id, seg.path, seg.sha256, copy.id if copy else None)
            for seg, copy in _pending(session, ctx)
            if force or copy is None or copy.next_try_at is None or copy.next_try_at <= now
        ]
    unreachable = ""
    for seg_id, inspection_id, rel, sha, copy_id in pending:
        assert seg_id is not None
        error = unreachable
        if not error:
            try:
                copy_verified(ctx.storage.absolute(rel), shared, rel, sha)
            except ShareUnreachableError as exc:
                error = unreachable = str(exc)  # the rest would fail alike: queue them all
                report.reachable = False
            except StorageError as exc:
                error = str(exc)
        try:
            _note_copy(ctx, seg_id, inspection_id, copy_id, rel, error, now)
        except sa.exc.IntegrityError:
            # The desk's other program (the station and a CLI command) noted it first.
            log.info("Video %s was noted by another copier of this desk", rel)
            continue
        if error:
            if error is not unreachable or len(report.failed) == 0:
                report.failed.append(error)
                log.warning("Shared video folder: %s", error)
        else:
            report.copied.append(rel)
            log.info("Video %s copied to the shared folder and checked", rel)
    _sync_streams(ctx, shared, report)
    report.local_removed = remove_local_copies(ctx, shared, now)
    if report.reachable:
        # The share's witness copy of this desk's anchor catches up as its videos do.
        ctx.sealer.sync_shared()
    with ctx.db.session() as session:
        report.waiting = _waiting(session, ctx)
    return report


def _note_copy(
    ctx: AppContext,
    seg_id: int,
    inspection_id: int,
    copy_id: int | None,
    rel: str,
    error: str,
    now: datetime,
) -> None:
    with ctx.db.session() as session:
        copy = session.get(VideoCopy, copy_id) if copy_id else None
        if copy is None:
            copy = VideoCopy(segment_id=seg_id, inspection_id=inspection_id, desk_id=ctx.desk_id)
        if error:
            copy.attempts += 1
            copy.next_try_at = next_try(copy.attempts, now)
            copy.last_error = error[:1000]
        else:
            copy.shared_path = rel
            copy.verified_at = utcnow()
            copy.last_error = ""
            copy.next_try_at = None
        session.add(copy)


def remove_local_copies(ctx: AppContext, shared: Path, now: datetime) -> list[str]:
    """Remove this desk's files whose shared copy was checked at least the keep period ago.

    The shared copy is hashed once more first: the desk's file is never the last good one.
    A video retention removed everywhere (segment removed) has its local file removed too.
    """
    keep = timedelta(days=max(0, int(ctx.warehouse_value("shared_videos_keep_days"))))
    with ctx.db.session() as session:
        rows = session.exec(
            select(VideoCopy, VideoSegment)
            .join(VideoSegment, col(VideoSegment.id) == col(VideoCopy.segment_id))
            .where(VideoCopy.desk_id == ctx.desk_id)
            .where(col(VideoCopy.local_removed_at).is_(None))
            .where(col(VideoCopy.verified_at).is_not(None))
        ).all()
        due = [
            (VideoCopy, copy.id, seg.path, seg.sha256, seg.removed_at is not None)
            for copy, seg in rows
            if seg.removed_at is not None or (copy.verified_at and copy.verified_at + keep <= now)
        ]
        # The cameras' own streams kept beside this desk's videos, by the same rule.
        streams = session.exec(
            select(CameraStream)
            .join(Inspection, col(Inspection.id) == col(CameraStream.inspection_id))
            .where(Inspection.desk_id == ctx.desk_id)
            .where(col(CameraStream.local_removed_at).is_(None))
            .where(col(CameraStream.shared_at).is_not(None))
        ).all()
        due += [
            (CameraStream, c.id, c.path, c.sha256, c.removed_at is not None)
            for c in streams
            if c.removed_at is not None or (c.shared_at and c.shared_at + keep <= now)
        ]
    removed = []
    for model, copy_id, rel, sha, retired in due:
        local = ctx.storage.absolute(rel)
        if not retired:
            try:
                if sha256_file(shared / rel) != sha:
                    log.error(
                        "The shared copy of %s no longer matches; this desk keeps its file", rel
                    )
                    continue
            except OSError:
                continue  # the share is away: try again next time
        try:
            local.unlink(missing_ok=True)
        except OSError as exc:
            log.error("Cannot remove %s after sharing it: %s", local, exc.strerror or exc)
            continue
        with ctx.db.session() as session:
            copy = session.get(model, copy_id)
            assert copy is not None
            copy.local_removed_at = now
            session.add(copy)
        log.info("Removed this desk's file %s: its shared copy is checked", rel)
        removed.append(rel)
    return removed


@dataclass(frozen=True)
class ShareStatus:
    """What the station's status bar and `doctor` say about the shared folder."""

    folder: Path | None
    reachable: bool
    waiting: int
    last_error: str

    def line(self) -> str:
        if self.folder is None:
            return "Shared video folder: none (videos stay on this desk)"
        state = "reachable" if self.reachable else "NOT reachable"
        text = f"Shared video folder: {self.folder} ({state}), {self.waiting} video(s) waiting"
        if self.waiting and self.last_error:
            text += f"; last error: {self.last_error}"
        return text


def share_status(ctx: AppContext) -> ShareStatus:
    shared = ctx.shared_videos_dir
    if shared is None:
        return ShareStatus(None, False, 0, "")
    with ctx.db.session() as session:
        pending = _pending(session, ctx)
        waiting = _waiting(session, ctx)
    errors = [c.last_error for _s, c in pending if c is not None and c.last_error]
    return ShareStatus(shared, reachable(shared), waiting, errors[-1] if errors else "")


def ever_shared(session: Session) -> bool:
    """Whether any video of this warehouse was ever copied into the shared folder."""
    found = session.exec(select(VideoCopy.id).where(col(VideoCopy.verified_at).is_not(None)))
    return found.first() is not None


def video_locator(
    ctx: AppContext, session: Session, unchecked: list[str] | None = None
) -> VideoLocator:
    """For verify: the copies of each video this desk can and should check.

    The shared copy once it was checked in, and this desk's own file while it keeps one.
    Another desk's file that is not shared yet is not this desk's to find (None): it is
    counted apart, never called missing. A shared copy while the shared folder is away is
    added to `unchecked`: the check is then incomplete.
    """
    copies = {c.segment_id: c for c in session.exec(select(VideoCopy))}
    shared = ctx.shared_videos_dir
    # Reading is enough here (an office may mount the share read-only), but the folder must
    # be the share itself: an empty mount point has no marker and is "away", not "missing".
    share_up = shared is not None and mounted(shared)

    def locate(insp: Inspection, seg: VideoSegment) -> list[Path] | None:
        copy = copies.get(seg.id or 0)
        paths = []
        if copy is not None and copy.verified_at:
            if shared is not None and share_up:
                paths.append(shared / seg.path)
            elif unchecked is not None:
                # Its copy is in a shared folder this computer cannot reach now: not checked.
                where = shared / seg.path if shared is not None else seg.path
                unchecked.append(f"{where} (inspection {insp.id}, order {insp.order_number})")
        if insp.desk_id in (ctx.desk_id, "") and (copy is None or copy.local_removed_at is None):
            paths.append(ctx.storage.absolute(seg.path))
        return paths or None

    return locate


def stream_locator(ctx: AppContext, unchecked: list[str] | None = None) -> StreamLocator:
    """For verify: the copies of each kept camera stream to check, as video_locator does for videos."""
    shared = ctx.shared_videos_dir
    share_up = shared is not None and mounted(shared)

    def locate(insp: Inspection, stream: CameraStream) -> list[Path] | None:
        paths = []
        if stream.shared_at is not None:
            if shared is not None and share_up:
                paths.append(shared / stream.path)
            elif unchecked is not None:
                where = shared / stream.path if shared is not None else stream.path
                unchecked.append(f"{where} (inspection {insp.id}, order {insp.order_number})")
        if insp.desk_id in (ctx.desk_id, "") and stream.local_removed_at is None:
            paths.append(ctx.storage.absolute(stream.path))
        return paths or None

    return locate
