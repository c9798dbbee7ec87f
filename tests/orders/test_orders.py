"""Cart, checkout, idempotent submit, stock reservation, the state machine, cancel and the timed jobs (spec 03)."""

import threading

import pytest
from crabsales.catalog.models import CatalogItem
from crabsales.core import clock
from crabsales.core.uow import commit
from crabsales.errors import Conflict
from crabsales.extensions import db
from crabsales.orders.models import Order, OrderEvent
from crabsales.orders.services import close_unpaid_orders, confirm_shipped_orders, do_mark_paid, lock_order, transition
from crabsales.orders.states import TRANSITIONS, OrderStatus, allowed_actions, next_status

from tests.catalog.helpers import package
from tests.factories import admin_headers, assert_error
from tests.orders.helpers import ADDRESS, buy_now, buyer, checkout, open_shop, submit


def stock_of(app, item_id):
    with app.app_context():
        return db.session.get(CatalogItem, item_id).stock


def set_stock(app, item_id, stock):
    with app.app_context():
        db.session.get(CatalogItem, item_id).stock = stock
        commit()


# ---- state machine ---------------------------------------------------------------------------------------------------

ACTIONS = sorted({action for _, action in TRANSITIONS})


@pytest.mark.parametrize("status", list(OrderStatus))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_is_in_the_table_or_refused(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status.value, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(Conflict) as refused:
            next_status(status.value, action)
        assert refused.value.error_code == "ORDER_STATE_CONFLICT" and refused.value.http_status == 409


def test_member_actions_per_state():
    assert allowed_actions("pending_payment") == ["cancel", "pay"]
    assert allowed_actions("shipped") == ["confirm_receipt"]
    assert allowed_actions("closed") == [] and allowed_actions("completed") == []


# ---- cart ------------------------------------------------------------------------------------------------------------


def test_cart_add_update_select_remove(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    client.post("/api/v1/cart/lines", json={"item_id": pkg, "quantity": 2}, headers=headers)
    line = client.post("/api/v1/cart/lines", json={"item_id": pkg}, headers=headers).json
    assert line["quantity"] == 3 and line["price"] == 59800
    cart = client.patch(f"/api/v1/cart/lines/{line['id']}", json={"quantity": 1}, headers=headers).json
    assert (cart["selected_count"], cart["selected_amount"]) == (1, 59800)
    cart = client.post("/api/v1/cart/select-all", json={"selected": False}, headers=headers).json
    assert cart["selected_count"] == 0
    assert_error(client.post("/api/v1/checkout", json={}, headers=headers), 422, "CART_EMPTY")
    cart = client.post("/api/v1/cart/remove", json={"line_ids": [line["id"]]}, headers=headers).json
    assert cart["items"] == []


def test_cart_lines_say_why_they_cannot_be_bought(app, client):
    from crabsales.catalog.models import CatalogItem
    from crabsales.core.uow import commit
    from crabsales.extensions import db

    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    client.post("/api/v1/cart/lines", json={"item_id": pkg, "quantity": 3}, headers=headers)

    def reason(stock=None, on_shelf=True):
        with app.app_context():
            item = db.session.get(CatalogItem, pkg)
            if stock is not None:
                item.stock = stock
            item.is_on_shelf = on_shelf
            commit()
        line = client.get("/api/v1/cart", headers=headers).json["items"][0]
        assert line["available"] is (line["unavailable_reason"] is None)
        return line["unavailable_reason"]

    assert reason() is None
    assert reason(stock=2) == "short"
    assert reason(stock=0) == "sold_out"
    assert reason(stock=10, on_shelf=False) == "off_shelf"
    refused = client.post("/api/v1/checkout", json={}, headers=headers)
    assert_error(refused, 404, "ITEM_NOT_ON_SALE")
    assert refused.json["item_id"] == pkg and shop["package"]["name"] in refused.json["message"]


def test_only_packages_go_in_the_cart(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    for item in (shop["ecard"]["id"], shop["products"][0]["id"], 999999):
        assert_error(
            client.post("/api/v1/cart/lines", json={"item_id": item}, headers=headers), 404, "ITEM_NOT_ON_SALE"
        )


# ---- checkout and submit ---------------------------------------------------------------------------------------------


def test_checkout_prices_freight_and_submit_creates_the_order(app, client):
    shop = open_shop(app, client)
    headers, user_id = buyer(app, client)
    pkg = shop["package"]["id"]
    client.post("/api/v1/cart/lines", json={"item_id": pkg, "quantity": 1}, headers=headers)
    preview = checkout(client, headers)
    # 8 crabs × 250 g = 2 kg to 江苏省: 12.00 + one 1 kg step 5.00.
    assert (preview["goods_amount"], preview["freight_amount"], preview["pay_amount"]) == (59800, 1700, 61500)
    assert preview["address"]["city"] == "苏州市" and preview["chargeable_weight_g"] == 2000
    response = submit(client, headers, preview, remark="请周末送达")
    assert response.status_code == 201, response.json
    order = response.json
    assert order["status"] == "pending_payment" and order["order_no"].startswith("P")
    assert order["pay_amount"] == 61500 and order["remark"] == "请周末送达"
    assert order["allowed_actions"] == ["cancel", "pay"]
    assert [(e["action"], e["to_status"]) for e in order["events"]] == [("create", "pending_payment")]
    assert stock_of(app, pkg) == 49  # reserved at submit
    assert client.get("/api/v1/cart", headers=headers).json["items"] == []  # bought lines leave the cart


def test_the_same_token_twice_gives_the_same_order(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    preview = checkout(client, headers, item_id=pkg, quantity=2)
    first = submit(client, headers, preview, item_id=pkg, quantity=2)
    again = submit(client, headers, preview, item_id=pkg, quantity=2)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert stock_of(app, pkg) == 48


def test_a_token_for_another_cart_is_refused(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    preview = checkout(client, headers, item_id=shop["package"]["id"], quantity=1)
    response = submit(client, headers, preview, item_id=shop["package"]["id"], quantity=3)
    assert_error(response, 422, "SUBMIT_TOKEN_MISMATCH")
    other_headers, _ = buyer(app, client)
    assert_error(submit(client, other_headers, preview, item_id=shop["package"]["id"]), 409, "SUBMIT_TOKEN_INVALID")


def test_the_token_alone_submits_what_the_checkout_priced(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    preview = checkout(client, headers, item_id=pkg, quantity=2)
    response = submit(client, headers, preview)
    assert response.status_code == 201, response.json
    order = response.json
    assert [(li["item_id"], li["quantity"]) for li in order["lines"]] == [(pkg, 2)]
    assert (order["pay_amount"], order["city"]) == (preview["pay_amount"], "苏州市")
    assert stock_of(app, pkg) == 48
    again = submit(client, headers, preview)
    assert (again.status_code, again.json["id"]) == (200, order["id"])
    # Sending the checkout's own item, quantity and address is the same submit.
    same = submit(client, headers, preview, item_id=pkg, quantity=2, address_id=preview["address"]["id"])
    assert (same.status_code, same.json["id"]) == (200, order["id"])


@pytest.mark.parametrize("change", ["item", "quantity", "address"])
def test_a_token_reused_for_something_else_is_refused_before_and_after_the_order(app, client, change):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    other_address = client.post("/api/v1/me/addresses", json={**ADDRESS, "city": "无锡市"}, headers=headers).json
    preview = checkout(client, headers, item_id=pkg, quantity=2)
    changed = {
        "item": {"item_id": shop["ecard"]["id"], "quantity": 2},
        "quantity": {"item_id": pkg, "quantity": 1},
        "address": {"address_id": other_address["id"]},
    }[change]
    assert_error(submit(client, headers, preview, **changed), 422, "SUBMIT_TOKEN_MISMATCH")
    assert stock_of(app, pkg) == 50  # nothing taken
    assert submit(client, headers, preview).status_code == 201
    assert_error(submit(client, headers, preview, **changed), 422, "SUBMIT_TOKEN_MISMATCH")
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Order)).scalar_one() == 1


def test_a_cart_token_submits_the_lines_it_priced_even_if_the_cart_changed(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    contents = [{"product_id": shop["products"][0]["id"], "quantity": 2}]
    second = package(
        client, shop["headers"], shop["categories"]["gift"], contents, name="公4两 2只装", is_on_shelf=True
    )["id"]
    client.post("/api/v1/cart/lines", json={"item_id": pkg, "quantity": 1}, headers=headers)
    preview = checkout(client, headers)
    # Changed in another tab after the checkout page was shown: the order is still what the buyer confirmed.
    client.post("/api/v1/cart/lines", json={"item_id": second, "quantity": 1}, headers=headers)
    assert_error(submit(client, headers, preview, item_id=pkg), 422, "SUBMIT_TOKEN_MISMATCH")  # not a buy-now token
    response = submit(client, headers, preview)
    assert response.status_code == 201, response.json
    assert [(li["item_id"], li["quantity"]) for li in response.json["lines"]] == [(pkg, 1)]
    cart = client.get("/api/v1/cart", headers=headers).json["items"]
    assert [line["item_id"] for line in cart] == [second]  # only the bought line left the cart


def test_a_changed_price_is_reported_with_the_new_amount(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    preview = checkout(client, headers, item_id=pkg)
    client.put(f"/api/v1/admin/catalog/packages/{pkg}", json={"retail_price": 62800}, headers=shop["headers"])
    body = assert_error(submit(client, headers, preview, item_id=pkg), 409, "PRICE_CHANGED")
    assert body["pay_amount"] == 62800 + 1700
    assert stock_of(app, pkg) == 50  # nothing taken
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Order)).scalar_one() == 0


def test_expired_token(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    preview = checkout(client, headers, item_id=shop["package"]["id"])
    clock.advance(2 * 3600 + 1)
    assert_error(submit(client, headers, preview, item_id=shop["package"]["id"]), 409, "SUBMIT_TOKEN_EXPIRED")


def test_out_of_stock_takes_nothing(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    set_stock(app, pkg, 1)
    assert_error(buy_now(client, headers, pkg, quantity=2), 409, "OUT_OF_STOCK")
    assert stock_of(app, pkg) == 1


def test_ecards_need_no_address_and_no_freight(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client, address=False)
    preview = checkout(client, headers, item_id=shop["ecard"]["id"], quantity=2)
    assert (preview["needs_address"], preview["freight_amount"], preview["pay_amount"]) == (False, 0, 119600)
    order = submit(client, headers, preview, item_id=shop["ecard"]["id"], quantity=2).json
    assert order["order_type"] == "ecard" and order["order_no"].startswith("E")


def test_a_package_without_an_address_is_refused(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client, address=False)
    preview = checkout(client, headers, item_id=shop["package"]["id"])
    assert preview["address"] is None and preview["needs_address"] is True
    body = assert_error(submit(client, headers, preview, item_id=shop["package"]["id"]), 422)
    assert "address_id" in body["errors"]


def test_free_shipping_and_unserved_regions(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    preview = checkout(client, headers, item_id=shop["package"]["id"], quantity=2)  # 1196.00 ≥ 1000.00
    assert preview["freight_amount"] == 0
    remote = client.post(
        "/api/v1/me/addresses", json={**ADDRESS, "province": "新疆维吾尔自治区", "city": "喀什地区"}, headers=headers
    ).json
    preview = checkout(client, headers, item_id=shop["package"]["id"], quantity=2, address_id=remote["id"])
    assert preview["freight_amount"] == 3000 + 2 * 1500 + 1500 * 4  # 4 kg: first 1 kg, then six 500 g steps


# ---- cancel, close, confirm ------------------------------------------------------------------------------------------


def test_cancel_gives_the_stock_back_once(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    order = buy_now(client, headers, pkg, 3).json
    assert stock_of(app, pkg) == 47
    cancelled = client.post(f"/api/v1/orders/{order['id']}/cancel", json={"reason": "不想要了"}, headers=headers).json
    assert cancelled["status"] == "closed" and cancelled["close_reason"] == "cancelled"
    assert stock_of(app, pkg) == 50
    assert_error(
        client.post(f"/api/v1/orders/{order['id']}/cancel", json={}, headers=headers), 409, "ORDER_STATE_CONFLICT"
    )
    with app.app_context():
        assert close_unpaid_orders() == 0
    assert stock_of(app, pkg) == 50


def test_unpaid_orders_close_after_the_configured_minutes(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    order = buy_now(client, headers, pkg, 2).json
    with app.app_context():
        assert close_unpaid_orders() == 0
    clock.advance(30 * 60 + 1)
    with app.app_context():
        assert close_unpaid_orders() == 1
        commit()
    detail = client.get(f"/api/v1/orders/{order['id']}", headers=headers).json
    assert detail["status"] == "closed" and detail["close_reason"] == "payment_timeout"
    assert detail["events"][-1]["actor_type"] == "system"
    assert stock_of(app, pkg) == 50


def _pay(app, order_id):
    with app.app_context():
        do_mark_paid(lock_order(order_id), note="测试付款")
        commit()


def test_paid_order_moves_on_and_counts_for_the_member(app, client):
    shop = open_shop(app, client)
    headers, user_id = buyer(app, client)
    pkg = shop["package"]["id"]
    order = buy_now(client, headers, pkg, 1).json
    _pay(app, order["id"])
    detail = client.get(f"/api/v1/orders/{order['id']}", headers=headers).json
    assert detail["status"] == "pending_shipment" and detail["paid_at"]
    with app.app_context():
        assert db.session.get(CatalogItem, pkg).sales_count == 1
        from crabsales.identity.models import User

        assert db.session.get(User, user_id).total_spent == order["pay_amount"]
    assert_error(client.post(f"/api/v1/orders/{order['id']}/cancel", json={}, headers=headers), 409)


def test_confirm_receipt_and_auto_confirm(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    orders = [buy_now(client, headers, shop["package"]["id"], 1).json for _ in range(2)]
    for order in orders:
        _pay(app, order["id"])
        with app.app_context():
            transition(lock_order(order["id"]), "ship_all", note="测试发货")
            commit()
    confirmed = client.post(f"/api/v1/orders/{orders[0]['id']}/confirm-receipt", headers=headers).json
    assert confirmed["status"] == "completed"
    clock.advance(10 * 86400 + 1)
    with app.app_context():
        assert confirm_shipped_orders() == 1
        commit()
    assert client.get(f"/api/v1/orders/{orders[1]['id']}", headers=headers).json["status"] == "completed"


def test_my_orders_tabs_and_privacy(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    first = buy_now(client, headers, shop["package"]["id"], 1).json
    buy_now(client, headers, shop["ecard"]["id"], 1)
    _pay(app, first["id"])
    get = lambda tab: client.get(f"/api/v1/orders?tab={tab}", headers=headers).json["total"]  # noqa: E731
    assert (get("all"), get("pending_payment"), get("pending_shipment")) == (2, 1, 1)
    counts = client.get("/api/v1/orders/counts", headers=headers).json
    assert counts == {
        "pending_payment": 1,
        "pending_shipment": 1,
        "shipped": 0,
        "completed": 0,
        "pending_review": 0,
        "aftersale_open": 0,
    }
    stranger, _ = buyer(app, client)
    assert client.get("/api/v1/orders/counts", headers=stranger).json["pending_payment"] == 0
    assert_error(client.get(f"/api/v1/orders/{first['id']}", headers=stranger), 404, "ORDER_NOT_FOUND")


def test_admin_order_list_filters_and_export(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    order = buy_now(client, headers, shop["package"]["id"], 1).json
    buy_now(client, headers, shop["ecard"]["id"], 1)
    admin = admin_headers(app, client, permissions=["orders.view"])
    get = lambda q: client.get(f"/api/v1/admin/orders?{q}", headers=admin).json["total"]  # noqa: E731
    assert get("") == 2 and get("order_type=ecard") == 1
    assert get(f"order_no={order['order_no']}") == 1
    assert get(f"item_id={shop['package']['id']}") == 1 and get("q=电子卡") == 1
    assert get("q=%25") == 0  # % in the product keyword is a literal, not a wildcard
    assert get("status=pending_payment") == 2 and get("status=closed") == 0
    detail = client.get(f"/api/v1/admin/orders/{order['id']}", headers=admin).json
    assert detail["member_phone"] and detail["events"][0]["action"] == "create"
    assert client.get("/api/v1/admin/orders/export", headers=admin).status_code == 200
    counts = client.get("/api/v1/admin/orders/counts?order_type=ecard&status=closed", headers=admin).json
    assert (counts["all"], counts["pending_payment"], counts["closed"]) == (1, 1, 0)


# ---- concurrency on PostgreSQL ---------------------------------------------------------------------------------------


def _run_threads(count, target):
    barrier = threading.Barrier(count)
    results = []

    def wrapped(index):
        barrier.wait()
        results.append(target(index))

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.concurrency
def test_64_buyers_for_10_units_make_exactly_10_orders(app, client):
    shop = open_shop(app, client)
    pkg = shop["package"]["id"]
    set_stock(app, pkg, 10)
    buyers = [buyer(app, client)[0] for _ in range(64)]
    previews = [checkout(client, h, item_id=pkg) for h in buyers]
    statuses = _run_threads(64, lambda i: submit(app.test_client(), buyers[i], previews[i], item_id=pkg).status_code)
    assert sorted(statuses).count(201) == 10 and statuses.count(409) == 54
    assert stock_of(app, pkg) == 0
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Order)).scalar_one() == 10


@pytest.mark.postgres
@pytest.mark.concurrency
def test_20_concurrent_submits_with_one_token_make_one_order(app, client):
    shop = open_shop(app, client)
    pkg = shop["package"]["id"]
    headers, _ = buyer(app, client)
    preview = checkout(client, headers, item_id=pkg, quantity=2)
    answers = _run_threads(20, lambda i: submit(app.test_client(), headers, preview))
    assert {a.status_code for a in answers} <= {200, 201}
    assert len({a.json["id"] for a in answers}) == 1
    assert stock_of(app, pkg) == 48
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Order)).scalar_one() == 1


@pytest.mark.postgres
@pytest.mark.concurrency
def test_cancel_racing_the_close_job_gives_stock_back_once(app, client):
    shop = open_shop(app, client)
    pkg = shop["package"]["id"]
    headers, _ = buyer(app, client)
    order = buy_now(client, headers, pkg, 5).json
    clock.advance(31 * 60)

    def act(index):
        if index % 2:
            return app.test_client().post(f"/api/v1/orders/{order['id']}/cancel", json={}, headers=headers).status_code
        with app.app_context():
            closed = close_unpaid_orders()
            commit()
            return closed

    _run_threads(6, act)
    assert stock_of(app, pkg) == 50
    with app.app_context():
        closing = db.session.execute(
            db.select(db.func.count()).where(OrderEvent.order_id == order["id"], OrderEvent.to_status == "closed")
        ).scalar_one()
    assert closing == 1


def test_line_events_are_published_for_paid_and_completed_lines(app, client):
    from crabsales.core.events import ORDER_LINE_COMPLETED, ORDER_LINE_PAID, subscribe, unsubscribe

    seen = []

    def on_paid(**p):
        seen.append(("paid", p["line_id"], p["amount_fen"]))

    def on_completed(**p):
        seen.append(("completed", p["line_id"], p["quantity"]))

    subscribe(ORDER_LINE_PAID)(on_paid)
    subscribe(ORDER_LINE_COMPLETED)(on_completed)
    try:
        shop = open_shop(app, client)
        headers, _ = buyer(app, client)
        order = buy_now(client, headers, shop["package"]["id"], 2).json
        _pay(app, order["id"])
        with app.app_context():
            transition(lock_order(order["id"]), "ship_all")
            commit()
        client.post(f"/api/v1/orders/{order['id']}/confirm-receipt", headers=headers)
    finally:
        unsubscribe(ORDER_LINE_PAID, on_paid)
        unsubscribe(ORDER_LINE_COMPLETED, on_completed)
    line = order["lines"][0]
    assert seen == [("paid", line["id"], line["line_total"]), ("completed", line["id"], 2)]
