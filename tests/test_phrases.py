"""Checklist words in the desk's language: stored with the inspection, so video and report agree."""

from __future__ import annotations

import re
import string

import pytest

from inspector.core.catalog import ProductData
from inspector.core.checklist import build_steps, value_problem
from inspector.core.orders import OrderData, OrderLineData
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import ZH_CN, say

CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("template", sorted(ZH_CN))
def test_every_translation_keeps_its_placeholders(template):
    assert _fields(template) == _fields(ZH_CN[template])


def _order() -> tuple[OrderData, dict[str, ProductData]]:
    product = ProductData(
        sku="TS-001",
        name="Aurora",
        sticker="silver hologram",
        serial_format="AC-######",
        hidden_marks=["laser dot"],
        hang_tags=["card tag"],
        batch_code_format="B##-@@",
        packaging=["box"],
        accessories=["cable"],
    )
    order = OrderData(
        order_number="TB1",
        platform="taobao",
        buyer="b",
        ship_date=None,
        return_requested_on=None,
        return_courier="",
        courier_supplied_on=None,
        courier_supplied_at=None,
        lines=[OrderLineData(line_no=1, sku="TS-001", quantity=2, serials=["AC-000123"])],
    )
    return order, {"TS-001": product}


def test_a_chinese_desk_gets_a_chinese_checklist():
    order, products = _order()
    steps = build_steps(order, products, "SF123", language="zh_CN")
    for step in steps:
        assert CJK.search(step.title), step.title
    assert "SF123" in steps[1].title and "面单" in steps[1].title
    assert "AC-000123" in next(s for s in steps if s.key == "1.sticker").detail


def test_english_is_unchanged_and_unknown_words_fall_back():
    order, products = _order()
    english = build_steps(order, products, "SF123")
    assert english[0].title == "Outer package sealed and intact on camera before opening"
    assert say("zh_CN", "A sentence nobody translated") == "A sentence nobody translated"


def test_a_wrong_serial_is_explained_in_the_desk_language():
    expects = {"what": "serial", "shipped": ["AC-000123"]}
    assert "不是本订单发出的" in value_problem(expects, "AC-000999", "zh_CN")
    assert "is not the one we shipped" in value_problem(expects, "AC-000999")


@pytest.mark.parametrize(
    ("setting", "lang", "expected"),
    [
        ("zh_CN", "en_US.UTF-8", "zh_CN"),
        ("en", "zh_CN.UTF-8", "en"),
        ("system", "zh_CN.UTF-8", "zh_CN"),
        ("system", "en_GB.UTF-8", "en"),
    ],
)
def test_desk_language(monkeypatch, setting, lang, expected):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", lang)
    assert resolve_language(setting) == expected


def test_a_windows_locale_name_is_understood(monkeypatch):
    # Python on Windows names the locale in words, and no LANG is set there.
    import locale

    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LANG", raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("Chinese (Simplified)_China", "936"))
    assert resolve_language("system") == "zh_CN"
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("English_United States", "1252"))
    assert resolve_language("system") == "en"


def test_system_means_what_the_caller_knows(monkeypatch):
    # No global carries 'system' from the windows: a caller that knows better says so.
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert resolve_language("system", "zh_CN") == "zh_CN"
    assert resolve_language("en", "zh_CN") == "en", "a chosen language still wins"
    assert resolve_language("system") == "en"


def test_the_report_follows_the_desk_unless_told(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert resolve_language("desk", desk="en") == "en"
    assert resolve_language("desk", desk="system") == "zh_CN"
    assert resolve_language("en", desk="zh_CN") == "en"


def test_the_service_builds_the_checklist_in_the_settings_language(ctx, record_inspection):
    from inspector.services.guided import build_checklist_for

    ctx.settings.set("language", "zh_CN")
    summary = record_inspection(order="TB-ZH", seconds=1)
    steps = build_checklist_for(ctx, summary.id)
    assert all(CJK.search(s.title) for s in steps)


def test_the_recommendation_reasons_follow_the_desk_language():
    from inspector.core.decision import StepAnswer, recommend
    from inspector.core.policy import BUILTIN_POLICIES

    answers = [StepAnswer("1.sku", "是否为本店的 Aurora？", "identity", "fail", "", None)]
    rec = recommend(answers, BUILTIN_POLICIES["taobao"], "zh_CN")
    assert rec.outcome == "reject"
    assert rec.reasons[0].startswith("不是本店商品：") and "拒收包裹" in rec.reasons[0]
    english = recommend(answers, BUILTIN_POLICIES["taobao"])
    assert english.reasons[0].startswith("Not our item: ")


def test_a_decision_names_the_open_steps_by_number_not_by_key(ctx, record_inspection):
    from sqlmodel import select

    from inspector.core.models import InspectionEvent
    from inspector.services.guided import build_checklist_for, decide

    summary = record_inspection(order="TB-OPEN", seconds=1)
    identity = [s for s in build_checklist_for(ctx, summary.id) if s.category == "identity"]
    decide(ctx, summary.id, "dispute", reason="", confirm_unanswered=True)
    with ctx.db.session() as s:
        decided = s.exec(select(InspectionEvent).where(InspectionEvent.kind == "decided")).one()
    numbers = ", ".join(str(step.seq) for step in identity)
    assert decided.message.endswith(f"decided without answering step(s) {numbers}")
    assert not any(step.key in decided.message for step in identity)


def test_the_overlay_closing_step_line_is_in_the_desk_language():
    """Issue 19: a Chinese desk burned "All steps answered: decide" into its videos."""
    from inspector.services.guided import step_caption

    assert step_caption(None, [], "zh_CN") == ""
    steps = [object()]  # any checklist with steps
    assert step_caption(None, steps, "zh_CN") == "全部步骤已回答：请决定"  # type: ignore[arg-type]
    assert step_caption(None, steps, "en") == "All steps answered: decide"  # type: ignore[arg-type]
