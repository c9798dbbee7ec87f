"""Money is integer fen everywhere; rates are basis points (1/10000). Every rounding is named here."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

BASIS_POINTS = 10_000


def yuan_to_fen(yuan: str | int | Decimal) -> int:
    """Parse a yuan amount given as text or Decimal (never float) into fen, refusing fractions of a fen."""
    if isinstance(yuan, float):
        raise TypeError("money must not be a float")
    value = Decimal(str(yuan)) * 100
    if value != value.to_integral_value():
        raise ValueError("amount has more than two decimals")
    return int(value)


def fen_to_yuan_str(fen: int) -> str:
    """12345 -> '123.45', -5 -> '-0.05'."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def apply_rate(amount_fen: int, rate_bp: int, rounding: str = ROUND_HALF_UP) -> int:
    """amount × rate, rounded to the fen (half up unless the rule names another rounding)."""
    result = (Decimal(int(amount_fen)) * Decimal(int(rate_bp)) / BASIS_POINTS).quantize(Decimal(1), rounding=rounding)
    return int(result)


def split_by_weights(total_fen: int, weights: list[int]) -> list[int]:
    """Split a total into parts proportional to weights; parts add up exactly (largest remainder)."""
    if not weights or sum(weights) <= 0:
        raise ValueError("weights must be positive")
    weight_sum = sum(weights)
    raw = [Decimal(total_fen) * w / weight_sum for w in weights]
    parts = [int(r.to_integral_value(rounding=ROUND_DOWN)) for r in raw]
    remainder = total_fen - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:remainder]:
        parts[i] += 1
    return parts
