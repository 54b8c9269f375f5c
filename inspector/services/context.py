"""The opened data directory: storage, upgraded database and settings, shared by every service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.core.database import Database, sqlite_url
from inspector.core.settings import Settings
from inspector.core.storage import Storage, resolve_data_dir

GB = 1_000_000_000


@dataclass
class AppContext:
    """The opened data directory: storage layout, upgraded database and settings."""

    storage: Storage
    db: Database
    settings: Settings

    @classmethod
    def open(
        cls, data_dir: str | Path | None = None, database_url: str | None = None
    ) -> AppContext:
        """Open (creating if needed) the data directory and bring its database up to date."""
        storage = Storage.open(resolve_data_dir(data_dir))
        db = Database.open(database_url or sqlite_url(storage.db_path), storage.backups_dir)
        return cls(storage, db, Settings.load(storage.root))

    def close(self) -> None:
        self.db.dispose()
