"""Trusted time for finished videos: queue each video's hash, stamp it when the TSA answers.

A desk that is offline keeps recording; its hashes wait in the queue (timestamp_token rows
without a token) and are stamped after the next recording, at the next start, or by
`inspector timestamp --pending`. Nothing is stamped when no TSA is set in Settings.
"""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from inspector.core.bundle_check import timestamp_name
from inspector.core.evidence import ReportData, StampFact
from inspector.core.models import (
    AnchorRecord,
    AnchorStamp,
    Inspection,
    TimestampToken,
    VideoSegment,
)
from inspector.core.timestamping import TimestampError, TsaTrust, check_token, request_token
from inspector.services.context import AppContext

log = logging.getLogger(__name__)
_STAMPING = threading.Lock()  # one stamping run at a time per process


def tsa_url(ctx: AppContext) -> str:
    """The time-stamping authority: the warehouse's (or this desk's override), else Settings'."""
    return str(ctx.warehouse_value("tsa_url") or "").strip()


def tsa_trust(ctx: AppContext) -> TsaTrust:
    """The roots a time-stamp must chain to here: the system's plus those set in Settings."""
    extra = [
        line.strip()
        for line in str(ctx.settings.tsa_trust_roots or "").splitlines()
        if line.strip()
    ]
    return TsaTrust.load(extra)


def queue_video_stamps(ctx: AppContext, session: Session, inspection: Inspection) -> int:
    """Queue the hash of each finished video of an inspection that has no stamp yet."""
    url = tsa_url(ctx)
    if not url:
        return 0
    have = set(
        session.exec(
            select(TimestampToken.sha256).where(TimestampToken.inspection_id == inspection.id)
        ).all()
    )
    added = 0
    for seg in session.exec(
        select(VideoSegment).where(VideoSegment.inspection_id == inspection.id)
    ).all():
        if seg.sha256 and seg.sha256 not in have:
            session.add(TimestampToken(inspection_id=inspection.id or 0, sha256=seg.sha256))
            have.add(seg.sha256)
            added += 1
    return added


@dataclass
class StampRun:
    """What one pass over the queue did."""

    stamped: int = 0
    still_pending: int = 0
    errors: list[str] = field(default_factory=list)
    anchor_head: int | None = None  # the line of the desk's anchor stamped in this pass

    def lines(self) -> list[str]:
        out = [f"stamped: {self.stamped}", f"waiting: {self.still_pending}"]
        if self.anchor_head is not None:
            out.append(f"anchor:  line {self.anchor_head} of this desk's chain time-stamped")
        out += [f"error:   {e}" for e in self.errors[:5]]
        return out


def stamp_anchor_head(ctx: AppContext, trust: TsaTrust, timeout: float = 10.0) -> int | None:
    """Time-stamp the desk's anchor head when seals came after the last stamp; the line stamped.

    One stamp covers every line up to the head (each names the one before), so seals are
    stamped in batches; offline, the head simply waits: the next pass stamps the newest.
    """
    url = tsa_url(ctx)
    desk = ctx.sealer.chain_id
    with ctx.db.session() as session:
        head = session.exec(
            select(AnchorRecord).where(AnchorRecord.desk_id == desk).order_by(AnchorRecord.n.desc())
        ).first()
        last = session.exec(
            select(AnchorStamp)
            .where(AnchorStamp.desk_id == desk)
            .where(AnchorStamp.token != "")
            .order_by(AnchorStamp.n.desc())
        ).first()
    if not url or head is None or (last is not None and last.n >= head.n):
        return None
    token = request_token(url, head.line_hash, timeout, trust)
    check = check_token(token, head.line_hash, trust)
    with ctx.db.session() as session:
        session.add(
            AnchorStamp(
                desk_id=desk,
                n=head.n,
                line_hash=head.line_hash,
                tsa_url=url,
                token=base64.b64encode(token).decode("ascii"),
                stamped_at=check.gen_time,
            )
        )
    log.info("Time-stamped line %d of the chain anchor at %s", head.n, url)
    return head.n


def stamp_pending(ctx: AppContext, timeout: float = 10.0) -> StampRun:
    """Stamp every queued hash; stop at the first unreachable TSA (the rest wait for next time)."""
    run = StampRun()
    url = tsa_url(ctx)
    with ctx.db.session() as session:
        pending = session.exec(
            select(TimestampToken.id, TimestampToken.sha256)
            .where(TimestampToken.token == "")
            .order_by(TimestampToken.id)
        ).all()
    if not url:
        run.still_pending = len(pending)
        return run
    try:
        trust = tsa_trust(ctx)
    except TimestampError as exc:
        run.errors.append(str(exc))
        run.still_pending = len(pending)
        return run
    with _STAMPING:
        for n, (row_id, sha) in enumerate(pending):
            try:
                token = request_token(url, sha, timeout, trust)
            except TimestampError as exc:
                run.errors.append(str(exc))
                run.still_pending = len(pending) - n
                with ctx.db.session() as session:
                    row = session.get(TimestampToken, row_id)
                    if row is not None:
                        row.last_error = str(exc)[:1000]
                        session.add(row)
                log.warning("Time-stamping paused, %d waiting: %s", run.still_pending, exc)
                break
            check = check_token(token, sha, trust)
            with ctx.db.session() as session:
                row = session.get(TimestampToken, row_id)
                if row is None or row.token:
                    continue
                row.token = base64.b64encode(token).decode("ascii")
                row.tsa_url = url
                row.stamped_at = check.gen_time
                row.last_error = ""
                session.add(row)
            run.stamped += 1
        if not run.still_pending:
            try:
                run.anchor_head = stamp_anchor_head(ctx, trust, timeout)
            except TimestampError as exc:
                run.errors.append(str(exc))
                log.warning("The chain anchor's head waits for its time-stamp: %s", exc)
    if run.stamped:
        log.info("Time-stamped %d video hash(es) at %s", run.stamped, url)
    return run


def stamp_in_background(ctx: AppContext) -> threading.Thread | None:
    """Stamp the queue on a worker thread (the desk never waits for the network)."""
    if not tsa_url(ctx):
        return None

    def work() -> None:
        try:
            stamp_pending(ctx)
        except Exception:  # a worker must not die silently: the queue stays for next time
            log.exception("Time-stamping the queue failed")

    thread = threading.Thread(target=work, name="tsa-stamping", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class VideoStamp:
    """A stamped video hash: the token and what it says."""

    sha256: str
    token: bytes
    tsa: str
    at: object  # datetime


def video_stamps(
    session: Session, inspection_id: int, trust: TsaTrust | None = None
) -> list[VideoStamp]:
    """The stamped video hashes of one inspection, each token checked again as read."""
    out = []
    for row in session.exec(
        select(TimestampToken)
        .where(TimestampToken.inspection_id == inspection_id)
        .where(TimestampToken.token != "")
        .order_by(TimestampToken.id)
    ).all():
        token = base64.b64decode(row.token)
        check = check_token(token, row.sha256, trust)
        if check.ok:
            out.append(VideoStamp(row.sha256, token, check.tsa, check.gen_time))
        else:
            log.error("The stored time-stamp of %s does not check: %s", row.sha256, check.problems)
    return out


def bundle_timestamp_files(
    ctx: AppContext, inspection_id: int, segments: list[VideoSegment], data: ReportData
) -> list[tuple[str, bytes, bool]]:
    """The videos' tokens for a bundle (timestamps/<video>.tsr), noted in the report's data."""
    trust = tsa_trust(ctx)
    with ctx.db.session() as session:
        stamps = {s.sha256: s for s in video_stamps(session, inspection_id, trust)}
    files: list[tuple[str, bytes, bool]] = []
    for seg in segments:
        stamp = stamps.get(seg.sha256)
        if stamp is None:
            continue
        video = f"video/{Path(seg.path).name}"
        files.append((timestamp_name(video), stamp.token, False))
        data.timestamps.append(StampFact(video, stamp.tsa, stamp.at))
    return files


def stamp_manifest(ctx: AppContext, manifest_sha256: str) -> bytes:
    """A token for a bundle's manifest; b'' when no TSA is set or it cannot be reached now.

    A manifest cannot wait in a queue (the bundle is handed on at once): unstamped, the
    bundle still carries its videos' tokens, which is what proves when they were recorded.
    """
    url = tsa_url(ctx)
    if not url:
        return b""
    try:
        return request_token(url, manifest_sha256, timeout=10.0, trust=tsa_trust(ctx))
    except TimestampError as exc:
        log.warning("The bundle's manifest was not time-stamped: %s", exc)
        return b""
