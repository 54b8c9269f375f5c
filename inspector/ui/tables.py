"""The read-only record tables the screens share (today's list, appeals, expected returns, operators)."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

KEY_ROLE = Qt.ItemDataRole.UserRole
SHOWN_ROLE = Qt.ItemDataRole.UserRole + 1  # on a row's first cell: the TableRow it shows
# Columns sized to their contents look at this many rows (and the visible ones), not the
# whole list: a desk's day of 1,000 parcels must not be measured after each one.
MEASURED_ROWS = 200


@dataclass(frozen=True)
class TableRow:
    """One record as a table shows it: `key` tells the record apart from the others."""

    key: Hashable
    values: tuple[str, ...]
    background: QColor | None = None


def read_only_table(
    headers: Sequence[str],
    name: str,
    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
) -> QTableWidget:
    """A table of records read and chosen by whole rows, never edited in place."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setStretchLastSection(True)
    return table


def row_key(table: QTableWidget, row: int) -> Hashable | None:
    """The key of the record shown in `row` (None past the end)."""
    item = table.item(row, 0)
    return None if item is None else item.data(KEY_ROLE)


def show_rows(
    table: QTableWidget, rows: Sequence[TableRow], whole_text_tips: Collection[int] = ()
) -> None:
    """Show `rows` in order, touching only the cells that changed.

    A list refreshed after every parcel then costs what changed, not the length of the
    day: each changed cell of a column sized to its contents makes Qt measure that
    column again, so rebuilding every row made a refresh grow with the square of the rows
    (88 s for 500 rows). `whole_text_tips`: columns whose text may be shortened on
    screen, so their whole text is the tooltip too.
    """
    wanted = {row.key for row in rows}
    with _measured_once(table):
        for r in reversed(range(table.rowCount())):
            if row_key(table, r) not in wanted:
                table.removeRow(r)
        for r, row in enumerate(rows):
            if r >= table.rowCount() or row_key(table, r) != row.key:
                table.insertRow(r)  # a new record, or one moved here: an old copy is cut below
            elif table.item(r, 0).data(SHOWN_ROLE) == row:
                continue
            for c, value in enumerate(row.values):
                _show_cell(table, r, c, row, value, c in whole_text_tips)
            table.item(r, 0).setData(SHOWN_ROLE, row)
        table.setRowCount(len(rows))


def _show_cell(table: QTableWidget, r: int, c: int, row: TableRow, value: str, tip: bool) -> None:
    item = table.item(r, c)
    if item is None:
        item = QTableWidgetItem(value)
        item.setData(KEY_ROLE, row.key)
        table.setItem(r, c, item)
    elif item.text() != value:
        item.setText(value)
    if tip and item.toolTip() != value:
        item.setToolTip(value)
    brush = QBrush(row.background) if row.background is not None else QBrush()
    if item.background() != brush:
        item.setBackground(brush)


@contextmanager
def _measured_once(table: QTableWidget) -> Iterator[None]:
    """Columns sized to their contents are measured once after the changes, not per cell."""
    header = table.horizontalHeader()
    measured = [
        c
        for c in range(header.count())
        if header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents
    ]
    for c in measured:
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        for c in measured:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
