"""The tables browsing reads, as SQLAlchemy Core tables (rows, not ORM objects: lists are long)."""

from inspector.core.models import (
    ChecklistStep,
    Inspection,
    InspectionEvent,
    Operator,
    Product,
    ShopOrder,
    ShopOrderLine,
    Station,
    VideoSegment,
)

INSPECTION = Inspection.__table__
OPERATOR = Operator.__table__
STATION = Station.__table__
SEGMENT = VideoSegment.__table__
EVENT = InspectionEvent.__table__
STEP = ChecklistStep.__table__
ORDER = ShopOrder.__table__
ORDER_LINE = ShopOrderLine.__table__
PRODUCT = Product.__table__
