"""The database: migrations create and upgrade it, keep data, and refuse what they do not know."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

from inspector.core.database import Database, head_revision, sqlite_url
from inspector.core.errors import DatabaseError
from inspector.core.models import Inspection, Station

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def test_fresh_database_is_created_at_the_newest_schema(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"), tmp_path / "backups")
    assert db.current_revision() == head_revision()
    db.dispose()


def test_models_and_migrations_agree(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
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
