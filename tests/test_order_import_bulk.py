"""A big first import's short cuts store what the row-by-row path stores: the new orders' ids
given on SQLite, the plain indexes dropped and built again, the stored orders not looked up
when there are none. Runs on SQLite and PostgreSQL (where the ids come from the sequence)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core import orders as orders_core
from inspector.core.csvfiles import CsvFileError
from inspector.core.models import Inspection
from inspector.core.order_layouts import ColumnMapping
from inspector.services.guided import list_orders
from inspector.services.order_imports import import_orders

BOTH_DATABASES = True
HEADER = ["order_number", "platform", "buyer", "sku", "quantity", "serials", "ship_date"] + [
    "return_requested",
    "return_courier",
    "courier_supplied",
]

_order = st.tuples(
    st.integers(1, 60),  # the order number's digits: files overlap, orders repeat
    st.lists(st.sampled_from(["BG-220", "WT-9", "EP-1"]), min_size=1, max_size=3),
    st.sampled_from(["", "买家 1", "Ann"]),
    st.booleans(),  # a return waybill
)


def _write(path: Path, orders: list[tuple[int, list[str], str, bool]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        seen: set[int] = set()
        for n, skus, buyer, returned in orders:
            if n in seen:  # an order's lines are one run of rows; a later one is the same order
                continue
            seen.add(n)
            for k, sku in enumerate(skus):
                courier = f"SF{n:010d}" if returned else ""
                w.writerow(
                    [f"ORD{n}", "taobao", buyer, sku, str(k + 1), f"S{n}-{k}", "2026-11-02"]
                    + ["2026-11-10" if returned else "", courier, "2026-11-12" if returned else ""]
                )


def _state(ctx) -> tuple[list, list]:
    """Every order with its lines (no ids), and the orders' and lines' index definitions."""
    orders = [
        (o.order_number, o.buyer, o.return_courier, o.ship_date, o.courier_supplied_on)
        + tuple((ln.line_no, ln.sku, ln.quantity, tuple(ln.serials)) for ln in o.lines)
        for o in sorted(list_orders(ctx), key=lambda o: o.order_number)
    ]
    inspector = sa.inspect(ctx.db.engine)
    indexes = sorted(
        (t, ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
        for t in ("shop_order", "shop_order_line")
        for ix in inspector.get_indexes(t)
    )
    return orders, indexes


def _empty(ctx) -> None:
    with ctx.db.session() as session:
        session.execute(sa.text("DELETE FROM shop_order_line"))
        session.execute(sa.text("DELETE FROM shop_order"))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.lists(_order, min_size=1, max_size=12), second=st.lists(_order, max_size=12))
def test_the_bulk_path_stores_what_the_row_path_stores(ctx, tmp_path, first, second) -> None:
    """Two files imported one after the other (the second updates and adds), each way."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    _write(a, first)
    _write(b, first[len(first) // 2 :] + second)
    results = []
    for from_orders in (10**9, 1):  # never the bulk path, then always
        _empty(ctx)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(orders_core, "REBUILD_INDEXES_FROM", from_orders)
            import_orders(ctx, a)
            import_orders(ctx, b)
        results.append(_state(ctx))
    assert results[0] == results[1]
    assert results[0][0]  # orders were stored, each with its own lines


def test_a_bulk_import_refused_after_its_writes_keeps_the_indexes_and_writes_nothing(
    ctx, tmp_path, monkeypatch
) -> None:
    """The last order has no platform: found while writing, after the indexes were dropped."""
    before = _state(ctx)
    path = tmp_path / "mapped.csv"
    _write(path, [(n, ["BG-220", "WT-9"], "Ann", n % 2 == 0) for n in range(1, 40)])
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["ORD999", "", "", "BG-220", "1", "", "2026-11-02", "", "", ""])
    mapping = ColumnMapping({"order_number": "order_number", "platform": "platform", "sku": "sku"})
    monkeypatch.setattr(orders_core, "REBUILD_INDEXES_FROM", 1)
    with pytest.raises(CsvFileError, match="platform is empty"):
        import_orders(ctx, path, mapping)
    assert _state(ctx) == before


@pytest.mark.parametrize("more_orders", [0, 3])
def test_inspections_get_their_orders_flags_when_the_file_outnumbers_them(
    ctx, tmp_path, more_orders
) -> None:
    """Two inspections; a file of two orders asks about each order, a longer one reads the
    inspections' codes once: the same flags either way."""
    arrived = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)
    with ctx.db.session() as session:
        late = Inspection(order_number="ORD1", status="completed", started_at=arrived)
        by_waybill = Inspection(order_number="", courier_number="SF88", status="completed")
        session.add_all([late, by_waybill])
        session.flush()
        late_id, by_waybill_id = late.id, by_waybill.id
    path = tmp_path / "orders.csv"
    rows = [["ORD1", "taobao", "", "BG-220", "1", "", "2026-11-02"]]
    rows[0] += ["2026-11-10", "SF77", "2026-11-16T09:00:00+00:00"]  # after the arrival
    rows.append(["ORD2", "amazon", "", "WT-9", "1", "", "2026-11-02", "", "SF88", ""])
    rows += [
        [f"ORD{n}", "taobao", "", "BG-220", "1", "", "2026-11-02", "", "", ""]
        for n in range(3, 3 + more_orders)
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    import_orders(ctx, path)
    with ctx.db.session() as session:
        late, by_waybill = session.get(Inspection, late_id), session.get(Inspection, by_waybill_id)
        assert (late.courier_supplied_late, late.platform) == (True, "taobao")
        assert (by_waybill.order_number, by_waybill.platform) == ("ORD2", "amazon")
