"""Prices in one place (spec 02, "Prices").

- Member price = retail × member level rate (no level: retail).
- Dealer price = retail × the dealer's own rate.
- Each unit price is rounded half up to the fen once; a line total is unit price × quantity (never rounded again).
- Rates are basis points (9500 = 95%). A sub-dealer's rate is ≥ its parent's and ≤ the lowest member-level rate:
  a sub-dealer never buys cheaper than its parent nor dearer than any member. A tier-1 rate (set by the platform)
  has no parent bound but the same member bound.
"""

from __future__ import annotations

from ..core.money import BASIS_POINTS, apply_rate
from ..errors import ValidationFailed


def unit_price(retail_fen: int, rate_bp: int | None) -> int:
    """The unit price for a rate (None: retail), rounded half up to the fen once."""
    return retail_fen if rate_bp is None else apply_rate(retail_fen, rate_bp)


def member_price(retail_fen: int, level_rate_bp: int | None) -> int:
    return unit_price(retail_fen, level_rate_bp)


def dealer_price(retail_fen: int, dealer_rate_bp: int) -> int:
    return unit_price(retail_fen, dealer_rate_bp)


def line_total(unit_price_fen: int, quantity: int) -> int:
    return unit_price_fen * quantity


def check_rate(rate_bp: int, field: str = "discount_rate_bp") -> int:
    if not isinstance(rate_bp, int) or isinstance(rate_bp, bool) or not 1 <= rate_bp <= BASIS_POINTS:
        raise ValidationFailed({field: ["折扣率需在 0.01% 到 100% 之间（1 到 10000 基点）"]})
    return rate_bp


def check_dealer_rate(rate_bp: int, parent_rate_bp: int | None, lowest_member_rate_bp: int | None) -> int:
    """Validate a dealer's rate against its parent's (None for tier-1) and the lowest member-level rate."""
    check_rate(rate_bp)
    if parent_rate_bp is not None and rate_bp < parent_rate_bp:
        raise ValidationFailed(
            {"discount_rate_bp": [f"下级渠道商折扣不能低于上级（{format_rate(parent_rate_bp)}）"]},
            error_code="DEALER_RATE_BELOW_PARENT",
        )
    if lowest_member_rate_bp is not None and rate_bp > lowest_member_rate_bp:
        raise ValidationFailed(
            {"discount_rate_bp": [f"渠道商折扣不能高于最低会员等级折扣（{format_rate(lowest_member_rate_bp)}）"]},
            error_code="DEALER_RATE_ABOVE_MEMBERS",
        )
    return rate_bp


def format_rate(rate_bp: int) -> str:
    """9500 -> '95%', 9250 -> '92.5%' (for messages people read)."""
    text = f"{rate_bp / 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


# Who is asking decides the price shown: registered by the members and dealer domains.
_PRICE_RATE_PROVIDERS: list = []


def price_rate_provider(func):
    """Register func(user, workspace) -> rate in basis points or None (not mine to decide)."""
    _PRICE_RATE_PROVIDERS.append(func)
    return func


def caller_rate(user, workspace: str | None) -> int | None:
    """The rate applied to retail prices for this caller (None: retail price)."""
    if user is None:
        return None
    for provider in _PRICE_RATE_PROVIDERS:
        rate = provider(user, workspace or "member")
        if rate is not None:
            return rate
    return None
