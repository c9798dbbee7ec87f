"""Identity rules: SMS codes, logins, registration, passwords, profile and phone binding.

check_* functions validate; do_* change state. Services flush; the request boundary commits.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core import clock
from ..core.jobs import enqueue, job, periodic
from ..core.ratelimit import Window, hit, login_guard
from ..core.redis import get_redis
from ..core.storage import get_storage
from ..core.uploads import (
    delete_file,
    file_url,
    find_file,
    key_of,
    own_files,
    reencode_image,
    store_file,
)
from ..errors import AppError, Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..integrations.sms import get_sms_sender, render
from ..integrations.wechat import get_wechat
from .models import SmsCode, SmsMessage, User
from .passwords import check_password_rule, hash_password, verify_password

PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
SMS_PURPOSES = ("login", "bind", "reset", "change")  # requestable by anyone at /auth/sms-codes
STAFF_INVITE_PURPOSE = "staff_invite"  # requested by a dealer owner for a new staff member's phone (dealers/staff.py)
SMS_CODE_TTL = 5 * 60
SMS_MAX_WRONG_TRIES = 5
SMS_PHONE_WINDOWS = ((1, 60), (5, 3600), (10, 86400))
MEMBER_NO_BASE = 10_000_000


# ---- users -----------------------------------------------------------------------------------------------------------


def check_phone(phone: str, field: str = "phone") -> str:
    phone = (phone or "").strip()
    if not PHONE_PATTERN.match(phone):
        raise ValidationFailed({field: ["请输入正确的 11 位手机号"]})
    return phone


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("USER_NOT_FOUND", "用户不存在")
    return user


def find_user_by_phone(phone: str) -> User | None:
    return db.session.execute(select(User).where(User.phone == phone)).scalar_one_or_none()


def lock_user(user_id: int) -> User:
    """Row-lock a user for the rest of the transaction (serializes per-user changes such as default addresses)."""
    return db.session.execute(
        select(User)
        .where(User.id == user_id)
        .with_for_update(of=User, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()


def do_create_user(**fields) -> User:
    from ..members.services import default_level_id

    fields.setdefault("member_level_id", default_level_id())
    user = User(**fields)
    db.session.add(user)
    db.session.flush()
    # Derived from the id: unique without a retry loop, and never changed afterwards.
    user.member_no = str(MEMBER_NO_BASE + user.id)
    db.session.flush()
    return user


def do_record_login(user: User) -> None:
    if not user.is_active:
        raise AppError("ACCOUNT_DISABLED", "该账号已被停用，请联系客服", 403)
    user.last_login_at = clock.utcnow()
    db.session.flush()


# ---- SMS codes -------------------------------------------------------------------------------------------------------


def _code_hash(phone: str, purpose: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def check_sms_request(phone: str, purpose: str) -> None:
    if purpose not in SMS_PURPOSES:
        raise ValidationFailed({"purpose": ["不支持的验证码用途"]})
    existing = find_user_by_phone(phone)
    if purpose == "reset" and existing is None:
        raise NotFound("PHONE_NOT_REGISTERED", "该手机号尚未注册")
    if purpose in ("bind", "change") and existing is not None:
        raise Conflict("PHONE_TAKEN", "该手机号已被其他账号绑定")


def do_send_sms_code(phone: str, purpose: str, ip: str) -> dict:
    """Issue a new code (older ones for the same phone and purpose stop working) and queue the SMS."""
    phone = check_phone(phone)
    check_sms_request(phone, purpose)
    return issue_sms_code(phone, purpose, ip)


def issue_sms_code(
    phone: str, purpose: str, ip: str, template: str = "verify_code", params: dict | None = None, windows=()
) -> dict:
    """Rate-limit (per phone, per IP and any extra `windows`), store the new code hashed and queue the SMS with
    `template` (its parameters: `params` and the code). The phone is already checked."""
    config = current_app.config
    limits = [Window(f"sms:phone:{phone}:{seconds}", limit, seconds) for limit, seconds in SMS_PHONE_WINDOWS]
    limits += [
        Window(f"sms:ip:{ip}:3600", config["SMS_IP_LIMIT_PER_HOUR"], 3600),
        Window(f"sms:ip:{ip}:86400", config["SMS_IP_LIMIT_PER_DAY"], 86400),
        *windows,
    ]
    hit(limits, message="验证码发送过于频繁，请 {wait} 秒后再试")

    now = clock.utcnow()
    db.session.execute(
        update(SmsCode)
        .where(SmsCode.phone == phone, SmsCode.purpose == purpose, SmsCode.consumed_at.is_(None))
        .values(consumed_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    db.session.add(
        SmsCode(
            phone=phone,
            purpose=purpose,
            code_hash=_code_hash(phone, purpose, code),
            expires_at=now + timedelta(seconds=SMS_CODE_TTL),
            ip=ip,
        )
    )
    do_queue_sms(phone, template, {**(params or {}), "code": code})
    return {"expires_in": SMS_CODE_TTL, "resend_after": SMS_PHONE_WINDOWS[0][1]}


def do_verify_sms_code(phone: str, purpose: str, code: str) -> None:
    """Consume the newest valid code or raise. Wrong tries are counted in Redis so a rollback cannot undo them."""
    phone = check_phone(phone)
    if not re.fullmatch(r"\d{6}", code or ""):
        raise ValidationFailed({"code": ["请输入 6 位数字验证码"]})
    now = clock.utcnow()
    row = db.session.execute(
        select(SmsCode)
        .where(SmsCode.phone == phone, SmsCode.purpose == purpose, SmsCode.consumed_at.is_(None))
        .order_by(SmsCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None or clock.as_utc(row.expires_at) <= now:
        raise AppError("SMS_CODE_INVALID", "验证码错误或已失效，请重新获取", 400)
    attempts_key = f"sms:attempts:{row.id}"
    redis = get_redis()
    if int(redis.get(attempts_key) or 0) >= SMS_MAX_WRONG_TRIES:
        raise AppError("SMS_CODE_BURNED", "验证码错误次数过多，请重新获取", 400)
    if not hmac.compare_digest(row.code_hash, _code_hash(phone, purpose, code)):
        tries = redis.incr(attempts_key)
        redis.expire(attempts_key, SMS_CODE_TTL + 60)
        if tries >= SMS_MAX_WRONG_TRIES:
            raise AppError("SMS_CODE_BURNED", "验证码错误次数过多，请重新获取", 400)
        raise AppError("SMS_CODE_WRONG", f"验证码错误，还可尝试 {SMS_MAX_WRONG_TRIES - tries} 次", 400)
    # Conditional update: of two concurrent requests with the right code, only one consumes it.
    consumed = db.session.execute(
        update(SmsCode).where(SmsCode.id == row.id, SmsCode.consumed_at.is_(None)).values(consumed_at=now)
    ).rowcount
    if consumed != 1:
        raise AppError("SMS_CODE_INVALID", "验证码错误或已失效，请重新获取", 400)


def do_queue_sms(phone: str, template: str, params: dict) -> SmsMessage:
    sender = get_sms_sender()
    message = SmsMessage(
        phone=phone,
        template_code=template,
        # Real providers get the parameters through the job only: codes never rest in our database.
        params=params if sender.keeps_params else {k: "***" for k in params},
        content=render(template, params) if sender.keeps_params else "",
        provider=sender.name,
    )
    db.session.add(message)
    db.session.flush()
    enqueue(send_sms_message, message.id, params)
    return message


@job(queue="sms", retries=3)
def send_sms_message(message_id: int, params: dict) -> None:
    message = db.session.get(SmsMessage, message_id)
    if message is None or message.status == "sent":
        return  # already done by an earlier run
    result = get_sms_sender().send(message.phone, message.template_code, params)
    message.status = "sent" if result.ok else "failed"
    message.provider_code = result.code
    message.provider_message = result.message
    message.biz_id = result.biz_id
    message.sent_at = clock.utcnow() if result.ok else None
    db.session.flush()


@job(queue="low", retries=1)
def purge_expired_sms_codes() -> int:
    """Codes are useless a day after they expire; keep the table small."""
    cutoff = clock.utcnow() - timedelta(days=1)
    return db.session.execute(db.delete(SmsCode).where(SmsCode.expires_at < cutoff)).rowcount


periodic(every_seconds=6 * 3600)(purge_expired_sms_codes)


# ---- logins ----------------------------------------------------------------------------------------------------------


def do_login_with_wechat(code: str, nickname: str | None, avatar_url: str | None) -> tuple[User, bool]:
    if avatar_url and key_of(avatar_url.strip()) is None:  # refused before the single-use code is spent
        raise ValidationFailed({"avatar_url": [AVATAR_NOT_OURS]}, AVATAR_NOT_OURS, "FILE_NOT_OURS")
    session = get_wechat().code_to_session(code)
    user = db.session.execute(select(User).where(User.wechat_openid == session.openid)).scalar_one_or_none()
    if user is None and session.unionid:
        user = db.session.execute(
            select(User).where(User.wechat_unionid == session.unionid, User.wechat_openid.is_(None))
        ).scalar_one_or_none()
    is_new = user is None
    if is_new:
        user = do_create_user(wechat_openid=session.openid, wechat_unionid=session.unionid)
    else:
        user.wechat_openid = session.openid
        user.wechat_unionid = user.wechat_unionid or session.unionid
    # The platform no longer hands out profile data; the client sends what the person chose.
    if nickname:
        user.nickname = nickname[:32]
    if avatar_url:
        old_avatar, user.avatar_url = user.avatar_url, _own_avatar(user, avatar_url.strip())
        db.session.flush()
        _release_avatar(old_avatar, user.avatar_url)
    do_record_login(user)
    return user, is_new


def do_login_with_sms(phone: str, code: str) -> tuple[User, bool]:
    phone = check_phone(phone)
    do_verify_sms_code(phone, "login", code)
    user = find_user_by_phone(phone)
    is_new = user is None
    if is_new:
        user = do_create_user(phone=phone)
    do_record_login(user)
    return user, is_new


def do_login_with_password(phone: str, password: str, ip: str) -> User:
    """Phone + password for every mini-program role (member, salesperson, dealer, staff), throttled by login_guard."""
    phone = check_phone(phone)
    account = f"user:{phone}"
    login_guard.check(account, ip)
    user = find_user_by_phone(phone)
    # Unknown phone and wrong password read the same, and both count toward the limits.
    if user is None or not verify_password(user.password_hash, password):
        remaining = login_guard.record_failure(account, ip)
        if remaining == 0:
            login_guard.check(account, ip)
        raise AppError("LOGIN_FAILED", f"手机号或密码错误，还可尝试 {remaining} 次", 401)
    login_guard.record_success(account, ip)
    do_record_login(user)
    return user


# ---- passwords -------------------------------------------------------------------------------------------------------


def _set_password(account, new_password: str) -> None:
    check_password_rule(new_password)
    account.password_hash = hash_password(new_password)
    account.password_change_required = False
    account.token_version += 1  # every token issued before this moment stops working
    db.session.flush()


def do_reset_password(phone: str, code: str, new_password: str) -> None:
    phone = check_phone(phone)
    check_password_rule(new_password)
    do_verify_sms_code(phone, "reset", code)
    user = find_user_by_phone(phone)
    if user is None:
        raise NotFound("PHONE_NOT_REGISTERED", "该手机号尚未注册")
    _set_password(user, new_password)
    login_guard.clear(f"user:{phone}")


def do_change_password(user: User, old_password: str | None, new_password: str, ip: str) -> None:
    check_password_rule(new_password)
    if user.password_hash:
        account = f"user:{user.phone or user.id}"
        login_guard.check(account, ip)
        if not old_password or not verify_password(user.password_hash, old_password):
            remaining = login_guard.record_failure(account, ip)
            raise ValidationFailed(
                {"old_password": [f"原密码不正确，还可尝试 {remaining} 次"]}, "原密码不正确", "OLD_PASSWORD_WRONG"
            )
        if old_password == new_password:
            raise ValidationFailed({"new_password": ["新密码不能与原密码相同"]})
    _set_password(user, new_password)


# ---- profile and phone -----------------------------------------------------------------------------------------------


PROFILE_FIELDS = ("nickname", "avatar_url", "real_name", "gender")


def do_update_profile(user: User, values: dict) -> User:
    if values.get("avatar_url") is not None:
        values = {**values, "avatar_url": _own_avatar(user, values["avatar_url"].strip())}
    old_avatar = user.avatar_url
    for field in PROFILE_FIELDS:
        if field in values and values[field] is not None:
            setattr(user, field, values[field].strip() if isinstance(values[field], str) else values[field])
    db.session.flush()
    _release_avatar(old_avatar, user.avatar_url)
    return user


AVATAR_FORMATS = ("PNG", "JPEG", "WEBP")
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_NOT_OURS = "头像只能使用本人上传的图片"


def _own_avatar(user: User, url: str) -> str:
    """"" (no avatar) or one of this member's uploaded avatars, written the way we write stored-file URLs."""
    return own_files("avatar_url", [url], user.id, ("avatar",), AVATAR_NOT_OURS)[0] if url else ""


def _release_avatar(old_url: str, new_url: str) -> None:
    """Delete a replaced avatar we stored, unless some account still shows it."""
    key = key_of(old_url) if old_url and old_url != new_url else None
    row = find_file(key) if key else None
    if row is None or row.purpose != "avatar":
        return
    spellings = {old_url, file_url(key), get_storage().url(key)}
    if db.session.execute(select(User.id).where(User.avatar_url.in_(spellings)).limit(1)).first() is None:
        delete_file(key)


def do_upload_avatar(user: User, data: bytes) -> User:
    """Store an uploaded avatar (PNG, JPEG or WebP up to 2 MB, re-encoded) and point the profile at it; the replaced
    avatar file is deleted. At most 10 an hour per member."""
    hit([Window(f"rl:avatar:{user.id}", 10, 3600)], message="更换头像太频繁，请 {minutes} 分钟后再试")
    picture = reencode_image(data, AVATAR_FORMATS, AVATAR_MAX_BYTES)
    stored = store_file(f"avatars/{user.id}", picture.extension, picture.data, picture.content_type, "avatar", user.id)
    old_avatar, user.avatar_url = user.avatar_url, file_url(stored.storage_key)
    db.session.flush()
    _release_avatar(old_avatar, user.avatar_url)
    return user


UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def do_upload_picture(user: User, purpose: str, data: bytes) -> str:
    """A member's picture for an after-sales case, a review or feedback (PNG, JPEG or WebP up to 5 MB, re-encoded).
    Answers its URL, which the form then sends in `images`. At most 60 an hour per member, so the storage cannot be
    flooded."""
    hit([Window(f"rl:upload:{user.id}", 60, 3600)], message="上传太频繁，请 {wait} 秒后再试")
    picture = reencode_image(data, AVATAR_FORMATS, UPLOAD_MAX_BYTES)
    stored = store_file(
        f"uploads/{purpose}/{user.id}", picture.extension, picture.data, picture.content_type, purpose, user.id
    )
    return file_url(stored.storage_key)


UNUSED_UPLOAD_DAYS = 7


@job(queue="low", retries=1)
def purge_unused_uploads() -> int:
    """Delete member pictures that no case, review or feedback uses a week after upload (picked, then removed from
    the form, or the form never sent). Returns how many were deleted."""
    from ..aftersales.models import AfterSaleCase
    from ..reviews.models import Review
    from ..storefront.models import Feedback

    storage = get_storage()
    cutoff = (clock.utcnow() - timedelta(days=UNUSED_UPLOAD_DAYS)).timestamp()
    stale = [key for key, modified in storage.list("uploads") if modified < cutoff]
    if not stale:
        return 0
    used = set()
    for model in (AfterSaleCase, Review, Feedback):
        for images in db.session.execute(select(model.images)).scalars().yield_per(1000):
            used.update(images or [])
    base = current_app.config["PUBLIC_BASE_URL"]
    deleted = 0
    for key in stale:
        if base + storage.url(key) not in used:
            delete_file(key, at_once=True)
            deleted += 1
    return deleted


periodic(every_seconds=24 * 3600)(purge_unused_uploads)


def _bind_phone(user: User, phone: str) -> User:
    if user.phone == phone:
        return user
    owner = find_user_by_phone(phone)
    if owner is not None and owner.id != user.id:
        # Merging two accounts is an admin decision; refuse by default (spec 01).
        raise Conflict("PHONE_TAKEN", "该手机号已被其他账号绑定")
    user.phone = phone
    db.session.flush()
    return user


def do_bind_wechat(user: User, code: str) -> User:
    """Link the WeChat identity (wx.login code) to an account that logged in by phone, so it can pay in WeChat."""
    session = get_wechat().code_to_session(code)
    owner = db.session.execute(select(User).where(User.wechat_openid == session.openid)).scalar_one_or_none()
    if owner is not None and owner.id != user.id:
        # Merging two accounts is an admin decision (spec 01).
        raise Conflict("WECHAT_TAKEN", "该微信已绑定其他账号，请使用该微信原账号登录")
    user.wechat_openid = session.openid
    user.wechat_unionid = user.wechat_unionid or session.unionid
    db.session.flush()
    return user


def do_bind_phone_with_wechat(user: User, code: str) -> User:
    return _bind_phone(user, get_wechat().get_phone_number(code))


def do_bind_phone_with_sms(user: User, phone: str, code: str) -> User:
    phone = check_phone(phone)
    do_verify_sms_code(phone, "change" if user.phone else "bind", code)
    return _bind_phone(user, phone)
