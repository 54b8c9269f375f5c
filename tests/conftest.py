"""Shared fixtures: every test gets its own data directory; the camera is the demo source."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reaches the tester's own system keyring (desk keys, database passwords): a computer
# without one, as CI is; tests of the keyring path name tests/file_keyring.py's backend.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"


# Files whose tests judge real time (frames delivered per second, drift between cameras, a
# real X server's keystrokes): `make test` runs them alone after the rest, which run in
# parallel (pytest-xdist), so a busy neighbour cannot make them fail.
SOLO_FILES = frozenset(
    {
        "test_cameras.py",
        "test_camera_modes.py",
        "test_network_cameras.py",
        "test_desk_x11.py",
        "test_sources.py",
        "test_preroll.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SOLO_FILES:
            item.add_marker(pytest.mark.solo)


@pytest.fixture(autouse=True, scope="session")
def _qt_application(qapp):
    """A QApplication from the first test on: recording code would otherwise make a bare
    QGuiApplication (enough for the overlay's text), on which no window can be built."""
    return qapp


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, also set in the environment so nothing falls back to the user's."""
    d = tmp_path / "data"
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(d))
    return d


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server for the whole run (tests/pg_server.py)."""
    from tests.pg_server import find_bindir, running_server

    if find_bindir() is None:
        pytest.skip(
            "PostgreSQL is not installed (initdb, pg_ctl): packaging/system-deps.sh test "
            "installs it; the database tests then run on PostgreSQL too"
        )
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_migrated_template(pg_server) -> str:
    """A database at the newest schema, made once per run, that `pg_url` clones: migrating a
    fresh PostgreSQL database costs seconds, and hundreds of tests open one."""
    from inspector.core.database import Database

    name = pg_server.new_database()
    Database.open(pg_server.url(name)).dispose()
    return name


@pytest.fixture
def pg_url(pg_server, pg_migrated_template):
    """A fresh database on the test server at the newest schema, holding no rows (a copy of
    the migrated template); its URL carries the password."""
    name = pg_server.new_database(template=pg_migrated_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_empty_url(pg_server):
    """A fresh, empty database on the test server (no schema): for the migrations' own tests."""
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def sqlite_migrated_template(tmp_path_factory) -> Path:
    """A data folder's database file at the newest schema, made once per run, that `ctx`
    starts from: running every migration on SQLite for each test cost minutes of CI."""
    from inspector.core.database import Database, sqlite_url

    path = tmp_path_factory.mktemp("schema") / "head.db"
    Database.open(sqlite_url(path)).dispose()
    return path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test module whose database work must hold on both kinds sets `BOTH_DATABASES = True`:
    each of its tests using `ctx` then runs on SQLite and on a fresh PostgreSQL database."""
    if getattr(metafunc.module, "BOTH_DATABASES", False) and "database" in metafunc.fixturenames:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def database(request) -> str | None:
    """The database URL `ctx` opens: None for the data folder's SQLite file (the default)."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("pg_url")
    return None


@pytest.fixture
def ctx(data_dir: Path, database: str | None, request):
    """An opened AppContext on a fresh data directory, with settings fit for tests."""
    from inspector.core.storage import Storage
    from inspector.services.context import AppContext

    if database is None:
        db_path = Storage(data_dir).db_path
        db_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("sqlite_migrated_template"), db_path)
    context = AppContext.open(data_dir, database)
    context.settings.set("disk_reserve_gb", 0.01)
    context.settings.set("camera_source", "demo")
    context.settings.set("width", 320)
    context.settings.set("height", 240)
    context.settings.save()
    yield context
    context.close()


@pytest.fixture
def pg_ctx(data_dir: Path, pg_url: str):
    """An AppContext of a desk that joined a warehouse: a fresh PostgreSQL database."""
    from inspector.services.context import AppContext

    context = AppContext.open(data_dir, pg_url)
    yield context
    context.close()


@pytest.fixture
def record_inspection(ctx):
    """Record a short inspection from the demo desk (320×240) through the recording service."""
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import DemoSource
    from inspector.services.recording import StartRequest, start_inspection

    ensure_text_rendering()
    captures = []

    def record(order: str = "TB-1001", courier: str = "SF1234567890", seconds: float = 2.0):
        capture = open_capture(DemoSource(320, 240, 30))
        captures.append(capture)
        active = start_inspection(
            ctx, capture, StartRequest(order, courier, "Li Na", "Desk 1"), max_seconds=seconds
        )
        assert active.recorder.finished.wait(seconds + 15)
        summary = active.stop()
        capture.stop()
        return summary

    yield record
    for capture in captures:
        capture.stop()


@pytest.fixture
def open_station(qtbot, ctx):
    """Open the main window on `ctx` with these settings, once its camera delivers; shut at the end.

    `sample=True` first imports the sample catalog and orders (resources/sample). The desk
    has an operator (a recording needs one) unless `operator=""` is given.
    """
    from inspector.services.guided import import_orders, import_products
    from inspector.ui.main_window import MainWindow

    windows = []

    def open_(sample: bool = False, **settings):
        if sample:
            import_products(ctx, SAMPLE / "products.csv")
            import_orders(ctx, SAMPLE / "orders.csv")
        settings.setdefault("operator", "Li Na")
        for key, value in settings.items():
            ctx.settings.set(key, value)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: win.station.capture is not None, timeout=10000)
        windows.append(win)
        return win

    yield open_
    for win in windows:
        win.station.shutdown()
