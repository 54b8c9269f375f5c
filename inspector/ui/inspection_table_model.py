"""The browse table's model: pages of inspections read on demand, thumbnails made off the GUI thread.

Rows arrive a page at a time through canFetchMore/fetchMore (keyset pages from
services.browse), so opening an archive of a million inspections reads 200 rows, and
scrolling reads the next 200 only when the view reaches the end. Sorting asks the database
for a new first page; nothing is sorted or filtered here.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPixmap

from inspector.core.errors import InspectorError
from inspector.i18n.catalogue import value_text
from inspector.services import browse
from inspector.services.browse import BrowseFilter, BrowseRow, Cursor, Match, Sort, SortColumn
from inspector.services.context import AppContext
from inspector.ui.workers import run_in_background

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the table's invisible root, the default parent
THUMB_DELAY_MS = 120
THUMB_SIZE = QSize(browse.THUMB_WIDTH // 2, browse.THUMB_WIDTH * 3 // 8)
DECISION_COLOURS = {
    "sign": QColor("#2e7d32"),
    "reject": QColor("#c62828"),
    "dispute": QColor("#ef6c00"),
    "pending": QColor("#616161"),
}


def is_slow(f: BrowseFilter, sort: Sort) -> bool:
    """Queries no index serves: a part from the middle of a number, or the order by duration.

    Their pages are read off the GUI thread. (Duration gets an index in a later schema;
    with it, this sort is as quick as the others.)
    """
    contains = f.match is Match.CONTAINS and bool(f.text.strip())
    return contains or sort.column is SortColumn.DURATION


class _ThumbRelay(QObject):
    ready = Signal(str, str)  # key, path ('' when there is no picture)


class _ThumbJob(QRunnable):
    def __init__(self, ctx: AppContext, row: BrowseRow, key: str, relay: _ThumbRelay) -> None:
        super().__init__()
        self.ctx, self.row, self.key, self.relay = ctx, row, key, relay

    def run(self) -> None:
        try:
            path = browse.ensure_thumbnail(self.ctx, self.row)
        except (InspectorError, OSError) as exc:
            log.info("No thumbnail for inspection %s: %s", self.row.id, exc)
            path = None
        self.relay.ready.emit(self.key, str(path) if path else "")


class ThumbnailCache(QObject):
    """Thumbnails by key: pixmaps kept in memory (a bounded LRU), files made on a worker thread."""

    changed = Signal(str)

    def __init__(self, ctx: AppContext, capacity: int = 600, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.capacity = capacity
        self._pixmaps: OrderedDict[str, QPixmap | None] = OrderedDict()
        self._pending: set[str] = set()
        # One thread: thumbnails must never compete with a recording for the two cores.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _ThumbRelay(self)
        self._relay.ready.connect(self._loaded)
        # Requests wait a moment before work starts: the first paint of the table is not
        # slowed by a decoder starting beside it, and rows scrolled past quickly cost nothing.
        self._queue: dict[str, BrowseRow] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(THUMB_DELAY_MS)
        self._flush_timer.timeout.connect(self._flush)

    def get(self, row: BrowseRow) -> QPixmap | None:
        """The row's pixmap if ready; otherwise None now and `changed` once it is made."""
        path = browse.thumbnail_path(self.ctx, row)
        if path is None:
            return None
        key = path.stem
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            return self._pixmaps[key]
        if key not in self._pending:
            self._pending.add(key)
            self._queue[key] = row
            if not self._flush_timer.isActive():
                self._flush_timer.start()
        return None

    def _flush(self) -> None:
        queued, self._queue = self._queue, {}
        for key, row in queued.items():
            self.pool.start(_ThumbJob(self.ctx, row, key, self._relay))

    def cancel_pending(self) -> None:
        """Forget queued requests (a new search shows other rows)."""
        self._flush_timer.stop()
        self._queue.clear()
        self.pool.clear()
        self._pending.clear()

    def wait(self, msecs: int = 5000) -> bool:
        """Start what is queued and wait for it (tests, shutdown)."""
        if self._flush_timer.isActive():
            self._flush_timer.stop()
            self._flush()
        return self.pool.waitForDone(msecs)

    def _loaded(self, key: str, path: str) -> None:
        self._pending.discard(key)
        pixmap = QPixmap(path) if path else None
        if pixmap is not None and pixmap.isNull():
            pixmap = None
        if pixmap is not None:
            pixmap = pixmap.scaled(
                THUMB_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._pixmaps[key] = pixmap
        while len(self._pixmaps) > self.capacity:
            self._pixmaps.popitem(last=False)
        self.changed.emit(key)


class InspectionTableModel(QAbstractTableModel):
    """Inspections matching a filter, in a sort order, read a page at a time."""

    COLUMNS: tuple[tuple[str, SortColumn | None], ...] = (
        ("", None),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Date and time"), SortColumn.STARTED),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Order"), SortColumn.ORDER),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Courier"), SortColumn.COURIER),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Operator"), SortColumn.OPERATOR),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Station"), SortColumn.STATION),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Decision"), SortColumn.DECISION),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Duration"), SortColumn.DURATION),
        (QT_TRANSLATE_NOOP("InspectionTableModel", "Status"), SortColumn.STATUS),
    )
    THUMB_COLUMN = 0

    query_changed = Signal()
    page_loaded = Signal(int)  # rows now loaded
    query_failed = Signal(str)

    def __init__(
        self, ctx: AppContext, page_size: int = browse.PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = page_size
        self.filter = BrowseFilter()
        self.sort_order = Sort()
        self._rows: list[BrowseRow] = []
        self._cursor: Cursor | None = None
        self._loaded_once = False
        self._generation = 0
        self._fetching = False
        self.thumbnails = ThumbnailCache(ctx, parent=self)
        self.thumbnails.changed.connect(self._thumbnail_ready)

    # ----- the query ---------------------------------------------------------------------

    def set_query(self, f: BrowseFilter, sort: Sort | None = None) -> None:
        """Show the first page for a new filter (and sort); raises InspectorError on bad input."""
        sort = sort or self.sort_order
        page = browse.fetch_page(self.ctx, f, sort, None, self.page_size)
        self._generation += 1  # an older background search must not overwrite this one
        self._apply(f, sort, page)

    def set_query_async(self, f: BrowseFilter, sort: Sort | None = None) -> None:
        """Like set_query, but the database is asked off the GUI thread; the newest ask wins.

        For searches that may read much of the archive ("contains"): the window stays
        responsive, and a result overtaken by newer typing is dropped.
        """
        sort = sort or self.sort_order
        f.check()
        self._generation += 1
        generation = self._generation

        def done(page: browse.Page) -> None:
            if generation == self._generation:
                self._apply(f, sort, page)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                self.query_failed.emit(str(exc))

        run_in_background(
            lambda: browse.fetch_page(self.ctx, f, sort, None, self.page_size), done, failed, self
        )

    @property
    def slow(self) -> bool:
        """True when the current query cannot use an index (pages are read in the background)."""
        return is_slow(self.filter, self.sort_order)

    def _apply(self, f: BrowseFilter, sort: Sort, page: browse.Page) -> None:
        self.thumbnails.cancel_pending()
        self.beginResetModel()
        self.filter, self.sort_order = f, sort
        self._rows = page.rows
        self._cursor = page.next_cursor
        self._fetching = False
        self._loaded_once = True
        self.endResetModel()
        self.query_changed.emit()
        self.page_loaded.emit(len(self._rows))

    def refresh(self) -> None:
        """Read the current query again (new recordings appear at the top)."""
        self.set_query(self.filter, self.sort_order)

    def canFetchMore(self, parent: ModelIndex = _ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and self._cursor is not None

    def fetchMore(self, parent: ModelIndex = _ROOT) -> None:  # noqa: N802
        if parent.isValid() or self._cursor is None or self._fetching:
            return
        if self.slow:
            self._fetch_in_background()
            return
        try:
            page = browse.fetch_page(
                self.ctx, self.filter, self.sort_order, self._cursor, self.page_size
            )
        except InspectorError as exc:
            log.warning("Reading more inspections failed: %s", exc)
            self._cursor = None
            return
        self._append(page)

    def _fetch_in_background(self) -> None:
        self._fetching = True
        generation = self._generation
        f, sort, cursor = self.filter, self.sort_order, self._cursor

        def done(page: browse.Page) -> None:
            if generation == self._generation:
                self._fetching = False
                self._append(page)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                self._fetching = False
                self._cursor = None
                self.query_failed.emit(str(exc))

        run_in_background(
            lambda: browse.fetch_page(self.ctx, f, sort, cursor, self.page_size), done, failed, self
        )

    def _append(self, page: browse.Page) -> None:
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self._cursor = page.next_cursor
            self.endInsertRows()
        else:
            self._cursor = None
        self.page_loaded.emit(len(self._rows))

    @property
    def complete(self) -> bool:
        """True when every matching row is loaded."""
        return self._cursor is None

    def row_at(self, row: int) -> BrowseRow:
        return self._rows[row]

    def row_of(self, inspection_id: int) -> int | None:
        """The table row showing an inspection, if it is loaded."""
        for i, r in enumerate(self._rows):
            if r.id == inspection_id:
                return i
        return None

    # ----- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            title = self.COLUMNS[section][0]
            return QCoreApplication.translate("InspectionTableModel", title) if title else ""
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if col == self.THUMB_COLUMN:
            if role == Qt.ItemDataRole.DecorationRole:
                return self.thumbnails.get(row)
            if role == Qt.ItemDataRole.SizeHintRole:
                return THUMB_SIZE
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, self.COLUMNS[col][1])
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[col][1] is SortColumn.STARTED:
            return f"{browse.format_local(row.started_at)} (UTC {row.started_at:%Y-%m-%d %H:%M:%S})"
        if role == Qt.ItemDataRole.ForegroundRole and self.COLUMNS[col][1] is SortColumn.DECISION:
            return DECISION_COLOURS.get(row.decision)
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and self.COLUMNS[col][1] is SortColumn.DURATION
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: BrowseRow, column: SortColumn | None) -> str:
        if column is SortColumn.STARTED:
            return row.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if column is SortColumn.DURATION:
            minutes, seconds = divmod(round(row.duration_s), 60)
            return f"{minutes}:{seconds:02d}"
        if column is None:
            return ""
        if column in (SortColumn.DECISION, SortColumn.STATUS):
            return value_text(str(row.sort_value(column)))
        return str(row.sort_value(column))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: ask the database for the first page in the new order."""
        key = self.COLUMNS[column][1]
        if key is None:
            return
        sort = Sort(key, descending=order == Qt.SortOrder.DescendingOrder)
        if sort == self.sort_order and self._loaded_once:
            return
        try:
            if is_slow(self.filter, sort):
                self.set_query_async(self.filter, sort)
            else:
                self.set_query(self.filter, sort)
        except InspectorError as exc:
            log.warning("Sorting failed: %s", exc)

    def _thumbnail_ready(self, _key: str) -> None:
        if self._rows:
            # One signal for the whole column: views repaint only the rows they show.
            self.dataChanged.emit(
                self.index(0, self.THUMB_COLUMN),
                self.index(len(self._rows) - 1, self.THUMB_COLUMN),
                [Qt.ItemDataRole.DecorationRole],
            )
