from flask import g
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..core.idempotency import idempotent
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, OutputSchema, UtcDateTime
from ..identity.auth import admin_required, login_required
from . import services
from .models import AfterSaleCase
from .states import ACTION_NAMES, BUYER_ACTIONS, MERCHANT_ACTIONS, STATUS_NAMES, allowed_actions

blp = Blueprint("aftersales", __name__, url_prefix="/api/v1", description="售后")
admin_blp = Blueprint("admin_aftersales", __name__, url_prefix="/api/v1/admin/aftersales", description="后台：售后")

SORT = {"created_at": AfterSaleCase.created_at, "amount": AfterSaleCase.amount, "id": AfterSaleCase.id}


class CaseLineSchema(InputSchema):
    line_id = Id(required=True)
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=999))


class OpenCaseSchema(InputSchema):
    kind = fields.String(required=True, validate=validate.OneOf(["refund_only", "return_refund"]))
    lines = fields.List(fields.Nested(CaseLineSchema), load_default=list, validate=validate.Length(max=50))
    reason = fields.String(required=True, validate=validate.OneOf(services.REASONS))
    description = fields.String(load_default="", validate=validate.Length(max=500))
    images = fields.List(
        fields.String(validate=validate.Length(max=512)), load_default=list, validate=validate.Length(max=9)
    )
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=10**12), metadata={"description": "fen"})


class NoteSchema(InputSchema):
    note = fields.String(load_default="", validate=validate.Length(max=200))


class ApproveSchema(NoteSchema):
    amount = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=10**12),
        metadata={"description": "agree to less than asked (fen); default: the asked amount"},
    )


class CaseEventSchema(OutputSchema):
    action = fields.String()
    action_name = fields.Function(lambda e: ACTION_NAMES.get(e.action, "提交申请" if e.action == "open" else e.action))
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    actor_type = fields.String()
    note = fields.String()
    created_at = UtcDateTime()


class CaseSchema(OutputSchema):
    id = fields.Integer()
    case_no = fields.String()
    order_id = fields.Integer()
    order_no = fields.Function(lambda c: c.order.order_no)
    user_id = fields.Integer()
    kind = fields.String()
    lines = fields.List(fields.Dict())
    reason = fields.String()
    description = fields.String()
    images = fields.List(fields.String())
    amount = fields.Integer()
    status = fields.String()
    status_name = fields.Function(lambda c: STATUS_NAMES.get(c.status, c.status))
    merchant_note = fields.String()
    buyer_note = fields.String()
    created_at = UtcDateTime()
    closed_at = UtcDateTime(allow_none=True)


class BuyerCaseSchema(CaseSchema):
    allowed_actions = fields.Function(lambda c: allowed_actions(c.status, BUYER_ACTIONS))
    events = fields.List(fields.Nested(CaseEventSchema))


class AdminCaseSchema(CaseSchema):
    allowed_actions = fields.Function(lambda c: allowed_actions(c.status, MERCHANT_ACTIONS))
    events = fields.List(fields.Nested(CaseEventSchema))


class RefundableSchema(OutputSchema):
    refundable_amount = fields.Integer()
    reasons = fields.List(fields.String())


class CaseQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(STATUS_NAMES)))
    order_id = Id(load_default=None)


class AdminCaseQuerySchema(CaseQuerySchema):
    order_no = fields.String(load_default=None, validate=validate.Length(max=24))
    member_phone = fields.String(load_default=None, validate=validate.Length(max=20))


class AdminCaseRowSchema(CaseSchema):
    member_phone = fields.Function(lambda c: c.user.phone, metadata={"type": "string", "nullable": True})
    member_name = fields.Function(lambda c: c.user.display_name, metadata={"type": "string"})


@blp.route("/orders/<int:order_id>/aftersales/refundable", methods=["GET"])
@login_required
@blp.response(200, RefundableSchema)
def refundable(order_id):
    """How much can still be refunded on this order, and the reasons to choose from."""
    from ..orders.services import get_own_order

    return {
        "refundable_amount": services.refundable_amount(get_own_order(g.user, order_id)),
        "reasons": list(services.REASONS),
    }


@blp.route("/orders/<int:order_id>/aftersales", methods=["POST"])
@login_required
@blp.arguments(OpenCaseSchema)
@blp.response(201, BuyerCaseSchema)
def open_case(args, order_id):
    """Ask for a refund (whole order or lines; amount ≤ refundable). One open case per order."""
    return services.do_open_case(g.user, order_id, args)


@blp.route("/aftersales", methods=["GET"])
@login_required
@blp.arguments(CaseQuerySchema, location="query")
@blp.response(200, page_schema(CaseSchema))
def my_cases(args):
    query = services.case_query(args).where(AfterSaleCase.user_id == g.user.id)
    return paginate(query, args, sortable=SORT, default_sort="-created_at", tiebreak=AfterSaleCase.id)


@blp.route("/aftersales/<int:case_id>", methods=["GET"])
@login_required
@blp.response(200, BuyerCaseSchema)
def my_case(case_id):
    return services.get_case(case_id, g.user)


@blp.route("/aftersales/<int:case_id>/reply", methods=["POST"])
@login_required
@blp.arguments(NoteSchema)
@blp.response(200, BuyerCaseSchema)
def reply(args, case_id):
    """Answer the merchant's request (the case goes back to the merchant)."""
    return services.do_buyer_action(g.user, case_id, "buyer_reply", args["note"])


@blp.route("/aftersales/<int:case_id>/withdraw", methods=["POST"])
@login_required
@blp.arguments(NoteSchema)
@blp.response(200, BuyerCaseSchema)
def withdraw(args, case_id):
    return services.do_buyer_action(g.user, case_id, "withdraw", args["note"])


@admin_blp.route("", methods=["GET"])
@admin_required("aftersales.view")
@admin_blp.arguments(AdminCaseQuerySchema, location="query")
@admin_blp.response(200, page_schema(AdminCaseRowSchema))
def admin_cases(args):
    """The after-sales desk: status, order, order number, member phone; `q` searches the case number and reason."""
    return paginate(
        services.admin_case_query(args), args, sortable=SORT, default_sort="-created_at", tiebreak=AfterSaleCase.id
    )


@admin_blp.route("/<int:case_id>", methods=["GET"])
@admin_required("aftersales.view")
@admin_blp.response(200, AdminCaseSchema)
def admin_case(case_id):
    return services.get_case(case_id)


@admin_blp.route("/<int:case_id>/approve", methods=["POST"])
@admin_required("aftersales.manage")
@idempotent
@admin_blp.arguments(ApproveSchema)
@admin_blp.response(200, AdminCaseSchema)
def approve(args, case_id):
    """Agree and refund through WeChat Pay (never more than is still refundable)."""
    return services.do_merchant_action(case_id, "approve", args["note"], args["amount"])


@admin_blp.route("/<int:case_id>/reject", methods=["POST"])
@admin_required("aftersales.manage")
@admin_blp.arguments(NoteSchema)
@admin_blp.response(200, AdminCaseSchema)
def reject(args, case_id):
    """Refuse with a reason the buyer will see."""
    return services.do_merchant_action(case_id, "reject", args["note"])


@admin_blp.route("/<int:case_id>/ask-buyer", methods=["POST"])
@admin_required("aftersales.manage")
@admin_blp.arguments(NoteSchema)
@admin_blp.response(200, AdminCaseSchema)
def ask_buyer(args, case_id):
    """Ask the buyer to return the goods or add information."""
    return services.do_merchant_action(case_id, "ask_buyer", args["note"])
