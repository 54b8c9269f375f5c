"""Crash recovery: a recording killed mid-way is made playable, hashed and marked interrupted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector.core.hashing import sha256_file
from inspector.core.models import (
    Inspection,
    InspectionEvent,
    InspectionStatus,
    VideoSegment,
    utcnow,
)
from inspector.core.recovery import probe_video
from inspector.services.maintenance import recover_all
from tests.helpers import decode, run_cli


def top_level_boxes(path: Path) -> list[str]:
    """The MP4 box types at the top of a file, in order (moof means fragmented)."""
    kinds, data = [], Path(path).read_bytes()
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        kinds.append(kind.decode("latin-1"))
        if size < 8:
            break
        pos += size
    return kinds


def _first_video(data_dir: Path) -> Path | None:
    videos = sorted((data_dir / "videos").rglob("*.mp4")) if (data_dir / "videos").exists() else []
    return videos[0] if videos else None


@pytest.mark.e2e
def test_sigkill_mid_recording_then_recover(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"disk_reserve_gb": 0.01}))
    cmd = [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), "record"]
    cmd += ["--order", "K1", "--source", "demo", "--width", "320", "--height", "240"]
    cmd += ["--seconds", "60"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the recording never reached 3 s on disk"
            video = _first_video(data_dir)
            if video is not None and probe_video(video, 30)[1] >= 3.0:
                break
            # Another process writes the file; there is no event to wait on, so poll it.
            time.sleep(0.2)
        killed_at = utcnow()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert "moof" in top_level_boxes(video), "a live recording is fragmented"
    listed = json.loads(run_cli("list", "--json", data_dir=data_dir).stdout)
    assert listed[0]["status"] == "recording"

    result = run_cli("recover", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Inspection 1 (order K1)" in result.stdout and "interrupted" in result.stdout

    row = json.loads(run_cli("list", "--json", data_dir=data_dir).stdout)[0]
    assert row["status"] == "interrupted"
    decoded = decode(Path(row["video_path"]))
    assert decoded.codec == "h264" and (decoded.width, decoded.height) == (320, 240)
    # The first frame arrives just after the row is created; the video runs to within a
    # second of the kill.
    since_start = (killed_at - datetime.fromisoformat(row["started_at"])).total_seconds()
    assert since_start - 1.0 <= decoded.duration_s <= since_start + 0.1, (
        decoded.duration_s,
        since_start,
    )
    assert row["duration_s"] == pytest.approx(decoded.duration_s, abs=0.05)
    assert row["frame_count"] == decoded.frames
    assert row["sha256"] == sha256_file(Path(row["video_path"]))
    assert row["size_bytes"] == Path(row["video_path"]).stat().st_size
    # A regular MP4 now: the index (moov) first for quick playback, no fragments.
    boxes = top_level_boxes(Path(row["video_path"]))
    assert "moof" not in boxes and boxes.index("moov") < boxes.index("mdat")
    assert not list(Path(row["video_path"]).parent.glob(".*")), "no temporary copy left"

    again = run_cli("recover", data_dir=data_dir)
    assert again.returncode == 0 and "No recording was left unfinished" in again.stdout
    assert "left in 'recording'" not in run_cli("doctor", data_dir=data_dir).stdout

    # The desk can carry on with the same inspection: a second segment, hashed like the first.
    more = run_cli(
        "continue",
        "1",
        "--source",
        "demo",
        "--width",
        "320",
        "--height",
        "240",
        "--seconds",
        "1",
        "--json",
        data_dir=data_dir,
    )
    assert more.returncode == 0, more.stderr
    done = json.loads(more.stdout)
    assert done["status"] == "completed" and [s["seq"] for s in done["segments"]] == [1, 2]
    assert done["segments"][0]["sha256"] == row["sha256"], "the first segment is untouched"
    second = Path(done["segments"][1]["path"])
    assert decode(second).frames == done["segments"][1]["frames"] == 30
    assert done["segments"][1]["sha256"] == sha256_file(second)


def _stuck_inspection(ctx, make_file) -> tuple[int, Path]:
    """An inspection left 'recording' with a video file made by make_file(path)."""
    started = utcnow() - timedelta(minutes=5)
    inspection = Inspection(order_number="K2", started_at=started, fps=30, width=320, height=240)
    path = ctx.storage.new_video_path(started, "K2", inspection.uid)
    path.parent.mkdir(parents=True, exist_ok=True)
    make_file(path)
    with ctx.db.session() as s:
        s.add(inspection)
        s.flush()
        s.add(
            VideoSegment(
                inspection_id=inspection.id,
                seq=1,
                path=ctx.storage.relative(path),
                started_at=started,
            )
        )
    return inspection.id, path


def _crashed_recording(tmp_path: Path, ctx, seconds: float = 2.0) -> Path:
    """A fragmented recording cut off without finishing, as a crash leaves it."""
    from inspector.capture.encoder import H264Writer
    from tests.helpers import write_test_video

    src = write_test_video(tmp_path / "src.mp4", seconds=seconds, fps=30)
    import av

    live = tmp_path / "live.mp4"
    writer = H264Writer(live, 320, 240, 30)
    with av.open(str(src)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            writer.write(frame.to_ndarray(format="bgr24"), i / 30)
    # Taken before close(): what the disk holds when the process dies at this moment.
    out = tmp_path / "crashed.mp4"
    out.write_bytes(live.read_bytes())
    writer.close()
    return out


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (b"", "0 bytes"),
        (None, "header only"),
    ],
)
def test_a_recording_with_no_frames_is_marked_interrupted_with_zero_seconds(
    ctx, tmp_path, content, note
):
    def make(path: Path) -> None:
        if content is not None:
            path.write_bytes(content)
        else:
            # ftyp + moov of a real recording, cut before its first fragment.
            crashed = _crashed_recording(tmp_path, ctx)
            data = crashed.read_bytes()
            path.write_bytes(data[: data.index(b"moof") - 4])

    inspection_id, path = _stuck_inspection(ctx, make)
    report = recover_all(ctx)
    assert [r.inspection_id for r in report.recovered] == [inspection_id]
    assert "nothing was recorded" in report.message()
    with ctx.db.session() as s:
        row = s.get(Inspection, inspection_id)
        assert row.status == InspectionStatus.INTERRUPTED
        assert row.duration_s == 0 and row.frame_count == 0
        events = s.exec(
            select(InspectionEvent).where(InspectionEvent.inspection_id == inspection_id)
        ).all()
    assert [e.kind for e in events] == ["recovered"]
    assert note in events[0].message and "nothing was written" in events[0].message
    assert path.exists(), "recovery never deletes what it found"


def test_a_torn_last_fragment_is_dropped_and_the_rest_recovered(ctx, tmp_path):
    crashed = _crashed_recording(tmp_path, ctx, seconds=3.0)
    data = crashed.read_bytes()
    last_moof = data.rindex(b"moof") - 4

    def make(path: Path) -> None:
        # Half of the last fragment made it to the disk.
        path.write_bytes(data[: last_moof + (len(data) - last_moof) // 2])

    inspection_id, path = _stuck_inspection(ctx, make)
    report = recover_all(ctx)
    assert report.recovered[0].frames > 0
    decoded = decode(path)
    with ctx.db.session() as s:
        row = s.get(Inspection, inspection_id)
        seg = s.exec(select(VideoSegment)).one()
    assert row.status == "interrupted" and row.frame_count == decoded.frames == seg.frame_count
    assert seg.sha256 == sha256_file(path)
    assert row.record_hash, "the recovered record is sealed into the integrity chain"


def test_a_failed_rewrite_keeps_the_original_and_still_records_it(ctx, tmp_path, monkeypatch):
    crashed = _crashed_recording(tmp_path, ctx)
    inspection_id, path = _stuck_inspection(ctx, lambda p: shutil.copyfile(crashed, p))
    before = path.read_bytes()

    def broken_remux(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("inspector.core.recovery._remux", broken_remux)
    report = recover_all(ctx)
    assert path.read_bytes() == before, "the original is untouched when the rewrite fails"
    assert "kept as a fragmented MP4" in report.message()
    with ctx.db.session() as s:
        row = s.get(Inspection, inspection_id)
        seg = s.exec(select(VideoSegment)).one()
    assert row.status == "interrupted" and row.frame_count > 0
    assert seg.sha256 == sha256_file(path)
    assert not list(path.parent.glob(".*recover*")), "the temporary copy is cleaned up"
