"""The evidence bundle (.zip) a platform reviewer receives.

The original video byte for byte, stills, photos, report.pdf, index.html, inspection.json and a
manifest of hashes; written under a temporary name and renamed when complete, so a cancel or a
failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from inspector.core.bundle_check import (
    MANIFEST_TOKEN_BINDING,
    MANIFEST_TOKEN_NAME,
    token_binding,
)
from inspector.core.chain import SealRefusedError, seal_proof
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.evidence import (
    MANIFEST_NAME,
    EvidenceError,
    KeyFrame,
    ManifestEntry,
    ReportData,
    TimelineEntry,
    build_manifest,
    bundle_name,
    bundle_seal_files,
    manifest_bytes,
)
from inspector.core.models import EvidenceExport, Inspection
from inspector.core.pending_writes import PendingWrites
from inspector.core.progress import Progress
from inspector.core.storage import durable_replace
from inspector.core.warehouse import certificates_for, pdf_chain_for
from inspector.core.x509_identity import own_identity, store_identity
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.evidence.exports import record_export
from inspector.services.evidence.packing_half import (
    PACKING_FOLDER,
    PackingHalf,
    gather_packing_half,
    side_by_side_pictures,
)
from inspector.services.evidence.report_facts import add_guided_facts, gather_report, timeline_label
from inspector.services.evidence.source import (
    segments,
    stream_name,
    usable_segments,
    usable_streams,
    video_name,
)
from inspector.services.evidence.waybill import WAYBILL_READ, locate_waybill, waybill_sighting_words
from inspector.services.evidence.zip_writing import HashingCopy, alignment_extra, zip_time
from inspector.services.shared_videos import video_path
from inspector.services.timestamps import bundle_timestamp_files, stamp_manifest, tsa_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundleResult:
    """A finished bundle: where it is and what identifies it."""

    inspection_id: int
    path: Path
    size_bytes: int
    manifest_sha256: str
    files: int


def _destination(ctx: AppContext, out: Path, name: str, overwrite: bool = False) -> Path:
    """Where the bundle goes: the .zip named, or a new name in the folder named.

    A bundle handed out earlier is never replaced unasked: a named .zip that exists is
    refused unless `overwrite`; in a folder, a second bundle of the same inspection gets
    the next free name (…_2.zip).
    """
    out = Path(out).expanduser()
    named = out.suffix.lower() == ".zip"
    dest = out if named else out / f"{name}.zip"
    if named and not overwrite and dest.exists():
        raise ValidationError(
            say(
                resolve_language(ctx.settings.language),
                "{path} already exists; choose another name, or add --force to replace it.",
                path=dest,
            )
        )
    n = 2
    while not named and dest.exists():
        dest, n = out / f"{name}_{n}.zip", n + 1
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the folder {dest.parent}: {exc.strerror or exc}. Choose another --out."
        ) from exc
    return dest


def _picture_files(
    data: ReportData, video: Path, duration_s: float, pictures: dict[str, Path]
) -> tuple[list[tuple[str, bytes, bool]], dict[str, bytes]]:
    """Photos and stills from the video for the bundle: (name, bytes, compress), and by name.

    Runs on a worker thread while the video is copied (PyAV decodes outside Python's
    lock). Qt stays on the calling thread: it wants threads it knows.
    """
    from inspector.evidence.frames import frames_at, jpeg_bytes

    files: list[tuple[str, bytes, bool]] = []
    images: dict[str, bytes] = {}
    # The products' reference photos and the photos taken at the desk.
    for name, src in sorted(pictures.items()):
        images[name] = src.read_bytes()
        files.append((name, images[name], False))
    # Stills: the first frame (the parcel still sealed), each step's, the last frame.
    lang = data.language
    shots: list[tuple[str, float, int | None]] = [(say(lang, "Start of recording"), 0.0, None)]
    shots += [
        (say(lang, "Step {index}: {title}", index=s.index, title=s.title), s.offset_s, n)
        for n, s in enumerate(data.steps)
        if s.offset_s is not None
    ]
    shots.append((say(lang, "End of recording"), max(0.0, duration_s - 0.05), None))
    stills = frames_at(video, [offset for _, offset, _ in shots])
    by_offset: dict[float, str] = {}  # steps answered at the same moment share one still
    for n, ((label, offset, step_at), image) in enumerate(zip(shots, stills, strict=True), 1):
        if image is None:
            continue
        name = by_offset.get(round(offset, 2), "")
        if not name:
            name = by_offset[round(offset, 2)] = f"frames/{n:02d}-{offset:07.2f}s.jpg"
            images[name] = jpeg_bytes(image)
            files.append((name, images[name], False))
        if step_at is None:
            data.key_frames.append(KeyFrame(label, round(offset, 2), name))
        else:
            data.steps[step_at] = replace(data.steps[step_at], key_frame=name)
    return files, images


def _add_order_story(session: Session, inspection: Inspection, data: ReportData) -> None:
    """The order's story, in the report's language, for the report's own section."""
    from inspector.core.errors import NotFoundError
    from inspector.core.order_story import order_story, story_summary

    try:
        entries = order_story(session, inspection.order_number, data.language)
    except NotFoundError:
        return
    data.order_story = [
        TimelineEntry(e.at, e.label(data.language), e.detail, e.date_only) for e in entries
    ]
    data.story_summary = story_summary(entries, data.language)


def _all_pictures(
    ctx: AppContext,
    half: PackingHalf | None,
    data: ReportData,
    video: Path,
    duration_s: float,
    pictures: dict[str, Path],
) -> tuple[list[tuple[str, bytes, bool]], dict[str, bytes]]:
    """The return's stills and photos, and a packed | returned frame pair for each finding."""
    files, images = _picture_files(data, video, duration_s, pictures)
    if half is not None and data.findings:
        more, more_images = side_by_side_pictures(ctx, half, data, video)
        files += more
        images.update(more_images)
    return files, images


def _add_packing_video(
    ctx: AppContext,
    half: PackingHalf,
    zf: zipfile.ZipFile,
    dest: Path,
    entries: list[ManifestEntry],
    lang: str,
) -> Generator[Progress, None, None]:
    """The packing's video into the bundle: byte for byte and checked, or a clip of it."""
    if half.clip_range is None:
        for seg in half.segs:
            name = half.video_name(seg)
            yield Progress(0.9, say(lang, "Copying {name}", name=name))
            copy = HashingCopy(video_path(ctx, seg.path))
            try:
                info = zipfile.ZipInfo(name, date_time=zip_time(seg.started_at))
                info.compress_type = zipfile.ZIP_STORED
                zip64 = copy.size > 0x7FFF0000
                info.extra = alignment_extra(zf.fp.tell(), info, zip64)
                with zf.open(info, "w", force_zip64=zip64) as member:
                    for _ in copy.run(member):
                        pass
                sha = copy.hexdigest()
            finally:
                copy.close()
            if sha != seg.sha256:
                raise EvidenceError(
                    f"The packing video {copy.src} no longer matches the SHA-256 taken when it "
                    f"was recorded ({seg.sha256[:16]}…, now {sha[:16]}…); it cannot go with the "
                    "return as evidence. Run 'inspector verify --all'."
                )
            entries.append(ManifestEntry(name, copy.size, sha))
        return
    from inspector.evidence.clip import ClipRequest, encode_clip

    start, end = half.clip_range
    seg = half.segs[0]
    clip_name = f"{PACKING_FOLDER}clip/{Path(seg.path).stem}_{start:.0f}-{end:.0f}s.mp4"
    yield Progress(0.9, say(lang, "Cutting {name}", name=clip_name))
    with tempfile.TemporaryDirectory(prefix=".packing-clip-", dir=dest.parent) as tmpdir:
        result = yield from _drain(
            encode_clip(
                video_path(ctx, seg.path),
                Path(tmpdir) / "clip.mp4",
                ClipRequest(start, end, max_seconds=end - start + 1, max_mb=half.max_mb or 30.0),
                seg.sha256,
                label=f"packing {half.packing.uid}",
                duration_hint=seg.duration_s,
            )
        )
        blob = result.path.read_bytes()
    zf.writestr(zipfile.ZipInfo(clip_name, date_time=zip_time(seg.started_at)), blob)
    entries.append(ManifestEntry(clip_name, len(blob), result.sha256))
    half.clip = {
        "path": clip_name,
        "start_s": round(result.start_s, 3),
        "end_s": round(result.end_s, 3),
        "sha256": result.sha256,
        "size_bytes": len(blob),
    }
    half.facts.video_path, half.facts.clip = clip_name, half.clip


def _drain(work: Generator[float, None, Any]) -> Generator[Progress, None, Any]:
    """Run a generator that yields fractions to its result (progress shown as one step)."""
    while True:
        try:
            next(work)
        except StopIteration as done:
            return done.value
        yield Progress(0.91, "")


def _report_files(
    data: ReportData, images: dict[str, bytes], sign: Callable[[bytes], bytes] | None = None
) -> list[tuple[str, bytes, bool]]:
    """The facts, three ways: machine-readable, the browser viewer, the PDF (signed by `sign`)."""
    from inspector.evidence.report_html import render_index_html
    from inspector.evidence.report_pdf import render_report_pdf

    body = json.dumps(data.to_json(), indent=2, ensure_ascii=False) + "\n"
    files = [
        ("inspection.json", body.encode("utf-8"), True),
        ("index.html", render_index_html(data).encode("utf-8"), True),
    ]
    with tempfile.TemporaryDirectory(prefix="inspector-report-") as tmpdir:
        pdf = Path(tmpdir) / "report.pdf"
        render_report_pdf(data, images, pdf)
        blob = pdf.read_bytes()
        files.append(("report.pdf", sign(blob) if sign is not None else blob, False))
    return files


def export_bundle(
    ctx: AppContext,
    inspection_id: int,
    out: Path,
    actor: str = "",
    language: str | None = None,
    overwrite: bool = False,
    packing_max_mb: float | None = None,
) -> Generator[Progress, None, BundleResult]:
    """Write one inspection's evidence bundle (.zip) to `out` (a folder or a .zip path).

    `language`: of report.pdf and index.html ('en', 'zh_CN'); the desk's report language when None.
    `overwrite`: replace an existing .zip that `out` names (otherwise refused).
    `packing_max_mb`: the platform's size limit for the order's packing video, which a
    return's bundle carries (under it whole, over it a clip around the serial's moment).
    """
    from inspector.capture.overlay import ensure_text_rendering

    ensure_text_rendering()  # the PDF is laid out by Qt's text engine
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        segs = usable_segments(ctx, inspection, segments(session, inspection_id))
        streams = usable_streams(ctx, session, inspection)
        data = gather_report(ctx, session, inspection, segs, language)
        data.camera_streams = [
            {
                "camera": c.camera,
                "segment": c.segment_seq,
                "path": stream_name(c),
                "sha256": c.sha256,
                "width": c.width,
                "height": c.height,
                "duration_s": c.duration_s,
                "note": c.note,
            }
            for c in streams
        ]
        try:
            proof = seal_proof(session, inspection, ctx.storage.root)
        except SealRefusedError as exc:
            raise EvidenceError(str(exc)) from exc
        half = gather_packing_half(ctx, session, inspection, data, packing_max_mb)
        _add_order_story(session, inspection, data)
        # The store's certificates of the sealing desk's key and of this (exporting) desk's.
        ctx.certify_own_key(session)
        packed_by = half.proof.body.get("public_key", "") if half and half.proof else ""
        certificates = certificates_for(
            session,
            [
                proof.body.get("public_key", "") if proof else "",
                packed_by,  # the packing's seal, when its half travels in this bundle
                ctx.sealer.key().public_hex,
            ],
        )
        seal_files, seal_facts = bundle_seal_files(session, ctx.sealer, inspection.uid, proof)
        # report.pdf is signed under the X.509 certificate the store issued this desk, if any.
        pdf_chain = pdf_chain_for(session, ctx.sealer.key().public_hex)
    seal_files += bundle_timestamp_files(ctx, inspection_id, segs, data)
    if half is not None:
        seal_files += half.seal_files
    data.key_fingerprint = ctx.sealer.key().fingerprint
    data.seal_seq = proof.body["seq"] if proof else None
    data.anchor_length = seal_facts.get("length")
    data.anchor_head = seal_facts.get("head", "")
    pictures = add_guided_facts(ctx, data)
    dest = _destination(
        ctx, out, bundle_name(data.order_number, data.courier_number, data.started_at), overwrite
    )
    lang = resolve_language(ctx.settings.language)  # the progress is the operator's to read
    yield Progress(
        0.0, say(lang, "Exporting inspection {id} to {dest}", id=inspection_id, dest=dest)
    )

    # Where the waybill's barcode was legible, if the desk did not record it (searched once).
    if data.waybill_seen_s is None and data.courier_number:
        yield Progress(0.01, say(lang, "Looking for the waybill barcode in the video"))
        seen = locate_waybill(ctx, inspection_id)
        if seen is not None:
            data.waybill_seen_s, data.waybill_text = seen, data.courier_number
            data.timeline.append(
                TimelineEntry(
                    segs[0].started_at + timedelta(seconds=seen),
                    timeline_label(data.language, WAYBILL_READ),
                    waybill_sighting_words(data.language, data.courier_number, seen, ""),
                )
            )
            data.timeline.sort(key=lambda entry: entry.at)

    # The originals are hashed from now on, beside everything else the export does.
    # The composed video's segments, then each camera's own stream (when the desk kept them).
    originals = [(video_name(seg), seg.started_at, seg.sha256) for seg in segs] + [
        (stream_name(c), c.started_at, c.sha256) for c in streams
    ]
    copies = [HashingCopy(video_path(ctx, seg.path)) for seg in segs] + [
        HashingCopy(video_path(ctx, c.path)) for c in streams
    ]
    total_video = sum(s.size_bytes for s in segs) + sum(c.size_bytes for c in streams) or 1
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    entries: list[ManifestEntry] = []
    completed = False
    side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-report")
    noted = contextlib.ExitStack()  # a kill mid-way: the next start removes tmp
    noted.enter_context(PendingWrites(ctx.storage.root).tracking(tmp))
    try:
        # Stills and reports are made beside the copy; `data` is theirs until they finish.
        stills = side.submit(
            _all_pictures,
            ctx,
            half,
            data,
            video_path(ctx, segs[0].path),
            segs[0].duration_s,
            pictures,
        )
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            # The original video(s), byte for byte, hashed while copied (90% of the bar).
            copied = 0
            for (name, started_at, _sha), copy in zip(originals, copies, strict=True):
                info = zipfile.ZipInfo(name, date_time=zip_time(started_at))
                info.compress_type = zipfile.ZIP_STORED
                zip64 = copy.size > 0x7FFF0000
                info.extra = alignment_extra(zf.fp.tell(), info, zip64)
                with zf.open(info, "w", force_zip64=zip64) as member:
                    for n in copy.run(member):
                        copied += n
                        yield Progress(
                            0.02 + 0.88 * copied / total_video,
                            say(lang, "Copying {name}", name=name),
                        )

            if half is not None:
                yield from _add_packing_video(ctx, half, zf, dest, entries, lang)
            yield Progress(0.92, say(lang, "Adding key frames, report.pdf and index.html"))
            picture_files, images = stills.result()
            # report.pdf is signed (PAdES) by this desk's X.509 identity, and stamped.
            from inspector.core.pdf_signing import sign_report_pdf  # pyHanko: only when exporting

            key = ctx.sealer.key()
            identity = store_identity(key.private, pdf_chain) if pdf_chain else None
            identity = identity or own_identity(key.private, ctx.sealer.desk_name)
            sign = lambda blob: sign_report_pdf(blob, identity, tsa_url(ctx))  # noqa: E731
            reports = _report_files(data, images, sign)
            for name, blob, compress in picture_files + reports + seal_files:
                method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                zf.writestr(
                    zipfile.ZipInfo(name, date_time=zip_time(data.generated_at)), blob, method
                )
                entries.append(ManifestEntry(name, len(blob), hashlib.sha256(blob).hexdigest()))

            # The proof: each original still hashes to what was recorded when it was made.
            for (name, _started_at, recorded), copy in zip(originals, copies, strict=True):
                sha = copy.hexdigest()
                if sha != recorded:
                    raise EvidenceError(
                        f"The video {copy.src} no longer matches the SHA-256 taken when it was "
                        f"recorded ({recorded[:16]}…, now {sha[:16]}…). It was changed after "
                        "recording and cannot be exported as evidence. Run 'inspector verify --all'."
                    )
                entries.append(ManifestEntry(name, copy.size, sha))

            # The manifest: every file above with its size and hash.
            manifest = build_manifest(
                entries,
                {
                    "id": data.inspection_id,
                    "uid": data.uid,
                    "order_number": data.order_number,
                    "courier_number": data.courier_number,
                    "video_sha256": data.video_sha256,
                    "record_hash": data.record_hash,
                    "prev_record_hash": data.prev_record_hash,
                    "decision": data.decision,
                    # Signed with the rest: a demo recording cannot pass for evidence.
                    **({"demo": True} if data.demo else {}),
                },
                data.generated_at,
                seal=proof.manifest_part() if proof else None,
                anchor_head=seal_facts or None,
                key=ctx.sealer.key(),
                extra={"packing": half.manifest_part()} if half is not None else None,
                certificates=certificates,
            )
            zf.writestr(
                zipfile.ZipInfo(MANIFEST_NAME, date_time=zip_time(data.generated_at)),
                manifest_bytes(manifest),
                zipfile.ZIP_DEFLATED,
            )
            if token := stamp_manifest(ctx, manifest["manifest_sha256"]):
                zf.writestr(
                    zipfile.ZipInfo(MANIFEST_TOKEN_NAME, date_time=zip_time(data.generated_at)),
                    token,
                    zipfile.ZIP_STORED,
                )
                # The token comes after the signed manifest; the desk signs it to the manifest
                # too, so no token can be swapped in or added later without the desk's key.
                zf.writestr(
                    zipfile.ZipInfo(MANIFEST_TOKEN_BINDING, date_time=zip_time(data.generated_at)),
                    token_binding(ctx.sealer.key(), manifest["manifest_sha256"], token),
                    zipfile.ZIP_DEFLATED,
                )
        yield Progress(0.98, say(lang, "Finishing the bundle"))
        # mkstemp makes the file private; a bundle is meant to be handed on.
        os.chmod(tmp, 0o644)
        durable_replace(tmp, dest)
        completed = True
    except OSError as exc:
        raise StorageError(
            f"Writing the bundle {dest} failed: {exc.strerror or exc}. Nothing was left behind; "
            "check free space on that disk and try again."
        ) from exc
    finally:
        side.shutdown(wait=True, cancel_futures=True)
        for copy in copies:
            copy.close()
        if not completed:
            tmp.unlink(missing_ok=True)
        noted.close()
    size = dest.stat().st_size
    try:
        _record_bundle_export(ctx, inspection_id, dest, size, manifest, actor, lang)
    except BaseException:
        # Not in the record, not on disk: a bundle the history does not list is not left.
        dest.unlink(missing_ok=True)
        raise
    log.info("Exported inspection %s to %s", inspection_id, dest)
    yield Progress(1.0, say(lang, "Bundle written: {dest}", dest=dest))
    return BundleResult(inspection_id, dest, size, manifest["manifest_sha256"], len(entries) + 1)


def _record_bundle_export(
    ctx: AppContext,
    inspection_id: int,
    dest: Path,
    size: int,
    manifest: dict[str, Any],
    actor: str,
    lang: str,
) -> None:
    record_export(
        ctx,
        EvidenceExport(
            inspection_id=inspection_id,
            kind="bundle",
            path=str(dest.resolve()),
            sha256=manifest["manifest_sha256"],
            size_bytes=size,
            actor=actor,
        ),
        # The history is the desk's to read, whatever language the report was written in.
        say(lang, "Evidence bundle {name} ({size} bytes)", name=dest.name, size=f"{size:,}"),
    )
