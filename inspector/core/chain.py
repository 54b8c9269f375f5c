"""The integrity chain: an append-only log of signed seals over whole inspections.

A seal hashes everything an inspection is (its record, checklist steps, answers with
notes, the photos by their SHA-256, its history of events, its video segments and any
removal by retention) into one canonical JSON form, and appends an entry to the seal log:
the entry names the inspection, that hash and the hash of the entry before it, and is
signed by the desk's Ed25519 key. A later legitimate change (an answer, a decision, a
removal) appends a new entry at the tail; nothing already sealed is ever re-hashed, and a
new entry is refused while the record no longer matches its previous seal. Each entry is
also written as a signed line to the chain anchor outside the database (core/anchor.py),
so a wiped, truncated or older database shows against it.

Records sealed before the seal log existed (schema 0005 and older) carry a v1 record hash
chained to the record before; they are checked that way until their next seal.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from inspector.core import anchor
from inspector.core import photos as stored_photos
from inspector.core.database import lock_chain
from inspector.core.errors import InspectorError, StorageError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    AnchorRecord,
    AnchorStamp,
    CameraStream,
    ChecklistAnswer,
    ChecklistStep,
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionKind,
    InspectionStatus,
    ItemScan,
    Operator,
    SealEntry,
    Station,
    TimestampToken,
    VideoSegment,
    utcnow,
)
from inspector.core.order_facts import (
    live_order_facts,
    order_changes,
    sealed_order_facts,
    snapshot_for_seal,
)
from inspector.core.signing import DeskKey, fingerprint, same_fingerprint, verify_signature
from inspector.core.timestamping import FUTURE_TOLERANCE, TsaTrust, check_token
from inspector.core.video_time import mp4_creation_time, start_contradiction
from inspector.core.warehouse import register_desk_key
from inspector.core.x509_identity import possession_proof

log = logging.getLogger(__name__)

RECORD_VERSION = 1  # the legacy per-record hash
CONTENT_VERSION = 2  # the whole-inspection content a seal entry covers
# Inspections that ended with a video are sealed; a failed one has nothing to prove.
SEALED_STATUSES = (InspectionStatus.COMPLETED, InspectionStatus.INTERRUPTED)
SEALER_KEY = "sealer"  # where a session carries the desk's Sealer (Session.info)
AFTER_COMMIT_KEY = "after_commit"  # callables the Database runs once the session committed


class SealRefusedError(InspectorError):
    """A record no longer matches its last seal, so it is not sealed again over the change."""


@dataclass
class Sealer:
    """What sealing needs beyond the session: the data folder (photos, anchor) and its key."""

    root: Path
    _key: DeskKey | None = None
    desk_id: str = ""  # whose chain of anchor lines this desk appends to
    # Where the warehouse's shared folder keeps a witness copy of each desk's anchor (None:
    # no shared folder); asked at each seal, since the share can be set while running.
    shared_anchors: Callable[[], Path | None] | None = None
    desk_name: str = ""
    _registered: bool = False

    def key(self) -> DeskKey:
        """The desk's key, made the first time anything is sealed."""
        if self._key is None:
            self._key = DeskKey.load_or_create(self.root)
        return self._key

    def register(self, session: Session) -> None:
        """Ask the store key to certify this desk's key (once per process; core/warehouse.py)."""
        if not self._registered:
            key = self.key()
            proof = possession_proof(key.private)
            register_desk_key(session, key.public_hex, self.desk_id, self.desk_name, proof)
            self._registered = True

    @property
    def anchor_path(self) -> Path:
        return self.root / anchor.ANCHOR_FILE

    @property
    def chain_id(self) -> str:
        """The desk's chain in the anchor_line table: its desk id."""
        return self.desk_id or "local"

    def shared_copy(self) -> Path | None:
        """The shared folder's witness copy of this desk's anchor, or None."""
        folder = self.shared_anchors() if self.shared_anchors is not None else None
        return folder / f"{self.chain_id}.log" if folder is not None else None

    def write_lines(self, lines: list[anchor.AnchorLine]) -> None:
        """Append lines to the desk's anchor file, then bring the shared witness copy up to it."""
        anchor.append(self.root, lines)
        self.sync_shared()

    def sync_shared(self) -> None:
        """The shared folder's copy follows the desk's file (a share away catches up later)."""
        copy = self.shared_copy()
        if copy is None:
            return
        why = anchor.sync_copy(anchor.read(self.anchor_path).chain, copy)
        if why:
            log.warning("The shared copy of the chain anchor was not brought up to date: %s", why)


def canonical_json(data: Any) -> bytes:
    """The exact bytes that are hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


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
    if inspection.cameras:
        # Only a desk with several cameras writes the list: older records hash as before.
        fields["cameras"] = inspection.cameras
    streams = camera_streams(session, inspection.id)
    if streams:
        # Each camera's own stream, when the desk keeps them: absent otherwise, so every
        # record without them hashes as before.
        fields["camera_streams"] = [
            {
                "segment": c.segment_seq,
                "camera": c.camera,
                "sha256": c.sha256,
                "size_bytes": c.size_bytes,
                "duration_s": f"{c.duration_s:.3f}",
                "frame_count": c.frame_count,
            }
            for c in streams
        ]
    if inspection.kind and inspection.kind != InspectionKind.RETURN:
        # Left out for a return, so every record sealed before packings existed hashes the same.
        fields["kind"] = str(inspection.kind)
    fields.update(_guided_fields(session, inspection))
    return fields


def camera_streams(session: Session, inspection_id: int | None) -> list[CameraStream]:
    """The cameras' own streams kept beside an inspection's video, by segment then camera."""
    return list(
        session.exec(
            select(CameraStream)
            .where(CameraStream.inspection_id == inspection_id)
            .order_by(CameraStream.segment_seq, CameraStream.camera)
        ).all()
    )


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


# ---- the whole inspection, as a seal covers it -------------------------------------------


def _photo_hash(root: Path | None, rel: str) -> str:
    if not rel:
        return ""
    if root is None:
        return "unknown"
    path = root / rel
    try:
        return sha256_file(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def _photo_hashes(session: Session, root: Path | None, rels: set[str]) -> dict[str, str]:
    """Each photo's hash as recorded when it was stored; never a re-hash of a desk's copy.

    A photo from before photos were stored in the database, not published yet, is hashed
    from this data folder as before (the desk that holds it publishes it at start-up).
    """
    recorded = stored_photos.recorded_hashes(session, rels)
    return {rel: recorded.get(rel) or _photo_hash(root, rel) for rel in sorted(rels)}


def inspection_content(
    session: Session, inspection: Inspection, root: Path | None, events_upto: int
) -> dict[str, Any]:
    """Everything a seal covers, as plain JSON-ready values (photos by their SHA-256).

    Left out: the platform, arrival time and late-courier flag (derived from the order, which
    a later import rightly updates) and the hand-set 'keep' mark (a storage choice).
    """
    fields = record_fields(session, inspection)
    answers = fields.pop("answers", [])
    photos = {a["photo"] for a in answers if a["photo"]}
    steps = session.exec(
        select(ChecklistStep)
        .where(ChecklistStep.inspection_id == inspection.id)
        .order_by(ChecklistStep.seq)
    ).all()
    for step in steps:
        photos.update(p for p in _json_list(step.photos) if isinstance(p, str))
    segments = session.exec(
        select(VideoSegment)
        .where(VideoSegment.inspection_id == inspection.id)
        .order_by(VideoSegment.seq)
    ).all()
    events = session.exec(
        select(InspectionEvent)
        .where(InspectionEvent.inspection_id == inspection.id)
        .where(InspectionEvent.id <= events_upto)
        .order_by(InspectionEvent.id)
    ).all()
    content = {
        "v": CONTENT_VERSION,
        "record": fields,
        "video_removed_at": _time(inspection.video_removed_at),
        "segments": [
            {
                "seq": s.seq,
                "path": s.path,
                "sha256": s.sha256,
                "size_bytes": s.size_bytes,
                "started_at": _time(s.started_at),
                "ended_at": _time(s.ended_at),
                "removed_at": _time(s.removed_at),
            }
            for s in segments
        ],
        "steps": [
            {
                "seq": s.seq,
                "key": s.key,
                "category": s.category,
                "kind": s.kind,
                "title": s.title,
                "detail": s.detail,
                "line_no": s.line_no,
                "sku": s.sku,
                "expects": s.expects,
                "photos": s.photos,
            }
            for s in steps
        ],
        "answers": answers,
        "photos": _photo_hashes(session, root, photos),
        "events": [
            {"id": e.id, "at": _time(e.at), "kind": e.kind, "message": e.message, "actor": e.actor}
            for e in events
        ],
    }
    streams = camera_streams(session, inspection.id)
    if streams:
        content["camera_streams"] = [
            {
                "segment": c.segment_seq,
                "camera": c.camera,
                "path": c.path,
                "sha256": c.sha256,
                "size_bytes": c.size_bytes,
                "width": c.width,
                "height": c.height,
                "codec": c.codec,
                "started_at": _time(c.started_at),
                "ended_at": _time(c.ended_at),
                "note": c.note,
                "removed_at": _time(c.removed_at),
            }
            for c in streams
        ]
    # Left out while empty, so a record sealed before snapshots existed hashes the same.
    if (facts := sealed_order_facts(inspection)) is not None:
        content["order_facts"] = facts
    items = session.exec(
        select(ItemScan).where(ItemScan.inspection_id == inspection.id).order_by(ItemScan.id)
    ).all()
    if items:
        # Only when there are any: content sealed before item scans existed hashes the same.
        content["items"] = [
            {
                "role": i.role,
                "sku": i.sku,
                "serial": i.serial,
                "code": i.code,
                "at": _time(i.at),
                "video_offset_s": None if i.video_offset_s is None else f"{i.video_offset_s:.3f}",
                "segment": i.segment_seq,
                "actor": i.actor,
                "packing_uid": i.packing_uid,
                "compared_with": i.compared_with,
            }
            for i in items
        ]
    return content


def _json_list(text: str) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def content_hash(session: Session, inspection: Inspection, root: Path | None, upto: int) -> str:
    """The SHA-256 of an inspection's sealed content."""
    body = canonical_json(inspection_content(session, inspection, root, upto))
    return hashlib.sha256(body).hexdigest()


def entry_body(entry: SealEntry) -> dict[str, Any]:
    """The fields of a seal entry its hash covers (all but the hash and the signature)."""
    return {
        "v": CONTENT_VERSION,
        "seq": entry.seq,
        "inspection": entry.inspection_uid,
        "kind": entry.kind,
        "at": _time(entry.at),
        "reason": entry.reason,
        "actor": entry.actor,
        "content_hash": entry.content_hash,
        "events_upto": entry.events_upto,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
        "public_key": entry.public_key,
    }


def entry_hash(body: dict[str, Any]) -> str:
    """The hash of a seal entry's body; the desk signs this hex string."""
    return hashlib.sha256(canonical_json(body)).hexdigest()


def latest_seal(session: Session, inspection_id: int | None) -> SealEntry | None:
    """The newest seal of one inspection."""
    return session.exec(
        select(SealEntry)
        .where(SealEntry.inspection_id == inspection_id)
        .order_by(SealEntry.seq.desc())
    ).first()


def _newest_event_id(session: Session, inspection_id: int | None) -> int:
    value = session.exec(
        select(func.max(InspectionEvent.id)).where(InspectionEvent.inspection_id == inspection_id)
    ).one()
    return int(value or 0)


def _still_matches(session: Session, inspection_id: int, root: Path | None) -> str:
    """'' when the record as committed matches its last seal; else why not.

    Read through a connection of its own, so the changes this transaction is about to seal
    are not in what is compared: only what was sealed before and what is stored now.
    """
    bind = session.get_bind()
    with Session(bind) as fresh:
        row = fresh.get(Inspection, inspection_id)
        if row is None:
            return ""  # made in this very transaction: nothing sealed yet
        last = latest_seal(fresh, inspection_id)
        if last is not None:
            now = content_hash(fresh, row, root, last.events_upto)
            if now != last.content_hash:
                return (
                    f"it hashes to {now[:16]}…, its seal {last.seq} says {last.content_hash[:16]}…"
                )
            if row.record_hash != last.entry_hash:
                return f"its record names seal {row.record_hash[:16]}…, not its latest seal"
            return ""
        if row.record_hash:
            now = compute_record_hash(fresh, row)
            if now != row.record_hash:
                return f"it hashes to {now[:16]}…, its (v1) seal says {row.record_hash[:16]}…"
    return ""


def append_seal(
    session: Session,
    inspection: Inspection,
    kind: str,
    reason: str = "",
    actor: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> SealEntry | None:
    """Seal an inspection as it stands: the one place seals are made (wrap it to serialise desks).

    Appends a signed entry to the seal log and, once the transaction commits, a line to the
    chain anchor. Refuses (SealRefusedError, and an error in the log) when the record as
    stored no longer matches its previous seal: sealing over it would launder the edit.
    Returns None when nothing changed since the last seal.
    """
    sealer: Sealer | None = session.info.get(SEALER_KEY)
    if sealer is None:
        raise RuntimeError("sealing needs a session from AppContext (its Sealer is missing)")
    session.flush()
    why = _still_matches(session, inspection.id or 0, sealer.root)
    if why:
        log.error(
            "REFUSED to seal inspection %s (order %s) again: the record was changed outside "
            "the app since its last seal (%s). Run 'inspector verify --all'.",
            inspection.id,
            inspection.order_number,
            why,
        )
        raise SealRefusedError(
            f"Inspection {inspection.id} (order {inspection.order_number}) was changed outside "
            f"the app after it was sealed ({why}), so it is not sealed again: that would hide "
            "the change. Run 'inspector verify --all' and ask whoever keeps the data folder."
        )
    snapshot_for_seal(session, inspection)
    last = latest_seal(session, inspection.id)
    upto = _newest_event_id(session, inspection.id)
    content = content_hash(session, inspection, sealer.root, upto)
    if last is not None and last.content_hash == content:
        return None
    info = dict(detail or {})
    if last is None and inspection.record_hash:
        info["replaces_v1_record_hash"] = inspection.record_hash
    # Desks share one seal log: whoever holds the lock (to the commit) reads the tail and
    # appends to it. Taken only now, so the hashing above runs while other desks seal.
    lock_chain(session)
    tail = session.exec(select(SealEntry).order_by(SealEntry.seq.desc())).first()
    key = sealer.key()  # under the lock: the first seal makes the key file, once
    sealer.register(session)
    entry = SealEntry(
        seq=(tail.seq + 1) if tail is not None else 1,
        inspection_id=inspection.id or 0,
        inspection_uid=inspection.uid,
        kind=kind,
        at=at or utcnow(),
        reason=reason[:2000],
        actor=actor[:100],
        content_hash=content,
        events_upto=upto,
        detail=json.dumps(info, sort_keys=True),
        prev_hash=tail.entry_hash if tail is not None else "",
        entry_hash="",
        public_key=key.public_hex,
    )
    entry.entry_hash = entry_hash(entry_body(entry))
    entry.signature = key.sign(entry.entry_hash.encode("ascii"))
    old = inspection.record_hash
    inspection.record_hash = entry.entry_hash
    inspection.prev_record_hash = entry.prev_hash
    session.add(entry)
    session.add(inspection)
    session.flush()
    line = add_anchor_line(
        session,
        sealer,
        key,
        seq=entry.seq,
        entry_hash=entry.entry_hash,
        inspection_uid=entry.inspection_uid,
        kind=anchor.SEAL,
        at=_time(entry.at) or "",
    )
    hooks: list[Callable[[], None]] = session.info.setdefault(AFTER_COMMIT_KEY, [])
    hooks.append(lambda: sealer.write_lines([line]))
    if old and kind != "sealed":
        # The history says when and why, with both hashes, for the report's timeline.
        session.add(
            InspectionEvent(
                inspection_id=inspection.id,
                kind=EventKind.RESEALED,
                actor=actor,
                message=RESEAL_MESSAGE.format(reason=reason, old=old, new=entry.entry_hash),
            )
        )
        session.flush()
    log.info("Inspection %s sealed (%s, seal %s): %s", inspection.id, kind, entry.seq, reason)
    return entry


def desk_chain(session: Session, desk_id: str) -> list[anchor.AnchorLine]:
    """One desk's anchor lines as the database publishes them, in order."""
    rows = session.exec(
        select(AnchorRecord).where(AnchorRecord.desk_id == desk_id).order_by(AnchorRecord.n)
    ).all()
    out = []
    for row in rows:
        try:
            out.append(anchor.parse_line(row.text))
        except ValueError:
            log.error("Anchor line %s of desk %s in the database is not readable", row.n, desk_id)
    return out


def add_anchor_line(
    session: Session,
    sealer: Sealer,
    key: DeskKey,
    *,
    seq: int,
    entry_hash: str,
    inspection_uid: str,
    kind: str,
    at: str,
    detail: str = "",
) -> anchor.AnchorLine:
    """Append a line to the desk's chain in the database (call under lock_chain); the line.

    The line links to the desk's newest line in the database; on a desk whose database
    holds none yet, to the head of its anchor file (so a desk upgraded from unchained
    lines, or a restore acknowledged on purpose, continues the chain the file witnesses).
    """
    desk = sealer.chain_id
    tail = session.exec(
        select(AnchorRecord).where(AnchorRecord.desk_id == desk).order_by(AnchorRecord.n.desc())
    ).first()
    if tail is not None:
        n, prev = tail.n + 1, tail.line_hash
    else:
        found = anchor.read(sealer.anchor_path)
        chain = found.chain
        # The file's lines are published first: the database then holds the whole chain.
        for old in chain:
            session.add(_record_of(old))
        if chain:
            n, prev = chain[-1].n + 1, chain[-1].line_hash
        else:
            n, prev = 1, anchor.legacy_prefix_hash(found.legacy)
    line = anchor.make_line(
        key, seq, entry_hash, inspection_uid, kind, at, desk=desk, n=n, prev=prev, detail=detail
    )
    session.add(_record_of(line))
    session.flush()
    return line


def seal_trailing_events(session: Session, limit: int = 1000) -> list[int]:
    """Seal the inspections whose history grew after their last seal (an export, a note, a
    waybill sighting); the ids sealed. Run at start-up: events wait for no legitimate
    change to be covered, and an event added behind the app's back is never laundered
    (a record that no longer matches its seal is refused and left for verify --all)."""
    newest = (
        select(InspectionEvent.inspection_id, func.max(InspectionEvent.id).label("upto"))
        # A seal's own 'resealed' note follows it; the next seal covers it (else each start
        # would seal again, for ever).
        .where(InspectionEvent.kind != EventKind.RESEALED)
        .group_by(InspectionEvent.inspection_id)
        .subquery()
    )
    covered = (
        select(SealEntry.inspection_id, func.max(SealEntry.events_upto).label("upto"))
        .group_by(SealEntry.inspection_id)
        .subquery()
    )
    ids = session.exec(
        select(newest.c.inspection_id)
        .join(covered, covered.c.inspection_id == newest.c.inspection_id)
        .where(newest.c.upto > covered.c.upto)
        .limit(limit)
    ).all()
    sealed = []
    for inspection_id in ids:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            continue
        try:
            with session.begin_nested():
                entry = append_seal(
                    session, inspection, "amended", "events after the last seal", "inspector"
                )
        except SealRefusedError:
            continue  # said in the log; verify --all names the edit
        if entry is not None:
            sealed.append(inspection_id)
    return sealed


def reanchor(session: Session, sealer: Sealer) -> list[anchor.AnchorLine]:
    """Write the lines the database holds but the desk's anchor file lacks; the lines written.

    A crash between a seal's commit and its line's write leaves the file one line short of
    the database's copy. Only a file that is a true prefix of that copy is extended: a file
    that disagrees is evidence, left for `verify --all` to report.
    """
    found = anchor.read(sealer.anchor_path)
    if found.problems:
        raise StorageError("; ".join(found.problems))
    db_lines = desk_chain(session, sealer.chain_id)
    have = found.chain
    if len(have) >= len(db_lines) or any(
        a.line_hash != b.line_hash for a, b in zip(have, db_lines, strict=False)
    ):
        sealer.sync_shared()
        return []
    missing = db_lines[len(have) :]
    sealer.write_lines(missing)
    log.warning(
        "The chain anchor lacked %d line(s) the database holds (seals %s): written now",
        len(missing),
        ", ".join(str(line.seq) for line in missing),
    )
    return missing


def record_restore(
    session: Session, sealer: Sealer, by: str, why: str, restored_from: str
) -> anchor.AnchorLine:
    """Acknowledge a restore done on purpose: an anchored line saying who, when, why and which
    seals went with it, so `verify --all` reports it once as a restore, not as a rollback.

    The anchor file's lines the restored database lacks are published in it first (the chain
    goes on from the file's head); a file that disagrees with the database is refused.
    """
    lock_chain(session)
    found = anchor.read(sealer.anchor_path)
    if found.problems:
        raise StorageError("; ".join(found.problems))
    have = desk_chain(session, sealer.chain_id)
    chain = found.chain
    if any(a.line_hash != b.line_hash for a, b in zip(have, chain, strict=False)):
        raise StorageError(
            "The restored database's anchor lines disagree with the anchor file, so the restore "
            "cannot be acknowledged: run 'inspector verify --all' and keep both for whoever "
            "checks the desk."
        )
    for line in chain[len(have) :]:
        session.add(_record_of(line))
    session.flush()
    tail = session.exec(select(SealEntry).order_by(SealEntry.seq.desc())).first()
    tail_seq = tail.seq if tail is not None else 0
    gone = [ln for ln in chain if ln.kind == anchor.SEAL and ln.seq > tail_seq]
    lost = sorted({ln.seq for ln in gone})
    uids = set(session.exec(select(Inspection.uid)).all())
    lost_uids = sorted({ln.inspection_uid for ln in gone} - uids)
    detail = json.dumps(
        {
            "by": by,
            "why": why,
            "from": restored_from,
            "lost_seals": lost,
            "lost_inspections": lost_uids,
        },
        sort_keys=True,
    )
    line = add_anchor_line(
        session,
        sealer,
        sealer.key(),
        seq=tail_seq,
        entry_hash=tail.entry_hash if tail is not None else "",
        inspection_uid="",
        kind=anchor.RESTORE,
        at=_time(utcnow()) or "",
        detail=detail,
    )
    hooks: list[Callable[[], None]] = session.info.setdefault(AFTER_COMMIT_KEY, [])
    hooks.append(lambda: sealer.write_lines([line]))
    log.warning("Restore acknowledged by %s (%s): seals %s went with it", by, why, lost)
    return line


def _record_of(line: anchor.AnchorLine) -> AnchorRecord:
    return AnchorRecord(
        desk_id=line.desk,
        n=line.n,
        seal_seq=line.seq,
        kind=line.kind,
        line_hash=line.line_hash,
        text=line.to_text(),
    )


@dataclass(frozen=True)
class SealProof:
    """An inspection's latest seal with the exact record it covers, to travel in a bundle."""

    body: dict[str, Any]
    entry_hash: str
    signature: str
    record_bytes: bytes  # canonical JSON; its SHA-256 is body["content_hash"]

    def manifest_part(self) -> dict[str, Any]:
        return {"body": self.body, "entry_hash": self.entry_hash, "signature": self.signature}


def seal_proof(session: Session, inspection: Inspection, root: Path) -> SealProof | None:
    """The proof a bundle carries; None for a record never sealed in the seal log.

    Refuses (SealRefusedError) a record that no longer matches its seal: it is not
    evidence of what was recorded.
    """
    last = latest_seal(session, inspection.id)
    if last is None:
        return None
    record = canonical_json(inspection_content(session, inspection, root, last.events_upto))
    if hashlib.sha256(record).hexdigest() != last.content_hash:
        raise SealRefusedError(
            f"Inspection {inspection.id} (order {inspection.order_number}) was changed after "
            f"seal {last.seq}, so it cannot be exported as evidence. Run 'inspector verify --all'."
        )
    return SealProof(entry_body(last), last.entry_hash, last.signature, record)


def seal_inspection(session: Session, inspection: Inspection) -> str:
    """Seal a just-finished inspection; '' if it is not sealable (a failed recording).

    Called inside the transaction that completes the inspection, so the row and its seal
    are written together or not at all.
    """
    if inspection.status not in SEALED_STATUSES:
        return ""
    kind = "amended" if inspection.record_hash else "sealed"
    append_seal(session, inspection, kind, "sealed again on completion" if kind != "sealed" else "")
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
    """Seal a legitimate change to a sealed record (an answer, a decision) as an amendment.

    Nothing sealed before is re-hashed: a new entry goes at the tail of the log. An
    inspection not sealed yet (still recording) waits for its seal on completion.
    """
    if not inspection.record_hash and inspection.status not in SEALED_STATUSES:
        return ""
    append_seal(
        session, inspection, "amended" if inspection.record_hash else "sealed", reason, actor
    )
    return inspection.record_hash


def retention_detail(retention_days: int, reason: str) -> dict[str, Any]:
    """What a removal's seal records of the rule that allowed it, for verify to check."""
    return {"retention_days": retention_days, "removal": reason}


# ---- verification ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    """One thing in the store that no longer matches what was sealed."""

    inspection_id: int | None
    order_number: str
    # altered | broken-link | unsealed | fork | video-missing | video-altered | video-unknown
    # | seal-altered | seal-missing | record-deleted | anchor | rolled-back | retention
    # | photo-altered
    kind: str
    message: str


@dataclass
class ChainReport:
    """The result of checking the whole chain and every video on disk."""

    sealed: int = 0
    videos_checked: int = 0
    videos_removed: int = 0
    seals: int = 0
    anchored: int = 0
    signers: dict[str, int] = field(default_factory=dict)  # fingerprint -> seals signed
    problems: list[ChainProblem] = field(default_factory=list)
    # Videos only another desk holds (not in the shared folder yet): not checked from here.
    videos_elsewhere: int = 0
    # Files that should have been checked but could not be reached (the shared folder away):
    # the check is incomplete, never "intact".
    unchecked: list[str] = field(default_factory=list)
    witnesses: int = 0  # anchor copies compared (beside backups, in the shared folder)
    notes: list[str] = field(default_factory=list)  # facts, not problems: restores acknowledged
    # Inspections an acknowledged restore took away: their videos left behind are named in
    # the restore's note, not as videos no record knows.
    restored_away: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    session: Session,
    storage_root: Path,
    check_videos: bool = True,
    desk_public_key: str = "",
    sources: AnchorSources | None = None,
) -> ChainReport:
    """Check every seal, every record against its seal, the anchor, and every video on disk."""
    steps = verify_chain_steps(
        session, storage_root, check_videos, desk_public_key, sources=sources
    )
    *_, (_done, _total, report) = steps
    return report


def _check_seal_log(
    entries: list[SealEntry], uids: dict[str, Inspection], report: ChainReport
) -> None:
    def problem(entry: SealEntry, kind: str, message: str) -> None:
        insp = uids.get(entry.inspection_uid)
        report.problems.append(
            ChainProblem(
                insp.id if insp else None, insp.order_number if insp else "", kind, message
            )
        )

    previous: SealEntry | None = None
    for entry in entries:
        report.seals += 1
        fp = fingerprint(entry.public_key) if entry.public_key else "none"
        report.signers[fp] = report.signers.get(fp, 0) + 1
        expected_seq = previous.seq + 1 if previous is not None else 1
        if entry.seq != expected_seq:
            problem(
                entry,
                "seal-missing",
                f"Seals {expected_seq}–{entry.seq - 1} are missing from the seal log: they were "
                "deleted from the database.",
            )
        elif entry.prev_hash != (previous.entry_hash if previous is not None else ""):
            problem(
                entry,
                "seal-altered",
                f"Seal {entry.seq} does not follow seal {expected_seq - 1}: the log was rewritten.",
            )
        if entry_hash(entry_body(entry)) != entry.entry_hash:
            problem(
                entry,
                "seal-altered",
                f"Seal {entry.seq} (inspection {entry.inspection_uid}) was edited: its fields no "
                "longer hash to the hash it carries.",
            )
        elif not verify_signature(
            entry.public_key, entry.signature, entry.entry_hash.encode("ascii")
        ):
            problem(
                entry,
                "seal-altered",
                f"Seal {entry.seq} (inspection {entry.inspection_uid}) is not signed by the key "
                "it names: it was forged or edited.",
            )
        if entry.inspection_uid not in uids:
            problem(
                entry,
                "record-deleted",
                f"Seal {entry.seq} sealed inspection {entry.inspection_uid}, which is no longer in "
                "the database: the record was deleted.",
            )
        previous = entry


@dataclass
class AnchorSources:
    """Every copy of the anchor verify compares: the desk's file, the database's lines, and the
    witnesses (the copies beside backups, the shared folder's copies), with the keys allowed."""

    desk_id: str = "local"  # this desk's chain in the database
    backup_copies: list[Path] = field(default_factory=list)
    shared_folder: Path | None = None  # anchors/ in the shared folder: <desk id>.log each
    fingerprints: list[str] = field(default_factory=list)  # every line's key must be one
    key_exists: bool = False  # the desk has a signing key: it has sealed before
    trust: TsaTrust | None = None  # the roots the anchor's time-stamps must chain to


def _key_ok(public_key: str, own_key: str, fingerprints: list[str]) -> bool:
    if fingerprints:
        return any(same_fingerprint(fingerprint(public_key), fp) for fp in fingerprints)
    return not own_key or public_key == own_key


def _compare_copy(
    mine: list[anchor.AnchorLine], other: list[anchor.AnchorLine], name: str, other_name: str
) -> tuple[str, str] | None:
    """How two copies of one chain disagree: (kind, message), or None when one extends the other."""
    for a, b in zip(mine, other, strict=False):
        if a.line_hash != b.line_hash:
            return (
                "anchor-fork",
                f"Line {a.n} of {name} is not line {b.n} of {other_name} (seal {a.seq} against "
                f"seal {b.seq}): the chain was re-made from there on, by someone holding the "
                "desk's key.",
            )
    return None


def _cut_message(copy: list[anchor.AnchorLine], have: int, where: str, what: str) -> str:
    gone = copy[have:]
    seals = sorted({line.seq for line in gone if line.kind == anchor.SEAL})
    uids = sorted({line.inspection_uid[:12] for line in gone if line.inspection_uid})
    return (
        f"{where} records {len(copy)} lines of this desk's anchor; {what} holds {have}: lines "
        f"{have + 1}–{len(copy)} (seals {', '.join(map(str, seals[:10]))}; inspections "
        f"{', '.join(uids[:10])}) were cut off, the newest seals deleted or the data rolled back."
    )


def _check_anchor(
    session: Session,
    anchor_path: Path,
    entries: list[SealEntry],
    desk_public_key: str,
    sources: AnchorSources,
    report: ChainReport,
) -> None:
    def problem(kind: str, message: str) -> None:
        report.problems.append(ChainProblem(None, "", kind, message))

    read = anchor.read(anchor_path)
    for text in read.problems:
        problem("anchor", text)
    fps = sources.fingerprints
    for line in read.lines:
        if not _key_ok(line.public_key, desk_public_key, fps):
            problem(
                "anchor",
                f"Anchor line for seal {line.seq} is signed by another key "
                f"({fingerprint(line.public_key)}), not "
                f"{'one of the given fingerprints' if fps else 'this desk' + chr(39) + 's'}.",
            )
    for text in anchor.chain_problems(read.chain, anchor_path.name, read.legacy):
        problem("anchor", text)
    # Every desk's chain as the database publishes it.
    desks = session.exec(select(AnchorRecord.desk_id).distinct()).all()
    db_chains = {desk: desk_chain(session, desk) for desk in desks}
    for desk, lines in sorted(db_chains.items()):
        where = f"the database's anchor of desk {desk}"
        for text in anchor.chain_problems(lines, where, None):
            problem("anchor", text)
        for line in lines:
            if not line.signature_ok:
                problem("anchor", f"Line {line.n} of {where} is not validly signed: it was edited.")
            elif (fps or desk == sources.desk_id) and not _key_ok(
                line.public_key, desk_public_key if desk == sources.desk_id else "", fps
            ):
                problem(
                    "anchor",
                    f"Line {line.n} of {where} is signed by key {fingerprint(line.public_key)}, "
                    "not the desk's (or one of the given fingerprints).",
                )
    by_seq = {e.seq: e for e in entries}
    db_last = max(by_seq, default=0)
    # The seals every known line names, checked against the seal log; a restore acknowledged
    # on purpose forgets the seals it lost (reported once, below, as the restore it was).
    named: dict[int, anchor.AnchorLine] = {}
    for line in read.lines:
        if not line.chained:
            named.setdefault(line.seq, line)
    mine = max(read.chain, db_chains.get(sources.desk_id, []), key=len)
    walks = [mine] + [lines for desk, lines in db_chains.items() if desk != sources.desk_id]
    for lines in walks:
        for line in lines:
            if line.kind == anchor.RESTORE:
                for seq in [s for s in named if s > line.seq]:
                    del named[seq]
                report.notes.append(_restore_note(line))
                lost = _json_dict(line.detail).get("lost_inspections") or []
                report.restored_away.update(u for u in lost if isinstance(u, str))
            elif line.kind == anchor.SEAL:
                named[line.seq] = line
    rolled = False
    for seq, line in sorted(named.items()):
        entry = by_seq.get(seq)
        if entry is not None and entry.entry_hash != line.entry_hash:
            rolled = True
            problem(
                "rolled-back",
                f"Seal {seq} in the database is not the seal the anchor recorded "
                f"({entry.entry_hash[:16]}… against {line.entry_hash[:16]}…): the seal log "
                "was rewritten or the database replaced by another.",
            )
    newest = max(named, default=0)
    if newest > db_last:
        rolled = True
        gone = [line for seq, line in named.items() if seq > db_last]
        uids = sorted({line.inspection_uid for line in gone})
        problem(
            "rolled-back",
            f"The chain anchor ({anchor_path.name}) records {newest} seals, the newest "
            f"{named[newest].entry_hash[:16]}…; the database holds {db_last}. The database was "
            f"wiped, truncated or replaced by an older copy: seals {db_last + 1}–{newest} "
            f"(inspections {', '.join(u[:12] for u in uids[:10])}"
            f"{' …' if len(uids) > 10 else ''}) are gone.",
        )
    report.anchored = sum(1 for e in entries if e.seq in named)
    # Seals made since lines were published must each have one (a legacy seal has none).
    chained_seqs = [line.seq for lines in db_chains.values() for line in lines if line.seq]
    if chained_seqs:
        first = min(chained_seqs)
        for entry in entries:
            if entry.seq > first and entry.seq not in named:
                problem(
                    "unanchored",
                    f"Seal {entry.seq} (inspection {entry.inspection_uid[:12]}) is in the seal log "
                    "but in no desk's anchor: it was put into the database behind the app's back.",
                )
    _check_stamps(session, db_chains, sources, problem)
    # This desk's file against the database's copy of its chain.
    file_chain = read.chain
    db_mine = db_chains.get(sources.desk_id, [])
    longest = max(file_chain, db_mine, key=len)
    diff = _compare_copy(file_chain, db_mine, anchor_path.name, "the database's copy")
    if diff is not None:
        problem(*diff)
    elif len(db_mine) > len(file_chain):
        if not read.exists:
            what = f"the anchor file {anchor_path.name} is missing (deleted)"
        elif not read.lines:
            what = f"the anchor file {anchor_path.name} is empty (emptied)"
        else:
            what = f"the anchor file {anchor_path.name}"
        problem(
            "anchor-short",
            _cut_message(db_mine, len(file_chain), "The database", what)
            + " If the desk crashed just after sealing, its next start writes them back.",
        )
    elif len(file_chain) > len(db_mine) and not rolled:
        problem(
            "rolled-back",
            _cut_message(file_chain, len(db_mine), anchor_path.name, "the database"),
        )
    if sources.key_exists and not read.lines and not db_mine and not entries:
        problem(
            "anchor-short",
            f"This desk has a signing key, so it has sealed before, but its anchor "
            f"({anchor_path.name}) is {'empty' if read.exists else 'missing'} and the database "
            "holds none of its seals: the records and the anchor were wiped together.",
        )
    # Witnesses: each must be a prefix of what the desk and the database hold.
    witnesses: list[tuple[str, Path, list[anchor.AnchorLine]]] = []
    for copy in sources.backup_copies:
        witnesses.append((sources.desk_id, copy, longest))
    if sources.shared_folder is not None and sources.shared_folder.is_dir():
        for copy in sorted(sources.shared_folder.glob("*.log")):
            desk = copy.stem
            mine = longest if desk == sources.desk_id else db_chains.get(desk, [])
            witnesses.append((desk, copy, mine))
    for desk, copy, mine in witnesses:
        seen = anchor.read(copy)
        report.witnesses += 1
        for text in seen.problems:
            problem("anchor", f"{copy}: {text}")
        chain = [line for line in seen.chain if line.desk == desk or not line.desk]
        if not chain:
            continue
        where = f"The copy {copy}"
        diff = _compare_copy(chain, mine, str(copy), "this desk's anchor")
        if diff is not None:
            problem(*diff)
        elif len(chain) > len(mine):
            problem("anchor-short", _cut_message(chain, len(mine), where, "the anchor"))


def _restore_note(line: anchor.AnchorLine) -> str:
    info = _json_dict(line.detail)
    lost = info.get("lost_seals") or []
    return (
        f"restored: {info.get('by') or 'someone'} restored the database on purpose at {line.at} "
        f"from {info.get('from') or 'a backup'} ({info.get('why') or 'no reason given'}); "
        f"{len(lost)} seal(s) went with it"
        + (f" ({', '.join(map(str, lost[:10]))}{' …' if len(lost) > 10 else ''})" if lost else "")
        + "."
    )


def _check_stamps(
    session: Session,
    db_chains: dict[str, list[anchor.AnchorLine]],
    sources: AnchorSources,
    problem: Callable[[str, str], None],
) -> None:
    """Each time-stamped head is still in its chain, and no seal after it claims an earlier time.

    A stamp fixes line n (and all before it) at the TSA's time: re-making a seal at or before
    n changes line n's hash, and a seal added after n cannot claim a time before the stamp.
    """
    stamps = session.exec(
        select(AnchorStamp).where(AnchorStamp.token != "").order_by(AnchorStamp.n)
    ).all()
    by_desk: dict[str, list[tuple[int, datetime]]] = {}
    for stamp in stamps:
        lines = {line.n: line for line in db_chains.get(stamp.desk_id, [])}
        where = f"line {stamp.n} of desk {stamp.desk_id}'s anchor"
        check = check_token(base64.b64decode(stamp.token), stamp.line_hash, sources.trust)
        if not check.ok or check.gen_time is None:
            problem("anchor-stamp", f"The time-stamp of {where}: {'; '.join(check.problems)}.")
            continue
        at = check.gen_time.isoformat()
        line = lines.get(stamp.n)
        if line is None:
            problem(
                "anchor-short",
                f"{where[0].upper()}{where[1:]} was time-stamped at {at}, but the chain no longer "
                "reaches it: lines were cut after they were stamped.",
            )
        elif line.line_hash != stamp.line_hash:
            problem(
                "anchor-fork",
                f"{where[0].upper()}{where[1:]} was time-stamped at {at} as "
                f"{stamp.line_hash[:16]}…; the chain now holds {line.line_hash[:16]}… there: the "
                "seals up to it were re-made after that time.",
            )
        else:
            by_desk.setdefault(stamp.desk_id, []).append((stamp.n, check.gen_time))
    for desk, fixed in by_desk.items():
        for line in db_chains.get(desk, []):
            claimed = _parse_at(line.at)
            covering = [t for n, t in fixed if n >= line.n]
            if claimed is not None and covering and claimed > min(covering) + FUTURE_TOLERANCE:
                # A fake clock set ahead: the TSA fixed this line before the time it claims.
                problem(
                    "time-contradiction",
                    f"Seal {line.seq} (line {line.n} of desk {desk}'s anchor) claims "
                    f"{claimed.isoformat()}, after the time-stamp {min(covering).isoformat()} "
                    "that already covers it: the desk's clock was ahead, or its times were "
                    "moved forward.",
                )
            before = [t for n, t in fixed if n < line.n]
            if claimed is None or not before:
                continue
            latest = max(before)
            if claimed < latest - FUTURE_TOLERANCE:
                problem(
                    "backdated",
                    f"Seal {line.seq} (line {line.n} of desk {desk}'s anchor) claims "
                    f"{claimed.isoformat()}, before the time-stamp {latest.isoformat()} of an "
                    "earlier line that does not cover it: it was added later and backdated.",
                )


def _check_video_stamps(session: Session, trust: TsaTrust | None, report: ChainReport) -> None:
    """Each stamped video hash: its token checks, and its record does not end after the stamp.

    A video's hash cannot be time-stamped before the video has ended, so a segment or a
    record saying it ended after the TSA's time had its times moved forward, or was made
    under a clock set ahead (its MP4's creation time then agrees with it: only the
    trusted time tells).
    """
    rows = session.exec(
        select(TimestampToken, VideoSegment, Inspection).where(
            TimestampToken.token != "",
            VideoSegment.sha256 == TimestampToken.sha256,
            VideoSegment.inspection_id == TimestampToken.inspection_id,
            Inspection.id == TimestampToken.inspection_id,
        )
    ).all()
    for token, seg, insp in rows:

        def problem(kind: str, message: str, insp: Inspection = insp) -> None:
            report.problems.append(ChainProblem(insp.id, insp.order_number, kind, message))

        name = f"inspection {insp.id}'s video {Path(seg.path).name}"
        check = check_token(base64.b64decode(token.token), token.sha256, trust)
        if not check.ok or check.gen_time is None:
            problem("video-stamp", f"The time-stamp of {name}: {'; '.join(check.problems)}.")
            continue
        stamped = check.gen_time
        for what, when in (("the video", seg.ended_at), ("the record", insp.ended_at)):
            if when is not None and _aware(when) > stamped + FUTURE_TOLERANCE:
                problem(
                    "time-contradiction",
                    f"Inspection {insp.id} (order {insp.order_number}): {what} ended at "
                    f"{_aware(when).isoformat()}, after {stamped.isoformat()}, when the TSA "
                    f"already stamped {name}: the desk's clock was ahead, or its times were "
                    "moved forward.",
                )
                break


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _parse_at(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _check_retention(insp: Inspection, entries: list[SealEntry], report: ChainReport) -> None:
    """Each removal by retention was sealed, under a rule that allowed it then."""
    removals = [e for e in entries if e.kind == "retention"]
    if insp.video_removed_at is not None and not removals:
        report.problems.append(
            ChainProblem(
                insp.id,
                insp.order_number,
                "retention",
                f"The video of inspection {insp.id} (order {insp.order_number}) is marked removed "
                "by retention, but no removal was sealed: the mark was set by hand.",
            )
        )
    for entry in removals:
        try:
            rule = json.loads(entry.detail or "{}")
        except ValueError:
            rule = {}
        days = rule.get("retention_days") if isinstance(rule, dict) else None
        why = rule.get("removal") if isinstance(rule, dict) else None
        ended = insp.ended_at or insp.started_at
        allowed = why == "quota" or (
            isinstance(days, int) and days > 0 and entry.at >= ended + timedelta(days=days)
        )
        if not allowed:
            report.problems.append(
                ChainProblem(
                    insp.id,
                    insp.order_number,
                    "retention",
                    f"The video of inspection {insp.id} (order {insp.order_number}) was removed "
                    f"on {_time(entry.at)} under a rule that did not allow it ({rule}).",
                )
            )


def _unknown_videos(storage_root: Path, known: set[str], report: ChainReport) -> None:
    videos = storage_root / "videos"
    if not videos.is_dir():
        return
    restored = {uid[:8] for uid in report.restored_away}
    left = 0
    for path in sorted(videos.rglob("*.mp4")):
        if path.name.startswith("."):
            continue  # a temporary copy or a removal in progress, settled at start-up
        rel = path.relative_to(storage_root).as_posix()
        if rel not in known and path.stem.rsplit("_", 1)[-1][:8] in restored:
            left += 1
            continue
        if rel not in known:
            report.problems.append(
                ChainProblem(
                    None,
                    "",
                    "video-unknown",
                    f"{path} is a video no record knows: its inspection was deleted from the "
                    "database, or the database was replaced by an older copy.",
                )
            )
    if left:
        report.notes.append(
            f"restored: {left} video(s) of inspections the restore took away are still in "
            "videos/ (kept: they are evidence of what was recorded)."
        )


# Where a segment's copies are to be checked from this desk: the files that must exist and
# match, or None when none is reachable from here (another desk's file, not shared yet).
VideoLocator = Callable[[Inspection, VideoSegment], list[Path] | None]
# The same for a camera's own stream kept beside a video.
StreamLocator = Callable[[Inspection, CameraStream], list[Path] | None]


def verify_chain_steps(
    session: Session,
    storage_root: Path,
    check_videos: bool = True,
    desk_public_key: str = "",
    locate: VideoLocator | None = None,
    sources: AnchorSources | None = None,
    locate_stream: StreamLocator | None = None,
) -> Iterator[tuple[int, int, ChainReport]]:
    """verify_chain as a generator yielding (done, total, report so far), for progress bars.

    `locate` says which copies of a video to check (default: the file in the data folder);
    `sources` which copies of the anchor to compare and which keys to accept.
    """
    if sources is None:
        sealer: Sealer | None = session.info.get(SEALER_KEY)
        sources = AnchorSources(
            desk_id=sealer.chain_id if sealer else "local", key_exists=bool(desk_public_key)
        )
    if locate is None:
        locate = lambda _insp, seg: [storage_root / seg.path]  # noqa: E731
    if locate_stream is None:
        locate_stream = lambda _insp, stream: [storage_root / stream.path]  # noqa: E731
    report = ChainReport()
    inspections = session.exec(select(Inspection).order_by(Inspection.id)).all()
    entries = session.exec(select(SealEntry).order_by(SealEntry.seq)).all()
    uids = {i.uid: i for i in inspections}
    seals_of: dict[int, list[SealEntry]] = {}
    for entry in entries:
        seals_of.setdefault(entry.inspection_id, []).append(entry)
    _check_seal_log(entries, uids, report)
    _check_anchor(
        session, storage_root / anchor.ANCHOR_FILE, entries, desk_public_key, sources, report
    )
    for entry in entries:
        if sources.fingerprints and not _key_ok(entry.public_key, "", sources.fingerprints):
            report.problems.append(
                ChainProblem(
                    None,
                    "",
                    "foreign-key",
                    f"Seal {entry.seq} (inspection {entry.inspection_uid[:12]}) is signed by key "
                    f"{fingerprint(entry.public_key) if entry.public_key else 'none'}, none of "
                    "the given fingerprints.",
                )
            )
    _check_video_stamps(session, sources.trust, report)
    # Photos are stored once for every desk: their bytes must still hash as recorded.
    _photos_checked, photo_problems = stored_photos.check_stored(session)
    for bad in photo_problems:
        report.problems.append(ChainProblem(None, "", "photo-altered", bad.message))

    # Records sealed the v1 way (before the seal log), linked to each other by hash.
    v1 = {i.record_hash: i for i in inspections if i.record_hash and i.id not in seals_of}
    for entry in entries:
        replaced = _json_dict(entry.detail).get("replaces_v1_record_hash")
        if isinstance(replaced, str):
            v1.setdefault(replaced, uids.get(entry.inspection_uid))  # type: ignore[arg-type]
    successors: dict[str, list[Inspection]] = {}
    for insp in inspections:
        if insp.record_hash and insp.id not in seals_of:
            successors.setdefault(insp.prev_record_hash, []).append(insp)

    def problem(insp: Inspection, kind: str, message: str) -> None:
        report.problems.append(ChainProblem(insp.id, insp.order_number, kind, message))

    segments: dict[int, list[VideoSegment]] = {}
    known_paths: set[str] = set()
    for seg in session.exec(select(VideoSegment).order_by(VideoSegment.seq)):
        segments.setdefault(seg.inspection_id, []).append(seg)
        known_paths.add(Path(seg.path).as_posix())
    streams: dict[int, list[CameraStream]] = {}
    for stream in session.exec(select(CameraStream).order_by(CameraStream.camera)):
        streams.setdefault(stream.inspection_id, []).append(stream)
        known_paths.add(Path(stream.path).as_posix())
    total = len(inspections)
    yield 0, total, report
    for done, insp in enumerate(inspections, 1):
        mine = seals_of.get(insp.id or 0, [])
        if mine:
            report.sealed += 1
            last = mine[-1]
            now = content_hash(session, insp, storage_root, last.events_upto)
            if now != last.content_hash:
                problem(
                    insp,
                    "altered",
                    f"Inspection {insp.id} (order {insp.order_number}) was altered after seal "
                    f"{last.seq} ({_time(last.at)}): its record, answers, photos, history or "
                    f"videos hash to {now[:16]}…, the seal says {last.content_hash[:16]}….",
                )
            elif insp.record_hash != last.entry_hash:
                problem(
                    insp,
                    "altered",
                    f"Inspection {insp.id} (order {insp.order_number}) names a seal "
                    f"({insp.record_hash[:16] or 'none'}…) that is not its latest, seal {last.seq}.",
                )
            _check_retention(insp, mine, report)
            sealed_facts = sealed_order_facts(insp)
            if sealed_facts is not None and (
                changes := order_changes(sealed_facts, live_order_facts(session, insp))
            ):
                problem(
                    insp,
                    "order-changed",
                    f"The order facts inspection {insp.id} (order {insp.order_number}) was sealed "
                    f"with were changed afterwards: {'; '.join(changes[:5])}"
                    f"{' …' if len(changes) > 5 else ''}.",
                )
        elif insp.record_hash:
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
            if insp.prev_record_hash and insp.prev_record_hash not in v1:
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
            if insp.video_removed_at is not None:
                _check_retention(insp, [], report)
        elif insp.status in SEALED_STATUSES:
            problem(
                insp,
                "unsealed",
                f"Inspection {insp.id} (order {insp.order_number}) finished but carries no seal: "
                "it was sealed by nobody, or its seal was erased.",
            )
        if check_videos:
            for seg in segments.get(insp.id or 0, []):
                if seg.sha256 or seg.removed_at is not None:
                    _check_kept_file(
                        insp,
                        seg,
                        locate,
                        "The video",
                        report,
                        problem,
                        _start_contradiction,
                    )
            for stream in streams.get(insp.id or 0, []):
                what = f"Camera {stream.camera}'s own stream"
                _check_kept_file(insp, stream, locate_stream, what, report, problem)
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
    if check_videos:
        _unknown_videos(storage_root, known_paths, report)
    yield total, total, report


def _check_kept_file(
    insp: Inspection,
    kept: VideoSegment | CameraStream,
    locate: Callable[[Inspection, Any], list[Path] | None],
    what: str,
    report: ChainReport,
    problem: Callable[[Inspection, str, str], None],
    contradiction: Callable[[Path, Any], str] | None = None,
) -> None:
    """A file kept with a record (a video segment, a camera's own stream) must hash as recorded
    in every copy `locate` names (None: none reachable from here); one removed by retention is
    counted as removed. `contradiction` checks the file's own time against the record's."""
    if kept.removed_at is not None:
        report.videos_removed += 1
        return
    paths = locate(insp, kept)
    if paths is None:
        report.videos_elsewhere += 1
        return
    whose = f"{what} of inspection {insp.id} (order {insp.order_number})"
    for path in paths:
        report.videos_checked += 1
        if not path.exists():
            problem(
                insp,
                "video-missing",
                f"{whose} is missing: {path}. It was not removed by retention.",
            )
        elif sha256_file(path) != kept.sha256:
            problem(
                insp,
                "video-altered",
                f"{whose} no longer matches the hash taken when it was recorded: {path}.",
            )
        elif contradiction is not None and (why := contradiction(path, kept)):
            problem(
                insp,
                "time-contradiction",
                f"Inspection {insp.id} (order {insp.order_number}): {why}.",
            )


def _start_contradiction(path: Path, seg: VideoSegment) -> str:
    """The segment's recorded start against its MP4's own creation time (core/video_time.py)."""
    try:
        with open(path, "rb") as fh:
            created = mp4_creation_time(fh)
    except (OSError, struct.error, IndexError):
        return ""  # unreadable here: the hash check above speaks for the file
    return start_contradiction(seg.started_at, created)


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
