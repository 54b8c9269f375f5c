"""The appeal clip: a short re-encoded cut that fits a platform's upload limits."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.models import EvidenceExport, Inspection
from inspector.core.pending_writes import PendingWrites
from inspector.core.progress import Progress
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.evidence.exports import record_export
from inspector.services.evidence.report_facts import add_guided_facts, gather_report
from inspector.services.evidence.source import segments, usable_segments
from inspector.services.shared_videos import video_path


@dataclass(frozen=True)
class ClipExport:
    """An appeal clip written for an inspection."""

    inspection_id: int
    path: Path
    start_s: float
    end_s: float
    size_bytes: int
    sha256: str
    truncated: bool
    original_sha256: str


def default_clip_range(ctx: AppContext, inspection_id: int) -> tuple[float, float | None]:
    """From the first checklist step to the decision; the start or end of the video where unknown."""
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        segs = segments(session, inspection_id)
        if not segs:
            return 0.0, None
        data = gather_report(ctx, session, inspection, segs)
    add_guided_facts(ctx, data)
    offsets = [s.offset_s for s in data.steps if s.offset_s is not None]
    start = min(offsets) if offsets else 0.0
    end = None
    if data.decided_at is not None:
        # Decided while the camera still ran: the clip ends there; after stopping, at the end.
        at = (data.decided_at - segs[0].started_at).total_seconds()
        if start < at <= segs[0].duration_s:
            end = at
    return start, end


def export_clip(
    ctx: AppContext,
    inspection_id: int,
    out: Path,
    start_s: float | None = None,
    end_s: float | None = None,
    max_seconds: float = 60.0,
    max_mb: float = 30.0,
    actor: str = "",
    overwrite: bool = False,
) -> Generator[Progress, None, ClipExport]:
    """Cut an appeal clip of one inspection that fits the upload limits.

    An existing file at `out` is refused unless `overwrite` (the window's save dialog has
    already asked the operator).
    """
    from inspector.evidence.clip import ClipRequest, encode_clip

    out = Path(out).expanduser()
    if out.suffix.lower() != ".mp4":
        raise ValidationError(
            f"The clip is an MP4 file; give --out a name ending in .mp4, not {out.name}."
        )
    if out.exists() and not overwrite:
        raise ValidationError(
            say(
                resolve_language(ctx.settings.language),
                "{path} already exists; choose another name, or add --force to replace it.",
                path=out,
            )
        )
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        segs = usable_segments(ctx, inspection, segments(session, inspection_id))
        order, courier, uid = inspection.order_number, inspection.courier_number, inspection.uid
    default_start, default_end = default_clip_range(ctx, inspection_id)
    seg = segs[0]
    request = ClipRequest(
        start_s=default_start if start_s is None else start_s,
        end_s=default_end if end_s is None else end_s,
        max_seconds=max_seconds,
        max_mb=max_mb,
    )
    lang = resolve_language(ctx.settings.language)
    yield Progress(0.0, say(lang, "Cutting a clip of inspection {id}", id=inspection_id))
    job = encode_clip(
        video_path(ctx, seg.path),
        out,
        request,
        seg.sha256,
        label=f"inspector inspection {uid} order {order} courier {courier}",
        duration_hint=seg.duration_s or None,
        pending=PendingWrites(ctx.storage.root),
    )
    while True:
        try:
            fraction = next(job)
        except StopIteration as stop:
            result = stop.value
            break
        yield Progress(0.98 * fraction, say(lang, "Encoding the clip"))
    record_export(
        ctx,
        EvidenceExport(
            inspection_id=inspection_id,
            kind="clip",
            path=str(result.path.resolve()),
            sha256=result.sha256,
            size_bytes=result.size_bytes,
            actor=actor,
        ),
        say(
            lang,
            "Appeal clip {name}: {start}–{end} s of the original (sha256 {sha}), "
            "{size} bytes, clip sha256 {clip_sha}",
            name=result.path.name,
            start=f"{result.start_s:.3f}",
            end=f"{result.end_s:.3f}",
            sha=seg.sha256,
            size=f"{result.size_bytes:,}",
            clip_sha=result.sha256,
        ),
    )
    yield Progress(1.0, say(lang, "Clip written: {path}", path=result.path))
    return ClipExport(
        inspection_id,
        result.path,
        result.start_s,
        result.end_s,
        result.size_bytes,
        result.sha256,
        result.truncated,
        seg.sha256,
    )
