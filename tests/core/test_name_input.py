"""Names and nicknames refuse control characters on input (422, field errors); the stored value does not change."""

import pytest
from crabsales.core.schemas import InputSchema, Name

from tests.factories import admin_headers, assert_error, bearer, get_user, make_user, next_phone, user_login
from tests.identity.test_addresses import ADDRESS

BAD = ["阿\u0001蟹", "阿\n蟹", "阿\t蟹", "阿\x7f蟹", "阿\x9b蟹"]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_name_field_in_every_input_schema_is_a_name(app):
    missing = [
        f"{schema.__name__}.{field}"
        for schema in _subclasses(InputSchema)
        if schema.__name__ != "AdminLoginSchema"  # a login only looks the account up
        for field, obj in schema._declared_fields.items()
        if (field.endswith("name") or field in ("nickname", "bank_holder")) and not isinstance(obj, Name)
    ]
    assert missing == []


def _refused(response, field):
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["errors"][field] == ["不能包含换行、制表符等控制字符"]


@pytest.mark.parametrize("value", BAD)
def test_profile_refuses_control_characters(app, client, value):
    phone = next_phone()
    user_id = make_user(app, phone=phone, nickname="阿蟹")
    headers = bearer(user_login(client, phone)["access_token"])
    _refused(client.patch("/api/v1/me", json={"nickname": value}, headers=headers), "nickname")
    _refused(client.patch("/api/v1/me", json={"real_name": value}, headers=headers), "real_name")
    assert get_user(app, user_id).nickname == "阿蟹"


def test_member_side_names_refuse_control_characters(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    bad = {**ADDRESS, "receiver_name": "王\u0001明"}
    _refused(client.post("/api/v1/me/addresses", json=bad, headers=headers), "receiver_name")
    assert client.get("/api/v1/me/addresses", headers=headers).json["items"] == []
    wechat = client.post("/api/v1/auth/wechat-login", json={"code": "openid:o-ctl", "nickname": "阿\u0001蟹"})
    _refused(wechat, "nickname")


def test_console_names_refuse_control_characters(app, client):
    headers = admin_headers(app, client, is_super=True)
    member = make_user(app)
    _refused(client.put(f"/api/v1/admin/members/{member}", json={"nickname": "\u0001"}, headers=headers), "nickname")
    dealer = {"name": "蟹\u0001行", "phone": next_phone(), "tier": 1, "discount_rate_bp": 7000, "kind": "city_partner"}
    _refused(client.post("/api/v1/admin/dealers", json=dealer, headers=headers), "name")
    admin = {"username": "ctl01", "name": "管\u0001理", "password": "Initial123"}
    _refused(client.post("/api/v1/admin/accounts", json=admin, headers=headers), "name")
    sales = {"phone": next_phone(), "name": "销\u0001售", "password": "Initial123"}
    _refused(client.post("/api/v1/admin/salespeople", json=sales, headers=headers), "name")


def test_ordinary_names_are_accepted(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    response = client.patch("/api/v1/me", json={"nickname": "Crab·阿蟹 🦀", "real_name": "O'Neil-王"}, headers=headers)
    assert response.status_code == 200, response.json
