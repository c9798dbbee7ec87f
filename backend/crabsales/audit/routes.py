from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..core.excel import Column, build_xlsx, xlsx_response
from ..core.pagination import ListQuerySchema, iterate_all, page_schema, paginate
from ..core.schemas import Id, OutputSchema, UtcDateTime
from ..identity.auth import admin_required
from . import services
from .models import AuditLog

blp = Blueprint("admin_audit", __name__, url_prefix="/api/v1/admin/audit-logs", description="后台：操作日志")


class AuditLogSchema(OutputSchema):
    id = fields.Integer()
    actor_type = fields.String()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    workspace = fields.String()
    action = fields.String()
    target_type = fields.String()
    target_id = fields.String()
    changes = fields.Dict(metadata={"description": "field -> [before, after]"})
    ip = fields.String()
    user_agent = fields.String()
    created_at = UtcDateTime()


class AuditQuerySchema(ListQuerySchema):
    actor_type = fields.String(load_default=None, validate=validate.OneOf(["admin", "user", "system"]))
    actor_id = Id(load_default=None)
    action = fields.String(load_default=None, validate=validate.Length(max=64))
    target_type = fields.String(load_default=None, validate=validate.Length(max=32))
    target_id = fields.String(load_default=None, validate=validate.Length(max=64))
    created_from = UtcDateTime(load_default=None)
    created_to = UtcDateTime(load_default=None)


@blp.route("", methods=["GET"])
@admin_required("audit.view")
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, page_schema(AuditLogSchema))
def search(args):
    """Search the audit log (newest first by default)."""
    return paginate(
        services.search_query(args), args, sortable=services.SORTABLE, default_sort="-created_at", tiebreak=AuditLog.id
    )


@blp.route("/export", methods=["GET"])
@admin_required("audit.view")
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def export(args):
    """The search result as an Excel file (up to 50,000 rows)."""
    rows = iterate_all(
        services.search_query(args),
        sortable=services.SORTABLE,
        default_sort="-created_at",
        tiebreak=AuditLog.id,
        sort=args.get("sort"),
    )
    columns = [
        Column("时间", lambda r: r.created_at, 20),
        Column(
            "操作人类型",
            lambda r: {"admin": "管理员", "user": "用户", "system": "系统"}.get(r.actor_type, r.actor_type),
        ),
        Column("操作人", lambda r: r.actor_name),
        Column("操作人ID", lambda r: r.actor_id or ""),
        Column("身份", lambda r: r.workspace),
        Column("操作", lambda r: r.action, 22),
        Column("对象类型", lambda r: r.target_type),
        Column("对象ID", lambda r: r.target_id),
        Column("变更内容", lambda r: r.changes, 60),
        Column("IP", lambda r: r.ip),
    ]
    return xlsx_response(build_xlsx(columns, rows, "操作日志"), "操作日志.xlsx")
