"""Cart, checkout, idempotent submit with stock reservation, the order state machine, cancel and the timed jobs.

Stock rule: a reservation is a conditional decrement (`stock = stock - q WHERE stock >= q`), never read-then-write,
so two buyers can never both take the last unit. An order gives reserved stock back exactly once: the flag
`stock_reserved` is flipped by a conditional update before anything is returned.
"""

from __future__ import annotations

import functools
import secrets
from datetime import timedelta

from flask import g
from sqlalchemy import delete, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import defer, lazyload

from ..catalog.models import CatalogItem
from ..catalog.pricing import caller_rate, line_total, unit_price
from ..catalog.services import do_add_sales
from ..core import clock
from ..core.events import (
    ORDER_COMPLETED,
    ORDER_LINE_COMPLETED,
    ORDER_LINE_PAID,
    ORDER_PAID,
    ORDER_STATUS_CHANGED,
    publish,
)
from ..core.jobs import job, periodic
from ..core.schemas import SHANGHAI
from ..errors import AppError, Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..identity.addresses import get_address
from ..identity.models import Address
from ..settings.services import get_settings
from . import freight
from .models import CartLine, Order, OrderEvent, OrderLine, SubmitToken
from .states import STATUS_NAMES, next_status

CART_KINDS = ("package",)
BUY_NOW_KINDS = ("package", "physical_card", "ecard")
MAX_CART_LINES = 50
MAX_QUANTITY = 99
SUBMIT_TOKEN_TTL = timedelta(hours=2)
ORDER_NO_PREFIX = {"package": "P", "physical_card": "C", "ecard": "E", "redemption": "R", "b2b": "B"}


# ---- cart ------------------------------------------------------------------------------------------------------------


@functools.cache
def _sellable_load() -> tuple:
    """What selling an item reads: not its category, its long description or (unless it has no weight of its own)
    its contents; those load on first use. (Built on first use: the mappers must be configured by then.)"""
    return (lazyload(CatalogItem.category), lazyload(CatalogItem.contents), defer(CatalogItem.detail_html))


def _sellable(item_id: int, kinds=CART_KINDS) -> CatalogItem:
    item = db.session.get(CatalogItem, item_id, options=_sellable_load())
    if item is None or item.kind not in kinds or item.deleted_at is not None or not item.is_on_shelf:
        raise NotFound("ITEM_NOT_ON_SALE", "商品不存在或已下架")
    return item


def cart_lines(user) -> list[CartLine]:
    lines = (
        db.session.execute(select(CartLine).where(CartLine.user_id == user.id).order_by(CartLine.id.desc()))
        .scalars()
        .all()
    )
    rate = caller_rate(user, getattr(g, "workspace", "member"))
    for line in lines:
        item = line.item
        line.price = unit_price(item.retail_price, rate)
        line.unavailable_reason = _unavailable_reason(item, line.quantity)
        line.available = line.unavailable_reason is None
    return list(lines)


def _unavailable_reason(item: CatalogItem, quantity: int) -> str | None:
    if not item.is_on_shelf or item.deleted_at is not None:
        return "off_shelf"
    if item.stock <= 0:
        return "sold_out"
    return "short" if item.stock < quantity else None


def do_add_to_cart(user, item_id: int, quantity: int) -> CartLine:
    _sellable(item_id)
    line = db.session.execute(
        select(CartLine).where(CartLine.user_id == user.id, CartLine.item_id == item_id)
    ).scalar_one_or_none()
    if line is None:
        count = len(db.session.execute(select(CartLine.id).where(CartLine.user_id == user.id)).all())
        if count >= MAX_CART_LINES:
            raise Conflict("CART_FULL", f"购物车最多放 {MAX_CART_LINES} 种商品")
        line = CartLine(user_id=user.id, item_id=item_id, quantity=0)
        db.session.add(line)
    line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
    line.is_selected = True
    db.session.flush()
    return line


def _own_line(user, line_id: int) -> CartLine:
    line = db.session.get(CartLine, line_id)
    if line is None or line.user_id != user.id:
        raise NotFound("CART_LINE_NOT_FOUND", "购物车中没有这件商品")
    return line


def do_update_cart_line(user, line_id: int, values: dict) -> CartLine:
    line = _own_line(user, line_id)
    if "quantity" in values:
        line.quantity = values["quantity"]
    if "is_selected" in values:
        line.is_selected = values["is_selected"]
    db.session.flush()
    return line


def do_remove_cart_lines(user, line_ids: list[int]) -> None:
    db.session.execute(delete(CartLine).where(CartLine.user_id == user.id, CartLine.id.in_(line_ids)))


def do_select_all(user, selected: bool) -> None:
    db.session.execute(update(CartLine).where(CartLine.user_id == user.id).values(is_selected=selected))


# ---- checkout --------------------------------------------------------------------------------------------------------


def _requested_lines(user, args: dict) -> list[tuple[CatalogItem, int]]:
    """The lines being bought: one item (buy now) or the selected cart lines."""
    if args.get("item_id"):
        return [(_sellable(args["item_id"], BUY_NOW_KINDS), args.get("quantity") or 1)]
    lines = (
        db.session.execute(
            select(CartLine)
            .where(CartLine.user_id == user.id, CartLine.is_selected.is_(True))
            .order_by(CartLine.item_id)
        )
        .scalars()
        .all()
    )
    if not lines:
        raise AppError("CART_EMPTY", "请先选择要结算的商品", 422)
    requested = []
    for line in lines:
        try:
            requested.append((_sellable(line.item_id), line.quantity))
        except NotFound:  # say which selected line stops the checkout, so the buyer can untick it
            raise NotFound(
                "ITEM_NOT_ON_SALE", f"「{line.item.name}」已下架，请取消勾选后再结算", item_id=line.item_id
            ) from None
    return requested


def _default_address(user) -> Address | None:
    """The member's default address (at most one: a unique partial index), or None."""
    return db.session.execute(
        select(Address).where(Address.user_id == user.id, Address.is_default.is_(True)).limit(1)
    ).scalar_one_or_none()


def price_checkout(user, args: dict) -> dict:
    """Lines with the caller's prices, freight for the address, totals. Nothing is written."""
    lines = _requested_lines(user, args)
    kinds = {item.kind for item, _ in lines}
    if len(kinds) > 1:
        raise AppError("MIXED_ORDER_KINDS", "套餐与提货卡请分开下单", 422)
    order_type = kinds.pop()
    address = None
    if order_type != "ecard":  # e-cards go to the wallet
        address_id = args.get("address_id")
        address = _default_address(user) if address_id is None else get_address(user, address_id)
    preview = _price(user, lines, order_type, _address_snapshot(address) if address else None)
    preview["address"] = address
    preview["source"] = "item" if args.get("item_id") else "cart"
    return preview


def _price(user, lines, order_type: str, address: dict | None) -> dict:
    """The caller's prices and the freight to `address` (the order's address columns) for these lines."""
    rate = caller_rate(user, getattr(g, "workspace", "member"))
    priced, goods = [], 0
    for item, qty in lines:
        price = unit_price(item.retail_price, rate)
        total = line_total(price, qty)
        goods += total
        priced.append(
            {"item": item, "quantity": qty, "unit_price": price, "line_total": total, "in_stock": item.stock >= qty}
        )
    freight_quote = None
    if address is not None:
        freight_quote = freight.quote_lines(lines, address["province"], address["city"], goods)
    freight_amount = freight_quote.amount if freight_quote else 0
    return {
        "order_type": order_type,
        "lines": priced,
        "needs_address": order_type != "ecard",
        "goods_amount": goods,
        "freight_amount": freight_amount,
        "discount_amount": 0,
        "pay_amount": goods + freight_amount,
        "chargeable_weight_g": freight_quote.chargeable_weight_g if freight_quote else 0,
    }


def do_preview_checkout(user, args: dict) -> dict:
    """Price the checkout and issue the submit token the client must send with the order. The token keeps what was
    priced, so the submit rebuilds exactly this order from it."""
    preview = price_checkout(user, args)
    address = preview["address"]
    checkout = {
        "source": preview["source"],
        "order_type": preview["order_type"],
        "lines": [
            {
                "item_id": line["item"].id,
                "quantity": line["quantity"],
                "unit_price": line["unit_price"],
                "line_total": line["line_total"],
            }
            for line in preview["lines"]
        ],
        "address_id": address.id if address else None,
        "address": _address_snapshot(address) if address else None,
        **{key: preview[key] for key in ("goods_amount", "freight_amount", "discount_amount", "pay_amount")},
    }
    token = SubmitToken(
        token=secrets.token_urlsafe(24),
        user_id=user.id,
        checkout=checkout,
        expires_at=clock.utcnow() + SUBMIT_TOKEN_TTL,
    )
    db.session.add(token)
    db.session.flush()
    preview["submit_token"] = token.token
    return preview


def _new_order_no(order_type: str) -> str:
    """Prefix, the second in Shanghai time, 9 random digits (24 characters, the column's width). With 6 digits two
    orders of one second collided about every ten minutes at 60 orders/s (the unique index refused the second
    order: a 409 for the buyer); with 9 digits, about once a week at that rate."""
    now = clock.utcnow().astimezone(SHANGHAI)
    return f"{ORDER_NO_PREFIX[order_type]}{now:%Y%m%d%H%M%S}{secrets.randbelow(10**9):09d}"


def reserve_stock(item_id: int, quantity: int, name: str) -> None:
    taken = db.session.execute(
        update(CatalogItem)
        .where(CatalogItem.id == item_id, CatalogItem.stock >= quantity)
        .values(stock=CatalogItem.stock - quantity)
    ).rowcount
    if taken != 1:
        raise Conflict("OUT_OF_STOCK", f"「{name}」库存不足，请减少数量或稍后再试", item_id=item_id)


def _same_checkout(checkout: dict, args: dict) -> bool:
    """What the submit still sends (item, quantity, address: all optional) must be what the token was priced for."""
    line = checkout["lines"][0]
    if args.get("item_id") is not None:
        if checkout["source"] != "item" or args["item_id"] != line["item_id"]:
            return False
        if args.get("quantity") is not None and args["quantity"] != line["quantity"]:
            return False
    return args.get("address_id") is None or args["address_id"] == checkout["address_id"]


def _priced_lines(checkout: dict) -> list[tuple[CatalogItem, int]]:
    """The token's lines as they are now: still on sale (the price is checked by the caller)."""
    kinds = BUY_NOW_KINDS if checkout["source"] == "item" else CART_KINDS
    lines = []
    for line in checkout["lines"]:
        try:
            lines.append((_sellable(line["item_id"], kinds), line["quantity"]))
        except NotFound:
            raise NotFound("ITEM_NOT_ON_SALE", "商品已下架，请返回重新选择", item_id=line["item_id"]) from None
    return lines


def do_submit_order(user, args: dict) -> tuple[Order, bool]:
    """Create the order once per submit token, from what its checkout priced. Returns (order, created_now).
    The token's row lock makes concurrent submits of one token wait for the first, then answer its order."""
    token = db.session.execute(
        select(SubmitToken).where(SubmitToken.token == args["submit_token"]).with_for_update()
    ).scalar_one_or_none()
    if token is None or token.user_id != user.id:
        raise AppError("SUBMIT_TOKEN_INVALID", "订单已失效，请返回重新确认", 409)
    checkout = token.checkout
    if checkout is None:  # issued before tokens kept their checkout
        raise AppError("SUBMIT_TOKEN_EXPIRED", "订单确认页已过期，请返回重新确认", 409)
    if not _same_checkout(checkout, args):
        raise AppError("SUBMIT_TOKEN_MISMATCH", "提交的商品、数量或地址与确认页不一致，请返回重新确认", 422)
    if token.order_id is not None:
        return db.session.get(Order, token.order_id), False  # the same submit again: the same order
    if clock.as_utc(token.expires_at) <= clock.utcnow():
        raise AppError("SUBMIT_TOKEN_EXPIRED", "订单确认页已过期，请返回重新确认", 409)
    address = checkout["address"]
    preview = _price(user, _priced_lines(checkout), checkout["order_type"], address)
    if preview["pay_amount"] != args["expected_pay_amount"]:
        raise Conflict(
            "PRICE_CHANGED",
            "商品价格或运费已变化，请确认新的金额后再提交",
            pay_amount=preview["pay_amount"],
            goods_amount=preview["goods_amount"],
            freight_amount=preview["freight_amount"],
        )
    if preview["needs_address"] and address is None:
        raise ValidationFailed({"address_id": ["请选择收货地址"]})
    settings = get_settings("orders") | get_settings("inventory")
    reserve_now = settings["deduct_stock_on"] == "order"
    now = clock.utcnow()
    order = Order(
        order_no=_new_order_no(preview["order_type"]),
        user_id=user.id,
        order_type=preview["order_type"],
        status="pending_payment",
        goods_amount=preview["goods_amount"],
        freight_amount=preview["freight_amount"],
        discount_amount=0,
        pay_amount=preview["pay_amount"],
        remark=args.get("remark") or "",
        stock_reserved=reserve_now,
        auto_close_at=now + timedelta(minutes=settings["auto_close_minutes"]),
        submit_token_id=token.id,
        **(address or {}),
    )
    order.lines = [
        OrderLine(
            item_id=line["item"].id,
            item_kind=line["item"].kind,
            name=line["item"].name,
            cover_url=line["item"].cover_url,
            retail_price=line["item"].retail_price,
            unit_price=line["unit_price"],
            quantity=line["quantity"],
            line_total=line["line_total"],
        )
        for line in preview["lines"]
    ]
    # The first event goes in with the order (one flush), and the answer's timeline needs no read-back.
    order.events = [_event("create", None, "pending_payment", note="提交订单")]
    db.session.add(order)
    db.session.flush()
    token.order_id = order.id
    publish(ORDER_STATUS_CHANGED, order=order, action="create", from_status=None)
    if checkout["source"] == "cart":
        db.session.execute(
            delete(CartLine).where(
                CartLine.user_id == user.id, CartLine.item_id.in_([line["item"].id for line in preview["lines"]])
            )
        )
    # Stock is taken last, so the hot item's row stays locked for as short a time as possible (the route commits
    # right after this); a refusal rolls the whole order back. Stable order of locks: by item id, so two
    # multi-line orders never wait in a circle.
    for line in sorted(preview["lines"], key=lambda entry: entry["item"].id):
        if reserve_now:
            reserve_stock(line["item"].id, line["quantity"], line["item"].name)
        elif not line["in_stock"]:
            raise Conflict("OUT_OF_STOCK", f"「{line['item'].name}」库存不足，请减少数量或稍后再试")
    db.session.flush()
    return order, True


def _address_snapshot(address) -> dict:
    return {
        "receiver_name": address.receiver_name,
        "receiver_phone": address.receiver_phone,
        "province": address.province,
        "city": address.city,
        "district": address.district,
        "address_detail": address.detail,
    }


# ---- transitions -----------------------------------------------------------------------------------------------------


def _actor() -> tuple[str, int | None]:
    actor = getattr(g, "actor", None)
    return (actor.kind, actor.id) if actor else ("system", None)


def _event(action: str, from_status, to_status, note: str = "", details: dict | None = None) -> OrderEvent:
    actor_type, actor_id = _actor()
    return OrderEvent(
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor_type=actor_type,
        actor_id=actor_id,
        note=note,
        details=details or {},
    )


def _record(order: Order, action: str, from_status, to_status, note: str = "", details: dict | None = None) -> None:
    event = _event(action, from_status, to_status, note, details)
    if "events" in sa_inspect(order).dict:
        order.events.append(event)  # the timeline is loaded (a new order): keep it complete
    else:
        event.order_id = order.id
        db.session.add(event)


def transition(order: Order, action: str, note: str = "", details: dict | None = None) -> Order:
    """Move an order (already row-locked) along the table; record who did it."""
    before = order.status
    order.status = next_status(before, action).value
    now = clock.utcnow()
    if order.status == "closed":
        order.closed_at = now
    elif action == "pay":
        order.paid_at = now
    elif action in ("ship_part", "ship_all") and order.shipped_at is None:
        order.shipped_at = now
    elif order.status == "completed":
        order.completed_at = now
    _record(order, action, before, order.status, note, details)
    db.session.flush()
    publish(ORDER_STATUS_CHANGED, order=order, action=action, from_status=before)
    return order


def lock_order(order_id: int) -> Order:
    order = db.session.execute(
        select(Order)
        .where(Order.id == order_id)
        .with_for_update(of=Order, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", "订单不存在")
    return order


def do_close_paid_out_of_stock(order: Order) -> Order:
    """The buyer paid, but the stock (deducted on payment) ran out meanwhile: the order closes; the payment domain
    refunds the money and flags the payment."""
    transition(order, "auto_close", note="付款时库存不足，订单关闭并全额退款")
    order.close_reason = "out_of_stock"
    return order


def release_stock(order: Order) -> bool:
    """Give the order's reserved stock back, exactly once however often it is called."""
    flipped = db.session.execute(
        update(Order).where(Order.id == order.id, Order.stock_reserved.is_(True)).values(stock_reserved=False)
    ).rowcount
    if flipped != 1:
        return False
    for line in order.lines:
        db.session.execute(
            update(CatalogItem).where(CatalogItem.id == line.item_id).values(stock=CatalogItem.stock + line.quantity)
        )
    db.session.expire(order, ["stock_reserved"])
    return True


def get_own_order(user, order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or order.user_id != user.id:
        raise NotFound("ORDER_NOT_FOUND", "订单不存在")
    return order


def do_cancel(user, order_id: int, reason: str) -> Order:
    get_own_order(user, order_id)
    order = lock_order(order_id)
    transition(order, "cancel", note=reason)
    order.close_reason = "cancelled"
    release_stock(order)
    return order


def do_mark_paid(order: Order, note: str = "", details: dict | None = None) -> Order:
    """Called by the payment domain, with the order row locked, once the payment is verified. With stock deducted on
    payment, a shortfall raises OUT_OF_STOCK having changed nothing (the payment domain then closes and refunds)."""
    if not order.stock_reserved and get_settings("inventory")["deduct_stock_on"] == "payment":
        # All lines or none: a savepoint undoes the lines already taken when a later one is short.
        with db.session.begin_nested():
            for line in sorted(order.lines, key=lambda li: li.item_id):
                reserve_stock(line.item_id, line.quantity, line.name)
    transition(order, "pay", note=note, details=details)
    for line in order.lines:
        do_add_sales(line.item_id, line.quantity)
        publish(
            ORDER_LINE_PAID,
            user_id=order.user_id,
            order_id=order.id,
            line_id=line.id,
            item_id=line.item_id,
            quantity=line.quantity,
            amount_fen=line.line_total,
        )
    publish(ORDER_PAID, user_id=order.user_id, order_id=order.id, amount_fen=order.pay_amount, paid_at=order.paid_at)
    return order


def _publish_completed(order: Order) -> None:
    for line in order.lines:
        publish(
            ORDER_LINE_COMPLETED,
            user_id=order.user_id,
            order_id=order.id,
            line_id=line.id,
            item_id=line.item_id,
            quantity=line.quantity,
        )
    publish(ORDER_COMPLETED, user_id=order.user_id, order_id=order.id)


def do_confirm_receipt(user, order_id: int) -> Order:
    get_own_order(user, order_id)
    order = lock_order(order_id)
    transition(order, "confirm_receipt", note="买家确认收货")
    _publish_completed(order)
    return order


# ---- timed jobs ------------------------------------------------------------------------------------------------------


@job(queue="default", retries=1)
def close_unpaid_orders(batch: int = 500) -> int:
    """Close unpaid orders past their deadline and give their stock back. Safe to run twice or in parallel."""
    due = (
        db.session.execute(
            select(Order.id)
            .where(Order.status == "pending_payment", Order.auto_close_at <= clock.utcnow())
            .order_by(Order.auto_close_at)
            .limit(batch)
        )
        .scalars()
        .all()
    )
    closed = 0
    for order_id in due:
        order = lock_order(order_id)
        if order.status != "pending_payment":
            continue  # paid (or cancelled) while we waited for the lock
        transition(order, "auto_close", note="超时未付款，自动关闭")
        order.close_reason = "payment_timeout"
        release_stock(order)
        closed += 1
    return closed


periodic(every_seconds=60)(close_unpaid_orders)


@job(queue="default", retries=1)
def confirm_shipped_orders(batch: int = 500) -> int:
    """Confirm receipt of orders shipped longer ago than the configured days."""
    days = get_settings("orders")["auto_confirm_days"]
    due = (
        db.session.execute(
            select(Order.id)
            .where(Order.status == "shipped", Order.shipped_at <= clock.utcnow() - timedelta(days=days))
            .limit(batch)
        )
        .scalars()
        .all()
    )
    confirmed = 0
    for order_id in due:
        order = lock_order(order_id)
        if order.status != "shipped":
            continue
        transition(order, "auto_confirm", note=f"发货 {days} 天后自动确认收货")
        _publish_completed(order)
        confirmed += 1
    return confirmed


periodic(every_seconds=3600)(confirm_shipped_orders)


def admin_order_query(args: dict):
    """The console's order list: status, type, number, member phone, product (id or name), time range."""
    from ..core.pagination import contains_pattern
    from ..identity.models import User

    query = select(Order)
    for field in ("status", "order_type"):
        if args.get(field):
            query = query.where(getattr(Order, field) == args[field])
    if args.get("order_no"):
        query = query.where(Order.order_no == args["order_no"].strip())
    if args.get("member_phone"):
        query = query.join(User, User.id == Order.user_id).where(User.phone == args["member_phone"].strip())
    if args.get("item_id"):
        query = query.where(Order.lines.any(OrderLine.item_id == args["item_id"]))
    if args.get("created_from"):
        query = query.where(Order.created_at >= args["created_from"])
    if args.get("created_to"):
        query = query.where(Order.created_at <= args["created_to"])
    if args.get("q") and args["q"].strip():
        query = query.where(Order.lines.any(OrderLine.name.ilike(contains_pattern(args["q"]), escape="\\")))
    return query


def member_order_query(user, args: dict):
    """A member's orders in one tab of 我的订单: 待发货 includes partially shipped orders, 待评价 is completed orders
    with a line not reviewed yet; optionally one order type."""
    query = select(Order).where(Order.user_id == user.id)
    tab = args.get("tab", "all")
    if tab == "pending_shipment":
        query = query.where(Order.status.in_(["pending_shipment", "partially_shipped"]))
    elif tab == "pending_review":
        query = query.where(awaiting_review())
    elif tab != "all":
        query = query.where(Order.status == tab)
    if args.get("order_type"):
        query = query.where(Order.order_type == args["order_type"])
    return query


def member_order_counts(user) -> dict:
    """Orders per status tab of 我的 (待发货 includes partially shipped) and after-sales cases still open."""
    from sqlalchemy import func

    from ..aftersales.models import AfterSaleCase

    rows = dict(
        db.session.execute(
            select(Order.status, func.count()).where(Order.user_id == user.id).group_by(Order.status)
        ).all()
    )
    open_cases = db.session.execute(
        select(func.count()).where(
            AfterSaleCase.user_id == user.id,
            AfterSaleCase.status.in_(["awaiting_merchant", "awaiting_buyer", "refunding"]),
        )
    ).scalar_one()
    to_review = 0
    if rows.get("completed"):
        to_review = db.session.execute(
            select(func.count()).where(Order.user_id == user.id, awaiting_review())
        ).scalar_one()
    return {
        "pending_payment": rows.get("pending_payment", 0),
        "pending_shipment": rows.get("pending_shipment", 0) + rows.get("partially_shipped", 0),
        "shipped": rows.get("shipped", 0),
        "completed": rows.get("completed", 0),
        "pending_review": to_review,
        "aftersale_open": open_cases,
    }


def awaiting_review():
    """Orders in the 待评价 view (spec 03): completed, with at least one line not reviewed yet."""
    from ..reviews.models import Review

    unreviewed = ~select(Review.id).where(Review.order_line_id == OrderLine.id).exists()
    return (Order.status == "completed") & Order.lines.any(unreviewed)


def admin_order_counts(args: dict) -> dict:
    """The console list's counts per status under the same filters (status itself aside)."""
    from sqlalchemy import func

    query = admin_order_query({**args, "status": None}).order_by(None).subquery()
    rows = dict(db.session.execute(select(query.c.status, func.count()).group_by(query.c.status)).all())
    counts = {status: rows.get(status, 0) for status in STATUS_NAMES}
    counts["all"] = sum(rows.values())
    return counts


def get_order(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", "订单不存在")
    return order
