"""Console endpoints: admin login, admin accounts, roles and permissions, members."""

from flask import g
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint

from ..audit.services import client_ip
from ..core.pagination import ListQuerySchema, page_schema, paginate
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
from .auth import admin_required, issue_tokens, revoke_encoded, revoke_session, rotate_refresh
from .models import AdminUser, Role
from .permissions import PERMISSION_GROUPS
from .schemas import AdminPasswordChangeSchema, LogoutSchema

admin_auth_blp = Blueprint("admin_auth", __name__, url_prefix="/api/v1/admin", description="后台登录与管理员")


def _admin_login_answer(admin: AdminUser) -> dict:
    return {**issue_tokens("admin", admin, "admin"), "admin": admin}


@admin_auth_blp.route("/auth/login", methods=["POST"])
@admin_auth_blp.arguments(AdminLoginSchema)
@admin_auth_blp.response(200, AdminLoginAnswerSchema)
def admin_login(args):
    """Username + password. 5 failures from one IP lock that IP out of the account for 15 minutes; 20 failures from
    one IP refuse its password logins; failures from many IPs slow IPs that never logged in to the account
    (429 ACCOUNT_LOCKED_FOR_IP / LOGIN_THROTTLED with retry_after)."""
    return _admin_login_answer(svc.do_admin_login(args["username"], args["password"], client_ip()))


@admin_auth_blp.route("/auth/refresh", methods=["POST"])
@admin_required(refresh=True)
@admin_auth_blp.response(200, AdminTokenSchema)
def admin_refresh():
    """A new pair of the same session; using a refresh token twice revokes the whole session."""
    claims = get_jwt()
    rotate_refresh(claims)
    return issue_tokens("admin", g.admin, "admin", claims.get("fam"))


@admin_auth_blp.route("/auth/logout", methods=["POST"])
@admin_required(allow_pending_password=True)
@admin_auth_blp.arguments(LogoutSchema)
@admin_auth_blp.response(204)
def admin_logout(args):
    """End this session (access token, its refresh token whether sent or not, and every token refreshed from it)."""
    claims = get_jwt()
    revoke_session(claims)
    revoke_encoded(args["refresh_token"], claims["sub"], "admin")


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
    svc.do_admin_change_password(g.admin, args["old_password"], args["new_password"], client_ip())
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
    return _with_counts([svc.do_create_role(args, g.admin)])[0]


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
    return _with_counts([svc.do_update_role(role_id, args, g.admin)])[0]


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
    return svc.do_create_admin(args, g.admin)


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
    svc.do_reset_admin_password(admin_id, args["password"], g.admin)
