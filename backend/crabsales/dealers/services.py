"""Dealer tree rules (spec 04), the dealer's accounts, finance actions and withdrawals.

- Tier-1 hangs under the platform and has a kind (city partner, flagship store); tier-2 under a tier-1; tier-3
  under a tier-1 or a tier-2; tier-3 has no subordinates.
- Rates (catalog/pricing.py): a dealer's rate ≥ its parent's and ≤ the lowest member-level rate. A change of rate
  or of parent is refused when it would break the rule anywhere in the subtree (children must not become cheaper
  than their new parent).
- Accounts are opened with the dealer: stored value and credit for a tier-1, earnings for everyone.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..audit.services import apply_changes, record
from ..catalog.pricing import check_dealer_rate, price_rate_provider
from ..core import clock
from ..core.models import lock_row
from ..core.pagination import keyword_filter
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..identity.models import User
from ..identity.services import check_phone, do_create_user, find_user_by_phone
from ..identity.workspaces import workspace_provider
from ..ledgers.models import Account
from ..ledgers.services import Leg, find_account, open_account, post, set_credit_limit
from ..members.services import OWNER_CHECKS, lowest_member_rate
from .models import Dealer, Withdrawal

TIER1_ACCOUNTS = ("stored_value", "credit")
EARNINGS_ACCOUNTS = ("earnings_pending", "earnings_withdrawable", "earnings_withdrawing", "earnings_withdrawn")
TIER_NAMES = {1: "一级", 2: "二级", 3: "三级"}


def get_dealer(dealer_id: int) -> Dealer:
    dealer = db.session.get(Dealer, dealer_id)
    if dealer is None:
        raise NotFound("DEALER_NOT_FOUND", "渠道商不存在")
    return dealer


def lock_dealer(dealer_id: int) -> Dealer:
    dealer = lock_row(Dealer, dealer_id)
    if dealer is None:
        raise NotFound("DEALER_NOT_FOUND", "渠道商不存在")
    return dealer


def children(dealer_id: int) -> list[Dealer]:
    return db.session.execute(select(Dealer).where(Dealer.parent_id == dealer_id)).scalars().all()


def _check_parent(tier: int, parent: Dealer | None) -> None:
    if tier == 1:
        if parent is not None:
            raise ValidationFailed({"parent_id": ["一级渠道商没有上级"]})
        return
    if parent is None:
        raise ValidationFailed({"parent_id": ["请选择上级渠道商"]})
    if parent.status != "active":
        raise ValidationFailed({"parent_id": ["上级渠道商已关闭"]})
    if tier == 2 and parent.tier != 1:
        raise ValidationFailed({"parent_id": ["二级渠道商的上级必须是一级"]})
    if tier == 3 and parent.tier not in (1, 2):
        raise ValidationFailed({"parent_id": ["三级渠道商的上级必须是一级或二级"]})


def _check_rate_in_tree(rate: int, parent: Dealer | None, dealer_id: int | None) -> None:
    check_dealer_rate(rate, parent.discount_rate_bp if parent else None, lowest_member_rate())
    if dealer_id is not None:
        cheaper = [c.name for c in children(dealer_id) if c.discount_rate_bp < rate]
        if cheaper:
            raise ValidationFailed(
                {"discount_rate_bp": [f"不能高于下级渠道商的折扣：{'、'.join(cheaper)}"]},
                error_code="DEALER_RATE_ABOVE_CHILDREN",
            )


def _open_accounts(dealer: Dealer) -> None:
    for kind in (TIER1_ACCOUNTS if dealer.tier == 1 else ()) + EARNINGS_ACCOUNTS:
        open_account("dealer", dealer.id, kind)


def do_create_dealer(values: dict) -> Dealer:
    tier = values["tier"]
    # The parent's row lock serializes with rate changes of the parent (lock_family) while the child is checked.
    parent = lock_dealer(values["parent_id"]) if values.get("parent_id") else None
    _check_parent(tier, parent)
    if tier == 1 and values.get("kind") not in ("city_partner", "flagship_store"):
        raise ValidationFailed({"kind": ["一级渠道商请选择城市合伙人或专卖店"]})
    _check_rate_in_tree(values["discount_rate_bp"], parent, None)
    phone = check_phone(values["phone"])
    user = find_user_by_phone(phone) or do_create_user(phone=phone, real_name=values.get("contact_name", ""))
    if db.session.execute(select(Dealer.id).where(Dealer.owner_user_id == user.id, Dealer.status == "active")).first():
        raise Conflict("DEALER_PHONE_TAKEN", "该手机号已经是一个渠道商的负责人")
    dealer = Dealer(
        name=values["name"],
        contact_name=values.get("contact_name", ""),
        phone=phone,
        tier=tier,
        kind=values.get("kind") if tier == 1 else None,
        dealer_type=values.get("dealer_type", "offline_distributor"),
        parent_id=parent.id if parent else None,
        discount_rate_bp=values["discount_rate_bp"],
        owner_user_id=user.id,
        province=values.get("province", ""),
        city=values.get("city", ""),
        address=values.get("address", ""),
    )
    db.session.add(dealer)
    db.session.flush()
    dealer.root_id = parent.root_id if parent else dealer.id
    _open_accounts(dealer)
    record(
        "dealer.create",
        "dealer",
        dealer.id,
        {
            "name": [None, dealer.name],
            "tier": [None, tier],
            "parent_id": [None, dealer.parent_id],
            "discount_rate_bp": [None, dealer.discount_rate_bp],
        },
    )
    return dealer


def lock_family(*dealer_ids: int) -> None:
    """Lock dealers with their parents and children, all in one id-ordered statement: every rate rule between them
    is then checked against values no concurrent change can move (two admins changing parent and child serialize,
    and never deadlock)."""
    ids = set()
    for dealer_id in dealer_ids:
        dealer = get_dealer(dealer_id)
        ids |= {dealer.id, *(c.id for c in children(dealer.id))}
        if dealer.parent_id:
            ids.add(dealer.parent_id)
    db.session.execute(select(Dealer.id).where(Dealer.id.in_(sorted(ids))).order_by(Dealer.id).with_for_update()).all()
    db.session.expire_all()


def do_update_dealer(dealer_id: int, values: dict) -> Dealer:
    if "discount_rate_bp" in values:
        lock_family(dealer_id)
    dealer = lock_dealer(dealer_id)
    if "salesperson_id" in values:
        check_salesperson(dealer, values["salesperson_id"])
    if "discount_rate_bp" in values:
        parent = get_dealer(dealer.parent_id) if dealer.parent_id else None
        _check_rate_in_tree(values["discount_rate_bp"], parent, dealer.id)
    fields = (
        "name",
        "contact_name",
        "dealer_type",
        "discount_rate_bp",
        "province",
        "city",
        "address",
        "salesperson_id",
    )
    changes = apply_changes(dealer, {k: values[k] for k in fields if k in values})
    if "kind" in values and dealer.tier == 1:
        changes.update(apply_changes(dealer, {"kind": values["kind"]}))
    db.session.flush()
    if changes:
        record("dealer.update", "dealer", dealer.id, changes)
    return dealer


def do_move_dealer(dealer_id: int, new_parent_id: int, reason: str) -> Dealer:
    """Move a tier-2/3 dealer (with its subtree) under another parent, if every rule still holds."""
    lock_family(dealer_id, new_parent_id)
    dealer = get_dealer(dealer_id)
    if dealer.tier == 1:
        raise Conflict("DEALER_TIER1_CANNOT_MOVE", "一级渠道商没有上级，不能移动")
    parent = get_dealer(new_parent_id)
    _check_parent(dealer.tier, parent)
    check_dealer_rate(dealer.discount_rate_bp, parent.discount_rate_bp, lowest_member_rate())
    before = dealer.parent_id
    dealer.parent_id = parent.id
    new_root = parent.root_id
    if new_root != dealer.root_id:
        for node in [dealer] + children(dealer.id):
            node.root_id = new_root
    db.session.flush()
    record("dealer.move", "dealer", dealer.id, {"parent_id": [before, parent.id], "reason": [None, reason]})
    return dealer


def _subtree(dealer_id: int) -> list[Dealer]:
    below = children(dealer_id)
    return below + [g for c in below for g in children(c.id)]


def do_change_tier(dealer_id: int, values: dict) -> Dealer:
    """Change a dealer's tier (and with it its parent): every rule of the tree is checked as for a new dealer, the
    subtree keeps valid tiers and rates, and stored value and credit (which live on the tier-1) must be empty before
    a tier-1 stops being one."""
    new_tier, parent_id, reason = values["tier"], values.get("parent_id"), values["reason"]
    lock_family(dealer_id, *([parent_id] if parent_id else []))
    dealer = get_dealer(dealer_id)
    if new_tier == dealer.tier:
        raise ValidationFailed({"tier": ["级别没有变化；只换上级请用移动"]})
    parent = get_dealer(parent_id) if parent_id else None
    _check_parent(new_tier, parent)
    if parent is not None and (parent.id == dealer.id or parent.root_id == dealer.id and dealer.tier == 1):
        raise ValidationFailed({"parent_id": ["不能挂到自己或自己的下级下面"]})
    if parent is not None and parent.parent_id == dealer.id:
        raise ValidationFailed({"parent_id": ["不能挂到自己或自己的下级下面"]})
    below = _subtree(dealer.id)
    if new_tier == 3 and below:
        raise Conflict("DEALER_HAS_SUBORDINATES", "三级渠道商不能有下级，请先移走它的下级")
    if new_tier == 2 and any(d.tier == 2 for d in below):
        raise Conflict("DEALER_TIER2_CHILDREN", "它下面还有二级渠道商，二级渠道商下面只能是三级")
    if new_tier == 1 and values.get("kind") not in ("city_partner", "flagship_store"):
        raise ValidationFailed({"kind": ["一级渠道商请选择城市合伙人或专卖店"]})
    check_dealer_rate(dealer.discount_rate_bp, parent.discount_rate_bp if parent else None, lowest_member_rate())
    if dealer.tier == 1:
        held = db.session.execute(
            select(Account.kind).where(
                Account.owner_type == "dealer",
                Account.owner_id == dealer.id,
                Account.kind.in_(TIER1_ACCOUNTS),
                (Account.balance != 0) | (func.coalesce(Account.credit_limit, 0) != 0),
            )
        ).first()
        if held:
            raise Conflict("DEALER_HAS_BALANCES", "该一级渠道商还有储值、额度或欠款，清零后才能降级")
    before = {"tier": dealer.tier, "parent_id": dealer.parent_id, "kind": dealer.kind}
    dealer.tier, dealer.parent_id = new_tier, parent.id if parent else None
    dealer.kind = values["kind"] if new_tier == 1 else None
    new_root = dealer.id if new_tier == 1 else parent.root_id
    for node in [dealer, *below]:
        node.root_id = new_root
    db.session.flush()
    if new_tier == 1:
        _open_accounts(dealer)
    record(
        "dealer.change_tier",
        "dealer",
        dealer.id,
        {
            "tier": [before["tier"], new_tier],
            "parent_id": [before["parent_id"], dealer.parent_id],
            "kind": [before["kind"], dealer.kind],
            "reason": [None, reason],
        },
    )
    return dealer


def do_close_dealer(dealer_id: int, reason: str) -> Dealer:
    dealer = lock_dealer(dealer_id)
    if any(c.status == "active" for c in children(dealer.id)):
        raise Conflict("DEALER_HAS_SUBORDINATES", "该渠道商还有正常营业的下级，不能关闭")
    balances = db.session.execute(
        select(Account.kind, Account.balance).where(
            Account.owner_type == "dealer", Account.owner_id == dealer.id, Account.balance != 0
        )
    ).all()
    if balances:
        raise Conflict("DEALER_HAS_BALANCES", "该渠道商还有余额、欠款或未结收益，不能关闭")
    changes = apply_changes(dealer, {"status": "closed"})
    if changes:
        changes["reason"] = [None, reason]
        record("dealer.close", "dealer", dealer.id, changes)
    return dealer


def dealer_query(args: dict):
    query = select(Dealer)
    for field in ("tier", "kind", "dealer_type", "status", "parent_id", "root_id"):
        if args.get(field) is not None:
            query = query.where(getattr(Dealer, field) == args[field])
    return keyword_filter(query, args.get("q"), Dealer.name, Dealer.phone, Dealer.contact_name)


def network(dealer_id: int) -> dict:
    """Counts per tier below a dealer (its subtree), its members and staff."""
    return network_counts(get_dealer(dealer_id))


# ---- workspaces, prices, member owners -------------------------------------------------------------------------------


@workspace_provider
def dealer_workspaces(user) -> list[dict]:
    dealers = (
        db.session.execute(select(Dealer).where(Dealer.owner_user_id == user.id, Dealer.status == "active"))
        .scalars()
        .all()
    )
    return [{"workspace": f"dealer:{d.id}", "label": f"{TIER_NAMES[d.tier]}渠道商·{d.name}"} for d in dealers]


@price_rate_provider
def dealer_rate(user, workspace: str) -> int | None:
    if not workspace.startswith("dealer:"):
        return None
    dealer = db.session.get(Dealer, int(workspace.split(":")[1]))
    return dealer.discount_rate_bp if dealer and dealer.owner_user_id == user.id else None


def _check_owner(dealer_id, staff_id) -> None:
    if dealer_id is not None and db.session.get(Dealer, dealer_id) is None:
        raise ValidationFailed({"owner_dealer_id": ["渠道商不存在"]})


OWNER_CHECKS.append(_check_owner)


# ---- accounts and finance --------------------------------------------------------------------------------------------


def dealer_account(dealer_id: int, kind: str) -> Account:
    dealer = get_dealer(dealer_id)
    owner = dealer.root_id if kind in TIER1_ACCOUNTS else dealer.id  # stored value and credit live on the tier-1
    account = find_account("dealer", owner, kind)
    if account is None:
        raise NotFound("ACCOUNT_NOT_FOUND", "该渠道商没有这个账户")
    return account


def tier1_account_for_posting(dealer_id: int, kind: str) -> Account:
    """A stored value or credit account about to be posted to. The tier-1's row is locked first, so a tier change
    (which locks the family FOR UPDATE) cannot move the account's owner between finding the account and posting."""
    dealer = get_dealer(dealer_id)
    tier1 = lock_dealer(dealer.root_id)
    db.session.refresh(dealer)
    if dealer.root_id != tier1.id or tier1.tier != 1:
        raise Conflict("DEALER_TREE_CHANGED", "渠道商层级刚刚变更，请刷新后重试")
    return dealer_account(dealer_id, kind)


def accounts_summary(dealer_id: int) -> dict:
    dealer = get_dealer(dealer_id)
    tier1 = dealer if dealer.root_id == dealer.id else get_dealer(dealer.root_id)
    summary = {"dealer_id": dealer.id, "tier1_id": dealer.root_id, "tier1_name": tier1.name}
    if dealer.tier == 1:
        stored, credit = dealer_account(dealer.id, "stored_value"), dealer_account(dealer.id, "credit")
        summary.update(
            stored_value=stored.balance,
            credit_limit=credit.credit_limit or 0,
            credit_used=credit.balance,
            credit_available=(credit.credit_limit or 0) - credit.balance,
        )
    for kind in EARNINGS_ACCOUNTS:
        summary[kind.removeprefix("earnings_")] = dealer_account(dealer.id, kind).balance
    return summary


def do_top_up(dealer_id: int, amount: int, reference: str, note: str):
    """Finance records an offline transfer into a tier-1's stored value."""
    account = tier1_account_for_posting(dealer_id, "stored_value")
    return post([Leg(account.id, amount, "top_up")], ref=("top_up", reference), note=note)


def do_adjust(dealer_id: int, amount: int, reason: str):
    if amount == 0:
        # A correction of nothing would be an empty ledger entry: refused like any other bad field.
        message = "调账金额不能为 0"
        raise ValidationFailed({"amount": [message]}, message, error_code="ADJUSTMENT_AMOUNT_ZERO")
    account = tier1_account_for_posting(dealer_id, "stored_value")
    return post([Leg(account.id, amount, "adjustment")], ref=("adjustment", ""), note=reason)


def do_set_credit_limit(dealer_id: int, limit: int, note: str):
    return set_credit_limit(tier1_account_for_posting(dealer_id, "credit").id, limit, note)


def do_settle_debt(dealer_id: int, amount: int, reference: str, note: str):
    """The dealer repaid credit debt; finance records it (debt goes down)."""
    account = tier1_account_for_posting(dealer_id, "credit")
    return post([Leg(account.id, -amount, "debt_settlement")], ref=("debt_settlement", reference), note=note)


# ---- withdrawals -----------------------------------------------------------------------------------------------------


def do_request_withdrawal(dealer_id: int, values: dict) -> Withdrawal:
    withdrawable = dealer_account(dealer_id, "earnings_withdrawable")
    withdrawing = dealer_account(dealer_id, "earnings_withdrawing")
    withdrawal = Withdrawal(
        dealer_id=dealer_id,
        amount=values["amount"],
        bank_holder=values["bank_holder"],
        bank_name=values["bank_name"],
        bank_account=values["bank_account"],
        invoice_no=values.get("invoice_no", ""),
    )
    db.session.add(withdrawal)
    db.session.flush()
    post(
        [
            Leg(withdrawable.id, -values["amount"], "withdrawal_request"),
            Leg(withdrawing.id, values["amount"], "withdrawal_request"),
        ],
        ref=("withdrawal", withdrawal.id),
    )
    return withdrawal


def _lock_withdrawal(withdrawal_id: int) -> Withdrawal:
    withdrawal = lock_row(Withdrawal, withdrawal_id)
    if withdrawal is None:
        raise NotFound("WITHDRAWAL_NOT_FOUND", "提现申请不存在")
    if withdrawal.status != "requested":
        raise Conflict("WITHDRAWAL_DECIDED", "该提现申请已处理")
    return withdrawal


def do_decide_withdrawal(withdrawal_id: int, paid: bool, reference: str = "", reason: str = "") -> Withdrawal:
    from flask import g

    withdrawal = _lock_withdrawal(withdrawal_id)
    withdrawing = dealer_account(withdrawal.dealer_id, "earnings_withdrawing")
    target = dealer_account(withdrawal.dealer_id, "earnings_withdrawn" if paid else "earnings_withdrawable")
    kind = "withdrawal_paid" if paid else "withdrawal_rejected"
    post(
        [Leg(withdrawing.id, -withdrawal.amount, kind), Leg(target.id, withdrawal.amount, kind)],
        ref=("withdrawal", withdrawal.id),
        note=reference or reason,
    )
    withdrawal.status = "paid" if paid else "rejected"
    withdrawal.payment_reference, withdrawal.reject_reason = reference, reason
    withdrawal.decided_by, withdrawal.decided_at = g.admin.id, clock.utcnow()
    db.session.flush()
    record(
        f"withdrawal.{withdrawal.status}",
        "withdrawal",
        withdrawal.id,
        {"status": ["requested", withdrawal.status], "amount": [None, withdrawal.amount]},
    )
    return withdrawal


def check_salesperson(dealer: Dealer, salesperson_id: int | None) -> None:
    from ..crm.services import get_salesperson

    if salesperson_id is None:
        return
    if dealer.tier != 1:
        raise ValidationFailed({"salesperson_id": ["只有一级渠道商分配销售"]})
    try:
        get_salesperson(salesperson_id)
    except NotFound:
        raise ValidationFailed({"salesperson_id": ["销售不存在"]}) from None


def do_delete_dealer(dealer_id: int) -> None:
    """Delete a dealer created by mistake. Anything that happened with it (subordinates, members, staff, entries,
    orders, applications, withdrawals, accepted invites) makes it history: close it instead."""
    from ..b2b.models import B2BOrder
    from ..identity.models import Invite
    from ..ledgers.models import LedgerEntry
    from .models import DealerApplication, DealerInvite, DealerStaff

    dealer = lock_dealer(dealer_id)
    account_ids = select(Account.id).where(Account.owner_type == "dealer", Account.owner_id == dealer.id)
    history = [
        select(Dealer.id).where(Dealer.parent_id == dealer.id),
        select(User.id).where(User.owner_dealer_id == dealer.id),
        select(DealerStaff.id).where(DealerStaff.dealer_id == dealer.id),
        select(LedgerEntry.id).where(LedgerEntry.account_id.in_(account_ids)),
        select(B2BOrder.id).where(B2BOrder.dealer_id == dealer.id),
        select(DealerApplication.id).where(
            (DealerApplication.parent_id == dealer.id) | (DealerApplication.dealer_id == dealer.id)
        ),
        select(Withdrawal.id).where(Withdrawal.dealer_id == dealer.id),
        select(Invite.id).where(Invite.dealer_id == dealer.id, Invite.accepted_count > 0),
        select(DealerInvite.id).where(DealerInvite.dealer_id == dealer.id, DealerInvite.accepted_count > 0),
    ]
    if any(db.session.execute(query.limit(1)).first() for query in history):
        raise Conflict("DEALER_HAS_HISTORY", "该渠道商已有下级、会员、员工、流水或订单，不能删除，请改为关闭")
    snapshot = {"name": [dealer.name, None], "phone": [dealer.phone, None], "tier": [dealer.tier, None]}
    db.session.execute(Invite.__table__.delete().where(Invite.dealer_id == dealer.id))
    db.session.execute(DealerInvite.__table__.delete().where(DealerInvite.dealer_id == dealer.id))
    db.session.execute(Account.__table__.delete().where(Account.owner_type == "dealer", Account.owner_id == dealer.id))
    db.session.delete(dealer)
    db.session.flush()
    record("dealer.delete", "dealer", dealer_id, snapshot)


def members_query(dealer_id: int, q: str | None, staff_id: int | None = None):
    query = select(User).where(User.owner_dealer_id == dealer_id)
    if staff_id is not None:
        query = query.where(User.owner_staff_id == staff_id)
    return keyword_filter(query, q, User.nickname, User.real_name, User.phone)


def subtree_query(dealer: Dealer, tier: int | None, q: str | None):
    """Dealers below `dealer`: a tier-1's whole tree, a tier-2's children."""
    if dealer.tier == 1:
        query = select(Dealer).where(Dealer.root_id == dealer.id, Dealer.id != dealer.id)
    else:
        query = select(Dealer).where(Dealer.parent_id == dealer.id)
    if tier is not None:
        query = query.where(Dealer.tier == tier)
    return keyword_filter(query, q, Dealer.name, Dealer.phone, Dealer.contact_name)


def attach_staff_names(users: list[User]) -> list[User]:
    """Set `staff_name` (the staff member each member belongs to) on a page of members, in one query."""
    from .models import DealerStaff

    staff_ids = {u.owner_staff_id for u in users if u.owner_staff_id}
    names = (
        dict(db.session.execute(select(DealerStaff.id, DealerStaff.name).where(DealerStaff.id.in_(staff_ids))).all())
        if staff_ids
        else {}
    )
    for user in users:
        user.staff_name = names.get(user.owner_staff_id)  # for the answer only; not a column
    return users


def dealer_overview(dealer: Dealer) -> dict:
    """What the dealer workspace's home shows: the dealer, its parent and tier-1, network counts, the salesperson."""
    from ..crm.models import Salesperson

    tier1 = dealer if dealer.root_id == dealer.id else get_dealer(dealer.root_id)
    salesperson = db.session.get(Salesperson, tier1.salesperson_id) if tier1.salesperson_id else None
    return {
        "dealer": dealer,
        "parent": dealer.parent,
        "tier1": tier1,
        "network": network_counts(dealer),
        "salesperson": {"id": salesperson.id, "name": salesperson.name, "phone": salesperson.user.phone or ""}
        if salesperson
        else None,
    }


def network_counts(dealer: Dealer) -> dict:
    from .models import DealerStaff

    below = db.session.execute(
        subtree_query(dealer, None, None).with_only_columns(Dealer.tier, func.count()).group_by(Dealer.tier)
    ).all()
    counts = dict(below)
    return {
        "tier2": counts.get(2, 0),
        "tier3": counts.get(3, 0),
        "members": db.session.execute(select(func.count()).where(User.owner_dealer_id == dealer.id)).scalar_one(),
        "staff": db.session.execute(
            select(func.count()).where(DealerStaff.dealer_id == dealer.id, DealerStaff.status == "active")
        ).scalar_one(),
    }


def performance(dealer_id: int) -> dict:
    """Goods sales to the dealer's members (paid and not closed) and its earnings so far. Card sales and the profit
    split by card / e-card / goods join this answer with the card and profit domains."""
    from ..orders.models import Order

    dealer = get_dealer(dealer_id)
    count, amount = db.session.execute(
        select(func.count(Order.id), func.coalesce(func.sum(Order.pay_amount), 0))
        .join(User, User.id == Order.user_id)
        .where(
            User.owner_dealer_id == dealer.id,
            Order.paid_at.is_not(None),
            Order.status != "closed",
        )
    ).one()
    accounts = accounts_summary(dealer.id)
    return {
        "goods_orders": count,
        "goods_amount": int(amount),
        "members": network_counts(dealer)["members"],
        "earnings_pending": accounts["pending"],
        "earnings_withdrawable": accounts["withdrawable"],
        "earnings_withdrawn": accounts["withdrawn"],
        "earnings_total": sum(accounts[k] for k in ("pending", "withdrawable", "withdrawing", "withdrawn")),
    }


def reconciliation(dealer_id: int) -> dict:
    """Settled and unsettled totals of the tier-1's stored value and credit entries."""
    from ..ledgers.models import LedgerEntry

    answer = {}
    for kind in TIER1_ACCOUNTS:
        account = dealer_account(dealer_id, kind)
        rows = dict(
            db.session.execute(
                select(LedgerEntry.settled, func.coalesce(func.sum(LedgerEntry.amount), 0))
                .where(LedgerEntry.account_id == account.id)
                .group_by(LedgerEntry.settled)
            ).all()
        )
        answer[kind] = {"settled": int(rows.get(True, 0)), "unsettled": int(rows.get(False, 0))}
    return answer


def do_mark_entries_settled(dealer_id: int, entry_ids: list[int], settled: bool) -> int:
    from ..ledgers.models import LedgerEntry
    from ..ledgers.services import mark_settled

    account_ids = [dealer_account(dealer_id, kind).id for kind in TIER1_ACCOUNTS]
    owned = (
        db.session.execute(
            select(LedgerEntry.id).where(LedgerEntry.id.in_(entry_ids), LedgerEntry.account_id.in_(account_ids))
        )
        .scalars()
        .all()
    )
    if len(set(owned)) != len(set(entry_ids)):
        raise ValidationFailed({"entry_ids": ["只能标记该渠道商储值和额度账户的流水"]})
    updated = mark_settled(owned, settled)
    record(
        "ledger.mark_settled" if settled else "ledger.mark_unsettled",
        "dealer",
        dealer_id,
        {"entry_ids": [None, sorted(owned)]},
    )
    return updated
