"""Logins, tokens, revocation, passwords, workspaces (spec 01)."""

import pytest
from crabsales.core import clock

from tests.factories import (
    PASSWORD,
    admin_login,
    assert_error,
    bearer,
    last_sms_code,
    make_admin,
    make_user,
    next_phone,
    sms_login,
    user_login,
)


def wechat(client, code, **extra):
    return client.post("/api/v1/auth/wechat-login", json={"code": code, **extra})


# ---- WeChat ----------------------------------------------------------------------------------------------------------


def test_wechat_login_registers_then_finds_the_same_user(client):
    first = wechat(client, "openid:o-alice", nickname="阿蟹")
    assert first.status_code == 200 and first.json["is_new_user"] is True
    user = first.json["user"]
    assert user["nickname"] == "阿蟹" and user["member_no"] == str(10_000_000 + user["id"])
    again = wechat(client, "openid:o-alice")
    assert again.json["is_new_user"] is False and again.json["user"]["id"] == user["id"]
    assert again.json["user"]["nickname"] == "阿蟹"  # kept when the client sends none


@pytest.mark.parametrize("code, error_code", [("invalid-code", "WECHAT_CODE_INVALID")])
def test_wechat_platform_errors_become_clear_4xx(client, code, error_code):
    assert_error(wechat(client, code), 400, error_code)


def test_a_wechat_code_is_single_use(client):
    assert wechat(client, "once-only-code").status_code == 200
    assert_error(wechat(client, "once-only-code"), 400, "WECHAT_CODE_USED")


def test_bind_phone_with_the_wechat_phone_button(client):
    token = wechat(client, "openid:o-bob").json["access_token"]
    response = client.post("/api/v1/me/phone/wechat", json={"code": "phone:13912345678"}, headers=bearer(token))
    assert response.status_code == 200 and response.json["phone"] == "13912345678"


def test_bind_a_phone_owned_by_another_user_is_refused(app, client):
    make_user(app, phone="13912340000")
    token = wechat(client, "openid:o-carol").json["access_token"]
    response = client.post("/api/v1/me/phone/wechat", json={"code": "phone:13912340000"}, headers=bearer(token))
    assert_error(response, 409, "PHONE_TAKEN")


def test_bind_and_change_phone_by_sms(app, client):
    token = wechat(client, "openid:o-dan").json["access_token"]
    phone = next_phone()
    client.post("/api/v1/auth/sms-codes", json={"phone": phone, "purpose": "bind"})
    response = client.post(
        "/api/v1/me/phone/sms", json={"phone": phone, "code": last_sms_code(app, phone)}, headers=bearer(token)
    )
    assert response.json["phone"] == phone
    new_phone = next_phone()
    client.post("/api/v1/auth/sms-codes", json={"phone": new_phone, "purpose": "change"})
    response = client.post(
        "/api/v1/me/phone/sms", json={"phone": new_phone, "code": last_sms_code(app, new_phone)}, headers=bearer(token)
    )
    assert response.json["phone"] == new_phone


# ---- SMS and password ------------------------------------------------------------------------------------------------


def test_sms_login_registers_an_unknown_phone(app, client):
    phone = next_phone()
    answer = sms_login(client, app, phone)
    assert answer["is_new_user"] is True and answer["user"]["phone"] == phone
    assert answer["user"]["has_password"] is False
    clock.advance(60)
    again = sms_login(client, app, phone)
    assert again["is_new_user"] is False and again["user"]["id"] == answer["user"]["id"]


def test_password_login(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    answer = user_login(client, phone)
    assert answer["token_type"] == "Bearer" and answer["workspace"] == "member"
    assert client.get("/api/v1/me", headers=bearer(answer["access_token"])).json["phone"] == phone


def test_unknown_phone_and_wrong_password_read_the_same(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    wrong = client.post("/api/v1/auth/password-login", json={"phone": phone, "password": "Wrong12345"})
    unknown = client.post("/api/v1/auth/password-login", json={"phone": next_phone(), "password": "Wrong12345"})
    assert assert_error(wrong, 401, "LOGIN_FAILED")["message"] == "手机号或密码错误，还可尝试 4 次"
    assert assert_error(unknown, 401, "LOGIN_FAILED")["message"] == "手机号或密码错误，还可尝试 4 次"


LOGIN = "/api/v1/auth/password-login"
ADMIN_LOGIN = "/api/v1/admin/auth/login"


def login_from(client, ip, phone, password=PASSWORD):
    return client.post(LOGIN, json={"phone": phone, "password": password}, environ_base={"REMOTE_ADDR": ip})


def test_five_failures_lock_that_ip_out_of_the_account_for_fifteen_minutes(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    for _ in range(4):
        assert_error(login_from(client, "203.0.113.7", phone, "Wrong12345"), 401, "LOGIN_FAILED")
    body = assert_error(login_from(client, "203.0.113.7", phone, "Wrong12345"), 429, "ACCOUNT_LOCKED_FOR_IP")
    assert 890 <= body["retry_after"] <= 900 and body["message"] == "登录失败次数过多，请 15 分钟后再试"
    # Even the right password is refused from that IP while it is locked.
    assert_error(login_from(client, "203.0.113.7", phone), 429, "ACCOUNT_LOCKED_FOR_IP")
    clock.advance(15 * 60 + 1)
    assert login_from(client, "203.0.113.7", phone).status_code == 200


def test_an_attacker_cannot_lock_the_owner_out(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    assert login_from(client, "198.51.100.1", phone).status_code == 200  # the owner's usual IP
    for _ in range(4):
        assert_error(login_from(client, "203.0.113.66", phone, "Wrong12345"), 401, "LOGIN_FAILED")
    for _ in range(6):
        assert_error(login_from(client, "203.0.113.66", phone, "Wrong12345"), 429, "ACCOUNT_LOCKED_FOR_IP")
    assert login_from(client, "198.51.100.1", phone).status_code == 200
    assert login_from(client, "198.51.100.2", phone).status_code == 200  # a new IP too: one attacker IP is only one


def test_many_attacker_ips_slow_strangers_but_not_the_owners_known_ip(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    assert login_from(client, "198.51.100.1", phone).status_code == 200
    for n in range(10):  # ten IPs, one failure each: the account's limit
        assert_error(login_from(client, f"203.0.113.{n}", phone, "Wrong12345"), 401, "LOGIN_FAILED")
    body = assert_error(login_from(client, "192.0.2.1", phone), 429, "LOGIN_THROTTLED")
    assert 1 <= body["retry_after"] <= 30 and "秒后再试" in body["message"]
    assert login_from(client, "198.51.100.1", phone).status_code == 200  # the owner's IP is never slowed
    # Every further failure doubles the wait for strangers.
    clock.advance(31)
    assert_error(login_from(client, "203.0.113.50", phone, "Wrong12345"), 401, "LOGIN_FAILED")
    assert 31 <= assert_error(login_from(client, "192.0.2.1", phone), 429, "LOGIN_THROTTLED")["retry_after"] <= 60
    clock.advance(61)
    assert login_from(client, "192.0.2.1", phone).status_code == 200


def test_a_password_spray_from_one_ip_is_refused_after_twenty_failures(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    for n in range(30):
        answer = login_from(client, "203.0.113.9", next_phone(), "Spray12345")
        if n < 20:
            assert_error(answer, 401, "LOGIN_FAILED")
        else:
            body = assert_error(answer, 429, "LOGIN_THROTTLED")
            assert 890 <= body["retry_after"] <= 900
    assert_error(login_from(client, "203.0.113.9", phone), 429, "LOGIN_THROTTLED")  # any account from that IP
    assert_error(
        client.post(
            ADMIN_LOGIN, json={"username": "anyone", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "203.0.113.9"}
        ),
        429,
        "LOGIN_THROTTLED",
    )
    assert login_from(client, "198.51.100.3", phone).status_code == 200  # other IPs are untouched
    clock.advance(15 * 60 + 1)
    assert login_from(client, "203.0.113.9", phone).status_code == 200


def test_ipv6_addresses_of_one_network_count_as_one(app, client):
    for n in range(20):
        login_from(client, f"2001:db8:1:2::{n + 1:x}", next_phone(), "Spray12345")
    assert_error(login_from(client, "2001:db8:1:2::ffff", next_phone(), "Spray12345"), 429, "LOGIN_THROTTLED")
    assert_error(login_from(client, "2001:db8:1:3::1", next_phone(), "Spray12345"), 401, "LOGIN_FAILED")


def test_salespeople_and_dealers_log_in_through_the_same_guarded_password_login(app, client):
    # Every mini-program role (member, salesperson, dealer, staff) logs in here; only the workspace differs.
    phone = next_phone()
    make_user(app, phone=phone)
    for _ in range(5):
        login_from(client, "203.0.113.7", phone, "Wrong12345")
    assert_error(login_from(client, "203.0.113.7", phone), 429, "ACCOUNT_LOCKED_FOR_IP")


def test_a_successful_login_clears_the_failure_count(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    for _ in range(4):
        client.post("/api/v1/auth/password-login", json={"phone": phone, "password": "Wrong12345"})
    user_login(client, phone)
    body = client.post("/api/v1/auth/password-login", json={"phone": phone, "password": "Wrong12345"}).json
    assert body["message"].endswith("还可尝试 4 次")


# ---- tokens ----------------------------------------------------------------------------------------------------------


def test_refresh_rotates_the_pair_and_revokes_the_old_refresh_token(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    first = user_login(client, phone)
    renewed = client.post("/api/v1/auth/refresh", headers=bearer(first["refresh_token"]))
    assert renewed.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(renewed.json["access_token"])).status_code == 200
    assert_error(client.post("/api/v1/auth/refresh", headers=bearer(first["refresh_token"])), 401, "TOKEN_REVOKED")


def test_an_access_token_cannot_refresh(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    tokens = user_login(client, phone)
    assert client.post("/api/v1/auth/refresh", headers=bearer(tokens["access_token"])).status_code in (401, 422)


def test_logout_revokes_access_and_refresh_tokens(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    tokens = user_login(client, phone)
    response = client.post(
        "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=bearer(tokens["access_token"])
    )
    assert response.status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(tokens["access_token"])), 401, "TOKEN_REVOKED")
    assert_error(client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"])), 401, "TOKEN_REVOKED")


def refresh(client, token, path="/api/v1/auth/refresh"):
    return client.post(path, headers=bearer(token))


@pytest.mark.parametrize("body", [{}, None])
def test_logout_without_the_refresh_token_still_revokes_it(app, client, body):
    phone = next_phone()
    make_user(app, phone=phone)
    tokens = user_login(client, phone)
    other = user_login(client, phone)  # another device's session
    assert client.post("/api/v1/auth/logout", json=body, headers=bearer(tokens["access_token"])).status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(tokens["access_token"])), 401, "TOKEN_REVOKED")
    assert_error(refresh(client, tokens["refresh_token"]), 401, "TOKEN_REVOKED")
    assert refresh(client, other["refresh_token"]).status_code == 200


def test_logout_ends_the_session_including_tokens_refreshed_in_it(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    first = user_login(client, phone)
    renewed = refresh(client, first["refresh_token"]).json
    assert client.post("/api/v1/auth/logout", headers=bearer(renewed["access_token"])).status_code == 204
    assert_error(refresh(client, renewed["refresh_token"]), 401, "TOKEN_REVOKED")


def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    first = user_login(client, phone)
    other = user_login(client, phone)
    second = refresh(client, first["refresh_token"]).json
    third = refresh(client, second["refresh_token"]).json
    # The first refresh token shows up again: stolen, or replayed. Every token of that session stops working.
    assert_error(refresh(client, first["refresh_token"]), 401, "TOKEN_REVOKED")
    assert_error(refresh(client, third["refresh_token"]), 401, "TOKEN_REVOKED")
    assert_error(client.get("/api/v1/me", headers=bearer(third["access_token"])), 401, "TOKEN_REVOKED")
    # Another login of the same account is another session.
    assert client.get("/api/v1/me", headers=bearer(other["access_token"])).status_code == 200
    assert refresh(client, other["refresh_token"]).status_code == 200


def test_switching_workspace_revokes_the_old_refresh_token(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    tokens = user_login(client, phone)
    headers = bearer(tokens["access_token"])
    switched = client.post("/api/v1/auth/workspace", json={"workspace": "member"}, headers=headers)
    assert switched.status_code == 200
    assert_error(refresh(client, tokens["refresh_token"]), 401, "TOKEN_REVOKED")
    assert_error(client.get("/api/v1/me", headers=bearer(tokens["access_token"])), 401, "TOKEN_REVOKED")
    assert refresh(client, switched.json["refresh_token"]).status_code == 200


def test_admin_logout_and_refresh_reuse_end_the_admin_session(app, client):
    make_admin(app, "tokens")
    tokens = admin_login(client, "tokens")
    renewed = refresh(client, tokens["refresh_token"], "/api/v1/admin/auth/refresh").json
    assert_error(refresh(client, tokens["refresh_token"], "/api/v1/admin/auth/refresh"), 401, "TOKEN_REVOKED")
    assert_error(client.get("/api/v1/admin/me", headers=bearer(renewed["access_token"])), 401, "TOKEN_REVOKED")
    again = admin_login(client, "tokens")
    assert client.post("/api/v1/admin/auth/logout", headers=bearer(again["access_token"])).status_code == 204
    assert_error(refresh(client, again["refresh_token"], "/api/v1/admin/auth/refresh"), 401, "TOKEN_REVOKED")


def test_password_change_revokes_every_other_token(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    phone_a, phone_b = user_login(client, phone), user_login(client, phone)
    response = client.put(
        "/api/v1/me/password",
        json={"old_password": PASSWORD, "new_password": "Changed123"},
        headers=bearer(phone_a["access_token"]),
    )
    assert response.status_code == 200
    for old in (phone_a["access_token"], phone_b["access_token"]):
        assert_error(client.get("/api/v1/me", headers=bearer(old)), 401, "TOKEN_REVOKED")
    assert_error(client.post("/api/v1/auth/refresh", headers=bearer(phone_b["refresh_token"])), 401, "TOKEN_REVOKED")
    assert client.get("/api/v1/me", headers=bearer(response.json["access_token"])).status_code == 200
    assert user_login(client, phone, "Changed123")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"old_password": "Wrong12345", "new_password": "Changed123"}, "old_password"),
        ({"new_password": "Changed123"}, "old_password"),
        ({"old_password": PASSWORD, "new_password": "short1"}, "new_password"),
        ({"old_password": PASSWORD, "new_password": "onlyletters"}, "new_password"),
        ({"old_password": PASSWORD, "new_password": "1234567890"}, "new_password"),
        ({"old_password": PASSWORD, "new_password": PASSWORD}, "new_password"),
    ],
)
def test_password_change_rules(app, client, body, field):
    phone = next_phone()
    make_user(app, phone=phone)
    token = user_login(client, phone)["access_token"]
    error = assert_error(client.put("/api/v1/me/password", json=body, headers=bearer(token)), 422)
    assert field in error["errors"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200  # nothing changed


def test_a_user_without_password_sets_one_without_the_old(app, client):
    token = wechat(client, "openid:o-eve").json["access_token"]
    response = client.put("/api/v1/me/password", json={"new_password": "Firstpass1"}, headers=bearer(token))
    assert response.status_code == 200 and response.json["user"]["has_password"] is True


def test_reset_password_by_sms_revokes_tokens(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    old = user_login(client, phone)["access_token"]
    client.post("/api/v1/auth/sms-codes", json={"phone": phone, "purpose": "reset"})
    response = client.post(
        "/api/v1/auth/password-reset",
        json={"phone": phone, "code": last_sms_code(app, phone), "new_password": "Resetpass1"},
    )
    assert response.status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(old)), 401, "TOKEN_REVOKED")
    assert user_login(client, phone, "Resetpass1")


def test_a_disabled_user_is_logged_out_and_cannot_log_in(app, client):
    from crabsales.core.uow import commit
    from crabsales.extensions import db
    from crabsales.identity.models import User

    phone = next_phone()
    user_id = make_user(app, phone=phone)
    token = user_login(client, phone)["access_token"]
    with app.app_context():
        db.session.get(User, user_id).is_active = False
        commit()
    assert_error(client.get("/api/v1/me", headers=bearer(token)), 401, "TOKEN_REVOKED")
    assert_error(
        client.post("/api/v1/auth/password-login", json={"phone": phone, "password": PASSWORD}), 403, "ACCOUNT_DISABLED"
    )


# ---- profile and workspaces ------------------------------------------------------------------------------------------


def test_profile_edit(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    response = client.patch(
        "/api/v1/me",
        json={"nickname": " 蟹老板 ", "gender": 1, "real_name": "王五", "member_no": "hack", "phone": "13000000000"},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json
    assert (body["nickname"], body["gender"], body["real_name"]) == ("蟹老板", 1, "王五")
    assert body["phone"] == phone and body["member_no"] != "hack"  # not editable here


@pytest.mark.parametrize("body", [{"gender": 5}, {"nickname": ""}, {"nickname": "长" * 33}])
def test_profile_validation(app, client, body):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    assert_error(client.patch("/api/v1/me", json=body, headers=headers), 422, "VALIDATION_ERROR")


def test_member_is_the_only_workspace_of_a_plain_user(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    answer = client.get("/api/v1/me/workspaces", headers=headers).json
    assert answer == {"current": "member", "items": [{"workspace": "member", "label": "会员"}]}
    assert_error(
        client.post("/api/v1/auth/workspace", json={"workspace": "sales"}, headers=headers), 403, "WORKSPACE_DENIED"
    )
    assert_error(
        client.post("/api/v1/auth/workspace", json={"workspace": "dealer:1"}, headers=headers), 403, "WORKSPACE_DENIED"
    )


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_avatar_upload_stores_the_image_and_serves_it(app, client):
    import io

    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    response = client.post(
        "/api/v1/me/avatar",
        data={"file": (io.BytesIO(_png()), "a.png")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    url = response.json["avatar_url"]
    assert url.startswith("/files/avatars/") and url.endswith(".png")
    assert client.get(url).data == _png()


@pytest.mark.parametrize(
    "payload, name", [(b"not an image", "a.png"), (b"", "empty.png"), (b"GIF89a" + b"0" * 10, "x.gif")]
)
def test_avatar_upload_refuses_what_is_not_a_supported_image(app, client, payload, name):
    import io

    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    response = client.post(
        "/api/v1/me/avatar",
        data={"file": (io.BytesIO(payload), name)},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert "file" in assert_error(response, 422)["errors"]
    assert client.get("/api/v1/me", headers=headers).json["avatar_url"] == ""


def test_avatar_upload_without_a_file_is_422(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    assert_error(client.post("/api/v1/me/avatar", headers=headers), 422)


def test_a_stale_phone_code_says_so(client):
    token = wechat(client, "openid:o-frank").json["access_token"]
    response = client.post("/api/v1/me/phone/wechat", json={"code": "invalid-phone-code"}, headers=bearer(token))
    assert assert_error(response, 400, "WECHAT_PHONE_CODE_INVALID")["message"] == "手机号授权已失效，请重新授权"


def test_a_phone_account_can_link_its_wechat_once(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    linked = client.post("/api/v1/me/wechat", json={"code": "openid:o-linked"}, headers=headers)
    assert linked.status_code == 200
    again = wechat(client, "openid:o-linked")
    assert again.json["user"]["phone"] == phone  # WeChat login now finds the same account
    other_phone = next_phone()
    make_user(app, phone=other_phone)
    other = bearer(user_login(client, other_phone)["access_token"])
    assert_error(client.post("/api/v1/me/wechat", json={"code": "openid:o-linked"}, headers=other), 409, "WECHAT_TAKEN")


def test_member_picture_uploads_for_aftersales_reviews_and_feedback(app, client):
    import io

    phone = next_phone()
    make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])

    def upload(purpose, payload=None, name="p.png"):
        return client.post(
            f"/api/v1/me/uploads?purpose={purpose}",
            data={"file": (io.BytesIO(_png() if payload is None else payload), name)},
            headers=headers,
            content_type="multipart/form-data",
        )

    for purpose in ("aftersale", "review", "feedback"):
        response = upload(purpose)
        assert response.status_code == 201, response.json
        assert response.json["url"].startswith(f"/files/uploads/{purpose}/")
        assert client.get(response.json["url"]).data == _png()
    assert_error(upload("banner"), 422)
    assert "file" in assert_error(upload("review", b"not an image"), 422)["errors"]
    assert "file" in assert_error(upload("review", b"0" * (5 * 1024 * 1024 + 1)), 422)["errors"]
    assert_error(client.post("/api/v1/me/uploads?purpose=review", headers=headers), 422)


def test_unused_uploads_are_purged_after_a_week_and_used_ones_kept(app, client):
    import io
    import os

    from crabsales.core.storage import get_storage
    from crabsales.extensions import db
    from crabsales.identity.services import purge_unused_uploads
    from crabsales.storefront.models import Feedback

    phone = next_phone()
    user_id = make_user(app, phone=phone)
    headers = bearer(user_login(client, phone)["access_token"])
    urls = [
        client.post(
            "/api/v1/me/uploads?purpose=feedback",
            data={"file": (io.BytesIO(_png()), "p.png")},
            headers=headers,
            content_type="multipart/form-data",
        ).json["url"]
        for _ in range(3)
    ]
    with app.app_context():
        db.session.add(Feedback(user_id=user_id, content="图片反馈", images=[urls[0]]))
        db.session.commit()
        storage = get_storage()
        keys = [url.removeprefix("/files/") for url in urls]
        old = (clock.utcnow().timestamp()) - 8 * 86400
        for key in keys[:2]:
            os.utime(storage.local_path(key), (old, old))
        assert purge_unused_uploads() == 1  # the old unused one; the used one and the recent one stay
        assert [storage.exists(key) for key in keys] == [True, False, True]


def test_tokens_issued_before_sessions_existed_still_refresh_and_log_out(app, client):
    from crabsales.identity.models import User
    from flask_jwt_extended import create_access_token, create_refresh_token

    phone = next_phone()
    user_id = make_user(app, phone=phone)
    with app.app_context():
        from crabsales.extensions import db

        claims = {"kind": "user", "ws": "member", "tv": db.session.get(User, user_id).token_version, "pcr": False}
        old_access = create_access_token(str(user_id), additional_claims=claims)
        old_refresh = create_refresh_token(str(user_id), additional_claims=claims)
    renewed = refresh(client, old_refresh)
    assert renewed.status_code == 200
    assert_error(refresh(client, old_refresh), 401, "TOKEN_REVOKED")
    response = client.post("/api/v1/auth/logout", json={"refresh_token": old_refresh}, headers=bearer(old_access))
    assert response.status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(old_access)), 401, "TOKEN_REVOKED")
    assert client.get("/api/v1/me", headers=bearer(renewed.json["access_token"])).status_code == 200
