"""Admin accounts and roles. Every write is audited in the same transaction; every refused privilege change is
audited too (after the refusal's rollback).

Privilege rules (no admin can raise their own or anyone's privileges beyond their own):
- only a super-admin creates, edits, disables or resets the password of a super-admin (`SUPER_ADMIN_ONLY`);
- nobody grants or takes away a permission they do not hold, by a role's permissions or by the roles given to an
  account, and nobody edits or resets an account holding a permission they do not hold (`PERMISSION_NOT_HELD`);
- nobody changes their own roles or super-admin flag, nor the permissions of a role they hold
  (`SELF_PRIVILEGE_CHANGE`);
- the last active super-admin stays active and super (`LAST_SUPER_ADMIN`)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ..audit.services import apply_changes, record, record_refusal
from ..core import clock
from ..core.pagination import keyword_filter
from ..core.ratelimit import login_guard
from ..errors import AppError, Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from .models import AdminUser, Role, RolePermission, admin_user_roles
from .passwords import check_password_rule, hash_password, verify_password
from .permissions import ALL_PERMISSION_CODES, PERMISSION_NAMES

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


# ---- privilege rules -------------------------------------------------------------------------------------------------


def _refuse(error_code: str, message: str, action: str, target_type: str, target_id, changes=None, **extra):
    """The 403 of a refused privilege change, audited so that the record outlives the request's rollback."""
    record_refusal(f"{action}.refused", target_type, target_id, error_code, changes)
    return Forbidden(error_code, message, **extra)


def _unheld(acting: AdminUser, codes) -> list[str]:
    return sorted(set(codes) - acting.permission_codes())


def _names(codes: list[str]) -> str:
    return "、".join(PERMISSION_NAMES.get(c, c) for c in codes)


def _role_permissions(roles: list[Role]) -> set[str]:
    return {code for role in roles for code in role.permissions}


def _check_may_manage_account(acting: AdminUser, target: AdminUser, action: str, changes: dict) -> None:
    """A super-admin is managed by super-admins only; any other account by admins holding all its permissions."""
    if acting.is_super:
        return
    if target.is_super:
        raise _refuse(
            "SUPER_ADMIN_ONLY",
            "只有超级管理员可以修改、停用超级管理员或重置其密码",
            action,
            "admin_user",
            target.id,
            changes,
        )
    unheld = _unheld(acting, target.permission_codes())
    if unheld:
        raise _refuse(
            "PERMISSION_NOT_HELD",
            f"该管理员拥有您没有的权限（{_names(unheld)}），您不能修改其账号或重置其密码",
            action,
            "admin_user",
            target.id,
            changes,
            permissions=unheld,
        )


def _check_last_super(target: AdminUser, action: str, changes: dict) -> None:
    """Refuse to disable or demote the last active super-admin. Every active super-admin row is locked first (in id
    order), so two super-admins disabling each other at the same time cannot both succeed."""
    active_supers = (
        db.session.execute(
            select(AdminUser.id)
            .where(AdminUser.is_super.is_(True), AdminUser.is_active.is_(True))
            .order_by(AdminUser.id)
            .with_for_update(key_share=True)
        )
        .scalars()
        .all()
    )
    if set(active_supers) <= {target.id}:
        raise _refuse(
            "LAST_SUPER_ADMIN",
            "这是最后一个启用的超级管理员，不能停用或取消其超级管理员身份",
            action,
            "admin_user",
            target.id,
            changes,
        )


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


def do_create_role(values: dict, acting: AdminUser) -> Role:
    codes = check_permission_codes(values.get("permissions", []))
    unheld = _unheld(acting, codes)
    if unheld:
        raise _refuse(
            "PERMISSION_NOT_HELD",
            f"不能授予您自己没有的权限：{_names(unheld)}",
            "role.create",
            "role",
            None,
            {"name": [None, values["name"]], "permissions": [[], codes]},
            permissions=unheld,
        )
    role = Role(name=_check_role_name(values["name"]), description=values.get("description", ""))
    role.permission_rows = [RolePermission(code=c) for c in codes]
    db.session.add(role)
    db.session.flush()
    record("role.create", "role", role.id, {"name": [None, role.name], "permissions": [[], codes]})
    return role


def do_update_role(role_id: int, values: dict, acting: AdminUser) -> Role:
    role = get_role(role_id)
    if "permissions" in values:
        codes = check_permission_codes(values["permissions"])
        before = role.permissions
        if codes != before:
            asked = {"permissions": [before, codes]}
            if role.id in {r.id for r in acting.roles}:
                raise _refuse(
                    "SELF_PRIVILEGE_CHANGE", "不能修改您自己所属角色的权限", "role.update", "role", role.id, asked
                )
            # Adding or taking away: either way only permissions the admin holds.
            unheld = _unheld(acting, set(codes) ^ set(before))
            if unheld:
                raise _refuse(
                    "PERMISSION_NOT_HELD",
                    f"不能授予或收回您自己没有的权限：{_names(unheld)}",
                    "role.update",
                    "role",
                    role.id,
                    asked,
                    permissions=unheld,
                )
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


def do_create_admin(values: dict, acting: AdminUser) -> AdminUser:
    username = values["username"].strip()
    if not USERNAME_PATTERN.match(username):
        raise ValidationFailed({"username": ["用户名需为 3-32 位字母开头的字母、数字、下划线、点或横线"]})
    if db.session.execute(select(AdminUser.id).where(func.lower(AdminUser.username) == username.lower())).first():
        raise ValidationFailed({"username": ["用户名已存在"]}, "用户名已存在", "USERNAME_TAKEN")
    check_password_rule(values["password"], "password")
    roles = _roles(values.get("role_ids", []))
    asked = {"username": [None, username], "role_ids": [[], [r.id for r in roles]]}
    if values.get("is_super") and not acting.is_super:
        asked["is_super"] = [None, True]
        raise _refuse("SUPER_ADMIN_ONLY", "只有超级管理员可以新建超级管理员", "admin.create", "admin_user", None, asked)
    unheld = _unheld(acting, _role_permissions(roles))
    if unheld:
        raise _refuse(
            "PERMISSION_NOT_HELD",
            f"所选角色含有您自己没有的权限：{_names(unheld)}",
            "admin.create",
            "admin_user",
            None,
            asked,
            permissions=unheld,
        )
    admin = AdminUser(
        username=username,
        name=values.get("name", ""),
        phone=values.get("phone", ""),
        password_hash=hash_password(values["password"]),
        # Someone else chose this password: the owner sets their own at first login.
        password_change_required=True,
        is_active=values.get("is_active", True),
        is_super=values.get("is_super", False),
    )
    admin.roles = roles
    db.session.add(admin)
    db.session.flush()
    record(
        "admin.create",
        "admin_user",
        admin.id,
        {
            "username": [None, username],
            "name": [None, admin.name],
            "role_ids": [[], [r.id for r in admin.roles]],
            **({"is_super": [None, True]} if admin.is_super else {}),
        },
    )
    return admin


def do_update_admin(admin_id: int, values: dict, acting: AdminUser) -> AdminUser:
    admin = get_admin(admin_id)
    roles = _roles(values["role_ids"]) if "role_ids" in values else None
    asked = {k: [getattr(admin, k), values[k]] for k in ("is_active", "is_super") if k in values}
    if roles is not None:
        asked["role_ids"] = [[r.id for r in admin.roles], [r.id for r in roles]]
    privileged = {k: v for k, v in asked.items() if k in ("role_ids", "is_super") and v[0] != v[1]}
    if values.get("is_super") and not acting.is_super:
        raise _refuse(
            "SUPER_ADMIN_ONLY", "只有超级管理员可以设置超级管理员", "admin.update", "admin_user", admin.id, asked
        )
    _check_may_manage_account(acting, admin, "admin.update", asked)
    if admin.is_super and admin.is_active and (values.get("is_active") is False or values.get("is_super") is False):
        _check_last_super(admin, "admin.update", asked)
    if admin.id == acting.id and values.get("is_active") is False:
        raise Conflict("CANNOT_DISABLE_SELF", "不能停用自己的账号")
    if admin.id == acting.id and privileged:
        raise _refuse(
            "SELF_PRIVILEGE_CHANGE", "不能修改自己的角色或权限", "admin.update", "admin_user", admin.id, asked
        )
    unheld = _unheld(acting, _role_permissions(roles or []))
    if unheld:
        raise _refuse(
            "PERMISSION_NOT_HELD",
            f"所选角色含有您自己没有的权限：{_names(unheld)}",
            "admin.update",
            "admin_user",
            admin.id,
            asked,
            permissions=unheld,
        )
    changes = apply_changes(admin, {k: values[k] for k in ("name", "phone", "is_active", "is_super") if k in values})
    if roles is not None:
        before = [r.id for r in admin.roles]
        admin.roles = roles
        after = [r.id for r in admin.roles]
        if before != after:
            changes["role_ids"] = [before, after]
    if changes.get("is_active") == [True, False]:
        admin.token_version += 1  # a disabled account is logged out everywhere
    db.session.flush()
    if changes:
        record("admin.update", "admin_user", admin.id, changes)
    return admin


def do_reset_admin_password(admin_id: int, password: str, acting: AdminUser) -> None:
    admin = get_admin(admin_id)
    check_password_rule(password, "password")
    _check_may_manage_account(acting, admin, "admin.reset_password", {"password": ["***", "***"]})
    admin.password_hash = hash_password(password)
    admin.password_change_required = True
    admin.token_version += 1
    login_guard.clear(f"admin:{admin.username.lower()}")
    db.session.flush()
    record("admin.reset_password", "admin_user", admin.id, {"password": ["***", "***"]})
