"""The store's identity in X.509 form, for signatures a standard PDF reader checks.

Our keys are Ed25519, which common PDF readers (Adobe's, poppler/NSS) cannot yet verify.
So each Ed25519 key has a P-256 twin derived from it (HKDF over its private bytes: no new
key file to keep or back up), and:

- the **issuer** (the store key; a desk with no store acts as its own) has a self-signed
  X.509 CA certificate for its twin, carrying an *endorsement*: the Ed25519 key's
  signature over the CA's public key. Whoever checks that signature knows the CA is the
  store's, by the one fingerprint the store publishes.
- a **desk** gets an X.509 certificate for its own twin, issued by that CA when the store
  key certifies the desk key, and naming the desk's Ed25519 key in an extension. The desk
  proves it holds the twin when it asks (its Ed25519 key signs the twin's public key).

A PDF reader shows the desk as signer and the store's CA as issuer; `verify` walks the
same chain back to the store fingerprint (core/pdf_signing.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

from inspector.core.signing import fingerprint, verify_signature

# Private object identifiers under the UUID arc 2.25 (ITU-T X.667: no registration needed).
ENDORSEMENT_OID = x509.ObjectIdentifier(
    f"2.25.{uuid.UUID('5f3c0a52-22aa-4c5e-9d3b-6b1f0e2a7c01').int}"
)
DESK_KEY_OID = x509.ObjectIdentifier(
    f"2.25.{uuid.UUID('5f3c0a52-22aa-4c5e-9d3b-6b1f0e2a7c02').int}"
)
_TWIN_INFO = b"inspector P-256 twin of an Ed25519 key, v1"
_ENDORSE = b"inspector X.509 CA endorsed by Ed25519 key, v1\n"
_POSSESS = b"inspector desk holds this P-256 key, v1\n"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def twin_key(private: Ed25519PrivateKey) -> ec.EllipticCurvePrivateKey:
    """The P-256 key derived from an Ed25519 private key (the same key every time)."""
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    okm = HKDF(hashes.SHA256(), 48, salt=None, info=_TWIN_INFO).derive(seed)
    # 384 bits reduced modulo the order: bias below 2^-128, and never zero.
    return ec.derive_private_key(int.from_bytes(okm) % (_P256_ORDER - 1) + 1, ec.SECP256R1())


def _spki(public: Any) -> bytes:
    return public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _raw_public_hex(private: Ed25519PrivateKey) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        .hex()
    )


def _octets(data: bytes) -> bytes:
    """DER OCTET STRING (short contents only), the value of our extensions."""
    assert len(data) < 128
    return bytes([0x04, len(data)]) + data


def _unwrap(value: bytes) -> bytes:
    if len(value) < 2 or value[0] != 0x04 or value[1] != len(value) - 2:
        return b""
    return value[2:]


def _extension(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> bytes:
    try:
        ext = cert.extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return b""
    return _unwrap(getattr(ext, "value", b""))


def issuer_name(public_hex: str) -> x509.Name:
    """The X.509 name of the CA of the Ed25519 key public_hex (its fingerprint in it)."""
    fp = fingerprint(public_hex)
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "inspector"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, fp),
            x509.NameAttribute(NameOID.COMMON_NAME, f"inspector store {fp[:19]}"),
        ]
    )


def issuer_certificate(private: Ed25519PrivateKey) -> x509.Certificate:
    """The self-signed CA certificate of this Ed25519 key's twin, endorsed by the Ed25519 key."""
    ca = twin_key(private)
    public_hex = _raw_public_hex(private)
    endorsement = bytes.fromhex(public_hex) + private.sign(_ENDORSE + _spki(ca.public_key()))
    name = issuer_name(public_hex)
    spki_hash = hashes.Hash(hashes.SHA256())
    spki_hash.update(_spki(ca.public_key()))
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(ca.public_key())
        # The same key, name and validity every time: every copy of the CA is the same CA.
        .serial_number(int.from_bytes(spki_hash.finalize()[:16]) >> 1)
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2100, 1, 1, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca.public_key()), critical=False)
        .add_extension(
            x509.UnrecognizedExtension(ENDORSEMENT_OID, _octets(endorsement)), critical=False
        )
        # Deterministic (RFC 6979), like Ed25519: the CA certificate is byte for byte the same
        # wherever it is made, so its SHA-256 can be published beside the store fingerprint.
        .sign(ca, hashes.SHA256(), ecdsa_deterministic=True)
    )


def endorser(ca: x509.Certificate) -> str:
    """The Ed25519 public key (hex) that endorsed this CA certificate's key; '' if none did."""
    value = _extension(ca, ENDORSEMENT_OID)
    if len(value) != 96:
        return ""
    public, signature = value[:32], value[32:]
    message = _ENDORSE + _spki(ca.public_key())
    return public.hex() if verify_signature(public.hex(), signature.hex(), message) else ""


def possession_proof(desk_private: Ed25519PrivateKey) -> str:
    """What a desk sends with its certificate request: its twin's public key, signed by it."""
    spki = _spki(twin_key(desk_private).public_key())
    return f"{spki.hex()}:{desk_private.sign(_POSSESS + spki).hex()}"


def proven_twin(desk_public_hex: str, proof: str) -> ec.EllipticCurvePublicKey | None:
    """The desk's twin public key when `proof` is signed by the desk's Ed25519 key; else None."""
    spki_hex, _, signature = proof.partition(":")
    try:
        spki = bytes.fromhex(spki_hex)
    except ValueError:
        return None
    if not verify_signature(desk_public_hex, signature, _POSSESS + spki):
        return None
    try:
        key = serialization.load_der_public_key(spki)
    except ValueError:
        return None
    return key if isinstance(key, ec.EllipticCurvePublicKey) else None


def desk_certificate(
    issuer: Ed25519PrivateKey,
    desk_public_hex: str,
    desk_twin: ec.EllipticCurvePublicKey,
    desk_name: str,
    valid_from: datetime,
    valid_until: datetime,
) -> x509.Certificate:
    """The X.509 certificate of a desk's twin key, issued by the issuer's CA, naming the desk key."""
    ca = twin_key(issuer)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "inspector"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, fingerprint(desk_public_hex)),
            x509.NameAttribute(NameOID.COMMON_NAME, (desk_name or "inspector desk")[:64]),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name(_raw_public_hex(issuer)))
        .public_key(desk_twin)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            # digitalSignature + nonRepudiation (content commitment): a document signature.
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()), critical=False
        )
        .add_extension(
            x509.UnrecognizedExtension(DESK_KEY_OID, _octets(bytes.fromhex(desk_public_hex))),
            critical=False,
        )
        .sign(ca, hashes.SHA256())
    )


def desk_key_named(cert: x509.Certificate) -> str:
    """The desk's Ed25519 public key (hex) a desk certificate names; '' if it names none."""
    value = _extension(cert, DESK_KEY_OID)
    return value.hex() if len(value) == 32 else ""


@dataclass(frozen=True)
class PdfIdentity:
    """What signs a report.pdf: the desk's twin key, its certificate and its issuer's CA."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca: x509.Certificate


def own_identity(desk_private: Ed25519PrivateKey, desk_name: str = "") -> PdfIdentity:
    """The desk as its own issuer (no store key, or not yet certified by it)."""
    now = datetime.now(UTC)
    cert = desk_certificate(
        desk_private,
        _raw_public_hex(desk_private),
        twin_key(desk_private).public_key(),
        desk_name,
        now - timedelta(days=1),
        now + timedelta(days=3650),
    )
    return PdfIdentity(twin_key(desk_private), cert, issuer_certificate(desk_private))


def store_identity(desk_private: Ed25519PrivateKey, chain_pem: str) -> PdfIdentity | None:
    """The desk's identity from the chain the store issued (PEM: desk certificate, CA); None
    when the chain is not for this desk's twin key."""
    try:
        certs = x509.load_pem_x509_certificates(chain_pem.encode())
    except ValueError:
        return None
    if len(certs) != 2:
        return None
    key = twin_key(desk_private)
    if _spki(certs[0].public_key()) != _spki(key.public_key()):
        return None
    return PdfIdentity(key, certs[0], certs[1])


def chain_pem(cert: x509.Certificate, ca: x509.Certificate) -> str:
    """A desk certificate and its CA as one PEM text (how the database keeps them)."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, ca)).decode()
