"""report.pdf signed the way any PDF reader checks (PAdES, with pyHanko), and checked back.

A platform's reviewer opens the PDF, not our command line: the report carries a PDF
signature by the exporting desk's X.509 identity (its P-256 twin key, certified by the
store's CA: core/x509_identity.py) and, when a time-stamping authority is set, an RFC 3161
document time stamp, so a reader's signature panel shows the signer, the store that
issued its certificate, that the document is unchanged since signing, and when it was
stamped. `verify` checks that signature too: its desk key is the bundle's and its CA is
endorsed by that desk's store key (or, before the store issued one, by the desk key).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field

from asn1crypto import keys as akeys
from asn1crypto import x509 as ax
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA, which warns it is deprecated; we never use DSA.
    warnings.simplefilter("ignore")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers, timestamps
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

from inspector.core.signing import fingerprint, same_fingerprint
from inspector.core.timestamping import TsaTrust
from inspector.core.x509_identity import PdfIdentity, desk_key_named, endorser

log = logging.getLogger(__name__)

SIGNATURE_FIELD = "InspectorSeal"


def sign_report_pdf(pdf: bytes, identity: PdfIdentity, tsa_url: str = "") -> bytes:
    """The PDF with a PAdES signature by the desk's identity and, given a TSA, a document
    time stamp. The signature carries the issuer's CA, so a reader can show the chain."""
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=ax.Certificate.load(identity.certificate.public_bytes(der)),
        signing_key=akeys.PrivateKeyInfo.load(
            identity.key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [ax.Certificate.load(identity.ca.public_bytes(der))]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
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


def check_report_pdf(
    pdf: bytes,
    public_keys: list[str],
    trust: TsaTrust | None = None,
    store_keys: list[str] | None = None,
    fingerprints: list[str] | None = None,
) -> PdfCheck:
    """The PDF's signature is intact, covers the whole file, is by one of `public_keys` (hex
    Ed25519: the bundle's signers) and chains to a CA endorsed by that desk key or by a store
    key (`store_keys`: those whose certificates in the bundle vouch for it, or one of
    `fingerprints`); its document time stamp chains to `trust`."""
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
    leaf = sig.signer_cert
    if leaf is None:
        out.problems.append("report.pdf's PDF signature names no signer certificate")
        return out
    desk_key = desk_key_named(x509.load_der_x509_certificate(leaf.dump()))
    if desk_key:
        issuers = [c for c in sig.other_embedded_certs if c.subject == leaf.issuer]
        issuer_key = endorser(x509.load_der_x509_certificate(issuers[0].dump())) if issuers else ""
        if not issuer_key:
            out.problems.append(
                "report.pdf's certificate is issued by a CA that no Ed25519 key endorsed: "
                "it was not made by this software's store or desk"
            )
            return out
        roots = issuers[:1]
    else:
        # A report signed before X.509 identities: the desk's Ed25519 key in a self-made one.
        raw = leaf.public_key["public_key"].native
        desk_key = issuer_key = raw.hex() if isinstance(raw, bytes) else ""
        roots = [leaf]
    if desk_key not in public_keys:
        out.problems.append(
            "report.pdf is signed by another key than the bundle's: it was replaced and re-signed"
        )
        return out
    moment = sig.self_reported_timestamp
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, moment=moment))
    if not (status.intact and status.valid):
        out.problems.append("report.pdf's PDF signature does not verify: the PDF was changed")
        return out
    if not status.trusted:
        out.problems.append(
            "report.pdf's certificate does not chain to the CA it names (or was not valid "
            "when it signed)"
        )
        return out
    # After the signature only a document time stamp may follow (an LTA update), nothing else.
    level = status.modification_level
    if level not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        out.problems.append(
            f"report.pdf was changed after it was signed ({getattr(level, 'name', level)})"
        )
        return out
    given = [fp for fp in fingerprints or [] if fp]
    if issuer_key == desk_key:
        issued = "certified by the desk's own key (the store has not issued it one yet)"
    elif issuer_key in (store_keys or []) or any(
        same_fingerprint(fingerprint(issuer_key), fp) for fp in given
    ):
        issued = f"certified by the store {fingerprint(issuer_key)}"
    else:
        out.problems.append(
            f"report.pdf's certificate was issued by key {fingerprint(issuer_key)}, which is "
            "neither the desk's nor a store key that certified the desk"
        )
        return out
    out.notes.append(
        f"report.pdf: PDF signature (PAdES) by key {fingerprint(desk_key)}, {issued}, "
        "unchanged since signing"
    )
    for stamp in stamps:
        tsa_roots = [ax.Certificate.load(der) for der in (trust or TsaTrust.load()).roots]
        try:
            ts = validate_pdf_timestamp(stamp, ValidationContext(trust_roots=tsa_roots))
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
