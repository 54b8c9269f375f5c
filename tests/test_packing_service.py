"""The packing service: the picture says PACKING, scans are judged as they come, the packing
is sealed on completion with its items, and only a packing before the return counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from inspector.core.chain import verify_chain
from inspector.core.models import Inspection, InspectionKind, ItemScan, SealEntry
from inspector.core.packing import PackProblemKind, packing_for

SAMPLE_ORDER = "TB2026110100001"


@pytest.fixture
def orders(ctx):
    from pathlib import Path

    from inspector.services.guided import import_orders, import_products

    sample = Path(__file__).resolve().parents[1] / "resources" / "sample"
    import_products(ctx, sample / "products.csv")
    import_orders(ctx, sample / "orders.csv")
    return ctx


def _capture():
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import DemoSource

    ensure_text_rendering()
    return open_capture(DemoSource(320, 240, 30))


@pytest.mark.parametrize("language, mark", [("en", "● PACKING"), ("zh_CN", "● 打包中")])
def test_a_packing_is_marked_on_the_picture_and_sealed_with_its_items(orders, language, mark):
    from inspector.i18n.catalogue import overlay_labels
    from inspector.services.packing import end_packing, scan_packed_item, start_packing
    from inspector.services.recording import StartRequest

    ctx = orders
    capture = _capture()
    try:
        active = start_packing(
            ctx,
            capture,
            StartRequest(SAMPLE_ORDER, "SF0000000001", "Li Na", "Desk 1"),
            max_seconds=1.5,
            labels=overlay_labels(language),
        )
        lines = [p.text for p in active.recorder.overlay.layout(datetime.now(UTC), 0.5)]
        assert any(t.startswith(mark) for t in lines), lines
        # A scanned product barcode is its SKU; a wrong SKU is said at once.
        ok = scan_packed_item(ctx, active.inspection_id, "4901234567894", "ac-000123", 0.4)
        assert ok.sku == "TS-001" and ok.serial == "AC-000123" and ok.problem is None
        wrong = scan_packed_item(ctx, active.inspection_id, "WT-9", "MW-1111", 0.8)
        assert wrong.problem is not None and wrong.problem.kind == PackProblemKind.WRONG_SKU
        twice = scan_packed_item(ctx, active.inspection_id, "TS-001", "AC-000123", 0.9)
        assert twice.problem.kind == PackProblemKind.REPEATED_SERIAL
        assert active.recorder.finished.wait(20)
        result = end_packing(ctx, active)
    finally:
        capture.stop()
    assert result.summary.kind == "packing" and result.summary.status == "completed"
    assert [(i.sku, i.serial, i.video_offset_s) for i in result.items] == [
        ("TS-001", "AC-000123", 0.4),
        ("WT-9", "MW-1111", 0.8),
        ("TS-001", "AC-000123", 0.9),
    ]
    with ctx.db.session() as session:
        packing = session.get(Inspection, result.summary.id)
        assert packing.kind == InspectionKind.PACKING and packing.platform == "taobao"
        seals = session.exec(select(SealEntry).where(SealEntry.inspection_id == packing.id)).all()
        assert len(seals) == 1  # sealed once, on completion, with its three items
        report = verify_chain(session, ctx.storage.root)
        assert report.ok, report.problems
        # An item removed afterwards shows as a record that no longer matches its seal.
        session.delete(session.exec(select(ItemScan)).first())
        session.flush()
        assert not verify_chain(session, ctx.storage.root).ok
        session.rollback()


def test_only_a_packing_filmed_before_the_return_is_its_reference(orders, record_inspection):
    from inspector.services.packing import end_packing, start_packing
    from inspector.services.recording import StartRequest

    ctx = orders
    capture = _capture()
    try:
        active = start_packing(ctx, capture, StartRequest(SAMPLE_ORDER), max_seconds=0.5)
        assert active.recorder.finished.wait(20)
        first = end_packing(ctx, active).summary
    finally:
        capture.stop()
    from inspector.services.guided import expected_returns

    # A packing is not the return: the order is still expected back.
    assert SAMPLE_ORDER in {r.order_number for r in expected_returns(ctx)}
    ret = record_inspection(SAMPLE_ORDER, "SF1234567890", 0.5)
    assert SAMPLE_ORDER not in {r.order_number for r in expected_returns(ctx)}
    from inspector.core.errors import ValidationError
    from inspector.services import browse
    from inspector.services.browse import BrowseFilter

    # Browse filters by packing or return.
    def ids(kind: str) -> list[int]:
        return [r.id for r in browse.fetch_page(ctx, BrowseFilter(kind=kind)).rows]

    assert ids("packing") == [first.id] and ids("return") == [ret.id]
    assert sorted(ids("")) == sorted([first.id, ret.id])
    with pytest.raises(ValidationError, match="returns or packings"):
        ids("parcel")
    with ctx.db.session() as session:
        inspection = session.get(Inspection, ret.id)
        assert packing_for(session, SAMPLE_ORDER, inspection.started_at).id == first.id
        assert packing_for(session, SAMPLE_ORDER, first.started_at) is None
        assert packing_for(session, "TB-NEVER-PACKED") is None


@pytest.mark.parametrize("platform_days", [("taobao", 15 + 10), ("amazon", 40 + 30)])
def test_retention_keeps_a_packing_through_its_orders_return_window(
    orders, record_inspection, platform_days
):
    from datetime import timedelta

    from inspector.core.retention import plan_cleanup
    from inspector.services.packing import end_packing, start_packing
    from inspector.services.recording import StartRequest

    platform, days = platform_days
    order = SAMPLE_ORDER if platform == "taobao" else "AMZ-113-4567890-1234567"
    ctx = orders
    capture = _capture()
    try:
        active = start_packing(ctx, capture, StartRequest(order), max_seconds=0.5)
        assert active.recorder.finished.wait(20)
        packed = end_packing(ctx, active).summary
    finally:
        capture.stop()

    def fate(after_days: float) -> set[str]:
        with ctx.db.session() as session:
            plan = plan_cleanup(session, 1, now=packed.started_at + timedelta(days=after_days))
        if any(c.inspection_id == packed.id for c in plan.candidates):
            return {"removed"}
        return set(plan.protected)

    # Retention of 1 day, yet the packing stays through the return and claim windows …
    assert fate(days - 0.5) == {"within its order's return window"}
    assert fate(days + 0.5) == {"removed"}
    # … and as long as a later return of its order is kept (pending, here).
    record_inspection(order, "", 0.5)
    assert fate(days + 0.5) == {"its return needs it", "pending a decision"}


def test_the_serial_entered_at_the_desk_is_compared_with_the_packing(orders, record_inspection):
    from inspector.services.guided import answer_step, show
    from inspector.services.packing import end_packing, scan_packed_item, start_packing
    from inspector.services.recording import StartRequest

    ctx = orders
    capture = _capture()
    try:
        active = start_packing(ctx, capture, StartRequest(SAMPLE_ORDER), max_seconds=1.0)
        scan_packed_item(ctx, active.inspection_id, "TS-001", "AC-000123", 0.3)
        assert active.recorder.finished.wait(20)
        end_packing(ctx, active)
    finally:
        capture.stop()
    ret = record_inspection(SAMPLE_ORDER, "SF1234567890", 1.0)
    # The sticker step's serial, typed or scanned into the value field at the desk.
    answer_step(ctx, ret.id, "1.sticker", "pass", value="AC-000555", video_offset_s=0.5)
    detail = show(ctx, ret.id)
    (finding,) = detail.findings
    assert finding.words() == "SKU TS-001: packed AC-000123, returned AC-000555"
    assert finding.returned_offset_s == 0.5 and finding.packed_offset_s == 0.3
    assert detail.recommendation.outcome == "reject" and detail.recommendation.decisive


# The sample's orders with a serial sticker: (order, SKU, its serial step, shipped, our range).
EXPORT_CASES = [
    ("TB2026110100001", "TS-001", "1.sticker", "AC-000123", "AC-{:06d}", (100, 999)),
    ("AMZ-113-4567890-1234567", "WT-9", "1.sticker", "MW-2002", "MW-{:04d}", (1000, 4999)),
]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    case=st.sampled_from(EXPORT_CASES),
    number=st.integers(0, 10**6),
    shipped=st.booleans(),
    identity_answered=st.booleans(),
)
def test_an_export_difference_weighs_the_same_typed_at_the_step_or_given_as_returned_serial(
    orders, case, number, shipped, identity_answered
):
    """One rule for a serial that differs from the export (no packing filmed): whether it is
    typed into the checklist's serial step or given with `inspect --returned-serial`, it is the
    same finding, a note while identity steps are open, then at most a dispute — never the
    refusal a failed identity step would bring on Taobao."""
    from inspector.services.guided import answer_step, recommend, show
    from inspector.services.packing import record_returned_serial

    ctx = orders
    order, sku, serial_step, shipped_serial, pattern, (low, high) = case
    serial = shipped_serial if shipped else pattern.format(low + number % (high - low + 1))
    assume(shipped or serial != shipped_serial)

    def new_return() -> int:
        with ctx.db.session() as session:
            row = Inspection(order_number=order, courier_number="", kind=InspectionKind.RETURN)
            session.add(row)
            session.flush()
            return row.id

    typed, given = new_return(), new_return()
    answer_step(ctx, typed, serial_step, "pass", value=serial, video_offset_s=0.5)
    record_returned_serial(ctx, given, sku, serial, 0.5)
    answer_step(ctx, given, serial_step, "pass")
    if identity_answered:
        for inspection_id in (typed, given):
            for step in show(ctx, inspection_id).steps:
                if step.category == "identity" and step.key != serial_step:
                    answer_step(ctx, inspection_id, step.key, "pass")
    a, b = recommend(ctx, typed), recommend(ctx, given)
    assert (a.outcome, a.decisive, a.reasons) == (b.outcome, b.decisive, b.reasons)
    found = [f.words() for f in show(ctx, typed).findings]
    assert found == [f.words() for f in show(ctx, given).findings]
    if shipped:
        assert found == [] and a.outcome in ("pending", "sign")
    else:
        assert found == [
            f"SKU {sku}: shipped (from the platform) {shipped_serial}, returned {serial}"
        ]
        assert not a.decisive
        assert a.outcome == ("dispute" if identity_answered else "pending")
