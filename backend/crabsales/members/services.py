"""Member levels, automatic upgrades after paid orders, member administration, tags and analytics (spec 02)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..audit.services import apply_changes, record
from ..catalog.pricing import price_rate_provider
from ..core import clock
from ..core.events import ORDER_PAID, subscribe
from ..core.pagination import keyword_filter
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from .models import MemberLevel, MemberTag

# ---- levels ----------------------------------------------------------------------------------------------------------


def default_level_id() -> int | None:
    return db.session.execute(
        select(MemberLevel.id).where(MemberLevel.is_default.is_(True)).order_by(MemberLevel.sort_order).limit(1)
    ).scalar_one_or_none()


def list_levels() -> list[MemberLevel]:
    return db.session.execute(select(MemberLevel).order_by(MemberLevel.sort_order, MemberLevel.id)).scalars().all()


def lowest_member_rate() -> int | None:
    """The best (lowest) member discount rate: the upper bound of every dealer's rate."""
    return db.session.execute(select(func.min(MemberLevel.discount_rate_bp))).scalar_one_or_none()


def get_level(level_id: int) -> MemberLevel:
    level = db.session.get(MemberLevel, level_id)
    if level is None:
        raise NotFound("MEMBER_LEVEL_NOT_FOUND", "会员等级不存在")
    return level


def _check_level(values: dict, level_id: int | None = None) -> None:
    name = values.get("name")
    if (
        name is not None
        and db.session.execute(
            select(MemberLevel.id).where(MemberLevel.name == name, MemberLevel.id != (level_id or 0))
        ).first()
    ):
        raise ValidationFailed({"name": ["等级名称已存在"]}, "等级名称已存在", "LEVEL_NAME_TAKEN")
    # A higher level (larger sort order) must never price dearer than a lower one.
    sort, rate = values["sort_order"], values["discount_rate_bp"]
    for other in list_levels():
        if other.id == level_id:
            continue
        if other.sort_order == sort:
            raise ValidationFailed({"sort_order": [f"与「{other.name}」的排序相同，请调整"]})
        if (other.sort_order < sort and other.discount_rate_bp < rate) or (
            other.sort_order > sort and other.discount_rate_bp > rate
        ):
            raise ValidationFailed(
                {"discount_rate_bp": [f"更高等级的折扣不能高于更低等级（与「{other.name}」冲突）"]},
                error_code="LEVEL_RATE_ORDER",
            )


LEVEL_FIELDS = ("name", "discount_rate_bp", "sort_order", "upgrade_min_spend", "upgrade_min_orders", "is_default")


def _set_only_default(level: MemberLevel) -> None:
    for other in list_levels():
        if other.id != level.id and other.is_default:
            other.is_default = False


def do_create_level(values: dict) -> MemberLevel:
    _check_level(values)
    level = MemberLevel(**{k: values[k] for k in LEVEL_FIELDS if k in values})
    db.session.add(level)
    db.session.flush()
    if level.is_default:
        _set_only_default(level)
    record("member_level.create", "member_level", level.id, {k: [None, getattr(level, k)] for k in LEVEL_FIELDS})
    return level


def do_update_level(level_id: int, values: dict) -> MemberLevel:
    level = get_level(level_id)
    merged = {k: values.get(k, getattr(level, k)) for k in LEVEL_FIELDS}
    _check_level(merged, level_id)
    changes = apply_changes(level, {k: v for k, v in values.items() if k in LEVEL_FIELDS})
    if level.is_default:
        _set_only_default(level)
    db.session.flush()
    if changes:
        record("member_level.update", "member_level", level.id, changes)
    return level


def do_delete_level(level_id: int) -> None:
    from ..identity.models import User

    level = get_level(level_id)
    holders = db.session.execute(select(func.count()).where(User.member_level_id == level.id)).scalar_one()
    if holders:
        raise Conflict("LEVEL_IN_USE", f"仍有 {holders} 位会员属于该等级，不能删除")
    if level.is_default:
        raise Conflict("LEVEL_IS_DEFAULT", "默认等级不能删除，请先设置其他默认等级")
    record("member_level.delete", "member_level", level.id, {"name": [level.name, None]})
    db.session.delete(level)
    db.session.flush()


def qualifying_level(total_spent: int, order_count: int) -> MemberLevel | None:
    """The highest level whose upgrade conditions (either one) are met."""
    best = None
    for level in list_levels():
        spend_ok = level.upgrade_min_spend is not None and total_spent >= level.upgrade_min_spend
        orders_ok = level.upgrade_min_orders is not None and order_count >= level.upgrade_min_orders
        if spend_ok or orders_ok:
            best = level
    return best


@price_rate_provider
def member_level_rate(user, workspace: str) -> int | None:
    """Outside a dealer workspace a member pays the price of their level."""
    if workspace.startswith("dealer:") or user.member_level is None:
        return None
    return user.member_level.discount_rate_bp


@subscribe(ORDER_PAID)
def on_order_paid(user_id: int, amount_fen: int, paid_at, **_) -> None:
    """Count the paid order, then upgrade the member if a higher level's condition is now met (never downgrade)."""
    from ..identity.services import lock_user

    user = lock_user(user_id)
    user.total_spent += amount_fen
    user.paid_order_count += 1
    user.last_order_at = paid_at
    target = qualifying_level(user.total_spent, user.paid_order_count)
    current = user.member_level
    if target is not None and (current is None or target.sort_order > current.sort_order):
        record_upgrade = {"member_level_id": [user.member_level_id, target.id]}
        user.member_level_id = target.id
        db.session.flush()
        db.session.expire(user, ["member_level"])
        record("member.auto_upgrade", "user", user.id, record_upgrade)
    db.session.flush()


# ---- member administration -------------------------------------------------------------------------------------------

# The dealer domain registers a check that owner dealer / staff ids exist and belong together.
OWNER_CHECKS: list = []


def get_member(member_id: int):
    from ..identity.models import User

    member = db.session.get(User, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("MEMBER_NOT_FOUND", "会员不存在")
    return member


def member_query(args: dict):
    from ..identity.models import User

    query = select(User).where(User.deleted_at.is_(None))
    for field in ("owner_dealer_id", "owner_staff_id", "member_level_id"):
        if args.get(field) is not None:
            query = query.where(getattr(User, field) == args[field])
    if args.get("is_active") is not None:
        query = query.where(User.is_active.is_(args["is_active"]))
    if args.get("tag_id") is not None:
        query = query.where(User.tags.any(MemberTag.id == args["tag_id"]))
    if args.get("created_from"):
        query = query.where(User.created_at >= args["created_from"])
    if args.get("created_to"):
        query = query.where(User.created_at <= args["created_to"])
    return keyword_filter(query, args.get("q"), User.phone, User.member_no, User.nickname, User.real_name)


def with_detail(member):
    """Attach what the member detail page shows beside the row: invitee count and the inviter's name."""
    from ..identity.models import User

    member.invitee_count = db.session.execute(select(func.count()).where(User.invited_by_id == member.id)).scalar_one()
    inviter = db.session.get(User, member.invited_by_id) if member.invited_by_id else None
    member.invited_by_name = inviter.display_name if inviter else None
    return member


def do_update_member(member_id: int, values: dict):
    member = get_member(member_id)
    if values.get("member_level_id") is not None:
        get_level(values["member_level_id"])
    fields = ("nickname", "real_name", "gender", "member_level_id")
    changes = apply_changes(member, {k: values[k] for k in fields if k in values})
    db.session.flush()
    if "member_level_id" in changes:
        db.session.expire(member, ["member_level"])
    if changes:
        record("member.update", "user", member.id, changes)
    return member


def do_change_owner(member_id: int, owner_dealer_id: int | None, owner_staff_id: int | None, reason: str):
    member = get_member(member_id)
    if owner_staff_id is not None and owner_dealer_id is None:
        raise ValidationFailed({"owner_staff_id": ["指定归属员工时必须同时指定归属渠道商"]})
    for check in OWNER_CHECKS:
        check(owner_dealer_id, owner_staff_id)
    changes = apply_changes(member, {"owner_dealer_id": owner_dealer_id, "owner_staff_id": owner_staff_id})
    if changes:
        changes["reason"] = [None, reason]
        record("member.change_owner", "user", member.id, changes)
    return member


def do_set_active(member_id: int, active: bool):
    member = get_member(member_id)
    if member.is_active != active:
        member.is_active = active
        if not active:
            member.token_version += 1  # closed: logged out everywhere and cannot log in
        record("member.open" if active else "member.close", "user", member.id, {"is_active": [not active, active]})
    db.session.flush()
    return member


def do_soft_delete(member_id: int) -> None:
    member = get_member(member_id)
    record("member.delete", "user", member.id, {"phone": [member.phone, None], "deleted": [False, True]})
    member.deleted_phone, member.phone = member.phone, None
    member.wechat_openid = member.wechat_unionid = None
    member.is_active = False
    member.token_version += 1
    member.deleted_at = clock.utcnow()
    db.session.flush()


# ---- tags ------------------------------------------------------------------------------------------------------------


def list_tags() -> list[MemberTag]:
    return db.session.execute(select(MemberTag).order_by(MemberTag.id)).scalars().all()


def get_tag(tag_id: int) -> MemberTag:
    tag = db.session.get(MemberTag, tag_id)
    if tag is None:
        raise NotFound("TAG_NOT_FOUND", "标签不存在")
    return tag


def do_save_tag(values: dict, tag_id: int | None = None) -> MemberTag:
    clash = db.session.execute(
        select(MemberTag.id).where(MemberTag.name == values["name"], MemberTag.id != (tag_id or 0))
    ).first()
    if clash:
        raise ValidationFailed({"name": ["标签名称已存在"]}, "标签名称已存在", "TAG_NAME_TAKEN")
    if tag_id is None:
        tag = MemberTag(**values)
        db.session.add(tag)
        db.session.flush()
        record("member_tag.create", "member_tag", tag.id, {"name": [None, tag.name]})
    else:
        tag = get_tag(tag_id)
        changes = apply_changes(tag, values)
        if changes:
            record("member_tag.update", "member_tag", tag.id, changes)
    db.session.flush()
    return tag


def do_delete_tag(tag_id: int) -> None:
    tag = get_tag(tag_id)
    record("member_tag.delete", "member_tag", tag.id, {"name": [tag.name, None]})
    db.session.delete(tag)
    db.session.flush()


def do_set_member_tags(member_id: int, tag_ids: list[int]):
    member = get_member(member_id)
    tags = [get_tag(t) for t in dict.fromkeys(tag_ids)]
    before = [t.id for t in member.tags]
    member.tags = tags
    db.session.flush()
    after = [t.id for t in member.tags]
    if sorted(before) != sorted(after):
        record("member.set_tags", "user", member.id, {"tag_ids": [before, after]})
    return member


# ---- analytics -------------------------------------------------------------------------------------------------------


def member_analytics(member_id: int, months: int = 12) -> dict:
    """Invites per month (last N months, Asia/Shanghai), order frequency and spend figures."""
    from ..core.schemas import SHANGHAI
    from ..identity.models import User

    member = get_member(member_id)
    now = clock.utcnow()
    since = now - timedelta(days=31 * months)
    invited = (
        db.session.execute(select(User.created_at).where(User.invited_by_id == member.id, User.created_at >= since))
        .scalars()
        .all()
    )
    buckets: dict[str, int] = {}
    cursor = now.astimezone(SHANGHAI).replace(day=1)
    for _ in range(months):
        buckets[cursor.strftime("%Y-%m")] = 0
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    for created in invited:
        key = clock.as_utc(created).astimezone(SHANGHAI).strftime("%Y-%m")
        if key in buckets:
            buckets[key] += 1
    member_months = max(1.0, (now - clock.as_utc(member.created_at)).days / 30.0)
    return {
        "invites_by_month": [{"month": k, "count": v} for k, v in sorted(buckets.items())],
        "invitee_total": db.session.execute(select(func.count()).where(User.invited_by_id == member.id)).scalar_one(),
        "total_spent": member.total_spent,
        "paid_order_count": member.paid_order_count,
        "orders_per_month": round(member.paid_order_count / member_months, 2),
        "average_order_amount": member.total_spent // member.paid_order_count if member.paid_order_count else 0,
        "last_order_at": member.last_order_at,
    }
