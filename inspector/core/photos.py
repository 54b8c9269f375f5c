"""Photos a seal covers, kept in the database so every desk of a warehouse reaches them.

Reference photos (the catalog's) and photos taken at a checklist step are named in
records by a storage-relative path. Their bytes and their SHA-256 are stored under that
path in the database (table stored_photo), the same database every desk and the office
use, so nothing a seal covers lives only on the desk that made it. Chosen over the shared
video folder because a photo is small (tens to hundreds of kB), it is then written in the
same transaction as the record that names it, and it works for a warehouse with no share.

A seal takes a photo's hash from here, never from re-hashing a copy on some desk's disk.
A desk keeps a local copy for drawing and exporting, written from the database when it
is missing: a copy that is away is fetched again, never reported as an altered record.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core.errors import StorageError
from inspector.core.hashing import sha256_file
from inspector.core.models import StoredPhoto

log = logging.getLogger(__name__)

PHOTO_FOLDERS = ("photos", "catalog")  # where photos live under a data folder


def record_photo(session: Session, rel: str, data: bytes, desk_id: str = "") -> str:
    """Keep a photo's bytes and hash under its path (once); its SHA-256.

    A path already stored with other bytes is refused: a record that names it would then
    cover a different picture on each desk.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = session.get(StoredPhoto, rel)
    if existing is not None:
        if existing.sha256 != digest:
            raise StorageError(
                f"The photo {rel} is already stored with other contents "
                f"({existing.sha256[:16]}…, not {digest[:16]}…); it is not replaced."
            )
        return digest
    # Inserted in a savepoint: two desks storing the same catalog photo at once both succeed.
    try:
        with session.begin_nested():
            session.add(
                StoredPhoto(
                    path=rel, sha256=digest, size_bytes=len(data), data=data, desk_id=desk_id
                )
            )
            session.flush()
    except sa.exc.IntegrityError as exc:
        again = session.get(StoredPhoto, rel)
        if again is None or again.sha256 != digest:
            raise StorageError(
                f"The photo {rel} was stored with other contents meanwhile."
            ) from exc
    return digest


def recorded_hashes(session: Session, rels: Iterable[str]) -> dict[str, str]:
    """The SHA-256 stored for each of these paths (paths never stored are left out)."""
    wanted = sorted({r for r in rels if r})
    if not wanted:
        return {}
    rows = session.exec(
        select(StoredPhoto.path, StoredPhoto.sha256).where(StoredPhoto.path.in_(wanted))  # type: ignore[attr-defined]
    ).all()
    return {path: digest for path, digest in rows}


def local_copy(session: Session, root: Path, rel: str) -> Path | None:
    """The photo's file in this data folder, written from the database when it is missing.

    None when the database has no such photo and the folder no such file.
    """
    path = Path(root) / rel
    row = session.exec(
        select(StoredPhoto.sha256, StoredPhoto.size_bytes).where(StoredPhoto.path == rel)
    ).first()
    if row is None:
        return path if path.is_file() else None
    digest, size = row
    try:
        if path.is_file() and path.stat().st_size == size and sha256_file(path) == digest:
            return path
    except OSError:
        pass
    data = session.exec(select(StoredPhoto.data).where(StoredPhoto.path == rel)).one()
    _write_atomically(path, bytes(data))
    log.info("Photo %s written from the database into %s", rel, root)
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".photo-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"Cannot write the photo {path}: {exc.strerror or exc}.") from exc


@dataclass(frozen=True)
class PhotoProblem:
    """A stored photo whose bytes no longer hash to the hash stored with them."""

    path: str
    message: str


def check_stored(session: Session) -> tuple[int, list[PhotoProblem]]:
    """Hash every stored photo's bytes against its stored hash: (photos checked, problems)."""
    checked = 0
    problems: list[PhotoProblem] = []
    for path, digest, data in session.exec(
        select(StoredPhoto.path, StoredPhoto.sha256, StoredPhoto.data).order_by(StoredPhoto.path)
    ):
        checked += 1
        now = hashlib.sha256(bytes(data)).hexdigest()
        if now != digest:
            problems.append(
                PhotoProblem(
                    path,
                    f"The photo {path} stored in the database no longer matches the hash taken "
                    f"when it was stored ({now[:16]}…, not {digest[:16]}…).",
                )
            )
    return checked, problems


PUBLISHED_MARK = ".photos-in-database"  # written once this folder's photos are all stored


def publish_local_photos(session: Session, root: Path, desk_id: str) -> int:
    """Store the photos this data folder holds that the database does not have yet (once).

    For data made before photos were kept in the database: the desk that holds the files
    publishes them (hashed as they are now, which is what its seals hashed), so every other
    desk reaches them and hashes the same. Returns how many were stored.
    """
    root = Path(root)
    mark = root / PUBLISHED_MARK
    if mark.exists():
        return 0
    files = [
        p
        for folder in PHOTO_FOLDERS
        if (root / folder).is_dir()
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    ]
    rels = [p.relative_to(root).as_posix() for p in files]
    known: set[str] = set()
    for start in range(0, len(rels), 500):
        known.update(recorded_hashes(session, rels[start : start + 500]))
    stored = 0
    for path, rel in zip(files, rels, strict=True):
        if rel in known:
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.warning("Photo %s not stored in the database: %s", path, exc)
            continue
        record_photo(session, rel, data, desk_id)
        stored += 1
    if stored:
        log.warning("Stored %d photo(s) of this desk in the database for every desk", stored)
    return stored


def mark_published(root: Path) -> None:
    """Note that this folder's photos are in the database, so start-up stops looking."""
    (Path(root) / PUBLISHED_MARK).write_text("photos of this folder are stored in the database\n")
