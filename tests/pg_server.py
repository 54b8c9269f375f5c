"""A throwaway PostgreSQL server in a temporary folder, on 127.0.0.1, for tests and benchmarks.

Debian's server binaries (packaging/system-deps.sh installs `postgresql`) are run directly:
initdb makes a cluster, pg_ctl starts it on a free port. initdb refuses to run as root, as
tests and CI do, so the cluster then belongs to the `postgres` user and the binaries run
through runuser. The superuser has a password and TCP connections must give it, so the
password path of the app is what the tests use.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "test-" + uuid.uuid4().hex[:12]


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    """A running server; url(db) gives a password-carrying address for a database on it."""

    folder: Path
    port: int
    bindir: Path
    run_as: str | None
    options: str = ""  # the -c settings it was started with, to start it again the same

    def stop(self) -> None:
        """Stop the server (fast shutdown: clients are cut off), as a server that goes away."""
        data = self.folder / "data"
        _run(
            [str(self.bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], self.run_as
        )

    def start(self) -> None:
        """Start it again on the same port with the same settings."""
        data, log = self.folder / "data", self.folder / "server.log"
        cmd = [str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", self.options]
        _run([*cmd, "-w", "start"], self.run_as)

    def url(self, database: str = "postgres", password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{SUPERUSER}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE …)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=PASSWORD,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def new_database(self, template: str = "") -> str:
        """A new database, empty or a copy of `template` (which nobody may be connected to)."""
        name = "t_" + uuid.uuid4().hex[:16]
        self.admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _run(cmd: list[str], run_as: str | None, **kw: object) -> None:
    if run_as:
        cmd = ["runuser", "-u", run_as, "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120, **kw)  # type: ignore[call-overload]


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError as exc:
        raise RuntimeError(
            "Tests run as root and initdb refuses root, but there is no 'postgres' user to "
            "run the server as (the postgresql package makes one)."
        ) from exc
    return SUPERUSER


@contextlib.contextmanager
def running_server(
    settings: dict[str, str] | None = None,
) -> Iterator[PgServer]:
    """Start a fresh server, yield it, then stop it and delete its folder."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    run_as = _run_as()
    # Under /tmp, not pytest's tmp_path: that is root-only (0700), which `postgres` cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data, sockets, log = folder / "data", folder / "sock", folder / "server.log"
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if run_as:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    server = PgServer(folder, port, bindir, run_as)
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            run_as,
        )
        if run_as:
            sockets.mkdir()
            os.chown(sockets, entry.pw_uid, entry.pw_gid)
        else:
            sockets.mkdir()
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(port),
            "unix_socket_directories": str(sockets),
            # A throwaway server: durability buys nothing and costs the tests' time.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
            **(settings or {}),
        }
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        server.options = opts
        _run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "start"],
            run_as,
        )
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], run_as)
        shutil.rmtree(folder, ignore_errors=True)
