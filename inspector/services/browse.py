"""Finding past inspections fast: filters and search as indexed SQL, keyset pages, CSV, summaries.

Every filter becomes a WHERE clause the database answers from an index; nothing is filtered
in Python, so the archive can grow to a million inspections. Pages are read by keyset
(the last row's sort value and id), never by OFFSET, so page 500 costs what page 1 costs.

Search matches order and courier numbers. Codes are stored upper-cased without spaces
(models.normalize_code), so the query is normalised the same way and a prefix becomes a
range (`code >= 'ABC' AND code < 'ABD'`) that a b-tree index serves: SQLite's own, and on
PostgreSQL a byte-wise (text_pattern_ops) one, so the database's collation cannot change
what matches. "Contains" (a part from the middle, e.g. the last digits of a waybill) uses a
trigram index: pg_trgm's GIN index on PostgreSQL, an FTS5 trigram table on SQLite (both
from migration 0006). When a part is very common (or under three characters, which
trigrams cannot serve), reading in date order and stopping after one page is quicker, and
SQLite is steered to that as for a short prefix (measured in benchmarks/search.py).
"""

from __future__ import annotations

import contextlib
import os
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector.core.csvfiles import SafeCsvWriter, strip_controls
from inspector.core.database import SQLITE_CODE_INDEX
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    ChecklistStep,
    Decision,
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionKind,
    Operator,
    Product,
    ShopOrder,
    ShopOrderLine,
    Station,
    VideoSegment,
    decision_record,
    normalize_code,
    utcnow,
)
from inspector.core.orders import REJECTED_DECISIONS
from inspector.core.pending_writes import PendingWrites
from inspector.i18n.clock import format_local as format_local  # the lists and the CLI show it
from inspector.i18n.language import resolve_language
from inspector.services.context import AppContext
from inspector.services.shared_videos import video_path

INSPECTION = Inspection.__table__
OPERATOR = Operator.__table__
STATION = Station.__table__
SEGMENT = VideoSegment.__table__
EVENT = InspectionEvent.__table__
STEP = ChecklistStep.__table__
ORDER = ShopOrder.__table__
ORDER_LINE = ShopOrderLine.__table__
PRODUCT = Product.__table__

PAGE_SIZE = 200
NOTE_KIND = EventKind.NOTE
NOTE_MAX_CHARS = 2000
# Above any character a code can hold: `code < prefix + TOP` closes the prefix range.
_TOP_CHAR = "\U0010ffff"


class Match(StrEnum):
    """How the search text is compared with order and courier numbers."""

    PREFIX = "prefix"  # starts with: what a person or a scanner types, index-served
    CONTAINS = "contains"  # anywhere: a part such as the last digits, scans in date order
    EXACT = "exact"  # the whole number, as a scan ending in Enter gives it


class SortColumn(StrEnum):
    """Columns the browse table can sort by."""

    STARTED = "started_at"
    ORDER = "order"
    COURIER = "courier"
    OPERATOR = "operator"
    STATION = "station"
    DECISION = "decision"
    DURATION = "duration"
    STATUS = "status"


_SORT_EXPR: dict[SortColumn, sa.ColumnElement[Any]] = {
    SortColumn.STARTED: INSPECTION.c.started_at,
    SortColumn.ORDER: INSPECTION.c.order_number,
    SortColumn.COURIER: INSPECTION.c.courier_number,
    # Names come from an outer join; '' stands for "none" so the keyset never meets NULL.
    SortColumn.OPERATOR: sa.func.coalesce(OPERATOR.c.name, ""),
    SortColumn.STATION: sa.func.coalesce(STATION.c.name, ""),
    SortColumn.DECISION: INSPECTION.c.decision,
    SortColumn.DURATION: INSPECTION.c.duration_s,
    SortColumn.STATUS: INSPECTION.c.status,
}


@dataclass(frozen=True)
class BrowseFilter:
    """What the browse view is narrowed to; every field is optional."""

    text: str = ""
    match: Match = Match.PREFIX
    since: datetime | None = None  # inclusive, aware
    until: datetime | None = None  # exclusive, aware
    decisions: tuple[str, ...] = ()
    operator: str = ""
    station: str = ""
    status: str = ""
    sku: str = ""
    kind: str = ""  # "return" or "packing"; "" for both

    def with_text(self, text: str, match: Match | None = None) -> BrowseFilter:
        return replace(self, text=text, match=match or self.match)

    def check(self) -> None:
        """Refuse a filter that can only be a mistake, in words the user can act on."""
        for name, value in (("from", self.since), ("to", self.until)):
            if value is not None and value.tzinfo is None:
                raise ValidationError(f"The '{name}' time has no time zone; give a local time.")
        if self.since and self.until and self.until <= self.since:
            raise ValidationError("The date range ends before it starts; swap the dates.")
        if self.kind and self.kind not in {k.value for k in InspectionKind}:
            raise ValidationError(
                f"Show returns or packings ('return', 'packing'), not {self.kind!r}."
            )
        unknown = set(self.decisions) - {d.value for d in Decision}
        if unknown:
            raise ValidationError(
                f"Unknown decision {', '.join(sorted(unknown))}; "
                f"use {', '.join(d.value for d in Decision)}."
            )


@dataclass(frozen=True)
class Sort:
    """A column and a direction; ties are always broken by id in the same direction."""

    column: SortColumn = SortColumn.STARTED
    descending: bool = True


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the last row's sort value and id."""

    value: Any
    id: int


@dataclass
class BrowseRow:
    """One line of the browse table."""

    id: int
    uid: str
    started_at: datetime
    order: str
    courier: str
    operator: str
    station: str
    decision: str
    status: str
    duration_s: float
    video_path: str  # relative to the storage root; '' when there is none
    video_sha256: str

    def sort_value(self, column: SortColumn) -> Any:
        return {
            SortColumn.STARTED: self.started_at,
            SortColumn.ORDER: self.order,
            SortColumn.COURIER: self.courier,
            SortColumn.OPERATOR: self.operator,
            SortColumn.STATION: self.station,
            SortColumn.DECISION: self.decision,
            SortColumn.DURATION: self.duration_s,
            SortColumn.STATUS: self.status,
        }[column]


@dataclass
class Page:
    """Rows of one page and the cursor for the next (None at the end)."""

    rows: list[BrowseRow]
    next_cursor: Cursor | None


# ----- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Backend:
    """What the database offers code searches: its kind, and SQLite's trigram index."""

    dialect: str = "sqlite"
    code_index: bool = False  # SQLite's FTS5 trigram table (migration 0006)


# Per engine, weakly: an id() could be reused by the next engine, maybe of another kind.
_BACKENDS: weakref.WeakKeyDictionary[sa.Engine, _Backend] = weakref.WeakKeyDictionary()


def _backend(conn: sa.Connection) -> _Backend:
    key = conn.engine
    found = _BACKENDS.get(key)
    if found is None:
        dialect = conn.dialect.name
        code_index = dialect == "sqlite" and (
            conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (SQLITE_CODE_INDEX,)
            ).first()
            is not None
        )
        found = _BACKENDS[key] = _Backend(dialect, code_index)
    return found


def _prefix_range(column: sa.ColumnElement[Any], prefix: str) -> sa.ColumnElement[bool]:
    return sa.and_(column >= prefix, column < prefix + _TOP_CHAR)


def _pattern_prefix(column: sa.ColumnElement[Any], prefix: str) -> sa.ColumnElement[bool]:
    # The byte-wise operators of text_pattern_ops: the index migration 0006 made serves them
    # whatever the database's collation, and with a bound parameter (no LIKE constant needed).
    return sa.and_(column.op("~>=~")(prefix), column.op("~<~")(prefix + _TOP_CHAR))


def _trigram_query(code: str) -> str:
    """An FTS5 phrase matching `code` anywhere (the trigram tokenizer's substring search)."""
    return '"' + code.replace('"', '""') + '"'


def _uses_trigrams(code: str, backend: _Backend) -> bool:
    # Trigrams need three characters; shorter parts match so often that scanning is quick.
    return backend.code_index and len(code) >= 3


def _text_clause(
    text: str, match: Match, indexed: bool = True, backend: _Backend = _Backend()
) -> sa.ColumnElement[bool] | None:
    code = normalize_code(text)
    if not code:
        return None
    order, courier = INSPECTION.c.order_number, INSPECTION.c.courier_number
    if not indexed:
        # `code || ''` is an expression, so SQLite will not pick the code index for it and
        # walks the sort column's index instead (see _unselective).
        order, courier = order + "", courier + ""
    if match is Match.EXACT:
        return sa.or_(order == code, courier == code)
    if match is Match.CONTAINS:
        if indexed and _uses_trigrams(code, backend):
            found = sa.text(
                f"SELECT rowid FROM {SQLITE_CODE_INDEX} WHERE {SQLITE_CODE_INDEX} MATCH :part"
            ).bindparams(part=_trigram_query(code))
            return INSPECTION.c.id.in_(found.columns(sa.column("rowid", sa.Integer())))
        # On PostgreSQL the pg_trgm GIN indexes serve this LIKE.
        return sa.or_(
            order.contains(code, autoescape=True), courier.contains(code, autoescape=True)
        )
    if indexed and backend.dialect == "postgresql":
        return sa.or_(_pattern_prefix(order, code), _pattern_prefix(courier, code))
    return sa.or_(_prefix_range(order, code), _prefix_range(courier, code))


def _where(
    f: BrowseFilter,
    text_indexed: bool = True,
    sku_walk: bool = False,
    backend: _Backend = _Backend(),
) -> list[sa.ColumnElement[bool]]:
    f.check()
    clauses: list[sa.ColumnElement[bool]] = []
    text = _text_clause(f.text, f.match, text_indexed, backend)
    if text is not None:
        clauses.append(text)
    if f.since is not None:
        clauses.append(INSPECTION.c.started_at >= f.since)
    if f.until is not None:
        clauses.append(INSPECTION.c.started_at < f.until)
    if f.decisions:
        clauses.append(INSPECTION.c.decision.in_(list(f.decisions)))
    if f.status:
        clauses.append(INSPECTION.c.status == f.status)
    if f.kind:
        clauses.append(INSPECTION.c.kind == f.kind)
    # Names resolve to ids in a scalar subquery so the operator_id / station_id index applies.
    if f.operator:
        clauses.append(
            INSPECTION.c.operator_id
            == sa.select(OPERATOR.c.id).where(OPERATOR.c.name == f.operator).scalar_subquery()
        )
    if f.station:
        clauses.append(
            INSPECTION.c.station_id
            == sa.select(STATION.c.id).where(STATION.c.name == f.station).scalar_subquery()
        )
    if f.sku:
        clauses.append(_sku_clause(f.sku, sku_walk))
    return clauses


def _sku_clause(sku: str, walk: bool) -> sa.ColumnElement[bool]:
    """Inspections whose order (by number) has a line with this SKU.

    walk=True gives a correlated EXISTS: walking the sort index, each row is checked
    through the order-number and order-id indexes, so the first page of a common SKU comes
    after a few hundred rows. walk=False gives IN (the orders with it), best when they are
    few, and for counting.
    """
    code = normalize_code(sku)
    joined = ORDER.join(ORDER_LINE, ORDER_LINE.c.order_id == ORDER.c.id)
    if walk:
        return (
            sa.select(sa.literal(1))
            .select_from(joined)
            .where(ORDER.c.order_number == INSPECTION.c.order_number, ORDER_LINE.c.sku == code)
            .exists()
        )
    orders = sa.select(ORDER.c.order_number).select_from(joined).where(ORDER_LINE.c.sku == code)
    return INSPECTION.c.order_number.in_(orders)


def _common_sku(conn: sa.Connection, f: BrowseFilter) -> bool:
    """True when so many orders hold the SKU that walking in sort order finds a page soonest."""
    if not f.sku:
        return False
    bound = max(1000, int((PAGE_SIZE * _approximate_total(conn)) ** 0.5))
    probe = (
        sa.select(sa.literal(1))
        .select_from(ORDER_LINE)
        .where(ORDER_LINE.c.sku == normalize_code(f.sku))
        .limit(bound)
        .subquery()
    )
    return conn.execute(sa.select(sa.func.count()).select_from(probe)).scalar_one() >= bound


def _row_columns() -> list[sa.ColumnElement[Any]]:
    return [
        INSPECTION.c.id,
        INSPECTION.c.uid,
        INSPECTION.c.started_at,
        INSPECTION.c.order_number,
        INSPECTION.c.courier_number,
        sa.func.coalesce(OPERATOR.c.name, "").label("operator"),
        sa.func.coalesce(STATION.c.name, "").label("station"),
        INSPECTION.c.decision,
        INSPECTION.c.status,
        INSPECTION.c.duration_s,
        sa.func.coalesce(SEGMENT.c.path, "").label("video_path"),
        sa.func.coalesce(SEGMENT.c.sha256, "").label("video_sha256"),
    ]


def _joined() -> sa.FromClause:
    return (
        INSPECTION.outerjoin(OPERATOR, OPERATOR.c.id == INSPECTION.c.operator_id)
        .outerjoin(STATION, STATION.c.id == INSPECTION.c.station_id)
        # The first segment's file is the thumbnail's source; (inspection_id, seq) is unique.
        .outerjoin(SEGMENT, sa.and_(SEGMENT.c.inspection_id == INSPECTION.c.id, SEGMENT.c.seq == 1))
    )


def page_query(
    f: BrowseFilter,
    sort: Sort = Sort(),
    after: Cursor | None = None,
    limit: int = PAGE_SIZE,
    text_indexed: bool = True,
    sku_walk: bool = False,
    backend: _Backend = _Backend(),
) -> sa.Select:
    """The SELECT for one page: filters, keyset start and ORDER BY (col, id) in one direction."""
    expr = _SORT_EXPR[sort.column]
    query = (
        sa.select(*_row_columns())
        .select_from(_joined())
        .where(*_where(f, text_indexed, sku_walk, backend))
    )
    if after is not None:
        # A row value comparison: one index range on (column, rowid) instead of OR-ed terms.
        key = sa.tuple_(expr, INSPECTION.c.id)
        start = sa.tuple_(
            sa.literal(after.value, type_=expr.type), sa.literal(after.id, type_=sa.Integer())
        )
        query = query.where(key < start if sort.descending else key > start)
    if sort.descending:
        query = query.order_by(expr.desc(), INSPECTION.c.id.desc())
    else:
        query = query.order_by(expr.asc(), INSPECTION.c.id.asc())
    return query.limit(limit)


def _to_row(r: sa.Row) -> BrowseRow:
    return BrowseRow(
        id=r.id,
        uid=r.uid,
        started_at=r.started_at,
        order=r.order_number,
        courier=r.courier_number,
        operator=r.operator,
        station=r.station,
        decision=r.decision,
        status=r.status,
        duration_s=r.duration_s or 0.0,
        video_path=r.video_path,
        video_sha256=r.video_sha256,
    )


# Sorting by a name (operator, station) walks the names in order and reads each one's rows
# through the operator_id / station_id index, so no query ever sorts the whole archive.
_NAME_SORTS: dict[SortColumn, tuple[sa.Table, sa.Column[Any]]] = {
    SortColumn.OPERATOR: (OPERATOR, INSPECTION.c.operator_id),
    SortColumn.STATION: (STATION, INSPECTION.c.station_id),
}


_TOTALS: dict[int, tuple[float, int]] = {}


def _approximate_total(conn: sa.Connection) -> int:
    """The highest inspection id, a cheap upper bound of the row count, re-read every 30 s."""
    key = id(conn.engine)
    now = time.monotonic()
    cached = _TOTALS.get(key)
    if cached is None or now - cached[0] > 30:
        top = conn.execute(sa.select(sa.func.max(INSPECTION.c.id))).scalar() or 0
        cached = _TOTALS[key] = (now, int(top))
    return cached[1]


def _unselective(conn: sa.Connection, f: BrowseFilter) -> bool:
    """True when a search matches so many rows that reading in sort order finds a page sooner.

    SQLite's planner always prefers the code index for a prefix range (or the trigram
    index for "contains"); for "2" that means sorting half the archive for every page.
    Reading the sort index and testing each row finds a page after about
    page × total / matches rows, so past sqrt(page × total) matches the walk wins. The probe
    counts index entries only, stopping at that bound. PostgreSQL's planner weighs this
    itself from its statistics, so it is left alone.
    """
    code = normalize_code(f.text)
    backend = _backend(conn)
    if backend.dialect != "sqlite" or not code:
        return False
    total = _approximate_total(conn)
    bound = max(1000, int((PAGE_SIZE * total) ** 0.5))
    if f.match is Match.CONTAINS:
        if not _uses_trigrams(code, backend):
            return False
        # Counted in the trigram index alone. Each match costs a row read, a join and a sort,
        # far more than testing a row while walking, so the walk wins sooner than for a prefix.
        probe = (
            sa.text(
                f"SELECT 1 FROM {SQLITE_CODE_INDEX} WHERE {SQLITE_CODE_INDEX} MATCH :part "
                "LIMIT :bound"
            )
            .bindparams(part=_trigram_query(code), bound=bound // 4)
            .columns(sa.column("one"))
            .subquery()
        )
        found = conn.execute(sa.select(sa.func.count()).select_from(probe)).scalar_one()
        return found >= bound // 4
    if f.match is not Match.PREFIX:
        return False
    probe = (
        sa.select(sa.literal(1))
        .select_from(INSPECTION)
        .where(_text_clause(f.text, f.match, backend=backend))
        .limit(bound)
        .subquery()
    )
    return conn.execute(sa.select(sa.func.count()).select_from(probe)).scalar_one() >= bound


def _name_sorted_page(
    conn: sa.Connection,
    f: BrowseFilter,
    sort: Sort,
    after: Cursor | None,
    limit: int,
    sku_walk: bool = False,
) -> list[BrowseRow]:
    table, key = _NAME_SORTS[sort.column]
    groups: dict[str, list[int | None]] = {"": [None]}
    for gid, name in conn.execute(sa.select(table.c.id, table.c.name)):
        groups.setdefault(name or "", []).append(gid)
    names = sorted(groups, reverse=sort.descending)
    rows: list[BrowseRow] = []
    where = _where(f, sku_walk=sku_walk, backend=_backend(conn))
    for name in names:
        if after is not None and (name > after.value if sort.descending else name < after.value):
            continue
        ids = [g for g in groups[name] if g is not None]
        member = key.in_(ids) if ids else sa.false()
        if None in groups[name]:
            member = sa.or_(member, key.is_(None))
        query = sa.select(*_row_columns()).select_from(_joined()).where(*where, member)
        if after is not None and name == after.value:
            query = query.where(
                INSPECTION.c.id < after.id if sort.descending else INSPECTION.c.id > after.id
            )
        order = INSPECTION.c.id.desc() if sort.descending else INSPECTION.c.id.asc()
        query = query.order_by(order).limit(limit - len(rows))
        rows.extend(_to_row(r) for r in conn.execute(query))
        if len(rows) >= limit:
            break
    return rows


def fetch_page(
    ctx: AppContext,
    f: BrowseFilter = BrowseFilter(),
    sort: Sort = Sort(),
    after: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of matching inspections in sort order, and where the next page starts."""
    if limit < 1:
        raise ValidationError("A page needs at least one row.")
    with ctx.db.engine.connect() as conn:
        backend = _backend(conn)
        indexed = not _unselective(conn, f)
        walk = _common_sku(conn, f)
        # A selective search leaves few rows: sorting them beats walking every name.
        if sort.column in _NAME_SORTS and not (normalize_code(f.text) and indexed):
            rows = _name_sorted_page(conn, f, sort, after, limit + 1, walk)
        else:
            query = page_query(
                f, sort, after, limit + 1, text_indexed=indexed, sku_walk=walk, backend=backend
            )
            rows = [_to_row(r) for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = None
    if more:
        last = rows[-1]
        cursor = Cursor(last.sort_value(sort.column), last.id)
    return Page(rows, cursor)


def iter_rows(
    ctx: AppContext, f: BrowseFilter = BrowseFilter(), sort: Sort = Sort(), page_size: int = 2000
) -> Iterator[BrowseRow]:
    """Every matching row in sort order, read page by page so memory stays flat."""
    cursor: Cursor | None = None
    while True:
        page = fetch_page(ctx, f, sort, cursor, page_size)
        yield from page.rows
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def count_matching(ctx: AppContext, f: BrowseFilter = BrowseFilter()) -> int:
    """How many inspections match; a full COUNT, so callers run it off the GUI thread."""
    with ctx.db.engine.connect() as conn:
        where = _where(f, backend=_backend(conn))
        query = sa.select(sa.func.count()).select_from(INSPECTION).where(*where)
        return int(conn.execute(query).scalar_one())


def find_by_code(ctx: AppContext, code: str, limit: int = 20) -> list[int]:
    """Ids of inspections whose order or courier number is exactly this code, newest first."""
    clause = _text_clause(code, Match.EXACT)
    if clause is None:
        return []
    query = (
        sa.select(INSPECTION.c.id)
        .where(clause)
        .order_by(INSPECTION.c.started_at.desc(), INSPECTION.c.id.desc())
        .limit(limit)
    )
    with ctx.db.engine.connect() as conn:
        return [r.id for r in conn.execute(query)]


@dataclass
class FilterChoices:
    """What the filter drop-downs offer."""

    operators: list[str]
    stations: list[str]
    skus: list[str] = field(default_factory=list)


def filter_choices(ctx: AppContext) -> FilterChoices:
    """Operator and station names and the catalog's SKUs (small tables) for the filters."""
    with ctx.db.engine.connect() as conn:
        operators = list(
            conn.execute(sa.select(OPERATOR.c.name).order_by(OPERATOR.c.name)).scalars()
        )
        stations = list(conn.execute(sa.select(STATION.c.name).order_by(STATION.c.name)).scalars())
        skus = list(conn.execute(sa.select(PRODUCT.c.sku).order_by(PRODUCT.c.sku)).scalars())
    return FilterChoices(operators, stations, skus)


# ----- CSV export -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "started_local",
    "order_number",
    "courier_number",
    "operator",
    "station",
    "decision",
    "status",
    "duration_s",
    "platform",
    "buyer",
    "skus",
    "video_sha256",
)


def _order_facts(ctx: AppContext, numbers: list[str]) -> dict[str, tuple[str, str, str]]:
    """Platform, buyer and SKUs ('A | B') of the given orders, in one query per page."""
    if not numbers:
        return {}
    facts: dict[str, tuple[str, str, list[str]]] = {}
    query = (
        sa.select(ORDER.c.order_number, ORDER.c.platform, ORDER.c.buyer, ORDER_LINE.c.sku)
        .select_from(ORDER.outerjoin(ORDER_LINE, ORDER_LINE.c.order_id == ORDER.c.id))
        .where(ORDER.c.order_number.in_(sorted(set(numbers))))
        .order_by(ORDER.c.order_number, ORDER_LINE.c.line_no)
    )
    with ctx.db.engine.connect() as conn:
        for number, platform, buyer, sku in conn.execute(query):
            entry = facts.setdefault(number, (platform, buyer, []))
            if sku:
                entry[2].append(sku)
    return {k: (p, b, " | ".join(skus)) for k, (p, b, skus) in facts.items()}


def export_csv(
    ctx: AppContext, dest: Path, f: BrowseFilter = BrowseFilter(), sort: Sort = Sort()
) -> Iterator[int]:
    """Write the filtered list to a CSV file, yielding the number of rows written so far.

    The file appears only when complete (written to a temporary name, then renamed), so
    a failed export never leaves half a report where the daily report is expected.
    """
    dest = Path(dest)
    f.check()
    tmp = dest.with_name(f".{dest.name}.partial")
    written = 0
    noted = contextlib.ExitStack()  # a kill mid-way: the next start removes tmp
    noted.enter_context(PendingWrites(ctx.storage.root).tracking(tmp))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # utf-8-sig: spreadsheet programs then read Chinese names correctly.
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(fh)
            writer.writerow(CSV_COLUMNS)
            cursor: Cursor | None = None
            while True:
                page = fetch_page(ctx, f, sort, cursor, 2000)
                facts = _order_facts(ctx, [r.order for r in page.rows])
                for row in page.rows:
                    platform, buyer, skus = facts.get(row.order, ("", "", ""))
                    writer.writerow(
                        (
                            row.id,
                            format_local(row.started_at),
                            row.order,
                            row.courier,
                            row.operator,
                            row.station,
                            row.decision,
                            row.status,
                            f"{row.duration_s:.1f}",
                            platform,
                            buyer,
                            skus,
                            row.video_sha256,
                        )
                    )
                written += len(page.rows)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
                yield written
        os.replace(tmp, dest)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StorageError(
            f"Cannot write the CSV file {dest}: {exc.strerror or exc}. "
            "Check the folder exists, is writable and has free space."
        ) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    finally:
        noted.close()
    yield written


def _remove_quietly(path: Path) -> None:
    # OSError: it was never created (its folder is not a folder); nothing to clean up.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


# ----- summary --------------------------------------------------------------------------------


@dataclass
class BrowseSummary:
    """Counts for the daily report: per day, decision, operator and SKU, and top rejected buyers."""

    total: int
    per_day: list[tuple[date, int]]
    per_decision: list[tuple[str, int]]
    per_operator: list[tuple[str, int]]
    per_station: list[tuple[str, int]]
    per_sku: list[tuple[str, int]] = field(default_factory=list)
    top_rejected_buyers: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "per_day": [[d.isoformat(), n] for d, n in self.per_day],
            "per_decision": self.per_decision,
            "per_operator": self.per_operator,
            "per_station": self.per_station,
            "per_sku": self.per_sku,
            "top_rejected_buyers": self.top_rejected_buyers,
        }


def _local_day(dialect: str, offset: timedelta) -> sa.ColumnElement[Any]:
    """The local calendar day of started_at, computed by the database (current UTC offset)."""
    minutes = int(offset.total_seconds() // 60)
    if dialect == "sqlite":
        return sa.func.date(INSPECTION.c.started_at, f"{minutes:+d} minutes")
    return sa.cast(INSPECTION.c.started_at + sa.text(f"interval '{minutes} minutes'"), sa.Date)


def summarize(ctx: AppContext, f: BrowseFilter = BrowseFilter(), top: int = 10) -> BrowseSummary:
    """Grouped counts over the filtered inspections, each a GROUP BY in the database."""
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    with ctx.db.engine.connect() as conn:
        where = _where(f, backend=_backend(conn))
        day = _local_day(conn.dialect.name, offset).label("day")

        def grouped(key: sa.ColumnElement[Any], source: sa.FromClause = INSPECTION):
            query = (
                sa.select(key, sa.func.count().label("n"))
                .select_from(source)
                .where(*where)
                .group_by(key)
            )
            return [(r[0], int(r[1])) for r in conn.execute(query)]

        total = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(INSPECTION).where(*where)
            ).scalar_one()
        )
        per_day = sorted(((_as_date(d), n) for d, n in grouped(day) if d is not None), reverse=True)
        per_decision = sorted(grouped(INSPECTION.c.decision), key=lambda kv: -kv[1])
        with_names = INSPECTION.outerjoin(
            OPERATOR, OPERATOR.c.id == INSPECTION.c.operator_id
        ).outerjoin(STATION, STATION.c.id == INSPECTION.c.station_id)
        per_operator = sorted(
            grouped(sa.func.coalesce(OPERATOR.c.name, ""), with_names), key=lambda kv: -kv[1]
        )
        per_station = sorted(
            grouped(sa.func.coalesce(STATION.c.name, ""), with_names), key=lambda kv: -kv[1]
        )
        with_order = INSPECTION.join(ORDER, ORDER.c.order_number == INSPECTION.c.order_number)
        with_lines = with_order.join(ORDER_LINE, ORDER_LINE.c.order_id == ORDER.c.id)
        per_sku = [
            (r.sku, int(r.n))
            for r in conn.execute(
                sa.select(ORDER_LINE.c.sku, sa.func.count(INSPECTION.c.id.distinct()).label("n"))
                .select_from(with_lines)
                .where(*where)
                .group_by(ORDER_LINE.c.sku)
                .order_by(sa.desc("n"), ORDER_LINE.c.sku)
            )
        ]
        rejected = [str(d) for d in REJECTED_DECISIONS]
        top_buyers = [
            (f"{r.buyer} ({r.platform})", int(r.n))
            for r in conn.execute(
                sa.select(ORDER.c.platform, ORDER.c.buyer, sa.func.count().label("n"))
                .select_from(with_order)
                .where(*where, INSPECTION.c.decision.in_(rejected), ORDER.c.buyer != "")
                .group_by(ORDER.c.platform, ORDER.c.buyer)
                .order_by(sa.desc("n"), ORDER.c.buyer)
                .limit(top)
            )
        ]
    return BrowseSummary(
        total, per_day, per_decision, per_operator, per_station, per_sku, top_buyers
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# ----- one inspection: detail, notes, video check ---------------------------------------------


@dataclass
class SegmentInfo:
    """One video file of an inspection, as the detail view shows it."""

    seq: int
    path: str  # relative to the storage root
    absolute_path: Path
    sha256: str
    size_bytes: int
    duration_s: float
    started_at: datetime
    exists: bool
    removed_at: datetime | None


@dataclass
class HistoryEntry:
    """An event in an inspection's history: started, stopped, a note, an export..."""

    id: int
    at: datetime
    kind: str
    actor: str
    message: str


@dataclass
class StepMark:
    """A checklist step answered during the recording, and the moment in the video it marks."""

    seq: int
    title: str
    result: str  # pass, fail, na
    offset_s: float | None  # seconds into segment `segment_seq`; None when not while recording
    segment_seq: int
    note: str = ""
    value: str = ""
    photo: Path | None = None
    answered_at: datetime | None = None
    actor: str = ""


@dataclass
class OrderLineInfo:
    """A product line of the order, with the store's reference photos of that product."""

    line_no: int
    sku: str
    name: str
    quantity: int
    serials: list[str] = field(default_factory=list)
    reference_photos: list[Path] = field(default_factory=list)


@dataclass
class InspectionDetail:
    """Everything the detail screen shows about one inspection: video files, history, marks.

    The decision's own view is services.guided.DecisionDetail, the report's facts
    core.evidence.ReportData; all three read the stored decision by `decision_record`.
    """

    id: int
    uid: str
    order: str
    courier: str
    operator: str
    station: str
    status: str
    decision: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    frame_count: int
    dropped_frames: int
    fps: float
    width: int
    height: int
    source: str
    record_hash: str
    keep: bool
    segments: list[SegmentInfo]
    history: list[HistoryEntry]
    marks: list[StepMark] = field(default_factory=list)
    order_lines: list[OrderLineInfo] = field(default_factory=list)
    platform: str = ""
    buyer: str = ""
    recommended_decision: str = ""
    decision_reasons: list[str] = field(default_factory=list)
    override_reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    appeal_deadline: datetime | None = None  # rejected or disputed: the claim window's end
    appeal_days_left: int | None = None

    @property
    def notes(self) -> list[HistoryEntry]:
        return [h for h in self.history if h.kind == NOTE_KIND]


def load_detail(ctx: AppContext, inspection_id: int) -> InspectionDetail:
    """The detail of one inspection, its video files (and whether they are on disk) and history."""
    from inspector.services.evidence import event_words

    with ctx.db.engine.connect() as conn:
        r = conn.execute(
            sa.select(
                INSPECTION,
                sa.func.coalesce(OPERATOR.c.name, "").label("operator_name"),
                sa.func.coalesce(STATION.c.name, "").label("station_name"),
            )
            .select_from(
                INSPECTION.outerjoin(OPERATOR, OPERATOR.c.id == INSPECTION.c.operator_id).outerjoin(
                    STATION, STATION.c.id == INSPECTION.c.station_id
                )
            )
            .where(INSPECTION.c.id == inspection_id)
        ).first()
        if r is None:
            raise NotFoundError(
                f"There is no inspection number {inspection_id}; it may be in another data folder."
            )
        segs = conn.execute(
            sa.select(SEGMENT)
            .where(SEGMENT.c.inspection_id == inspection_id)
            .order_by(SEGMENT.c.seq)
        ).all()
        has_steps = (
            conn.execute(
                sa.select(STEP.c.id).where(STEP.c.inspection_id == inspection_id).limit(1)
            ).first()
            is not None
        )
        events = conn.execute(
            sa.select(EVENT)
            .where(EVENT.c.inspection_id == inspection_id)
            .order_by(EVENT.c.at, EVENT.c.id)
        ).all()
    segments = []
    for s in segs:
        absolute = video_path(ctx, s.path)
        segments.append(
            SegmentInfo(
                seq=s.seq,
                path=s.path,
                absolute_path=absolute,
                sha256=s.sha256,
                size_bytes=s.size_bytes,
                duration_s=s.duration_s,
                started_at=s.started_at,
                exists=absolute.is_file(),
                removed_at=s.removed_at,
            )
        )
    detail = InspectionDetail(
        id=r.id,
        uid=r.uid,
        order=r.order_number,
        courier=r.courier_number,
        operator=r.operator_name,
        station=r.station_name,
        status=r.status,
        started_at=r.started_at,
        ended_at=r.ended_at,
        duration_s=r.duration_s,
        frame_count=r.frame_count,
        dropped_frames=r.dropped_frames,
        fps=r.fps,
        width=r.width,
        height=r.height,
        source=r.source,
        record_hash=r.record_hash,
        keep=bool(r.keep),
        segments=segments,
        history=[
            HistoryEntry(
                e.id, e.at, e.kind, e.actor, event_words(e, resolve_language(ctx.settings.language))
            )
            for e in events
        ],
        platform=r.platform,
        **decision_record(r).fields,
    )
    _add_guided_facts(ctx, detail, has_steps)
    _add_appeal_deadline(ctx, detail, r.arrived_at or r.started_at)
    return detail


def _add_appeal_deadline(ctx: AppContext, detail: InspectionDetail, arrived: datetime) -> None:
    """The claim deadline of a rejected or disputed return: arrival plus the platform's window.

    Computed for this one inspection (evidence.appeal_for lists every rejection to find one).
    """
    if detail.decision not in REJECTED_DECISIONS:
        return
    from inspector.core.policy import claim_window_days
    from inspector.services.evidence import days_left

    with ctx.db.session() as session:
        days = claim_window_days(detail.platform, session)
    detail.appeal_deadline = arrived + timedelta(days=days)
    detail.appeal_days_left = days_left(detail.appeal_deadline, utcnow())


def _add_guided_facts(ctx: AppContext, detail: InspectionDetail, has_steps: bool) -> None:
    """The checklist marks and the order's contents, read through the guided-inspection service.

    Only an inspection that already has a checklist goes through guided.show (which would
    otherwise build one): looking at an old inspection must not write to it.
    """
    from inspector.services import guided

    order = None
    if has_steps:
        shown = guided.show(ctx, detail.id)
        order = shown.order
        detail.marks = [
            StepMark(
                seq=s.seq,
                title=s.title,
                result=s.result or "",
                offset_s=s.video_offset_s,
                segment_seq=s.segment or 1,
                note=s.note,
                value=s.value,
                photo=Path(s.photo) if s.photo else None,
                answered_at=s.answered_at,
                actor=s.answered_by,
            )
            for s in shown.steps
        ]
    elif detail.order:
        order = guided.look_up_code(ctx, detail.order).order
        if order is not None and order.order_number != detail.order:
            order = None  # the code matched another order's waybill, not this order
    if order is not None:
        detail.buyer = order.buyer
        detail.platform = detail.platform or order.platform
        detail.order_lines = [
            OrderLineInfo(
                ln.line_no,
                ln.sku,
                ln.name,
                ln.quantity,
                list(ln.serials),
                [Path(p) for p in ln.photos],
            )
            for ln in order.lines
        ]


def add_note(ctx: AppContext, inspection_id: int, actor: str, message: str) -> HistoryEntry:
    """Append a note to an inspection's history; it never changes the recording or the decision.

    Notes are only ever inserted: there is no function to edit or delete one, so the
    history shown to a platform is the history as it was written.
    """
    # Control characters (ESC, RTL override…) would print as commands or reorder the text.
    message = strip_controls(message).strip()
    actor = " ".join(strip_controls(actor).split())
    if not message:
        raise ValidationError("The note is empty; write what happened before adding it.")
    if len(message) > NOTE_MAX_CHARS:
        raise ValidationError(
            f"The note has {len(message)} characters; the limit is {NOTE_MAX_CHARS}. Shorten it."
        )
    if not actor:
        raise ValidationError("Say who is writing the note (your name) before adding it.")
    if len(actor) > 100:
        raise ValidationError("The name is longer than 100 characters; shorten it.")
    at = utcnow()
    with ctx.db.session() as session:
        if session.get(Inspection, inspection_id) is None:
            raise NotFoundError(f"There is no inspection number {inspection_id} to add a note to.")
        event = InspectionEvent(
            inspection_id=inspection_id, at=at, kind=NOTE_KIND, actor=actor, message=message
        )
        session.add(event)
        session.flush()
        return HistoryEntry(event.id, at, NOTE_KIND, actor, message)


class VideoCheck(StrEnum):
    """What a re-hash of a video file found."""

    MATCHES = "matches"
    CHANGED = "changed"
    MISSING = "missing"
    NO_HASH = "no-hash"


@dataclass
class SegmentCheck:
    """The result of re-hashing one video file against the SHA-256 recorded when it was made."""

    seq: int
    path: Path
    expected: str
    actual: str
    result: VideoCheck

    @property
    def message(self) -> str:
        if self.result is VideoCheck.MATCHES:
            return f"Video {self.seq} matches its recorded SHA-256 — unchanged since recording."
        if self.result is VideoCheck.MISSING:
            return (
                f"Video {self.seq} is missing from disk ({self.path}). It may have been moved, "
                "removed by retention or be on another drive; restore it from a backup."
            )
        if self.result is VideoCheck.NO_HASH:
            return f"Video {self.seq} has no recorded SHA-256 (the recording did not finish)."
        return (
            f"Video {self.seq} does NOT match its recorded SHA-256: the file was changed or "
            f"damaged after recording (recorded {self.expected[:16]}…, now {self.actual[:16]}…)."
        )


def verify_video(ctx: AppContext, inspection_id: int) -> list[SegmentCheck]:
    """Re-hash every video file of an inspection and compare with the hash stored at recording."""
    detail = load_detail(ctx, inspection_id)
    if not detail.segments:
        raise NotFoundError(f"Inspection {inspection_id} has no video recorded.")
    checks = []
    for seg in detail.segments:
        if not seg.absolute_path.is_file():
            checks.append(
                SegmentCheck(seg.seq, seg.absolute_path, seg.sha256, "", VideoCheck.MISSING)
            )
            continue
        if not seg.sha256:
            checks.append(SegmentCheck(seg.seq, seg.absolute_path, "", "", VideoCheck.NO_HASH))
            continue
        try:
            actual = sha256_file(seg.absolute_path)
        except OSError as exc:
            raise StorageError(
                f"Cannot read the video {seg.absolute_path}: {exc.strerror or exc}."
            ) from exc
        result = VideoCheck.MATCHES if actual == seg.sha256 else VideoCheck.CHANGED
        checks.append(SegmentCheck(seg.seq, seg.absolute_path, seg.sha256, actual, result))
    return checks


# ----- thumbnails -----------------------------------------------------------------------------

THUMB_WIDTH = 128


def thumbnails_dir(ctx: AppContext) -> Path:
    return ctx.storage.root / "cache" / "thumbnails"


def thumbnail_path(ctx: AppContext, row: BrowseRow) -> Path | None:
    """Where a row's thumbnail is cached; keyed by the video's hash, so equal videos share one."""
    if not row.video_path:
        return None
    key = row.video_sha256 or row.uid
    return thumbnails_dir(ctx) / key[:2] / f"{key}.jpg"


def make_thumbnail(video: Path, dest: Path, at_s: float = 1.0, width: int = THUMB_WIDTH) -> Path:
    """Decode one frame about at_s seconds in and save it as a small JPEG (atomically)."""
    import av
    import cv2

    if not video.is_file():
        raise NotFoundError(f"The video {video} is not on disk.")
    frame_bgr = None
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for frame in container.decode(stream):
                frame_bgr = frame.to_ndarray(format="bgr24")
                if frame.time is not None and frame.time >= at_s:
                    break
    except (av.error.FFmpegError, IndexError) as exc:
        if frame_bgr is None:
            raise StorageError(f"The video {video} cannot be decoded: {exc}.") from exc
    if frame_bgr is None:
        raise StorageError(f"The video {video} has no pictures.")
    h, w = frame_bgr.shape[:2]
    small = cv2.resize(
        frame_bgr, (width, max(2, round(h * width / w))), interpolation=cv2.INTER_AREA
    )
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise StorageError(f"Cannot encode a thumbnail for {video}.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    tmp.write_bytes(data.tobytes())
    os.replace(tmp, dest)
    return dest


def ensure_thumbnail(ctx: AppContext, row: BrowseRow) -> Path | None:
    """The cached thumbnail of a row, made on first use; None when it has no video on disk."""
    dest = thumbnail_path(ctx, row)
    if dest is None:
        return None
    if dest.is_file():
        return dest
    video = video_path(ctx, row.video_path)
    if not video.is_file():
        return None
    return make_thumbnail(video, dest)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight of a calendar day, in UTC."""
    tz = datetime.now().astimezone().tzinfo
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
