"""The opened data directory: storage, upgraded database and settings, shared by every service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspector.core.chain import SEALER_KEY, Sealer
from inspector.core.database import Database, sqlite_url
from inspector.core.settings import Settings
from inspector.core.storage import Storage, resolve_data_dir
from inspector.core.warehouse import connect_args, new_desk_id, resolve_database_url

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
        """Open (creating if needed) the data directory and bring its database up to date.

        The database is the one `database_url` names (the --database option), else
        INSPECTOR_DATABASE_URL, else the desk's setting, else the data folder's own file.
        """
        storage = Storage.open(resolve_data_dir(data_dir))
        settings = Settings.load(storage.root)
        if not settings.desk_id:
            # Every desk has an identity before its first record, CLI-only desks too.
            settings.set("desk_id", new_desk_id())
            settings.save()
        url = resolve_database_url(database_url, settings.database_url)
        if url is None:
            db = Database.open(sqlite_url(storage.db_path), storage.backups_dir)
        else:
            db = Database.open(url, storage.backups_dir, connect_args(url, storage.root))
        db.session_info[SEALER_KEY] = Sealer(storage.root)
        return cls(storage, db, settings)

    @property
    def desk_id(self) -> str:
        return str(self.settings.desk_id)

    @property
    def sealer(self) -> Sealer:
        """The desk's sealer: its data folder and signing key (made on first use)."""
        return self.db.session_info[SEALER_KEY]

    def close(self) -> None:
        self.db.dispose()
