"""The store's policy, as a table: answers in, recommendation out.

Each row reads: on PLATFORM, when these steps are answered so, the rules recommend OUTCOME
(and the reasons mention WHY). Every other step of the standard checklist passes.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from inspector.core.decision import (
    IdentityStepsUnanswered,
    StepAnswer,
    check_decision,
    recommend,
)
from inspector.core.errors import ValidationError
from inspector.core.models import Decision
from inspector.core.policy import (
    BUILTIN_POLICIES,
    builtin_policy,
    claim_window_days,
    policy_for,
    reset_policy,
    save_policy,
)

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL

# The checklist of one parcel holding one product: key -> (category, title).
STANDARD_STEPS = {
    "seal": ("general", "Outer package sealed"),
    "waybill": ("general", "Waybill readable"),
    "1.sku": ("identity", "Is it our earbuds (SKU TS-001)?"),
    "1.sticker": ("identity", "Our anti-counterfeit sticker present"),
    "1.mark1": ("identity", "Hidden store mark: laser dot"),
    "1.tag1": ("completeness", "Hang tag attached"),
    "1.acc1": ("completeness", "Accessory included: USB-C cable"),
    "1.damage": ("condition", "No damage, wear or stains"),
}
NOT_OURS_SERIAL = "serial AC-000555 is not the one we shipped in this order (AC-000123)"


def answers(**changes: str | None) -> list[StepAnswer]:
    """All steps pass, except those named (1.sku -> one_sku): 'fail', 'na', None or 'pass!serial'."""
    out = []
    for key, (category, title) in STANDARD_STEPS.items():
        result: str | None = changes.get(key.replace("1.", "one_"), "pass")
        problem = None
        if result == "pass!serial":
            result, problem = "pass", NOT_OURS_SERIAL
        out.append(StepAnswer(key, title, category, result, value_problem=problem))
    return out


SIGN, REJECT, DISPUTE, PENDING = Decision.SIGN, Decision.REJECT, Decision.DISPUTE, Decision.PENDING
STORE_SIGNS_DAMAGE = replace(BUILTIN_POLICIES["taobao"], damaged=SIGN, is_default=False)

POLICY_TABLE = [
    # platform, answers, recommended, reason mentions
    ("taobao", answers(), SIGN, "all 8 checks passed"),
    ("taobao", answers(one_sku="fail"), REJECT, "Not our item: Is it our earbuds"),
    ("taobao", answers(one_sticker="fail"), REJECT, "Not our item: Our anti-counterfeit sticker"),
    ("taobao", answers(one_sticker="pass!serial"), REJECT, NOT_OURS_SERIAL),
    ("taobao", answers(one_mark1="fail"), REJECT, "Hidden store mark"),
    ("taobao", answers(one_damage="fail"), REJECT, "Damaged: No damage"),
    ("taobao", answers(one_acc1="fail"), REJECT, "Incomplete: Accessory included"),
    ("tmall", answers(one_sku="fail"), REJECT, "reject the parcel on Tmall"),
    ("amazon", answers(one_sku="fail"), DISPUTE, "sign under dispute and file a claim on Amazon"),
    ("amazon", answers(one_damage="fail"), DISPUTE, "Damaged"),
    ("meesho", answers(one_sticker="fail"), DISPUTE, "Not our item"),
    ("lazada", answers(one_damage="fail"), DISPUTE, "Damaged"),
    ("flipkart", answers(one_acc1="fail"), DISPUTE, "Incomplete"),
    ("shopee", answers(one_sticker="pass!serial"), DISPUTE, NOT_OURS_SERIAL),
    ("someshop", answers(one_sku="fail"), DISPUTE, "on someshop"),
    ("taobao", answers(one_sku="fail", one_damage="fail"), REJECT, "Damaged"),
    ("taobao", answers(seal="fail"), SIGN, "all 7 checks passed"),
    ("taobao", answers(one_tag1="na"), SIGN, "all 7 checks passed"),
    ("taobao", answers(one_sku="fail", one_mark1=None), REJECT, "Not our item"),
    (
        "taobao",
        answers(one_sticker=None),
        PENDING,
        "Answer the identity steps first: 4. Our anti-counterfeit sticker present",
    ),
    ("taobao", answers(one_damage=None), PENDING, "Still to check: 8. No damage, wear or stains"),
]


@pytest.mark.parametrize(
    ("platform", "given", "expected", "why"),
    POLICY_TABLE,
    ids=[f"{row[0]}-{i}-{row[2]}" for i, row in enumerate(POLICY_TABLE)],
)
def test_policy_table(platform: str, given: list[StepAnswer], expected: Decision, why: str) -> None:
    rec = recommend(given, builtin_policy(platform))
    assert rec.outcome == expected
    assert any(why in r for r in rec.reasons), rec.reasons


def test_store_that_signs_damaged_returns_with_a_note() -> None:
    rec = recommend(answers(one_damage="fail"), STORE_SIGNS_DAMAGE)
    assert rec.outcome == SIGN
    assert rec.reasons == ("Damaged: No damage, wear or stains → sign with a note on Taobao",)
    # ...but an item that is not ours is still refused: the strongest outcome wins.
    assert (
        recommend(answers(one_damage="fail", one_sku="fail"), STORE_SIGNS_DAMAGE).outcome == REJECT
    )


def test_a_failed_evidence_step_is_noted_not_decisive() -> None:
    rec = recommend(answers(seal="fail"), builtin_policy("taobao"))
    assert rec.outcome == SIGN
    assert rec.notes == ("Weaker evidence: Outer package sealed",)


def test_an_identity_step_marked_not_applicable_is_noted() -> None:
    rec = recommend(answers(one_mark1="na"), builtin_policy("taobao"))
    assert rec.outcome == SIGN
    assert rec.notes == ("Not checked (n/a): Hidden store mark: laser dot",)


def test_failure_reasons_carry_the_operators_note() -> None:
    given = [
        replace(a, result="fail", note="cable is a cheap copy") if a.key == "1.acc1" else a
        for a in answers()
    ]
    rec = recommend(given, builtin_policy("taobao"))
    assert rec.reasons == (
        "Incomplete: Accessory included: USB-C cable — cable is a cheap copy → reject the parcel on Taobao",
    )


# --- deciding ------------------------------------------------------------------------------


def test_following_the_recommendation_needs_no_reason() -> None:
    rec = recommend(answers(one_sku="fail"), builtin_policy("taobao"))
    assert check_decision(rec, REJECT, "") is False


def test_overriding_needs_a_written_reason() -> None:
    rec = recommend(answers(one_sku="fail"), builtin_policy("taobao"))
    with pytest.raises(
        ValidationError, match="recommend reject; to sign instead, write the reason"
    ):
        check_decision(rec, SIGN, "")
    assert check_decision(rec, SIGN, "Manager checked: box photo was misread") is True


def test_deciding_before_the_identity_steps_asks_first() -> None:
    rec = recommend(answers(one_sku=None, one_sticker=None), builtin_policy("taobao"))
    with pytest.raises(IdentityStepsUnanswered) as info:
        check_decision(rec, SIGN, "")
    assert info.value.steps == ["1.sku", "1.sticker"]
    assert check_decision(rec, SIGN, "", confirmed_unanswered=True) is False


def test_pending_is_not_a_decision() -> None:
    with pytest.raises(ValidationError):
        check_decision(recommend(answers(), builtin_policy("taobao")), PENDING, "")


# --- the policy table the store edits ------------------------------------------------------


def test_builtin_claim_windows() -> None:
    assert claim_window_days("Meesho") == 7
    assert claim_window_days("flipkart") == 14
    assert claim_window_days("amazon") == 30
    assert (
        claim_window_days("a platform we never heard of") == BUILTIN_POLICIES["*"].claim_window_days
    )


def test_store_edits_and_resets_a_platform(ctx) -> None:
    with ctx.db.session() as session:
        save_policy(session, "Amazon", claim_window_days=20, damaged="sign")
    with ctx.db.session() as session:
        amazon = policy_for("amazon", session)
        assert (amazon.claim_window_days, amazon.damaged, amazon.identity_fail) == (
            20,
            SIGN,
            DISPUTE,
        )
        assert not amazon.is_default
        assert claim_window_days("amazon", session) == 20
        assert claim_window_days("amazon") == 30  # without the store's table: the built-in
        assert reset_policy(session, "amazon").claim_window_days == 30


def test_store_default_applies_to_unknown_platforms(ctx) -> None:
    with ctx.db.session() as session:
        save_policy(session, "*", identity_fail="reject", claim_window_days=5)
    with ctx.db.session() as session:
        assert policy_for("newshop", session).identity_fail == REJECT
        assert claim_window_days("newshop", session) == 5
        assert policy_for("amazon", session).identity_fail == DISPUTE  # its own row still applies


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"identity_fail": "refuse"}, "must be sign, reject or dispute"),
        ({"identity_fail": "pending"}, "must be sign, reject or dispute"),
        ({"claim_window_days": 0}, "between 1 and 365"),
    ],
)
def test_bad_policy_values_are_refused(ctx, kwargs: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message), ctx.db.session() as session:
        save_policy(session, "taobao", **kwargs)
    with ctx.db.session() as session:
        assert policy_for("taobao", session).is_default


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("platform", sorted(BUILTIN_POLICIES.keys() - {"*"}))
def test_a_reason_names_the_platform_in_the_desk_s_language(platform: str, language: str) -> None:
    """A stored reason says "on Amazon" / "在 亚马逊 上", never the stored key ("amazon")."""
    from inspector.i18n.retell import retell
    from inspector.i18n.vocabulary import platform_name

    rec = recommend(answers(one_sku="fail"), builtin_policy(platform), language)
    name = platform_name(language, platform)
    assert rec.reasons and all(name in r for r in rec.reasons), rec.reasons
    if name != platform:
        assert not any(platform in r for r in rec.reasons), rec.reasons
    # Told again in the other language (a Chinese desk's English report), the name follows.
    other = "en" if language == "zh_CN" else "zh_CN"
    assert platform_name(other, platform) in retell(rec.reasons[0], other)
