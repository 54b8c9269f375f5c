"""Joining a warehouse: testing a server before a desk uses it, and keeping its address."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from inspector.core.database import Database, known_revisions
from inspector.core.settings import Settings
from inspector.core.warehouse import SavedPassword, ServerAddress, save_password


@dataclass(frozen=True)
class ConnectionCheck:
    """What a connection test found on the server."""

    server: str  # e.g. "PostgreSQL 15.8"
    round_trip_ms: float
    schema: str | None  # None: an empty database, set up by the first desk that joins
    newer: bool  # written by a newer inspector: this desk would refuse it
    station_taken: bool  # the station name is already another desk's in this warehouse


def check_connection(
    address: ServerAddress, password: str, station: str = "", desk_id: str = ""
) -> ConnectionCheck:
    """Connect as the desk would (nothing is written) and report what is there.

    Raises DatabaseError, in words, when the server cannot be reached or refuses the user.
    """
    db = Database(address.url(), connect_args={"password": password} if password else {})
    try:
        try:
            server, round_trip_ms = db.server_facts()
            schema = db.current_revision()
            taken = False
            if schema is not None and station:
                with db.engine.connect() as conn:
                    owner = conn.execute(
                        sa.text("SELECT desk_id FROM station WHERE name = :name"),
                        {"name": station},
                    ).scalar()
                taken = bool(owner) and owner != desk_id
        except sa.exc.SQLAlchemyError as exc:
            raise db.cannot_open(exc) from exc
    finally:
        db.dispose()
    return ConnectionCheck(
        server, round_trip_ms, schema, schema is not None and schema not in known_revisions(), taken
    )


def join_warehouse(
    settings: Settings, data_dir: Path, address: ServerAddress, password: str
) -> SavedPassword | None:
    """Keep the server's address in the settings and its password out of them."""
    url = address.url()
    settings.set("database_url", url)
    settings.save()
    return save_password(url, password, data_dir) if password else None


def leave_warehouse(settings: Settings) -> None:
    """Back to the desk's own database in its data folder."""
    settings.set("database_url", "")
    settings.save()
