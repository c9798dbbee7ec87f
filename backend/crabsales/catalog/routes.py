"""Console endpoints for the catalog: categories, the four item kinds, recycle bin, stock, media library."""

from flask_smorest import Blueprint

from ..core.excel import Column, build_xlsx, xlsx_response
from ..core.limits import upload_limit
from ..core.pagination import iterate_all, page_schema, paginate
from ..identity.auth import admin_required
from ..members.services import list_levels
from . import services
from .models import CatalogItem, MediaAsset
from .pricing import member_price
from .schemas import (
    BulkIdsSchema,
    CategoryInputSchema,
    CategorySchema,
    CategoryScopeQuerySchema,
    CategoryTreeSchema,
    CategoryUpdateSchema,
    ItemCreateSchema,
    ItemDetailSchema,
    ItemQuerySchema,
    ItemSchema,
    ItemUpdateSchema,
    MediaQuerySchema,
    MediaSchema,
    PricePreviewQuerySchema,
    PricePreviewSchema,
    RecommendSchema,
    ShelfSchema,
    StockSchema,
    StockSummarySchema,
    UploadSchema,
)

blp = Blueprint("admin_catalog", __name__, url_prefix="/api/v1/admin/catalog", description="后台：商品、套餐、提货卡")

KIND_PATHS = {"products": "product", "packages": "package", "physical-cards": "physical_card", "ecards": "ecard"}


@blp.route("/categories", methods=["GET"])
@admin_required("catalog.view")
@blp.arguments(CategoryScopeQuerySchema, location="query")
@blp.response(200, CategoryTreeSchema)
def category_tree(args):
    """Categories of one scope (product: two levels; package, card: one level) as a tree."""
    return {"items": services.category_tree(args["scope"])}


@blp.route("/categories", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(CategoryInputSchema)
@blp.response(201, CategorySchema)
def create_category(args):
    return services.do_create_category(args)


@blp.route("/categories/<int:category_id>", methods=["PUT"])
@admin_required("catalog.manage")
@blp.arguments(CategoryUpdateSchema)
@blp.response(200, CategorySchema)
def update_category(args, category_id):
    return services.do_update_category(category_id, args)


@blp.route("/categories/<int:category_id>", methods=["DELETE"])
@admin_required("catalog.manage")
@blp.response(204)
def delete_category(category_id):
    """Delete an empty category (no sub-categories, no items, recycle bin included)."""
    services.do_delete_category(category_id)


@blp.route("/items", methods=["GET"])
@admin_required("catalog.view")
@blp.arguments(ItemQuerySchema, location="query")
@blp.response(200, page_schema(ItemSchema))
def list_items(args):
    """Items of every kind; `deleted=true` lists the recycle bin; q searches name and SKU."""
    return paginate(
        services.item_query(args),
        args,
        sortable=services.ITEM_SORT,
        default_sort="-created_at",
        tiebreak=CatalogItem.id,
    )


@blp.route("/items/export", methods=["GET"])
@admin_required("catalog.view")
@blp.arguments(ItemQuerySchema, location="query")
@blp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def export_items(args):
    rows = iterate_all(
        services.item_query(args),
        sortable=services.ITEM_SORT,
        default_sort="-created_at",
        tiebreak=CatalogItem.id,
        sort=args.get("sort"),
    )
    columns = [
        Column("ID", lambda i: i.id, 8),
        Column("类型", lambda i: services.KIND_NAMES[i.kind], 10),
        Column("名称", lambda i: i.name, 30),
        Column("SKU", lambda i: i.sku or ""),
        Column("分类", lambda i: i.category.name),
        Column.money("零售价(元)", lambda i: i.retail_price),
        Column.money("配送补贴(元)", lambda i: i.delivery_subsidy),
        Column("库存", lambda i: i.stock, 10),
        Column("警戒库存", lambda i: i.low_stock_threshold, 10),
        Column("销量", lambda i: i.sales_count, 10),
        Column("状态", lambda i: "上架" if i.is_on_shelf else "下架", 8),
        Column("推荐", lambda i: "是" if i.is_recommended else "否", 8),
        Column("创建时间", lambda i: i.created_at, 20),
    ]
    return xlsx_response(build_xlsx(columns, rows, "商品"), "商品列表.xlsx")


@blp.route("/items/stock-summary", methods=["GET"])
@admin_required("catalog.view")
@blp.response(200, StockSummarySchema)
def stock_summary():
    return services.stock_summary()


@blp.route("/items/price-preview", methods=["GET"])
@admin_required("catalog.view")
@blp.arguments(PricePreviewQuerySchema, location="query")
@blp.response(200, PricePreviewSchema)
def price_preview(args):
    """What each member level would pay for a retail price (shown while editing the price)."""
    retail = args["retail_price"]
    return {
        "retail_price": retail,
        "member_prices": [
            {
                "level_id": lv.id,
                "level_name": lv.name,
                "rate_bp": lv.discount_rate_bp,
                "price": member_price(retail, lv.discount_rate_bp),
            }
            for lv in list_levels()
        ],
    }


def _kind_routes(path: str, kind: str):
    """Create and update endpoints per kind, so each form validates the fields of its kind."""

    @blp.route(f"/{path}", methods=["POST"], endpoint=f"create_{kind}")
    @admin_required("catalog.manage")
    @blp.arguments(ItemCreateSchema)
    @blp.response(201, ItemDetailSchema)
    def create(args):
        return services.do_create_item(kind, args)

    create.__doc__ = f"Create a {kind.replace('_', ' ')}."

    @blp.route(f"/{path}/<int:item_id>", methods=["PUT"], endpoint=f"update_{kind}")
    @admin_required("catalog.manage")
    @blp.arguments(ItemUpdateSchema)
    @blp.response(200, ItemDetailSchema)
    def update(args, item_id):
        services.get_item(item_id, kind)
        return services.do_update_item(item_id, args)

    update.__doc__ = f"Update a {kind.replace('_', ' ')} (only the fields sent)."


for _path, _kind in KIND_PATHS.items():
    _kind_routes(_path, _kind)


@blp.route("/items/<int:item_id>", methods=["GET"])
@admin_required("catalog.view")
@blp.response(200, ItemDetailSchema)
def get_item(item_id):
    return services.get_item(item_id, include_deleted=True)


@blp.route("/items/<int:item_id>/stock", methods=["PUT"])
@admin_required("catalog.manage")
@blp.arguments(StockSchema)
@blp.response(200, ItemSchema)
def set_stock(args, item_id):
    """Set the sellable stock (audited with the reason)."""
    return services.do_set_stock(item_id, args["stock"], args["reason"])


@blp.route("/items/shelf", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(ShelfSchema)
@blp.response(204)
def set_shelf(args):
    """Put items on or off shelf (bulk)."""
    services.do_set_shelf(args["ids"], args["on_shelf"])


@blp.route("/items/recommend", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(RecommendSchema)
@blp.response(204)
def set_recommended(args):
    services.do_set_recommended(args["ids"], args["recommended"])


@blp.route("/items/delete", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(BulkIdsSchema)
@blp.response(204)
def soft_delete(args):
    """Move items to the recycle bin (off shelf); refused while another live item depends on one of them."""
    services.do_soft_delete(args["ids"])


@blp.route("/items/restore", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(BulkIdsSchema)
@blp.response(204)
def restore(args):
    """Bring items back from the recycle bin (they stay off shelf)."""
    services.do_restore(args["ids"])


@blp.route("/items/purge", methods=["POST"])
@admin_required("catalog.manage")
@blp.arguments(BulkIdsSchema)
@blp.response(204)
def purge(args):
    """Delete recycle-bin items for good."""
    services.do_purge(args["ids"])


@blp.route("/media", methods=["GET"])
@admin_required("catalog.view")
@blp.arguments(MediaQuerySchema, location="query")
@blp.response(200, page_schema(MediaSchema))
def list_media(args):
    return paginate(
        services.media_query(args),
        args,
        sortable={"created_at": MediaAsset.created_at},
        default_sort="-created_at",
        tiebreak=MediaAsset.id,
    )


@blp.route("/media", methods=["POST"])
@upload_limit(services.VIDEO_MAX_BYTES)
@admin_required("catalog.manage")
@blp.arguments(UploadSchema, location="files")
@blp.response(201, MediaSchema)
def upload_media(files):
    """Upload an image (PNG/JPG/WebP/GIF ≤ 5 MB and 40 megapixels, re-encoded) or an MP4/MOV video (≤ 50 MB, known by
    its container) to the media library."""
    upload = files["file"]
    return services.do_upload_media(upload.read(services.VIDEO_MAX_BYTES + 1), upload.filename, upload.mimetype)


@blp.route("/media/<int:asset_id>", methods=["DELETE"])
@admin_required("catalog.manage")
@blp.response(204)
def delete_media(asset_id):
    services.do_delete_media(asset_id)
