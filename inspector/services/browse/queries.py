"""Finding past inspections fast: filters and search as indexed SQL, keyset pages.

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

A page's rows are chosen from the inspections alone and only then joined to their names
and video. On PostgreSQL a prefix of four or more characters first gathers its matches
from the prefix indexes alone and sorts them, and walks the date index only when they are
too many (_candidate_bound, _gathered_page).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from inspector.core.database import SQLITE_CODE_INDEX
from inspector.core.errors import ValidationError
from inspector.core.models import (
    Decision,
    InspectionKind,
    normalize_code,
)
from inspector.services.browse.tables import (
    INSPECTION,
    OPERATOR,
    ORDER,
    ORDER_LINE,
    PRODUCT,
    SEGMENT,
    STATION,
)
from inspector.services.context import AppContext

PAGE_SIZE = 200
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


@dataclass(slots=True)
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
    if not indexed:
        return sa.or_(_prefix_range(order, code), _prefix_range(courier, code))
    return sa.or_(_code_prefix(order, code, backend), _code_prefix(courier, code, backend))


def _code_prefix(
    column: sa.ColumnElement[Any], code: str, backend: _Backend
) -> sa.ColumnElement[bool]:
    """`column` starts with `code`, as the database's prefix index on it serves it."""
    if backend.dialect == "postgresql":
        return _pattern_prefix(column, code)
    return _prefix_range(column, code)


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
    bound = _walk_bound(conn)
    probe = (
        sa.select(sa.literal(1))
        .select_from(ORDER_LINE)
        .where(ORDER_LINE.c.sku == normalize_code(f.sku))
        .limit(bound)
        .subquery()
    )
    return conn.execute(sa.select(sa.func.count()).select_from(probe)).scalar_one() >= bound


def _row_columns() -> list[sa.ColumnElement[Any]]:
    """A browse row's columns, in BrowseRow's order."""
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
        sa.func.coalesce(INSPECTION.c.duration_s, 0.0).label("duration_s"),
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
    candidates: int | None = None,
) -> sa.Select:
    """The SELECT for one page: filters, keyset start and ORDER BY (col, id) in one direction.

    The page's rows are chosen first, from the inspections alone (and the names a name sort
    needs), and only those are then joined to their names and first video segment. A planner
    that misjudges how many rows match would otherwise join every match before sorting:
    4,300 matches of a prefix cost 24 ms of joins for a 3 ms search (EXPLAIN, 1,000,000
    inspections on PostgreSQL).

    candidates=N: a prefix search's page from at most N of its matches per number, gathered
    and sorted (_gathered_page); its last column, `matched`, says how many were gathered.
    """
    expr = _SORT_EXPR[sort.column]
    direction = sa.desc if sort.descending else sa.asc
    keyset: list[sa.ColumnElement[bool]] = []
    if after is not None:
        # A row value comparison: one index range on (column, rowid) instead of OR-ed terms.
        key = sa.tuple_(expr, INSPECTION.c.id)
        start = sa.tuple_(
            sa.literal(after.value, type_=expr.type), sa.literal(after.id, type_=sa.Integer())
        )
        keyset.append(key < start if sort.descending else key > start)
    if candidates is not None:
        return _gathered_page(f, sort, keyset, limit, sku_walk, backend, candidates)
    source: sa.FromClause = INSPECTION
    if sort.column in _NAME_SORTS:
        names, named_by = _NAME_SORTS[sort.column]
        source = INSPECTION.outerjoin(names, names.c.id == named_by)
    # The id and the sort value only: a walk that tests each inspection's numbers then reads
    # the walk index alone (migration 0020), and only the page's rows are read whole.
    page = (
        sa.select(INSPECTION.c.id, expr.label("sort_value"))
        .select_from(source)
        .where(*_where(f, text_indexed, sku_walk, backend), *keyset)
        .order_by(direction(expr), direction(INSPECTION.c.id))
        .limit(limit)
        .subquery("page")
    )
    return _page_rows(page, page.c.sort_value, direction)


def _page_rows(
    page: sa.Subquery, sort_value: sa.ColumnElement[Any], direction: Any, *extra: Any
) -> sa.Select:
    """The browse rows of a page of ids (and their sort values), in the page's order."""
    return (
        sa.select(*_row_columns(), *extra)
        .select_from(_joined().join(page, page.c.id == INSPECTION.c.id))
        .order_by(direction(sort_value), direction(page.c.id))
    )


def _gathered_page(
    f: BrowseFilter,
    sort: Sort,
    keyset: list[sa.ColumnElement[bool]],
    limit: int,
    sku_walk: bool,
    backend: _Backend,
    candidates: int,
) -> sa.Select:
    """A prefix search's page from its matches: gathered by number, sorted, then joined.

    Each number's matches are read on their own from its prefix index, which also holds
    the start time and id (migration 0020), so on PostgreSQL the reading is an index-only
    scan (no row is visited); an OR of the two would visit every match's row (a bitmap
    scan: 3,677 pages for the 3,871 couriers starting "SF12", 8 ms of a 13 ms search). A
    number with `candidates` matches may have more, so `matched` (the matches of both
    numbers) reaching it means the page must be read again otherwise (fetch_page).
    """
    if sort.column in _NAME_SORTS or f.match is not Match.PREFIX:
        raise ValueError("Only a prefix search sorted by the inspection's own column gathers.")
    expr = _SORT_EXPR[sort.column]
    direction = sa.desc if sort.descending else sa.asc
    code = normalize_code(f.text)
    rest = _where(replace(f, text=""), sku_walk=sku_walk, backend=backend)
    # Each branch a subquery of its own: SQLite allows no LIMIT on a bare member of a UNION.
    branches = [
        sa.select(
            sa.select(INSPECTION.c.id, expr)
            .where(*rest, *keyset, _code_prefix(column, code, backend))
            .limit(candidates)
            .subquery()
        )
        for column in (INSPECTION.c.order_number, INSPECTION.c.courier_number)
    ]
    # MATERIALIZED: PostgreSQL's planner may not fold the ORDER BY into it and walk an index
    # in that order, which is what gathering the matches first is there to avoid. (SQLite
    # before 3.35 has no such word; from 3.35 it materialises a CTE read twice by itself.)
    gathered = (
        sa.union_all(*branches).cte("matches").prefix_with("MATERIALIZED", dialect="postgresql")
    )
    order = (direction(gathered.c[expr.name]), direction(gathered.c.id))
    # An inspection whose two numbers both match is gathered twice: the first 2 × limit
    # hold at least `limit` different ones, so duplicates are dropped from those alone
    # (removing them from every match cost 1.9 ms of sorting for 4,300).
    top = sa.select(gathered).order_by(*order).limit(2 * limit).subquery("top")
    page = (
        sa.select(top)
        .distinct()
        .order_by(direction(top.c[expr.name]), direction(top.c.id))
        .limit(limit)
        .subquery("page")
    )
    matched = sa.select(sa.func.count()).select_from(gathered).scalar_subquery()
    return _page_rows(page, page.c[expr.name], direction, matched.label("matched"))


def _to_row(r: sa.Row) -> BrowseRow:
    # By position (_row_columns is in BrowseRow's field order): reading a Row's 12 values by
    # name took 2 ms a 201-row page, as long as the query itself on PostgreSQL.
    return BrowseRow(*r)


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


def _walk_bound(conn: sa.Connection) -> int:
    """Matches past which walking in sort order finds a page sooner than reading them all:
    the walk reads about page × total / matches rows, so the two cross at sqrt(page × total)."""
    return max(1000, int((PAGE_SIZE * _approximate_total(conn)) ** 0.5))


def _unselective(conn: sa.Connection, f: BrowseFilter) -> bool:
    """True when a search matches so many rows that reading in sort order finds a page sooner.

    SQLite's planner always prefers the code index for a prefix range (or the trigram
    index for "contains"); for "2" that means sorting half the archive for every page.
    Reading the sort index and testing each row finds a page after about
    page × total / matches rows, so past sqrt(page × total) matches the walk wins. The probe
    counts index entries only, stopping at that bound. PostgreSQL's planner weighs this
    itself from its statistics, so it is left alone (migration 0018 gives the courier number
    the finer histogram a short "contains" part needs to be seen as common).
    """
    code = normalize_code(f.text)
    backend = _backend(conn)
    if backend.dialect != "sqlite" or not code:
        return False
    bound = _walk_bound(conn)
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


def _candidate_bound(conn: sa.Connection, f: BrowseFilter, sort: Sort) -> int | None:
    """How many matches to gather and sort before walking the date index instead, or None.

    A prefix's matches may all be old: order numbers often carry their date ("2005…"), and a
    walk from the newest then reads most of the archive (PostgreSQL's planner did, taking
    ~1 % of rows to be spread over time: 0.2–0.6 s at 1,000,000). Below sqrt(page × total)
    matches, reading them by the prefix index and sorting wins whatever their dates; past it
    the walk finds a page sooner. The page query gathers up to that many itself (page_query's
    candidates), so a prefix with few matches reads them once from its prefix indexes and a
    common one reads the bound and then walks. On PostgreSQL a prefix of one to three
    characters is common by nature and walks at once; on SQLite a prefix comes here once its
    probe (_unselective, counting index entries only) found it selective.
    """
    code = normalize_code(f.text)
    dialect = _backend(conn).dialect
    if (
        not code
        or f.match is not Match.PREFIX
        or sort.column != SortColumn.STARTED
        or (dialect == "postgresql" and len(code) < 4)
    ):
        return None
    return _walk_bound(conn)


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
        walk = _common_sku(conn, f)
        rows: list[BrowseRow] | None = None
        indexed = not _unselective(conn, f)
        bound = _candidate_bound(conn, f, sort) if indexed else None
        if bound is not None:
            query = page_query(
                f, sort, after, limit + 1, sku_walk=walk, backend=backend, candidates=bound
            )
            found = conn.execute(query).all()
            if not found or found[0].matched < bound:  # every match was gathered
                rows = [BrowseRow(*r[:-1]) for r in found]
            else:
                # Too many: SQLite's planner would still read them all by the code index and
                # sort them (see _unselective), so it is told to walk; PostgreSQL's weighs it.
                indexed = backend.dialect != "sqlite"
        if rows is None:
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


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight of a calendar day, in UTC."""
    tz = datetime.now().astimezone().tzinfo
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)
