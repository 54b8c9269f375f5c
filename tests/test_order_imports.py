"""Platform exports imported as downloaded: each layout from its documented header, in each
encoding and as a workbook; the order + refund report join; spreadsheet artefacts; presets."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from inspector.cli import main as cli_main
from inspector.core.csvfiles import CsvFileError
from inspector.core.models import Inspection
from inspector.core.order_layouts import ColumnMapping
from inspector.core.orders import UnknownLayout
from inspector.core.policy import normalize_platform
from inspector.services.guided import (
    build_checklist_for,
    import_orders,
    import_products,
    list_orders,
    order_presets,
    preview_orders_file,
    save_order_preset,
    show,
    skus_missing_from_catalog,
)

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"

# The headers as docs/order-imports.md documents them (and as the platforms write them).
AMAZON_RETURNS = [
    "Order ID",
    "Order date",
    "Return request date",
    "Return request status",
    "Amazon RMA ID",
    "Merchant RMA ID",
    "Label type",
    "Label cost",
    "Currency code",
    "Return carrier",
    "Tracking ID",
    "Label to be paid by",
    "A-to-z claim",
    "Is prime",
    "ASIN",
    "Merchant SKU",
    "Item Name",
    "Return quantity",
    "Return reason",
    "In policy",
    "Return type",
    "Resolution",
    "Invoice number",
    "Return delivery date",
    "Order Amount",
    "Order quantity",
    "SafeT action reason",
    "SafeT claim id",
    "SafeT claim state",
    "SafeT claim creation time",
    "SafeT claim reimbursement amount",
    "Refunded Amount",
    "Category",
]
TAOBAO_ORDERS = [
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "买家支付积分",
    "总金额",
    "返点积分",
    "买家实际支付金额",
    "买家实际支付积分",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址",
    "运送方式",
    "联系电话",
    "联系手机",
    "订单创建时间",
    "订单付款时间",
    "宝贝标题",
    "宝贝种类",
    "物流单号",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺Id",
    "店铺名称",
    "订单关闭原因",
    "商家编码",
]
TAOBAO_ITEMS = [
    "订单编号",
    "标题",
    "价格",
    "购买数量",
    "外部系统编号",
    "商品属性",
    "套餐信息",
    "备注",
    "订单状态",
    "商家编码",
]
TAOBAO_REFUNDS = [
    "订单编号",
    "退款编号",
    "支付宝交易号",
    "订单付款时间",
    "宝贝ID",
    "宝贝标题",
    "买家实际支付金额",
    "买家申请退款金额",
    "手工退款/系统退款",
    "是否需要退货",
    "退款的申请时间",
    "超时时间",
    "退款状态",
    "货物状态",
    "退货物流信息",
    "发货物流信息",
    "客服介入状态",
    "卖家真实姓名",
    "卖家退货地址",
    "卖家邮编",
    "卖家电话",
    "卖家手机",
    "退货物流单号",
    "退货物流公司",
    "买家退款原因",
    "买家退款说明",
    "买家退货时间",
    "责任方",
    "售中或售后",
    "退款备注",
    "完结时间",
    "商家编码",
]
QIANNIU_ORDERS = [
    "子订单编号",
    "主订单编号",
    "商品标题",
    "商品价格",
    "购买数量",
    "外部系统编号",
    "商品属性",
    "订单状态",
    "商家编码",
    "支付单号",
    "买家应付货款",
    "买家实付金额",
    "退款状态",
    "退款金额",
    "订单创建时间",
    "订单付款时间",
    "发货时间",
    "物流单号",
    "物流公司",
    "应发货时间",
    "商品 ID",
    "买家昵称",
]
SHOPEE_ORDERS = [
    "Order ID",
    "Order Status",
    "Cancel reason",
    "Return / Refund Status",
    "Tracking Number*",
    "Shipping Option",
    "Shipment Method",
    "Estimated Ship Out Date",
    "Ship Time",
    "Order Creation Date",
    "Order Paid Time",
    "Parent SKU Reference No.",
    "Product Name",
    "SKU Reference No.",
    "Variation Name",
    "Original Price",
    "Deal Price",
    "Quantity",
    "Returned quantity",
    "Product Subtotal",
    "Username (Buyer)",
    "Receiver Name",
]
LAZADA_ORDERS = [
    "Order Item Id",
    "Order Type",
    "Guarantee",
    "Delivery Type",
    "Lazada Id",
    "Seller SKU",
    "Lazada SKU",
    "Created at",
    "Updated at",
    "Order Number",
    "Invoice Required",
    "Customer Name",
    "Customer Email",
    "Paid Price",
    "Unit Price",
    "Item Name",
    "Variation",
    "Shipping Provider",
    "Tracking Code",
    "Status",
    "Buyer Failed Delivery Return Initiator",
    "Buyer Failed Delivery Reason",
    "Return Reason",
]
MEESHO_RETURNS = [
    "Sub Order No",
    "Order Number",
    "Dispatch Date",
    "Product Name",
    "SKU",
    "Variation",
    "Qty",
    "Return Created Date",
    "Type of Return",
    "Sub Type",
    "Expected Delivery Date",
    "Courier Partner",
    "AWB Number",
    "Return Reason",
    "Detailed Return Reason",
    "Return Status",
]
MEESHO_TITLE = [["Returns Report"], ["Supplier: Shop 42", "Period: 01-Nov-2026 to 30-Nov-2026"], []]


def rows_of(header: list[str], *records: dict[str, str]) -> list[list[str]]:
    return [header] + [[r.get(h, "") for h in header] for r in records]


def write_table(path: Path, rows: list[list[str]], fmt: str) -> Path:
    """One table written the way the platform or a spreadsheet program would save it."""
    if fmt == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # the text ="…" as a cell shows it, not a formula
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path
    delimiter = "\t" if fmt in ("utf-16", "tab") else ","
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    encoding = {"tab": "utf-8", "utf-16": "utf-16"}.get(fmt, fmt)
    path = path.with_suffix(".txt" if delimiter == "\t" else ".csv")
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


FORMATS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "xlsx")

LAYOUT_CASES = {
    "amazon_returns": (
        "Amazon returns report",
        rows_of(
            AMAZON_RETURNS,
            {
                "Order ID": "113-4567890-1234567",
                "Order date": "28-Oct-2026",
                "Return request date": "05-Nov-2026",
                "Amazon RMA ID": "DQ1b2c3d4RRMA",
                "Return carrier": "UPS",
                "Tracking ID": "1Z999AA10123456784",
                "Merchant SKU": "BG-220",
                "Return quantity": "1",
                "Return reason": "Defective",
                "Item Name": "Bluetooth 耳机",
            },
        ),
        "113-4567890-1234567",
        {"platform": "amazon", "return_courier": "1Z999AA10123456784", "return_carrier": "UPS"},
    ),
    "taobao_orders": (
        "Taobao order report",
        rows_of(
            TAOBAO_ORDERS,
            {
                "订单编号": '="5118609024991031607"',
                "买家会员名": "莉莉",
                "订单创建时间": "2026-11-01 14:22:47",
                "物流单号": "'SF1234567890",
                "宝贝总数量": "2",
                "商家编码": "BG-220",
            },
        ),
        "5118609024991031607",
        {"platform": "taobao", "buyer": "莉莉", "return_courier": ""},
    ),
    "taobao_items": (
        "Taobao items report",
        rows_of(
            TAOBAO_ITEMS,
            {
                "订单编号": "5118609024991031607",
                "标题": "耳机",
                "购买数量": "1",
                "商家编码": "BG-220",
            },
            {
                "订单编号": "5118609024991031607",
                "标题": "手表",
                "购买数量": "２",
                "商家编码": "WT-9",
            },
        ),
        "5118609024991031607",
        {"platform": "taobao"},
    ),
    "taobao_refunds": (
        "Taobao refund report",
        rows_of(
            TAOBAO_REFUNDS,
            {
                "订单编号": "5118609024991031607",
                "退款编号": "R1",
                "退款的申请时间": "2026/11/10 09:00:00",
                "退货物流单号": "YT7654321098765",
                "退货物流公司": "圆通速递",
                "买家退款原因": "不想要了",
                "买家退货时间": "2026-11-12 18:30:00",
                "商家编码": "BG-220",
            },
        ),
        "5118609024991031607",
        {"platform": "taobao", "return_courier": "YT7654321098765", "return_reason": "不想要了"},
    ),
    "qianniu_orders": (
        "千牛 order export",
        rows_of(
            QIANNIU_ORDERS,
            {
                "子订单编号": "1",
                "主订单编号": "4000000000000001",
                "购买数量": "1",
                "商家编码": "BG-220",
                "发货时间": "2026-11-02 10:00:00",
                "买家昵称": "小王",
            },
            {
                "子订单编号": "2",
                "主订单编号": "4000000000000001",
                "购买数量": "1",
                "商家编码": "WT-9",
                "发货时间": "2026-11-02 10:00:00",
            },
        ),
        "4000000000000001",
        {"platform": "taobao", "buyer": "小王", "ship_date": date(2026, 11, 2)},
    ),
    "shopee_orders": (
        "Shopee order export",
        rows_of(
            SHOPEE_ORDERS,
            {
                "Order ID": "241105ABCDEF12",
                "Order Status": "Completed",
                "Ship Time": "2026-11-05 10:11",
                "SKU Reference No.": "BG-220",
                "Quantity": "1",
                "Username (Buyer)": "buyer_ké",
            },
        ),
        "241105ABCDEF12",
        {"platform": "shopee", "buyer": "buyer_ké"},
    ),
    "lazada_orders": (
        "Lazada order export",
        rows_of(
            LAZADA_ORDERS,
            {
                "Order Item Id": "1",
                "Seller SKU": "BG-220",
                "Order Number": "887766554433",
                "Created at": "01 Nov 2026 10:00",
                "Status": "returned",
                "Customer Name": "Nguyễn",
            },
            {"Order Item Id": "2", "Seller SKU": "BG-220", "Order Number": "887766554433"},
        ),
        "887766554433",
        {"platform": "lazada", "buyer": "Nguyễn"},
    ),
    "meesho_returns": (
        "Meesho returns report",
        MEESHO_TITLE
        + rows_of(
            MEESHO_RETURNS,
            {
                "Sub Order No": "123456789012345_1",
                "Order Number": "123456789012345",
                "Dispatch Date": "2026-11-01",
                "SKU": "BG-220",
                "Qty": "1",
                "Return Created Date": "2026-11-08",
                "Courier Partner": "Delhivery",
                "AWB Number": "1490811234567",
                "Return Reason": "Wrong size",
            },
        ),
        "123456789012345",
        {"platform": "meesho", "return_courier": "1490811234567", "return_carrier": "Delhivery"},
    ),
}
EXPECTED_LINES = {
    "amazon_returns": [("BG-220", 1)],
    "taobao_orders": [("BG-220", 2)],
    "taobao_items": [("BG-220", 1), ("WT-9", 2)],
    "taobao_refunds": [("BG-220", 1)],
    "qianniu_orders": [("BG-220", 1), ("WT-9", 1)],
    "shopee_orders": [("BG-220", 1)],
    "lazada_orders": [("BG-220", 2)],  # one row per unit
    "meesho_returns": [("BG-220", 1)],
}


@pytest.fixture
def shop(ctx):
    import_products(ctx, SAMPLE / "products.csv")
    return ctx


def order(ctx, number: str):
    return {o.order_number: o for o in list_orders(ctx)}[number]


@pytest.mark.parametrize("key", list(LAYOUT_CASES))
def test_each_layout_imports_in_each_encoding_and_as_a_workbook(shop, tmp_path, key) -> None:
    name, rows, number, expected = LAYOUT_CASES[key]
    first = write_table(tmp_path / f"{key}-0", rows, FORMATS[0])
    result = import_orders(shop, first)
    assert (result.layout, result.created, result.updated) == (key, 1, 0)
    assert result.summary().startswith(f"{name[0].upper()}{name[1:]}: 1 order created")
    got = order(shop, number)
    for attr, value in expected.items():
        assert getattr(got, attr) == value, attr
    assert [(ln.sku, ln.quantity) for ln in got.lines] == EXPECTED_LINES[key]
    # The same export saved another way is the same data: nothing changes.
    for i, fmt in enumerate(FORMATS[1:], start=1):
        again = import_orders(shop, write_table(tmp_path / f"{key}-{i}", rows, fmt))
        assert (again.layout, again.created, again.updated, again.unchanged) == (key, 0, 0, 1), fmt


def test_a_refund_report_updates_the_orders_and_creates_those_it_does_not_find(
    shop, tmp_path
) -> None:
    orders = rows_of(
        TAOBAO_ORDERS,
        *(
            {"订单编号": n, "买家会员名": "莉莉", "商家编码": "BG-220", "宝贝总数量": "1"}
            for n in ("5118609024991031601", "5118609024991031602")
        ),
    )
    assert import_orders(shop, write_table(tmp_path / "orders", orders, "gb18030")).created == 2
    items = rows_of(
        TAOBAO_ITEMS,
        {"订单编号": "5118609024991031601", "标题": "耳机", "购买数量": "1", "商家编码": "BG-220"},
        {"订单编号": "5118609024991031601", "标题": "手表", "购买数量": "1", "商家编码": "WT-9"},
    )
    result = import_orders(shop, write_table(tmp_path / "items", items, "xlsx"))
    assert (result.updated, result.lines) == (1, 2)
    refunds = rows_of(
        TAOBAO_REFUNDS,
        {
            "订单编号": "5118609024991031601",
            "退款编号": "R1",
            "退款的申请时间": "2026-11-10 09:00:00",
            "退货物流单号": "SF1234567890",
            "退货物流公司": "顺丰速运",
            "买家退款原因": "七天无理由",
            "买家退货时间": "2026-11-20 16:00:00",
            "商家编码": "BG-220",
        },
        {
            "订单编号": "5118609024991031602",
            "退款编号": "R2",
            "退款的申请时间": "2026-11-11 09:00:00",
            "退货物流单号": "YT1111111111111",
        },
        {
            "订单编号": "5118609024991031603",
            "退款编号": "R3",
            "退款的申请时间": "2026-11-11 10:00:00",
            "退货物流单号": "ZT2222222222222",
            "商家编码": "NEW-SKU",
        },
    )
    path = write_table(tmp_path / "refunds", refunds, "gb18030")
    result = import_orders(shop, path)
    assert result.summary().startswith(
        "Taobao refund report: 2 orders updated, 1 created, 3 return waybills added"
    )
    one = order(shop, "5118609024991031601")
    assert (one.return_courier, one.return_carrier, one.return_reason) == (
        "SF1234567890",
        "顺丰速运",
        "七天无理由",
    )
    assert one.return_requested_on == date(2026, 11, 10)
    assert one.courier_supplied_at == datetime(2026, 11, 20, 16, 0).astimezone()
    # The refund's SKU is a hint: the items report's lines stay.
    assert [ln.sku for ln in one.lines] == ["BG-220", "WT-9"]
    three = order(shop, "5118609024991031603")
    assert three.platform == "taobao" and [ln.sku for ln in three.lines] == ["NEW-SKU"]
    assert result.unknown_skus == ("NEW-SKU",)
    assert skus_missing_from_catalog(shop) == [("NEW-SKU", 1)]

    again = import_orders(shop, path)
    assert (again.created, again.updated, again.unchanged, again.courier_numbers_added) == (
        0,
        0,
        3,
        0,
    )


def test_the_buyer_supplied_waybill_time_from_the_refund_report_flags_a_late_courier(
    shop, tmp_path
) -> None:
    with shop.db.session() as session:
        insp = Inspection(
            order_number="5118609024991031601",
            courier_number="SF1234567890",
            status="completed",
            started_at=datetime(2026, 11, 20, 7, 0, tzinfo=UTC),  # 15:00 in Shanghai
        )
        session.add(insp)
        session.flush()
        inspection_id = insp.id
    refunds = rows_of(
        TAOBAO_REFUNDS,
        {
            "订单编号": "5118609024991031601",
            "退款编号": "R1",
            "退货物流单号": "SF1234567890",
            "买家退货时间": "2026-11-20T16:00:00+08:00",  # an hour after the parcel arrived
        },
    )
    import_orders(shop, write_table(tmp_path / "refunds", refunds, "utf-8"))
    detail = show(shop, inspection_id)
    assert detail.courier_supplied_late is True
    assert detail.policy.platform == "taobao"


ARTEFACTS = [
    ('="5118609024991031607"', "5118609024991031607"),
    ("'5118609024991031607", "5118609024991031607"),
    ("No:5118609024991031607", "5118609024991031607"),
    ("5118609024991031607.0", "5118609024991031607"),
    ("５１１８６０９０２４９９１０３１６０７", "5118609024991031607"),
]


@pytest.mark.parametrize(("cell", "stored"), ARTEFACTS)
def test_spreadsheet_wrappers_are_taken_off_codes(shop, tmp_path, cell, stored) -> None:
    rows = rows_of(
        TAOBAO_REFUNDS, {"订单编号": cell, "退款编号": "R1", "退货物流单号": "'SF1234567890"}
    )
    import_orders(shop, write_table(tmp_path / "r", rows, "utf-8"))
    assert order(shop, stored).return_courier == "SF1234567890"


BAD_CELLS = [
    ("订单编号", "5.11861E+18", "scientific notation"),
    ("订单编号", "TB\x07123", "control character"),
    ("退款的申请时间", "0001-01-01", "not a plausible date"),
    ("退款的申请时间", "next week", "is not a date in the form"),
    ("退货物流单号", "7.65432E+14", "Format Cells → Text"),
]


@pytest.mark.parametrize(("column", "cell", "message"), BAD_CELLS)
def test_cells_whose_digits_or_dates_are_lost_refuse_the_file(
    shop, tmp_path, column, cell, message
):
    good = {"订单编号": "1001", "退款编号": "R1", "退款的申请时间": "2026-11-10"}
    rows = rows_of(TAOBAO_REFUNDS, {**good, "订单编号": "1000"}, {**good, column: cell})
    path = write_table(tmp_path / "r", rows, "utf-8")
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (3, column)
    assert message in problem.message
    assert list_orders(shop) == []  # nothing of a refused file is written


def test_an_absurd_quantity_is_refused_with_its_line_and_column(shop, tmp_path) -> None:
    rows = rows_of(
        TAOBAO_ITEMS,
        {"订单编号": "1", "标题": "a", "购买数量": "1", "商家编码": "BG-220"},
        {"订单编号": "2", "标题": "b", "购买数量": "1E+23", "商家编码": "BG-220"},
    )
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, write_table(tmp_path / "i", rows, "utf-8"))
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (3, "购买数量")


def test_control_characters_are_stripped_from_names(shop, tmp_path) -> None:
    rows = rows_of(
        TAOBAO_ORDERS, {"订单编号": "1", "买家会员名": "莉\x07莉\u200b", "商家编码": "BG-220"}
    )
    import_orders(shop, write_table(tmp_path / "o", rows, "utf-8"))
    assert order(shop, "1").buyer == "莉 莉"


@pytest.mark.parametrize(
    ("written", "policy"),
    [
        ("淘宝", "taobao"),
        ("天猫", "tmall"),
        ("拼多多", "pinduoduo"),
        ("京东", "jd"),
        ("抖音", "douyin"),
        ("amazon.com", "amazon"),
        ("Amazon.de", "amazon"),
        ("shopee.co.th", "shopee"),
        ("Lazada", "lazada"),
    ],
)
def test_platform_names_as_sellers_write_them(written, policy) -> None:
    assert normalize_platform(written) == policy


def test_an_unknown_layout_is_mapped_by_hand_and_kept_as_a_preset(shop, tmp_path) -> None:
    rows = [
        ["我的退货登记"],
        ["单号", "快递单号", "快递公司", "货号", "件数", "登记时间", "原因"],
        ["A-1", "SF1234567890", "顺丰", "BG-220", "1", "2026-11-12 09:00", "尺码不合"],
    ]
    path = write_table(tmp_path / "mine", rows, "gb18030")
    with pytest.raises(UnknownLayout) as info:
        import_orders(shop, path)
    assert info.value.header_line == 2 and "快递单号" in info.value.header
    preview = preview_orders_file(shop, path)
    assert (preview.layout_name, preview.header_line, preview.rows[0][0]) == ("", 2, "A-1")

    mapping = ColumnMapping(
        {
            "order_number": "单号",
            "return_courier": "快递单号",
            "return_carrier": "快递公司",
            "sku": "货号",
            "quantity": "件数",
            "courier_supplied": "登记时间",
            "reason": "原因",
        },
        platform="拼多多",
        name="my returns",
    )
    save_order_preset(shop, mapping)
    result = import_orders(shop, path, preset="my returns")
    assert result.summary().startswith("Preset my returns: 1 order created")
    got = order(shop, "A-1")
    assert (got.platform, got.return_courier, got.return_reason) == (
        "pinduoduo",
        "SF1234567890",
        "尺码不合",
    )
    assert order_presets(shop)["my returns"].columns["sku"] == "货号"


def test_cli_maps_columns_and_saves_the_preset(shop, data_dir, tmp_path, capsys) -> None:
    rows = [["No.", "Tracking", "Item"], ["X-9", "JT0001234567890", "BG-220"]]
    path = write_table(tmp_path / "x", rows, "utf-8")
    assert cli_main(["--data-dir", str(data_dir), "orders", "import", str(path)]) == 2
    assert "--map order_number=COLUMN" in capsys.readouterr().err
    args = ["--data-dir", str(data_dir), "orders", "import", str(path)]
    mapped = ["--map", "order_number=No.", "--map", "return_courier=Tracking", "--map", "sku=Item"]
    assert cli_main([*args, *mapped, "--platform", "lazada", "--save-preset", "lz"]) == 0
    out = capsys.readouterr().out
    assert "Preset lz: 1 order created" in out
    assert cli_main([*args, "--preset", "lz"]) == 0
    assert "Preset lz: 1 order unchanged" in capsys.readouterr().out


def test_the_app_csv_still_refuses_unknown_columns(shop, tmp_path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_number,platform,sku,ship_date,acessories\nTB1,taobao,BG-220,2026-11-02,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    assert info.value.problems[0].column == "acessories"


def test_a_long_number_stored_as_a_number_in_a_workbook_is_refused(shop, tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(TAOBAO_REFUNDS)
    row = ["" for _ in TAOBAO_REFUNDS]
    row[0], row[1] = 5118609024991031607, "R1"  # Excel keeps 15 digits of it
    book.active.append(row)
    path = tmp_path / "refunds.xlsx"
    book.save(path)
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (2, "订单编号")
    assert "scientific notation" in problem.message


def test_an_order_whose_sku_is_not_in_the_catalog_is_inspected_with_general_steps(
    shop, tmp_path
) -> None:
    rows = rows_of(TAOBAO_ORDERS, {"订单编号": "77", "商家编码": "NOT-YET", "宝贝总数量": "1"})
    result = import_orders(shop, write_table(tmp_path / "o", rows, "utf-8"))
    assert result.unknown_skus == ("NOT-YET",)
    assert "NOT-YET is not in the product catalog" in str(result.warnings[0])
    with shop.db.session() as session:
        insp = Inspection(order_number="77", status="completed")
        session.add(insp)
        session.flush()
        inspection_id = insp.id
    titles = [s.title for s in build_checklist_for(shop, inspection_id)]
    assert any("NOT-YET (not in the catalog)" in t for t in titles)
