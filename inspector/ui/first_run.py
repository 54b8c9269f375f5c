"""The first-run wizard: language and station, camera, storage — a new desk is ready in under a minute."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inspector.capture.pipeline import CaptureThread
from inspector.core.settings import SETTINGS_BY_KEY, Settings
from inspector.core.storage import format_bytes
from inspector.i18n.catalogue import install_language
from inspector.i18n.language import LANGUAGES, resolve_language
from inspector.services.context import AppContext
from inspector.ui.settings_dialog import CameraPreview, folder_editor


class FirstRunWizard(QWizard):
    """Three pages; Finish writes the settings (and the chosen data folder) and marks set-up done.

    Choosing another language on the first page ends the wizard with RELAUNCH: its texts
    were set when it was built, so `run_wizard` builds it again in the new language, with
    the answers given so far.
    """

    RELAUNCH = 2  # exec()'s result when the language changed

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        shared: CaptureThread | None = None,
        answers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        answers = answers or {}
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set up this desk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(760, 540)  # room for the camera preview to be recognisable
        s = ctx.settings

        # Page 1: language, station, first operator.
        station_page = QWizardPage()
        station_page.setTitle(self.tr("This desk"))
        station_page.setSubTitle(
            self.tr("The station name and the operator appear on every video and record.")
        )
        self.language = QComboBox()
        self.language.addItem(self.tr("Same as the computer"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        chosen = answers.get("language", s.language)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.station = QLineEdit()
        self.station.setObjectName("wizardStation")
        self.operator = QLineEdit(answers.get("operator", s.operator))
        self.operator.setPlaceholderText(self.tr("Your name (more can be added later)"))
        form = QFormLayout(station_page)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Station name:"), self.station)
        form.addRow(self.tr("Operator:"), self.operator)
        station_page.registerField("station*", self.station)
        self.addPage(station_page)
        # Only now: Qt counts a mandatory field as filled once it differs from its value when
        # the page joined the wizard, so a suggested name set earlier would keep Next disabled.
        suggested = s.station_name
        if suggested == SETTINGS_BY_KEY["station_name"].default:
            suggested = self.tr("Desk 1")  # the untouched default, in the desk's own words
        self.station.setText(answers.get("station", suggested))

        # Page 2: camera, chosen by its picture.
        camera_page = QWizardPage()
        camera_page.setTitle(self.tr("Camera"))
        camera_page.setSubTitle(
            self.tr("Pick the camera above the desk; Preview shows its picture.")
        )
        self.camera = CameraPreview(ctx, shared)
        QVBoxLayout(camera_page).addWidget(self.camera)
        self.camera_page_id = self.addPage(camera_page)
        self.currentIdChanged.connect(self._page_changed)

        # Page 3: storage.
        storage_page = QWizardPage()
        storage_page.setTitle(self.tr("Storage"))
        storage_page.setSubTitle(
            self.tr("Videos and the database are kept here. Choose a large local disk.")
        )
        self.folder = folder_editor(storage_page, str(ctx.storage.root))
        self.reserve = QDoubleSpinBox()
        self.reserve.setRange(0.0, 10_000.0)
        self.reserve.setDecimals(2)
        self.reserve.setValue(s.disk_reserve_gb)
        self.reserve.setSuffix(" GB")
        free = QLabel(self.tr("Free now: %1").replace("%1", format_bytes(ctx.storage.free_bytes())))
        form = QFormLayout(storage_page)
        form.addRow(self.tr("Data folder:"), self.folder)
        form.addRow(self.tr("Keep free at least:"), self.reserve)
        form.addRow("", free)
        self.addPage(storage_page)
        self.finished.connect(lambda _result: self.camera.stop())

    def _page_changed(self, page_id: int) -> None:
        # Arriving on the camera page shows the chosen camera at once: one less thing to find.
        if page_id == self.camera_page_id and self.camera.frames_shown == 0:
            self.camera.preview()

    def _language_changed(self) -> None:
        install_language(resolve_language(self.language.currentData()))
        self.done(self.RELAUNCH)

    def answers(self) -> dict[str, str]:
        """What the first page holds, to carry into the wizard built again in a new language."""
        return {
            "language": self.language.currentData(),
            "station": self.station.text(),
            "operator": self.operator.text(),
        }

    def chosen_data_dir(self) -> Path:
        return Path(self.folder.line_edit.text().strip() or self.ctx.storage.root)

    def apply_to(self, settings: Settings) -> None:
        """Write the wizard's answers into settings and save them."""
        settings.set("language", self.language.currentData())
        settings.set("station_name", self.station.text().strip() or settings.station_name)
        settings.set("operator", self.operator.text().strip())
        settings.set("camera_source", self.camera.spec() or settings.camera_source)
        settings.set("disk_reserve_gb", self.reserve.value())
        settings.set("first_run_done", True)
        settings.save()


def run_wizard(
    ctx: AppContext, parent: QWidget | None = None, shared: CaptureThread | None = None
) -> FirstRunWizard | None:
    """Show the wizard until it is finished (the wizard) or cancelled (None).

    A language chosen on its first page shows the wizard again in that language.
    """
    answers: dict[str, str] | None = None
    while True:
        wizard = FirstRunWizard(ctx, parent, shared, answers)
        result = wizard.exec()
        if result == FirstRunWizard.RELAUNCH:
            answers = wizard.answers()
            wizard.deleteLater()
            continue
        return wizard if result == QDialog.DialogCode.Accepted else None
