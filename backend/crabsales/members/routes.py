"""Console endpoints for members: list, detail, edit, owner change, close/delete, tags, levels, analytics."""

from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import func, select

from ..core.excel import Column, build_xlsx, xlsx_response
from ..core.pagination import ListQuerySchema, iterate_all, page_schema, paginate
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from ..extensions import db
from ..identity.auth import admin_required
from ..identity.models import User
from ..identity.schemas import InviteeSchema, MemberListQuerySchema, UserSchema
from . import services

blp = Blueprint("admin_members", __name__, url_prefix="/api/v1/admin", description="后台：会员、等级与标签")

MEMBER_SORT = {
    "created_at": User.created_at,
    "id": User.id,
    "last_login_at": User.last_login_at,
    "total_spent": User.total_spent,
    "paid_order_count": User.paid_order_count,
}


class TagSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    color = fields.String()


class MemberRowSchema(UserSchema):
    total_spent = fields.Integer()
    paid_order_count = fields.Integer()
    last_order_at = UtcDateTime(allow_none=True)
    tags = fields.List(fields.Nested(TagSchema))


class MemberDetailSchema(MemberRowSchema):
    invitee_count = fields.Integer()
    invited_by_name = fields.String(allow_none=True)


class MemberQuerySchema(MemberListQuerySchema):
    owner_staff_id = Id(load_default=None)
    tag_id = Id(load_default=None)


class MemberUpdateSchema(InputSchema):
    nickname = Name(validate=validate.Length(min=1, max=32))
    real_name = Name(validate=validate.Length(max=32))
    gender = fields.Integer(validate=validate.OneOf([0, 1, 2]))
    member_level_id = Id(allow_none=True, metadata={"description": "null: no level (retail price)"})


class OwnerChangeSchema(InputSchema):
    owner_dealer_id = Id(required=True, allow_none=True)
    owner_staff_id = Id(load_default=None, allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=128))


class ActiveSchema(InputSchema):
    is_active = fields.Boolean(required=True)


class TagIdsSchema(InputSchema):
    tag_ids = fields.List(Id(), required=True, validate=validate.Length(max=50))


class TagInputSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=16))
    color = fields.String(
        load_default="", validate=validate.Regexp(r"^(#[0-9a-fA-F]{6})?$", error="颜色格式如 #FF6600")
    )


class TagListSchema(OutputSchema):
    items = fields.List(fields.Nested(TagSchema))


class LevelSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    discount_rate_bp = fields.Integer(metadata={"description": "basis points: 9500 = 95%"})
    sort_order = fields.Integer()
    is_default = fields.Boolean()
    upgrade_min_spend = fields.Integer(allow_none=True, metadata={"description": "fen"})
    upgrade_min_orders = fields.Integer(allow_none=True)
    member_count = fields.Integer()


class LevelListSchema(OutputSchema):
    items = fields.List(fields.Nested(LevelSchema))


class LevelInputSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    discount_rate_bp = fields.Integer(required=True, validate=validate.Range(min=1, max=10000))
    sort_order = fields.Integer(required=True, validate=validate.Range(min=0, max=1000))
    is_default = fields.Boolean(load_default=False)
    upgrade_min_spend = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=100_000_000_00)
    )
    upgrade_min_orders = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=100_000))


class LevelUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    discount_rate_bp = fields.Integer(validate=validate.Range(min=1, max=10000))
    sort_order = fields.Integer(validate=validate.Range(min=0, max=1000))
    is_default = fields.Boolean()
    upgrade_min_spend = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000_000_00))
    upgrade_min_orders = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000))


class MonthCountSchema(OutputSchema):
    month = fields.String()
    count = fields.Integer()


class AnalyticsSchema(OutputSchema):
    invites_by_month = fields.List(fields.Nested(MonthCountSchema))
    invitee_total = fields.Integer()
    total_spent = fields.Integer()
    paid_order_count = fields.Integer()
    orders_per_month = fields.Float()
    average_order_amount = fields.Integer()
    last_order_at = UtcDateTime(allow_none=True)


# ---- members ---------------------------------------------------------------------------------------------------------


@blp.route("/members", methods=["GET"])
@admin_required("members.view")
@blp.arguments(MemberQuerySchema, location="query")
@blp.response(200, page_schema(MemberRowSchema))
def list_members(args):
    """Members; q searches phone, member number, nickname and name."""
    return paginate(
        services.member_query(args), args, sortable=MEMBER_SORT, default_sort="-created_at", tiebreak=User.id
    )


@blp.route("/members/export", methods=["GET"])
@admin_required("members.view")
@blp.arguments(MemberQuerySchema, location="query")
@blp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def export_members(args):
    """The member list with the same filters, as an Excel file (up to 50,000 rows)."""
    rows = iterate_all(
        services.member_query(args),
        sortable=MEMBER_SORT,
        default_sort="-created_at",
        tiebreak=User.id,
        sort=args.get("sort"),
    )
    columns = [
        Column("会员编号", lambda u: u.member_no),
        Column("手机号", lambda u: u.phone or ""),
        Column("昵称", lambda u: u.nickname),
        Column("姓名", lambda u: u.real_name),
        Column("会员等级", lambda u: u.member_level.name if u.member_level else ""),
        Column("标签", lambda u: "、".join(t.name for t in u.tags)),
        Column("邀请人ID", lambda u: u.invited_by_id or ""),
        Column("所属渠道商ID", lambda u: u.owner_dealer_id or ""),
        Column("归属员工ID", lambda u: u.owner_staff_id or ""),
        Column.money("累计消费(元)", lambda u: u.total_spent),
        Column("消费次数", lambda u: u.paid_order_count),
        Column("状态", lambda u: "正常" if u.is_active else "已关闭"),
        Column("注册时间", lambda u: u.created_at, 20),
        Column("最近消费", lambda u: u.last_order_at or "", 20),
    ]
    return xlsx_response(build_xlsx(columns, rows, "会员"), "会员列表.xlsx")


@blp.route("/members/<int:member_id>", methods=["GET"])
@admin_required("members.view")
@blp.response(200, MemberDetailSchema)
def get_member(member_id):
    return services.with_detail(services.get_member(member_id))


@blp.route("/members/<int:member_id>", methods=["PUT"])
@admin_required("members.manage")
@blp.arguments(MemberUpdateSchema)
@blp.response(200, MemberDetailSchema)
def update_member(args, member_id):
    """Edit base info and the level (audited)."""
    return services.with_detail(services.do_update_member(member_id, args))


@blp.route("/members/<int:member_id>/owner", methods=["PUT"])
@admin_required("members.manage")
@blp.arguments(OwnerChangeSchema)
@blp.response(200, MemberDetailSchema)
def change_owner(args, member_id):
    """Change the owner dealer / owner staff (audited with the reason)."""
    return services.with_detail(
        services.do_change_owner(member_id, args["owner_dealer_id"], args["owner_staff_id"], args["reason"])
    )


@blp.route("/members/<int:member_id>/active", methods=["PUT"])
@admin_required("members.manage")
@blp.arguments(ActiveSchema)
@blp.response(200, MemberDetailSchema)
def set_active(args, member_id):
    """Close (cannot log in, logged out at once) or reopen a member."""
    return services.with_detail(services.do_set_active(member_id, args["is_active"]))


@blp.route("/members/<int:member_id>", methods=["DELETE"])
@admin_required("members.manage")
@blp.response(204)
def delete_member(member_id):
    """Soft delete: hidden from lists, logged out; the phone is freed for a new registration."""
    services.do_soft_delete(member_id)


@blp.route("/members/<int:member_id>/tags", methods=["PUT"])
@admin_required("members.manage")
@blp.arguments(TagIdsSchema)
@blp.response(200, MemberDetailSchema)
def set_member_tags(args, member_id):
    return services.with_detail(services.do_set_member_tags(member_id, args["tag_ids"]))


@blp.route("/members/<int:member_id>/invitees", methods=["GET"])
@admin_required("members.view")
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(InviteeSchema))
def member_invitees(args, member_id):
    """Members this member invited (one level of the tree at a time)."""
    services.get_member(member_id)
    query = select(User).where(User.invited_by_id == member_id, User.deleted_at.is_(None))
    return paginate(query, args, sortable={"created_at": User.created_at}, default_sort="-created_at", tiebreak=User.id)


@blp.route("/members/<int:member_id>/analytics", methods=["GET"])
@admin_required("members.view")
@blp.response(200, AnalyticsSchema)
def member_analytics(member_id):
    """Invites per month (last 12), order frequency, cumulative spend, order count, last order time."""
    return services.member_analytics(member_id)


# ---- tags ------------------------------------------------------------------------------------------------------------


@blp.route("/member-tags", methods=["GET"])
@admin_required("members.view")
@blp.response(200, TagListSchema)
def list_tags():
    return {"items": services.list_tags()}


@blp.route("/member-tags", methods=["POST"])
@admin_required("member_levels.manage")
@blp.arguments(TagInputSchema)
@blp.response(201, TagSchema)
def create_tag(args):
    return services.do_save_tag(args)


@blp.route("/member-tags/<int:tag_id>", methods=["PUT"])
@admin_required("member_levels.manage")
@blp.arguments(TagInputSchema)
@blp.response(200, TagSchema)
def update_tag(args, tag_id):
    return services.do_save_tag(args, tag_id)


@blp.route("/member-tags/<int:tag_id>", methods=["DELETE"])
@admin_required("member_levels.manage")
@blp.response(204)
def delete_tag(tag_id):
    services.do_delete_tag(tag_id)


# ---- levels ----------------------------------------------------------------------------------------------------------


def _with_member_counts(levels):
    counts = dict(
        db.session.execute(
            select(User.member_level_id, func.count()).where(User.deleted_at.is_(None)).group_by(User.member_level_id)
        ).all()
    )
    for level in levels:
        level.member_count = counts.get(level.id, 0)
    return levels


@blp.route("/member-levels", methods=["GET"])
@admin_required("members.view")
@blp.response(200, LevelListSchema)
def list_levels():
    """Levels from lowest to highest, with how many members hold each."""
    return {"items": _with_member_counts(services.list_levels())}


@blp.route("/member-levels", methods=["POST"])
@admin_required("member_levels.manage")
@blp.arguments(LevelInputSchema)
@blp.response(201, LevelSchema)
def create_level(args):
    return _with_member_counts([services.do_create_level(args)])[0]


@blp.route("/member-levels/<int:level_id>", methods=["PUT"])
@admin_required("member_levels.manage")
@blp.arguments(LevelUpdateSchema)
@blp.response(200, LevelSchema)
def update_level(args, level_id):
    return _with_member_counts([services.do_update_level(level_id, args)])[0]


@blp.route("/member-levels/<int:level_id>", methods=["DELETE"])
@admin_required("member_levels.manage")
@blp.response(204)
def delete_level(level_id):
    services.do_delete_level(level_id)
