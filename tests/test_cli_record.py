"""End to end: `inspector record` as a script runs it, then the output decoded and checked."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from inspector.core.hashing import sha256_file
from tests.helpers import decode, run_cli, write_test_video

pytestmark = pytest.mark.e2e


def _record(data_dir, *extra):
    return run_cli(
        "record",
        "--order",
        "tb-9001",
        "--courier",
        "sf1234567890",
        "--operator",
        "王伟",
        "--station",
        "Desk 2",
        *extra,
        "--json",
        data_dir=data_dir,
    )


def _overlay_present(img: np.ndarray) -> bool:
    """White text on a dark box in the top-left corner, where the clock is burned in."""
    h = img.shape[0]
    block = img[4 : 4 + h // 14, 4 : img.shape[1] // 3]
    white = (block.min(axis=2) > 200).mean()
    dark = (block.max(axis=2) < 90).mean()
    return white > 0.02 and dark > 0.2


def test_record_demo_source(tmp_path):
    data = tmp_path / "data"
    result = _record(
        data, "--source", "demo", "--seconds", "3", "--width", "640", "--height", "360"
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (
        out["status"] == "completed"
        and out["order"] == "TB-9001"
        and out["courier"] == "SF1234567890"
    )
    video = decode(out["video_path"])
    assert video.codec == "h264"
    assert (video.width, video.height) == (640, 360)
    assert video.frames == out["frame_count"] == 90
    assert video.duration_s == pytest.approx(3.0, abs=0.1)
    assert _overlay_present(video.first) and _overlay_present(video.middle)
    assert out["sha256"] == sha256_file(out["video_path"])
    with sqlite3.connect(data / "inspector.db") as conn:
        status, sha = conn.execute(
            "select i.status, s.sha256 from inspection i join video_segment s on s.inspection_id = i.id"
        ).fetchone()
    assert (status, sha) == ("completed", out["sha256"])

    listed = json.loads(
        run_cli("list", "--courier", "sf1234567890", "--json", data_dir=data).stdout
    )
    assert len(listed) == 1
    assert {"id", "order", "courier", "status", "started_at", "video_path", "sha256"} <= set(
        listed[0]
    )


def test_record_from_a_video_file(tmp_path):
    src = write_test_video(tmp_path / "desk.mp4", seconds=3, fps=25)
    result = _record(tmp_path / "data", "--source", str(src), "--seconds", "2")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    video = decode(out["video_path"])
    assert video.frames == out["frame_count"] == 50
    assert video.duration_s == pytest.approx(2.0, abs=0.1)
    assert _overlay_present(video.middle)


def test_doctor_reports_encoder_and_data_dir(tmp_path):
    result = run_cli("doctor", data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert "H.264 encoder: OK" in result.stdout
    assert str(tmp_path / "d") in result.stdout
    assert "Cameras:" in result.stdout and "free" in result.stdout


def test_version():
    from inspector import __version__

    result = run_cli("--version")
    assert result.stdout.strip() == f"inspector {__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order", "TB1", "--source", "9"], "no camera number 9"),
        (["--order", "TB1", "--source", "rtsp://127.0.0.1:9/x"], "Cannot reach the network camera"),
        (["--order", "TB1", "--source", "/nonexistent/desk.mp4"], "does not exist"),
        (["--order", "  ", "--source", "demo"], "order number"),
        (["--order", "TB1", "--source", "demo", "--seconds", "0"], "--seconds"),
    ],
)
def test_bad_input_gets_one_clear_message_and_leaves_nothing(tmp_path, args, message):
    data = tmp_path / "data"
    result = run_cli("record", *args, data_dir=data)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(data.rglob("*.mp4")), "no stray video file"
    if (data / "inspector.db").exists():
        with sqlite3.connect(data / "inspector.db") as conn:
            assert conn.execute("select count(*) from inspection").fetchone()[0] == 0


def test_unwritable_data_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("record", "--order", "TB1", "--source", "demo", data_dir=blocker / "data")
    assert result.returncode != 0
    assert (
        "Cannot write to the data directory" in result.stderr and "Traceback" not in result.stderr
    )


def test_sigterm_stops_cleanly_and_finalizes(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inspector",
            "--data-dir",
            str(data),
            "record",
            "--order",
            "T1",
            "--source",
            "demo",
            "--width",
            "320",
            "--height",
            "240",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(data.rglob("*.mp4")):
        time.sleep(0.1)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "completed" and summary["duration_s"] > 1
    assert decode(summary["video_path"]).frames == summary["frame_count"]
    assert summary["sha256"] == sha256_file(summary["video_path"])
