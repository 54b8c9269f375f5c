"""Names shared by the spec, the build script and the installers, and the one version number."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.returninspector.Inspector"
APP_NAME = "Return Inspection Station"
EXE_NAME = "inspector"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def read_version(root: Path = ROOT) -> str:
    """The version from inspector/__init__.py, read without importing the package or Qt."""
    init = root / "inspector" / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise SystemExit(f"{init} has no __version__ = '...' line")
