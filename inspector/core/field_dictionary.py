"""What an export's columns mean: the fields an order import fills, the header words platforms
use for each, in the languages their sellers download them in, and the columns only one
platform has.

A header cell is compared after normalising (header_word): full-width forms folded (NFKC),
case folded, a trailing unit in brackets dropped ("商品数量(件)" = "商品数量", "Weight(kg)" =
"Weight"), and every space and punctuation mark ignored ("Order ID" = "order-id" =
"ORDER_ID"). The words come from the exports themselves; docs/order-imports.md names the
public source of each platform's header row.

Two kinds of column are read by the report they are in: a waybill ("Tracking ID", 物流单号)
is the return's in a returns report and the outbound parcel's in an order export; the same
goes for the carrier. Everything else means one thing wherever it appears.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from inspector.i18n.vocabulary import Platform


class Field(StrEnum):
    """A field an order import can fill (the app's own CSV uses these names as its columns)."""

    ORDER_NUMBER = "order_number"
    SUB_ORDER_NUMBER = "sub_order_number"
    RETURN_ID = "return_id"
    PLATFORM = "platform"
    BUYER = "buyer"
    SKU = "sku"
    QUANTITY = "quantity"
    SERIALS = "serials"
    SHIP_DATE = "ship_date"
    RETURN_REQUESTED = "return_requested"
    RETURN_WAYBILL = "return_courier"
    RETURN_CARRIER = "return_carrier"
    WAYBILL_SUPPLIED = "courier_supplied"
    OUTBOUND_WAYBILL = "outbound_waybill"
    OUTBOUND_CARRIER = "outbound_carrier"
    REASON = "reason"
    STATUS = "status"


# Words that are a waybill or a carrier, whose direction the report decides.
WAYBILL = "waybill"
CARRIER = "carrier"


class Kind(StrEnum):
    """What a report is about, which decides what its waybill and its lines mean."""

    ORDERS = "orders"  # what was sold: creates and updates orders, with their lines
    RETURNS = "returns"  # a refund or returns report: the return's waybill, dates and reason
    ITEMS = "items"  # one row per product sold: the orders' lines


class DateOrder(StrEnum):
    """How a file writes a date whose day and month could be swapped (03/11/2026)."""

    YMD = "YMD"
    DMY = "DMY"
    MDY = "MDY"


def header_word(cell: str) -> str:
    """A header cell as compared: NFKC, case folded, a trailing (unit) dropped, only letters,
    marks and digits kept."""
    text = unicodedata.normalize("NFKC", cell).strip().lstrip("\ufeff").casefold()
    text = _UNIT.sub("", text) or text
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")


# "(件)", "(元)", "(kg)", "(USD)", "（人民币）", "（等级1-5为由高到低）": a unit, currency or gloss
# after the name, not part of it. A word in brackets ("Username (Buyer)") is part of it.
_UNIT = re.compile(
    r"\s*[(\[（【](?:[^()\[\]（）【】a-z]*[\u3400-\u9fff][^()\[\]（）【】]{0,11}|[^()\[\]（）【】\s]{1,3})"
    r"[)\]）】]\s*$"
)


# Each field's header words, the most telling first (when two columns mean the same field,
# the one whose word comes first here is read). Languages: zh, en, id/ms, vi, th, es, pt, ja.
SYNONYMS: dict[str, tuple[str, ...]] = {
    Field.ORDER_NUMBER: (
        "order_number",
        "主订单编号",
        "订单编号",
        "订单号",
        "订单id",
        "order id",
        "order number",
        "order no",
        "order no.",
        "amazon-order-id",
        "order-id",
        "sales order number",
        "no. pesanan",
        "nomor pesanan",
        "id pesanan",
        "mã đơn hàng",
        "หมายเลขคำสั่งซื้อ",
        "número de pedido",
        "número do pedido",
        "id del pedido",
        "注文番号",
        "受注番号",
        "注文id",
    ),
    Field.SUB_ORDER_NUMBER: (
        "子订单编号",
        "子订单号",
        "sub order no",
        "suborder number",
        "sub order number",
        "sub order id",
        "order item id",
        "order-item-id",
        "no. sub pesanan",
        "mã đơn hàng con",
        "注文商品id",
    ),
    Field.RETURN_ID: (
        "退款编号",
        "售后单号",
        "退货单号",
        "return id",
        "amazon rma id",
        "rma id",
        "return request id",
        "no. pengembalian",
        "id pengembalian",
        "mã yêu cầu trả hàng",
        "หมายเลขการคืนสินค้า",
        "id de devolución",
        "id da devolução",
        "返品id",
    ),
    Field.PLATFORM: ("platform", "平台", "渠道平台", "plataforma", "nền tảng"),
    Field.BUYER: (
        "买家会员名",
        "买家昵称",
        "下单帐号",
        "下单账号",
        "用户昵称",
        "buyer username",
        "username (buyer)",
        "buyer user id",
        "buyer",
        "customer name",
        "buyer name",
        "username (pembeli)",
        "nama pembeli",
        "tên người mua",
        "người mua",
        "ชื่อผู้ซื้อ",
        "ชื่อผู้ใช้ (ผู้ซื้อ)",
        "comprador",
        "nombre del comprador",
        "nome do comprador",
        "購入者名",
        "注文者氏名",
    ),
    Field.SKU: (
        "sku",
        "商家编码",
        "外部系统编号",
        "商家编码-sku维度",
        "商品编码",
        "货号",
        "sku编码",
        "seller sku",
        "merchant sku",
        "sku reference no.",
        "sku phân loại hàng",
        "เลขอ้างอิง sku (sku reference no.)",
        "custom label",
        "nomor referensi sku",
        "sku người bán",
        "sku do vendedor",
        "sku del vendedor",
        "sku ผู้ขาย",
        "出品者sku",
        "商品sku",
        "sku管理番号",
        "parent sku reference no.",
        "sku induk",
    ),
    Field.QUANTITY: (
        "quantity",
        "购买数量",
        "商品数量",
        "订购数量",
        "宝贝总数量",
        "数量",
        "qty",
        "return quantity",
        "quantity purchased",
        "jumlah",
        "số lượng",
        "จำนวน",
        "cantidad",
        "quantidade",
        "個数",
        "number of items",
    ),
    Field.SERIALS: ("serials", "序列号", "serial numbers", "imei"),
    Field.SHIP_DATE: (
        "ship_date",
        "发货时间",
        "ship time",
        "shipped time",
        "order ship time",
        "shipped on date",
        "date shipped",
        "dispatch date",
        "shipment date",
        "waktu pengiriman diatur",
        "tanggal pengiriman",
        "ngày gửi hàng",
        "thời gian giao hàng",
        "วันที่จัดส่ง",
        "fecha de envío",
        "data de envio",
        "出荷日",
        "発送日",
    ),
    Field.RETURN_REQUESTED: (
        "return_requested",
        "退款的申请时间",
        "申请时间",
        "售后申请时间",
        "return request date",
        "return request time",
        "return created date",
        "return-date",
        "waktu pengajuan",
        "waktu pengajuan pengembalian",
        "thời gian yêu cầu trả hàng",
        "วันที่ขอคืนสินค้า",
        "fecha de solicitud de devolución",
        "data da solicitação de devolução",
        "返品リクエスト日",
    ),
    Field.RETURN_WAYBILL: (
        "return_courier",
        "退货物流单号",
        "退货运单号",
        "退货快递单号",
        "return tracking number",
        "return tracking id",
        "reverse logistics tracking number",
        "no. resi pengembalian",
        "mã vận đơn trả hàng",
        "número de seguimiento de devolución",
        "código de rastreio da devolução",
        "返品追跡番号",
    ),
    Field.RETURN_CARRIER: (
        "return_carrier",
        "退货物流公司",
        "退货快递公司",
        "return carrier",
        "return shipping provider",
        "jasa kirim pengembalian",
        "đơn vị vận chuyển trả hàng",
        "transportadora da devolução",
        "返品配送業者",
    ),
    Field.WAYBILL_SUPPLIED: (
        "courier_supplied",
        "买家退货时间",
        "退货时间",
        "buyer return shipped time",
        "return shipped time",
        "waktu pengembalian dikirim",
        "thời gian người mua gửi trả",
        "返品発送日",
    ),
    Field.OUTBOUND_WAYBILL: ("outbound_waybill", "发货物流单号", "发货运单号"),
    Field.OUTBOUND_CARRIER: ("outbound_carrier", "发货物流公司"),
    Field.REASON: (
        "reason",
        "买家退款原因",
        "退款原因",
        "退货原因",
        "售后原因",
        "return reason",
        "reason for return",
        "alasan pengembalian",
        "lý do trả hàng",
        "เหตุผลการคืนสินค้า",
        "motivo de la devolución",
        "motivo da devolução",
        "返品理由",
    ),
    Field.STATUS: (
        "订单状态",
        "退款状态",
        "售后状态",
        "status",
        "order status",
        "return status",
        "return request status",
        "item-status",
        "order-status",
        "status pesanan",
        "status pengembalian",
        "trạng thái đơn hàng",
        "สถานะคำสั่งซื้อ",
        "สถานะการสั่งซื้อ",
        "estado del pedido",
        "status do pedido",
        "注文ステータス",
    ),
    WAYBILL: (
        "物流单号",
        "快递单号",
        "运单号",
        "tracking number",
        "tracking id",
        "tracking code",
        "tracking-number",
        "awb number",
        "awb",
        "no. resi",
        "nomor resi",
        "mã vận đơn",
        "หมายเลขติดตามพัสดุ",
        "número de seguimiento",
        "código de rastreio",
        "追跡番号",
        "お問い合わせ伝票番号",
        "お荷物伝票番号",
    ),
    CARRIER: (
        "物流公司",
        "快递公司",
        "carrier",
        "courier partner",
        "shipping provider",
        "shipping provider name",
        "shipping service",
        "carrier-name",
        "jasa kirim",
        "opsi pengiriman",
        "đơn vị vận chuyển",
        "ผู้ให้บริการขนส่ง",
        "transportista",
        "transportadora",
        "配送業者",
    ),
}


# Columns only one platform's exports have: they tell the platform when no column names it.
PLATFORM_MARKERS: dict[str, tuple[str, ...]] = {
    Platform.TAOBAO: (
        "买家会员名",
        "买家支付宝账号",
        "宝贝标题",
        "宝贝种类",
        "宝贝总数量",
        "买家应付货款",
        "外部系统编号",
        "支付宝交易号",
        "退款的申请时间",
        "买家退货时间",
    ),
    Platform.DOUYIN: ("选购商品", "订单提交时间", "支付完成时间", "达人昵称", "达人id", "商品金额"),
    Platform.PINDUODUO: (
        "商家实收金额",
        "用户实付金额",
        "订单成交时间",
        "店铺优惠折扣",
        "平台优惠折扣",
        "样式id",
        "商品总价",
    ),
    Platform.JD: ("京东价", "下单帐号", "商家备注等级", "订购数量", "京东订单号"),
    Platform.TIKTOK: (
        "sku quantity of return",
        "rts time",
        "sku platform discount",
        "cancelation/return type",
        "normal or pre-order",
        "checked marked by",
        "order substatus",
    ),
    Platform.EBAY: (
        "sales record number",
        "sold via promoted listings",
        "ebay collected tax",
        "global shipping program",
        "ebay plus",
        "item number",
    ),
    Platform.ETSY: (
        "buyer user id",
        "number of items",
        "order net",
        "adjusted order total",
        "card processing fees",
        "inperson discount",
    ),
    Platform.AMAZON: (
        "amazon-order-id",
        "merchant-order-id",
        "amazon rma id",
        "fulfillment-center-id",
        "license-plate-number",
        "detailed-disposition",
        "fnsku",
        "safet claim id",
        "a-to-z claim",
    ),
    Platform.SHOPEE: (
        "username (buyer)",
        "username (pembeli)",
        "sku reference no.",
        "nomor referensi sku",
        "parent sku reference no.",
        "return / refund status",
        "no. pesanan",
        "sku phân loại hàng",
        "mã kiện hàng",
        "tên phân loại hàng",
        "เลขอ้างอิง sku (sku reference no.)",
        "ชื่อผู้ใช้ (ผู้ซื้อ)",
    ),
    Platform.LAZADA: ("order item id", "lazada id", "lazada sku", "buyer failed delivery reason"),
    Platform.MEESHO: ("sub order no", "suborder number", "meesho pid", "type of return"),
}


# The day/month order each platform's exports write (a layout's own wins); None: the file tells.
PLATFORM_DATE_ORDER: dict[str, DateOrder | None] = {
    Platform.TAOBAO: DateOrder.YMD,
    Platform.TMALL: DateOrder.YMD,
    Platform.PINDUODUO: DateOrder.YMD,
    Platform.JD: DateOrder.YMD,
    Platform.DOUYIN: DateOrder.YMD,
    Platform.KUAISHOU: DateOrder.YMD,
    Platform.EBAY: DateOrder.MDY,
    Platform.ETSY: DateOrder.MDY,
    Platform.AMAZON: DateOrder.MDY,
    Platform.SHOPEE: DateOrder.DMY,
    Platform.LAZADA: DateOrder.DMY,
    Platform.MEESHO: DateOrder.DMY,
    Platform.FLIPKART: DateOrder.DMY,
    # TikTok Shop writes 11/03/2026 in the US and 03/11/2026 in Southeast Asia: the file tells.
    Platform.TIKTOK: None,
}


@dataclass(frozen=True)
class Report:
    """A report a platform hands out, known by columns it always has (all present); at least
    one of them is the platform's own (a marker), so a signature never tells a platform alone.

    `columns` says where a field is read when the dictionary alone would read it elsewhere
    or not at all (Amazon's return request date is also when the buyer had the label).
    """

    key: str
    name: str  # as the result names it: "Taobao refund report"
    platform: str
    kind: Kind
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    merge_lines: bool = False  # one row per unit (Lazada): equal SKUs add up
    date_order: DateOrder | None = None  # None: the platform's
    source: str = ""  # where the header row was taken from (docs/order-imports.md)


REPORTS: tuple[Report, ...] = (
    Report(
        "amazon_returns",
        "Amazon returns report",
        Platform.AMAZON,
        Kind.RETURNS,
        ("Order ID", "Return request date", "Amazon RMA ID"),
        # The prepaid label is issued with the request: the buyer has the waybill then.
        {Field.WAYBILL_SUPPLIED: ("Return request date",)},
        date_order=DateOrder.MDY,
        source="Amazon Seller Central help: Manage Returns report (Download report)",
    ),
    Report(
        "amazon_fba_returns",
        "Amazon FBA customer returns report",
        Platform.AMAZON,
        Kind.RETURNS,
        ("return-date", "order-id", "fulfillment-center-id", "detailed-disposition"),
        source="SP-API GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA (Airbyte source-amazon-seller-partner schema)",
    ),
    Report(
        "amazon_all_orders",
        "Amazon All Orders report",
        Platform.AMAZON,
        Kind.ORDERS,
        ("amazon-order-id", "merchant-order-id", "purchase-date", "item-status"),
        source="SP-API GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL (Airbyte schema)",
    ),
    Report(
        "taobao_refunds",
        "Taobao refund report",
        Platform.TAOBAO,
        Kind.RETURNS,
        ("订单编号", "退款编号", "买家退货时间"),
        source="千牛 退款管理 → 导出 (columns as documented in docs/order-imports.md)",
    ),
    Report(
        "taobao_refunds",
        "Taobao refund report",
        Platform.TAOBAO,
        Kind.RETURNS,
        ("订单编号", "退款编号", "退款的申请时间"),
        source="千牛 退款管理 → 导出 (columns as documented in docs/order-imports.md)",
    ),
    Report(
        "qianniu_orders",
        "千牛 order export",
        Platform.TAOBAO,
        Kind.ORDERS,
        ("主订单编号", "子订单编号", "外部系统编号"),
        source="千牛 已卖出的宝贝 → 批量导出 (子订单 report)",
    ),
    Report(
        "taobao_items",
        "Taobao items report",
        Platform.TAOBAO,
        Kind.ITEMS,
        ("订单编号", "标题", "外部系统编号"),
        source="淘宝 卖家中心 宝贝报表",
    ),
    Report(
        "taobao_orders",
        "Taobao order report",
        Platform.TAOBAO,
        Kind.ORDERS,
        ("订单编号", "买家会员名", "买家应付货款"),
        source="淘宝 卖家中心 订单报表",
    ),
    Report(
        "shopee_orders",
        "Shopee order export",
        Platform.SHOPEE,
        Kind.ORDERS,
        ("Order ID", "Order Status", "SKU Reference No."),
        source="Shopee Seller Centre → My Orders → Export",
    ),
    Report(
        "shopee_orders_id",
        "Shopee order export (Bahasa Indonesia)",
        Platform.SHOPEE,
        Kind.ORDERS,
        ("No. Pesanan", "Status Pesanan", "Nomor Referensi SKU"),
        source="Shopee Seller Centre (ID) → Pesanan Saya → Ekspor",
    ),
    Report(
        "shopee_returns",
        "Shopee return/refund export",
        Platform.SHOPEE,
        Kind.RETURNS,
        ("Return ID", "Order ID", "Username (Buyer)"),
        source="Shopee Seller Centre → Return/Refund → Export",
    ),
    Report(
        "shopee_returns_id",
        "Shopee return/refund export (Bahasa Indonesia)",
        Platform.SHOPEE,
        Kind.RETURNS,
        ("No. Pengembalian", "No. Pesanan", "Username (Pembeli)"),
        source="Shopee Seller Centre (ID) → Pengembalian Barang/Dana → Ekspor",
    ),
    Report(
        "lazada_orders",
        "Lazada order export",
        Platform.LAZADA,
        Kind.ORDERS,
        ("Order Item Id", "Order Number", "Seller SKU"),
        merge_lines=True,
        source="Lazada Seller Center → Orders → Export",
    ),
    Report(
        "meesho_returns",
        "Meesho returns report",
        Platform.MEESHO,
        Kind.RETURNS,
        ("Sub Order No", "AWB Number"),
        # Sub-orders of one order come back in one parcel under one AWB.
        {Field.WAYBILL_SUPPLIED: ("Return Created Date",)},
        source="Meesho Supplier Panel → Returns → Download",
    ),
    Report(
        "meesho_returns_suborder",
        "Meesho returns report",
        Platform.MEESHO,
        Kind.RETURNS,
        ("Suborder Number", "AWB Number"),
        {Field.WAYBILL_SUPPLIED: ("Return Created Date",)},
        source="Meesho Supplier Panel → Returns → Download (newer header)",
    ),
    Report(
        "pinduoduo_orders",
        "拼多多 order export",
        Platform.PINDUODUO,
        Kind.ORDERS,
        ("订单号", "商品数量(件)", "快递单号", "商家实收金额(元)"),
        source="拼多多 商家后台 → 订单查询 → 导出",
    ),
    Report(
        "douyin_orders",
        "抖店 order export",
        Platform.DOUYIN,
        Kind.ORDERS,
        ("主订单编号", "子订单编号", "选购商品", "商品数量"),
        source="抖店 → 订单管理 → 批量导出",
    ),
    Report(
        "jd_orders",
        "京东 order export",
        Platform.JD,
        Kind.ORDERS,
        ("订单号", "商品ID", "订购数量", "京东价"),
        source="京东 商家后台 → 订单管理 → 订单导出",
    ),
    Report(
        "tiktok_orders",
        "TikTok Shop order export",
        Platform.TIKTOK,
        Kind.ORDERS,
        ("Order ID", "Seller SKU", "Tracking ID", "RTS Time"),
        source="TikTok Shop Seller Center → Orders → Export",
    ),
    Report(
        "ebay_orders",
        "eBay Seller Hub orders report",
        Platform.EBAY,
        Kind.ORDERS,
        ("Sales Record Number", "Order Number", "Buyer Username"),
        date_order=DateOrder.MDY,
        source="eBay Seller Hub → Orders → Download report",
    ),
    Report(
        "etsy_orders",
        "Etsy sold orders",
        Platform.ETSY,
        Kind.ORDERS,
        ("Sale Date", "Order ID", "Buyer User ID", "Number of Items"),
        date_order=DateOrder.MDY,
        source="Etsy Shop Manager → Settings → Options → Download Data (Orders)",
    ),
)


@lru_cache(maxsize=1)
def word_index() -> dict[str, tuple[str, int]]:
    """Every normalised header word -> (its field, its rank among that field's words)."""
    index: dict[str, tuple[str, int]] = {}
    for name, words in SYNONYMS.items():
        for rank, word in enumerate(words):
            key = header_word(word)
            if key in index and index[key][0] != name:
                raise ValueError(f"header word {word!r} means both {index[key][0]} and {name}")
            index.setdefault(key, (str(name), rank))
    return index


@lru_cache(maxsize=1)
def marker_index() -> dict[str, tuple[str, ...]]:
    """Every normalised marker word -> the platforms it tells."""
    index: dict[str, list[str]] = {}
    for platform, words in PLATFORM_MARKERS.items():
        for word in words:
            owners = index.setdefault(header_word(word), [])
            if str(platform) not in owners:
                owners.append(str(platform))
    return {k: tuple(v) for k, v in index.items()}


def known_platforms() -> tuple[str, ...]:
    """Every platform the recogniser can tell (by markers or by a report)."""
    names = [str(p) for p in PLATFORM_MARKERS] + [str(r.platform) for r in REPORTS]
    return tuple(dict.fromkeys(names))
