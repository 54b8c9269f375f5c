"""The warehouse's shared video folder: where it is, and copying a finished video into it.

Each desk records to its own disk (a network share is too slow and too fragile to record
onto), then copies each finished video into the shared folder, a NAS share mounted on every
desk. A copy counts only once the file in the shared folder, read back, hashes to the SHA-256
taken when the video was recorded; until then it has a temporary dot-name nobody plays.
The shared folder mirrors the data folder's layout (videos/YYYY/MM/DD/…), so a segment's
stored path names its copy in both places.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from inspector.core.errors import StorageError
from inspector.core.hashing import sha256_file
from inspector.core.storage import durable_replace

SHARED_VIDEOS_ENV = "INSPECTOR_SHARED_VIDEOS"
# Retries of a share that cannot be reached: 30 s, 1, 2, 4 … minutes, at most every 15.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=15)


class ShareUnreachableError(StorageError):
    """The shared folder cannot be reached or written (unmounted, offline, read-only)."""


class CopyMismatchError(StorageError):
    """The copy in the shared folder does not hash to the video's recorded SHA-256."""


def resolve_shared_dir(option: str | None, setting: str) -> Path | None:
    """The shared video folder: the --shared-videos option, else the variable, else the setting."""
    for candidate in (option, os.environ.get(SHARED_VIDEOS_ENV), setting):
        if candidate and candidate.strip():
            return Path(candidate.strip()).expanduser()
    return None


def next_try(attempts: int, now: datetime) -> datetime:
    """When to try a failed copy again: doubling from FIRST_RETRY up to LONGEST_RETRY."""
    delay = FIRST_RETRY * (2 ** max(0, min(attempts - 1, 10)))
    return now + min(delay, LONGEST_RETRY)


# Written into the shared folder when it is set up: a folder without it is a mount point
# whose share is not mounted (an empty local folder), and nothing is ever written into it.
SHARE_MARK = ".inspector-shared-folder"


def mounted(shared_root: Path) -> bool:
    """The shared folder is there: its marker, written when it was set up, is in it."""
    return (shared_root / SHARE_MARK).is_file()


def reachable(shared_root: Path) -> bool:
    """The shared folder is mounted and this computer may write to it."""
    # The folder itself must exist: an unmounted share is not created on the local disk.
    return mounted(shared_root) and os.access(shared_root, os.W_OK | os.X_OK)


def set_up_share(shared_root: Path, ever_shared: bool) -> bool:
    """Write the marker into a shared folder being set up; True when it is (now) marked.

    A folder without the marker is taken as the share when nothing was ever shared in this
    warehouse (it is being set up now) or when it already holds shared videos (set up before
    markers existed). An empty folder while videos were shared is a mount point whose share
    is not mounted: it is left untouched and False returned.
    """
    if mounted(shared_root):
        return True
    if not shared_root.is_dir():
        return False
    holds_videos = (shared_root / "videos").is_dir()
    if ever_shared and not holds_videos:
        return False
    try:
        (shared_root / SHARE_MARK).write_text(
            "inspector's shared video folder: this file tells a mounted share from an empty "
            "mount point. Do not delete it.\n",
            encoding="utf-8",
        )
    except OSError:
        return False  # read-only (an office's mount): used for reading if marked later
    return True


def copy_verified(source: Path, shared_root: Path, rel: str, sha256: str) -> Path:
    """Copy `source` to `shared_root/rel` and prove the copy: its hash read back must match.

    A copy already there with the right hash is taken as is (a copy whose record was not
    written, e.g. the program was stopped in between). Raises ShareUnreachableError when the
    folder cannot be written, CopyMismatchError when the copy differs (it is removed).
    """
    if not reachable(shared_root):
        raise ShareUnreachableError(
            f"The shared video folder {shared_root} cannot be reached or written: is the "
            "share mounted and this desk allowed to write to it?"
        )
    dest = shared_root / rel
    try:
        if dest.is_file() and sha256_file(dest) == sha256:
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.copying-{uuid.uuid4().hex[:8]}")
        try:
            shutil.copyfile(source, tmp)
            got = sha256_file(tmp)
            if got != sha256:
                raise CopyMismatchError(
                    f"The copy of {source} in {shared_root} hashes to {got[:16]}…, the "
                    f"recording to {sha256[:16]}…; it was removed and will be made again."
                )
            durable_replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    except FileNotFoundError as exc:
        if not source.is_file():
            raise StorageError(
                f"The video {source} is gone from this desk; nothing to copy."
            ) from exc
        raise ShareUnreachableError(
            f"The shared video folder {shared_root} went away during the copy: {exc}"
        ) from exc
    except OSError as exc:
        raise ShareUnreachableError(
            f"Cannot copy {source.name} into the shared video folder {shared_root}: "
            f"{exc.strerror or exc}"
        ) from exc
    return dest
