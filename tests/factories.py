"""Factory helpers: make rows the way the product makes them (through services), committed for real."""

from __future__ import annotations

import itertools
import uuid

from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.identity.models import AdminUser, Role, RolePermission, SmsMessage, User
from crabsales.identity.passwords import hash_password
from crabsales.identity.services import do_create_user

_phones = itertools.count(13700000001)
PASSWORD = "Passw0rd!x"


def next_phone() -> str:
    return str(next(_phones))


def make_user(app, phone: str | None = None, password: str | None = PASSWORD, **fields) -> int:
    with app.app_context():
        user = do_create_user(
            phone=phone or next_phone(), password_hash=hash_password(password) if password else None, **fields
        )
        commit()
        return user.id


def get_user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def make_admin(
    app, username: str | None = None, password: str = PASSWORD, permissions=(), is_super=False, must_change=False
) -> int:
    with app.app_context():
        admin = AdminUser(
            username=username or f"admin{uuid.uuid4().hex[:6]}",
            name="测试管理员",
            password_hash=hash_password(password),
            is_super=is_super,
            password_change_required=must_change,
        )
        if permissions:
            role = Role(name=f"role-{uuid.uuid4().hex[:6]}")
            role.permission_rows = [RolePermission(code=c) for c in permissions]
            admin.roles = [role]
        db.session.add(admin)
        commit()
        return admin.id


def admin_login(client, username: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/admin/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return response.json


def admin_headers(app, client, permissions=(), is_super=False) -> dict:
    username = f"adm{uuid.uuid4().hex[:8]}"
    make_admin(app, username, permissions=permissions, is_super=is_super)
    return bearer(admin_login(client, username)["access_token"])


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def user_login(client, phone: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/auth/password-login", json={"phone": phone, "password": password})
    assert response.status_code == 200, response.json
    return response.json


def user_headers(app, client, **fields) -> tuple[dict, int, str]:
    phone = fields.pop("phone", None) or next_phone()
    user_id = make_user(app, phone=phone, **fields)
    return bearer(user_login(client, phone)["access_token"]), user_id, phone


def last_sms_code(app, phone: str) -> str:
    with app.app_context():
        message = db.session.execute(
            db.select(SmsMessage).where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).limit(1)
        ).scalar_one()
        return message.params["code"]


def sms_login(client, app, phone: str, invite_token: str | None = None) -> dict:
    assert client.post("/api/v1/auth/sms-codes", json={"phone": phone, "purpose": "login"}).status_code == 201
    body = {"phone": phone, "code": last_sms_code(app, phone)}
    if invite_token:
        body["invite_token"] = invite_token
    response = client.post("/api/v1/auth/sms-login", json=body)
    assert response.status_code == 200, response.json
    return response.json


def assert_error(response, status: int, error_code: str | None = None):
    assert response.status_code == status, (response.status_code, response.get_json())
    body = response.get_json()
    assert set(body) >= {"code", "status", "error_code", "message"}, body
    assert body["code"] == status
    if error_code:
        assert body["error_code"] == error_code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), "message must be Chinese"
    return body
