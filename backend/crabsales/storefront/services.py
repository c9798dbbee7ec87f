"""What members see: home, lists with the caller's price, details, favorites, feedback, about (spec 02)."""

from __future__ import annotations

from flask import g
from sqlalchemy import and_, func, or_, select, text

from ..audit.services import apply_changes, record
from ..catalog.models import CatalogItem
from ..catalog.pricing import caller_rate, unit_price
from ..catalog.services import category_tree, get_item
from ..core import clock, uploads
from ..core.pagination import contains_pattern, paginate
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..settings.services import get_settings
from .models import Banner, Favorite, Feedback

STOREFRONT_KINDS = ("package", "physical_card", "ecard")
# A literal list (not bound parameters) so PostgreSQL can use the partial storefront indexes even with the generic
# plans of prepared statements.
ANY_STOREFRONT_KIND = text("catalog_items.kind IN ('package', 'physical_card', 'ecard')")
# The mini-program's sorts; every one ends on id so pages never overlap.
STOREFRONT_SORT = {
    "default": (CatalogItem.sort_weight.desc(), CatalogItem.id.desc()),
    "sales": (CatalogItem.sales_count.desc(), CatalogItem.id.desc()),
    "-sales": (CatalogItem.sales_count.asc(), CatalogItem.id.asc()),
    "price": (CatalogItem.retail_price.asc(), CatalogItem.id.asc()),
    "-price": (CatalogItem.retail_price.desc(), CatalogItem.id.desc()),
    "newest": (CatalogItem.id.desc(),),
}


def _on_sale():
    return and_(CatalogItem.is_on_shelf.is_(True), CatalogItem.deleted_at.is_(None))


def with_prices(items, user=None, workspace: str | None = None):
    """Attach the caller's unit price to each item (member level price, or the dealer's in a dealer workspace), and
    whether its sales count may be shown (setting products.show_sales_count: hidden counts are answered as null)."""
    rate = caller_rate(user, workspace)
    show_sales = get_settings("products")["show_sales_count"]
    for item in items:
        item.price = unit_price(item.retail_price, rate)
        item.sales_visible = show_sales
    return items


def active_banners() -> list[Banner]:
    now = clock.utcnow()
    return (
        db.session.execute(
            select(Banner)
            .where(
                Banner.is_enabled.is_(True),
                or_(Banner.starts_at.is_(None), Banner.starts_at <= now),
                or_(Banner.ends_at.is_(None), Banner.ends_at > now),
            )
            .order_by(Banner.sort_order, Banner.id)
        )
        .scalars()
        .all()
    )


def home(user, workspace) -> dict:
    recommended = (
        db.session.execute(
            select(CatalogItem)
            .where(_on_sale(), CatalogItem.is_recommended.is_(True), ANY_STOREFRONT_KIND)
            .order_by(CatalogItem.sort_weight.desc(), CatalogItem.id.desc())
            .limit(20)
        )
        .scalars()
        .all()
    )
    return {
        "banners": active_banners(),
        "recommended": with_prices(recommended, user, workspace),
        "package_categories": [n["category"] for n in category_tree("package", visible_only=True)],
        "card_categories": [n["category"] for n in category_tree("card", visible_only=True)],
        "show_sales_count": get_settings("products")["show_sales_count"],
    }


def list_items(args: dict, user, workspace) -> dict:
    query = select(CatalogItem).where(_on_sale())
    kind = args.get("kind")
    query = query.where(CatalogItem.kind == kind) if kind else query.where(ANY_STOREFRONT_KIND)
    if args.get("category_id") is not None:
        query = query.where(CatalogItem.category_id == args["category_id"])
    if args.get("q"):
        # search_text is stored lower-cased: a plain LIKE on it can use the trigram index.
        query = query.where(CatalogItem.search_text.like(contains_pattern(args["q"].lower()), escape="\\"))
    if args.get("recommended"):
        query = query.where(CatalogItem.is_recommended.is_(True))
    page = paginate_storefront(query, args)
    with_prices(page["items"], user, workspace)
    return page


def paginate_storefront(query, args: dict) -> dict:
    """Storefront paging: fixed sorts (sales/price either way), and a count that stops at what a phone can scroll."""
    page, page_size = args.get("page", 1), args.get("page_size", 20)
    order = STOREFRONT_SORT[args.get("sort") or "default"]
    total = db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    items = db.session.execute(query.order_by(*order).limit(page_size).offset((page - 1) * page_size)).scalars().all()
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def item_detail(item_id: int, user, workspace) -> CatalogItem:
    item = db.session.get(CatalogItem, item_id)
    if item is None or item.kind not in STOREFRONT_KINDS or item.deleted_at is not None or not item.is_on_shelf:
        raise NotFound("ITEM_NOT_ON_SALE", "商品不存在或已下架")
    with_prices([item], user, workspace)
    item.is_favorite = (
        bool(user)
        and db.session.execute(
            select(Favorite.id).where(Favorite.user_id == user.id, Favorite.item_id == item.id)
        ).first()
        is not None
    )
    settings = get_settings("products") | get_settings("inventory")
    item.show_sales_count = settings["show_sales_count"]
    item.show_stock = settings["show_stock"]
    return item


def do_favorite(user, item_id: int, favorite: bool) -> bool:
    if favorite:
        item = get_item(item_id)
        if item.kind not in STOREFRONT_KINDS:
            raise NotFound("ITEM_NOT_ON_SALE", "商品不存在或已下架")
        exists = db.session.execute(
            select(Favorite.id).where(Favorite.user_id == user.id, Favorite.item_id == item_id)
        ).first()
        if not exists:
            db.session.add(Favorite(user_id=user.id, item_id=item_id))
    else:
        db.session.execute(db.delete(Favorite).where(Favorite.user_id == user.id, Favorite.item_id == item_id))
    db.session.flush()
    return favorite


def favorites_page(user, args: dict, workspace) -> dict:
    query = (
        select(Favorite)
        .join(CatalogItem, CatalogItem.id == Favorite.item_id)
        .where(Favorite.user_id == user.id, CatalogItem.deleted_at.is_(None))
    )
    page = paginate(
        query, args, sortable={"created_at": Favorite.created_at}, default_sort="-created_at", tiebreak=Favorite.id
    )
    with_prices([f.item for f in page["items"]], user, workspace)
    return page


# ---- banners ---------------------------------------------------------------------------------------------------------

BANNER_FIELDS = ("title", "image_url", "link_type", "link_target", "starts_at", "ends_at", "sort_order", "is_enabled")


def _check_banner(values: dict) -> None:
    link_type, target = values.get("link_type", "none"), values.get("link_target", "")
    if link_type == "item":
        item = db.session.get(CatalogItem, int(target)) if str(target).isdigit() else None
        if item is None or item.deleted_at is not None:  # a deleted item's page answers 404 to every member
            raise ValidationFailed({"link_target": ["请选择要跳转的商品"]})
    elif link_type == "page" and not str(target).startswith("pages/"):
        raise ValidationFailed({"link_target": ["小程序页面路径需以 pages/ 开头"]})
    elif link_type == "url" and not str(target).startswith("https://"):
        raise ValidationFailed({"link_target": ["链接需以 https:// 开头"]})
    if values.get("starts_at") and values.get("ends_at") and values["ends_at"] <= values["starts_at"]:
        raise ValidationFailed({"ends_at": ["结束时间需晚于开始时间"]})


def get_banner(banner_id: int) -> Banner:
    banner = db.session.get(Banner, banner_id)
    if banner is None:
        raise NotFound("BANNER_NOT_FOUND", "轮播图不存在")
    return banner


def do_save_banner(values: dict, banner_id: int | None = None) -> Banner:
    if banner_id is None:
        _check_banner(values)
        banner = Banner(**{k: values[k] for k in BANNER_FIELDS if k in values})
        db.session.add(banner)
        db.session.flush()
        record("banner.create", "banner", banner.id, {"title": [None, banner.title]})
        return banner
    banner = get_banner(banner_id)
    _check_banner({k: getattr(banner, k) for k in BANNER_FIELDS} | values)
    changes = apply_changes(banner, {k: values[k] for k in BANNER_FIELDS if k in values})
    db.session.flush()
    if changes:
        record("banner.update", "banner", banner.id, changes)
    return banner


def do_delete_banner(banner_id: int) -> None:
    banner = get_banner(banner_id)
    record("banner.delete", "banner", banner.id, {"title": [banner.title, None]})
    db.session.delete(banner)
    db.session.flush()


# ---- feedback --------------------------------------------------------------------------------------------------------


def do_create_feedback(user, values: dict) -> Feedback:
    images = uploads.own_pictures(user.id, values.get("images", []))
    feedback = Feedback(user_id=user.id, content=values["content"], images=images, contact=values.get("contact", ""))
    db.session.add(feedback)
    db.session.flush()
    return feedback


def do_reply_feedback(feedback_id: int, reply: str) -> Feedback:
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        raise NotFound("FEEDBACK_NOT_FOUND", "反馈不存在")
    changes = apply_changes(feedback, {"reply": reply, "status": "replied"})
    feedback.replied_by, feedback.replied_at = g.admin.id, clock.utcnow()
    db.session.flush()
    record("feedback.reply", "feedback", feedback.id, changes)
    return feedback


def feedback_query(args: dict):
    """The console's feedback list: status, and `q` over the text, the contact given and the member's phone."""
    from ..identity.models import User

    query = select(Feedback)
    if args.get("status"):
        query = query.where(Feedback.status == args["status"])
    if args.get("q") and args["q"].strip():
        pattern = contains_pattern(args["q"])
        query = query.join(User, User.id == Feedback.user_id).where(
            or_(
                Feedback.content.ilike(pattern, escape="\\"),
                Feedback.contact.ilike(pattern, escape="\\"),
                User.phone.ilike(pattern, escape="\\"),
            )
        )
    return query
