"""The rules of packed and returned, on generated inputs: the box against the order, the
return against the packing, and how a finding drives the recommendation."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from inspector.core.checklist import Category
from inspector.core.decision import IdentityStepsUnanswered, StepAnswer, check_decision, recommend
from inspector.core.models import Decision
from inspector.core.packing import (
    FindingKind,
    PackProblemKind,
    Reference,
    ReferenceSource,
    compare,
    export_reference,
    missing_items,
    scan_problem,
)
from inspector.core.policy import builtin_policy

SKUS = st.sampled_from(["TS-001", "BG-220", "WT-9", "XX-1"])
SERIALS = st.sampled_from(["", "AC-000123", "AC-000555", "MW-2001", "B12-XK"])


@given(
    ordered=st.dictionaries(SKUS, st.integers(1, 3), max_size=3),
    scans=st.lists(st.tuples(SKUS, SERIALS), max_size=8),
)
def test_each_scan_is_judged_against_the_order_and_the_box_so_far(ordered, scans):
    box: list[tuple[str, str]] = []
    said = Counter()
    for sku, serial in scans:
        problem = scan_problem(ordered, box, sku, serial)
        count = 1 + sum(1 for s, _ in box if s == sku)
        repeated = bool(serial) and (sku, serial) in box
        if repeated:
            assert problem is not None and problem.kind == PackProblemKind.REPEATED_SERIAL
        elif sku not in ordered:
            assert problem is not None and problem.kind == PackProblemKind.WRONG_SKU
            assert sku in problem.words()
        elif count > ordered[sku]:
            assert problem is not None and problem.kind == PackProblemKind.EXTRA
            assert (problem.packed, problem.ordered) == (count, ordered[sku])
        else:
            assert problem is None
        if problem is not None:
            said[problem.kind] += 1
        box.append((sku, serial))
    # At the end, exactly the lines short of their quantity are missing, by how many.
    counts = Counter(s for s, _ in box)
    missing = {p.sku: (p.packed, p.ordered) for p in missing_items(ordered, [s for s, _ in box])}
    assert missing == {sku: (counts[sku], q) for sku, q in ordered.items() if counts[sku] < q}


@given(scans=st.lists(st.tuples(SKUS, SERIALS), max_size=6))
def test_an_unknown_order_only_catches_a_serial_scanned_twice(scans):
    box: list[tuple[str, str]] = []
    for sku, serial in scans:
        problem = scan_problem(None, box, sku, serial)
        if serial and (sku, serial) in box:
            assert problem is not None and problem.kind == PackProblemKind.REPEATED_SERIAL
        else:
            assert problem is None
        box.append((sku, serial))


@given(
    packed=st.dictionaries(
        SKUS, st.lists(SERIALS.filter(bool), max_size=2, unique=True), min_size=1
    ),
    sku=SKUS,
    serial=SERIALS,
    source=st.sampled_from(list(ReferenceSource)),
)
def test_a_return_differs_exactly_when_its_sku_or_serial_was_not_shipped(
    packed, sku, serial, source
):
    reference = Reference(source, packed, "u1" if source == ReferenceSource.PACKING else "")
    finding = compare(reference, sku, serial, 1.5)
    if sku not in packed:
        assert finding is not None and finding.kind == FindingKind.SKU
        assert f"returned SKU {sku}" in finding.words()
    elif serial and packed[sku] and serial not in packed[sku]:
        assert finding is not None and finding.kind == FindingKind.SERIAL
        words = finding.words()
        assert serial in words and all(s in words for s in packed[sku])
        assert ("packed" in words) == (source == ReferenceSource.PACKING)
        assert ("shipped (from the platform)" in words) == (source == ReferenceSource.EXPORT)
    else:
        assert finding is None
    if finding is not None:
        assert finding.decisive == (source == ReferenceSource.PACKING)
        assert finding.returned_offset_s == 1.5
        # What is stored with the scan gives back the same comparison.
        again = Reference.from_stored(reference.to_stored(), reference.packing_uid)
        assert compare(again, sku, serial, 1.5) == finding


def test_the_finding_names_both_serials():
    ref = Reference(ReferenceSource.PACKING, {"TS-001": ["AC-000123"]}, "u1")
    assert compare(ref, "ts-001", "ac-000555").words() == (
        "SKU TS-001: packed AC-000123, returned AC-000555"
    )
    assert compare(ref, "TS-001", "AC-000123") is None
    export = export_reference([("TS-001", ["AC-000123"])])
    assert compare(export, "TS-001", "AC-000555").words() == (
        "SKU TS-001: shipped (from the platform) AC-000123, returned AC-000555"
    )


_STEPS = st.lists(
    st.tuples(
        st.sampled_from([Category.GENERAL, Category.IDENTITY, Category.CONDITION]),
        st.sampled_from([None, "pass", "na"]),
    ),
    min_size=1,
    max_size=6,
)
PLATFORMS = st.sampled_from(["taobao", "amazon", "meesho", "pinduoduo", "shopee", "unknown"])


@given(steps=_STEPS, platform=PLATFORMS, source=st.sampled_from(list(ReferenceSource)))
def test_a_finding_drives_the_recommendation_by_the_platform_and_its_weight(
    steps, platform, source
):
    answers = [StepAnswer(f"s{n}", f"step {n}", c, r) for n, (c, r) in enumerate(steps)]
    policy = builtin_policy(platform)
    ref = Reference(source, {"TS-001": ["AC-000123"]}, "u1")
    finding = compare(ref, "TS-001", "AC-000555")
    rec = recommend(answers, policy, findings=[finding])
    identity_open = any(c == Category.IDENTITY and r is None for c, r in steps)
    if source == ReferenceSource.PACKING:
        # Decisive: the platform's outcome for an item not ours, even with steps open.
        assert rec.outcome == policy.identity_fail and rec.decisive
        assert any("packed AC-000123, returned AC-000555" in r for r in rec.reasons)
        # No confirming asked: the packing settled identity.
        assert check_decision(rec, policy.identity_fail, "") is False
    elif identity_open:
        # An export's serial waits for the identity steps, and is said meanwhile.
        assert rec.outcome == Decision.PENDING and not rec.decisive
        assert any("AC-000555" in n for n in rec.notes)
        try:
            check_decision(rec, Decision.SIGN, "")
            raise AssertionError("deciding with identity open must ask")
        except IdentityStepsUnanswered:
            pass
    else:
        # It weighs less: never a refusal on an export alone.
        weaker = (
            Decision.DISPUTE if policy.identity_fail == Decision.REJECT else policy.identity_fail
        )
        assert rec.outcome == weaker and not rec.decisive
    assert rec.outcome != Decision.SIGN or policy.identity_fail == Decision.SIGN


def test_refusing_follows_the_platform():
    taobao, amazon = builtin_policy("taobao"), builtin_policy("amazon")
    finding = compare(Reference(ReferenceSource.PACKING, {"A": ["1"]}, "u"), "A", "2")
    assert recommend([], taobao, findings=[finding]).outcome == Decision.REJECT
    assert recommend([], amazon, findings=[finding]).outcome == Decision.DISPUTE
