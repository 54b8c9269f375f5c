"""report.pdf signed the way any PDF reader checks (PAdES, with pyHanko), and checked back.

A platform's reviewer opens the PDF, not our command line: the report carries a PDF
signature made with the signing identity (the desk's Ed25519 key, in a certificate made
for it) and, when a time-stamping authority is set, an RFC 3161 document time stamp, so
a reader's signature panel shows the document unchanged since signing and when it was
stamped. `verify` checks that signature too, and that its key is the bundle's.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as akeys
from asn1crypto import x509 as ax
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko_certvalidator import ValidationContext

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA, which warns it is deprecated; we never use DSA.
    warnings.simplefilter("ignore")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers, timestamps
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

from inspector.core.signing import DeskKey, fingerprint
from inspector.core.timestamping import TsaTrust

log = logging.getLogger(__name__)

SIGNATURE_FIELD = "InspectorSeal"


def identity_certificate(key: DeskKey) -> x509.Certificate:
    """A certificate for the signing key, named by its fingerprint (self-issued for now: the
    reviewer trusts it through the fingerprint the store publishes)."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"inspector desk {key.fingerprint[:19]}"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, key.fingerprint),
        ]
    )
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key.private, None)
    )


def sign_report_pdf(pdf: bytes, key: DeskKey, tsa_url: str = "") -> bytes:
    """The PDF with a PAdES signature by `key` and, given a TSA, a document time stamp."""
    cert = identity_certificate(key)
    signer = signers.SimpleSigner(
        signing_cert=ax.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=akeys.PrivateKeyInfo.load(
            key.private.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=None,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha512",
        reason="Evidence report of a sealed inspection",
    )
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, output=out)
    signed = out.getvalue()
    if not tsa_url:
        return signed
    stamped = io.BytesIO()
    try:
        signers.PdfTimeStamper(timestamps.HTTPTimeStamper(tsa_url, timeout=10)).timestamp_pdf(
            IncrementalPdfFileWriter(io.BytesIO(signed)), "sha256", output=stamped
        )
    except Exception as exc:  # noqa: BLE001 (any TSA failure: the signed report goes out unstamped)
        log.warning("report.pdf was signed but not time-stamped: %s", exc)
        return signed
    return stamped.getvalue()


@dataclass
class PdfCheck:
    """What the report's PDF signature says."""

    signed: bool = False
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_report_pdf(pdf: bytes, public_keys: list[str], trust: TsaTrust | None = None) -> PdfCheck:
    """The PDF's signature is intact, covers the whole file, and is by one of `public_keys`
    (hex Ed25519: the bundle's signer); its document time stamp chains to `trust`."""
    out = PdfCheck()
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = list(reader.embedded_regular_signatures)
        stamps = list(reader.embedded_timestamp_signatures)
    except Exception as exc:  # noqa: BLE001 (a malformed PDF is a finding, not a crash)
        out.problems.append(f"report.pdf cannot be read as a PDF ({exc})")
        return out
    if not embedded:
        out.notes.append("report.pdf carries no PDF signature (made before reports were signed)")
        return out
    out.signed = True
    sig = embedded[0]
    cert = sig.signer_cert
    raw = cert.public_key["public_key"].native if cert is not None else b""
    key_hex = raw.hex() if isinstance(raw, bytes) else ""
    if key_hex not in public_keys:
        out.problems.append(
            "report.pdf is signed by another key than the bundle's: it was replaced and re-signed"
        )
        return out
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[cert]))
    if not (status.intact and status.valid):
        out.problems.append("report.pdf's PDF signature does not verify: the PDF was changed")
        return out
    # After the signature only a document time stamp may follow (an LTA update), nothing else.
    level = status.modification_level
    if level not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        out.problems.append(
            f"report.pdf was changed after it was signed ({getattr(level, 'name', level)})"
        )
        return out
    out.notes.append(
        f"report.pdf: PDF signature (PAdES) by key {fingerprint(key_hex)}, unchanged since signing"
    )
    for stamp in stamps:
        roots = [ax.Certificate.load(der) for der in (trust or TsaTrust.load()).roots]
        try:
            ts = validate_pdf_timestamp(stamp, ValidationContext(trust_roots=roots))
        except Exception as exc:  # noqa: BLE001 (reported, never a crash)
            out.problems.append(f"report.pdf's document time stamp cannot be checked ({exc})")
            continue
        if not (ts.intact and ts.valid):
            out.problems.append("report.pdf's document time stamp does not verify")
        elif not ts.trusted:
            out.problems.append("report.pdf's document time stamp: time not trusted")
        else:
            out.notes.append(f"report.pdf: document time stamp at {ts.timestamp.isoformat()}")
    return out
