"""Bad request bodies are a clear 4xx, never a 500: deep JSON, broken JSON, bodies over the size limit."""

import io

import pytest

from tests.factories import admin_headers, assert_error, bearer, make_user, next_phone, user_login

MIB = 1024 * 1024


def _nested(depth: int) -> str:
    return '{"phone": ' + "[" * depth + "]" * depth + ', "password": "x"}'


def _member(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    return bearer(user_login(client, phone)["access_token"])


@pytest.mark.parametrize("depth", [40, 1_000, 100_000])
def test_deeply_nested_json_is_400_even_before_login(client, depth):
    response = client.post("/api/v1/auth/password-login", data=_nested(depth), content_type="application/json")
    assert assert_error(response, 400, "MALFORMED_JSON")["message"] == "请求体不是有效的 JSON 或嵌套过深"


def test_deeply_nested_json_is_400_on_a_logged_in_endpoint(app, client):
    body = '{"nickname": "阿蟹", "extra": ' + "[" * 5_000 + "]" * 5_000 + "}"
    response = client.patch("/api/v1/me", data=body, content_type="application/json", headers=_member(app, client))
    assert_error(response, 400, "MALFORMED_JSON")


def test_ordinary_nesting_still_works(app, client):
    body = '{"nickname": "阿蟹", "extra": ' + "[" * 20 + "]" * 20 + "}"
    response = client.patch("/api/v1/me", data=body, content_type="application/json", headers=_member(app, client))
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("body", ["not json", '{"phone": ', b'{"phone": "\xff"}'])
def test_broken_json_is_400(client, body):
    response = client.post("/api/v1/auth/sms-codes", data=body, content_type="application/json")
    assert_error(response, 400, "MALFORMED_JSON")


def test_a_json_body_over_the_limit_is_413(app, client):
    body = '{"nickname": "' + "蟹" * (MIB // 3 + 10) + '"}'
    response = client.patch("/api/v1/me", data=body, content_type="application/json", headers=_member(app, client))
    assert "1 MB" in assert_error(response, 413, "PAYLOAD_TOO_LARGE")["message"]


def _upload(client, url, size, headers):
    data = {"file": (io.BytesIO(b"\0" * size), "big.png")}
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def test_upload_endpoints_take_files_larger_than_a_json_body(app, client):
    member = _member(app, client)
    # Over the JSON limit but within each endpoint's own: the endpoint itself judges the file.
    assert_error(_upload(client, "/api/v1/me/avatar", int(1.5 * MIB), member), 422)
    assert_error(_upload(client, "/api/v1/me/uploads?purpose=review", 4 * MIB, member), 422)
    admin = admin_headers(app, client, permissions=["catalog.manage"])
    assert _upload(client, "/api/v1/admin/catalog/media", 30 * MIB, admin).status_code == 422


def test_uploads_far_over_their_limit_are_413(app, client):
    member = _member(app, client)
    assert_error(_upload(client, "/api/v1/me/avatar", 8 * MIB, member), 413, "PAYLOAD_TOO_LARGE")
    assert_error(_upload(client, "/api/v1/me/uploads?purpose=review", 12 * MIB, member), 413, "PAYLOAD_TOO_LARGE")
