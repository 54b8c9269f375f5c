"""The station window's shell: it forwards the desk's inputs to the desk machine and shows its state.

The desk machine (services/desk_machine.py) decides what a scan, a key, a typed number, a
camera event or quitting does; this controller turns Qt's events into its inputs, carries
out its outputs (open the camera, start and stop a recording, record an answer or a
decision) and draws its state: the state bar (phase, parcel, question and the keys that
answer it), the parcel form, the checklist and today's list. No modal box stands on the
desk path: a scanner gun types into whatever has the focus.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from inspector.capture.overlay import OverlayInfo, OverlayRenderer
from inspector.capture.pipeline import CapturedFrame, CaptureState, CaptureThread, open_capture
from inspector.capture.sources import DEMO, DemoSource
from inspector.core.errors import InspectorError
from inspector.core.models import normalize_code
from inspector.core.scan_routing import Route
from inspector.core.settings import camera_specs
from inspector.i18n.catalogue import (
    value_text,
)
from inspector.i18n.language import resolve_language
from inspector.services.cameras import composition, desk_source, swap_cameras
from inspector.services.context import AppContext
from inspector.services.desk_facts import DatabaseFacts
from inspector.services.desk_machine import (
    Ask,
    Banner,
    Camera,
    CameraEvent,
    CloseWindow,
    ContinueRecording,
    DecisionFailed,
    DeskConfig,
    DeskMachine,
    DeskMode,
    EndPacking,
    FieldFocus,
    FillField,
    FillParcel,
    FocusField,
    FormFilled,
    Input,
    KeepDeskRule,
    Key,
    MoveStep,
    NextParcel,
    OperatorChange,
    Output,
    PackItem,
    PackSerial,
    Phase,
    Quit,
    RecordAnswer,
    RecordDecision,
    RecordingFailed,
    RecordingSaved,
    RecordingStarted,
    RememberSighting,
    Scan,
    ScanTaken,
    SetOperator,
    Settings,
    ShowProduct,
    Source,
    StartPacking,
    StartRecording,
    StepsChanged,
    StopRecording,
    Taken,
    TakePhoto,
    TypedEntry,
)
from inspector.services.desk_machine import DeskKey as KeyInput
from inspector.services.desk_screen import screen
from inspector.services.guided import CodeLookup, DecisionDetail
from inspector.services.inspections import InspectionSummary, desk_day, start_of_today
from inspector.services.maintenance import continue_inspection
from inspector.services.recording import (
    ActiveInspection,
    StartRequest,
    start_inspection,
)
from inspector.services.scan_routing import keep_desk_rule
from inspector.ui.checklist import ChecklistController
from inspector.ui.desk_keys import DeskKey, DeskKeys
from inspector.ui.packing_panel import REPLAY_KEY, PackingPanel
from inspector.ui.scanner import refuse_composition
from inspector.ui.station_hands_free import HandsFreeDesk
from inspector.ui.station_view import StationView, bar_style
from inspector.ui.station_words import StationWords
from inspector.ui.tables import TableRow, show_rows
from inspector.ui.workers import run_in_background

log = logging.getLogger(__name__)
PREVIEW_INTERVAL_MS = 33
# The desk key that makes another of several cameras the large picture.
SWAP_KEY = Qt.Key.Key_F6


class StationController(QObject):
    """Owns the camera and the parcel at this desk: recording it, checking it, its decision."""

    camera_changed = Signal(str)
    recording_started = Signal(int)
    recording_stopped = Signal(object)  # InspectionSummary
    parcel_done = Signal()  # the form is clear for the next parcel: nothing is in hand

    def __init__(self, ctx: AppContext, view: StationView | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = view or StationView()
        # The bar's words; a parcel scanned again is told with its earlier recordings.
        self.words = StationWords(ctx, lambda o, c: self.hands_free.earlier_text(o, c), self)
        self.capture: CaptureThread | None = None
        self.active: ActiveInspection | None = None
        self._stopping = False
        self._resume_id: int | None = None  # an inspection a lost camera cut short
        self._opening = ""  # the camera being opened
        self._opening_several = False  # several cameras: a missing one is named, not replaced
        self._fallback_note = ""  # why the demo camera is shown instead of the configured one
        self._camera_was_lost = False
        self._preview_overlay: OverlayRenderer | None = None
        self._last_seq = -1
        self._note = ""  # what the state bar says when idle (the last recording saved)
        self._decision: DecisionDetail | None = None  # stays on the bar until the next parcel
        self._bar_state = ""
        self._banner_shown: Banner | None = None
        self._closing = False
        self._checklist_due: StartRequest | None = None  # built just after RECORDING shows
        self.preview_frames_shown = 0

        v = self.view
        v.station_label.setText(ctx.settings.station_name)
        if ctx.settings.operator:
            v.operator_combo.addItem(ctx.settings.operator)
        # The desk machine decides; its facts are the desk's data and its current router.
        self.machine = DeskMachine(DatabaseFacts(ctx, lambda: self.hands_free.router))
        self._inputs: list[Input] = []
        self._feeding = False
        self._want_focus: str | None = None
        self._route: Route | None = None  # the route of the scan being fed (for handle_scan)

        self.checklist = ChecklistController(
            ctx,
            frame=self._latest_image,
            video_offset=lambda: self.active.elapsed if self.active else None,
            operator=lambda: self.machine.state.operator,
        )
        v.right.insertWidget(v.right.indexOf(v.today_group), self.checklist.view, 1)
        self.checklist.view.hide()
        # The order's packing beside the live picture of its return (when it was filmed here).
        self.packing_panel = PackingPanel()
        v.right.insertWidget(v.right.indexOf(self.checklist.view), self.packing_panel)
        self._packed: list[str] = []  # what the packing in hand said, item by item
        self.checklist.caption_changed.connect(self._show_step_caption)
        # The packing video follows the return's checklist: a step about a SKU shows it packed.
        self.checklist.step_sku.connect(self.packing_panel.follow_step)
        self.checklist.key_pressed.connect(lambda name: self.press(Key(name)))

        # Buttons and Enter in a field are inputs too.
        v.start_button.clicked.connect(self.start)
        v.stop_button.clicked.connect(self.stop)
        v.use_demo_button.clicked.connect(lambda: self.open_camera(DEMO))
        self._fields: dict[QWidget, str] = {
            v.order_edit: "order",
            v.courier_edit: "courier",
            v.reason_edit: "reason",
            v.operator_combo.lineEdit(): "operator",
            self.checklist.view.value_edit: "value",
            self.checklist.view.note_edit: "note",
        }
        for edit, name in self._fields.items():
            if isinstance(edit, QLineEdit) and name != "operator":
                edit.returnPressed.connect(lambda e=edit, n=name: self._entered(n, e.text()))
        v.operator_combo.activated.connect(
            lambda _i: self.feed(OperatorChange(v.operator_combo.currentText()))
        )
        v.operator_combo.lineEdit().returnPressed.connect(
            lambda: self.feed(OperatorChange(v.operator_combo.currentText()))
        )
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._watching_focus = True

        # The desk's keys work wherever the focus is; made before the scanner filter, which
        # must see a key first (see inspector/ui/desk_keys.py). Each is a named key for the
        # machine; a key is claimed only when it means something now, so a widget keeps it otherwise.
        m = self.machine

        def checking() -> bool:
            return m.state.checking or m.state.prompt is not None

        def asking() -> bool:
            return m.state.prompt is not None and m.state.prompt.ask is Ask.WHAT_IS_CODE

        def escaping() -> bool:
            state = m.state
            return bool(state.prompt or state.typing_in or state.phase is Phase.PARCEL)

        letters = {
            Qt.Key.Key_P: (Key.PASS, checking),
            Qt.Key.Key_F: (Key.FAIL, checking),
            Qt.Key.Key_N: (Key.NA, checking),
            Qt.Key.Key_C: (Key.PHOTO, checking),
            Qt.Key.Key_S: (Key.SIGN, checking),
            Qt.Key.Key_R: (Key.REJECT, checking),
            Qt.Key.Key_D: (Key.DISPUTE, checking),
            Qt.Key.Key_O: (Key.AS_ORDER, asking),
            Qt.Key.Key_W: (Key.AS_WAYBILL, asking),
            Qt.Key.Key_K: (Key.KEEP_RULE, asking),
        }
        self.keys = DeskKeys(
            v,
            [
                DeskKey(Qt.Key.Key_F5, lambda: self.press(Key.START)),
                DeskKey(Qt.Key.Key_F8, lambda: self.press(Key.STOP)),
                DeskKey(Qt.Key.Key_Escape, lambda: self.press(Key.ESCAPE), enabled=escaping),
                *(
                    DeskKey(qt_key, lambda k=key: self.press(k), typed=True, enabled=when)
                    for qt_key, (key, when) in letters.items()
                ),
                DeskKey(Qt.Key.Key_Up, lambda: self.press(Key.UP), enabled=checking),
                DeskKey(Qt.Key.Key_Down, lambda: self.press(Key.DOWN), enabled=checking),
                # Another camera the large picture: the cameras' own business, not the parcel's.
                DeskKey(SWAP_KEY, self.swap_cameras, enabled=self._several_cameras),
                # The packed item's moment again, in the packing video beside the live picture.
                DeskKey(
                    REPLAY_KEY, self.packing_panel.replay, enabled=self.packing_panel.isVisible
                ),
            ],
        )
        # Scanner gun, camera barcode, auto-stop, operators (inspector/ui/station_hands_free.py).
        # Fields that only hold codes take no IME composition, so a scanner's keys arrive there
        # as keys whatever input method is on; notes, reasons and operator names keep the IME.
        refuse_composition(v.order_edit, v.courier_edit, self.checklist.view.value_edit)
        self.hands_free = HandsFreeDesk(ctx, v, self)
        self.camera_changed.connect(lambda _d: self.hands_free.camera_changed())
        self.recording_started.connect(lambda _id: self.hands_free.recording_started())
        self.recording_stopped.connect(lambda _s: self.hands_free.refresh_counts())
        operator = v.operator_combo.currentText().strip()
        if operator:
            self.feed(OperatorChange(operator))

        self._timer = QTimer(self)
        self._timer.setInterval(PREVIEW_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._show_state()
        self.refresh_today()

    # ----- the machine: inputs in, outputs carried out ------------------------------------

    def feed(self, event: Input) -> None:
        """Give the desk machine one input and carry out what it answers, in order.

        An input that an output gives rise to (the recording started) waits for the one
        being handled to finish, so the machine sees its inputs one at a time.
        """
        self._inputs.append(event)
        if self._feeding:
            return
        if self._config() != self.machine.state.config:
            self._inputs.insert(0, Settings(self._config()))  # the settings changed meanwhile
        self._feeding = True
        before = self.machine.state.phase
        try:
            while self._inputs:
                for output in self.machine.feed(self._inputs.pop(0)):
                    self._carry_out(output)
        finally:
            self._feeding = False
        self._show_state()
        if before is not Phase.RECORDING and self.machine.state.phase is Phase.RECORDING:
            # RECORDING / PACKING on screen now, before anything queued after the scan.
            self.view.banner.repaint()
        done = (Phase.IDLE, Phase.DECIDED)
        if before not in done and self.machine.state.phase in done:
            self.parcel_done.emit()
        if self._want_focus is not None:
            # After the state is drawn: the field asked for may only now be shown.
            name, self._want_focus = self._want_focus, None
            self._focus(name)

    def press(self, key: Key) -> None:
        """A desk key (a key press or its button); F5 first reads what was typed in the form."""
        if key is Key.START:
            self._form_filled()
        self.feed(KeyInput(key))

    def _form_filled(self) -> None:
        v = self.view
        if v.order_edit.isEnabled():
            self.feed(FormFilled(v.order_edit.text(), v.courier_edit.text()))

    def _entered(self, name: str, text: str) -> None:
        """Enter in a text field: the typed text for the machine (never a scan)."""
        if name in ("order", "courier"):
            v = self.view
            other = v.courier_edit if name == "order" else v.order_edit
            # The other number typed without its own Enter belongs to the same parcel.
            if other.text().strip():
                order = text if name == "order" else other.text()
                courier = text if name == "courier" else other.text()
                self.feed(FormFilled(order, courier))
        self.feed(TypedEntry(name, text, "enter"))

    def _config(self) -> DeskConfig:
        s = self.ctx.settings
        return DeskConfig(
            bool(s.auto_start_on_scan), bool(s.stop_on_same_scan), bool(s.packing_desk)
        )

    def start(self) -> None:
        """F5: start recording the parcel on the form (or answer the question F5 answers)."""
        self.press(Key.START)

    def stop(self) -> None:
        """F8: stop recording."""
        self.press(Key.STOP)

    def scan(self, code: str, source: Source, target: QWidget | None = None) -> Route:
        """A scanned code for the machine; target: the widget that had the focus, if any."""
        name = self._fields.get(target) if target is not None else None
        self._route = None
        self.feed(Scan(code, source, name or ""))
        route = self._route
        assert route is not None  # every scan is taken one way or another
        return route

    def desk_still(self) -> None:
        self.feed(CameraEvent(Camera.STILL, ""))

    def settings_changed(self) -> None:
        self.feed(Settings(self._config()))

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.view.window():
            return
        name = self._fields.get(new, "")
        if name != self.machine.state.typing_in:
            self.feed(FieldFocus(name))

    def _carry_out(self, output: Output) -> None:  # noqa: C901 (one branch an output)
        v = self.view
        if isinstance(output, ScanTaken):
            self._scan_taken(output)
        elif isinstance(output, StartRecording):
            v.order_edit.setText(output.order)
            v.courier_edit.setText(output.courier)
            self._start_recording()
        elif isinstance(output, ContinueRecording):
            self._continue(output.inspection)
        elif isinstance(output, StopRecording):
            self._stop_recording()
        elif isinstance(output, RecordAnswer):
            self.checklist.answer(output.result)
            self.feed(StepsChanged(self.checklist.facts()))
        elif isinstance(output, TakePhoto):
            self.checklist.take_photo()
        elif isinstance(output, MoveStep):
            self.checklist.move(output.delta)
        elif isinstance(output, RecordDecision):
            try:
                detail = self.checklist.decide(
                    output.decision, output.reason, output.confirmed_open_steps
                )
            except InspectorError as exc:
                self.feed(DecisionFailed(str(exc)))
            else:
                self._decision = detail
                self.refresh_today()
        elif isinstance(output, ShowProduct):
            v.scan_label.setText(self.hands_free.describe(output.route, Source.SCANNER))
            self.hands_free.product_scanned(output.route)
        elif isinstance(output, SetOperator):
            combo = v.operator_combo
            if output.name and combo.findText(output.name) < 0:
                combo.addItem(output.name)
            combo.setCurrentText(output.name)
            if output.name:
                self.hands_free.remember_operator(output.name)
        elif isinstance(output, FillParcel):
            self._fill_parcel(output.order, output.courier)
        elif isinstance(output, FocusField):
            self._want_focus = output.field
        elif isinstance(output, KeepDeskRule):
            try:
                keep_desk_rule(self.ctx, output.code, output.kind)
            except InspectorError as exc:
                self.show_problem(str(exc))
            self.hands_free.apply_settings()
        elif isinstance(output, RememberSighting):
            self.hands_free.remember_sighting(output.courier)
        elif isinstance(output, FillField):
            edit = next((w for w, n in self._fields.items() if n == output.field), None)
            if isinstance(edit, QLineEdit):
                edit.setText(output.text)
        elif isinstance(output, NextParcel):
            self._next_parcel()
        elif isinstance(output, CloseWindow):
            self._closing = True
        elif isinstance(output, StartPacking):
            v.order_edit.setText(output.order)
            v.courier_edit.setText(output.waybill)
            self._start_packing()
        elif isinstance(output, PackItem):
            self._pack(output.route.product.sku if output.route.product else output.route.value)
        elif isinstance(output, PackSerial):
            self._pack(serial=output.serial)
        elif isinstance(output, EndPacking):
            self._end_packing()

    def _scan_taken(self, taken: ScanTaken) -> None:
        """Say what a scan (or a number typed) was taken for; a withdrawn question is said so."""
        self._route = taken.route
        v = self.view
        if taken.taken is Taken.FIELD:
            text = self.tr("%1 went into the field you were typing in.").replace(
                "%1", taken.route.value
            )
        else:
            text = self.hands_free.describe(taken.route, taken.source)
        if taken.withdrew is not None:
            text += "\n" + self.tr("The question (%1) was withdrawn by this scan.").replace(
                "%1", self.words.prompt_title(taken.withdrew)
            )
        v.scan_label.setText(text)
        if taken.taken is not Taken.IGNORED:
            self.show_problem("")

    def _fill_parcel(self, order: str, courier: str) -> None:
        """The parcel form shows the machine's numbers, and what the order shipped."""
        v = self.view
        v.order_edit.setText(order)
        v.courier_edit.setText(courier)
        if not order and not courier:
            v.courier_edit.setPlaceholderText(self.tr("Scan the waybill barcode, then Enter"))
            return
        self._show_checklist(True)
        if self.machine.state.desk_mode is DeskMode.PACKING:
            # What the order holds is looked up once PACKING is on the bar: the packer needs
            # the mark at once (scan → PACKING ≤ 150 ms), the list a moment later.
            QTimer.singleShot(0, lambda: self._show_shipped(order, courier))
            return
        lookup = self.checklist.look_up(order or courier, waybill=not order)
        if lookup is not None and lookup.courier_number and not courier:
            v.courier_edit.setPlaceholderText(
                self.tr("Expected waybill: %1").replace("%1", lookup.courier_number)
            )

    def _show_shipped(self, order: str, courier: str) -> None:
        """What the order being packed holds (if it is still the parcel on the form)."""
        v = self.view
        if not self._closing and (v.order_edit.text(), v.courier_edit.text()) == (order, courier):
            self.checklist.look_up(order or courier, waybill=not order)

    def _focus(self, name: str) -> None:
        """Give the keyboard to a field, or back to the desk (its keys work again)."""
        if name:
            widget = next((w for w, n in self._fields.items() if n == name), None)
            if widget is not None and widget.isVisible() and widget.isEnabled():
                widget.setFocus()
                return
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is self.view.window():
            self.view.setFocus()

    # ----- what the hands-free desk may ask (its Desk protocol) ---------------------------

    @property
    def busy(self) -> bool:
        """Recording, or saving the recording just stopped."""
        return self.active is not None or self._stopping

    @property
    def saving(self) -> bool:
        """The recording is stopped and its file being finished."""
        return self._stopping

    @property
    def camera_open(self) -> bool:
        return self.capture is not None

    def latest_frame(self) -> CapturedFrame | None:
        """The camera's newest frame, or None without a camera picture."""
        return self.capture.latest() if self.capture is not None else None

    def shown_order(self) -> CodeLookup | None:
        """The imported order the checklist shows for the parcel in hand, or None."""
        lookup = self.checklist.lookup
        if lookup is None or lookup.order is None or self.checklist.view.isHidden():
            return None
        current = self.active.request.order_number if self.active else self.view.order_edit.text()
        if normalize_code(current) != normalize_code(lookup.order.order_number):
            return None  # the checklist still shows an earlier look-up
        return lookup

    # ----- camera -------------------------------------------------------------------------

    def open_camera(self, spec: str | None = None) -> None:
        """Open the configured cameras in the background; fall back to offering the demo source.

        spec: one camera instead of the settings' (Camera, then More cameras composed into one).
        """
        specs = [spec] if spec else camera_specs(self.ctx.settings)
        spec = specs[0]
        self._opening_several = len(specs) > 1
        if self.active is not None:
            self.show_problem(self.tr("Stop the recording before changing the camera."))
            return
        self._close_camera()
        s = self.ctx.settings
        self._opening = spec
        self.view.source_label.setText(self.tr("Opening camera %1…").replace("%1", spec))
        self.view.use_demo_button.hide()

        language = resolve_language(s.language)

        def work() -> CaptureThread:
            source = desk_source(
                specs,
                s.width,
                s.height,
                s.fps,
                s.camera_layout,
                language,
                keep_streams=s.keep_camera_streams,
                preroll_seconds=s.preroll_seconds,
            )
            return open_capture(source, s.preroll_seconds)

        run_in_background(work, self._camera_opened, self._camera_failed, self)

    # ----- several cameras ----------------------------------------------------------------

    def _several_cameras(self) -> bool:
        return self.capture is not None and composition(self.capture) is not None

    def swap_cameras(self) -> None:
        """Make another camera the large picture (F6); while recording, noted with its second."""
        if self.capture is None:
            return
        number = (
            self.active.swap_cameras() if self.active is not None else swap_cameras(self.capture)
        )
        if number is not None:
            self.show_problem(
                self.tr("Camera %1 is now the large picture.").replace("%1", str(number))
            )

    def _composed_camera_changes(self) -> None:
        """Say when one of several cameras is lost, back or late: the recording goes on without it."""
        composed = composition(self.capture) if self.capture is not None else None
        if composed is None:
            return
        for change in composed.drain_changes():
            number = str(change.camera)
            if change.kind in ("lost", "ended"):
                text = self.tr(
                    "Camera %1 lost: the recording goes on with the other cameras and shows "
                    "its picture as lost. Check its cable or network; it reconnects by itself."
                ).replace("%1", number)
            elif change.kind == "back":
                text = self.tr("Camera %1 is back in the picture.").replace("%1", number)
            elif change.kind == "late":
                text = self.tr(
                    "Camera %1 is late: its picture is shown grey until it catches up."
                ).replace("%1", number)
            elif change.kind == "slow" and (camera := composed.feeds[change.camera - 1].capture):
                # Fewer frames a second than asked: the words and figures in the desk's language.
                text = camera.shortfall(resolve_language(self.ctx.settings.language))
            else:
                continue
            if not text:
                continue
            self.show_problem(text)
            self.view.message_label.setToolTip(change.message)

    def _camera_opened(self, capture: CaptureThread) -> None:
        self.capture = capture
        self._preview_overlay = None
        self.view.source_label.setText(
            self.tr("Camera: %1").replace("%1", self._camera_words())
            + (f" — {self._fallback_note}" if self._fallback_note and self._opening == DEMO else "")
        )
        self.view.use_demo_button.hide()
        composed = composition(capture)
        sources = [f.source for f in composed.feeds] if composed else [capture.source]
        self.view.demo_banner.setVisible(any(isinstance(s, DemoSource) for s in sources))
        self.camera_changed.emit(capture.source.description)

    def _camera_words(self) -> str:
        """The camera in use, in the windows' language."""
        assert self.capture is not None
        return self.capture.source.describe(resolve_language(self.ctx.settings.language))

    def _camera_failed(self, exc: Exception) -> None:
        log.warning("Camera failed to open: %s", exc)
        if self._opening.isdigit() and not self._fallback_note and not self._opening_several:
            # No local camera at all (a new desk, a laptop without one): the desk still works,
            # on the built-in demo camera, and says so.
            self._fallback_note = self.tr(
                "camera %1 was not found, so the demo camera is shown. Plug a camera in and "
                "choose it in File → Settings."
            ).replace("%1", self._opening)
            self.open_camera(DEMO)
            return
        self.view.preview.setText(self.tr("No camera picture"))
        self.view.source_label.setText(f"{exc}")
        self.view.use_demo_button.show()

    def _close_camera(self) -> None:
        if self.capture is not None:
            self.capture.stop()
            self.capture = None

    # ----- preview ------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.active is not None:
            self._show_state()
            if self.active.recorder.finished.is_set() and not self._stopping:
                # The source ended or the encoder failed: finish the file without waiting for the operator.
                reason = self.active.recorder.error or self.active.recorder.end_reason or ""
                self.feed(CameraEvent(Camera.ENDED, reason))
        if self.capture is None:
            return
        self._camera_events()
        self._composed_camera_changes()
        frame = self.capture.latest()
        if frame is None or frame.seq == self._last_seq:
            return
        self._last_seq = frame.seq
        self._show_frame(frame.image, frame.wall, self.active.elapsed if self.active else None)

    def _show_frame(self, image: np.ndarray, wall, elapsed: float | None) -> None:
        label = self.view.preview
        lw, lh = max(16, label.width()), max(16, label.height())
        h, w = image.shape[:2]
        scale = min(lw / w, lh / h)
        pw, ph = max(2, int(w * scale)) & ~1, max(2, int(h * scale)) & ~1
        small = cv2.resize(image, (pw, ph), interpolation=cv2.INTER_AREA)
        overlay = self._preview_overlay
        if overlay is None or (overlay.width, overlay.height) != (pw, ph):
            overlay = self._preview_overlay = OverlayRenderer(pw, ph)
        overlay.set_info(self._overlay_info())
        overlay.apply(small, wall, elapsed)
        self.hands_free.decorate_preview(small)
        qimg = QImage(small.data, pw, ph, small.strides[0], QImage.Format.Format_BGR888)
        label.setPixmap(QPixmap.fromImage(qimg))
        self.preview_frames_shown += 1

    def _overlay_info(self) -> OverlayInfo:
        if self.active is not None:
            return self.active.recorder.overlay.info
        v = self.view
        return OverlayInfo(
            v.order_edit.text().strip().upper(),
            v.courier_edit.text().strip().upper(),
            self.ctx.settings.station_name,
            v.operator_combo.currentText().strip(),
            labels=self.hands_free.labels,
        )

    # ----- the state bar ------------------------------------------------------------------

    def _show_state(self) -> None:
        """The state bar says what the machine's state is: ready, recording, a question, decided."""
        v = self.view
        state = self.machine.state
        shown = screen(
            state,
            order_known=self.checklist.lookup is not None,
            decided=str(self._decision.decision) if self._decision is not None else "",
        )
        text, detail, numbers = self.words.bar(state, self.active, self._decision, self._note)
        if state.phase is Phase.PACKED:
            detail = " · ".join(self._packed)
        v.banner.setText(text)
        v.show_parcel(numbers, form=shown.form)
        v.banner_detail.setText(detail)
        v.banner_detail.setVisible(bool(detail))
        if not shown.reason_field:
            v.reason_edit.clear()
        v.reason_edit.setVisible(shown.reason_field)
        if shown.look != self._bar_state:
            self._bar_state = shown.look
            v.state_bar.setStyleSheet(bar_style(shown.look))
        self._show_banner(state.banner)
        self._show_checklist(shown.checklist)
        v.start_button.setEnabled(shown.start_enabled)
        v.stop_button.setEnabled(shown.stop_enabled)
        for w in (v.order_edit, v.courier_edit, v.operator_combo):
            w.setEnabled(shown.fields_enabled)
        if shown.desk_takes_keys:
            self._focus("")  # a question's keys are letters: the desk must have them

    def _show_banner(self, banner: Banner | None) -> None:
        """The machine's last word to the operator: a problem in red, or a plain note."""
        if banner is None or banner is self._banner_shown:
            return
        self._banner_shown = banner
        text = self.words.note(banner)
        if banner.problem:
            self.show_problem(text)
        else:
            self.show_problem("")
            self.view.scan_label.setText(text)

    def _latest_image(self) -> np.ndarray | None:
        frame = self.latest_frame()
        return frame.image if frame is not None else None

    def _show_checklist(self, on: bool) -> None:
        self.checklist.view.setVisible(on)
        self.view.today_group.setVisible(not on)

    def _show_step_caption(self, caption: str) -> None:
        if self.active is not None:
            self.active.set_step(caption)

    def request(self) -> StartRequest:
        v = self.view
        return StartRequest(
            v.order_edit.text(),
            v.courier_edit.text(),
            self.machine.state.operator,
            self.ctx.settings.station_name,
        )

    def _start_recording(self) -> None:
        """The machine asked for a recording: start it, or tell it plainly why not."""
        if self.capture is None:
            self.feed(
                RecordingFailed(
                    self.tr(
                        "There is no camera picture yet. Wait for the camera, or use the demo "
                        "camera."
                    )
                )
            )
            return
        request = self.request()
        try:  # start_inspection checks the request first (check_start) and says what is wrong
            self.active = start_inspection(
                self.ctx, self.capture, request, labels=self.hands_free.labels, checklist_now=False
            )
        except InspectorError as exc:
            self.feed(RecordingFailed(str(exc)))
            return
        self._decision = None
        self._note = ""
        self.show_problem("")
        # RECORDING is on screen before the checklist is built: the operator sees at once
        # that the scan took (benchmarks/desk.py); the order and the steps follow.
        self.feed(RecordingStarted(self.active.inspection_id))
        self._show_state()
        self.view.banner.repaint()
        self._checklist_due = request
        QTimer.singleShot(0, self._open_checklist)

    def _open_checklist(self) -> None:
        """The parcel's order and checklist, once RECORDING shows (or before a stop, at once:
        the stop's own writes must not meet the checklist's)."""
        request, self._checklist_due = self._checklist_due, None
        active = self.active
        if active is None or request is None:
            return
        # What was shipped is always this parcel's, however it was started (scan, Enter, F5).
        self._show_checklist(True)
        norm = request.normalized()
        self.checklist.look_up(
            norm.order_number or norm.courier_number, waybill=not norm.order_number
        )
        self._show_packing_of(active.inspection_id)
        try:
            self.checklist.begin(active.inspection_id)
        except InspectorError as exc:
            self.show_problem(
                self.tr("The checklist could not be built: %1").replace("%1", str(exc))
            )
        self.feed(StepsChanged(self.checklist.facts()))
        self.recording_started.emit(active.inspection_id)  # the parcel is ready to check

    def _show_packing_of(self, inspection_id: int) -> None:
        """The return's order was packed on camera: its packing beside the live picture."""
        from inspector.services.inspections import get_inspection
        from inspector.services.packing import latest_packing

        try:
            order = get_inspection(self.ctx, inspection_id).order
            self.packing_panel.show_packing(latest_packing(self.ctx, order) if order else None)
        except InspectorError as exc:
            log.warning("The packing of inspection %s is not shown: %s", inspection_id, exc)
            self.packing_panel.show_packing(None)

    # ----- packing ------------------------------------------------------------------------

    def _start_packing(self) -> None:
        """The machine asked to film an order's packing: start it, or say why not."""
        from inspector.services.packing import start_packing

        if self.capture is None:
            self.feed(RecordingFailed(self.tr("There is no camera picture yet.")))
            return
        request = self.request()
        try:  # start_inspection checks the request first (check_start) and says what is wrong
            self.active = start_packing(
                self.ctx, self.capture, request, labels=self.hands_free.labels
            )
        except InspectorError as exc:
            self.feed(RecordingFailed(str(exc)))
            return
        self._decision = None
        self._note = ""
        self._packed = []
        self.show_problem("")
        self.packing_panel.show_packing(None)
        # PACKING is painted as soon as the machine has it (feed() repaints the bar when a
        # recording starts; benchmarks/packing.py). Drawing the bar here, before the machine
        # has seen RecordingStarted, painted the parcel's bar, not PACKING: a wasted repaint.
        self.feed(RecordingStarted(self.active.inspection_id))
        self.recording_started.emit(self.active.inspection_id)

    def _pack(self, sku: str = "", serial: str = "") -> None:
        """An item (by its product's SKU) or its serial into the box; a problem is said at once."""
        from inspector.services.packing import scan_packed_item, serial_for_last_item

        if self.active is None:
            return
        try:
            if serial:
                done = serial_for_last_item(self.ctx, self.active.inspection_id, serial)
            else:
                done = scan_packed_item(
                    self.ctx, self.active.inspection_id, sku, video_offset_s=self.active.elapsed
                )
        except InspectorError as exc:
            self.show_problem(str(exc))
            return
        if serial and self._packed:
            self._packed[-1] += f" {done.serial}"
        elif not serial:
            self._packed.append(done.sku)
        self.view.scan_label.setText(
            self.tr("In the box: %1").replace("%1", " · ".join(self._packed))
        )
        self.show_problem(done.message if done.problem is not None else "")

    def _end_packing(self) -> None:
        """The end key: what the box lacks is said, then the film is finished and sealed."""
        from inspector.services.packing import note_missing_items

        if self.active is None:
            return
        try:
            missing = note_missing_items(
                self.ctx, self.active.inspection_id, self.machine.state.operator
            )
        except InspectorError as exc:
            missing = [str(exc)]
        self.show_problem("\n".join(missing))
        self._stop_recording()

    def _continue(self, inspection_id: int) -> None:
        """Record the next part of an inspection that a lost camera cut short."""
        if self.capture is None:
            self.feed(RecordingFailed(self.tr("There is no camera picture yet.")))
            return
        try:
            self.active = continue_inspection(
                self.ctx,
                self.capture,
                inspection_id,
                self.machine.state.operator,
                labels=self.hands_free.labels,  # the desk's language, as the first part had
            )
        except InspectorError as exc:
            self.feed(RecordingFailed(str(exc)))
            return
        self.show_problem("")
        self.feed(RecordingStarted(inspection_id))
        self.feed(StepsChanged(self.checklist.facts()))
        self.recording_started.emit(inspection_id)

    def _camera_events(self) -> None:
        """Tell the desk, in words, when the camera is lost, when it is back, and when it
        delivers fewer frames a second than asked."""
        assert self.capture is not None
        for event in self.capture.drain_events():
            if event.kind == "lost":
                self.feed(CameraEvent(Camera.LOST, event.message))
                # The camera named in the desk's words; the technical cause (in English, as
                # the log has it) is the tooltip, for whoever is asked to look into it.
                self.show_problem(
                    self.tr(
                        "Camera lost: %1. Everything recorded so far is saved. "
                        "Check the cable or the network; the app reconnects by itself."
                    ).replace("%1", self._camera_words())
                )
                self.view.message_label.setToolTip(event.message)
                self.view.preview.clear()
                self.view.preview.setText(self.tr("No camera picture — reconnecting…"))
            elif event.kind == "reconnected":
                self.feed(CameraEvent(Camera.BACK, ""))
                resume = self.machine.state.resume
                if resume is not None:
                    text = self.tr(
                        "The camera is back. Press F5 to continue inspection %1 in a second part."
                    ).replace("%1", str(resume))
                else:
                    text = self.tr("The camera is back.")
                self.show_problem(text)
            elif event.kind == "slow":
                # Fewer frames a second than asked: the words and the figures, in the desk's language.
                self.show_problem(
                    self.capture.shortfall(resolve_language(self.ctx.settings.language))
                )
        status = self.capture.status()
        if status.state == CaptureState.LOST:
            wait = f"{status.retry_in_s:.0f}" if status.retry_in_s is not None else "…"
            self.view.source_label.setText(
                self.tr("Camera lost — next try in %1 s").replace("%1", wait)
            )
        elif status.state == CaptureState.RUNNING and self._camera_was_lost:
            self.view.source_label.setText(
                self.tr("Camera: %1").replace("%1", self._camera_words())
            )
        self._camera_was_lost = status.state == CaptureState.LOST

    def _stop_recording(self) -> None:
        """Stop recording; the file is finished and hashed off the GUI thread."""
        if self.active is None or self._stopping:
            return
        self._open_checklist()
        self._stopping = True
        active = self.active
        self.view.stop_button.setEnabled(False)
        run_in_background(active.stop, self._stopped, self._stop_failed, self)

    def _stopped(self, summary: InspectionSummary) -> None:
        self.active = None
        self._stopping = False
        interrupted = (
            summary.status == "interrupted"
            and self.capture is not None
            and self.capture.status().state == CaptureState.LOST
        )
        if interrupted:
            # Kept on the form: the same inspection continues when the camera is back.
            self._note = (
                self.tr(
                    "Camera lost — inspection %1 saved up to %2 s; it continues when the camera is back"
                )
                .replace("%1", str(summary.id))
                .replace("%2", f"{summary.duration_s:.1f}")
            )
        else:
            self._note = self.tr("Saved inspection %1: %2 — %3 s").replace(
                "%1", str(summary.id)
            ).replace("%2", summary.order or summary.courier).replace(
                "%3", f"{summary.duration_s:.1f}"
            ) + (
                self.tr(", %1 frames dropped").replace("%1", str(summary.dropped_frames))
                if summary.dropped_frames
                else ""
            )
        self.feed(RecordingSaved(summary.id, interrupted=interrupted))
        self.refresh_today()
        self.recording_stopped.emit(summary)

    def _next_parcel(self) -> None:
        """Clear the form and the checklist for the next parcel (a decision stays on the bar)."""
        self.packing_panel.show_packing(None)
        self._packed = []
        self.view.order_edit.clear()
        self.view.courier_edit.clear()
        self.view.courier_edit.setPlaceholderText(self.tr("Scan the waybill barcode, then Enter"))
        self.checklist.clear()
        self._decision = None
        self._note = ""
        self.show_problem("")

    def _stop_failed(self, exc: Exception) -> None:
        self.active = None
        self._stopping = False
        self.feed(RecordingSaved(-1, failed=str(exc)))
        self.refresh_today()

    def show_problem(self, text: str) -> None:
        self.view.message_label.setText(text)
        self.view.message_label.setToolTip("")  # a detail belongs to the message it came with

    # ----- today's list -------------------------------------------------------------------

    def refresh_today(self) -> None:
        rows = desk_day(self.ctx, self.ctx.settings.station_name, start_of_today())
        show_rows(
            self.view.today_table,
            [
                TableRow(
                    row.id,
                    (
                        row.started_at.astimezone().strftime("%H:%M:%S"),
                        row.order,
                        row.courier,
                        row.operator,
                        value_text(row.status),
                        value_text(row.decision),
                        self.tr("%1 s").replace("%1", f"{row.duration_s:.0f}"),
                    ),
                )
                for row in rows
            ],
            whole_text_tips=(1, 2),  # shortened in the middle when narrow: the whole here
        )
        self.view.today_group.setTitle(
            self.tr("Today at this station: %1").replace("%1", str(len(rows)))
        )

    @property
    def idle(self) -> bool:
        """No recording and no parcel being checked: the screen can be rebuilt without loss."""
        return self.active is None and self.machine.state.phase in (
            Phase.IDLE,
            Phase.PARCEL,
            Phase.DECIDED,
        )

    def confirm_quit(self) -> bool:
        """Quit asked: True to close now; with a parcel in hand the state bar asks first
        (quit again to leave it pending, Esc stays), never a box."""
        self._closing = False
        self.feed(Quit())
        return self._closing

    def shutdown(self) -> None:
        """Finish any recording and release the camera (window closing)."""
        self._timer.stop()
        self.keys.remove()
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching_focus:
            self._watching_focus = False
            app.focusChanged.disconnect(self._focus_changed)
        self.hands_free.shutdown()
        if self.active is not None:
            try:
                self.active.stop()
            except InspectorError as exc:
                log.error("Finishing the recording at shutdown failed: %s", exc)
            self.active = None
        self._close_camera()

    @property
    def widget(self) -> QWidget:
        return self.view
