"""The main window: one tab per screen, a menu, and a clean shutdown of the camera."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QWidget

from inspector import __version__
from inspector.services.context import AppContext
from inspector.ui.appeals import AppealsController
from inspector.ui.browse import BrowseController
from inspector.ui.catalog import CatalogController
from inspector.ui.desk_menu import add_desk_actions
from inspector.ui.station import StationController
from inspector.ui.workers import run_in_background


class MainWindow(QMainWindow):
    """Hosts the station screen and the other pages as tabs."""

    def __init__(self, ctx: AppContext, open_camera: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self._replaced = False  # by reopened(): the replacement owns the camera now
        self.language_pending = False  # a new language waits for the parcel in hand
        _open_windows.add(self)
        self.setWindowTitle(
            self.tr("Return Inspection Station — %1").replace("%1", ctx.settings.station_name)
        )
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.station = StationController(ctx)
        self.add_page(self.station.widget, self.tr("&Station"))
        self.browse = BrowseController(ctx)
        self.add_page(self.browse.widget, self.tr("&Browse"))
        self.appeals = AppealsController(ctx, open_inspection=self.browse.open_detail)
        self.add_page(self.appeals.widget, self.tr("&Appeals due"))
        self.catalog = CatalogController(ctx)
        self.add_page(self.catalog.widget, self.tr("&Catalog"))
        # A decision or an export changes what is due; refresh whenever the page is shown.
        self.tabs.currentChanged.connect(lambda i: self._page_shown(self.tabs.widget(i)))
        self._build_menu()
        self.statusBar().showMessage(
            self.tr("Data folder: %1").replace("%1", str(ctx.storage.root))
        )
        if open_camera:
            self.station.open_camera()
        # The daily database backup, for desks left running for days (it is also made at start).
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()

    def backup_if_due(self) -> None:
        """Make the daily backup in the background when it is due; a failure goes to the status bar."""
        from inspector.services.maintenance import daily_backup

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(
                self.tr("The daily backup failed: %1").replace("%1", str(exc))
            )

        run_in_background(lambda: daily_backup(self.ctx), lambda _result: None, failed, self)

    def _page_shown(self, page: QWidget) -> None:
        if page is self.appeals.widget:
            self.appeals.refresh()
        elif page is self.catalog.widget:
            self.catalog.refresh_returns()

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a screen as a tab; returns its index."""
        return self.tabs.addTab(widget, title)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        add_desk_actions(self, file_menu)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit_asking)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        keys = QAction(self.tr("Desk &keys"), self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.show_keys)
        help_menu.addAction(keys)
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def quit_asking(self) -> None:
        """Quit, after asking when a parcel is being recorded or waits for its decision."""
        if self.station.confirm_quit():
            self.close()

    def show_keys(self) -> None:
        """The desk's keys, for a new operator (Help → Desk keys, F1)."""
        QMessageBox.information(
            self,
            self.tr("Desk keys"),
            self.tr(
                "These keys work wherever the cursor is on the Station page "
                "(letters typed into a text field stay in the field):\n\n"
                "F5\tstart recording the parcel on the form\n"
                "F8\tstop recording\n"
                "P\tpass the current step\n"
                "F\tfail the current step\n"
                "N\tthe step does not apply\n"
                "C\ttake a photo (saved with the next answer)\n"
                "↑ ↓\tgo to the previous or next step\n"
                "S\tsign\n"
                "R\treject\n"
                "D\tsign under dispute\n"
                "Space\tkeep recording while the still-desk countdown shows\n\n"
                "A scan of the waybill starts the recording; the same scan again stops it."
            ),
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Return Inspection Station"),
            self.tr(
                "<b>Return Inspection Station</b> %1<br>"
                "Films, checks and decides returned parcels, and exports evidence for "
                "platform appeals.<br>Data folder: %2"
            )
            .replace("%1", __version__)
            .replace("%2", str(self.ctx.storage.root)),
        )

    def reopened(self) -> MainWindow:
        """This window built again in the language now installed, in its place.

        Qt's texts are set when widgets are built, so a new language needs new widgets. The
        station must be idle: its camera is released first so the new window can open it.
        """
        geometry, page = self.saveGeometry(), self.tabs.currentIndex()
        self.station.shutdown()
        self.browse.shutdown()
        replacement = MainWindow(self.ctx)
        replacement.restoreGeometry(geometry)
        replacement.tabs.setCurrentIndex(page)
        replacement.show()
        self._replaced = True
        self.close()
        self.deleteLater()
        return replacement

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        # The window manager's close button asks as Quit does; a close by the program does not.
        if event.spontaneous() and not self._replaced and not self.station.confirm_quit():
            event.ignore()
            return
        if not self._replaced:
            self.station.shutdown()
            self.browse.shutdown()
        _open_windows.discard(self)
        super().closeEvent(event)


# Windows replaced by reopened() are referenced by nobody else; this keeps them alive.
_open_windows: set[MainWindow] = set()
