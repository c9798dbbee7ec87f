"""Privilege escalation in the console: every attack tried over HTTP is refused with its own 403, audited (the record
survives the refusal's rollback), and changes nothing; the legitimate versions by a super-admin still work."""

import threading

import pytest
from crabsales.audit.models import AuditLog
from crabsales.extensions import db
from crabsales.identity.models import AdminUser, Role, RolePermission
from crabsales.identity.permissions import ALL_PERMISSION_CODES

from tests.factories import admin_login, assert_error, bearer, make_admin

ACCOUNTS = "/api/v1/admin/accounts"
ROLES = "/api/v1/admin/roles"


def login(client, username):
    answer = admin_login(client, username)
    return bearer(answer["access_token"]), answer["admin"]


def refusals(app, action):
    with app.app_context():
        rows = db.session.execute(db.select(AuditLog).where(AuditLog.action == action)).scalars().all()
        return [(r.actor_id, r.target_id, r.changes) for r in rows]


def audit_actions(app):
    with app.app_context():
        return sorted(db.session.execute(db.select(AuditLog.action)).scalars().all())


def account(app, admin_id):
    with app.app_context():
        admin = db.session.get(AdminUser, admin_id)
        return {
            "password_hash": admin.password_hash,
            "token_version": admin.token_version,
            "is_super": admin.is_super,
            "is_active": admin.is_active,
            "name": admin.name,
            "role_ids": [r.id for r in admin.roles],
        }


def role_of(app, admin_id):
    with app.app_context():
        return db.session.get(AdminUser, admin_id).roles[0].id


def role_permissions(app, role_id):
    with app.app_context():
        return db.session.get(Role, role_id).permissions


def make_role(app, name, codes):
    with app.app_context():
        role = Role(name=name)
        role.permission_rows = [RolePermission(code=c) for c in codes]
        db.session.add(role)
        db.session.commit()
        return role.id


def role_count(app):
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(Role)).scalar_one()


# ---- super-admins are managed by super-admins only -------------------------------------------------------------------


def test_admins_manage_cannot_reset_the_super_admin_password(app, client):
    root = make_admin(app, "root", is_super=True)
    root_token = admin_login(client, "root")["access_token"]
    make_admin(app, "hr01", permissions=["admins.view", "admins.manage"])
    headers, me = login(client, "hr01")
    before = account(app, root)

    response = client.post(f"{ACCOUNTS}/{root}/reset-password", json={"password": "Taken1234"}, headers=headers)

    assert_error(response, 403, "SUPER_ADMIN_ONLY")
    assert account(app, root) == before
    assert client.get("/api/v1/admin/me", headers=bearer(root_token)).status_code == 200  # sessions untouched
    admin_login(client, "root")  # the old password still works, the attacker's does not
    assert (
        client.post("/api/v1/admin/auth/login", json={"username": "root", "password": "Taken1234"}).status_code == 401
    )
    assert refusals(app, "admin.reset_password.refused") == [
        (me["id"], str(root), {"error_code": [None, "SUPER_ADMIN_ONLY"], "password": ["***", "***"]})
    ]
    assert audit_actions(app) == ["admin.reset_password.refused"]


def test_admins_manage_cannot_edit_disable_create_or_promote_a_super_admin(app, client):
    root = make_admin(app, "root", is_super=True)
    other_id = make_admin(app, "other", permissions=["members.view"])
    make_admin(app, "hr02", permissions=["admins.manage", "members.view"])
    headers, _ = login(client, "hr02")
    before_root, before_other = account(app, root), account(app, other_id)

    for body in ({"name": "改名"}, {"is_active": False}, {"role_ids": []}):
        assert_error(client.put(f"{ACCOUNTS}/{root}", json=body, headers=headers), 403, "SUPER_ADMIN_ONLY")
    assert_error(
        client.put(f"{ACCOUNTS}/{other_id}", json={"is_super": True}, headers=headers), 403, "SUPER_ADMIN_ONLY"
    )
    created = client.post(
        ACCOUNTS, json={"username": "sneaky", "password": "Initial123", "is_super": True}, headers=headers
    )
    assert_error(created, 403, "SUPER_ADMIN_ONLY")

    assert account(app, root) == before_root and account(app, other_id) == before_other
    with app.app_context():
        assert db.session.execute(db.select(AdminUser).where(AdminUser.username == "sneaky")).first() is None
    assert len(refusals(app, "admin.update.refused")) == 4
    assert refusals(app, "admin.create.refused")[0][2]["error_code"] == [None, "SUPER_ADMIN_ONLY"]


def test_an_account_holding_more_permissions_cannot_be_reset_or_edited(app, client):
    finance = make_admin(app, "cashier", permissions=["finance.manage", "dealers.view"])
    make_admin(app, "hr03", permissions=["admins.manage"])
    headers, _ = login(client, "hr03")
    before = account(app, finance)

    reset = client.post(f"{ACCOUNTS}/{finance}/reset-password", json={"password": "Taken1234"}, headers=headers)
    body = assert_error(reset, 403, "PERMISSION_NOT_HELD")
    assert body["permissions"] == ["dealers.view", "finance.manage"]
    assert_error(client.put(f"{ACCOUNTS}/{finance}", json={"is_active": False}, headers=headers), 403)

    assert account(app, finance) == before
    assert len(refusals(app, "admin.reset_password.refused")) == 1
    assert len(refusals(app, "admin.update.refused")) == 1


# ---- nobody grants what they do not hold -----------------------------------------------------------------------------


def test_roles_manage_cannot_add_permissions_to_its_own_role(app, client):
    me_id = make_admin(app, "rolemgr", permissions=["roles.manage"])
    headers, _ = login(client, "rolemgr")
    own_role = role_of(app, me_id)

    response = client.put(f"{ROLES}/{own_role}", json={"permissions": ALL_PERMISSION_CODES}, headers=headers)

    assert_error(response, 403, "SELF_PRIVILEGE_CHANGE")
    assert role_permissions(app, own_role) == ["roles.manage"]
    assert_error(client.get("/api/v1/admin/dealers", headers=headers), 403, "PERMISSION_DENIED")
    [(actor, target, changes)] = refusals(app, "role.update.refused")
    assert (actor, target) == (me_id, str(own_role))
    assert changes["error_code"] == [None, "SELF_PRIVILEGE_CHANGE"]
    assert changes["permissions"] == [["roles.manage"], sorted(ALL_PERMISSION_CODES)]
    # A change that keeps the permissions (the description) is still fine.
    assert client.put(f"{ROLES}/{own_role}", json={"description": "角色管理员"}, headers=headers).status_code == 200


def test_roles_manage_cannot_create_or_widen_a_role_beyond_its_own_permissions(app, client):
    make_admin(app, "rolemgr", permissions=["roles.manage", "members.view"])
    headers, _ = login(client, "rolemgr")
    roles_before = role_count(app)

    created = client.post(ROLES, json={"name": "财务", "permissions": ["finance.manage"]}, headers=headers)
    body = assert_error(created, 403, "PERMISSION_NOT_HELD")
    assert body["permissions"] == ["finance.manage"] and "充值" in body["message"]
    assert role_count(app) == roles_before

    # An existing role: adding an unheld permission, or taking one away, is refused; held ones move freely.
    other = client.post(ROLES, json={"name": "客服", "permissions": ["members.view"]}, headers=headers).json
    widened = client.put(
        f"{ROLES}/{other['id']}",
        json={"name": "改名", "permissions": ["members.view", "finance.manage"]},
        headers=headers,
    )
    assert_error(widened, 403, "PERMISSION_NOT_HELD")
    assert client.get(f"{ROLES}/{other['id']}", headers=headers).json["name"] == "客服"
    foreign_id = make_role(app, "审计", ["audit.view"])
    narrowed = client.put(f"{ROLES}/{foreign_id}", json={"permissions": []}, headers=headers)
    assert_error(narrowed, 403, "PERMISSION_NOT_HELD")
    assert role_permissions(app, foreign_id) == ["audit.view"]
    assert client.put(f"{ROLES}/{other['id']}", json={"permissions": []}, headers=headers).status_code == 200

    assert [c["error_code"][1] for _, _, c in refusals(app, "role.create.refused")] == ["PERMISSION_NOT_HELD"]
    assert len(refusals(app, "role.update.refused")) == 2


def test_an_admin_cannot_give_an_account_a_role_with_unheld_permissions(app, client):
    make_admin(app, "hr04", permissions=["admins.manage", "members.view"])
    headers, _ = login(client, "hr04")
    target = make_admin(app, "clerk", permissions=["members.view"])
    rich_id = make_role(app, "财务全权", ["finance.manage", "members.view"])
    before = account(app, target)

    assigned = client.put(f"{ACCOUNTS}/{target}", json={"role_ids": [rich_id]}, headers=headers)
    assert assert_error(assigned, 403, "PERMISSION_NOT_HELD")["permissions"] == ["finance.manage"]
    created = client.post(
        ACCOUNTS, json={"username": "newbie", "password": "Initial123", "role_ids": [rich_id]}, headers=headers
    )
    assert_error(created, 403, "PERMISSION_NOT_HELD")

    assert account(app, target) == before
    with app.app_context():
        assert db.session.execute(db.select(AdminUser).where(AdminUser.username == "newbie")).first() is None
    [(_, target_id, changes)] = refusals(app, "admin.update.refused")
    assert target_id == str(target) and changes["role_ids"] == [before["role_ids"], [rich_id]]
    assert len(refusals(app, "admin.create.refused")) == 1


# ---- nobody changes their own privileges ----------------------------------------------------------------------------


def test_an_admin_cannot_change_its_own_roles(app, client):
    me_id = make_admin(app, "hr05", permissions=["admins.manage", "roles.manage", "members.view"])
    headers, _ = login(client, "hr05")
    small = client.post(ROLES, json={"name": "只读", "permissions": ["members.view"]}, headers=headers).json
    before = account(app, me_id)

    for role_ids in ([small["id"]], [*before["role_ids"], small["id"]], []):
        response = client.put(f"{ACCOUNTS}/{me_id}", json={"role_ids": role_ids}, headers=headers)
        assert_error(response, 403, "SELF_PRIVILEGE_CHANGE")
    assert account(app, me_id) == before
    assert len(refusals(app, "admin.update.refused")) == 3
    # Editing the own profile with the same roles is fine.
    same = client.put(f"{ACCOUNTS}/{me_id}", json={"name": "人事", "role_ids": before["role_ids"]}, headers=headers)
    assert same.status_code == 200 and same.json["name"] == "人事"


def test_a_super_admin_cannot_demote_itself(app, client):
    root = make_admin(app, "root", is_super=True)
    make_admin(app, "root2", is_super=True)
    headers, _ = login(client, "root")
    assert_error(
        client.put(f"{ACCOUNTS}/{root}", json={"is_super": False}, headers=headers), 403, "SELF_PRIVILEGE_CHANGE"
    )
    assert account(app, root)["is_super"] is True


# ---- the last super-admin ------------------------------------------------------------------------------------------


def test_the_last_active_super_admin_cannot_be_disabled_or_demoted(app, client):
    root = make_admin(app, "root", is_super=True)
    headers, _ = login(client, "root")
    make_admin(app, "retired", is_super=True)
    with app.app_context():
        db.session.execute(db.update(AdminUser).where(AdminUser.username == "retired").values(is_active=False))
        db.session.commit()

    for body in ({"is_active": False}, {"is_super": False}):
        assert_error(client.put(f"{ACCOUNTS}/{root}", json=body, headers=headers), 403, "LAST_SUPER_ADMIN")
    assert account(app, root)["is_super"] is True and account(app, root)["is_active"] is True
    assert [c["error_code"][1] for _, _, c in refusals(app, "admin.update.refused")] == ["LAST_SUPER_ADMIN"] * 2


@pytest.mark.postgres
@pytest.mark.concurrency
def test_two_super_admins_disabling_each_other_leave_one_active(app, client):
    ids = {name: make_admin(app, name, is_super=True) for name in ("sa1", "sa2")}
    tokens = {name: login(client, name)[0] for name in ids}
    barrier, codes = threading.Barrier(2), []

    def disable(actor, target):
        local = app.test_client()
        barrier.wait()
        codes.append(
            local.put(f"{ACCOUNTS}/{ids[target]}", json={"is_active": False}, headers=tokens[actor]).status_code
        )

    threads = [threading.Thread(target=disable, args=pair) for pair in (("sa1", "sa2"), ("sa2", "sa1"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes)[0] == 200 and sorted(codes)[1] in (401, 403)
    assert sum(account(app, i)["is_active"] for i in ids.values()) == 1


# ---- the legitimate versions -----------------------------------------------------------------------------------------


def test_a_super_admin_still_manages_everything(app, client):
    root = make_admin(app, "root", is_super=True)
    other_super = make_admin(app, "root2", is_super=True)
    headers, _ = login(client, "root")

    role = client.post(ROLES, json={"name": "财务", "permissions": ["finance.manage", "dealers.view"]}, headers=headers)
    assert role.status_code == 201
    created = client.post(
        ACCOUNTS,
        json={"username": "cashier", "password": "Initial123", "role_ids": [role.json["id"]]},
        headers=headers,
    )
    assert created.status_code == 201
    assert (
        client.put(f"{ROLES}/{role.json['id']}", json={"permissions": ["dealers.view"]}, headers=headers).status_code
        == 200
    )
    reset = client.post(f"{ACCOUNTS}/{other_super}/reset-password", json={"password": "Reset1234"}, headers=headers)
    assert reset.status_code == 204
    assert client.put(f"{ACCOUNTS}/{other_super}", json={"name": "二号"}, headers=headers).status_code == 200
    promoted = client.put(f"{ACCOUNTS}/{created.json['id']}", json={"is_super": True}, headers=headers)
    assert promoted.status_code == 200 and promoted.json["is_super"] is True
    demoted = client.put(f"{ACCOUNTS}/{other_super}", json={"is_super": False}, headers=headers)
    assert demoted.status_code == 200 and demoted.json["is_super"] is False
    disabled = client.put(f"{ACCOUNTS}/{created.json['id']}", json={"is_active": False}, headers=headers)
    assert disabled.status_code == 200
    new_super = client.post(
        ACCOUNTS, json={"username": "root3", "password": "Initial123", "is_super": True}, headers=headers
    )
    assert new_super.status_code == 201 and new_super.json["is_super"] is True
    assert account(app, root)["is_super"] is True
    assert not [a for a in audit_actions(app) if a.endswith(".refused")]


def test_an_admin_manages_accounts_and_roles_within_its_own_permissions(app, client):
    make_admin(app, "hr06", permissions=["admins.manage", "roles.manage", "members.view", "audit.view"])
    headers, _ = login(client, "hr06")
    role = client.post(ROLES, json={"name": "客服", "permissions": ["members.view"]}, headers=headers)
    assert role.status_code == 201
    created = client.post(
        ACCOUNTS, json={"username": "kefu9", "password": "Initial123", "role_ids": [role.json["id"]]}, headers=headers
    )
    assert created.status_code == 201
    target = created.json["id"]
    assert (
        client.post(f"{ACCOUNTS}/{target}/reset-password", json={"password": "Reset1234"}, headers=headers).status_code
        == 204
    )
    assert client.put(f"{ACCOUNTS}/{target}", json={"is_active": False}, headers=headers).status_code == 200
    widened = client.put(
        f"{ROLES}/{role.json['id']}", json={"permissions": ["members.view", "audit.view"]}, headers=headers
    )
    assert widened.status_code == 200
    assert not [a for a in audit_actions(app) if a.endswith(".refused")]
