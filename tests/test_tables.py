"""The shared record tables: a refresh shows exactly the records given, touching only what changed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inspector.ui.tables import TableRow, read_only_table, row_key, show_rows

WORDS = st.sampled_from(["", "Signed", "Pending", "TB1001", "1Z999AA10123456784", "王芳"])
ROWS = st.lists(
    st.tuples(st.integers(0, 12), st.tuples(WORDS, WORDS, WORDS), st.booleans()),
    max_size=10,
    unique_by=lambda row: row[0],
)


def _rows(spec: list[tuple[int, tuple[str, str, str], bool]]) -> list[TableRow]:
    return [TableRow(key, values, QColor("#fde2e2") if red else None) for key, values, red in spec]


def _shown(table) -> list[tuple[object, tuple[str, ...], bool]]:
    return [
        (
            row_key(table, r),
            tuple(table.item(r, c).text() for c in range(table.columnCount())),
            table.item(r, 0).background().style() != Qt.BrushStyle.NoBrush,
        )
        for r in range(table.rowCount())
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(ROWS, min_size=1, max_size=6))
def test_any_sequence_of_refreshes_shows_exactly_the_last_rows(qtbot, steps) -> None:
    table = read_only_table(["a", "b", "c"], "t")
    qtbot.addWidget(table)
    table.show()
    for spec in steps:
        show_rows(table, _rows(spec))
        assert _shown(table) == [(key, values, red) for key, values, red in spec]


def test_a_new_record_adds_its_row_and_leaves_the_others_untouched(qtbot) -> None:
    """A desk's day grows by one parcel: the rows already shown are the same items, not rebuilt."""
    table = read_only_table(["time", "order", "state"], "t")
    qtbot.addWidget(table)
    table.show()
    day = [TableRow(n, (f"10:{n:02d}", f"TB{n}", "Signed")) for n in range(300, 0, -1)]
    show_rows(table, day)
    before = [table.item(r, 2) for r in range(table.rowCount())]
    show_rows(table, [TableRow(301, ("11:00", "TB301", "Pending")), *day])
    assert table.rowCount() == 301
    assert [table.item(0, c).text() for c in range(3)] == ["11:00", "TB301", "Pending"]
    assert all(table.item(r + 1, 2) is item for r, item in enumerate(before))
    # the newest parcel decided: its one cell changes, the rest stay as they were
    show_rows(table, [TableRow(301, ("11:00", "TB301", "Signed")), *day])
    assert table.item(0, 2).text() == "Signed"
    assert all(table.item(r + 1, 2) is item for r, item in enumerate(before))


def test_the_operators_list_marks_one_as_left_and_back(qtbot, ctx) -> None:
    from inspector.ui.operators_dialog import OperatorsDialog

    dialog = OperatorsDialog(ctx)
    qtbot.addWidget(dialog)
    for name, badge in (("Li Wei", "OP-1"), ("王芳", "OP-2")):
        dialog.name_edit.setText(name)
        dialog.badge_edit.setText(badge)
        dialog.add()

    def status(name: str) -> str:
        rows = [r for r in range(dialog.table.rowCount()) if row_key(dialog.table, r) == name]
        return dialog.table.item(rows[0], 2).text()

    assert (status("Li Wei"), status("王芳")) == ("working", "working")
    row = next(r for r in range(dialog.table.rowCount()) if row_key(dialog.table, r) == "王芳")
    dialog.table.selectRow(row)
    dialog.toggle()
    assert (status("Li Wei"), status("王芳")) == ("working", "left")
    dialog.toggle()
    assert status("王芳") == "working"
