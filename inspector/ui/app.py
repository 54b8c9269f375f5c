"""Starting the GUI: the application object, the data directory, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inspector import __version__
from inspector.core.errors import CorruptDatabaseError, InspectorError
from inspector.core.logs import log_dir_for, setup_logging
from inspector.core.storage import DATA_DIR_ENV
from inspector.resources_path import resource_path
from inspector.services.context import AppContext
from inspector.ui.refcounts import guard_singletons

if TYPE_CHECKING:
    from inspector.services.maintenance import StationStartup


def run_gui(
    data_dir: str | None = None,
    database_url: str | None = None,
    shared_videos: str | None = None,
    office: bool = False,
) -> int:
    """Open the station window on the data directory; show start-up failures in a dialog.

    `office` (`inspector review`, or the desk's role set to office): the reviewer's window,
    without a camera, a station page or the station's lock on the data folder.
    """
    guard_singletons()  # PySide6 6.12.0 drops references to None and True (ui/refcounts.py)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Return Inspection Station")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("inspector")
    app.setWindowIcon(QIcon(str(resource_path("icons", "inspector.svg"))))
    # Lets Wayland docks and the menu entry (packaging/linux) recognise the window as ours.
    app.setDesktopFileName("io.github.returninspector.Inspector")
    from inspector.i18n.catalogue import install_language
    from inspector.i18n.language import SYSTEM, resolve_language
    from inspector.ui.settings_dialog import saved_data_dir

    # Until the desk's own choice is known: the computer's language, as core reads it too.
    install_language(resolve_language(SYSTEM))
    if not data_dir and not os.environ.get(DATA_DIR_ENV, "").strip():
        data_dir = saved_data_dir() or None  # the folder chosen in the wizard or the settings
    try:
        ctx = open_or_offer_backup(data_dir, database_url)
        if ctx is None:
            return CorruptDatabaseError.exit_code
        install_language(resolve_language(ctx.settings.language))
        if not ctx.settings.first_run_done:
            ctx = _first_run(ctx, database_url)
    except InspectorError as exc:
        QMessageBox.critical(None, app.translate("App", "Cannot start"), str(exc))
        return 1
    setup_logging(log_dir_for(ctx.storage.root))
    ctx.complete_kept_records()  # videos that ended while the database was away
    ctx.shared_videos_option = shared_videos
    office = office or ctx.settings.desk_role == "office"
    from inspector.ui.main_window import MainWindow

    if office:
        return _run_office(app, ctx)
    from inspector.services.maintenance import start_station

    try:
        # One window per data folder; recordings a crash left behind are finished first.
        startup = start_station(ctx)
    except InspectorError as exc:
        QMessageBox.critical(None, app.translate("App", "Cannot start"), str(exc))
        ctx.close()
        return exc.exit_code
    try:
        window = MainWindow(ctx)
        # The desk's whole screen: where no window manager maximises (a kiosk X server),
        # the window is given the screen's free area itself.
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        show_startup_messages(window, startup)
        code = app.exec()
    finally:
        startup.lock.release()
        ctx.close()
    return code


def _run_office(app: QApplication, ctx: AppContext) -> int:
    # No station lock: the office records nothing, and may look while a desk runs on the folder.
    from inspector.ui.main_window import MainWindow

    try:
        window = MainWindow(ctx, open_camera=False, office=True)
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        return app.exec()
    finally:
        ctx.close()


def show_startup_messages(parent: QWidget, startup: StationStartup) -> None:
    """What start-up found, each under its own title: a failed daily backup is not a recovery."""
    app = QApplication.instance()
    if startup.recovery.anything:
        QMessageBox.information(
            parent, app.translate("App", "Recordings recovered"), startup.recovery.message()
        )
    if startup.problems:
        QMessageBox.warning(
            parent, app.translate("App", "Needs attention"), "\n\n".join(startup.problems)
        )


def open_or_offer_backup(
    data_dir: str | None, database_url: str | None = None, parent: QWidget | None = None
) -> AppContext | None:
    """Open the data folder; if its database is damaged, offer to restore the newest backup.

    The dialog names the damaged file and the backup. On Restore the damaged file is moved
    to the backups folder (never deleted) and the backup put in its place; on Quit nothing
    changes and None is returned.
    """
    try:
        return AppContext.open(data_dir, database_url)
    except CorruptDatabaseError as exc:
        backup = exc.newest_backup
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QApplication.translate("App", "The database is damaged"))
        box.setText(str(exc))
        restore_button = None
        if backup is not None:
            box.setInformativeText(
                QApplication.translate(
                    "App",
                    "Restore the newest backup, {0}? Inspections recorded after it are not in "
                    "it; the damaged file is kept in the backups folder.",
                ).format(backup)
            )
            restore_button = box.addButton(
                QApplication.translate("App", "Restore the backup"),
                QMessageBox.ButtonRole.AcceptRole,
            )
        box.addButton(QApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if restore_button is None or box.clickedButton() is not restore_button:
            return None
        from inspector.services.maintenance import restore_locked

        restore_locked(Path(str(exc.path)).parent, Path(str(backup)))
        return AppContext.open(data_dir, database_url)


def _first_run(ctx: AppContext, database_url: str | None = None) -> AppContext:
    """Walk a new desk through language, station, camera, storage and warehouse; Cancel asks
    again next time."""
    from inspector.core.warehouse import resolve_database_url
    from inspector.i18n.catalogue import install_language
    from inspector.i18n.language import resolve_language
    from inspector.ui.first_run import run_wizard
    from inspector.ui.settings_dialog import save_data_dir

    wizard = run_wizard(ctx)
    if wizard is None:
        return ctx
    chosen = wizard.chosen_data_dir().expanduser().resolve()
    if chosen != ctx.storage.root.resolve():
        ctx.close()
        ctx = AppContext.open(chosen, database_url)
        save_data_dir(str(chosen))
    before = resolve_database_url(database_url, ctx.settings.database_url)
    wizard.apply_to(ctx.settings)
    install_language(resolve_language(ctx.settings.language))
    if wizard.password_note:
        QMessageBox.information(None, wizard.windowTitle(), wizard.password_note)
    if resolve_database_url(database_url, ctx.settings.database_url) != before:
        ctx.close()
        try:
            ctx = AppContext.open(ctx.storage.root, database_url)
        except InspectorError:
            # The desk must still start next time: back to its own database, wizard again.
            ctx.settings.set("database_url", "")
            ctx.settings.set("first_run_done", False)
            ctx.settings.save()
            raise
    return ctx
