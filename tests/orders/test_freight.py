"""Freight tables (spec 07): weight steps, volumetric weight, free threshold, remote regions, region precedence."""

import pytest
from crabsales.errors import AppError
from crabsales.orders.freight import line_chargeable_weight_g, price_for_weight, quote
from crabsales.orders.models import FreightRule, FreightTemplate


def template(free_threshold=None):
    return FreightTemplate(
        name="t",
        free_threshold=free_threshold,
        volumetric_divisor=6000,
        rules=[
            FreightRule(
                id=1,
                regions=["江苏省"],
                first_weight_g=1000,
                first_price=1200,
                additional_weight_g=1000,
                additional_price=500,
                is_remote=False,
            ),
            FreightRule(
                id=2,
                regions=["江苏省/苏州市"],
                first_weight_g=1000,
                first_price=800,
                additional_weight_g=1000,
                additional_price=300,
                is_remote=False,
            ),
            FreightRule(
                id=3,
                regions=["新疆维吾尔自治区"],
                first_weight_g=1000,
                first_price=3000,
                additional_weight_g=500,
                additional_price=1500,
                is_remote=True,
            ),
            FreightRule(
                id=4,
                regions=[],
                first_weight_g=1000,
                first_price=1800,
                additional_weight_g=1000,
                additional_price=800,
                is_remote=False,
            ),
        ],
    )


@pytest.mark.parametrize(
    "weight, expected",
    [(0, 1200), (1, 1200), (1000, 1200), (1001, 1700), (2000, 1700), (2001, 2200), (5500, 3700)],
)
def test_first_weight_then_started_steps(weight, expected):
    rule = template().rules[0]
    assert price_for_weight(rule, weight) == expected


@pytest.mark.parametrize(
    "province, city, rule_id",
    [("江苏省", "苏州市", 2), ("江苏省", "南京市", 1), ("新疆维吾尔自治区", "乌鲁木齐市", 3), ("广东省", "广州市", 4)],
)
def test_city_beats_province_beats_everywhere_else(province, city, rule_id):
    assert quote(template(), province, city, 1000, 0).rule_id == rule_id


@pytest.mark.parametrize(
    "weight_g, dims_mm, quantity, expected",
    [
        (2000, (400, 300, 200), 1, 4000),  # volumetric 40×30×20/6000 = 4 kg beats 2 kg
        (5000, (400, 300, 200), 1, 5000),  # actual beats volumetric
        (2000, (400, 300, 200), 3, 12000),  # per unit, times quantity
        (250, (None, None, None), 4, 1000),  # no dimensions: actual weight
        (None, (None, None, None), 2, 0),  # a card weighs nothing here
        (100, (101, 101, 101), 1, 172),  # 1030301 cm³/1000 /6000 kg = 0.1717 kg → 172 g, rounded up
    ],
)
def test_chargeable_weight(weight_g, dims_mm, quantity, expected):
    assert line_chargeable_weight_g(weight_g, dims_mm, quantity, 6000) == expected


@pytest.mark.parametrize(
    "province, goods, expected_amount, free",
    [("江苏省", 99999, 1200, False), ("江苏省", 100000, 0, True), ("新疆维吾尔自治区", 500000, 3000, False)],
)
def test_free_threshold_except_remote(province, goods, expected_amount, free):
    result = quote(template(free_threshold=100000), province, "", 1000, goods)
    assert (result.amount, result.is_free) == (expected_amount, free)


def test_no_rule_means_not_served():
    only_jiangsu = FreightTemplate(
        name="t",
        volumetric_divisor=6000,
        rules=[
            FreightRule(
                id=1,
                regions=["江苏省"],
                first_weight_g=1000,
                first_price=1200,
                additional_weight_g=1000,
                additional_price=500,
                is_remote=False,
            )
        ],
    )
    with pytest.raises(AppError) as refused:
        quote(only_jiangsu, "广东省", "广州市", 1000, 0)
    assert refused.value.error_code == "REGION_NOT_SERVED"


def test_template_console_rules(app, client):
    from tests.factories import admin_headers

    headers = admin_headers(app, client, permissions=["orders.view", "freight.manage"])
    overlap = {
        "name": "重叠",
        "rules": [
            {
                "regions": ["江苏省"],
                "first_weight_g": 1000,
                "first_price": 1,
                "additional_weight_g": 1000,
                "additional_price": 1,
            },
            {
                "regions": ["江苏省"],
                "first_weight_g": 1000,
                "first_price": 2,
                "additional_weight_g": 1000,
                "additional_price": 1,
            },
        ],
    }
    response = client.post("/api/v1/admin/freight-templates", json=overlap, headers=headers)
    assert response.status_code == 422 and "rules" in response.json["errors"]
    good = {"name": "默认", "is_default": True, "rules": [overlap["rules"][0]]}
    created = client.post("/api/v1/admin/freight-templates", json=good, headers=headers).json
    trial = client.get(
        f"/api/v1/admin/freight-templates/{created['id']}/quote?province=江苏省&weight_g=2500", headers=headers
    ).json
    assert trial["amount"] == 3
    assert client.delete(f"/api/v1/admin/freight-templates/{created['id']}", headers=headers).status_code == 409


def test_the_default_template_moves_only_by_choosing_another(app, client):
    from tests.factories import admin_headers, assert_error

    headers = admin_headers(app, client, permissions=["orders.view", "freight.manage"])
    rule = {"regions": [], "first_weight_g": 1000, "first_price": 1000}
    rule |= {"additional_weight_g": 1000, "additional_price": 500}
    first = client.post(
        "/api/v1/admin/freight-templates", json={"name": "甲", "is_default": True, "rules": [rule]}, headers=headers
    ).json
    switched_off = client.put(
        f"/api/v1/admin/freight-templates/{first['id']}",
        json={"name": "甲", "is_default": False, "rules": [rule]},
        headers=headers,
    )
    assert_error(switched_off, 422, "DEFAULT_TEMPLATE_REQUIRED")
    assert "is_default" in switched_off.json["errors"]
    second = client.post(
        "/api/v1/admin/freight-templates", json={"name": "乙", "is_default": True, "rules": [rule]}, headers=headers
    ).json
    templates = client.get("/api/v1/admin/freight-templates", headers=headers).json["items"]
    listed = {t["name"]: t["is_default"] for t in templates}
    assert listed == {"甲": False, "乙": True} and second["is_default"]
    renamed = client.put(
        f"/api/v1/admin/freight-templates/{first['id']}",
        json={"name": "甲2", "is_default": False, "rules": [rule]},
        headers=headers,
    )
    assert renamed.status_code == 200 and not renamed.json["is_default"]
