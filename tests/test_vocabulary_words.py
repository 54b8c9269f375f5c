"""The vocabulary's platforms and carriers: one name each, in the desk's language."""

from __future__ import annotations

import pytest

from inspector.core.carriers import carrier_table
from inspector.core.policy import BUILTIN_POLICIES, GENERAL, PLATFORM_ALIASES, normalize_platform
from inspector.i18n.catalogue import translate_to
from inspector.i18n.vocabulary import (
    CARRIERS,
    PLATFORMS,
    Platform,
    platform_name,
    platform_word,
    value_word,
)


def test_every_carrier_the_number_table_names_has_one_name_in_the_vocabulary() -> None:
    # carriers.json recognises the numbers; the vocabulary names the carriers: a carrier added
    # to one and not the other would be shown in English on a Chinese desk.
    assert set(carrier_table().carrier_names) == set(CARRIERS)


@pytest.mark.parametrize(
    ("carrier", "chinese"),
    [
        ("SF Express", "顺丰速运"),
        ("YTO Express", "圆通速递"),
        ("ZTO Express", "中通快递"),
        ("STO Express", "申通快递"),
        ("Yunda", "韵达速递"),
        ("JD Logistics", "京东物流"),
        ("EMS / China Post", "EMS / 中国邮政"),
        ("J&T Express", "极兔速递"),
        ("Best Express", "百世快递"),
        ("Deppon", "德邦快递"),
        ("Cainiao", "菜鸟"),
    ],
)
def test_a_chinese_carrier_is_named_in_chinese_on_a_chinese_desk(
    qapp, carrier: str, chinese: str
) -> None:
    assert translate_to("zh_CN", "Carriers", CARRIERS[carrier]) == chinese
    assert translate_to("en", "Carriers", CARRIERS[carrier]) == carrier


def test_the_policy_table_and_the_seller_spellings_use_the_vocabulary_s_platforms(qapp) -> None:
    keys = set(BUILTIN_POLICIES) - {GENERAL}
    assert keys <= set(Platform)
    assert set(PLATFORM_ALIASES.values()) <= set(Platform)
    assert normalize_platform("天猫") == Platform.TMALL
    assert normalize_platform("amazon.de") == Platform.AMAZON
    assert set(PLATFORMS) == set(Platform)
    assert platform_name("zh_CN", "tmall") == "天猫"
    assert platform_name("zh_CN", "taobao") == "淘宝"
    assert platform_name("en", "amazon") == "Amazon"
    assert platform_word("my own shop") == "my own shop"  # a platform we do not know, as typed


def test_a_stored_decision_is_shown_by_its_one_word() -> None:
    assert [value_word(d) for d in ("sign", "reject", "dispute", "pending")] == [
        "Signed",
        "Rejected",
        "Signed under dispute",
        "Pending",
    ]
    assert value_word("completed") == "completed"
