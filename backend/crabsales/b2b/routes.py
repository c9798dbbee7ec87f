"""B2B ordering endpoints: the flagship store's workspace (owner or operator with b2b_orders) and the console."""

from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..catalog.models import CatalogItem
from ..core.idempotency import idempotent
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from ..dealers.staff import dealer_actor
from ..identity.auth import admin_required, login_required
from ..identity.schemas import PHONE
from . import services
from .models import B2BOrder

blp = Blueprint("dealer_b2b", __name__, url_prefix="/api/v1/dealer/b2b", description="渠道商工作台：专卖店进货")
admin_blp = Blueprint("admin_b2b", __name__, url_prefix="/api/v1/admin", description="后台：专卖店进货订单")

STATUSES = validate.OneOf(list(services.STATUS_NAMES))
QUANTITY = validate.Range(min=1, max=services.MAX_QUANTITY)


class B2BItemSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    subtitle = fields.String()
    cover_url = fields.String()
    specs = fields.List(fields.Dict())
    retail_price = fields.Integer()
    unit_price = fields.Integer()
    stock = fields.Integer()


class B2BCartLineSchema(OutputSchema):
    id = fields.Integer()
    item_id = fields.Integer()
    name = fields.String()
    cover_url = fields.String()
    unit_price = fields.Integer()
    quantity = fields.Integer()
    line_total = fields.Integer()
    stock = fields.Integer()
    on_sale = fields.Boolean()


class B2BCartSchema(OutputSchema):
    lines = fields.List(fields.Nested(B2BCartLineSchema))
    total = fields.Integer()


class B2BCartAddSchema(InputSchema):
    item_id = Id(required=True)
    quantity = fields.Integer(required=True, validate=QUANTITY)


class B2BCartQuantitySchema(InputSchema):
    quantity = fields.Integer(required=True, validate=QUANTITY)


class B2BOrderLineInSchema(InputSchema):
    item_id = Id(required=True)
    quantity = fields.Integer(required=True, validate=QUANTITY)


class B2BOrderCreateSchema(InputSchema):
    lines = fields.List(fields.Nested(B2BOrderLineInSchema), load_default=None, validate=validate.Length(max=50))
    from_cart = fields.Boolean(load_default=False)
    receiver_name = Name(required=True, validate=validate.Length(min=1, max=32))
    receiver_phone = fields.String(required=True, **PHONE)
    province = fields.String(required=True, validate=validate.Length(min=1, max=32))
    city = fields.String(required=True, validate=validate.Length(min=1, max=32))
    district = fields.String(load_default="", validate=validate.Length(max=32))
    address_detail = fields.String(required=True, validate=validate.Length(min=1, max=128))
    remark = fields.String(load_default="", validate=validate.Length(max=200))


class TransferSchema(InputSchema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    note = fields.String(load_default="", validate=validate.Length(max=200))


class B2BReasonSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TransferDecisionSchema(InputSchema):
    approve = fields.Boolean(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class B2BOrderLineSchema(OutputSchema):
    id = fields.Integer()
    item_id = fields.Integer()
    item_kind = fields.String()
    name = fields.String()
    cover_url = fields.String()
    retail_price = fields.Integer()
    unit_price = fields.Integer()
    quantity = fields.Integer()
    line_total = fields.Integer()


class B2BOrderEventSchema(OutputSchema):
    id = fields.Integer()
    action = fields.String()
    action_name = fields.Function(lambda e: services.ACTION_NAMES.get(e.action, e.action), metadata={"type": "string"})
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    actor_type = fields.String()
    actor_name = fields.String()
    note = fields.String()
    created_at = UtcDateTime()


class B2BOrderSchema(OutputSchema):
    id = fields.Integer()
    order_no = fields.String()
    dealer_id = fields.Integer()
    dealer_name = fields.Function(lambda o: o.dealer.name, metadata={"type": "string"})
    status = fields.String()
    status_name = fields.Function(lambda o: services.STATUS_NAMES[o.status], metadata={"type": "string"})
    goods_amount = fields.Integer()
    pay_method = fields.String(allow_none=True)
    transfer_reference = fields.String()
    receiver_name = fields.String()
    receiver_phone = fields.String()
    province = fields.String()
    city = fields.String()
    district = fields.String()
    address_detail = fields.String()
    remark = fields.String()
    paid_at = UtcDateTime(allow_none=True)
    cancel_reason = fields.String()
    created_at = UtcDateTime()
    lines = fields.List(fields.Nested(B2BOrderLineSchema))


class B2BOrderDetailSchema(B2BOrderSchema):
    events = fields.List(fields.Nested(B2BOrderEventSchema))
    allowed_actions = fields.Function(
        lambda o: services.dealer_allowed_actions(o), metadata={"type": "array", "items": {"type": "string"}}
    )


class AdminB2BOrderDetailSchema(B2BOrderDetailSchema):
    admin_actions = fields.Function(
        lambda o: services.admin_allowed_actions(o), metadata={"type": "array", "items": {"type": "string"}}
    )


class B2BOrderQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=STATUSES)


class AdminB2BOrderQuerySchema(B2BOrderQuerySchema):
    dealer_id = Id(load_default=None)


def _page(query, args):
    sortable = {"id": B2BOrder.id, "created_at": B2BOrder.created_at, "goods_amount": B2BOrder.goods_amount}
    return paginate(query, args, sortable=sortable, default_sort="-id", tiebreak=B2BOrder.id)


def _flagship():
    actor = dealer_actor("b2b_orders")
    services.check_flagship(actor.dealer)
    return actor


# ---- flagship store workspace ----------------------------------------------------------------------------------------


@blp.route("/items", methods=["GET"])
@login_required
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(B2BItemSchema))
def list_items(args):
    """Goods a flagship store can order, at its tier-1 price; q searches the name."""
    dealer = _flagship().dealer
    page = paginate(
        services.item_query(args.get("q")),
        args,
        sortable={"id": CatalogItem.id, "sort_weight": CatalogItem.sort_weight},
        default_sort="-sort_weight",
        tiebreak=CatalogItem.id,
    )
    services.attach_prices(dealer, page["items"])
    return page


@blp.route("/cart", methods=["GET"])
@login_required
@blp.response(200, B2BCartSchema)
def get_cart():
    return services.cart(_flagship().dealer)


@blp.route("/cart", methods=["POST"])
@login_required
@blp.arguments(B2BCartAddSchema)
@blp.response(200, B2BCartSchema)
def add_to_cart(args):
    return services.do_add_to_cart(_flagship().dealer, args["item_id"], args["quantity"])


@blp.route("/cart/<int:line_id>", methods=["PUT"])
@login_required
@blp.arguments(B2BCartQuantitySchema)
@blp.response(200, B2BCartSchema)
def update_cart_line(args, line_id):
    return services.do_update_cart_line(_flagship().dealer, line_id, args["quantity"])


@blp.route("/cart/<int:line_id>", methods=["DELETE"])
@login_required
@blp.response(200, B2BCartSchema)
def remove_cart_line(line_id):
    return services.do_remove_cart_line(_flagship().dealer, line_id)


@blp.route("/orders", methods=["POST"])
@login_required
@idempotent
@blp.arguments(B2BOrderCreateSchema)
@blp.response(201, B2BOrderDetailSchema)
def create_order(args):
    """Order the given lines (or the whole cart) at my tier-1 price; the stock is reserved now."""
    return services.do_create_order(_flagship(), args)


@blp.route("/orders", methods=["GET"])
@login_required
@blp.arguments(B2BOrderQuerySchema, location="query")
@blp.response(200, page_schema(B2BOrderSchema))
def list_orders(args):
    """My B2B orders; q searches the order number."""
    return _page(services.order_query(args, _flagship().dealer.id), args)


@blp.route("/orders/<int:order_id>", methods=["GET"])
@login_required
@blp.response(200, B2BOrderDetailSchema)
def get_order(order_id):
    return services.get_order(order_id, _flagship().dealer.id)


@blp.route("/orders/<int:order_id>/pay", methods=["POST"])
@login_required
@idempotent
@blp.response(200, B2BOrderDetailSchema)
def pay_order(order_id):
    """Pay from the stored value (409 INSUFFICIENT_FUNDS when it is short); the order waits for shipment."""
    return services.do_pay_with_stored_value(_flagship(), order_id)


@blp.route("/orders/<int:order_id>/transfer", methods=["POST"])
@login_required
@idempotent
@blp.arguments(TransferSchema)
@blp.response(200, B2BOrderDetailSchema)
def report_transfer(args, order_id):
    """I paid by bank transfer: the order waits for finance to confirm the money arrived."""
    return services.do_report_transfer(_flagship(), order_id, args["reference"], args["note"])


@blp.route("/orders/<int:order_id>/cancel", methods=["POST"])
@login_required
@blp.arguments(B2BReasonSchema)
@blp.response(200, B2BOrderDetailSchema)
def cancel_order(args, order_id):
    """Cancel an unpaid order; its stock is returned once."""
    return services.do_dealer_cancel(_flagship(), order_id, args["reason"])


# ---- console ---------------------------------------------------------------------------------------------------------


@admin_blp.route("/b2b-orders", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(AdminB2BOrderQuerySchema, location="query")
@admin_blp.response(200, page_schema(B2BOrderSchema))
def admin_list_orders(args):
    """B2B orders of every flagship store; q searches the order number."""
    return _page(services.order_query(args), args)


@admin_blp.route("/b2b-orders/<int:order_id>", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, AdminB2BOrderDetailSchema)
def admin_get_order(order_id):
    return services.get_order(order_id)


@admin_blp.route("/b2b-orders/<int:order_id>/transfer-decision", methods=["POST"])
@admin_required("finance.manage")
@idempotent
@admin_blp.arguments(TransferDecisionSchema)
@admin_blp.response(200, AdminB2BOrderDetailSchema)
def decide_transfer(args, order_id):
    """Finance: the transfer arrived (→ pending_shipment) or not (back to pending_payment, with a reason)."""
    return services.do_decide_transfer(order_id, args["approve"], args["reason"])


@admin_blp.route("/b2b-orders/<int:order_id>/cancel", methods=["POST"])
@admin_required("dealers.manage")
@idempotent
@admin_blp.arguments(B2BReasonSchema)
@admin_blp.response(200, AdminB2BOrderDetailSchema)
def admin_cancel_order(args, order_id):
    """Cancel before shipment: stock returns once; stored value paid returns by a ledger entry."""
    return services.do_admin_cancel(order_id, args["reason"])
