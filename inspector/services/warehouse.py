"""Joining a warehouse: testing a server before a desk uses it, and keeping its address."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from inspector.core.database import Database, ReadOnlyAccountError, known_revisions
from inspector.core.errors import ValidationError
from inspector.core.settings import Settings
from inspector.core.signing import CERTIFY, REVOKE, StoreKey, fingerprint, statement_problem
from inspector.core.warehouse import (
    WAREHOUSE_SETTINGS_BY_KEY,
    SavedPassword,
    ServerAddress,
    certificates_for,
    certify_waiting,
    parse_warehouse_value,
    recertify_all,
    revoke_desk,
    save_password,
    set_setting,
    store_public_keys,
)

if TYPE_CHECKING:
    from inspector.services.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionCheck:
    """What a connection test found on the server."""

    server: str  # e.g. "PostgreSQL 15.8"
    round_trip_ms: float
    schema: str | None  # None: an empty database, set up by the first desk that joins
    newer: bool  # written by a newer inspector: this desk would refuse it
    station_taken: bool  # the station name is already another desk's in this warehouse
    free_name: str = ""  # a station name no desk uses yet ("Desk N"), to propose


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
            free = ""
            if schema is not None and station:
                with db.engine.connect() as conn:
                    owner = conn.execute(
                        sa.text("SELECT desk_id FROM station WHERE name = :name"),
                        {"name": station},
                    ).scalar()
                    names = set(conn.execute(sa.text("SELECT name FROM station")).scalars())
                taken = bool(owner) and owner != desk_id
                n = 1
                while f"Desk {n}" in names:
                    n += 1
                free = f"Desk {n}"
        except sa.exc.SQLAlchemyError as exc:
            raise db.cannot_open(exc) from exc
    finally:
        db.dispose()
    return ConnectionCheck(
        server,
        round_trip_ms,
        schema,
        schema is not None and schema not in known_revisions(),
        taken,
        free,
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


# ---- the store key and the desk keys it certifies --------------------------------------------


@dataclass(frozen=True)
class KeyFacts:
    """This desk's key and the store's, as `inspector keys show` prints them."""

    desk_fingerprint: str
    desk_public_key: str
    desk_key_file: Path
    store_fingerprints: list[str]  # oldest first; the newest is the one to publish
    certified_by: list[str]  # store fingerprints that certified this desk's key
    revoked: bool
    store_key_here: bool
    desk_key_kept: str = ""  # where the desk key is: the system keyring or a file, in words


def key_facts(ctx: AppContext) -> KeyFacts:
    """The desk's key (made now if it has none) and where the store key stands with it."""
    key = ctx.sealer.key()
    with ctx.db.session() as session:
        ctx.certify_own_key(session)
        stores = [fingerprint(k) for k in store_public_keys(session)]
        statements = certificates_for(session, [key.public_hex])
    certified = [
        fingerprint(s["body"]["store_public_key"])
        for s in statements
        if s["body"]["kind"] == CERTIFY and not statement_problem(s)
    ]
    revoked = any(s["body"]["kind"] == REVOKE for s in statements)
    return KeyFacts(
        key.fingerprint,
        key.public_hex,
        key.path,
        stores,
        certified,
        revoked,
        ctx.store_key_path.exists(),
        key.describe(),
    )


def _store_key(ctx: AppContext, path: Path | None) -> StoreKey:
    return StoreKey.load(Path(path) if path else ctx.store_key_path)


def make_store_key(ctx: AppContext, out: Path | None = None) -> tuple[StoreKey, int]:
    """Make the warehouse's store key (in this data folder, or the file `out` to keep offline).

    With an older store key in the warehouse this is a rotation: every desk key the older
    key certified is certified again by the new one. Returns the key and the certificates made.
    """
    store = StoreKey.create(Path(out) if out else ctx.store_key_path)
    with ctx.db.session() as session:
        ctx.sealer.register(session)
        made = recertify_all(session, store) + certify_waiting(session, store)
    return store, len(made)


def store_ca_certificate(ctx: AppContext, store_key: Path | None = None) -> bytes:
    """The store's X.509 CA certificate (PEM), for a reviewer to trust in a PDF reader.

    Made from the store key when it is here (or given); otherwise the one the store issued
    this desk's certificate under. ValidationError when neither is at hand.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from inspector.core.warehouse import pdf_chain_for
    from inspector.core.x509_identity import issuer_certificate

    path = Path(store_key) if store_key else ctx.store_key_path
    if path.exists():
        cert = issuer_certificate(StoreKey.load(path).private)
    else:
        with ctx.db.session() as session:
            chain = pdf_chain_for(session, ctx.sealer.key().public_hex)
        if not chain:
            raise ValidationError(
                "This PC has neither the store key nor a certificate the store issued it. "
                "Run 'inspector keys store-ca' at the office (or give --store-key FILE), or run "
                "'inspector keys certify' there first."
            )
        cert = x509.load_pem_x509_certificates(chain.encode())[1]
    return cert.public_bytes(serialization.Encoding.PEM)


def certify_desks(ctx: AppContext, store_key: Path | None = None) -> list[dict[str, Any]]:
    """Certify every desk key waiting for it, with the store key kept here or in store_key."""
    store = _store_key(ctx, store_key)
    with ctx.db.session() as session:
        return certify_waiting(session, store)


def revoke_desk_keys(
    ctx: AppContext, desk: str, revoked_from: datetime | None = None, store_key: Path | None = None
) -> list[dict[str, Any]]:
    """Revoke a desk's keys (by its id or name) from a time on: its later seals no longer verify."""
    store = _store_key(ctx, store_key)
    with ctx.db.session() as session:
        return revoke_desk(session, store, desk, revoked_from)


# ---- settings for the whole warehouse -----------------------------------------------------


@dataclass(frozen=True)
class WarehouseSettingRow:
    """One warehouse setting as `inspector warehouse show` lists it."""

    key: str
    desk_id: str  # '' for the warehouse's own value
    value: Any
    updated_at: datetime
    updated_by: str


def warehouse_settings(ctx: AppContext) -> list[WarehouseSettingRow]:
    """Every warehouse setting and desk override stored in the database."""
    from sqlmodel import select

    from inspector.core.models import WarehouseSetting

    with ctx.db.session() as session:
        rows = session.exec(
            select(WarehouseSetting).order_by(WarehouseSetting.key, WarehouseSetting.desk_id)
        ).all()
    return [
        WarehouseSettingRow(
            r.key, r.desk_id, json.loads(r.value or "null"), r.updated_at, r.updated_by
        )
        for r in rows
        if r.key in WAREHOUSE_SETTINGS_BY_KEY
    ]


def set_warehouse_setting(
    ctx: AppContext, key: str, text: str | None, desk: str = "", actor: str = ""
) -> Any:
    """Set (text None: remove) a warehouse setting, or one desk's override (desk: id or name).

    Set from the office: the desk's own settings file cannot override what this decides
    for roles (who owns the shared folder, who makes the daily backup).
    """
    from sqlmodel import select

    from inspector.core.models import Station, WarehouseSetting

    try:
        with ctx.db.session() as session:
            spec = WAREHOUSE_SETTINGS_BY_KEY.get(key)
            value = parse_warehouse_value(session, key, text) if text is not None else None
            desk_id = ""
            if desk:
                if spec is not None and not spec.per_desk:
                    raise ValidationError(f"{key} is one for the whole warehouse, not per desk.")
                station = session.exec(select(Station).where(Station.name == desk)).first()
                desk_id = station.desk_id if station is not None and station.desk_id else desk
            if text is None:
                row = session.get(WarehouseSetting, (key, desk_id))
                if row is not None:
                    session.delete(row)
            else:
                set_setting(session, key, value, desk_id, actor or ctx.settings.station_name)
    except ReadOnlyAccountError as exc:
        raise ReadOnlyAccountError(
            "This database account may not change the warehouse's settings: they are set "
            "from the office's account (docs/warehouse-roles.md). Nothing was changed."
        ) from exc
    log.warning(
        "Warehouse setting %s%s set to %r", key, f" for desk {desk_id}" if desk_id else "", value
    )
    return value
