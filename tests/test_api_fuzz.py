"""Schemathesis generates requests from our OpenAPI document; no input may produce a 500."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.factories import PASSWORD, make_admin

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _member_token(app) -> str:
    # A fresh login per case: a generated password change or logout must not blind the cases after it.
    response = app.test_client().post("/api/v1/auth/wechat-login", json={"code": "openid:o-fuzz"})
    return response.json["access_token"]


_admin_tokens: dict = {}


def _admin_token(app) -> str:
    # Logging in hashes a password (slow): reuse the token until a generated logout revokes it. It logs in from its
    # own address: the generated failed logins may have used up the fuzzer's IP allowance.
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.255.0.1"
    token = _admin_tokens.get(app)
    if token and client.get("/api/v1/admin/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200:
        return token
    response = client.post("/api/v1/admin/auth/login", json={"username": "fuzzadmin", "password": PASSWORD})
    if response.status_code != 200:
        make_admin(app, "fuzzadmin", is_super=True)
        response = client.post("/api/v1/admin/auth/login", json={"username": "fuzzadmin", "password": PASSWORD})
    _admin_tokens[app] = response.json["access_token"]
    return _admin_tokens[app]


def _fuzz(app, path_regex: str, token) -> int:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app).include(path_regex=path_regex)
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token(app)}"}, checks=[not_a_server_error])

        run()
        operations += 1
    return operations


def test_member_endpoints_never_answer_500(app):
    assert _fuzz(app, r"^/api/v1/(auth|me|invites|agreements|health)", _member_token) >= 20


def test_admin_endpoints_never_answer_500(app):
    assert _fuzz(app, r"^/api/v1/admin/", _admin_token) >= 20
