"""Admin accounts and roles. Every write is audited in the same transaction."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ..audit.services import apply_changes, record
from ..core import clock
from ..core.pagination import keyword_filter
from ..core.ratelimit import login_guard
from ..errors import AppError, Conflict, NotFound, ValidationFailed
from ..extensions import db
from .models import AdminUser, Role, RolePermission, admin_user_roles
from .passwords import check_password_rule, hash_password, verify_password
from .permissions import ALL_PERMISSION_CODES

USERNAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{2,31}$")


# ---- login -----------------------------------------------------------------------------------------------------------


def do_admin_login(username: str, password: str, ip: str) -> AdminUser:
    account = f"admin:{username.lower()}"
    login_guard.check(account, ip)
    admin = db.session.execute(
        select(AdminUser).where(func.lower(AdminUser.username) == username.lower())
    ).scalar_one_or_none()
    if admin is None or not verify_password(admin.password_hash, password):
        remaining = login_guard.record_failure(account, ip)
        if remaining == 0:
            login_guard.check(account, ip)
        raise AppError("LOGIN_FAILED", f"用户名或密码错误，还可尝试 {remaining} 次", 401)
    if not admin.is_active:
        raise AppError("ACCOUNT_DISABLED", "该账号已被停用", 403)
    login_guard.record_success(account, ip)
    admin.last_login_at = clock.utcnow()
    db.session.flush()
    return admin


def do_admin_change_password(admin: AdminUser, old_password: str, new_password: str, ip: str) -> None:
    check_password_rule(new_password)
    account = f"admin:{admin.username.lower()}"
    login_guard.check(account, ip)
    if not verify_password(admin.password_hash, old_password):
        remaining = login_guard.record_failure(account, ip)
        raise ValidationFailed(
            {"old_password": [f"原密码不正确，还可尝试 {remaining} 次"]}, "原密码不正确", "OLD_PASSWORD_WRONG"
        )
    if old_password == new_password:
        raise ValidationFailed({"new_password": ["新密码不能与原密码相同"]})
    admin.password_hash = hash_password(new_password)
    admin.password_change_required = False
    admin.token_version += 1
    record("admin.change_password", "admin_user", admin.id, {"password": ["***", "***"]})


# ---- roles -----------------------------------------------------------------------------------------------------------


def get_role(role_id: int) -> Role:
    role = db.session.get(Role, role_id)
    if role is None:
        raise NotFound("ROLE_NOT_FOUND", "角色不存在")
    return role


def check_permission_codes(codes: list[str]) -> list[str]:
    unknown = sorted(set(codes) - set(ALL_PERMISSION_CODES))
    if unknown:
        raise ValidationFailed({"permissions": [f"未知的权限：{', '.join(unknown)}"]})
    return sorted(set(codes))


def _check_role_name(name: str, role_id: int | None = None) -> str:
    name = name.strip()
    clash = db.session.execute(select(Role.id).where(Role.name == name, Role.id != (role_id or 0))).first()
    if clash:
        raise ValidationFailed({"name": ["角色名称已存在"]}, "角色名称已存在", "ROLE_NAME_TAKEN")
    return name


def role_query(args: dict):
    return keyword_filter(select(Role), args.get("q"), Role.name, Role.description)


def admin_counts(role_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(admin_user_roles.c.role_id, func.count())
        .where(admin_user_roles.c.role_id.in_(role_ids))
        .group_by(admin_user_roles.c.role_id)
    ).all()
    return dict(rows)


def do_create_role(values: dict) -> Role:
    codes = check_permission_codes(values.get("permissions", []))
    role = Role(name=_check_role_name(values["name"]), description=values.get("description", ""))
    role.permission_rows = [RolePermission(code=c) for c in codes]
    db.session.add(role)
    db.session.flush()
    record("role.create", "role", role.id, {"name": [None, role.name], "permissions": [[], codes]})
    return role


def do_update_role(role_id: int, values: dict) -> Role:
    role = get_role(role_id)
    changes = apply_changes(
        role,
        {
            k: v
            for k, v in {
                "name": _check_role_name(values["name"], role_id) if "name" in values else None,
                "description": values.get("description"),
            }.items()
            if v is not None
        },
    )
    if "permissions" in values:
        codes = check_permission_codes(values["permissions"])
        before = role.permissions
        if before != codes:
            keep = {p.code: p for p in role.permission_rows}
            role.permission_rows = [keep.get(c) or RolePermission(code=c) for c in codes]
            changes["permissions"] = [before, codes]
    db.session.flush()
    if changes:
        record("role.update", "role", role.id, changes)
    return role


def do_delete_role(role_id: int) -> None:
    role = get_role(role_id)
    in_use = admin_counts([role.id]).get(role.id, 0)
    if in_use:
        raise Conflict("ROLE_IN_USE", f"该角色仍有 {in_use} 个管理员在使用，请先移除")
    record("role.delete", "role", role.id, {"name": [role.name, None], "permissions": [role.permissions, []]})
    db.session.delete(role)
    db.session.flush()


# ---- admin accounts --------------------------------------------------------------------------------------------------


def get_admin(admin_id: int) -> AdminUser:
    admin = db.session.get(AdminUser, admin_id)
    if admin is None:
        raise NotFound("ADMIN_NOT_FOUND", "管理员不存在")
    return admin


def admin_query(args: dict):
    query = select(AdminUser)
    if args.get("is_active") is not None:
        query = query.where(AdminUser.is_active.is_(args["is_active"]))
    if args.get("role_id"):
        query = query.where(AdminUser.roles.any(Role.id == args["role_id"]))
    return keyword_filter(query, args.get("q"), AdminUser.username, AdminUser.name, AdminUser.phone)


def _roles(role_ids: list[int]) -> list[Role]:
    roles = db.session.execute(select(Role).where(Role.id.in_(role_ids)).order_by(Role.id)).scalars().all()
    missing = set(role_ids) - {r.id for r in roles}
    if missing:
        raise ValidationFailed({"role_ids": [f"角色不存在：{', '.join(map(str, sorted(missing)))}"]})
    return list(roles)


def do_create_admin(values: dict) -> AdminUser:
    username = values["username"].strip()
    if not USERNAME_PATTERN.match(username):
        raise ValidationFailed({"username": ["用户名需为 3-32 位字母开头的字母、数字、下划线、点或横线"]})
    if db.session.execute(select(AdminUser.id).where(func.lower(AdminUser.username) == username.lower())).first():
        raise ValidationFailed({"username": ["用户名已存在"]}, "用户名已存在", "USERNAME_TAKEN")
    check_password_rule(values["password"], "password")
    admin = AdminUser(
        username=username,
        name=values.get("name", ""),
        phone=values.get("phone", ""),
        password_hash=hash_password(values["password"]),
        # Someone else chose this password: the owner sets their own at first login.
        password_change_required=True,
        is_active=values.get("is_active", True),
    )
    admin.roles = _roles(values.get("role_ids", []))
    db.session.add(admin)
    db.session.flush()
    record(
        "admin.create",
        "admin_user",
        admin.id,
        {"username": [None, username], "name": [None, admin.name], "role_ids": [[], [r.id for r in admin.roles]]},
    )
    return admin


def do_update_admin(admin_id: int, values: dict, acting: AdminUser) -> AdminUser:
    admin = get_admin(admin_id)
    if admin.id == acting.id and values.get("is_active") is False:
        raise Conflict("CANNOT_DISABLE_SELF", "不能停用自己的账号")
    if admin.is_super and values.get("is_active") is False:
        raise Conflict("CANNOT_DISABLE_SUPER", "不能停用超级管理员")
    changes = apply_changes(admin, {k: values[k] for k in ("name", "phone", "is_active") if k in values})
    if "role_ids" in values:
        before = [r.id for r in admin.roles]
        admin.roles = _roles(values["role_ids"])
        after = [r.id for r in admin.roles]
        if before != after:
            changes["role_ids"] = [before, after]
    if changes.get("is_active") == [True, False]:
        admin.token_version += 1  # a disabled account is logged out everywhere
    db.session.flush()
    if changes:
        record("admin.update", "admin_user", admin.id, changes)
    return admin


def do_reset_admin_password(admin_id: int, password: str) -> None:
    admin = get_admin(admin_id)
    check_password_rule(password, "password")
    admin.password_hash = hash_password(password)
    admin.password_change_required = True
    admin.token_version += 1
    login_guard.clear(f"admin:{admin.username.lower()}")
    db.session.flush()
    record("admin.reset_password", "admin_user", admin.id, {"password": ["***", "***"]})
