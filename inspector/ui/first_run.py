"""The first-run wizard: language and station, camera, storage, and the warehouse a desk may
join — a new desk is ready in under a minute."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inspector.capture.pipeline import CaptureThread
from inspector.capture.sources import DEMO
from inspector.core.errors import InspectorError
from inspector.core.settings import SETTINGS_BY_KEY, Settings, camera_specs
from inspector.core.storage import format_bytes
from inspector.core.warehouse import DEFAULT_PORT, ServerAddress
from inspector.i18n.catalogue import install_language
from inspector.i18n.language import LANGUAGES, resolve_language
from inspector.services.context import AppContext
from inspector.services.warehouse import ConnectionCheck, check_connection, join_warehouse
from inspector.ui.settings_dialog import CameraPreview, folder_editor
from inspector.ui.workers import run_in_background


class WarehousePage(QWizardPage):
    """'This desk joins a warehouse': the server, database, user and password, with a test.

    Left unticked, the desk keeps its own database in its data folder. The password goes to
    the system keyring on Finish (inspector.core.warehouse), never to the settings file.
    """

    def __init__(self, ctx: AppContext, station: QLineEdit) -> None:
        super().__init__()
        self.ctx = ctx
        self.station = station
        self.setTitle(self.tr("Warehouse"))
        self.setSubTitle(
            self.tr(
                "Desks of one warehouse share one PostgreSQL database, so every inspection "
                "can be found from any of them. A desk on its own needs none of this."
            )
        )
        current = ctx.settings.database_url
        address = ServerAddress.from_url(current) if current else None
        self.join = QCheckBox(self.tr("This desk joins a warehouse"))
        self.join.setObjectName("wizardJoinWarehouse")
        self.join.setChecked(bool(current))
        self.host = QLineEdit(address.host if address else "")
        self.host.setPlaceholderText(self.tr("e.g. 192.168.1.10 or warehouse-db"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(address.port if address else DEFAULT_PORT)
        self.database = QLineEdit(address.database if address else "inspector")
        self.user = QLineEdit(address.user if address else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test = QPushButton(self.tr("Test the connection"))
        self.test.setObjectName("wizardTestConnection")
        self.result = QLabel()
        self.result.setObjectName("wizardConnectionResult")
        self.result.setWordWrap(True)
        self.shared_videos = folder_editor(self, ctx.settings.shared_videos_dir)
        self.shared_videos.setObjectName("wizardSharedVideos")
        self.shared_videos.line_edit.setPlaceholderText(
            self.tr("A folder on the network share, mounted on every desk (optional)")
        )
        desk = QLabel(self.tr("Desk id: %1").replace("%1", ctx.desk_id))
        desk.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.addRow(self.join)
        form.addRow(self.tr("Server:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.test)
        form.addRow("", self.result)
        form.addRow(self.tr("Shared video folder:"), self.shared_videos)
        form.addRow("", desk)
        self.fields = (self.host, self.port, self.database, self.user, self.password, self.test)
        self.join.toggled.connect(self._joined)
        self.test.clicked.connect(self.run_test)
        self._joined(self.join.isChecked())
        self.last_check: ConnectionCheck | None = None

    def _joined(self, on: bool) -> None:
        for widget in self.fields:
            widget.setEnabled(on)
        self.result.clear()

    def address(self) -> ServerAddress:
        return ServerAddress(
            self.host.text().strip(),
            self.database.text().strip(),
            self.user.text().strip(),
            self.port.value(),
        )

    def run_test(self) -> None:
        """Connect in the background (a dead server takes seconds) and say what was found."""
        try:
            address = self.address()
            address.url()
        except InspectorError as exc:
            self.result.setText(str(exc))
            return
        self.test.setEnabled(False)
        self.result.setText(self.tr("Connecting…"))
        password, station = self.password.text(), self.station.text().strip()
        run_in_background(
            lambda: check_connection(address, password, station, self.ctx.desk_id),
            self._tested,
            self._failed,
            self,
        )

    def _tested(self, check: ConnectionCheck) -> None:
        self.test.setEnabled(self.join.isChecked())
        self.last_check = check
        lines = [
            self.tr("Connected: %1, round trip %2 ms.")
            .replace("%1", check.server)
            .replace("%2", f"{check.round_trip_ms:.1f}")
        ]
        if check.schema is None:
            lines.append(self.tr("The database is empty: this desk will set it up."))
        elif check.newer:
            lines.append(
                self.tr(
                    "The database was written by a newer version of inspector; install it on "
                    "this desk first."
                )
            )
        else:
            lines.append(
                self.tr("Warehouse records found (schema %1).").replace("%1", check.schema)
            )
        if check.station_taken:
            taken = self.station.text().strip()
            if check.free_name:
                # One name, one desk: the free name is proposed in the field, for the
                # operator to keep or change (a desk cannot record under another's name).
                self.station.setText(check.free_name)
            lines.append(
                self.tr(
                    "The station name %1 is already another desk's in this warehouse; this desk "
                    "is now named %2 (go back to change it)."
                )
                .replace("%1", taken)
                .replace("%2", self.station.text().strip())
            )
        self.result.setText("\n".join(lines))

    def _failed(self, exc: Exception) -> None:
        self.test.setEnabled(self.join.isChecked())
        self.last_check = None
        self.result.setText(self.tr("Not connected: %1").replace("%1", str(exc)))

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        if not self.join.isChecked():
            return True
        try:
            self.address().url()
        except InspectorError as exc:
            self.result.setText(str(exc))
            return False
        return True

    def apply_to(self, settings: Settings) -> str:
        """Keep the warehouse choice; what to tell the user about the password, or ''."""
        settings.set("shared_videos_dir", self.shared_videos.line_edit.text().strip())
        if not self.join.isChecked():
            settings.set("database_url", "")
            return ""
        folder = settings.path.parent  # the chosen data folder, where a password file would go
        saved = join_warehouse(settings, folder, self.address(), self.password.text())
        if saved is None or saved.where == "keyring":
            return ""
        return self.tr(
            "This computer has no system keyring, so the database password was written to %1, "
            "readable by this user only."
        ).replace("%1", str(saved.path))


class _DeskPage(QWizardPage):
    """The first page: complete only with a station name and an operator (a recording needs one)."""

    def __init__(self, operator: QLineEdit) -> None:
        super().__init__()
        self.operator = operator
        operator.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return super().isComplete() and bool(self.operator.text().strip())


class FirstRunWizard(QWizard):
    """Four pages; Finish writes the settings (and the chosen data folder) and marks set-up done.

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
        self.operator = QLineEdit(answers.get("operator", s.operator))
        self.operator.setObjectName("wizardOperator")
        station_page = _DeskPage(self.operator)
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
        self.operator.setPlaceholderText(
            self.tr("Your name — needed: every recording says who made it")
        )
        self.role = QComboBox()
        self.role.setObjectName("wizardRole")
        self.role.addItem(self.tr("A packing desk with a camera"), "station")
        self.role.addItem(self.tr("An office PC that reviews (no camera)"), "office")
        self.role.setCurrentIndex(max(0, self.role.findData(answers.get("role", s.desk_role))))
        form = QFormLayout(station_page)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("This computer is:"), self.role)
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
        self.camera.cameras_found.connect(self._cameras_found)
        # A second camera (a close-up of the label and serial) is recorded into the same video.
        more = camera_specs(s)[1:]
        self.second_camera = CameraPreview(ctx, None, spec=more[0] if more else "", optional=True)
        self.second_camera.combo.setObjectName("wizardSecondCamera")
        self.second_camera.picture.setMinimumSize(240, 120)
        self._further_cameras = more[1:]
        camera_layout = QVBoxLayout(camera_page)
        camera_layout.addWidget(self.camera, 3)
        camera_layout.addWidget(
            QLabel(self.tr("Second camera (optional), e.g. a close-up of the label and serial:"))
        )
        camera_layout.addWidget(self.second_camera, 2)
        # With two cameras the evidence is the composed video; each camera's own picture at
        # its own size may be kept beside it (an encoder and disk space per camera).
        self.keep_streams = QCheckBox(
            self.tr("Also keep each camera's own full-size video, sealed with the inspection")
        )
        self.keep_streams.setObjectName("wizardKeepStreams")
        self.keep_streams.setChecked(bool(s.keep_camera_streams))
        camera_layout.addWidget(self.keep_streams)
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
        self.storage_page_id = self.addPage(storage_page)

        # Page 4: a warehouse's shared database, or none.
        self.warehouse = WarehousePage(ctx, self.station)
        self.addPage(self.warehouse)
        self.password_note = ""
        self.finished.connect(lambda _result: self.camera.stop())
        self.finished.connect(lambda _result: self.second_camera.stop())

    def nextId(self) -> int:  # noqa: N802 (Qt's name)
        # An office PC has no camera: its set-up skips the camera page (and its preview).
        following = super().nextId()
        if following == self.camera_page_id and self.role.currentData() == "office":
            return self.storage_page_id
        return following

    def _page_changed(self, page_id: int) -> None:
        # Arriving on the camera page looks for cameras, picks one that is there and shows
        # it at once: one less thing to find, and never a camera "0" that does not exist.
        if page_id == self.camera_page_id and self.camera.frames_shown == 0:
            self.camera.find()

    def _cameras_found(self, found: list[str]) -> None:
        """Keep the chosen camera if it was found (or is a URL or file); else the first found, else the demo."""
        for found_spec in found:
            # The second camera may be any camera found, too.
            if found_spec in self.camera.modes:  # its modes, to pick one for it
                self.second_camera.modes[found_spec] = self.camera.modes[found_spec]
            if self.second_camera.combo.findData(found_spec) < 0:
                text = self.camera.combo.itemText(self.camera.combo.findData(found_spec))
                self.second_camera.combo.addItem(text or found_spec, found_spec)
        spec = self.camera.spec()
        local = spec.isdigit() or spec == DEMO
        if local and spec not in found:
            self.camera.set_spec(found[0] if found else DEMO)
        if self.camera.frames_shown == 0:
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
            "role": self.role.currentData(),
        }

    def chosen_data_dir(self) -> Path:
        return Path(self.folder.line_edit.text().strip() or self.ctx.storage.root)

    def apply_to(self, settings: Settings) -> None:
        """Write the wizard's answers into settings and save them."""
        settings.set("language", self.language.currentData())
        settings.set("desk_role", self.role.currentData())
        settings.set("station_name", self.station.text().strip() or settings.station_name)
        settings.set("operator", self.operator.text().strip())
        settings.set("camera_source", self.camera.spec() or settings.camera_source)
        second = self.second_camera.line()
        if self.second_camera.spec() == settings.camera_source:
            second = ""  # the same camera twice is one camera
        settings.set(
            "more_cameras", "\n".join(([second] if second else []) + self._further_cameras)
        )
        settings.set("keep_camera_streams", self.keep_streams.isChecked())
        settings.set("disk_reserve_gb", self.reserve.value())
        self.password_note = self.warehouse.apply_to(settings)
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
