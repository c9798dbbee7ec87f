"""Reviews (spec 03): one per completed order line; admins hide and reply. Item aggregates (rating total and count)
move with conditional updates in the same transaction, counting visible reviews only."""

from __future__ import annotations

from sqlalchemy import select, update

from ..audit.services import record
from ..catalog.models import CatalogItem
from ..core import clock, uploads
from ..core.pagination import keyword_filter
from ..errors import Conflict, NotFound
from ..extensions import db
from ..orders.models import OrderLine
from ..orders.services import get_own_order
from .models import Review


def _aggregate(item_id: int, rating: int, sign: int) -> None:
    db.session.execute(
        update(CatalogItem)
        .where(CatalogItem.id == item_id)
        .values(rating_total=CatalogItem.rating_total + sign * rating, review_count=CatalogItem.review_count + sign)
    )


def do_create_review(user, order_id: int, values: dict) -> Review:
    order = get_own_order(user, order_id)
    if order.status != "completed":
        raise Conflict("ORDER_NOT_COMPLETED", "确认收货后才能评价")
    line = db.session.get(OrderLine, values["order_line_id"])
    if line is None or line.order_id != order.id:
        raise NotFound("ORDER_LINE_NOT_FOUND", "订单中没有这件商品")
    if db.session.execute(select(Review.id).where(Review.order_line_id == line.id)).first():
        raise Conflict("ALREADY_REVIEWED", "这件商品已经评价过了")
    review = Review(
        order_id=order.id,
        order_line_id=line.id,
        user_id=user.id,
        item_id=line.item_id,
        rating=values["rating"],
        content=values.get("content", ""),
        images=uploads.own_pictures(user.id, values.get("images", [])),
    )
    db.session.add(review)
    db.session.flush()
    _aggregate(line.item_id, review.rating, +1)
    return review


def unreviewed_lines(user, order_id: int) -> list[OrderLine]:
    order = get_own_order(user, order_id)
    reviewed = set(db.session.execute(select(Review.order_line_id).where(Review.order_id == order.id)).scalars())
    return [line for line in order.lines if line.id not in reviewed]


def get_review(review_id: int) -> Review:
    review = db.session.execute(
        select(Review).where(Review.id == review_id).with_for_update(of=Review, key_share=True)
    ).scalar_one_or_none()
    if review is None:
        raise NotFound("REVIEW_NOT_FOUND", "评价不存在")
    return review


def do_set_hidden(review_id: int, hidden: bool) -> Review:
    review = get_review(review_id)
    if review.is_hidden != hidden:
        review.is_hidden = hidden
        _aggregate(review.item_id, review.rating, -1 if hidden else +1)
        record("review.hide" if hidden else "review.show", "review", review.id, {"is_hidden": [not hidden, hidden]})
    db.session.flush()
    return review


def do_reply(review_id: int, reply: str) -> Review:
    review = get_review(review_id)
    record("review.reply", "review", review.id, {"reply": [review.reply, reply]})
    review.reply, review.replied_at = reply, clock.utcnow()
    db.session.flush()
    return review


def admin_review_query(args: dict):
    """The console's review list: item, rating, hidden; `q` over the text, the reply and the item name as ordered."""
    query = select(Review)
    for field in ("item_id", "rating"):
        if args.get(field) is not None:
            query = query.where(getattr(Review, field) == args[field])
    if args.get("is_hidden") is not None:
        query = query.where(Review.is_hidden.is_(args["is_hidden"]))
    if args.get("q"):
        query = keyword_filter(
            query.join(OrderLine, OrderLine.id == Review.order_line_id),
            args["q"],
            Review.content,
            Review.reply,
            OrderLine.name,
        )
    return query
