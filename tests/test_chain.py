"""The integrity chain: sealing on completion, and verify --all naming what no longer matches."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from inspector.core.chain import (
    compute_record_hash,
    reseal_inspection,
    seal_inspection,
    verify_chain,
)
from inspector.core.models import Inspection, InspectionEvent, VideoSegment

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL


def _rows(ctx):
    with ctx.db.session() as s:
        return {i.id: i for i in s.exec(select(Inspection).order_by(Inspection.id))}


def _verify(ctx):
    with ctx.db.session() as s:
        return verify_chain(s, ctx.storage.root)


def test_completed_inspections_are_sealed_into_a_chain(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    rows = _rows(ctx)
    assert len(rows[a.id].record_hash) == 64
    assert rows[a.id].prev_record_hash == ""
    assert rows[b.id].prev_record_hash == rows[a.id].record_hash
    with ctx.db.session() as s:
        assert compute_record_hash(s, rows[b.id]) == rows[b.id].record_hash
    report = _verify(ctx)
    assert report.ok, report.problems
    assert (report.sealed, report.videos_checked) == (2, 2)


def test_altering_deleting_or_touching_the_video_is_named(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    c = record_inspection("TB-3", "SF3", seconds=1)
    # Someone edits the decision of a past inspection straight in the database.
    with ctx.db.session() as s:
        row = s.get(Inspection, a.id)
        row.decision = "sign"
        s.add(row)
    report = _verify(ctx)
    assert [(p.inspection_id, p.kind) for p in report.problems] == [(a.id, "altered")]
    assert "TB-1" in report.problems[0].message

    _delete_behind_the_apps_back(ctx, b.id)
    report = _verify(ctx)
    kinds = {(p.inspection_id, p.kind) for p in report.problems}
    assert (c.id, "broken-link") in kinds

    # A changed byte in C's video on disk.
    path = ctx.storage.root / next(seg.path for seg in _segments(ctx) if seg.inspection_id == c.id)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    kinds = {(p.inspection_id, p.kind) for p in _verify(ctx).problems}
    assert (c.id, "video-altered") in kinds


def _delete_behind_the_apps_back(ctx, inspection_id: int) -> None:
    """Delete a row straight in the database, references unchecked, as someone with a
    database tool would (sqlite3 on a desk's file, psql on a warehouse server)."""
    if ctx.db.is_server:
        with ctx.db.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.execute(sa.text("DELETE FROM inspection WHERE id = :id"), {"id": inspection_id})
        return
    conn = sqlite3.connect(ctx.storage.db_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM inspection WHERE id = ?", (inspection_id,))
    conn.commit()
    conn.close()


def _segments(ctx):
    with ctx.db.session() as s:
        return list(s.exec(select(VideoSegment)))


def test_reseal_after_a_legitimate_change_relinks_the_tail_and_logs_it(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    old = _rows(ctx)[a.id].record_hash
    with ctx.db.session() as s:
        row = s.get(Inspection, a.id)
        row.decision = "reject"
        new = reseal_inspection(s, row, reason="decision made", actor="Li Na")
    assert new != old
    rows = _rows(ctx)
    assert rows[b.id].prev_record_hash == new
    assert _verify(ctx).ok
    with ctx.db.session() as s:
        events = s.exec(select(InspectionEvent).where(InspectionEvent.kind == "resealed")).all()
    assert len(events) == 1 and old in events[0].message and new in events[0].message


def test_an_erased_seal_is_reported_as_unsealed(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    with ctx.db.session() as s:
        row = s.get(Inspection, a.id)
        row.record_hash = ""
        s.add(row)
    assert [p.kind for p in _verify(ctx).problems] == ["unsealed"]


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
