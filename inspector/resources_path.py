"""Where the read-only resources (icons, translations, sample files) are, in a checkout or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

# A checkout keeps resources/ next to the package; PyInstaller unpacks them under sys._MEIPASS;
# a wheel install (package-data in pyproject) carries them inside the package.
_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_RESOURCES = _PACKAGE_DIR.parent / "resources"
_WHEEL_RESOURCES = _PACKAGE_DIR / "resources"


def resources_root() -> Path:
    """The folder holding the app's resources: the bundle's copy when frozen, else the checkout's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    if not _CHECKOUT_RESOURCES.is_dir() and _WHEEL_RESOURCES.is_dir():
        return _WHEEL_RESOURCES
    return _CHECKOUT_RESOURCES


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. resource_path("icons", "inspector.svg"); it may not exist."""
    return resources_root().joinpath(*parts)


def is_frozen() -> bool:
    """True inside the packaged (PyInstaller) app, where there is no source tree or venv."""
    return bool(getattr(sys, "frozen", False))
