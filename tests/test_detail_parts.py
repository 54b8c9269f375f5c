"""An inspection recorded in two parts (a camera lost and back) plays on as one in the detail view."""

from __future__ import annotations

from sqlmodel import select

from inspector.capture.pipeline import open_capture
from inspector.capture.sources import DemoSource
from inspector.core.chain import reseal_inspection
from inspector.core.models import Inspection
from inspector.services.maintenance import continue_inspection
from inspector.ui.detail import DetailController


def test_the_second_part_follows_the_first(qtbot, ctx, record_inspection):
    first = record_inspection(order="TB-PARTS", seconds=1)
    with ctx.db.session() as s:
        row = s.exec(select(Inspection).where(Inspection.id == first.id)).one()
        row.status = "interrupted"  # as a pulled camera leaves it (sealed so, as the desk does)
        s.add(row)
        reseal_inspection(s, row, "camera lost")
    capture = open_capture(DemoSource(320, 240, 30))
    try:
        active = continue_inspection(ctx, capture, first.id, max_seconds=1)
        assert active.recorder.finished.wait(15)
        active.stop()
    finally:
        capture.stop()

    detail = DetailController(ctx, first.id)
    qtbot.addWidget(detail.view)
    detail.view.show()
    assert detail.view.segment_combo.count() == 2
    assert detail.segment.seq == 1
    detail.toggle_play()
    qtbot.waitUntil(lambda: detail.segment.seq == 2, timeout=15000)
    assert detail.view.segment_combo.currentData() == 2
    detail.shutdown()


def test_a_continued_part_is_labelled_in_the_desk_s_language(ctx, record_inspection):
    """Issue 19: a part recorded after a lost camera had English labels on a Chinese desk."""
    from inspector.i18n.catalogue import overlay_labels

    first = record_inspection(order="TB-ZH", seconds=1)
    with ctx.db.session() as s:
        row = s.exec(select(Inspection).where(Inspection.id == first.id)).one()
        row.status = "interrupted"
        s.add(row)
        reseal_inspection(s, row, "camera lost")
    ctx.settings.set("language", "zh_CN")
    capture = open_capture(DemoSource(320, 240, 30))
    try:
        # As the CLI's `inspector continue` calls it: no labels given.
        active = continue_inspection(ctx, capture, first.id, max_seconds=0.5)
        labels = active.recorder.overlay.info.labels
        assert labels == overlay_labels("zh_CN") and labels.order == "订单"
        assert active.recorder.finished.wait(15)
        active.stop()
    finally:
        capture.stop()
