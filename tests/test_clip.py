"""The appeal clip: fits the limits, decodes, starts where it says, and names its original."""

from __future__ import annotations

import av
import numpy as np
import pytest
from sqlmodel import select

from inspector.core.errors import ValidationError
from inspector.core.models import EvidenceExport
from inspector.evidence.frames import frames_at
from inspector.services.evidence import export_clip, run_with_progress
from tests.helpers import decode


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


@pytest.fixture
def recorded(record_inspection):
    return record_inspection("TB-7007", "SF7007", seconds=3)


def test_clip_fits_the_limits_and_starts_at_its_offset(ctx, recorded, tmp_path):
    out = tmp_path / "clip.mp4"
    steps = []
    result = run_with_progress(
        export_clip(ctx, recorded.id, out, start_s=1.0, end_s=2.5, max_mb=0.5), steps.append
    )
    assert result.path == out and out.exists()
    assert result.size_bytes == out.stat().st_size <= 500_000
    assert (result.start_s, result.end_s) == (1.0, 2.5) and not result.truncated
    assert steps[-1].fraction == 1.0
    assert list(tmp_path.glob(".*")) == [], "no partial files left"

    video = decode(out)
    assert video.codec == "h264" and (video.width, video.height) == (320, 240)
    assert video.duration_s == pytest.approx(1.5, abs=0.1)
    original = frames_at(recorded.video_path, [1.0])[0]
    assert _psnr(video.first, original) > 30, "the clip's first frame is the original's at 1.0 s"

    with av.open(str(out)) as container:
        comment = container.metadata.get("comment", "")
    assert recorded.sha256 in comment
    assert "from 1.000 s to 2.500 s" in comment
    with ctx.db.session() as s:
        export = s.exec(select(EvidenceExport)).one()
    assert (export.kind, export.sha256, export.size_bytes) == (
        "clip",
        result.sha256,
        result.size_bytes,
    )


def test_long_stretch_is_cut_to_the_maximum_duration(ctx, recorded, tmp_path):
    result = run_with_progress(
        export_clip(ctx, recorded.id, tmp_path / "c.mp4", start_s=0.5, max_seconds=1.0)
    )
    assert result.truncated and (result.start_s, result.end_s) == (0.5, 1.5)
    assert decode(result.path).duration_s == pytest.approx(1.0, abs=0.1)


def test_impossible_requests_say_why_and_write_nothing(ctx, recorded, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "c.mp4"
    with pytest.raises(ValidationError, match="too small"):
        run_with_progress(export_clip(ctx, recorded.id, out, max_mb=0.01))
    with pytest.raises(ValidationError, match="past the end"):
        run_with_progress(export_clip(ctx, recorded.id, out, start_s=30))
    with pytest.raises(ValidationError, match="must come after"):
        run_with_progress(export_clip(ctx, recorded.id, out, start_s=2, end_s=1))
    with pytest.raises(ValidationError, match=".mp4"):
        run_with_progress(export_clip(ctx, recorded.id, folder / "c.avi"))
    assert list(folder.iterdir()) == []


def test_cancelled_clip_leaves_nothing(ctx, recorded, tmp_path):
    folder = tmp_path / "out"
    job = export_clip(ctx, recorded.id, folder / "c.mp4", start_s=0.0)
    for _ in range(3):
        next(job)
    job.close()
    assert list(folder.iterdir()) == []


def test_the_bundle_report_names_the_clip_and_its_offsets(ctx, recorded, tmp_path):
    import json
    import zipfile

    from inspector.services.evidence import export_bundle

    clip = run_with_progress(
        export_clip(ctx, recorded.id, tmp_path / "shopee.mp4", start_s=1.0, end_s=2.5)
    )
    bundle = run_with_progress(export_bundle(ctx, recorded.id, tmp_path / "out"))
    with zipfile.ZipFile(bundle.path) as zf:
        timeline = json.loads(zf.read("inspection.json"))["timeline"]
    details = " ".join(e["detail"] for e in timeline)
    assert "shopee.mp4: 1.000–2.500 s of the original" in details
    assert recorded.sha256 in details and clip.sha256 in details
