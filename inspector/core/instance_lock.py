"""One running inspector per data directory: a lock file, and a clear message for the second.

Two programs recording into the same folder would fight over the database and each
would treat the other's live recording as crashed. The operating system releases the
lock when the process dies, however it dies, so a crash never leaves the folder locked.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from inspector.core.errors import InspectorError

LOCK_FILE = ".inspector.lock"
# filelock truncates the lock file when it opens it, so who holds it is written beside it.
OWNER_FILE = ".inspector.lock.json"


class AlreadyRunningError(InspectorError):
    """Another inspector already uses this data directory."""

    exit_code = 3


@dataclass
class InstanceLock:
    """The held lock on a data directory; release it (or leave the with-block) when done."""

    data_dir: Path
    purpose: str
    _lock: FileLock

    def release(self) -> None:
        """Give the data directory back to other instances."""
        if self._lock.is_locked:
            (self.data_dir / OWNER_FILE).unlink(missing_ok=True)
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _owner_description(data_dir: Path) -> str:
    try:
        owner = json.loads((data_dir / OWNER_FILE).read_text(encoding="utf-8"))
        since = datetime.fromisoformat(owner["since"]).astimezone()
        return (
            f" ({owner.get('purpose', 'inspector')}, process {owner['pid']} on "
            f"{owner.get('host', '?')}, since {since:%Y-%m-%d %H:%M})"
        )
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def acquire_instance_lock(data_dir: Path, purpose: str = "inspector") -> InstanceLock:
    """Take the data directory for this process, or raise AlreadyRunningError saying who has it.

    Call it before opening the station window or starting a recording or clean-up;
    `purpose` (e.g. "station window", "recording") is shown to a second instance.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / LOCK_FILE), timeout=0, thread_local=False, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise AlreadyRunningError(
            f"Another inspector is already using the data folder {data_dir}"
            f"{_owner_description(data_dir)}. Close it first (only one window or recording "
            "per data folder), or use a different folder with --data-dir."
        ) from None
    except OSError as exc:
        raise AlreadyRunningError(
            f"Cannot lock the data folder {data_dir}: {exc.strerror or exc}. "
            "Check that the folder is writable."
        ) from exc
    owner = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "purpose": purpose,
        "since": datetime.now().astimezone().isoformat(),
    }
    tmp = data_dir / f"{OWNER_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(owner), encoding="utf-8")
        os.replace(tmp, data_dir / OWNER_FILE)
    except OSError:
        tmp.unlink(missing_ok=True)  # the lock itself holds; only the courtesy note failed
    return InstanceLock(data_dir, purpose, lock)
