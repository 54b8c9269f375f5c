"""The desk's signing key: Ed25519, made on first use, kept in the system keyring or the data folder.

A new key goes into the system keyring where the computer has one (the `keyring` library:
Windows Credential Manager, macOS Keychain, the Secret Service on a Linux desktop), with a
small pointer file in the data folder naming its entry and its public key; a computer with
no keyring (a headless desk, CI) keeps it in an owner-only PEM file in the data folder, as
a key made before keyring support still is.

Every seal, every line of the chain anchor and every bundle manifest is signed with it.
A reviewer checks a signature with the public key a bundle carries and compares that
key's fingerprint with the one the store publishes (`inspector keys show`): only the
holder of this desk's private key can make a signature under that fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from inspector.core.errors import StorageError

log = logging.getLogger(__name__)

KEY_FILE = "desk-signing-key.pem"
# In the data folder when the key is in the system keyring: its entry's name and public key.
KEYRING_POINTER = "desk-signing-key.keyring"
KEYRING_SERVICE = "inspector-desk-key"
IN_KEYRING, IN_FILE = "keyring", "file"


def fingerprint(public_key_hex: str) -> str:
    """The short, readable form of a public key the store publishes: SHA-256 of the raw key.

    Sixteen groups of four hex digits; readers compare it ignoring spaces and case.
    """
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def same_fingerprint(a: str, b: str) -> bool:
    """True when two fingerprints are the same key, however they are spaced, cased or split."""

    def norm(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")

    return bool(norm(a)) and norm(a) == norm(b)


def verify_signature(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    """True when `signature_hex` is the key's Ed25519 signature of `message`; never raises."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _keyring_backend_name() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _keyring_read(account: str) -> str | None:
    """The PEM kept under account, or None; StorageError when the keyring cannot be asked."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, account)
    except Exception as exc:  # noqa: BLE001 (locked, no backend, D-Bus gone: all say the same)
        raise StorageError(
            f"The desk's signing key is kept in the system keyring (entry {KEYRING_SERVICE}/"
            f"{account}), which cannot be read now: {exc or type(exc).__name__}. Unlock the "
            "keyring (log in to the desktop) and start again; see docs/signing-keys.md."
        ) from exc


def _keyring_write(account: str, pem: str) -> str:
    """Keep pem in the keyring and read it back; '' when kept, else why it could not be."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account, pem)
        if keyring.get_password(KEYRING_SERVICE, account) != pem:
            return "the keyring did not give back what was written"
        return ""
    except Exception as exc:  # noqa: BLE001 (no backend, locked, refused: fall back alike)
        return str(exc) or type(exc).__name__


def _keyring_delete(account: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, account)
    except Exception as exc:  # noqa: BLE001 (a stray entry is harmless; say so in the log)
        log.info("Keyring entry %s/%s not removed: %s", KEYRING_SERVICE, account, exc)


def _write_new(path: Path, data: bytes) -> bool:
    """Write data to path only if nothing is there (owner-only); False when another was first."""
    tmp: Path | None = None
    try:
        # A name of its own (mkstemp: owner-only): two processes making a key at once each
        # write their own file, and neither truncates the one the other has just linked.
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".partial")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # Another process may have made one meanwhile: link() refuses to replace it.
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        raise StorageError(
            f"Cannot write the desk's signing key to {path}: {exc.strerror or exc}."
        ) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _load_pem(pem: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise StorageError(
            f"The desk's signing key in {where} cannot be read ({exc}). Put back the key from "
            "the backup (see docs/signing-keys.md); making a new one would change the "
            "fingerprint the store has published."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise StorageError(f"{where} is not an Ed25519 key; see docs/signing-keys.md.")
    return key


@dataclass(frozen=True)
class DeskKey:
    """The desk's private key with its public half, and where it is kept.

    `where` is IN_KEYRING (path: the pointer file in the data folder naming the keyring
    entry) or IN_FILE (path: the owner-only PEM file).
    """

    private: Ed25519PrivateKey
    path: Path
    where: str = IN_FILE
    keyring_entry: str = ""  # "service/account" when in the keyring

    @property
    def public_hex(self) -> str:
        return _public_hex(self.private)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign(self, message: bytes) -> str:
        """The Ed25519 signature of message, hex."""
        return self.private.sign(message).hex()

    def describe(self) -> str:
        """Where the key is kept, in words for `keys show` and doctor."""
        if self.where == IN_KEYRING:
            return f"the system keyring, entry {self.keyring_entry} (named in {self.path})"
        return f"the file {self.path} (owner-only; this computer has no system keyring in use)"

    @staticmethod
    def exists(root: Path) -> bool:
        """True when the data folder at root has a desk key (in a file or the keyring)."""
        return (Path(root) / KEY_FILE).exists() or (Path(root) / KEYRING_POINTER).exists()

    @classmethod
    def load(cls, root: Path) -> DeskKey | None:
        """The key of the data folder at root, or None when it has none yet (nothing is made)."""
        path = Path(root) / KEY_FILE
        if path.exists():
            try:
                pem = path.read_bytes()
            except OSError as exc:
                raise StorageError(
                    f"The desk's signing key {path} cannot be read ({exc.strerror or exc}). "
                    "Put back the key from the backup (see docs/signing-keys.md)."
                ) from exc
            return cls(_load_pem(pem, str(path)), path)
        pointer = Path(root) / KEYRING_POINTER
        if not pointer.exists():
            return None
        try:
            facts = json.loads(pointer.read_text(encoding="utf-8"))
            account, public = str(facts["account"]), str(facts["public_key"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StorageError(
                f"{pointer} (which names this desk's key in the system keyring) cannot be read "
                f"({exc}); put it back from the backup (see docs/signing-keys.md)."
            ) from exc
        entry = f"{KEYRING_SERVICE}/{account}"
        pem = _keyring_read(account)
        if pem is None:
            raise StorageError(
                f"The desk's signing key (fingerprint {fingerprint(public)}) is not in this "
                f"computer's system keyring (entry {entry}), though {pointer} says it was kept "
                "there. Log in as the desk's user, or move the desk to a new key as "
                "docs/signing-keys.md says; a new key is never made silently."
            )
        key = _load_pem(pem.encode("ascii"), f"the system keyring (entry {entry})")
        if _public_hex(key) != public:
            raise StorageError(
                f"The system keyring's entry {entry} holds another key than {pointer} names "
                f"(fingerprint {fingerprint(public)}); see docs/signing-keys.md."
            )
        return cls(key, pointer, IN_KEYRING, entry)

    @classmethod
    def load_or_create(cls, root: Path) -> DeskKey:
        """The data folder's key, made the first time it is needed: in the system keyring when
        the computer has a working one, else in an owner-only file in the data folder."""
        existing = cls.load(root)
        if existing is not None:
            return existing
        root = Path(root)
        key = Ed25519PrivateKey.generate()
        pem = _private_pem(key)
        account = str(uuid.uuid4())
        why_not = _keyring_write(account, pem.decode("ascii"))
        if not why_not:
            pointer = {
                "service": KEYRING_SERVICE,
                "account": account,
                "public_key": _public_hex(key),
                "backend": _keyring_backend_name(),
            }
            data = (json.dumps(pointer, indent=2) + "\n").encode("utf-8")
            if not _write_new(root / KEYRING_POINTER, data):
                _keyring_delete(account)  # another process made the desk's key first
        else:
            log.info("No system keyring for the desk key (%s); keeping it in a file", why_not)
            _write_new(root / KEY_FILE, pem)
        made = cls.load(root)
        assert made is not None
        log.warning(
            "Made this desk's signing key (fingerprint %s), kept in %s",
            made.fingerprint,
            made.describe(),
        )
        return made


# ---- the store key: one identity over many desk keys ----------------------------------------
#
# The warehouse has one store key (Ed25519). It signs a certificate for each desk key (the
# office PC's too): desk id, name, the desk's public key, valid from/until. A reviewer given
# the store's one fingerprint accepts a seal or a manifest signed by any desk key a
# certificate in the bundle vouches for at the time it was signed. The store key signs a
# revocation too: a desk key's signatures from that time on are no longer accepted.

STORE_KEY_FILE = "store-signing-key.pem"
CERTIFICATE_FORMAT = "inspector-desk-certificate"
CERTIFY, REVOKE = "certify", "revoke"


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


@dataclass(frozen=True)
class StoreKey:
    """The store's private key: kept on the office PC or offline (a USB stick), never on a desk."""

    private: Ed25519PrivateKey
    path: Path

    @property
    def public_hex(self) -> str:
        return _public_hex(self.private)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()

    @classmethod
    def load(cls, path: Path) -> StoreKey:
        """The store key in the file at path; StorageError in words when it cannot be used."""
        path = Path(path)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except FileNotFoundError as exc:
            raise StorageError(
                f"There is no store key at {path}. Make one with 'inspector keys make-store-key' "
                "(once per warehouse), or give the file it was saved to."
            ) from exc
        except (OSError, ValueError, TypeError) as exc:
            raise StorageError(f"The store key {path} cannot be read ({exc}).") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StorageError(f"{path} is not an Ed25519 key; see docs/signing-keys.md.")
        return cls(key, path)

    @classmethod
    def create(cls, path: Path) -> StoreKey:
        """A new store key written to path (owner-only); refuses to replace an existing file."""
        path = Path(path)
        key = Ed25519PrivateKey.generate()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise StorageError(
                f"{path} already exists: a store key is never overwritten (certificates it "
                "signed would no longer verify). Give another file to rotate to a new key."
            ) from exc
        except OSError as exc:
            raise StorageError(
                f"Cannot write the store key to {path}: {exc.strerror or exc}."
            ) from exc
        with os.fdopen(fd, "wb") as fh:
            fh.write(_private_pem(key))
            fh.flush()
            os.fsync(fh.fileno())
        made = cls(key, path)
        log.warning("Made the store key %s (fingerprint %s)", path, made.fingerprint)
        return made


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def certificate(
    store: StoreKey,
    desk_id: str,
    desk_name: str,
    desk_public_key: str,
    valid_from: datetime,
    valid_until: datetime | None,
    issued_at: datetime | None = None,
) -> dict[str, Any]:
    """A desk certificate: the store key vouches for desk_public_key from valid_from to valid_until."""
    body = {
        "format": CERTIFICATE_FORMAT,
        "v": 1,
        "kind": CERTIFY,
        "desk_id": desk_id,
        "desk_name": desk_name,
        "desk_public_key": desk_public_key,
        "store_public_key": store.public_hex,
        "valid_from": _iso(valid_from),
        "valid_until": _iso(valid_until),
        "issued_at": _iso(issued_at or datetime.now(UTC)),
    }
    return {"body": body, "signature": store.sign(_canonical(body))}


def revocation(
    store: StoreKey, desk_id: str, desk_public_key: str, revoked_from: datetime
) -> dict[str, Any]:
    """A revocation: the store key no longer vouches for desk_public_key from revoked_from on."""
    body = {
        "format": CERTIFICATE_FORMAT,
        "v": 1,
        "kind": REVOKE,
        "desk_id": desk_id,
        "desk_public_key": desk_public_key,
        "store_public_key": store.public_hex,
        "valid_from": _iso(revoked_from),
        "issued_at": _iso(datetime.now(UTC)),
    }
    return {"body": body, "signature": store.sign(_canonical(body))}


def statement_problem(statement: Any) -> str:
    """'' when a certificate or revocation is well formed and signed by the store key it names."""
    if not isinstance(statement, dict) or not isinstance(statement.get("body"), dict):
        return "a certificate that is not a signed statement"
    body = statement["body"]
    if body.get("format") != CERTIFICATE_FORMAT or body.get("kind") not in (CERTIFY, REVOKE):
        return "a certificate of an unknown kind"
    for key in ("desk_public_key", "store_public_key"):
        if not isinstance(body.get(key), str) or len(body[key]) != 64:
            return f"a certificate without a {key.replace('_', ' ')}"
    if _parse_time(body.get("valid_from")) is None:
        return "a certificate without a valid-from time"
    if not verify_signature(
        body["store_public_key"], str(statement.get("signature", "")), _canonical(body)
    ):
        return (
            f"the certificate of desk {body.get('desk_name') or body.get('desk_id')} is not "
            "signed by the store key it names: it was forged or edited"
        )
    return ""


@dataclass(frozen=True)
class Vouched:
    """Whether the store vouched for a desk key at a time: by which certificate, or why not."""

    ok: bool
    why: str = ""
    desk_name: str = ""
    store_fingerprint: str = ""


def vouched_for(
    desk_public_key: str, at: datetime | None, statements: list[Any], store_fingerprints: list[str]
) -> Vouched:
    """Did a store key with one of these fingerprints certify this desk key at time `at`?

    Certified: a certificate signed by that store key names the desk key, and `at` falls in
    its validity. Not when a revocation by the same store key took effect at or before `at`.
    `at` None (a signature with no time of its own) needs the certificate alone.
    """
    certs: list[dict[str, Any]] = []
    revoked: list[datetime] = []
    for statement in statements:
        if statement_problem(statement):
            continue
        body = statement["body"]
        if body["desk_public_key"] != desk_public_key:
            continue
        store_fp = fingerprint(body["store_public_key"])
        if not any(same_fingerprint(store_fp, fp) for fp in store_fingerprints):
            continue
        if body["kind"] == REVOKE:
            revoked.append(_parse_time(body["valid_from"]))  # type: ignore[arg-type]
        else:
            certs.append(body)
    if not certs:
        return Vouched(
            False, f"no certificate by the store key vouches for key {fingerprint(desk_public_key)}"
        )
    for body in certs:
        start, end = _parse_time(body["valid_from"]), _parse_time(body.get("valid_until"))
        name, store_fp = str(body.get("desk_name", "")), fingerprint(body["store_public_key"])
        if at is not None and start is not None and at < start:
            continue
        if at is not None and end is not None and at > end:
            continue
        gone = [r for r in revoked if at is None or r <= at]
        if gone:
            return Vouched(
                False,
                f"desk {name or fingerprint(desk_public_key)}'s key was revoked from "
                f"{_iso(min(gone))} on; this was signed {_iso(at) or 'after that'}",
                name,
                store_fp,
            )
        return Vouched(True, "", name, store_fp)
    return Vouched(
        False,
        f"signed at {_iso(at)}, outside the validity of every certificate of key "
        f"{fingerprint(desk_public_key)}",
    )
