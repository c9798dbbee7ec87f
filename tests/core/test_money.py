from decimal import ROUND_DOWN

import pytest
from crabsales.core.money import apply_rate, fen_to_yuan_str, split_by_weights, yuan_to_fen


@pytest.mark.parametrize(
    "amount, rate_bp, expected",
    [
        (10000, 9500, 9500),  # 100.00 × 95% = 95.00
        (999, 9500, 949),  # 9.49050 → 9.49
        (1001, 9500, 951),  # 9.5095 → 9.51 (half up)
        (10, 500, 1),  # 0.005 → 0.01 (exact half goes up)
        (9, 500, 0),  # 0.0045 → 0.00
        (0, 9500, 0),
        (123456789, 10000, 123456789),
        (-1001, 9500, -951),  # refunds: half away from zero, symmetric with charges
    ],
)
def test_apply_rate_rounds_half_up_to_the_fen(amount, rate_bp, expected):
    assert apply_rate(amount, rate_bp) == expected


def test_apply_rate_with_named_rounding():
    assert apply_rate(1001, 9500, ROUND_DOWN) == 950


@pytest.mark.parametrize("text, fen", [("12.30", 1230), ("0.01", 1), ("100", 10000), ("-5.5", -550)])
def test_yuan_to_fen(text, fen):
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("bad", ["0.001", "1.239"])
def test_yuan_to_fen_refuses_fractions_of_a_fen(bad):
    with pytest.raises(ValueError):
        yuan_to_fen(bad)


def test_yuan_to_fen_refuses_floats():
    with pytest.raises(TypeError):
        yuan_to_fen(12.3)


@pytest.mark.parametrize("fen, text", [(1230, "12.30"), (5, "0.05"), (-5, "-0.05"), (0, "0.00"), (100000, "1000.00")])
def test_fen_to_yuan_str(fen, text):
    assert fen_to_yuan_str(fen) == text


@pytest.mark.parametrize(
    "total, weights, expected",
    [(100, [1, 1, 1], [34, 33, 33]), (1, [1, 1], [1, 0]), (1000, [7000, 3000], [700, 300]), (0, [1, 2], [0, 0])],
)
def test_split_by_weights_adds_up_exactly(total, weights, expected):
    parts = split_by_weights(total, weights)
    assert parts == expected
    assert sum(parts) == total
