"""Per-platform policy: what a failed check leads to, and how long the seller has to claim.

Platforms differ on refusing a parcel. On Taobao the desk refuses a parcel that is not
the store's; elsewhere refusing forfeits the claim (Amazon's SAFE-T claim is not
available once the seller refused the return; Meesho requires accepting every return and
marking it "Tampered/Disputed"; Lazada treats a refusal as abandoning the item), so the
desk signs under dispute and files a claim with the video. The built-in table below is a
starting point the store edits; rows it saves in the database replace a platform's
defaults.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from sqlmodel import Session, select

from inspector.core.errors import ValidationError
from inspector.core.models import Decision, PlatformPolicy, utcnow
from inspector.i18n.vocabulary import Platform

GENERAL = "*"
OUTCOMES = (Decision.SIGN, Decision.REJECT, Decision.DISPUTE)


@dataclass(frozen=True)
class Policy:
    """What the rules recommend on one platform when a check fails, and the claim window."""

    platform: str
    identity_fail: Decision  # not our item: not our SKU, sticker missing, serial not ours
    damaged: Decision  # a damage step failed
    incomplete: Decision  # an accessory, hang tag or packaging step failed
    claim_window_days: int  # days from the parcel's arrival to file an appeal or claim
    note: str = ""
    is_default: bool = True
    source: str = ""  # where the rule comes from; "" for a platform no rule is known for

    @property
    def rule_known(self) -> bool:
        """False for a platform the built-in table has no rule for (and the store set none)."""
        return bool(self.source) or not self.is_default or self.platform == GENERAL

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("identity_fail", "damaged", "incomplete"):
            data[key] = str(data[key])
        return data


def _p(
    platform: str, identity: Decision, damaged: Decision, days: int, note: str, source: str
) -> Policy:
    return Policy(platform, identity, damaged, damaged, days, note, source=source)


S, R, D = Decision.SIGN, Decision.REJECT, Decision.DISPUTE

# Claim windows: Meesho 7, Flipkart about 14 and Amazon 30 days are the platforms' published
# limits; the others are the seller-response deadlines we know of (Shopee asks the seller
# to respond within 2 days) or cautious assumptions. Check them against the platform's
# current rules and edit them with `inspector policy set`.
BUILTIN_POLICIES: dict[str, Policy] = {
    p.platform: p
    for p in (
        _p(
            Platform.TAOBAO,
            R,
            R,
            10,
            "Refuse a parcel that is not ours; appeal with the video.",
            "淘宝平台争议处理规则 (rule.taobao.com): the seller may refuse a return that is not "
            "the item sold and appeal with proof",
        ),
        _p(Platform.TMALL, R, R, 10, "As Taobao.", "天猫 rules follow 淘宝平台争议处理规则"),
        _p(
            Platform.PINDUODUO,
            R,
            R,
            2,
            "Refuse a parcel that is not ours; respond within 48 hours.",
            "拼多多 商家售后规则: 48-hour response to after-sales requests",
        ),
        _p(
            Platform.AMAZON,
            D,
            D,
            30,
            "Never refuse: SAFE-T claims need the return accepted.",
            "Amazon Seller Central help: SAFE-T claims (file within 30 days)",
        ),
        _p(
            Platform.MEESHO,
            D,
            D,
            7,
            "Accept every return; mark it Tampered/Disputed, then claim.",
            "Meesho Supplier Panel: return claims within 7 days of delivery",
        ),
        _p(
            Platform.FLIPKART,
            D,
            D,
            14,
            "Accept the return, then file an SPF claim with the video.",
            "Flipkart Seller Hub: SPF (Seller Protection Fund) claims",
        ),
        _p(
            Platform.LAZADA,
            D,
            D,
            3,
            "Refusing counts as abandoning the item: accept and dispute.",
            "Lazada Seller Center: returns and disputes",
        ),
        _p(
            Platform.SHOPEE,
            D,
            D,
            2,
            "Accept and raise a dispute within the response window.",
            "Shopee Seller Education Hub: return/refund disputes (respond within 2 days)",
        ),
        _p(
            GENERAL,
            D,
            D,
            7,
            "General default: accept and dispute, so no claim is forfeited.",
            "the app's cautious default",
        ),
    )
}


# Days from packing within which a buyer may still ask to return an order: the platform's
# return period after delivery (Taobao, Tmall, Pinduoduo, JD, Douyin: 7 days without reason;
# Amazon 30; Flipkart 10; Meesho 7; Shopee and Lazada 15) plus about a week for delivery.
# Retention keeps a packing at least this long, and the claim window after it.
RETURN_WINDOW_DAYS: dict[str, int] = {
    Platform.TAOBAO: 15,
    Platform.TMALL: 15,
    Platform.PINDUODUO: 15,
    Platform.JD: 15,
    Platform.DOUYIN: 15,
    Platform.KUAISHOU: 15,
    Platform.AMAZON: 40,
    Platform.FLIPKART: 20,
    Platform.MEESHO: 15,
    Platform.SHOPEE: 25,
    Platform.LAZADA: 25,
}
DEFAULT_RETURN_WINDOW_DAYS = 40  # a platform we do not know: the longest we do


def return_window_days(platform: str) -> int:
    """Days after packing within which the order may still come back (see RETURN_WINDOW_DAYS)."""
    return RETURN_WINDOW_DAYS.get(normalize_platform(platform), DEFAULT_RETURN_WINDOW_DAYS)


# Platform names as sellers and exports write them, onto the vocabulary's keys (its PLATFORMS
# table holds the names the desk shows).
PLATFORM_ALIASES: dict[str, Platform] = {
    "淘宝": Platform.TAOBAO,
    "淘宝网": Platform.TAOBAO,
    "taobao.com": Platform.TAOBAO,
    "天猫": Platform.TMALL,
    "天猫商城": Platform.TMALL,
    "tmall.com": Platform.TMALL,
    "拼多多": Platform.PINDUODUO,
    "pdd": Platform.PINDUODUO,
    "京东": Platform.JD,
    "jd.com": Platform.JD,
    "抖音": Platform.DOUYIN,
    "抖店": Platform.DOUYIN,
    "抖音小店": Platform.DOUYIN,
    "tiktok shop": Platform.TIKTOK,
    "快手": Platform.KUAISHOU,
}
# Marketplace domains: amazon.de, amazon.co.uk, shopee.co.th, lazada.com.my …
_MARKETPLACES = (
    Platform.AMAZON,
    Platform.SHOPEE,
    Platform.LAZADA,
    Platform.FLIPKART,
    Platform.MEESHO,
    Platform.ALIEXPRESS,
    Platform.TIKTOK,
)


@lru_cache(maxsize=1024)
def normalize_platform(platform: str | None) -> str:
    """Platform names as stored: trimmed, lower-case, and as the policy table names them.

    'Taobao ' -> 'taobao', '天猫' -> 'tmall', 'amazon.de' -> 'amazon', 'Shopee MY' -> 'shopee'.
    """
    key = " ".join((platform or "").split()).lower()
    if key in PLATFORM_ALIASES:
        return str(PLATFORM_ALIASES[key])
    for name in _MARKETPLACES:
        if key == name or key.startswith((f"{name}.", f"{name} ", f"www.{name}.")):
            return str(name)
    return key


def builtin_policy(platform: str) -> Policy:
    """The built-in policy for a platform, or the general default for one we do not know."""
    key = normalize_platform(platform)
    if key in BUILTIN_POLICIES:
        return BUILTIN_POLICIES[key]
    general = BUILTIN_POLICIES[GENERAL]
    if not key or key == GENERAL:
        return general
    return Policy(
        key,
        general.identity_fail,
        general.damaged,
        general.incomplete,
        general.claim_window_days,
        f"No rule is known for {key}: the general default applies (accept and dispute, so no "
        "claim is forfeited); set the platform's rule with 'inspector policy set'.",
    )


def _from_row(row: PlatformPolicy) -> Policy:
    return Policy(
        row.platform,
        Decision(row.identity_fail),
        Decision(row.damaged),
        Decision(row.incomplete),
        row.claim_window_days,
        row.note,
        is_default=False,
    )


def policy_for(platform: str, session: Session | None = None) -> Policy:
    """The policy in force for a platform: the store's saved row, else its own general row, else built-in."""
    key = normalize_platform(platform)
    if session is not None:
        row = session.get(PlatformPolicy, key or GENERAL)
        if row is not None:
            return _from_row(row)
        if key not in BUILTIN_POLICIES:
            general = session.get(PlatformPolicy, GENERAL)
            if general is not None:
                return Policy(
                    key or GENERAL,
                    Decision(general.identity_fail),
                    Decision(general.damaged),
                    Decision(general.incomplete),
                    general.claim_window_days,
                    general.note,
                    is_default=False,
                )
    return builtin_policy(key)


def claim_window_days(platform: str, session: Session | None = None) -> int:
    """Days the seller has to file an appeal or claim on this platform (the store's setting when a session is given)."""
    return policy_for(platform, session).claim_window_days


def all_policies(session: Session | None = None) -> list[Policy]:
    """Every platform with a built-in or saved policy, the general default last."""
    names = set(BUILTIN_POLICIES)
    if session is not None:
        names |= {row.platform for row in session.exec(select(PlatformPolicy))}
    ordered = sorted(n for n in names if n != GENERAL) + [GENERAL]
    return [policy_for(n, session) for n in ordered]


def _outcome(value: str | Decision | None, what: str, current: Decision) -> Decision:
    if value is None or value == "":
        return current
    try:
        outcome = Decision(str(value).strip().lower())
    except ValueError:
        outcome = Decision.PENDING
    if outcome not in OUTCOMES:
        raise ValidationError(f"{what} must be sign, reject or dispute, not {value!r}.")
    return outcome


def save_policy(
    session: Session,
    platform: str,
    identity_fail: str | Decision | None = None,
    damaged: str | Decision | None = None,
    incomplete: str | Decision | None = None,
    claim_window_days: int | None = None,
    note: str | None = None,
) -> Policy:
    """Store the store's own policy for a platform; unspecified fields keep their current value."""
    key = normalize_platform(platform)
    if not key or len(key) > 40:
        raise ValidationError("Name the platform (up to 40 characters), or '*' for the default.")
    current = policy_for(key, session)
    if claim_window_days is not None and not 0 < claim_window_days <= 365:
        raise ValidationError("The claim window must be between 1 and 365 days.")
    row = session.get(PlatformPolicy, key) or PlatformPolicy(
        platform=key, identity_fail="", damaged="", incomplete="", claim_window_days=0
    )
    row.identity_fail = _outcome(
        identity_fail, "The outcome for a failed identity check", current.identity_fail
    )
    row.damaged = _outcome(damaged, "The outcome for damage", current.damaged)
    row.incomplete = _outcome(incomplete, "The outcome for missing parts", current.incomplete)
    row.claim_window_days = claim_window_days or current.claim_window_days
    row.note = current.note if note is None else note.strip()[:1000]
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return _from_row(row)


def reset_policy(session: Session, platform: str) -> Policy:
    """Forget the store's setting for a platform so the built-in default applies again."""
    key = normalize_platform(platform)
    row = session.get(PlatformPolicy, key)
    if row is not None:
        session.delete(row)
        session.flush()
    return policy_for(key, session)
