"""Console endpoints: admin login, admin accounts, roles and permissions, members."""

from flask import g
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from sqlalchemy import func, select

from ..core.excel import Column, build_xlsx, xlsx_response
from ..core.pagination import ListQuerySchema, iterate_all, page_schema, paginate
from ..errors import NotFound
from ..extensions import db
from . import admin_services as svc
from .admin_schemas import (
    AdminCreateSchema,
    AdminListQuerySchema,
    AdminLoginAnswerSchema,
    AdminLoginSchema,
    AdminMeSchema,
    AdminSchema,
    AdminTokenSchema,
    AdminUpdateSchema,
    PasswordSetSchema,
    PermissionCatalogSchema,
    RoleInputSchema,
    RoleSchema,
    RoleUpdateSchema,
)
from .auth import admin_required, issue_tokens, revoke_encoded, revoke_payload
from .models import AdminUser, Role, User
from .permissions import PERMISSION_GROUPS
from .schemas import AdminPasswordChangeSchema, LogoutSchema, MemberDetailSchema, MemberListQuerySchema, UserSchema

admin_auth_blp = Blueprint("admin_auth", __name__, url_prefix="/api/v1/admin", description="后台登录与管理员")
admin_members_blp = Blueprint("admin_members", __name__, url_prefix="/api/v1/admin/members", description="后台：会员")


def _admin_login_answer(admin: AdminUser) -> dict:
    return {**issue_tokens("admin", admin, "admin"), "admin": admin}


@admin_auth_blp.route("/auth/login", methods=["POST"])
@admin_auth_blp.arguments(AdminLoginSchema)
@admin_auth_blp.response(200, AdminLoginAnswerSchema)
def admin_login(args):
    """Username + password; 5 failures in 15 minutes lock the account for 15 minutes."""
    return _admin_login_answer(svc.do_admin_login(args["username"], args["password"]))


@admin_auth_blp.route("/auth/refresh", methods=["POST"])
@admin_required(refresh=True)
@admin_auth_blp.response(200, AdminTokenSchema)
def admin_refresh():
    revoke_payload(get_jwt())
    return issue_tokens("admin", g.admin, "admin")


@admin_auth_blp.route("/auth/logout", methods=["POST"])
@admin_required(allow_pending_password=True)
@admin_auth_blp.arguments(LogoutSchema)
@admin_auth_blp.response(204)
def admin_logout(args):
    claims = get_jwt()
    revoke_payload(claims)
    revoke_encoded(args["refresh_token"], claims["sub"])


@admin_auth_blp.route("/me", methods=["GET"])
@admin_required(allow_pending_password=True)
@admin_auth_blp.response(200, AdminMeSchema)
def admin_me():
    return g.admin


@admin_auth_blp.route("/me/password", methods=["PUT"])
@admin_required(allow_pending_password=True)
@admin_auth_blp.arguments(AdminPasswordChangeSchema)
@admin_auth_blp.response(200, AdminLoginAnswerSchema)
def admin_change_password(args):
    """Change my password (required after an admin set it); other sessions are logged out."""
    svc.do_admin_change_password(g.admin, args["old_password"], args["new_password"])
    return _admin_login_answer(g.admin)


@admin_auth_blp.route("/permissions", methods=["GET"])
@admin_required()
@admin_auth_blp.response(200, PermissionCatalogSchema)
def permission_catalog():
    """Every permission code, grouped as in the console menu."""
    return {"groups": PERMISSION_GROUPS}


# ---- roles -----------------------------------------------------------------------------------------------------------


def _with_counts(roles):
    counts = svc.admin_counts([r.id for r in roles])
    for role in roles:
        role.admin_count = counts.get(role.id, 0)
    return roles


ROLE_SORT = {"created_at": Role.created_at, "name": Role.name, "id": Role.id}


@admin_auth_blp.route("/roles", methods=["GET"])
@admin_required("roles.manage")
@admin_auth_blp.arguments(ListQuerySchema, location="query")
@admin_auth_blp.response(200, page_schema(RoleSchema))
def list_roles(args):
    page = paginate(svc.role_query(args), args, sortable=ROLE_SORT, default_sort="id", tiebreak=Role.id)
    _with_counts(page["items"])
    return page


@admin_auth_blp.route("/roles", methods=["POST"])
@admin_required("roles.manage")
@admin_auth_blp.arguments(RoleInputSchema)
@admin_auth_blp.response(201, RoleSchema)
def create_role(args):
    return _with_counts([svc.do_create_role(args)])[0]


@admin_auth_blp.route("/roles/<int:role_id>", methods=["GET"])
@admin_required("roles.manage")
@admin_auth_blp.response(200, RoleSchema)
def get_role(role_id):
    return _with_counts([svc.get_role(role_id)])[0]


@admin_auth_blp.route("/roles/<int:role_id>", methods=["PUT"])
@admin_required("roles.manage")
@admin_auth_blp.arguments(RoleUpdateSchema)
@admin_auth_blp.response(200, RoleSchema)
def update_role(args, role_id):
    return _with_counts([svc.do_update_role(role_id, args)])[0]


@admin_auth_blp.route("/roles/<int:role_id>", methods=["DELETE"])
@admin_required("roles.manage")
@admin_auth_blp.response(204)
def delete_role(role_id):
    svc.do_delete_role(role_id)


# ---- admin accounts --------------------------------------------------------------------------------------------------

ADMIN_SORT = {
    "created_at": AdminUser.created_at,
    "username": AdminUser.username,
    "last_login_at": AdminUser.last_login_at,
    "id": AdminUser.id,
}


@admin_auth_blp.route("/accounts", methods=["GET"])
@admin_required("admins.view")
@admin_auth_blp.arguments(AdminListQuerySchema, location="query")
@admin_auth_blp.response(200, page_schema(AdminSchema))
def list_admins(args):
    return paginate(svc.admin_query(args), args, sortable=ADMIN_SORT, default_sort="-created_at", tiebreak=AdminUser.id)


@admin_auth_blp.route("/accounts", methods=["POST"])
@admin_required("admins.manage")
@admin_auth_blp.arguments(AdminCreateSchema)
@admin_auth_blp.response(201, AdminSchema)
def create_admin(args):
    """Create an admin; the password given here must be changed at the first login."""
    return svc.do_create_admin(args)


@admin_auth_blp.route("/accounts/<int:admin_id>", methods=["GET"])
@admin_required("admins.view")
@admin_auth_blp.response(200, AdminSchema)
def get_admin(admin_id):
    return svc.get_admin(admin_id)


@admin_auth_blp.route("/accounts/<int:admin_id>", methods=["PUT"])
@admin_required("admins.manage")
@admin_auth_blp.arguments(AdminUpdateSchema)
@admin_auth_blp.response(200, AdminSchema)
def update_admin(args, admin_id):
    return svc.do_update_admin(admin_id, args, g.admin)


@admin_auth_blp.route("/accounts/<int:admin_id>/reset-password", methods=["POST"])
@admin_required("admins.manage")
@admin_auth_blp.arguments(PasswordSetSchema)
@admin_auth_blp.response(204)
def reset_admin_password(args, admin_id):
    """Set a new password for an admin, who must change it at the next login; their sessions end."""
    svc.do_reset_admin_password(admin_id, args["password"])


# ---- members ---------------------------------------------------------------------------------------------------------

MEMBER_SORT = {"created_at": User.created_at, "id": User.id, "last_login_at": User.last_login_at}


def _member_query(args):
    from ..core.pagination import keyword_filter

    query = select(User)
    for field in ("owner_dealer_id", "member_level_id"):
        if args.get(field) is not None:
            query = query.where(getattr(User, field) == args[field])
    if args.get("is_active") is not None:
        query = query.where(User.is_active.is_(args["is_active"]))
    if args.get("created_from"):
        query = query.where(User.created_at >= args["created_from"])
    if args.get("created_to"):
        query = query.where(User.created_at <= args["created_to"])
    return keyword_filter(query, args.get("q"), User.phone, User.member_no, User.nickname, User.real_name)


@admin_members_blp.route("", methods=["GET"])
@admin_required("members.view")
@admin_members_blp.arguments(MemberListQuerySchema, location="query")
@admin_members_blp.response(200, page_schema(UserSchema))
def list_members(args):
    """Members; q searches phone, member number, nickname and name."""
    return paginate(_member_query(args), args, sortable=MEMBER_SORT, default_sort="-created_at", tiebreak=User.id)


@admin_members_blp.route("/export", methods=["GET"])
@admin_required("members.view")
@admin_members_blp.arguments(MemberListQuerySchema, location="query")
@admin_members_blp.response(
    200,
    {"format": "binary", "type": "string"},
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def export_members(args):
    """The member list with the same filters, as an Excel file (up to 50,000 rows)."""
    rows = iterate_all(
        _member_query(args), sortable=MEMBER_SORT, default_sort="-created_at", tiebreak=User.id, sort=args.get("sort")
    )
    columns = [
        Column("会员编号", lambda u: u.member_no),
        Column("手机号", lambda u: u.phone or ""),
        Column("昵称", lambda u: u.nickname),
        Column("姓名", lambda u: u.real_name),
        Column("会员等级", lambda u: u.member_level.name if u.member_level else ""),
        Column("邀请人ID", lambda u: u.invited_by_id or ""),
        Column("所属渠道商ID", lambda u: u.owner_dealer_id or ""),
        Column("状态", lambda u: "正常" if u.is_active else "已停用"),
        Column("注册时间", lambda u: u.created_at, 20),
        Column("最近登录", lambda u: u.last_login_at or "", 20),
    ]
    return xlsx_response(build_xlsx(columns, rows, "会员"), "会员列表.xlsx")


@admin_members_blp.route("/<int:member_id>", methods=["GET"])
@admin_required("members.view")
@admin_members_blp.response(200, MemberDetailSchema)
def get_member(member_id):
    member = db.session.get(User, member_id)
    if member is None:
        raise NotFound("MEMBER_NOT_FOUND", "会员不存在")
    member.invitee_count = db.session.execute(select(func.count()).where(User.invited_by_id == member.id)).scalar_one()
    inviter = db.session.get(User, member.invited_by_id) if member.invited_by_id else None
    member.invited_by_name = inviter.display_name if inviter else None
    return member
