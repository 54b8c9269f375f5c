"""Evidence for platform appeals: export a bundle or a clip, check bundles, list appeals due.

Exports are generators that yield `Progress`, so the GUI's progress bar and the CLI's
text show the same steps; closing the generator (Cancel) or any failure leaves nothing
behind, because the bundle is written under a temporary name and renamed when complete.
The original video is copied byte for byte (never re-encoded) and hashed as it is copied;
if it no longer matches the hash taken when it was recorded, the export stops.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session, select

from inspector import __version__
from inspector.core.bundle_check import MANIFEST_TOKEN_NAME
from inspector.core.chain import SealRefusedError, parse_reseal, seal_proof, verify_chain_steps
from inspector.core.csvfiles import SafeCsvWriter, restore_formula_guard
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.evidence import (
    MANIFEST_NAME,
    BundleCheck,
    EvidenceError,
    KeyFrame,
    ManifestEntry,
    ReportData,
    ReportStep,
    ShippedItem,
    TimelineEntry,
    build_manifest,
    bundle_name,
    bundle_seal_files,
    format_offset,
    manifest_bytes,
    verify_bundle,
)
from inspector.core.models import (
    ChecklistStep,
    Decision,
    EvidenceExport,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    Operator,
    Station,
    VideoSegment,
    normalize_code,
    parse_reasons,
    utcnow,
)
from inspector.core.progress import Progress
from inspector.core.progress import (
    run_with_progress as run_with_progress,  # callers drive exports with it
)
from inspector.core.signing import DeskKey
from inspector.core.storage import durable_replace, safe_name
from inspector.i18n.language import DESK, resolve_language
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import EventKind, answer_words, event_label
from inspector.services.context import AppContext
from inspector.services.timestamps import bundle_timestamp_files, stamp_manifest

log = logging.getLogger(__name__)
_CHUNK = 1 << 20
T = TypeVar("T")

WAYBILL_READ = EventKind.WAYBILL_READ
WAYBILL_SCANNED = EventKind.WAYBILL_SCANNED


@dataclass(frozen=True)
class BundleResult:
    """A finished bundle: where it is and what identifies it."""

    inspection_id: int
    path: Path
    size_bytes: int
    manifest_sha256: str
    files: int


def find_inspection(
    ctx: AppContext,
    inspection_id: int | None = None,
    order: str | None = None,
    courier: str | None = None,
) -> int:
    """The inspection an export names: by number, else the newest with this order or courier number."""
    with ctx.db.session() as session:
        if inspection_id is not None:
            if session.get(Inspection, inspection_id) is None:
                raise NotFoundError(
                    f"There is no inspection number {inspection_id}. Run 'inspector list' to see them."
                )
            return inspection_id
        query = select(Inspection).order_by(Inspection.started_at.desc(), Inspection.id.desc())
        if order:
            query = query.where(Inspection.order_number == normalize_code(order))
        elif courier:
            query = query.where(Inspection.courier_number == normalize_code(courier))
        else:
            raise ValidationError("Name the inspection: its number, --order or --courier.")
        found = session.exec(query.where(Inspection.status != InspectionStatus.RECORDING)).first()
        if found is None:
            what = (
                f"order {normalize_code(order)}"
                if order
                else f"courier number {normalize_code(courier)}"
            )
            raise NotFoundError(
                f"No finished inspection has {what}. Run 'inspector list' to see them."
            )
        assert found.id is not None
        return found.id


def _segments(session: Session, inspection_id: int) -> list[VideoSegment]:
    return list(
        session.exec(
            select(VideoSegment)
            .where(VideoSegment.inspection_id == inspection_id)
            .order_by(VideoSegment.seq)
        )
    )


def _name(session: Session, model: type[Station] | type[Operator], row_id: int | None) -> str:
    row = session.get(model, row_id) if row_id is not None else None
    return row.name if row is not None else ""


def _usable_segments(
    ctx: AppContext, inspection: Inspection, segs: list[VideoSegment]
) -> list[VideoSegment]:
    if inspection.status == InspectionStatus.RECORDING:
        raise ValidationError(
            f"Inspection {inspection.id} is still recording; stop it before exporting evidence."
        )
    usable = [s for s in segs if s.sha256 and s.frame_count > 0]
    if not usable:
        raise EvidenceError(
            f"Inspection {inspection.id} has no video to export (status {inspection.status})."
        )
    for s in usable:
        if s.removed_at is not None:
            raise EvidenceError(
                f"The video of inspection {inspection.id} was removed by retention on "
                f"{s.removed_at.astimezone():%Y-%m-%d}; there is nothing left to export. "
                "Mark inspections under appeal 'keep' so retention spares them."
            )
        path = ctx.storage.absolute(s.path)
        if not path.exists():
            raise EvidenceError(
                f"The video of inspection {inspection.id} is missing from {path}. "
                "Run 'inspector verify --all' to see what else no longer matches."
            )
    return usable


def _video_name(seg: VideoSegment) -> str:
    return f"video/{Path(seg.path).name}"


def report_language(settings: Any, asked: str | None = None) -> str:
    """The language a report is written in: the one asked for, the desk's report setting, or the desk's."""
    return resolve_language(asked or settings.report_language or DESK, desk=settings.language)


def _event_label(language: str, kind: str) -> str:
    template = event_label(kind)
    return say(language, template) if template else kind.replace("_", " ").capitalize()


def gather_report(
    ctx: AppContext,
    session: Session,
    inspection: Inspection,
    segs: list[VideoSegment],
    language: str | None = None,
) -> ReportData:
    """Every fact about an inspection the report shows, except pictures taken from the video.

    `language`: of the report's words ('en', 'zh_CN'); the desk's report language when None.
    """
    language = report_language(ctx.settings, language)
    first = segs[0]
    events = list(
        session.exec(
            select(InspectionEvent)
            .where(InspectionEvent.inspection_id == inspection.id)
            .order_by(InspectionEvent.at, InspectionEvent.id)
        )
    )
    timeline = []
    for e in events:
        label = _event_label(language, e.kind)
        if e.kind == WAYBILL_READ:
            # When it was legible on camera, not when that was worked out.
            offset = _waybill_event(e)[0]
            at = first.started_at + timedelta(seconds=offset) if offset is not None else e.at
            timeline.append(TimelineEntry(at, label, _waybill_words(e, language)))
        elif e.kind == EventKind.RESEALED:
            # The hashes are in inspection.json; the timeline says what changed, and a run of
            # reseals (each answer reseals) is one entry, not a page of them.
            parts = parse_reseal(e.message)
            reason = parts[0] if parts else e.message
            last = timeline[-1] if timeline else None
            if last is not None and last.label == label:
                timeline[-1] = replace(last, detail=say(language, "; ").join((last.detail, reason)))
            else:
                timeline.append(TimelineEntry(e.at, label, reason))
        elif e.kind != WAYBILL_SCANNED:
            timeline.append(TimelineEntry(e.at, label, e.message))
    timeline.sort(key=lambda entry: entry.at)
    data = ReportData(
        inspection_id=inspection.id or 0,
        uid=inspection.uid,
        order_number=inspection.order_number,
        courier_number=inspection.courier_number,
        station=_name(session, Station, inspection.station_id),
        operator=_name(session, Operator, inspection.operator_id),
        status=str(inspection.status),
        decision=str(inspection.decision),
        started_at=inspection.started_at,
        ended_at=inspection.ended_at,
        duration_s=inspection.duration_s,
        frame_count=inspection.frame_count,
        dropped_frames=inspection.dropped_frames,
        width=inspection.width,
        height=inspection.height,
        video_path=_video_name(first),
        video_sha256=first.sha256,
        video_size=first.size_bytes,
        record_hash=inspection.record_hash,
        prev_record_hash=inspection.prev_record_hash,
        generated_at=utcnow(),
        app_version=__version__,
        timeline=timeline,
        language=language,
        extra_videos=[
            {
                "path": _video_name(s),
                "sha256": s.sha256,
                "size_bytes": s.size_bytes,
                "duration_s": s.duration_s,
            }
            for s in segs[1:]
        ],
    )
    for e in events:
        if e.kind == WAYBILL_READ and data.waybill_seen_s is None:
            data.waybill_seen_s, data.waybill_text, _ = _waybill_event(e)
    return data


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


def add_guided_facts(ctx: AppContext, data: ReportData) -> dict[str, Path]:
    """Fill in the order, checklist and decision recorded by the guided inspection.

    Reads only: an inspection recorded without a checklist gets none built here, so an
    export never changes the record it exports. Returns the pictures to copy into the
    bundle: bundle path -> file on disk (reference photos, photos taken at the desk).
    """
    from inspector.core.catalog import products_by_sku
    from inspector.core.orders import find_order
    from inspector.core.policy import claim_window_days
    from inspector.services.guided import checklist

    files: dict[str, Path] = {}

    def bundle_copy(src: str, folder: str, stem: str) -> str:
        path = Path(src)
        if not src or not path.is_file():
            return ""
        name = f"{folder}/{safe_name(stem, 60)}{path.suffix.lower() or '.jpg'}"
        files[name] = path
        return name

    with ctx.db.session() as session:
        inspection = session.get(Inspection, data.inspection_id)
        assert inspection is not None
        has_checklist = (
            session.exec(
                select(ChecklistStep.id).where(ChecklistStep.inspection_id == inspection.id)
            ).first()
            is not None
        )
        order = find_order(session, inspection.order_number) if inspection.order_number else None
        products = products_by_sku(session, {ln.sku for ln in order.lines}) if order else {}
        data.platform = inspection.platform or (order.platform if order else "")
        data.claim_window_days = claim_window_days(data.platform, session)
        data.decision_reasons = parse_reasons(inspection.decision_reasons)
        data.recommended_decision = inspection.recommended_decision
        data.override_reason = inspection.override_reason
        data.decided_by = inspection.decided_by
        data.decided_at = inspection.decided_at
        arrived_at, late = inspection.arrived_at, inspection.courier_supplied_late

    lang = data.language
    desk_photos: dict[str, list[str]] = {}
    for view in checklist(ctx, data.inspection_id) if has_checklist else []:
        photo = bundle_copy(view.photo, "photos", f"step-{view.seq:02d}-{view.key}")
        if photo and view.sku:
            desk_photos.setdefault(view.sku, []).append(photo)
        offset = view.video_offset_s
        notes = [
            say(lang, "read {value}", value=view.value) if view.value else "",
            view.note,
            view.value_problem or "",
        ]
        if offset is not None and view.segment not in (None, 1):
            notes.append(
                say(
                    lang,
                    "at {offset} s of video part {part}",
                    offset=f"{offset:.1f}",
                    part=view.segment,
                )
            )
            offset = None
        data.steps.append(
            ReportStep(
                index=view.seq,
                title=view.title,
                answer=say(lang, answer_words(view.result).report),
                offset_s=offset,
                note=say(lang, "; ").join(n for n in notes if n),
                photos=(photo,) if photo else (),
                result=view.result or "",
            )
        )
    if order is not None:
        for line in order.lines:
            product = products.get(line.sku)
            photo = ctx.storage.absolute(product.photos[0]) if product and product.photos else None
            data.shipped.append(
                ShippedItem(
                    name=product.name if product else say(lang, "(not in the catalog)"),
                    sku=line.sku,
                    quantity=line.quantity,
                    reference_photo=bundle_copy(
                        str(photo) if photo else "", "products", f"{line.sku}-reference"
                    ),
                    serials=tuple(line.serials),
                    desk_photos=tuple(desk_photos.get(line.sku, [])),
                )
            )
        if order.return_requested_on:
            data.timeline.append(
                TimelineEntry(
                    _local_midnight(order.return_requested_on),
                    say(lang, "Return requested"),
                    say(lang, "on {platform}", platform=order.platform) if order.platform else "",
                    date_only=True,
                )
            )
        if order.courier_supplied_at or order.courier_supplied_on:
            data.timeline.append(
                TimelineEntry(
                    order.courier_supplied_at or _local_midnight(order.courier_supplied_on),
                    say(lang, "Courier number supplied by the buyer"),
                    order.return_courier,
                    date_only=order.courier_supplied_at is None,
                )
            )
    data.timeline.append(
        TimelineEntry(
            arrived_at or data.started_at,
            say(lang, "Parcel arrived at the desk"),
            say(lang, "the buyer gave the courier number only after it arrived") if late else "",
        )
    )
    data.timeline.sort(key=lambda e: e.at)
    return files


def _waybill_event(event: InspectionEvent) -> tuple[float | None, str, str]:
    """Read back a waybill event: its JSON message {"offset_s", "text", "by"}."""
    try:
        info = json.loads(event.message)
        offset = info.get("offset_s")
        return (
            None if offset is None else float(offset),
            str(info.get("text") or ""),
            str(info.get("by") or ""),
        )
    except (ValueError, TypeError, AttributeError):
        return None, "", ""


def _waybill_words(event: InspectionEvent, language: str) -> str:
    offset, text, by = _waybill_event(event)
    return _waybill_sighting_words(language, text, offset, by)


def event_words(event: InspectionEvent, language: str) -> str:
    """An event's message for a person: waybill sightings are stored as JSON, said in words."""
    if event.kind in (WAYBILL_READ, WAYBILL_SCANNED):
        return _waybill_words(event, language)
    if event.kind == EventKind.RESEALED and (parts := parse_reseal(event.message)):
        reason, old, new = parts
        return say(
            language,
            "Record changed ({reason}); record hash {old} → {new}",
            reason=reason,
            old=old,
            new=new,
        )
    return event.message


def _waybill_sighting_words(language: str, text: str, offset: float | None, by: str) -> str:
    """Where the waybill was legible and who found it, for the timeline."""
    by = say(language, _WAYBILL_FINDERS.get(by or "video scan", by))
    if offset is None:
        return say(
            language,
            "not legible in the first {seconds} s ({by})",
            seconds=f"{WAYBILL_SEARCH_SECONDS:g}",
            by=by,
        )
    return say(
        language,
        "{code} at {offset} in the video ({by})",
        code=text,
        offset=format_offset(offset),
        by=by,
    )


WAYBILL_SEARCH_SECONDS = 60.0
# Who found the waybill on camera, as record_waybill_sighting stores it, in phrasebook words.
_WAYBILL_FINDERS = {
    "camera": "read by the desk camera",
    "video scan": "found by searching the video",
}


def record_waybill_sighting(
    ctx: AppContext, inspection_id: int, offset_s: float | None, text: str, by: str
) -> None:
    """Store when the waybill's barcode was legible on camera (None: searched, not found).

    The station calls this when its camera reads the courier number while recording
    (by="camera"); the export calls it after searching the video itself, so that search
    happens once per inspection.
    """
    if offset_s is not None and offset_s < 0:
        raise ValidationError("The waybill's time in the video cannot be negative.")
    with ctx.db.session() as session:
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=WAYBILL_READ if offset_s is not None else WAYBILL_SCANNED,
                message=json.dumps(
                    {
                        "offset_s": None if offset_s is None else round(offset_s, 2),
                        "text": text,
                        "by": by,
                    },
                    ensure_ascii=False,
                ),
            )
        )


def locate_waybill(ctx: AppContext, inspection_id: int) -> float | None:
    """Seconds into the video where the courier number's barcode reads; searched once, then remembered."""
    from inspector.evidence.frames import find_waybill

    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        known = session.exec(
            select(InspectionEvent)
            .where(InspectionEvent.inspection_id == inspection_id)
            .where(InspectionEvent.kind.in_([WAYBILL_READ, WAYBILL_SCANNED]))
            .order_by(InspectionEvent.kind, InspectionEvent.at)
        ).first()
        courier = inspection.courier_number
        segs = [s for s in _segments(session, inspection_id) if s.sha256 and s.removed_at is None]
    if known is not None:
        return _waybill_event(known)[0]
    if not courier or not segs:
        return None
    path = ctx.storage.absolute(segs[0].path)
    if not path.exists():
        return None
    sighting = find_waybill(path, courier, WAYBILL_SEARCH_SECONDS)
    found = sighting is not None and sighting.matches_courier
    record_waybill_sighting(
        ctx,
        inspection_id,
        sighting.offset_s if found else None,
        sighting.text if found else "",
        "video scan",
    )
    return sighting.offset_s if found else None


class _HashingCopy:
    """Copy a file into a stored ZIP member, its SHA-256 taken by a thread started at once.

    The hash runs from the moment the export begins, beside everything else. Where the
    system can (Linux's copy_file_range), the bytes go from file to file inside the
    kernel, as a plain file copy does, and a second thread reads them from the page cache
    for the ZIP's CRC-32. Elsewhere, or if the kernel refuses, the bytes pass through
    Python and zipfile computes the CRC itself.
    """

    CHUNK = 8 << 20

    def __init__(self, src: Path) -> None:
        self.src = src
        self.size = src.stat().st_size
        self._stop = threading.Event()
        self._digest = hashlib.sha256()
        self._error: OSError | None = None
        self._sha_thread = threading.Thread(target=self._hash, name="evidence-sha256", daemon=True)
        self._sha_thread.start()

    def _read(self) -> Generator[bytes, None, None]:
        with open(self.src, "rb") as fh:
            while not self._stop.is_set() and (chunk := fh.read(self.CHUNK)):
                yield chunk

    def _hash(self) -> None:
        try:
            for chunk in self._read():
                self._digest.update(chunk)
        except OSError as exc:
            self._error = exc

    def hexdigest(self) -> str:
        """The SHA-256 of the source file (waits for the thread)."""
        self._sha_thread.join()
        if self._error is not None:
            raise self._error
        return self._digest.hexdigest()

    def close(self) -> None:
        """Stop hashing early (a cancelled or failed export) and wait for the thread."""
        self._stop.set()
        self._sha_thread.join()

    def run(self, member: Any) -> Generator[int, None, None]:
        """Copy into an open ZIP member (zipfile's writer), yielding bytes done."""
        if _kernel_copy_usable(member):
            try:
                yield from self._run_in_kernel(member)
                return
            except _KernelCopyRefused:
                pass  # nothing was written to the member yet: copy through Python instead
        with open(self.src, "rb") as fh:
            while chunk := fh.read(self.CHUNK):
                member.write(chunk)  # zipfile adds the CRC-32 itself
                yield len(chunk)

    def _run_in_kernel(self, member: Any) -> Generator[int, None, None]:
        out = member._fileobj
        out.flush()
        start = out.tell()
        crc = [0]

        def crc_of_file() -> None:
            for chunk in self._read():
                crc[0] = zlib.crc32(chunk, crc[0])

        with open(self.src, "rb") as fh:
            try:
                first = os.copy_file_range(
                    fh.fileno(), out.fileno(), min(self.CHUNK, self.size), 0, start
                )
            except OSError as exc:  # another file system, an old kernel, no support
                raise _KernelCopyRefused from exc
            thread = threading.Thread(target=crc_of_file, name="evidence-crc32", daemon=True)
            thread.start()
            try:
                done = first
                yield first
                while done < self.size:
                    n = os.copy_file_range(
                        fh.fileno(),
                        out.fileno(),
                        min(self.CHUNK, self.size - done),
                        done,
                        start + done,
                    )
                    if n == 0:
                        raise OSError(f"{self.src} became shorter while it was copied")
                    done += n
                    yield n
            finally:
                thread.join()
        out.seek(start + done)
        # zipfile writes the header from these when the member closes, as after write().
        member._file_size = member._compress_size = done
        member._crc = crc[0]


_ALIGN = 4096
_ALIGNMENT_EXTRA_ID = 0xD935  # zipalign's: readers skip extra fields they do not know


def _alignment_extra(header_offset: int, info: zipfile.ZipInfo, zip64: bool) -> bytes:
    """An extra field that starts the member's data on a page boundary.

    The kernel copies whole pages from file to file; data at an odd offset would make it
    copy piecemeal, several times slower.
    """
    name_len = len(info.filename.encode("utf-8"))
    fixed = 30 + name_len + 6 + (20 if zip64 else 0)  # header, name, our field, zip64 field
    pad = (-(header_offset + fixed)) % _ALIGN
    return struct.pack("<HHH", _ALIGNMENT_EXTRA_ID, 2 + pad, _ALIGN) + bytes(pad)


class _KernelCopyRefused(Exception):
    """copy_file_range cannot be used here; fall back to copying through Python."""


def _kernel_copy_usable(member: Any) -> bool:
    # The fast path leans on zipfile's writer keeping its running totals in these
    # attributes (CPython 3.8 to 3.13); with anything else, the portable path is used.
    return (
        hasattr(os, "copy_file_range")
        and all(hasattr(member, a) for a in ("_file_size", "_compress_size", "_crc"))
        and getattr(member, "_compressor", True) is None
        and hasattr(getattr(member, "_fileobj", None), "fileno")
    )


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


def _report_files(data: ReportData, images: dict[str, bytes]) -> list[tuple[str, bytes, bool]]:
    """The facts, three ways: machine-readable, the browser viewer, the PDF."""
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
        files.append(("report.pdf", pdf.read_bytes(), False))
    return files


def export_bundle(
    ctx: AppContext,
    inspection_id: int,
    out: Path,
    actor: str = "",
    language: str | None = None,
    overwrite: bool = False,
) -> Generator[Progress, None, BundleResult]:
    """Write one inspection's evidence bundle (.zip) to `out` (a folder or a .zip path).

    `language`: of report.pdf and index.html ('en', 'zh_CN'); the desk's report language when None.
    `overwrite`: replace an existing .zip that `out` names (otherwise refused).
    """
    from inspector.capture.overlay import ensure_text_rendering

    ensure_text_rendering()  # the PDF is laid out by Qt's text engine
    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        segs = _usable_segments(ctx, inspection, _segments(session, inspection_id))
        data = gather_report(ctx, session, inspection, segs, language)
        try:
            proof = seal_proof(session, inspection, ctx.storage.root)
        except SealRefusedError as exc:
            raise EvidenceError(str(exc)) from exc
    seal_files, seal_facts = bundle_seal_files(ctx.sealer, inspection.uid, proof)
    seal_files += bundle_timestamp_files(ctx, inspection_id, segs, data)
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
                    _event_label(data.language, WAYBILL_READ),
                    _waybill_sighting_words(data.language, data.courier_number, seen, ""),
                )
            )
            data.timeline.sort(key=lambda entry: entry.at)

    # The originals are hashed from now on, beside everything else the export does.
    copies = [_HashingCopy(ctx.storage.absolute(seg.path)) for seg in segs]
    total_video = sum(s.size_bytes for s in segs) or 1
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    entries: list[ManifestEntry] = []
    completed = False
    side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-report")
    try:
        # Stills and reports are made beside the copy; `data` is theirs until they finish.
        stills = side.submit(
            _picture_files,
            data,
            ctx.storage.absolute(segs[0].path),
            segs[0].duration_s,
            pictures,
        )
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            # The original video(s), byte for byte, hashed while copied (90% of the bar).
            copied = 0
            for seg, copy in zip(segs, copies, strict=True):
                name = _video_name(seg)
                info = zipfile.ZipInfo(name, date_time=_zip_time(seg.started_at))
                info.compress_type = zipfile.ZIP_STORED
                zip64 = copy.size > 0x7FFF0000
                info.extra = _alignment_extra(zf.fp.tell(), info, zip64)
                with zf.open(info, "w", force_zip64=zip64) as member:
                    for n in copy.run(member):
                        copied += n
                        yield Progress(
                            0.02 + 0.88 * copied / total_video,
                            say(lang, "Copying {name}", name=name),
                        )

            yield Progress(0.92, say(lang, "Adding key frames, report.pdf and index.html"))
            picture_files, images = stills.result()
            for name, blob, compress in picture_files + _report_files(data, images) + seal_files:
                method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                zf.writestr(
                    zipfile.ZipInfo(name, date_time=_zip_time(data.generated_at)), blob, method
                )
                entries.append(ManifestEntry(name, len(blob), hashlib.sha256(blob).hexdigest()))

            # The proof: each original still hashes to what was recorded when it was made.
            for seg, copy in zip(segs, copies, strict=True):
                sha = copy.hexdigest()
                if sha != seg.sha256:
                    raise EvidenceError(
                        f"The video {copy.src} no longer matches the SHA-256 taken when it was "
                        f"recorded ({seg.sha256[:16]}…, now {sha[:16]}…). It was changed after "
                        "recording and cannot be exported as evidence. Run 'inspector verify --all'."
                    )
                entries.append(ManifestEntry(_video_name(seg), copy.size, sha))

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
                },
                data.generated_at,
                seal=proof.manifest_part() if proof else None,
                anchor_head=seal_facts or None,
                key=ctx.sealer.key(),
            )
            zf.writestr(
                zipfile.ZipInfo(MANIFEST_NAME, date_time=_zip_time(data.generated_at)),
                manifest_bytes(manifest),
                zipfile.ZIP_DEFLATED,
            )
            if token := stamp_manifest(ctx, manifest["manifest_sha256"]):
                zf.writestr(
                    zipfile.ZipInfo(MANIFEST_TOKEN_NAME, date_time=_zip_time(data.generated_at)),
                    token,
                    zipfile.ZIP_STORED,
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
    size = dest.stat().st_size
    _record_export(
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
    log.info("Exported inspection %s to %s", inspection_id, dest)
    yield Progress(1.0, say(lang, "Bundle written: {dest}", dest=dest))
    return BundleResult(inspection_id, dest, size, manifest["manifest_sha256"], len(entries) + 1)


def _record_export(ctx: AppContext, export: EvidenceExport, message: str) -> None:
    """Keep what was handed out (path, hash, size) and say so in the inspection's history."""
    with ctx.db.session() as session:
        session.add(export)
        session.add(
            InspectionEvent(
                inspection_id=export.inspection_id,
                kind=EventKind.EXPORTED,
                actor=export.actor,
                message=message,
            )
        )


def _zip_time(value: datetime) -> tuple[int, int, int, int, int, int]:
    # ZIP stores local wall time without a zone; the manifest carries the exact UTC times.
    local = value.astimezone()
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


# ---- appeal clip -----------------------------------------------------------------------


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
        segs = _segments(session, inspection_id)
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
        segs = _usable_segments(ctx, inspection, _segments(session, inspection_id))
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
        ctx.storage.absolute(seg.path),
        out,
        request,
        seg.sha256,
        label=f"inspector inspection {uid} order {order} courier {courier}",
        duration_hint=seg.duration_s or None,
    )
    while True:
        try:
            fraction = next(job)
        except StopIteration as stop:
            result = stop.value
            break
        yield Progress(0.98 * fraction, say(lang, "Encoding the clip"))
    _record_export(
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


# ---- verification ----------------------------------------------------------------------


@dataclass
class BundleVerification:
    """A bundle checked against its manifest and, where it knows the inspection, the database."""

    check: BundleCheck
    database_problems: list[str] = field(default_factory=list)
    database_checked: bool = False

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.database_problems

    def lines(self) -> list[str]:
        out = self.check.lines() if not self.check.ok else []
        out += [f"database: {p}" for p in self.database_problems]
        if self.ok:
            out = self.check.lines()
            out.append(
                "database: the manifest matches the inspection's sealed record"
                if self.database_checked
                else "database: this inspection is not in this database; checked the files only"
            )
        return out


def verify_bundle_file(
    ctx: AppContext | None, path: Path, fingerprints: list[str] | None = None
) -> BundleVerification:
    """Check a bundle by itself (signatures, seal, hashes) and, given a database, against it."""
    result = BundleVerification(verify_bundle(path, fingerprints))
    manifest = result.check.manifest
    if ctx is None or manifest is None:
        return result
    info = manifest.get("inspection") or {}
    uid = info.get("uid")
    with ctx.db.session() as session:
        row = session.exec(select(Inspection).where(Inspection.uid == uid)).first() if uid else None
        if row is None:
            return result
        result.database_checked = True
        segs = _segments(session, row.id or 0)
        exported = set(
            session.exec(
                select(EvidenceExport.sha256)
                .where(EvidenceExport.inspection_id == row.id)
                .where(EvidenceExport.kind == "bundle")
            ).all()
        )
    if manifest.get("manifest_sha256") not in exported:
        # A forger can rewrite a manifest and its self-hash, but not this station's record
        # of what it exported.
        result.database_problems.append(
            f"no export of inspection {row.id} recorded in this database produced this manifest "
            f"({str(manifest.get('manifest_sha256'))[:16]}…): the bundle was rebuilt elsewhere "
            "or its files and manifest were rewritten"
        )
    video_hashes = {s.sha256 for s in segs if s.sha256}
    if info.get("video_sha256") not in video_hashes:
        result.database_problems.append(
            f"the bundle's video hash {str(info.get('video_sha256'))[:16]}… is not the one recorded "
            f"for inspection {row.id}"
        )
    listed = {f.get("path"): f.get("sha256") for f in manifest.get("files", [])}
    for s in segs:
        if s.sha256 and listed.get(_video_name(s)) not in (None, s.sha256):
            result.database_problems.append(f"{_video_name(s)} differs from the recorded video")
    for key, value in (
        ("order_number", row.order_number),
        ("courier_number", row.courier_number),
    ):
        if info.get(key) != value:
            result.database_problems.append(
                f"the manifest says {key} {info.get(key)!r}, the database {value!r}"
            )
    if info.get("record_hash") and info.get("record_hash") != row.record_hash:
        result.database_problems.append(
            f"the record hash in the bundle ({str(info.get('record_hash'))[:16]}…) is not inspection "
            f"{row.id}'s current seal ({row.record_hash[:16] or 'none'}…): the record changed after "
            "the export (see its 'resealed' events) or was altered"
        )
    return result


def verify_all(ctx: AppContext) -> Generator[Progress, None, Any]:
    """Check the whole chain and every video on disk, yielding progress; returns the ChainReport."""
    key = DeskKey.load(ctx.storage.root)  # read only: verifying makes no key
    with ctx.db.session() as session:
        report = None
        for done, total, so_far in verify_chain_steps(
            session, ctx.storage.root, desk_public_key=key.public_hex if key else ""
        ):
            report = so_far
            yield Progress(
                done / max(total, 1),
                say(
                    resolve_language(ctx.settings.language),
                    "Checked {done} of {total} inspections",
                    done=done,
                    total=total,
                ),
            )
    return report


# ---- deadlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealDue:
    """A rejected or disputed inspection and the time left to file its claim."""

    inspection_id: int
    order_number: str
    courier_number: str
    decision: str
    platform: str
    arrived_at: datetime
    deadline: datetime | None
    days_left: int | None
    exported: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection_id": self.inspection_id,
            "order_number": self.order_number,
            "courier_number": self.courier_number,
            "decision": self.decision,
            "platform": self.platform or None,
            "arrived_at": self.arrived_at.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "exported": self.exported,
        }


def days_left(deadline: datetime, now: datetime) -> int:
    """Whole local days from now to the deadline's local date; negative once it has passed."""
    return (deadline.astimezone().date() - now.astimezone().date()).days


def appeals_due(
    ctx: AppContext,
    now: datetime | None = None,
    window_days: Callable[[Session, Inspection], tuple[str, int | None]] | None = None,
) -> list[AppealDue]:
    """Rejected and disputed inspections, soonest deadline first: the claim window runs from arrival."""
    now = now or utcnow()
    lookup = window_days or _claim_window
    out: list[AppealDue] = []
    with ctx.db.session() as session:
        rows = session.exec(
            select(Inspection).where(Inspection.decision.in_([Decision.REJECT, Decision.DISPUTE]))
        ).all()
        exported = set(session.exec(select(EvidenceExport.inspection_id)).all())
        for row in rows:
            platform, days = lookup(session, row)
            arrived = row.arrived_at or row.started_at
            deadline = arrived + timedelta(days=days) if days is not None else None
            out.append(
                AppealDue(
                    inspection_id=row.id or 0,
                    order_number=row.order_number,
                    courier_number=row.courier_number,
                    decision=str(row.decision),
                    platform=platform,
                    arrived_at=arrived,
                    deadline=deadline,
                    days_left=days_left(deadline, now) if deadline is not None else None,
                    exported=row.id in exported,
                )
            )
    far = datetime.max.replace(tzinfo=UTC)
    out.sort(key=lambda a: (a.deadline or far, a.inspection_id))
    return out


def appeal_for(
    ctx: AppContext, inspection_id: int, now: datetime | None = None
) -> AppealDue | None:
    """The claim deadline of one rejected or disputed inspection (None for any other), for its detail view."""
    return next((a for a in appeals_due(ctx, now) if a.inspection_id == inspection_id), None)


def _claim_window(session: Session, inspection: Inspection) -> tuple[str, int | None]:
    """The platform and its claim window from the policy table (the general one when unknown)."""
    from inspector.core.orders import find_order
    from inspector.core.policy import claim_window_days

    platform = inspection.platform
    if not platform:
        order = find_order(session, inspection.order_number)
        platform = order.platform if order is not None else ""
    return platform, claim_window_days(platform, session)


# ---- batch -----------------------------------------------------------------------------


SUMMARY_COLUMNS = [
    "order_number",
    "courier_number",
    "inspection_id",
    "decision",
    "started_at",
    "result",
    "bundle",
    "size_bytes",
    "manifest_sha256",
    "message",
]


def read_order_list(path: Path) -> list[str]:
    """Order numbers from a text or CSV file: the first column of each line; blanks and # ignored."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise NotFoundError(
            f"There is no file {path}. Give a file with one order number a line."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path} is not UTF-8 text; save it as UTF-8 (CSV or plain text) and try again."
        ) from exc
    orders: list[str] = []
    for cells in csv.reader(io.StringIO(text)):
        if not cells:
            continue
        first = normalize_code(restore_formula_guard(cells[0]))
        if not first or first.startswith("#") or first in {"ORDER", "ORDER_NUMBER", "ORDERNUMBER"}:
            continue
        if first not in orders:
            orders.append(first)
    if not orders:
        raise ValidationError(f"{path} holds no order numbers.")
    return orders


def batch_targets(
    ctx: AppContext,
    since: datetime | None = None,
    until: datetime | None = None,
    orders: Iterable[str] | None = None,
) -> tuple[list[int], list[str]]:
    """Inspections to export (finished, with video), and the listed orders that have none."""
    query = select(Inspection).where(
        Inspection.status.in_([InspectionStatus.COMPLETED, InspectionStatus.INTERRUPTED])
    )
    if since is not None:
        query = query.where(Inspection.started_at >= since)
    if until is not None:
        query = query.where(Inspection.started_at < until)
    wanted = [normalize_code(o) for o in orders] if orders is not None else None
    if wanted is not None:
        query = query.where(Inspection.order_number.in_(wanted))
    with ctx.db.session() as session:
        rows = list(session.exec(query.order_by(Inspection.started_at, Inspection.id)))
    found = {r.order_number for r in rows}
    missing = [o for o in wanted if o not in found] if wanted is not None else []
    return [r.id for r in rows if r.id is not None], missing


def export_batch(
    ctx: AppContext,
    out_dir: Path,
    since: datetime | None = None,
    until: datetime | None = None,
    orders: Iterable[str] | None = None,
    actor: str = "",
    language: str | None = None,
) -> Generator[Progress, None, Path]:
    """Export many bundles into one folder with summary.csv; one failure does not stop the rest."""
    out_dir = Path(out_dir).expanduser()
    if out_dir.suffix.lower() == ".zip":
        raise ValidationError("A batch goes into a folder; give --out a folder, not a .zip name.")
    ids, missing = batch_targets(ctx, since, until, orders)
    lang = resolve_language(ctx.settings.language)
    if not ids and not missing:
        raise NotFoundError("No finished inspections match; nothing was exported.")
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for n, inspection_id in enumerate(ids):
        with ctx.db.session() as session:
            row = session.get(Inspection, inspection_id)
            assert row is not None
            base = {
                "order_number": row.order_number,
                "courier_number": row.courier_number,
                "inspection_id": inspection_id,
                "decision": row.decision,
                "started_at": row.started_at.isoformat(),
            }
        label = say(
            lang, "{n}/{count} order {order}", n=n + 1, count=len(ids), order=base["order_number"]
        )
        try:
            job = export_bundle(ctx, inspection_id, out_dir, actor, language)
            while True:
                try:
                    step = next(job)
                except StopIteration as stop:
                    result: BundleResult = stop.value
                    break
                yield Progress((n + step.fraction) / len(ids), f"{label}: {step.message}")
            rows.append(
                base
                | {
                    "result": "exported",
                    "bundle": result.path.name,
                    "size_bytes": result.size_bytes,
                    "manifest_sha256": result.manifest_sha256,
                    "message": "",
                }
            )
        except (EvidenceError, StorageError, ValidationError, NotFoundError) as exc:
            log.warning("Batch export of inspection %s failed: %s", inspection_id, exc)
            rows.append(base | {"result": "failed", "message": str(exc)})
    for order in missing:
        rows.append(
            {"order_number": order, "result": "not found", "message": "no finished inspection"}
        )
    summary = out_dir / "summary.csv"
    fd, tmp = tempfile.mkstemp(prefix=".summary.", suffix=".csv", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
        writer = SafeCsvWriter(fh)
        writer.writerow(SUMMARY_COLUMNS)
        for r in rows:
            writer.writerow([r.get(c, "") for c in SUMMARY_COLUMNS])
    durable_replace(tmp, summary)
    exported = sum(r["result"] == "exported" for r in rows)
    yield Progress(1.0, say(lang, "{count} bundles in {folder}", count=exported, folder=out_dir))
    return summary
