"""Orders: CSV import and re-import, bad files, expected returns, waybill look-up, repeat offenders,
and the late courier number."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from inspector.core.csvfiles import CsvFileError
from inspector.core.models import Decision, Inspection
from inspector.core.orders import ORDER_COLUMNS, CourierTiming, OrderData, courier_timing
from inspector.services.guided import (
    build_checklist_for,
    expected_returns,
    import_orders,
    import_products,
    list_orders,
    look_up_code,
    show,
)

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
HEADER = ",".join(ORDER_COLUMNS)


@pytest.fixture
def shop(ctx):
    """A data directory holding the sample catalog."""
    import_products(ctx, SAMPLE / "products.csv")
    return ctx


def write_orders(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def add_inspection(
    ctx, order: str, courier: str = "", started: datetime | None = None, decision: str = "pending"
) -> int:
    """An inspection row as the recorder leaves it (no video needed for these rules)."""
    with ctx.db.session() as session:
        row = Inspection(
            order_number=order,
            courier_number=courier,
            status="completed",
            decision=decision,
            started_at=started or datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def test_sample_orders_import(shop) -> None:
    result = import_orders(shop, SAMPLE / "orders.csv")
    assert (result.created, result.updated, result.lines, result.courier_numbers_added) == (
        4,
        0,
        5,
        2,
    )
    orders = {o.order_number: o for o in list_orders(shop)}
    two = orders["TB2026110200002"]
    assert [(ln.line_no, ln.sku, ln.serials) for ln in two.lines] == [
        (1, "BG-220", ["B12-XK"]),
        (2, "WT-9", ["MW-2001"]),
    ]
    assert two.return_courier == "" and two.return_requested_on == date(2026, 11, 12)
    amazon = orders["AMZ-113-4567890-1234567"]
    assert amazon.platform == "amazon"
    assert amazon.courier_supplied_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert orders["MS-778899"].lines[0].quantity == 2
    assert orders["MS-778899"].lines[0].serials == ["B12-XK", "B12-XL"]


ROW = "TB-1,taobao,lily_w,BG-220,1,B12-XK,2026-11-02,2026-11-12,,"


def test_a_later_export_adds_the_courier_number(shop, tmp_path: Path) -> None:
    import_orders(
        shop,
        write_orders(tmp_path / "day1.csv", ROW, ROW.replace("BG-220,1,B12-XK", "WT-9,1,MW-2001")),
    )
    [waiting] = expected_returns(shop, today=date(2026, 11, 15))
    assert (waiting.order_number, waiting.days_courier_missing) == ("TB-1", 3)

    later = ROW.replace(",,", ",sf 99887766,2026-11-16")
    result = import_orders(shop, write_orders(tmp_path / "day2.csv", later))
    assert (result.created, result.updated, result.courier_numbers_added) == (0, 1, 1)
    [order] = list_orders(shop)
    assert order.return_courier == "SF99887766"  # normalized like a scan
    assert order.courier_supplied_on == date(2026, 11, 16)
    assert [ln.sku for ln in order.lines] == ["BG-220"]  # the file's lines replace the old ones
    [waiting] = expected_returns(shop, today=date(2026, 11, 17))
    assert waiting.return_courier == "SF99887766" and waiting.days_courier_missing is None

    # A partial export with blank cells keeps what is stored.
    import_orders(shop, write_orders(tmp_path / "day3.csv", ROW.replace("lily_w", "")))
    [order] = list_orders(shop)
    assert (order.buyer, order.return_courier) == ("lily_w", "SF99887766")


def test_courier_number_without_a_date_is_dated_by_the_import(shop, tmp_path: Path) -> None:
    import_orders(shop, write_orders(tmp_path / "o.csv", ROW.replace(",,", ",SF1,")))
    [order] = list_orders(shop)
    assert order.courier_supplied_on == datetime.now().astimezone().date()


BAD_ORDERS = [
    (
        "missing column",
        HEADER.replace(",ship_date", ""),
        ROW,
        1,
        "ship_date",
        "this column is missing",
    ),
    (
        "bad date",
        HEADER,
        ROW.replace("2026-11-02", "2026-13-45"),
        3,
        "ship_date",
        "'2026-13-45' is not a date in the form YYYY-MM-DD",
    ),
    (
        "bad supply time",
        HEADER,
        ROW.replace(",,", ",SF1,yesterday"),
        3,
        "courier_supplied",
        "'yesterday' is not a date",
    ),
    (
        "bad quantity",
        HEADER,
        ROW.replace(",1,B12", ",two,B12"),
        3,
        "quantity",
        "'two' is not a whole number",
    ),
    (
        "order fields disagree",
        HEADER,
        ROW.replace("taobao", "tmall"),
        3,
        "platform",
        "order TB-1 has 'taobao' here on line 2",
    ),
    (
        "supply date without courier",
        HEADER,
        ROW.replace("TB-1", "TB-3") + "2026-11-12",
        3,
        "courier_supplied",
        "return_courier is empty",
    ),
    (
        "empty order number",
        HEADER,
        ROW.replace("TB-1", ""),
        3,
        "order_number",
        "the order number is empty",
    ),
]


@pytest.mark.parametrize(
    ("header", "row", "line", "column", "message"),
    [b[1:] for b in BAD_ORDERS],
    ids=[b[0] for b in BAD_ORDERS],
)
def test_bad_orders_file_is_refused_whole(
    shop, tmp_path: Path, header: str, row: str, line: int, column: str, message: str
) -> None:
    first = ROW.replace(",,", ",SF5,") if "SF5" in row else ROW
    path = write_orders(tmp_path / "bad.csv", first, row, header=header)
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    text = str(info.value)
    assert f"{path}, line {line}, column '{column}'" in text
    assert message in text
    assert list_orders(shop) == []


def test_a_waybill_shared_by_two_orders_is_one_parcel_for_both(shop, tmp_path: Path) -> None:
    """One parcel returning two orders: the second order (in the file or stored) keeps it too."""
    import_orders(shop, write_orders(tmp_path / "a.csv", ROW.replace(",,", ",SF5,2026-11-13")))
    other = ROW.replace("TB-1", "TB-9").replace(",,", ",SF5,2026-11-13")
    third = ROW.replace("TB-1", "TB-8").replace(",,", ",SF5,2026-11-13")
    import_orders(shop, write_orders(tmp_path / "b.csv", other, third))
    assert {o.order_number: o.return_courier for o in list_orders(shop)} == {
        "TB-1": "SF5",
        "TB-9": "SF5",
        "TB-8": "SF5",
    }
    found = look_up_code(shop, "SF5")
    assert found.matched_by == "courier"
    assert "TB-1" in found.message and "TB-8" in found.message and "TB-9" in found.message


def test_expected_returns_chase_the_missing_courier_numbers_first(shop) -> None:
    import_orders(shop, SAMPLE / "orders.csv")
    rows = expected_returns(shop, today=date(2026, 11, 22))
    assert [(r.order_number, r.days_courier_missing) for r in rows] == [
        ("TB2026110200002", 10),
        ("TB2026110100001", None),
        ("AMZ-113-4567890-1234567", None),
    ]
    # An inspection, even one started from the waybill alone, takes the order off the list.
    add_inspection(shop, "TB2026110100001")
    add_inspection(shop, "", courier="1Z999AA10123456784")
    assert [r.order_number for r in expected_returns(shop, today=date(2026, 11, 22))] == [
        "TB2026110200002"
    ]


def test_scanning_the_waybill_fills_in_its_order(shop) -> None:
    import_orders(shop, SAMPLE / "orders.csv")
    found = look_up_code(shop, " 1z999aa10123456784 ")
    assert (found.matched_by, found.order_number, found.courier_number) == (
        "courier",
        "AMZ-113-4567890-1234567",
        "1Z999AA10123456784",
    )
    assert [(ln.sku, ln.name) for ln in found.order.lines] == [("WT-9", "Quartz watch Meridian")]
    assert all(Path(p).is_file() for p in found.order.lines[0].photos)
    by_number = look_up_code(shop, "TB2026110200002")
    assert by_number.matched_by == "order" and len(by_number.order.lines) == 2
    unknown = look_up_code(shop, "XX-404")
    assert unknown.order is None and "general steps only" in unknown.message

    # An inspection started from the waybill alone gets its order at start.
    inspection = add_inspection(shop, "", courier="1Z999AA10123456784")
    steps = build_checklist_for(shop, inspection)
    assert show(shop, inspection).summary.order == "AMZ-113-4567890-1234567"
    assert [s.key for s in steps if s.sku == "WT-9"][0] == "1.sku"


def test_an_order_not_in_the_database_gets_general_steps(shop) -> None:
    inspection = add_inspection(shop, "NOT-IMPORTED-1", courier="SF1")
    detail = show(shop, inspection)
    assert detail.order is None
    assert [s.key for s in detail.steps] == [
        "seal",
        "waybill",
        "sides",
        "item.ours",
        "item.complete",
        "item.damage",
    ]
    assert "The order is not in the database: general steps only." in detail.warnings


def test_repeat_offenders_are_flagged_before_unboxing(shop, tmp_path: Path) -> None:
    rows = [
        "TB-1,taobao,fake_fan,BG-220,1,,2026-10-01,2026-10-05,SF1,2026-10-06",
        "TB-2,taobao,fake_fan,BG-220,1,,2026-11-01,2026-11-05,SF2,2026-11-06",
        "TB-3,taobao,honest,BG-220,1,,2026-11-01,2026-11-05,SF3,2026-11-06",
        "AMZ-4,amazon,fake_fan,BG-220,1,,2026-11-01,2026-11-05,SF4,2026-11-06",
    ]
    import_orders(shop, write_orders(tmp_path / "o.csv", *rows))
    first = add_inspection(shop, "TB-1", "SF1", decision=Decision.REJECT)
    add_inspection(shop, "TB-3", "SF3", decision=Decision.REJECT)
    found = look_up_code(shop, "SF2")
    assert [r.inspection_id for r in found.past_rejections] == [first]
    assert "buyer fake_fan already has 1 rejected return(s)" in found.message
    second = add_inspection(shop, "TB-2", "SF2")
    assert [r.order_number for r in show(shop, second).past_rejections] == ["TB-1"]
    # The same nickname on another platform is another person.
    assert look_up_code(shop, "SF4").past_rejections == []


def test_a_courier_number_supplied_after_arrival_puts_the_loss_on_the_buyer(
    shop, tmp_path: Path
) -> None:
    import_orders(shop, write_orders(tmp_path / "day1.csv", ROW))
    arrived = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)
    inspection = add_inspection(shop, "TB-1", started=arrived)
    build_checklist_for(shop, inspection)
    detail = show(shop, inspection)
    assert detail.arrived_at == arrived
    assert (detail.courier_timing, detail.courier_supplied_late) == (
        CourierTiming.NOT_SUPPLIED,
        False,
    )

    # The next day's export carries the courier number the buyer supplied after arrival.
    later = ROW.replace(",,", ",SF77,2026-11-16T09:00:00+00:00")
    import_orders(shop, write_orders(tmp_path / "day2.csv", later))
    detail = show(shop, inspection)
    assert (detail.courier_timing, detail.courier_supplied_late) == (
        CourierTiming.AFTER_ARRIVAL,
        True,
    )
    assert any("only after the parcel arrived" in w for w in detail.warnings)
    assert detail.to_json()["courier_supplied_late"] is True


def _order(
    supplied_on: date | None, supplied_at: datetime | None = None, courier: str = "SF1"
) -> OrderData:
    return OrderData("TB-1", "taobao", "b", None, None, courier, supplied_on, supplied_at)


ARRIVED = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("order", "timing"),
    [
        (None, CourierTiming.NO_ORDER),
        (_order(None, courier=""), CourierTiming.NOT_SUPPLIED),
        (_order(date(2026, 11, 14)), CourierTiming.BEFORE_ARRIVAL),
        (
            _order(ARRIVED.astimezone().date()),
            CourierTiming.BEFORE_ARRIVAL,
        ),  # same day: buyer's benefit
        (_order(date(2026, 11, 17)), CourierTiming.AFTER_ARRIVAL),
        (
            _order(date(2026, 11, 15), datetime(2026, 11, 15, 9, 59, tzinfo=UTC)),
            CourierTiming.BEFORE_ARRIVAL,
        ),
        (
            _order(date(2026, 11, 15), datetime(2026, 11, 15, 10, 1, tzinfo=UTC)),
            CourierTiming.AFTER_ARRIVAL,
        ),
    ],
    ids=[
        "no order",
        "not supplied",
        "day before",
        "same day",
        "days later",
        "minute before",
        "minute after",
    ],
)
def test_courier_timing(order: OrderData | None, timing: str) -> None:
    assert courier_timing(order, ARRIVED) == timing


def test_general_steps_give_way_to_the_orders_own_once_it_is_imported(shop) -> None:
    """The parcel arrived before the day's order export: the checklist follows the import."""
    inspection = add_inspection(shop, "TB2026110100001", "SF1234567890")
    assert [s.key for s in build_checklist_for(shop, inspection)][3:] == [
        "item.ours",
        "item.complete",
        "item.damage",
    ]
    import_orders(shop, SAMPLE / "orders.csv")
    keys = [s.key for s in show(shop, inspection).steps]
    assert "1.sticker" in keys and "item.ours" not in keys
    # Once a step is answered, the checklist stays as it was answered.
    other = add_inspection(shop, "TB-LATER", "SF-LATER")
    build_checklist_for(shop, other)
    from inspector.services.guided import answer_step

    answer_step(shop, other, "seal", "pass")
    rows = ["TB-LATER,taobao,x,BG-220,1,,2026-11-01,2026-11-05,SF-LATER,2026-11-06"]
    import_orders(shop, write_orders(Path(shop.storage.root) / "later.csv", *rows))
    assert "item.ours" in [s.key for s in show(shop, other).steps]
