"""Dealer invites and applications, staff and their settlements, operators, the operation log, the console tabs,
reconciliation marks and deleting a dealer (spec 04)."""

import threading
import uuid

import pytest
from crabsales.core import clock
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.ledgers.services import Leg, find_account, post, verify

from tests.dealers.test_dealers import DEALERS, _dealer_token, create, key, tree
from tests.factories import assert_error, bearer, last_sms_code, next_phone, sms_login, user_headers, user_login

ME = "/api/v1/dealer"


def _switch(client, headers, workspace):
    response = client.post("/api/v1/auth/workspace", json={"workspace": workspace}, headers=headers)
    assert response.status_code == 200, response.json
    return bearer(response.json["access_token"])


def _invite(client, dealer, tier, rate, **extra):
    return client.post(f"{ME}/dealer-invites", json={"tier": tier, "discount_rate_bp": rate, **extra}, headers=dealer)


APPLY = {"name": "苏州蟹行", "contact_name": "李四", "province": "江苏省", "city": "苏州市", "address": "人民路 1 号"}


# ---- invites and applications ----------------------------------------------------------------------------------------


def test_invites_offer_only_lower_tiers_within_the_rate_rules(app, client):
    headers, t1, t2, t3 = tree(app, client)  # rates 7000 / 7500 / 8000, best member rate 9000
    d1, d2, d3 = (_dealer_token(app, client, d["id"]) for d in (t1, t2, t3))
    me = client.get(f"{ME}/me", headers=d2).json
    assert me["invite_rules"] == {"tiers": [3], "min_rate_bp": 7500, "max_rate_bp": 9000}
    assert me["parent"]["id"] == t1["id"] and me["tier1"]["id"] == t1["id"]
    assert me["network"] == {"tier2": 0, "tier3": 1, "members": 0, "staff": 0}
    assert client.get(f"{ME}/me", headers=d1).json["network"]["tier3"] == 1
    assert_error(_invite(client, d3, 3, 8500), 422, "INVITE_TIER_NOT_ALLOWED")
    assert_error(_invite(client, d2, 2, 8000), 422, "INVITE_TIER_NOT_ALLOWED")
    assert_error(_invite(client, d2, 3, 7400), 422, "DEALER_RATE_BELOW_PARENT")
    assert_error(_invite(client, d2, 3, 9100), 422, "DEALER_RATE_ABOVE_MEMBERS")
    first = _invite(client, d2, 3, 8200)
    assert first.status_code == 201 and first.json["scene"] == f"dinv={first.json['token']}"
    assert _invite(client, d2, 3, 8200).json["token"] == first.json["token"]  # same terms, same QR
    public = client.get(f"/api/v1/dealer-invites/{first.json['token']}")
    assert public.json["inviter_name"] == t2["name"] and public.json["tier"] == 3
    assert client.get(f"/api/v1/dealer-invites/{first.json['token']}/qrcode").mimetype == "image/png"
    # a city partner's or anyone's member workspace cannot make dealer invites
    member, _, _ = user_headers(app, client)
    assert_error(_invite(client, member, 3, 8200), 403, "WORKSPACE_DENIED")


def test_application_review_creates_the_dealer_once(app, client):
    headers, t1, t2, _ = tree(app, client)
    token = _invite(client, _dealer_token(app, client, t2["id"]), 3, 8200).json["token"]
    applicant, user_id, phone = user_headers(app, client)
    url = f"/api/v1/dealer-invites/{token}/apply"
    applied = client.post(url, json=APPLY, headers={**applicant, **key()})
    assert applied.status_code == 201 and applied.json["status"] == "pending"
    assert applied.json["phone"] == phone and applied.json["parent_name"] == t2["name"]
    assert_error(client.post(url, json=APPLY, headers={**applicant, **key()}), 409, "APPLICATION_PENDING")
    listed = client.get("/api/v1/admin/dealer-applications?status=pending", headers=headers).json
    assert [a["id"] for a in listed["items"]] == [applied.json["id"]]
    decision = f"/api/v1/admin/dealer-applications/{applied.json['id']}/decision"
    approved = client.post(decision, json={"approve": True}, headers={**headers, **key()})
    assert approved.json["status"] == "approved"
    dealer = client.get(f"{DEALERS}/{approved.json['dealer_id']}", headers=headers).json
    assert (dealer["tier"], dealer["parent_id"], dealer["discount_rate_bp"], dealer["root_id"]) == (
        3,
        t2["id"],
        8200,
        t1["id"],
    )
    assert_error(client.post(decision, json={"approve": False, "reason": "x"}, headers={**headers, **key()}), 409)
    # the applicant now has the dealer workspace
    workspaces = client.get("/api/v1/me/workspaces", headers=applicant).json["items"]
    assert f"dealer:{dealer['id']}" in {w["workspace"] for w in workspaces}
    assert_error(client.post(url, json=APPLY, headers={**applicant, **key()}), 409, "ALREADY_DEALER")
    assert client.get("/api/v1/dealer-applications/mine", headers=applicant).json[0]["status"] == "approved"


def test_rejection_needs_a_reason_and_auto_approval_follows_the_setting(app, client):
    headers, _, t2, _ = tree(app, client)
    token = _invite(client, _dealer_token(app, client, t2["id"]), 3, 8200).json["token"]
    applicant, _, _ = user_headers(app, client)
    applied = client.post(f"/api/v1/dealer-invites/{token}/apply", json=APPLY, headers={**applicant, **key()}).json
    decision = f"/api/v1/admin/dealer-applications/{applied['id']}/decision"
    assert_error(client.post(decision, json={"approve": False}, headers={**headers, **key()}), 422)
    rejected = client.post(decision, json={"approve": False, "reason": "资料不全"}, headers={**headers, **key()})
    assert rejected.json["status"] == "rejected" and rejected.json["reject_reason"] == "资料不全"

    settings = user_settings_admin(app, client)
    client.put("/api/v1/admin/settings/dealers", json={"auto_approve_applications": True}, headers=settings)
    again = client.post(f"/api/v1/dealer-invites/{token}/apply", json=APPLY, headers={**applicant, **key()})
    assert again.json["status"] == "approved" and again.json["dealer_id"]


def user_settings_admin(app, client):
    from tests.factories import admin_headers

    return admin_headers(app, client, permissions=["settings.manage"])


def test_approval_rechecks_the_rules_when_the_tree_changed(app, client):
    headers, _, t2, t3 = tree(app, client)
    token = _invite(client, _dealer_token(app, client, t2["id"]), 3, 7600).json["token"]
    applicant, _, _ = user_headers(app, client)
    applied = client.post(f"/api/v1/dealer-invites/{token}/apply", json=APPLY, headers={**applicant, **key()}).json
    # the inviter's rate moves above the invite's 7600 (its child t3 is at 8000, so this is allowed)
    assert client.put(f"{DEALERS}/{t2['id']}", json={"discount_rate_bp": 7800}, headers=headers).status_code == 200
    decision = f"/api/v1/admin/dealer-applications/{applied['id']}/decision"
    refused = client.post(decision, json={"approve": True}, headers={**headers, **key()})
    assert_error(refused, 409, "APPLICATION_RULES_BROKEN")
    assert client.get(f"/api/v1/admin/dealer-applications/{applied['id']}", headers=headers).json["status"] == "pending"


def test_member_invites_of_a_dealer_carry_the_dealer_and_the_level(app, client):
    from crabsales.members.models import MemberLevel

    headers, t1, _, _ = tree(app, client)
    with app.app_context():
        diamond = db.session.execute(db.select(MemberLevel).where(MemberLevel.name == "钻石")).scalar_one().id
    dealer = _dealer_token(app, client, t1["id"])
    levels = client.get(f"{ME}/member-levels", headers=dealer).json
    assert [level["name"] for level in levels] == ["普通", "钻石"]
    invite = client.post(f"{ME}/member-invites", json={"member_level_id": diamond}, headers=dealer)
    assert invite.status_code == 201 and invite.json["member_level_name"] == "钻石"
    assert_error(client.post(f"{ME}/member-invites", json={"member_level_id": 999999}, headers=dealer), 404)
    newcomer = sms_login(client, app, next_phone(), invite_token=invite.json["token"])
    me = client.get("/api/v1/me", headers=bearer(newcomer["access_token"])).json
    assert me["member_level_name"] == "钻石"
    members = client.get(f"{ME}/members", headers=dealer).json
    assert members["total"] == 1 and "****" in members["items"][0]["phone"]
    assert client.get(f"{DEALERS}/{t1['id']}/members", headers=headers).json["total"] == 1


# ---- staff -----------------------------------------------------------------------------------------------------------


def _staff_code(client, dealer, phone):
    """The code the person to add reads out (sent to their phone)."""
    clock.advance(61)  # one code per phone per minute
    sent = client.post(f"{ME}/staff/phone-codes", json={"phone": phone}, headers=dealer)
    assert sent.status_code == 201, sent.json
    return last_sms_code(client.application, phone)


def _add_staff(client, dealer, name="王五", rate=1000, phone=None, code=None):
    phone = phone or next_phone()
    code = code or _staff_code(client, dealer, phone)
    body = {"name": name, "phone": phone, "commission_rate_bp": rate, "code": code}
    response = client.post(f"{ME}/staff", json=body, headers={**dealer, **key()})
    return response, phone


def _staff_count(app):
    from crabsales.dealers.models import DealerStaff

    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(DealerStaff)).scalar_one()


def test_adding_staff_needs_the_code_from_their_phone_and_never_says_why_a_phone_cannot_be_added(app, client):
    from crabsales.identity.models import SmsMessage

    _, t1, t2, _ = tree(app, client)
    dealer = _dealer_token(app, client, t1["id"])
    other = _dealer_token(app, client, t2["id"])
    elsewhere = _add_staff(client, other, name="别家员工")[1]  # staff of another dealer
    own = _add_staff(client, dealer, name="本店员工")[1]
    fresh = next_phone()

    # Sending a code answers the same for every phone: nothing to learn before the person reads the code out.
    answers = []
    for phone in (fresh, elsewhere, own, t1["phone"]):
        clock.advance(61)
        sent = client.post(f"{ME}/staff/phone-codes", json={"phone": phone}, headers=dealer)
        assert sent.status_code == 201
        answers.append(sent.json)
    assert all(answer == answers[0] for answer in answers)
    with app.app_context():
        message = db.session.execute(
            db.select(SmsMessage).where(SmsMessage.phone == fresh).order_by(SmsMessage.id.desc()).limit(1)
        ).scalar_one()
        assert message.template_code == "staff_invite"
        assert t1["name"] in message.content and message.params["code"] in message.content

    # Without the right code no phone is looked up: a wrong code is a wrong code, for every phone.
    before = _staff_count(app)
    for phone in (elsewhere, fresh):
        wrong = "000000" if last_sms_code(app, phone) != "000000" else "111111"
        body = {"name": "某人", "phone": phone, "commission_rate_bp": 500, "code": wrong}
        assert_error(client.post(f"{ME}/staff", json=body, headers={**dealer, **key()}), 400, "SMS_CODE_WRONG")
    missing = {"name": "某人", "phone": elsewhere, "commission_rate_bp": 500}
    assert_error(client.post(f"{ME}/staff", json=missing, headers={**dealer, **key()}), 422)
    # A login code of that phone is not a staff code.
    assert client.post("/api/v1/auth/sms-codes", json={"phone": fresh, "purpose": "login"}).status_code == 201
    login_code = {"name": "某人", "phone": fresh, "commission_rate_bp": 500, "code": last_sms_code(app, fresh)}
    assert_error(client.post(f"{ME}/staff", json=login_code, headers={**dealer, **key()}), 400)
    # Anyone cannot ask for a staff code through the public endpoint.
    public = client.post("/api/v1/auth/sms-codes", json={"phone": fresh, "purpose": "staff_invite"})
    assert_error(public, 422)
    assert _staff_count(app) == before

    # With the right code: one answer for another dealer's staff, our own staff and the owner.
    refusals = []
    for phone in (elsewhere, own, t1["phone"]):
        refused = _add_staff(client, dealer, phone=phone)[0]
        assert_error(refused, 409, "STAFF_PHONE_UNAVAILABLE")
        refusals.append((refused.json["error_code"], refused.json["message"]))
    assert set(refusals) == {("STAFF_PHONE_UNAVAILABLE", "该手机号暂不能添加为员工")}
    assert _staff_count(app) == before

    added, _ = _add_staff(client, dealer, name="新员工", phone=fresh)
    assert added.status_code == 201 and added.json["phone"] == fresh
    # The code is single use.
    again = {"name": "新员工", "phone": fresh, "commission_rate_bp": 500, "code": last_sms_code(app, fresh)}
    assert_error(client.post(f"{ME}/staff", json=again, headers={**dealer, **key()}), 400, "SMS_CODE_INVALID")


def test_staff_codes_are_limited_per_dealer(app, client):
    from crabsales.dealers.staff import STAFF_CODES_PER_DEALER_PER_DAY

    _, t1, _, _ = tree(app, client)
    dealer = _dealer_token(app, client, t1["id"])
    limits = {"SMS_IP_LIMIT_PER_HOUR": app.config["SMS_IP_LIMIT_PER_HOUR"]}
    app.config["SMS_IP_LIMIT_PER_HOUR"] = 1000  # the dealer's own limit is the one under test
    try:
        for _ in range(STAFF_CODES_PER_DEALER_PER_DAY):
            sent = client.post(f"{ME}/staff/phone-codes", json={"phone": next_phone()}, headers=dealer)
            assert sent.status_code == 201
        assert_error(
            client.post(f"{ME}/staff/phone-codes", json={"phone": next_phone()}, headers=dealer), 429, "RATE_LIMITED"
        )
        assert_error(client.post(f"{ME}/staff/phone-codes", json={"phone": "12345"}, headers=dealer), 422)
    finally:
        app.config.update(limits)


def _credit_staff(app, staff_id, settleable=0, pending=0):
    with app.app_context():
        legs = []
        if settleable:
            legs.append(Leg(find_account("dealer_staff", staff_id, "staff_settleable").id, settleable, "commission"))
        if pending:
            legs.append(Leg(find_account("dealer_staff", staff_id, "staff_pending").id, pending, "commission"))
        post(legs, ref=("test", "commission"))
        commit()


def _staff_login(app, client, phone, staff_id):
    from crabsales.identity.models import User
    from crabsales.identity.passwords import hash_password

    with app.app_context():
        user = db.session.execute(db.select(User).where(User.phone == phone)).scalar_one()
        user.password_hash = hash_password("Passw0rd!x")
        commit()
    return _switch(client, bearer(user_login(client, phone)["access_token"]), f"staff:{staff_id}")


def test_staff_lifecycle_settlements_and_workspace(app, client):
    headers, t1, _, _ = tree(app, client)
    dealer = _dealer_token(app, client, t1["id"])
    added, phone = _add_staff(client, dealer)
    assert added.status_code == 201 and added.json["commission_rate_bp"] == 1000
    staff_id = added.json["id"]
    assert_error(_add_staff(client, dealer, phone=phone)[0], 409, "STAFF_PHONE_UNAVAILABLE")
    assert_error(
        client.post(
            f"{ME}/staff",
            json={"name": "x", "phone": phone, "commission_rate_bp": 10001, "code": "123456"},
            headers={**dealer, **key()},
        ),
        422,
    )
    updated = client.put(f"{ME}/staff/{staff_id}", json={"commission_rate_bp": 1500}, headers=dealer)
    assert updated.json["commission_rate_bp"] == 1500
    assert client.get(f"{ME}/staff?q={phone[-4:]}", headers=dealer).json["total"] == 1

    # the staff member invites a member: the member belongs to the dealer and to them
    staff_ws = _staff_login(app, client, phone, staff_id)
    invite = client.post(f"{ME}/member-invites", json={"member_level_id": None}, headers=staff_ws).json
    assert invite["inviter_type"] == "dealer_staff"
    sms_login(client, app, next_phone(), invite_token=invite["token"])
    assert client.get("/api/v1/staff/members", headers=staff_ws).json["total"] == 1
    assert client.get(f"{ME}/staff/{staff_id}", headers=dealer).json["members_count"] == 1

    _credit_staff(app, staff_id, settleable=30000, pending=5000)
    assert client.get("/api/v1/staff/earnings", headers=staff_ws).json == {
        "total": 35000,
        "pending": 5000,
        "settleable": 30000,
        "settled": 0,
    }
    settle = f"{ME}/staff/{staff_id}/settlements"
    assert_error(client.post(settle, json={"amount": 30001}, headers={**dealer, **key()}), 409, "INSUFFICIENT_FUNDS")
    same = {**dealer, "Idempotency-Key": "settle-staff-1"}
    first = client.post(settle, json={"amount": 30000, "note": "十一月提成"}, headers=same)
    replay = client.post(settle, json={"amount": 30000, "note": "十一月提成"}, headers=same)
    assert first.status_code == 201 and replay.json["id"] == first.json["id"]
    assert client.get("/api/v1/staff/earnings", headers=staff_ws).json["settled"] == 30000
    assert client.get("/api/v1/staff/settlements", headers=staff_ws).json["items"][0]["amount"] == 30000
    assert client.get(f"{DEALERS}/{t1['id']}/staff-settlements", headers=headers).json["total"] == 1

    # pending commission blocks deletion; once gone, deletion keeps the members with the dealer
    assert_error(client.delete(f"{ME}/staff/{staff_id}", headers=dealer), 409, "STAFF_HAS_UNSETTLED")
    with app.app_context():
        account = find_account("dealer_staff", staff_id, "staff_pending")
        post([Leg(account.id, -5000, "reversal")])
        commit()
    assert client.delete(f"{ME}/staff/{staff_id}", headers=dealer).status_code == 204
    members = client.get(f"{ME}/members", headers=dealer).json
    assert members["total"] == 1 and members["items"][0]["staff_id"] is None
    assert_error(client.get("/api/v1/staff/me", headers=staff_ws), 403)
    logs = client.get(f"{ME}/operation-logs", headers=dealer).json["items"]
    assert {entry["action"] for entry in logs} >= {"staff.add", "staff.update", "staff.settle", "staff.delete"}
    with app.app_context():
        assert verify() == []


# ---- operators -------------------------------------------------------------------------------------------------------


def test_operators_act_within_their_modules_and_are_logged(app, client):
    headers, t1, _, _ = tree(app, client)  # t1 is a flagship store
    partner = create(client, headers, 1, 7000, kind="city_partner").json
    partner_ws = _dealer_token(app, client, partner["id"])
    p_staff = _add_staff(client, partner_ws)[0].json
    assert_error(
        client.put(f"{ME}/staff/{p_staff['id']}/operator", json={"modules": ["b2b_orders"]}, headers=partner_ws),
        409,
        "OPERATOR_FLAGSHIP_ONLY",
    )
    dealer = _dealer_token(app, client, t1["id"])
    added, phone = _add_staff(client, dealer, name="赵六")
    staff_id = added.json["id"]
    assert_error(
        client.put(f"{ME}/staff/{staff_id}/operator", json={"modules": ["nope"]}, headers=dealer),
        422,
    )
    made = client.put(f"{ME}/staff/{staff_id}/operator", json={"modules": ["b2b_orders"]}, headers=dealer)
    assert made.json["is_operator"] and made.json["operator_modules"] == ["b2b_orders"]
    operator = _staff_login(app, client, phone, staff_id)
    assert client.get(f"{ME}/b2b/items", headers=operator).status_code == 200
    assert_error(client.get(f"{ME}/accounts", headers=operator), 403, "OPERATOR_MODULE_DENIED")
    assert_error(client.get(f"{ME}/staff", headers=operator), 403, "WORKSPACE_DENIED")
    client.put(f"{ME}/staff/{staff_id}/operator", json={"modules": ["b2b_orders", "settlement"]}, headers=dealer)
    assert client.get(f"{ME}/accounts", headers=operator).status_code == 200
    cart = client.get(f"{ME}/b2b/cart", headers=operator)
    assert cart.status_code == 200
    closed = client.delete(f"{ME}/staff/{staff_id}/operator", headers=dealer)
    assert closed.json["operator_status"] == "closed"
    assert_error(client.get(f"{ME}/b2b/items", headers=operator), 403, "OPERATOR_CLOSED")
    logs = client.get(f"{DEALERS}/{t1['id']}/operation-logs", headers=headers).json["items"]
    assert [entry["action"] for entry in logs][:3] == ["operator.close", "operator.set", "operator.set"]


# ---- console tabs, reconciliation, salesperson, delete ---------------------------------------------------------------


def test_reconciliation_marks_and_totals(app, client):
    headers, t1, t2, _ = tree(app, client)
    for amount, ref in ((50000, "T-1"), (20000, "T-2")):
        client.post(
            f"{DEALERS}/{t1['id']}/top-ups",
            json={"amount": amount, "reference": ref},
            headers={**headers, **key()},
        )
    entries = client.get(f"{DEALERS}/{t1['id']}/entries?account=stored_value", headers=headers).json["items"]
    first = [e["id"] for e in entries if e["amount"] == 50000]
    marked = client.post(
        f"{DEALERS}/{t1['id']}/entries/settlement", json={"entry_ids": first, "settled": True}, headers=headers
    )
    assert marked.json == {"updated": 1}
    assert client.get(f"{DEALERS}/{t2['id']}/accounts", headers=headers).json["tier1_name"] == t1["name"]
    totals = client.get(f"{DEALERS}/{t2['id']}/reconciliation", headers=headers).json  # a tier-2 sees its tier-1's
    assert totals["stored_value"] == {"settled": 50000, "unsettled": 20000}
    # entries of another dealer cannot be marked through this one
    other = create(client, headers, 1, 7000).json
    assert_error(
        client.post(
            f"{DEALERS}/{other['id']}/entries/settlement", json={"entry_ids": first, "settled": False}, headers=headers
        ),
        422,
    )


def test_salesperson_assignment_is_for_tier1_only(app, client):
    from tests.factories import admin_headers

    headers, t1, t2, _ = tree(app, client)
    crm = admin_headers(app, client, permissions=["sales.manage", "sales.view"])
    person = client.post(
        "/api/v1/admin/salespeople",
        json={"name": "销售甲", "phone": next_phone(), "password": "Sales@1234"},
        headers=crm,
    )
    assert person.status_code == 201, person.json
    assert client.get("/api/v1/admin/dealer-salespeople", headers=headers).json["total"] == 1  # dealers.manage only
    assigned = client.put(f"{DEALERS}/{t1['id']}", json={"salesperson_id": person.json["id"]}, headers=headers)
    assert assigned.json["salesperson_id"] == person.json["id"]
    assert_error(client.put(f"{DEALERS}/{t2['id']}", json={"salesperson_id": person.json["id"]}, headers=headers), 422)
    assert_error(client.put(f"{DEALERS}/{t1['id']}", json={"salesperson_id": 999999}, headers=headers), 422)
    me = client.get(f"{ME}/me", headers=_dealer_token(app, client, t2["id"])).json
    assert me["salesperson"]["name"] == "销售甲"


def test_delete_only_a_dealer_without_history(app, client):
    headers, t1, _, t3 = tree(app, client)
    assert_error(client.delete(f"{DEALERS}/{t1['id']}", headers=headers), 409, "DEALER_HAS_HISTORY")
    fresh = create(client, headers, 1, 7000).json
    assert client.delete(f"{DEALERS}/{fresh['id']}", headers=headers).status_code == 204
    assert_error(client.get(f"{DEALERS}/{fresh['id']}", headers=headers), 404)
    performance = client.get(f"{DEALERS}/{t3['id']}/performance", headers=headers).json
    assert performance["goods_orders"] == 0 and performance["earnings_total"] == 0


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_applications_of_one_person_make_one(app, client):
    _, _, t2, _ = tree(app, client)
    token = _invite(client, _dealer_token(app, client, t2["id"]), 3, 8200).json["token"]
    applicant, _, _ = user_headers(app, client)
    barrier, codes = threading.Barrier(8), []

    def attempt():
        local = app.test_client()
        barrier.wait()
        codes.append(
            local.post(
                f"/api/v1/dealer-invites/{token}/apply",
                json=APPLY,
                headers={**applicant, "Idempotency-Key": uuid.uuid4().hex},
            ).status_code
        )

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(201) == 1 and codes.count(409) == 7, codes


def test_changing_tiers_keeps_the_tree_valid(app, client):
    headers, t1, t2, t3 = tree(app, client)  # t1 7000 ← t2 7500 ← t3 8000
    url = lambda d: f"{DEALERS}/{d['id']}/tier"  # noqa: E731
    # a tier-2 with a tier-3 below cannot become a tier-3
    assert_error(
        client.post(url(t2), json={"tier": 3, "parent_id": t1["id"], "reason": "x"}, headers=headers),
        409,
        "DEALER_HAS_SUBORDINATES",
    )
    # tier-3 → tier-2 under the tier-1
    up = client.post(url(t3), json={"tier": 2, "parent_id": t1["id"], "reason": "业绩好"}, headers=headers)
    assert (up.json["tier"], up.json["parent_id"], up.json["root_id"]) == (2, t1["id"], t1["id"])
    # tier-2 → tier-1 with its subtree: it becomes the root of it and gets stored value and credit accounts
    other_t3 = create(client, headers, 3, 8000, t2["id"]).json
    assert_error(client.post(url(t2), json={"tier": 1, "reason": "x"}, headers=headers), 422)
    root = client.post(url(t2), json={"tier": 1, "kind": "city_partner", "reason": "独立"}, headers=headers)
    assert (root.json["tier"], root.json["parent_id"], root.json["kind"]) == (1, None, "city_partner")
    assert client.get(f"{DEALERS}/{other_t3['id']}", headers=headers).json["root_id"] == t2["id"]
    assert client.get(f"{DEALERS}/{t2['id']}/accounts", headers=headers).json["stored_value"] == 0
    # a tier-1 holding stored value cannot stop being one
    client.post(f"{DEALERS}/{t2['id']}/top-ups", json={"amount": 100, "reference": "T-9"}, headers={**headers, **key()})
    assert_error(
        client.post(url(t2), json={"tier": 2, "parent_id": t1["id"], "reason": "x"}, headers=headers),
        409,
        "DEALER_HAS_BALANCES",
    )
    # the rate rule against the new parent holds: t1's rate 7000 ≤ 7500
    fresh = create(client, headers, 1, 6900, kind="city_partner").json
    assert_error(
        client.post(url(fresh), json={"tier": 2, "parent_id": t1["id"], "reason": "x"}, headers=headers),
        422,
        "DEALER_RATE_BELOW_PARENT",
    )


def test_an_earning_posts_the_staff_commission_and_releases_both_together(app, client):
    from crabsales.dealers.staff import post_dealer_earning, release_dealer_earning
    from crabsales.ledgers.services import InsufficientFunds

    headers, t1, t2, _ = tree(app, client)
    dealer = _dealer_token(app, client, t1["id"])
    staff_id = _add_staff(client, dealer, rate=1500)[0].json["id"]
    with app.app_context():
        posted = post_dealer_earning(t1["id"], 10001, ("profit", "O-1"), staff_id)
        assert posted == {"earning": 10001, "commission": 1500, "staff_id": staff_id}  # 15 %, rounded down
        # a staff member of another dealer earns nothing on this dealer's earning
        assert post_dealer_earning(t2["id"], 5000, ("profit", "O-2"), staff_id)["commission"] == 0
        commit()
    accounts = client.get(f"{ME}/accounts", headers=dealer).json
    assert (accounts["pending"], accounts["withdrawable"]) == (10001, 0)
    assert client.get(f"{ME}/staff/{staff_id}", headers=dealer).json["pending"] == 1500
    with app.app_context():
        release_dealer_earning(t1["id"], 10001, ("profit_release", "O-1"), staff_id, 1500)
        commit()
        with pytest.raises(InsufficientFunds):  # released once: a second release finds nothing pending
            release_dealer_earning(t1["id"], 10001, ("profit_release", "O-1"), staff_id, 1500)
        db.session.rollback()
    accounts = client.get(f"{ME}/accounts", headers=dealer).json
    assert (accounts["pending"], accounts["withdrawable"]) == (0, 10001)
    detail = client.get(f"{ME}/staff/{staff_id}", headers=dealer).json
    assert (detail["pending"], detail["settleable"]) == (0, 1500)
    with app.app_context():
        assert verify() == []


@pytest.mark.postgres
@pytest.mark.concurrency
def test_top_ups_racing_a_demotion_never_strand_money_on_a_former_tier1(app, client):
    from crabsales.ledgers.models import Account

    headers, t1, _, _ = tree(app, client)
    other = create(client, headers, 1, 7200, kind="city_partner").json  # may become a tier-2 under t1 (7000)
    barrier, codes = threading.Barrier(9), []

    def top_up(index):
        local = app.test_client()
        barrier.wait()
        codes.append(
            local.post(
                f"{DEALERS}/{other['id']}/top-ups",
                json={"amount": 100, "reference": f"R-{index}"},
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            ).status_code
        )

    def demote():
        local = app.test_client()
        barrier.wait()
        codes.append(
            local.post(
                f"{DEALERS}/{other['id']}/tier",
                json={"tier": 2, "parent_id": t1["id"], "reason": "并入专卖店"},
                headers=headers,
            ).status_code
        )

    threads = [threading.Thread(target=top_up, args=(i,)) for i in range(8)] + [threading.Thread(target=demote)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tier = client.get(f"{DEALERS}/{other['id']}", headers=headers).json["tier"]
    with app.app_context():
        own = db.session.execute(
            db.select(Account.balance).where(
                Account.owner_type == "dealer", Account.owner_id == other["id"], Account.kind == "stored_value"
            )
        ).scalar_one()
        assert verify() == []
    # Either the demotion won (no top-up reached its own account) or it was refused because money had arrived.
    assert (tier == 2 and own == 0) or (tier == 1 and own == 100 * codes.count(201)), (tier, own, codes)
