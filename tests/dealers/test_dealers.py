"""Dealer tree rules, dealer prices, accounts and finance actions, withdrawals (spec 04)."""

import threading
import uuid

import pytest
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.ledgers.services import Leg, post, verify
from crabsales.members.models import MemberLevel

from tests.factories import admin_headers, assert_error, bearer, next_phone, user_login

DEALERS = "/api/v1/admin/dealers"


def setup_levels(app):
    with app.app_context():
        db.session.add_all(
            [
                MemberLevel(name="普通", discount_rate_bp=10000, sort_order=0, is_default=True),
                MemberLevel(name="钻石", discount_rate_bp=9000, sort_order=1),
            ]
        )
        commit()


def admin(app, client):
    return admin_headers(
        app, client, permissions=["dealers.view", "dealers.manage", "finance.manage", "members.manage", "members.view"]
    )


def create(client, headers, tier, rate, parent_id=None, **extra):
    body = {
        "name": f"渠道商{uuid.uuid4().hex[:4]}",
        "phone": next_phone(),
        "tier": tier,
        "discount_rate_bp": rate,
        "kind": "flagship_store" if tier == 1 else None,
        "parent_id": parent_id,
        **extra,
    }
    return client.post(DEALERS, json=body, headers=headers)


def tree(app, client):
    setup_levels(app)
    headers = admin(app, client)
    t1 = create(client, headers, 1, 7000).json
    t2 = create(client, headers, 2, 7500, t1["id"]).json
    t3 = create(client, headers, 3, 8000, t2["id"]).json
    return headers, t1, t2, t3


def key():
    return {"Idempotency-Key": uuid.uuid4().hex}


@pytest.mark.parametrize(
    "tier, rate, parent, field",
    [
        (2, 7500, None, "parent_id"),  # tier-2 needs a parent
        (1, 7000, "t1", "parent_id"),  # tier-1 has none
        (2, 7500, "t2", "parent_id"),  # tier-2 hangs under a tier-1 only
        (3, 8000, "t3", "parent_id"),  # tier-3 has no subordinates
        (2, 6900, "t1", "discount_rate_bp"),  # cheaper than its parent
        (2, 9100, "t1", "discount_rate_bp"),  # dearer than the best member rate
        (1, 7000, None, "kind"),  # tier-1 without a kind
    ],
)
def test_tree_rules(app, client, tier, rate, parent, field):
    headers, t1, t2, t3 = tree(app, client)
    parent_id = {"t1": t1["id"], "t2": t2["id"], "t3": t3["id"]}.get(parent)
    extra = {"kind": None} if field == "kind" else {}
    response = create(client, headers, tier, rate, parent_id, **extra)
    assert field in assert_error(response, 422)["errors"]


def test_tree_and_accounts(app, client):
    headers, t1, t2, t3 = tree(app, client)
    assert (t2["root_id"], t3["root_id"]) == (t1["id"], t1["id"])
    network = client.get(f"{DEALERS}/{t1['id']}/network", headers=headers).json
    assert network == {"tier2": 1, "tier3": 1, "members": 0, "staff": 0}
    accounts = client.get(f"{DEALERS}/{t1['id']}/accounts", headers=headers).json
    assert accounts["stored_value"] == 0 and accounts["credit_available"] == 0 and accounts["withdrawable"] == 0
    assert "stored_value" not in client.get(f"{DEALERS}/{t3['id']}/accounts", headers=headers).json


def test_rate_changes_keep_the_subtree_valid(app, client):
    headers, t1, t2, t3 = tree(app, client)
    above_child = client.put(f"{DEALERS}/{t2['id']}", json={"discount_rate_bp": 8100}, headers=headers)
    assert_error(above_child, 422, "DEALER_RATE_ABOVE_CHILDREN")
    below_parent = client.put(f"{DEALERS}/{t2['id']}", json={"discount_rate_bp": 6500}, headers=headers)
    assert_error(below_parent, 422, "DEALER_RATE_BELOW_PARENT")
    assert client.put(f"{DEALERS}/{t2['id']}", json={"discount_rate_bp": 7800}, headers=headers).status_code == 200


def test_moving_a_dealer_checks_every_rule(app, client):
    headers, t1, t2, t3 = tree(app, client)
    other = create(client, headers, 1, 7800).json
    moved = client.post(
        f"{DEALERS}/{t3['id']}/move", json={"parent_id": other["id"], "reason": "区域调整"}, headers=headers
    )
    assert moved.status_code == 200 and moved.json["root_id"] == other["id"]
    dearer_parent = create(client, headers, 1, 8900).json  # would make t3 (80%) cheaper than its parent
    refused = client.post(
        f"{DEALERS}/{t3['id']}/move", json={"parent_id": dearer_parent["id"], "reason": "x"}, headers=headers
    )
    assert_error(refused, 422, "DEALER_RATE_BELOW_PARENT")


def test_dealer_workspace_prices_and_member_owner_checks(app, client):
    from tests.catalog.helpers import small_catalog

    headers, t1, _, _ = tree(app, client)
    built = small_catalog(app, client)
    with app.app_context():
        from crabsales.dealers.models import Dealer

        phone = db.session.get(Dealer, t1["id"]).phone
        from crabsales.identity.models import User
        from crabsales.identity.passwords import hash_password

        user = db.session.execute(db.select(User).where(User.phone == phone)).scalar_one()
        user.password_hash = hash_password("Passw0rd!x")
        commit()
    token = user_login(client, phone)["access_token"]
    items = client.get("/api/v1/me/workspaces", headers=bearer(token)).json["items"]
    assert any(i["workspace"] == f"dealer:{t1['id']}" for i in items)
    switched = client.post(
        "/api/v1/auth/workspace", json={"workspace": f"dealer:{t1['id']}"}, headers=bearer(token)
    ).json
    price = client.get(
        f"/api/v1/storefront/items/{built['package']['id']}", headers=bearer(switched["access_token"])
    ).json["price"]
    assert price == 41860  # 598.00 × 70%
    member = client.post("/api/v1/auth/sms-codes", json={"phone": next_phone(), "purpose": "login"})
    assert member.status_code == 201
    missing = client.put(
        "/api/v1/admin/members/1/owner", json={"owner_dealer_id": 999999, "reason": "x"}, headers=headers
    )
    assert missing.status_code in (404, 422)


def test_finance_actions_are_ledger_entries(app, client):
    headers, t1, t2, _ = tree(app, client)
    url = f"{DEALERS}/{t1['id']}"
    assert (
        client.post(
            f"{url}/top-ups", json={"amount": 500000, "reference": "BANK-1"}, headers={**headers, **key()}
        ).status_code
        == 201
    )
    client.put(f"{url}/credit-limit", json={"credit_limit": 200000, "note": "季节授信"}, headers=headers)
    client.post(f"{url}/adjustments", json={"amount": -1000, "reason": "手续费"}, headers={**headers, **key()})
    refused = client.post(
        f"{url}/adjustments", json={"amount": -(10**9), "reason": "错误"}, headers={**headers, **key()}
    )
    assert_error(refused, 409, "INSUFFICIENT_FUNDS")
    accounts = client.get(f"{url}/accounts", headers=headers).json
    assert (accounts["stored_value"], accounts["credit_limit"], accounts["credit_available"]) == (
        499000,
        200000,
        200000,
    )
    entries = client.get(f"{url}/entries?account=stored_value", headers=headers).json["items"]
    assert [(e["kind"], e["amount"], e["balance_after"]) for e in entries] == [
        ("adjustment", -1000, 499000),
        ("top_up", 500000, 500000),
    ]
    # A tier-2's stored value is its tier-1's.
    assert client.get(f"{DEALERS}/{t2['id']}/entries?account=stored_value", headers=headers).json["total"] == 2
    with app.app_context():
        assert verify() == []


def _earn(app, dealer_id, amount):
    from crabsales.dealers.services import dealer_account

    with app.app_context():
        post([Leg(dealer_account(dealer_id, "earnings_withdrawable").id, amount, "earning")])
        commit()


def _dealer_token(app, client, dealer_id):
    from crabsales.dealers.models import Dealer
    from crabsales.identity.models import User
    from crabsales.identity.passwords import hash_password

    with app.app_context():
        dealer = db.session.get(Dealer, dealer_id)
        user = db.session.get(User, dealer.owner_user_id)
        user.password_hash = hash_password("Passw0rd!x")
        phone = user.phone
        commit()
    token = user_login(client, phone)["access_token"]
    return bearer(
        client.post("/api/v1/auth/workspace", json={"workspace": f"dealer:{dealer_id}"}, headers=bearer(token)).json[
            "access_token"
        ]
    )


BANK = {
    "bank_holder": "张三",
    "bank_name": "工商银行苏州分行",
    "bank_account": "6222020200112233445",
    "invoice_no": "FP2026001",
}


def test_withdrawal_paid_and_rejected(app, client):
    headers, t1, _, _ = tree(app, client)
    _earn(app, t1["id"], 100000)
    dealer = _dealer_token(app, client, t1["id"])
    too_much = client.post("/api/v1/dealer/withdrawals", json={**BANK, "amount": 100001}, headers={**dealer, **key()})
    assert_error(too_much, 409, "INSUFFICIENT_FUNDS")
    first = client.post("/api/v1/dealer/withdrawals", json={**BANK, "amount": 60000}, headers={**dealer, **key()})
    assert first.status_code == 201 and first.json["bank_account"] == "****3445"
    mine = client.get("/api/v1/dealer/accounts", headers=dealer).json
    assert (mine["withdrawable"], mine["withdrawing"]) == (40000, 60000)
    paid = client.post(
        f"/api/v1/admin/withdrawals/{first.json['id']}/decision",
        json={"paid": True, "reference": "BANK-OUT-1"},
        headers={**headers, **key()},
    )
    assert paid.json["status"] == "paid"
    assert_error(
        client.post(
            f"/api/v1/admin/withdrawals/{first.json['id']}/decision", json={"paid": False}, headers={**headers, **key()}
        ),
        409,
        "WITHDRAWAL_DECIDED",
    )
    second = client.post("/api/v1/dealer/withdrawals", json={**BANK, "amount": 40000}, headers={**dealer, **key()})
    client.post(
        f"/api/v1/admin/withdrawals/{second.json['id']}/decision",
        json={"paid": False, "reason": "发票不符"},
        headers={**headers, **key()},
    )
    final = client.get("/api/v1/dealer/accounts", headers=dealer).json
    assert (final["withdrawable"], final["withdrawing"], final["withdrawn"]) == (40000, 0, 60000)
    with app.app_context():
        assert verify() == []


def test_a_retried_withdrawal_with_the_same_key_acts_once(app, client):
    headers, t1, _, _ = tree(app, client)
    _earn(app, t1["id"], 100000)
    dealer = _dealer_token(app, client, t1["id"])
    same = {**dealer, "Idempotency-Key": "withdraw-retry-1"}
    first = client.post("/api/v1/dealer/withdrawals", json={**BANK, "amount": 30000}, headers=same)
    again = client.post("/api/v1/dealer/withdrawals", json={**BANK, "amount": 30000}, headers=same)
    assert again.json["id"] == first.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["withdrawable"] == 70000


def test_closing_is_refused_while_money_or_subordinates_remain(app, client):
    headers, t1, t2, t3 = tree(app, client)
    assert_error(
        client.post(f"{DEALERS}/{t1['id']}/close", json={"reason": "x"}, headers=headers),
        409,
        "DEALER_HAS_SUBORDINATES",
    )
    _earn(app, t3["id"], 100)
    assert_error(
        client.post(f"{DEALERS}/{t3['id']}/close", json={"reason": "x"}, headers=headers), 409, "DEALER_HAS_BALANCES"
    )
    closed = client.post(f"{DEALERS}/{t2['id']}/close", json={"reason": "x"}, headers=headers)
    assert closed.status_code == 409  # t3 below is still active


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_withdrawals_never_exceed_withdrawable(app, client):
    headers, t1, _, _ = tree(app, client)
    _earn(app, t1["id"], 100000)
    dealer = _dealer_token(app, client, t1["id"])
    barrier, codes = threading.Barrier(12), []

    def attempt(index):
        local = app.test_client()
        barrier.wait()
        codes.append(
            local.post(
                "/api/v1/dealer/withdrawals",
                json={**BANK, "amount": 30000},
                headers={**dealer, "Idempotency-Key": f"w-{index}-{uuid.uuid4().hex}"},
            ).status_code
        )

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(201) == 3 and codes.count(409) == 9
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["withdrawable"] == 10000
    with app.app_context():
        assert verify() == []


@pytest.mark.postgres
@pytest.mark.concurrency
def test_two_admins_changing_rates_concurrently_leave_a_valid_tree(app, client):
    headers, t1, t2, t3 = tree(app, client)
    barrier, codes = threading.Barrier(2), []

    def change(which):
        local = app.test_client()
        barrier.wait()
        if which == 0:  # raise the parent to 7900 (still ≤ its child's 8000)
            codes.append(local.put(f"{DEALERS}/{t2['id']}", json={"discount_rate_bp": 7900}, headers=headers))
        else:  # lower the child to 7600 (still ≥ its parent's 7500)
            codes.append(local.put(f"{DEALERS}/{t3['id']}", json={"discount_rate_bp": 7600}, headers=headers))

    threads = [threading.Thread(target=change, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parent = client.get(f"{DEALERS}/{t2['id']}", headers=headers).json["discount_rate_bp"]
    child = client.get(f"{DEALERS}/{t3['id']}", headers=headers).json["discount_rate_bp"]
    assert parent <= child, (parent, child, [c.status_code for c in codes])


def test_an_adjustment_of_zero_is_refused(app, client):
    headers, t1, _, _ = tree(app, client)
    url = f"{DEALERS}/{t1['id']}"
    response = client.post(f"{url}/adjustments", json={"amount": 0, "reason": "无"}, headers={**headers, **key()})
    body = assert_error(response, 422, "ADJUSTMENT_AMOUNT_ZERO")
    assert body["errors"] == {"amount": ["调账金额不能为 0"]}
    assert client.get(f"{url}/entries?account=stored_value", headers=headers).json["total"] == 0
