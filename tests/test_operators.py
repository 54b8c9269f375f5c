"""Operators: a list with badges, found by badge scan, counted per day on each record."""

from __future__ import annotations

import pytest

from inspector.capture.pipeline import open_capture
from inspector.capture.sources import DemoSource
from inspector.core.errors import NotFoundError, ValidationError
from inspector.services.operators import (
    counts_since,
    find_by_badge,
    list_operators,
    save_operator,
    set_active,
)
from inspector.services.recording import StartRequest, start_inspection

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL


def test_add_find_by_badge_and_retire(ctx) -> None:
    save_operator(ctx, "  王  伟 ", "op-0042")
    save_operator(ctx, "Anna")
    assert [(o.name, o.badge) for o in list_operators(ctx)] == [("Anna", ""), ("王 伟", "OP-0042")]
    assert find_by_badge(ctx, "OP-0042").name == "王 伟"
    set_active(ctx, "王 伟", False)
    assert find_by_badge(ctx, "OP-0042") is None
    assert [o.name for o in list_operators(ctx)] == ["Anna"]
    assert len(list_operators(ctx, include_inactive=True)) == 2


def test_a_badge_belongs_to_one_operator(ctx) -> None:
    save_operator(ctx, "Anna", "B1")
    with pytest.raises(ValidationError, match="already belongs to Anna"):
        save_operator(ctx, "Ben", "b1")
    with pytest.raises(ValidationError, match="needs a name"):
        save_operator(ctx, "   ")
    with pytest.raises(NotFoundError):
        set_active(ctx, "Nobody", False)


def test_counts_per_operator_today(qapp, ctx) -> None:
    capture = open_capture(DemoSource(320, 240, 10))
    try:
        for who, order in (("Anna", "T1"), ("Anna", "T2"), ("Ben", "T3")):
            start_inspection(ctx, capture, StartRequest(order, "", who, "Desk 9")).stop()
    finally:
        capture.stop()
    assert counts_since(ctx, station="Desk 9") == {"Anna": 2, "Ben": 1}
    assert counts_since(ctx, station="Desk 2") == {}
