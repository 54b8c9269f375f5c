"""The hands-free desk: scans start and stop recordings, the camera reads the waybill, a still desk stops.

A collaborator of the StationController, which it sees only through the `Desk` protocol
below (the desk's state, start, stop, a message): the scanner gun's bursts and the camera's barcode reads
are decided by one service (services/scan_routing: an imported order's return waybill or
order number, a catalog product, a badge, a carrier's waybill, an unknown product code, or
a question) and the window only acts on its answer: a return or a waybill fills the fields
and starts recording, the same scan again stops it; a product code never starts anything,
and during a guided inspection the desk says whether that product was shipped in the order;
a code nothing knows asks whether it is the order number, the waybill, or nothing. While
recording, a desk without motion counts down on screen and then stops, unless the
operator moves or presses Keep recording. Operators
come from the list or a badge scan; today's count per operator is shown.
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLineEdit, QMessageBox, QWidget

from inspector.capture.barcode import BarcodeRead, BarcodeWatcher, guide_rect
from inspector.capture.motion import AutoStop, AutoStopPhase, MotionDetector
from inspector.capture.pipeline import CapturedFrame
from inspector.core.errors import InspectorError
from inspector.core.models import normalize_code
from inspector.core.scan_routing import Route, ScanKind, ScanRouter, shape_pattern
from inspector.i18n.catalogue import overlay_labels, rule_name_text
from inspector.i18n.language import resolve_language
from inspector.i18n.vocabulary import OverlayLabels
from inspector.services.context import AppContext
from inspector.services.evidence import record_waybill_sighting
from inspector.services.guided import CodeLookup, record_product_scan
from inspector.services.inspections import list_inspections
from inspector.services.operators import counts_since, find_by_badge, list_operators
from inspector.services.recording import ActiveInspection, StartRequest
from inspector.services.scan_routing import (
    desk_router,
    fallback_router,
    keep_desk_rule,
    product_finder,
)
from inspector.ui.scanner import ScannerFilter, ScannerTiming, takes_text
from inspector.ui.station_view import StationView

log = logging.getLogger(__name__)
WATCH_INTERVAL_MS = 250  # motion samples and the countdown: 4 a second is plenty
# Camera barcode reads per second: waiting for a parcel, and while recording one (when a
# read only matters to warn about a second waybill). A 1080p read costs ~0.1 s of a core.
READ_RATE_IDLE_HZ = 4.0
READ_RATE_RECORDING_HZ = 1.0
SCANNER = "scanner"
CAMERA = "camera"


class Desk(Protocol):
    """What the hands-free desk may ask of the station: its state, start, stop, and a message."""

    @property
    def active(self) -> ActiveInspection | None: ...

    @property
    def busy(self) -> bool: ...  # recording, or saving the recording just stopped

    @property
    def saving(self) -> bool: ...  # the recording is stopped and its file being finished

    @property
    def camera_open(self) -> bool: ...

    def latest_frame(self) -> CapturedFrame | None: ...

    def shown_order(self) -> CodeLookup | None: ...  # the imported order of the parcel in hand

    def new_parcel(self) -> None: ...  # a scan begins a parcel: clear the last one's traces

    def order_entered(self) -> None: ...  # as if Enter was pressed in the order field

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def show_problem(self, text: str) -> None: ...


class HandsFreeDesk(QObject):
    """Scanner, camera barcode, auto-stop, operators and duplicate checks for one station."""

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
        self.ask_box: QMessageBox | None = None  # the question about a code nothing knows

        view.keep_button.clicked.connect(self.keep_going)
        # Space means "keep recording" only while the countdown shows; otherwise it still
        # presses the focused button as usual.
        self._keep_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), view)
        self._keep_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._keep_shortcut.setEnabled(False)
        self._keep_shortcut.activated.connect(self.keep_going)
        # Remember the operator once chosen (not on every key while a name is typed).
        view.operator_combo.activated.connect(
            lambda _i: self._operator_chosen(view.operator_combo.currentText())
        )
        view.operator_combo.lineEdit().editingFinished.connect(
            lambda: self._operator_chosen(view.operator_combo.currentText())
        )

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

    def _operator_chosen(self, name: str) -> None:
        name = name.strip()
        if name and name != self.ctx.settings.operator:
            self.ctx.settings.set("operator", name)
            try:
                self.ctx.settings.save()
            except InspectorError as exc:
                self.desk.show_problem(str(exc))

    def switch_operator(self, badge: str) -> None:
        """A badge was scanned: the operator it belongs to takes over the desk."""
        operator = find_by_badge(self.ctx, badge)
        if operator is None:
            self._say(
                self.tr("Badge %1 belongs to no operator. Add it under Operators.").replace(
                    "%1", badge
                )
            )
            return
        if self.desk.active is not None:
            self._say(self.tr("Stop the recording before changing the operator."))
            return
        combo = self.view.operator_combo
        if combo.findText(operator.name) < 0:
            combo.addItem(operator.name)
        combo.setCurrentText(operator.name)
        self._operator_chosen(operator.name)
        self._say(self.tr("Operator: %1").replace("%1", operator.name), problem=False)

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
        self.handle_scan(
            code, SCANNER, self.scanner.last_ended_with_enter, self.scanner.last_target
        )

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
        if read.is_product:
            # One of ours is named (and kept while filming) just as a scanner gun's read is.
            try:
                route = self.router.route(read.text)
            except InspectorError:
                route = None
            if route is not None and route.kind is ScanKind.PRODUCT:
                self.view.scan_label.setText(self._describe(route, CAMERA))
                self._product_scanned(route)
                return
            self._say(
                self.tr("%1 is a product barcode, not a waybill: nothing was started.").replace(
                    "%1", read.text
                )
            )
            return
        self.handle_scan(read.text, CAMERA)

    def handle_scan(
        self,
        code: str,
        source: str = SCANNER,
        ended_with_enter: bool = False,
        target: QWidget | None = None,
    ) -> Route:
        """Route one scanned code and act on it; returns how it was understood."""
        try:
            route = self.router.route(code)
        except InspectorError as exc:
            # The catalog could not be read, so this may be one of our products: start nothing.
            log.warning("Scan %r not routed: %s", code, exc)
            self.desk.show_problem(str(exc))
            return Route(ScanKind.IGNORE, normalize_code(code), "", code, reason=str(exc))
        self.last_route = route
        self.routed.emit(route)
        desk, v = self.desk, self.view
        v.scan_label.setText(self._describe(route, source))
        if (
            target is not None
            and takes_text(target)
            and target not in (v.order_edit, v.courier_edit)
            and not self._stops(route, source)
        ):
            # Scanned into another field (a serial number into the checklist): it is that
            # field's input, not a parcel to record.
            self.scanner.deliver(target, code, ended_with_enter)
            if route.kind is ScanKind.PRODUCT:
                self._product_scanned(route, delivered=True)
            return route
        if route.kind is ScanKind.PRODUCT:
            self._product_scanned(route)
        elif route.kind is ScanKind.OPERATOR:
            self.switch_operator(route.value)
        elif route.kind is ScanKind.UNKNOWN_PRODUCT:
            self._say(
                self.tr(
                    "%1 is a product barcode (%2) the catalog does not know: nothing was started."
                )
                .replace("%1", route.value)
                .replace("%2", route.rule)
            )
        elif route.kind in (ScanKind.IGNORE, ScanKind.ASK):
            self._unrouted(route, ended_with_enter, target, source)
        elif desk.busy:
            self._scan_while_recording(route, source)
        elif route.kind is ScanKind.ORDER:
            self._begin_parcel(route)
            self._use_as_order(route.value)
        else:
            # A waybill, or an imported order's return: the service found its order already.
            self._begin_parcel(route)
            if route.order_number:
                v.order_edit.setText(route.order_number)
            if route.courier_number:
                v.courier_edit.setText(route.courier_number)
            desk.show_problem("")
            if route.kind is ScanKind.RETURN and not route.courier_number:
                # The order is known but not its return waybill yet: scan or type it next.
                v.courier_edit.setFocus()
            elif self.ctx.settings.auto_start_on_scan:
                desk.start()
                if source == CAMERA:
                    self._remember_sighting(route.courier_number)
        return route

    def _begin_parcel(self, route: Route) -> None:
        """A waybill or order scanned at an idle desk: the last parcel's numbers and traces go.

        A scan that completes the parcel on the form (its order, then its waybill) keeps it.
        """
        v = self.view
        order, courier = normalize_code(v.order_edit.text()), normalize_code(v.courier_edit.text())
        if route.kind is ScanKind.ORDER:
            completes = bool(courier) and not order
        else:
            same_order = not route.order_number or normalize_code(route.order_number) == order
            completes = bool(order) and not courier and same_order
        if not completes:
            v.order_edit.clear()
            v.courier_edit.clear()
            self.desk.new_parcel()
        self.desk.show_problem("")

    def _use_as_order(self, order_number: str) -> None:
        v = self.view
        v.order_edit.setText(order_number)
        self.desk.show_problem("")
        if not v.courier_edit.text().strip():
            v.courier_edit.setFocus()

    def _use_as_waybill(self, courier_number: str) -> None:
        self.view.courier_edit.setText(courier_number)
        self.desk.show_problem("")
        if self.ctx.settings.auto_start_on_scan:
            self.desk.start()

    def _remember_sighting(self, courier: str) -> None:
        """Keep the second the waybill was legible on camera, for the evidence report (once)."""
        active = self.desk.active
        if active is None or active.inspection_id in self._waybill_seen:
            return
        self._waybill_seen.add(active.inspection_id)
        # The frame that was read is the newest one in the video so far.
        record_waybill_sighting(self.ctx, active.inspection_id, active.elapsed, courier, "camera")

    def _describe(self, route: Route, source: str) -> str:
        where = self.tr("camera") if source == CAMERA else self.tr("scanner")
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

    def _product_scanned(self, route: Route, delivered: bool = False) -> None:
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

    def _unrouted(
        self, route: Route, ended_with_enter: bool, target: QWidget | None, source: str = SCANNER
    ) -> None:
        desk, v = self.desk, self.view
        if route.kind is ScanKind.IGNORE:  # a code the desk chose to ignore
            self._say(
                self.tr("%1 is ignored by the desk rule %2: nothing was started.")
                .replace("%1", route.value)
                .replace("%2", rule_name_text(route.rule))
            )
            return
        focus = target or v.focusWidget()
        product_like = bool(route.also)  # a valid product code with a waybill's shape
        if (
            isinstance(focus, QLineEdit)
            and focus in (v.order_edit, v.courier_edit)
            and not product_like
        ):
            # The operator chose the field; the code is theirs to use, but it starts nothing.
            # A product's barcode never lands in a number field: the desk asks about it.
            focus.setText(route.raw.strip())
            if focus is v.order_edit and ended_with_enter:
                desk.order_entered()
            if focus is v.courier_edit:
                self._say(
                    self.tr(
                        "%1 is not a known waybill pattern. Press Start (F5) to record it."
                    ).replace("%1", route.value)
                )
            return
        if source == CAMERA or desk.busy:
            self._say(
                self.tr(
                    "%1 is no imported order, product or known waybill: nothing was started."
                ).replace("%1", route.value)
            )
            return
        self.ask(route)

    def ask(self, route: Route) -> QMessageBox:
        """Ask what a code nothing knows is: the order number, the waybill, or nothing.

        The box is not modal to the event loop (open, not exec), so scans and timers go on;
        the answer may be kept as a desk rule for codes shaped like this one.
        """
        if self.ask_box is not None:
            self.ask_box.close()
        box = QMessageBox(self.view)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("What is this code?"))
        text = self.tr("%1 is not an imported order, a product or a known waybill.").replace(
            "%1", route.value
        )
        if route.also:
            text += "\n" + self.tr(
                "It is a valid product barcode and also looks like a %1 waybill."
            ).replace("%1", rule_name_text(route.also[0]))
        box.setText(text)
        as_order = box.addButton(self.tr("Order number"), QMessageBox.ButtonRole.AcceptRole)
        as_waybill = box.addButton(self.tr("Waybill"), QMessageBox.ButtonRole.AcceptRole)
        ignore = box.addButton(self.tr("Ignore"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ignore)
        box.setEscapeButton(ignore)
        keep = QCheckBox(
            self.tr("Keep as a desk rule for codes like this (%1)").replace(
                "%1", shape_pattern(route.value)
            )
        )
        box.setCheckBox(keep)
        answers = {as_order: ScanKind.ORDER, as_waybill: ScanKind.COURIER, ignore: ScanKind.IGNORE}
        box.buttonClicked.connect(
            lambda button: self._answered(route, answers.get(button), keep.isChecked())
        )
        self._say(
            self.tr("%1: is it the order number or the waybill? Nothing was started yet.").replace(
                "%1", route.value
            )
        )
        self.ask_box = box
        box.open()
        return box

    def _answered(self, route: Route, kind: ScanKind | None, keep: bool) -> None:
        self.ask_box = None
        if kind is None:
            return
        if keep:
            try:
                keep_desk_rule(self.ctx, route.value, kind)
            except InspectorError as exc:
                self.desk.show_problem(str(exc))
            self.apply_settings()
        if self.desk.busy:
            return  # a recording started meanwhile: the answer fills nothing
        if kind is ScanKind.ORDER:
            self._use_as_order(route.value)
        elif kind is ScanKind.COURIER:
            self._use_as_waybill(route.value)
        else:
            self._say(self.tr("%1 was ignored.").replace("%1", route.value), problem=False)

    def _stops(self, route: Route, source: str) -> bool:
        """True when this scan is the active parcel's own number again (a stop by scan)."""
        active = self.desk.active
        if active is None or source != SCANNER or not self.ctx.settings.stop_on_same_scan:
            return False
        return self._same_parcel(route)

    def _same_parcel(self, route: Route) -> bool:
        """True when this scan is the recording parcel's waybill or order number."""
        active = self.desk.active
        if active is None or not route.fills_order and route.kind is not ScanKind.COURIER:
            return False
        req = active.request
        return route.value in {req.courier_number, req.order_number} - {""} or (
            route.kind is ScanKind.RETURN and route.order_number == req.order_number
        )

    def _scan_while_recording(self, route: Route, source: str) -> None:
        desk = self.desk
        active = desk.active
        if active is None:
            return  # saving the previous parcel; this scan comes too early to act on
        if self._same_parcel(route):
            if source == SCANNER and self.ctx.settings.stop_on_same_scan:
                desk.stop()
            elif source == CAMERA:
                self._remember_sighting(route.value)
            return  # the camera sees the label all through the unboxing: not a stop
        self._say(
            self.tr("Still recording %1. Stop it first (F8), or scan it again to stop.").replace(
                "%1", active.request.courier_number or active.request.order_number
            )
        )

    # ----- duplicate inspections ------------------------------------------------------------

    def confirm_duplicate(self, request: StartRequest) -> bool:
        """Ask before recording a parcel that already has an inspection; True to go ahead."""
        req = request.normalized()
        seen: dict[int, object] = {}
        if req.courier_number:
            for row in list_inspections(self.ctx, courier=req.courier_number):
                seen[row.id] = row
        if req.order_number:
            for row in list_inspections(self.ctx, order=req.order_number):
                seen[row.id] = row
        if not seen:
            return True
        last = max(seen.values(), key=lambda r: r.started_at)  # type: ignore[attr-defined]
        when = last.started_at.astimezone().strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        text = (
            self.tr("%1 already has %2 inspection(s), the last at %3 by %4. Record another?")
            .replace("%1", req.courier_number or req.order_number)
            .replace("%2", str(len(seen)))
            .replace("%3", when)
            .replace("%4", last.operator or "—")  # type: ignore[attr-defined]
        )
        # The data (numbers, a name) comes after a first line without any: Qt takes a
        # message for rich text only when its first line looks like it.
        answer = QMessageBox.question(
            self.view,
            self.tr("Already inspected"),
            self.tr("Record this parcel again?") + "\n\n" + text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

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
            desk.stop()
            self._say(
                self.tr("Stopped by itself after %1 s without motion on the desk.").replace(
                    "%1", f"{self.ctx.settings.auto_stop_seconds:g}"
                ),
                problem=False,
            )
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
