"""Dealer invites (QR codes that fix the new dealer's tier, rate and type), applications through them and their
review; member invites of dealers and staff (spec 04 "The tree", spec 01 "Invite registration").

- A dealer invites only lower tiers (tier-1: tier-2 or tier-3; tier-2: tier-3; tier-3: nobody) at a rate between its
  own and the lowest member-level rate.
- Every rule is checked again when the application is approved: the tree may have changed since the QR was printed.
- One open application per person; an approved application creates the dealer exactly once (the application row
  is locked and its status is the guard).
"""

from __future__ import annotations

import secrets
import string

from flask import current_app, g
from sqlalchemy import select, update

from ..audit.services import record
from ..catalog.pricing import check_dealer_rate
from ..core import clock
from ..core.models import lock_row
from ..core.pagination import keyword_filter
from ..core.storage import get_storage
from ..errors import AppError, Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..identity.invites import INVITE_FACTORIES, do_create_invite
from ..integrations.wechat import get_wechat
from ..members.services import get_level, lowest_member_rate
from ..settings.services import get_settings
from .models import Dealer, DealerApplication, DealerInvite, DealerStaff
from .services import TIER_NAMES, do_create_dealer, get_dealer, lock_dealer
from .staff import DealerActor, log_operation, own_staff_record

SCENE_PREFIX = "dinv="
APPLY_PAGE = "pages/dealer/apply/index"
TOKEN_ALPHABET = string.ascii_letters + string.digits


def invite_rules(dealer: Dealer) -> dict:
    """What this dealer may put on an invite: lower tiers only, rate between its own and the members' lowest."""
    tiers = {1: [2, 3], 2: [3], 3: []}[dealer.tier]
    return {"tiers": tiers, "min_rate_bp": dealer.discount_rate_bp, "max_rate_bp": lowest_member_rate() or 10000}


def do_create_dealer_invite(actor: DealerActor, values: dict) -> DealerInvite:
    dealer = actor.dealer
    rules = invite_rules(dealer)
    if values["tier"] not in rules["tiers"]:
        raise ValidationFailed(
            {"tier": ["三级渠道商不能邀请下级" if not rules["tiers"] else "只能邀请比自己级别低的渠道商"]},
            error_code="INVITE_TIER_NOT_ALLOWED",
        )
    check_dealer_rate(values["discount_rate_bp"], dealer.discount_rate_bp, lowest_member_rate())
    existing = db.session.execute(
        select(DealerInvite).where(
            DealerInvite.dealer_id == dealer.id,
            DealerInvite.tier == values["tier"],
            DealerInvite.discount_rate_bp == values["discount_rate_bp"],
            DealerInvite.dealer_type == values["dealer_type"],
            DealerInvite.is_revoked.is_(False),
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    invite = DealerInvite(
        token="".join(secrets.choice(TOKEN_ALPHABET) for _ in range(10)),
        dealer_id=dealer.id,
        tier=values["tier"],
        discount_rate_bp=values["discount_rate_bp"],
        dealer_type=values["dealer_type"],
    )
    db.session.add(invite)
    db.session.flush()
    log_operation(
        actor,
        "dealer_invite.create",
        f"生成{TIER_NAMES[invite.tier]}渠道商邀请码（折扣 {invite.discount_rate_bp / 100:g}%）",
        {"token": invite.token},
    )
    return invite


def dealer_invites(dealer_id: int) -> list[DealerInvite]:
    return (
        db.session.execute(
            select(DealerInvite)
            .where(DealerInvite.dealer_id == dealer_id, DealerInvite.is_revoked.is_(False))
            .order_by(DealerInvite.id.desc())
        )
        .scalars()
        .all()
    )


def get_dealer_invite(token: str) -> DealerInvite:
    invite = db.session.execute(select(DealerInvite).where(DealerInvite.token == token)).scalar_one_or_none()
    if invite is None or invite.is_revoked or invite.dealer.status != "active":
        raise NotFound("INVITE_NOT_FOUND", "邀请码不存在或已失效")
    return invite


def do_revoke_dealer_invite(actor: DealerActor, token: str) -> None:
    invite = get_dealer_invite(token)
    if invite.dealer_id != actor.dealer.id:
        raise NotFound("INVITE_NOT_FOUND", "邀请码不存在或已失效")
    invite.is_revoked = True
    log_operation(actor, "dealer_invite.revoke", f"作废邀请码 {token}", {"token": token})
    db.session.flush()


def dealer_invite_qrcode_png(invite: DealerInvite) -> bytes:
    storage = get_storage()
    key = f"invites/dealer-{invite.token}.png"
    if storage.exists(key):
        return storage.read(key)
    image = get_wechat().get_unlimited_code(
        SCENE_PREFIX + invite.token, APPLY_PAGE, current_app.config["WECHAT_MINIPROGRAM_ENV"]
    )
    storage.save(key, image)
    return image


# ---- member invites of dealers and staff -----------------------------------------------------------------------------


def do_create_member_invite(user, workspace: str, member_level_id: int | None = None):
    """A member invite carrying the dealer (and staff member) that new members will belong to, optionally a level."""
    if member_level_id is not None:
        get_level(member_level_id)
    kind, _, raw_id = workspace.partition(":")
    if kind == "dealer":
        dealer = get_dealer(int(raw_id))
        if dealer.owner_user_id != user.id or dealer.status != "active":
            raise Forbidden("WORKSPACE_DENIED", "您不是该渠道商的负责人")
        return do_create_invite(user, "dealer", dealer_id=dealer.id, member_level_id=member_level_id)
    if kind == "staff":
        staff = own_staff_record(int(raw_id))
        return do_create_invite(
            user, "dealer_staff", dealer_id=staff.dealer_id, dealer_staff_id=staff.id, member_level_id=member_level_id
        )
    raise Forbidden("INVITE_NOT_ALLOWED", "当前身份不能生成邀请码")


INVITE_FACTORIES["dealer"] = do_create_member_invite
INVITE_FACTORIES["staff"] = do_create_member_invite


# ---- applications ----------------------------------------------------------------------------------------------------


def do_apply(user, token: str, values: dict) -> DealerApplication:
    invite = get_dealer_invite(token)
    if not user.phone:
        raise Conflict("PHONE_REQUIRED", "请先绑定手机号再申请")
    if db.session.execute(select(Dealer.id).where(Dealer.owner_user_id == user.id, Dealer.status == "active")).first():
        raise Conflict("ALREADY_DEALER", "您已经是渠道商，不能重复申请")
    if db.session.execute(
        select(DealerApplication.id).where(DealerApplication.user_id == user.id, DealerApplication.status == "pending")
    ).first():
        raise Conflict("APPLICATION_PENDING", "您已有一份待审核的申请，请耐心等待")
    if db.session.execute(
        select(DealerStaff.id).where(DealerStaff.user_id == user.id, DealerStaff.status == "active")
    ).first():
        raise Conflict("APPLICANT_IS_STAFF", "您是渠道商员工，不能申请成为渠道商")
    application = DealerApplication(
        invite_id=invite.id,
        parent_id=invite.dealer_id,
        user_id=user.id,
        tier=invite.tier,
        discount_rate_bp=invite.discount_rate_bp,
        dealer_type=invite.dealer_type,
        phone=user.phone,
        **{k: values.get(k, "") for k in ("name", "contact_name", "province", "city", "address")},
    )
    db.session.add(application)
    db.session.flush()  # the partial unique index turns a concurrent second application into a 409
    db.session.execute(
        update(DealerInvite).where(DealerInvite.id == invite.id).values(accepted_count=DealerInvite.accepted_count + 1)
    )
    if get_settings("dealers")["auto_approve_applications"]:
        _approve(application)
    return application


def my_applications(user) -> list[DealerApplication]:
    """The user's own applications, newest first (a person has at most a handful)."""
    return (
        db.session.execute(
            select(DealerApplication)
            .where(DealerApplication.user_id == user.id)
            .order_by(DealerApplication.id.desc())
            .limit(50)
        )
        .scalars()
        .all()
    )


def application_query(args: dict):
    query = select(DealerApplication)
    if args.get("status"):
        query = query.where(DealerApplication.status == args["status"])
    if args.get("parent_id"):
        query = query.where(DealerApplication.parent_id == args["parent_id"])
    return keyword_filter(query, args.get("q"), DealerApplication.name, DealerApplication.phone)


def get_application(application_id: int) -> DealerApplication:
    application = db.session.get(DealerApplication, application_id)
    if application is None:
        raise NotFound("APPLICATION_NOT_FOUND", "申请不存在")
    return application


def _lock_application(application_id: int) -> DealerApplication:
    application = lock_row(DealerApplication, application_id)
    if application is None:
        raise NotFound("APPLICATION_NOT_FOUND", "申请不存在")
    if application.status != "pending":
        raise Conflict("APPLICATION_DECIDED", "该申请已处理")
    return application


def _approve(application: DealerApplication) -> None:
    parent = lock_dealer(application.parent_id)
    if parent.status != "active":
        raise Conflict("INVITER_CLOSED", "邀请的渠道商已关闭，不能通过")
    dealer = do_create_dealer(
        {
            "name": application.name,
            "contact_name": application.contact_name,
            "phone": application.phone,
            "tier": application.tier,
            "dealer_type": application.dealer_type,
            "parent_id": parent.id,
            "discount_rate_bp": application.discount_rate_bp,
            "province": application.province,
            "city": application.city,
            "address": application.address,
        }
    )
    application.status, application.dealer_id = "approved", dealer.id
    application.decided_at = clock.utcnow()
    admin = getattr(g, "admin", None)
    application.decided_by = admin.id if admin else None
    db.session.flush()


def do_decide_application(application_id: int, approve: bool, reason: str) -> DealerApplication:
    application = _lock_application(application_id)
    if approve:
        try:
            _approve(application)
        except ValidationFailed as error:
            # The tree changed since the invite was made (the parent's rate moved, say): say why, change nothing.
            raise Conflict("APPLICATION_RULES_BROKEN", f"申请已不符合规则：{_first_message(error)}") from None
    else:
        if not reason:
            raise ValidationFailed({"reason": ["请填写拒绝原因"]})
        application.status, application.reject_reason = "rejected", reason
        application.decided_at, application.decided_by = clock.utcnow(), g.admin.id
        db.session.flush()
    record(
        f"dealer_application.{application.status}",
        "dealer_application",
        application.id,
        {"status": ["pending", application.status], "reason": [None, reason or None]},
    )
    return application


def _first_message(error: AppError) -> str:
    for messages in (error.errors or {}).values():
        if messages:
            return messages[0] if isinstance(messages, list) else str(messages)
    return error.message
