"""The Qt adapter the GUI's progress bar uses: steps as signals, then a result, or a clean cancel."""

from __future__ import annotations

import zipfile

from inspector.services.evidence import export_bundle
from inspector.ui.progress_job import ProgressJob


def test_export_reports_progress_then_the_bundle(qtbot, ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-P1", "SF-P1", seconds=1)
    job = ProgressJob(lambda: export_bundle(ctx, summary.id, tmp_path / "out"))
    steps = []
    job.progress.connect(lambda fraction, message: steps.append((fraction, message)))
    with qtbot.waitSignal(job.finished, timeout=30000) as finished:
        job.start()
    result = finished.args[0]
    assert zipfile.is_zipfile(result.path)
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0
    assert any("Copying video/" in message for _, message in steps)


def test_cancel_leaves_no_file(qtbot, ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-P2", "SF-P2", seconds=1)
    out = tmp_path / "out"
    job = ProgressJob(lambda: export_bundle(ctx, summary.id, out))
    job.progress.connect(lambda fraction, message: job.cancel())
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        job.start()
    assert list(out.iterdir()) == []


def test_a_failure_arrives_as_a_signal(qtbot, ctx, tmp_path):
    job = ProgressJob(lambda: export_bundle(ctx, 999, tmp_path))
    with qtbot.waitSignal(job.failed, timeout=10000) as failed:
        job.start()
    assert "no inspection number 999" in str(failed.args[0])
