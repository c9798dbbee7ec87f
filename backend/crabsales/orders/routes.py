"""Cart, checkout and order endpoints for members; order and freight endpoints for the console."""

from flask import g
from flask_smorest import Blueprint
from sqlalchemy import select

from ..core.excel import Column, build_xlsx, xlsx_response
from ..core.pagination import iterate_all, page_schema, paginate
from ..core.uow import commit_before_answer
from ..extensions import db
from ..identity.auth import admin_required, login_required
from . import freight, services
from .actions import attach_member_actions
from .models import Order
from .schemas import (
    AdminOrderCountsSchema,
    AdminOrderDetailSchema,
    AdminOrderSchema,
    AdminOrdersQuerySchema,
    CancelSchema,
    CartAddSchema,
    CartLineSchema,
    CartRemoveSchema,
    CartSchema,
    CartUpdateSchema,
    CheckoutAnswerSchema,
    CheckoutSchema,
    FreightQuoteQuerySchema,
    FreightQuoteSchema,
    FreightTemplateInputSchema,
    FreightTemplateListSchema,
    FreightTemplateSchema,
    MemberOrderCountsSchema,
    MyOrdersQuerySchema,
    OrderDetailSchema,
    OrderSchema,
    SelectAllSchema,
    SubmitSchema,
)
from .states import STATUS_NAMES

blp = Blueprint("orders", __name__, url_prefix="/api/v1", description="购物车、结算与订单")
admin_blp = Blueprint("admin_orders", __name__, url_prefix="/api/v1/admin", description="后台：订单与运费模板")

ORDER_SORT = {"created_at": Order.created_at, "pay_amount": Order.pay_amount, "paid_at": Order.paid_at, "id": Order.id}


def _cart_answer(user):
    lines = services.cart_lines(user)
    chosen = [line for line in lines if line.is_selected and line.available]
    return {
        "items": lines,
        "selected_count": sum(line.quantity for line in chosen),
        "selected_amount": sum(line.price * line.quantity for line in chosen),
    }


@blp.route("/cart", methods=["GET"])
@login_required
@blp.response(200, CartSchema)
def get_cart():
    """Cart lines with the caller's prices; `available` is false for items off sale or short of stock."""
    return _cart_answer(g.user)


@blp.route("/cart/lines", methods=["POST"])
@login_required
@blp.arguments(CartAddSchema)
@blp.response(201, CartLineSchema)
def add_to_cart(args):
    """Add a package (adding it again adds to the quantity, at most 99)."""
    services.do_add_to_cart(g.user, args["item_id"], args["quantity"])
    return next(line for line in services.cart_lines(g.user) if line.item_id == args["item_id"])


@blp.route("/cart/lines/<int:line_id>", methods=["PATCH"])
@login_required
@blp.arguments(CartUpdateSchema)
@blp.response(200, CartSchema)
def update_cart_line(args, line_id):
    services.do_update_cart_line(g.user, line_id, args)
    return _cart_answer(g.user)


@blp.route("/cart/remove", methods=["POST"])
@login_required
@blp.arguments(CartRemoveSchema)
@blp.response(200, CartSchema)
def remove_cart_lines(args):
    services.do_remove_cart_lines(g.user, args["line_ids"])
    return _cart_answer(g.user)


@blp.route("/cart/select-all", methods=["POST"])
@login_required
@blp.arguments(SelectAllSchema)
@blp.response(200, CartSchema)
def select_all(args):
    services.do_select_all(g.user, args["selected"])
    return _cart_answer(g.user)


@blp.route("/checkout", methods=["POST"])
@login_required
@blp.arguments(CheckoutSchema)
@blp.response(200, CheckoutAnswerSchema)
def checkout(args):
    """Price the checkout (the default address unless one is given) and issue the submit token."""
    return services.do_preview_checkout(g.user, args)


@blp.route("/orders", methods=["POST"])
@login_required
@blp.arguments(SubmitSchema)
@blp.response(201, OrderDetailSchema)
def submit_order(args):
    """Submit with the checkout's token: the same token always yields the same order (201 the first time, 200 after).
    A changed price answers 409 PRICE_CHANGED with the new amounts; nothing is charged silently."""
    order, created = services.do_submit_order(g.user, args)
    if created:
        commit_before_answer()  # releases the hot stock row before the answer is built
    return order, 201 if created else 200


@blp.route("/orders", methods=["GET"])
@login_required
@blp.arguments(MyOrdersQuerySchema, location="query")
@blp.response(200, page_schema(OrderSchema))
def my_orders(args):
    """My orders by tab of 我的订单, with the actions each allows now."""
    page = paginate(
        services.member_order_query(g.user, args),
        args,
        sortable={"created_at": Order.created_at},
        default_sort="-created_at",
        tiebreak=Order.id,
    )
    attach_member_actions(page["items"])
    return page


@blp.route("/orders/counts", methods=["GET"])
@login_required
@blp.response(200, MemberOrderCountsSchema)
def my_order_counts():
    """How many of my orders wait in each tab of 我的, and my open after-sales cases (one call for the badges)."""
    return services.member_order_counts(g.user)


@blp.route("/orders/<int:order_id>", methods=["GET"])
@login_required
@blp.response(200, OrderDetailSchema)
def my_order(order_id):
    """Order detail with its timeline and the actions the member may take now (`allowed_actions`)."""
    return services.get_own_order(g.user, order_id)


@blp.route("/orders/<int:order_id>/cancel", methods=["POST"])
@login_required
@blp.arguments(CancelSchema)
@blp.response(200, OrderDetailSchema)
def cancel_order(args, order_id):
    """Cancel an unpaid order; its reserved stock goes back."""
    return services.do_cancel(g.user, order_id, args["reason"])


@blp.route("/orders/<int:order_id>/confirm-receipt", methods=["POST"])
@login_required
@blp.response(200, OrderDetailSchema)
def confirm_receipt(order_id):
    return services.do_confirm_receipt(g.user, order_id)


# ---- console ---------------------------------------------------------------------------------------------------------


@admin_blp.route("/orders", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(AdminOrdersQuerySchema, location="query")
@admin_blp.response(200, page_schema(AdminOrderSchema))
def admin_orders(args):
    """Orders: status, type, time range, order number, member phone, product (item id or name in q)."""
    return paginate(
        services.admin_order_query(args), args, sortable=ORDER_SORT, default_sort="-created_at", tiebreak=Order.id
    )


@admin_blp.route("/orders/counts", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(AdminOrdersQuerySchema, location="query")
@admin_blp.response(200, AdminOrderCountsSchema)
def admin_order_counts(args):
    """Counts per status (and `all`) under the list's other filters, for the status tabs."""
    return services.admin_order_counts(args)


@admin_blp.route("/orders/export", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(AdminOrdersQuerySchema, location="query")
@admin_blp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def export_orders(args):
    rows = iterate_all(
        services.admin_order_query(args),
        sortable=ORDER_SORT,
        default_sort="-created_at",
        tiebreak=Order.id,
        sort=args.get("sort"),
    )
    columns = [
        Column("订单号", lambda o: o.order_no, 24),
        Column("类型", lambda o: o.order_type, 10),
        Column("状态", lambda o: STATUS_NAMES.get(o.status, o.status), 10),
        Column("会员手机号", lambda o: o.user.phone or ""),
        Column("商品", lambda o: "；".join(f"{li.name}×{li.quantity}" for li in o.lines), 40),
        Column.money("商品金额(元)", lambda o: o.goods_amount),
        Column.money("运费(元)", lambda o: o.freight_amount),
        Column.money("实付(元)", lambda o: o.pay_amount),
        Column("收货人", lambda o: o.receiver_name),
        Column("收货地址", lambda o: f"{o.province}{o.city}{o.district}{o.address_detail}", 40),
        Column("下单时间", lambda o: o.created_at, 20),
        Column("付款时间", lambda o: o.paid_at or "", 20),
    ]
    return xlsx_response(build_xlsx(columns, rows, "订单"), "订单列表.xlsx")


@admin_blp.route("/orders/<int:order_id>", methods=["GET"])
@admin_required("orders.view")
@admin_blp.response(200, AdminOrderDetailSchema)
def admin_order(order_id):
    return services.get_order(order_id)


@admin_blp.route("/freight-templates", methods=["GET"])
@admin_required("orders.view")
@admin_blp.response(200, FreightTemplateListSchema)
def list_freight_templates():
    from .models import FreightTemplate

    return {"items": db.session.execute(select(FreightTemplate).order_by(FreightTemplate.id)).scalars().all()}


@admin_blp.route("/freight-templates", methods=["POST"])
@admin_required("freight.manage")
@admin_blp.arguments(FreightTemplateInputSchema)
@admin_blp.response(201, FreightTemplateSchema)
def create_freight_template(args):
    return freight.do_save_template(args)


@admin_blp.route("/freight-templates/<int:template_id>", methods=["PUT"])
@admin_required("freight.manage")
@admin_blp.arguments(FreightTemplateInputSchema)
@admin_blp.response(200, FreightTemplateSchema)
def update_freight_template(args, template_id):
    """Replace a template and its rules (audited before/after)."""
    return freight.do_save_template(args, template_id)


@admin_blp.route("/freight-templates/<int:template_id>", methods=["DELETE"])
@admin_required("freight.manage")
@admin_blp.response(204)
def delete_freight_template(template_id):
    freight.do_delete_template(template_id)


@admin_blp.route("/freight-templates/<int:template_id>/quote", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(FreightQuoteQuerySchema, location="query")
@admin_blp.response(200, FreightQuoteSchema)
def quote_freight(args, template_id):
    """Try a template: the freight for a region, a chargeable weight and a goods total."""
    return freight.quote(
        freight.get_template(template_id), args["province"], args["city"], args["weight_g"], args["goods_amount"]
    )
