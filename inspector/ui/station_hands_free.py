"""The hands-free desk: the scanner gun, the camera's barcode reads, auto-stop and operators.

A collaborator of the StationController, seen through the `Desk` protocol below. It turns
the scanner's bursts and the camera's reads into scans for the desk machine
(services/desk_machine.py), which decides what each is; it says what a product scan means
for the order in hand, keeps the camera's sightings of the waybill, counts down a still
desk (and reports it to the machine, which stops the recording), and keeps the operators
list. It asks nothing: the desk's questions are prompts in the state bar.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from inspector.capture.barcode import BarcodeRead, BarcodeWatcher, guide_rect
from inspector.capture.motion import AutoStop, AutoStopPhase, MotionDetector
from inspector.capture.pipeline import CapturedFrame
from inspector.core.errors import InspectorError
from inspector.core.scan_routing import Route, ScanKind, ScanRouter
from inspector.i18n.catalogue import overlay_labels, rule_name_text
from inspector.i18n.language import resolve_language
from inspector.i18n.vocabulary import OverlayLabels
from inspector.services.context import AppContext
from inspector.services.desk_machine import Source
from inspector.services.evidence import record_waybill_sighting
from inspector.services.guided import CodeLookup, record_product_scan
from inspector.services.inspections import InspectionSummary, list_inspections
from inspector.services.operators import counts_since, list_operators
from inspector.services.recording import ActiveInspection
from inspector.services.scan_routing import (
    desk_router,
    fallback_router,
    product_finder,
)
from inspector.ui.scanner import ScannerFilter, ScannerTiming
from inspector.ui.station_view import StationView

log = logging.getLogger(__name__)
WATCH_INTERVAL_MS = 250  # motion samples and the countdown: 4 a second is plenty
# Camera barcode reads per second: waiting for a parcel, and while recording one (when a
# read only matters to warn about a second waybill). A 1080p read costs ~0.1 s of a core.
READ_RATE_IDLE_HZ = 4.0
READ_RATE_RECORDING_HZ = 1.0


class Desk(Protocol):
    """What the hands-free desk may ask of the station: its state, a scan, a still desk, a message."""

    @property
    def active(self) -> ActiveInspection | None: ...

    @property
    def saving(self) -> bool: ...  # the recording is stopped and its file being finished

    @property
    def camera_open(self) -> bool: ...

    def latest_frame(self) -> CapturedFrame | None: ...

    def shown_order(self) -> CodeLookup | None: ...  # the imported order of the parcel in hand

    def scan(self, code: str, source: Source, target: QWidget | None = None) -> Route: ...

    def desk_still(self) -> None: ...  # no motion for the auto-stop time

    def settings_changed(self) -> None: ...

    def show_problem(self, text: str) -> None: ...


class HandsFreeDesk(QObject):
    """Scanner, camera barcode, auto-stop and operators for one station."""

    camera_code = Signal(object)  # BarcodeRead, emitted on the reader thread, handled on the GUI's
    routed = Signal(object)  # Route: every scan, as it was understood
    auto_stopped = Signal()

    def __init__(self, ctx: AppContext, view: StationView, desk: Desk) -> None:
        super().__init__(view)
        self._waybill_seen: set[int] = set()  # inspections whose label the camera read
        self.desk = desk
        self.view = view
        self.ctx = ctx
        # The catalog's product barcodes, re-read only when the catalog changed.
        self.find_product = product_finder(self.ctx)
        self.router: ScanRouter = ScanRouter(products=self.find_product)
        self.labels: OverlayLabels = OverlayLabels()
        self.scanner = ScannerFilter(view, ScannerTiming.from_settings(self.ctx.settings))
        self.scanner.scanned.connect(self._scanned)
        self.scanner.garbled.connect(self._garbled)
        self.camera_code.connect(self._camera_read, Qt.ConnectionType.QueuedConnection)
        self.watcher: BarcodeWatcher | None = None
        self.motion = MotionDetector()
        self.auto: AutoStop | None = None
        self._last_motion_seq = -1
        self.last_route: Route | None = None

        view.keep_button.clicked.connect(self.keep_going)
        # Space means "keep recording" only while the countdown shows; otherwise it still
        # presses the focused button as usual.
        self._keep_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), view)
        self._keep_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._keep_shortcut.setEnabled(False)
        self._keep_shortcut.activated.connect(self.keep_going)

        self._timer = QTimer(self)
        self._timer.setInterval(WATCH_INTERVAL_MS)
        self._timer.timeout.connect(self._watch)
        self._timer.start()
        self.apply_settings()
        self.fill_operators()
        self.refresh_counts()

    # ----- settings -----------------------------------------------------------------------

    def apply_settings(self) -> None:
        """Take up changed settings: scan patterns, scanner timing, language, camera reading."""
        s = self.ctx.settings
        try:
            self.router = desk_router(self.ctx, self.find_product)
        except InspectorError as exc:
            # A hand-edited settings file with a broken rule: the defaults still work.
            self.router = fallback_router(self.ctx, self.find_product)
            self.desk.show_problem(str(exc))
        self.scanner.set_timing(ScannerTiming.from_settings(s))
        self.labels = overlay_labels(resolve_language(s.language))
        self.view.station_label.setText(s.station_name)
        self._restart_watcher()
        self.desk.settings_changed()

    # ----- operators ----------------------------------------------------------------------

    def fill_operators(self) -> None:
        """The operator list in the combo box, keeping the current choice."""
        combo = self.view.operator_combo
        current = combo.currentText().strip() or self.ctx.settings.operator
        names = [o.name for o in list_operators(self.ctx)]
        if current and current not in names:
            names.insert(0, current)
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(names)
        combo.setCurrentText(current)
        combo.blockSignals(False)

    def remember_operator(self, name: str) -> None:
        """Keep the operator the desk took as the one this desk starts with."""
        name = name.strip()
        if name and name != self.ctx.settings.operator:
            self.ctx.settings.set("operator", name)
            try:
                self.ctx.settings.save()
            except InspectorError as exc:
                self.desk.show_problem(str(exc))

    def refresh_counts(self) -> None:
        """Today's inspections per operator at this station, under today's list."""
        counts = counts_since(self.ctx, station=self.ctx.settings.station_name)
        label = self.view.operator_counts_label
        if not counts:
            label.setText(self.tr("No inspections by anyone yet today."))
            return
        parts = [f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        label.setText(self.tr("Today per operator: %1").replace("%1", " · ".join(parts)))

    # ----- scans --------------------------------------------------------------------------

    def _scanned(self, code: str) -> None:
        self.handle_scan(code, Source.SCANNER, self.scanner.last_target)

    def _garbled(self, text: str) -> None:
        """A scan the input method turned into something else: typed nowhere, the operator told."""
        self._say(
            self.tr(
                "A scan came through the Chinese input method changed (%1) and was not used. "
                "Click the courier number field and scan again, or switch the input method "
                "to English (usually Shift)."
            ).replace("%1", text)
        )

    def _camera_read(self, read: BarcodeRead) -> None:
        self.handle_scan(read.text, Source.CAMERA)

    def handle_scan(
        self, code: str, source: Source = Source.SCANNER, target: QWidget | None = None
    ) -> Route:
        """Hand one scanned code to the desk; returns how it was understood."""
        route = self.desk.scan(code, source, target)
        self.last_route = route
        self.routed.emit(route)
        return route

    def earlier_text(self, order: str, courier: str) -> str:
        """The parcel's earlier inspections in a line: how many, the last one's time and operator."""
        seen: dict[int, InspectionSummary] = {}
        if courier:
            seen.update((r.id, r) for r in list_inspections(self.ctx, courier=courier))
        if order:
            seen.update((r.id, r) for r in list_inspections(self.ctx, order=order))
        if not seen:
            return ""
        last = max(seen.values(), key=lambda r: r.started_at)
        return (
            self.tr("%1 already has %2 inspection(s), the last at %3 by %4.")
            .replace("%1", courier or order)
            .replace("%2", str(len(seen)))
            .replace("%3", last.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            .replace("%4", last.operator or "—")
        )

    def remember_sighting(self, courier: str) -> None:
        """Keep the second the waybill was legible on camera, for the evidence report (once)."""
        active = self.desk.active
        if active is None or active.inspection_id in self._waybill_seen:
            return
        self._waybill_seen.add(active.inspection_id)
        # The frame that was read is the newest one in the video so far.
        record_waybill_sighting(self.ctx, active.inspection_id, active.elapsed, courier, "camera")

    def describe(self, route: Route, source: Source) -> str:
        """The last scan and what it was taken for, in a line (a number typed is not a scan)."""
        where = self.tr("camera") if source is Source.CAMERA else self.tr("scanner")
        if route.product is not None:
            what = self._product_text(route)
            rule = ""
        else:
            what = {
                ScanKind.RETURN: self.tr("return of imported order %1").replace(
                    "%1", route.order_number
                ),
                ScanKind.COURIER: self.tr("waybill"),
                ScanKind.ORDER: self.tr("order number"),
                ScanKind.OPERATOR: self.tr("operator badge"),
                ScanKind.UNKNOWN_PRODUCT: self.tr("product code not in the catalog"),
                ScanKind.ASK: self.tr("unknown code"),
                ScanKind.IGNORE: self.tr("not used"),
            }[route.kind]
            shown = route.kind in (ScanKind.COURIER, ScanKind.ORDER, ScanKind.IGNORE)
            rule = f" ({rule_name_text(route.rule)})" if route.rule and shown else ""
        if source is Source.HAND:
            return self.tr("Typed: %1 — %2").replace("%1", route.value).replace("%2", what + rule)
        return (
            self.tr("Last scan (%1): %2 — %3")
            .replace("%1", where)
            .replace("%2", route.value)
            .replace("%3", what + rule)
        )

    def _product_text(self, route: Route) -> str:
        assert route.product is not None
        return (
            self.tr("Product: %1 (SKU %2)")
            .replace("%1", route.product.name)
            .replace("%2", route.product.sku)
        )

    def product_scanned(self, route: Route, delivered: bool = False) -> None:
        """One of our products was scanned: it starts and stops nothing; say whether the order has it.

        The checklist and the decision stay as they are; while filming, the scan is kept in
        the inspection's history (and so in its evidence report).
        """
        product = route.product
        assert product is not None
        lookup = self.desk.shown_order()
        order = lookup.order if lookup is not None else None
        self._keep_product_scan(route, [ln.sku for ln in order.lines] if order else None)
        if lookup is None or lookup.order is None:
            if not delivered:
                self._say(
                    self.tr(
                        "%1 is the barcode of our product %2 (SKU %3), not a waybill: "
                        "nothing was started."
                    )
                    .replace("%1", route.value)
                    .replace("%2", product.name)
                    .replace("%3", product.sku)
                )
            return
        order = lookup.order
        shipped = [line.sku for line in order.lines]
        v = self.view
        if product.sku in shipped:
            self.desk.show_problem("")
            v.scan_label.setText(
                v.scan_label.text()
                + "\n"
                + self.tr("%1 was shipped in order %2.")
                .replace("%1", product.name)
                .replace("%2", order.order_number)
            )
            return
        self._say(
            self.tr(
                "%1 (SKU %2) is one of our products but was NOT shipped in order %3 "
                "(shipped: %4). The buyer may have returned a different item."
            )
            .replace("%1", product.name)
            .replace("%2", product.sku)
            .replace("%3", order.order_number)
            .replace("%4", ", ".join(shipped))
        )

    def _keep_product_scan(self, route: Route, shipped: list[str] | None) -> None:
        """While filming, a product scan goes into the inspection's history and its report."""
        active, product = self.desk.active, route.product
        if active is None or product is None:
            return
        try:
            record_product_scan(
                self.ctx,
                active.inspection_id,
                active.elapsed,
                route.value,
                product.sku,
                product.name,
                shipped,
            )
        except InspectorError as exc:
            log.warning("Product scan %s not kept: %s", route.value, exc)

    # ----- camera barcode -----------------------------------------------------------------

    def camera_changed(self) -> None:
        """The station opened another camera: read barcodes from it."""
        self._restart_watcher()

    def _restart_watcher(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        s = self.ctx.settings
        if not self.desk.camera_open or not s.camera_barcode:
            return
        self.watcher = BarcodeWatcher(
            self.desk.latest_frame,
            self.camera_code.emit,
            rate_hz=READ_RATE_RECORDING_HZ if self.desk.active else READ_RATE_IDLE_HZ,
            needed=s.camera_barcode_reads,
        )
        self.watcher.start()

    def decorate_preview(self, image: np.ndarray) -> None:
        """Draw the guide box into the preview (never into the recording): green when a code is seen."""
        if self.watcher is None:
            return
        h, w = image.shape[:2]
        x0, y0, x1, y1 = guide_rect(w, h, self.watcher.box)
        seen = any(not r.is_product for r in self.watcher.last_seen)
        color = (60, 200, 60) if seen else (230, 230, 230)
        thickness = 3 if seen else 1
        for (xa, ya), (xb, yb) in (
            ((x0, y0), (x0 + (x1 - x0) // 6, y0)),
            ((x0, y0), (x0, y0 + (y1 - y0) // 6)),
            ((x1, y0), (x1 - (x1 - x0) // 6, y0)),
            ((x1, y0), (x1, y0 + (y1 - y0) // 6)),
            ((x0, y1), (x0 + (x1 - x0) // 6, y1)),
            ((x0, y1), (x0, y1 - (y1 - y0) // 6)),
            ((x1, y1), (x1 - (x1 - x0) // 6, y1)),
            ((x1, y1), (x1, y1 - (y1 - y0) // 6)),
        ):
            cv2.line(image, (xa, ya), (xb, yb), color, thickness + 1)
        if seen:
            cv2.rectangle(image, (x0, y0), (x1, y1), color, 1)

    # ----- auto-stop ----------------------------------------------------------------------

    def recording_started(self) -> None:
        """The station started recording: read barcodes slower, count down a still desk."""
        self.refresh_counts()
        if self.watcher is not None:
            self.watcher.set_rate(READ_RATE_RECORDING_HZ)
        s = self.ctx.settings
        self.auto = AutoStop(s.auto_stop_seconds, s.auto_stop_warning_seconds)
        self.auto.start(time.monotonic())
        self.motion.reset()

    def keep_going(self) -> None:
        """The operator is still working: cancel the countdown and start counting again."""
        if self.auto is not None:
            self.auto.keep_going(time.monotonic())
        self._show_countdown(None)

    def _watch(self) -> None:
        desk = self.desk
        if desk.active is None or desk.saving or self.auto is None:
            self._show_countdown(None)
            if desk.active is None and self.watcher is not None:
                self.watcher.set_rate(READ_RATE_IDLE_HZ)
            return
        moving = False
        frame = desk.latest_frame()
        if frame is not None and frame.seq != self._last_motion_seq:
            self._last_motion_seq = frame.seq
            moving = self.motion.moved(frame.image)
        state = self.auto.update(time.monotonic(), moving)
        if state.phase is AutoStopPhase.WARNING:
            self._show_countdown(state.seconds_left)
        elif state.phase is AutoStopPhase.STOP:
            self._show_countdown(None)
            self.auto = None
            log.info("Auto-stop: no motion for %.0f s", self.ctx.settings.auto_stop_seconds)
            desk.desk_still()
            self.auto_stopped.emit()
        else:
            self._show_countdown(None)

    def _show_countdown(self, seconds_left: float | None) -> None:
        v = self.view
        self._keep_shortcut.setEnabled(seconds_left is not None)
        if seconds_left is None:
            v.countdown_label.hide()
            v.keep_button.hide()
            return
        v.countdown_label.setText(
            self.tr(
                "No motion on the desk — stopping in %1 s. Move, or press Space to keep recording."
            ).replace("%1", str(int(seconds_left + 0.999)))
        )
        v.countdown_label.show()
        v.keep_button.show()

    # ----- messages and shutdown ----------------------------------------------------------

    def _say(self, text: str, problem: bool = True) -> None:
        if problem:
            self.desk.show_problem(text)
        else:
            self.desk.show_problem("")
            self.view.scan_label.setText(text)

    def shutdown(self) -> None:
        """Stop the barcode reader and the scanner filter (the window is closing)."""
        self._timer.stop()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        self.scanner.remove()
