"""The desk's menu entries: Settings, Operators and the set-up wizard, and taking up their changes."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from inspector.services.context import AppContext
from inspector.ui.first_run import run_wizard
from inspector.ui.operators_dialog import OperatorsDialog
from inspector.ui.settings_dialog import SettingsDialog, save_data_dir
from inspector.ui.station import StationController


class DeskWindow(Protocol):
    """What the menu needs of the window it sits in (the main window, a QMainWindow, has it).

    Written here so the menu does not import the main window that imports the menu.
    """

    ctx: AppContext
    station: StationController
    language_pending: bool  # a new language waits for the parcel in hand

    def windowTitle(self) -> str: ...  # noqa: N802 (Qt's name)

    def setWindowTitle(self, title: str) -> None: ...  # noqa: N802 (Qt's name)

    def reopened(self) -> DeskWindow:
        """The window built again in the language now installed, in its place."""
        ...


# A change to any of these reopens the desk's cameras (the cameras composed, their layout,
# and whether each camera's thread keeps frames for its own stream are chosen at opening).
_CAMERA_KEYS = (
    "camera_source",
    "width",
    "height",
    "fps",
    "preroll_seconds",
    "more_cameras",
    "camera_layout",
    "keep_camera_streams",
)


def add_desk_actions(window: DeskWindow, menu: QMenu) -> None:
    """Put Settings…, Operators… and Set up this desk… into a menu of the main window."""
    settings = QAction(QCoreApplication.translate("DeskMenu", "&Settings…"), window)
    settings.setShortcut(QKeySequence.StandardKey.Preferences)
    settings.triggered.connect(lambda: edit_settings(window))
    operators = QAction(QCoreApplication.translate("DeskMenu", "&Operators…"), window)
    operators.triggered.connect(lambda: edit_operators(window))
    wizard = QAction(QCoreApplication.translate("DeskMenu", "Set &up this desk…"), window)
    wizard.triggered.connect(lambda: run_setup_wizard(window))
    menu.addActions([settings, operators, wizard])
    menu.addSeparator()


def _snapshot(window: DeskWindow) -> dict:
    s = window.ctx.settings
    return {key: s.get(key) for key in (*_CAMERA_KEYS, "language", "station_name")}


def _take_up(window: DeskWindow, before: dict) -> None:
    """Apply changed settings to the running station; the camera reopens if it changed."""
    station = window.station
    after = _snapshot(window)
    station.hands_free.apply_settings()
    station.refresh_today()
    station.hands_free.refresh_counts()
    window.setWindowTitle(
        window.windowTitle().split(" — ")[0] + " — " + window.ctx.settings.station_name
    )
    if any(before[k] != after[k] for k in _CAMERA_KEYS):
        if station.active is None:
            station.open_camera()
        else:
            station.show_problem(
                QCoreApplication.translate(
                    "DeskMenu", "The new camera settings apply after this recording."
                )
            )
    if before["language"] != after["language"]:
        switch_language(window)


def switch_language(window: DeskWindow) -> DeskWindow | None:
    """Show the windows in the desk's language now (the new window), or once the parcel is done."""
    from inspector.i18n.catalogue import install_language
    from inspector.i18n.language import resolve_language

    station = window.station
    if station.idle:
        install_language(resolve_language(window.ctx.settings.language))
        return window.reopened()
    # Rebuilding now would drop the recording or checklist on screen; wait for the next parcel.
    # One wait is enough: the language is read from the settings when the switch happens.
    if window.language_pending:
        return None
    window.language_pending = True
    station.show_problem(
        QCoreApplication.translate(
            "DeskMenu",
            "The windows change language when this parcel is done; new recordings use it now.",
        )
    )

    def when_done() -> None:
        station.parcel_done.disconnect(when_done)
        window.language_pending = False
        switch_language(window)

    station.parcel_done.connect(when_done)
    return None


def edit_settings(window: DeskWindow) -> None:
    before = _snapshot(window)
    dialog = SettingsDialog(window.ctx, window, shared_capture=window.station.capture)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        _take_up(window, before)


def edit_operators(window: DeskWindow) -> None:
    OperatorsDialog(window.ctx, window).exec()
    window.station.hands_free.fill_operators()


def run_setup_wizard(window: DeskWindow) -> None:
    before = _snapshot(window)
    wizard = run_wizard(window.ctx, window, shared=window.station.capture)
    if wizard is None:
        return
    chosen = wizard.chosen_data_dir()
    if chosen.expanduser().resolve() != window.ctx.storage.root.resolve():
        save_data_dir(str(chosen))
        QMessageBox.information(
            window,
            QCoreApplication.translate("DeskMenu", "Data folder"),
            QCoreApplication.translate(
                "DeskMenu", "The new data folder is used from the next start."
            ),
        )
    wizard.apply_to(window.ctx.settings)
    window.station.hands_free.fill_operators()
    _take_up(window, before)
