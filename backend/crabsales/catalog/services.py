"""Catalog rules: categories, items of the four kinds, shelf and recommendation, recycle bin, media library."""

from __future__ import annotations

from flask import g
from sqlalchemy import func, or_, select, update

from ..audit.services import apply_changes, record
from ..core import clock, uploads
from ..core.pagination import keyword_filter
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..settings.services import get_settings
from .models import SCOPE_OF_KIND, CatalogItem, Category, MediaAsset, PackageContent

KIND_NAMES = {"product": "商品", "package": "套餐", "physical_card": "实体提货卡", "ecard": "电子卡"}

# ---- categories ------------------------------------------------------------------------------------------------------


def get_category(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound("CATEGORY_NOT_FOUND", "分类不存在")
    return category


def list_categories(scope: str, visible_only: bool = False) -> list[Category]:
    query = select(Category).where(Category.scope == scope)
    if visible_only:
        query = query.where(Category.is_visible.is_(True))
    return db.session.execute(query.order_by(Category.sort_order, Category.id)).scalars().all()


def category_tree(scope: str, visible_only: bool = False) -> list[dict]:
    rows = list_categories(scope, visible_only)
    by_parent: dict = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    visible_ids = {r.id for r in rows}

    def node(row):
        return {"category": row, "children": [node(c) for c in by_parent.get(row.id, [])]}

    return [node(r) for r in by_parent.get(None, []) if r.parent_id is None or r.parent_id in visible_ids]


def _check_category(values: dict, category_id: int | None = None) -> None:
    scope, parent_id = values["scope"], values.get("parent_id")
    if parent_id is not None:
        if scope != "product":
            raise ValidationFailed({"parent_id": ["套餐和提货卡分类只有一级"]})
        parent = get_category(parent_id)
        if parent.scope != "product" or parent.parent_id is not None:
            raise ValidationFailed({"parent_id": ["上级必须是商品大类（商品分类最多两级）"]})
        if category_id is not None and parent.id == category_id:
            raise ValidationFailed({"parent_id": ["上级不能是自己"]})
        if (
            category_id is not None
            and db.session.execute(select(Category.id).where(Category.parent_id == category_id)).first()
        ):
            raise ValidationFailed({"parent_id": ["该分类有下级分类，不能再挂到其他大类下"]})
    clash = db.session.execute(
        select(Category.id).where(
            Category.scope == scope,
            Category.name == values["name"],
            Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
            Category.id != (category_id or 0),
        )
    ).first()
    if clash:
        raise ValidationFailed({"name": ["同级下已有同名分类"]}, "同级下已有同名分类", "CATEGORY_NAME_TAKEN")


CATEGORY_FIELDS = ("name", "parent_id", "icon_url", "sort_order", "is_visible")


def do_create_category(values: dict) -> Category:
    _check_category(values)
    category = Category(scope=values["scope"], **{k: values[k] for k in CATEGORY_FIELDS if k in values})
    db.session.add(category)
    db.session.flush()
    record("category.create", "category", category.id, {"name": [None, category.name], "scope": [None, category.scope]})
    return category


def do_update_category(category_id: int, values: dict) -> Category:
    category = get_category(category_id)
    merged = {"scope": category.scope, **{k: getattr(category, k) for k in CATEGORY_FIELDS}, **values}
    _check_category(merged, category_id)
    changes = apply_changes(category, {k: values[k] for k in CATEGORY_FIELDS if k in values})
    db.session.flush()
    if "name" in changes:  # the category name is part of every item's search text
        for item in db.session.execute(select(CatalogItem).where(CatalogItem.category_id == category.id)).scalars():
            item.search_text = _search_text(item)
    if changes:
        record("category.update", "category", category.id, changes)
    return category


def do_delete_category(category_id: int) -> None:
    category = get_category(category_id)
    if db.session.execute(select(Category.id).where(Category.parent_id == category.id)).first():
        raise Conflict("CATEGORY_HAS_CHILDREN", "请先删除该分类下的小类")
    used = db.session.execute(select(func.count()).where(CatalogItem.category_id == category.id)).scalar_one()
    if used:
        raise Conflict("CATEGORY_IN_USE", f"该分类下还有 {used} 个商品（含回收站），请先移走")
    record("category.delete", "category", category.id, {"name": [category.name, None]})
    db.session.delete(category)
    db.session.flush()


# ---- items -----------------------------------------------------------------------------------------------------------

COMMON_FIELDS = (
    "category_id",
    "name",
    "subtitle",
    "cover_url",
    "gallery",
    "video_url",
    "detail_html",
    "unit",
    "retail_price",
    "delivery_subsidy",
    "stock",
    "low_stock_threshold",
    "is_recommended",
    "sort_weight",
)
PRODUCT_FIELDS = ("sku", "specs", "settlement_price", "weight_g", "length_mm", "width_mm", "height_mm")
PACKAGE_FIELDS = ("weight_g", "length_mm", "width_mm", "height_mm")
CARD_FIELDS = ("redeem_package_id",)
KIND_FIELDS = {"product": PRODUCT_FIELDS, "package": PACKAGE_FIELDS, "physical_card": CARD_FIELDS, "ecard": CARD_FIELDS}


def get_item(item_id: int, kind: str | None = None, include_deleted: bool = False) -> CatalogItem:
    item = db.session.get(CatalogItem, item_id)
    if item is None or (kind and item.kind != kind) or (item.deleted_at is not None and not include_deleted):
        raise NotFound("ITEM_NOT_FOUND", "商品不存在或已删除")
    return item


def lock_item(item_id: int) -> CatalogItem:
    item = db.session.execute(
        select(CatalogItem)
        .where(CatalogItem.id == item_id)
        .with_for_update(of=CatalogItem, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if item is None:
        raise NotFound("ITEM_NOT_FOUND", "商品不存在或已删除")
    return item


def _search_text(item: CatalogItem) -> str:
    """Name, subtitle, SKU and category name: what people type when they look for an item."""
    category = db.session.get(Category, item.category_id) if item.category_id else None
    parts = [item.name, item.subtitle, item.sku or "", category.name if category else ""]
    return " ".join(filter(None, parts)).lower()[:256]


def _check_item(kind: str, values: dict, item_id: int | None = None) -> None:
    errors: dict = {}
    category = db.session.get(Category, values["category_id"]) if values.get("category_id") else None
    if category is None:
        errors["category_id"] = ["请选择分类"]
    elif category.scope != SCOPE_OF_KIND[kind]:
        errors["category_id"] = [f"请选择{KIND_NAMES[kind]}分类"]
    elif kind == "product" and category.parent_id is None:
        errors["category_id"] = ["商品请选择小类（二级分类）"]
    if kind == "product":
        if not values.get("sku"):
            errors["sku"] = ["请填写 SKU 编码"]
        elif db.session.execute(
            select(CatalogItem.id).where(CatalogItem.sku == values["sku"], CatalogItem.id != (item_id or 0))
        ).first():
            errors["sku"] = ["SKU 编码已存在"]
    if kind in ("physical_card", "ecard"):
        package = db.session.get(CatalogItem, values.get("redeem_package_id") or 0)
        if package is None or package.kind != "package" or package.deleted_at is not None:
            errors["redeem_package_id"] = ["请选择提货卡对应的套餐"]
    if errors:
        raise ValidationFailed(errors)


def _set_contents(package: CatalogItem, contents: list[dict]) -> list:
    seen, rows = set(), []
    for index, line in enumerate(contents):
        product = db.session.get(CatalogItem, line["product_id"])
        if product is None or product.kind != "product" or product.deleted_at is not None:
            raise ValidationFailed({"contents": [f"第 {index + 1} 行：商品不存在或已删除"]})
        if product.id in seen:
            raise ValidationFailed({"contents": [f"第 {index + 1} 行：商品重复"]})
        seen.add(product.id)
        rows.append((product.id, line["quantity"]))
    before = sorted((c.product_id, c.quantity) for c in package.contents)
    wanted = dict(rows)
    for content in list(package.contents):
        if content.product_id in wanted:
            content.quantity = wanted.pop(content.product_id)
        else:
            package.contents.remove(content)  # delete-orphan removes the row
    package.contents.extend(PackageContent(product_id=pid, quantity=qty) for pid, qty in wanted.items())
    return [before, sorted(rows)]


def do_create_item(kind: str, values: dict) -> CatalogItem:
    _check_item(kind, values)
    product_settings, inventory = get_settings("products"), get_settings("inventory")
    fields = {k: values[k] for k in COMMON_FIELDS + KIND_FIELDS[kind] if k in values}
    fields.setdefault("low_stock_threshold", inventory["default_low_stock_threshold"])
    item = CatalogItem(kind=kind, **fields)
    item.search_text = _search_text(item)
    db.session.add(item)
    db.session.flush()
    if kind == "package":
        _set_contents(item, values.get("contents", []))
    on_shelf = values.get("is_on_shelf", product_settings["default_on_shelf"])
    if on_shelf:
        _check_can_go_on_shelf(item)
        item.is_on_shelf = True
    db.session.flush()
    record(
        f"{kind}.create",
        "catalog_item",
        item.id,
        {"name": [None, item.name], "retail_price": [None, item.retail_price]},
    )
    return item


def do_update_item(item_id: int, values: dict) -> CatalogItem:
    values = {k: v for k, v in values.items() if k != "stock"}  # stock changes go through do_set_stock
    item = get_item(item_id)
    merged = {k: getattr(item, k) for k in COMMON_FIELDS + KIND_FIELDS[item.kind]} | values
    _check_item(item.kind, merged, item_id)
    changes = apply_changes(item, {k: values[k] for k in COMMON_FIELDS + KIND_FIELDS[item.kind] if k in values})
    if item.kind == "package" and "contents" in values:
        before, after = _set_contents(item, values["contents"])
        if before != after:
            changes["contents"] = [before, after]
    item.search_text = _search_text(item)
    if item.is_on_shelf:
        _check_can_go_on_shelf(item)
    db.session.flush()
    if changes:
        record(f"{item.kind}.update", "catalog_item", item.id, changes)
    return item


def _check_can_go_on_shelf(item: CatalogItem) -> None:
    if item.deleted_at is not None:
        raise Conflict("ITEM_DELETED", "回收站中的商品不能上架")
    if item.kind == "package" and not item.contents:
        raise Conflict("PACKAGE_EMPTY", f"套餐「{item.name}」还没有内容商品，不能上架")
    if item.kind in ("physical_card", "ecard"):
        package = item.redeem_package
        if package is None or package.deleted_at is not None:
            raise Conflict("CARD_PACKAGE_MISSING", f"提货卡「{item.name}」对应的套餐已删除，不能上架")


def _items_for_bulk(ids: list[int], include_deleted: bool = False) -> list[CatalogItem]:
    items = db.session.execute(select(CatalogItem).where(CatalogItem.id.in_(ids))).scalars().all()
    found = {i.id for i in items}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("ITEM_NOT_FOUND", f"商品不存在：{', '.join(map(str, missing))}")
    if not include_deleted:
        deleted = [i.name for i in items if i.deleted_at is not None]
        if deleted:
            raise Conflict("ITEM_DELETED", f"回收站中的商品不能操作：{'、'.join(deleted)}")
    return list(items)


def do_set_shelf(ids: list[int], on_shelf: bool) -> list[CatalogItem]:
    items = _items_for_bulk(ids)
    for item in items:
        if on_shelf:
            _check_can_go_on_shelf(item)
        if item.is_on_shelf != on_shelf:
            item.is_on_shelf = on_shelf
            record(
                f"{item.kind}.{'on_shelf' if on_shelf else 'off_shelf'}",
                "catalog_item",
                item.id,
                {"is_on_shelf": [not on_shelf, on_shelf]},
            )
    db.session.flush()
    return items


def do_set_recommended(ids: list[int], recommended: bool) -> list[CatalogItem]:
    items = _items_for_bulk(ids)
    for item in items:
        changes = apply_changes(item, {"is_recommended": recommended})
        if changes:
            record(f"{item.kind}.recommend", "catalog_item", item.id, changes)
    db.session.flush()
    return items


def _references(item: CatalogItem, deleted_too: bool) -> list[tuple[int, str]]:
    """The other items that depend on this one (packages holding a product, cards redeeming a package)."""
    if item.kind == "product":
        query = (
            select(CatalogItem.id, CatalogItem.name)
            .join(PackageContent, PackageContent.package_id == CatalogItem.id)
            .where(PackageContent.product_id == item.id)
        )
        label = "套餐"
    elif item.kind == "package":
        query = select(CatalogItem.id, CatalogItem.name).where(CatalogItem.redeem_package_id == item.id)
        label = "提货卡"
    else:
        return []
    if not deleted_too:
        query = query.where(CatalogItem.deleted_at.is_(None))
    return [(holder_id, f"{label}「{name}」") for holder_id, name in db.session.execute(query)]


def do_soft_delete(ids: list[int]) -> None:
    items = _items_for_bulk(ids)
    deleting = set(ids)
    for item in items:
        # Deleting a package together with the cards that use it is fine; leaving a live holder behind is not.
        live = [label for holder_id, label in _references(item, deleted_too=False) if holder_id not in deleting]
        if live:
            raise Conflict("ITEM_IN_USE", f"「{item.name}」仍被{'、'.join(live)}使用，不能删除")
    now = clock.utcnow()
    for item in items:
        item.deleted_at, item.is_on_shelf, item.is_recommended = now, False, False
        record(f"{item.kind}.delete", "catalog_item", item.id, {"deleted": [False, True]})
    db.session.flush()


def do_restore(ids: list[int]) -> None:
    items = _items_for_bulk(ids, include_deleted=True)
    for item in items:
        if item.deleted_at is None:
            continue
        if item.kind in ("physical_card", "ecard") and item.redeem_package.deleted_at is not None:
            raise Conflict("CARD_PACKAGE_MISSING", f"请先恢复「{item.name}」对应的套餐「{item.redeem_package.name}」")
        item.deleted_at = None  # restored items stay off shelf until someone puts them on again
        record(f"{item.kind}.restore", "catalog_item", item.id, {"deleted": [True, False]})
    db.session.flush()


def do_purge(ids: list[int]) -> None:
    items = _items_for_bulk(ids, include_deleted=True)
    for item in items:
        if item.deleted_at is None:
            raise Conflict("ITEM_NOT_IN_RECYCLE_BIN", f"「{item.name}」不在回收站中，请先删除")
        holders = [label for holder_id, label in _references(item, deleted_too=True) if holder_id not in set(ids)]
        if holders:
            raise Conflict("ITEM_IN_USE", f"「{item.name}」仍被{'、'.join(holders)}引用，请先彻底删除它们")
    # Holders before what they hold: cards, then packages (their contents go with them), then products.
    order = {"physical_card": 0, "ecard": 0, "package": 1, "product": 2}
    for item in sorted(items, key=lambda i: order[i.kind]):
        record(f"{item.kind}.purge", "catalog_item", item.id, {"name": [item.name, None]})
        db.session.delete(item)
        db.session.flush()


def do_set_stock(item_id: int, stock: int, reason: str) -> CatalogItem:
    item = lock_item(item_id)
    if item.deleted_at is not None:
        raise Conflict("ITEM_DELETED", "回收站中的商品不能调整库存")
    changes = apply_changes(item, {"stock": stock})
    if changes:
        changes["reason"] = [None, reason]
        record(f"{item.kind}.set_stock", "catalog_item", item.id, changes)
    db.session.flush()
    return item


def item_query(args: dict):
    query = select(CatalogItem)
    if args.get("kind"):
        query = query.where(CatalogItem.kind == args["kind"])
    if args.get("deleted"):
        query = query.where(CatalogItem.deleted_at.is_not(None))
    else:
        query = query.where(CatalogItem.deleted_at.is_(None))
    if args.get("category_id") is not None:
        children = select(Category.id).where(Category.parent_id == args["category_id"])
        query = query.where(or_(CatalogItem.category_id == args["category_id"], CatalogItem.category_id.in_(children)))
    for flag in ("is_on_shelf", "is_recommended"):
        if args.get(flag) is not None:
            query = query.where(getattr(CatalogItem, flag).is_(args[flag]))
    if args.get("low_stock"):
        query = query.where(CatalogItem.stock <= CatalogItem.low_stock_threshold)
    return keyword_filter(query, args.get("q"), CatalogItem.name, CatalogItem.sku)


ITEM_SORT = {
    "id": CatalogItem.id,
    "created_at": CatalogItem.created_at,
    "retail_price": CatalogItem.retail_price,
    "sales_count": CatalogItem.sales_count,
    "stock": CatalogItem.stock,
    "sort_weight": CatalogItem.sort_weight,
    "deleted_at": CatalogItem.deleted_at,
}


def stock_summary() -> dict:
    """Counts for the dashboard: low stock, sold out, on sale, off shelf (items not in the recycle bin)."""
    live = CatalogItem.deleted_at.is_(None)
    count = lambda *conds: db.session.execute(select(func.count()).where(live, *conds)).scalar_one()  # noqa: E731
    return {
        "low_stock": count(CatalogItem.stock <= CatalogItem.low_stock_threshold, CatalogItem.stock > 0),
        "sold_out": count(CatalogItem.stock == 0),
        "on_shelf": count(CatalogItem.is_on_shelf.is_(True)),
        "off_shelf": count(CatalogItem.is_on_shelf.is_(False)),
    }


def do_add_sales(item_id: int, quantity: int) -> None:
    """Called by the order domain when an order is paid: sales_count moves with a conditional update."""
    db.session.execute(
        update(CatalogItem).where(CatalogItem.id == item_id).values(sales_count=CatalogItem.sales_count + quantity)
    )


# ---- media library ---------------------------------------------------------------------------------------------------

IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
IMAGE_MAX_BYTES = 5 * 1024 * 1024
VIDEO_MAX_BYTES = 50 * 1024 * 1024


def do_upload_media(data: bytes, filename: str, content_type: str) -> MediaAsset:
    """An image (PNG/JPG/WebP/GIF, re-encoded) or a video (MP4/MOV, known by its container, not by the claimed
    type) for the media library."""
    if not data:
        raise ValidationFailed({"file": ["请选择要上传的文件"]})
    width = height = None
    if data[4:8] == b"ftyp" or (content_type or "").startswith("video/"):
        if len(data) > VIDEO_MAX_BYTES:
            raise ValidationFailed({"file": ["视频不能超过 50 MB"]}, "视频不能超过 50 MB", "VIDEO_TOO_LARGE")
        ext, stored_type = uploads.check_video(data)
        kind = "video"
    else:
        picture = uploads.reencode_image(data, IMAGE_FORMATS, IMAGE_MAX_BYTES, keep_animation=True)
        kind, ext, stored_type, data = "image", picture.extension, picture.content_type, picture.data
        width, height = picture.width, picture.height
    key = uploads.store_file(f"media/{clock.utcnow():%Y%m}", ext, data, stored_type, "media").storage_key
    admin = getattr(g, "admin", None)
    asset = MediaAsset(
        kind=kind,
        url=uploads.file_url(key),
        storage_key=key,
        filename=(filename or "")[:128],
        size_bytes=len(data),
        width=width,
        height=height,
        uploaded_by=admin.id if admin else None,
    )
    db.session.add(asset)
    db.session.flush()
    record("media.upload", "media_asset", asset.id, {"filename": [None, asset.filename]})
    return asset


def media_query(args: dict):
    query = select(MediaAsset)
    if args.get("kind"):
        query = query.where(MediaAsset.kind == args["kind"])
    return keyword_filter(query, args.get("q"), MediaAsset.filename)


def do_delete_media(asset_id: int) -> None:
    asset = db.session.get(MediaAsset, asset_id)
    if asset is None:
        raise NotFound("MEDIA_NOT_FOUND", "素材不存在")
    # The file stays on disk: items and banners may still show it; only the library entry goes.
    record("media.delete", "media_asset", asset.id, {"filename": [asset.filename, None]})
    db.session.delete(asset)
    db.session.flush()
