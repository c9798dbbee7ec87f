from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from ..core.pagination import ListQuerySchema
from ..core.schemas import Id, InputSchema, Name, OutputSchema, QuerySchema, UtcDateTime
from ..identity.schemas import AddressSchema
from .states import STATUS_NAMES


class CartItemSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    cover_url = fields.String()
    unit = fields.String()
    retail_price = fields.Integer()
    stock = fields.Integer()


class CartLineSchema(OutputSchema):
    id = fields.Integer()
    item_id = fields.Integer()
    item = fields.Nested(CartItemSchema)
    quantity = fields.Integer()
    is_selected = fields.Boolean()
    price = fields.Integer(metadata={"description": "the caller's unit price, fen"})
    available = fields.Boolean(metadata={"description": "on sale with enough stock for this quantity"})
    unavailable_reason = fields.String(
        allow_none=True,
        metadata={
            "description": "off_shelf (off sale or deleted), sold_out, short (less stock than the quantity); else null"
        },
    )


class CartSchema(OutputSchema):
    items = fields.List(fields.Nested(CartLineSchema))
    selected_count = fields.Integer()
    selected_amount = fields.Integer()


class CartAddSchema(InputSchema):
    item_id = Id(required=True)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=99))


class CartUpdateSchema(InputSchema):
    quantity = fields.Integer(validate=validate.Range(min=1, max=99))
    is_selected = fields.Boolean()


class CartRemoveSchema(InputSchema):
    line_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=50))


class SelectAllSchema(InputSchema):
    selected = fields.Boolean(required=True)


class CheckoutSchema(InputSchema):
    """Buy now (item_id + quantity) or the selected cart lines (no item_id)."""

    item_id = Id(load_default=None, allow_none=True)
    quantity = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=99))
    address_id = Id(load_default=None, allow_none=True)


class SubmitSchema(CheckoutSchema):
    submit_token = fields.String(required=True, validate=validate.Length(min=10, max=40))
    expected_pay_amount = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=10**12),
        metadata={"description": "the pay_amount the buyer saw (fen)"},
    )
    remark = fields.String(load_default="", validate=validate.Length(max=200))

    @validates_schema
    def _quantity_with_item(self, data, **kwargs):
        if data.get("quantity") and not data.get("item_id"):
            raise ValidationError({"quantity": ["数量仅用于立即购买"]})


class CheckoutLineSchema(OutputSchema):
    item_id = fields.Function(lambda line: line["item"].id)
    kind = fields.Function(lambda line: line["item"].kind)
    name = fields.Function(lambda line: line["item"].name)
    cover_url = fields.Function(lambda line: line["item"].cover_url)
    retail_price = fields.Function(lambda line: line["item"].retail_price)
    unit_price = fields.Integer()
    quantity = fields.Integer()
    line_total = fields.Integer()
    in_stock = fields.Boolean()


class CheckoutAnswerSchema(OutputSchema):
    order_type = fields.String()
    lines = fields.List(fields.Nested(CheckoutLineSchema))
    needs_address = fields.Boolean()
    address = fields.Nested(AddressSchema, allow_none=True)
    goods_amount = fields.Integer()
    freight_amount = fields.Integer()
    discount_amount = fields.Integer()
    pay_amount = fields.Integer()
    chargeable_weight_g = fields.Integer()
    submit_token = fields.String()


class OrderLineSchema(OutputSchema):
    id = fields.Integer()
    item_id = fields.Integer()
    item_kind = fields.String()
    name = fields.String()
    cover_url = fields.String()
    retail_price = fields.Integer()
    unit_price = fields.Integer()
    quantity = fields.Integer()
    line_total = fields.Integer()


class OrderEventSchema(OutputSchema):
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    actor_type = fields.String()
    note = fields.String()
    created_at = UtcDateTime()


class OrderSchema(OutputSchema):
    id = fields.Integer()
    order_no = fields.String()
    order_type = fields.String()
    status = fields.String()
    status_name = fields.Function(lambda o: STATUS_NAMES.get(o.status, o.status))
    goods_amount = fields.Integer()
    freight_amount = fields.Integer()
    discount_amount = fields.Integer()
    pay_amount = fields.Integer()
    receiver_name = fields.String()
    receiver_phone = fields.String()
    province = fields.String()
    city = fields.String()
    district = fields.String()
    address_detail = fields.String()
    remark = fields.String()
    lines = fields.List(fields.Nested(OrderLineSchema))
    allowed_actions = fields.Method(
        "_actions",
        metadata={
            "type": "array",
            "items": {"type": "string"},
            "description": "pay, cancel, confirm_receipt (the state table), aftersale (a refund may be asked), "
            "review (a line waits for a review)",
        },
    )
    auto_close_at = UtcDateTime(allow_none=True)
    paid_at = UtcDateTime(allow_none=True)
    shipped_at = UtcDateTime(allow_none=True)
    completed_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)
    close_reason = fields.String()
    created_at = UtcDateTime()

    def _actions(self, order):
        from .actions import member_actions

        return member_actions(order)

    def _status_actions(self, order):
        from .states import allowed_actions

        return allowed_actions(order.status)


class OrderDetailSchema(OrderSchema):
    events = fields.List(fields.Nested(OrderEventSchema))


class AdminOrderSchema(OrderSchema):
    user_id = fields.Integer()
    allowed_actions = fields.Method(
        "_status_actions",
        metadata={"type": "array", "items": {"type": "string"}, "description": "the member's, from the state table"},
    )
    member_phone = fields.Function(lambda o: o.user.phone)
    member_name = fields.Function(lambda o: o.user.display_name)


class AdminOrderDetailSchema(AdminOrderSchema):
    events = fields.List(fields.Nested(OrderEventSchema))


STATUS_TABS = ("all", "pending_payment", "pending_shipment", "shipped", "completed", "pending_review", "closed")


class MyOrdersQuerySchema(ListQuerySchema):
    tab = fields.String(
        load_default="all",
        validate=validate.OneOf(STATUS_TABS),
        metadata={
            "description": "pending_shipment includes partially shipped orders; pending_review: completed orders with "
            "a line not reviewed yet"
        },
    )
    order_type = fields.String(load_default=None, validate=validate.OneOf(["package", "physical_card", "ecard"]))


class AdminOrdersQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(STATUS_NAMES)))
    order_type = fields.String(
        load_default=None, validate=validate.OneOf(["package", "physical_card", "ecard", "redemption", "b2b"])
    )
    order_no = fields.String(load_default=None, validate=validate.Length(max=24))
    member_phone = fields.String(load_default=None, validate=validate.Length(max=20))
    item_id = Id(load_default=None)
    created_from = UtcDateTime(load_default=None)
    created_to = UtcDateTime(load_default=None)


class CancelSchema(InputSchema):
    reason = fields.String(load_default="买家取消", validate=validate.Length(max=100))


class FreightRuleSchema(InputSchema):
    regions = fields.List(
        fields.String(validate=validate.Length(min=2, max=40)),
        load_default=list,
        validate=validate.Length(max=400),
        metadata={"description": '"江苏省" or "江苏省/苏州市"; empty = everywhere else'},
    )
    first_weight_g = fields.Integer(required=True, validate=validate.Range(min=1, max=1_000_000))
    first_price = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000))
    additional_weight_g = fields.Integer(required=True, validate=validate.Range(min=1, max=1_000_000))
    additional_price = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000))
    is_remote = fields.Boolean(load_default=False)


class FreightRuleOutSchema(OutputSchema):
    id = fields.Integer()
    regions = fields.List(fields.String())
    first_weight_g = fields.Integer()
    first_price = fields.Integer()
    additional_weight_g = fields.Integer()
    additional_price = fields.Integer()
    is_remote = fields.Boolean()


class FreightTemplateInputSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    is_default = fields.Boolean(load_default=False)
    free_threshold = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=10**10))
    volumetric_divisor = fields.Integer(load_default=6000, validate=validate.Range(min=1000, max=20000))
    rules = fields.List(fields.Nested(FreightRuleSchema), required=True, validate=validate.Length(min=1, max=100))


class FreightTemplateSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    is_default = fields.Boolean()
    free_threshold = fields.Integer(allow_none=True)
    volumetric_divisor = fields.Integer()
    rules = fields.List(fields.Nested(FreightRuleOutSchema))
    updated_at = UtcDateTime()


class FreightTemplateListSchema(OutputSchema):
    items = fields.List(fields.Nested(FreightTemplateSchema))


class FreightQuoteQuerySchema(QuerySchema):
    province = fields.String(required=True, validate=validate.Length(min=2, max=32))
    city = fields.String(load_default="", validate=validate.Length(max=32))
    weight_g = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000))
    goods_amount = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**12))


class FreightQuoteSchema(OutputSchema):
    amount = fields.Integer()
    chargeable_weight_g = fields.Integer()
    rule_id = fields.Integer(allow_none=True)
    is_free = fields.Boolean()


class MemberOrderCountsSchema(OutputSchema):
    pending_payment = fields.Integer()
    pending_shipment = fields.Integer()
    shipped = fields.Integer()
    completed = fields.Integer()
    pending_review = fields.Integer(metadata={"description": "completed orders with a line not reviewed yet"})
    aftersale_open = fields.Integer()


class AdminOrderCountsSchema(OutputSchema):
    all = fields.Integer()
    pending_payment = fields.Integer()
    pending_shipment = fields.Integer()
    partially_shipped = fields.Integer()
    shipped = fields.Integer()
    completed = fields.Integer()
    closed = fields.Integer()
