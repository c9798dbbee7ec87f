"""Payment endpoints: prepay for the mini-program, the provider's notification, and the demo's simulate step."""

from flask import current_app, g, request
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..audit.services import client_ip
from ..core.limits import raw_body
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import OutputSchema, UtcDateTime
from ..errors import AppError, error_response
from ..extensions import db
from ..identity.auth import admin_required, login_required
from ..orders.schemas import OrderDetailSchema
from ..orders.services import get_own_order
from . import services
from .models import Payment, PaymentNotification
from .provider import NotificationRejected, get_fake

blp = Blueprint("payments", __name__, url_prefix="/api/v1", description="支付")
dev_blp = Blueprint("dev_payments", __name__, url_prefix="/api/v1/dev", description="开发环境：模拟支付")

NOTIFY_PATH = "/api/v1/payments/wechat/notify"


class PayParamsSchema(OutputSchema):
    appId = fields.String()  # noqa: N815 - the names wx.requestPayment expects
    timeStamp = fields.String()  # noqa: N815
    nonceStr = fields.String()  # noqa: N815
    package = fields.String()
    signType = fields.String()  # noqa: N815
    paySign = fields.String()  # noqa: N815


class PrepaySchema(OutputSchema):
    payment_id = fields.Integer()
    out_trade_no = fields.String()
    amount = fields.Integer()
    pay_params = fields.Nested(PayParamsSchema, metadata={"description": "pass as is to wx.requestPayment"})


class PaymentSchema(OutputSchema):
    id = fields.Integer()
    out_trade_no = fields.String()
    amount = fields.Integer()
    status = fields.String()
    transaction_id = fields.String(allow_none=True)
    paid_at = UtcDateTime(allow_none=True)
    refunded_amount = fields.Integer()


@blp.route("/orders/<int:order_id>/payments", methods=["POST"])
@login_required
@blp.response(200, PrepaySchema)
def prepay(order_id):
    """Start WeChat Pay for an unpaid order (JSAPI); the amount is the order's. Safe to call again."""
    return services.do_create_payment(g.user, order_id)


@blp.route("/orders/<int:order_id>/payment", methods=["GET"])
@login_required
@blp.response(200, PaymentSchema)
def payment_status(order_id):
    return services.get_payment_for_order(g.user, order_id)


@blp.route("/payments/wechat/notify", methods=["POST"])
@raw_body
@blp.response(204)
def wechat_notify():
    """WeChat Pay's notification (signed, encrypted). Answered 204 only once the payment is stored for good; 401 when
    it fails verification (recorded, bounded); 429 NOTIFICATION_THROTTLED, unread, after too many rejections from
    one IP within a minute."""
    headers = {key: value for key, value in request.headers.items()}
    try:
        services.do_handle_notification(headers, request.get_data(as_text=True), client_ip())
    except NotificationRejected:
        return error_response(401, "NOTIFICATION_REJECTED", "通知验证失败")
    return None


@blp.route("/payments/wechat/refund-notify", methods=["POST"])
@raw_body
@blp.response(204)
def wechat_refund_notify():
    """WeChat Pay's refund notification (signed, encrypted); applied once."""
    headers = {key: value for key, value in request.headers.items()}
    try:
        services.do_handle_refund_notification(headers, request.get_data(as_text=True), client_ip())
    except NotificationRejected:
        return error_response(401, "NOTIFICATION_REJECTED", "通知验证失败")
    return None


@dev_blp.route("/orders/<int:order_id>/simulate-payment", methods=["POST"])
@login_required
@dev_blp.response(200, OrderDetailSchema)
def simulate_payment(order_id):
    """Demo only: the fake provider marks the payment successful and sends its signed notification to our notify
    endpoint, exactly as WeChat Pay would. Call POST /orders/{id}/payments first."""
    payment = services.get_payment_for_order(g.user, order_id)
    fake = get_fake()
    if fake is None or payment.out_trade_no not in fake.transactions:
        raise AppError("PAYMENT_NOT_STARTED", "请先发起支付", 409)
    fake.pay(payment.out_trade_no)
    headers, body = fake.payment_notification(payment.out_trade_no)
    answer = current_app.test_client().post(
        NOTIFY_PATH, data=body.encode(), headers=headers, content_type="application/json"
    )
    if answer.status_code != 204:
        raise AppError("PAYMENT_SIMULATION_FAILED", "模拟支付通知未被接受", 409)
    db.session.expire_all()
    return get_own_order(g.user, order_id)


admin_blp = Blueprint("admin_payments", __name__, url_prefix="/api/v1/admin/payments", description="后台：支付与异常")


class AdminPaymentSchema(PaymentSchema):
    order_id = fields.Integer()
    order_no = fields.Function(lambda p: p.order.order_no)
    order_status = fields.Function(lambda p: p.order.status)
    flagged = fields.Boolean()
    flag_reason = fields.String()
    created_at = UtcDateTime()


class RefundSchema(OutputSchema):
    id = fields.Integer()
    out_refund_no = fields.String()
    amount = fields.Integer()
    reason = fields.String()
    status = fields.String()
    refund_id = fields.String()
    created_at = UtcDateTime()


class OrderPaymentsSchema(OutputSchema):
    payment = fields.Nested(AdminPaymentSchema, allow_none=True)
    refunds = fields.List(fields.Nested(RefundSchema))


class NotificationLogSchema(OutputSchema):
    id = fields.Integer()
    notification_id = fields.String()
    out_trade_no = fields.String()
    event_type = fields.String()
    outcome = fields.String()
    reason = fields.String()
    created_at = UtcDateTime()


class AnomalyQuerySchema(ListQuerySchema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["pending_too_long", "paid_after_close"]),
        metadata={
            "description": "pending_too_long: unpaid past the reconciliation delay; "
            "paid_after_close: paid for a closed order (refunded)"
        },
    )


@admin_blp.route("/anomalies", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(AnomalyQuerySchema, location="query")
@admin_blp.response(200, page_schema(AdminPaymentSchema))
def anomalies(args):
    """Payments that need a look: still pending after the reconciliation delay, or paid after their order closed."""
    return paginate(
        services.anomaly_query(args["kind"]),
        args,
        sortable={"created_at": Payment.created_at},
        default_sort="-created_at",
        tiebreak=Payment.id,
    )


@admin_blp.route("/rejected-notifications", methods=["GET"])
@admin_required("orders.view")
@admin_blp.arguments(ListQuerySchema, location="query")
@admin_blp.response(200, page_schema(NotificationLogSchema))
def rejected_notifications(args):
    """Notifications that failed verification (bad signature, stale, amount or merchant mismatch, unknown order)."""
    query = select(PaymentNotification).where(PaymentNotification.outcome == "rejected")
    return paginate(
        query,
        args,
        sortable={"created_at": PaymentNotification.created_at},
        default_sort="-created_at",
        tiebreak=PaymentNotification.id,
    )


@admin_blp.route("/orders/<int:order_id>", methods=["GET"])
@admin_required("orders.view")
@admin_blp.response(200, OrderPaymentsSchema)
def order_payments(order_id):
    """The order's payment and refunds (provider ids included)."""
    return services.order_payment_and_refunds(order_id)
