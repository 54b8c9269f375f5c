"""Where the data lives: the data directory, its layout, and free space."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from inspector import APP_NAME
from inspector.core.errors import StorageError

DATA_DIR_ENV = "INSPECTOR_DATA_DIR"
_INSTALL_DIR = Path(__file__).resolve().parents[2]
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def default_data_dir() -> Path:
    """The per-user data directory the platform expects (never the install folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Pick the data directory: the --data-dir option, then INSPECTOR_DATA_DIR, then the default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def safe_name(text: str, limit: int = 40) -> str:
    """A file-name fragment that is valid on every file system."""
    cleaned = _UNSAFE_CHARS.sub("-", text).strip("-.")
    return cleaned[:limit] or "none"


@dataclass(frozen=True)
class Storage:
    """The data directory and the fixed layout inside it."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / "inspector.db"

    @property
    def videos_dir(self) -> Path:
        return self.root / "videos"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def photos_dir(self) -> Path:
        return self.root / "photos"

    @classmethod
    def open(cls, root: Path) -> Storage:
        """Create the layout if needed and prove the directory is writable."""
        root = Path(root)
        if _is_inside(root, _INSTALL_DIR / "inspector"):
            raise StorageError(
                f"The data directory {root} is inside the program's own folder. "
                "Recordings there would be lost on upgrade; choose another folder "
                "with --data-dir or INSPECTOR_DATA_DIR."
            )
        storage = cls(root)
        try:
            for d in (
                root,
                storage.videos_dir,
                storage.backups_dir,
                storage.logs_dir,
                storage.photos_dir,
            ):
                d.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=root, prefix=".write-test-"):
                pass
        except OSError as exc:
            raise StorageError(
                f"Cannot write to the data directory {root}: {exc.strerror or exc}. "
                "Check its permissions or choose another folder with --data-dir or INSPECTOR_DATA_DIR."
            ) from exc
        return storage

    def absolute(self, relative: str | Path) -> Path:
        """Turn a path stored in the database (relative to the root) into a real path."""
        return self.root / Path(relative)

    def relative(self, path: Path) -> str:
        """The form of a path under the root that the database stores (always with '/')."""
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def new_video_path(
        self, started_at: datetime, order_number: str, uid: str, segment: int = 1
    ) -> Path:
        """A unique path in the dated tree videos/YYYY/MM/DD/ for a new recording."""
        local = started_at.astimezone()
        folder = self.videos_dir / f"{local:%Y}" / f"{local:%m}" / f"{local:%d}"
        suffix = "" if segment == 1 else f"_part{segment}"
        name = f"{local:%Y%m%d-%H%M%S}_{safe_name(order_number)}_{uid[:8]}{suffix}.mp4"
        return folder / name

    def free_bytes(self) -> int:
        """Free space on the disk holding the data directory."""
        return shutil.disk_usage(self.root).free


def _is_inside(path: Path, parent: Path) -> bool:
    try:
        Path(path).resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def format_bytes(n: float) -> str:
    """Human-readable size, e.g. '1.4 GB'."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def durable_replace(tmp: Path | str, dest: Path | str) -> None:
    """Put a finished temporary file in place so it survives a power cut or a pulled USB stick.

    The data is flushed to the disk before the rename and the rename to its folder after it
    (POSIX; Windows has no folder handle to flush), so "written" means on the disk, not in
    the operating system's cache: evidence is often exported straight to a stick that is
    pulled out the moment the app says it is done.
    """
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    if os.name == "posix":
        folder = os.open(Path(dest).parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
