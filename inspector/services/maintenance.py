"""Keeping recordings safe over time: crash recovery, continuing after a lost camera,
retention clean-up, and database backups. Called by the station window and the CLI alike.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

from inspector import __version__
from inspector.capture.encoder import EncoderSettings
from inspector.capture.overlay import OverlayInfo, OverlayRenderer
from inspector.capture.pipeline import DEFAULT_MIN_FREE_BYTES, CaptureState, CaptureThread, Recorder
from inspector.core import pg_tools
from inspector.core.anchor import ANCHOR_FILE
from inspector.core.backups import backup_folders, check_backup_file
from inspector.core.chain import (
    SealRefusedError,
    reanchor,
    record_restore,
    reseal_inspection,
    seal_inspection,
    seal_trailing_events,
)
from inspector.core.database import Database, backup_sqlite, head_revision
from inspector.core.errors import (
    DatabaseError,
    InspectorError,
    NotFoundError,
    SourceError,
    StorageError,
    ValidationError,
)
from inspector.core.instance_lock import InstanceLock, acquire_instance_lock
from inspector.core.models import (
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    Operator,
    Station,
    VideoCopy,
    VideoSegment,
    utcnow,
)
from inspector.core.pending_writes import PendingWrites
from inspector.core.pg_tools import DUMP_SUFFIX
from inspector.core.recovery import recover_video
from inspector.core.retention import (
    CleanupScope,
    RemovalOutcome,
    RetentionPlan,
    finish_interrupted_removals,
    plan_cleanup,
    remove_videos,
)
from inspector.core.shared_videos import mounted
from inspector.core.signing import KEY_FILE, KEYRING_POINTER
from inspector.core.storage import Storage, format_bytes
from inspector.i18n.catalogue import overlay_labels
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import OverlayLabels
from inspector.services.context import GB, AppContext
from inspector.services.recording import (
    ActiveInspection,
    StartRequest,
    attach_recorder,
    disk_problem,
)
from inspector.services.timestamps import queue_video_stamps, stamp_in_background

log = logging.getLogger(__name__)

BACKUP_PREFIX = "inspector-"
# A desk's SQLite copy (.db) or a warehouse server's pg_dump (.dump).
_BACKUP_NAME = re.compile(r"^inspector-(?P<at>\d{8}-\d{6})\.(db|dump)$")


def recording_floor_bytes(ctx: AppContext) -> int:
    """Free space below which a running recording stops: a tenth of the reserve, at most 200 MB."""
    return int(min(DEFAULT_MIN_FREE_BYTES, ctx.settings.disk_reserve_gb * GB / 10))


# ----- crash recovery ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveredInspection:
    """One inspection found still 'recording' at start-up, and what its video now holds."""

    inspection_id: int
    order_number: str
    duration_s: float
    frames: int
    segments: int
    message: str


@dataclass
class RecoveryReport:
    """What recover_all found and did, in words the station window can show as they are."""

    recovered: list[RecoveredInspection] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reanchored: list[str] = field(default_factory=list)  # anchor lines a crash kept off the file

    @property
    def anything(self) -> bool:
        return bool(self.recovered or self.skipped or self.reanchored)

    def lines(self) -> list[str]:
        out = [
            f"Inspection {r.inspection_id} (order {r.order_number}): {r.message}"
            for r in self.recovered
        ]
        return out + self.skipped + self.reanchored

    def message(self) -> str:
        """One paragraph for a dialog; empty when nothing had to be recovered."""
        if not self.recovered:
            return "\n".join(self.skipped + self.reanchored)
        head = (
            "The program stopped while recording (a crash or a power cut). "
            f"{len(self.recovered)} recording(s) were saved up to the last second written "
            "and marked 'interrupted':"
        )
        return "\n".join([head, *self.lines()])


def _recover_one(ctx: AppContext, inspection_id: int) -> RecoveredInspection | None:
    local_db = ctx.db.engine.dialect.name == "sqlite"
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None or inspection.status != InspectionStatus.RECORDING:
            return None
        segments = session.exec(
            select(VideoSegment)
            .where(VideoSegment.inspection_id == inspection_id)
            .order_by(VideoSegment.seq)
        ).all()
        if not local_db and not any(ctx.storage.absolute(s.path).exists() for s in segments):
            # A shared database: this is another desk's recording, maybe still running.
            return None
        notes = []
        for seg in segments:
            if seg.sha256 or seg.removed_at is not None:
                continue  # finished and hashed before the crash
            video = recover_video(ctx.storage.absolute(seg.path), inspection.fps or 30.0)
            seg.frame_count = video.frames
            seg.duration_s = video.duration_s
            seg.size_bytes = video.size_bytes
            seg.sha256 = video.sha256
            seg.ended_at = seg.started_at + timedelta(seconds=video.duration_s)
            session.add(seg)
            if video.frames == 0:
                notes.append(f"segment {seg.seq}: nothing was written ({video.note})")
            elif video.note:
                notes.append(f"segment {seg.seq}: {video.note}")
            log.info(
                "Recovered %s: %d frames, %.2f s, %s",
                seg.path,
                video.frames,
                video.duration_s,
                "rewritten as a regular MP4" if video.remuxed else video.note,
            )
        session.flush()
        inspection.status = InspectionStatus.INTERRUPTED
        inspection.duration_s = round(sum(s.duration_s for s in segments), 3)
        inspection.frame_count = sum(s.frame_count for s in segments)
        inspection.dropped_frames = sum(s.dropped_frames for s in segments)
        last = segments[-1] if segments else None
        inspection.ended_at = (last.ended_at if last else None) or inspection.started_at
        lang = resolve_language(ctx.settings.language)
        if inspection.frame_count:
            message = say(
                lang,
                "The program stopped while recording; {seconds} s of video were saved up to "
                "the last second written.",
                seconds=f"{inspection.duration_s:.1f}",
            )
        else:
            message = say(
                lang,
                "The program stopped while recording before any video reached the disk; "
                "nothing was recorded for this inspection.",
            )
        if notes:
            message += " " + "; ".join(notes) + "."
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=EventKind.RECOVERED,
                message=message,
                actor="recovery",
            )
        )
        session.add(inspection)
        seal_inspection(session, inspection)
        queue_video_stamps(ctx, session, inspection)
        return RecoveredInspection(
            inspection_id,
            inspection.order_number,
            inspection.duration_s,
            inspection.frame_count,
            len(segments),
            message,
        )


def seal_trailing(ctx: AppContext) -> list[int]:
    """Seal the history added after each inspection's last seal (an export's note, a late
    answer): at every start, and hourly on a desk left running. The inspections sealed."""
    try:
        with ctx.db.session() as session:
            trailing = seal_trailing_events(session)
    except InspectorError as exc:
        log.error("Sealing the events after the last seals failed: %s", exc)
        return []
    if trailing:
        log.info("Sealed the history added after the last seal of %d inspection(s)", len(trailing))
    return trailing


def recover_all(ctx: AppContext) -> RecoveryReport:
    """Find inspections left 'recording' by a crash, make their videos playable, mark them interrupted.

    Call at start-up while holding the data directory's instance lock (no other program
    can then be recording into it). Each inspection is recovered in its own transaction.
    """
    report = RecoveryReport()
    _remove_stale_temp_files(ctx.storage)
    PendingWrites(ctx.storage.root).sweep()  # exports and backups a kill left half-written
    finish_interrupted_removals(ctx.storage, ctx.db)
    seal_trailing(ctx)
    try:
        with ctx.db.session() as session:
            written = reanchor(session, ctx.sealer)
    except InspectorError as exc:
        report.skipped.append(f"The chain anchor could not be brought up to date: {exc}")
        log.error("Re-anchoring failed: %s", exc)
    else:
        if written:
            report.reanchored.append(
                say(
                    resolve_language(ctx.settings.language),
                    "The chain anchor lacked {count} line(s) the database holds (seals {seals}): "
                    "the program stopped between a seal and its line. They were written now.",
                    count=len(written),
                    seals=", ".join(str(line.seq) for line in written),
                )
            )
    with ctx.db.session() as session:
        ids = session.exec(
            select(Inspection.id)
            .where(Inspection.status == InspectionStatus.RECORDING)
            .order_by(Inspection.id)
        ).all()
    for inspection_id in ids:
        try:
            item = _recover_one(ctx, inspection_id)
        except (StorageError, DatabaseError) as exc:
            report.skipped.append(f"Inspection {inspection_id} could not be recovered: {exc}")
            log.error("Recovery of inspection %s failed: %s", inspection_id, exc)
            continue
        if item is not None:
            report.recovered.append(item)
            log.warning(
                "Inspection %s was left recording by a crash; recovered %.2f s",
                inspection_id,
                item.duration_s,
            )
    return report


def _remove_stale_temp_files(storage: Storage) -> None:
    # A crash during a recovery leaves its temporary copy; the original is untouched.
    for tmp in storage.videos_dir.rglob(".*.recover-*.mp4*"):
        try:
            tmp.unlink()
            log.info("Removed a temporary file left by an interrupted recovery: %s", tmp)
        except OSError as exc:
            log.warning("Cannot remove %s: %s", tmp, exc)


# ----- start-up -----------------------------------------------------------------------------


@dataclass
class StationStartup:
    """What start_station did: the held lock (keep it while the window is open), what was
    recovered, and the daily backup if one was due."""

    lock: InstanceLock
    recovery: RecoveryReport
    backup: BackupResult | None = None
    problems: list[str] = field(default_factory=list)

    def message(self) -> str:
        """What to tell the operator at start-up; empty when all is well."""
        parts = [self.recovery.message()] if self.recovery.anything else []
        return "\n\n".join(parts + self.problems)


def start_station(ctx: AppContext, purpose: str = "station window") -> StationStartup:
    """Before the station window opens: take the data folder, finish crashed recordings, and
    make the daily backup if it is due.

    Raises AlreadyRunningError (with a message for a dialog) when another program has the
    folder. A failed backup does not stop the desk; it is reported in `problems`.
    """
    lock = acquire_instance_lock(ctx.storage.root, purpose)
    try:
        recovery = recover_all(ctx)
    except BaseException:
        lock.release()
        raise
    startup = StationStartup(lock, recovery)
    try:
        # Set-up makes the desk's signing key, so Settings can show the fingerprint to publish.
        ctx.sealer.key()
    except InspectorError as exc:
        startup.problems.append(str(exc))
    # Video hashes queued while the desk was offline are stamped now, in the background.
    stamp_in_background(ctx)
    try:
        startup.backup = daily_backup(ctx)
    except InspectorError as exc:
        startup.problems.append(f"The daily backup failed: {exc}")
        log.error("Daily backup failed: %s", exc)
    return startup


# ----- continuing after a lost camera ------------------------------------------------------


def continue_inspection(
    ctx: AppContext,
    capture: CaptureThread,
    inspection_id: int,
    operator: str = "",
    max_seconds: float | None = None,
    labels: OverlayLabels | None = None,
) -> ActiveInspection:
    """Record the next segment of an interrupted inspection (after the camera came back).

    labels: the overlay's words; by default the desk's language, as the first segment had them
    (a continued part in English after a Chinese first part read as another desk's video).

    The segments of one inspection are played one after another and each is hashed; the
    gap between them is in the history with the reason it happened.
    """
    if low := disk_problem(ctx):
        raise ValidationError(low)
    if capture.state != CaptureState.RUNNING:
        lang = resolve_language(ctx.settings.language)
        raise SourceError(
            say(
                lang,
                "{camera} is not delivering pictures yet ({cause}). Wait until it is back.",
                camera=capture.source.describe(lang),
                cause=capture.status().message or capture.state.value,
            )
        )
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        if inspection.status != InspectionStatus.INTERRUPTED:
            raise ValidationError(
                f"Inspection {inspection_id} is {inspection.status}; only an interrupted "
                "recording can be continued."
            )
        if inspection.video_removed_at is not None:
            raise ValidationError(f"The video of inspection {inspection_id} was removed.")
        last_seq = max(
            (
                s.seq
                for s in session.exec(
                    select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)
                )
            ),
            default=0,
        )
        station = session.get(Station, inspection.station_id) if inspection.station_id else None
        person = session.get(Operator, inspection.operator_id) if inspection.operator_id else None
        request = StartRequest(
            inspection.order_number,
            inspection.courier_number,
            operator or (person.name if person else ""),
            station.name if station else "",
        )
        uid = inspection.uid
    seq = last_seq + 1
    started = utcnow()
    path = ctx.storage.new_video_path(started, request.order_number, uid, segment=seq)
    source = capture.source
    recorder = Recorder(
        path,
        source.width,
        source.height,
        source.fps,
        OverlayRenderer(
            source.width,
            source.height,
            OverlayInfo(
                request.order_number,
                request.courier_number,
                request.station,
                request.operator,
                labels=labels or overlay_labels(resolve_language(ctx.settings.language)),
            ),
        ),
        EncoderSettings(crf=ctx.settings.crf, preset=ctx.settings.preset),
        max_seconds=max_seconds,
        metadata={
            "comment": f"inspector {__version__} inspection {uid} segment {seq} "
            f"order {request.order_number} courier {request.courier_number}"
        },
        min_free_bytes=recording_floor_bytes(ctx),
        paced=not source.is_live,
    )
    try:
        with ctx.db.session() as session:
            inspection = session.get(Inspection, inspection_id)
            assert inspection is not None
            inspection.status = InspectionStatus.RECORDING
            session.add(inspection)
            session.add(
                VideoSegment(
                    inspection_id=inspection_id,
                    seq=seq,
                    path=ctx.storage.relative(path),
                    started_at=started,
                )
            )
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.CONTINUED,
                    actor=request.operator,
                    message=say(
                        resolve_language(ctx.settings.language),
                        "Recording continued into segment {seq} from {source}",
                        seq=seq,
                        source=source.describe(resolve_language(ctx.settings.language)),
                    ),
                )
            )
            # Sealed as it reopens, so the seal on completion finds the record as sealed.
            reseal_inspection(
                session, inspection, f"recording continued into segment {seq}", request.operator
            )
        streams = attach_recorder(
            capture,
            recorder,
            path,
            time.monotonic() - capture.preroll_seconds,
            ctx.settings.crf,
            f"inspector {__version__} inspection {uid} segment {seq}",
            ctx.settings.keep_camera_streams,
        )
    except BaseException:
        recorder.stop()
        path.unlink(missing_ok=True)
        _undo_continuation(ctx, inspection_id, seq)
        raise
    log.info("Inspection %s continued into segment %d", inspection_id, seq)
    return ActiveInspection(ctx, inspection_id, uid, request, capture, recorder, streams)


def _undo_continuation(ctx: AppContext, inspection_id: int, seq: int) -> None:
    try:
        with ctx.db.session() as session:
            for seg in session.exec(
                select(VideoSegment)
                .where(VideoSegment.inspection_id == inspection_id)
                .where(VideoSegment.seq == seq)
            ):
                session.delete(seg)
            for event in session.exec(
                select(InspectionEvent)
                .where(InspectionEvent.inspection_id == inspection_id)
                .where(InspectionEvent.kind == EventKind.CONTINUED)
                .order_by(InspectionEvent.id.desc())
                .limit(1)
            ):
                session.delete(event)
            inspection = session.get(Inspection, inspection_id)
            if inspection is not None and inspection.status == InspectionStatus.RECORDING:
                inspection.status = InspectionStatus.INTERRUPTED
                session.add(inspection)
                reseal_inspection(session, inspection, f"continuation into segment {seq} undone")
    except (DatabaseError, SealRefusedError) as exc:
        log.error("Could not undo the continuation of inspection %s: %s", inspection_id, exc)


# ----- retention ---------------------------------------------------------------------------


@dataclass
class CleanupReport:
    """A clean-up's plan and, for a real run, what was removed and what failed."""

    dry_run: bool
    plan: RetentionPlan
    outcomes: list[RemovalOutcome] = field(default_factory=list)

    @property
    def removed(self) -> list[RemovalOutcome]:
        return [o for o in self.outcomes if o.removed]

    @property
    def errors(self) -> list[str]:
        return [o.message for o in self.outcomes if not o.removed]

    def lines(self) -> list[str]:
        plan = self.plan
        days = f"{plan.retention_days} days" if plan.retention_days else "off (videos kept forever)"
        quota = format_bytes(plan.quota_bytes) if plan.quota_bytes else "none"
        out = [
            f"Retention: {days}; quota: {quota}; videos now use {format_bytes(plan.used_bytes)}."
        ]
        if self.dry_run:
            out.append(
                f"Would remove {len(plan.candidates)} video(s), freeing {format_bytes(plan.freed_bytes)}:"
                if plan.candidates
                else "Nothing would be removed."
            )
            out += [f"  {c.describe()}" for c in plan.candidates]
        else:
            freed = sum(o.candidate.size_bytes for o in self.removed)
            out.append(f"Removed {len(self.removed)} video(s), freed {format_bytes(freed)}.")
            out += [f"  {o.message}" for o in self.removed]
            out += [f"  NOT REMOVED {e}" for e in self.errors]
        if plan.protected:
            kept = ", ".join(f"{n} {why}" for why, n in sorted(plan.protected.items()))
            out.append(f"Kept whatever their age: {kept}.")
        if plan.quota_unmet:
            out.append(
                "Even after this the videos use more than the quota: the rest are pending, "
                "kept or under appeal. Add disk space or raise the quota."
            )
        return out


def cleanup_scope(ctx: AppContext) -> CleanupScope:
    """This desk's part of the warehouse's videos: its own, and the shared folder if it owns it."""
    with ctx.db.session() as session:
        shared = frozenset(
            session.exec(
                select(VideoCopy.segment_id).where(col(VideoCopy.verified_at).is_not(None))
            )
        )
    owner = ctx.shared_videos_dir is not None and ctx.shared_folder_owner
    return CleanupScope(ctx.desk_id, shared, owner)


def cleanup(ctx: AppContext, dry_run: bool = True, now: datetime | None = None) -> CleanupReport:
    """Apply the retention period and quota from the settings; with dry_run only say what would go."""
    # The warehouse's values (set from the office) win over this desk's own.
    retention_days = int(ctx.warehouse_value("retention_days"))
    quota = int(float(ctx.warehouse_value("storage_quota_gb")) * GB)
    scope = cleanup_scope(ctx)
    shared = ctx.shared_videos_dir if scope.shared_owner else None
    if not dry_run:
        finish_interrupted_removals(ctx.storage, ctx.db)
        if shared is not None and mounted(shared):
            # The shared folder has the data folder's layout, so its leftovers settle alike.
            finish_interrupted_removals(Storage(shared), ctx.db)
    with ctx.db.session() as session:
        plan = plan_cleanup(session, retention_days, quota, now, scope)
    report = CleanupReport(dry_run, plan)
    if dry_run:
        return report
    for candidate in plan.candidates:
        report.outcomes.append(
            remove_videos(
                ctx.storage, ctx.db, candidate, retention_days, now=now, shared_root=shared
            )
        )
    log.info(
        "Clean-up removed %d video(s), %d could not be removed",
        len(report.removed),
        len(report.errors),
    )
    return report


# ----- backups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    """A finished backup: where it is, how big, and which old ones rotation deleted."""

    path: Path
    size_bytes: int
    deleted: tuple[Path, ...] = ()
    companions: tuple[Path, ...] = ()  # the chain anchor and the signing key, beside it

    def lines(self) -> list[str]:
        out = [f"Backed up the database to {self.path} ({format_bytes(self.size_bytes)})."]
        out += [f"  with {p.name}" for p in self.companions]
        out += [f"  deleted the old backup {p.name}" for p in self.deleted]
        return out


def backup_folder(ctx: AppContext) -> Path:
    """Where daily backups go: the chosen folder, else the data folder's backups/."""
    return backup_folders(ctx.storage, ctx.settings)[0]


def backup(
    ctx: AppContext,
    dest: Path | str | None = None,
    keep: int | None = None,
    now: datetime | None = None,
    overwrite: bool = False,
) -> BackupResult:
    """A consistent copy of the live database, checked after writing: SQLite's online backup
    on a desk of its own, pg_dump (custom format) on a warehouse server.

    dest may be a folder (a dated file is made in it) or a file name with an extension;
    the default is the backup folder from the settings. With `keep`, only the newest
    `keep` dated backups in that folder are kept. An existing file is replaced only with
    `overwrite`.
    """
    server = ctx.db.is_server
    src = ctx.db.sqlite_path
    if src is None and not server:
        raise DatabaseError(
            f"{ctx.db.safe_url} is an in-memory database; there is nothing to back up."
        )
    target = Path(dest).expanduser() if dest else backup_folder(ctx)
    suffix = DUMP_SUFFIX if server else ".db"
    name = f"{BACKUP_PREFIX}{(now or datetime.now()).astimezone():%Y%m%d-%H%M%S}{suffix}"
    # A folder unless it names a file ("desk1.db"): a new backup folder need not exist yet.
    if target.is_dir() or dest is None or not target.suffix or str(dest).endswith(("/", os.sep)):
        folder, path = target, target / name
    else:
        folder, path = target.parent, target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists() and not overwrite:
            raise StorageError(
                say(
                    resolve_language(ctx.settings.language),
                    "{path} already exists; choose another name, or add --force to replace it.",
                    path=path,
                )
            )
        with PendingWrites(ctx.storage.root).tracking(path.with_name(path.name + ".partial")):
            if server:
                # PostgreSQL's own tool: a consistent snapshot while every desk keeps working.
                pg_tools.dump(ctx.db.engine.url, ctx.db.connect_args, path)
            else:
                assert src is not None
                backup_sqlite(src, path)
    except sqlite3.Error as exc:
        _remove_partial(path)
        raise StorageError(f"Backing up the database to {path} failed: {exc}.") from exc
    except OSError as exc:
        _remove_partial(path)
        raise StorageError(
            f"Cannot write the backup to {folder}: {exc.strerror or exc}. "
            "Check that the folder (or network share) is reachable and has free space."
        ) from exc
    if server:
        pg_tools.dump_revision(path)  # proves the dump is whole and readable
    else:
        check_backup_file(path)
    companions = _copy_trust_files(ctx.storage.root, path)
    deleted = tuple(rotate_backups(folder, keep)) if keep else ()
    log.info("Database backed up to %s", path)
    return BackupResult(path, path.stat().st_size, deleted, companions)


# Beside each backup: the chain anchor (to check the restored database against) and the
# desk's signing key (the fingerprint the store published must survive a lost disk).
# A key kept in the system keyring stays there (a copy in a file would undo that): its
# pointer file is copied, naming the entry; docs/signing-keys.md says how to replace a lost one.
_TRUST_FILES = (ANCHOR_FILE, KEY_FILE, KEYRING_POINTER)


def _copy_trust_files(root: Path, backup_path: Path) -> tuple[Path, ...]:
    copied = []
    for name in _TRUST_FILES:
        src = root / name
        if not src.exists():
            continue
        dest = backup_path.with_name(f"{backup_path.name}.{name}")
        tmp = dest.with_name(dest.name + ".partial")
        try:
            shutil.copyfile(src, tmp)
            if name == KEY_FILE:
                os.chmod(tmp, 0o600)
            os.replace(tmp, dest)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(
                f"The database was backed up to {backup_path}, but {name} could not be copied "
                f"beside it: {exc.strerror or exc}."
            ) from exc
        copied.append(dest)
    return tuple(copied)


def _remove_partial(path: Path) -> None:
    # When the folder itself is unusable nothing was written there to remove.
    with contextlib.suppress(OSError):
        path.with_name(path.name + ".partial").unlink(missing_ok=True)


def rotate_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` dated backups (inspector-YYYYMMDD-HHMMSS.db) in folder."""
    dated = sorted(p for p in Path(folder).iterdir() if _BACKUP_NAME.match(p.name))
    doomed = dated[: max(0, len(dated) - max(1, keep))]
    for path in doomed:
        try:
            path.unlink()
            for name in _TRUST_FILES:
                path.with_name(f"{path.name}.{name}").unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Cannot delete the old backup %s: %s", path, exc)
    return doomed


def last_backup_at(folder: Path) -> datetime | None:
    """When the newest dated backup in folder was made (from its name), or None."""
    if not folder.is_dir():
        return None
    names = sorted(p.name for p in folder.iterdir() if _BACKUP_NAME.match(p.name))
    if not names:
        return None
    found = _BACKUP_NAME.match(names[-1])
    assert found is not None  # chosen by this pattern above
    return datetime.strptime(found["at"], "%Y%m%d-%H%M%S").astimezone()


def daily_backup(ctx: AppContext, now: datetime | None = None) -> BackupResult | None:
    """The automatic backup: if it is on and the newest is a day old or more, back up and rotate.

    In a warehouse one place makes it: the desk the warehouse names (setting
    daily_backup_desk, set from the office), else the office PC; never every desk.
    """
    if not ctx.settings.backup_daily:
        return None
    if ctx.db.is_server and not _makes_warehouse_backup(ctx):
        return None
    folder = backup_folder(ctx)
    now = now or datetime.now().astimezone()
    last = last_backup_at(folder)
    if last is not None and now - last < timedelta(days=1):
        return None
    return backup(ctx, None, keep=int(ctx.settings.backup_keep), now=now)


def _makes_warehouse_backup(ctx: AppContext) -> bool:
    from inspector.core.warehouse import get_setting

    with ctx.db.session() as session:
        named = get_setting(session, "daily_backup_desk")
    if named:
        return named == ctx.desk_id
    return ctx.settings.desk_role == "office"


@dataclass(frozen=True)
class RestoreResult:
    """A restored database and where the one it replaced was saved."""

    restored_from: Path
    previous_saved_to: Path | None
    revision: str
    into: str = ""  # the database restored into, password hidden
    inspections: int = 0  # counted in the restored database, not taken from the file

    def lines(self) -> list[str]:
        out = [
            f"Restored the database from {self.restored_from} into {self.into} "
            f"(schema {self.revision}): {self.inspections} inspections."
        ]
        if self.previous_saved_to:
            out.append(f"The database it replaced was saved to {self.previous_saved_to}.")
        return out


def count_inspections(db: Database) -> int:
    with db.session() as session:
        return int(session.exec(select(sa.func.count()).select_from(Inspection)).one())


def restore_to_server(db: Database, backup_file: Path) -> RestoreResult:
    """pg_restore a warehouse backup into an empty database on the server; refuse otherwise.

    A server's database is never overwritten: restoring replaces every desk's records, so it
    goes into a new, empty database the desks are then pointed at.
    """
    backup_file = Path(backup_file).expanduser()
    if not backup_file.is_file():
        raise NotFoundError(f"The backup {backup_file} does not exist.")
    if backup_file.read_bytes()[:16].startswith(b"SQLite format 3"):
        raise StorageError(
            f"{backup_file} is a single desk's database (SQLite). A warehouse database is "
            "restored from a pg_dump backup (.dump); restore this one on a desk without --database."
        )
    revision = pg_tools.dump_revision(backup_file)
    _refuse_newer(backup_file, revision)
    try:
        with db.engine.connect() as conn:
            tables = conn.execute(
                sa.text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalar_one()
    except sa.exc.SQLAlchemyError as exc:
        raise DatabaseError(f"Cannot reach {db.safe_url}: {getattr(exc, 'orig', exc)}.") from exc
    if tables:
        raise DatabaseError(
            f"The database {db.safe_url} is not empty ({tables} tables); nothing was restored. "
            "Restore into a new, empty database (e.g. createdb -O <user> <name> on the server), "
            "then point the desks at it with --database or the Warehouse setting."
        )
    pg_tools.restore(db.engine.url, db.connect_args, backup_file)
    restored = db.current_revision()
    if restored != revision:
        raise DatabaseError(
            f"pg_restore finished but {db.safe_url} holds schema {restored}, not {revision}; "
            "the restore did not take."
        )
    log.warning("Warehouse database %s restored from %s", db.safe_url, backup_file)
    return RestoreResult(backup_file, None, revision, db.safe_url, count_inspections(db))


def _refuse_newer(backup_file: Path, revision: str) -> None:
    if revision > head_revision():
        raise StorageError(
            f"The backup {backup_file} was written by a newer version of inspector "
            f"(schema {revision}); install that version to restore it."
        )


def restore(storage: Storage, backup_file: Path) -> RestoreResult:
    """Put a backup in place of the database; the current one is saved first.

    Call with the instance lock held and no database open (the station window closed).
    Older backups are upgraded on the next start; the schema check refuses newer ones.
    """
    backup_file = Path(backup_file).expanduser()
    if not backup_file.is_file():
        raise NotFoundError(f"The backup {backup_file} does not exist.")
    if backup_file.name.endswith(DUMP_SUFFIX):
        raise StorageError(
            f"{backup_file} is a warehouse server's backup (pg_dump); restore it into an empty "
            "PostgreSQL database with --database postgresql://…, not into this desk's own file."
        )
    revision = check_backup_file(backup_file)
    db_path = storage.db_path
    saved: Path | None = None
    _refuse_newer(backup_file, revision)
    if db_path.exists():
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        saved = storage.backups_dir / f"inspector-before-restore-{stamp}.db"
        storage.backups_dir.mkdir(parents=True, exist_ok=True)
        try:
            # Through the backup API, so changes still in the write-ahead log are kept too.
            backup_sqlite(db_path, saved)
        except sqlite3.DatabaseError as exc:
            # A damaged database cannot be read whole: keep it aside, as it is, with its
            # write-ahead log, for whoever may still rescue something from it.
            saved = storage.backups_dir / f"inspector-damaged-{stamp}.db"
            for suffix in ("", "-wal", "-shm"):
                part = db_path.with_name(db_path.name + suffix)
                if part.exists():
                    os.replace(part, saved.with_name(saved.name + suffix))
            log.warning("The damaged database (%s) was moved to %s", exc, saved)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    try:
        with open(backup_file, "rb") as fin, open(tmp, "wb") as fout:
            while chunk := fin.read(1 << 20):
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        # The old database's write-ahead log belongs to the old file: left beside the
        # restored one, SQLite would replay it into the wrong database.
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"Restoring {backup_file} failed: {exc.strerror or exc}. The database was not changed"
            + (f"; a copy of it is in {saved}." if saved else ".")
        ) from exc
    log.warning("Database restored from %s (previous one saved to %s)", backup_file, saved)
    return RestoreResult(backup_file, saved, revision, str(db_path))


def acknowledge_restore(ctx: AppContext, by: str, why: str, restored_from: str) -> None:
    """Record a restore done on purpose in the desk's anchor (who, when, why, seals lost)."""
    with ctx.db.session() as session:
        record_restore(session, ctx.sealer, by, why, restored_from)


def restore_locked(
    root: Path, backup_file: Path, by: str = "", why: str = "the database was damaged"
) -> RestoreResult:
    """Restore a backup into the data folder at root, holding its lock (no window may use it),
    and acknowledge it in the anchor (who, why) as the restore done on purpose it is."""
    storage = Storage.open(root)
    with acquire_instance_lock(storage.root, "restore"):
        result = restore(storage, backup_file)
        # Older backups are upgraded now (with a backup first), so a failure shows here.
        ctx = AppContext.open(storage.root)
        try:
            acknowledge_restore(ctx, by or getpass.getuser(), why, str(backup_file))
        finally:
            ctx.close()
    return result
