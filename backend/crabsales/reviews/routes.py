from flask import g
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, OutputSchema, UtcDateTime
from ..identity.auth import admin_required, login_required
from ..orders.schemas import OrderLineSchema
from . import services
from .models import Review

blp = Blueprint("reviews", __name__, url_prefix="/api/v1", description="评价")
admin_blp = Blueprint("admin_reviews", __name__, url_prefix="/api/v1/admin/reviews", description="后台：评价")


class ReviewInputSchema(InputSchema):
    order_line_id = Id(required=True)
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    content = fields.String(load_default="", validate=validate.Length(max=500))
    images = fields.List(
        fields.String(validate=validate.Length(max=512)), load_default=list, validate=validate.Length(max=9)
    )


class ReviewSchema(OutputSchema):
    id = fields.Integer()
    item_id = fields.Integer()
    order_line_id = fields.Integer()
    rating = fields.Integer()
    content = fields.String()
    images = fields.List(fields.String())
    reply = fields.String()
    replied_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    user_name = fields.Function(lambda r: _masked(r.user.display_name))
    user_avatar_url = fields.Function(lambda r: r.user.avatar_url)


class AdminReviewSchema(ReviewSchema):
    order_id = fields.Integer()
    user_id = fields.Integer()
    is_hidden = fields.Boolean()
    user_name = fields.Function(lambda r: r.user.display_name, metadata={"type": "string"})
    item_name = fields.Function(lambda r: r.line.name, metadata={"type": "string", "description": "as ordered"})


class UnreviewedSchema(OutputSchema):
    items = fields.List(fields.Nested(OrderLineSchema))


class HiddenSchema(InputSchema):
    is_hidden = fields.Boolean(required=True)


class ReviewReplySchema(InputSchema):
    reply = fields.String(required=True, validate=validate.Length(min=1, max=500))


class AdminReviewQuerySchema(ListQuerySchema):
    item_id = Id(load_default=None)
    is_hidden = fields.Boolean(load_default=None)
    rating = fields.Integer(load_default=None, validate=validate.Range(min=1, max=5))


def _masked(name: str) -> str:
    """Reviews show a masked name to other members."""
    return name if len(name) <= 1 else name[0] + "*" * min(3, len(name) - 1)


@blp.route("/orders/<int:order_id>/reviews", methods=["POST"])
@login_required
@blp.arguments(ReviewInputSchema)
@blp.response(201, ReviewSchema)
def create_review(args, order_id):
    """Review one line of a completed order (1–5 stars, text, up to 9 images); once per line."""
    return services.do_create_review(g.user, order_id, args)


@blp.route("/orders/<int:order_id>/unreviewed-lines", methods=["GET"])
@login_required
@blp.response(200, UnreviewedSchema)
def unreviewed(order_id):
    return {"items": services.unreviewed_lines(g.user, order_id)}


@blp.route("/storefront/items/<int:item_id>/reviews", methods=["GET"])
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(ReviewSchema))
def item_reviews(args, item_id):
    """Visible reviews of an item, newest first (the summary is on the item: rating_avg, review_count)."""
    query = select(Review).where(Review.item_id == item_id, Review.is_hidden.is_(False))
    return paginate(
        query,
        args,
        sortable={"created_at": Review.created_at, "rating": Review.rating},
        default_sort="-created_at",
        tiebreak=Review.id,
    )


@admin_blp.route("", methods=["GET"])
@admin_required("reviews.manage")
@admin_blp.arguments(AdminReviewQuerySchema, location="query")
@admin_blp.response(200, page_schema(AdminReviewSchema))
def admin_reviews(args):
    """Reviews for the console; `q` searches the text, the reply and the item name."""
    query = services.admin_review_query(args)
    return paginate(
        query,
        args,
        sortable={"created_at": Review.created_at, "rating": Review.rating},
        default_sort="-created_at",
        tiebreak=Review.id,
    )


@admin_blp.route("/<int:review_id>/hidden", methods=["PUT"])
@admin_required("reviews.manage")
@admin_blp.arguments(HiddenSchema)
@admin_blp.response(200, AdminReviewSchema)
def set_hidden(args, review_id):
    """Hide or show a review (the item's rating counts visible reviews only)."""
    return services.do_set_hidden(review_id, args["is_hidden"])


@admin_blp.route("/<int:review_id>/reply", methods=["POST"])
@admin_required("reviews.manage")
@admin_blp.arguments(ReviewReplySchema)
@admin_blp.response(200, AdminReviewSchema)
def reply(args, review_id):
    return services.do_reply(review_id, args["reply"])
