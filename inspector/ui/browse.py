"""The browse screen's behaviour: search as you type, filters, scan-to-open, CSV and summary."""

from __future__ import annotations

import html
import logging
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.core.errors import InspectorError
from inspector.core.models import normalize_code
from inspector.i18n.catalogue import value_text
from inspector.services import browse as service
from inspector.services.browse import BrowseFilter, BrowseSummary, Match
from inspector.services.context import AppContext
from inspector.ui.browse_view import BrowseView
from inspector.ui.inspection_table_model import InspectionTableModel, is_slow
from inspector.ui.workers import run_in_background

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 180  # typing pauses longer than this run the search


class BrowseController(QObject):
    """Finds past inspections and opens them; every query runs in the database."""

    detail_opened = Signal(int)
    count_ready = Signal(int)
    export_finished = Signal(str, int)
    export_failed = Signal(str)
    summary_ready = Signal(object)  # BrowseSummary

    def __init__(self, ctx: AppContext, view: BrowseView | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = view or BrowseView()
        self.model = InspectionTableModel(ctx, parent=self)
        self.details: dict[int, QDialog] = {}
        self.total: int | None = None
        self._count_generation = 0
        self._summary_dialog: QDialog | None = None
        self._replace_search = True
        self._closed = False

        v = self.view
        v.table.setModel(self.model)
        v.set_column_widths()
        self.reload_choices()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        v.search_edit.textEdited.connect(lambda _text: self._search_timer.start())
        v.search_edit.returnPressed.connect(self._return_pressed)
        v.dates_check.toggled.connect(self._dates_toggled)
        v.from_date.dateChanged.connect(self.apply_filters)
        v.to_date.dateChanged.connect(self.apply_filters)
        for combo in (
            v.kind_combo,
            v.decision_combo,
            v.operator_combo,
            v.station_combo,
            v.match_combo,
        ):
            combo.currentIndexChanged.connect(self.apply_filters)
            # After a choice, focus returns to the search box, where the next scan must land.
            combo.activated.connect(lambda _i: v.search_edit.setFocus())
        v.dates_check.clicked.connect(lambda _on: v.search_edit.setFocus())
        v.sku_edit.editingFinished.connect(self.apply_filters)
        v.clear_button.clicked.connect(self.clear_filters)
        v.table.activated.connect(self._activated)
        v.open_button.clicked.connect(self.open_selected)
        v.export_button.clicked.connect(self._choose_export_file)
        v.summary_button.clicked.connect(self.show_summary)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.query_failed.connect(
            lambda text: self.show_message(self.tr("The search failed: {0}").format(text))
        )
        # Typing on the table (or a scanner firing while the table has focus) goes to the
        # search box instead of Qt's jump-to-row keyboard search.
        v.table.installEventFilter(self)
        v.installEventFilter(self)

        self.apply_filters()
        # Sorting is enabled after the first query, so enabling it does not query again.
        v.table.setSortingEnabled(True)

    @property
    def widget(self) -> QWidget:
        return self.view

    # ----- filters -----------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Refill the operator and station drop-downs, keeping the current choice."""
        choices = service.filter_choices(self.ctx)
        for combo, names in (
            (self.view.operator_combo, choices.operators),
            (self.view.station_combo, choices.stations),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for name in names:
                combo.addItem(name, name)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        completer = QCompleter(choices.skus, self.view.sku_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view.sku_edit.setCompleter(completer)

    def current_filter(self) -> BrowseFilter:
        """The filter the widgets describe."""
        v = self.view
        since = until = None
        if v.dates_check.isChecked():
            first: date = v.from_date.date().toPython()
            last: date = v.to_date.date().toPython()
            since = service.local_day_bounds(first)[0]
            until = service.local_day_bounds(last)[1]
        decision = v.decision_combo.currentData()
        return BrowseFilter(
            text=v.search_edit.text(),
            match=Match(v.match_combo.currentData()),
            since=since,
            until=until,
            decisions=(decision,) if decision else (),
            operator=v.operator_combo.currentData() or "",
            station=v.station_combo.currentData() or "",
            sku=v.sku_edit.text().strip(),
            kind=v.kind_combo.currentData() or "",
        )

    def apply_filters(self) -> None:
        """Run the search and filters now (the table shows the first page at once)."""
        self._search_timer.stop()
        try:
            f = self.current_filter()
            if is_slow(f, self.model.sort_order):
                # No index serves this query: ask in the background.
                self.model.set_query_async(f)
                self.show_message(self.tr("Searching…"))
            else:
                self.model.set_query(f)
                self.show_message("")
        except InspectorError as exc:
            self.show_message(str(exc))
            return
        self._count(f)

    def clear_filters(self) -> None:
        """Back to every inspection, newest first."""
        v = self.view
        widgets = (
            v.search_edit,
            v.dates_check,
            v.kind_combo,
            v.decision_combo,
            v.operator_combo,
            v.station_combo,
            v.sku_edit,
            v.match_combo,
        )
        for w in widgets:
            w.blockSignals(True)
        v.search_edit.clear()
        v.sku_edit.clear()
        v.dates_check.setChecked(False)
        v.from_date.setEnabled(False)
        v.to_date.setEnabled(False)
        for combo in (v.kind_combo, v.decision_combo, v.operator_combo, v.station_combo):
            combo.setCurrentIndex(0)
        v.match_combo.setCurrentIndex(v.match_combo.findData("contains"))  # the default
        for w in widgets:
            w.blockSignals(False)
        self.apply_filters()

    def _dates_toggled(self, on: bool) -> None:
        self.view.from_date.setEnabled(on)
        self.view.to_date.setEnabled(on)
        self.apply_filters()

    def _count(self, f: BrowseFilter) -> None:
        # The count is a full COUNT: run it off the GUI thread; a newer query wins.
        self._count_generation += 1
        generation = self._count_generation
        self.total = None
        self._show_count()

        def done(n: int) -> None:
            if generation == self._count_generation and self._alive():
                self.total = n
                self._show_count()
                self.count_ready.emit(n)

        run_in_background(
            lambda: service.count_matching(self.ctx, f),
            done,
            lambda exc: log.warning("Counting inspections failed: %s", exc),
            self,
        )

    def _page_loaded(self, _rows: int) -> None:
        if not self._alive():  # a page fetched in the background may land after the view closed
            return
        if self.view.message_label.text() == self.tr("Searching…"):
            self.show_message("")
        self._show_count()

    def _show_count(self) -> None:
        loaded = self.model.rowCount()
        if self.total is not None:
            text = (
                self.tr("{0} inspections").format(f"{self.total:,}")
                if self.total != 1
                else self.tr("1 inspection")
            )
            if loaded < self.total:
                text += " " + self.tr("({0} loaded; scroll for more)").format(f"{loaded:,}")
        else:
            shown = f"{loaded:,}{'' if self.model.complete else '+'}"
            text = self.tr("{0} inspections").format(shown)
        self.view.count_label.setText(text)

    def show_message(self, text: str) -> None:
        self.view.message_label.setText(text)

    # ----- scanning and opening -----------------------------------------------------------

    def _return_pressed(self) -> None:
        text = self.view.search_edit.text()
        if not normalize_code(text):
            self.apply_filters()
            return
        try:
            whole = service.find_by_code(self.ctx, text)
            # Not a whole number: Enter acts on what the list shows for it (part of a number).
            shown = [] if whole else service.fetch_page(self.ctx, self.current_filter()).rows
        except InspectorError as exc:
            self.show_message(str(exc))
            return
        if whole or not shown:
            self.scan(text)  # opens the newest, or says that nothing has this number
            return
        self.apply_filters()
        self.select(shown[0].id)
        self.open_detail(shown[0].id)
        if len(shown) > 1:
            self.show_message(
                self.tr("{0} inspections match {1}; the first in the list is open.").format(
                    f"{len(shown)}+" if len(shown) >= service.PAGE_SIZE else len(shown),
                    text.strip(),
                )
            )

    def scan(self, code: str) -> bool:
        """A scanned (or typed and entered) number: show its inspections and open the newest.

        The scan is looked up by the whole number, across every date and filter: staff who
        scan a parcel want that parcel, not what the filters happened to show.
        """
        code = normalize_code(code)
        if not code:
            return False
        try:
            ids = service.find_by_code(self.ctx, code)
        except InspectorError as exc:
            self.show_message(str(exc))
            return False
        self.clear_filters_silently(code)
        if not ids:
            self.apply_filters()
            self.show_message(
                self.tr("No inspection has the order or courier number {0}.").format(code)
            )
            return False
        try:
            self.model.set_query(BrowseFilter(text=code, match=Match.EXACT))
        except InspectorError as exc:
            self.show_message(str(exc))
            return False
        self._count(BrowseFilter(text=code, match=Match.EXACT))
        self.select(ids[0])
        self.show_message(
            self.tr("{0} inspections have {1}; the newest is open.").format(len(ids), code)
            if len(ids) > 1
            else ""
        )
        self.open_detail(ids[0])
        return True

    def clear_filters_silently(self, text: str) -> None:
        """Reset the filter widgets to 'everything' and put text in the search box, no query."""
        v = self.view
        widgets = (
            v.search_edit,
            v.dates_check,
            v.kind_combo,
            v.decision_combo,
            v.operator_combo,
            v.station_combo,
            v.sku_edit,
        )
        for w in widgets:
            w.blockSignals(True)
        v.search_edit.setText(text)
        v.sku_edit.clear()
        v.dates_check.setChecked(False)
        v.from_date.setEnabled(False)
        v.to_date.setEnabled(False)
        for combo in (v.kind_combo, v.decision_combo, v.operator_combo, v.station_combo):
            combo.setCurrentIndex(0)
        for w in widgets:
            w.blockSignals(False)
        self._search_timer.stop()

    def select(self, inspection_id: int) -> bool:
        """Select an inspection's row if it is loaded."""
        row = self.model.row_of(inspection_id)
        if row is None:
            return False
        index = self.model.index(row, 1)
        self.view.table.setCurrentIndex(index)
        self.view.table.scrollTo(index)
        return True

    def selected_id(self) -> int | None:
        index = self.view.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row()).id

    def open_selected(self) -> None:
        inspection_id = self.selected_id()
        if inspection_id is None:
            self.show_message(self.tr("Select an inspection in the list first."))
            return
        self.open_detail(inspection_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_detail(self.model.row_at(index.row()).id)

    def open_detail(self, inspection_id: int) -> QDialog | None:
        """Open (or bring forward) the detail window of an inspection."""
        from inspector.ui.detail import DetailController

        dialog = self.details.get(inspection_id)
        if dialog is not None:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            self.detail_opened.emit(inspection_id)
            return dialog
        try:
            controller = DetailController(self.ctx, inspection_id)
        except InspectorError as exc:
            self.show_message(str(exc))
            return None
        dialog = QDialog(self.view)
        dialog.setWindowTitle(
            self.tr("Inspection {0} — {1}").format(inspection_id, controller.detail.order)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(controller.view)
        dialog.controller = controller  # type: ignore[attr-defined]  # keeps it alive
        # At most the screen's free area: a 1366×768 desk has no 780 pixels to give.
        screen = self.view.screen().availableGeometry()
        dialog.resize(min(1200, screen.width() - 40), min(780, screen.height() - 60))
        dialog.finished.connect(controller.shutdown)
        dialog.destroyed.connect(lambda *_: self.details.pop(inspection_id, None))
        self.details[inspection_id] = dialog
        dialog.show()
        self.detail_opened.emit(inspection_id)
        return dialog

    def close_details(self) -> None:
        """Close every detail window (the main window is closing)."""
        for dialog in list(self.details.values()):
            dialog.close()

    # ----- CSV and summary ----------------------------------------------------------------

    def _choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Export the list as CSV"),
            str(Path.home() / f"inspections-{date.today():%Y%m%d}.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, dest: Path) -> None:
        """Write the filtered list to a CSV file in the background; the result is a signal."""
        try:
            f = self.current_filter()
            f.check()
        except InspectorError as exc:
            self.show_message(str(exc))
            return
        sort = self.model.sort_order
        self.view.export_button.setEnabled(False)
        self.show_message(self.tr("Exporting to {0}…").format(dest))

        def work() -> int:
            written = 0
            for count in service.export_csv(self.ctx, dest, f, sort):
                written = count
            return written

        def done(n: int) -> None:
            if not self._alive():
                return
            self.view.export_button.setEnabled(True)
            self.show_message(self.tr("Exported {0} inspections to {1}.").format(f"{n:,}", dest))
            self.export_finished.emit(str(dest), n)

        def failed(exc: Exception) -> None:
            if not self._alive():
                return
            self.view.export_button.setEnabled(True)
            self.show_message(self.tr("The export failed: {0}").format(exc))
            self.export_failed.emit(str(exc))

        run_in_background(work, done, failed, self)

    def show_summary(self) -> None:
        """Counts per day, decision, operator, station and SKU for the filtered list."""
        try:
            f = self.current_filter()
            f.check()
        except InspectorError as exc:
            self.show_message(str(exc))
            return
        self.show_message(self.tr("Counting…"))

        def done(summary: BrowseSummary) -> None:
            if not self._alive():
                return
            self.show_message("")
            self._show_summary_dialog(summary)
            self.summary_ready.emit(summary)

        run_in_background(
            lambda: service.summarize(self.ctx, f),
            done,
            lambda exc: self.show_message(self.tr("The summary failed: {0}").format(exc)),
            self,
        )

    def _show_summary_dialog(self, summary: BrowseSummary) -> None:
        dialog = self._summary_dialog
        if dialog is None:
            dialog = self._summary_dialog = QDialog(self.view)
            dialog.setWindowTitle(self.tr("Summary of the listed inspections"))
            dialog.resize(640, 720)
            layout = QVBoxLayout(dialog)
            dialog.browser = QTextBrowser()  # type: ignore[attr-defined]
            dialog.browser.setObjectName("summaryText")  # type: ignore[attr-defined]
            layout.addWidget(dialog.browser)  # type: ignore[attr-defined]
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(dialog.close)
            layout.addWidget(buttons)
        dialog.browser.setHtml(summary_html(summary))  # type: ignore[attr-defined]
        dialog.show()
        dialog.raise_()

    # ----- keys ---------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.view and event.type() == QEvent.Type.Show:
            # Back on this screen: show what the desk recorded meanwhile, ready for a scan.
            self.reload_choices()
            self.apply_filters()
            self.view.search_edit.setFocus()
            return False
        if obj is self.view.table and event.type() == QEvent.Type.FocusIn:
            self._replace_search = True  # typing after a click on the table starts a new search
        if obj is self.view.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if len(text) == 1 and text.isprintable() and not text.isspace():
                edit = self.view.search_edit
                if self._replace_search:
                    edit.clear()
                    self._replace_search = False
                edit.setFocus()
                edit.insert(text)
                self._search_timer.start()
                return True
        return False

    def _alive(self) -> bool:
        # Background results can arrive after the window closed; they must not touch it.
        return not self._closed and shiboken6.isValid(self.view)

    def shutdown(self) -> None:
        """Close the detail windows and let background work finish (the window is closing)."""
        self._closed = True
        self._count_generation += 1
        self.close_details()
        self.model.thumbnails.cancel_pending()
        self.model.thumbnails.wait(3000)
        # Counts, exports and summaries report to this screen; let them land first.
        QThreadPool.globalInstance().waitForDone(5000)


def summary_html(summary: BrowseSummary) -> str:
    """The summary as simple HTML tables for the dialog (and for printing)."""

    def table(title: str, pairs: list[tuple[str, int]], label: str) -> str:
        if not pairs:
            return ""
        # lupdate reads translate() calls only outside f-strings.
        none = QCoreApplication.translate("BrowseSummary", "(none)")
        count = QCoreApplication.translate("BrowseSummary", "Inspections")
        rows = "".join(
            f"<tr><td>{html.escape(str(k) or none)}</td><td align='right'>{n:,}</td></tr>"
            for k, n in pairs
        )
        return (
            f"<h3>{html.escape(title)}</h3><table cellspacing='0' cellpadding='3' border='1'>"
            f"<tr><th align='left'>{label}</th><th align='right'>{count}</th></tr>{rows}</table>"
        )

    parts = [
        "<h2>"
        + QCoreApplication.translate("BrowseSummary", "{0} inspections").format(
            f"{summary.total:,}"
        )
        + "</h2>",
        table(
            QCoreApplication.translate("BrowseSummary", "Per decision"),
            [(value_text(k), n) for k, n in summary.per_decision],
            QCoreApplication.translate("BrowseSummary", "Decision"),
        ),
        table(
            QCoreApplication.translate("BrowseSummary", "Per operator"),
            summary.per_operator,
            QCoreApplication.translate("BrowseSummary", "Operator"),
        ),
        table(
            QCoreApplication.translate("BrowseSummary", "Per station"),
            summary.per_station,
            QCoreApplication.translate("BrowseSummary", "Station"),
        ),
        table(
            QCoreApplication.translate("BrowseSummary", "Per SKU"),
            summary.per_sku,
            QCoreApplication.translate("BrowseSummary", "SKU"),
        ),
        table(
            QCoreApplication.translate(
                "BrowseSummary", "Buyers with the most rejected or disputed returns"
            ),
            summary.top_rejected_buyers,
            QCoreApplication.translate("BrowseSummary", "Buyer"),
        ),
        table(
            QCoreApplication.translate("BrowseSummary", "Per day"),
            [(d.isoformat(), n) for d, n in summary.per_day],
            QCoreApplication.translate("BrowseSummary", "Day"),
        ),
    ]
    return "".join(parts)
