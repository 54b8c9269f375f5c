"""A restore done on purpose is acknowledged in the anchor (issue 22, item 6).

`inspector restore FILE --by WHO --reason WHY` writes an anchored restore line naming the
seals that went with it: `verify --all` says so once, as a restore, and stays intact as
the desk seals on; the same rollback done by hand (files copied back) stays a rollback.
"""

from __future__ import annotations

import json
import shutil

from inspector.core import anchor
from inspector.services.maintenance import backup
from tests.helpers import run_cli


def test_a_restore_on_purpose_is_reported_once_as_a_restore(
    ctx, data_dir, record_inspection, tmp_path
):
    record_inspection("TB-1", "SF1", seconds=1)
    made = backup(ctx, tmp_path / "backups")
    record_inspection("TB-2", "SF2", seconds=1)
    ctx.close()
    done = run_cli(
        "restore", str(made.path), "--by", "Li Na", "--reason", "disk swapped", data_dir=data_dir
    )
    assert done.returncode == 0, done.stderr
    lines = anchor.read(data_dir / anchor.ANCHOR_FILE).chain
    assert [line.kind for line in lines] == ["seal", "seal", "restore"]
    assert json.loads(lines[-1].detail)["lost_seals"] == [2]
    first = run_cli("verify", "--all", data_dir=data_dir)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Li Na restored the database on purpose" in first.stdout
    assert "disk swapped" in first.stdout and "1 seal(s) went with it (2)" in first.stdout
    # The desk goes on sealing (seal 2 again, a new one): still intact, the restore said once.
    assert (
        run_cli(
            "record", "--order", "TB-3", "--courier", "SF3", "--source", "demo", "--seconds", "1",
            "--width", "320", "--height", "240", data_dir=data_dir,
        ).returncode
        == 0
    )  # fmt: skip
    again = run_cli("verify", "--all", "--json", data_dir=data_dir)
    doc = json.loads(again.stdout)
    assert again.returncode == 0 and doc["ok"], doc["problems"]
    assert sum("restored the database on purpose" in n for n in doc["notes"]) == 1


def test_the_same_rollback_done_by_hand_stays_a_rollback(
    ctx, data_dir, record_inspection, tmp_path
):
    record_inspection("TB-1", "SF1", seconds=1)
    made = backup(ctx, tmp_path / "backups")
    record_inspection("TB-2", "SF2", seconds=1)
    ctx.close()
    for suffix in ("-wal", "-shm"):
        (data_dir / f"inspector.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(made.path, data_dir / "inspector.db")
    out = run_cli("verify", "--all", data_dir=data_dir)
    assert out.returncode == 1 and "rolled-back" in out.stdout


def test_events_after_the_last_seal_are_sealed_at_the_next_start(ctx, record_inspection, tmp_path):
    """An export's note in the history comes after the seal: the next start covers it, once."""
    from sqlmodel import func, select

    from inspector.core.models import InspectionEvent, SealEntry
    from inspector.services.evidence import export_bundle, run_with_progress
    from inspector.services.maintenance import recover_all

    a = record_inspection("TB-1", "SF1", seconds=1)
    run_with_progress(export_bundle(ctx, a.id, tmp_path / "a.zip"))

    def state():
        with ctx.db.session() as s:
            newest = s.exec(
                select(func.max(InspectionEvent.id)).where(InspectionEvent.inspection_id == a.id)
            ).one()
            seals = s.exec(select(SealEntry).where(SealEntry.inspection_id == a.id)).all()
        return newest, seals

    newest, seals = state()
    assert newest > max(e.events_upto for e in seals)  # the export's event is not sealed yet
    recover_all(ctx)
    newest_after, seals_after = state()
    assert len(seals_after) == len(seals) + 1
    assert max(e.events_upto for e in seals_after) >= newest
    recover_all(ctx)  # stable: nothing new to cover, no seal for a seal's own note
    assert len(state()[1]) == len(seals_after)
    assert _verify_ok(ctx)


def _verify_ok(ctx):
    from tests.test_anchor_witness import _report

    report = _report(ctx)
    assert report.ok, report.problems
    return True


def test_a_desk_left_running_seals_them_hourly(ctx, record_inspection, tmp_path, qtbot):
    """No restart for days: the window's hourly timer seals what came after the last seal."""
    from sqlmodel import func, select

    from inspector.core.models import InspectionEvent, SealEntry
    from inspector.services.evidence import export_bundle, run_with_progress
    from inspector.ui.main_window import MainWindow

    a = record_inspection("TB-1", "SF1", seconds=1)
    run_with_progress(export_bundle(ctx, a.id, tmp_path / "a.zip"))

    with ctx.db.session() as s:
        newest = s.exec(
            select(func.max(InspectionEvent.id)).where(InspectionEvent.inspection_id == a.id)
        ).one()

    def covered() -> bool:
        """The export's note is under a seal (the seal's own note comes after it)."""
        with ctx.db.session() as s:
            upto = s.exec(
                select(func.max(SealEntry.events_upto)).where(SealEntry.inspection_id == a.id)
            ).one()
        return upto >= newest

    assert not covered()
    ctx.settings.set("backup_daily", False)  # the same hourly timer's other job
    win = MainWindow(ctx, open_camera=False)
    qtbot.addWidget(win)
    assert win._backup_timer.isActive() and win._backup_timer.interval() == 3_600_000
    win._backup_timer.timeout.emit()  # the hour has passed
    qtbot.waitUntil(covered, timeout=10_000)
    assert _verify_ok(ctx)
