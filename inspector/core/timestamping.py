"""RFC 3161 trusted time: ask a time-stamping authority (TSA) to stamp a SHA-256, check a token.

A token is the TSA's signed statement that it saw this hash at this time. It proves the
video (or the bundle's manifest) existed then, before any dispute, whoever keeps the desk.
The token is CMS SignedData (RFC 5652) around a TSTInfo; it is parsed with asn1crypto and
its signature checked with `cryptography` against the TSA certificate the token carries.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import cms, tsp, x509
from cryptography import x509 as cx509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from inspector.core.errors import InspectorError

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1 << 20
_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class TimestampError(InspectorError):
    """The time-stamping authority could not be reached or refused: says which and why."""


def build_request(sha256_hex: str) -> tuple[bytes, int]:
    """A DER TimeStampReq for a SHA-256 digest, asking for the TSA's certificate; and its nonce."""
    nonce = secrets.randbits(63)
    request = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": bytes.fromhex(sha256_hex),
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return request.dump(), nonce


def request_token(url: str, sha256_hex: str, timeout: float = 10.0) -> bytes:
    """Ask the TSA at url to stamp a SHA-256; the token (DER ContentInfo) it returned.

    The token is checked before it is returned: a TSA answering for another hash, or a
    broken answer, is an error, never a stored token.
    """
    body, nonce = build_request(sha256_hex)
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/timestamp-query"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = resp.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise TimestampError(
            f"The time-stamping authority {url} cannot be reached: {exc}."
        ) from exc
    if len(answer) > MAX_RESPONSE_BYTES:
        raise TimestampError(f"The time-stamping authority {url} sent an oversized answer.")
    try:
        response = tsp.TimeStampResp.load(answer)
        status = response["status"]["status"].native
        token = response["time_stamp_token"]
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampError(f"{url} did not answer with an RFC 3161 response ({exc}).") from exc
    if status not in ("granted", "granted_with_mods") or token.native is None:
        text = response["status"]["status_string"].native
        raise TimestampError(f"The time-stamping authority {url} refused: {status} {text or ''}")
    der = token.dump()
    check = check_token(der, sha256_hex)
    if not check.ok:
        raise TimestampError(f"{url} answered with a token that does not check: {check.problems}")
    if check.nonce is not None and check.nonce != nonce:
        raise TimestampError(f"{url} answered another request (its nonce differs).")
    return der


@dataclass
class TokenCheck:
    """What a token says and whether it holds: the time, the TSA's name, and any problems."""

    gen_time: datetime | None = None
    tsa: str = ""
    tsa_cert_sha256: str = ""
    nonce: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.gen_time is not None


def _signed_attrs_der(signer: cms.SignerInfo) -> bytes:
    # The signature covers the attributes as a SET OF, not as the [0] IMPLICIT field they sit in.
    data = signer["signed_attrs"].dump()
    return b"\x31" + data[1:]


def _attribute(signer: cms.SignerInfo, name: str) -> object | None:
    for attr in signer["signed_attrs"]:
        if attr["type"].native == name:
            return attr["values"][0]
    return None


def _signer_cert(signed: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate | None:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        cert = choice.chosen
        if not isinstance(cert, x509.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            want = sid.chosen
            if cert.issuer == want["issuer"] and cert.serial_number == want["serial_number"].native:
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def check_token(token_der: bytes, sha256_hex: str) -> TokenCheck:
    """Check a token stamps this SHA-256 and is signed by the TSA certificate it carries."""
    out = TokenCheck()
    try:
        info = cms.ContentInfo.load(token_der)
        signed = info["content"]
        if info["content_type"].native != "signed_data":
            raise ValueError("not CMS signed data")
        encap = signed["encap_content_info"]
        if encap["content_type"].native != "tst_info":
            raise ValueError("does not hold a TSTInfo")
        tst = tsp.TSTInfo.load(encap["content"].contents)
        raw = encap["content"].contents
        imprint = tst["message_imprint"]
        out.gen_time = tst["gen_time"].native
        out.nonce = tst["nonce"].native
        signer = signed["signer_infos"][0]
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        out.problems.append(f"the token cannot be read ({exc})")
        return out
    if imprint["hash_algorithm"]["algorithm"].native != "sha256" or imprint[
        "hashed_message"
    ].native != bytes.fromhex(sha256_hex):
        out.problems.append("the token stamps another file: its message imprint differs")
    cert = _signer_cert(signed, signer)
    if cert is None:
        out.problems.append("the token does not carry the TSA's certificate")
        return out
    out.tsa = cert.subject.human_friendly
    out.tsa_cert_sha256 = hashlib.sha256(cert.dump()).hexdigest()
    usage = cert.extended_key_usage_value
    if usage is None or "time_stamping" not in usage.native:
        out.problems.append("the signing certificate is not a time-stamping certificate")
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        out.problems.append(f"the token uses the unsupported digest {digest_name}")
        return out
    algorithm = _HASHES[digest_name]()
    if signer["signed_attrs"].native is None:
        out.problems.append("the token's signature covers no attributes")
        return out
    digest = _attribute(signer, "message_digest")
    content_digest = hashes.Hash(algorithm)
    content_digest.update(raw)
    if digest is None or digest.native != content_digest.finalize():
        out.problems.append("the token's signed digest is not of its time-stamp: it was edited")
    try:
        key = cx509.load_der_x509_certificate(cert.dump()).public_key()
        signature = signer["signature"].native
        data = _signed_attrs_der(signer)
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            out.problems.append("the TSA's key type is not supported")
    except InvalidSignature:
        out.problems.append("the TSA's signature on the token does not verify: it was altered")
    except (ValueError, TypeError) as exc:
        out.problems.append(f"the TSA's signature cannot be checked ({exc})")
    return out
