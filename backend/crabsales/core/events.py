"""In-process domain events. Handlers run synchronously inside the publisher's transaction, so a reaction (a member
upgrade, a pending earning) commits or rolls back together with the change that caused it. Work that must leave the
process (SMS, WeChat) is enqueued by handlers as a job, which runs only after commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_HANDLERS: dict[str, list[Callable]] = defaultdict(list)

# Event names and their payloads (keyword arguments), so publishers and subscribers agree.
ORDER_PAID = "order.paid"  # user_id, order_id, amount_fen, paid_at
ORDER_LINE_PAID = "order.line_paid"  # user_id, order_id, line_id, item_id, quantity, amount_fen
ORDER_LINE_REFUNDED = "order.line_refunded"  # user_id, order_id, line_id, amount_fen
ORDER_LINE_COMPLETED = "order.line_completed"  # user_id, order_id, line_id, item_id, quantity
ORDER_COMPLETED = "order.completed"  # user_id, order_id
REFUND_SUCCEEDED = "refund.succeeded"  # refund_id
REFUND_FAILED = "refund.failed"  # refund_id
ORDER_STATUS_CHANGED = "order.status_changed"  # order, action, from_status


def subscribe(event: str):
    def decorator(handler: Callable) -> Callable:
        _HANDLERS[event].append(handler)
        return handler

    return decorator


def unsubscribe(event: str, handler: Callable) -> None:
    _HANDLERS[event].remove(handler)


def publish(event: str, **payload) -> None:
    for handler in _HANDLERS[event]:
        handler(**payload)
