"""Pricing (spec 02): member and dealer prices, one half-up rounding per unit price, rate rules."""

import pytest
from crabsales.catalog.pricing import (
    check_dealer_rate,
    dealer_price,
    format_rate,
    line_total,
    member_price,
)
from crabsales.errors import ValidationFailed


@pytest.mark.parametrize(
    "retail, rate, expected",
    [
        (39800, None, 39800),  # no level: retail
        (39800, 10000, 39800),
        (39800, 9500, 37810),
        (39900, 9500, 37905),
        (12345, 8800, 10864),  # 108.636 → 108.64
        (12345, 8850, 10925),  # 109.25325 → 109.25
        (1, 5000, 1),  # 0.005 → 0.01: half up
        (3, 5000, 2),  # 0.015 → 0.02
        (99999, 9999, 99989),  # 999.890001 → 999.89
    ],
)
def test_member_price_rounds_half_up_once(retail, rate, expected):
    assert member_price(retail, rate) == expected


def test_line_total_is_unit_price_times_quantity_without_rerounding():
    unit = member_price(12345, 8850)  # 109.25 after rounding the unit
    assert line_total(unit, 3) == 32775  # not round(123.45 × 0.885 × 3) = 327.76


@pytest.mark.parametrize("retail, rate, expected", [(39800, 7000, 27860), (10001, 7500, 7501), (10003, 7500, 7502)])
def test_dealer_price(retail, rate, expected):
    assert dealer_price(retail, rate) == expected


@pytest.mark.parametrize(
    "rate, parent, lowest_member, ok",
    [
        (7000, None, 9000, True),  # tier-1: only the member bound
        (9000, None, 9000, True),  # equal to the best member rate is allowed
        (9001, None, 9000, False),  # dearer than members: refused
        (7500, 7000, 9000, True),  # sub-dealer above its parent
        (7000, 7000, 9000, True),  # equal to the parent is allowed
        (6999, 7000, 9000, False),  # cheaper than its parent: refused
        (9500, 7000, 9000, False),  # dearer than the best member rate: refused
        (0, None, 9000, False),
        (10001, None, None, False),
        (8000, None, None, True),  # no member levels yet: only the range applies
    ],
)
def test_dealer_rate_rules(rate, parent, lowest_member, ok):
    if ok:
        assert check_dealer_rate(rate, parent, lowest_member) == rate
    else:
        with pytest.raises(ValidationFailed) as refused:
            check_dealer_rate(rate, parent, lowest_member)
        assert "discount_rate_bp" in refused.value.errors


def test_rate_messages_name_the_bound_people_understand():
    with pytest.raises(ValidationFailed) as refused:
        check_dealer_rate(6500, 7000, 9000)
    assert refused.value.error_code == "DEALER_RATE_BELOW_PARENT"
    assert "70%" in refused.value.errors["discount_rate_bp"][0]
    assert format_rate(9250) == "92.5%"
