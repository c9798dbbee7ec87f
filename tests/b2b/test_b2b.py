"""B2B ordering of flagship stores: tier-1 prices, cart, stored-value payment through the ledger, offline transfer
confirmed by finance, cancellation returning stock and money exactly once, and no oversell or double charge under
concurrency (spec 04)."""

import threading
import uuid

import pytest
from crabsales.extensions import db
from crabsales.ledgers.services import verify

from tests.catalog.helpers import small_catalog
from tests.dealers.test_dealers import DEALERS, _dealer_token, create, key, tree
from tests.factories import assert_error

B2B = "/api/v1/dealer/b2b"
ADDRESS = {
    "receiver_name": "店长",
    "receiver_phone": "13912345678",
    "province": "江苏省",
    "city": "苏州市",
    "district": "姑苏区",
    "address_detail": "观前街 8 号",
}


def shop(app, client):
    """A flagship store (rate 70 %) with its token, the console headers and an on-shelf package (598.00, 50 units)."""
    headers, t1, t2, _ = tree(app, client)
    catalog = small_catalog(app, client)
    return headers, t1, t2, _dealer_token(app, client, t1["id"]), catalog["package"]


def stock(app, item_id):
    from crabsales.catalog.models import CatalogItem

    with app.app_context():
        return db.session.get(CatalogItem, item_id).stock


def top_up(client, headers, dealer_id, amount):
    response = client.post(
        f"{DEALERS}/{dealer_id}/top-ups",
        json={"amount": amount, "reference": uuid.uuid4().hex[:12]},
        headers={**headers, **key()},
    )
    assert response.status_code == 201, response.json


def order(client, dealer, item_id, quantity=2, **extra):
    return client.post(
        f"{B2B}/orders",
        json={"lines": [{"item_id": item_id, "quantity": quantity}], **ADDRESS, **extra},
        headers={**dealer, **key()},
    )


def test_items_cart_and_order_at_the_tier1_price(app, client):
    _, _, _, dealer, package = shop(app, client)
    items = client.get(f"{B2B}/items", headers=dealer).json["items"]
    listed = next(i for i in items if i["id"] == package["id"])
    assert (listed["retail_price"], listed["unit_price"]) == (59800, 41860)  # 70 % of 598.00
    cart = client.post(f"{B2B}/cart", json={"item_id": package["id"], "quantity": 3}, headers=dealer).json
    cart = client.post(f"{B2B}/cart", json={"item_id": package["id"], "quantity": 2}, headers=dealer).json
    assert cart["lines"][0]["quantity"] == 5 and cart["total"] == 5 * 41860
    line_id = cart["lines"][0]["id"]
    assert client.put(f"{B2B}/cart/{line_id}", json={"quantity": 4}, headers=dealer).json["total"] == 4 * 41860
    assert_error(client.put(f"{B2B}/cart/{line_id}", json={"quantity": 0}, headers=dealer), 422)
    created = client.post(f"{B2B}/orders", json={"from_cart": True, **ADDRESS}, headers={**dealer, **key()})
    assert created.status_code == 201, created.json
    assert created.json["goods_amount"] == 4 * 41860 and created.json["status"] == "pending_payment"
    assert created.json["allowed_actions"] == ["cancel", "pay", "report_transfer"]
    assert client.get(f"{B2B}/cart", headers=dealer).json["lines"] == []  # ordered lines leave the cart
    assert stock(app, package["id"]) == 46
    assert_error(client.post(f"{B2B}/orders", json={"from_cart": True, **ADDRESS}, headers={**dealer, **key()}), 422)


def test_only_flagship_stores_order(app, client):
    headers, _, t2, _, package = shop(app, client)
    partner = create(client, headers, 1, 7000, kind="city_partner").json
    for dealer_id in (partner["id"], t2["id"]):
        token = _dealer_token(app, client, dealer_id)
        assert_error(client.get(f"{B2B}/items", headers=token), 409, "B2B_FLAGSHIP_ONLY")
        assert_error(order(client, token, package["id"]), 409, "B2B_FLAGSHIP_ONLY")


def test_stored_value_payment_is_one_ledger_entry_or_nothing(app, client):
    headers, t1, _, dealer, package = shop(app, client)
    created = order(client, dealer, package["id"]).json  # 2 × 418.60 = 837.20
    pay = f"{B2B}/orders/{created['id']}/pay"
    top_up(client, headers, t1["id"], 80000)
    short = client.post(pay, headers={**dealer, **key()})
    assert_error(short, 409, "INSUFFICIENT_FUNDS")
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["stored_value"] == 80000
    top_up(client, headers, t1["id"], 10000)
    same = {**dealer, "Idempotency-Key": "b2b-pay-retry-1"}
    paid = client.post(pay, headers=same)
    assert paid.status_code == 200 and paid.json["status"] == "pending_shipment"
    assert client.post(pay, headers=same).json["status"] == "pending_shipment"  # replayed, not charged again
    assert_error(client.post(pay, headers={**dealer, **key()}), 409, "B2B_ORDER_STATE_CONFLICT")
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["stored_value"] == 90000 - 83720
    entries = client.get("/api/v1/dealer/entries?account=stored_value", headers=dealer).json["items"]
    assert entries[0]["kind"] == "b2b_order" and entries[0]["amount"] == -83720
    # the dealer cannot cancel a paid order; the platform can, and the money and stock come back once
    assert_error(
        client.post(f"{B2B}/orders/{created['id']}/cancel", json={"reason": "不要了"}, headers=dealer),
        409,
        "B2B_ORDER_STATE_CONFLICT",
    )
    cancel = f"/api/v1/admin/b2b-orders/{created['id']}/cancel"
    cancelled = client.post(cancel, json={"reason": "缺货改期"}, headers={**headers, **key()})
    assert cancelled.json["status"] == "cancelled"
    assert_error(client.post(cancel, json={"reason": "again"}, headers={**headers, **key()}), 409)
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["stored_value"] == 90000
    assert stock(app, package["id"]) == 50
    timeline = client.get(f"{B2B}/orders/{created['id']}", headers=dealer).json["events"]
    assert [e["action"] for e in timeline] == ["create", "pay", "cancel"]
    with app.app_context():
        assert verify() == []


def test_offline_transfer_confirmed_or_rejected_by_finance(app, client):
    headers, _, _, dealer, package = shop(app, client)
    created = order(client, dealer, package["id"], quantity=1).json
    transfer = f"{B2B}/orders/{created['id']}/transfer"
    decision = f"/api/v1/admin/b2b-orders/{created['id']}/transfer-decision"
    reported = client.post(transfer, json={"reference": "BANK-778"}, headers={**dealer, **key()})
    assert reported.json["status"] == "pending_confirmation" and reported.json["pay_method"] == "offline_transfer"
    console = client.get(f"/api/v1/admin/b2b-orders/{created['id']}", headers=headers).json
    assert console["admin_actions"] == ["cancel", "confirm_transfer", "reject_transfer"]
    assert_error(client.post(decision, json={"approve": False}, headers={**headers, **key()}), 422)
    rejected = client.post(decision, json={"approve": False, "reason": "未到账"}, headers={**headers, **key()})
    assert rejected.json["status"] == "pending_payment"
    client.post(transfer, json={"reference": "BANK-779"}, headers={**dealer, **key()})
    confirmed = client.post(decision, json={"approve": True}, headers={**headers, **key()})
    assert confirmed.json["status"] == "pending_shipment" and confirmed.json["paid_at"]
    assert_error(client.post(decision, json={"approve": True}, headers={**headers, **key()}), 409)
    listed = client.get("/api/v1/admin/b2b-orders?status=pending_shipment", headers=headers).json
    assert [o["id"] for o in listed["items"]] == [created["id"]]


def test_dealer_cancels_an_unpaid_order_and_stock_returns_once(app, client):
    _, _, _, dealer, package = shop(app, client)
    created = order(client, dealer, package["id"], quantity=5).json
    assert stock(app, package["id"]) == 45
    cancel = f"{B2B}/orders/{created['id']}/cancel"
    assert client.post(cancel, json={"reason": "下错了"}, headers=dealer).json["status"] == "cancelled"
    assert_error(client.post(cancel, json={"reason": "下错了"}, headers=dealer), 409)
    assert stock(app, package["id"]) == 50
    assert_error(order(client, dealer, package["id"], quantity=51), 409, "OUT_OF_STOCK")
    assert stock(app, package["id"]) == 50


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_payments_of_one_order_charge_once(app, client):
    headers, t1, _, dealer, package = shop(app, client)
    top_up(client, headers, t1["id"], 1_000_000)
    created = order(client, dealer, package["id"]).json
    barrier, codes = threading.Barrier(16), []

    def attempt():
        local = app.test_client()
        barrier.wait()
        response = local.post(
            f"{B2B}/orders/{created['id']}/pay", headers={**dealer, "Idempotency-Key": uuid.uuid4().hex}
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(200) == 1 and codes.count(409) == 15, codes
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["stored_value"] == 1_000_000 - 83720
    with app.app_context():
        assert verify() == []


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_orders_never_oversell_and_concurrent_payments_never_overdraw(app, client):
    headers, t1, _, dealer, package = shop(app, client)  # 50 units
    barrier, created, codes = threading.Barrier(20), [], []

    def buy():
        local = app.test_client()
        barrier.wait()
        response = order(local, dealer, package["id"], quantity=3)
        codes.append(response.status_code)
        if response.status_code == 201:
            created.append(response.json)

    threads = [threading.Thread(target=buy) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(201) == 16 and codes.count(409) == 4, codes  # 16 × 3 = 48 of 50
    assert stock(app, package["id"]) == 2

    # stored value for exactly five of the orders: five are paid, the rest are refused, never below zero
    top_up(client, headers, t1["id"], 5 * 3 * 41860)
    barrier, paid = threading.Barrier(len(created)), []

    def pay(order_id):
        local = app.test_client()
        barrier.wait()
        paid.append(local.post(f"{B2B}/orders/{order_id}/pay", headers={**dealer, "Idempotency-Key": uuid.uuid4().hex}))

    threads = [threading.Thread(target=pay, args=(o["id"],)) for o in created]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in paid].count(200) == 5
    assert client.get("/api/v1/dealer/accounts", headers=dealer).json["stored_value"] == 0
    with app.app_context():
        assert verify() == []
