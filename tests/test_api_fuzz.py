"""Schemathesis generates requests for every operation of our OpenAPI document, as the caller each path is for (and
anonymously where no login is needed). No input may produce a 500, and every answer, errors included, must match the
status codes, content types and schemas the document gives for it.

The demo data is loaded first, so the generated calls meet a real catalog, dealers, staff, ledgers and B2B orders.
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import PASSWORD, bearer, make_admin
from tests.orders.helpers import ADDRESS

# Small and deterministic: the whole document (about 250 operations, some of them twice) stays within a few minutes.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "6"))  # more for a deeper run by hand
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

DEMO_DEALER = ("13700001001", "Dealer@123")  # the flagship store's owner
DEMO_STAFF = ("13700002001", "Dealer@123")  # an operator of the flagship store

ADMIN = r"^/api/v1/admin/"
DEALER = r"^/api/v1/dealer/"
STAFF = r"^/api/v1/staff/"
# Everything else is the member's (the mini-program's default workspace).
MEMBER = r"^/api/v1/(?!admin/|dealer/|staff/)"
# What answers without a login: the storefront, shared invites, agreements, logins, the payment notifications.
ANONYMOUS = (
    r"^/api/v1/(storefront/|agreements/|health|invites/\{token\}(/qrcode)?$|dealer-invites/\{token\}(/qrcode)?$"
    r"|auth/(wechat-login|sms-codes|sms-login|password-login|password-reset)$|payments/wechat/)"
)


@pytest.fixture
def demo(app):
    from crabsales.seed import load_demo

    with app.app_context():
        load_demo()


class Caller:
    """A token for one caller, checked before every case: a generated logout, password change or workspace switch
    must not blind the cases after it (logging in hashes a password: slow, so only when needed)."""

    def __init__(self, app, login, probe: str):
        self.app, self.login, self.probe, self.token = app, login, probe, None

    def headers(self) -> dict:
        client = self.app.test_client()
        # Its own address: the generated failed logins may have used up the fuzzer's IP allowance for logins.
        client.environ_base["REMOTE_ADDR"] = "10.255.0.1"
        if self.token is None or client.get(self.probe, headers=bearer(self.token)).status_code != 200:
            self.token = self.login(client)
        return bearer(self.token)


def _member(client) -> str:
    response = client.post("/api/v1/auth/wechat-login", json={"code": "openid:o-fuzz"})
    return response.json["access_token"]


def _admin(app):
    def login(client) -> str:
        response = client.post("/api/v1/admin/auth/login", json={"username": "fuzzadmin", "password": PASSWORD})
        if response.status_code != 200:
            make_admin(app, "fuzzadmin", is_super=True)
            response = client.post("/api/v1/admin/auth/login", json={"username": "fuzzadmin", "password": PASSWORD})
        return response.json["access_token"]

    return login


def _workspace(phone: str, password: str, prefix: str):
    def login(client) -> str:
        response = client.post("/api/v1/auth/password-login", json={"phone": phone, "password": password})
        assert response.status_code == 200, response.json
        token = response.json["access_token"]
        items = client.get("/api/v1/me/workspaces", headers=bearer(token)).json["items"]
        workspace = next(i["workspace"] for i in items if i["workspace"].startswith(prefix))
        switched = client.post("/api/v1/auth/workspace", json={"workspace": workspace}, headers=bearer(token))
        assert switched.status_code == 200, switched.json
        return switched.json["access_token"]

    return login


def _summary(error: BaseException) -> str:
    """The failed checks of one operation, each cut to its first lines (schemathesis's full report is long)."""
    errors = getattr(error, "exceptions", None) or [error]
    return "\n".join("  " + "\n  ".join(str(e).splitlines()[:3]) for e in errors)


def _fuzz(app, path_regex: str, headers) -> int:
    """Fuzz every matching operation; report every operation that broke its contract, not only the first."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app).include(path_regex=path_regex)
    operations, broken = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case):
            case.call_and_validate(headers=headers(), checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis's FailureGroup is a BaseExceptionGroup
            broken.append(f"{operation.label}: {_summary(error)}")
        operations += 1
    assert not broken, "\n\n".join(broken)
    return operations


def test_every_operation_is_fuzzed_by_one_caller(app):
    paths = app.test_client().get("/api/openapi.json").json["paths"]
    for path in paths:
        callers = [name for name, regex in (("admin", ADMIN), ("dealer", DEALER), ("staff", STAFF), ("member", MEMBER))
                   if re.search(regex, path)]
        assert len(callers) == 1, (path, callers)


def test_member_operations_keep_their_contract(app, demo):
    assert _fuzz(app, MEMBER, Caller(app, _member, "/api/v1/me").headers) >= 70


def test_dealer_operations_keep_their_contract(app, demo):
    caller = Caller(app, _workspace(*DEMO_DEALER, "dealer:"), "/api/v1/dealer/me")
    assert _fuzz(app, DEALER, caller.headers) >= 30


def test_staff_operations_keep_their_contract(app, demo):
    caller = Caller(app, _workspace(*DEMO_STAFF, "staff:"), "/api/v1/staff/me")
    assert _fuzz(app, STAFF, caller.headers) >= 5


def test_admin_operations_keep_their_contract(app, demo):
    assert _fuzz(app, ADMIN, Caller(app, _admin(app), "/api/v1/admin/me").headers) >= 130


def test_anonymous_calls_keep_their_contract(app, demo):
    assert _fuzz(app, ANONYMOUS, dict) >= 15


# ---- answers the fuzzer rarely meets, checked against the document directly ---------------------------------------


def _conforms(app, path: str, method: str, response) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    schema[path][method].validate_response(response)


def test_address_coordinates_are_numbers_with_their_six_decimals(app, client):
    headers = bearer(_member(client))
    address = {**ADDRESS, "latitude": "31.412345", "longitude": 120.765432}
    response = client.post("/api/v1/me/addresses", json=address, headers=headers)
    assert response.status_code == 201, response.json
    assert (response.json["latitude"], response.json["longitude"]) == (31.412345, 120.765432)
    _conforms(app, "/api/v1/me/addresses", "POST", response)
    listed = client.get("/api/v1/me/addresses", headers=headers)
    _conforms(app, "/api/v1/me/addresses", "GET", listed)
    assert listed.json["items"][0]["latitude"] == 31.412345


def test_a_dealer_member_without_a_phone_conforms_in_the_console(app, client, demo):
    from crabsales.core.uow import commit
    from crabsales.dealers.models import Dealer
    from crabsales.extensions import db
    from crabsales.identity.models import User

    member_id = client.post("/api/v1/auth/wechat-login", json={"code": "openid:o-no-phone"}).json["user"]["id"]
    with app.app_context():
        dealer = db.session.execute(db.select(Dealer).where(Dealer.phone == DEMO_DEALER[0])).scalar_one()
        dealer_id = dealer.id
        db.session.get(User, member_id).owner_dealer_id = dealer_id
        commit()
    headers = Caller(app, _admin(app), "/api/v1/admin/me").headers()
    response = client.get(f"/api/v1/admin/dealers/{dealer_id}/members", headers=headers)
    assert response.status_code == 200, response.json
    assert None in [row["phone"] for row in response.json["items"]]
    _conforms(app, "/api/v1/admin/dealers/{dealer_id}/members", "GET", response)


def test_error_answers_with_their_extra_fields_conform(app, client, demo):
    dealer = Caller(app, _workspace(*DEMO_DEALER, "dealer:"), "/api/v1/dealer/me").headers()
    short = client.post(
        "/api/v1/dealer/withdrawals",
        json={"amount": 10**9, "bank_name": "工商银行", "bank_account": "6222000011112222", "bank_holder": "王明"},
        headers={**dealer, "Idempotency-Key": "fuzz-contract-0001"},
    )
    assert (short.status_code, short.json.get("account_kind")) == (409, "earnings_withdrawable"), short.json
    _conforms(app, "/api/v1/dealer/withdrawals", "POST", short)

    member = bearer(_member(client))
    client.post(
        "/api/v1/me/addresses",
        json={"receiver_name": "王明", "receiver_phone": "13800000001", "province": "江苏省", "city": "苏州市",
              "district": "相城区", "detail": "阳澄湖镇湖滨路 1 号"},
        headers=member,
    )
    item_id = client.get("/api/v1/storefront/items?kind=package").json["items"][0]["id"]
    preview = client.post("/api/v1/checkout", json={"item_id": item_id}, headers=member).json
    changed = client.post(
        "/api/v1/orders",
        json={"submit_token": preview["submit_token"], "expected_pay_amount": preview["pay_amount"] + 1},
        headers=member,
    )
    assert (changed.status_code, changed.json["error_code"]) == (409, "PRICE_CHANGED"), changed.json
    assert changed.json["pay_amount"] == preview["pay_amount"]
    _conforms(app, "/api/v1/orders", "POST", changed)
    mismatch = client.post(
        "/api/v1/orders",
        json={"submit_token": preview["submit_token"], "expected_pay_amount": preview["pay_amount"], "item_id": 999},
        headers=member,
    )
    assert (mismatch.status_code, mismatch.json["error_code"]) == (422, "SUBMIT_TOKEN_MISMATCH"), mismatch.json
    _conforms(app, "/api/v1/orders", "POST", mismatch)

    admin = Caller(app, _admin(app), "/api/v1/admin/me").headers()
    denied = client.get("/api/v1/admin/orders", headers={**admin, "Authorization": "Bearer not-a-token"})
    assert denied.status_code == 401
    _conforms(app, "/api/v1/admin/orders", "GET", denied)
