"""Starting and stopping an inspection through the services the GUI and CLI share."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inspector.capture.overlay import ensure_text_rendering
from inspector.capture.pipeline import open_capture
from inspector.capture.sources import DemoSource
from inspector.core.errors import ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import Inspection, InspectionEvent, VideoSegment
from inspector.services.inspections import list_inspections
from inspector.services.recording import StartRequest, check_start, start_inspection
from tests.helpers import decode


@pytest.fixture
def capture():
    ensure_text_rendering()
    cap = open_capture(DemoSource(320, 240, 30))
    yield cap
    cap.stop()


def test_record_two_seconds_and_complete_the_row(ctx, capture):
    active = start_inspection(
        ctx, capture, StartRequest(" tb-77 ", "sf 123 456", "王伟", "Desk 1"), max_seconds=2
    )
    with ctx.db.session() as s:
        assert s.get(Inspection, active.inspection_id).status == "recording"
    assert active.recorder.finished.wait(10)
    summary = active.stop()
    assert summary.status == "completed"
    assert (summary.order, summary.courier) == ("TB-77", "SF123456")
    assert (summary.operator, summary.station) == ("王伟", "Desk 1")
    assert summary.frame_count == 60 and summary.dropped_frames == 0
    assert summary.duration_s == pytest.approx(2.0, abs=0.05)
    assert summary.sha256 == sha256_file(summary.video_path)
    assert decode(summary.video_path).frames == 60
    with ctx.db.session() as s:
        seg = s.exec(select(VideoSegment)).one()
        assert not seg.path.startswith("/"), "paths are stored relative to the data directory"
        kinds = [e.kind for e in s.exec(select(InspectionEvent).order_by(InspectionEvent.id))]
    assert kinds == ["started", "stopped"]
    assert [r.id for r in list_inspections(ctx, courier="SF123456")] == [summary.id]


def test_empty_order_number_is_refused_and_leaves_nothing(ctx, capture):
    assert check_start(ctx, StartRequest("   ")) == [
        "Enter or scan the order number before starting."
    ]
    with pytest.raises(ValidationError, match="order number"):
        start_inspection(ctx, capture, StartRequest(""))
    with ctx.db.session() as s:
        assert s.exec(select(Inspection)).all() == []
    assert not list(ctx.storage.videos_dir.rglob("*.mp4"))


def test_low_disk_refuses_to_start_and_says_how_much_is_free(ctx, capture, monkeypatch):
    monkeypatch.setattr(type(ctx.storage), "free_bytes", lambda self: 500_000_000)
    ctx.settings.set("disk_reserve_gb", 2)
    problems = check_start(ctx, StartRequest("TB1"))
    assert len(problems) == 1 and "500.0 MB is free" in problems[0] and "2.0 GB" in problems[0]
    with pytest.raises(ValidationError):
        start_inspection(ctx, capture, StartRequest("TB1"))


def test_stop_before_the_limit_keeps_what_was_recorded(ctx, capture):
    active = start_inspection(ctx, capture, StartRequest("TB2"))
    while active.recorder.frames_written < 10:
        active.recorder.finished.wait(0.05)
    summary = active.stop()
    assert summary.status == "completed" and summary.frame_count >= 10
    assert decode(summary.video_path).frames == summary.frame_count
