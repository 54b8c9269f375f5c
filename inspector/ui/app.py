"""Starting the GUI: the application object, the data directory, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from inspector import __version__
from inspector.core.errors import InspectorError
from inspector.core.logs import setup_logging
from inspector.services.context import AppContext


def run_gui(data_dir: str | None = None) -> int:
    """Open the station window on the data directory; show start-up failures in a dialog."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Return Inspection Station")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("inspector")
    try:
        ctx = AppContext.open(data_dir)
    except InspectorError as exc:
        QMessageBox.critical(None, "Cannot start", str(exc))
        return 1
    setup_logging(ctx.storage.logs_dir)
    from inspector.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1400, 860)
    window.show()
    code = app.exec()
    ctx.close()
    return code
