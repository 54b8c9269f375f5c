"""Backing up and restoring a warehouse's PostgreSQL database with PostgreSQL's own tools.

pg_dump writes the custom format (compressed, restorable table by table); pg_restore puts
it into an empty database in one transaction, so a failed restore leaves nothing half
done. The password goes to the tools through their environment, never their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa

from inspector.core.errors import DatabaseError, StorageError

DUMP_SUFFIX = ".dump"


def find_tool(name: str) -> str | None:
    """pg_dump or pg_restore: on the PATH, else the newest Debian server package's copy."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return str(candidates[-1]) if candidates else None


def _tool(name: str) -> str:
    path = find_tool(name)
    if path is None:
        raise DatabaseError(
            f"{name} is not installed on this computer, so the warehouse database cannot be "
            f"{'backed up' if name == 'pg_dump' else 'restored'} from here. Install PostgreSQL's "
            "client tools (Debian/Ubuntu: apt install postgresql-client; Windows: the "
            "PostgreSQL installer's command line tools), of the server's version or newer."
        )
    return path


def _environment(url: sa.engine.URL, connect_args: dict[str, object]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": url.host or "",
            "PGPORT": str(url.port or 5432),
            "PGUSER": url.username or "",
            "PGDATABASE": url.database or "",
            "PGCONNECT_TIMEOUT": "10",
        }
    )
    password = url.password or connect_args.get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    elif connect_args.get("passfile"):
        env["PGPASSFILE"] = str(connect_args["passfile"])
    return env


def _run(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DatabaseError(f"{what} could not run: {exc}.") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DatabaseError(f"{what} failed: {' '.join(detail[-3:]) or done.returncode}.")
    return done


def dump(url: sa.engine.URL, connect_args: dict[str, object], dest: Path) -> None:
    """pg_dump the database into dest (custom format), written beside it and renamed when whole."""
    tmp = dest.with_name(dest.name + ".partial")
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}"],
            _environment(url, connect_args),
            f"Backing up the warehouse database to {dest}",
        )
        tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)


_VERSION_ROW = re.compile(r"^COPY public\.alembic_version .*?;\n(?P<rev>[^\n\\]+)\n", re.M)


def dump_revision(path: Path) -> str:
    """The schema revision inside a pg_dump file; StorageError when it is not an inspector dump."""
    done = subprocess.run(
        [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise StorageError(
            f"{path} is not a PostgreSQL backup (pg_restore: {done.stderr.strip()[:200]})."
        )
    found = _VERSION_ROW.search(done.stdout)
    if found is None:
        raise StorageError(f"{path} is a PostgreSQL backup, but not of an inspector database.")
    return found["rev"].strip()


def restore(url: sa.engine.URL, connect_args: dict[str, object], backup: Path) -> None:
    """pg_restore the file into the (empty) database, all of it or nothing."""
    what = f"Restoring {backup} into {url.render_as_string(hide_password=True)}"
    env = _environment(url, connect_args)
    listing = _run([_tool("pg_restore"), "--list", str(backup)], env, what).stdout
    # The dump comments on pg_trgm; only the extension's owner (a superuser) may, and the
    # database's own user restores. The extension itself is created all the same.
    wanted = [line for line in listing.splitlines() if "COMMENT - EXTENSION" not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as out:
        out.write("\n".join(wanted) + "\n")
    try:
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--use-list={out.name}",
                f"--dbname={url.database}",
                str(backup),
            ],
            env,
            what,
        )
    finally:
        os.unlink(out.name)
