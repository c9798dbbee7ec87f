"""Payments (spec 03, 10): prepay with the order's amount, verified notifications applied exactly once,
reconciliation of payments whose notification never came, and the automatic refund of a payment for a closed order.

Exactly once: the payment row is locked (FOR UPDATE) before anything is decided, so duplicate, concurrent and
out-of-order notifications (and the reconciliation job) queue up behind the first; whoever comes later finds the
payment already paid and only records a duplicate. The order row is locked next (the auto-close job locks only
the order), so a payment racing the close job ends either paid, or closed and refunded — never both, never lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import insert, select, update

from ..core import clock
from ..core.events import REFUND_FAILED, REFUND_SUCCEEDED, publish
from ..core.jobs import enqueue, job, periodic
from ..core.ratelimit import Window, check, ip_key, record
from ..errors import AppError, Conflict, NotFound
from ..extensions import db
from ..orders.services import do_close_paid_out_of_stock, do_mark_paid, get_own_order, lock_order
from .models import Payment, PaymentNotification, Refund
from .provider import NotificationRejected, get_provider

log = logging.getLogger(__name__)


def lock_payment(out_trade_no: str) -> Payment | None:
    return db.session.execute(
        select(Payment)
        .where(Payment.out_trade_no == out_trade_no)
        .with_for_update(of=Payment, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def do_create_payment(user, order_id: int) -> dict:
    """Prepay for an unpaid order (the amount is the order's, never the client's) and answer wx.requestPayment's
    parameters. Calling it again for the same order reuses the same payment."""
    order = get_own_order(user, order_id)
    order = lock_order(order.id)
    if order.status != "pending_payment":
        raise Conflict("ORDER_NOT_PAYABLE", "订单当前不能付款，请刷新后查看")
    if not user.wechat_openid:
        raise AppError("WECHAT_LOGIN_REQUIRED", "请先使用微信登录，再进行微信支付", 409)
    payment = db.session.execute(select(Payment).where(Payment.order_id == order.id)).scalar_one_or_none()
    if payment is None:
        payment = Payment(
            order_id=order.id, out_trade_no=order.order_no, amount=order.pay_amount, payer_openid=user.wechat_openid
        )
        db.session.add(payment)
        db.session.flush()
    description = "、".join(line.name for line in order.lines)[:120] or "大闸蟹订单"
    payment.prepay_id = get_provider().prepay(payment.out_trade_no, description, payment.amount, user.wechat_openid)
    db.session.flush()
    return {
        "payment_id": payment.id,
        "out_trade_no": payment.out_trade_no,
        "amount": payment.amount,
        "pay_params": get_provider().pay_params(payment.prepay_id),
    }


# What a rejected notification may cost us: anyone can post one, so its record is bounded (about 6 KB at most).
KEPT_NOTIFY_HEADERS = (
    "Wechatpay-Serial",
    "Wechatpay-Signature",
    "Wechatpay-Signature-Type",
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Content-Type",
    "User-Agent",
    "Request-Id",
)
HEADER_VALUE_LIMIT = 512
REJECTED_BODY_LIMIT = 4096
VERIFIED_BODY_LIMIT = 20000  # signed by WeChat Pay: its size is theirs, not an attacker's
NOTIFY_REJECT_WINDOW = 60


def _clean_text(value: str, limit: int) -> str:
    """Text PostgreSQL accepts (NUL escaped), cut to `limit` characters with a note of the original length."""
    value = value.replace("\x00", "\\u0000")
    if len(value) <= limit:
        return value
    return f"{value[:limit]}…[已截断，原长 {len(value)} 字符]"


def kept_headers(headers: dict) -> dict:
    """The headers worth keeping of a notification: WeChat Pay's own and a few others, each value truncated."""
    by_name = {str(name).lower(): value for name, value in headers.items()}
    kept = {}
    for name in KEPT_NOTIFY_HEADERS:
        value = by_name.get(name.lower())
        if value is not None:
            kept[name] = _clean_text(str(value), HEADER_VALUE_LIMIT)
    dropped = len(by_name) - len(kept)
    if dropped:
        kept["X-Dropped-Headers"] = str(dropped)
    return kept


def _log_notification(
    outcome: str,
    reason: str,
    headers: dict,
    body: str,
    notification_id="",
    out_trade_no="",
    event_type="",
    own_transaction=False,
) -> None:
    body_limit = REJECTED_BODY_LIMIT if outcome == "rejected" else VERIFIED_BODY_LIMIT
    values = {
        "notification_id": notification_id or "",
        "out_trade_no": out_trade_no or "",
        "event_type": event_type,
        "outcome": outcome,
        "reason": _clean_text(reason, 100)[:128],
        "headers": kept_headers(headers),
        "body": _clean_text(body, body_limit),
        "created_at": clock.utcnow(),
    }
    if own_transaction:
        # A rejected notification leaves the request rolled back; its record must survive that.
        with db.engine.begin() as conn:
            conn.execute(insert(PaymentNotification).values(**values))
    else:
        db.session.add(PaymentNotification(**values))


def _reject_window(ip: str) -> list[Window]:
    limit = current_app.config["PAYMENT_NOTIFY_REJECT_LIMIT"]
    return [Window(f"notify:rejected:{ip_key(ip)}", limit, NOTIFY_REJECT_WINDOW)]


def check_notification_source(ip: str) -> None:
    """Refuse, unread and unrecorded, notifications from an IP that sent too many rejected ones lately (429)."""
    check(_reject_window(ip), "NOTIFICATION_THROTTLED", "通知验证失败次数过多，请 {wait} 秒后再试")


def _reject(kind: str, exc: NotificationRejected, headers: dict, body: str, ip: str) -> None:
    log.warning("%s notification rejected from %s: %s", kind, ip, exc)
    record(_reject_window(ip))
    _log_notification("rejected", str(exc), headers, body, own_transaction=True)


def do_handle_notification(headers: dict, body: str, ip: str = "") -> str:
    """Verify and apply one payment notification. Returns the outcome; raises NotificationRejected."""
    check_notification_source(ip)
    try:
        notification = get_provider().verify_notification(headers, body)
        resource = notification["resource"]
        out_trade_no = resource.get("out_trade_no", "")
        if notification.get("event_type") != "TRANSACTION.SUCCESS" or resource.get("trade_state") != "SUCCESS":
            raise NotificationRejected(f"not a success event: {notification.get('event_type')}")
        config = current_app.config
        if resource.get("mchid") != config["WECHATPAY_MCHID"] or resource.get("appid") != config["WECHAT_APPID"]:
            raise NotificationRejected("mchid or appid mismatch")
        payment = lock_payment(out_trade_no)
        if payment is None:
            raise NotificationRejected(f"unknown out_trade_no {out_trade_no}")
        if (resource.get("amount") or {}).get("total") != payment.amount:
            raise NotificationRejected("amount mismatch")
    except NotificationRejected as exc:
        _reject("payment", exc, headers, body, ip)
        raise
    outcome = apply_success(payment, resource)
    _log_notification(
        outcome, "", headers, body, notification.get("id"), out_trade_no, notification.get("event_type")
    )
    return outcome


def apply_success(payment: Payment, resource: dict) -> str:
    """Record a successful payment once (the payment row is locked by the caller)."""
    if payment.status == "paid":
        return "duplicate"
    payment.status = "paid"
    payment.transaction_id = resource.get("transaction_id")
    payment.paid_at = clock.utcnow()
    payment.provider_payload = resource
    order = lock_order(payment.order_id)
    if order.status == "pending_payment":
        try:
            do_mark_paid(order, note="微信支付成功", details={"transaction_id": payment.transaction_id})
        except Conflict as exc:
            if exc.error_code != "OUT_OF_STOCK":
                raise
            # Stock deducted on payment ran out while the buyer paid: close, refund in full and flag for the
            # console. WeChat gets its success answer (the money is handled), never an endless retry.
            do_close_paid_out_of_stock(order)
            payment.flagged, payment.flag_reason = True, "paid_out_of_stock"
            request_refund(payment, payment.amount, "库存不足，自动退款", f"{payment.out_trade_no}-AUTO")
    else:
        # Paid after the order closed (late notification racing the close job): refund it and flag for finance.
        payment.flagged, payment.flag_reason = True, f"paid_after_{order.status}"
        request_refund(payment, payment.amount, "订单已关闭，自动退款", f"{payment.out_trade_no}-AUTO")
    db.session.flush()
    return "applied"


def request_refund(payment: Payment, amount: int, reason: str, out_refund_no: str) -> Refund:
    """Reserve the amount on the payment (never above what was paid) and send the refund after commit."""
    reserved = db.session.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.refunded_amount + amount <= Payment.amount)
        .values(refunded_amount=Payment.refunded_amount + amount)
    ).rowcount
    if reserved != 1:
        raise Conflict("REFUND_EXCEEDS_PAID", "退款金额超过可退金额")
    refund = Refund(payment_id=payment.id, out_refund_no=out_refund_no, amount=amount, reason=reason)
    db.session.add(refund)
    db.session.flush()
    enqueue(send_refund, refund.id)
    return refund


@job(queue="default", retries=3)
def send_refund(refund_id: int) -> None:
    """Ask the provider to refund; the same out_refund_no makes a retry the same refund."""
    refund = db.session.get(Refund, refund_id)
    if refund is None or refund.status == "succeeded":
        return
    payment = refund.payment
    answer = get_provider().refund(
        payment.out_trade_no, refund.out_refund_no, refund.amount, payment.amount, refund.reason
    )
    refund.refund_id = answer.get("refund_id", "")
    refund.provider_payload = answer
    if answer.get("status") == "SUCCESS":
        mark_refund_succeeded(refund)
    else:
        refund.status = "processing"  # the refund notification (or a later query) finishes it
    db.session.flush()


def mark_refund_succeeded(refund: Refund) -> bool:
    """Once per refund, whichever of the answer, the notification or a query reports it first."""
    flipped = db.session.execute(
        update(Refund).where(Refund.id == refund.id, Refund.status != "succeeded").values(status="succeeded")
    ).rowcount
    db.session.expire(refund, ["status"])
    if flipped == 1:
        publish(REFUND_SUCCEEDED, refund_id=refund.id)
    return flipped == 1


def do_handle_refund_notification(headers: dict, body: str, ip: str = "") -> str:
    check_notification_source(ip)
    try:
        notification = get_provider().verify_notification(headers, body)
        resource = notification["resource"]
        refund = db.session.execute(
            select(Refund).where(Refund.out_refund_no == resource.get("out_refund_no", "")).with_for_update()
        ).scalar_one_or_none()
        if refund is None:
            raise NotificationRejected("unknown out_refund_no")
        if resource.get("mchid") != current_app.config["WECHATPAY_MCHID"]:
            raise NotificationRejected("mchid mismatch")
        if (resource.get("amount") or {}).get("refund") != refund.amount:
            raise NotificationRejected("refund amount mismatch")
    except NotificationRejected as exc:
        _reject("refund", exc, headers, body, ip)
        raise
    refund.refund_id = resource.get("refund_id", refund.refund_id)
    if resource.get("refund_status") == "SUCCESS":
        outcome = "applied" if mark_refund_succeeded(refund) else "duplicate"
    else:
        refund.status = "failed"
        publish(REFUND_FAILED, refund_id=refund.id)
        outcome = "applied"
    _log_notification(
        outcome,
        "",
        headers,
        body,
        notification.get("id"),
        resource.get("out_trade_no", ""),
        notification.get("event_type"),
    )
    return outcome


@job(queue="default", retries=1)
def reconcile_pending_payments(batch: int = 200) -> int:
    """Ask the provider about payments still pending after a while (notifications are not guaranteed)."""
    minutes = current_app.config["PAYMENT_RECONCILE_MINUTES"]
    due = (
        db.session.execute(
            select(Payment.out_trade_no)
            .where(Payment.status == "pending", Payment.created_at <= clock.utcnow() - timedelta(minutes=minutes))
            .order_by(Payment.id)
            .limit(batch)
        )
        .scalars()
        .all()
    )
    applied = 0
    for out_trade_no in due:
        resource = get_provider().query(out_trade_no)
        if not resource or resource.get("trade_state") != "SUCCESS":
            continue
        payment = lock_payment(out_trade_no)
        if resource.get("amount", {}).get("total") != payment.amount:
            log.error("reconciliation amount mismatch for %s", out_trade_no)
            continue
        if apply_success(payment, resource) == "applied":
            applied += 1
    return applied


periodic(every_seconds=120)(reconcile_pending_payments)


def get_payment_for_order(user, order_id: int) -> Payment:
    get_own_order(user, order_id)
    payment = db.session.execute(select(Payment).where(Payment.order_id == order_id)).scalar_one_or_none()
    if payment is None:
        raise NotFound("PAYMENT_NOT_FOUND", "该订单还没有发起支付")
    return payment


def anomaly_query(kind: str):
    if kind == "paid_after_close":
        return select(Payment).where(Payment.flagged.is_(True))
    minutes = current_app.config["PAYMENT_RECONCILE_MINUTES"]
    return select(Payment).where(
        Payment.status == "pending", Payment.created_at <= clock.utcnow() - timedelta(minutes=minutes)
    )


def order_payment_and_refunds(order_id: int) -> dict:
    payment = db.session.execute(select(Payment).where(Payment.order_id == order_id)).scalar_one_or_none()
    refunds = (
        []
        if payment is None
        else db.session.execute(select(Refund).where(Refund.payment_id == payment.id).order_by(Refund.id))
        .scalars()
        .all()
    )
    return {"payment": payment, "refunds": list(refunds)}
