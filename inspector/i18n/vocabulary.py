"""The desk's vocabulary: each kind of thing it records, and the words it shows for each.

One StrEnum per kind (event, answer, decision, status, platform) and one table of its words;
one table of the carriers' names. A word
shown in the windows is marked for Qt's translation under the context named beside it (the
.ts file holds its Chinese); a word core or the report writes is a phrasebook template
(phrases.py holds its Chinese). Both live in this table, so a kind's words are found, and
changed, here alone.

No Qt: core reads the kinds. `QT_TRANSLATE_NOOP` below only marks words for lupdate, which
reads the call by its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspector.i18n.phrases import say


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (lupdate knows this name)
    """Mark a word for Qt's translation under a context; the word itself is returned."""
    return text


# ----- what the desk records happened to an inspection (InspectionEvent.kind) ---------------


class EventKind(StrEnum):
    STARTED = "started"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    RECOVERED = "recovered"
    CONTINUED = "continued"
    RESEALED = "resealed"
    EXPORTED = "exported"
    DECIDED = "decided"
    ORDER_FROM_WAYBILL = "order_from_waybill"
    VIDEO_REMOVED = "video_removed"
    NOTE = "note"
    WAYBILL_READ = "waybill_read"
    WAYBILL_SCANNED = "waybill_scan"  # searched, not found: not searched again
    PRODUCT_SCANNED = "product_scanned"
    # A desk with several cameras: one camera lost or back while the others record on,
    # and the operator making another camera the large picture.
    CAMERA_LOST = "camera_lost"
    CAMERA_BACK = "camera_back"
    CAMERAS_SWAPPED = "cameras_swapped"
    ITEM_PACKED = "item_packed"  # an item scanned into the box while filming a packing
    PACKING_PROBLEM = "packing_problem"  # wrong SKU, extra or missing item, said at once
    SERIAL_RETURNED = "serial_returned"  # a serial read on the returned item, with its comparison


@dataclass(frozen=True)
class EventWords:
    """An event kind's words: its name in the windows' history, its line in the report."""

    name: str  # Qt, context "Events"
    label: str  # phrasebook template


EVENT_KINDS: dict[EventKind, EventWords] = {
    EventKind.STARTED: EventWords(QT_TRANSLATE_NOOP("Events", "started"), "Recording started"),
    EventKind.STOPPED: EventWords(QT_TRANSLATE_NOOP("Events", "stopped"), "Recording stopped"),
    EventKind.INTERRUPTED: EventWords(
        QT_TRANSLATE_NOOP("Events", "interrupted"), "Recording interrupted"
    ),
    EventKind.FAILED: EventWords(QT_TRANSLATE_NOOP("Events", "failed"), "Recording failed"),
    EventKind.RECOVERED: EventWords(
        QT_TRANSLATE_NOOP("Events", "recovered"), "Recording recovered after the app stopped"
    ),
    EventKind.CONTINUED: EventWords(
        QT_TRANSLATE_NOOP("Events", "continued"), "Recording continued after the camera came back"
    ),
    EventKind.RESEALED: EventWords(
        QT_TRANSLATE_NOOP("Events", "resealed"), "Record resealed after a recorded change"
    ),
    EventKind.EXPORTED: EventWords(QT_TRANSLATE_NOOP("Events", "exported"), "Evidence exported"),
    EventKind.DECIDED: EventWords(QT_TRANSLATE_NOOP("Events", "decided"), "Decided"),
    EventKind.ORDER_FROM_WAYBILL: EventWords(
        QT_TRANSLATE_NOOP("Events", "order from waybill"), "Order found from the waybill"
    ),
    EventKind.VIDEO_REMOVED: EventWords(
        QT_TRANSLATE_NOOP("Events", "video removed"), "Video removed by the retention rule"
    ),
    EventKind.NOTE: EventWords(QT_TRANSLATE_NOOP("Events", "note"), "Note"),
    EventKind.WAYBILL_READ: EventWords(
        QT_TRANSLATE_NOOP("Events", "waybill on camera"), "Waybill barcode legible on camera"
    ),
    EventKind.WAYBILL_SCANNED: EventWords(
        QT_TRANSLATE_NOOP("Events", "waybill searched"), "Video searched for the waybill barcode"
    ),
    EventKind.PRODUCT_SCANNED: EventWords(
        QT_TRANSLATE_NOOP("Events", "product scanned"), "Product barcode scanned"
    ),
    EventKind.CAMERA_LOST: EventWords(
        QT_TRANSLATE_NOOP("Events", "camera lost"), "One camera lost; the others recorded on"
    ),
    EventKind.CAMERA_BACK: EventWords(
        QT_TRANSLATE_NOOP("Events", "camera back"), "Camera back in the recording"
    ),
    EventKind.CAMERAS_SWAPPED: EventWords(
        QT_TRANSLATE_NOOP("Events", "cameras swapped"), "Another camera made the large picture"
    ),
    EventKind.ITEM_PACKED: EventWords(
        QT_TRANSLATE_NOOP("Events", "item packed"), "Item scanned into the box"
    ),
    EventKind.PACKING_PROBLEM: EventWords(
        QT_TRANSLATE_NOOP("Events", "packing problem"), "The box does not match the order"
    ),
    EventKind.SERIAL_RETURNED: EventWords(
        QT_TRANSLATE_NOOP("Events", "serial returned"), "Serial read on the returned item"
    ),
}


class InspectionKind(StrEnum):
    """What a recording films: a return being unboxed, or an order being packed to ship."""

    RETURN = "return"
    PACKING = "packing"


class ItemRole(StrEnum):
    """Which half of an order's story an item scan belongs to."""

    PACKED = "packed"
    RETURNED = "returned"


def event_label(kind: str) -> str | None:
    """The report's template for an event kind, None for a kind this version does not know."""
    words = EVENT_KINDS.get(kind)  # type: ignore[call-overload]
    return words.label if words else None


# ----- a checklist step's answer ------------------------------------------------------------


class Answer(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NA = "na"


@dataclass(frozen=True)
class AnswerWords:
    """An answer's words: in the detail window, in the report, as a mark in a list or a terminal."""

    window: str  # Qt, context "Detail"
    report: str  # phrasebook template
    mark: str  # the checklist's one-character mark
    terminal: str  # the CLI's column


ANSWERS: dict[Answer, AnswerWords] = {
    Answer.PASS: AnswerWords(QT_TRANSLATE_NOOP("Detail", "✔ pass"), "pass", "✓", "PASS"),
    Answer.FAIL: AnswerWords(QT_TRANSLATE_NOOP("Detail", "✘ fail"), "FAIL", "✗", "FAIL"),
    Answer.NA: AnswerWords(QT_TRANSLATE_NOOP("Detail", "– n/a"), "not applicable", "–", "n/a"),
}
UNANSWERED = AnswerWords("", "not answered", "○", "    ")


def answer_words(result: str | None) -> AnswerWords:
    """The words for a stored answer ('pass', 'fail', 'na'; None or '' while unanswered)."""
    return ANSWERS.get(result, UNANSWERED) if result else UNANSWERED  # type: ignore[call-overload]


# ----- an inspection's status and decision (their values are stored) ---------------------


class InspectionStatus(StrEnum):
    RECORDING = "recording"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    FAILED = "failed"


class Decision(StrEnum):
    PENDING = "pending"
    SIGN = "sign"
    REJECT = "reject"
    DISPUTE = "dispute"


# A stored status as a list shows it (Qt, context "Values").
STATUSES: dict[InspectionStatus, str] = {
    InspectionStatus.RECORDING: QT_TRANSLATE_NOOP("Values", "recording"),
    InspectionStatus.COMPLETED: QT_TRANSLATE_NOOP("Values", "completed"),
    InspectionStatus.INTERRUPTED: QT_TRANSLATE_NOOP("Values", "interrupted"),
    InspectionStatus.FAILED: QT_TRANSLATE_NOOP("Values", "failed"),
}


@dataclass(frozen=True)
class DecisionWords:
    """A decision's words: as a value in lists, on its button, in the detail view, as an outcome,
    and as the desk's banner announces it once taken."""

    value: str  # Qt, context "Values": the one word tables, filters and summaries show
    button: str  # Qt, context "ChecklistController"
    detail: str  # Qt, context "Detail"
    outcome: str  # phrasebook: what the rules recommend doing
    headline: str = ""  # Qt, context "Decisions": one word in the state bar


DECISIONS: dict[Decision, DecisionWords] = {
    Decision.PENDING: DecisionWords(
        QT_TRANSLATE_NOOP("Values", "Pending"),
        QT_TRANSLATE_NOOP("ChecklistController", "Pending"),
        QT_TRANSLATE_NOOP("Detail", "Not decided yet"),
        "",
    ),
    Decision.SIGN: DecisionWords(
        QT_TRANSLATE_NOOP("Values", "Signed"),
        QT_TRANSLATE_NOOP("ChecklistController", "Sign"),
        QT_TRANSLATE_NOOP("Detail", "Signed for (accepted)"),
        "sign with a note",
        QT_TRANSLATE_NOOP("Decisions", "SIGNED"),
    ),
    Decision.REJECT: DecisionWords(
        QT_TRANSLATE_NOOP("Values", "Rejected"),
        QT_TRANSLATE_NOOP("ChecklistController", "Reject"),
        QT_TRANSLATE_NOOP("Detail", "Rejected (refused)"),
        "reject the parcel",
        QT_TRANSLATE_NOOP("Decisions", "REJECTED"),
    ),
    Decision.DISPUTE: DecisionWords(
        QT_TRANSLATE_NOOP("Values", "Signed under dispute"),
        QT_TRANSLATE_NOOP("ChecklistController", "Sign under dispute"),
        QT_TRANSLATE_NOOP("Detail", "Signed under dispute"),
        "sign under dispute and file a claim",
        QT_TRANSLATE_NOOP("Decisions", "SIGNED UNDER DISPUTE"),
    ),
}


def value_word(value: str) -> str:
    """The English word (context "Values") a stored status or decision is shown by: "sign" ->
    "Signed", "completed" -> "completed"; a value this version does not know, as stored."""
    decision = DECISIONS.get(value)  # type: ignore[call-overload]
    return decision.value if decision else STATUSES.get(value, value)  # type: ignore[call-overload]


# ----- the platforms an order comes from, and the carriers that bring it back -------------


class Platform(StrEnum):
    """A platform as stored (ShopOrder.platform, the policy table's key)."""

    TAOBAO = "taobao"
    TMALL = "tmall"
    PINDUODUO = "pinduoduo"
    JD = "jd"
    DOUYIN = "douyin"
    KUAISHOU = "kuaishou"
    TIKTOK = "tiktok"
    ALIEXPRESS = "aliexpress"
    AMAZON = "amazon"
    FLIPKART = "flipkart"
    MEESHO = "meesho"
    LAZADA = "lazada"
    SHOPEE = "shopee"
    EBAY = "ebay"
    ETSY = "etsy"


# A platform's name, in English. Core writes it into the reasons it stores ("→ sign under
# dispute on Amazon"), so its Chinese is a phrasebook entry (phrases.py), not a Qt one; the
# windows and the report ask for it the same way, through `platform_name`.
PLATFORMS: dict[Platform, str] = {
    Platform.TAOBAO: "Taobao",
    Platform.TMALL: "Tmall",
    Platform.PINDUODUO: "Pinduoduo",
    Platform.JD: "JD.com",
    Platform.DOUYIN: "Douyin",
    Platform.KUAISHOU: "Kuaishou",
    Platform.TIKTOK: "TikTok Shop",
    Platform.ALIEXPRESS: "AliExpress",
    Platform.AMAZON: "Amazon",
    Platform.FLIPKART: "Flipkart",
    Platform.MEESHO: "Meesho",
    Platform.LAZADA: "Lazada",
    Platform.SHOPEE: "Shopee",
    Platform.EBAY: "eBay",
    Platform.ETSY: "Etsy",
}


def platform_word(platform: str) -> str:
    """The English name of a stored platform ("amazon" -> "Amazon"); any other, as stored."""
    return PLATFORMS.get(platform, platform)  # type: ignore[call-overload]


def platform_name(language: str, platform: str) -> str:
    """A stored platform by its name in a language ("amazon" -> Amazon, 亚马逊); any other, as stored."""
    word = PLATFORMS.get(platform)  # type: ignore[call-overload]
    return say(language, word) if word else platform


# A carrier's name as the windows and the report show it (Qt, context "Carriers"), keyed by
# the names resources/carriers/carriers.json gives its formats: that file recognises the
# numbers, this table names the carriers (tests/test_vocabulary_words.py keeps them in step).
CARRIERS: dict[str, str] = {
    "SF Express": QT_TRANSLATE_NOOP("Carriers", "SF Express"),
    "JD Logistics": QT_TRANSLATE_NOOP("Carriers", "JD Logistics"),
    "YTO Express": QT_TRANSLATE_NOOP("Carriers", "YTO Express"),
    "J&T Express": QT_TRANSLATE_NOOP("Carriers", "J&T Express"),
    "Deppon": QT_TRANSLATE_NOOP("Carriers", "Deppon"),
    "Cainiao": QT_TRANSLATE_NOOP("Carriers", "Cainiao"),
    "ZTO Express": QT_TRANSLATE_NOOP("Carriers", "ZTO Express"),
    "ZTO Freight": QT_TRANSLATE_NOOP("Carriers", "ZTO Freight"),
    "STO Express": QT_TRANSLATE_NOOP("Carriers", "STO Express"),
    "Yunda": QT_TRANSLATE_NOOP("Carriers", "Yunda"),
    "Best Express": QT_TRANSLATE_NOOP("Carriers", "Best Express"),
    "EMS / China Post": QT_TRANSLATE_NOOP("Carriers", "EMS / China Post"),
    "China Post": QT_TRANSLATE_NOOP("Carriers", "China Post"),
    "YunExpress": QT_TRANSLATE_NOOP("Carriers", "YunExpress"),
    "Shopee Xpress (SPX)": QT_TRANSLATE_NOOP("Carriers", "Shopee Xpress (SPX)"),
    "Lazada Express (LEX)": QT_TRANSLATE_NOOP("Carriers", "Lazada Express (LEX)"),
    "Amazon Logistics": QT_TRANSLATE_NOOP("Carriers", "Amazon Logistics"),
    "Amazon Shipping": QT_TRANSLATE_NOOP("Carriers", "Amazon Shipping"),
    "UPS": QT_TRANSLATE_NOOP("Carriers", "UPS"),
    "USPS": QT_TRANSLATE_NOOP("Carriers", "USPS"),
    "FedEx": QT_TRANSLATE_NOOP("Carriers", "FedEx"),
    "DHL Express": QT_TRANSLATE_NOOP("Carriers", "DHL Express"),
    "DHL eCommerce": QT_TRANSLATE_NOOP("Carriers", "DHL eCommerce"),
    "DPD": QT_TRANSLATE_NOOP("Carriers", "DPD"),
    "Canada Post": QT_TRANSLATE_NOOP("Carriers", "Canada Post"),
    "Canpar": QT_TRANSLATE_NOOP("Carriers", "Canpar"),
    "Purolator": QT_TRANSLATE_NOOP("Carriers", "Purolator"),
    "OnTrac": QT_TRANSLATE_NOOP("Carriers", "OnTrac"),
    "LaserShip": QT_TRANSLATE_NOOP("Carriers", "LaserShip"),
    "GOFO Express": QT_TRANSLATE_NOOP("Carriers", "GOFO Express"),
    "Landmark Global LTN": QT_TRANSLATE_NOOP("Carriers", "Landmark Global LTN"),
    "Spee-Dee Delivery": QT_TRANSLATE_NOOP("Carriers", "Spee-Dee Delivery"),
    "Yodel": QT_TRANSLATE_NOOP("Carriers", "Yodel"),
    "Old Dominion Freight Line": QT_TRANSLATE_NOOP("Carriers", "Old Dominion Freight Line"),
    "Postal service (S10)": QT_TRANSLATE_NOOP("Carriers", "Postal service (S10)"),
}


# ----- the words burned into the video and shown over the preview ----------------------------


@dataclass(frozen=True)
class OverlayLabels:
    """The words on the overlay, so a translation can replace them."""

    order: str = QT_TRANSLATE_NOOP("Overlay", "Order")
    courier: str = QT_TRANSLATE_NOOP("Overlay", "Courier")
    station: str = QT_TRANSLATE_NOOP("Overlay", "Station")
    operator: str = QT_TRANSLATE_NOOP("Overlay", "Operator")
    recording: str = QT_TRANSLATE_NOOP("Overlay", "REC")
    live: str = QT_TRANSLATE_NOOP("Overlay", "LIVE")
    step: str = QT_TRANSLATE_NOOP("Overlay", "Step")
    packing: str = QT_TRANSLATE_NOOP("Overlay", "PACKING")  # shown for REC while packing
    colon: str = ": "  # between a label and its value; Chinese writes a full-width "："
