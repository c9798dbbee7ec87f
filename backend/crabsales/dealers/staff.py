"""Dealer staff, their commission accounts and offline settlements; operators of flagship stores and the dealer's
operation log; who is acting in the dealer workspace (spec 04 "Dealer staff", "Operators").

- A staff member is a user (found or registered by phone) working for one dealer at a time. The person agrees by
  reading out an SMS code sent to their phone (purpose staff_invite); only after that code is right does the dealer
  learn whether the phone can be added, and then only as one answer for every reason (STAFF_PHONE_UNAVAILABLE), so
  the form cannot be used to find out who works for another dealer.
- Deleting a staff member keeps their members with the dealer (the staff link is cleared); it is refused while
  commission is pending or settleable, so no earned money is orphaned.
- A settlement moves staff_settleable → staff_settled in one posting and keeps a record the dealer, the staff member
  and the platform can read.
- An operator is a staff member of a flagship store with module permissions; the owner holds every module.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_jwt_extended import get_jwt
from sqlalchemy import func, select, update

from ..core import clock
from ..core.models import lock_row
from ..core.pagination import keyword_filter
from ..core.ratelimit import Window
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..identity.models import User
from ..identity.services import (
    STAFF_INVITE_PURPOSE,
    check_phone,
    do_create_user,
    do_verify_sms_code,
    find_user_by_phone,
    issue_sms_code,
)
from ..identity.workspaces import workspace_provider
from ..ledgers.services import Leg, find_account, open_account, post
from .models import OPERATOR_MODULES, Dealer, DealerOperationLog, DealerStaff, StaffSettlement

STAFF_ACCOUNTS = ("staff_pending", "staff_settleable", "staff_settled")
STAFF_CODES_PER_DEALER_PER_DAY = 20  # codes one dealer may send to staff phones (besides the per-phone/IP limits)


# ---- who is acting in the dealer workspace ---------------------------------------------------------------------------


@dataclass
class DealerActor:
    dealer: Dealer
    staff: DealerStaff | None  # None: the owner

    @property
    def role(self) -> str:
        return "operator" if self.staff else "owner"


def dealer_actor(module: str | None = None) -> DealerActor:
    """The dealer the caller acts for: the owner in `dealer:<id>`, or an operator in `staff:<id>` holding `module`."""
    workspace = get_jwt().get("ws", "")
    kind, _, raw_id = workspace.partition(":")
    if kind == "dealer":
        dealer = db.session.get(Dealer, int(raw_id))
        if dealer is None or dealer.owner_user_id != g.user.id or dealer.status != "active":
            raise Forbidden("WORKSPACE_DENIED", "您不是该渠道商的负责人")
        return DealerActor(dealer, None)
    if kind == "staff":
        staff = own_staff_record(int(raw_id))
        if module is None or staff.operator_status == "none":
            raise Forbidden("OPERATOR_MODULE_DENIED", "只有渠道商负责人可以操作")
        if staff.operator_status == "closed":
            raise Forbidden("OPERATOR_CLOSED", "您的操作员账号已关闭")
        if module not in staff.operator_modules:
            raise Forbidden("OPERATOR_MODULE_DENIED", f"您没有「{OPERATOR_MODULES[module]}」模块的权限")
        return DealerActor(staff.dealer, staff)
    raise Forbidden("WORKSPACE_DENIED", "请切换到渠道商身份后再操作")


def own_staff_record(staff_id: int) -> DealerStaff:
    staff = db.session.get(DealerStaff, staff_id)
    if staff is None or staff.user_id != g.user.id or staff.status != "active" or staff.dealer.status != "active":
        raise Forbidden("WORKSPACE_DENIED", "您不是该渠道商的员工")
    return staff


def log_operation(actor: DealerActor, action: str, summary: str, details: dict | None = None) -> None:
    db.session.add(
        DealerOperationLog(
            dealer_id=actor.dealer.id,
            user_id=g.user.id,
            staff_id=actor.staff.id if actor.staff else None,
            actor_name=actor.staff.name if actor.staff else g.user.display_name,
            actor_role=actor.role,
            action=action,
            summary=summary[:200],
            details=details or {},
        )
    )


@workspace_provider
def staff_workspaces(user) -> list[dict]:
    rows = (
        db.session.execute(
            select(DealerStaff)
            .join(Dealer, Dealer.id == DealerStaff.dealer_id)
            .where(DealerStaff.user_id == user.id, DealerStaff.status == "active", Dealer.status == "active")
        )
        .scalars()
        .all()
    )
    items = []
    for staff in rows:
        suffix = "（操作员）" if staff.operator_status == "active" else ""
        items.append({"workspace": f"staff:{staff.id}", "label": f"员工{suffix}·{staff.dealer.name}"})
    return items


# ---- staff -----------------------------------------------------------------------------------------------------------


def get_staff(dealer_id: int, staff_id: int) -> DealerStaff:
    staff = db.session.get(DealerStaff, staff_id)
    if staff is None or staff.dealer_id != dealer_id or staff.status != "active":
        raise NotFound("STAFF_NOT_FOUND", "员工不存在")
    return staff


def staff_query(dealer_id: int, q: str | None):
    query = select(DealerStaff).where(DealerStaff.dealer_id == dealer_id, DealerStaff.status == "active")
    return keyword_filter(query, q, DealerStaff.name, DealerStaff.phone)


def staff_balances(staff_id: int) -> dict:
    balances = {"pending": 0, "settleable": 0, "settled": 0}
    for kind in STAFF_ACCOUNTS:
        account = find_account("dealer_staff", staff_id, kind)
        balances[kind.removeprefix("staff_")] = account.balance if account else 0
    balances["total"] = sum(balances.values())
    return balances


def staff_members_count(staff_ids: list[int]) -> dict[int, int]:
    if not staff_ids:
        return {}
    query = select(User.owner_staff_id, func.count()).where(User.owner_staff_id.in_(staff_ids))
    rows = db.session.execute(query.group_by(User.owner_staff_id)).all()
    return dict(rows)


def decorate_staff(staff_list: list[DealerStaff]) -> list[DealerStaff]:
    """Attach members count and balances for the answer (one query for the counts)."""
    counts = staff_members_count([s.id for s in staff_list])
    for staff in staff_list:
        staff.members_count = counts.get(staff.id, 0)
        for key, value in staff_balances(staff.id).items():
            setattr(staff, key, value)
    return staff_list


def do_send_staff_code(actor: DealerActor, phone: str, ip: str) -> dict:
    """Send the code the new staff member reads out to the dealer. Only the phone's format is checked here: whether
    it can be added is answered after the code (do_add_staff), so this step reveals nothing about the phone."""
    dealer = actor.dealer
    phone = check_phone(phone)
    window = Window(f"sms:staff-invite:dealer:{dealer.id}:86400", STAFF_CODES_PER_DEALER_PER_DAY, 86400)
    return issue_sms_code(
        phone, STAFF_INVITE_PURPOSE, ip, template="staff_invite", params={"dealer": dealer.name[:20]}, windows=[window]
    )


def do_add_staff(actor: DealerActor, values: dict) -> DealerStaff:
    dealer = actor.dealer
    phone = check_phone(values["phone"])
    # The person's consent first: nothing about the phone is looked up before their code is right.
    do_verify_sms_code(phone, STAFF_INVITE_PURPOSE, values["code"])
    user = find_user_by_phone(phone)
    taken = user is not None and (
        user.id == dealer.owner_user_id
        or db.session.execute(
            select(DealerStaff.id).where(DealerStaff.user_id == user.id, DealerStaff.status == "active")
        ).first()
        is not None
    )
    if taken:
        # One answer for the owner, own staff and another dealer's staff alike.
        raise Conflict("STAFF_PHONE_UNAVAILABLE", "该手机号暂不能添加为员工")
    user = user or do_create_user(phone=phone, real_name=values["name"])
    staff = DealerStaff(
        dealer_id=dealer.id,
        user_id=user.id,
        name=values["name"],
        phone=phone,
        commission_rate_bp=values["commission_rate_bp"],
        operator_modules=[],
    )
    db.session.add(staff)
    db.session.flush()
    for kind in STAFF_ACCOUNTS:
        open_account("dealer_staff", staff.id, kind)
    log_operation(actor, "staff.add", f"添加员工 {staff.name}（{phone}）", {"staff_id": staff.id})
    return staff


def do_update_staff(actor: DealerActor, staff_id: int, values: dict) -> DealerStaff:
    staff = get_staff(actor.dealer.id, staff_id)
    changes = {}
    for field in ("name", "commission_rate_bp"):
        if field in values and getattr(staff, field) != values[field]:
            changes[field] = [getattr(staff, field), values[field]]
            setattr(staff, field, values[field])
    if changes:
        summary = f"修改员工 {staff.name}"
        if "commission_rate_bp" in changes:
            before, after = changes["commission_rate_bp"]
            summary += f" 提成比例 {before / 100:g}% → {after / 100:g}%"
        log_operation(actor, "staff.update", summary, {"staff_id": staff.id, "changes": changes})
    db.session.flush()
    return staff


def lock_staff(dealer_id: int, staff_id: int) -> DealerStaff:
    """Row-lock an active staff member of this dealer: deleting them and posting their commission serialize."""
    staff = lock_row(DealerStaff, staff_id)
    if staff is None or staff.dealer_id != dealer_id or staff.status != "active":
        raise NotFound("STAFF_NOT_FOUND", "员工不存在")
    return staff


def do_delete_staff(actor: DealerActor, staff_id: int) -> None:
    staff = lock_staff(actor.dealer.id, staff_id)
    balances = staff_balances(staff.id)
    if balances["pending"] or balances["settleable"]:
        raise Conflict(
            "STAFF_HAS_UNSETTLED",
            f"该员工还有未结算提成 {(balances['pending'] + balances['settleable']) / 100:.2f} 元，请结清后再删除",
        )
    staff.status, staff.deleted_at = "deleted", clock.utcnow()
    if staff.operator_status == "active":
        staff.operator_status = "closed"
    # Members stay with the dealer; only the staff link goes.
    db.session.execute(update(User).where(User.owner_staff_id == staff.id).values(owner_staff_id=None))
    log_operation(actor, "staff.delete", f"删除员工 {staff.name}（{staff.phone}）", {"staff_id": staff.id})
    db.session.flush()


def do_settle_staff(actor: DealerActor, staff_id: int, amount: int, note: str) -> StaffSettlement:
    staff = get_staff(actor.dealer.id, staff_id)
    settleable = open_account("dealer_staff", staff.id, "staff_settleable")
    settled = open_account("dealer_staff", staff.id, "staff_settled")
    settlement = StaffSettlement(
        dealer_id=actor.dealer.id, staff_id=staff.id, amount=amount, note=note, created_by_user_id=g.user.id
    )
    db.session.add(settlement)
    db.session.flush()
    post(
        [Leg(settleable.id, -amount, "staff_settlement"), Leg(settled.id, amount, "staff_settlement")],
        ref=("staff_settlement", settlement.id),
        note=note,
    )
    log_operation(
        actor, "staff.settle", f"与员工 {staff.name} 线下结算 {amount / 100:.2f} 元", {"settlement_id": settlement.id}
    )
    return settlement


def settlement_query(dealer_id: int, staff_id: int | None = None):
    query = select(StaffSettlement).where(StaffSettlement.dealer_id == dealer_id)
    if staff_id is not None:
        query = query.where(StaffSettlement.staff_id == staff_id)
    return query


# ---- operators -------------------------------------------------------------------------------------------------------


def do_set_operator(actor: DealerActor, staff_id: int, modules: list[str]) -> DealerStaff:
    dealer = actor.dealer
    if dealer.tier != 1 or dealer.kind != "flagship_store":
        raise Conflict("OPERATOR_FLAGSHIP_ONLY", "只有专卖店可以设置操作员")
    unknown = [m for m in modules if m not in OPERATOR_MODULES]
    if unknown or not modules:
        raise ValidationFailed({"modules": ["请至少选择一个有效的模块"]})
    staff = get_staff(dealer.id, staff_id)
    before = (staff.operator_status, list(staff.operator_modules))
    staff.operator_status = "active"
    staff.operator_modules = sorted(set(modules))
    names = "、".join(OPERATOR_MODULES[m] for m in staff.operator_modules)
    log_operation(
        actor,
        "operator.set",
        f"设置操作员 {staff.name}：{names}",
        {"staff_id": staff.id, "before": list(before[1]), "after": staff.operator_modules},
    )
    db.session.flush()
    return staff


def do_close_operator(actor: DealerActor, staff_id: int) -> DealerStaff:
    staff = get_staff(actor.dealer.id, staff_id)
    if staff.operator_status != "active":
        raise Conflict("OPERATOR_NOT_ACTIVE", "该员工不是在用的操作员")
    staff.operator_status = "closed"
    log_operation(actor, "operator.close", f"关闭操作员 {staff.name}", {"staff_id": staff.id})
    db.session.flush()
    return staff


def operation_log_query(dealer_id: int):
    return select(DealerOperationLog).where(DealerOperationLog.dealer_id == dealer_id)


# ---- earnings postings (used by the profit domain) ------------------------------------------------------------------


def commission_for(staff_member: DealerStaff | None, dealer_earning: int) -> int:
    """A staff member's commission on a dealer earning: the earning × their rate, rounded down to the fen."""
    if staff_member is None or staff_member.status != "active" or dealer_earning <= 0:
        return 0
    return dealer_earning * staff_member.commission_rate_bp // 10000


def post_dealer_earning(dealer_id: int, amount: int, ref: tuple[str, str], staff_id: int | None = None) -> dict:
    """Record a dealer's earning on an order as pending, and in the same posting the commission of the staff member
    who owns the buyer (the dealer pays it offline; it is tracked, not taken from the dealer's earnings)."""
    from .services import dealer_account

    # Locked: a staff member being deleted right now either gets this commission (and blocks the delete) or none.
    staff_member = lock_row(DealerStaff, staff_id) if staff_id else None
    if staff_member is not None and staff_member.dealer_id != dealer_id:
        staff_member = None  # the buyer's staff link belongs to another dealer: no commission here
    commission = commission_for(staff_member, amount)
    legs = [Leg(dealer_account(dealer_id, "earnings_pending").id, amount, "earning")]
    if commission:
        legs.append(Leg(open_account("dealer_staff", staff_member.id, "staff_pending").id, commission, "commission"))
    post(legs, ref=ref)
    return {"earning": amount, "commission": commission, "staff_id": staff_member.id if commission else None}


def release_dealer_earning(
    dealer_id: int, amount: int, ref: tuple[str, str], staff_id: int | None = None, commission: int = 0
) -> None:
    """The after-sales window closed: the earning becomes withdrawable and the commission settleable, together."""
    from .services import dealer_account

    legs = [
        Leg(dealer_account(dealer_id, "earnings_pending").id, -amount, "earning_release"),
        Leg(dealer_account(dealer_id, "earnings_withdrawable").id, amount, "earning_release"),
    ]
    if commission and staff_id:
        legs += [
            Leg(open_account("dealer_staff", staff_id, "staff_pending").id, -commission, "commission_release"),
            Leg(open_account("dealer_staff", staff_id, "staff_settleable").id, commission, "commission_release"),
        ]
    post(legs, ref=ref)
