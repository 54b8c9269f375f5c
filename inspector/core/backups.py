"""Where a desk's database backups are, and whether one is sound enough to restore.

In core so that opening the data folder can name the newest sound backup when the database
is damaged, without the backup use cases (services.maintenance) beneath it.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from pathlib import Path

from inspector.core.errors import StorageError
from inspector.core.settings import Settings
from inspector.core.storage import Storage

_ANY_BACKUP = re.compile(r"^inspector-(before-(upgrade-.+|restore)-)?\d{8}-\d{6}\.db$")


def backup_folders(storage: Storage, settings: Settings) -> list[Path]:
    """Where backups of this desk's database may be: the chosen folder, then the data folder's."""
    chosen = str(settings.backup_dir).strip()
    folders = [Path(chosen).expanduser()] if chosen else []
    return folders + [storage.backups_dir]


def newest_backup(folders: list[Path]) -> Path | None:
    """The most recent sound database backup in these folders (dated, before-upgrade or
    before-restore copies, by time written), or None. Each candidate is checked, newest first."""
    found = []
    for folder in folders:
        with contextlib.suppress(OSError):
            found += [p for p in folder.iterdir() if _ANY_BACKUP.match(p.name) and p.is_file()]
    for path in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            check_backup_file(path)
        except StorageError:
            continue  # a damaged copy is no way out of a damaged database
        return path
    return None


def check_backup_file(path: Path) -> str:
    """Prove a file is a sound inspector database; its schema revision, else StorageError."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"{path} cannot be opened as a database: {exc}.") from exc
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise StorageError(f"{path} is damaged (integrity check: {result}).")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"{path} is not an inspector database: {exc}.") from exc
    finally:
        conn.close()
    if not row:
        raise StorageError(f"{path} is not an inspector database (no schema version).")
    return str(row[0])
