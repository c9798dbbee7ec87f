"""Mini-program storefront endpoints (public, with the caller's price when logged in) and their console side."""

from flask import g
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..catalog.schemas import CategorySchema, ContentSchema
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, OutputSchema, QuerySchema, UtcDateTime
from ..identity.auth import admin_required, login_required, optional_login
from ..settings.services import get_settings
from . import services
from .models import Banner, Feedback

blp = Blueprint("storefront", __name__, url_prefix="/api/v1/storefront", description="商城：首页、列表、详情")
me_blp = Blueprint("storefront_me", __name__, url_prefix="/api/v1/me", description="我的：收藏与反馈")
admin_blp = Blueprint("admin_storefront", __name__, url_prefix="/api/v1/admin", description="后台：轮播图与意见反馈")


class BannerSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    image_url = fields.String()
    link_type = fields.String(metadata={"description": "none, item, page, url"})
    link_target = fields.String()
    starts_at = UtcDateTime(allow_none=True)
    ends_at = UtcDateTime(allow_none=True)
    sort_order = fields.Integer()
    is_enabled = fields.Boolean()


class CardItemSchema(OutputSchema):
    """An item in a storefront list: `price` is what the caller pays (member level or dealer price)."""

    id = fields.Integer()
    kind = fields.String()
    category_id = fields.Integer()
    name = fields.String()
    subtitle = fields.String()
    cover_url = fields.String()
    unit = fields.String()
    retail_price = fields.Integer()
    price = fields.Integer()
    sales_count = fields.Method(
        "_sales_count",
        allow_none=True,
        metadata={"type": "integer", "nullable": True, "description": "null when the shop hides sales counts"},
    )
    review_count = fields.Integer()
    rating_avg = fields.Float(allow_none=True)
    is_sold_out = fields.Function(lambda i: i.stock <= 0)
    is_on_sale = fields.Function(lambda i: i.is_on_shelf and i.deleted_at is None)

    def _sales_count(self, item):
        return item.sales_count if getattr(item, "sales_visible", True) else None


class RedeemPackageSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    cover_url = fields.String()
    contents = fields.List(fields.Nested(ContentSchema))


class StoreItemDetailSchema(CardItemSchema):
    gallery = fields.List(fields.String())
    video_url = fields.String()
    detail_html = fields.String()
    stock = fields.Method("_stock", allow_none=True)
    contents = fields.List(fields.Nested(ContentSchema))
    redeem_package = fields.Nested(RedeemPackageSchema, allow_none=True)
    is_favorite = fields.Boolean()
    show_sales_count = fields.Boolean()

    def _stock(self, item):
        return item.stock if item.show_stock else None


class HomeSchema(OutputSchema):
    banners = fields.List(fields.Nested(BannerSchema))
    recommended = fields.List(fields.Nested(CardItemSchema))
    package_categories = fields.List(fields.Nested(CategorySchema))
    card_categories = fields.List(fields.Nested(CategorySchema))
    show_sales_count = fields.Boolean()


class StoreQuerySchema(QuerySchema):
    kind = fields.String(load_default=None, validate=validate.OneOf(services.STOREFRONT_KINDS))
    category_id = Id(load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=32))
    sort = fields.String(load_default="default", validate=validate.OneOf(list(services.STOREFRONT_SORT)))
    recommended = fields.Boolean(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=500))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class CategoryListSchema(OutputSchema):
    items = fields.List(fields.Nested(CategorySchema))


class CategoryQuerySchema(QuerySchema):
    scope = fields.String(required=True, validate=validate.OneOf(["package", "card"]))


class AboutSchema(OutputSchema):
    name = fields.String()
    address = fields.String()
    logo_url = fields.String()
    service_phone = fields.String()
    about_html = fields.String()


class FavoriteSchema(OutputSchema):
    id = fields.Integer()
    item = fields.Nested(CardItemSchema)
    created_at = UtcDateTime()


class FavoriteStateSchema(OutputSchema):
    item_id = fields.Integer()
    is_favorite = fields.Boolean()


class FeedbackInputSchema(InputSchema):
    content = fields.String(required=True, validate=validate.Length(min=5, max=1000))
    images = fields.List(
        fields.String(validate=validate.Length(max=512)), load_default=list, validate=validate.Length(max=9)
    )
    contact = fields.String(load_default="", validate=validate.Length(max=64))


class FeedbackSchema(OutputSchema):
    id = fields.Integer()
    user_id = fields.Integer()
    user_name = fields.Function(lambda f: f.user.display_name)
    user_phone = fields.Function(lambda f: f.user.phone)
    content = fields.String()
    images = fields.List(fields.String())
    contact = fields.String()
    status = fields.String()
    reply = fields.String()
    replied_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class FeedbackQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=validate.OneOf(["open", "replied"]))


class ReplySchema(InputSchema):
    reply = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class BannerInputSchema(InputSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=64))
    image_url = fields.String(required=True, validate=validate.Length(min=1, max=512))
    link_type = fields.String(load_default="none", validate=validate.OneOf(["none", "item", "page", "url"]))
    link_target = fields.String(load_default="", validate=validate.Length(max=256))
    starts_at = UtcDateTime(load_default=None, allow_none=True)
    ends_at = UtcDateTime(load_default=None, allow_none=True)
    sort_order = fields.Integer(load_default=0, validate=validate.Range(min=-1_000_000, max=1_000_000))
    is_enabled = fields.Boolean(load_default=True)


class BannerUpdateSchema(InputSchema):
    title = fields.String(validate=validate.Length(min=1, max=64))
    image_url = fields.String(validate=validate.Length(min=1, max=512))
    link_type = fields.String(validate=validate.OneOf(["none", "item", "page", "url"]))
    link_target = fields.String(validate=validate.Length(max=256))
    starts_at = UtcDateTime(allow_none=True)
    ends_at = UtcDateTime(allow_none=True)
    sort_order = fields.Integer(validate=validate.Range(min=-1_000_000, max=1_000_000))
    is_enabled = fields.Boolean()


# ---- public storefront -----------------------------------------------------------------------------------------------


@blp.route("/home", methods=["GET"])
@optional_login
@blp.response(200, HomeSchema)
def home():
    """Banners in their schedule, recommended items with the caller's price, category entries."""
    return services.home(g.user, g.workspace)


@blp.route("/categories", methods=["GET"])
@blp.arguments(CategoryQuerySchema, location="query")
@blp.response(200, CategoryListSchema)
def categories(args):
    from ..catalog.services import list_categories

    return {"items": list_categories(args["scope"], visible_only=True)}


@blp.route("/items", methods=["GET"])
@optional_login
@blp.arguments(StoreQuerySchema, location="query")
@blp.response(200, page_schema(CardItemSchema))
def list_items(args):
    """Packages, physical cards and e-cards on sale: category filter, keyword, sort by sales or price, paging."""
    return services.list_items(args, g.user, g.workspace)


@blp.route("/items/<int:item_id>", methods=["GET"])
@optional_login
@blp.response(200, StoreItemDetailSchema)
def item_detail(item_id):
    """Detail with the caller's price, package contents (or the package a card redeems for), favorite state."""
    return services.item_detail(item_id, g.user, g.workspace)


@blp.route("/about", methods=["GET"])
@blp.response(200, AboutSchema)
def about():
    """Company information for the about page."""
    return get_settings("company")


# ---- favorites and feedback ------------------------------------------------------------------------------------------


@me_blp.route("/favorites", methods=["GET"])
@login_required
@me_blp.arguments(ListQuerySchema, location="query")
@me_blp.response(200, page_schema(FavoriteSchema))
def list_favorites(args):
    return services.favorites_page(g.user, args, g.workspace)


@me_blp.route("/favorites/<int:item_id>", methods=["PUT"])
@login_required
@me_blp.response(200, FavoriteStateSchema)
def add_favorite(item_id):
    """Favorite an item (doing it twice is harmless)."""
    return {"item_id": item_id, "is_favorite": services.do_favorite(g.user, item_id, True)}


@me_blp.route("/favorites/<int:item_id>", methods=["DELETE"])
@login_required
@me_blp.response(200, FavoriteStateSchema)
def remove_favorite(item_id):
    return {"item_id": item_id, "is_favorite": services.do_favorite(g.user, item_id, False)}


@me_blp.route("/feedback", methods=["POST"])
@login_required
@me_blp.arguments(FeedbackInputSchema)
@me_blp.response(201, FeedbackSchema)
def create_feedback(args):
    return services.do_create_feedback(g.user, args)


@me_blp.route("/feedback", methods=["GET"])
@login_required
@me_blp.arguments(ListQuerySchema, location="query")
@me_blp.response(200, page_schema(FeedbackSchema))
def my_feedback(args):
    """My feedback with the replies."""
    from sqlalchemy import select

    query = select(Feedback).where(Feedback.user_id == g.user.id)
    return paginate(
        query, args, sortable={"created_at": Feedback.created_at}, default_sort="-created_at", tiebreak=Feedback.id
    )


# ---- console: banners and feedback -----------------------------------------------------------------------------------


@admin_blp.route("/banners", methods=["GET"])
@admin_required("marketing.manage")
@admin_blp.arguments(ListQuerySchema, location="query")
@admin_blp.response(200, page_schema(BannerSchema))
def list_banners(args):
    from sqlalchemy import select

    from ..core.pagination import keyword_filter

    return paginate(
        keyword_filter(select(Banner), args.get("q"), Banner.title),
        args,
        sortable={"sort_order": Banner.sort_order, "created_at": Banner.created_at},
        default_sort="sort_order",
        tiebreak=Banner.id,
    )


@admin_blp.route("/banners", methods=["POST"])
@admin_required("marketing.manage")
@admin_blp.arguments(BannerInputSchema)
@admin_blp.response(201, BannerSchema)
def create_banner(args):
    return services.do_save_banner(args)


@admin_blp.route("/banners/<int:banner_id>", methods=["PUT"])
@admin_required("marketing.manage")
@admin_blp.arguments(BannerUpdateSchema)
@admin_blp.response(200, BannerSchema)
def update_banner(args, banner_id):
    return services.do_save_banner(args, banner_id)


@admin_blp.route("/banners/<int:banner_id>", methods=["DELETE"])
@admin_required("marketing.manage")
@admin_blp.response(204)
def delete_banner(banner_id):
    services.do_delete_banner(banner_id)


@admin_blp.route("/feedback", methods=["GET"])
@admin_required("feedback.manage")
@admin_blp.arguments(FeedbackQuerySchema, location="query")
@admin_blp.response(200, page_schema(FeedbackSchema))
def list_feedback(args):
    return paginate(
        services.feedback_query(args),
        args,
        sortable={"created_at": Feedback.created_at},
        default_sort="-created_at",
        tiebreak=Feedback.id,
    )


@admin_blp.route("/feedback/<int:feedback_id>/reply", methods=["POST"])
@admin_required("feedback.manage")
@admin_blp.arguments(ReplySchema)
@admin_blp.response(200, FeedbackSchema)
def reply_feedback(args, feedback_id):
    return services.do_reply_feedback(feedback_id, args["reply"])
