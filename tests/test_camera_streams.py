"""Each camera's own stream kept beside the composed video (a desk's option, issue 24 item 2).

The files decode at each camera's own size and cover the composed video's span; the seal
holds their hashes, so verify, export and the bundle check catch one changed or gone; off,
nothing more is written and the cameras' threads keep no frames for it.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import av
import pytest
from sqlmodel import select

from inspector.capture.compose import ComposedSource, Layout
from inspector.capture.pipeline import CaptureThread
from inspector.capture.sources import DemoSource
from inspector.core.evidence import EvidenceError
from inspector.core.models import CameraStream, VideoSegment
from inspector.core.progress import run_with_progress
from inspector.services.cameras import STREAM_RING_EXTRA_S
from inspector.services.context import AppContext
from inspector.services.evidence import export_bundle, verify_all, verify_bundle_file
from inspector.services.inspections import get_inspection
from inspector.services.recording import StartRequest, start_inspection
from tests.helpers import run_cli
from tests.stream_servers import mjpeg_server, rtsp_server
from tests.test_cameras import Unpluggable


def _decode(path: str | Path) -> tuple[tuple[int, int], int, float]:
    """(width, height), frames and seconds from the first frame to the end of the last."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
    step = float(frames[1].time - frames[0].time) if len(frames) > 1 else 0.0
    span = float(frames[-1].time - frames[0].time) + step
    return (frames[0].width, frames[0].height), len(frames), span


def _rows(data: Path, inspection_id: int) -> tuple[dict, list[dict]]:
    with sqlite3.connect(data / "inspector.db") as db:
        db.row_factory = sqlite3.Row
        seg = dict(
            db.execute(
                "select * from video_segment where inspection_id=?", (inspection_id,)
            ).fetchone()
        )
        streams = [
            dict(r)
            for r in db.execute(
                "select * from camera_stream where inspection_id=? order by camera",
                (inspection_id,),
            )
        ]
    return seg, streams


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _covers(seg: dict, stream: dict, frame_s: float) -> None:
    """The stream runs from within a frame of the composed video's start to its end.

    Its first picture is the one the composed video's first picture shows, or, when that
    camera's thread lags (a loaded machine: 29 ms in one clean run), its next one.
    """
    assert _when(stream["started_at"]) <= _when(seg["started_at"]) + timedelta(
        seconds=frame_s + 0.02
    )
    assert _when(stream["started_at"]) >= _when(seg["started_at"]) - timedelta(
        seconds=frame_s + 0.05
    )
    assert _when(stream["ended_at"]) >= _when(seg["ended_at"]) - timedelta(seconds=frame_s + 0.02)
    assert stream["duration_s"] == pytest.approx(seg["duration_s"], abs=frame_s + 0.12)


def test_kept_streams_decode_at_each_cameras_size_cover_the_video_and_are_sealed(tmp_path):
    data = tmp_path / "data"
    rec = run_cli(
        "record", "--order", "KEEP-1", "--source", "demo 480x270@30", "--source", "demo 320x240@15",
        "--seconds", "2", "--keep-streams", "--json",
        data_dir=data,
    )  # fmt: skip
    assert rec.returncode == 0, rec.stderr
    summary = json.loads(rec.stdout)
    cams = summary["camera_streams"]
    assert [c["camera"] for c in cams] == [1, 2]
    assert cams[1]["name"] == summary["cameras"][1]
    seg, rows = _rows(data, summary["id"])
    for cam, row, size, fps in zip(cams, rows, [(480, 270), (320, 240)], [30, 15], strict=True):
        (kept,) = cam["streams"]
        assert Path(kept["path"]).is_file() and kept["note"] == ""
        shape, frames, span = _decode(kept["path"])
        assert shape == size == (kept["width"], kept["height"])
        assert frames == kept["frames"] and kept["codec"] == "h264"
        assert span == pytest.approx(kept["duration_s"], abs=0.05)
        _covers(seg, row, 1 / fps)
    assert _decode(summary["video_path"])[0] == (480, 270)  # the composed video as before

    ctx = AppContext.open(data, None)
    try:
        _sealed_streams_checked(ctx, tmp_path, summary, cams)
    finally:
        ctx.close()


def _problems(ctx: AppContext) -> list[str]:
    return [f"{p.kind}: {p.message}" for p in run_with_progress(verify_all(ctx)).problems]


def _sealed_streams_checked(ctx: AppContext, tmp_path: Path, summary: dict, cams: list) -> None:
    report = run_with_progress(verify_all(ctx))
    assert report.problems == [] and report.videos_checked == 3

    bundle = run_with_progress(export_bundle(ctx, summary["id"], tmp_path / "out")).path
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        members = {n: z.read(n) for n in names}
    cam_names = sorted(n for n in names if n.startswith("cameras/"))
    assert cam_names == [f"cameras/{Path(c['streams'][0]['path']).name}" for c in cams]
    videos = [n for n in names if n.startswith("video/")]
    assert videos == [f"video/{Path(summary['video_path']).name}"]  # the composed one alone
    # The reviewer's pages name them: inspection.json and index.html (the report's row).
    shown = json.loads(members["inspection.json"])["video"]["camera_streams"]
    assert [(c["camera"], c["path"]) for c in shown] == [(1, cam_names[0]), (2, cam_names[1])]
    assert "2 files in this bundle&#x27;s cameras folder" in members["index.html"].decode()
    assert verify_bundle_file(ctx, bundle).ok

    # A bundle whose camera stream was changed, or left out, is refused.
    changed = tmp_path / "changed.zip"
    left_out = tmp_path / "left-out.zip"
    for target, drop in ((changed, False), (left_out, True)):
        with zipfile.ZipFile(target, "w") as z:
            for name, blob in members.items():
                if name == cam_names[1]:
                    if drop:
                        continue
                    blob = blob[:4000] + bytes([blob[4000] ^ 1]) + blob[4001:]
                z.writestr(name, blob)
    bad = verify_bundle_file(ctx, changed)
    assert not bad.ok and cam_names[1] in bad.check.altered, bad.lines()
    gone = verify_bundle_file(ctx, left_out)
    assert not gone.ok and cam_names[1] in gone.check.missing, gone.lines()

    # One stream file changed on the desk: verify names it; export refuses it.
    path = Path(cams[1]["streams"][0]["path"])
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    (altered,) = _problems(ctx)
    assert altered.startswith(f"video-altered: Camera 2's own stream of inspection {summary['id']}")
    assert str(path) in altered
    with pytest.raises(EvidenceError, match=str(path)):
        run_with_progress(export_bundle(ctx, summary["id"], tmp_path / "again"))

    # Gone from the desk: missing, named.
    path.unlink()
    (missing,) = _problems(ctx)
    assert missing.startswith(f"video-missing: Camera 2's own stream of inspection {summary['id']}")

    # Its row edited: the seal no longer holds.
    with ctx.db.session() as session:
        row = session.exec(select(CameraStream).where(CameraStream.camera == 2)).one()
        row.sha256 = "0" * 64
        session.add(row)
    assert any(
        p.startswith(f"altered: Inspection {summary['id']} (order KEEP-1) was altered")
        for p in _problems(ctx)
    )


def test_without_the_option_nothing_more_is_written_or_kept(ctx, qapp):
    composed = ComposedSource([DemoSource(320, 240, 30.0), DemoSource(320, 240, 30.0)])
    capture = CaptureThread(composed)
    capture.start()
    try:
        assert not ctx.settings.keep_camera_streams  # off by default
        active = start_inspection(ctx, capture, StartRequest("KEEP-OFF"), max_seconds=1)
        # The cameras' own threads keep no frames and feed no recorder beyond the composition.
        assert all(c.ring_margin == 0 and not c._recorders for c in composed.captures)
        assert active.recorder.finished.wait(10)
        summary = active.stop()
    finally:
        capture.stop()
    assert summary.status == "completed" and summary.camera_streams == []
    assert [p.name for p in ctx.storage.videos_dir.rglob("*.mp4")] == [
        Path(summary.video_path).name
    ]
    with ctx.db.session() as session:
        assert session.exec(select(CameraStream)).all() == []


def test_a_camera_lost_mid_recording_ends_its_own_stream_there_with_a_note(ctx, qapp):
    close_up = Unpluggable()
    composed = ComposedSource(
        [DemoSource(320, 240, 30.0), close_up],
        Layout.SIDE_BY_SIDE,
        backoff_max=0.5,
        camera_ring_s=1.0 + STREAM_RING_EXTRA_S,
    )
    capture = CaptureThread(composed)
    capture.start()
    try:
        active = start_inspection(ctx, capture, StartRequest("KEEP-LOST"), keep_streams=True)
        assert [s.camera for s in active.streams] == [1, 2]
        deadline = time.monotonic() + 20
        while active.recorder.elapsed < 1.0 and time.monotonic() < deadline:
            time.sleep(0.05)
        close_up.unplugged.set()
        assert active.streams[1].recorder.finished.wait(10)  # finished where the camera went
        lost_at = active.recorder.elapsed
        while active.recorder.elapsed < lost_at + 1.0 and time.monotonic() < deadline:
            time.sleep(0.05)
        summary = active.stop()
    finally:
        close_up.unplugged.clear()
        capture.stop()
    assert summary.status == "completed"  # the others recorded on
    first, second = (c["streams"][0] for c in summary.camera_streams)
    assert first["note"] == "" and first["duration_s"] == pytest.approx(summary.duration_s, abs=0.2)
    assert second["duration_s"] <= lost_at + 0.2 and second["duration_s"] >= 0.7
    assert second["note"].startswith("Camera 2's own stream ends at ")
    assert "stopped delivering pictures" in second["note"]
    assert _decode(second["path"])[1] == second["frames"]
    with ctx.db.session() as session:
        seg = session.exec(select(VideoSegment)).one()
        rows = session.exec(select(CameraStream).order_by(CameraStream.camera)).all()
    assert [r.segment_seq for r in rows] == [seg.seq, seg.seq]


def test_network_cameras_streams_are_kept_at_their_own_size(ctx, qapp):
    """An RTSP and an MJPEG camera (the servers the network tests use), 2 s, streams kept."""
    from inspector.capture.pipeline import open_capture
    from inspector.services.cameras import desk_source

    rtsp = rtsp_server(width=640, height=480)
    mjpeg = mjpeg_server(width=320, height=240)
    rtsp.start()
    mjpeg.start()
    try:
        capture = open_capture(
            desk_source([rtsp.url, mjpeg.url], None, None, None, keep_streams=True)
        )
        try:
            active = start_inspection(
                ctx, capture, StartRequest("KEEP-NET"), max_seconds=2, keep_streams=True
            )
            assert active.recorder.finished.wait(20)
            summary = active.stop()
        finally:
            capture.stop()
    finally:
        rtsp.stop()
        mjpeg.stop()
    seg, rows = _rows(ctx.storage.db_path.parent, summary.id)
    for cam, row, size in zip(summary.camera_streams, rows, [(640, 480), (320, 240)], strict=True):
        (kept,) = cam["streams"]
        shape, frames, _span = _decode(kept["path"])
        assert shape == size and frames == kept["frames"] >= 15
        _covers(seg, row, 1 / 15 + 0.1)  # a network camera's frames arrive with jitter


def test_retention_removes_the_cameras_streams_with_the_video_and_the_seal_holds(ctx, qapp):
    from inspector.services.guided import decide
    from inspector.services.maintenance import cleanup

    composed = ComposedSource(
        [DemoSource(320, 240, 30.0), DemoSource(160, 120, 15.0)],
        camera_ring_s=1.0 + STREAM_RING_EXTRA_S,
    )
    capture = CaptureThread(composed)
    capture.start()
    try:
        active = start_inspection(
            ctx, capture, StartRequest("KEEP-GONE"), max_seconds=1, keep_streams=True
        )
        assert active.recorder.finished.wait(10)
        summary = active.stop()
    finally:
        capture.stop()
    decide(ctx, summary.id, "sign", "checked", confirm_unanswered=True)
    kept = [Path(c["streams"][0]["path"]) for c in summary.camera_streams]
    assert len(kept) == 2 and all(p.exists() for p in kept)
    ctx.settings.set("retention_days", 0)
    ctx.settings.set("storage_quota_gb", 0.000001)  # 1 KB: the video must go
    report = cleanup(ctx, dry_run=False)
    (removed,) = report.removed
    assert removed.candidate.size_bytes == summary.size_bytes + sum(
        c["streams"][0]["size_bytes"] for c in summary.camera_streams
    )
    assert not Path(summary.video_path).exists() and not any(p.exists() for p in kept)
    with ctx.db.session() as session:
        assert all(c.removed_at is not None for c in session.exec(select(CameraStream)))
    report = run_with_progress(verify_all(ctx))
    assert report.problems == [] and report.videos_removed == 3


def test_the_shared_folder_takes_the_streams_as_it_takes_videos(tmp_path, monkeypatch, qapp):
    from inspector.core.database import sqlite_url
    from inspector.core.shared_videos import SHARED_VIDEOS_ENV
    from inspector.services.shared_videos import sync_videos

    monkeypatch.delenv(SHARED_VIDEOS_ENV, raising=False)
    nas = tmp_path / "nas"
    nas.mkdir()
    desks = []
    for name in ("a", "b"):
        desk = AppContext.open(tmp_path / name, sqlite_url(tmp_path / "warehouse.db"))
        desk.settings.set("disk_reserve_gb", 0.01)
        desk.settings.set("station_name", f"Desk {name.upper()}")
        desk.settings.set("shared_videos_dir", str(nas))
        desks.append(desk)
    a, b = desks
    try:
        composed = ComposedSource(
            [DemoSource(320, 240, 30.0), DemoSource(160, 120, 15.0)],
            camera_ring_s=1.0 + STREAM_RING_EXTRA_S,
        )
        capture = CaptureThread(composed)
        capture.start()
        try:
            active = start_inspection(
                a, capture, StartRequest("KEEP-NAS"), max_seconds=1, keep_streams=True
            )
            assert active.recorder.finished.wait(10)
            summary = active.stop()
        finally:
            capture.stop()
        rels = [a.storage.relative(Path(c["streams"][0]["path"])) for c in summary.camera_streams]
        report = sync_videos(a)
        assert report.copied[1:] == rels and report.waiting == 0
        # Desk B finds them in the shared folder: show, export, verify.
        shown = [c["streams"][0]["path"] for c in get_inspection(b, summary.id).camera_streams]
        assert shown == [str(nas / rel) for rel in rels]
        bundle = run_with_progress(export_bundle(b, summary.id, tmp_path / "out")).path
        with zipfile.ZipFile(bundle) as z:
            assert sum(n.startswith("cameras/") for n in z.namelist()) == 2
        on_b = run_with_progress(verify_all(b))
        assert on_b.ok and on_b.videos_checked == 3, on_b.problems
        # Past the keep period desk A lets its own files go; the shared copies are checked.
        a.settings.set("shared_videos_keep_days", 0)
        video = a.storage.relative(Path(summary.video_path))
        assert sorted(sync_videos(a).local_removed) == sorted([video, *rels])
        on_a = run_with_progress(verify_all(a))
        assert on_a.ok and on_a.videos_checked == 3, on_a.problems
        (nas / rels[1]).write_bytes(b"changed")
        assert any(
            "Camera 2's own stream" in p.message for p in run_with_progress(verify_all(b)).problems
        )
    finally:
        for desk in desks:
            desk.close()


def test_streams_of_a_record_kept_for_later_are_sealed_when_the_database_is_back(ctx, qapp):
    from inspector.core.hashing import sha256_file
    from inspector.services.recording import RecordKeptError, complete_pending

    composed = ComposedSource(
        [DemoSource(320, 240, 30.0), DemoSource(160, 120, 15.0)],
        camera_ring_s=1.0 + STREAM_RING_EXTRA_S,
    )
    capture = CaptureThread(composed)
    capture.start()
    try:
        active = start_inspection(
            ctx, capture, StartRequest("KEEP-LATER"), max_seconds=1, keep_streams=True
        )
        assert active.recorder.finished.wait(10)
        # Another program holds the database for writing when the recording ends.
        blocker = sqlite3.connect(ctx.storage.db_path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(RecordKeptError):
                active.stop()
        finally:
            blocker.rollback()
            blocker.close()
    finally:
        capture.stop()
    files = [s.recorder.path for s in active.streams]
    assert all(p.exists() for p in files)
    assert complete_pending(ctx) == [active.inspection_id]
    with ctx.db.session() as session:
        rows = session.exec(select(CameraStream).order_by(CameraStream.camera)).all()
    assert [r.sha256 for r in rows] == [sha256_file(p) for p in files]
    report = run_with_progress(verify_all(ctx))
    assert report.problems == [] and report.videos_checked == 3


def test_a_continued_recording_keeps_its_own_streams_beside_its_segment(ctx, qapp):
    from inspector.capture.pipeline import CaptureState
    from inspector.services.maintenance import continue_inspection

    cameras = [Unpluggable(), Unpluggable()]
    composed = ComposedSource(
        cameras, Layout.SIDE_BY_SIDE, backoff_max=0.5, camera_ring_s=1.0 + STREAM_RING_EXTRA_S
    )
    capture = CaptureThread(composed, backoff_initial=0.2, backoff_max=0.5)
    capture.start()
    ctx.settings.set("keep_camera_streams", True)
    try:
        first = start_inspection(ctx, capture, StartRequest("KEEP-CONT"))
        deadline = time.monotonic() + 20
        while first.recorder.elapsed < 1.0 and time.monotonic() < deadline:
            time.sleep(0.05)
        for camera in cameras:
            camera.unplugged.set()  # every camera lost: the segment ends, interrupted
        assert first.recorder.finished.wait(10)
        assert first.stop().status == "interrupted"
        for camera in cameras:
            camera.unplugged.clear()
        while capture.state != CaptureState.RUNNING and time.monotonic() < deadline:
            time.sleep(0.05)
        second = continue_inspection(ctx, capture, first.inspection_id, max_seconds=1)
        assert second.recorder.finished.wait(10)
        summary = second.stop()
    finally:
        capture.stop()
    assert summary.status == "completed"
    rows = [
        (s["segment"], c["camera"], bool(s["note"]))
        for c in summary.camera_streams
        for s in c["streams"]
    ]
    # The first segment's streams ended with their cameras (noted); the second's ran to its end.
    assert sorted(rows) == [(1, 1, True), (1, 2, True), (2, 1, False), (2, 2, False)]
    report = run_with_progress(verify_all(ctx))
    assert report.problems == [] and report.videos_checked == 6


def test_a_stream_file_that_cannot_be_made_leaves_the_evidence_video_recording(
    ctx, qapp, monkeypatch, caplog
):
    import inspector.services.cameras as cameras_service
    from inspector.core.errors import EncoderError

    real = cameras_service.Recorder

    def full_disk(path: Path, *args: object, **kwargs: object) -> object:
        if path.name.endswith(".cam2.mp4"):  # as H264Writer says when the file cannot be made
            raise EncoderError(f"Cannot create the video file {path}: No space left on device.")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(cameras_service, "Recorder", full_disk)
    composed = ComposedSource([DemoSource(320, 240, 30.0), DemoSource(160, 120, 15.0)])
    capture = CaptureThread(composed)
    capture.start()
    try:
        active = start_inspection(
            ctx, capture, StartRequest("KEEP-FULL"), max_seconds=1, keep_streams=True
        )
        assert active.recorder.finished.wait(10)
        summary = active.stop()
    finally:
        capture.stop()
    assert summary.status == "completed" and summary.frame_count > 0
    assert [c["camera"] for c in summary.camera_streams] == [1]
    assert "Camera 2's own stream is not kept: Cannot create the video file" in caplog.text
