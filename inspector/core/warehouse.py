"""Which database a desk uses, and where its password is kept.

A desk keeps its own SQLite file in the data folder unless it joins a warehouse: then the
address comes from the --database option, else INSPECTOR_DATABASE_URL, else the
`database_url` setting. The password is never written to settings.json. It is looked up,
in this order, in the address itself (for scripts), INSPECTOR_DATABASE_PASSWORD, the
system keyring, and a password file in the data folder readable by its owner only
(PostgreSQL's own .pgpass format, written when the computer has no keyring). With none of
them, libpq's own defaults (PGPASSWORD, ~/.pgpass) still apply.
"""

from __future__ import annotations

import logging
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from inspector.core.errors import ValidationError

log = logging.getLogger(__name__)

DATABASE_URL_ENV = "INSPECTOR_DATABASE_URL"
DATABASE_PASSWORD_ENV = "INSPECTOR_DATABASE_PASSWORD"
KEYRING_SERVICE = "inspector-database"
PASSWORD_FILE = "database.pgpass"
DEFAULT_PORT = 5432


def new_desk_id() -> str:
    """A desk's identity in a warehouse: made once at set-up, kept in its settings."""
    return str(uuid.uuid4())


def resolve_database_url(option: str | None, setting: str) -> str | None:
    """The server address this desk uses, or None for its own SQLite file."""
    for candidate in (option, os.environ.get(DATABASE_URL_ENV), setting):
        if candidate and candidate.strip():
            return candidate.strip()
    return None


@dataclass(frozen=True)
class ServerAddress:
    """What the set-up page asks for; the URL built from it never holds the password."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT

    def url(self) -> str:
        if not (self.host.strip() and self.database.strip() and self.user.strip()):
            raise ValidationError("Give the server, the database and the user.")
        return sa.engine.URL.create(
            "postgresql",
            username=self.user.strip(),
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
        ).render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, url: str) -> ServerAddress:
        parsed = _parse(url)
        return cls(
            parsed.host or "", parsed.database or "", parsed.username or "", parsed.port or 5432
        )


def _parse(url: str) -> sa.engine.URL:
    try:
        return sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ValidationError(
            f"{url!r} is not a database address; write postgresql://user@server:5432/database."
        ) from exc


def keyring_account(url: str) -> str:
    """The keyring entry's name: the user and the server, so two warehouses never mix."""
    p = _parse(url)
    return f"{p.username}@{p.host}:{p.port or DEFAULT_PORT}/{p.database}"


def _keyring_get(account: str) -> str | None:
    try:
        import keyring
        import keyring.errors

        return keyring.get_password(KEYRING_SERVICE, account)
    except Exception as exc:  # noqa: BLE001 (any backend failure means "no keyring here")
        log.info("No password from the system keyring (%s)", exc)
        return None


def password_file(data_dir: Path) -> Path:
    return Path(data_dir) / PASSWORD_FILE


def _pgpass_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:")


@dataclass(frozen=True)
class SavedPassword:
    """Where a password went: the keyring, or a file (with why there was no keyring)."""

    where: str  # "keyring" or "file"
    path: Path | None = None
    reason: str = ""


def save_password(url: str, password: str, data_dir: Path) -> SavedPassword:
    """Keep a server password in the system keyring, else in an owner-only file in the data folder."""
    account = keyring_account(url)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account, password)
        log.info("Database password for %s kept in the system keyring", account)
        return SavedPassword("keyring")
    except Exception as exc:  # noqa: BLE001 (no backend, locked, refused: fall back alike)
        reason = str(exc) or type(exc).__name__
    path = password_file(data_dir)
    p = _parse(url)
    line = ":".join(
        _pgpass_escape(part)
        for part in (
            p.host or "*",
            str(p.port or DEFAULT_PORT),
            p.database or "*",
            p.username or "*",
            password,
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only before the password is written, so it is never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(line + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    log.warning("No system keyring (%s); database password written to %s (mode 0600)", reason, path)
    return SavedPassword("file", path, reason)


def connect_args(url: str, data_dir: Path) -> dict[str, object]:
    """The password (or password file) for connecting to url, from wherever it is kept."""
    parsed = _parse(url)
    if not parsed.drivername.startswith("postgres") or parsed.password:
        return {}
    env = os.environ.get(DATABASE_PASSWORD_ENV)
    if env:
        return {"password": env}
    stored = _keyring_get(keyring_account(url))
    if stored:
        return {"password": stored}
    path = password_file(data_dir)
    if path.exists():
        return {"passfile": str(path)}
    return {}
