"""The member order state machine as a table (spec 03). An illegal transition raises a 409."""

from __future__ import annotations

from enum import StrEnum

from ..errors import Conflict


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PENDING_SHIPMENT = "pending_shipment"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CLOSED = "closed"


S = OrderStatus

TRANSITIONS: dict[tuple[OrderStatus, str], OrderStatus] = {
    (S.PENDING_PAYMENT, "pay"): S.PENDING_SHIPMENT,
    (S.PENDING_PAYMENT, "cancel"): S.CLOSED,
    (S.PENDING_PAYMENT, "auto_close"): S.CLOSED,
    (S.PENDING_SHIPMENT, "ship_part"): S.PARTIALLY_SHIPPED,
    (S.PENDING_SHIPMENT, "ship_all"): S.SHIPPED,
    (S.PARTIALLY_SHIPPED, "ship_part"): S.PARTIALLY_SHIPPED,
    (S.PARTIALLY_SHIPPED, "ship_all"): S.SHIPPED,
    (S.SHIPPED, "confirm_receipt"): S.COMPLETED,
    (S.SHIPPED, "auto_confirm"): S.COMPLETED,
    (S.PENDING_SHIPMENT, "refund_all"): S.CLOSED,
    (S.PARTIALLY_SHIPPED, "refund_all"): S.CLOSED,
    (S.SHIPPED, "refund_all"): S.CLOSED,
    (S.COMPLETED, "refund_all"): S.CLOSED,
}

# What a member may do in each state (the client draws its buttons from this).
MEMBER_ACTIONS = {"pay", "cancel", "confirm_receipt"}
STATUS_NAMES = {
    S.PENDING_PAYMENT: "待付款",
    S.PENDING_SHIPMENT: "待发货",
    S.PARTIALLY_SHIPPED: "部分发货",
    S.SHIPPED: "待收货",
    S.COMPLETED: "已完成",
    S.CLOSED: "已关闭",
}
ACTION_NAMES = {
    "pay": "付款",
    "cancel": "取消订单",
    "auto_close": "超时关闭",
    "ship_part": "部分发货",
    "ship_all": "发货",
    "confirm_receipt": "确认收货",
    "auto_confirm": "自动确认收货",
    "refund_all": "全额退款关闭",
}


def next_status(status: str, action: str) -> OrderStatus:
    try:
        return TRANSITIONS[(OrderStatus(status), action)]
    except (KeyError, ValueError):
        raise Conflict(
            "ORDER_STATE_CONFLICT",
            f"订单当前状态为「{STATUS_NAMES.get(status, status)}」，不能{ACTION_NAMES.get(action, action)}",
        ) from None


def allowed_actions(status: str, actions: set[str] = MEMBER_ACTIONS) -> list[str]:
    return sorted(a for (s, a) in TRANSITIONS if s == status and a in actions)
