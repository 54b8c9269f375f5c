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

# How often a desk copies its finished videos to the shared folder (and retries a lost one;
# each video's own back-off decides whether it is tried).
SHARE_SYNC_MS = 60 * 1000


class MainWindow(QMainWindow):
    """Hosts the station screen and the other pages as tabs.

    `office`: the reviewer's window of a PC without a camera (`inspector review`): Browse,
    Appeals due and the catalogue, exports and verification; no station page, no camera.
    """

    def __init__(self, ctx: AppContext, open_camera: bool = True, office: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.office = office
        self._replaced = False  # by reopened(): the replacement owns the camera now
        self.language_pending = False  # a new language waits for the parcel in hand
        _open_windows.add(self)
        if office:
            self.setWindowTitle(self.tr("Return Inspection Station — office"))
        else:
            self.setWindowTitle(
                self.tr("Return Inspection Station — %1").replace("%1", ctx.settings.station_name)
            )
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.station: StationController | None = None
        if not office:
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
        if open_camera and self.station is not None:
            self.station.open_camera()
        # Hourly, for desks left running for days (both are also done at start): the daily
        # database backup, and a seal over history added after the last seals.
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(60 * 60 * 1000)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.timeout.connect(self.seal_trailing)
        self._backup_timer.start()
        # Finished videos go to the shared folder; a share that was away is caught up with.
        self._share_timer = QTimer(self)
        self._share_timer.setInterval(SHARE_SYNC_MS)
        self._share_timer.timeout.connect(self.sync_shared_videos)
        self._syncing = False
        if not office and ctx.shared_videos_dir is not None:
            self._share_timer.start()
            QTimer.singleShot(0, self.sync_shared_videos)

    def sync_shared_videos(self) -> None:
        """Copy this desk's finished videos to the shared folder in the background; say if it is away."""
        from inspector.services.shared_videos import sync_videos

        if self._syncing:
            return  # a slow share: the pass before this one is still copying
        self._syncing = True

        def done(report: object) -> None:
            self._syncing = False
            self.show_share_report(report)

        def failed(exc: Exception) -> None:
            self._syncing = False
            self.statusBar().showMessage(
                self.tr("Copying videos to the shared folder failed: %1").replace("%1", str(exc))
            )

        run_in_background(lambda: sync_videos(self.ctx), done, failed, self)

    def show_share_report(self, report: object) -> None:
        from inspector.services.shared_videos import SyncReport

        assert isinstance(report, SyncReport)
        if not report.configured:
            return
        if not report.reachable:
            self.statusBar().showMessage(
                self.tr(
                    "The shared video folder cannot be reached: %1 video(s) wait on this "
                    "desk and are copied when it is back. Recording goes on."
                ).replace("%1", str(report.waiting))
            )
        elif report.waiting:
            self.statusBar().showMessage(
                self.tr("%1 video(s) wait to be copied to the shared folder.").replace(
                    "%1", str(report.waiting)
                )
            )
        elif report.copied:
            self.statusBar().showMessage(
                self.tr("Every video of this desk is in the shared folder."), 10000
            )

    def verify_everything(self) -> None:
        """Check the whole record chain and every video this computer can reach."""
        from inspector.services.evidence import verify_all
        from inspector.ui.progress_dialog import JobProgressDialog

        def finished(report: object) -> None:
            problems = getattr(report, "problems", [])
            text = self.tr(
                "%1 sealed records, %2 videos checked, %3 only on another desk, %4 problems."
            )
            for i, value in enumerate(
                (
                    getattr(report, "sealed", 0),
                    getattr(report, "videos_checked", 0),
                    getattr(report, "videos_elsewhere", 0),
                    len(problems),
                ),
                1,
            ):
                text = text.replace(f"%{i}", str(value))
            unchecked = list(getattr(report, "unchecked", []))
            if unchecked:
                text += "\n" + self.tr(
                    "INCOMPLETE: %1 videos in the shared folder could not be reached and were "
                    "not checked."
                ).replace("%1", str(len(unchecked)))
            # Problems first, then what could not be checked, then facts such as a restore
            # acknowledged on purpose.
            notes = list(getattr(report, "notes", []))
            detail = "\n".join([p.message for p in problems[:20]] + unchecked[:20] + notes)
            box = QMessageBox.information if not (problems or unchecked) else QMessageBox.warning
            box(self, self.tr("Verify all records"), text + ("\n\n" + detail if detail else ""))

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("Verify all records"), str(exc))

        self.verify_dialog = JobProgressDialog(
            self, self.tr("Verify all records"), lambda: verify_all(self.ctx), finished, failed
        )
        self.verify_dialog.start()

    def backup_if_due(self) -> None:
        """Make the daily backup in the background when it is due; a failure goes to the status bar."""
        from inspector.services.maintenance import daily_backup

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(
                self.tr("The daily backup failed: %1").replace("%1", str(exc))
            )

        run_in_background(lambda: daily_backup(self.ctx), lambda _result: None, failed, self)

    def seal_trailing(self) -> None:
        """Seal, in the background, the history added after the last seals (issue 22, item 7)."""
        from inspector.services.maintenance import seal_trailing

        run_in_background(
            lambda: seal_trailing(self.ctx), lambda _sealed: None, lambda _exc: None, self
        )

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
        if not self.office:
            add_desk_actions(self, file_menu)
        else:
            # The office sets what the warehouse decides for every desk.
            settings = QAction(self.tr("&Settings…"), self)
            settings.setShortcut(QKeySequence.StandardKey.Preferences)
            settings.triggered.connect(self.edit_warehouse_settings)
            file_menu.addAction(settings)
            file_menu.addSeparator()
        verify = QAction(self.tr("&Verify all records…"), self)
        verify.triggered.connect(self.verify_everything)
        file_menu.addAction(verify)
        file_menu.addSeparator()
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

    def edit_warehouse_settings(self) -> None:
        """The office's Settings: the warehouse's settings in its database."""
        from inspector.ui.warehouse_settings import WarehouseSettingsDialog

        self.warehouse_dialog = WarehouseSettingsDialog(self.ctx, self)
        self.warehouse_dialog.open()

    def quit_asking(self) -> None:
        """Quit, after asking when a parcel is being recorded or waits for its decision."""
        if self.station is None or self.station.confirm_quit():
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
                "F6\twith two cameras: make the other one the large picture\n"
                "F7\ta packed order's return: play the packed item's moment again\n"
                "P\tpass the current step\n"
                "F\tfail the current step\n"
                "N\tthe step does not apply\n"
                "C\ttake a photo (saved with the next answer)\n"
                "↑ ↓\tgo to the previous or next step\n"
                "S\tsign\n"
                "R\treject\n"
                "D\tsign under dispute\n"
                "Space\tkeep recording while the still-desk countdown shows\n"
                "Esc\tleave a text field (the keys are the desk's again); no to a question\n"
                "O W K\tanswer \u201cwhat is this code?\u201d: order number, waybill, keep as a "
                "desk rule\n\n"
                "A question stands in the bar at the top, with the keys that answer it; a scan "
                "never answers it. A scan of the waybill starts the recording; the same scan "
                "again stops it."
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
        if self.station is not None:
            self.station.shutdown()
        self.browse.shutdown()
        replacement = MainWindow(self.ctx, office=self.office)
        replacement.restoreGeometry(geometry)
        replacement.tabs.setCurrentIndex(page)
        replacement.show()
        self._replaced = True
        self.close()
        self.deleteLater()
        return replacement

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        # The window manager's close button asks as Quit does; a close by the program does not.
        station = self.station
        if event.spontaneous() and not self._replaced and station and not station.confirm_quit():
            event.ignore()
            return
        if not self._replaced:
            if station is not None:
                station.shutdown()
            self.browse.shutdown()
            self._share_timer.stop()
        _open_windows.discard(self)
        super().closeEvent(event)


# Windows replaced by reopened() are referenced by nobody else; this keeps them alive.
_open_windows: set[MainWindow] = set()
