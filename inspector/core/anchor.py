"""The chain anchor: each desk's chain of signed lines, one per seal, kept outside the database.

The database can be wiped, truncated or swapped for an older copy; the anchor remembers
every seal the desk made, in order. Each line names the hash of the line before it (the
desk's own chain, like a Certificate Transparency log), so a line cut off the end, a
line edited or a line re-made leaves a chain that no longer matches its copies: the
database's `anchor_line` table (what every desk and the office can reach), the copy
beside each backup and the copy in the warehouse's shared folder. `verify --all`
compares them all (core/chain.py); a bundle carries the lines from its seal to the head.

Lines of the first version (no `v`, no chain) stay readable: a chained line that follows
them names the hash of those legacy lines as its `prev`, so they cannot be cut either.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from inspector.core.errors import StorageError
from inspector.core.signing import DeskKey, verify_signature

log = logging.getLogger(__name__)

ANCHOR_FILE = "chain-anchor.log"
SHARED_ANCHORS = "anchors"  # the folder in the shared video folder: one <desk id>.log per desk
LINE_VERSION = 2
# What a line records. SEAL: a seal of the seal log. RESTORE: a restore done on purpose
# (who, when, why), so the seals it lost are reported once as restored, not as a rollback.
# REANCHOR: a seal whose line was lost (a crash between the commit and the write) written late.
SEAL, RESTORE = "seal", "restore"
# A line is a few hundred bytes; anything longer is not one of ours.
_MAX_LINE = 4096


@dataclass(frozen=True)
class AnchorLine:
    """One line of a desk's anchor: a seal (or a restore) with the hash of the line before it."""

    seq: int  # the seal's number in the seal log (0 for a restore)
    entry_hash: str
    inspection_uid: str
    kind: str
    at: str
    public_key: str
    signature: str
    # Chained lines (version 2); a legacy line has version 1 and none of these.
    version: int = 1
    desk: str = ""
    n: int = 0  # 1, 2, 3 … along this desk's chain
    prev: str = ""  # the hash of line n-1 (or of the legacy lines before line 1)
    detail: str = ""  # a restore: who, when, why (JSON text)

    def signed_part(self) -> bytes:
        """The bytes the signature covers: every field but the signature, canonical JSON."""
        data: dict[str, Any] = {
            "seq": self.seq,
            "hash": self.entry_hash,
            "inspection": self.inspection_uid,
            "kind": self.kind,
            "at": self.at,
            "key": self.public_key,
        }
        if self.version >= 2:
            data.update(v=self.version, desk=self.desk, n=self.n, prev=self.prev)
            if self.detail:
                data["detail"] = self.detail
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def to_text(self) -> str:
        data = json.loads(self.signed_part())
        data["sig"] = self.signature
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @property
    def line_hash(self) -> str:
        """The SHA-256 of the line as written (signature included): what the next line names."""
        return hashlib.sha256(self.to_text().encode("utf-8")).hexdigest()

    @property
    def chained(self) -> bool:
        return self.version >= 2

    @property
    def signature_ok(self) -> bool:
        return verify_signature(self.public_key, self.signature, self.signed_part())


def make_line(
    key: DeskKey,
    seq: int,
    entry_hash: str,
    inspection_uid: str,
    kind: str,
    at: str,
    *,
    desk: str,
    n: int,
    prev: str,
    detail: str = "",
) -> AnchorLine:
    """A new chained anchor line, signed."""
    unsigned = AnchorLine(
        seq,
        entry_hash,
        inspection_uid,
        kind,
        at,
        key.public_hex,
        "",
        LINE_VERSION,
        desk,
        n,
        prev,
        detail,
    )
    return replace(unsigned, signature=key.sign(unsigned.signed_part()))


def parse_line(text: str) -> AnchorLine:
    """One line of the file read back; ValueError when it is not a well-formed anchor line."""
    if len(text) > _MAX_LINE:
        raise ValueError("line too long")
    data: Any = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    fields_ = {"seq": int, "hash": str, "inspection": str, "kind": str, "at": str, "key": str}
    version = data.get("v", 1)
    if version == LINE_VERSION:
        fields_.update(desk=str, n=int, prev=str)
    elif version != 1:
        raise ValueError(f"unknown version {version!r}")
    for name, kind in fields_.items():
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
            raise ValueError(f"{name} missing or not a {kind.__name__}")
    if not isinstance(data.get("sig"), str):
        raise ValueError("sig missing")
    if not isinstance(data.get("detail", ""), str):
        raise ValueError("detail is not text")
    return AnchorLine(
        data["seq"],
        data["hash"],
        data["inspection"],
        data["kind"],
        data["at"],
        data["key"],
        data["sig"],
        version,
        data.get("desk", ""),
        data.get("n", 0),
        data.get("prev", ""),
        data.get("detail", ""),
    )


def legacy_prefix_hash(lines: Iterable[str]) -> str:
    """What the first chained line names as prev when legacy (unchained) lines come before it."""
    texts = list(lines)
    if not texts:
        return ""
    return hashlib.sha256("".join(t + "\n" for t in texts).encode("utf-8")).hexdigest()


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise StorageError(
            f"The chain anchor {path} is a folder, not a file. Move that folder away (the "
            "anchor is a file the app writes itself); nothing was changed."
        )


def append(root: Path, lines: list[AnchorLine], path: Path | None = None) -> None:
    """Append lines to the anchor and push them to the disk before returning."""
    if not lines:
        return
    path = Path(path) if path is not None else Path(root) / ANCHOR_FILE
    _refuse_folder(path)
    text = "".join(line.to_text() + "\n" for line in lines)
    try:
        # O_APPEND: each write lands at the end even with two processes writing.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(
            f"Cannot append to the chain anchor {path}: {exc.strerror or exc}. The seal is in "
            "the database (and its anchor line in the anchor_line table); free space or fix the "
            "folder's permissions, and the line is written at the next start."
        ) from exc


@dataclass
class AnchorRead:
    """The anchor read back: its well-formed lines and what was wrong with the others."""

    lines: list[AnchorLine]
    problems: list[str]
    legacy: list[str] = field(default_factory=list)  # the unchained lines' texts, in order
    exists: bool = True

    @property
    def head(self) -> AnchorLine | None:
        return max(self.lines, key=lambda line: line.seq, default=None)

    @property
    def chain(self) -> list[AnchorLine]:
        """The chained (version 2) lines, in file order."""
        return [line for line in self.lines if line.chained]


def read(path: Path) -> AnchorRead:
    """Every line of an anchor file, each checked for form and signature; empty when absent."""
    out = AnchorRead([], [])
    path = Path(path)
    if path.is_dir():
        out.problems.append(
            f"the chain anchor {path} is a folder, not a file: move it away; the anchor "
            "cannot be checked until then"
        )
        return out
    if not path.exists():
        out.exists = False
        return out
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, 1):
            text = raw.rstrip("\n")
            if not text:
                continue
            try:
                line = parse_line(text)
            except ValueError as exc:
                out.problems.append(f"line {number} of {path.name} is not an anchor line ({exc})")
                continue
            if not line.signature_ok:
                out.problems.append(
                    f"line {number} of {path.name} (seal {line.seq}) does not carry a valid "
                    "signature: it was edited or written by someone without the desk's key"
                )
                continue
            out.lines.append(line)
            if not line.chained:
                out.legacy.append(text)
    return out


def chain_problems(
    lines: list[AnchorLine], where: str, legacy: list[str] | None = None
) -> list[str]:
    """Where a chain of lines does not link: numbers that skip, a prev that is not the line before.

    `legacy`: the unchained lines before the chain (their hash is line 1's prev).
    """
    out: list[str] = []
    # None: what came before line 1 is not known here (the database's copy of a chain that
    # began after legacy lines); its prev is then taken as it is.
    prev_hash = (
        legacy_prefix_hash(legacy) if legacy is not None else (lines[0].prev if lines else "")
    )
    # An excerpt (a bundle's, the database's) may begin anywhere along the chain.
    expected_n = 1 if legacy is not None or not lines else lines[0].n
    desks = {line.desk for line in lines}
    if len(desks) > 1:
        out.append(f"{where} mixes the chains of several desks ({', '.join(sorted(desks))})")
    for line in lines:
        if line.n != expected_n:
            out.append(
                f"{where}: line {expected_n} is followed by line {line.n}: lines were cut out "
                "or put in"
            )
            return out
        if line.prev != prev_hash:
            out.append(
                f"{where}: line {line.n} does not name the line before it: the chain was "
                "rewritten here"
            )
            return out
        prev_hash = line.line_hash
        expected_n += 1
    return out


def read_lines(texts: Iterable[str]) -> list[AnchorLine]:
    """Lines given as text (a bundle's excerpt, the database's rows); ValueError on a bad one."""
    return [parse_line(t) for t in texts if t.strip()]


def sync_copy(source: list[AnchorLine], copy: Path) -> str:
    """Bring a witness copy (the shared folder's) up to the chain; '' or why it was left alone.

    Only ever appends: a copy that is not a prefix of the chain is evidence, never rewritten.
    """
    have = read(copy)
    if have.problems:
        return "; ".join(have.problems)
    mine = have.chain
    if len(mine) > len(source) or any(
        a.line_hash != b.line_hash for a, b in zip(mine, source, strict=False)
    ):
        return f"{copy} does not match this desk's chain; it was left as it is"
    try:
        # Only anchors/ itself: an absent (unmounted) share is never made on the local disk.
        copy.parent.mkdir(exist_ok=True)
        append(copy.parent, source[len(mine) :], copy)
    except (OSError, StorageError) as exc:
        return str(exc)
    return ""
