"""Tokens, the current actor, and the decorators that guard every endpoint.

Access and refresh tokens carry: sub (user or admin id), kind (user|admin), ws (active workspace), tv (token
version: raising it on the account revokes every older token), pcr (password change required) and fam (the session:
one login and every pair refreshed from it). Revoking a family ends every token of the session at once: logout,
switching workspace, and a rotated refresh token used again (stolen or replayed) do it.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, wraps

from flask import current_app, g
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    decode_token,
    get_jwt,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from sqlalchemy.orm import lazyload

from ..core import clock
from ..core.redis import get_redis
from ..errors import AppError, Forbidden, error_response
from ..extensions import db, jwt
from .models import AdminUser, User

BEARER_DOC = {"security": [{"bearerAuth": []}]}


@dataclass
class Actor:
    kind: str  # "user" or "admin"
    id: int
    name: str
    workspace: str

    @property
    def scope(self) -> str:
        return f"{self.kind}:{self.id}"


# ---- issuing and revoking ------------------------------------------------------------------------------------------


def issue_tokens(kind: str, account, workspace: str, family: str | None = None) -> dict:
    """A new access + refresh pair; a new session (family) unless one is continued (refresh)."""
    claims = {
        "kind": kind,
        "ws": workspace,
        "tv": account.token_version,
        "pcr": bool(account.password_change_required),
        "fam": family or uuid.uuid4().hex,
    }
    identity = str(account.id)
    minutes = current_app.config["JWT_ACCESS_MINUTES"]
    return {
        "access_token": create_access_token(
            identity, additional_claims=claims, expires_delta=timedelta(minutes=minutes)
        ),
        "refresh_token": create_refresh_token(
            identity, additional_claims=claims, expires_delta=timedelta(days=current_app.config["JWT_REFRESH_DAYS"])
        ),
        "token_type": "Bearer",
        "expires_in": minutes * 60,
        "workspace": workspace,
        "password_change_required": bool(account.password_change_required),
    }


def _revoked_key(jti: str) -> str:
    return f"jwt:revoked:{jti}"


def _family_key(family: str) -> str:
    return f"jwt:family:revoked:{family}"


def revoke_payload(payload: dict) -> None:
    """Put one token on the Redis blocklist until it would have expired anyway."""
    ttl = int(payload["exp"] - clock.timestamp()) + 5
    if ttl > 0:
        get_redis().set(_revoked_key(payload["jti"]), "1", ex=ttl)


def revoke_family(payload: dict) -> None:
    """End the token's session: every token of its family, issued or still to be refreshed, stops working."""
    family = payload.get("fam")
    if family:
        # The family's newest refresh token expires at most JWT_REFRESH_DAYS from now.
        ttl = current_app.config["JWT_REFRESH_DAYS"] * 86400 + 60
        get_redis().set(_family_key(family), "1", ex=ttl)


def revoke_session(payload: dict) -> None:
    """Logout and workspace switch: this token and its whole session."""
    revoke_payload(payload)
    revoke_family(payload)


def rotate_refresh(payload: dict) -> None:
    """Use up a refresh token once. A second use means it was copied: the whole session is revoked (401)."""
    ttl = int(payload["exp"] - clock.timestamp()) + 5
    # SET NX: of two requests with the same refresh token only one gets through, even at the same moment.
    if not get_redis().set(_revoked_key(payload["jti"]), "1", ex=max(ttl, 1), nx=True):
        revoke_family(payload)
        raise AppError("TOKEN_REVOKED", "登录已失效，请重新登录", 401)


def revoke_encoded(token: str | None, expected_sub: str, expected_kind: str) -> None:
    """Revoke a refresh token handed in at logout, and its session, if it is ours and valid; ignore anything else."""
    if not token:
        return
    try:
        payload = decode_token(token, allow_expired=True)
    except (JWTExtendedException, PyJWTError):
        return
    if payload.get("sub") == expected_sub and payload.get("kind") == expected_kind:
        revoke_session(payload)


def _load_account(payload: dict):
    model = AdminUser if payload.get("kind") == "admin" else User
    try:
        ident = int(payload["sub"])
    except (TypeError, ValueError):
        return None
    return db.session.get(model, ident, options=_user_load() if model is User else None)


@cache
def _user_load() -> tuple:
    """A user's tags are not needed to authorize a request; they load lazily where they are shown. (Built once, on
    first use, when the mappers are configured: building the option costs as much as a small query.)"""
    return (lazyload(User.tags),)


def _account_for(payload: dict):
    """The account the token names, loaded once per request: the revocation check below loads it and hands it to
    the guard that runs right after it (same token), so a request reads the account row once, not twice."""
    checked = g.pop("_jwt_checked_account", None)
    if checked is not None and checked[0] == payload.get("jti"):
        return checked[1]
    return _load_account(payload)


@jwt.token_in_blocklist_loader
def _is_revoked(_header, payload) -> bool:
    g.pop("_jwt_checked_account", None)
    keys = [_revoked_key(payload["jti"])]
    if payload.get("fam"):
        keys.append(_family_key(payload["fam"]))
    if get_redis().exists(*keys):
        if payload.get("type") == "refresh":
            # A refresh token already used (rotated) or logged out comes back: end its session too.
            revoke_family(payload)
        return True
    account = _load_account(payload)
    if account is None or not account.is_active or account.token_version != payload.get("tv"):
        return True
    g._jwt_checked_account = (payload.get("jti"), account)
    return False


# Every JWT problem is answered in our error shape.
@jwt.unauthorized_loader
def _missing(reason):
    return error_response(401, "UNAUTHORIZED", "请先登录")


@jwt.invalid_token_loader
def _invalid(reason):
    return error_response(401, "TOKEN_INVALID", "登录凭证无效，请重新登录")


@jwt.expired_token_loader
def _expired(_header, payload):
    return error_response(401, "TOKEN_EXPIRED", "登录已过期，请刷新凭证或重新登录")


@jwt.revoked_token_loader
def _revoked(_header, payload):
    return error_response(401, "TOKEN_REVOKED", "登录已失效，请重新登录")


@jwt.needs_fresh_token_loader
def _needs_fresh(_header, payload):
    return error_response(401, "FRESH_TOKEN_REQUIRED", "请重新登录后再操作")


@jwt.user_lookup_error_loader
def _lookup_error(_header, payload):
    return error_response(401, "TOKEN_INVALID", "登录凭证无效，请重新登录")


# ---- guards ----------------------------------------------------------------------------------------------------------


def _with_doc(wrapper, view, extra: dict):
    wrapper._apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    manual = wrapper._apidoc.setdefault("manual_doc", {})
    manual.update(copy.deepcopy(extra))
    return wrapper


def _check_password_state(claims: dict, allow_pending_password: bool) -> None:
    if claims.get("pcr") and not allow_pending_password:
        raise Forbidden("PASSWORD_CHANGE_REQUIRED", "首次登录请先设置新密码")


def login_required(view=None, *, refresh: bool = False, workspace: str | None = None, allow_pending_password=False):
    """A mini-program user (any workspace unless one is named: member, dealer, staff, sales)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            claims = get_jwt()
            if claims.get("kind") != "user":
                raise Forbidden("WRONG_ACCOUNT_KIND", "请使用小程序账号登录")
            _check_password_state(claims, allow_pending_password or refresh)
            active = claims.get("ws", "member")
            if workspace and active.split(":")[0] != workspace:
                raise Forbidden("WORKSPACE_DENIED", "请切换到对应的身份后再操作")
            user = _account_for(claims)
            g.user, g.workspace = user, active
            g.actor = Actor("user", user.id, user.display_name, active)
            return view(*args, **kwargs)

        return _with_doc(wrapper, view, BEARER_DOC)

    return decorator(view) if view is not None else decorator


def optional_login(view):
    """Public endpoints that answer more for a logged-in user (their price, their favorites)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        verify_jwt_in_request(optional=True)
        claims = get_jwt()
        g.user = None
        g.workspace = None
        if claims and claims.get("kind") == "user" and not claims.get("pcr"):
            user = _account_for(claims)
            g.user, g.workspace = user, claims.get("ws", "member")
            g.actor = Actor("user", user.id, user.display_name, g.workspace)
        return view(*args, **kwargs)

    return _with_doc(wrapper, view, {"security": [{}, {"bearerAuth": []}]})


def admin_required(*permissions: str, refresh: bool = False, allow_pending_password: bool = False):
    """An admin account holding every named permission code (super-admin holds all)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            claims = get_jwt()
            if claims.get("kind") != "admin":
                raise Forbidden("WRONG_ACCOUNT_KIND", "请使用管理后台账号登录")
            _check_password_state(claims, allow_pending_password or refresh)
            admin = _account_for(claims)
            missing = [p for p in permissions if p not in admin.permission_codes()]
            if missing:
                raise Forbidden("PERMISSION_DENIED", "没有权限执行此操作", missing_permissions=missing)
            g.admin = admin
            g.actor = Actor("admin", admin.id, admin.name or admin.username, "admin")
            return view(*args, **kwargs)

        doc = copy.deepcopy(BEARER_DOC)
        if permissions:
            doc["description"] = "需要权限：" + ", ".join(permissions)
        return _with_doc(wrapper, view, doc)

    return decorator
