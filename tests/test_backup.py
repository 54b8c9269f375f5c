"""Database backups while the app runs, daily rotation, and the documented restore steps."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector.core.errors import StorageError
from inspector.core.instance_lock import acquire_instance_lock
from inspector.core.models import Inspection, utcnow
from inspector.services.context import AppContext
from inspector.services.maintenance import backup, daily_backup, last_backup_at
from tests.helpers import run_cli


def add_inspection(ctx, order: str) -> None:
    with ctx.db.session() as s:
        s.add(Inspection(order_number=order, status="completed", started_at=utcnow()))


def orders_in(db_file: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT order_number FROM inspection ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.e2e
def test_backup_while_the_app_runs_holds_every_committed_record(ctx, tmp_path):
    add_inspection(ctx, "B1")
    add_inspection(ctx, "B2")
    # The app keeps the database open and its last writes are still in the write-ahead log.
    assert Path(str(ctx.storage.db_path) + "-wal").stat().st_size > 0
    dest = tmp_path / "nas share"
    dest.mkdir()
    result = run_cli("backup", str(dest), data_dir=ctx.storage.root)
    assert result.returncode == 0, result.stderr
    [made] = list(dest.glob("inspector-*.db"))
    assert f"Backed up the database to {made}" in result.stdout
    assert orders_in(made) == ["B1", "B2"]
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert not list(dest.glob("*.partial"))


def test_backup_to_an_unwritable_place_says_so(ctx, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StorageError, match="Cannot write the backup"):
        backup(ctx, blocker / "sub" / "x.db")
    target = tmp_path / "taken.db"
    target.write_text("keep me")
    with pytest.raises(StorageError, match="already exists"):
        backup(ctx, target)
    assert target.read_text() == "keep me"


def test_daily_backup_runs_once_a_day_and_keeps_the_last_n(ctx, tmp_path):
    folder = tmp_path / "daily"
    folder.mkdir()
    ctx.settings.set("backup_dir", str(folder))
    ctx.settings.set("backup_keep", 3)
    assert daily_backup(ctx) is None, "off unless the user turns it on"
    ctx.settings.set("backup_daily", True)
    old = [
        folder / f"inspector-{datetime.now() - timedelta(days=d):%Y%m%d-%H%M%S}.db"
        for d in (5, 4, 3, 2)
    ]
    for path in old:
        shutil.copyfile(ctx.storage.db_path, path)
    (folder / "my-own-notes.db").write_text("not ours; never deleted")
    made = daily_backup(ctx)
    assert made is not None and made.path.parent == folder
    assert sorted(made.deleted) == old[:2]
    left = sorted(p.name for p in folder.glob("inspector-*.db"))
    assert left == sorted([old[2].name, old[3].name, made.path.name])
    assert (folder / "my-own-notes.db").exists()
    assert daily_backup(ctx) is None, "the newest backup is less than a day old"
    # A day later it runs again, and the oldest goes.
    later = datetime.now().astimezone() + timedelta(days=1, minutes=1)
    again = daily_backup(ctx, now=later)
    assert again is not None and again.deleted == (old[2],)
    assert last_backup_at(folder) == later.replace(microsecond=0)
    assert len(list(folder.glob("inspector-*.db"))) == 3


@pytest.mark.e2e
def test_restore_with_the_command_as_documented(ctx, tmp_path):
    add_inspection(ctx, "R1")
    saved = backup(ctx, tmp_path).path
    add_inspection(ctx, "R2-after-backup")
    data_dir = ctx.storage.root

    # Step 1 of the docs: close the station window. While it runs, restore is refused.
    lock = acquire_instance_lock(data_dir, "station window")
    refused = run_cli("restore", str(saved), data_dir=data_dir)
    assert refused.returncode == 3 and "Close it first" in refused.stderr
    lock.release()
    ctx.close()

    # Step 2: inspector restore FILE.
    result = run_cli("restore", str(saved), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert f"Restored the database from {saved}" in result.stdout
    reopened = AppContext.open(data_dir)
    try:
        with reopened.db.session() as s:
            assert [i.order_number for i in s.exec(select(Inspection))] == ["R1"]
    finally:
        reopened.close()
    # The database it replaced is kept, with the record made after the backup.
    [before] = list((data_dir / "backups").glob("inspector-before-restore-*.db"))
    assert orders_in(before) == ["R1", "R2-after-backup"]


def test_restore_by_hand_as_documented(ctx, tmp_path):
    add_inspection(ctx, "H1")
    saved = backup(ctx, tmp_path).path
    add_inspection(ctx, "H2")
    ctx.close()
    db = ctx.storage.db_path
    # The manual steps in docs/backup-and-restore.md: keep the old file, remove its
    # write-ahead log, copy the backup in under the database's name.
    shutil.copyfile(db, tmp_path / "inspector-old.db")
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(saved, db)
    reopened = AppContext.open(ctx.storage.root)
    try:
        with reopened.db.session() as s:
            assert [i.order_number for i in s.exec(select(Inspection))] == ["H1"]
    finally:
        reopened.close()


@pytest.mark.e2e
def test_restoring_a_damaged_file_changes_nothing(ctx, tmp_path):
    add_inspection(ctx, "KEEP")
    ctx.close()
    bad = tmp_path / "inspector-20260101-000000.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = run_cli("restore", str(bad), data_dir=ctx.storage.root)
    assert result.returncode == 1
    assert "inspector: " in result.stderr and str(bad) in result.stderr
    assert orders_in(ctx.storage.db_path) == ["KEEP"]


def test_a_backup_carries_the_chain_anchor_and_the_signing_key(ctx, record_inspection, tmp_path):
    """Restoring needs both: the anchor to show what the restored database lacks, and the key
    whose fingerprint the store published."""
    import os
    import stat

    from inspector.core.anchor import ANCHOR_FILE
    from inspector.core.signing import KEY_FILE, DeskKey

    record_inspection("B1", "SF1", seconds=1)
    made = backup(ctx, tmp_path / "share", keep=1)
    anchor_copy = made.path.with_name(f"{made.path.name}.{ANCHOR_FILE}")
    key_copy = made.path.with_name(f"{made.path.name}.{KEY_FILE}")
    assert set(made.companions) == {anchor_copy, key_copy}
    assert anchor_copy.read_bytes() == (ctx.storage.root / ANCHOR_FILE).read_bytes()
    assert stat.S_IMODE(os.stat(key_copy).st_mode) == 0o600
    # The copied key is the desk's key: same fingerprint once put back in a data folder.
    moved = tmp_path / "new-pc"
    moved.mkdir()
    shutil.copyfile(key_copy, moved / KEY_FILE)
    assert DeskKey.load(moved).fingerprint == DeskKey.load(ctx.storage.root).fingerprint
    # Rotation takes a backup's companions with it.
    later = backup(ctx, tmp_path / "share", keep=1, now=datetime.now() + timedelta(days=1))
    assert later.deleted == (made.path,)
    assert not anchor_copy.exists() and not key_copy.exists()
