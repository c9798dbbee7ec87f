"""The after-sales state machine (spec 03) as a table."""

from __future__ import annotations

from ..errors import Conflict

TRANSITIONS = {
    ("awaiting_merchant", "approve"): "refunding",
    ("awaiting_merchant", "reject"): "closed",
    ("awaiting_merchant", "ask_buyer"): "awaiting_buyer",
    ("awaiting_buyer", "buyer_reply"): "awaiting_merchant",
    ("awaiting_merchant", "withdraw"): "closed",
    ("awaiting_buyer", "withdraw"): "closed",
    ("refunding", "refund_succeeded"): "refunded",
    ("refunding", "refund_failed"): "awaiting_merchant",
}
STATUS_NAMES = {
    "awaiting_merchant": "待商家处理",
    "awaiting_buyer": "待买家处理",
    "refunding": "退款中",
    "refunded": "已退款",
    "closed": "已关闭",
}
ACTION_NAMES = {
    "approve": "同意退款",
    "reject": "拒绝",
    "ask_buyer": "要求买家处理",
    "buyer_reply": "买家回复",
    "withdraw": "撤销申请",
    "refund_succeeded": "退款成功",
    "refund_failed": "退款失败",
}
BUYER_ACTIONS = {"buyer_reply", "withdraw"}
MERCHANT_ACTIONS = {"approve", "reject", "ask_buyer"}


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise Conflict(
            "AFTERSALE_STATE_CONFLICT",
            f"售后单当前状态为「{STATUS_NAMES.get(status, status)}」，不能{ACTION_NAMES.get(action, action)}",
        ) from None


def allowed_actions(status: str, who: set[str]) -> list[str]:
    return sorted(a for (s, a) in TRANSITIONS if s == status and a in who)
