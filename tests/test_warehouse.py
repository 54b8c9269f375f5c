"""Several desks, one warehouse: choosing the server, the password's place, desk identity,
names two desks create at once, doctor, and backup and restore with PostgreSQL's tools."""

from __future__ import annotations

import stat
import threading
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core import pg_tools
from inspector.core.database import get_or_create_named
from inspector.core.errors import DatabaseError
from inspector.core.models import Inspection, Station
from inspector.core.settings import Settings
from inspector.core.warehouse import (
    DATABASE_PASSWORD_ENV,
    DATABASE_URL_ENV,
    ServerAddress,
    connect_args,
    resolve_database_url,
    save_password,
)
from inspector.services.context import AppContext
from inspector.services.maintenance import backup, daily_backup, restore_to_server
from tests.helpers import run_cli

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL


@pytest.fixture
def no_keyring(monkeypatch):
    """A computer without a keyring service, as a headless desk or CI is."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def desk_role(pg_server):
    """A database owned by an ordinary role (not a superuser), as a warehouse sets one up."""
    role, password = "desk_" + uuid.uuid4().hex[:8], "pw-" + uuid.uuid4().hex[:8]
    pg_server.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    made: list[str] = []

    def database() -> ServerAddress:
        name = "w_" + uuid.uuid4().hex[:12]
        pg_server.admin(f"CREATE DATABASE {name} OWNER {role}")
        made.append(name)
        return ServerAddress("127.0.0.1", name, role, pg_server.port)

    yield database, password
    for name in made:
        pg_server.drop_database(name)
    pg_server.admin(f"DROP ROLE {role}")


def test_the_option_wins_over_the_variable_and_the_variable_over_the_setting(monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    assert resolve_database_url(None, "") is None, "no address: the desk's own SQLite file"
    assert resolve_database_url(None, "postgresql://a@s/w") == "postgresql://a@s/w"
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://b@s/w")
    assert resolve_database_url(None, "postgresql://a@s/w") == "postgresql://b@s/w"
    assert resolve_database_url("postgresql://c@s/w", "x") == "postgresql://c@s/w"


def test_a_desk_gets_one_id_at_its_first_start(data_dir):
    first = AppContext.open(data_dir)
    first.close()
    again = AppContext.open(data_dir)
    again.close()
    assert uuid.UUID(first.desk_id) and again.desk_id == first.desk_id
    assert Settings.load(data_dir).desk_id == first.desk_id


def test_without_a_keyring_the_password_goes_to_an_owner_only_file_never_settings(
    data_dir, desk_role, no_keyring, monkeypatch
):
    monkeypatch.delenv(DATABASE_PASSWORD_ENV, raising=False)
    make_database, password = desk_role
    url = make_database().url()
    saved = save_password(url, password, data_dir)
    pgpass = data_dir / "database.pgpass"
    assert (saved.where, saved.path) == ("file", pgpass)
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert connect_args(url, data_dir) == {"passfile": str(pgpass)}
    # The desk connects with the address alone: the password comes from the file.
    ctx = AppContext.open(data_dir, url)
    try:
        ctx.settings.set("database_url", url)
        ctx.settings.save()
        assert ctx.db.server_facts()[0].startswith("PostgreSQL")
    finally:
        ctx.close()
    assert password not in (data_dir / "settings.json").read_text()


def test_a_wrong_password_is_refused_in_words(data_dir, desk_role, monkeypatch):
    make_database, _password = desk_role
    monkeypatch.setenv(DATABASE_PASSWORD_ENV, "not-the-password")
    with pytest.raises(DatabaseError, match="Cannot reach the database server") as info:
        AppContext.open(data_dir, make_database().url())
    assert "password" in str(info.value)


def test_two_desks_naming_a_new_station_at_once_share_one_row(pg_ctx):
    engine = pg_ctx.db.engine
    first = Session(engine)
    first_id = get_or_create_named(first, Station, "Desk 7", desk_id="a")
    found: list[int] = []
    second = threading.Thread(
        target=lambda: found.append(get_or_create_named(Session(engine), Station, "Desk 7"))
    )
    second.start()  # its insert waits for the first desk's transaction
    second.join(1.0)
    assert second.is_alive(), "the second desk waits for the first one's commit"
    first.commit()
    second.join(10)
    assert found == [first_id]
    with Session(engine) as s:
        assert len(s.exec(select(Station).where(Station.name == "Desk 7")).all()) == 1
    first.close()


def test_a_recording_carries_its_desk_id(ctx, record_inspection):
    summary = record_inspection("TB-DESK", seconds=1)
    with ctx.db.session() as s:
        row = s.get(Inspection, summary.id)
        station = s.get(Station, row.station_id)
    assert row.desk_id == ctx.desk_id and station.desk_id == ctx.desk_id


@pytest.mark.e2e
def test_doctor_names_the_server_schema_and_round_trip(tmp_path, pg_url):
    result = run_cli("--database", pg_url, "doctor", data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert "Database server: PostgreSQL 15" in result.stdout
    assert "round trip" in result.stdout and "(schema 00" in result.stdout
    assert pg_url.split(":")[2].split("@")[0] not in result.stdout  # no password shown


@pytest.mark.e2e
def test_backup_and_restore_of_a_warehouse_as_documented(
    data_dir, tmp_path, desk_role, monkeypatch
):
    make_database, password = desk_role
    monkeypatch.setenv(DATABASE_PASSWORD_ENV, password)
    live = make_database().url()
    ctx = AppContext.open(data_dir, live)
    with ctx.db.session() as s:
        s.add(Inspection(order_number="W-1"))
        s.add(Inspection(order_number="W-2"))
    made = backup(ctx, tmp_path)
    ctx.close()
    assert made.path.name.endswith(".dump") and made.size_bytes > 0
    assert pg_tools.dump_revision(made.path) == ctx.db.current_revision()

    # Into the live, non-empty database: refused, nothing touched.
    refused = run_cli("--database", live, "restore", str(made.path), data_dir=data_dir)
    assert refused.returncode != 0 and "not empty" in refused.stderr
    assert "Restored" not in refused.stdout

    # Into a new, empty database, as an ordinary role: everything comes back.
    fresh = make_database().url()
    result = run_cli("--database", fresh, "restore", str(made.path), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "2 inspections" in result.stdout
    check = AppContext.open(data_dir, fresh)
    try:
        with check.db.session() as s:
            orders = sorted(i.order_number for i in s.exec(select(Inspection)))
        assert orders == ["W-1", "W-2"]
    finally:
        check.close()


def test_a_desk_backup_is_not_restored_into_a_warehouse(pg_ctx, tmp_path, data_dir):
    desk = AppContext.open(tmp_path / "other-desk")
    file = backup(desk, tmp_path).path
    desk.close()
    with pytest.raises(Exception, match="single desk's database"):
        restore_to_server(pg_ctx.db, file)


def test_without_pg_dump_backup_refuses_and_says_what_to_install(pg_ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(pg_tools, "find_tool", lambda name: None)
    with pytest.raises(DatabaseError, match="pg_dump is not installed.*postgresql-client"):
        backup(pg_ctx, tmp_path)
    assert list(tmp_path.glob("inspector-*")) == []


def test_the_daily_backup_of_a_warehouse_is_a_dump_made_at_the_one_place_it_names(pg_ctx, tmp_path):
    from inspector.services.warehouse import set_warehouse_setting

    pg_ctx.settings.set("backup_dir", str(tmp_path))
    pg_ctx.settings.set("backup_daily", True)
    assert daily_backup(pg_ctx) is None, "a desk the warehouse did not name makes none"
    set_warehouse_setting(pg_ctx, "daily_backup_desk", "another-desk-id")
    assert daily_backup(pg_ctx) is None
    set_warehouse_setting(pg_ctx, "daily_backup_desk", pg_ctx.desk_id)
    made = daily_backup(pg_ctx)
    assert made is not None and made.path.suffix == ".dump"
    assert daily_backup(pg_ctx) is None, "once a day"


def test_the_code_search_indexes_exist_on_the_server(pg_ctx):
    with pg_ctx.db.engine.connect() as conn:
        names = set(
            conn.execute(
                sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'inspection'")
            ).scalars()
        )
    assert {
        "ix_inspection_order_pattern",
        "ix_inspection_courier_pattern",
        "ix_inspection_order_trgm",
        "ix_inspection_courier_trgm",
    } <= names


def test_a_failed_daily_backup_is_not_announced_as_recovered_recordings(pg_ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from inspector.core.warehouse import set_setting
    from inspector.services.maintenance import start_station
    from inspector.ui.app import show_startup_messages

    monkeypatch.setattr(pg_tools, "find_tool", lambda name: None)
    pg_ctx.settings.set("backup_daily", True)
    # The warehouse names this desk as the one that makes the daily backup (not every desk).
    with pg_ctx.db.session() as session:
        set_setting(session, "daily_backup_desk", pg_ctx.desk_id)
        session.commit()
    startup = start_station(pg_ctx)
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda _p, title, text: shown.append((title, text)))
        )
    try:
        show_startup_messages(None, startup)
    finally:
        startup.lock.release()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Needs attention"
    assert "daily backup failed" in text and "pg_dump is not installed" in text


def test_the_wizard_tests_the_server_and_joins_the_warehouse(
    qtbot, data_dir, desk_role, no_keyring, monkeypatch
):
    from inspector.ui.first_run import FirstRunWizard

    monkeypatch.delenv(DATABASE_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    make_database, password = desk_role
    address = make_database()
    own = AppContext.open(data_dir)
    own.settings.set("camera_source", "demo")
    # Another desk of this warehouse already works as "Desk 9".
    other = AppContext.open(data_dir.parent / "other", address.url() + "?password=" + password)
    with other.db.session() as s:
        get_or_create_named(s, Station, "Desk 9", desk_id=other.desk_id)
    other.close()

    wizard = FirstRunWizard(own)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.station.setText("Desk 9")
    for _ in range(3):
        wizard.next()
    page = wizard.warehouse
    assert wizard.currentPage() is page and not page.host.isEnabled(), "off until ticked"
    page.join.setChecked(True)
    page.host.setText(address.host)
    page.port.setValue(address.port)
    page.database.setText(address.database)
    page.user.setText(address.user)

    page.password.setText("wrong")
    page.test.click()
    qtbot.waitUntil(lambda: page.result.text().startswith("Not connected"), timeout=15000)
    assert "password" in page.result.text()

    page.password.setText(password)
    page.test.click()
    qtbot.waitUntil(lambda: page.result.text().startswith("Connected"), timeout=15000)
    assert "PostgreSQL 15" in page.result.text()
    assert "Desk 9 is already another desk's" in page.result.text()
    # One name, one desk: a free name is proposed in its place.
    assert wizard.station.text() == "Desk 1" and "now named Desk 1" in page.result.text()

    wizard.accept()
    wizard.apply_to(own.settings)
    own.close()
    assert own.settings.database_url == address.url()
    assert password not in (data_dir / "settings.json").read_text()
    assert "readable by this user only" in wizard.password_note
    # The next start joins the warehouse from the setting and the password file alone.
    joined = AppContext.open(data_dir)
    try:
        assert joined.db.is_server and joined.desk_id == own.desk_id
    finally:
        joined.close()
