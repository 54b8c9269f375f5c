"""One inspector per data directory: the second is refused with a message saying who has it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from inspector.core.instance_lock import AlreadyRunningError, acquire_instance_lock
from tests.helpers import run_cli


def test_second_lock_on_the_same_folder_is_refused_and_says_who_holds_it(tmp_path):
    first = acquire_instance_lock(tmp_path, "station window")
    with pytest.raises(AlreadyRunningError) as info:
        acquire_instance_lock(tmp_path, "recording")
    message = str(info.value)
    assert str(tmp_path) in message
    assert "station window" in message and f"process {os.getpid()}" in message
    # Another folder is not affected.
    other = acquire_instance_lock(tmp_path / "other")
    other.release()
    first.release()
    with acquire_instance_lock(tmp_path, "recording") as again:
        assert again.held
    assert not (tmp_path / ".inspector.lock.json").exists()


@pytest.mark.e2e
def test_a_second_instance_on_the_same_data_dir_is_refused(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"disk_reserve_gb": 0.01}))
    cmd = [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), "record"]
    cmd += ["--order", "L1", "--source", "demo", "--width", "320", "--height", "240"]
    cmd += ["--seconds", "60"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        # The first instance is recording once its video file exists; poll for it.
        while not any(data_dir.glob("videos/**/*.mp4")):
            assert first.poll() is None, first.communicate()[1].decode()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        second = run_cli("record", "--order", "L2", "--source", "demo", data_dir=data_dir)
        assert second.returncode == 3
        assert "Another inspector is already using the data folder" in second.stderr
        assert "recording, process" in second.stderr
        recover = run_cli("recover", data_dir=data_dir)
        assert recover.returncode == 3, "recovery must not touch another program's live recording"
        listed = json.loads(run_cli("list", "--json", data_dir=data_dir).stdout)
        assert [r["order"] for r in listed] == ["L1"] and listed[0]["status"] == "recording"
        first.send_signal(2)  # Ctrl-C: the first instance stops and saves normally
        out, err = first.communicate(timeout=30)
        assert first.returncode == 0, err.decode()
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    # Once the first is gone the folder is free again.
    listed = json.loads(run_cli("list", "--json", data_dir=data_dir).stdout)
    assert listed[0]["status"] == "completed"
    assert run_cli("recover", data_dir=data_dir).returncode == 0


def test_start_station_takes_the_folder_recovers_and_backs_up(ctx, tmp_path):
    from inspector.core.models import Inspection, VideoSegment, utcnow
    from inspector.services.maintenance import start_station

    started = utcnow()
    with ctx.db.session() as s:
        row = Inspection(order_number="S1", started_at=started, fps=30)
        s.add(row)
        s.flush()
        path = ctx.storage.new_video_path(started, "S1", row.uid)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")  # the crash came before the first second reached the disk
        s.add(
            VideoSegment(inspection_id=row.id, path=ctx.storage.relative(path), started_at=started)
        )
    ctx.settings.set("backup_daily", True)
    ctx.settings.set("backup_dir", str(tmp_path / "daily"))

    startup = start_station(ctx)
    try:
        assert [r.order_number for r in startup.recovery.recovered] == ["S1"]
        assert "nothing was recorded" in startup.message()
        assert startup.backup is not None and startup.backup.path.parent == tmp_path / "daily"
        with pytest.raises(AlreadyRunningError, match="station window"):
            start_station(ctx)
    finally:
        startup.lock.release()
    again = start_station(ctx)
    assert not again.recovery.anything and again.backup is None and again.message() == ""
    again.lock.release()
