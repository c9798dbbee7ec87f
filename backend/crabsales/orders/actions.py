"""What a member may do with their orders now: the state table's actions, plus `aftersale` (ask for a refund) and
`review` (review a line), which depend on other domains' rows. A list attaches them for its whole page in at most
three queries; an answer about one order attaches them on first use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..core import clock
from ..extensions import db
from ..settings.services import get_settings
from .models import Order
from .states import allowed_actions


def attach_member_actions(orders: list[Order]) -> None:
    from ..aftersales.models import OPEN_STATES, AfterSaleCase
    from ..aftersales.services import PAID_STATES
    from ..payments.models import Payment
    from ..reviews.models import Review

    paid = [order.id for order in orders if order.status in PAID_STATES]
    completed = [order.id for order in orders if order.status == "completed"]
    refundable, open_cases, reviewed = set(), set(), set()
    if paid:
        # The same rules as opening a case: paid, something left to refund, no open case, inside the window.
        refundable = set(
            db.session.execute(
                select(Payment.order_id).where(
                    Payment.order_id.in_(paid), Payment.status == "paid", Payment.amount > Payment.refunded_amount
                )
            ).scalars()
        )
        open_cases = set(
            db.session.execute(
                select(AfterSaleCase.order_id).where(
                    AfterSaleCase.order_id.in_(paid), AfterSaleCase.status.in_(OPEN_STATES)
                )
            ).scalars()
        )
    if completed:
        reviewed = set(db.session.execute(select(Review.order_line_id).where(Review.order_id.in_(completed))).scalars())
        window = timedelta(days=get_settings("orders")["after_sales_days"])
    now = clock.utcnow()
    for order in orders:
        actions = allowed_actions(order.status)
        if (
            order.id in refundable
            and order.id not in open_cases
            and (order.status != "completed" or clock.as_utc(order.completed_at) + window >= now)
        ):
            actions.append("aftersale")
        if order.status == "completed" and any(line.id not in reviewed for line in order.lines):
            actions.append("review")
        order.member_actions = actions


def member_actions(order: Order) -> list[str]:
    if getattr(order, "member_actions", None) is None:
        attach_member_actions([order])
    return order.member_actions
