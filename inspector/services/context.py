"""The opened data directory: storage, upgraded database and settings, shared by every service."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from inspector.core.anchor import SHARED_ANCHORS
from inspector.core.chain import SEALER_KEY, Sealer
from inspector.core.database import Database, SchemaNotCurrentError, sqlite_url
from inspector.core.errors import CorruptDatabaseError, InspectorError
from inspector.core.pending_writes import PendingWrites
from inspector.core.photos import PUBLISHED_MARK, mark_published, publish_local_photos
from inspector.core.settings import Settings
from inspector.core.shared_videos import resolve_shared_dir
from inspector.core.storage import Storage, resolve_data_dir
from inspector.core.warehouse import connect_args, new_desk_id, resolve_database_url
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say

log = logging.getLogger(__name__)

GB = 1_000_000_000


@dataclass
class AppContext:
    """The opened data directory: storage layout, upgraded database and settings."""

    storage: Storage
    db: Database
    settings: Settings
    read_only: bool = False
    # The --shared-videos option, when given (it wins over the variable and the setting).
    shared_videos_option: str | None = None

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
        try:
            if url is None:
                db = Database.open(sqlite_url(storage.db_path), storage.backups_dir)
            else:
                db = Database.open(url, storage.backups_dir, connect_args(url, storage.root))
        except CorruptDatabaseError as exc:
            raise with_backup_hint(exc, storage, settings) from exc.__cause__
        db.session_info[SEALER_KEY] = Sealer(
            storage.root, desk_id=str(settings.desk_id), desk_name=settings.station_name
        )
        # Exports and backups a killed program left half-written (only our own temp files,
        # only when their writer is gone).
        PendingWrites(storage.root).sweep()
        ctx = cls(storage, db, settings)
        ctx.sealer.shared_anchors = ctx.shared_anchors_dir
        ctx.publish_photos()
        ctx.settle_desk_keys()
        return ctx

    @classmethod
    def open_for_reading(
        cls, data_dir: str | Path | None = None, database_url: str | None = None
    ) -> AppContext:
        """Open an existing data folder without writing to it (list, show, verify, doctor).

        The folder's own database is opened read-only and not migrated, and nothing is
        created, so these commands work on a read-only folder and change nothing anywhere.
        A folder with no database yet, a warehouse server, or an older schema in a folder
        that can be written open as usual.
        """
        root = resolve_data_dir(data_dir)
        storage = Storage(root)
        if not storage.db_path.is_file():
            return cls.open(root, database_url)
        settings = Settings.load(root)
        if resolve_database_url(database_url, settings.database_url) is not None:
            return cls.open(root, database_url)
        try:
            db = Database.open_read_only(storage.db_path)
        except CorruptDatabaseError as exc:
            raise with_backup_hint(exc, storage, settings) from exc.__cause__
        except SchemaNotCurrentError:
            if os.access(root, os.W_OK):
                return cls.open(root, database_url)  # an older schema, where it may be upgraded
            raise
        # Verifying reads the anchor beside the database; nothing is sealed from here.
        db.session_info[SEALER_KEY] = Sealer(storage.root, desk_id=str(settings.desk_id))
        ctx = cls(storage, db, settings, read_only=True)
        ctx.sealer.shared_anchors = ctx.shared_anchors_dir
        return ctx

    def publish_photos(self) -> None:
        """Store in the database the photos only this folder holds (data from before 0011)."""
        if (self.storage.root / PUBLISHED_MARK).exists():
            return
        try:
            with self.db.session() as session:
                publish_local_photos(session, self.storage.root, self.desk_id)
        except (sa.exc.SQLAlchemyError, InspectorError) as exc:
            # A reviewer's read-only account, a server gone: tried again at the next start.
            log.warning("This desk's photos were not stored in the database yet: %s", exc)
            return
        mark_published(self.storage.root)

    def settle_desk_keys(self) -> None:
        """Ask for this desk's key to be certified; on the PC holding the store key, certify.

        The office PC keeps the store key in its data folder (or it is kept offline and
        'inspector keys certify --store-key FILE' is run): every start certifies the desk
        keys waiting for it, so desks need nothing but the database.
        """
        from inspector.core.signing import DeskKey

        try:
            if DeskKey.load(self.storage.root) is not None:
                with self.db.session() as session:
                    self.sealer.register(session)
            if self.store_key_path.exists():
                with self.db.session() as session:
                    self.certify_own_key(session)
        except (sa.exc.SQLAlchemyError, InspectorError) as exc:
            log.warning("Desk keys not certified at this start: %s", exc)

    def complete_kept_records(self) -> None:
        """Complete the records of videos that ended while the database was away (if any)."""
        if not (self.storage.root / "pending-records").is_dir():
            return
        from inspector.services.recording import complete_pending

        try:
            complete_pending(self)
        except InspectorError as exc:  # the file stays; the next start tries again
            log.error("Kept records not completed: %s", exc)

    def warehouse_value(self, key: str) -> Any:
        """A setting the warehouse decides: its database value (this desk's override first),
        else this desk's own setting."""
        from inspector.core.warehouse import get_setting

        try:
            with self.db.session() as session:
                value = get_setting(session, key, self.desk_id)
        except InspectorError as exc:
            log.warning("Warehouse setting %s not read (%s); this desk's own is used", key, exc)
            value = None
        return value if value is not None else getattr(self.settings, key, None)

    @property
    def shared_folder_owner(self) -> bool:
        """Whether this desk's clean-up also removes old videos from the shared folder.

        Decided by the warehouse (setting shared_videos_owner, a desk id, set from the office);
        a desk's own settings file decides only for a desk with its own database.
        """
        from inspector.core.warehouse import get_setting

        with self.db.session() as session:
            owner = get_setting(session, "shared_videos_owner")
        if owner:
            return owner == self.desk_id
        if self.db.is_server:
            if self.settings.shared_videos_owner:
                log.warning(
                    "This desk's settings say it owns the shared folder; in a warehouse that is "
                    "the warehouse's to decide ('inspector warehouse set shared_videos_owner "
                    "DESK' at the office), so it is ignored"
                )
            return False
        return bool(self.settings.shared_videos_owner)

    @property
    def store_key_path(self) -> Path:
        """Where the office PC keeps the store key, when it is kept there (not offline)."""
        from inspector.core.signing import STORE_KEY_FILE

        return self.storage.root / STORE_KEY_FILE

    def certify_own_key(self, session: Session) -> None:
        """Register this desk's key; where the store key is kept, certify what waits for it."""
        from inspector.core.signing import StoreKey
        from inspector.core.warehouse import certify_waiting

        self.sealer.register(session)
        if self.store_key_path.exists():
            certify_waiting(session, StoreKey.load(self.store_key_path))

    @property
    def desk_id(self) -> str:
        return str(self.settings.desk_id)

    @property
    def shared_videos_dir(self) -> Path | None:
        """The warehouse's shared video folder, or None when videos stay on their desk."""
        return resolve_shared_dir(self.shared_videos_option, self.settings.shared_videos_dir)

    def shared_anchors_dir(self) -> Path | None:
        """Where the shared folder keeps every desk's anchor copy (anchors/), or None."""
        from inspector.core.shared_videos import mounted

        shared = self.shared_videos_dir
        # An empty mount point (the share not mounted) is never written into: no marker, no copy.
        return shared / SHARED_ANCHORS if shared is not None and mounted(shared) else None

    @property
    def sealer(self) -> Sealer:
        """The desk's sealer: its data folder and signing key (made on first use)."""
        return self.db.session_info[SEALER_KEY]

    def close(self) -> None:
        self.db.dispose()


def with_backup_hint(
    exc: CorruptDatabaseError, storage: Storage, settings: Settings
) -> CorruptDatabaseError:
    """The damaged-database error, with the newest sound backup named (and kept for a dialog)."""
    from inspector.core.backups import backup_folders, newest_backup

    lang = resolve_language(settings.language)
    folders = backup_folders(storage, settings)
    found = newest_backup(folders)
    if found is not None:
        hint = say(
            lang,
            "The newest backup is {backup}: restore it with 'inspector restore {backup}'.",
            backup=found,
        )
    else:
        hint = say(
            lang,
            "No backup of the database was found in {folders}.",
            folders=", ".join(str(f) for f in folders),
        )
    better = CorruptDatabaseError(f"{exc}\n{hint}", exc.path)
    better.newest_backup = found
    return better
