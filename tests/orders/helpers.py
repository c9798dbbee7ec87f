"""A shop ready to sell: catalog, a default freight template, a member with an address."""

from tests.catalog.helpers import small_catalog
from tests.factories import admin_headers, user_headers

ADDRESS = {
    "receiver_name": "王明",
    "receiver_phone": "13800000001",
    "province": "江苏省",
    "city": "苏州市",
    "district": "相城区",
    "detail": "阳澄湖镇湖滨路 1 号",
}
TEMPLATE = {
    "name": "顺丰冷链",
    "is_default": True,
    "free_threshold": 100000,
    "rules": [
        {
            "regions": ["江苏省", "浙江省", "上海市"],
            "first_weight_g": 1000,
            "first_price": 1200,
            "additional_weight_g": 1000,
            "additional_price": 500,
        },
        {
            "regions": ["新疆维吾尔自治区", "西藏自治区"],
            "first_weight_g": 1000,
            "first_price": 3000,
            "additional_weight_g": 500,
            "additional_price": 1500,
            "is_remote": True,
        },
        {
            "regions": [],
            "first_weight_g": 1000,
            "first_price": 1800,
            "additional_weight_g": 1000,
            "additional_price": 800,
        },
    ],
}


def open_shop(app, client):
    built = small_catalog(app, client)
    freight_admin = admin_headers(app, client, permissions=["orders.view", "freight.manage"])
    response = client.post("/api/v1/admin/freight-templates", json=TEMPLATE, headers=freight_admin)
    assert response.status_code == 201, response.json
    built["freight_admin"] = freight_admin
    built["template"] = response.json
    return built


def buyer(app, client, address=True):
    headers, user_id, phone = user_headers(app, client)
    if address:
        assert client.post("/api/v1/me/addresses", json=ADDRESS, headers=headers).status_code == 201
    return headers, user_id


def checkout(client, headers, **body):
    response = client.post("/api/v1/checkout", json=body, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def submit(client, headers, preview, **body):
    payload = {"submit_token": preview["submit_token"], "expected_pay_amount": preview["pay_amount"], **body}
    return client.post("/api/v1/orders", json=payload, headers=headers)


def buy_now(client, headers, item_id, quantity=1):
    preview = checkout(client, headers, item_id=item_id, quantity=quantity)
    return submit(client, headers, preview, item_id=item_id, quantity=quantity)
