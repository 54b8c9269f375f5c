"""Temporary files being written outside the data folder (bundles, clips, CSVs, backups),
noted in the data folder so a killed program's leftovers are removed at the next start.

Every export is written to a temporary name beside its destination and renamed when whole.
A program killed mid-way (power cut, kill -9) cannot remove its temporary file, and the
file may sit on a USB stick or a share the data folder knows nothing about. So each one is
noted here while it is written; the next start removes the noted files whose writer is
gone. Only files noted here, with one of our temporary names, are ever removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

JOURNAL_DIR = "pending-writes"
# The temporary names this app gives: .NAME.XXXX.partial (bundles, CSV), .NAME.XXXX.partial.mp4
# (clips), .summary.XXXX.csv (batch summaries), inspector-….db/.dump.partial (backups).
OUR_TEMP_NAME = re.compile(
    r"^(\..+\.partial(\.mp4)?|\.summary\..+\.csv|inspector-.+\.(db|dump)\.partial)$"
)


def _process_started(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None


class PendingWrites:
    """The data folder's note of temporary files being written right now."""

    def __init__(self, data_root: Path) -> None:
        self.folder = Path(data_root) / JOURNAL_DIR

    @contextlib.contextmanager
    def tracking(self, tmp: Path) -> Iterator[None]:
        """Note `tmp` while the block writes it; forget it after (renamed or removed by then)."""
        entry = self._note(Path(tmp))
        try:
            yield
        finally:
            if entry is not None:
                entry.unlink(missing_ok=True)

    def _note(self, tmp: Path) -> Path | None:
        pid = os.getpid()
        entry = self.folder / f"{pid}-{uuid.uuid4().hex}.json"
        record = {"path": str(tmp.resolve()), "pid": pid, "started": _process_started(pid)}
        try:
            self.folder.mkdir(exist_ok=True)
            entry.write_text(json.dumps(record), encoding="utf-8")
        except OSError as exc:
            # A read-only data folder: the export still works, a kill would leave its file.
            log.debug("Cannot note %s in %s: %s", tmp, self.folder, exc)
            return None
        return entry

    def sweep(self) -> list[Path]:
        """Remove the temporary files of writers that are gone; the files removed."""
        removed: list[Path] = []
        try:
            entries = sorted(self.folder.glob("*.json"))
        except OSError:
            return removed
        for entry in entries:
            try:
                record = json.loads(entry.read_text(encoding="utf-8"))
                pid, started, path = int(record["pid"]), record["started"], Path(record["path"])
            except (OSError, ValueError, KeyError, TypeError):
                entry.unlink(missing_ok=True)  # unreadable: nothing it names can be trusted
                continue
            now_started = _process_started(pid)
            if now_started is not None and (started is None or abs(now_started - started) < 1):
                continue  # the writer is still at work
            if not path.parent.is_dir():
                continue  # a USB stick or share not there now: tried again next time
            if OUR_TEMP_NAME.match(path.name) and path.is_file() and not path.is_symlink():
                try:
                    path.unlink()
                    removed.append(path)
                    log.info("Removed %s, left by an export or backup that was stopped", path)
                except OSError as exc:
                    log.warning("Cannot remove the leftover %s: %s", path, exc)
                    continue  # noted still: tried again at the next start
            entry.unlink(missing_ok=True)
        return removed
