"""Invite tokens and attaching new members to the inviter's dealer (spec 01, "Invite registration").

- A member's invite: the new member gets invited_by = inviter and inherits the inviter's owner dealer and staff,
  so a whole referral chain belongs to the dealer of its seed member.
- A dealer's or dealer staff member's invite: owner dealer (and staff) are the inviter's; the invite may carry a
  member level, which the new member gets.
- First attachment wins: a user already attached (invited or owned) is never re-attached by another invite;
  only an admin changes ownership.
"""

from __future__ import annotations

import secrets
import string

from flask import current_app
from sqlalchemy import select, update

from ..core import clock
from ..core.storage import get_storage
from ..errors import AppError, Forbidden, NotFound
from ..extensions import db
from ..integrations.wechat import get_wechat
from .models import Invite, User

TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 10
SCENE_PREFIX = "inv="  # scene = "inv=<token>": 14 characters, within the platform's 32


def _new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def do_create_invite(
    inviter: User,
    inviter_type: str = "member",
    dealer_id: int | None = None,
    dealer_staff_id: int | None = None,
    member_level_id: int | None = None,
) -> Invite:
    """Return the inviter's active invite for these terms, creating it once (the same QR code can be reprinted)."""
    existing = (
        db.session.execute(
            select(Invite).where(
                Invite.inviter_user_id == inviter.id,
                Invite.inviter_type == inviter_type,
                Invite.dealer_id.is_(None) if dealer_id is None else Invite.dealer_id == dealer_id,
                Invite.dealer_staff_id.is_(None)
                if dealer_staff_id is None
                else Invite.dealer_staff_id == dealer_staff_id,
                Invite.member_level_id.is_(None)
                if member_level_id is None
                else Invite.member_level_id == member_level_id,
                Invite.is_revoked.is_(False),
            )
        )
        .scalars()
        .first()
    )
    if existing is not None:
        return existing
    invite = Invite(
        token=_new_token(),
        inviter_type=inviter_type,
        inviter_user_id=inviter.id,
        dealer_id=dealer_id,
        dealer_staff_id=dealer_staff_id,
        member_level_id=member_level_id,
    )
    db.session.add(invite)
    db.session.flush()
    return invite


def do_create_invite_for_workspace(user: User, workspace: str) -> Invite:
    if workspace == "member":
        return do_create_invite(user, "member")
    # Dealer and dealer-staff invites come with the dealer domain, which registers them here.
    factory = INVITE_FACTORIES.get(workspace.split(":")[0])
    if factory is None:
        raise Forbidden("INVITE_NOT_ALLOWED", "当前身份不能生成邀请码")
    return factory(user, workspace)


INVITE_FACTORIES: dict = {}


def get_invite(token: str) -> Invite:
    invite = db.session.execute(select(Invite).where(Invite.token == token)).scalar_one_or_none()
    if invite is None or invite.is_revoked:
        raise NotFound("INVITE_NOT_FOUND", "邀请码不存在或已失效")
    expires = clock.as_utc(invite.expires_at)
    if expires is not None and expires <= clock.utcnow():
        raise AppError("INVITE_EXPIRED", "邀请码已过期", 410)
    return invite


def is_attached(user: User) -> bool:
    return user.invited_by_id is not None or user.owner_dealer_id is not None


def _chain_contains(start: User, target_id: int, max_depth: int = 1000) -> bool:
    """Does target appear in start's chain of inviters? (accepting would close a loop)"""
    current, depth = start, 0
    while current is not None and depth < max_depth:
        if current.id == target_id:
            return True
        current = db.session.get(User, current.invited_by_id) if current.invited_by_id else None
        depth += 1
    return False


def do_attach(user: User, token: str) -> tuple[bool, str]:
    """Attach user through an invite. Returns (attached, reason); never re-attaches."""
    from .services import lock_user

    invite = get_invite(token)
    user = lock_user(user.id)
    if is_attached(user):
        return False, "already_attached"
    inviter = invite.inviter
    if inviter.id == user.id:
        return False, "self_invite"
    if invite.inviter_type == "member" and _chain_contains(inviter, user.id):
        return False, "would_create_loop"
    user.invited_by_id = inviter.id
    if invite.inviter_type == "member":
        user.owner_dealer_id = inviter.owner_dealer_id
        user.owner_staff_id = inviter.owner_staff_id
    else:
        user.owner_dealer_id = invite.dealer_id
        user.owner_staff_id = invite.dealer_staff_id
        if invite.member_level_id:
            user.member_level_id = invite.member_level_id
    user.attached_at = clock.utcnow()
    db.session.execute(update(Invite).where(Invite.id == invite.id).values(accepted_count=Invite.accepted_count + 1))
    db.session.flush()
    db.session.expire(user, ["member_level"])  # reload the level object for the answer
    return True, "attached"


def do_attach_on_registration(user: User, token: str | None, is_new: bool) -> None:
    """Registration through an invite link: attach new users; a bad token never blocks the login itself."""
    if not token or not is_new:
        return
    try:
        do_attach(user, token)
    except AppError:
        current_app.logger.info("invite %s not applied at registration", token)


def invite_scene(invite: Invite) -> str:
    return SCENE_PREFIX + invite.token


def invite_qrcode_png(invite: Invite) -> bytes:
    """The mini-program code for the invite, made once and kept in file storage."""
    storage = get_storage()
    key = f"invites/{invite.token}.png"
    if storage.exists(key):
        return storage.read(key)
    config = current_app.config
    image = get_wechat().get_unlimited_code(
        invite_scene(invite), config["INVITE_PAGE"], config["WECHAT_MINIPROGRAM_ENV"]
    )
    storage.save(key, image)
    return image


def inviter_display(invite: Invite) -> dict:
    return {
        "inviter_name": invite.inviter.display_name,
        "inviter_avatar_url": invite.inviter.avatar_url,
    }
