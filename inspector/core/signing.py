"""The desk's signing key: Ed25519, kept in the data folder, made on first use.

Every seal, every line of the chain anchor and every bundle manifest is signed with it.
A reviewer checks a signature with the public key a bundle carries and compares that
key's fingerprint with the one the store publishes (`inspector keys show`): only the
holder of this desk's private key can make a signature under that fingerprint.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from inspector.core.errors import StorageError

log = logging.getLogger(__name__)

KEY_FILE = "desk-signing-key.pem"


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


@dataclass(frozen=True)
class DeskKey:
    """The desk's private key with its public half, as hex and as a fingerprint."""

    private: Ed25519PrivateKey
    path: Path

    @property
    def public_hex(self) -> str:
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return raw.hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign(self, message: bytes) -> str:
        """The Ed25519 signature of message, hex."""
        return self.private.sign(message).hex()

    @classmethod
    def load(cls, root: Path) -> DeskKey | None:
        """The key of the data folder at root, or None when it has none yet (nothing is made)."""
        path = Path(root) / KEY_FILE
        if not path.exists():
            return None
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise StorageError(
                f"The desk's signing key {path} cannot be read ({exc}). Put back the key from "
                "the backup (see docs/signing-keys.md); making a new one would change the "
                "fingerprint the store has published."
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StorageError(f"{path} is not an Ed25519 key; see docs/signing-keys.md.")
        return cls(key, path)

    @classmethod
    def load_or_create(cls, root: Path) -> DeskKey:
        """The data folder's key, made (readable by this user only) the first time it is needed."""
        existing = cls.load(root)
        if existing is not None:
            return existing
        path = Path(root) / KEY_FILE
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp: Path | None = None
        try:
            # A name of its own (mkstemp: owner-only): two processes making a key at once each
            # write their own file, and neither truncates the one the other has just linked.
            fd, tmp_name = tempfile.mkstemp(dir=root, prefix=KEY_FILE + ".", suffix=".partial")
            tmp = Path(tmp_name)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            # Another process may have made one meanwhile: link() refuses to replace it.
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StorageError(
                f"Cannot write the desk's signing key to {path}: {exc.strerror or exc}."
            ) from exc
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        made = cls.load(root)
        assert made is not None
        log.warning("Made this desk's signing key %s (fingerprint %s)", path, made.fingerprint)
        return made
