"""The database: engine set-up, migrations at start-up (with a backup first), sessions."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import Session, SQLModel, select

from inspector.core.errors import CorruptDatabaseError, DatabaseError
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say

log = logging.getLogger(__name__)

# PostgreSQL's "insufficient privilege" and "read-only transaction": a reviewer's account.
READ_ONLY_SQLSTATES = ("42501", "25006")
READ_ONLY_ACCOUNT = (
    "This account may only read the warehouse's records (a reviewer's database role): nothing "
    "was recorded, changed or written. Use a desk's or the office's account to do this."
)


class ReadOnlyAccountError(DatabaseError):
    """The database refused a write: this account may only read (docs/warehouse-roles.md)."""


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


def _sqlite_read_only_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Nothing that writes: the journal mode stays whatever the file says (WAL).
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA query_only=ON")
    dbapi_conn.execute("PRAGMA busy_timeout=5000")


# pg_advisory_lock keys: any fixed 64-bit numbers, the same on every desk of a warehouse.
MIGRATION_LOCK_KEY = 0x1A5_EC70_0001
CHAIN_LOCK_KEY = 0x1A5_EC70_0002
# pg_trgm's GIN indexes for "contains" on PostgreSQL.
PG_TRIGRAM_INDEXES = ("ix_inspection_order_trgm", "ix_inspection_courier_trgm")
# Search objects the migrations make in each database kind's own form (indexes, SQLite's
# FTS5 table and its shadow tables): the models do not describe them, so comparisons skip them.
DIALECT_ONLY_PREFIXES = (
    "ix_inspection_walk",
    "ix_inspection_order_pattern",
    "ix_inspection_courier_pattern",
    *PG_TRIGRAM_INDEXES,
    "inspection_code_fts",
)


def include_in_comparison(name: str | None, _type: str, _parent: object) -> bool:
    """Alembic's include_name hook: leave the dialect-only search objects out of comparisons."""
    return not (name or "").startswith(DIALECT_ONLY_PREFIXES)


def normalize_url(url: str) -> str:
    """A database URL with the driver this app ships: postgresql:// means psycopg 3."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


def make_engine(
    url: str, connect_args: dict[str, object] | None = None, read_only: bool = False
) -> sa.Engine:
    """An engine for a database URL, with SQLite set up for concurrent desk use."""
    url = normalize_url(url)
    if url.startswith("postgresql"):
        # A desk on a warehouse network: a dead server must fail in seconds, not minutes, and
        # a connection the server dropped overnight is replaced instead of failing a recording.
        args: dict[str, object] = {"connect_timeout": 10, "application_name": "inspector"}
        args.update(connect_args or {})
        return sa.create_engine(url, future=True, pool_pre_ping=True, connect_args=args)
    engine = sa.create_engine(url, future=True, connect_args=connect_args or {})
    if engine.dialect.name == "sqlite":
        pragmas = _sqlite_read_only_pragmas if read_only else _sqlite_pragmas
        sa.event.listen(engine, "connect", pragmas)
        sa.event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


SQLITE_CODE_INDEX = "inspection_code_fts"
_SQLITE_CODE_INDEX_DDL = (
    # External content: the table holds only the trigram index, the codes stay in inspection.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_CODE_INDEX} USING fts5("
    "order_number, courier_number, content='inspection', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_CODE_INDEX}_ai AFTER INSERT ON inspection BEGIN "
    f"INSERT INTO {SQLITE_CODE_INDEX}(rowid, order_number, courier_number) "
    "VALUES (new.id, new.order_number, new.courier_number); END",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_CODE_INDEX}_ad AFTER DELETE ON inspection BEGIN "
    f"INSERT INTO {SQLITE_CODE_INDEX}({SQLITE_CODE_INDEX}, rowid, order_number, courier_number) "
    "VALUES ('delete', old.id, old.order_number, old.courier_number); END",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_CODE_INDEX}_au "
    "AFTER UPDATE OF order_number, courier_number ON inspection BEGIN "
    f"INSERT INTO {SQLITE_CODE_INDEX}({SQLITE_CODE_INDEX}, rowid, order_number, courier_number) "
    "VALUES ('delete', old.id, old.order_number, old.courier_number); "
    f"INSERT INTO {SQLITE_CODE_INDEX}(rowid, order_number, courier_number) "
    "VALUES (new.id, new.order_number, new.courier_number); END",
)
# A GIN index gathers new entries in a pending list that every search reads from end to end
# until an insert past this size (or a vacuum) merges it. At PostgreSQL's default of 4 MB a
# "contains" search at 1,000,000 inspections spent up to ~7 ms per index on the list (3 ms at
# 1.7 MB, EXPLAIN ANALYZE) against 0.5 ms for the index itself; at 128 kB the list costs at
# most ~0.4 ms, and an insert 0.12 ms instead of 0.05 ms (0.39 ms with no list at all).
GIN_PENDING_LIST_KB = 128
# A search that walks the inspections newest first (a short or common part of a number)
# tests each one's numbers: this index holds them in date order, so the walk reads the index
# alone, not every row (a 3-digit part at 1,000,000 inspections: 4-7 ms instead of 10-16 ms
# on SQLite). On PostgreSQL the numbers are included columns, outside the b-tree's key.
WALK_INDEX_DDL = {
    "sqlite": "CREATE INDEX IF NOT EXISTS ix_inspection_walk "
    "ON inspection (started_at, id, order_number, courier_number)",
    "postgresql": "CREATE INDEX IF NOT EXISTS ix_inspection_walk "
    "ON inspection (started_at, id) INCLUDE (order_number, courier_number)",
}
# A prefix's matches are gathered from these alone and sorted by start time (browse/queries.py
# _gathered_page): each holds a number with its start time and id. On PostgreSQL they are
# byte-wise (text_pattern_ops), so the database's collation cannot change what matches; on
# SQLite the rowid is the id.
PATTERN_INDEX_DDL = {
    "sqlite": tuple(
        f"CREATE INDEX IF NOT EXISTS ix_inspection_{column}_pattern "
        f"ON inspection ({column}_number, started_at)"
        for column in ("order", "courier")
    ),
    "postgresql": tuple(
        f"CREATE INDEX IF NOT EXISTS ix_inspection_{column}_pattern "
        f"ON inspection ({column}_number text_pattern_ops) INCLUDE (started_at, id)"
        for column in ("order", "courier")
    ),
}
_PG_CODE_INDEX_DDL = (
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    WALK_INDEX_DDL["postgresql"],
    *PATTERN_INDEX_DDL["postgresql"],
    # Trigram GIN indexes serve "contains" (LIKE '%part%'), with a short pending list (below).
    "CREATE INDEX IF NOT EXISTS ix_inspection_order_trgm "
    "ON inspection USING gin (order_number gin_trgm_ops) "
    f"WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB})",
    "CREATE INDEX IF NOT EXISTS ix_inspection_courier_trgm "
    "ON inspection USING gin (courier_number gin_trgm_ops) "
    f"WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB})",
)


def ensure_code_search_index(conn: sa.Connection) -> bool:
    """Create the order/courier search indexes this database kind has; True when "contains"
    has its trigram index.

    SQLite: an FTS5 trigram index kept by triggers (SQLite 3.34+; without it "contains"
    scans). A later batch migration that rebuilds the inspection table drops the triggers,
    so every upgrade calls this again and rebuilds the index when they were missing.
    """
    if conn.dialect.name == "postgresql":
        for ddl in _PG_CODE_INDEX_DDL:
            conn.exec_driver_sql(ddl)
        return True
    if conn.dialect.name != "sqlite":
        return False
    for ddl in (WALK_INDEX_DDL["sqlite"], *PATTERN_INDEX_DDL["sqlite"]):
        conn.exec_driver_sql(ddl)
    present = {
        row[0]
        for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'inspection_code_fts%'"
        )
    }
    wanted = {SQLITE_CODE_INDEX, *(f"{SQLITE_CODE_INDEX}_{t}" for t in ("ai", "ad", "au"))}
    if wanted <= present:
        return True
    try:
        for ddl in _SQLITE_CODE_INDEX_DDL:
            conn.exec_driver_sql(ddl)
    except sa.exc.OperationalError as exc:  # an SQLite built without FTS5 or before 3.34
        log.warning("No trigram search index on this SQLite (%s); 'contains' scans", exc.orig)
        return False
    conn.exec_driver_sql(f"INSERT INTO {SQLITE_CODE_INDEX}({SQLITE_CODE_INDEX}) VALUES ('rebuild')")
    return True


def get_or_create_named(session: Session, model: type[SQLModel], name: str, **values: Any) -> int:
    """The id of the row called `name` in a table whose names are unique, made if missing.

    Race-safe across desks: INSERT … ON CONFLICT DO NOTHING, then read. When another desk
    inserted the name a moment before (even uncommitted), PostgreSQL waits for its commit,
    skips the insert and the read finds that desk's row; no desk fails over a name.
    `values` are for a new row only.
    """
    existing = session.exec(select(model.id).where(model.name == name)).first()  # type: ignore[attr-defined]
    if existing is not None:
        return existing
    row = model(name=name, **values).model_dump(exclude={"id"})
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": pg_dialect.insert, "sqlite": sqlite_dialect.insert}.get(dialect)
    if insert is None:  # another database: a savepoint catches the lost race instead
        try:
            with session.begin_nested():
                session.execute(sa.insert(model).values(**row))
        except sa.exc.IntegrityError:
            pass
    else:
        session.execute(insert(model).values(**row).on_conflict_do_nothing(index_elements=["name"]))
    return session.exec(select(model.id).where(model.name == name)).one()  # type: ignore[attr-defined]


def lock_chain(session: Session) -> None:
    """Serialise sealing across desks until the calling transaction ends.

    On PostgreSQL every desk seals through one transaction-level advisory lock, so the chain's
    tail is read by one desk at a time and two recordings finishing together cannot both link
    to it. SQLite serialises writers by itself (one desk per file).
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})


# What SQLite says of a file that is not (or no longer) a whole database.
_CORRUPTION_SIGNS = ("malformed", "not a database", "file is encrypted", "database corrupt")


def corruption_in(exc: BaseException, path: Path | str | None) -> CorruptDatabaseError | None:
    """A CorruptDatabaseError naming the file when exc is SQLite finding it damaged, else None."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.DatabaseError) or not any(
        sign in str(orig).lower() for sign in _CORRUPTION_SIGNS
    ):
        return None
    message = say(
        resolve_language(None),
        "The database {path} is damaged ({detail}); nothing was changed. Restore the newest "
        "backup with 'inspector restore BACKUP' (the station window offers it at start); "
        "restoring keeps the damaged file aside.",
        path=path or "?",
        detail=orig,
    )
    return CorruptDatabaseError(message, path)


def check_whole(session: Session, path: Path | str | None) -> None:
    """Raise CorruptDatabaseError when SQLite's own page check finds the file damaged.

    Queries read only the pages they need: a file damaged in a search index or an unused
    table answers every one of them, so a verification asks SQLite to walk every page too.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return
    try:
        found = [str(row[0]) for row in session.execute(sa.text("PRAGMA quick_check(5)"))]
    except sa.exc.SQLAlchemyError as exc:
        if (corrupt := corruption_in(exc, path)) is not None:
            raise corrupt from exc
        raise
    if found != ["ok"]:
        damaged = sqlite3.DatabaseError("database disk image is malformed: " + "; ".join(found))
        raise corruption_in(damaged, path) or CorruptDatabaseError("; ".join(found), path)


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


def known_revisions() -> set[str]:
    """Every schema revision this version of the app can read or upgrade from."""
    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    return {r.revision for r in script.walk_revisions()}


class SchemaNotCurrentError(DatabaseError):
    """A database opened only to read is not at this version's schema (and is not upgraded)."""


class Database:
    """An upgraded database and a way to get sessions on it."""

    def __init__(
        self,
        url: str,
        backups_dir: Path | None = None,
        connect_args: dict[str, object] | None = None,
        read_only: bool = False,
    ) -> None:
        self.url = normalize_url(url)
        self.backups_dir = backups_dir
        self.read_only = read_only
        self._read_path: Path | None = None
        self.connect_args = dict(connect_args or {})  # the server password, for pg_dump too
        # Handed to every session (Session.info): what sealing needs to find the desk's key.
        self.session_info: dict[str, Any] = {}
        try:
            self.engine = make_engine(self.url, connect_args, read_only)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise DatabaseError(
                f"The database address {self.safe_url} is not valid: {exc}. "
                "Use postgresql://user@server:5432/database or sqlite:///path/to/file.db."
            ) from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        try:
            return sa.engine.make_url(self.url).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            return "(unreadable address)"

    @property
    def is_server(self) -> bool:
        """True on a database server shared by desks (PostgreSQL), False on a local file."""
        return self.engine.dialect.name != "sqlite"

    @classmethod
    def open(
        cls,
        url: str,
        backups_dir: Path | None = None,
        connect_args: dict[str, object] | None = None,
    ) -> Database:
        """Open the database and bring its schema up to date."""
        db = cls(url, backups_dir, connect_args)
        try:
            db.upgrade()
        except BaseException:
            db.engine.dispose()
            raise
        return db

    @classmethod
    def open_read_only(cls, path: Path) -> Database:
        """Open an SQLite file only to read it: no migration, no journal, nothing written.

        For the commands that only look (list, show, verify, doctor), so they work on a
        read-only data folder (a mounted backup, a write-protected stick). When SQLite cannot
        make its WAL index beside a read-only file, the file is opened as immutable: nothing
        can be writing to a folder no one can write to.
        """
        path = Path(path).resolve()
        for flags in ("mode=ro", "immutable=1"):
            db = cls(f"sqlite:///file:{path.as_posix()}?{flags}&uri=true", read_only=True)
            db._read_path = path
            try:
                current = db.current_revision()
            except sa.exc.OperationalError as exc:
                db.engine.dispose()
                if flags == "mode=ro" and "unable to open" in str(exc.orig):
                    continue
                raise DatabaseError(f"Cannot open the database {path}: {exc.orig}.") from exc
            except sa.exc.DatabaseError as exc:
                db.engine.dispose()
                raise corruption_in(exc, path) or DatabaseError(
                    f"Cannot read the database {path}: {exc.orig}."
                ) from exc
            if current != head_revision():
                db.engine.dispose()
                raise SchemaNotCurrentError(
                    f"The database {path} has schema {current}, this version of inspector "
                    f"{head_revision()}; it is not upgraded when only read. Open it once where "
                    "its folder can be written, or use the version that wrote it."
                )
            return db
        raise AssertionError("unreachable: the immutable attempt returns or raises")

    @property
    def sqlite_path(self) -> Path | None:
        if self._read_path is not None:
            return self._read_path
        if self.engine.dialect.name != "sqlite":
            return None
        name = self.engine.url.database
        return Path(name) if name and name != ":memory:" else None

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def server_facts(self) -> tuple[str, float]:
        """The database's name and version, and one query's round trip in milliseconds."""
        with self.engine.connect() as conn:
            started = time.perf_counter()
            conn.execute(sa.text("SELECT 1")).scalar()
            round_trip_ms = (time.perf_counter() - started) * 1000
            if conn.dialect.name == "postgresql":
                version = conn.execute(sa.text("SHOW server_version")).scalar()
                return f"PostgreSQL {version}", round_trip_ms
            version = conn.exec_driver_sql("SELECT sqlite_version()").scalar()
            return f"SQLite {version}", round_trip_ms

    def cannot_open(self, exc: sa.exc.SQLAlchemyError) -> DatabaseError:
        if self.is_server:
            return DatabaseError(
                f"Cannot reach the database server {self.safe_url}: {getattr(exc, 'orig', exc)}. "
                "Check the server name, the network, the user and the password "
                "('inspector doctor' tests the connection)."
            )
        return DatabaseError(
            f"Cannot open the database {self.url}: {getattr(exc, 'orig', exc)}. "
            "Check that the data directory is readable and writable."
        )

    def upgrade(self) -> None:
        """Run every missing migration; back the file up first; refuse a newer schema.

        On a server, the check and the upgrade run under one advisory lock: when several
        desks start on an old (or empty) schema together, one upgrades and the others wait,
        then find it current. A desk whose version is older than the schema refuses.
        """
        head = head_revision()
        try:
            current = self.current_revision()
        except sa.exc.SQLAlchemyError as exc:
            if (corrupt := corruption_in(exc, self.sqlite_path)) is not None:
                raise corrupt from exc
            raise self.cannot_open(exc) from exc
        if current == head:
            return
        self._refuse_unknown(current)
        try:
            with self.engine.connect() as conn:
                sqlite = conn.dialect.name == "sqlite"
                if sqlite:
                    # Batch migrations rebuild tables; SQLite only allows that with foreign
                    # keys off, and the pragma only takes effect outside a transaction.
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        # Held to the commit: PostgreSQL's DDL is transactional, so a waiting
                        # desk sees either the old schema or the whole new one.
                        conn.execute(
                            sa.text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": MIGRATION_LOCK_KEY},
                        )
                        current = MigrationContext.configure(conn).get_current_revision()
                        if current == head:
                            log.info("Another desk upgraded the schema to %s meanwhile", head)
                            return
                        self._refuse_unknown(current)
                    if current is not None:
                        self.backup_before_upgrade(current)
                    log.info("Upgrading database schema %s -> %s", current, head)
                    command.upgrade(_alembic_config(conn), "head")
                    ensure_code_search_index(conn)
                    if (
                        sqlite
                        and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None
                    ):
                        raise DatabaseError(
                            "The upgraded database has broken references; it was rolled back."
                        )
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
                    # The upgrade rewrote most pages into the write-ahead log; fold it into
                    # the file now, so the desk's first hours do not start with a log the
                    # size of the whole database (on a nearly full disk, that is space).
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except sa.exc.SQLAlchemyError as exc:
            raise DatabaseError(
                f"Upgrading the database failed: {exc}. Nothing was changed"
                + (
                    "; the backup taken before the upgrade is in the backups folder."
                    if not self.is_server
                    else "."
                )
            ) from exc

    def _refuse_unknown(self, current: str | None) -> None:
        if current is not None and current not in known_revisions():
            raise DatabaseError(
                f"The database was written by a newer version of inspector (schema {current}). "
                "Install that version or newer on this desk; this one will not touch it."
            )

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
        """A session that commits on success and rolls back on any error.

        Work that must follow the commit and only a commit (a seal's line in the chain
        anchor) is left as callables in session.info["after_commit"].
        """
        with Session(self.engine, expire_on_commit=False, info=dict(self.session_info)) as session:
            try:
                yield session
                session.commit()
                for hook in session.info.pop("after_commit", []):
                    hook()
            except sa.exc.DatabaseError as exc:
                session.rollback()
                if (corrupt := corruption_in(exc, self.sqlite_path)) is not None:
                    raise corrupt from exc
                if getattr(exc.orig, "sqlstate", None) in READ_ONLY_SQLSTATES:
                    raise ReadOnlyAccountError(READ_ONLY_ACCOUNT) from exc
                if not isinstance(exc, sa.exc.OperationalError):
                    raise
                if self.read_only:
                    raise DatabaseError(
                        f"This command only reads the database, but it tried to write: {exc.orig}."
                    ) from exc
                raise DatabaseError(
                    f"Writing to the database failed: {exc.orig}. Nothing was saved; "
                    "check free disk space and that no other program holds the database."
                ) from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        if self.engine.dialect.name == "sqlite" and not self.read_only:
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
    except BaseException:
        tmp.unlink(missing_ok=True)  # half a copy is no backup
        raise
    finally:
        source.close()
    tmp.replace(dest)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
