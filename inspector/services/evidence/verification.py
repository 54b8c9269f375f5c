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
from inspector.core.evidence import BundleCheck, verify_bundle
from inspector.core.models import EvidenceExport, Inspection
from inspector.core.progress import Progress
from inspector.core.signing import KEY_FILE, DeskKey
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.evidence.source import segments, video_name
from inspector.services.shared_videos import video_locator


@dataclass
class BundleVerification:
    """A bundle checked against its manifest and, where it knows the inspection, the database."""

    check: BundleCheck
    database_problems: list[str] = field(default_factory=list)
    database_checked: bool = False

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.database_problems

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
        return out


def verify_bundle_file(
    ctx: AppContext | None, path: Path, fingerprints: list[str] | None = None
) -> BundleVerification:
    """Check a bundle by itself (signatures, seal, hashes) and, given a database, against it."""
    result = BundleVerification(verify_bundle(path, fingerprints))
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
        fingerprints=list(fingerprints or []),
        key_exists=(ctx.storage.root / KEY_FILE).exists(),
    )


def verify_all(
    ctx: AppContext, fingerprints: list[str] | None = None
) -> Generator[Progress, None, Any]:
    """Check the whole chain, every anchor copy and every video, yielding progress; returns the
    ChainReport. `fingerprints`: the store's published keys, which every seal and line must use.
    """
    key = DeskKey.load(ctx.storage.root)  # read only: verifying makes no key
    sources = anchor_sources(ctx, fingerprints)
    with ctx.db.session() as session:
        report = None
        for done, total, so_far in verify_chain_steps(
            session,
            ctx.storage.root,
            desk_public_key=key.public_hex if key else "",
            locate=video_locator(ctx, session),
            sources=sources,
        ):
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
