"""RFC 3161 trusted time: ask a time-stamping authority (TSA) to stamp a SHA-256, check a token.

A token is the TSA's signed statement that it saw this hash at this time. It proves the
video (or the bundle's manifest) existed then, before any dispute, whoever keeps the desk.
The token is CMS SignedData (RFC 5652) around a TSTInfo; it is parsed with asn1crypto and
its signature checked with `cryptography` against the TSA certificate the token carries.

A TSA is trusted through its certificate chain, never by the name in its certificate: the
chain is validated (pyhanko-certvalidator) to a trust store (the system's CA roots plus the
roots a desk or reviewer adds), at the token's own time, with the time-stamping key usage.
A token dated in the future is not trusted either. The TSA's answer to a request is read
and checked with rfc3161-client (status, nonce, the hash it stamps).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import cms, core, pem, tsp, x509
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


# A token may be a little ahead of this machine's clock (both drift); more is not time.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class TsaTrust:
    """The roots a time-stamp's certificate chain must reach: DER certificates, and where from."""

    roots: tuple[bytes, ...]
    sources: tuple[str, ...] = ()

    @classmethod
    def load(cls, extra: list[str] | tuple[str, ...] = (), system: bool = True) -> TsaTrust:
        """The system's CA roots (unless `system` is False) plus the PEM/DER files in `extra`.

        A file that cannot be read is an error naming it: a trust store silently missing a
        root would make every stamp of that TSA 'not trusted' with no clue why.
        """
        roots: list[bytes] = []
        sources: list[str] = []
        if system:
            for path in _system_bundles():
                roots += _certificates(path.read_bytes())
                sources.append(str(path))
        for name in extra:
            path = Path(name).expanduser()
            try:
                found = _certificates(path.read_bytes())
            except OSError as exc:
                raise TimestampError(
                    f"The trusted time-stamping root {path} cannot be read: "
                    f"{exc.strerror or exc}. Fix the path in Settings → Evidence."
                ) from exc
            if not found:
                raise TimestampError(f"{path} holds no certificate (PEM or DER expected).")
            roots += found
            sources.append(str(path))
        return cls(tuple(dict.fromkeys(roots)), tuple(sources))


def _system_bundles() -> list[Path]:
    paths = ssl.get_default_verify_paths()
    out = []
    for name in (paths.cafile, paths.openssl_cafile):
        if name and Path(name).is_file():
            out.append(Path(name))
            break
    return out


def _certificates(data: bytes) -> list[bytes]:
    """The DER certificates in a PEM bundle or a single DER file."""
    if pem.detect(data):
        return [der for kind, _h, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
    try:
        return [x509.Certificate.load(data).dump()]
    except ValueError:
        return []


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


def request_token(
    url: str, sha256_hex: str, timeout: float = 10.0, trust: TsaTrust | None = None
) -> bytes:
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
    from rfc3161_client import PKIStatus

    status, texts, der = _read_response(answer, url)
    if status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS) or der is None:
        text = "; ".join(texts) or "no reason given"
        hint = (
            " The authority could not sign: its certificate may not match its signing key."
            if "signature generation" in text.lower()
            else ""
        )
        raise TimestampError(
            f"The time-stamping authority {url} refused (status {status}: {text}).{hint}"
        )
    check = check_token(der, sha256_hex, trust)
    if check.nonce != nonce:
        raise TimestampError(f"{url} answered another request (its nonce differs).")
    if check.problems and not check.untrusted_only:
        raise TimestampError(f"{url} answered with a token that does not check: {check.problems}")
    if check.problems:
        # Kept: the stamp is real, only its authority is not (yet) trusted here; verify says so.
        log.warning("The time-stamp from %s is not trusted here: %s", url, check.problems)
    return der


def _read_response(answer: bytes, url: str) -> tuple[int, list[str], bytes | None]:
    """A TimeStampResp's status, its texts and its token (DER), read with rfc3161-client.

    Its strict DER reader refuses tokens whose certificate SET is not sorted, which OpenSSL
    and some TSAs write; those are read with asn1crypto instead, the token unchanged.
    """
    from rfc3161_client import PKIStatus, decode_timestamp_response

    try:
        response = decode_timestamp_response(answer)
    except ValueError:
        pass
    else:
        granted = response.status in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS)
        return (
            int(response.status),
            list(response.status_string or []),
            response.time_stamp_token() if granted else None,
        )
    try:
        outer = core.Sequence.load(answer)
        info = tsp.PKIStatusInfo.load(outer[0].dump())
        status = int(info["status"].contents[-1]) if info["status"].contents else 2
        texts = [str(t) for t in (info["status_string"].native or [])]
        token = outer[1].dump() if len(outer) > 1 else None
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise TimestampError(f"{url} did not answer with an RFC 3161 response ({exc}).") from exc
    return status, texts, token


@dataclass
class TokenCheck:
    """What a token says and whether it holds: the time, the TSA's name, and any problems."""

    gen_time: datetime | None = None
    tsa: str = ""
    tsa_cert_sha256: str = ""
    nonce: int | None = None
    problems: list[str] = field(default_factory=list)
    # Problems of trust only (the chain, the validity, a future date), not of the token itself.
    trust_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.gen_time is not None

    @property
    def untrusted_only(self) -> bool:
        return bool(self.problems) and self.problems == self.trust_problems


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


def check_token(
    token_der: bytes, sha256_hex: str, trust: TsaTrust | None = None, now: datetime | None = None
) -> TokenCheck:
    """Check a token stamps this SHA-256, is signed by the TSA certificate it carries, and that
    certificate chains to `trust` (default: the system's roots) at the token's time."""
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
        out.problems.append(
            "the TSA's signature on the token does not verify with the certificate it carries: "
            "the token was altered, or the TSA's certificate does not match its key"
        )
    except (ValueError, TypeError) as exc:
        out.problems.append(f"the TSA's signature cannot be checked ({exc})")
    if out.problems:
        return out
    _check_trust(out, signed, cert, trust if trust is not None else TsaTrust.load(), now)
    return out


# TSA chains already judged: (TSA certificate, the token's other certificates, the roots)
# -> (why not trusted or '', valid from, valid until). Bounded: a few chains in practice.
_CHAINS: dict[tuple[bytes, tuple[bytes, ...], int], tuple[str, datetime, datetime]] = {}


def _remember(
    key: tuple[bytes, tuple[bytes, ...], int], why: str, start: datetime, end: datetime
) -> None:
    if len(_CHAINS) > 256:
        _CHAINS.clear()
    _CHAINS[key] = (why, start, end)


def _check_trust(
    out: TokenCheck,
    signed: cms.SignedData,
    cert: x509.Certificate,
    trust: TsaTrust,
    now: datetime | None,
) -> None:
    """The TSA's chain to a trusted root at the token's time, for time-stamping; no future date."""

    def untrusted(why: str) -> None:
        text = f"time not trusted: {why}"
        out.problems.append(text)
        out.trust_problems.append(text)

    gen_time = out.gen_time
    assert gen_time is not None  # read with the token
    if gen_time > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        untrusted(f"the token is dated {gen_time.isoformat()}, in the future")
        return
    if not trust.roots:
        untrusted("no trusted roots are known (set them in Settings → Evidence)")
        return
    others = [
        c.chosen
        for c in signed["certificates"] or []
        if isinstance(c.chosen, x509.Certificate) and c.chosen.dump() != cert.dump()
    ]
    # Building a validation context over the system's ~150 roots takes about a second; a
    # desk's thousands of tokens come from a handful of TSA chains. A chain found valid is
    # valid at any time inside every one of its certificates' validity; one that reaches no
    # trusted root never will, whatever the time. Anything else is validated afresh.
    key = (cert.dump(), tuple(o.dump() for o in others), hash(trust.roots))
    known = _CHAINS.get(key)
    if known is not None:
        why, start, end = known
        if why:
            untrusted(why)
            return
        if start <= gen_time <= end:
            return
    # Imported here: pyHanko's validator is the dearest import of the command line's start,
    # and only a time-stamp's check needs it.
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError, ValidationError

    context = ValidationContext(
        trust_roots=[x509.Certificate.load(der) for der in trust.roots],
        moment=gen_time,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(cert, intermediate_certs=others, validation_context=context)
    try:
        path = asyncio.run(
            validator.async_validate_usage(
                key_usage={"digital_signature"}, extended_key_usage={"time_stamping"}
            )
        )
        chain = list(path.iter_certs(include_root=True))
        _remember(
            key,
            "",
            max(c["tbs_certificate"]["validity"]["not_before"].native for c in chain),
            min(c["tbs_certificate"]["validity"]["not_after"].native for c in chain),
        )
    except PathBuildingError:
        why = (
            f"the certificate of {out.tsa} does not chain to a trusted root: an unknown or "
            "self-made authority, whatever name it gives itself"
        )
        _remember(key, why, gen_time, gen_time)
        untrusted(why)
    except ValidationError as exc:  # expired, not yet valid, revoked, wrong usage
        untrusted(f"the certificate of {out.tsa} was not valid for time-stamping then ({exc})")
    except (ValueError, TypeError) as exc:
        untrusted(f"the certificate chain of {out.tsa} cannot be checked ({exc})")
