from marshmallow import fields, validate

from ..core.pagination import ListQuerySchema
from ..core.schemas import Id, InputSchema, Name, OutputSchema, QuerySchema, UtcDateTime
from .models import CATEGORY_SCOPES, ITEM_KINDS

MONEY = {"validate": validate.Range(min=0, max=100_000_000_00), "metadata": {"description": "fen"}}
URL = {"validate": validate.Length(max=512)}


class CategorySchema(OutputSchema):
    id = fields.Integer()
    scope = fields.String()
    parent_id = fields.Integer(allow_none=True)
    name = fields.String()
    icon_url = fields.String()
    sort_order = fields.Integer()
    is_visible = fields.Boolean()
    created_at = UtcDateTime()


class CategoryNodeSchema(OutputSchema):
    category = fields.Nested(CategorySchema)
    children = fields.List(fields.Nested(lambda: CategoryNodeSchema()))


class CategoryTreeSchema(OutputSchema):
    items = fields.List(fields.Nested(CategoryNodeSchema))


class CategoryScopeQuerySchema(ListQuerySchema):
    scope = fields.String(required=True, validate=validate.OneOf(CATEGORY_SCOPES))


class CategoryInputSchema(InputSchema):
    scope = fields.String(required=True, validate=validate.OneOf(CATEGORY_SCOPES))
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    parent_id = Id(load_default=None, allow_none=True)
    icon_url = fields.String(load_default="", **URL)
    sort_order = fields.Integer(load_default=0, validate=validate.Range(min=-1_000_000, max=1_000_000))
    is_visible = fields.Boolean(load_default=True)


class CategoryUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    parent_id = Id(allow_none=True)
    icon_url = fields.String(**URL)
    sort_order = fields.Integer(validate=validate.Range(min=-1_000_000, max=1_000_000))
    is_visible = fields.Boolean()


class SpecSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=16))
    value = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ContentInputSchema(InputSchema):
    product_id = Id(required=True)
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=999))


class ContentSchema(OutputSchema):
    product_id = fields.Integer()
    product_name = fields.Function(lambda c: c.product.name)
    product_sku = fields.Function(lambda c: c.product.sku)
    unit = fields.Function(lambda c: c.product.unit)
    quantity = fields.Integer()


class ItemFieldsMixin:
    subtitle = fields.String(validate=validate.Length(max=128))
    cover_url = fields.String(**URL)
    gallery = fields.List(fields.String(**URL), validate=validate.Length(max=20))
    video_url = fields.String(**URL)
    detail_html = fields.String(validate=validate.Length(max=200_000))
    unit = fields.String(validate=validate.Length(min=1, max=8))
    retail_price = fields.Integer(
        validate=validate.Range(min=1, max=100_000_000_00), metadata={"description": "fen, > 0"}
    )
    delivery_subsidy = fields.Integer(**MONEY)
    stock = fields.Integer(validate=validate.Range(min=0, max=100_000_000))
    low_stock_threshold = fields.Integer(validate=validate.Range(min=0, max=100_000_000))
    is_recommended = fields.Boolean()
    sort_weight = fields.Integer(validate=validate.Range(min=-1_000_000, max=1_000_000))
    # products
    sku = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_\-.]{1,32}$", error="SKU 为 1-32 位字母、数字、-_."))
    specs = fields.List(fields.Nested(SpecSchema), validate=validate.Length(max=30))
    settlement_price = fields.Integer(allow_none=True, **MONEY)
    weight_g = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=1_000_000))
    length_mm = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10_000))
    width_mm = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10_000))
    height_mm = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10_000))
    # packages
    contents = fields.List(fields.Nested(ContentInputSchema), validate=validate.Length(max=50))
    # cards
    redeem_package_id = Id(allow_none=True)


class ItemCreateSchema(ItemFieldsMixin, InputSchema):
    category_id = Id(required=True)
    name = Name(required=True, validate=validate.Length(min=1, max=64))
    retail_price = fields.Integer(
        required=True, validate=validate.Range(min=1, max=100_000_000_00), metadata={"description": "fen, > 0"}
    )
    is_on_shelf = fields.Boolean(metadata={"description": "default from settings (products.default_on_shelf)"})


class ItemUpdateSchema(ItemFieldsMixin, InputSchema):
    """Stock is not edited here: PUT /items/{id}/stock takes it with a reason."""

    class Meta:
        unknown = "exclude"
        exclude = ("stock",)

    category_id = Id()
    name = Name(validate=validate.Length(min=1, max=64))


class ItemSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String()
    category_id = fields.Integer()
    category_name = fields.Function(lambda i: i.category.name)
    name = fields.String()
    subtitle = fields.String()
    cover_url = fields.String()
    gallery = fields.List(fields.String())
    video_url = fields.String()
    unit = fields.String()
    retail_price = fields.Integer()
    delivery_subsidy = fields.Integer()
    stock = fields.Integer()
    low_stock_threshold = fields.Integer()
    is_low_stock = fields.Boolean()
    is_on_shelf = fields.Boolean()
    is_recommended = fields.Boolean()
    sort_weight = fields.Integer()
    sales_count = fields.Integer()
    review_count = fields.Integer()
    rating_avg = fields.Float(allow_none=True)
    sku = fields.String(allow_none=True)
    specs = fields.List(fields.Dict())
    settlement_price = fields.Integer(allow_none=True)
    weight_g = fields.Integer(allow_none=True)
    length_mm = fields.Integer(allow_none=True)
    width_mm = fields.Integer(allow_none=True)
    height_mm = fields.Integer(allow_none=True)
    redeem_package_id = fields.Integer(allow_none=True)
    redeem_package_name = fields.Function(lambda i: i.redeem_package.name if i.redeem_package else None)
    deleted_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class ItemDetailSchema(ItemSchema):
    detail_html = fields.String()
    contents = fields.List(fields.Nested(ContentSchema))


class ItemQuerySchema(ListQuerySchema):
    kind = fields.String(load_default=None, validate=validate.OneOf(ITEM_KINDS))
    category_id = Id(load_default=None)
    is_on_shelf = fields.Boolean(load_default=None)
    is_recommended = fields.Boolean(load_default=None)
    low_stock = fields.Boolean(load_default=None)
    deleted = fields.Boolean(load_default=False, metadata={"description": "true: the recycle bin"})


class BulkIdsSchema(InputSchema):
    ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=200))


class ShelfSchema(BulkIdsSchema):
    on_shelf = fields.Boolean(required=True)


class RecommendSchema(BulkIdsSchema):
    recommended = fields.Boolean(required=True)


class StockSchema(InputSchema):
    stock = fields.Integer(required=True, validate=validate.Range(min=0, max=100_000_000))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=128))


class StockSummarySchema(OutputSchema):
    low_stock = fields.Integer()
    sold_out = fields.Integer()
    on_shelf = fields.Integer()
    off_shelf = fields.Integer()


class MediaSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String()
    url = fields.String()
    filename = fields.String()
    size_bytes = fields.Integer()
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)
    created_at = UtcDateTime()


class MediaQuerySchema(ListQuerySchema):
    kind = fields.String(load_default=None, validate=validate.OneOf(["image", "video"]))


class UploadSchema(InputSchema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class PricePreviewQuerySchema(QuerySchema):
    retail_price = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000_000_00))


class PricePreviewSchema(OutputSchema):
    retail_price = fields.Integer()
    member_prices = fields.List(fields.Dict(), metadata={"description": "[{level_id, level_name, rate_bp, price}]"})
