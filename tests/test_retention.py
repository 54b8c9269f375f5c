"""Retention on a seeded data directory: exactly the right videos go, the records stay."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector.core.models import (
    EvidenceExport,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    VideoSegment,
    utcnow,
)
from inspector.services.maintenance import cleanup
from tests.helpers import run_cli

SIZE = 100_000


def seed(
    ctx, order: str, days_old: float, decision: str, segments: int = 1, **fields
) -> list[Path]:
    """An inspection recorded `days_old` days ago with `segments` video files of SIZE bytes."""
    started = utcnow() - timedelta(days=days_old)
    fields.setdefault("status", InspectionStatus.COMPLETED)
    inspection = Inspection(order_number=order, started_at=started, decision=decision, **fields)
    paths = [
        ctx.storage.new_video_path(started, order, inspection.uid, segment=n)
        for n in range(1, segments + 1)
    ]
    with ctx.db.session() as s:
        s.add(inspection)
        s.flush()
        for n, path in enumerate(paths, start=1):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes([n]) * SIZE)
            s.add(
                VideoSegment(
                    inspection_id=inspection.id,
                    seq=n,
                    path=ctx.storage.relative(path),
                    started_at=started,
                    size_bytes=SIZE,
                    sha256="x" * 64,
                )
            )
        if order.startswith("EXPORTED"):
            s.add(EvidenceExport(inspection_id=inspection.id, kind="bundle", path="/tmp/b.zip"))
    return paths


@pytest.fixture
def seeded(ctx):
    """A desk's history: what may go and every kind of video that must stay."""
    files = {
        "OLD-SIGNED": seed(ctx, "OLD-SIGNED", 100, "sign", segments=2),
        "OLD-REJECTED": seed(ctx, "OLD-REJECTED", 95, "reject", platform="taobao"),
        "EXPORTED-REJECT": seed(ctx, "EXPORTED-REJECT", 120, "reject"),
        "AMAZON-DISPUTE": seed(
            ctx,
            "AMAZON-DISPUTE",
            90,
            "dispute",
            platform="amazon",
            decided_at=utcnow() - timedelta(days=20),
        ),
        "OLD-PENDING": seed(ctx, "OLD-PENDING", 200, "pending"),
        "OLD-KEPT": seed(ctx, "OLD-KEPT", 150, "sign", keep=True),
        "RECENT-SIGNED": seed(ctx, "RECENT-SIGNED", 10, "sign"),
        "OLD-RECORDING": seed(ctx, "OLD-RECORDING", 100, "sign", status="recording"),
    }
    ctx.settings.set("retention_days", 30)
    ctx.settings.save()
    return files


def _existing(files: dict[str, list[Path]]) -> dict[str, bool]:
    return {order: all(p.exists() for p in paths) for order, paths in files.items()}


@pytest.mark.e2e
def test_dry_run_lists_then_the_real_run_deletes_exactly_those(ctx, seeded):
    data_dir = ctx.storage.root
    dry = run_cli("cleanup", "--dry-run", "--json", data_dir=data_dir)
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert sorted(c["order"] for c in plan["candidates"]) == ["OLD-REJECTED", "OLD-SIGNED"]
    assert {c["reason"] for c in plan["candidates"]} == {"retention"}
    assert plan["protected"] == {
        "marked keep": 1,
        "pending a decision": 1,
        "still recording": 1,
        "under appeal": 2,
    }
    assert all(_existing(seeded).values()), "a dry run deletes nothing"
    text = run_cli("cleanup", "--dry-run", data_dir=data_dir).stdout
    assert "Would remove 2 video(s), freeing 300.0 KB" in text
    assert "order OLD-SIGNED (sign): 2 file(s)" in text

    real = run_cli("cleanup", data_dir=data_dir)
    assert real.returncode == 0, real.stderr
    assert "Removed 2 video(s), freed 300.0 KB." in real.stdout
    assert _existing(seeded) == {
        "OLD-SIGNED": False,
        "OLD-REJECTED": False,
        "EXPORTED-REJECT": True,
        "AMAZON-DISPUTE": True,
        "OLD-PENDING": True,
        "OLD-KEPT": True,
        "RECENT-SIGNED": True,
        "OLD-RECORDING": True,
    }
    assert not any(p.exists() for paths in seeded.values() for p in paths[0].parent.glob(".*"))
    # The records stay, each noting that retention removed its video.
    with ctx.db.session() as s:
        for order in ("OLD-SIGNED", "OLD-REJECTED"):
            row = s.exec(select(Inspection).where(Inspection.order_number == order)).one()
            assert row.video_removed_at is not None
            segs = s.exec(select(VideoSegment).where(VideoSegment.inspection_id == row.id)).all()
            assert all(seg.removed_at is not None for seg in segs)
            event = s.exec(
                select(InspectionEvent).where(InspectionEvent.inspection_id == row.id)
            ).one()
            assert event.kind == "video_removed" and event.actor == "retention"
            assert "older than 30 days" in event.message
        assert len(s.exec(select(Inspection)).all()) == 8
    log = (data_dir / "logs" / "inspector.log").read_text()
    assert log.count("Retention removed the video of inspection") == 2
    again = run_cli("cleanup", "--dry-run", data_dir=data_dir).stdout
    assert "Nothing would be removed." in again


def test_quota_removes_the_oldest_decided_videos_until_under_it(ctx, seeded):
    ctx.settings.set("retention_days", 0)
    # 9 files of 100 KB are on disk; a 0.0006 GB (600 KB) quota needs 300 KB freed.
    ctx.settings.set("storage_quota_gb", 0.0006)
    report = cleanup(ctx, dry_run=False)
    removed = [o.candidate.order_number for o in report.removed]
    # Oldest eligible first: OLD-SIGNED (100 days, 2 files), then OLD-REJECTED (95 days).
    assert removed == ["OLD-SIGNED", "OLD-REJECTED"]
    assert {o.candidate.reason for o in report.removed} == {"quota"}
    assert not report.plan.quota_unmet
    assert _existing(seeded)["RECENT-SIGNED"] and _existing(seeded)["OLD-KEPT"]


def test_quota_that_cannot_be_met_says_so_and_never_touches_protected_videos(ctx, seeded):
    ctx.settings.set("retention_days", 0)
    ctx.settings.set("storage_quota_gb", 0.0001)
    report = cleanup(ctx, dry_run=False)
    assert sorted(o.candidate.order_number for o in report.removed) == [
        "OLD-REJECTED",
        "OLD-SIGNED",
        "RECENT-SIGNED",
    ]
    assert report.plan.quota_unmet
    assert any("more than the quota" in line for line in report.lines())
    existing = _existing(seeded)
    assert all(
        existing[o] for o in ("EXPORTED-REJECT", "AMAZON-DISPUTE", "OLD-PENDING", "OLD-KEPT")
    )


def test_a_failed_database_write_puts_the_files_back(ctx, seeded, monkeypatch):
    from inspector.core.errors import DatabaseError
    from inspector.core.retention import plan_cleanup, remove_videos

    with ctx.db.session() as s:
        plan = plan_cleanup(s, 30)
    assert plan.candidates

    def failing_session():
        raise DatabaseError("Writing to the database failed: disk I/O error.")

    monkeypatch.setattr(ctx.db, "session", failing_session)
    outcome = remove_videos(ctx.storage, ctx.db, plan.candidates[0], 30)
    assert not outcome.removed and "disk I/O error" in outcome.message
    assert all(_existing(seeded).values()), "every file is back where the record says"
    assert not list(ctx.storage.videos_dir.rglob(".*removing*"))


def test_a_crash_in_the_middle_of_a_removal_is_settled_at_the_next_start(ctx, seeded):
    from inspector.services.maintenance import recover_all

    signed = seeded["OLD-SIGNED"][0]
    pending = seeded["OLD-PENDING"][0]
    # A crash after a file was set aside: one whose removal was recorded, one not.
    with ctx.db.session() as s:
        seg = s.exec(
            select(VideoSegment).where(VideoSegment.path == ctx.storage.relative(signed))
        ).one()
        seg.removed_at = utcnow()
        s.add(seg)
    signed.rename(signed.with_name(f".{signed.name}.removing-abc12345"))
    pending.rename(pending.with_name(f".{pending.name}.removing-def67890"))
    recover_all(ctx)
    assert pending.exists(), "a file whose removal was never recorded is put back"
    assert not signed.exists() and not list(signed.parent.glob(f".{signed.name}*"))
    assert not list(ctx.storage.videos_dir.rglob(".*removing*"))
