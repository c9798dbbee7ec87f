"""SMS codes (spec 01): 6 digits, 5 minutes, single use, hashed, bound to phone + purpose; limits; wrong-try burning."""

import pytest
from crabsales.core import clock
from crabsales.extensions import db
from crabsales.identity.models import SmsCode, SmsMessage

from tests.factories import assert_error, last_sms_code, make_user, next_phone


def send(client, phone, purpose="login", ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/sms-codes", json={"phone": phone, "purpose": purpose}, environ_base={"REMOTE_ADDR": ip}
    )


def login(client, phone, code):
    return client.post("/api/v1/auth/sms-login", json={"phone": phone, "code": code})


def messages_to(app, phone):
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).where(SmsMessage.phone == phone)).scalar_one()


def test_code_is_six_digits_stored_hashed_and_sent(app, client):
    phone = next_phone()
    response = send(client, phone)
    assert response.status_code == 201
    assert response.json == {"expires_in": 300, "resend_after": 60}
    code = last_sms_code(app, phone)
    assert len(code) == 6 and code.isdigit()
    with app.app_context():
        row = db.session.execute(db.select(SmsCode).where(SmsCode.phone == phone)).scalar_one()
        assert code not in row.code_hash and len(row.code_hash) == 64
        message = db.session.execute(db.select(SmsMessage).where(SmsMessage.phone == phone)).scalar_one()
        assert message.status == "sent" and code in message.content


@pytest.mark.parametrize(
    "limit, window",
    [(1, 60), (5, 3600), (10, 86400)],
    ids=["1 per 60 s", "5 per hour", "10 per day"],
)
def test_phone_limits_answer_429_with_the_wait_and_send_nothing(app, client, limit, window):
    phone = next_phone()
    sent = 0
    # Spread sends so only the window under test is the one that fills.
    while sent < limit:
        assert send(client, phone, ip=f"10.1.{sent}.1").status_code == 201
        sent += 1
        if sent % 5 == 0 and limit == 10:
            clock.advance(3601)
        elif limit > 1:
            clock.advance(61)
    before = messages_to(app, phone)
    body = assert_error(send(client, phone, ip="10.9.9.9"), 429, "RATE_LIMITED")
    assert 0 < body["retry_after"] <= window
    assert messages_to(app, phone) == before  # nothing was sent


def test_after_the_wait_a_code_can_be_sent_again(client):
    phone = next_phone()
    assert send(client, phone).status_code == 201
    response = send(client, phone)
    assert response.status_code == 429 and response.headers["Retry-After"] == "60"
    clock.advance(60)
    assert send(client, phone).status_code == 201


@pytest.mark.parametrize("limit_name, limit", [("SMS_IP_LIMIT_PER_HOUR", 20), ("SMS_IP_LIMIT_PER_DAY", 100)])
def test_ip_limits(app, client, limit_name, limit):
    assert app.config[limit_name] == limit
    for i in range(limit):  # phones next_phone() never reaches: a short run (-k sms) starts it at 13700000001
        assert send(client, f"1376{i:07d}", ip="10.2.2.2").status_code == 201
        if limit_name == "SMS_IP_LIMIT_PER_DAY" and i % 20 == 19:
            clock.advance(3601)
    assert_error(send(client, next_phone(), ip="10.2.2.2"), 429, "RATE_LIMITED")
    assert send(client, next_phone(), ip="10.3.3.3").status_code == 201  # another IP is not affected


def test_code_expires_after_five_minutes(app, client):
    phone = next_phone()
    send(client, phone)
    code = last_sms_code(app, phone)
    clock.advance(301)
    assert_error(login(client, phone, code), 400, "SMS_CODE_INVALID")


def test_code_works_just_before_expiry(app, client):
    phone = next_phone()
    send(client, phone)
    clock.advance(299)
    assert login(client, phone, last_sms_code(app, phone)).status_code == 200


def test_code_is_single_use(app, client):
    phone = next_phone()
    send(client, phone)
    code = last_sms_code(app, phone)
    assert login(client, phone, code).status_code == 200
    assert_error(login(client, phone, code), 400, "SMS_CODE_INVALID")


def test_a_new_code_replaces_the_old_one(app, client):
    phone = next_phone()
    send(client, phone)
    old = last_sms_code(app, phone)
    clock.advance(60)
    send(client, phone)
    new = last_sms_code(app, phone)
    if old != new:
        assert_error(login(client, phone, old), 400)
    assert login(client, phone, new).status_code == 200


def test_five_wrong_tries_burn_the_code(app, client):
    phone = next_phone()
    send(client, phone)
    code = last_sms_code(app, phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _ in range(4):
        messages.append(assert_error(login(client, phone, wrong), 400, "SMS_CODE_WRONG")["message"])
    assert messages[0] == "验证码错误，还可尝试 4 次" and messages[-1] == "验证码错误，还可尝试 1 次"
    assert_error(login(client, phone, wrong), 400, "SMS_CODE_BURNED")
    # Even the right code no longer works.
    assert_error(login(client, phone, code), 400, "SMS_CODE_BURNED")


def test_code_is_bound_to_its_purpose(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    send(client, phone, purpose="reset")
    code = last_sms_code(app, phone)
    assert_error(login(client, phone, code), 400, "SMS_CODE_INVALID")
    response = client.post(
        "/api/v1/auth/password-reset", json={"phone": phone, "code": code, "new_password": "Newpass123"}
    )
    assert response.status_code == 204


def test_code_is_bound_to_its_phone(app, client):
    phone, other = next_phone(), next_phone()
    send(client, phone)
    assert_error(login(client, other, last_sms_code(app, phone)), 400, "SMS_CODE_INVALID")


def test_reset_code_for_an_unknown_phone_is_refused(client):
    assert_error(send(client, next_phone(), purpose="reset"), 404, "PHONE_NOT_REGISTERED")


def test_bind_code_for_a_phone_already_taken_is_refused(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    assert_error(send(client, phone, purpose="bind"), 409, "PHONE_TAKEN")


@pytest.mark.parametrize(
    "body",
    [
        {"phone": "12345678901", "purpose": "login"},
        {"phone": "13800000000", "purpose": "x"},
        {"phone": "", "purpose": "login"},
        {},
    ],
)
def test_bad_requests_are_422(client, body):
    assert_error(client.post("/api/v1/auth/sms-codes", json=body), 422, "VALIDATION_ERROR")


def test_aliyun_staff_invite_falls_back_to_the_verify_code_template():
    import json
    from types import SimpleNamespace

    from crabsales.integrations.sms import AliyunSmsSender

    sent = []

    def send_sms(request):
        sent.append((request.template_code, json.loads(request.template_param)))
        return SimpleNamespace(body=SimpleNamespace(code="OK", message="OK", biz_id="b1"))

    for codes, expected in (
        ({"verify_code": "SMS_1", "staff_invite": ""}, ("SMS_1", {"code": "123456"})),
        ({"verify_code": "SMS_1", "staff_invite": "SMS_2"}, ("SMS_2", {"dealer": "苏州店", "code": "123456"})),
    ):
        sender = AliyunSmsSender("id", "secret", "dysmsapi.aliyuncs.com", "签名", codes)
        sender.client = SimpleNamespace(send_sms=send_sms)
        assert sender.send("13800000001", "staff_invite", {"dealer": "苏州店", "code": "123456"}).ok
        assert sent[-1] == expected
