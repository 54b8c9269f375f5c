"""The rules that turn checklist answers into a recommendation, with its reasons.

- A failed identity step (not our SKU, sticker missing, serial not ours or not what we
  shipped, a hidden mark missing) means the item is not ours: the platform's policy says
  whether to reject the parcel or sign it under dispute.
- A failed condition step (damage) or completeness step (missing parts) leads to what the
  platform's policy sets for it: reject, dispute, or sign with a note.
- When several apply, the strongest wins: reject, then dispute, then sign.
- A failed general step (seal, waybill, sides) does not change the outcome; it is noted
  because it weakens the video as evidence. An identity step answered n/a is noted too.
- With nothing failed: all identity steps must be answered and every step answered
  before the rules recommend signing; until then the recommendation is pending.
- A returned item that differs from what was shipped (core/packing.py) is a finding that
  the item is not ours. From a packing filmed at our desk it is decisive: the platform's
  identity outcome, at once, even with steps still open, and no confirming is asked.
  From the platform's export ("shipped (from the platform)") it weighs less: it counts
  only once the identity steps are answered, and at most as a dispute (an export's
  serial can be mistyped; refusing the parcel on it alone could forfeit the claim).
  This is the only place a serial's difference from what was shipped is weighed: a serial
  typed into a return's serial step is such a returned item too, and the step then fails
  only for a serial that is not ours at all (core/checklist.py,
  `serial_read_as_returned_item`), so the checklist and `inspect --returned-serial` agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from inspector.core.checklist import Category
from inspector.core.errors import ValidationError
from inspector.core.models import Decision
from inspector.core.policy import GENERAL, Policy
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import DECISIONS, Answer, platform_name

if TYPE_CHECKING:
    from inspector.core.packing import Finding

RESULTS = tuple(Answer)
_STRENGTH = {Decision.SIGN: 1, Decision.DISPUTE: 2, Decision.REJECT: 3}


@dataclass(frozen=True)
class StepAnswer:
    """A step and its latest answer, as the rules see them."""

    key: str
    title: str
    category: str
    result: str | None = None  # pass, fail, na; None while unanswered
    note: str = ""
    value_problem: str | None = None  # a code read at the desk that does not match


@dataclass(frozen=True)
class Recommendation:
    """What the rules recommend, why, and what is still unanswered."""

    outcome: Decision
    reasons: tuple[str, ...]
    unanswered_identity: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # A finding against a filmed packing settled it: decided without confirming open steps.
    decisive: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": str(self.outcome),
            "decisive": self.decisive,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "unanswered_identity": list(self.unanswered_identity),
            "unanswered": list(self.unanswered),
        }


class IdentityStepsUnanswered(ValidationError):
    """A decision was asked for before the identity steps were answered; confirm to go on."""

    def __init__(self, steps: Sequence[str]) -> None:
        self.steps = list(steps)
        super().__init__(
            "These identity steps are not answered yet: "
            + ", ".join(self.steps)
            + ". Answer them, or confirm that you decide without them."
        )


def _failed(a: StepAnswer) -> bool:
    # A code that does not match fails the step even when it was marked pass: the sticker
    # is there, but it is not ours or not the one we shipped.
    return a.result == Answer.FAIL or (a.result == Answer.PASS and a.value_problem is not None)


def _why(a: StepAnswer) -> str:
    parts = [a.title]
    if a.value_problem:
        parts.append(a.value_problem)
    if a.note:
        parts.append(a.note)
    return ": ".join(parts[:1]) + (" — " + "; ".join(parts[1:]) if len(parts) > 1 else "")


def _titles(answers: Sequence[StepAnswer], keys: Sequence[str]) -> str:
    """Steps as the desk reads them ('4. Is it our …'), not as their keys."""
    numbered = {a.key: f"{i}. {a.title}" for i, a in enumerate(answers, 1)}
    return "; ".join(numbered.get(k, k) for k in keys)


def _weaker(outcome: Decision) -> Decision:
    """An export's finding never refuses the parcel: a refusal becomes a dispute."""
    return Decision.DISPUTE if outcome == Decision.REJECT else outcome


def recommend(
    answers: Sequence[StepAnswer],
    policy: Policy,
    language: str = ENGLISH,
    findings: Sequence[Finding] = (),
) -> Recommendation:
    """The recommended decision for these answers under this platform's policy, with reasons.

    `findings`: differences between what was shipped and what came back (core/packing.py).
    The reasons are written in the desk's language: they are stored with the decision.
    """
    t = partial(say, language)
    outcomes: list[Decision] = []
    reasons: list[str] = []
    notes: list[str] = []
    for category, label, outcome in (
        (Category.IDENTITY, t("Not our item"), policy.identity_fail),
        (Category.CONDITION, t("Damaged"), policy.damaged),
        (Category.COMPLETENESS, t("Incomplete"), policy.incomplete),
    ):
        failed = [a for a in answers if a.category == category and _failed(a)]
        if failed:
            outcomes.append(outcome)
            for a in failed:
                # The general policy (platform "*") is no platform to name.
                template = (
                    "{label}: {why} → {outcome}"
                    if policy.platform == GENERAL
                    else "{label}: {why} → {outcome} on {platform}"
                )
                reasons.append(
                    t(
                        template,
                        label=label,
                        why=_why(a),
                        outcome=t(DECISIONS[outcome].outcome),
                        platform=platform_name(language, policy.platform),
                    )
                )
    unanswered_identity = tuple(
        a.key for a in answers if a.category == Category.IDENTITY and a.result is None
    )
    decisive = False
    for f in findings:
        if not f.decisive and unanswered_identity:
            notes.append(
                t(
                    "Differs from what was shipped: {finding}; counts once the identity steps "
                    "are answered",
                    finding=f.words(language),
                )
            )
            continue
        outcome = policy.identity_fail if f.decisive else _weaker(policy.identity_fail)
        decisive = decisive or f.decisive
        outcomes.append(outcome)
        template = (
            "{label}: {why} → {outcome}"
            if policy.platform == GENERAL
            else "{label}: {why} → {outcome} on {platform}"
        )
        reasons.append(
            t(
                template,
                label=t("Not our item"),
                why=f.words(language),
                outcome=t(DECISIONS[outcome].outcome),
                platform=platform_name(language, policy.platform),
            )
        )
    if outcomes and not policy.rule_known:
        notes.append(
            t(
                "No rule is known for {platform}: the general default applies (accept and "
                "dispute, so no claim is forfeited)",
                platform=platform_name(language, policy.platform),
            )
        )
    for a in answers:
        if a.category == Category.GENERAL and _failed(a):
            notes.append(t("Weaker evidence: {why}", why=_why(a)))
        elif a.category == Category.IDENTITY and a.result == Answer.NA:
            # Allowed (a sticker that this batch never had), but a reviewer should see it.
            notes.append(t("Not checked (n/a): {why}", why=_why(a)))
    unanswered = tuple(a.key for a in answers if a.result is None)
    if outcomes:
        best = max(outcomes, key=_STRENGTH.__getitem__)
        if unanswered_identity:
            notes.append(
                t("Not yet answered: {steps}", steps=_titles(answers, unanswered_identity))
            )
        return Recommendation(
            best, tuple(reasons), unanswered_identity, unanswered, tuple(notes), decisive
        )
    if not answers:
        return Recommendation(Decision.PENDING, (t("The checklist is empty."),))
    if unanswered_identity:
        return Recommendation(
            Decision.PENDING,
            (
                t(
                    "Answer the identity steps first: {steps}",
                    steps=_titles(answers, unanswered_identity),
                ),
            ),
            unanswered_identity,
            unanswered,
            tuple(notes),
        )
    if unanswered:
        return Recommendation(
            Decision.PENDING,
            (t("Still to check: {steps}", steps=_titles(answers, unanswered)),),
            (),
            unanswered,
            tuple(notes),
        )
    checked = sum(1 for a in answers if a.result == Answer.PASS)
    return Recommendation(
        Decision.SIGN,
        (t("Genuine and whole: all {checked} checks passed", checked=checked),),
        (),
        (),
        tuple(notes),
    )


def check_decision(
    recommendation: Recommendation,
    outcome: Decision,
    reason: str,
    confirmed_unanswered: bool = False,
) -> bool:
    """Refuse a decision the rules do not allow yet; True when it overrides the recommendation.

    Deciding before the identity steps are answered needs confirming, unless a filmed
    packing already settled identity; going against a recommendation needs a written reason.
    """
    if outcome not in _STRENGTH:
        raise ValidationError("The decision must be sign, reject or dispute.")
    if (
        recommendation.unanswered_identity
        and not confirmed_unanswered
        and not recommendation.decisive
    ):
        raise IdentityStepsUnanswered(recommendation.unanswered_identity)
    override = recommendation.outcome != Decision.PENDING and outcome != recommendation.outcome
    if override and len(reason.strip()) < 3:
        raise ValidationError(
            f"The rules recommend {recommendation.outcome}; to {outcome} instead, write the reason."
        )
    return override
