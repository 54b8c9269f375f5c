"""A bundle judged strictly, with no database: the ZIP's shape, the manifest's form, the signatures.

Whoever holds a bundle may have made it themselves. Before any file is hashed the ZIP
must be plain (no duplicate, encrypted, oddly compressed or path-escaping members), the
manifest small and of the expected form; then the manifest's signature must verify
with the public key it carries (and, given the store's published fingerprint, be that
key), the seal it carries must be the desk's signed seal of the record inside the
bundle, and each RFC 3161 token must stamp what it claims. Each failure is a reason in
words, never an exception.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from inspector.core import anchor
from inspector.core.chain import canonical_json
from inspector.core.signing import (
    DeskKey,
    fingerprint,
    same_fingerprint,
    verify_signature,
    vouched_for,
)
from inspector.core.timestamping import FUTURE_TOLERANCE, TsaTrust, check_token
from inspector.core.video_time import mp4_creation_time, start_contradiction

MAX_MANIFEST_BYTES = 4 << 20  # a bundle of thousands of photos lists well under 1 MB
MAX_SIDE_FILE_BYTES = 16 << 20  # the sealed record, the anchor excerpt, a token
MAX_MEMBERS = 20_000
ALLOWED_COMPRESSION = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
SEALED_RECORD_NAME = "sealed-record.json"
ANCHOR_EXCERPT_NAME = "chain-anchor.log"
ANCHOR_STAMP_NAME = "chain-anchor.tsr"  # the RFC 3161 stamp of the excerpt's last line
MANIFEST_TOKEN_NAME = "manifest.tsr"  # the manifest's RFC 3161 token: outside what it stamps
MANIFEST_TOKEN_BINDING = "manifest.tsr.sig"  # the desk's signature binding that token to it
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX128 = re.compile(r"^[0-9a-f]{128}$")


class BundleInvalid(Exception):
    """The bundle cannot be checked further: the message says why."""


def unsafe_name(name: str) -> str:
    """Why a member name could escape the folder it is unpacked into; '' when it is safe."""
    if not name or "\x00" in name:
        return "an empty name or one with a NUL byte"
    if "\\" in name:
        return "a backslash, which Windows takes as a folder separator"
    path = PurePosixPath(name)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in path.parts:
        return "'..', which climbs out of the folder it is unpacked into"
    return ""


def zip_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The ZIP's files by name, or BundleInvalid naming the first trick found."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BundleInvalid(f"the ZIP holds {len(infos):,} entries; a bundle holds far fewer")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        why = unsafe_name(info.filename)
        if why:
            raise BundleInvalid(f"the entry {info.filename!r} has {why}")
        if info.filename in members:
            # Readers differ on which copy they show: one is checked, another is seen.
            raise BundleInvalid(f"the name {info.filename} appears twice in the ZIP")
        if info.flag_bits & 0x1:
            raise BundleInvalid(f"{info.filename} is encrypted; a bundle is never encrypted")
        if info.compress_type not in ALLOWED_COMPRESSION:
            raise BundleInvalid(
                f"{info.filename} uses compression method {info.compress_type}; a bundle uses "
                "only stored or deflated"
            )
        if not info.is_dir():
            members[info.filename] = info
    if zf.fp is not None:
        where = zf.fp.tell()
        try:
            why = layout_problem(zf.fp, infos, zf.start_dir)
        except OSError as exc:
            why = f"the ZIP cannot be read: {exc}"
        finally:
            zf.fp.seek(where)
        if why:
            raise BundleInvalid(why)
    return members


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # PK\3\4 … name length, extra length
_DESCRIPTOR_SIG = b"PK\x07\x08"


def layout_problem(fh: BinaryIO, infos: list[zipfile.ZipInfo], directory_at: int) -> str:
    """Why the ZIP's local entries and its central directory disagree; '' when they tile the file.

    A reader that streams the file (local headers, front to back) and one that reads the
    central directory must see the same entries: an entry placed before the genuine one, a
    local header naming another file, or bytes no directory entry accounts for are refused.
    """
    at = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != at:
            return (
                f"{info.header_offset - at:,} bytes at offset {at:,} are in no entry of the ZIP's "
                "directory: a streaming unzip would show an entry the check never saw"
            )
        fh.seek(at)
        raw = fh.read(_LOCAL_HEADER.size)
        if len(raw) < _LOCAL_HEADER.size:
            return f"the ZIP ends inside the local header of {info.filename}"
        fields = _LOCAL_HEADER.unpack(raw)
        if fields[0] != b"PK\x03\x04":
            return f"the local header of {info.filename} is not where the directory says"
        name_len, extra_len = fields[9], fields[10]
        name = fh.read(name_len)
        decoded = name.decode("utf-8" if fields[2] & 0x800 else "cp437", errors="replace")
        if decoded != info.orig_filename:
            return (
                f"the local header at offset {at:,} names {decoded!r}, the directory "
                f"{info.filename!r}: a streaming unzip and this check would show different files"
            )
        if fields[3] != info.compress_type:
            return f"{info.filename}'s local header and directory give different compression"
        at += _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
        if info.flag_bits & 0x08:  # sizes follow the data in a descriptor
            fh.seek(at)
            at += 4 if fh.read(4) == _DESCRIPTOR_SIG else 0
            at += 20 if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF else 12
    if at != directory_at:
        return (
            f"{directory_at - at:,} bytes before the ZIP's directory are in no entry: a streaming "
            "unzip would show something the check never saw"
        )
    return ""


def read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A member's bytes, never more than cap read whatever its header claims."""
    if info.file_size > cap:
        raise BundleInvalid(
            f"{info.filename} is {info.file_size:,} bytes; at most {cap:,} expected"
        )
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise BundleInvalid(f"{info.filename} cannot be read from the ZIP: {exc}") from exc
    if len(data) > cap:
        raise BundleInvalid(f"{info.filename} expands beyond {cap:,} bytes")
    return data


def parse_json(data: bytes, name: str) -> Any:
    """JSON from a member, or BundleInvalid (bad UTF-8, bad JSON, nested too deep)."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        kind = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise BundleInvalid(f"{name} is not readable JSON ({kind})") from exc


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def manifest_form_problems(manifest: Any) -> list[str]:
    """What is wrong with a manifest's form (its schema), checked by hand field by field."""
    if not isinstance(manifest, dict):
        return ["manifest.json is not a JSON object"]
    out: list[str] = []
    if manifest.get("format") != "inspector-evidence-bundle":
        out.append("manifest.json does not say it is an inspector evidence bundle")
    if not _is_int(manifest.get("version")) or manifest["version"] not in (1, 2):
        out.append(f"manifest.json has an unknown version {manifest.get('version')!r}")
    if not isinstance(manifest.get("created_at"), str):
        out.append("manifest.json has no creation time")
    if not isinstance(manifest.get("inspection"), dict):
        out.append("manifest.json does not name its inspection")
    if not isinstance(manifest.get("manifest_sha256"), str) or not _HEX64.match(
        manifest["manifest_sha256"]
    ):
        out.append("manifest.json carries no SHA-256 of itself")
    files = manifest.get("files")
    if not isinstance(files, list):
        out.append("manifest.json has no list of files")
    else:
        seen: set[str] = set()
        for n, entry in enumerate(files):
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("path"), str)
                and _is_int(entry.get("size"))
                and entry["size"] >= 0
                and isinstance(entry.get("sha256"), str)
                and _HEX64.match(entry["sha256"])
            ):
                out.append(f"manifest.json file entry {n + 1} is not a path, size and SHA-256")
                continue
            if unsafe_name(entry["path"]) or entry["path"] in seen:
                out.append(f"manifest.json lists {entry['path']!r} twice or with an unsafe name")
            seen.add(entry["path"])
    sig = manifest.get("signature")
    if sig is not None and not (
        isinstance(sig, dict)
        and sig.get("algorithm") == "Ed25519"
        and isinstance(sig.get("public_key"), str)
        and _HEX64.match(sig["public_key"])
        and isinstance(sig.get("value"), str)
        and _HEX128.match(sig["value"])
    ):
        out.append("manifest.json's signature is not an Ed25519 public key and signature")
    seal = manifest.get("seal")
    if seal is not None and not (
        isinstance(seal, dict)
        and isinstance(seal.get("body"), dict)
        and isinstance(seal.get("entry_hash"), str)
        and isinstance(seal.get("signature"), str)
    ):
        out.append("manifest.json's seal is not a seal entry with its hash and signature")
    return out


def signed_part(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without its self-hash and signature: what the self-hash covers."""
    return {k: v for k, v in manifest.items() if k not in ("manifest_sha256", "signature")}


def manifest_digest(manifest: dict[str, Any]) -> str:
    """The SHA-256 the manifest should carry (hex)."""
    return hashlib.sha256(canonical_json(signed_part(manifest))).hexdigest()


@dataclass
class SignatureCheck:
    """Who signed the manifest and the record's seal, and whether that is the store's key."""

    manifest_signer: str = ""  # fingerprint, '' when unsigned
    seal_signer: str = ""
    seal_seq: int | None = None
    fingerprint_matched: bool | None = None  # None: no fingerprint was given
    # Desk keys the store key vouched for by a certificate in the bundle: fingerprint -> desk.
    certified: dict[str, str] = field(default_factory=dict)


def check_signatures(
    manifest: dict[str, Any], fingerprints: list[str], problems: list[str]
) -> SignatureCheck:
    """The manifest's signature and its key against the published fingerprints."""
    out = SignatureCheck()
    sig = manifest.get("signature")
    if not isinstance(sig, dict):
        problems.append(
            "manifest.json is not signed: nothing shows a desk made this bundle (a forger "
            "drops the signature first)"
        )
        return out
    digest = str(manifest.get("manifest_sha256", ""))
    if not verify_signature(sig["public_key"], sig["value"], digest.encode("ascii")):
        problems.append(
            "the manifest's signature does not verify: the manifest was changed after the desk "
            "signed it, or the signature was copied from another bundle"
        )
    else:
        out.manifest_signer = fingerprint(sig["public_key"])
    if fingerprints:
        # Each signer (the exporting desk's manifest, the sealing desk's seal) at its own time.
        signers: list[tuple[str, datetime | None]] = [
            (sig["public_key"], _time(manifest.get("created_at")))
        ]
        seal = manifest.get("seal")
        if isinstance(seal, dict) and isinstance(seal.get("body"), dict):
            seal_key = seal["body"].get("public_key")
            if isinstance(seal_key, str) and _HEX64.match(seal_key):
                signers.append((seal_key, _time(seal["body"].get("at"))))
        statements = manifest.get("certificates")
        statements = statements if isinstance(statements, list) else []
        unknown: list[tuple[str, str]] = []
        for key, at in signers:
            if any(same_fingerprint(fingerprint(key), fp) for fp in fingerprints):
                continue  # the published fingerprint is this desk key's own
            vouched = vouched_for(key, at, statements, fingerprints)
            if vouched.ok:
                out.certified[fingerprint(key)] = vouched.desk_name
            else:
                unknown.append((fingerprint(key), vouched.why))
        out.fingerprint_matched = not unknown
        if unknown:
            key_fp, why = unknown[0]
            problems.append(
                f"signed by key {key_fp}, which is not the store's published key "
                f"({'; '.join(fingerprints)}) and not certified by it ({why}): this bundle was "
                "not made by the store's desks"
            )
    return out


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def check_seal(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    result: SignatureCheck,
    problems: list[str],
    notes: list[str] | None = None,
    trust: TsaTrust | None = None,
) -> None:
    """The desk's seal of the record: signed, of the record in the bundle, anchored, of its video."""
    seal = manifest.get("seal")
    if not isinstance(seal, dict):
        problems.append(
            "the bundle carries no seal of its record (exported before the seal log, or the "
            "record was never sealed)"
        )
        return
    body = seal["body"]
    claimed = seal["entry_hash"]
    if hashlib.sha256(canonical_json(body)).hexdigest() != claimed:
        problems.append("the seal in the manifest was edited: its fields do not hash to its hash")
        return
    if not verify_signature(str(body.get("public_key", "")), seal["signature"], claimed.encode()):
        problems.append("the seal in the manifest is not signed by the key it names")
        return
    result.seal_signer = fingerprint(body["public_key"])
    result.seal_seq = body.get("seq") if _is_int(body.get("seq")) else None
    info = members.get(SEALED_RECORD_NAME)
    if info is None:
        problems.append(f"{SEALED_RECORD_NAME}, the record the seal covers, is missing")
        return
    try:
        record_bytes = read_capped(zf, info, MAX_SIDE_FILE_BYTES)
    except BundleInvalid as exc:
        problems.append(str(exc))
        return
    if hashlib.sha256(record_bytes).hexdigest() != body.get("content_hash"):
        problems.append(f"{SEALED_RECORD_NAME} is not the record the desk sealed")
        return
    try:
        record = parse_json(record_bytes, SEALED_RECORD_NAME)
    except BundleInvalid as exc:
        problems.append(str(exc))
        return
    sealed_videos = {
        s.get("sha256")
        for s in (record.get("segments") or [])
        if isinstance(record, dict) and isinstance(s, dict)
    }
    listed = {
        f["path"]: f["sha256"]
        for f in manifest.get("files", [])
        if isinstance(f, dict) and str(f.get("path", "")).startswith("video/")
    }
    for path, sha in sorted(listed.items()):
        if sha not in sealed_videos:
            problems.append(f"{path} is not a video the sealed record names")
    check_camera_streams(zf, members, manifest, record, problems)
    check_video_times(zf, members, record, listed, problems)
    check_shown_facts(zf, members, record, problems)
    inspection = manifest.get("inspection") or {}
    sealed_record = record.get("record") if isinstance(record, dict) else None
    if isinstance(sealed_record, dict):
        for key in ("uid", "order_number", "courier_number", "decision"):
            if key in inspection and inspection[key] != sealed_record.get(key):
                problems.append(
                    f"the manifest says {key} {inspection[key]!r}, the sealed record "
                    f"{sealed_record.get(key)!r}"
                )
    excerpt = members.get(ANCHOR_EXCERPT_NAME)
    if excerpt is None:
        problems.append(f"{ANCHOR_EXCERPT_NAME}, the desk's anchor of this seal, is missing")
        return
    try:
        text = read_capped(zf, excerpt, MAX_SIDE_FILE_BYTES).decode("utf-8")
    except (BundleInvalid, UnicodeDecodeError) as exc:
        problems.append(f"{ANCHOR_EXCERPT_NAME} cannot be read: {exc}")
        return
    lines: list[anchor.AnchorLine] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = anchor.parse_line(raw)
        except ValueError as exc:
            problems.append(f"line {number} of {ANCHOR_EXCERPT_NAME} is not an anchor line ({exc})")
            continue
        if not line.signature_ok:
            problems.append(f"line {number} of {ANCHOR_EXCERPT_NAME} is not validly signed")
            continue
        lines.append(line)
    chained = [line for line in lines if line.chained]
    if chained:
        check_chain_excerpt(chained, body, claimed, manifest, problems)
        check_chain_stamp(zf, members, chained, body, record, problems, notes, trust)
        return
    if not any(line.seq == body.get("seq") and line.entry_hash == claimed for line in lines):
        problems.append(f"the seal is not in the bundle's {ANCHOR_EXCERPT_NAME}")


CAMERAS_FOLDER = "cameras/"  # each camera's own stream, when the desk kept them


def check_camera_streams(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    record: Any,
    problems: list[str],
) -> None:
    """The cameras' own streams in the bundle are the ones sealed with the record, all of them,
    each made when the record says (its own creation time).

    (Each file's bytes against the manifest are checked with every other file's.)
    """
    sealed = [
        s
        for s in (record.get("camera_streams") or [] if isinstance(record, dict) else [])
        if isinstance(s, dict)
    ]
    listed = {
        f["path"]: f["sha256"]
        for f in manifest.get("files", [])
        if isinstance(f, dict) and str(f.get("path", "")).startswith(CAMERAS_FOLDER)
    }
    hashes = {s.get("sha256") for s in sealed}
    for path, sha in sorted(listed.items()):
        if sha not in hashes:
            problems.append(f"{path} is not a camera stream the sealed record names")
    carried = set(listed.values())
    for s in sealed:
        if s.get("removed_at") is None and s.get("sha256") not in carried:
            problems.append(
                f"camera {s.get('camera')}'s own stream {PurePosixPath(str(s.get('path'))).name}, "
                "sealed with the record, is not in the bundle"
            )
    check_video_times(zf, members, {"segments": sealed}, listed, problems)


def check_video_times(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    record: Any,
    listed: dict[str, str],
    problems: list[str],
) -> None:
    """Each video's own creation time (inside the file, under its hash) against the record's."""
    starts = {
        s.get("sha256"): s.get("started_at")
        for s in (record.get("segments") or [] if isinstance(record, dict) else [])
        if isinstance(s, dict)
    }
    for path, sha in sorted(listed.items()):
        started = _parse_time(starts.get(sha))
        info = members.get(path)
        if started is None or info is None:
            continue
        try:
            with zf.open(info) as fh:
                created = mp4_creation_time(fh)  # type: ignore[arg-type]
        except (OSError, zipfile.BadZipFile, struct.error, IndexError, ValueError):
            continue  # the hash check names a damaged file
        why = start_contradiction(started, created)
        if why:
            problems.append(f"{path}: {why}")


_PAYLOAD = re.compile(rb'<script type="application/json" id="inspection-data">(.*?)</script>', re.S)


def check_shown_facts(
    zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], record: Any, problems: list[str]
) -> None:
    """inspection.json and index.html show what the sealed record says, not something else.

    Both are signed in the manifest, but a key holder can re-sign them: the facts a reviewer
    reads there (the order, the decision, the times, the platform and claim window, what was
    shipped) must be the sealed record's.
    """
    if not isinstance(record, dict) or not isinstance(record.get("record"), dict):
        return
    sealed = record["record"]
    facts = record.get("order_facts") if isinstance(record.get("order_facts"), dict) else None
    shown: list[tuple[str, Any]] = []
    if "inspection.json" in members:
        try:
            shown.append(
                (
                    "inspection.json",
                    parse_json(
                        read_capped(zf, members["inspection.json"], MAX_SIDE_FILE_BYTES),
                        "inspection.json",
                    ),
                )
            )
        except BundleInvalid as exc:
            problems.append(str(exc))
    if "index.html" in members:
        try:
            page = read_capped(zf, members["index.html"], MAX_SIDE_FILE_BYTES)
            found = _PAYLOAD.search(page)
            if found:
                shown.append(("index.html", parse_json(found.group(1), "index.html's facts")))
        except BundleInvalid as exc:
            problems.append(str(exc))
    for name, doc in shown:
        info = doc.get("inspection") if isinstance(doc, dict) else None
        if not isinstance(info, dict):
            problems.append(f"{name} does not show its inspection")
            continue
        wrong = []
        for key in ("uid", "order_number", "courier_number", "decision"):
            if key in info and info[key] != sealed.get(key):
                wrong.append(f"{key} {info[key]!r} (sealed: {sealed.get(key)!r})")
        for key in ("started_at", "ended_at"):
            if key in info and _parse_time(info[key]) != _parse_time(sealed.get(key)):
                wrong.append(f"{key} {info[key]!r} (sealed: {sealed.get(key)!r})")
        if facts is not None:
            if (info.get("platform") or "") != (facts.get("platform") or ""):
                wrong.append(
                    f"platform {info.get('platform')!r} (sealed: {facts.get('platform')!r})"
                )
            if info.get("claim_window_days") != facts.get("claim_window_days"):
                wrong.append(
                    f"claim window {info.get('claim_window_days')!r} days (sealed: "
                    f"{facts.get('claim_window_days')!r})"
                )
            order = facts.get("order") if isinstance(facts.get("order"), dict) else None
            if order is not None:
                want = sorted(
                    (str(ln.get("sku")), int(ln.get("quantity", 1)), tuple(ln.get("serials") or ()))
                    for ln in order.get("lines") or []
                    if isinstance(ln, dict)
                )
                got = sorted(
                    (str(i.get("sku")), int(i.get("quantity", 1)), tuple(i.get("serials") or ()))
                    for i in (doc.get("shipped") or [])
                    if isinstance(i, dict)
                )
                if want != got:
                    wrong.append(f"what was shipped {got} (sealed: {want})")
        if wrong:
            problems.append(
                f"{name} contradicts {SEALED_RECORD_NAME}: {'; '.join(wrong[:5])}: it was "
                "rewritten after the seal"
            )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def check_chain_stamp(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    lines: list[anchor.AnchorLine],
    body: dict[str, Any],
    record: Any,
    problems: list[str],
    notes: list[str] | None,
    trust: TsaTrust | None,
) -> None:
    """The stamp of the excerpt's last line: the seal existed no later than its time."""
    info = members.get(ANCHOR_STAMP_NAME)
    if info is None:
        if notes is not None:
            notes.append(
                "the seal's anchor line was not yet time-stamped when the bundle was made: "
                "no trusted time says when it was sealed"
            )
        return
    try:
        token = read_capped(zf, info, MAX_SIDE_FILE_BYTES)
    except BundleInvalid as exc:
        problems.append(str(exc))
        return
    check = check_token(token, lines[-1].line_hash, trust)
    if not check.ok or check.gen_time is None:
        problems.append(f"{ANCHOR_STAMP_NAME}: {'; '.join(check.problems)}")
        return
    stamped = check.gen_time
    claims = [("the seal", _parse_time(body.get("at")))]
    sealed = record.get("record") if isinstance(record, dict) else None
    if isinstance(sealed, dict):
        claims += [
            ("the recording's start", _parse_time(sealed.get("started_at"))),
            ("the recording's end", _parse_time(sealed.get("ended_at"))),
        ]
    for what, when in claims:
        if when is not None and when > stamped + FUTURE_TOLERANCE:
            problems.append(
                f"{what} claims {when.isoformat()}, after the trusted time {stamped.isoformat()} "
                "that already covers it: its times were moved forward"
            )
    if notes is not None:
        notes.append(
            f"sealed no later than {stamped.isoformat()}: line {lines[-1].n} of desk "
            f"{lines[-1].desk}'s chain anchor, {len(lines) - 1} line(s) after the seal's, was "
            f"time-stamped by {check.tsa} (certificate SHA-256 {check.tsa_cert_sha256[:16]}…)"
        )


PACKING_FOLDER = "packing/"


def check_packing(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    fingerprints: list[str],
    signatures: SignatureCheck,
    notes: list[str],
    problems: list[str],
) -> None:
    """A return's packing half: its seal checked exactly as the return's, under packing/.

    The packing's files are seen as a bundle of their own (packing/sealed-record.json,
    packing/chain-anchor.log, packing/video/…), so the one seal check serves both; a clip
    carried instead of the whole video must be a clip of the video the packing's seal names.
    """
    packing = manifest.get("packing")
    if packing is None:
        return
    if not isinstance(packing, dict):
        problems.append("manifest.json's packing is not an object")
        return
    view_members = {
        name[len(PACKING_FOLDER) :]: info
        for name, info in members.items()
        if name.startswith(PACKING_FOLDER)
    }
    view = {
        "seal": packing.get("seal"),
        "inspection": packing.get("inspection") or {},
        "anchor": packing.get("anchor"),
        "files": [
            dict(f, path=f["path"][len(PACKING_FOLDER) :])
            for f in manifest.get("files", [])
            if isinstance(f, dict) and str(f.get("path", "")).startswith(PACKING_FOLDER + "video/")
        ],
    }
    own: list[str] = []
    sub = SignatureCheck()
    check_seal(zf, view_members, view, sub, own)
    problems.extend(f"packing: {p}" for p in own)
    if own:
        return
    if fingerprints and not any(same_fingerprint(sub.seal_signer, fp) for fp in fingerprints):
        problems.append(
            f"packing: sealed by key {sub.seal_signer}, which is not the store's published key"
        )
    elif not fingerprints and sub.seal_signer != signatures.seal_signer:
        problems.append(
            f"packing: sealed by key {sub.seal_signer}, the return by {signatures.seal_signer}: "
            "give the store's fingerprints (--fingerprint) to accept both"
        )
    video = packing.get("video") if isinstance(packing.get("video"), dict) else {}
    record = parse_json(
        read_capped(zf, view_members[SEALED_RECORD_NAME], MAX_SIDE_FILE_BYTES), SEALED_RECORD_NAME
    )
    sealed = {s.get("sha256") for s in record.get("segments") or [] if isinstance(s, dict)}
    if video.get("sha256") not in sealed:
        problems.append(
            "packing: the video the manifest names is not the one the packing's seal names"
        )
    clip = packing.get("clip")
    listed = {f["path"]: f["sha256"] for f in manifest.get("files", []) if isinstance(f, dict)}
    if isinstance(clip, dict):
        if listed.get(clip.get("path")) != clip.get("sha256"):
            problems.append("packing: the clip the manifest names is not in the bundle as listed")
        else:
            notes.append(
                f"packing: {clip['path']} is {clip.get('start_s')}–{clip.get('end_s')} s of the "
                f"sealed packing video (sha256 {str(video.get('sha256'))[:16]}…), cut to fit "
                "the platform's size limit"
            )
    elif not view["files"]:
        problems.append("packing: neither the packing video nor a clip of it is in the bundle")
    notes.append(f"packing: seal {sub.seal_seq} by desk key {sub.seal_signer}")


def check_chain_excerpt(
    lines: list[anchor.AnchorLine],
    body: dict[str, Any],
    claimed: str,
    manifest: dict[str, Any],
    problems: list[str],
) -> None:
    """The sealing desk's chain from the seal's line to the head the manifest names, unbroken."""
    first = lines[0]
    if first.kind != anchor.SEAL or first.seq != body.get("seq") or first.entry_hash != claimed:
        problems.append(
            f"the first line of {ANCHOR_EXCERPT_NAME} is not this seal's: the bundle does not "
            "show where the seal stands in its desk's chain"
        )
    problems.extend(anchor.chain_problems(lines, ANCHOR_EXCERPT_NAME, None))
    keys = {line.public_key for line in lines}
    if keys != {body.get("public_key")}:
        problems.append(f"{ANCHOR_EXCERPT_NAME} holds lines signed by a key other than the seal's")
    head = manifest.get("anchor")
    if (
        isinstance(head, dict)
        and "seal_line" in head
        and (head.get("head") != lines[-1].line_hash or head.get("length") != lines[-1].n)
    ):
        problems.append(f"the manifest's anchor head is not the last line of {ANCHOR_EXCERPT_NAME}")


def _binding_message(manifest_sha256: str, token: bytes) -> bytes:
    return f"{manifest_sha256}:{hashlib.sha256(token).hexdigest()}".encode("ascii")


def token_binding(key: DeskKey, manifest_sha256: str, token: bytes) -> bytes:
    """What manifest.tsr.sig holds: the desk's signature over the manifest's hash and the token's."""
    doc = {
        "token_sha256": hashlib.sha256(token).hexdigest(),
        "public_key": key.public_hex,
        "signature": key.sign(_binding_message(manifest_sha256, token)),
    }
    return json.dumps(doc, sort_keys=True).encode("utf-8")


def check_token_binding(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    problems: list[str],
) -> None:
    """manifest.tsr is the one the manifest's signer bound to it (not swapped in, not added)."""
    if MANIFEST_TOKEN_NAME not in members:
        return
    sig = manifest.get("signature")
    try:
        token = read_capped(zf, members[MANIFEST_TOKEN_NAME], MAX_SIDE_FILE_BYTES)
        info = members.get(MANIFEST_TOKEN_BINDING)
        if info is None:
            raise BundleInvalid(
                f"{MANIFEST_TOKEN_NAME} is not bound to the manifest by its signer "
                f"({MANIFEST_TOKEN_BINDING} is missing): it was added to the bundle afterwards"
            )
        doc = parse_json(read_capped(zf, info, 4096), MANIFEST_TOKEN_BINDING)
    except BundleInvalid as exc:
        problems.append(str(exc))
        return
    if not (
        isinstance(doc, dict)
        and isinstance(sig, dict)
        and doc.get("public_key") == sig.get("public_key")
        and verify_signature(
            str(doc.get("public_key", "")),
            str(doc.get("signature", "")),
            _binding_message(str(manifest.get("manifest_sha256", "")), token),
        )
    ):
        problems.append(
            f"{MANIFEST_TOKEN_NAME} is not the time-stamp the manifest's signer bound to it: "
            "it was swapped or added after the export"
        )


TIMESTAMPS_FOLDER = "timestamps/"


def timestamp_name(video_path: str) -> str:
    """Where a video's RFC 3161 token sits in a bundle: timestamps/<video's name>.tsr."""
    return f"{TIMESTAMPS_FOLDER}{PurePosixPath(video_path).name}.tsr"


def check_timestamps(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    manifest: dict[str, Any],
    notes: list[str],
    problems: list[str],
    trust: TsaTrust | None = None,
) -> None:
    """Each token in the bundle stamps what it claims, by a TSA whose chain reaches `trust`,
    and nothing it stamps claims a time after the token's (a clock set ahead)."""

    def judge(name: str, sha: str, what: str, claimed: tuple[str, datetime | None]) -> None:
        try:
            token = read_capped(zf, members[name], MAX_SIDE_FILE_BYTES)
        except BundleInvalid as exc:
            problems.append(str(exc))
            return
        check = check_token(token, sha, trust)
        if not check.ok or check.gen_time is None:
            problems.append(f"{name}: {'; '.join(check.problems)}")
            return
        notes.append(
            f"{what} timestamped by {check.tsa} at {check.gen_time.isoformat()} "
            f"(TSA certificate SHA-256 {check.tsa_cert_sha256[:16]}…)"
        )
        label, when = claimed
        if when is not None and when > check.gen_time + FUTURE_TOLERANCE:
            problems.append(
                f"{label} claims {when.isoformat()}, after {check.gen_time.isoformat()}, when "
                f"the TSA already stamped {what}: made under a clock set ahead, or its times "
                "were moved forward"
            )

    ends = _sealed_segment_ends(zf, members)

    videos = {
        timestamp_name(f["path"]): (f["path"], f["sha256"])
        for f in manifest.get("files", [])
        if isinstance(f, dict) and str(f.get("path", "")).startswith("video/")
    }
    for name in sorted(members):
        if not name.startswith(TIMESTAMPS_FOLDER):
            continue
        if name not in videos:
            problems.append(f"{name} is a time-stamp of no video in the bundle")
            continue
        video, sha = videos[name]
        judge(name, sha, video, (f"the sealed record's end of {video}", ends.get(sha)))
    if MANIFEST_TOKEN_NAME in members:
        check_token_binding(zf, members, manifest, problems)
        made = ("manifest.json's own time", _parse_time(manifest.get("created_at")))
        judge(MANIFEST_TOKEN_NAME, str(manifest["manifest_sha256"]), "manifest.json", made)


def _sealed_segment_ends(
    zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]
) -> dict[str, datetime | None]:
    """Each video's end as the sealed record says it (by hash); {} when it cannot be read
    (check_seal names why)."""
    info = members.get(SEALED_RECORD_NAME)
    if info is None:
        return {}
    try:
        record = parse_json(read_capped(zf, info, MAX_SIDE_FILE_BYTES), SEALED_RECORD_NAME)
    except BundleInvalid:
        return {}
    segments = record.get("segments") if isinstance(record, dict) else None
    return {
        str(s.get("sha256")): _parse_time(s.get("ended_at"))
        for s in segments or []
        if isinstance(s, dict)
    }
