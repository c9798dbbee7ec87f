"""After-sales and refunds (spec 03): the case state machine, refunds that never exceed what was paid (also under
concurrency), order closing on a full refund, line refund events; reviews; notifications."""

import threading

import pytest
from crabsales.aftersales.services import has_open_case
from crabsales.aftersales.states import TRANSITIONS
from crabsales.core.events import ORDER_LINE_REFUNDED, subscribe
from crabsales.core.uow import commit
from crabsales.errors import Conflict
from crabsales.extensions import db
from crabsales.orders.services import lock_order, transition
from crabsales.payments.models import Payment
from crabsales.payments.services import request_refund

from tests.factories import admin_headers, assert_error
from tests.payments.test_payments import placed_order, prepay

REFUNDED_LINES = []


@subscribe(ORDER_LINE_REFUNDED)
def _remember(**payload):
    REFUNDED_LINES.append(payload)


def paid_order(app, client, quantity=1):
    order, headers = placed_order(app, client, quantity=quantity)
    prepay(client, headers, order)
    paid = client.post(f"/api/v1/dev/orders/{order['id']}/simulate-payment", headers=headers)
    assert paid.status_code == 200, paid.json
    return paid.json, headers


def support(app, client):
    return admin_headers(app, client, permissions=["aftersales.view", "aftersales.manage", "orders.view"])


def open_case(client, headers, order, amount, **extra):
    body = {"kind": "refund_only", "reason": "死蟹", "amount": amount, **extra}
    return client.post(f"/api/v1/orders/{order['id']}/aftersales", json=body, headers=headers)


def approve(client, admin, case_id, key, **body):
    return client.post(
        f"/api/v1/admin/aftersales/{case_id}/approve", json=body, headers={**admin, "Idempotency-Key": key}
    )


@pytest.mark.parametrize("status", ["awaiting_merchant", "awaiting_buyer", "refunding", "refunded", "closed"])
@pytest.mark.parametrize("action", sorted({a for _, a in TRANSITIONS}))
def test_case_transitions_are_the_table(status, action):
    from crabsales.aftersales.states import next_status

    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(Conflict):
            next_status(status, action)


def test_partial_refund_then_the_rest_closes_the_order(app, client):
    REFUNDED_LINES.clear()
    order, headers = paid_order(app, client)
    admin = support(app, client)
    refundable = client.get(f"/api/v1/orders/{order['id']}/aftersales/refundable", headers=headers).json
    assert refundable["refundable_amount"] == order["pay_amount"]
    line = order["lines"][0]
    case = open_case(client, headers, order, 10000, lines=[{"line_id": line["id"], "quantity": 1}]).json
    assert case["status"] == "awaiting_merchant" and has_open_case_for(app, order["id"])
    assert_error(open_case(client, headers, order, 100), 409, "AFTERSALE_ALREADY_OPEN")
    answer = approve(client, admin, case["id"], "approve-0001", note="同意").json
    assert answer["status"] == "refunding"  # the refund leaves after the commit
    done = client.get(f"/api/v1/admin/aftersales/{case['id']}", headers=admin).json
    assert done["status"] == "refunded" and done["events"][-1]["action"] == "refund_succeeded"
    assert REFUNDED_LINES[-1]["line_id"] == line["id"] and REFUNDED_LINES[-1]["amount_fen"] == 10000
    assert client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["status"] == "pending_shipment"
    rest = order["pay_amount"] - 10000
    assert_error(open_case(client, headers, order, rest + 1), 422, "AMOUNT_EXCEEDS_REFUNDABLE")
    second = open_case(client, headers, order, rest).json
    approve(client, admin, second["id"], "approve-0002")
    closed = client.get(f"/api/v1/orders/{order['id']}", headers=headers).json
    assert closed["status"] == "closed" and closed["close_reason"] == "refunded"
    with app.app_context():
        payment = db.session.execute(db.select(Payment)).scalar_one()
        assert payment.refunded_amount == payment.amount
    assert app.extensions["crab_fake_wechatpay"].transactions[order["order_no"]].refunded == order["pay_amount"]


def has_open_case_for(app, order_id):
    with app.app_context():
        return has_open_case(order_id)


def test_approve_is_idempotent_and_twice_is_refused(app, client):
    order, headers = paid_order(app, client)
    admin = support(app, client)
    case = open_case(client, headers, order, 5000).json
    first = approve(client, admin, case["id"], "approve-same")
    again = approve(client, admin, case["id"], "approve-same")
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json == first.json
    assert_error(approve(client, admin, case["id"], "approve-other"), 409, "AFTERSALE_STATE_CONFLICT")
    with app.app_context():
        assert db.session.execute(db.select(Payment)).scalar_one().refunded_amount == 5000


def test_reject_ask_buyer_reply_withdraw(app, client):
    order, headers = paid_order(app, client)
    admin = support(app, client)
    case = open_case(client, headers, order, 5000, description="两只死蟹").json
    assert_error(client.post(f"/api/v1/admin/aftersales/{case['id']}/reject", json={}, headers=admin), 422)
    asked = client.post(
        f"/api/v1/admin/aftersales/{case['id']}/ask-buyer", json={"note": "请上传照片"}, headers=admin
    ).json
    assert asked["status"] == "awaiting_buyer"
    mine = client.get(f"/api/v1/aftersales/{case['id']}", headers=headers).json
    assert mine["allowed_actions"] == ["buyer_reply", "withdraw"] and mine["merchant_note"] == "请上传照片"
    client.post(f"/api/v1/aftersales/{case['id']}/reply", json={"note": "已补充"}, headers=headers)
    rejected = client.post(
        f"/api/v1/admin/aftersales/{case['id']}/reject", json={"note": "照片显示蟹完好"}, headers=admin
    ).json
    assert rejected["status"] == "closed"
    assert [e["action"] for e in rejected["events"]] == ["open", "ask_buyer", "buyer_reply", "reject"]
    again = open_case(client, headers, order, 5000).json  # a closed case allows a new one
    withdrawn = client.post(f"/api/v1/aftersales/{again['id']}/withdraw", json={}, headers=headers).json
    assert withdrawn["status"] == "closed"


def test_cases_only_on_paid_orders_and_inside_the_window(app, client):
    from crabsales.core import clock

    order, headers = placed_order(app, client)
    assert_error(open_case(client, headers, order, 100), 409, "ORDER_NOT_ELIGIBLE")
    prepay(client, headers, order)
    paid = client.post(f"/api/v1/dev/orders/{order['id']}/simulate-payment", headers=headers).json
    with app.app_context():
        transition(lock_order(paid["id"]), "ship_all")
        transition(lock_order(paid["id"]), "confirm_receipt")
        commit()
    clock.advance(8 * 86400)
    assert_error(open_case(client, headers, paid, 100), 409, "AFTERSALE_WINDOW_PASSED")


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_refunds_never_exceed_what_was_paid(app, client):
    order, _ = paid_order(app, client)
    with app.app_context():
        payment_id = db.session.execute(db.select(Payment.id)).scalar_one()
        amount = db.session.get(Payment, payment_id).amount
    piece = amount // 7 + 1  # 20 tries of 1/7: only 6 can fit
    barrier = threading.Barrier(20)
    results = []

    def attempt(index):
        with app.app_context():
            barrier.wait()
            try:
                request_refund(db.session.get(Payment, payment_id), piece, "并发测试", f"RACE-{index}")
                commit()
                results.append("ok")
            except Conflict:
                db.session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == amount // piece
    with app.app_context():
        assert db.session.get(Payment, payment_id).refunded_amount == piece * results.count("ok") <= amount


# ---- reviews and notifications ---------------------------------------------------------------------------------------


def test_reviews_one_per_completed_line_with_item_summary(app, client):
    order, headers = paid_order(app, client)
    line = order["lines"][0]
    body = {"order_line_id": line["id"], "rating": 4, "content": "很肥"}
    assert_error(
        client.post(f"/api/v1/orders/{order['id']}/reviews", json=body, headers=headers), 409, "ORDER_NOT_COMPLETED"
    )
    with app.app_context():
        transition(lock_order(order["id"]), "ship_all")
        commit()
    client.post(f"/api/v1/orders/{order['id']}/confirm-receipt", headers=headers)
    assert len(client.get(f"/api/v1/orders/{order['id']}/unreviewed-lines", headers=headers).json["items"]) == 1
    created = client.post(f"/api/v1/orders/{order['id']}/reviews", json=body, headers=headers)
    assert created.status_code == 201
    assert_error(
        client.post(f"/api/v1/orders/{order['id']}/reviews", json=body, headers=headers), 409, "ALREADY_REVIEWED"
    )
    detail = client.get(f"/api/v1/storefront/items/{line['item_id']}").json
    assert (detail["rating_avg"], detail["review_count"]) == (4.0, 1)
    admin = admin_headers(app, client, permissions=["reviews.manage"])
    client.put(f"/api/v1/admin/reviews/{created.json['id']}/hidden", json={"is_hidden": True}, headers=admin)
    assert client.get(f"/api/v1/storefront/items/{line['item_id']}").json["review_count"] == 0
    assert client.get(f"/api/v1/storefront/items/{line['item_id']}/reviews").json["total"] == 0
    client.put(f"/api/v1/admin/reviews/{created.json['id']}/hidden", json={"is_hidden": False}, headers=admin)
    client.post(f"/api/v1/admin/reviews/{created.json['id']}/reply", json={"reply": "感谢支持"}, headers=admin)
    public = client.get(f"/api/v1/storefront/items/{line['item_id']}/reviews").json["items"][0]
    assert public["reply"] == "感谢支持" and "*" in public["user_name"]


def test_every_order_change_notifies_the_member(app, client):
    order, headers = paid_order(app, client)
    notes = client.get("/api/v1/me/notifications", headers=headers).json
    assert [n["content"].split("：")[1] for n in notes["items"]] == [
        "付款成功，我们将尽快为您发货",
        "订单已提交，请在规定时间内完成付款",
    ]
    assert client.get("/api/v1/me/notifications/unread-count", headers=headers).json["unread"] == 2
    after = client.post("/api/v1/me/notifications/read", json={}, headers=headers).json
    assert after["unread"] == 0


def test_merchant_decisions_are_audited(app, client):
    order, headers = paid_order(app, client)
    admin = admin_headers(app, client, permissions=["aftersales.view", "aftersales.manage", "audit.view"])
    case = open_case(client, headers, order, 3000).json
    approve(client, admin, case["id"], "approve-audit", note="同意")
    logs = client.get(f"/api/v1/admin/audit-logs?action=aftersale.approve&target_id={case['id']}", headers=admin).json
    assert logs["total"] == 1 and logs["items"][0]["changes"]["amount"] == [3000, 3000]


# ---- what the member may do, and the console lists ----------------------------------------------------------------


def _actions(client, headers, order_id):
    detail = client.get(f"/api/v1/orders/{order_id}", headers=headers).json["allowed_actions"]
    listed = next(o for o in client.get("/api/v1/orders", headers=headers).json["items"] if o["id"] == order_id)[
        "allowed_actions"
    ]
    assert detail == listed  # the list attaches them per page, the detail per order: the same rules
    return detail


def test_member_actions_offer_aftersale_and_review_exactly_when_they_would_be_accepted(app, client):
    from crabsales.core import clock

    order, headers = placed_order(app, client)
    assert _actions(client, headers, order["id"]) == ["cancel", "pay"]
    prepay(client, headers, order)
    client.post(f"/api/v1/dev/orders/{order['id']}/simulate-payment", headers=headers)
    assert _actions(client, headers, order["id"]) == ["aftersale"]
    case = open_case(client, headers, order, 100).json
    assert _actions(client, headers, order["id"]) == []  # one open case per order
    client.post(f"/api/v1/aftersales/{case['id']}/withdraw", json={}, headers=headers)
    assert _actions(client, headers, order["id"]) == ["aftersale"]
    with app.app_context():
        transition(lock_order(order["id"]), "ship_all")
        commit()
    assert _actions(client, headers, order["id"]) == ["confirm_receipt", "aftersale"]
    client.post(f"/api/v1/orders/{order['id']}/confirm-receipt", headers=headers)
    assert _actions(client, headers, order["id"]) == ["aftersale", "review"]

    def to_review():  # the 待评价 tab and its badge
        listed = client.get("/api/v1/orders", query_string={"tab": "pending_review"}, headers=headers).json
        count = client.get("/api/v1/orders/counts", headers=headers).json["pending_review"]
        assert listed["total"] == count
        return [o["id"] for o in listed["items"]]

    assert to_review() == [order["id"]]
    line = order["lines"][0]
    body = {"order_line_id": line["id"], "rating": 5}
    assert client.post(f"/api/v1/orders/{order['id']}/reviews", json=body, headers=headers).status_code == 201
    assert _actions(client, headers, order["id"]) == ["aftersale"]
    assert to_review() == []
    clock.advance(8 * 86400)  # past the 7-day after-sales window
    assert _actions(client, headers, order["id"]) == []
    assert_error(open_case(client, headers, order, 100), 409, "AFTERSALE_WINDOW_PASSED")


def test_a_fully_refunded_order_offers_no_aftersale(app, client):
    order, headers = paid_order(app, client)
    admin = support(app, client)
    case = open_case(client, headers, order, order["pay_amount"]).json
    assert approve(client, admin, case["id"], "full-refund").status_code == 200
    assert "aftersale" not in client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["allowed_actions"]


def test_the_aftersales_desk_filters_by_order_number_and_member_phone(app, client):
    from crabsales.identity.models import User
    from crabsales.orders.models import Order

    order, headers = paid_order(app, client)
    open_case(client, headers, order, 100)
    with app.app_context():
        user = db.session.get(User, db.session.get(Order, order["id"]).user_id)
        user.phone = "13812340000"
        commit()
    admin = support(app, client)

    def desk(**filters):
        return client.get("/api/v1/admin/aftersales", query_string=filters, headers=admin).json

    row = desk()["items"][0]
    assert (row["order_no"], row["member_phone"]) == (order["order_no"], "13812340000") and row["member_name"]
    assert desk(order_no=order["order_no"])["total"] == 1
    assert desk(member_phone="13812340000")["total"] == 1
    assert desk(order_no="P0000")["total"] == 0
    assert desk(member_phone="13000000000")["total"] == 0
    assert desk(member_phone="13812340000", order_no=order["order_no"], status="awaiting_merchant")["total"] == 1


def test_console_reviews_carry_the_item_name_and_search_text_and_item(app, client):
    order, headers = paid_order(app, client)
    with app.app_context():
        transition(lock_order(order["id"]), "ship_all")
        commit()
    client.post(f"/api/v1/orders/{order['id']}/confirm-receipt", headers=headers)
    line = order["lines"][0]
    body = {"order_line_id": line["id"], "rating": 5, "content": "膏黄饱满"}
    assert client.post(f"/api/v1/orders/{order['id']}/reviews", json=body, headers=headers).status_code == 201
    admin = admin_headers(app, client, permissions=["reviews.manage"])

    def reviews(q):
        return client.get("/api/v1/admin/reviews", query_string={"q": q}, headers=admin).json

    assert reviews("膏黄")["items"][0]["item_name"] == line["name"]
    assert reviews(line["name"][:3])["total"] == 1
    assert reviews("没有这样的字")["total"] == 0
