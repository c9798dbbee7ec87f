from flask import g
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, OutputSchema, UtcDateTime
from ..identity.auth import login_required
from . import services
from .models import Notification

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/me/notifications", description="我的：消息通知")


class NotificationSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    content = fields.String()
    order_id = fields.Integer(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    is_read = fields.Boolean()
    created_at = UtcDateTime()


class UnreadSchema(OutputSchema):
    unread = fields.Integer()


class ReadSchema(InputSchema):
    ids = fields.List(
        Id(),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "none: mark all read"},
    )


@blp.route("", methods=["GET"])
@login_required
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(NotificationSchema))
def list_notifications(args):
    query = select(Notification).where(Notification.user_id == g.user.id)
    return paginate(
        query,
        args,
        sortable={"created_at": Notification.created_at},
        default_sort="-created_at",
        tiebreak=Notification.id,
    )


@blp.route("/unread-count", methods=["GET"])
@login_required
@blp.response(200, UnreadSchema)
def unread():
    return {"unread": services.unread_count(g.user)}


@blp.route("/read", methods=["POST"])
@login_required
@blp.arguments(ReadSchema)
@blp.response(200, UnreadSchema)
def mark_read(args):
    services.do_mark_read(g.user, args["ids"])
    return {"unread": services.unread_count(g.user)}
