"""Bad input a desk meets in the wild (issue 14): each refused with a clear message, nothing lost,
no traceback. The CLI runs in a subprocess, as a support engineer would run it."""

from __future__ import annotations

import os
import shlex
import shutil
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


# ----- a damaged database -------------------------------------------------------------------


def _damage(db: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    if how == "truncated":
        os.truncate(db, db.stat().st_size // 2)
    else:
        db.write_bytes(os.urandom(8192))


@pytest.fixture
def damaged_desk(ctx, record_inspection):
    """A desk with two inspections and a daily backup, whose database then gets damaged."""
    record_inspection("TB-DMG1", "SFDMG1", seconds=1)
    backup(ctx)
    record_inspection("TB-DMG2", "SFDMG2", seconds=1)
    ctx.close()  # the WAL is folded into the file, as at a normal close
    return ctx.storage


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_cli_on_a_damaged_database_says_so_and_names_the_backup(damaged_desk, how):
    db = damaged_desk.db_path
    _damage(db, how)
    damaged = db.read_bytes()
    [made] = list(damaged_desk.backups_dir.glob("inspector-*.db"))
    commands = {
        "truncated": (("list",), ("record", "--order", "X1")),
        "garbage": (("search", "TB"), ("verify", "--all")),
    }
    for args in commands[how]:
        out = run_cli(*args, data_dir=damaged_desk.root)
        assert out.returncode == 4, (args, out.stderr)
        assert "Traceback" not in out.stderr, out.stderr
        assert f"The database {db} is damaged" in out.stderr
        assert f"inspector restore {made}" in out.stderr
    assert db.read_bytes() == damaged, "nothing is written into the damaged file"

    restored = run_cli("restore", str(made), data_dir=damaged_desk.root)
    assert restored.returncode == 0, restored.stderr
    [aside] = list(damaged_desk.backups_dir.glob("inspector-damaged-*.db"))
    assert aside.read_bytes() == damaged, "the damaged file is kept as it was"
    listing = run_cli("list", data_dir=damaged_desk.root)
    assert "TB-DMG1" in listing.stdout and "TB-DMG2" not in listing.stdout


def test_window_offers_the_newest_backup_for_a_damaged_database(damaged_desk, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from inspector.services.inspections import list_inspections
    from inspector.ui.app import open_or_offer_backup

    _damage(damaged_desk.db_path, "garbage")
    damaged = damaged_desk.db_path.read_bytes()
    seen: dict[str, str] = {}

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(button))
            return
        seen["text"] = box.text() + "\n" + box.informativeText()
        [chosen] = [b for b in box.buttons() if b.text() == button]
        chosen.click()

    QTimer.singleShot(0, lambda: answer("Quit"))
    assert open_or_offer_backup(str(damaged_desk.root)) is None
    assert str(damaged_desk.db_path) in seen["text"]
    assert damaged_desk.db_path.read_bytes() == damaged, "Quit changes nothing"

    QTimer.singleShot(0, lambda: answer("Restore the backup"))
    ctx = open_or_offer_backup(str(damaged_desk.root))
    assert ctx is not None
    try:
        assert [r.order for r in list_inspections(ctx)] == ["TB-DMG1"]
    finally:
        ctx.close()
    [made] = list(damaged_desk.backups_dir.glob("inspector-2*.db"))
    assert str(made) in seen["text"]
    [aside] = list(damaged_desk.backups_dir.glob("inspector-damaged-*.db"))
    assert aside.read_bytes() == damaged


# ----- a read-only data folder, and a reviewer's machine with none --------------------------


def _in_read_only_mount(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with `folder` mounted read-only (a private mount namespace: even root
    cannot write there, as on a write-protected stick or a mounted snapshot)."""
    cli = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "inspector", *args))
    script = f"mount --bind -o ro {shlex.quote(str(folder))} {shlex.quote(str(folder))} && {cli}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_DATA_DIR=str(folder))
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120
    )


def test_looking_commands_work_on_a_read_only_data_folder(ctx, record_inspection):
    summary = record_inspection("TB-RO", "SFRO", seconds=1)
    root = ctx.storage.root
    ctx.close()
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is needed to mount a folder read-only")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind -o ro {root} {root} && touch {root}/x"],
        capture_output=True,
        text=True,
    )
    if "Read-only file system" not in probe.stderr:
        pytest.skip(f"this machine cannot mount a folder read-only: {probe.stderr}")
    before = sorted(p.name for p in root.rglob("*"))
    for args, expect in (
        (("list",), "TB-RO"),
        (("show", str(summary.id)), "order TB-RO"),
        (("verify", "--all"), "1 videos checked"),
        (("doctor",), "Inspections: 1"),
    ):
        out = _in_read_only_mount(root, *args)
        assert "Traceback" not in out.stderr, out.stderr
        assert expect in out.stdout, (args, out.stdout, out.stderr)
    assert sorted(p.name for p in root.rglob("*")) == before


def test_verify_of_a_bundle_creates_nothing(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-VER", "SFVER", seconds=1)
    bundle = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "b.zip")).path
    home = tmp_path / "reviewer"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "INSPECTOR_"))} | {
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }
    out = subprocess.run(
        [sys.executable, "-m", "inspector", "verify", str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "this inspection is not in this database" in out.stdout or "intact" in out.stdout
    assert list(home.rglob("*")) == [], "no data folder, log or settings on a reviewer's machine"
