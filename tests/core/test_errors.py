"""Every error, whatever raises it, has one JSON shape with a Chinese message."""

from datetime import timedelta

from flask_jwt_extended import create_access_token

from tests.factories import admin_headers, assert_error, bearer, make_user


def test_unknown_url_is_404_in_our_shape(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "NOT_FOUND")


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/api/v1/auth/sms-codes")
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["Allow"]


def test_field_validation_is_422_with_field_errors(client):
    body = assert_error(client.post("/api/v1/auth/sms-codes", json={"phone": "123"}), 422, "VALIDATION_ERROR")
    assert body["errors"]["phone"] == ["请输入正确的 11 位手机号"]
    assert body["errors"]["purpose"] == ["此项为必填项"]


def test_body_that_is_not_json_is_a_clear_4xx(client):
    response = client.post("/api/v1/auth/sms-codes", data="not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_json_array_instead_of_object(client):
    assert_error(client.post("/api/v1/auth/sms-login", json=[1, 2]), 422)


def test_missing_token_is_401(client):
    assert_error(client.get("/api/v1/me"), 401, "UNAUTHORIZED")


def test_garbage_token_is_401(client):
    assert_error(client.get("/api/v1/me", headers=bearer("not-a-jwt")), 401, "TOKEN_INVALID")


def test_expired_token_is_401_token_expired(app, client):
    user_id = make_user(app)
    with app.app_context():
        token = create_access_token(
            str(user_id),
            additional_claims={"kind": "user", "ws": "member", "tv": 1},
            expires_delta=timedelta(seconds=-10),
        )
    assert_error(client.get("/api/v1/me", headers=bearer(token)), 401, "TOKEN_EXPIRED")


def test_user_token_on_admin_endpoint_is_refused(app, client):
    from tests.factories import user_headers

    headers, _, _ = user_headers(app, client)
    assert_error(client.get("/api/v1/admin/me", headers=headers), 403, "WRONG_ACCOUNT_KIND")


def test_admin_token_on_member_endpoint_is_refused(app, client):
    assert_error(client.get("/api/v1/me", headers=admin_headers(app, client, is_super=True)), 403, "WRONG_ACCOUNT_KIND")


def test_unknown_sort_field_is_422(app, client):
    headers = admin_headers(app, client, is_super=True)
    body = assert_error(client.get("/api/v1/admin/accounts?sort=password_hash", headers=headers), 422)
    assert "sort" in body["errors"]


def test_page_size_over_the_limit_is_422(app, client):
    headers = admin_headers(app, client, is_super=True)
    assert_error(client.get("/api/v1/admin/accounts?page_size=1000", headers=headers), 422)
