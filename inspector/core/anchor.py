"""The chain anchor: one signed line per seal, appended to a file outside the database.

The database can be wiped, truncated or swapped for an older copy; the anchor remembers
how long the seal log was and what its newest entry hashed to. `verify --all` compares the
two, so a rollback or a deleted newest record shows. The file is only ever appended to;
each line is signed by the desk's key, so a line cannot be edited without it.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.core.errors import StorageError
from inspector.core.signing import DeskKey, verify_signature

log = logging.getLogger(__name__)

ANCHOR_FILE = "chain-anchor.log"
# A line is a few hundred bytes; anything longer is not one of ours.
_MAX_LINE = 4096


@dataclass(frozen=True)
class AnchorLine:
    """One seal as the anchor remembers it."""

    seq: int
    entry_hash: str
    inspection_uid: str
    kind: str
    at: str
    public_key: str
    signature: str

    def signed_part(self) -> bytes:
        """The bytes the signature covers: every field but the signature, canonical JSON."""
        data = {
            "seq": self.seq,
            "hash": self.entry_hash,
            "inspection": self.inspection_uid,
            "kind": self.kind,
            "at": self.at,
            "key": self.public_key,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def to_text(self) -> str:
        data = json.loads(self.signed_part())
        data["sig"] = self.signature
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @property
    def signature_ok(self) -> bool:
        return verify_signature(self.public_key, self.signature, self.signed_part())


def make_line(
    key: DeskKey, seq: int, entry_hash: str, inspection_uid: str, kind: str, at: str
) -> AnchorLine:
    """A new anchor line, signed."""
    unsigned = AnchorLine(seq, entry_hash, inspection_uid, kind, at, key.public_hex, "")
    return AnchorLine(
        seq, entry_hash, inspection_uid, kind, at, key.public_hex, key.sign(unsigned.signed_part())
    )


def parse_line(text: str) -> AnchorLine:
    """One line of the file read back; ValueError when it is not a well-formed anchor line."""
    if len(text) > _MAX_LINE:
        raise ValueError("line too long")
    data: Any = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    fields = {"seq": int, "hash": str, "inspection": str, "kind": str, "at": str, "key": str}
    for name, kind in fields.items():
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
            raise ValueError(f"{name} missing or not a {kind.__name__}")
    if not isinstance(data.get("sig"), str):
        raise ValueError("sig missing")
    return AnchorLine(
        data["seq"],
        data["hash"],
        data["inspection"],
        data["kind"],
        data["at"],
        data["key"],
        data["sig"],
    )


def append(root: Path, lines: list[AnchorLine]) -> None:
    """Append lines to the anchor and push them to the disk before returning."""
    if not lines:
        return
    path = Path(root) / ANCHOR_FILE
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
            "the database; free space or fix the folder's permissions."
        ) from exc


@dataclass
class AnchorRead:
    """The anchor read back: its well-formed lines and what was wrong with the others."""

    lines: list[AnchorLine]
    problems: list[str]

    @property
    def head(self) -> AnchorLine | None:
        return max(self.lines, key=lambda line: line.seq, default=None)


def read(path: Path) -> AnchorRead:
    """Every line of an anchor file, each checked for form and signature; empty when absent."""
    out = AnchorRead([], [])
    if not Path(path).exists():
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
    return out


def excerpt(path: Path, inspection_uid: str) -> tuple[str, AnchorLine | None]:
    """The anchor's lines for one inspection plus its newest line, as text, and that newest line.

    What a bundle carries: the whole anchor grows with every seal the desk ever made.
    """
    mine: list[str] = []
    last_text, head = "", None
    if not Path(path).exists():
        return "", None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            text = raw.rstrip("\n")
            try:
                line = parse_line(text)
            except ValueError:
                continue
            if line.inspection_uid == inspection_uid:
                mine.append(text)
            if head is None or line.seq > head.seq:
                head, last_text = line, text
    if last_text and last_text not in mine:
        mine.append(last_text)
    return "".join(t + "\n" for t in mine), head
