"""Member notifications: an in-app message for every order state change and after-sales step, and a WeChat
subscribe message when a template is configured (sent by a job after commit; the platform allows one send per
consent, so a refused send is logged, never retried forever).

A subscribe message spends one of the member's one-time consents, so it is not sent for a submitted order: the
member is looking at the payment page at that moment, and the consent is worth more for the payment, the shipment
or the refund that follow."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import func, inspect, select, update

from ..core.events import ORDER_STATUS_CHANGED, subscribe
from ..core.jobs import enqueue_with, job
from ..extensions import db
from ..orders.states import STATUS_NAMES
from .models import Notification

log = logging.getLogger(__name__)

ORDER_MESSAGES = {
    "create": "订单已提交，请在规定时间内完成付款",
    "pay": "付款成功，我们将尽快为您发货",
    "cancel": "订单已取消",
    "auto_close": "订单超时未付款，已自动关闭",
    "ship_part": "订单部分商品已发货",
    "ship_all": "订单已发货，请留意物流信息",
    "confirm_receipt": "您已确认收货，欢迎评价",
    "auto_confirm": "订单已自动确认收货，欢迎评价",
    "refund_all": "订单已全额退款并关闭",
}
# Order actions that stay in the app only (see the module's note).
IN_APP_ONLY_ORDER_ACTIONS = frozenset({"create"})


def notify(
    user_id: int, kind: str, title: str, content: str, order_id=None, case_id=None, push: bool = True
) -> Notification:
    """An in-app message, and (`push`, when a template is configured) a subscribe message after the commit."""
    note = Notification(
        user_id=user_id, kind=kind, title=title[:32], content=content[:200], order_id=order_id, case_id=case_id
    )
    db.session.add(note)  # inserted by the next flush (at the latest the commit's): no flush of its own
    if push and current_app.config.get("WECHAT_TEMPLATE_ORDER_STATUS"):
        enqueue_with(send_subscribe_message, lambda: (inspect(note).identity[0],))
    return note


@subscribe(ORDER_STATUS_CHANGED)
def on_order_status_changed(order, action: str, **_) -> None:
    message = ORDER_MESSAGES.get(action)
    if message:
        notify(
            order.user_id,
            "order",
            f"订单{STATUS_NAMES.get(order.status, '')}",
            f"{order.order_no}：{message}",
            order_id=order.id,
            push=action not in IN_APP_ONLY_ORDER_ACTIONS,
        )


@job(queue="default", retries=0)
def send_subscribe_message(notification_id: int) -> None:
    from ..identity.models import User
    from ..integrations.wechat import get_wechat

    found = db.session.execute(
        select(Notification, User.wechat_openid)
        .join(User, User.id == Notification.user_id)
        .where(Notification.id == notification_id)
    ).first()
    if found is None or not found.wechat_openid:
        return
    note, openid = found
    data = {
        "thing1": {"value": note.title[:20]},
        "thing2": {"value": note.content[:20]},
        "character_string3": {"value": str(note.order_id or note.case_id or "")[:32]},
    }
    try:
        page = (
            f"pages/aftersale/detail/index?id={note.case_id}"
            if note.case_id
            else f"pages/order/detail/index?id={note.order_id or ''}"
        )
        get_wechat().send_subscribe_message(openid, current_app.config["WECHAT_TEMPLATE_ORDER_STATUS"], data, page=page)
    except Exception as exc:  # a member who gave no consent is normal; the in-app message stays
        log.info("subscribe message not sent: %s", exc)


def unread_count(user) -> int:
    return db.session.execute(
        select(func.count()).where(Notification.user_id == user.id, Notification.is_read.is_(False))
    ).scalar_one()


def do_mark_read(user, ids: list[int] | None) -> None:
    query = update(Notification).where(Notification.user_id == user.id, Notification.is_read.is_(False))
    if ids:
        query = query.where(Notification.id.in_(ids))
    db.session.execute(query.values(is_read=True))
