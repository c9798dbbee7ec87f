"""Payment endpoints: prepay for the mini-program, the provider's notification, and the demo's simulate step."""

from flask import current_app, g, request
from flask_smorest import Blueprint
from marshmallow import fields

from ..core.schemas import OutputSchema, UtcDateTime
from ..errors import AppError, error_response
from ..extensions import db
from ..identity.auth import login_required
from ..orders.schemas import OrderDetailSchema
from ..orders.services import get_own_order
from . import services
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
@blp.response(204)
def wechat_notify():
    """WeChat Pay's notification (signed, encrypted). Answered 204 only once the payment is stored for good."""
    headers = {key: value for key, value in request.headers.items()}
    try:
        services.do_handle_notification(headers, request.get_data(as_text=True))
    except NotificationRejected:
        return error_response(401, "NOTIFICATION_REJECTED", "通知验证失败")
    return None


@blp.route("/payments/wechat/refund-notify", methods=["POST"])
@blp.response(204)
def wechat_refund_notify():
    """WeChat Pay's refund notification (signed, encrypted); applied once."""
    headers = {key: value for key, value in request.headers.items()}
    try:
        services.do_handle_refund_notification(headers, request.get_data(as_text=True))
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
