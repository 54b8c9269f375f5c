"""Two desks, one database, one shared video folder: copies checked, any desk plays, exports
and verifies any video, a share that goes away queues and catches up, retention and verify
keep to each desk's own files."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector.capture.overlay import ensure_text_rendering
from inspector.capture.pipeline import open_capture
from inspector.capture.sources import DemoSource
from inspector.core.database import sqlite_url
from inspector.core.hashing import sha256_file
from inspector.core.models import VideoCopy, VideoSegment, utcnow
from inspector.core.progress import run_with_progress
from inspector.core.shared_videos import SHARED_VIDEOS_ENV
from inspector.services.context import AppContext
from inspector.services.doctor import doctor
from inspector.services.evidence import export_bundle, export_clip, verify_all
from inspector.services.guided import decide
from inspector.services.inspections import get_inspection
from inspector.services.maintenance import cleanup
from inspector.services.recording import StartRequest, start_inspection
from inspector.services.shared_videos import share_status, sync_videos, video_path
from inspector.services.warehouse import set_warehouse_setting
from tests.helpers import run_cli

BOTH_DATABASES = True


@pytest.fixture
def desks(tmp_path, database, monkeypatch):
    """Desk A and desk B: two data folders, one database, one shared folder (tmp/nas)."""
    monkeypatch.delenv(SHARED_VIDEOS_ENV, raising=False)
    url = database or sqlite_url(tmp_path / "warehouse.db")
    nas = tmp_path / "nas"
    nas.mkdir()
    opened = []
    for name in ("a", "b"):
        ctx = AppContext.open(tmp_path / name, url)
        for key, value in {
            "disk_reserve_gb": 0.01,
            "station_name": f"Desk {name.upper()}",
            "shared_videos_dir": str(nas),
        }.items():
            ctx.settings.set(key, value)
        ctx.settings.save()
        opened.append(ctx)
    yield opened[0], opened[1], nas
    for ctx in opened:
        ctx.close()


def record(ctx: AppContext, order: str, seconds: float = 2.0) -> int:
    ensure_text_rendering()
    capture = open_capture(DemoSource(320, 240, 30))
    try:
        active = start_inspection(
            ctx,
            capture,
            StartRequest(order, "SF1234567890", "Li Na", ctx.settings.station_name),
            max_seconds=seconds,
        )
        assert active.recorder.finished.wait(seconds + 15)
        summary = active.stop()
    finally:
        capture.stop()
    assert summary.status == "completed"
    return summary.id


def segment_of(ctx: AppContext, inspection_id: int) -> VideoSegment:
    with ctx.db.session() as session:
        return session.exec(
            select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)
        ).one()


def test_desk_b_plays_exports_and_verifies_desk_a_video_from_the_shared_copy(desks, tmp_path):
    a, b, nas = desks
    inspection = record(a, "TB-A1")
    seg = segment_of(a, inspection)
    local = a.storage.absolute(seg.path)
    assert video_path(b, seg.path) == b.storage.absolute(seg.path)  # not shared yet: nowhere

    report = sync_videos(a)
    assert report.copied == [seg.path] and report.waiting == 0
    shared = nas / seg.path
    assert sha256_file(shared) == seg.sha256
    assert local.is_file()  # kept for the keep period (7 days by default)
    with b.db.session() as session:
        copy = session.exec(select(VideoCopy)).one()
        assert copy.shared_path == seg.path and copy.verified_at is not None

    # Desk B finds the video in the shared folder: detail playback, clip, bundle.
    assert get_inspection(b, inspection).video_path == str(shared)
    clip = run_with_progress(export_clip(b, inspection, tmp_path / "clip.mp4", 0.0, 1.0))
    assert clip.path.is_file() and clip.path.stat().st_size > 0
    bundle = run_with_progress(export_bundle(b, inspection, tmp_path / "out"))
    with zipfile.ZipFile(bundle.path) as zf:
        name = f"video/{Path(seg.path).name}"
        assert hashlib.sha256(zf.read(name)).hexdigest() == seg.sha256
    checked = run_with_progress(verify_all(b))
    assert checked.ok, checked.problems
    assert checked.videos_checked == 1 and checked.videos_elsewhere == 0

    # After the keep period desk A lets its own file go; everyone reads the shared copy.
    a.settings.set("shared_videos_keep_days", 0)
    again = sync_videos(a)
    assert again.local_removed == [seg.path] and not local.exists()
    assert get_inspection(a, inspection).video_path == str(shared)
    mine = run_with_progress(verify_all(a))
    assert mine.ok, mine.problems
    assert mine.videos_checked == 1


def test_a_desk_that_loses_the_share_keeps_recording_queues_and_catches_up(desks, tmp_path):
    a, _b, nas = desks
    away = tmp_path / "nas-away"
    nas.rename(away)  # the share is unmounted: its folder is not there
    first = record(a, "TB-OFF1")
    report = sync_videos(a)
    assert not report.reachable and report.copied == [] and report.waiting == 1
    assert "cannot be reached" in report.failed[0]
    second = record(a, "TB-OFF2")  # recording goes on
    status = share_status(a)
    assert not status.reachable and status.waiting == 2
    assert any("NOT reachable), 2 video(s) waiting" in line for line in doctor(a).lines())
    assert not nas.exists()  # an absent share is never created on the local disk

    away.rename(nas)  # the share is back
    # The failed one waits out its back-off; the one never tried goes now.
    report = sync_videos(a)
    assert len(report.copied) == 1 and report.waiting == 1
    later = sync_videos(a, now=utcnow() + timedelta(minutes=1))
    assert later.waiting == 0 and len(later.copied) == 1
    for inspection in (first, second):
        seg = segment_of(a, inspection)
        assert sha256_file(nas / seg.path) == seg.sha256
    assert share_status(a).waiting == 0


def test_retention_on_desk_b_never_touches_desk_a_videos(desks):
    a, b, nas = desks
    shared_one = record(a, "TB-OLD1")
    sync_videos(a)
    local_only = record(a, "TB-OLD2")
    for ctx in (a, b):
        ctx.settings.set("retention_days", 1)
        ctx.settings.set("storage_quota_gb", 0.000001)
    for inspection in (shared_one, local_only):
        decide(a, inspection, "sign", confirm_unanswered=True)
    later = utcnow() + timedelta(days=30)

    plan = cleanup(b, dry_run=False, now=later)
    assert plan.plan.candidates == [] and plan.plan.used_bytes == 0
    for inspection in (shared_one, local_only):
        seg = segment_of(a, inspection)
        assert a.storage.absolute(seg.path).is_file() and seg.removed_at is None
    assert (nas / segment_of(a, shared_one).path).is_file()

    # Desk A's clean-up removes its local-only video; the shared one belongs to the owner.
    own = cleanup(a, dry_run=False, now=later)
    assert [c.inspection_id for c in own.plan.candidates] == [local_only]
    assert not a.storage.absolute(segment_of(a, local_only).path).exists()
    assert (nas / segment_of(a, shared_one).path).is_file()

    if b.db.is_server:
        # In a warehouse a desk's own file cannot make it the owner: nothing shared goes.
        b.settings.set("shared_videos_owner", True)
        assert cleanup(b, dry_run=False, now=later).plan.candidates == []
        assert (nas / segment_of(a, shared_one).path).is_file()
    # Desk B, named the shared folder's owner by the warehouse, removes the shared copy; A
    # then drops its file.
    set_warehouse_setting(a, "shared_videos_owner", b.desk_id)
    owned = cleanup(b, dry_run=False, now=later)
    assert [c.inspection_id for c in owned.plan.candidates] == [shared_one]
    seg = segment_of(a, shared_one)
    assert seg.removed_at is not None and not (nas / seg.path).exists()
    assert a.storage.absolute(seg.path).is_file()  # B never touches A's disk
    assert sync_videos(a).local_removed == [seg.path]
    assert not a.storage.absolute(seg.path).exists()
    assert run_with_progress(verify_all(a)).ok


def test_a_shared_copy_left_aside_by_an_interrupted_removal_is_put_back(desks):
    a, b, nas = desks
    inspection = record(a, "TB-ASIDE")
    sync_videos(a)
    seg = segment_of(a, inspection)
    shared = nas / seg.path
    aside = shared.with_name(f".{shared.name}.removing-abc12345")
    shared.rename(aside)  # the owner's clean-up was killed before it wrote the removal
    set_warehouse_setting(b, "shared_videos_owner", b.desk_id)
    cleanup(b, dry_run=False)  # retention off: nothing to remove, the leftover settled
    assert shared.is_file() and not aside.exists()
    assert run_with_progress(verify_all(b)).ok


def test_verify_all_on_desk_b_does_not_call_desk_a_local_only_video_missing(desks):
    a, b, _nas = desks
    record(a, "TB-LOCAL")  # not copied yet
    report = run_with_progress(verify_all(b))
    assert report.ok, report.problems
    assert report.videos_checked == 0 and report.videos_elsewhere == 1
    # Desk A checks its own file and finds a changed one.
    seg = segment_of(a, 1)
    path = a.storage.absolute(seg.path)
    path.write_bytes(path.read_bytes()[:-10])
    mine = run_with_progress(verify_all(a))
    assert [p.kind for p in mine.problems] == ["video-altered"]


def test_record_then_sync_videos_on_the_command_line(tmp_path):
    nas = tmp_path / "nas"
    nas.mkdir()
    data = tmp_path / "desk"
    common = ["--data-dir", str(data), "--shared-videos", str(nas) + "-missing"]
    small = ["--source", "demo", "--width", "320", "--height", "240", "--seconds", "1.5"]
    done = run_cli(*common, "record", "--order", "TB-CLI", *small)
    assert done.returncode == 0, done.stderr
    assert "cannot be reached: 1 video(s) wait" in done.stderr  # recorded, queued
    status = run_cli(*common[:2], "--shared-videos", str(nas), "sync-videos")
    assert status.returncode == 0, status.stderr
    assert "Copied and checked" in status.stdout
    assert "Every video of this desk is in the shared folder." in status.stdout
    assert len(list(nas.rglob("*.mp4"))) == 1
