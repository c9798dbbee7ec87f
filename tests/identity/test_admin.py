"""Admin accounts, roles, permission checks on every admin endpoint, audit log, sales accounts."""

import io

import pytest
from crabsales.identity.permissions import ALL_PERMISSION_CODES
from openpyxl import load_workbook

from tests.factories import (
    PASSWORD,
    admin_headers,
    admin_login,
    assert_error,
    bearer,
    make_admin,
    make_user,
    next_phone,
    user_login,
)

# Every admin endpoint with the permission it needs (None: any logged-in admin).
ADMIN_ENDPOINTS = [
    ("GET", "/api/v1/admin/permissions", None),
    ("GET", "/api/v1/admin/roles", "roles.manage"),
    ("POST", "/api/v1/admin/roles", "roles.manage"),
    ("GET", "/api/v1/admin/roles/1", "roles.manage"),
    ("PUT", "/api/v1/admin/roles/1", "roles.manage"),
    ("DELETE", "/api/v1/admin/roles/1", "roles.manage"),
    ("GET", "/api/v1/admin/accounts", "admins.view"),
    ("POST", "/api/v1/admin/accounts", "admins.manage"),
    ("GET", "/api/v1/admin/accounts/1", "admins.view"),
    ("PUT", "/api/v1/admin/accounts/1", "admins.manage"),
    ("POST", "/api/v1/admin/accounts/1/reset-password", "admins.manage"),
    ("GET", "/api/v1/admin/audit-logs", "audit.view"),
    ("GET", "/api/v1/admin/audit-logs/export", "audit.view"),
    ("GET", "/api/v1/admin/members", "members.view"),
    ("GET", "/api/v1/admin/members/export", "members.view"),
    ("GET", "/api/v1/admin/members/1", "members.view"),
    ("GET", "/api/v1/admin/departments", "sales.view"),
    ("POST", "/api/v1/admin/departments", "sales.manage"),
    ("PUT", "/api/v1/admin/departments/1", "sales.manage"),
    ("GET", "/api/v1/admin/salespeople", "sales.view"),
    ("POST", "/api/v1/admin/salespeople", "sales.manage"),
    ("GET", "/api/v1/admin/salespeople/1", "sales.view"),
    ("PUT", "/api/v1/admin/salespeople/1", "sales.manage"),
]


def call(client, method, url, headers, json=None):
    return client.open(url, method=method, headers=headers, json=json if method in ("POST", "PUT") else None)


@pytest.mark.parametrize("method, url, permission", ADMIN_ENDPOINTS)
def test_every_admin_endpoint_requires_login(client, method, url, permission):
    assert_error(call(client, method, url, {}, {}), 401, "UNAUTHORIZED")


@pytest.mark.parametrize("method, url, permission", [e for e in ADMIN_ENDPOINTS if e[2]])
def test_every_admin_endpoint_refuses_an_admin_without_its_permission(app, client, method, url, permission):
    others = [p for p in ALL_PERMISSION_CODES if p != permission]
    headers = admin_headers(app, client, permissions=others)
    body = assert_error(call(client, method, url, headers, {}), 403, "PERMISSION_DENIED")
    assert body["missing_permissions"] == [permission]


@pytest.mark.parametrize("method, url, permission", [e for e in ADMIN_ENDPOINTS if e[2]])
def test_the_permission_alone_gets_past_the_check(app, client, method, url, permission):
    headers = admin_headers(app, client, permissions=[permission])
    assert call(client, method, url, headers, {}).status_code != 403


def test_admin_login_answers_permissions(app, client):
    make_admin(app, "kefu1", permissions=["members.view"])
    answer = admin_login(client, "kefu1")
    assert answer["admin"]["permissions"] == ["members.view"]
    me = client.get("/api/v1/admin/me", headers=bearer(answer["access_token"])).json
    assert me["username"] == "kefu1"


def test_admin_login_is_throttled_per_ip(app, client):
    make_admin(app, "boss")

    def login(username, password, ip="203.0.113.7"):
        return client.post(
            "/api/v1/admin/auth/login",
            json={"username": username, "password": password},
            environ_base={"REMOTE_ADDR": ip},
        )

    assert login("boss", PASSWORD, "198.51.100.1").status_code == 200  # the admin's office
    for _ in range(4):
        assert_error(login("boss", "Nope12345"), 401)
    assert_error(login("boss", "Nope12345"), 429, "ACCOUNT_LOCKED_FOR_IP")
    assert_error(login("BOSS", PASSWORD), 429, "ACCOUNT_LOCKED_FOR_IP")
    # The attacker locked only their own IP out: the admin still logs in, even after failures from many IPs.
    for n in range(10):
        login("boss", "Nope12345", f"192.0.2.{n}")
    assert_error(login("boss", PASSWORD, "192.0.2.200"), 429, "LOGIN_THROTTLED")
    assert login("boss", PASSWORD, "198.51.100.1").status_code == 200


def test_role_and_admin_lifecycle_is_audited(app, client):
    headers = admin_headers(app, client, is_super=True)
    role = client.post(
        "/api/v1/admin/roles", json={"name": "财务", "permissions": ["audit.view", "members.view"]}, headers=headers
    )
    assert role.status_code == 201 and role.json["permissions"] == ["audit.view", "members.view"]
    created = client.post(
        "/api/v1/admin/accounts",
        headers=headers,
        json={"username": "caiwu01", "name": "财务小李", "password": "Initial123", "role_ids": [role.json["id"]]},
    )
    assert created.status_code == 201 and created.json["password_change_required"] is True
    logs = client.get("/api/v1/admin/audit-logs?sort=id", headers=headers).json["items"]
    assert [entry["action"] for entry in logs] == ["role.create", "admin.create"]
    assert logs[1]["changes"]["username"] == [None, "caiwu01"] and logs[1]["ip"] == "127.0.0.1"
    assert client.get("/api/v1/admin/audit-logs?action=role.create", headers=headers).json["total"] == 1

    # The new admin must change the password before anything else.
    first = admin_login(client, "caiwu01", "Initial123")
    assert first["password_change_required"] is True
    assert_error(
        client.get("/api/v1/admin/members", headers=bearer(first["access_token"])), 403, "PASSWORD_CHANGE_REQUIRED"
    )
    changed = client.put(
        "/api/v1/admin/me/password",
        json={"old_password": "Initial123", "new_password": "Mine12345"},
        headers=bearer(first["access_token"]),
    )
    assert changed.status_code == 200 and changed.json["password_change_required"] is False
    own = bearer(changed.json["access_token"])
    assert client.get("/api/v1/admin/members", headers=own).status_code == 200
    assert_error(client.get("/api/v1/admin/accounts", headers=own), 403, "PERMISSION_DENIED")

    # Taking the role's permission away takes effect on the next request.
    client.put(f"/api/v1/admin/roles/{role.json['id']}", json={"permissions": ["audit.view"]}, headers=headers)
    assert_error(client.get("/api/v1/admin/members", headers=own), 403, "PERMISSION_DENIED")
    update = client.get(f"/api/v1/admin/audit-logs?action=role.update&target_id={role.json['id']}", headers=headers)
    assert update.json["items"][0]["changes"]["permissions"] == [["audit.view", "members.view"], ["audit.view"]]


def test_disabling_an_admin_logs_them_out(app, client):
    headers = admin_headers(app, client, is_super=True)
    target = make_admin(app, "temp01")
    token = admin_login(client, "temp01")["access_token"]
    assert client.put(f"/api/v1/admin/accounts/{target}", json={"is_active": False}, headers=headers).status_code == 200
    assert_error(client.get("/api/v1/admin/me", headers=bearer(token)), 401, "TOKEN_REVOKED")
    assert_error(
        client.post("/api/v1/admin/auth/login", json={"username": "temp01", "password": PASSWORD}),
        403,
        "ACCOUNT_DISABLED",
    )


def test_an_admin_cannot_disable_themself(app, client):
    make_admin(app, "self01", is_super=True)
    make_admin(app, "self02", is_super=True)  # not the last super-admin: that refusal is LAST_SUPER_ADMIN
    answer = admin_login(client, "self01")
    response = client.put(
        f"/api/v1/admin/accounts/{answer['admin']['id']}",
        json={"is_active": False},
        headers=bearer(answer["access_token"]),
    )
    assert_error(response, 409, "CANNOT_DISABLE_SELF")


def test_reset_password_forces_a_change_and_ends_sessions(app, client):
    headers = admin_headers(app, client, is_super=True)
    target = make_admin(app, "reset01")
    token = admin_login(client, "reset01")["access_token"]
    response = client.post(
        f"/api/v1/admin/accounts/{target}/reset-password", json={"password": "Temp12345"}, headers=headers
    )
    assert response.status_code == 204
    assert_error(client.get("/api/v1/admin/me", headers=bearer(token)), 401, "TOKEN_REVOKED")
    assert admin_login(client, "reset01", "Temp12345")["password_change_required"] is True


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "ab", "password": "Initial123"}, "username"),
        ({"username": "9abc", "password": "Initial123"}, "username"),
        ({"username": "valid01", "password": "weak"}, "password"),
        ({"username": "valid02", "password": "Initial123", "role_ids": [999]}, "role_ids"),
    ],
)
def test_admin_create_validation(app, client, body, field):
    headers = admin_headers(app, client, is_super=True)
    error = assert_error(client.post("/api/v1/admin/accounts", json=body, headers=headers), 422)
    assert field in error["errors"]


def test_duplicate_names_are_refused(app, client):
    headers = admin_headers(app, client, is_super=True)
    make_admin(app, "dup01")
    assert_error(
        client.post("/api/v1/admin/accounts", json={"username": "DUP01", "password": "Initial123"}, headers=headers),
        422,
        "USERNAME_TAKEN",
    )
    client.post("/api/v1/admin/roles", json={"name": "运营"}, headers=headers)
    assert_error(client.post("/api/v1/admin/roles", json={"name": "运营"}, headers=headers), 422, "ROLE_NAME_TAKEN")


def test_unknown_permission_codes_are_refused(app, client):
    headers = admin_headers(app, client, is_super=True)
    body = assert_error(
        client.post("/api/v1/admin/roles", json={"name": "x", "permissions": ["root.all"]}, headers=headers), 422
    )
    assert "permissions" in body["errors"]


def test_a_role_in_use_cannot_be_deleted(app, client):
    headers = admin_headers(app, client, is_super=True)
    role = client.post("/api/v1/admin/roles", json={"name": "仓库"}, headers=headers).json
    client.post(
        "/api/v1/admin/accounts",
        json={"username": "cang01", "password": "Initial123", "role_ids": [role["id"]]},
        headers=headers,
    )
    assert_error(client.delete(f"/api/v1/admin/roles/{role['id']}", headers=headers), 409, "ROLE_IN_USE")


def test_lists_paginate_search_and_sort(app, client):
    headers = admin_headers(app, client, is_super=True)
    for i in range(5):
        make_admin(app, f"page{i:02d}")
    page = client.get("/api/v1/admin/accounts?q=page&page=2&page_size=2&sort=username", headers=headers).json
    assert page["total"] == 5 and [a["username"] for a in page["items"]] == ["page02", "page03"]
    desc = client.get("/api/v1/admin/accounts?q=page&sort=-username&page_size=1", headers=headers).json
    assert desc["items"][0]["username"] == "page04"
    literal = client.get("/api/v1/admin/accounts?q=%25", headers=headers).json
    assert literal["total"] == 0  # % is a literal character, not a wildcard


def test_members_list_detail_and_export(app, client):
    headers = admin_headers(app, client, permissions=["members.view"])
    inviter = make_user(app, phone="13811110000", nickname="邀请人")
    make_user(app, phone="13811110001", invited_by_id=inviter)
    page = client.get("/api/v1/admin/members?q=1381111", headers=headers).json
    assert page["total"] == 2
    detail = client.get(f"/api/v1/admin/members/{inviter}", headers=headers).json
    assert detail["invitee_count"] == 1
    assert_error(client.get("/api/v1/admin/members/999999", headers=headers), 404, "MEMBER_NOT_FOUND")
    export = client.get("/api/v1/admin/members/export?q=1381111", headers=headers)
    sheet = load_workbook(io.BytesIO(export.data)).active
    assert sheet.max_row == 3 and sheet["B1"].value == "手机号"


def test_audit_export_is_an_excel_file(app, client):
    headers = admin_headers(app, client, is_super=True)
    client.post("/api/v1/admin/roles", json={"name": "导出测试"}, headers=headers)
    response = client.get("/api/v1/admin/audit-logs/export", headers=headers)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["F2"].value == "role.create"


def test_salesperson_is_created_with_a_forced_first_password(app, client):
    headers = admin_headers(app, client, is_super=True)
    department = client.post("/api/v1/admin/departments", json={"name": "苏州销售部"}, headers=headers).json
    phone = next_phone()
    created = client.post(
        "/api/v1/admin/salespeople",
        headers=headers,
        json={"phone": phone, "name": "李销售", "department_id": department["id"], "password": "Start1234"},
    )
    assert created.status_code == 201 and created.json["password_change_required"] is True

    login = user_login(client, phone, "Start1234")
    assert login["password_change_required"] is True
    assert_error(
        client.get("/api/v1/me/workspaces", headers=bearer(login["access_token"])), 403, "PASSWORD_CHANGE_REQUIRED"
    )
    changed = client.put(
        "/api/v1/me/password",
        json={"old_password": "Start1234", "new_password": "Mine12345"},
        headers=bearer(login["access_token"]),
    ).json
    workspaces = client.get("/api/v1/me/workspaces", headers=bearer(changed["access_token"])).json["items"]
    assert {"workspace": "sales", "label": "销售"} in workspaces
    switched = client.post(
        "/api/v1/auth/workspace", json={"workspace": "sales"}, headers=bearer(changed["access_token"])
    )
    assert switched.json["workspace"] == "sales"
    # Deactivation ends the sales sessions at once.
    client.put(f"/api/v1/admin/salespeople/{created.json['id']}", json={"is_active": False}, headers=headers)
    assert_error(client.get("/api/v1/me", headers=bearer(switched.json["access_token"])), 401, "TOKEN_REVOKED")


def test_a_member_can_become_a_salesperson_and_keeps_the_account(app, client):
    headers = admin_headers(app, client, is_super=True)
    phone = next_phone()
    user_id = make_user(app, phone=phone)
    created = client.post(
        "/api/v1/admin/salespeople", json={"phone": phone, "name": "转岗", "password": "Start1234"}, headers=headers
    )
    assert created.json["user_id"] == user_id
    again = client.post(
        "/api/v1/admin/salespeople", json={"phone": phone, "name": "转岗", "password": "Start1234"}, headers=headers
    )
    assert_error(again, 409, "SALESPERSON_EXISTS")


def test_department_cannot_be_its_own_ancestor(app, client):
    headers = admin_headers(app, client, is_super=True)
    parent = client.post("/api/v1/admin/departments", json={"name": "总部"}, headers=headers).json
    child = client.post(
        "/api/v1/admin/departments", json={"name": "分部", "parent_id": parent["id"]}, headers=headers
    ).json
    body = assert_error(
        client.put(f"/api/v1/admin/departments/{parent['id']}", json={"parent_id": child["id"]}, headers=headers), 422
    )
    assert "parent_id" in body["errors"]


OPEN_TO_ANY_ADMIN = {
    "/api/v1/admin/permissions",
    "/api/v1/admin/me",
    "/api/v1/admin/me/password",
    "/api/v1/admin/auth/logout",
    "/api/v1/admin/auth/refresh",
}


def _admin_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/admin/") and rule.rule != "/api/v1/admin/auth/login":
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                url = rule.rule.replace("<int:", "<").replace("<string:", "<")
                for arg in rule.arguments:
                    url = url.replace(f"<{arg}>", "1")
                yield method, url, rule.rule


def test_no_admin_endpoint_is_left_unguarded(app, client):
    """Walks every registered console route: none answers without a token, none but a few without a permission."""
    headers = admin_headers(app, client, permissions=[])
    checked = 0
    for method, url, rule in _admin_rules(app):
        assert call(client, method, url, {}, {}).status_code == 401, (method, url)
        if rule not in OPEN_TO_ANY_ADMIN:
            assert call(client, method, url, headers, {}).status_code == 403, (method, url)
        checked += 1
    assert checked > 60
