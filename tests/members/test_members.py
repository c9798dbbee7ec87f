"""Member levels, automatic upgrades, member administration, tags, analytics (spec 02)."""

import pytest
from crabsales.core import clock
from crabsales.core.events import ORDER_PAID, publish
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.identity.models import User

from tests.factories import admin_headers, assert_error, bearer, get_user, make_user, next_phone, user_login

LEVELS = "/api/v1/admin/member-levels"


def levels_admin(app, client):
    return admin_headers(
        app, client, permissions=["members.view", "members.manage", "member_levels.manage", "audit.view"]
    )


def make_levels(client, headers):
    specs = [
        ("普通会员", 10000, 0, True, None, None),
        ("银卡", 9800, 1, False, 100000, 5),
        ("金卡", 9500, 2, False, 500000, 20),
        ("钻石", 9000, 3, False, 2000000, None),
    ]
    ids = []
    for name, rate, sort, default, spend, orders in specs:
        response = client.post(
            LEVELS,
            headers=headers,
            json={
                "name": name,
                "discount_rate_bp": rate,
                "sort_order": sort,
                "is_default": default,
                "upgrade_min_spend": spend,
                "upgrade_min_orders": orders,
            },
        )
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return ids


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "超级", "discount_rate_bp": 9900, "sort_order": 9}, "discount_rate_bp"),  # higher level, dearer
        ({"name": "底层", "discount_rate_bp": 8000, "sort_order": 0}, "sort_order"),  # same sort as 普通会员
        ({"name": "金卡", "discount_rate_bp": 9400, "sort_order": 5}, "name"),
        ({"name": "零", "discount_rate_bp": 0, "sort_order": 7}, "discount_rate_bp"),
        ({"name": "溢出", "discount_rate_bp": 10001, "sort_order": 8}, "discount_rate_bp"),
    ],
)
def test_level_rules(app, client, body, field):
    headers = levels_admin(app, client)
    make_levels(client, headers)
    assert field in assert_error(client.post(LEVELS, json=body, headers=headers), 422)["errors"]


def test_only_one_default_level_and_new_members_get_it(app, client):
    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    client.put(f"{LEVELS}/{ids[1]}", json={"is_default": True}, headers=headers)
    items = client.get(LEVELS, headers=headers).json["items"]
    assert [lv["is_default"] for lv in items] == [False, True, False, False]
    assert get_user(app, make_user(app)).member_level_id == ids[1]


def test_a_level_in_use_or_default_cannot_be_deleted(app, client):
    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    make_user(app, member_level_id=ids[2])
    assert_error(client.delete(f"{LEVELS}/{ids[2]}", headers=headers), 409, "LEVEL_IN_USE")
    assert_error(client.delete(f"{LEVELS}/{ids[0]}", headers=headers), 409, "LEVEL_IS_DEFAULT")
    assert client.delete(f"{LEVELS}/{ids[3]}", headers=headers).status_code == 204


def _pay(app, user_id, amount):
    with app.app_context():
        publish(ORDER_PAID, user_id=user_id, order_id=1, amount_fen=amount, paid_at=clock.utcnow())
        commit()


@pytest.mark.parametrize(
    "payments, expected_level",
    [
        ([50000], "普通会员"),  # below every condition
        ([100000], "银卡"),  # spend condition of 银卡
        ([10000] * 5, "银卡"),  # order-count condition of 银卡
        ([300000, 300000], "金卡"),  # cumulative spend
        ([2500000], "钻石"),  # jumps straight to the highest level it qualifies for
        ([1000] * 20, "金卡"),  # 20 orders
    ],
)
def test_automatic_upgrade_after_paid_orders(app, client, payments, expected_level):
    headers = levels_admin(app, client)
    make_levels(client, headers)
    user_id = make_user(app)
    for amount in payments:
        _pay(app, user_id, amount)
    user = get_user(app, user_id)
    with app.app_context():
        assert db.session.get(User, user_id).member_level.name == expected_level
    assert user.total_spent == sum(payments) and user.paid_order_count == len(payments)


def test_upgrades_never_downgrade(app, client):
    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    user_id = make_user(app, member_level_id=ids[3])  # set to 钻石 by an admin
    _pay(app, user_id, 100000)  # qualifies only for 银卡
    assert get_user(app, user_id).member_level_id == ids[3]


def test_an_admin_sets_and_clears_a_members_level(app, client):
    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    user_id = make_user(app)
    url = f"/api/v1/admin/members/{user_id}"
    assert client.put(url, json={"member_level_id": ids[2]}, headers=headers).json["member_level_id"] == ids[2]
    cleared = client.put(url, json={"member_level_id": None}, headers=headers)
    assert cleared.status_code == 200 and cleared.json["member_level_id"] is None
    assert get_user(app, user_id).member_level_id is None
    assert_error(client.put(url, json={"member_level_id": 999999}, headers=headers), 404)


def test_upgrade_is_audited(app, client):
    headers = levels_admin(app, client)
    make_levels(client, headers)
    user_id = make_user(app)
    _pay(app, user_id, 100000)
    logs = client.get(f"/api/v1/admin/audit-logs?action=member.auto_upgrade&target_id={user_id}", headers=headers).json
    assert logs["total"] == 1 and logs["items"][0]["actor_type"] == "system"


def test_member_price_follows_the_level(app, client):
    from tests.catalog.helpers import small_catalog

    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    built = small_catalog(app, client)
    phone = next_phone()
    make_user(app, phone=phone, member_level_id=ids[2])  # 金卡 95%
    token = user_login(client, phone)["access_token"]
    url = f"/api/v1/storefront/items/{built['package']['id']}"
    assert client.get(url).json["price"] == 59800  # anonymous: retail
    assert client.get(url, headers=bearer(token)).json["price"] == 56810


# ---- administration --------------------------------------------------------------------------------------------------


def test_list_filters(app, client):
    headers = levels_admin(app, client)
    ids = make_levels(client, headers)
    make_user(app, phone="13811112222", real_name="王大", member_level_id=ids[1], owner_dealer_id=5, owner_staff_id=9)
    make_user(app, phone="13811113333", real_name="李二", owner_dealer_id=6)
    get = lambda q: client.get(f"/api/v1/admin/members?{q}", headers=headers).json["total"]  # noqa: E731
    assert get("q=王大") == 1 and get("q=1381111") == 2
    assert get(f"member_level_id={ids[1]}") == 1
    assert get("owner_dealer_id=6") == 1 and get("owner_staff_id=9") == 1
    assert get("created_from=2000-01-01T00:00:00&created_to=2999-01-01T00:00:00") == 2
    assert get("created_from=2999-01-01T00:00:00") == 0


def _dealers(app, count):
    from crabsales.dealers.services import do_create_dealer

    with app.app_context():
        ids = [
            do_create_dealer(
                {
                    "name": f"门店{i}",
                    "phone": next_phone(),
                    "tier": 1,
                    "kind": "flagship_store",
                    "discount_rate_bp": 7000,
                }
            ).id
            for i in range(count)
        ]
        commit()
        return ids


def test_change_owner_is_audited_with_the_reason(app, client):
    headers = levels_admin(app, client)
    first, second = _dealers(app, 2)
    member = make_user(app, owner_dealer_id=first)
    response = client.put(
        f"/api/v1/admin/members/{member}/owner",
        headers=headers,
        json={"owner_dealer_id": second, "owner_staff_id": 20, "reason": "客户要求转到苏州门店"},
    )
    assert (response.json["owner_dealer_id"], response.json["owner_staff_id"]) == (second, 20)
    log = client.get(f"/api/v1/admin/audit-logs?action=member.change_owner&target_id={member}", headers=headers).json[
        "items"
    ][0]
    assert (
        log["changes"]["owner_dealer_id"] == [first, second] and log["changes"]["reason"][1] == "客户要求转到苏州门店"
    )
    missing = client.put(
        f"/api/v1/admin/members/{member}/owner", headers=headers, json={"owner_dealer_id": 999999, "reason": "x"}
    )
    assert "owner_dealer_id" in assert_error(missing, 422)["errors"]
    staff_only = client.put(
        f"/api/v1/admin/members/{member}/owner",
        headers=headers,
        json={"owner_dealer_id": None, "owner_staff_id": 3, "reason": "x"},
    )
    assert "owner_staff_id" in assert_error(staff_only, 422)["errors"]


def test_closing_a_member_logs_them_out(app, client):
    headers = levels_admin(app, client)
    phone = next_phone()
    member = make_user(app, phone=phone)
    token = user_login(client, phone)["access_token"]
    client.put(f"/api/v1/admin/members/{member}/active", json={"is_active": False}, headers=headers)
    assert_error(client.get("/api/v1/me", headers=bearer(token)), 401, "TOKEN_REVOKED")
    client.put(f"/api/v1/admin/members/{member}/active", json={"is_active": True}, headers=headers)
    assert user_login(client, phone)


def test_soft_delete_hides_the_member_and_frees_the_phone(app, client):
    headers = levels_admin(app, client)
    phone = next_phone()
    member = make_user(app, phone=phone)
    assert client.delete(f"/api/v1/admin/members/{member}", headers=headers).status_code == 204
    assert_error(client.get(f"/api/v1/admin/members/{member}", headers=headers), 404, "MEMBER_NOT_FOUND")
    assert client.get(f"/api/v1/admin/members?q={phone}", headers=headers).json["total"] == 0
    newcomer = make_user(app, phone=phone)  # the number can register again, as a new member
    assert newcomer != member and get_user(app, member).deleted_phone == phone


def test_tags(app, client):
    headers = levels_admin(app, client)
    vip = client.post("/api/v1/admin/member-tags", json={"name": "大客户", "color": "#FF6600"}, headers=headers).json
    gift = client.post("/api/v1/admin/member-tags", json={"name": "送礼"}, headers=headers).json
    assert_error(
        client.post("/api/v1/admin/member-tags", json={"name": "大客户"}, headers=headers), 422, "TAG_NAME_TAKEN"
    )
    member = make_user(app)
    tagged = client.put(
        f"/api/v1/admin/members/{member}/tags", json={"tag_ids": [vip["id"], gift["id"]]}, headers=headers
    ).json
    assert [t["name"] for t in tagged["tags"]] == ["大客户", "送礼"]
    assert client.get(f"/api/v1/admin/members?tag_id={gift['id']}", headers=headers).json["total"] == 1
    client.delete(f"/api/v1/admin/member-tags/{gift['id']}", headers=headers)
    assert [t["name"] for t in client.get(f"/api/v1/admin/members/{member}", headers=headers).json["tags"]] == [
        "大客户"
    ]


def test_detail_invitees_and_analytics(app, client):
    headers = levels_admin(app, client)
    inviter = make_user(app)
    for _ in range(3):
        make_user(app, invited_by_id=inviter)
    _pay(app, inviter, 12000)
    _pay(app, inviter, 8000)
    assert client.get(f"/api/v1/admin/members/{inviter}", headers=headers).json["invitee_count"] == 3
    assert client.get(f"/api/v1/admin/members/{inviter}/invitees?page_size=2", headers=headers).json["total"] == 3
    analytics = client.get(f"/api/v1/admin/members/{inviter}/analytics", headers=headers).json
    assert len(analytics["invites_by_month"]) == 12 and analytics["invites_by_month"][-1]["count"] == 3
    assert (analytics["total_spent"], analytics["paid_order_count"], analytics["average_order_amount"]) == (
        20000,
        2,
        10000,
    )
    assert analytics["last_order_at"] is not None
