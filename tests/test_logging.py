"""The log: repeated lines are held back, distinct ones kept, and doctor shows recent errors."""

from __future__ import annotations

import logging

from inspector.core.logs import recent_errors, setup_logging
from tests.helpers import run_cli


def test_a_failing_camera_does_not_flood_the_log_but_distinct_lines_all_stay(tmp_path):
    path = setup_logging(tmp_path)
    log = logging.getLogger("inspector.test.flood")
    try:
        for _ in range(500):
            log.warning("Camera still unavailable: %s", "There is no camera number 0")
        for n in range(5):
            log.info("Retention removed the video of inspection %s", n)
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_inspector", False):
                handler.close()
                root.removeHandler(handler)
    text = path.read_text(encoding="utf-8")
    assert text.count("Camera still unavailable") == 1
    assert all(f"Retention removed the video of inspection {n}" in text for n in range(5))


def test_recent_errors_reads_the_newest_warnings_and_errors_across_rotated_files(tmp_path):
    (tmp_path / "inspector.log.1").write_text(
        "2026-01-01 10:00:00,000 ERROR inspector.x: older error\n"
        "2026-01-01 10:00:01,000 INFO inspector.x: fine\n",
        encoding="utf-8",
    )
    (tmp_path / "inspector.log").write_text(
        "2026-01-02 10:00:00,000 WARNING inspector.capture.pipeline: Camera lost: unplugged\n"
        "Traceback (most recent call last):\n"
        "2026-01-02 10:00:05,000 ERROR inspector.x: newest error\n",
        encoding="utf-8",
    )
    assert recent_errors(tmp_path) == [
        "2026-01-01 10:00:00,000 ERROR inspector.x: older error",
        "2026-01-02 10:00:00,000 WARNING inspector.capture.pipeline: Camera lost: unplugged",
        "2026-01-02 10:00:05,000 ERROR inspector.x: newest error",
    ]
    assert recent_errors(tmp_path, limit=1) == [
        "2026-01-02 10:00:05,000 ERROR inspector.x: newest error"
    ]
    assert recent_errors(tmp_path / "nowhere") == []


def test_doctor_shows_recent_errors(data_dir):
    logs = data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "inspector.log").write_text(
        "2026-01-02 10:00:05,000 ERROR inspector.capture.pipeline: Encoder failed: disk full\n",
        encoding="utf-8",
    )
    out = run_cli("doctor", data_dir=data_dir).stdout
    assert "Recent errors:" in out
    assert "Encoder failed: disk full" in out
