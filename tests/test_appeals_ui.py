"""The "Appeals due" page: rejected returns by deadline, exported with a progress bar, marked done."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import pytest
from sqlmodel import select

from inspector.core.models import Inspection
from inspector.services.guided import decide
from inspector.ui.appeals import AppealsController


@pytest.fixture
def rejected(ctx, record_inspection):
    """Two rejected inspections, one of them arrived long ago."""
    ids = []
    for order in ("TB-OLD", "TB-NEW"):
        summary = record_inspection(order=order, seconds=1)
        decide(ctx, summary.id, "reject", "not our item", confirm_unanswered=True)
        ids.append(summary.id)
    with ctx.db.session() as s:
        old = s.exec(select(Inspection).where(Inspection.id == ids[0])).one()
        old.started_at = old.started_at - timedelta(days=60)
        old.arrived_at = old.started_at
        s.add(old)
    return ids


def test_lists_by_deadline_and_exports_with_progress(qtbot, ctx, rejected, tmp_path):
    page = AppealsController(ctx)
    qtbot.addWidget(page.view)
    table = page.view.table
    assert table.rowCount() == 2
    assert table.item(0, 2).text() == "TB-OLD", "the deadline that passed comes first"
    assert "passed" in table.item(0, 0).text()
    assert "2 not exported" in page.view.status_label.text()

    table.selectRow(1)
    page.choose_folder = lambda: tmp_path
    with qtbot.waitSignal(page.exported, timeout=30000) as written:
        page.export_selected()
    bundle = written.args[0]
    assert bundle.parent == tmp_path and bundle.suffix == ".zip"
    with zipfile.ZipFile(bundle) as z:
        assert {"manifest.json", "report.pdf", "index.html"} <= set(z.namelist())
    assert page.dialog.outcome == "finished"
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == "TB-NEW")
    assert "exported" in table.item(row, 6).text()
    assert "1 not exported" in page.view.status_label.text()


def test_cancelled_folder_choice_writes_nothing(qtbot, ctx, rejected, tmp_path):
    page = AppealsController(ctx)
    qtbot.addWidget(page.view)
    page.view.table.selectRow(0)
    page.choose_folder = lambda: None
    page.export_selected()
    assert page.dialog is None
    assert not list(tmp_path.glob("*.zip"))


def test_nothing_selected_says_so(qtbot, ctx, rejected):
    page = AppealsController(ctx)
    qtbot.addWidget(page.view)
    page.view.table.setCurrentCell(-1, -1)
    page.export_selected()
    assert "Choose an inspection" in page.view.status_label.text()


def test_the_list_reads_in_the_desks_language(qtbot, ctx, rejected):
    from inspector.i18n.catalogue import install_language

    install_language("zh_CN")
    try:
        page = AppealsController(ctx)
        qtbot.addWidget(page.view)
        row = [page.view.table.item(0, c).text() for c in range(page.view.table.columnCount())]
        assert row[5] == "已拒收", row  # the decision, not the stored word "reject"
        assert row[0].startswith("已过期"), row  # the deadline that passed, in words
    finally:
        install_language("en")
