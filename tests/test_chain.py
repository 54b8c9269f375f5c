"""The integrity chain, tried as someone holding the data folder and the database would.

Each attack from issue 14 is here: an edit laundered by a later legitimate reseal, a
wiped, truncated or rolled-back database, a deleted newest record and its video, a
replaced photo, deleted history, a hand-set retention mark. `verify --all` must name each.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from inspector.core import anchor
from inspector.core.chain import (
    SealRefusedError,
    entry_body,
    entry_hash,
    seal_inspection,
    verify_chain,
)
from inspector.core.database import backup_sqlite
from inspector.core.models import Inspection, InspectionEvent, SealEntry, VideoSegment, utcnow
from inspector.core.signing import KEY_FILE, DeskKey, verify_signature
from inspector.services import guided
from inspector.services.context import AppContext

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL


def _rows(ctx):
    with ctx.db.session() as s:
        return {i.id: i for i in s.exec(select(Inspection).order_by(Inspection.id))}


def _seals(ctx):
    with ctx.db.session() as s:
        return list(s.exec(select(SealEntry).order_by(SealEntry.seq)))


def _verify(ctx):
    key = DeskKey.load(ctx.storage.root)
    with ctx.db.session() as s:
        return verify_chain(s, ctx.storage.root, desk_public_key=key.public_hex if key else "")


def _kinds(report):
    return {(p.inspection_id, p.kind) for p in report.problems}


def _sql(ctx, *statements):
    """Edit the database behind the app's back, references unchecked, as someone with a
    database tool would (sqlite3 on a desk's file, psql on a warehouse server)."""
    if ctx.db.is_server:
        with ctx.db.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement, *params in statements:
                names = {f"p{n}": value for n, value in enumerate(params)}
                for name in names:
                    statement = statement.replace("?", f":{name}", 1)
                conn.execute(sa.text(statement), names)
        return
    conn = sqlite3.connect(ctx.storage.db_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement, *params in statements:
        conn.execute(statement, params)
    conn.commit()
    conn.close()


def _video(ctx, inspection_id):
    with ctx.db.session() as s:
        seg = s.exec(select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)).one()
    return ctx.storage.root / seg.path


def test_completed_inspections_are_sealed_signed_and_anchored(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    rows, seals = _rows(ctx), _seals(ctx)
    assert [(e.seq, e.inspection_id, e.kind) for e in seals] == [
        (1, a.id, "sealed"),
        (2, b.id, "sealed"),
    ]
    assert seals[1].prev_hash == seals[0].entry_hash
    assert rows[b.id].record_hash == seals[1].entry_hash
    key = DeskKey.load(ctx.storage.root)
    assert key is not None and all(e.public_key == key.public_hex for e in seals)
    for e in seals:
        assert entry_hash(entry_body(e)) == e.entry_hash
        assert verify_signature(e.public_key, e.signature, e.entry_hash.encode())
    lines = anchor.read(ctx.storage.root / anchor.ANCHOR_FILE)
    assert [(line.seq, line.entry_hash) for line in lines.lines] == [
        (e.seq, e.entry_hash) for e in seals
    ]
    report = _verify(ctx)
    assert report.ok, report.problems
    assert (report.sealed, report.seals, report.anchored, report.videos_checked) == (2, 2, 2, 2)
    assert report.signers == {key.fingerprint: 2}


def test_an_edit_is_not_laundered_by_later_legitimate_answers(ctx, record_inspection, caplog):
    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    # Someone edits A's decision straight in the database...
    _sql(ctx, ("UPDATE inspection SET decision = 'reject' WHERE id = ?", a.id))
    # ...then the desk goes on: a legitimate answer and decision on B, sealed at the tail.
    guided.answer_step(ctx, b.id, "waybill", "pass")
    guided.decide(ctx, b.id, "sign", confirm_unanswered=True)
    assert _kinds(_verify(ctx)) == {(a.id, "altered")}
    # A legitimate answer on A itself is refused, loudly, rather than sealed over the edit.
    caplog.set_level(logging.ERROR)
    with pytest.raises(SealRefusedError, match="changed outside the app"):
        guided.answer_step(ctx, a.id, "waybill", "pass")
    assert any("REFUSED to seal inspection" in r.getMessage() for r in caplog.records)
    assert _kinds(_verify(ctx)) == {(a.id, "altered")}
    # The earlier seals were never rewritten: B's first seal is still seal 2, as anchored.
    assert [e.seq for e in _seals(ctx) if e.inspection_id == a.id] == [1]


def test_a_wiped_or_truncated_database_is_found(ctx, data_dir, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    record_inspection("TB-2", "SF2", seconds=1)
    _sql(
        ctx,
        ("DELETE FROM seal_entry",),
        ("DELETE FROM inspection_event",),
        ("DELETE FROM video_segment",),
        ("DELETE FROM inspection",),
    )
    report = _verify(ctx)
    kinds = [p.kind for p in report.problems]
    assert "rolled-back" in kinds and kinds.count("video-unknown") == 2
    assert "records 2 seals" in next(p.message for p in report.problems if p.kind == "rolled-back")
    if ctx.db.is_server:
        return  # the rest deletes the desk's own database file

    # A database file deleted outright: the app makes a new, empty one.
    ctx.close()
    for path in data_dir.glob("inspector.db*"):
        path.unlink()
    fresh = AppContext.open(data_dir)
    try:
        assert not _verify(fresh).ok
        assert "rolled-back" in [p.kind for p in _verify(fresh).problems]
    finally:
        fresh.close()


def test_an_older_copy_of_the_database_is_found(ctx, data_dir, record_inspection, tmp_path):
    if ctx.db.is_server:
        pytest.skip("a copy of the desk's database file; a server is restored with its own tools")
    record_inspection("TB-1", "SF1", seconds=1)
    backup_sqlite(ctx.storage.db_path, tmp_path / "older.db")
    record_inspection("TB-2", "SF2", seconds=1)
    ctx.close()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"inspector.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "older.db", data_dir / "inspector.db")
    older = AppContext.open(data_dir)
    try:
        report = _verify(older)
        kinds = [p.kind for p in report.problems]
        assert kinds.count("rolled-back") == 1 and kinds.count("video-unknown") == 1
    finally:
        older.close()


def test_a_deleted_newest_record_and_its_video_are_found(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    video = _video(ctx, b.id)
    _sql(
        ctx,
        ("DELETE FROM seal_entry WHERE inspection_id = ?", b.id),
        ("DELETE FROM inspection_event WHERE inspection_id = ?", b.id),
        ("DELETE FROM video_segment WHERE inspection_id = ?", b.id),
        ("DELETE FROM inspection WHERE id = ?", b.id),
    )
    video.unlink()
    report = _verify(ctx)
    assert [p.kind for p in report.problems] == ["rolled-back"]
    assert b.uid[:12] in report.problems[0].message


def test_a_deleted_record_whose_seal_stays_is_named(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    record_inspection("TB-2", "SF2", seconds=1)
    video = _video(ctx, a.id)
    _sql(ctx, ("DELETE FROM inspection WHERE id = ?", a.id))
    kinds = [p.kind for p in _verify(ctx).problems]
    assert "record-deleted" in kinds
    video.unlink()
    _sql(ctx, ("DELETE FROM seal_entry WHERE inspection_id = ?", a.id))
    kinds = [p.kind for p in _verify(ctx).problems]
    assert "seal-missing" in kinds or "seal-altered" in kinds


def test_a_replaced_photo_and_deleted_history_are_found(ctx, record_inspection, tmp_path):
    import cv2
    import numpy as np

    a = record_inspection("TB-1", "SF1", seconds=1)
    picture = tmp_path / "label.jpg"
    cv2.imwrite(str(picture), np.full((40, 60, 3), 200, np.uint8))
    guided.answer_step(ctx, a.id, "waybill", "pass", photo_file=picture)
    assert _verify(ctx).ok
    with ctx.db.session() as s:
        photo = next(
            ctx.storage.root / ans.photo_path
            for ans in s.exec(select(guided.ChecklistAnswer)).all()
            if ans.photo_path
        )
    original = photo.read_bytes()
    rel = photo.relative_to(ctx.storage.root).as_posix()
    # The desk's own copy is a copy: the photo sealed is the one stored in the database, which
    # every desk reaches; a copy replaced or gone is written again from it, never "altered".
    cv2.imwrite(str(photo), np.full((40, 60, 3), 10, np.uint8))
    assert _verify(ctx).ok
    assert [Path(v.photo) for v in guided.checklist(ctx, a.id) if v.photo] == [photo]
    assert photo.read_bytes() == original
    # The stored bytes changed behind the app's back: named; the hash they were stored with
    # changed too: the inspection no longer matches its seal.
    changed = cv2.imencode(".jpg", np.full((40, 60, 3), 10, np.uint8))[1].tobytes()
    _sql(ctx, ("UPDATE stored_photo SET data = ? WHERE path = ?", changed, rel))
    assert _kinds(_verify(ctx)) == {(None, "photo-altered")}
    forged = hashlib.sha256(changed).hexdigest()
    _sql(ctx, ("UPDATE stored_photo SET sha256 = ? WHERE path = ?", forged, rel))
    assert _kinds(_verify(ctx)) == {(a.id, "altered")}
    digest = hashlib.sha256(original).hexdigest()
    _sql(
        ctx, ("UPDATE stored_photo SET data = ?, sha256 = ? WHERE path = ?", original, digest, rel)
    )
    assert _verify(ctx).ok

    with ctx.db.session() as s:
        stopped = s.exec(select(InspectionEvent).where(InspectionEvent.kind == "stopped")).one()
    _sql(ctx, ("DELETE FROM inspection_event WHERE id = ?", stopped.id))
    assert _kinds(_verify(ctx)) == {(a.id, "altered")}


def test_a_changed_video_and_a_video_no_record_knows_are_named(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    video = _video(ctx, a.id)
    data = bytearray(video.read_bytes())
    data[len(data) // 2] ^= 0xFF
    video.write_bytes(bytes(data))
    stray = video.with_name("planted.mp4")
    stray.write_bytes(b"not ours")
    kinds = _kinds(_verify(ctx))
    assert kinds == {(a.id, "video-altered"), (None, "video-unknown")}


def test_an_edited_seal_or_anchor_line_is_named(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    _sql(ctx, ("UPDATE seal_entry SET reason = 'nothing to see' WHERE inspection_id = ?", a.id))
    assert "seal-altered" in [p.kind for p in _verify(ctx).problems]
    _sql(ctx, ("UPDATE seal_entry SET reason = '' WHERE inspection_id = ?", a.id))
    assert _verify(ctx).ok
    path = ctx.storage.root / anchor.ANCHOR_FILE
    path.write_text(path.read_text().replace('"seq":1', '"seq":7'))
    assert "anchor" in [p.kind for p in _verify(ctx).problems]


def test_removal_only_by_retention_under_its_rule(ctx, record_inspection):
    from inspector.services.maintenance import cleanup

    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    guided.decide(ctx, a.id, "sign", confirm_unanswered=True)
    guided.decide(ctx, b.id, "sign", confirm_unanswered=True)
    # B's fresh video deleted by hand with a hand-set retention mark: retention keeps all.
    now = utcnow().replace(tzinfo=None).isoformat(sep=" ")
    _sql(
        ctx,
        ("UPDATE video_segment SET removed_at = ? WHERE inspection_id = ?", now, b.id),
        ("UPDATE inspection SET video_removed_at = ? WHERE id = ?", now, b.id),
    )
    _video(ctx, b.id).unlink()
    assert (b.id, "altered") in _kinds(_verify(ctx))
    assert (b.id, "retention") in _kinds(_verify(ctx))

    # A's video removed by the real clean-up under a 30-day rule, 40 days on: sealed, fine.
    ctx.settings.set("retention_days", 30)
    ctx.settings.save()
    cleanup(ctx, dry_run=False, now=utcnow() + timedelta(days=40))
    with ctx.db.session() as s:
        removal = s.exec(select(SealEntry).where(SealEntry.kind == "retention")).all()
    assert [e.inspection_id for e in removal] == [a.id]
    assert not [p for p in _verify(ctx).problems if p.inspection_id == a.id]


def test_records_sealed_before_the_seal_log_still_verify_and_are_adopted(ctx, record_inspection):
    """A v1 record (schema 0005) is checked the old way, and its next change seals it anew."""
    from inspector.core.chain import compute_record_hash

    a = record_inspection("TB-1", "SF1", seconds=1)
    with ctx.db.session() as s:
        row = s.get(Inspection, a.id)
        row.prev_record_hash = ""
        legacy = compute_record_hash(s, row)
    _sql(
        ctx,
        ("DELETE FROM seal_entry",),
        ("DELETE FROM anchor_line",),
        ("UPDATE inspection SET record_hash = ?, prev_record_hash = '' WHERE id = ?", legacy, a.id),
    )
    # Schema 0005 had no seal log, no anchor and no desk key.
    (ctx.storage.root / anchor.ANCHOR_FILE).unlink()
    (ctx.storage.root / KEY_FILE).unlink()
    assert _verify(ctx).ok
    guided.decide(ctx, a.id, "sign", confirm_unanswered=True)
    seals = _seals(ctx)
    assert [e.kind for e in seals] == ["amended"] and legacy in seals[0].detail
    assert _verify(ctx).ok


def test_desks_sealing_at_the_same_moment_keep_one_chain(pg_ctx):
    """Four desks finish 15 recordings each, all at once, on one server: no fork, no lost seal."""
    ctx = pg_ctx
    desks, each = 4, 15
    t0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    with ctx.db.session() as s:
        rows = [
            Inspection(
                order_number=f"TB-{d}-{i}",
                status="completed",
                started_at=t0,
                ended_at=t0 + timedelta(seconds=30),
            )
            for d in range(desks)
            for i in range(each)
        ]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
    start = threading.Barrier(desks)
    errors: list[BaseException] = []

    def desk(mine: list[int]) -> None:
        try:
            start.wait()
            for inspection_id in mine:
                with ctx.db.session() as s:
                    seal_inspection(s, s.get(Inspection, inspection_id))
        except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(ids[d::desks],)) for d in range(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    report = _verify(ctx)
    assert report.ok, report.problems
    assert report.sealed == desks * each
    assert [e.seq for e in _seals(ctx)] == list(range(1, desks * each + 1))
