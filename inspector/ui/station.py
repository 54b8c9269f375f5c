"""The station window's behaviour: camera preview, start and stop, the state bar, today's list.

One controller owns the desk's state (the camera, the recording, the parcel in hand, its
decision). Two collaborators do one thing each and talk to it through public methods only:
the checklist (inspector/ui/checklist.py) and the hands-free desk (scanner, camera barcode,
auto-stop, operators; inspector/ui/station_hands_free.py), which sees the station only
through its narrow `Desk` protocol.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget

from inspector.capture.overlay import OverlayInfo, OverlayRenderer, format_elapsed
from inspector.capture.pipeline import CapturedFrame, CaptureState, CaptureThread, open_capture
from inspector.capture.sources import DEMO, DemoSource
from inspector.core.errors import InspectorError
from inspector.core.models import normalize_code
from inspector.core.settings import camera_specs
from inspector.i18n.catalogue import decision_headline, decision_text, value_text
from inspector.i18n.language import resolve_language
from inspector.services.cameras import composition, desk_source, swap_cameras
from inspector.services.context import AppContext
from inspector.services.guided import CodeLookup, DecisionDetail
from inspector.services.inspections import InspectionSummary, list_inspections, start_of_today
from inspector.services.maintenance import continue_inspection
from inspector.services.recording import (
    ActiveInspection,
    StartRequest,
    check_start,
    start_inspection,
)
from inspector.ui.checklist import ChecklistController
from inspector.ui.desk_keys import DeskKey, DeskKeys
from inspector.ui.scanner import refuse_composition
from inspector.ui.station_hands_free import HandsFreeDesk
from inspector.ui.station_view import StationView, bar_style
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
        self.preview_frames_shown = 0

        v = self.view
        v.station_label.setText(ctx.settings.station_name)
        if ctx.settings.operator:
            v.operator_combo.addItem(ctx.settings.operator)
        v.order_edit.returnPressed.connect(self.order_entered)
        v.courier_edit.returnPressed.connect(self._courier_entered)
        v.start_button.clicked.connect(self.start)
        v.stop_button.clicked.connect(self.stop)
        v.use_demo_button.clicked.connect(lambda: self.open_camera(DEMO))

        self.checklist = ChecklistController(
            ctx,
            frame=self._latest_image,
            video_offset=lambda: self.active.elapsed if self.active else None,
            operator=lambda: v.operator_combo.currentText().strip(),
        )
        v.right.insertWidget(v.right.indexOf(v.today_group), self.checklist.view, 1)
        self.checklist.view.hide()
        self.checklist.caption_changed.connect(self._show_step_caption)
        self.checklist.decided.connect(self._decided)

        # The desk's keys work wherever the focus is; made before the scanner filter, which
        # must see a key first (see inspector/ui/desk_keys.py).
        c = self.checklist
        self.keys = DeskKeys(
            v,
            [
                DeskKey(Qt.Key.Key_F5, self.start),
                DeskKey(Qt.Key.Key_F8, self.stop),
                *(
                    DeskKey(key, action, typed=True, enabled=c.answering)
                    for key, action in (
                        (Qt.Key.Key_P, lambda: c.answer("pass")),
                        (Qt.Key.Key_F, lambda: c.answer("fail")),
                        (Qt.Key.Key_N, lambda: c.answer("na")),
                        (Qt.Key.Key_C, c.take_photo),
                        (Qt.Key.Key_S, c.sign),
                        (Qt.Key.Key_R, c.reject),
                        (Qt.Key.Key_D, c.dispute),
                    )
                ),
                DeskKey(Qt.Key.Key_Up, lambda: c.move(-1), enabled=c.answering),
                DeskKey(Qt.Key.Key_Down, lambda: c.move(1), enabled=c.answering),
                DeskKey(SWAP_KEY, self.swap_cameras, enabled=self._several_cameras),
            ],
        )
        # Scanner gun, camera barcode, auto-stop, operators (inspector/ui/station_hands_free.py).
        # Fields that only hold codes take no IME composition, so a scanner's keys arrive there
        # as keys whatever input method is on; notes, reasons and operator names keep the IME.
        refuse_composition(v.order_edit, v.courier_edit, c.view.value_edit)
        self.hands_free = HandsFreeDesk(ctx, v, self)
        self.camera_changed.connect(lambda _d: self.hands_free.camera_changed())
        self.recording_started.connect(lambda _id: self.hands_free.recording_started())
        self.recording_stopped.connect(lambda _s: self.hands_free.refresh_counts())

        self._timer = QTimer(self)
        self._timer.setInterval(PREVIEW_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._show_state()
        self.refresh_today()

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

    def new_parcel(self) -> None:
        """A scan begins a parcel: nothing of the last one (banner, order, photos) stays."""
        if self.busy:
            return
        if self._decision is not None or (
            self.checklist.view.isVisible() and not self.checklist.active
        ):
            self.checklist.clear()
            self._show_checklist(False)
        self._decision = None
        self._note = ""
        self.show_problem("")
        self._show_state()

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
            source = desk_source(specs, s.width, s.height, s.fps, s.camera_layout, language)
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
            else:
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
                self.show_problem(self.tr("Recording stopped by itself: %1").replace("%1", reason))
                self.stop()
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
        """The state bar says what the desk is doing: ready, recording which parcel, or decided."""
        v = self.view
        detail = ""
        if self.active is not None:
            state = "saving" if self._stopping else "recording"
            text = (
                self.tr("Saving the video…")
                if self._stopping
                else self.tr("● RECORDING  %1").replace("%1", format_elapsed(self.active.elapsed))
            )
            numbers = self._numbers(
                self.active.request.courier_number, self.active.request.order_number
            )
        elif self._decision is not None:
            d = self._decision
            state = d.decision
            text = decision_headline(d.decision)
            numbers = self._numbers(d.summary.courier, d.summary.order)
            detail = self._decision_detail(d)
        elif self.checklist.active:
            # Filmed and saved; the parcel waits for its decision.
            state = "idle"
            text = self.tr("Decide: S sign · R reject · D dispute")
            numbers = self._numbers(v.courier_edit.text(), v.order_edit.text())
            detail = self._note
        else:
            state = "idle"
            text = self._note or self.tr("Ready — scan the waybill or the order number")
            numbers = ""
        v.banner.setText(text)
        v.show_parcel(numbers)
        v.banner_detail.setText(detail)
        v.banner_detail.setVisible(bool(detail))
        if state != self._bar_state:
            self._bar_state = state
            v.state_bar.setStyleSheet(bar_style(state))

    def _numbers(self, courier: str, order: str) -> str:
        courier, order = courier.strip().upper(), order.strip().upper()
        if courier and order and courier != order:
            return self.tr("Waybill %1 · Order %2").replace("%1", courier).replace("%2", order)
        if courier:
            return self.tr("Waybill %1").replace("%1", courier)
        return self.tr("Order %1").replace("%1", order) if order else ""

    def _decision_detail(self, d: DecisionDetail) -> str:
        """Why, in a line or two: the recommendation's reasons, and an override's own reason."""
        parts = [r for r in d.decision_reasons if r][:3]
        if d.override_reason:
            parts.append(
                self.tr("recommended %1; overridden because: %2")
                .replace("%1", decision_text(d.recommended_decision))
                .replace("%2", d.override_reason)
            )
        return " · ".join(parts)

    # ----- start and stop -----------------------------------------------------------------

    def order_entered(self) -> None:
        """Enter in the order field: look the number up; a waybill an order expects starts."""
        code = self.view.order_edit.text().strip()
        if not code:
            return
        self.new_parcel()
        self._show_checklist(True)
        lookup = self.checklist.look_up(code)
        if lookup is not None and lookup.matched_by == "courier":
            # A waybill the order expects: one scan fills both numbers.
            self.view.order_edit.setText(lookup.order_number)
            self.view.courier_edit.setText(lookup.courier_number)
            self.start()
            return
        if (
            lookup is not None
            and lookup.courier_number
            and not self.view.courier_edit.text().strip()
        ):
            self.view.courier_edit.setPlaceholderText(
                self.tr("Expected waybill: %1").replace("%1", lookup.courier_number)
            )
        self.view.courier_edit.setFocus()

    def _courier_entered(self) -> None:
        if self.active is not None:
            return
        if not self.view.order_edit.text().strip():
            self.new_parcel()
            self._show_checklist(True)
            lookup = self.checklist.look_up(self.view.courier_edit.text(), waybill=True)
            if lookup is not None and lookup.matched_by == "courier":
                self.view.order_edit.setText(lookup.order_number)
        self.start()

    def _latest_image(self) -> np.ndarray | None:
        frame = self.latest_frame()
        return frame.image if frame is not None else None

    def _show_checklist(self, on: bool) -> None:
        self.checklist.view.setVisible(on)
        self.view.today_group.setVisible(not on)

    def _show_step_caption(self, caption: str) -> None:
        if self.active is not None:
            self.active.set_step(caption)

    def _decided(self, detail: DecisionDetail) -> None:
        self._decision = detail
        self._show_state()
        if self.active is not None:
            self.stop()  # the decision ends the unboxing
        else:
            self._next_parcel()

    def request(self) -> StartRequest:
        v = self.view
        return StartRequest(
            v.order_edit.text(),
            v.courier_edit.text(),
            v.operator_combo.currentText(),
            self.ctx.settings.station_name,
        )

    def start(self) -> None:
        """Start recording the current parcel, or say plainly why not."""
        if self.active is not None or self._stopping:
            return
        if self.capture is None:
            self.show_problem(
                self.tr(
                    "There is no camera picture yet. Wait for the camera, or use the demo camera."
                )
            )
            return
        if self._resume_id is not None:
            self._continue(self._resume_id)
            return
        request = self.request()
        problems = check_start(self.ctx, request, need_operator=True)
        if problems:
            self.show_problem(" ".join(problems))
            if not request.order_number.strip() and not request.courier_number.strip():
                self.view.order_edit.setFocus()
            elif not request.operator.strip():
                self.view.operator_combo.setFocus()
            return
        if not self.hands_free.confirm_duplicate(request):
            return
        try:
            self.active = start_inspection(
                self.ctx, self.capture, request, labels=self.hands_free.labels
            )
        except InspectorError as exc:
            self.show_problem(str(exc))
            return
        self._decision = None
        self._note = ""
        self.show_problem("")
        self._set_recording(True)
        # What was shipped is always this parcel's, however it was started (scan, Enter, F5).
        self._show_checklist(True)
        norm = request.normalized()
        self.checklist.look_up(
            norm.order_number or norm.courier_number, waybill=not norm.order_number
        )
        try:
            self.checklist.begin(self.active.inspection_id)
        except InspectorError as exc:
            self.show_problem(
                self.tr("The checklist could not be built: %1").replace("%1", str(exc))
            )
        self.recording_started.emit(self.active.inspection_id)

    def _continue(self, inspection_id: int) -> None:
        """Record the next part of an inspection that a lost camera cut short."""
        try:
            self.active = continue_inspection(
                self.ctx,
                self.capture,
                inspection_id,
                self.view.operator_combo.currentText().strip(),
            )
        except InspectorError as exc:
            self.show_problem(str(exc))
            return
        self._resume_id = None
        self.show_problem("")
        self._set_recording(True)
        self.recording_started.emit(inspection_id)

    def _camera_events(self) -> None:
        """Tell the desk, in words, when the camera is lost, when it is back, and when it
        delivers fewer frames a second than asked."""
        assert self.capture is not None
        for event in self.capture.drain_events():
            if event.kind == "lost":
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
                if self._resume_id is not None:
                    text = self.tr(
                        "The camera is back. Press F5 to continue inspection %1 in a second part."
                    ).replace("%1", str(self._resume_id))
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

    def stop(self) -> None:
        """Stop recording; the file is finished and hashed off the GUI thread."""
        if self.active is None or self._stopping:
            return
        self._stopping = True
        active = self.active
        self._show_state()
        self.view.stop_button.setEnabled(False)
        run_in_background(active.stop, self._stopped, self._stop_failed, self)

    def _stopped(self, summary: InspectionSummary) -> None:
        self.active = None
        self._stopping = False
        if (
            summary.status == "interrupted"
            and self.capture is not None
            and self.capture.status().state == CaptureState.LOST
        ):
            # Keep the parcel on the form: the same inspection continues when the camera is back.
            self._resume_id = summary.id
            self._note = (
                self.tr(
                    "Camera lost — inspection %1 saved up to %2 s; it continues when the camera is back"
                )
                .replace("%1", str(summary.id))
                .replace("%2", f"{summary.duration_s:.1f}")
            )
            self._set_recording(False)
            self.refresh_today()
            self.recording_stopped.emit(summary)
            return
        self._note = self.tr("Saved inspection %1: %2 — %3 s").replace(
            "%1", str(summary.id)
        ).replace("%2", summary.order or summary.courier).replace(
            "%3", f"{summary.duration_s:.1f}"
        ) + (
            self.tr(", %1 frames dropped").replace("%1", str(summary.dropped_frames))
            if summary.dropped_frames
            else ""
        )
        if not self.checklist.active or summary.decision != "pending" or self.checklist.steps == []:
            self._set_recording(False)
            self._next_parcel()
        else:
            self._set_recording(False)
        self.refresh_today()
        self.recording_stopped.emit(summary)

    def _next_parcel(self) -> None:
        """Clear the form for the next parcel; today's list comes back (a decision stays on the bar)."""
        self._resume_id = None
        self.view.order_edit.clear()
        self.view.courier_edit.clear()
        self.view.courier_edit.setPlaceholderText(self.tr("Scan the waybill barcode, then Enter"))
        self.checklist.clear()
        self._show_checklist(False)
        self._show_state()
        self.view.order_edit.setFocus()
        self.refresh_today()
        self.parcel_done.emit()

    def _stop_failed(self, exc: Exception) -> None:
        self.active = None
        self._stopping = False
        self._set_recording(False)
        self.show_problem(self.tr("Saving the recording failed: %1").replace("%1", str(exc)))
        self.refresh_today()

    def _set_recording(self, recording: bool) -> None:
        v = self.view
        v.start_button.setEnabled(not recording)
        v.stop_button.setEnabled(recording)
        for w in (v.order_edit, v.courier_edit, v.operator_combo):
            w.setEnabled(not recording)
        self._show_state()

    def show_problem(self, text: str) -> None:
        self.view.message_label.setText(text)
        self.view.message_label.setToolTip("")  # a detail belongs to the message it came with

    # ----- today's list -------------------------------------------------------------------

    def refresh_today(self) -> None:
        rows = list_inspections(
            self.ctx, station=self.ctx.settings.station_name, since=start_of_today()
        )
        table = self.view.today_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (
                row.started_at.astimezone().strftime("%H:%M:%S"),
                row.order,
                row.courier,
                row.operator,
                value_text(row.status),
                value_text(row.decision),
                self.tr("%1 s").replace("%1", f"{row.duration_s:.0f}"),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                table.setItem(r, c, item)
        self.view.today_group.setTitle(
            self.tr("Today at this station: %1").replace("%1", str(len(rows)))
        )

    @property
    def idle(self) -> bool:
        """No recording and no parcel being checked: the screen can be rebuilt without loss."""
        return self.active is None and not self.checklist.active

    def confirm_quit(self) -> bool:
        """Asked before the window closes: a parcel recorded or waiting for its decision is not left silently."""
        if self.idle:
            return True
        text = (
            self.tr(
                "Inspection %1 is being recorded. Quitting stops and saves the video; "
                "the decision stays pending. Quit anyway?"
            )
            if self.active is not None
            else self.tr(
                "Inspection %1 is waiting for its decision (S sign, R reject, D dispute). "
                "Quit and leave it pending?"
            )
        ).replace("%1", str(self.checklist.inspection_id or ""))
        answer = QMessageBox.question(
            self.view,
            self.tr("A decision is pending"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        """Finish any recording and release the camera (window closing)."""
        self._timer.stop()
        self.keys.remove()
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
