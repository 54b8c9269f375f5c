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

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from inspector.core import anchor
from inspector.core.database import lock_chain
from inspector.core.errors import InspectorError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    ChecklistAnswer,
    ChecklistStep,
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    Operator,
    SealEntry,
    Station,
    VideoSegment,
    utcnow,
)
from inspector.core.signing import DeskKey, fingerprint, verify_signature

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

    def key(self) -> DeskKey:
        """The desk's key, made the first time anything is sealed."""
        if self._key is None:
            self._key = DeskKey.load_or_create(self.root)
        return self._key

    @property
    def anchor_path(self) -> Path:
        return self.root / anchor.ANCHOR_FILE


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
    return {
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
        "photos": {rel: _photo_hash(root, rel) for rel in sorted(photos)},
        "events": [
            {"id": e.id, "at": _time(e.at), "kind": e.kind, "message": e.message, "actor": e.actor}
            for e in events
        ],
    }


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
    line = anchor.make_line(
        key, entry.seq, entry.entry_hash, entry.inspection_uid, kind, _time(entry.at) or ""
    )
    hooks: list[Callable[[], None]] = session.info.setdefault(AFTER_COMMIT_KEY, [])
    hooks.append(lambda: anchor.append(sealer.root, [line]))
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

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    session: Session,
    storage_root: Path,
    check_videos: bool = True,
    desk_public_key: str = "",
) -> ChainReport:
    """Check every seal, every record against its seal, the anchor, and every video on disk."""
    steps = verify_chain_steps(session, storage_root, check_videos, desk_public_key)
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


def _check_anchor(
    anchor_path: Path, entries: list[SealEntry], desk_public_key: str, report: ChainReport
) -> None:
    read = anchor.read(anchor_path)
    for text in read.problems:
        report.problems.append(ChainProblem(None, "", "anchor", text))
    by_seq = {e.seq: e for e in entries}
    db_last = max(by_seq, default=0)
    for line in read.lines:
        if desk_public_key and line.public_key != desk_public_key:
            report.problems.append(
                ChainProblem(
                    None,
                    "",
                    "anchor",
                    f"Anchor line for seal {line.seq} is signed by another key "
                    f"({fingerprint(line.public_key)}), not this desk's.",
                )
            )
            continue
        report.anchored += 1
        entry = by_seq.get(line.seq)
        if entry is not None and entry.entry_hash != line.entry_hash:
            report.problems.append(
                ChainProblem(
                    None,
                    "",
                    "rolled-back",
                    f"Seal {line.seq} in the database is not the seal the anchor recorded "
                    f"({entry.entry_hash[:16]}… against {line.entry_hash[:16]}…): the seal log "
                    "was rewritten or the database replaced by another.",
                )
            )
    head = read.head
    if head is not None and head.seq > db_last:
        gone = [line for line in read.lines if line.seq > db_last]
        uids = sorted({line.inspection_uid for line in gone})
        report.problems.append(
            ChainProblem(
                None,
                "",
                "rolled-back",
                f"The chain anchor ({anchor_path.name}) records {head.seq} seals, the newest "
                f"{head.entry_hash[:16]}…; the database holds {db_last}. The database was "
                f"wiped, truncated or replaced by an older copy: seals {db_last + 1}–{head.seq} "
                f"(inspections {', '.join(u[:12] for u in uids[:10])}"
                f"{' …' if len(uids) > 10 else ''}) are gone.",
            )
        )


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
    for path in sorted(videos.rglob("*.mp4")):
        if path.name.startswith("."):
            continue  # a temporary copy or a removal in progress, settled at start-up
        rel = path.relative_to(storage_root).as_posix()
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


# Where a segment's copies are to be checked from this desk: the files that must exist and
# match, or None when none is reachable from here (another desk's file, not shared yet).
VideoLocator = Callable[[Inspection, VideoSegment], list[Path] | None]


def verify_chain_steps(
    session: Session,
    storage_root: Path,
    check_videos: bool = True,
    desk_public_key: str = "",
    locate: VideoLocator | None = None,
) -> Iterator[tuple[int, int, ChainReport]]:
    """verify_chain as a generator yielding (done, total, report so far), for progress bars.

    `locate` says which copies of a video to check (default: the file in the data folder).
    """
    if locate is None:
        locate = lambda _insp, seg: [storage_root / seg.path]  # noqa: E731
    report = ChainReport()
    inspections = session.exec(select(Inspection).order_by(Inspection.id)).all()
    entries = session.exec(select(SealEntry).order_by(SealEntry.seq)).all()
    uids = {i.uid: i for i in inspections}
    seals_of: dict[int, list[SealEntry]] = {}
    for entry in entries:
        seals_of.setdefault(entry.inspection_id, []).append(entry)
    _check_seal_log(entries, uids, report)
    _check_anchor(storage_root / anchor.ANCHOR_FILE, entries, desk_public_key, report)

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
                if seg.removed_at is not None:
                    report.videos_removed += 1
                    continue
                if not seg.sha256:
                    continue
                paths = locate(insp, seg)
                if paths is None:
                    report.videos_elsewhere += 1
                    continue
                for path in paths:
                    report.videos_checked += 1
                    if not path.exists():
                        problem(
                            insp,
                            "video-missing",
                            f"The video of inspection {insp.id} (order {insp.order_number}) is "
                            f"missing: {path}. It was not removed by retention.",
                        )
                    elif sha256_file(path) != seg.sha256:
                        problem(
                            insp,
                            "video-altered",
                            f"The video of inspection {insp.id} (order {insp.order_number}) no "
                            f"longer matches the hash taken when it was recorded: {path}.",
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
    if check_videos:
        _unknown_videos(storage_root, known_paths, report)
    yield total, total, report


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
