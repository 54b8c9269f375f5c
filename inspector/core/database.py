"""The database: engine set-up, migrations at start-up (with a backup first), sessions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session

from inspector.core.errors import DatabaseError

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module
    # would otherwise commit before every DDL statement, so a failed migration could not
    # roll back (the SQLAlchemy docs' recipe for pysqlite).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL lets the GUI read while a recording writes; NORMAL is durable in WAL mode
    # except for the last transaction on power loss, which the next start recovers.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str) -> sa.Engine:
    """An engine for a database URL, with SQLite set up for concurrent desk use."""
    engine = sa.create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _alembic_config(connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    if head is None:
        raise DatabaseError(
            f"The database migration scripts are missing from {MIGRATIONS_DIR}. "
            "The installation is damaged; reinstall inspector."
        )
    return head


class Database:
    """An upgraded database and a way to get sessions on it."""

    def __init__(self, url: str, backups_dir: Path | None = None) -> None:
        self.url = url
        self.backups_dir = backups_dir
        try:
            self.engine = make_engine(url)
        except sa.exc.ArgumentError as exc:
            raise DatabaseError(f"The database address {url!r} is not valid: {exc}.") from exc

    @classmethod
    def open(cls, url: str, backups_dir: Path | None = None) -> Database:
        """Open the database and bring its schema up to date."""
        db = cls(url, backups_dir)
        db.upgrade()
        return db

    @property
    def sqlite_path(self) -> Path | None:
        if self.engine.dialect.name != "sqlite":
            return None
        name = self.engine.url.database
        return Path(name) if name and name != ":memory:" else None

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self) -> None:
        """Run every missing migration; back the file up first; refuse a newer schema."""
        head = head_revision()
        try:
            current = self.current_revision()
        except sa.exc.OperationalError as exc:
            raise DatabaseError(
                f"Cannot open the database {self.url}: {exc.orig}. "
                "Check that the data directory is readable and writable."
            ) from exc
        if current == head:
            return
        script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise DatabaseError(
                f"The database was written by a newer version of inspector (schema {current}). "
                "Install that version or newer; this one will not touch it."
            )
        if current is not None:
            self.backup_before_upgrade(current)
        log.info("Upgrading database schema %s -> %s", current, head)
        try:
            with self.engine.connect() as conn:
                sqlite = conn.dialect.name == "sqlite"
                if sqlite:
                    # Batch migrations rebuild tables; SQLite only allows that with foreign
                    # keys off, and the pragma only takes effect outside a transaction.
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
                with conn.begin():
                    command.upgrade(_alembic_config(conn), "head")
                    if (
                        sqlite
                        and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None
                    ):
                        raise DatabaseError(
                            "The upgraded database has broken references; it was rolled back."
                        )
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
        except sa.exc.SQLAlchemyError as exc:
            raise DatabaseError(
                f"Upgrading the database failed: {exc}. Nothing was changed; "
                "the backup taken before the upgrade is in the backups folder."
            ) from exc

    def backup_before_upgrade(self, revision: str) -> Path | None:
        """Copy the SQLite file aside before its schema changes."""
        src = self.sqlite_path
        if src is None or not src.exists() or self.backups_dir is None:
            return None
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        dest = (
            self.backups_dir
            / f"inspector-before-upgrade-{revision}-{datetime.now():%Y%m%d-%H%M%S}.db"
        )
        backup_sqlite(src, dest)
        log.info("Backed up the database to %s before upgrading", dest)
        return dest

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sa.exc.OperationalError as exc:
                session.rollback()
                raise DatabaseError(
                    f"Writing to the database failed: {exc.orig}. Nothing was saved; "
                    "check free disk space and that no other program holds the database."
                ) from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        if self.engine.dialect.name == "sqlite":
            # Keeps the query planner's statistics fresh as the archive grows (cheap; SQLite docs
            # recommend it at close).
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
            except sa.exc.SQLAlchemyError:
                pass  # closing must not fail over a planner hint
        self.engine.dispose()


def backup_sqlite(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), written atomically."""
    tmp = dest.with_name(dest.name + ".partial")
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    tmp.replace(dest)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
