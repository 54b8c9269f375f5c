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

import json
import logging
import os
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core.errors import ValidationError
from inspector.core.signing import (
    CERTIFY,
    REVOKE,
    StoreKey,
    certificate,
    fingerprint,
    revocation,
    statement_problem,
)

log = logging.getLogger(__name__)

DATABASE_URL_ENV = "INSPECTOR_DATABASE_URL"
DATABASE_PASSWORD_ENV = "INSPECTOR_DATABASE_PASSWORD"
KEYRING_SERVICE = "inspector-database"
PASSWORD_FILE = "database.pgpass"
DEFAULT_PORT = 5432
CERTIFICATE_DAYS = 5 * 365  # a desk certificate's life; renewed by rotation or re-certifying


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


# ---- desk keys, their certificates, and settings for the whole warehouse --------------------

STORE_KEYS_SETTING = "store_public_keys"  # every store key's public half, oldest first


def register_desk_key(
    session: Session, public_key: str, desk_id: str, desk_name: str, twin_proof: str = ""
) -> bool:
    """Ask for this desk key to be certified by the store key (once); True when newly asked.

    `twin_proof` (core/x509_identity.py) asks for the X.509 certificate that signs report.pdf
    too; a desk certified before there were X.509 certificates asks again for it.
    """
    from inspector.core.models import DeskCertificate, DeskKeyRequest

    if session.get(DeskKeyRequest, public_key) is not None:
        return False
    rows = session.exec(
        select(DeskCertificate.x509).where(
            DeskCertificate.desk_public_key == public_key, DeskCertificate.kind == CERTIFY
        )
    ).all()
    if rows and (any(rows) or not twin_proof):
        return False
    try:
        with session.begin_nested():
            session.add(
                DeskKeyRequest(
                    public_key=public_key,
                    desk_id=desk_id,
                    desk_name=desk_name,
                    twin_proof=twin_proof,
                )
            )
            session.flush()
    except sa.exc.IntegrityError:
        return False  # the same desk's other process asked a moment before
    log.info("Desk key %s of desk %s waits for the store's certificate", public_key[:16], desk_id)
    return True


def _statement(row: Any) -> dict[str, Any]:
    return {"body": json.loads(row.body), "signature": row.signature}


def certificates_for(session: Session, public_keys: list[str]) -> list[dict[str, Any]]:
    """Every certificate and revocation the store signed for these desk keys, oldest first."""
    from inspector.core.models import DeskCertificate

    wanted = sorted({k for k in public_keys if k})
    if not wanted:
        return []
    rows = session.exec(
        select(DeskCertificate)
        .where(DeskCertificate.desk_public_key.in_(wanted))  # type: ignore[attr-defined]
        .order_by(DeskCertificate.id)
    ).all()
    return [_statement(r) for r in rows]


def store_public_keys(session: Session) -> list[str]:
    """The store keys this warehouse has had (public halves, hex), oldest first."""
    value = get_setting(session, STORE_KEYS_SETTING)
    return [k for k in value if isinstance(k, str)] if isinstance(value, list) else []


def adopt_store_key(session: Session, store: StoreKey, actor: str = "") -> None:
    """Name this store key as the warehouse's (the newest of its store keys)."""
    keys = store_public_keys(session)
    if store.public_hex not in keys:
        set_setting(session, STORE_KEYS_SETTING, [*keys, store.public_hex], actor=actor)


def _store_statement(session: Session, statement: dict[str, Any], x509_pem: str = "") -> None:
    from inspector.core.models import DeskCertificate

    body = statement["body"]
    session.add(
        DeskCertificate(
            kind=body["kind"],
            desk_id=body.get("desk_id", ""),
            desk_public_key=body["desk_public_key"],
            store_public_key=body["store_public_key"],
            body=json.dumps(body, sort_keys=True, ensure_ascii=False),
            signature=statement["signature"],
            x509=x509_pem,
        )
    )


def _x509_for(store: StoreKey, body: dict[str, Any], twin: Any, valid_until: datetime) -> str:
    """The PEM chain (desk certificate, store CA) for a certification; '' without a twin key."""
    if twin is None:
        return ""
    from inspector.core.x509_identity import chain_pem, desk_certificate, issuer_certificate

    cert = desk_certificate(
        store.private,
        body["desk_public_key"],
        twin,
        str(body.get("desk_name", "")),
        datetime.fromisoformat(body["valid_from"]),
        valid_until,
    )
    return chain_pem(cert, issuer_certificate(store.private))


def pdf_chain_for(session: Session, desk_public_key: str) -> str:
    """The newest X.509 chain a store key issued for this desk key (PEM), '' when none or revoked."""
    from inspector.core.models import DeskCertificate

    rows = session.exec(
        select(DeskCertificate)
        .where(DeskCertificate.desk_public_key == desk_public_key)
        .order_by(DeskCertificate.id)
    ).all()
    if any(r.kind == REVOKE for r in rows):
        return ""
    newest = store_public_keys(session)[-1:]
    chains = [
        r for r in rows if r.kind == CERTIFY and r.x509 and not statement_problem(_statement(r))
    ]
    by_newest_store = [r for r in chains if r.store_public_key in newest]
    return (by_newest_store or chains)[-1].x509 if chains else ""


def certify_waiting(
    session: Session, store: StoreKey, valid_days: int = CERTIFICATE_DAYS
) -> list[dict[str, Any]]:
    """Certify every desk key waiting for it; the certificates made.

    A certificate is valid from the desk key's first seal (or its request, if earlier), so
    what the desk sealed before the store key reached it is covered too.
    """
    from inspector.core.models import DeskKeyRequest, SealEntry
    from inspector.core.x509_identity import proven_twin

    adopt_store_key(session, store)
    made = []
    for request in session.exec(select(DeskKeyRequest).order_by(DeskKeyRequest.requested_at)).all():
        first_seal = session.exec(
            select(sa.func.min(SealEntry.at)).where(SealEntry.public_key == request.public_key)
        ).one()
        start = min(t for t in (request.requested_at, first_seal) if t is not None)
        until = datetime.now(UTC) + timedelta(days=valid_days)
        cert = certificate(
            store,
            request.desk_id,
            request.desk_name,
            request.public_key,
            start - timedelta(minutes=5),  # clocks of desks and office differ by a little
            until,
        )
        twin = proven_twin(request.public_key, request.twin_proof)
        _store_statement(session, cert, _x509_for(store, cert["body"], twin, until))
        session.delete(request)
        made.append(cert)
        log.warning(
            "Certified desk %s (%s), key %s, with store key %s",
            request.desk_name,
            request.desk_id,
            fingerprint(request.public_key),
            store.fingerprint,
        )
    session.flush()
    return made


def recertify_all(
    session: Session, store: StoreKey, valid_days: int = CERTIFICATE_DAYS
) -> list[dict[str, Any]]:
    """Rotation: certify with `store` every desk key an older store key certified (and not revoked).

    Each new certificate keeps the validity start of the desk key's first one, so bundles
    verify with the new fingerprint as well as with the old.
    """
    from inspector.core.models import DeskCertificate

    adopt_store_key(session, store)
    rows = session.exec(select(DeskCertificate).order_by(DeskCertificate.id)).all()
    revoked = {r.desk_public_key for r in rows if r.kind == REVOKE}
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.kind == CERTIFY and row.desk_public_key not in revoked:
            body = json.loads(row.body)
            by_key.setdefault(row.desk_public_key, body)
            if row.store_public_key == store.public_hex:
                by_key[row.desk_public_key]["done"] = True
    # The desk's twin key, from the newest X.509 certificate an older store key issued for it.
    twins: dict[str, Any] = {}
    for row in rows:
        if row.kind == CERTIFY and row.x509:
            twins[row.desk_public_key] = _twin_in(row.x509)
    made = []
    for key, body in by_key.items():
        if body.get("done"):
            continue
        until = datetime.now(UTC) + timedelta(days=valid_days)
        cert = certificate(
            store,
            body.get("desk_id", ""),
            body.get("desk_name", ""),
            key,
            datetime.fromisoformat(body["valid_from"]),
            until,
        )
        _store_statement(session, cert, _x509_for(store, cert["body"], twins.get(key), until))
        made.append(cert)
    session.flush()
    return made


def _twin_in(chain: str) -> Any:
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificates(chain.encode())[0].public_key()
    except (ValueError, IndexError):
        return None


def revoke_desk(
    session: Session, store: StoreKey, desk: str, revoked_from: datetime | None = None
) -> list[dict[str, Any]]:
    """Revoke every key of a desk (by desk id or name) from a time on (default: now)."""
    from inspector.core.models import DeskCertificate, DeskKeyRequest, Station

    station = session.exec(select(Station).where(Station.name == desk)).first()
    desk_ids = {desk} | ({station.desk_id} if station is not None and station.desk_id else set())
    rows = session.exec(
        select(DeskCertificate).where(DeskCertificate.desk_id.in_(sorted(desk_ids)))  # type: ignore[attr-defined]
    ).all()
    keys = {r.desk_public_key: r.desk_id for r in rows if r.kind == CERTIFY}
    for request in session.exec(
        select(DeskKeyRequest).where(DeskKeyRequest.desk_id.in_(sorted(desk_ids)))  # type: ignore[attr-defined]
    ).all():
        keys[request.public_key] = request.desk_id
        session.delete(request)  # never certified now
    if not keys:
        raise ValidationError(
            f"No desk {desk!r} has a key in this warehouse (give its id or name)."
        )
    at = revoked_from or datetime.now(UTC)
    made = []
    for key, desk_id in sorted(keys.items()):
        statement = revocation(store, desk_id, key, at)
        _store_statement(session, statement)
        made.append(statement)
        log.warning("Revoked desk %s key %s from %s", desk_id, fingerprint(key), at.isoformat())
    session.flush()
    return made


def get_setting(session: Session, key: str, desk_id: str = "") -> Any:
    """A warehouse setting: the desk's own override when it has one, else the warehouse's; None."""
    from inspector.core.models import WarehouseSetting

    for who in ([desk_id] if desk_id else []) + [""]:
        row = session.get(WarehouseSetting, (key, who))
        if row is not None:
            return json.loads(row.value or "null")
    return None


def set_setting(session: Session, key: str, value: Any, desk_id: str = "", actor: str = "") -> None:
    """Set a warehouse setting (desk_id '') or one desk's override of it."""
    from inspector.core.models import WarehouseSetting

    row = session.get(WarehouseSetting, (key, desk_id))
    if row is None:
        row = WarehouseSetting(key=key, desk_id=desk_id)
    row.value = json.dumps(value, ensure_ascii=False)
    row.updated_at = datetime.now(UTC)
    row.updated_by = actor[:100]
    session.add(row)
    session.flush()


def keys_certified_by(session: Session, store_fingerprints: list[str]) -> list[str]:
    """Fingerprints of the desk keys a store key with one of these fingerprints certified."""
    from inspector.core.models import DeskCertificate
    from inspector.core.signing import same_fingerprint, statement_problem

    out: list[str] = []
    for row in session.exec(select(DeskCertificate).where(DeskCertificate.kind == CERTIFY)).all():
        store_fp = fingerprint(row.store_public_key)
        if not any(same_fingerprint(store_fp, fp) for fp in store_fingerprints):
            continue
        if statement_problem(_statement(row)) or row.desk_public_key == "":
            continue
        key_fp = fingerprint(row.desk_public_key)
        if key_fp not in out:
            out.append(key_fp)
    return out


def claim_station_name(session: Session, name: str, desk_id: str) -> int:
    """The id of the station called `name`, which must be this desk's: one name, one desk.

    A name first used by another desk id is refused in words (two desks recording as
    "Desk 1" cannot be told apart); a name from before desk ids is taken by the first desk.
    """
    from inspector.core.database import get_or_create_named
    from inspector.core.models import Station

    station_id = get_or_create_named(session, Station, name, desk_id=desk_id)
    station = session.get(Station, station_id)
    assert station is not None
    if desk_id and not station.desk_id:
        station.desk_id = desk_id
        session.add(station)
        session.flush()
    elif desk_id and station.desk_id != desk_id:
        raise ValidationError(
            f"The station name {name!r} is already another desk's in this warehouse (desk "
            f"{station.desk_id[:8]}…). Give this desk a name of its own, e.g. "
            f"{free_station_name(session)!r} (Settings → Station name, or station_name in "
            "its settings)."
        )
    return station_id


def free_station_name(session: Session, stem: str = "Desk") -> str:
    """The first 'Desk N' no desk of the warehouse uses yet, to propose at set-up."""
    from inspector.core.models import Station

    taken = set(session.exec(select(Station.name)).all())
    n = 1
    while f"{stem} {n}" in taken:
        n += 1
    return f"{stem} {n}"


# ---- PostgreSQL roles: desk, office, reviewer (docs/warehouse-roles.md) -----------------------

# Tables whose rows are evidence once written: desks add to them and never change or remove.
APPEND_ONLY_TABLES = ("seal_entry", "anchor_line", "desk_certificate")
# Tables the office alone writes: what a desk may do (retention, the shared folder's owner)
# is not a desk's to change, or one desk could shorten every desk's evidence.
OFFICE_ONLY_TABLES = ("warehouse_setting",)
ROLE_KINDS = ("office", "desk", "reviewer")


def role_grants(kind: str, role: str) -> list[str]:
    """The SQL that gives an existing login role the rights of an office, a desk or a reviewer.

    Run by the database's owner once the schema exists (after the first desk or the office
    joined). The office owns the schema (it runs upgrades) and needs no grants; a desk reads
    and writes records but cannot change or delete a seal, an anchor line or a certificate,
    nor change a warehouse setting; a reviewer only reads.
    """
    if kind not in ROLE_KINDS:
        raise ValidationError(f"A role is one of {', '.join(ROLE_KINDS)}, not {kind!r}.")
    quoted = '"' + role.replace('"', '""') + '"'
    if kind == "office":
        return [f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {quoted}",
                f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {quoted}"]  # fmt: skip
    out = [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted}",
    ]
    if kind == "desk":
        out += [
            f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            *(f"REVOKE UPDATE, DELETE ON {t} FROM {quoted}" for t in APPEND_ONLY_TABLES),
            *(f"REVOKE INSERT, UPDATE, DELETE ON {t} FROM {quoted}" for t in OFFICE_ONLY_TABLES),
        ]
    return out


# ---- settings for the whole warehouse, set from the office --------------------------------


@dataclass(frozen=True)
class WarehouseSettingSpec:
    """A setting the warehouse holds in its database rather than each desk in its own file."""

    key: str
    kind: type
    per_desk: bool  # a desk may have its own value (an override); else one for the warehouse
    help: str
    multiline: bool = False  # one rule a line (the office edits it in a text box)


WAREHOUSE_SETTINGS = (
    WarehouseSettingSpec(
        "shared_videos_owner", str, False,
        "the desk id (or name) whose clean-up also removes old videos from the shared folder; "
        "no desk's own settings file can make it the owner",
    ),
    WarehouseSettingSpec(
        "retention_days", int, True, "days a decided video is kept before clean-up removes it"
    ),
    WarehouseSettingSpec("storage_quota_gb", float, True, "video storage quota (GB); 0: none"),
    WarehouseSettingSpec("tsa_url", str, True, "the RFC 3161 time-stamping authority's URL"),
    WarehouseSettingSpec(
        "daily_backup_desk", str, False,
        "the desk id (or name) that makes the warehouse's daily database backup; no other does",
    ),
    WarehouseSettingSpec(
        "shared_videos_keep_days", int, True,
        "days a desk keeps its own copy of a video after the shared folder's copy was checked",
    ),
    WarehouseSettingSpec(
        "scan_patterns", str, True,
        "desk rules: how a scan is recognised, one rule a line (kind | name | regular "
        "expression; kinds: courier, order, operator, ignore), tried before the built-in ones",
        multiline=True,
    ),
    WarehouseSettingSpec(
        "badge_prefix", str, True, "codes starting with this switch the operator (a badge)"
    ),
)  # fmt: skip
WAREHOUSE_SETTINGS_BY_KEY = {s.key: s for s in WAREHOUSE_SETTINGS}


def parse_warehouse_value(session: Session, key: str, text: str) -> Any:
    """A setting's value from its text form, checked; desk names become desk ids."""
    from inspector.core.models import Station

    spec = WAREHOUSE_SETTINGS_BY_KEY.get(key)
    if spec is None:
        raise ValidationError(
            f"{key!r} is not a warehouse setting; they are: {', '.join(WAREHOUSE_SETTINGS_BY_KEY)}."
        )
    if key == "scan_patterns":
        from inspector.core.scan_routing import parse_rules

        parse_rules(text)  # a broken rule is refused here, naming its line, never stored
        return text.strip("\n")
    if spec.kind is str:
        value = text.strip()
        if key.endswith("_desk") or key == "shared_videos_owner":
            station = session.exec(select(Station).where(Station.name == value)).first()
            if station is not None and station.desk_id:
                return station.desk_id
        return value
    try:
        number = spec.kind(text)
    except ValueError as exc:
        raise ValidationError(f"{key} takes a number, not {text!r}.") from exc
    if number < 0:
        raise ValidationError(f"{key} cannot be negative.")
    return number
