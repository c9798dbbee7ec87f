"""WeChat Pay v3 against the local fake: prepay, verified notifications applied exactly once, rejections that change
nothing, reconciliation, and the automatic refund of a payment for a closed order (spec 03, 10)."""

import base64
import json
import threading
import time

import pytest
from crabsales.core import clock
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.orders.models import OrderEvent
from crabsales.orders.services import close_unpaid_orders
from crabsales.payments.models import Payment, PaymentNotification, Refund
from crabsales.payments.services import reconcile_pending_payments
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.factories import assert_error, bearer
from tests.orders.helpers import ADDRESS, checkout, open_shop, submit

NOTIFY = "/api/v1/payments/wechat/notify"


def wechat_buyer(client, name="o-payer"):
    token = client.post("/api/v1/auth/wechat-login", json={"code": f"openid:{name}"}).json["access_token"]
    headers = bearer(token)
    client.post("/api/v1/me/addresses", json=ADDRESS, headers=headers)
    return headers


def placed_order(app, client, headers=None, quantity=1):
    shop = open_shop(app, client)
    headers = headers or wechat_buyer(client)
    pkg = shop["package"]["id"]
    preview = checkout(client, headers, item_id=pkg, quantity=quantity)
    order = submit(client, headers, preview, item_id=pkg, quantity=quantity).json
    return order, headers


def fake(app):
    return app.extensions["crab_fake_wechatpay"]


def prepay(client, headers, order):
    response = client.post(f"/api/v1/orders/{order['id']}/payments", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def paid_at_provider(app, client, headers, order):
    """Prepay the order, let the buyer pay at the fake provider, and return its signed notification (headers, body)."""
    prepay(client, headers, order)
    f = fake(app)
    f.pay(order["order_no"])
    return f.payment_notification(order["order_no"])


def notify(client, headers, body):
    return client.post(NOTIFY, data=body.encode(), headers=headers, content_type="application/json")


def pay_events(app, order_id):
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count()).where(OrderEvent.order_id == order_id, OrderEvent.action == "pay")
        ).scalar_one()


def payment_of(app, order_id):
    with app.app_context():
        payment = db.session.execute(db.select(Payment).where(Payment.order_id == order_id)).scalar_one()
        db.session.expunge(payment)
        return payment


def test_prepay_answers_signed_parameters_for_wx_request_payment(app, client):
    order, headers = placed_order(app, client)
    answer = prepay(client, headers, order)
    params = answer["pay_params"]
    assert answer["amount"] == order["pay_amount"] and params["package"].startswith("prepay_id=wx")
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n".encode()
    merchant_public = serialization.load_pem_public_key(fake(app).keys.merchant_public_pem.encode())
    merchant_public.verify(base64.b64decode(params["paySign"]), message, padding.PKCS1v15(), hashes.SHA256())
    again = prepay(client, headers, order)  # the same order: the same payment and prepay
    assert again["payment_id"] == answer["payment_id"] and again["pay_params"]["package"] == params["package"]


def test_prepay_needs_a_wechat_login_and_an_unpaid_order(app, client):
    from tests.orders.helpers import buyer

    shop = open_shop(app, client)
    headers, _ = buyer(app, client)  # phone + password login: no openid
    pkg = shop["package"]["id"]
    order = submit(client, headers, checkout(client, headers, item_id=pkg), item_id=pkg).json
    assert_error(client.post(f"/api/v1/orders/{order['id']}/payments", headers=headers), 409, "WECHAT_LOGIN_REQUIRED")


def test_simulated_payment_marks_the_order_paid_once(app, client):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    paid = client.post(f"/api/v1/dev/orders/{order['id']}/simulate-payment", headers=headers)
    assert paid.status_code == 200 and paid.json["status"] == "pending_shipment"
    payment = payment_of(app, order["id"])
    assert payment.status == "paid" and payment.transaction_id.startswith("42")
    headers_again, body_again = fake(app).payment_notification(order["order_no"])
    assert notify(client, headers_again, body_again).status_code == 204  # a retry: accepted, nothing more
    assert pay_events(app, order["id"]) == 1
    with app.app_context():
        outcomes = db.session.execute(db.select(PaymentNotification.outcome).order_by(PaymentNotification.id)).scalars()
        assert list(outcomes) == ["applied", "duplicate"]


def test_a_submitted_order_notifies_in_the_app_only_and_the_payment_also_by_subscribe_message(app, client, monkeypatch):
    from crabsales.integrations.wechat import WeChatMiniProgram
    from crabsales.notifications.models import Notification

    pushed = []
    monkeypatch.setattr(
        WeChatMiniProgram, "send_subscribe_message", lambda self, openid, template, data, page="": pushed.append(page)
    )
    order, headers = placed_order(app, client)
    assert pushed == []  # the one-time consent is kept for what follows
    prepay(client, headers, order)
    assert client.post(f"/api/v1/dev/orders/{order['id']}/simulate-payment", headers=headers).status_code == 200
    assert pushed == [f"pages/order/detail/index?id={order['id']}"]
    with app.app_context():
        titles = db.session.execute(
            db.select(Notification.title).where(Notification.order_id == order["id"]).order_by(Notification.id)
        ).scalars()
        assert list(titles) == ["订单待付款", "订单待发货"]


def _custom_notification(app, order_no, **changes):
    """A correctly signed and encrypted notification whose resource differs from the truth."""
    f = fake(app)
    tx = f.pay(order_no)
    resource = f._transaction_view(tx)
    for key, value in changes.items():
        if key == "total":
            resource["amount"]["total"] = value
        else:
            resource[key] = value
    body = json.dumps(
        {
            "id": "n-custom",
            "create_time": "",
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": f.encrypt(resource, "transaction"),
        }
    )
    return f.signed_headers(body), body


@pytest.mark.parametrize(
    "case",
    [
        "forged_signature",
        "tampered_body",
        "stale_timestamp",
        "probe",
        "wrong_amount",
        "wrong_mchid",
        "wrong_appid",
        "unknown_order",
        "wrong_apiv3_key",
    ],
)
def test_rejected_notifications_change_nothing_and_are_logged(app, client, case):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    f = fake(app)
    if case in ("forged_signature", "tampered_body", "stale_timestamp", "probe"):
        f.pay(order["order_no"])
        note_headers, body = f.payment_notification(
            order["order_no"], timestamp=int(time.time()) - 6 * 60 if case == "stale_timestamp" else None
        )
        if case == "forged_signature":
            note_headers["Wechatpay-Signature"] = base64.b64encode(b"x" * 256).decode()
        elif case == "tampered_body":
            body = body.replace("支付成功", "支付成公")
        elif case == "probe":
            note_headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + note_headers["Wechatpay-Signature"]
    elif case == "wrong_apiv3_key":
        f.pay(order["order_no"])
        real_key = f.keys.apiv3_key
        f.keys.apiv3_key = "0" * 32
        try:
            note_headers, body = f.payment_notification(order["order_no"])
        finally:
            f.keys.apiv3_key = real_key
    else:
        change = {
            "wrong_amount": {"total": order["pay_amount"] - 1},
            "wrong_mchid": {"mchid": "1900000999"},
            "wrong_appid": {"appid": "wx-other"},
            "unknown_order": {"out_trade_no": "P000"},
        }[case]
        note_headers, body = _custom_notification(app, order["order_no"], **change)
    response = notify(client, note_headers, body)
    assert_error(response, 401, "NOTIFICATION_REJECTED")
    assert payment_of(app, order["id"]).status == "pending"
    assert client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["status"] == "pending_payment"
    with app.app_context():
        assert db.session.execute(db.select(PaymentNotification.outcome)).scalars().all() == ["rejected"]


def test_reconciliation_applies_a_payment_whose_notification_never_came(app, client):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    fake(app).pay(order["order_no"])  # paid at the provider, notification lost
    with app.app_context():
        assert reconcile_pending_payments() == 0  # too early
    clock.advance(6 * 60)
    with app.app_context():
        assert reconcile_pending_payments() == 1
        commit()
    assert client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["status"] == "pending_shipment"


def test_a_payment_for_a_closed_order_is_refunded_and_flagged(app, client):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    client.post(f"/api/v1/orders/{order['id']}/cancel", json={}, headers=headers)
    f = fake(app)
    f.pay(order["order_no"])
    note_headers, body = f.payment_notification(order["order_no"])
    assert notify(client, note_headers, body).status_code == 204
    payment = payment_of(app, order["id"])
    assert payment.status == "paid" and payment.flagged and payment.flag_reason == "paid_after_closed"
    assert payment.refunded_amount == payment.amount
    with app.app_context():
        refund = db.session.execute(db.select(Refund)).scalar_one()
        assert (refund.status, refund.amount) == ("succeeded", payment.amount)
    assert f.transactions[order["order_no"]].refunded == payment.amount
    assert client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["status"] == "closed"


def test_stock_gone_at_payment_closes_refunds_and_flags_and_answers_wechat(app, client):
    from crabsales.catalog.models import CatalogItem
    from crabsales.settings.services import do_update_settings

    with app.app_context():
        do_update_settings("inventory", {"deduct_stock_on": "payment"})
        commit()
    order, headers = placed_order(app, client, quantity=2)
    with app.app_context():  # others bought the last units while this buyer was paying
        item_id = order["lines"][0]["item_id"]
        db.session.get(CatalogItem, item_id).stock = 1
        commit()
    note_headers, body = paid_at_provider(app, client, headers, order)
    assert notify(client, note_headers, body).status_code == 204  # handled: WeChat stops retrying
    payment = payment_of(app, order["id"])
    assert payment.flagged and payment.flag_reason == "paid_out_of_stock"
    assert payment.refunded_amount == payment.amount
    assert fake(app).transactions[order["order_no"]].refunded == payment.amount
    detail = client.get(f"/api/v1/orders/{order['id']}", headers=headers).json
    assert detail["status"] == "closed" and pay_events(app, order["id"]) == 0
    with app.app_context():
        assert db.session.get(CatalogItem, item_id).stock == 1  # nothing taken


def _threads(count, target):
    barrier = threading.Barrier(count)
    results = []

    def run(index):
        barrier.wait()
        results.append(target(index))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.concurrency
def test_1000_notifications_duplicated_concurrent_and_out_of_order_make_one_payment(app, client):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    f = fake(app)
    f.pay(order["order_no"])
    # 25 distinct notifications (as the platform's retries would be), each delivered 40 times, shuffled by threads.
    notes = [f.payment_notification(order["order_no"]) for _ in range(25)]

    def deliver(index):
        local = app.test_client()
        codes = []
        for round_ in range(40):
            note_headers, body = notes[(index + round_) % 25]
            codes.append(notify(local, note_headers, body).status_code)
        return codes

    results = _threads(25, deliver)
    assert all(code == 204 for codes in results for code in codes)
    assert pay_events(app, order["id"]) == 1
    with app.app_context():
        outcomes = db.session.execute(db.select(PaymentNotification.outcome)).scalars().all()
        assert len(outcomes) == 1000 and outcomes.count("applied") == 1
        assert db.session.execute(db.select(db.func.count()).select_from(Payment)).scalar_one() == 1


@pytest.mark.postgres
@pytest.mark.concurrency
@pytest.mark.parametrize("attempt", range(3))
def test_a_notification_racing_the_close_job_ends_paid_or_closed_and_refunded(app, client, attempt):
    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    f = fake(app)
    f.pay(order["order_no"])
    clock.advance(31 * 60)  # the order is due for closing; the notification is sent "now" on that clock
    note_headers, body = f.payment_notification(order["order_no"], timestamp=int(clock.timestamp()))

    def act(index):
        if index == 0:
            return notify(app.test_client(), note_headers, body).status_code
        with app.app_context():
            closed = close_unpaid_orders()
            commit()
            return closed

    _threads(2, act)
    status = client.get(f"/api/v1/orders/{order['id']}", headers=headers).json["status"]
    payment = payment_of(app, order["id"])
    assert payment.status == "paid"
    if status == "pending_shipment":
        assert not payment.flagged and payment.refunded_amount == 0
    else:
        assert status == "closed" and payment.flagged and payment.refunded_amount == payment.amount


def test_console_sees_anomalies_rejections_and_an_orders_payment(app, client):
    from tests.factories import admin_headers

    order, headers = placed_order(app, client)
    prepay(client, headers, order)
    admin = admin_headers(app, client, permissions=["orders.view"])
    get = lambda url: client.get(url, headers=admin).json  # noqa: E731
    assert get("/api/v1/admin/payments/anomalies?kind=pending_too_long")["total"] == 0
    clock.advance(6 * 60)
    assert get("/api/v1/admin/payments/anomalies?kind=pending_too_long")["items"][0]["order_no"] == order["order_no"]
    clock.reset()
    client.post(f"/api/v1/orders/{order['id']}/cancel", json={}, headers=headers)
    f = fake(app)
    f.pay(order["order_no"])
    note_headers, body = f.payment_notification(order["order_no"])
    notify(client, {**note_headers, "Wechatpay-Signature": "AAAA"}, body)  # a forged one first
    notify(client, note_headers, body)
    flagged = get("/api/v1/admin/payments/anomalies?kind=paid_after_close")["items"]
    assert flagged[0]["flag_reason"] == "paid_after_closed"
    assert get("/api/v1/admin/payments/rejected-notifications")["total"] == 1
    detail = get(f"/api/v1/admin/payments/orders/{order['id']}")
    assert detail["payment"]["status"] == "paid" and detail["refunds"][0]["status"] == "succeeded"


# ---- rejected notifications: bounded records, NUL bytes, per-IP limit ------------------------------------------------


def _stored_notifications(app):
    with app.app_context():
        rows = db.session.execute(db.select(PaymentNotification).order_by(PaymentNotification.id)).scalars().all()
        return [(row.outcome, row.headers, row.body, row.reason) for row in rows]


def _record_size(headers: dict, body: str, reason: str) -> int:
    return len(json.dumps(headers, ensure_ascii=False).encode()) + len(body.encode()) + len(reason.encode())


def test_a_padded_rejected_notification_is_stored_small(app, client):
    order, headers = placed_order(app, client)
    note_headers, body = paid_at_provider(app, client, headers, order)
    padded = {**note_headers, "Wechatpay-Signature": "A" * 100_000}
    padded.update({f"Wechatpay-Pad-{n}": "p" * 5_000 for n in range(40)})
    padded.update({f"X-Pad-{n}": "q" * 5_000 for n in range(40)})
    padded_body = body + " " * 300_000
    assert_error(notify(client, padded, padded_body), 401, "NOTIFICATION_REJECTED")
    [(outcome, kept, stored_body, reason)] = _stored_notifications(app)
    assert outcome == "rejected"
    assert _record_size(kept, stored_body, reason) <= 8 * 1024
    assert kept["Wechatpay-Serial"] == note_headers["Wechatpay-Serial"]  # what a person needs to look into it is kept
    assert kept["Wechatpay-Signature"].startswith("AAAA") and len(kept["Wechatpay-Signature"]) <= 600
    assert not any(name.startswith(("Wechatpay-Pad", "X-Pad")) for name in kept)
    assert stored_body.startswith(body[:100]) and "已截断" in stored_body


def test_a_verified_notification_keeps_its_whole_body(app, client):
    order, headers = placed_order(app, client)
    note_headers, body = paid_at_provider(app, client, headers, order)
    assert notify(client, note_headers, body).status_code == 204
    [(outcome, kept, stored_body, _)] = _stored_notifications(app)
    assert outcome == "applied" and stored_body == body
    assert kept["Wechatpay-Signature"] == note_headers["Wechatpay-Signature"]


@pytest.mark.parametrize("path", [NOTIFY, "/api/v1/payments/wechat/refund-notify"])
def test_a_notification_with_a_nul_byte_is_rejected_and_recorded(app, client, path):
    # PostgreSQL text refuses NUL: the record escapes it instead of failing the request.
    body = '{"id": "n-\x00-1", "event_type": "TRANSACTION.SUCCESS", "resource": {}}'
    now = str(int(clock.timestamp()))
    headers = {"Wechatpay-Signature": "c2ln", "Wechatpay-Timestamp": now, "Wechatpay-Nonce": "n"}
    response = client.post(path, data=body.encode(), headers=headers, content_type="application/json")
    assert_error(response, 401, "NOTIFICATION_REJECTED")
    [(outcome, _, stored_body, _)] = _stored_notifications(app)
    assert outcome == "rejected" and "\x00" not in stored_body and "n-\\u0000-1" in stored_body


def test_rejections_from_one_ip_are_limited_and_then_stored_no_more(app, client):
    order, headers = placed_order(app, client)
    note_headers, body = paid_at_provider(app, client, headers, order)
    forged = {**note_headers, "Wechatpay-Signature": "AAAA"}

    def send(note_headers, ip="203.0.113.8"):
        return client.post(
            NOTIFY,
            data=body.encode(),
            headers=note_headers,
            content_type="application/json",
            environ_base={"REMOTE_ADDR": ip},
        )

    for _ in range(20):
        assert_error(send(forged), 401, "NOTIFICATION_REJECTED")
    refused = assert_error(send(forged), 429, "NOTIFICATION_THROTTLED")
    assert 1 <= refused["retry_after"] <= 60
    assert_error(send(note_headers), 429, "NOTIFICATION_THROTTLED")  # refused unread, even a good one
    assert len(_stored_notifications(app)) == 20
    assert send(note_headers, "198.51.100.20").status_code == 204  # WeChat Pay's own address is not affected
    clock.advance(61)
    assert_error(send(forged), 401, "NOTIFICATION_REJECTED")
    assert len(_stored_notifications(app)) == 22
