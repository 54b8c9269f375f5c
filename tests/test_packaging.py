"""Packaging pieces that can be checked without building: resources, icon, version, metadata.

The full build and a run of the frozen app are `make package package-smoke` (about 2 minutes).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import inspector
from inspector.resources_path import resource_path, resources_root

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def packaging_modules(monkeypatch: pytest.MonkeyPatch):
    """packaging/build.py and app_metadata.py, importable as the build script sees them."""
    monkeypatch.syspath_prepend(str(PACKAGING))
    import app_metadata
    import build

    return app_metadata, build


def test_resources_come_from_the_checkout_when_not_frozen() -> None:
    assert resources_root() == ROOT / "resources"
    assert resource_path("icons", "inspector.svg").is_file()


def test_resources_come_from_the_bundle_when_frozen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert (
        resource_path("icons", "inspector.ico")
        == tmp_path / "resources" / "icons" / "inspector.ico"
    )


def test_the_version_the_installers_use_is_the_package_version(packaging_modules) -> None:
    app_metadata, _ = packaging_modules
    assert app_metadata.read_version() == inspector.__version__
    # The Inno Setup script must be told the version, never carry its own.
    iss = (PACKAGING / "windows" / "inspector.iss").read_text(encoding="utf-8")
    assert "AppVersion={#AppVersion}" in iss
    assert inspector.__version__ not in iss


def test_every_icon_size_exists_and_the_ico_holds_them_all(packaging_modules) -> None:
    app_metadata, _ = packaging_modules
    icons = ROOT / "resources" / "icons"
    for size in app_metadata.ICON_SIZES:
        png = (icons / f"inspector-{size}.png").read_bytes()
        assert png.startswith(PNG_MAGIC)
        width, height = struct.unpack(">II", png[16:24])
        assert (width, height) == (size, size)

    ico = (icons / "inspector.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        dim, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]
        )
        assert ico[offset : offset + length].startswith(PNG_MAGIC)
        sizes.append(dim or 256)
    assert sorted(sizes) == sorted(app_metadata.ICON_SIZES)


def test_menu_entry_and_appstream_metadata_are_valid(packaging_modules, tmp_path: Path) -> None:
    app_metadata, build = packaging_modules
    version = app_metadata.read_version()
    desktop_text = (PACKAGING / "linux" / "inspector.desktop").read_text(encoding="utf-8")
    build.check_desktop_entry(desktop_text)
    template = (PACKAGING / "linux" / "inspector.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo = tmp_path / f"{app_metadata.APP_ID}.metainfo.xml"
    metainfo.write_text(build.fill(template, version), encoding="utf-8")
    build.check_metainfo(metainfo, version)
    assert "@" not in metainfo.read_text(encoding="utf-8")

    if shutil.which("appstreamcli"):
        done = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_wrong_version_in_the_metadata_is_refused(packaging_modules, tmp_path: Path) -> None:
    app_metadata, build = packaging_modules
    template = (PACKAGING / "linux" / "inspector.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo = tmp_path / "m.xml"
    metainfo.write_text(build.fill(template, "9.9.9"), encoding="utf-8")
    with pytest.raises(build.BuildError, match="release version"):
        build.check_metainfo(metainfo, app_metadata.read_version())
