"""The database: migrations create and upgrade it, keep data, and refuse what they do not know."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

from inspector.core.database import (
    GIN_PENDING_LIST_KB,
    PG_TRIGRAM_INDEXES,
    Database,
    head_revision,
    include_in_comparison,
    sqlite_url,
)
from inspector.core.errors import DatabaseError
from inspector.core.models import Inspection, Station

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def test_fresh_database_is_created_at_the_newest_schema(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"), tmp_path / "backups")
    assert db.current_revision() == head_revision()
    db.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_models_and_migrations_agree(tmp_path, kind, request):
    url = (
        sqlite_url(tmp_path / "a.db")
        if kind == "sqlite"
        else request.getfixturevalue("pg_empty_url")
    )
    db = Database.open(url)
    with db.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_in_comparison}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    db.dispose()
    assert diff == [], "a model changed without a migration: run make_revision"


def test_wal_and_foreign_keys_are_on(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


@pytest.mark.parametrize("old", sorted(SCHEMAS.glob("*.db")), ids=lambda p: p.stem)
def test_every_past_schema_upgrades_with_its_data_and_a_backup(tmp_path, old):
    path = tmp_path / "inspector.db"
    shutil.copyfile(old, path)
    db = Database.open(sqlite_url(path), tmp_path / "backups")
    assert db.current_revision() == head_revision()
    with db.session() as s:
        rows = s.exec(select(Inspection)).all()
        assert [r.order_number for r in rows] == ["TB1"]
        assert rows[0].started_at == datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    db.dispose()
    backups = list((tmp_path / "backups").glob("inspector-before-upgrade-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == old.stem


def test_an_upgraded_sqlite_archive_searches_from_its_search_indexes_alone(tmp_path):
    """A desk's archive from before migration 0020: after the upgrade a prefix's matches are
    gathered from the prefix indexes alone, and a walk testing each inspection's numbers
    reads the walk index alone (SQLite's "COVERING INDEX"), not every row."""
    from inspector.services import browse

    path = tmp_path / "inspector.db"
    shutil.copyfile(SCHEMAS / "0018.db", path)
    db = Database.open(sqlite_url(path), tmp_path / "backups")
    backend = browse.queries._Backend("sqlite", code_index=True)
    gathered = browse.queries.page_query(
        browse.BrowseFilter(text="TB"), backend=backend, candidates=1000
    )
    walked = browse.queries.page_query(
        browse.BrowseFilter(text="1", match=browse.Match.CONTAINS),
        text_indexed=False,
        backend=backend,
    )
    plans = []
    with db.engine.connect() as conn:
        for query in (gathered, walked):
            compiled = query.compile(conn.engine)
            params = tuple(compiled.params[name] for name in compiled.positiontup or ())
            steps = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params).all()
            plans.append(" / ".join(step[-1] for step in steps))
    db.dispose()
    for index in ("ix_inspection_order_pattern", "ix_inspection_courier_pattern"):
        assert f"COVERING INDEX {index}" in plans[0], plans[0]
    assert "COVERING INDEX ix_inspection_walk" in plans[1], plans[1]


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "inspector.db"
    Database.open(sqlite_url(path)).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num='9999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version"):
        Database.open(sqlite_url(path))
    assert path.read_bytes() == before


def test_times_come_back_aware_in_utc(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    shanghai = datetime(2026, 11, 27, 14, 0, tzinfo=timezone(timedelta(hours=8)))
    with db.session() as s:
        s.add(Inspection(order_number="A", started_at=shanghai))
    with db.session() as s:
        row = s.exec(select(Inspection)).one()
    assert row.started_at == shanghai and row.started_at.tzinfo == UTC
    db.dispose()


def test_naive_times_are_rejected(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    with pytest.raises(Exception, match="naive"), db.session() as s:
        s.add(Inspection(order_number="A", started_at=datetime(2026, 1, 1)))
    db.dispose()


def test_failed_write_rolls_back_everything(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    with pytest.raises(Exception), db.session() as s:  # noqa: B017 (any integrity error)
        s.add(Station(name="Desk"))
        s.flush()
        s.add(Station(name="Desk"))
        s.flush()
    with db.session() as s:
        assert s.exec(select(Station)).all() == []
    db.dispose()


def test_a_newer_schema_on_the_server_is_refused_untouched(pg_url):
    Database.open(pg_url).dispose()
    db = Database(pg_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    db.dispose()
    with pytest.raises(DatabaseError, match="newer version of inspector"):
        Database.open(pg_url)
    db = Database(pg_url)
    assert db.current_revision() == "9999"
    db.dispose()


def test_desks_starting_together_on_an_empty_server_upgrade_it_once(pg_empty_url):
    """Six desks open one empty database at once: one migrates, the others wait and find it done."""
    desks = 6
    start = threading.Barrier(desks)
    outcomes: list[object] = []

    def desk() -> None:
        start.wait()
        try:
            db = Database.open(pg_empty_url)
            outcomes.append(db.current_revision())
            db.dispose()
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            outcomes.append(exc)

    threads = [threading.Thread(target=desk) for _ in range(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert outcomes == [head_revision()] * desks


def test_an_unreachable_server_is_named_without_its_password():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed: nothing listens there
    url = f"postgresql://desk:s3cret-pw@127.0.0.1:{port}/warehouse"
    with pytest.raises(DatabaseError, match="Cannot reach the database server") as info:
        Database.open(url)
    assert f"127.0.0.1:{port}/warehouse" in str(info.value)
    assert "s3cret-pw" not in str(info.value)  # the password stays out of messages and logs


def test_the_sqlite_code_index_follows_every_change(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    with db.session() as s:
        s.add(Inspection(order_number="TB-778899", courier_number="SF1234567890"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE inspection SET courier_number = 'YT5550001'")

    def found(part: str) -> int:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM inspection_code_fts WHERE inspection_code_fts MATCH ?",
                (f'"{part}"',),
            ).scalar()

    assert (found("88"[:2] + "99"), found("555000"), found("4567")) == (1, 1, 0)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM inspection")
    assert found("8899") == 0
    db.dispose()


def _pending_pages(conn: sa.Connection) -> dict[str, int]:
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pgstattuple")
    return {
        index: conn.exec_driver_sql(
            f"SELECT pending_pages FROM pgstatginindex('{index}')"
        ).scalar_one()
        for index in PG_TRIGRAM_INDEXES
    }


def test_search_indexes_after_an_upgrade_serve_a_warehouses_searches(tmp_path, pg_empty_url):
    """A database made before migration 0020 (its downgrade restores that shape) is upgraded
    with data in it. Every "contains" search reads a trigram index's whole pending list: a
    warehouse adding inspections all day keeps it under 128 kB (16 pages), not PostgreSQL's
    4 MB. A prefix's matches are gathered from the prefix indexes alone, never their rows."""
    from alembic import command

    from inspector.core.database import _alembic_config
    from inspector.services import browse
    from inspector.services.context import AppContext
    from inspector.services.demo_data import generate_demo_data

    ctx = AppContext.open(tmp_path, pg_empty_url)
    list(generate_demo_data(ctx, 300, videos=1, checklists=0))
    with ctx.db.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0019")
    ctx.close()

    ctx = AppContext.open(tmp_path, pg_empty_url)
    assert ctx.db.current_revision() == head_revision()
    list(generate_demo_data(ctx, 1500, seed=2, videos=1, checklists=0))
    with ctx.db.engine.begin() as conn:
        pending = _pending_pages(conn)
    limit_pages = GIN_PENDING_LIST_KB * 1024 // 8192
    assert all(0 < pages <= limit_pages for pages in pending.values()), pending

    with ctx.db.engine.connect() as conn:
        conn.connection.driver_connection.autocommit = True
        conn.exec_driver_sql("VACUUM ANALYZE inspection")  # what autovacuum does over time
        number = conn.exec_driver_sql("SELECT order_number FROM inspection LIMIT 1").scalar_one()
        query = browse.queries.page_query(
            browse.BrowseFilter(text=number),
            backend=browse.queries._backend(conn),
            candidates=1000,
        ).compile(conn.engine)
        plan = "\n".join(
            row[0] for row in conn.exec_driver_sql("EXPLAIN " + str(query), query.params)
        )
    ctx.close()
    for index in ("ix_inspection_order_pattern", "ix_inspection_courier_pattern"):
        assert f"Index Only Scan using {index}" in plan, plan

    # The same inserts at PostgreSQL's default gather far more: the limit is what keeps it short.
    db = Database(pg_empty_url)
    with db.engine.begin() as conn:
        for index in PG_TRIGRAM_INDEXES:
            conn.exec_driver_sql(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
            conn.exec_driver_sql(f"SELECT gin_clean_pending_list('{index}')")
    db.dispose()
    ctx = AppContext.open(tmp_path, pg_empty_url)
    list(generate_demo_data(ctx, 1500, seed=3, videos=1, checklists=0))
    with ctx.db.engine.begin() as conn:
        assert all(pages > limit_pages for pages in _pending_pages(conn).values())
    ctx.close()
