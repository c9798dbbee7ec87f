"""After-sales (spec 03): cases on paid orders, the merchant's decisions, refunds through the original route.

- One open case per order (row lock on the order, and a partial unique index).
- The amount is at most what is still refundable (paid − refunded); the refund reserves its amount on the payment
  with a conditional update, so concurrent refunds can never add up to more than was paid.
- When a refund succeeds the case is refunded, each concerned line is announced (order.line_refunded) for the
  dealer, profit and settlement domains, and a fully refunded order closes.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..core import clock, uploads
from ..core.events import ORDER_LINE_REFUNDED, REFUND_FAILED, REFUND_SUCCEEDED, publish, subscribe
from ..core.pagination import keyword_filter
from ..core.schemas import SHANGHAI
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..orders.models import Order
from ..orders.services import get_own_order, lock_order, transition
from ..payments.models import Payment
from ..payments.services import request_refund
from ..settings.services import get_settings
from .models import OPEN_STATES, AfterSaleCase, AfterSaleEvent
from .states import STATUS_NAMES, next_status

PAID_STATES = ("pending_shipment", "partially_shipped", "shipped", "completed")
REASONS = ("不想要了", "商品破损", "死蟹", "规格不符", "少发漏发", "未收到货", "其他")


def has_open_case(order_id: int) -> bool:
    """For the shipping domain's refund check: is a case still open on this order?"""
    return (
        db.session.execute(
            select(AfterSaleCase.id).where(AfterSaleCase.order_id == order_id, AfterSaleCase.status.in_(OPEN_STATES))
        ).first()
        is not None
    )


def _payment(order: Order) -> Payment:
    payment = db.session.execute(select(Payment).where(Payment.order_id == order.id)).scalar_one_or_none()
    if payment is None or payment.status != "paid":
        raise Conflict("ORDER_NOT_PAID", "订单尚未付款，不能申请售后")
    return payment


def refundable_amount(order: Order) -> int:
    payment = _payment(order)
    return payment.amount - payment.refunded_amount


def _record(case: AfterSaleCase, action: str, before, after, note: str = "") -> None:
    actor = getattr(g, "actor", None)
    db.session.add(
        AfterSaleEvent(
            case_id=case.id,
            action=action,
            from_status=before,
            to_status=after,
            actor_type=actor.kind if actor else "system",
            actor_id=actor.id if actor else None,
            note=note[:200],
        )
    )


def _move(case: AfterSaleCase, action: str, note: str = "") -> AfterSaleCase:
    from ..notifications.services import notify

    before = case.status
    case.status = next_status(before, action)
    if case.status in ("closed", "refunded"):
        case.closed_at = clock.utcnow()
    _record(case, action, before, case.status, note)
    db.session.flush()
    notify(
        case.user_id,
        "aftersale",
        f"售后{STATUS_NAMES[case.status]}",
        f"{case.case_no}：{note or STATUS_NAMES[case.status]}",
        order_id=case.order_id,
        case_id=case.id,
    )
    return case


def _check_lines(order: Order, lines: list[dict]) -> None:
    own = {line.id: line for line in order.lines}
    for index, entry in enumerate(lines, start=1):
        line = own.get(entry["line_id"])
        if line is None:
            raise ValidationFailed({"lines": [f"第 {index} 项不是该订单的商品"]})
        if entry["quantity"] > line.quantity:
            raise ValidationFailed({"lines": [f"「{line.name}」最多 {line.quantity} 件"]})


def do_open_case(user, order_id: int, values: dict) -> AfterSaleCase:
    get_own_order(user, order_id)
    order = lock_order(order_id)
    if order.status not in PAID_STATES:
        raise Conflict("ORDER_NOT_ELIGIBLE", "该订单当前不能申请售后")
    if order.status == "completed":
        days = get_settings("orders")["after_sales_days"]
        if clock.as_utc(order.completed_at) + timedelta(days=days) < clock.utcnow():
            raise Conflict("AFTERSALE_WINDOW_PASSED", f"已超过收货后 {days} 天的售后期限")
    if has_open_case(order.id):
        raise Conflict("AFTERSALE_ALREADY_OPEN", "该订单已有处理中的售后申请")
    _check_lines(order, values.get("lines", []))
    available = refundable_amount(order)
    if values["amount"] > available:
        raise ValidationFailed(
            {"amount": [f"退款金额不能超过可退金额 {available / 100:.2f} 元"]}, error_code="AMOUNT_EXCEEDS_REFUNDABLE"
        )
    case = AfterSaleCase(
        case_no=f"S{clock.utcnow().astimezone(SHANGHAI):%Y%m%d%H%M%S}{secrets.randbelow(10**6):06d}",
        order_id=order.id,
        user_id=user.id,
        kind=values["kind"],
        lines=values.get("lines", []),
        reason=values["reason"],
        description=values.get("description", ""),
        images=uploads.own_pictures(user.id, values.get("images", [])),
        amount=values["amount"],
        status="awaiting_merchant",
    )
    db.session.add(case)
    db.session.flush()
    _record(case, "open", None, case.status, values["reason"])
    from ..notifications.services import notify

    notify(
        case.user_id,
        "aftersale",
        "售后已提交",
        f"{case.case_no}：已提交，等待商家处理",
        order_id=order.id,
        case_id=case.id,
    )
    return case


def get_case(case_id: int, user=None) -> AfterSaleCase:
    case = db.session.get(AfterSaleCase, case_id)
    if case is None or (user is not None and case.user_id != user.id):
        raise NotFound("AFTERSALE_NOT_FOUND", "售后单不存在")
    return case


def lock_case(case_id: int) -> AfterSaleCase:
    case = db.session.execute(
        select(AfterSaleCase)
        .where(AfterSaleCase.id == case_id)
        .with_for_update(of=AfterSaleCase, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None:
        raise NotFound("AFTERSALE_NOT_FOUND", "售后单不存在")
    return case


def do_buyer_action(user, case_id: int, action: str, note: str = "") -> AfterSaleCase:
    get_case(case_id, user)
    case = lock_case(case_id)
    if action == "buyer_reply":
        case.buyer_note = note
    return _move(case, action, note)


def do_merchant_action(case_id: int, action: str, note: str = "", amount: int | None = None) -> AfterSaleCase:
    case = lock_case(case_id)
    if action == "reject" and not note:
        raise ValidationFailed({"note": ["请填写拒绝原因"]})
    if action == "ask_buyer" and not note:
        raise ValidationFailed({"note": ["请说明需要买家做什么"]})
    case.merchant_note = note or case.merchant_note
    record(
        f"aftersale.{action}",
        "aftersale_case",
        case.id,
        {"status": [case.status, None], "note": [None, note], "amount": [case.amount, amount or case.amount]},
    )
    if action != "approve":
        return _move(case, action, note)
    _move(case, "approve", note)
    if amount is not None and amount != case.amount:
        if amount <= 0 or amount > case.amount:
            raise ValidationFailed({"amount": ["同意退款的金额需大于 0 且不超过申请金额"]})
        case.amount = amount  # the merchant may agree to less than was asked
    payment = db.session.execute(select(Payment).where(Payment.order_id == case.order_id)).scalar_one()
    refund = request_refund(payment, case.amount, f"售后退款 {case.case_no}", case.case_no)
    case.refund_id = refund.id
    db.session.flush()
    return case


@subscribe(REFUND_SUCCEEDED)
def on_refund_succeeded(refund_id: int) -> None:
    case = db.session.execute(select(AfterSaleCase).where(AfterSaleCase.refund_id == refund_id)).scalar_one_or_none()
    if case is None:
        return  # a refund that is not an after-sales case (e.g. the automatic one for a closed order)
    case = lock_case(case.id)
    if case.status != "refunding":
        return
    _move(case, "refund_succeeded", "微信退款成功")
    order = lock_order(case.order_id)
    line_ids = [entry["line_id"] for entry in case.lines] or [line.id for line in order.lines]
    share = _split_by_lines(order, line_ids, case.amount)
    for line_id, amount in share.items():
        publish(ORDER_LINE_REFUNDED, user_id=order.user_id, order_id=order.id, line_id=line_id, amount_fen=amount)
    payment = db.session.execute(select(Payment).where(Payment.order_id == order.id)).scalar_one()
    if payment.refunded_amount >= payment.amount and order.status != "closed":
        transition(order, "refund_all", note="全额退款，订单关闭")
        order.close_reason = "refunded"


@subscribe(REFUND_FAILED)
def on_refund_failed(refund_id: int) -> None:
    case = db.session.execute(select(AfterSaleCase).where(AfterSaleCase.refund_id == refund_id)).scalar_one_or_none()
    if case is not None and case.status == "refunding":
        _move(lock_case(case.id), "refund_failed", "微信退款失败，请重新处理")


def _split_by_lines(order: Order, line_ids: list[int], amount: int) -> dict[int, int]:
    """Spread a refund over lines in proportion to their totals (exact to the fen)."""
    from ..core.money import split_by_weights

    lines = [line for line in order.lines if line.id in line_ids]
    parts = split_by_weights(amount, [line.line_total or 1 for line in lines])
    return {line.id: part for line, part in zip(lines, parts, strict=True)}


def case_query(args: dict):
    query = select(AfterSaleCase)
    if args.get("status"):
        query = query.where(AfterSaleCase.status == args["status"])
    if args.get("order_id"):
        query = query.where(AfterSaleCase.order_id == args["order_id"])
    return keyword_filter(query, args.get("q"), AfterSaleCase.case_no, AfterSaleCase.reason)


def admin_case_query(args: dict):
    """The console's desk: the member filters plus the order number and the member's phone (exact), members loaded
    with the page."""
    from ..identity.models import User

    query = case_query(args).options(selectinload(AfterSaleCase.user))
    if args.get("order_no"):
        query = query.join(Order, Order.id == AfterSaleCase.order_id).where(Order.order_no == args["order_no"].strip())
    if args.get("member_phone"):
        query = query.join(User, User.id == AfterSaleCase.user_id).where(User.phone == args["member_phone"].strip())
    return query


def open_case_count() -> int:
    return db.session.execute(select(func.count()).where(AfterSaleCase.status.in_(("awaiting_merchant",)))).scalar_one()
