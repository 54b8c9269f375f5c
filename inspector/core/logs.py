"""Logging to a rotating file (the platform's log folder, or the data folder's logs/), with
repeated lines rate-limited."""

from __future__ import annotations

import logging
import logging.handlers
import time
from pathlib import Path

import platformdirs

from inspector import APP_NAME
from inspector.core.storage import default_data_dir

LOG_FILE = "inspector.log"


class RepeatFilter(logging.Filter):
    """Lets the same message through at most once per interval, then says how many were held back.

    A camera that fails to reconnect every second must not grow the log by megabytes a minute.
    """

    def __init__(self, interval: float = 60.0) -> None:
        super().__init__()
        self.interval = interval
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        # The line as written (arguments filled in): the same line again is held back, a
        # different one (another inspection removed, another file) always gets through.
        key = (record.name, record.levelno, record.getMessage())
        now = time.monotonic()
        last, held = self._seen.get(key, (-1e9, 0))
        if now - last < self.interval:
            self._seen[key] = (last, held + 1)
            return False
        if held:
            record.msg = f"{record.getMessage()} (repeated {held} more times)"
            record.args = None
        self._seen[key] = (now, 0)
        if len(self._seen) > 1000:
            self._seen.clear()
        return True


def log_dir_for(data_dir: Path) -> Path:
    """Where the log of a data folder goes: the platform's log folder for the default data
    folder, else <data folder>/logs, so a --data-dir run (a test, a second desk) keeps its
    log beside its data."""
    if Path(data_dir).resolve() == default_data_dir().resolve():
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return Path(data_dir) / "logs"


def setup_logging(logs_dir: Path, verbose: bool = False) -> Path:
    """Send the app's log to logs_dir/inspector.log (5 × 2 MB) and warnings to stderr."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_inspector", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.addFilter(RepeatFilter())
    file_handler._inspector = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


_LEVELS_SHOWN = (" ERROR ", " CRITICAL ", " WARNING ")


def recent_errors(logs_dir: Path, limit: int = 10) -> list[str]:
    """The newest warnings and errors in the log files (current and rotated), oldest first.

    What `inspector doctor` shows, so a support call starts from what went wrong last.
    """
    files = [logs_dir / LOG_FILE] + [logs_dir / f"{LOG_FILE}.{n}" for n in range(1, 6)]
    found: list[str] = []
    for path in files:  # newest file first
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        # Keep only the entries' first lines: a traceback's lines do not start with a date.
        picked = [ln for ln in lines if any(level in ln[:60] for level in _LEVELS_SHOWN)]
        found = picked + found
        if len(found) >= limit:
            break
    return found[-limit:]
