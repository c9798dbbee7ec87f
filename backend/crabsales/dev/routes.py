"""Development-only endpoints, registered only with FAKE_SERVICES on: the SMS inbox of the fake sender."""

from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..core.schemas import OutputSchema, QuerySchema, UtcDateTime
from ..extensions import db
from ..identity.models import SmsMessage

blp = Blueprint("dev", __name__, url_prefix="/api/v1/dev", description="开发环境：模拟短信收件箱")


class InboxQuerySchema(QuerySchema):
    phone = fields.String(load_default=None, validate=validate.Length(max=20))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class InboxMessageSchema(OutputSchema):
    id = fields.Integer()
    phone = fields.String()
    template_code = fields.String()
    params = fields.Dict()
    content = fields.String()
    status = fields.String()
    created_at = UtcDateTime()


class InboxSchema(OutputSchema):
    items = fields.List(fields.Nested(InboxMessageSchema))


@blp.route("/sms-inbox", methods=["GET"])
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, InboxSchema)
def sms_inbox(args):
    """Messages the fake SMS sender 'sent', newest first (verification codes are in params.code)."""
    query = select(SmsMessage).where(SmsMessage.provider == "fake").order_by(SmsMessage.id.desc()).limit(args["limit"])
    if args["phone"]:
        query = query.where(SmsMessage.phone == args["phone"])
    return {"items": db.session.execute(query).scalars().all()}
