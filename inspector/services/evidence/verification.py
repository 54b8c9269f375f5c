"""Checking a bundle against its manifest and the database; the whole chain."""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import select

from inspector.core.anchor import ANCHOR_FILE
from inspector.core.backups import backup_folders
from inspector.core.chain import AnchorSources, verify_chain_steps
from inspector.core.database import check_whole
from inspector.core.errors import CorruptDatabaseError
from inspector.core.evidence import BundleCheck, verify_bundle
from inspector.core.models import EvidenceExport, Inspection, SealEntry
from inspector.core.progress import Progress
from inspector.core.signing import DeskKey, fingerprint, same_fingerprint
from inspector.core.timestamping import TsaTrust
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext, with_backup_hint
from inspector.services.evidence.source import segments, video_name
from inspector.services.shared_videos import stream_locator, video_locator
from inspector.services.timestamps import tsa_trust


@dataclass
class BundleVerification:
    """A bundle checked against its manifest and, where it knows the inspection, the database."""

    check: BundleCheck
    database_problems: list[str] = field(default_factory=list)
    database_checked: bool = False
    # How the bundle's origin was checked ('' when it was not): integrity alone cannot tell a
    # forger's self-consistent bundle from the store's.
    origin: str = ""

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.database_problems

    @property
    def exit_code(self) -> int:
        """0 only when intact AND of the store's key; ORIGIN_UNCHECKED when only intact."""
        if not self.ok:
            return 1
        return 0 if self.origin else ORIGIN_UNCHECKED

    def lines(self) -> list[str]:
        out = self.check.lines() if not self.check.ok else []
        out += [f"database: {p}" for p in self.database_problems]
        if self.ok:
            out = self.check.lines()
            out.append(
                "database: the manifest matches the inspection's sealed record"
                if self.database_checked
                else "database: this inspection is not in this database; checked the files only"
            )
            if self.origin:
                out.append(f"origin:  {self.origin}")
            else:
                # First, where a script or a person reads first.
                out.insert(
                    0,
                    "ORIGIN NOT CHECKED: the files are intact, but nothing here shows the store "
                    "made them; give --fingerprint FP (the store's published fingerprint)",
                )
        if self.demo:
            out.insert(0, DEMO_LINE)  # before anything else: this is no evidence at all
        return out

    @property
    def demo(self) -> bool:
        """The bundle says (in its signed manifest) it was recorded from the demo camera."""
        manifest = self.check.manifest or {}
        return bool((manifest.get("inspection") or {}).get("demo"))


DEMO_LINE = (
    "DEMO — NOT EVIDENCE: recorded from the demo camera (a synthetic picture), not a real camera"
)
ORIGIN_UNCHECKED = 3  # verify's exit code for an intact bundle whose origin was not checked
INCOMPLETE = 5  # verify --all: nothing wrong found, but files it could not reach were not checked


def store_fingerprints(ctx: AppContext) -> list[str]:
    """The keys this desk knows as its store's: its own, every key that sealed in its database,
    and the fingerprints set as trusted in Settings."""
    found: list[str] = [
        line.strip()
        for line in str(ctx.settings.trusted_fingerprints or "").splitlines()
        if line.strip()
    ]
    key = DeskKey.load(ctx.storage.root)
    if key is not None:
        found.append(key.fingerprint)
    with ctx.db.session() as session:
        for public_key in session.exec(select(SealEntry.public_key).distinct()).all():
            if public_key:
                found.append(fingerprint(public_key))
    return found


def verify_bundle_file(
    ctx: AppContext | None,
    path: Path,
    fingerprints: list[str] | None = None,
    tsa_roots: list[str] | None = None,
) -> BundleVerification:
    """Check a bundle by itself (signatures, seal, hashes) and, given a database, against it.

    Its origin counts as checked when its keys are the given fingerprints, or (without any)
    keys this desk knows as its store's (store_fingerprints).
    """
    roots = list(tsa_roots or [])
    if ctx is not None:
        roots += [
            line.strip()
            for line in str(ctx.settings.tsa_trust_roots or "").splitlines()
            if line.strip()
        ]
    result = BundleVerification(verify_bundle(path, fingerprints, TsaTrust.load(roots)))
    sig = result.check.signatures
    if fingerprints and sig.fingerprint_matched:
        result.origin = "signed by the key(s) of the fingerprint given"
    elif not fingerprints and ctx is not None and sig.manifest_signer:
        known = store_fingerprints(ctx)
        signers = [k for k in (sig.manifest_signer, sig.seal_signer) if k]
        if all(any(same_fingerprint(k, fp) for fp in known) for k in signers):
            result.origin = "signed by this store's own desk key(s), as this desk knows them"
    manifest = result.check.manifest
    if ctx is None or manifest is None:
        return result
    info = manifest.get("inspection") or {}
    uid = info.get("uid")
    with ctx.db.session() as session:
        row = session.exec(select(Inspection).where(Inspection.uid == uid)).first() if uid else None
        if row is None:
            return result
        result.database_checked = True
        segs = segments(session, row.id or 0)
        exported = set(
            session.exec(
                select(EvidenceExport.sha256)
                .where(EvidenceExport.inspection_id == row.id)
                .where(EvidenceExport.kind == "bundle")
            ).all()
        )
    if manifest.get("manifest_sha256") not in exported:
        # A forger can rewrite a manifest and its self-hash, but not this station's record
        # of what it exported.
        result.database_problems.append(
            f"no export of inspection {row.id} recorded in this database produced this manifest "
            f"({str(manifest.get('manifest_sha256'))[:16]}…): the bundle was rebuilt elsewhere "
            "or its files and manifest were rewritten"
        )
    video_hashes = {s.sha256 for s in segs if s.sha256}
    if info.get("video_sha256") not in video_hashes:
        result.database_problems.append(
            f"the bundle's video hash {str(info.get('video_sha256'))[:16]}… is not the one recorded "
            f"for inspection {row.id}"
        )
    listed = {f.get("path"): f.get("sha256") for f in manifest.get("files", [])}
    for s in segs:
        if s.sha256 and listed.get(video_name(s)) not in (None, s.sha256):
            result.database_problems.append(f"{video_name(s)} differs from the recorded video")
    for key, value in (
        ("order_number", row.order_number),
        ("courier_number", row.courier_number),
    ):
        if info.get(key) != value:
            result.database_problems.append(
                f"the manifest says {key} {info.get(key)!r}, the database {value!r}"
            )
    if info.get("record_hash") and info.get("record_hash") != row.record_hash:
        result.database_problems.append(
            f"the record hash in the bundle ({str(info.get('record_hash'))[:16]}…) is not inspection "
            f"{row.id}'s current seal ({row.record_hash[:16] or 'none'}…): the record changed after "
            "the export (see its 'resealed' events) or was altered"
        )
    return result


def _with_certified(ctx: AppContext, fingerprints: list[str]) -> list[str]:
    """The given fingerprints and those of the desk keys a given store key certified."""
    if not fingerprints:
        return []
    from inspector.core.warehouse import keys_certified_by

    with ctx.db.session() as session:
        return fingerprints + keys_certified_by(session, fingerprints)


def anchor_sources(ctx: AppContext, fingerprints: list[str] | None = None) -> AnchorSources:
    """Every anchor copy this desk knows (beside each backup, in the shared folder) to compare."""
    copies: list[Path] = []
    for folder in backup_folders(ctx.storage, ctx.settings):
        with contextlib.suppress(OSError):
            copies += sorted(folder.glob(f"*.{ANCHOR_FILE}"))
    return AnchorSources(
        desk_id=ctx.sealer.chain_id,
        backup_copies=copies,
        shared_folder=ctx.shared_anchors_dir(),
        fingerprints=_with_certified(ctx, list(fingerprints or [])),
        key_exists=DeskKey.exists(ctx.storage.root),
        trust=tsa_trust(ctx),
    )


def verify_all(
    ctx: AppContext, fingerprints: list[str] | None = None
) -> Generator[Progress, None, Any]:
    """Check the whole chain, every anchor copy and every video, yielding progress; returns the
    ChainReport. `fingerprints`: the store's published keys, which every seal and line must use.
    """
    key = DeskKey.load(ctx.storage.root)  # read only: verifying makes no key
    sources = anchor_sources(ctx, fingerprints)
    unchecked: list[str] = []
    with ctx.db.session() as session:
        try:
            check_whole(session, ctx.db.sqlite_path)
        except CorruptDatabaseError as exc:
            raise with_backup_hint(exc, ctx.storage, ctx.settings) from exc
        report = None
        for done, total, so_far in verify_chain_steps(
            session,
            ctx.storage.root,
            desk_public_key=key.public_hex if key else "",
            locate=video_locator(ctx, session, unchecked),
            sources=sources,
            locate_stream=stream_locator(ctx, unchecked),
        ):
            so_far.unchecked = unchecked
            report = so_far
            yield Progress(
                done / max(total, 1),
                say(
                    resolve_language(ctx.settings.language),
                    "Checked {done} of {total} inspections",
                    done=done,
                    total=total,
                ),
            )
    return report
