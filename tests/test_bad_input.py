"""Bad input a desk meets in the wild (issue 14): each refused with a clear message, nothing lost,
no traceback. The CLI runs in a subprocess, as a support engineer would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.core.errors import ValidationError
from inspector.services.evidence import export_bundle, export_clip, run_with_progress
from inspector.services.maintenance import backup
from tests.helpers import run_cli


def _piped_to_a_closed_reader(*args: str, data_dir: Path) -> tuple[int, str]:
    """Run the CLI with stdout a pipe nobody reads any more, as `inspector list | head -0` does."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the program writes a byte
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), *args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=env,
    )
    os.close(write_end)
    return proc.returncode, proc.stderr


def test_output_into_a_closed_pipe_ends_quietly(ctx, record_inspection):
    summary = record_inspection("TB-PIPE", "SFPIPE", seconds=1)
    for args in (("list",), ("show", str(summary.id)), ("search", "TB")):
        code, stderr = _piped_to_a_closed_reader(*args, data_dir=ctx.storage.root)
        assert "Traceback" not in stderr and "BrokenPipe" not in stderr, (args, stderr)
        assert code == 141, (args, code, stderr)


def test_export_refuses_to_replace_a_named_zip_unless_forced(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-FORCE", "SFFORCE", seconds=1)
    target = tmp_path / "appeal.zip"
    target.write_bytes(b"the bundle already sent to the platform")
    with pytest.raises(ValidationError, match="already exists.*--force"):
        run_with_progress(export_bundle(ctx, summary.id, target))
    assert target.read_bytes() == b"the bundle already sent to the platform"

    result = run_with_progress(export_bundle(ctx, summary.id, target, overwrite=True))
    assert result.path == target and target.stat().st_size > 1000

    # Into a folder the bundle names itself: a second export of the same inspection gets a new name.
    first = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "folder")).path
    second = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "folder")).path
    assert first != second and first.exists() and second.name.endswith("_2.zip")


def test_cli_export_clip_and_backup_refuse_an_existing_file(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-CLI", "SFCLI", seconds=1)
    data = ctx.storage.root
    for args, name in (
        (("export", str(summary.id), "--out"), "b.zip"),
        (("clip", str(summary.id), "--out"), "c.mp4"),
        (("backup",), "d.db"),
    ):
        target = tmp_path / name
        target.write_text("keep me")
        out = run_cli(*args, str(target), data_dir=data)
        assert out.returncode != 0 and "already exists" in out.stderr, out.stderr
        assert "Traceback" not in out.stderr
        assert target.read_text() == "keep me"
        forced = run_cli(*args, str(target), "--force", data_dir=data)
        assert forced.returncode == 0, forced.stderr
        assert target.stat().st_size > 1000


def test_clip_and_backup_services_refuse_an_existing_file(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-CLIP", "SFCLIP", seconds=1)
    clip = tmp_path / "clip.mp4"
    clip.write_text("keep me")
    with pytest.raises(ValidationError, match="already exists"):
        run_with_progress(export_clip(ctx, summary.id, clip))
    assert clip.read_text() == "keep me"
    db = tmp_path / "copy.db"
    db.write_text("keep me")
    with pytest.raises(Exception, match="already exists"):
        backup(ctx, db)
    assert backup(ctx, db, overwrite=True).path == db
