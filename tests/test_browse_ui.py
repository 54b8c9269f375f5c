"""The browse screen: search as you type, each filter, sort, lazy loading, scan to open, CSV, summary."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from inspector.services import browse as service
from inspector.services.demo_data import generate_demo_data
from inspector.ui.browse import BrowseController
from inspector.ui.inspection_table_model import InspectionTableModel

N = 450


@pytest.fixture
def filled(ctx):
    list(generate_demo_data(ctx, N, per_day=90, videos=2, checklists=3))
    return ctx


@pytest.fixture
def controller(filled, qtbot):
    c = BrowseController(filled)
    qtbot.addWidget(c.view)
    c.view.resize(1200, 700)
    c.view.show()
    yield c
    c.shutdown()


def loaded(c: BrowseController) -> list[service.BrowseRow]:
    return [c.model.row_at(i) for i in range(c.model.rowCount())]


def choose(combo, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def test_opens_with_one_page_and_loads_more_on_scroll(controller, qtbot):
    m = controller.model
    assert m.rowCount() == 200 and m.canFetchMore()
    rows = loaded(controller)
    assert [r.started_at for r in rows] == sorted((r.started_at for r in rows), reverse=True)
    qtbot.waitUntil(lambda: controller.total == N)
    assert f"{N:,} inspections" in controller.view.count_label.text()
    controller.view.table.scrollToBottom()
    qtbot.waitUntil(lambda: m.rowCount() > 200)
    while m.canFetchMore():
        m.fetchMore()
    assert m.rowCount() == N and len({r.id for r in loaded(controller)}) == N


def test_search_as_you_type_matches_order_or_courier_prefix(controller, qtbot):
    target = loaded(controller)[7]
    choose(controller.view.match_combo, "prefix")
    prefix = target.courier[:5].lower()
    qtbot.keyClicks(controller.view.search_edit, prefix)
    qtbot.waitUntil(lambda: controller.model.filter.text == prefix)
    expected = service.count_matching(controller.ctx, service.BrowseFilter(text=prefix))
    qtbot.waitUntil(lambda: controller.model.rowCount() == min(expected, 200))
    rows = loaded(controller)
    assert target.id in {r.id for r in rows}
    assert all(
        r.order.startswith(prefix.upper()) or r.courier.startswith(prefix.upper()) for r in rows
    )


def test_contains_finds_the_last_digits(controller, qtbot):
    target = loaded(controller)[3]
    # By default: part of a number finds it, wherever the part is (issue 19).
    assert controller.view.match_combo.currentData() == "contains"
    part = target.courier[-6:]
    qtbot.keyClicks(controller.view.search_edit, part)
    qtbot.waitUntil(lambda: controller.model.filter.text == part)
    rows = loaded(controller)
    assert target.id in {r.id for r in rows}
    assert all(part in r.courier or part in r.order for r in rows)


def test_decision_operator_and_station_filters(controller, qtbot):
    v = controller.view
    choose(v.decision_combo, "reject")
    assert v.decision_combo.currentText() == "Rejected"  # the vocabulary's word, not "reject"
    rows = loaded(controller)
    assert rows and {r.decision for r in rows} == {"reject"}
    choose(v.operator_combo, "Li Wei")
    rows = loaded(controller)
    assert rows and {(r.decision, r.operator) for r in rows} == {("reject", "Li Wei")}
    choose(v.decision_combo, "")
    choose(v.station_combo, "Desk 2")
    rows = loaded(controller)
    assert rows and {(r.operator, r.station) for r in rows} == {("Li Wei", "Desk 2")}
    expected = service.count_matching(
        controller.ctx, service.BrowseFilter(operator="Li Wei", station="Desk 2")
    )
    qtbot.waitUntil(lambda: controller.total == expected)
    v.clear_button.click()
    assert controller.model.rowCount() == 200 and v.operator_combo.currentIndex() == 0


def test_date_range_filter(controller, qtbot):
    v = controller.view
    newest = loaded(controller)[0].started_at.astimezone().date()
    v.dates_check.setChecked(True)
    v.from_date.setDate(QDate(newest - timedelta(days=1)))
    v.to_date.setDate(QDate(newest - timedelta(days=1)))
    rows = loaded(controller)
    assert rows
    assert {r.started_at.astimezone().date() for r in rows} == {newest - timedelta(days=1)}
    v.from_date.setDate(QDate(newest + timedelta(days=5)))
    assert "ends before it starts" in v.message_label.text()


def test_sku_filter(controller, qtbot):
    v = controller.view
    v.sku_edit.setText("wt-9")
    v.sku_edit.editingFinished.emit()
    rows = loaded(controller)
    assert rows
    expected = service.count_matching(controller.ctx, service.BrowseFilter(sku="WT-9"))
    assert 0 < expected < N
    qtbot.waitUntil(lambda: controller.total == expected)
    with controller.ctx.db.engine.connect() as conn:
        from sqlalchemy import text

        with_sku = set(
            conn.execute(
                text(
                    "SELECT o.order_number FROM shop_order o JOIN shop_order_line l "
                    "ON l.order_id = o.id WHERE l.sku = 'WT-9'"
                )
            ).scalars()
        )
    assert {r.order for r in rows} <= with_sku


@pytest.mark.parametrize("column", [2, 4, 6, 7])
def test_header_click_sorts_in_the_database(controller, qtbot, column):
    header = controller.view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    key = InspectionTableModel.COLUMNS[column][1]
    # Duration has no index (yet): its pages are read in the background.
    qtbot.waitUntil(lambda: controller.model.sort_order.column is key)
    descending = controller.model.sort_order.descending
    rows = loaded(controller)
    values = [(r.sort_value(key), r.id) for r in rows]
    assert values == sorted(values, reverse=descending)
    # The first page of a sort is the first page of the whole archive in that order.
    everything = sorted(
        ((r.sort_value(key), r.id) for r in service.iter_rows(controller.ctx)),
        reverse=descending,
    )
    assert values == everything[: len(values)]


def test_scanning_a_courier_number_opens_its_inspection(controller, qtbot):
    v = controller.view
    choose(v.decision_combo, "pending")  # a filter that would hide the parcel
    target = next(r for r in service.iter_rows(controller.ctx) if r.decision == "sign")
    v.search_edit.setFocus()
    with qtbot.waitSignal(controller.detail_opened, timeout=5000) as opened:
        qtbot.keyClicks(v.search_edit, target.courier)
        qtbot.keyClick(v.search_edit, Qt.Key.Key_Return)
    assert opened.args == [target.id]
    assert controller.selected_id() == target.id
    assert v.decision_combo.currentIndex() == 0  # the filter gave way to the scan
    dialog = controller.details[target.id]
    assert dialog.isVisible() and target.order in dialog.windowTitle()
    screen = dialog.screen().availableGeometry()
    # It fits the screen's height: a 1366×768 desk has no 780 pixels to give.
    assert dialog.height() <= screen.height() - 60
    controller.close_details()


def test_scanning_an_unknown_number_says_so(controller, qtbot):
    v = controller.view
    qtbot.keyClicks(v.search_edit, "NO-SUCH-PARCEL-1")
    qtbot.keyClick(v.search_edit, Qt.Key.Key_Return)
    assert "No inspection has the order or courier number NO-SUCH-PARCEL-1" in (
        v.message_label.text()
    )
    assert controller.details == {}


def test_typing_on_the_table_goes_to_the_search_box(controller, qtbot):
    v = controller.view
    v.table.setFocus()
    qtbot.keyClicks(v.table, "SF")
    assert v.search_edit.text() == "SF"


def test_csv_export_of_the_filtered_list(controller, qtbot, tmp_path):
    choose(controller.view.decision_combo, "dispute")
    expected = service.count_matching(controller.ctx, service.BrowseFilter(decisions=("dispute",)))
    dest = tmp_path / "daily.csv"
    with qtbot.waitSignal(controller.export_finished, timeout=10000) as done:
        controller.export_to(dest)
    assert done.args == [str(dest), expected]
    with open(dest, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == expected and {r["decision"] for r in rows} == {"dispute"}
    assert "Exported" in controller.view.message_label.text()


def test_csv_export_failure_is_reported(controller, qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with qtbot.waitSignal(controller.export_failed, timeout=10000):
        controller.export_to(blocker / "out.csv")
    assert "Cannot write the CSV file" in controller.view.message_label.text()
    assert controller.view.export_button.isEnabled()


def test_summary_dialog(controller, qtbot):
    with qtbot.waitSignal(controller.summary_ready, timeout=10000) as ready:
        controller.show_summary()
    summary = ready.args[0]
    assert summary.total == N
    assert sum(n for _, n in summary.per_decision) == N
    text = controller._summary_dialog.browser.toPlainText()
    assert f"{N:,} inspections" in text and "Per operator" in text and "Per SKU" in text


def test_thumbnails_appear_without_blocking(controller, qtbot):
    m = controller.model
    index = m.index(0, InspectionTableModel.THUMB_COLUMN)
    first = m.data(index, Qt.ItemDataRole.DecorationRole)  # requests it; never waits
    qtbot.waitUntil(
        lambda: m.data(index, Qt.ItemDataRole.DecorationRole) is not None, timeout=10000
    )
    assert first is None or not first.isNull()
    assert not m.data(index, Qt.ItemDataRole.DecorationRole).isNull()


def test_main_window_has_the_browse_tab(ctx, qtbot):
    from inspector.ui.main_window import MainWindow

    window = MainWindow(ctx, open_camera=False)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "&Browse" in titles
    window.tabs.setCurrentIndex(titles.index("&Browse"))
    assert window.browse.model.rowCount() == 0
    window.close()  # shuts the station and the browse screen down


def test_contains_search_runs_in_the_background_and_pages_too(controller, qtbot):
    choose(controller.view.match_combo, "contains")
    qtbot.keyClicks(controller.view.search_edit, "1")
    qtbot.waitUntil(lambda: controller.model.filter.text == "1")
    m = controller.model
    assert m.slow and m.rowCount() == 200 and m.canFetchMore()
    m.fetchMore()  # returns at once; the page arrives from the worker
    qtbot.waitUntil(lambda: m.rowCount() > 200, timeout=10000)
    assert all("1" in r.order or "1" in r.courier for r in loaded(controller))
    assert controller.view.message_label.text() == ""


def test_after_choosing_a_filter_the_next_scan_lands_in_the_search_box(controller, qtbot):
    v = controller.view
    v.activateWindow()
    v.decision_combo.setFocus()
    v.decision_combo.activated.emit(1)
    assert v.search_edit.hasFocus() or v.search_edit is v.focusWidget()


def test_a_scan_while_the_table_has_focus_opens_the_scanned_inspection(controller, qtbot):
    from PySide6.QtWidgets import QApplication

    v = controller.view
    v.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is v)
    target = loaded(controller)[20]
    v.table.setFocus()
    v.table.setCurrentIndex(controller.model.index(0, 1))  # Enter on the table would open this
    with qtbot.waitSignal(controller.detail_opened, timeout=5000) as opened:
        for ch in target.courier:  # keys go wherever the focus is, as a scanner's do
            qtbot.keyClick(QApplication.focusWidget(), ch)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert opened.args == [target.id]
    controller.close_details()
