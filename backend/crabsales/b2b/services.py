"""B2B ordering for flagship stores (spec 04): goods at the store's tier-1 price, a cart, orders paid from stored
value (a ledger posting) or by an offline transfer that finance confirms.

State table (an illegal move is a 409):

    pending_payment      --pay (stored value)-->        pending_shipment
    pending_payment      --report_transfer-->           pending_confirmation
    pending_confirmation --confirm_transfer (finance)-> pending_shipment
    pending_confirmation --reject_transfer (finance)--> pending_payment
    pending_payment / pending_confirmation / pending_shipment --cancel--> cancelled
    pending_shipment     --ship--> shipped --receive--> completed      (driven by the fulfilment domain)

Stock is taken with a conditional decrement when the order is created and given back exactly once when it is
cancelled. A cancelled order that was paid from stored value is paid back by a ledger entry in the same transaction.
"""

from __future__ import annotations

import secrets

from flask import g
from sqlalchemy import delete, select, update

from ..catalog.models import CatalogItem
from ..catalog.pricing import dealer_price, line_total
from ..core import clock
from ..core.models import lock_row
from ..core.pagination import keyword_filter
from ..core.schemas import SHANGHAI
from ..dealers.models import Dealer
from ..dealers.services import tier1_account_for_posting
from ..dealers.staff import DealerActor, log_operation
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..ledgers.services import Leg, post
from .models import B2BCartLine, B2BOrder, B2BOrderEvent, B2BOrderLine

ORDERABLE_KINDS = ("package", "product")
MAX_QUANTITY = 100_000
MAX_LINES = 50

TRANSITIONS = {
    ("pending_payment", "pay"): "pending_shipment",
    ("pending_payment", "report_transfer"): "pending_confirmation",
    ("pending_confirmation", "confirm_transfer"): "pending_shipment",
    ("pending_confirmation", "reject_transfer"): "pending_payment",
    ("pending_payment", "cancel"): "cancelled",
    ("pending_confirmation", "cancel"): "cancelled",
    ("pending_shipment", "cancel"): "cancelled",
    ("pending_shipment", "ship"): "shipped",
    ("shipped", "receive"): "completed",
}
STATUS_NAMES = {
    "pending_payment": "待付款",
    "pending_confirmation": "待确认收款",
    "pending_shipment": "待发货",
    "shipped": "已发货",
    "completed": "已完成",
    "cancelled": "已取消",
}
ACTION_NAMES = {
    "create": "下单",
    "pay": "储值支付",
    "report_transfer": "提交线下转账",
    "confirm_transfer": "确认收款",
    "reject_transfer": "驳回转账",
    "cancel": "取消订单",
    "ship": "发货",
    "receive": "确认收货",
}
# What the store may do itself in each state (the dealer can cancel only before paying).
DEALER_ACTIONS = {"pay", "report_transfer"}


def next_status(status: str, action: str) -> str:
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise Conflict(
            "B2B_ORDER_STATE_CONFLICT",
            f"订单当前状态为「{STATUS_NAMES.get(status, status)}」，不能{ACTION_NAMES.get(action, action)}",
        )
    return target


def dealer_allowed_actions(order: B2BOrder) -> list[str]:
    actions = [a for (s, a) in TRANSITIONS if s == order.status and a in DEALER_ACTIONS]
    if order.status == "pending_payment":
        actions.append("cancel")
    return sorted(actions)


ADMIN_ACTIONS = {"confirm_transfer", "reject_transfer", "cancel"}


def admin_allowed_actions(order: B2BOrder) -> list[str]:
    """What the console may do now (finance decides transfers; the platform cancels before shipment)."""
    return sorted(a for (s, a) in TRANSITIONS if s == order.status and a in ADMIN_ACTIONS)


def check_flagship(dealer: Dealer) -> None:
    if dealer.tier != 1 or dealer.kind != "flagship_store":
        raise Conflict("B2B_FLAGSHIP_ONLY", "只有专卖店可以进货下单")


# ---- items and cart --------------------------------------------------------------------------------------------------


def item_query(q: str | None):
    query = select(CatalogItem).where(
        CatalogItem.kind.in_(ORDERABLE_KINDS), CatalogItem.deleted_at.is_(None), CatalogItem.is_on_shelf.is_(True)
    )
    return keyword_filter(query, q, CatalogItem.name)


def _orderable(item_id: int) -> CatalogItem:
    item = db.session.get(CatalogItem, item_id)
    if item is None or item.kind not in ORDERABLE_KINDS or item.deleted_at is not None or not item.is_on_shelf:
        raise NotFound("ITEM_NOT_ON_SALE", "商品不存在或已下架")
    return item


def price_for(dealer: Dealer, item: CatalogItem) -> int:
    return dealer_price(item.retail_price, dealer.discount_rate_bp)


def attach_prices(dealer: Dealer, items: list[CatalogItem]) -> list[CatalogItem]:
    """Set `unit_price` (the store's tier-1 price) on a page of items, for the answer only."""
    for item in items:
        item.unit_price = price_for(dealer, item)
    return items


def cart(dealer: Dealer) -> dict:
    lines = (
        db.session.execute(select(B2BCartLine).where(B2BCartLine.dealer_id == dealer.id).order_by(B2BCartLine.id))
        .scalars()
        .all()
    )
    answer = []
    for line in lines:
        item = line.item
        price = price_for(dealer, item)
        answer.append(
            {
                "id": line.id,
                "item_id": item.id,
                "name": item.name,
                "cover_url": item.cover_url,
                "unit_price": price,
                "quantity": line.quantity,
                "line_total": line_total(price, line.quantity),
                "stock": item.stock,
                "on_sale": item.deleted_at is None and item.is_on_shelf,
            }
        )
    return {"lines": answer, "total": sum(line["line_total"] for line in answer if line["on_sale"])}


def do_add_to_cart(dealer: Dealer, item_id: int, quantity: int) -> dict:
    check_flagship(dealer)
    _orderable(item_id)
    line = db.session.execute(
        select(B2BCartLine).where(B2BCartLine.dealer_id == dealer.id, B2BCartLine.item_id == item_id)
    ).scalar_one_or_none()
    if line is None:
        count = db.session.execute(select(B2BCartLine.id).where(B2BCartLine.dealer_id == dealer.id)).all()
        if len(count) >= MAX_LINES:
            raise Conflict("CART_FULL", f"进货车最多 {MAX_LINES} 种商品")
        db.session.add(B2BCartLine(dealer_id=dealer.id, item_id=item_id, quantity=quantity))
    else:
        line.quantity = min(line.quantity + quantity, MAX_QUANTITY)
    db.session.flush()
    return cart(dealer)


def _own_line(dealer: Dealer, line_id: int) -> B2BCartLine:
    line = db.session.get(B2BCartLine, line_id)
    if line is None or line.dealer_id != dealer.id:
        raise NotFound("CART_LINE_NOT_FOUND", "进货车中没有这件商品")
    return line


def do_update_cart_line(dealer: Dealer, line_id: int, quantity: int) -> dict:
    _own_line(dealer, line_id).quantity = quantity
    db.session.flush()
    return cart(dealer)


def do_remove_cart_line(dealer: Dealer, line_id: int) -> dict:
    db.session.delete(_own_line(dealer, line_id))
    db.session.flush()
    return cart(dealer)


# ---- orders ----------------------------------------------------------------------------------------------------------


def _new_order_no() -> str:
    now = clock.utcnow().astimezone(SHANGHAI)
    return f"B{now:%Y%m%d%H%M%S}{secrets.randbelow(10**9):09d}"


def _actor_name() -> str:
    actor = getattr(g, "actor", None)
    return actor.name if actor else "系统"


def _record(order: B2BOrder, action: str, from_status: str | None, note: str = "", details: dict | None = None):
    actor = getattr(g, "actor", None)
    db.session.add(
        B2BOrderEvent(
            order_id=order.id,
            action=action,
            from_status=from_status,
            to_status=order.status,
            actor_type=actor.kind if actor else "system",
            actor_id=actor.id if actor else None,
            actor_name=_actor_name(),
            note=note[:200],
            details=details or {},
        )
    )


def transition(order: B2BOrder, action: str, note: str = "", details: dict | None = None) -> B2BOrder:
    before = order.status
    order.status = next_status(before, action)
    _record(order, action, before, note, details)
    db.session.flush()
    return order


def _requested_lines(dealer: Dealer, values: dict) -> list[tuple[CatalogItem, int]]:
    if values.get("from_cart"):
        pairs = [(line.item_id, line.quantity) for line in cart_lines(dealer)]
    else:
        pairs = [(line["item_id"], line["quantity"]) for line in values.get("lines") or []]
    if not pairs:
        raise ValidationFailed({"lines": ["请选择要进货的商品"]}, error_code="B2B_ORDER_EMPTY")
    merged: dict[int, int] = {}
    for item_id, quantity in pairs:
        merged[item_id] = merged.get(item_id, 0) + quantity
    if len(merged) > MAX_LINES or any(q > MAX_QUANTITY for q in merged.values()):
        raise ValidationFailed({"lines": [f"最多 {MAX_LINES} 种商品，每种不超过 {MAX_QUANTITY} 件"]})
    return [(_orderable(item_id), quantity) for item_id, quantity in sorted(merged.items())]


def cart_lines(dealer: Dealer) -> list[B2BCartLine]:
    return db.session.execute(select(B2BCartLine).where(B2BCartLine.dealer_id == dealer.id)).scalars().all()


def do_create_order(actor: DealerActor, values: dict) -> B2BOrder:
    dealer = actor.dealer
    check_flagship(dealer)
    requested = _requested_lines(dealer, values)
    order = B2BOrder(
        order_no=_new_order_no(),
        dealer_id=dealer.id,
        status="pending_payment",
        goods_amount=0,
        created_by_user_id=g.user.id,
        **{
            k: values.get(k, "")
            for k in ("receiver_name", "receiver_phone", "province", "city", "district", "address_detail", "remark")
        },
    )
    for item, quantity in requested:
        price = price_for(dealer, item)
        order.lines.append(
            B2BOrderLine(
                item_id=item.id,
                item_kind=item.kind,
                name=item.name,
                cover_url=item.cover_url,
                retail_price=item.retail_price,
                unit_price=price,
                quantity=quantity,
                line_total=line_total(price, quantity),
            )
        )
    order.goods_amount = sum(line.line_total for line in order.lines)
    if order.goods_amount <= 0:
        raise ValidationFailed({"lines": ["订单金额必须大于 0"]})
    db.session.add(order)
    db.session.flush()
    # Stock last, in item-id order: the hot rows are held for the shortest time and never in opposite orders.
    for item, quantity in requested:
        taken = db.session.execute(
            update(CatalogItem)
            .where(CatalogItem.id == item.id, CatalogItem.stock >= quantity)
            .values(stock=CatalogItem.stock - quantity)
        ).rowcount
        if taken != 1:
            raise Conflict("OUT_OF_STOCK", f"「{item.name}」库存不足，请减少数量或稍后再试", item_id=item.id)
    order.stock_reserved = True
    _record(order, "create", None)
    if values.get("from_cart"):
        db.session.execute(
            delete(B2BCartLine).where(
                B2BCartLine.dealer_id == dealer.id, B2BCartLine.item_id.in_([i.id for i, _ in requested])
            )
        )
    summary = f"进货下单 {order.order_no}，金额 {order.goods_amount / 100:.2f} 元"
    log_operation(actor, "b2b_order.create", summary, {"id": order.id})
    db.session.flush()
    return order


def lock_order(order_id: int, dealer_id: int | None = None) -> B2BOrder:
    order = lock_row(B2BOrder, order_id)
    if order is None or (dealer_id is not None and order.dealer_id != dealer_id):
        raise NotFound("B2B_ORDER_NOT_FOUND", "进货订单不存在")
    return order


def get_order(order_id: int, dealer_id: int | None = None) -> B2BOrder:
    order = db.session.get(B2BOrder, order_id)
    if order is None or (dealer_id is not None and order.dealer_id != dealer_id):
        raise NotFound("B2B_ORDER_NOT_FOUND", "进货订单不存在")
    return order


def do_pay_with_stored_value(actor: DealerActor, order_id: int) -> B2BOrder:
    order = lock_order(order_id, actor.dealer.id)
    next_status(order.status, "pay")  # refuse before touching money
    account = tier1_account_for_posting(order.dealer_id, "stored_value")
    post([Leg(account.id, -order.goods_amount, "b2b_order")], ref=("b2b_order", order.id), note=order.order_no)
    order.pay_method, order.paid_at = "stored_value", clock.utcnow()
    transition(order, "pay")
    summary = f"储值支付进货订单 {order.order_no}，{order.goods_amount / 100:.2f} 元"
    log_operation(actor, "b2b_order.pay", summary, {"id": order.id})
    return order


def do_report_transfer(actor: DealerActor, order_id: int, reference: str, note: str) -> B2BOrder:
    order = lock_order(order_id, actor.dealer.id)
    order.pay_method, order.transfer_reference = "offline_transfer", reference
    transition(order, "report_transfer", note, {"reference": reference})
    log_operation(actor, "b2b_order.transfer", f"进货订单 {order.order_no} 提交线下转账 {reference}", {"id": order.id})
    return order


def do_decide_transfer(order_id: int, approve: bool, reason: str) -> B2BOrder:
    order = lock_order(order_id)
    if approve:
        order.paid_at = clock.utcnow()
        transition(order, "confirm_transfer", reason)
    else:
        if not reason:
            raise ValidationFailed({"reason": ["请填写驳回原因"]})
        transition(order, "reject_transfer", reason)
        order.pay_method = None
    return order


def _cancel(order: B2BOrder, reason: str) -> B2BOrder:
    paid_from_stored_value = order.status == "pending_shipment" and order.pay_method == "stored_value"
    transition(order, "cancel", reason)
    order.cancelled_at, order.cancel_reason = clock.utcnow(), reason
    flipped = db.session.execute(
        update(B2BOrder).where(B2BOrder.id == order.id, B2BOrder.stock_reserved.is_(True)).values(stock_reserved=False)
    ).rowcount
    if flipped == 1:
        for line in order.lines:
            stock = CatalogItem.stock + line.quantity
            db.session.execute(update(CatalogItem).where(CatalogItem.id == line.item_id).values(stock=stock))
    if paid_from_stored_value:
        account = tier1_account_for_posting(order.dealer_id, "stored_value")
        post([Leg(account.id, order.goods_amount, "b2b_refund")], ref=("b2b_order", order.id), note=reason)
    db.session.flush()
    db.session.expire(order, ["stock_reserved"])
    return order


def do_dealer_cancel(actor: DealerActor, order_id: int, reason: str) -> B2BOrder:
    order = lock_order(order_id, actor.dealer.id)
    if order.status != "pending_payment":
        raise Conflict("B2B_ORDER_STATE_CONFLICT", "只能取消待付款的订单，已付款的订单请联系平台处理")
    _cancel(order, reason)
    log_operation(actor, "b2b_order.cancel", f"取消进货订单 {order.order_no}", {"id": order.id})
    return order


def do_admin_cancel(order_id: int, reason: str) -> B2BOrder:
    """The platform cancels; stored value paid goes back by a ledger entry (an offline transfer is returned offline,
    which the reason records)."""
    return _cancel(lock_order(order_id), reason)


def order_query(args: dict, dealer_id: int | None = None):
    query = select(B2BOrder)
    if dealer_id is not None:
        query = query.where(B2BOrder.dealer_id == dealer_id)
    elif args.get("dealer_id"):
        query = query.where(B2BOrder.dealer_id == args["dealer_id"])
    if args.get("status"):
        query = query.where(B2BOrder.status == args["status"])
    return keyword_filter(query, args.get("q"), B2BOrder.order_no)
