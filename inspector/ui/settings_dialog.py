"""The settings dialog, generated from the SETTINGS table: one tab per group, one editor per setting.

The camera tab also lists the cameras found and shows a live preview of the one chosen,
so a desk can pick the right camera by its picture. Values are checked (scan patterns
must compile) before anything is saved; saving is atomic (Settings.save).
"""

from __future__ import annotations

import logging
from typing import Any

import cv2
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.capture.pipeline import CaptureThread, open_capture
from inspector.capture.sources import DEMO, CameraMode, camera_modes, find_cameras, open_source
from inspector.core.errors import InspectorError
from inspector.core.scan_routing import parse_rules
from inspector.core.settings import (
    SETTINGS,
    CameraChoice,
    SettingSpec,
    camera_specs,
    parse_camera_line,
)
from inspector.core.signing import DeskKey
from inspector.i18n.language import LANGUAGES, resolve_language
from inspector.services.cameras import composition
from inspector.services.context import AppContext
from inspector.services.scan_routing import RULES_KEY, own_rules, save_own_rules
from inspector.ui.workers import run_in_background

log = logging.getLogger(__name__)
# Chosen elsewhere (the station window, the first-run wizard), not in this dialog.
HIDDEN_KEYS = frozenset({"operator", "first_run_done", "desk_id"})
DATA_DIR_KEY = "data_dir"  # QSettings key: the data folder chosen in the wizard or here


def tr_setting(text: str) -> str:
    """A label, group or help text of the SETTINGS table in the user's language."""
    return QCoreApplication.translate("Settings", text) if text else text


def saved_data_dir() -> str:
    """The data folder chosen on this computer (QSettings), or '' for the default."""
    return str(QSettings().value(DATA_DIR_KEY, "") or "")


def save_data_dir(path: str) -> None:
    QSettings().setValue(DATA_DIR_KEY, path)


def folder_editor(parent: QWidget, value: str) -> QWidget:
    """A folder field with a Choose… button; the field is the returned widget's `line_edit`."""
    box = QWidget(parent)
    edit = QLineEdit(value)
    edit.setObjectName("folderEdit")
    browse = QPushButton(QCoreApplication.translate("SettingsDialog", "Choose…"))
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(browse)

    def choose() -> None:
        title = QCoreApplication.translate("SettingsDialog", "Choose a folder")
        folder = QFileDialog.getExistingDirectory(box, title, edit.text())
        if folder:
            edit.setText(folder)

    browse.clicked.connect(choose)
    box.line_edit = edit  # type: ignore[attr-defined]
    return box


class CameraPreview(QWidget):
    """A camera picker: the cameras found, a field for a URL or file, and a live picture of the choice.

    For a local camera that was found, its modes (as this program gets them: MJPG from 720p
    up) are listed in `mode_combo`; choosing one emits `mode_chosen(width, height, fps)`.
    """

    mode_chosen = Signal(int, int, float)
    modes_listed = Signal(bool)  # whether the chosen camera's modes are known

    cameras_found = Signal(list)  # the specs ("0", "1"…) of the local cameras a search found

    def __init__(
        self,
        ctx: AppContext,
        shared: CaptureThread | None,
        parent: QWidget | None = None,
        spec: str | None = None,
        optional: bool = False,
    ):
        """spec: the camera chosen at first (the Camera setting when None), a camera line that
        may end with its own mode ("1 1280x720@30"); optional: the choice may be no camera at
        all (a desk's second camera)."""
        super().__init__(parent)
        self.ctx = ctx
        self.shared = shared  # the station's open camera: previewed without opening it twice
        first = parse_camera_line(ctx.settings.camera_source if spec is None else spec)
        self.shared_spec = first.spec
        # This camera's own mode (width, height, fps) and the camera it was chosen for; None:
        # the desk's Width, Height and Frame rate (always so for the main camera).
        self.own_mode: tuple[int, int, float] | None = None
        self._own_mode_for = ""
        if first.width is not None and first.height is not None:
            self.own_mode = (first.width, first.height, first.fps or ctx.settings.fps)
            self._own_mode_for = first.spec
        self.capture: CaptureThread | None = None
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setObjectName("cameraCombo")
        if optional:
            self.combo.addItem(self.tr("No second camera"), "")
        self.combo.addItem(self.tr("Demo desk (no camera)"), DEMO)
        self.set_spec(self.shared_spec)  # "demo" shows as the item's words
        self.modes: dict[str, list[CameraMode]] = {}
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("cameraModeCombo")
        self.mode_combo.setVisible(False)
        self.find_button = QPushButton(self.tr("Find cameras"))
        self.preview_button = QPushButton(self.tr("Preview"))
        self.picture = QLabel(self.tr("Press Preview to see the chosen camera."))
        self.picture.setObjectName("cameraPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 180)
        self.picture.setStyleSheet("QLabel { background: black; color: #ddd; }")
        self.picture.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.preview_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.mode_combo)
        layout.addWidget(self.picture, 1)
        self.combo.currentIndexChanged.connect(self._list_modes)
        self.combo.editTextChanged.connect(self._list_modes)
        self.mode_combo.activated.connect(self._mode_activated)
        self.find_button.clicked.connect(self.find)
        self.preview_button.clicked.connect(self.preview)
        self.frames_shown = 0
        self._timer = QTimer(self)
        self._timer.setInterval(66)
        self._timer.timeout.connect(self._show)

    def spec(self) -> str:
        index = self.combo.currentIndex()
        data = self.combo.itemData(index) if index >= 0 else None
        text = self.combo.currentText().strip()
        if data is not None and self.combo.itemText(index) == text:
            return str(data)
        return text

    def line(self) -> str:
        """The chosen camera as a line of More cameras: its spec, then its own mode if one was chosen."""
        spec = self.spec()
        mode = self.own_mode if spec and self._own_mode_for == spec else None
        if mode is None:
            return spec
        return CameraChoice(spec, mode[0], mode[1], mode[2]).line

    def set_line(self, line: str) -> None:
        """Choose the camera of a More cameras line, with its own mode if the line names one."""
        choice = parse_camera_line(line)
        self.own_mode, self._own_mode_for = None, ""
        if choice.width is not None and choice.height is not None:
            self.own_mode = (choice.width, choice.height, choice.fps or self.ctx.settings.fps)
            self._own_mode_for = choice.spec
        self.set_spec(choice.spec)
        self._list_modes()

    def set_spec(self, spec: str) -> None:
        for i in range(self.combo.count()):
            if self.combo.itemData(i) == spec:
                self.combo.setCurrentIndex(i)
                return
        self.combo.setCurrentText(spec)

    def find(self) -> None:
        """Probe local cameras in the background and list them."""
        self.find_button.setEnabled(False)
        self.picture.setText(self.tr("Looking for cameras…"))

        def done(result: tuple[list[tuple[int, str]], dict[str, list[CameraMode]]]) -> None:
            found, modes = result
            self.find_button.setEnabled(True)
            self.modes.update(modes)
            for index, description in found:
                if self.combo.findData(str(index)) < 0:
                    self.combo.addItem(f"{index}: {description}", str(index))
            self._list_modes()
            self.picture.setText(
                self.tr("%n camera(s) found.", "", len(found))
                if found
                else self.tr("No camera found. Check the cable, or enter a camera URL.")
            )
            self.cameras_found.emit([str(index) for index, _description in found])

        language = resolve_language(self.ctx.settings.language)

        def work() -> tuple[list[tuple[int, str]], dict[str, list[CameraMode]]]:
            found = find_cameras(language=language)
            return found, {str(index): camera_modes(index) for index, _ in found}

        run_in_background(work, done, lambda exc: done(([], {})), self)

    def _list_modes(self, *_args: object) -> None:
        """Offer the chosen camera's own modes, the current setting selected; hide for others."""
        modes = self.modes.get(self.spec(), [])
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        s = self.ctx.settings
        wanted = (
            self.own_mode
            if self.own_mode is not None and self._own_mode_for == self.spec()
            else (s.width, s.height, s.fps)
        )
        for mode in modes:
            self.mode_combo.addItem(str(mode), (mode.width, mode.height, mode.fps))
            if (mode.width, mode.height, mode.fps) == wanted:
                self.mode_combo.setCurrentIndex(self.mode_combo.count() - 1)
        self.mode_combo.blockSignals(False)
        self.mode_combo.setVisible(bool(modes))
        self.modes_listed.emit(bool(modes))
        if modes and self.mode_combo.currentIndex() >= 0:
            self._mode_activated(self.mode_combo.currentIndex())

    def _mode_activated(self, index: int) -> None:
        data = self.mode_combo.itemData(index)
        if data:
            width, height, fps = data
            self.own_mode, self._own_mode_for = (int(width), int(height), float(fps)), self.spec()
            self.mode_chosen.emit(int(width), int(height), float(fps))

    def preview(self) -> None:
        """Show the chosen camera live (the station's own capture if it is the same camera)."""
        self.stop()
        spec = self.spec()
        if not spec:
            self.picture.setText(self.tr("No second camera."))
            return
        if self.shared is not None and spec == self.shared_spec:
            self._timer.start()
            return
        s = self.ctx.settings
        self.picture.setText(self.tr("Opening %1…").replace("%1", spec))
        mode = self.own_mode if self._own_mode_for == spec else None
        width, height, fps = mode or (s.width, s.height, s.fps)

        def work() -> CaptureThread:
            return open_capture(open_source(spec, width, height, fps))

        def opened(capture: CaptureThread) -> None:
            if not self.isVisible() and self.parent() is not None and not self.window().isVisible():
                capture.stop()
                return
            self.capture = capture
            self._timer.start()

        def failed(exc: Exception) -> None:
            self.picture.setText(str(exc))

        run_in_background(work, opened, failed, self)

    def _show(self) -> None:
        source = self.capture or self.shared
        frame = source.latest() if source is not None else None
        if frame is None:
            return
        lw, lh = max(16, self.picture.width()), max(16, self.picture.height())
        h, w = frame.image.shape[:2]
        scale = min(lw / w, lh / h)
        small = cv2.resize(frame.image, (max(2, int(w * scale)), max(2, int(h * scale))))
        qimg = QImage(
            small.data,
            small.shape[1],
            small.shape[0],
            small.strides[0],
            QImage.Format.Format_BGR888,
        )
        self.picture.setPixmap(QPixmap.fromImage(qimg.copy()))
        self.frames_shown += 1

    def stop(self) -> None:
        self._timer.stop()
        if self.capture is not None:
            self.capture.stop()
            self.capture = None


class SettingsDialog(QDialog):
    """Every setting of SETTINGS, grouped in tabs; OK checks, applies and saves them."""

    saved = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        shared_capture: CaptureThread | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        self.editors: dict[str, QWidget] = {}
        # With several cameras the station's capture is their composition: each picker
        # previews its own camera's capture from it rather than opening the camera twice.
        composed = composition(shared_capture) if shared_capture is not None else None
        more = camera_specs(ctx.settings)[1:]
        self._further_cameras = more[1:]  # a third camera on: kept as set (settings file, CLI)
        self.camera = CameraPreview(ctx, composed.feeds[0].capture if composed else shared_capture)
        self.second_camera = CameraPreview(
            ctx,
            composed.feeds[1].capture if composed else None,
            spec=more[0] if more else "",
            optional=True,
        )
        self.second_camera.combo.setObjectName("secondCameraCombo")
        self.tabs = QTabWidget()
        forms: dict[str, QFormLayout] = {}
        for spec in SETTINGS:
            if spec.key in HIDDEN_KEYS:
                continue
            form = forms.get(spec.group)
            if form is None:
                page = QWidget()
                form = forms[spec.group] = QFormLayout(page)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(page)
                self.tabs.addTab(scroll, tr_setting(spec.group))
            editor = self._editor(spec)
            editor.setObjectName(f"setting_{spec.key}")
            if spec.help:
                editor.setToolTip(tr_setting(spec.help))
            self.editors[spec.key] = editor
            if spec.key == "camera_source":
                form.addRow(tr_setting(spec.label), self.camera)
            elif spec.key == "more_cameras":
                form.addRow(tr_setting(spec.label), self.second_camera)
            else:
                form.addRow(tr_setting(spec.label), editor)
            if spec.help and spec.multiline:
                hint = QLabel(tr_setting(spec.help))
                hint.setWordWrap(True)
                form.addRow("", hint)
        if "Storage" in forms:
            self._add_data_folder_row(forms["Storage"])
        if "Evidence" in forms:
            self._add_key_row(forms["Evidence"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        # A local camera's size and rate come from its own modes, not typed numbers.
        self.camera.mode_chosen.connect(self._take_mode)
        self.camera.modes_listed.connect(self._mode_fields_locked)

    def _take_mode(self, width: int, height: int, fps: float) -> None:
        self.set_value("width", width)
        self.set_value("height", height)
        self.set_value("fps", fps)

    def _mode_fields_locked(self, locked: bool) -> None:
        for key in ("width", "height", "fps"):
            if key in self.editors:
                self.editors[key].setEnabled(not locked)

    # ----- editors ------------------------------------------------------------------------

    def _editor(self, spec: SettingSpec) -> QWidget:
        # A desk's own scan rules are read where the desk reads them: its database row
        # once it has one (a warehouse), else its settings file.
        value = own_rules(self.ctx) if spec.key == RULES_KEY else self.ctx.settings.get(spec.key)
        if spec.key == "camera_source":
            return self.camera.combo
        if spec.key == "more_cameras":
            return self.second_camera.combo
        if spec.type is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if spec.type is int:
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(value))
            return spin
        if spec.type is float:
            dspin = QDoubleSpinBox()
            dspin.setRange(0.0, 100_000.0)
            dspin.setDecimals(2)
            dspin.setValue(float(value))
            return dspin
        if spec.choices:
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(self._choice_label(spec.key, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if spec.multiline:
            text = QPlainTextEdit(str(value))
            text.setMinimumHeight(120)
            return text
        if spec.key.endswith("_dir"):
            return folder_editor(self, str(value))
        return QLineEdit(str(value))

    def _choice_label(self, key: str, choice: str) -> str:
        if key == "language":
            return self.tr("Same as the computer") if choice == "system" else LANGUAGES[choice]
        if key == "report_language":
            return self.tr("Same as the desk") if choice == "desk" else LANGUAGES[choice]
        if key == "desk_role":
            return {
                "station": self.tr("A packing desk (with a camera)"),
                "office": self.tr("An office PC (no camera)"),
            }.get(choice, choice)
        if key == "camera_layout":
            return {
                "inset": self.tr("Close-up inset in the main picture"),
                "side_by_side": self.tr("Side by side"),
            }.get(choice, choice)
        return choice

    def _add_data_folder_row(self, form: QFormLayout) -> None:
        self.data_folder = folder_editor(self, saved_data_dir() or str(self.ctx.storage.root))
        self.data_folder.setToolTip(
            self.tr(
                "Where videos and the database are kept. A change takes effect at the next start."
            )
        )
        form.insertRow(0, self.tr("Data folder"), self.data_folder)

    def _add_key_row(self, form: QFormLayout) -> None:
        # The fingerprint the store publishes so a reviewer can check bundles (keys show).
        key = DeskKey.load(self.ctx.storage.root)
        text = key.fingerprint if key else self.tr("made at the first recording")
        self.key_fingerprint = QLabel(text)
        self.key_fingerprint.setObjectName("deskKeyFingerprint")
        self.key_fingerprint.setWordWrap(True)
        self.key_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_fingerprint.setToolTip(
            self.tr(
                "Every seal and every evidence bundle of this desk is signed with this key. "
                "Publish the fingerprint so a reviewer can check a bundle: "
                "inspector verify BUNDLE.zip --fingerprint FP."
            )
        )
        form.insertRow(0, self.tr("Desk signing key"), self.key_fingerprint)

    def value(self, key: str) -> Any:
        """The value an editor holds now, of the setting's type."""
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            return editor.value()
        if key == "camera_source":
            return self.camera.spec()
        if key == "more_cameras":
            chosen = [self.second_camera.line()] if self.second_camera.spec() else []
            return "\n".join(chosen + self._further_cameras)
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if hasattr(editor, "line_edit"):
            return editor.line_edit.text().strip()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, key: str, value: Any) -> None:
        """Put a value in an editor (for tests and the wizard)."""
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(value)
        elif key == "camera_source":
            self.camera.set_spec(str(value))
        elif key == "more_cameras":
            lines = [line.strip() for line in str(value).splitlines() if line.strip()]
            self.second_camera.set_line(lines[0] if lines else "")
            self._further_cameras = lines[1:]
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(value))
        elif hasattr(editor, "line_edit"):
            editor.line_edit.setText(str(value))
        else:
            editor.setText(str(value))

    # ----- saving -------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What must be fixed before saving, in words."""
        out = []
        try:
            parse_rules(self.value("scan_patterns"))
        except InspectorError as exc:
            out.append(str(exc))
        if not str(self.value("station_name")).strip():
            out.append(self.tr("The station needs a name; it is shown on every video."))
        if not str(self.value("camera_source")).strip():
            out.append(self.tr("Choose a camera."))
        elif self.second_camera.spec() == self.camera.spec():
            out.append(
                self.tr("The second camera is the first one again: choose another, or none.")
            )
        return out

    def apply(self) -> None:
        """Check, copy the editors' values into the settings and save them (StorageError on failure)."""
        problems = self.problems()
        if problems:
            from inspector.core.errors import ValidationError

            raise ValidationError("\n".join(problems))
        settings = self.ctx.settings
        rules = self.value(RULES_KEY) if RULES_KEY in self.editors else None
        if rules is not None and rules != own_rules(self.ctx):
            save_own_rules(self.ctx, rules)  # first: refused, it leaves everything as it was
        for key in self.editors:
            if key != RULES_KEY:
                settings.set(key, self.value(key))
        settings.save()
        folder = getattr(self, "data_folder", None)
        if folder is not None:
            chosen = folder.line_edit.text().strip()
            if chosen and chosen != str(self.ctx.storage.root):
                save_data_dir(chosen)
        self.saved.emit()

    def accept(self) -> None:
        try:
            self.apply()
        except InspectorError as exc:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(exc))
            return
        self.camera.stop()
        self.second_camera.stop()
        super().accept()

    def reject(self) -> None:
        self.camera.stop()
        self.second_camera.stop()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.camera.stop()
        self.second_camera.stop()
        super().closeEvent(event)
