"""Build the one-folder app in dist/inspector with PyInstaller, plus what installs it.

    python packaging/build.py              the app folder (Linux: with menu entry and install.sh)
    python packaging/build.py --archive    also dist/inspector-<version>-linux-<arch>.tar.gz
    python packaging/build.py --installer  Windows: also the Inno Setup installer (needs ISCC)

Run it with the project's venv Python (PyInstaller is in the `package` extra): the app bundles
whatever that interpreter imports. `make package` does this on Linux.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from app_metadata import APP_ID, EXE_NAME, ICON_SIZES, ROOT, read_version

PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
APP_DIR = DIST / EXE_NAME
WORK = ROOT / "build" / "pyinstaller"
ICONS = ROOT / "resources" / "icons"
IS_WIN = sys.platform == "win32"


class BuildError(Exception):
    """A build step failed; the message says which and what to do."""


def run_pyinstaller() -> None:
    """Freeze the app into dist/inspector from the one spec file."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            f"PyInstaller is not installed for {sys.executable}; "
            "install the package extra: pip install -e '.[package]'"
        ) from exc
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        raise BuildError(
            "PyInstaller needs objdump to analyse libraries; install binutils "
            "(bash packaging/system-deps.sh package, or: sudo apt-get install binutils)"
        )
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(PACKAGING / "inspector.spec"),
    ]
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        raise BuildError("PyInstaller failed; its messages are above")


def fill(template: str, version: str) -> str:
    """Substitute the build-time values into a packaging template."""
    # SOURCE_DATE_EPOCH keeps the release date reproducible when a release pipeline sets it.
    stamp = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    return (
        template.replace("@APP_ID@", APP_ID).replace("@VERSION@", version).replace("@DATE@", date)
    )


def check_desktop_entry(text: str) -> None:
    """The menu entry must launch our executable with our icon, or the menu shows a blank one."""
    entry = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#")
    )
    for key, want in (("Icon", APP_ID), ("TryExec", EXE_NAME), ("Type", "Application")):
        if entry.get(key) != want:
            raise BuildError(f"packaging/linux/inspector.desktop: {key} must be {want!r}")


def check_metainfo(path: Path, version: str) -> None:
    """The AppStream file must parse and carry this version; appstreamcli checks the rest if present."""
    root = ET.parse(path).getroot()
    if root.findtext("id") != APP_ID:
        raise BuildError(f"{path.name}: <id> is not {APP_ID}")
    release = root.find("releases/release")
    if release is None or release.get("version") != version:
        raise BuildError(f"{path.name}: <release version> is not {version}")


def validate_with_tools(desktop: Path, metainfo: Path) -> None:
    """Run the freedesktop validators when the machine has them (desktop-file-utils, appstream)."""
    checks = [
        ("desktop-file-validate", [str(desktop)]),
        ("appstreamcli", ["validate", "--no-net", "--pedantic", str(metainfo)]),
    ]
    for tool, args in checks:
        exe = shutil.which(tool)
        if exe is None:
            print(f"build: {tool} not found, skipping its check")
            continue
        done = subprocess.run([exe, *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"{tool} rejected {Path(args[-1]).name}:\n{done.stdout}{done.stderr}")


def add_linux_desktop_files(version: str) -> None:
    """Put the menu entry, icons, AppStream metadata and install.sh into the app folder."""
    share = APP_DIR / "share"
    desktop_text = (PACKAGING / "linux" / "inspector.desktop").read_text(encoding="utf-8")
    check_desktop_entry(desktop_text)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    for folder in (desktop.parent, metainfo.parent):
        folder.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_text, encoding="utf-8")
    template = (PACKAGING / "linux" / "inspector.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo.write_text(fill(template, version), encoding="utf-8")
    check_metainfo(metainfo, version)
    validate_with_tools(desktop, metainfo)

    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / f"inspector-{size}.png", target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "inspector.svg", scalable)

    install = APP_DIR / "install.sh"
    install.write_text(
        fill((PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8"), version),
        encoding="utf-8",
    )
    install.chmod(0o755)


def make_archive(version: str) -> Path:
    """dist/inspector-<version>-linux-<arch>.tar.gz, unpacking to an inspector-<version>/ folder."""
    arch = platform.machine().lower() or "unknown"
    name = f"{EXE_NAME}-{version}"
    target = DIST / f"{name}-linux-{arch}.tar.gz"
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(APP_DIR, arcname=name)
    os.replace(partial, target)
    return target


def find_iscc() -> str:
    """The Inno Setup compiler: on PATH, or where its installer puts it."""
    candidates = [shutil.which("ISCC"), shutil.which("iscc")]
    for env in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(env)
        if base:
            candidates.append(str(Path(base) / "Inno Setup 6" / "ISCC.exe"))
            candidates.append(str(Path(base) / "Programs" / "Inno Setup 6" / "ISCC.exe"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise BuildError(
        "Inno Setup 6 (ISCC.exe) not found; install it from jrsoftware.org or put ISCC on PATH"
    )


def make_windows_installer(version: str) -> None:
    """Compile packaging/windows/inspector.iss with the version passed in as a define."""
    cmd = [
        find_iscc(),
        f"/DAppVersion={version}",
        f"/DSourceDir={APP_DIR}",
        f"/DOutputDir={DIST}",
        str(PACKAGING / "windows" / "inspector.iss"),
    ]
    if subprocess.run(cmd).returncode != 0:
        raise BuildError("Inno Setup failed; its messages are above")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str] | None = None) -> int:
    """Build the app folder and, when asked, the archive or the installer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="Linux: also make a .tar.gz")
    parser.add_argument(
        "--installer", action="store_true", help="Windows: also run Inno Setup (ISCC)"
    )
    args = parser.parse_args(argv)
    version = read_version()
    started = time.monotonic()
    try:
        run_pyinstaller()
        if IS_WIN:
            if args.installer:
                make_windows_installer(version)
        else:
            add_linux_desktop_files(version)
            if args.archive:
                print(f"build: wrote {make_archive(version)}")
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    size_mb = folder_size(APP_DIR) / 1e6
    elapsed = time.monotonic() - started
    print(f"build: inspector {version} in {APP_DIR} ({size_mb:.0f} MB) after {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
