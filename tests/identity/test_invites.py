"""Invite registration (spec 01): attachment to inviter, owner dealer and staff; chain inheritance; first wins."""

import pytest
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.identity.invites import do_create_invite
from crabsales.identity.models import User
from crabsales.members.models import MemberLevel

from tests.factories import assert_error, bearer, get_user, make_user, next_phone, sms_login, user_login


def member_invite(client, app, **user_fields):
    phone = next_phone()
    user_id = make_user(app, phone=phone, **user_fields)
    headers = bearer(user_login(client, phone)["access_token"])
    response = client.post("/api/v1/invites", headers=headers)
    assert response.status_code == 201, response.json
    return response.json, user_id, headers


def dealer_invite(app, dealer_id: int, staff_id: int | None = None, level_name: str | None = None):
    """Dealer-side invites arrive with the dealer domain; their rules are fixed here through the service."""
    inviter_id = make_user(app)
    with app.app_context():
        level_id = None
        if level_name:
            level = MemberLevel(name=level_name, discount_rate_bp=9500)
            db.session.add(level)
            db.session.flush()
            level_id = level.id
        invite = do_create_invite(
            db.session.get(User, inviter_id),
            "dealer_staff" if staff_id else "dealer",
            dealer_id=dealer_id,
            dealer_staff_id=staff_id,
            member_level_id=level_id,
        )
        commit()
        return invite.token, inviter_id, level_id


def test_member_invite_is_stable_and_resolvable_without_login(app, client):
    invite, _, headers = member_invite(client, app, nickname="老蟹友")
    assert client.post("/api/v1/invites", headers=headers).json["token"] == invite["token"]
    assert len(invite["scene"]) <= 32 and invite["scene"] == f"inv={invite['token']}"
    public = client.get(f"/api/v1/invites/{invite['token']}")
    assert public.status_code == 200 and public.json["inviter_name"] == "老蟹友"


def test_unknown_invite_is_404(client):
    assert_error(client.get("/api/v1/invites/nope"), 404, "INVITE_NOT_FOUND")


def test_new_user_registering_through_a_member_invite_inherits_owner_dealer_and_staff(app, client):
    invite, inviter_id, _ = member_invite(client, app, owner_dealer_id=7, owner_staff_id=70)
    answer = sms_login(client, app, next_phone(), invite_token=invite["token"])
    user = answer["user"]
    assert user["invited_by_id"] == inviter_id
    assert (user["owner_dealer_id"], user["owner_staff_id"]) == (7, 70)


def test_whole_referral_chain_belongs_to_the_seed_members_dealer(app, client):
    token, dealer_owner, _ = dealer_invite(app, dealer_id=3)
    seed = sms_login(client, app, next_phone(), invite_token=token)
    assert seed["user"]["owner_dealer_id"] == 3 and seed["user"]["invited_by_id"] == dealer_owner
    token_2 = client.post("/api/v1/invites", headers=bearer(seed["access_token"])).json["token"]
    second = sms_login(client, app, next_phone(), invite_token=token_2)
    token_3 = client.post("/api/v1/invites", headers=bearer(second["access_token"])).json["token"]
    third = sms_login(client, app, next_phone(), invite_token=token_3)
    assert third["user"]["owner_dealer_id"] == 3
    assert third["user"]["invited_by_id"] == second["user"]["id"]


@pytest.mark.parametrize("with_staff", [False, True], ids=["dealer", "dealer staff"])
def test_dealer_and_staff_invites_grant_the_level_they_carry(app, client, with_staff):
    token, _, level_id = dealer_invite(app, dealer_id=5, staff_id=50 if with_staff else None, level_name="金卡")
    user = sms_login(client, app, next_phone(), invite_token=token)["user"]
    assert user["member_level_id"] == level_id and user["member_level_name"] == "金卡"
    assert user["owner_dealer_id"] == 5
    assert user["owner_staff_id"] == (50 if with_staff else None)


def test_wechat_registration_through_an_invite(app, client):
    invite, inviter_id, _ = member_invite(client, app)
    answer = client.post("/api/v1/auth/wechat-login", json={"code": "openid:o-new", "invite_token": invite["token"]})
    assert answer.json["user"]["invited_by_id"] == inviter_id


def test_an_existing_user_is_not_re_attached_at_login(app, client):
    first, first_inviter, _ = member_invite(client, app, owner_dealer_id=1)
    second, _, _ = member_invite(client, app, owner_dealer_id=2)
    phone = next_phone()
    sms_login(client, app, phone, invite_token=first["token"])
    from crabsales.core import clock

    clock.advance(61)
    again = sms_login(client, app, phone, invite_token=second["token"])
    assert again["user"]["invited_by_id"] == first_inviter and again["user"]["owner_dealer_id"] == 1


@pytest.mark.parametrize(
    "case, expected",
    [
        ("unattached", (True, "attached")),
        ("attached", (False, "already_attached")),
        ("self", (False, "self_invite")),
        ("loop", (False, "would_create_loop")),
    ],
)
def test_accept_rules(app, client, case, expected):
    invite, inviter_id, inviter_headers = member_invite(client, app)
    if case == "self":
        headers = inviter_headers
    elif case == "loop":
        # The inviter was invited by the accepting user: accepting would make a circle.
        phone = next_phone()
        accepting = make_user(app, phone=phone)
        with app.app_context():
            db.session.get(User, inviter_id).invited_by_id = accepting
            commit()
        headers = bearer(user_login(client, phone)["access_token"])
    else:
        phone = next_phone()
        make_user(app, phone=phone, invited_by_id=inviter_id if case == "attached" else None)
        headers = bearer(user_login(client, phone)["access_token"])
    response = client.post(f"/api/v1/invites/{invite['token']}/accept", headers=headers)
    assert response.status_code == 200
    assert (response.json["attached"], response.json["reason"]) == expected


def test_a_bad_invite_token_does_not_block_registration(app, client):
    answer = sms_login(client, app, next_phone(), invite_token="doesnotexist")
    assert answer["is_new_user"] is True and answer["user"]["invited_by_id"] is None


def test_invitees_list_and_qrcode(app, client):
    invite, inviter_id, headers = member_invite(client, app)
    for _ in range(3):
        sms_login(client, app, next_phone(), invite_token=invite["token"])
    page = client.get("/api/v1/me/invitees?page_size=2", headers=headers).json
    assert page["total"] == 3 and len(page["items"]) == 2
    assert client.get(f"/api/v1/invites/{invite['token']}").json["accepted_count"] == 3
    png = client.get(f"/api/v1/invites/{invite['token']}/qrcode")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:4] == b"\x89PNG"
    assert get_user(app, inviter_id).invited_by_id is None
