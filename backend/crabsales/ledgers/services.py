"""The posting API: every balance change is `post(...)`, all or nothing, under row locks taken in account-id order
(so two postings touching the same accounts can never deadlock), with the floors checked before writing and
enforced again by the database.

    post([Leg(account_id, +10000, "top_up")], ref=("top_up", "T1"), note="线下打款")

`charge_activation` is the one call for card activation: stored value first, the rest on credit, or nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import g
from sqlalchemy import func, select

from ..core import clock
from ..errors import AppError, NotFound
from ..extensions import db
from .models import ACCOUNT_KINDS, Account, LedgerEntry


@dataclass
class Leg:
    account_id: int
    amount: int
    kind: str
    note: str = ""


class InsufficientFunds(AppError):
    http_status = 409

    def __init__(self, message: str = "余额不足", error_code: str = "INSUFFICIENT_FUNDS", **extra):
        super().__init__(error_code, message, **extra)


def open_account(owner_type: str, owner_id: int, kind: str, credit_limit: int | None = None) -> Account:
    """The owner's account of this kind, created on first use."""
    if kind not in ACCOUNT_KINDS:
        raise ValueError(f"unknown account kind {kind}")
    account = find_account(owner_type, owner_id, kind)
    if account is None:
        account = Account(
            owner_type=owner_type,
            owner_id=owner_id,
            kind=kind,
            balance=0,
            credit_limit=(credit_limit or 0) if kind == "credit" else None,
        )
        db.session.add(account)
        db.session.flush()
    return account


def find_account(owner_type: str, owner_id: int, kind: str) -> Account | None:
    return db.session.execute(
        select(Account).where(Account.owner_type == owner_type, Account.owner_id == owner_id, Account.kind == kind)
    ).scalar_one_or_none()


def _lock(account_ids: list[int]) -> dict[int, Account]:
    rows = (
        db.session.execute(
            select(Account)
            .where(Account.id.in_(sorted(set(account_ids))))
            .order_by(Account.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        .scalars()
        .all()
    )
    accounts = {a.id: a for a in rows}
    missing = set(account_ids) - set(accounts)
    if missing:
        raise NotFound("ACCOUNT_NOT_FOUND", "账户不存在")
    return accounts


def _actor() -> tuple[str, int | None]:
    actor = getattr(g, "actor", None)
    return (actor.kind, actor.id) if actor else ("system", None)


def post(legs: list[Leg], ref: tuple[str, str] = ("", ""), note: str = "") -> list[LedgerEntry]:
    """Apply every leg or none. Raises InsufficientFunds when a balance would leave its bounds."""
    if not legs or any(leg.amount == 0 for leg in legs):
        raise ValueError("a posting needs non-zero legs")
    accounts = _lock([leg.account_id for leg in legs])
    projected = {account_id: account.balance for account_id, account in accounts.items()}
    for leg in legs:
        account = accounts[leg.account_id]
        projected[leg.account_id] += leg.amount
        if projected[leg.account_id] < 0:
            raise InsufficientFunds(f"{ACCOUNT_KINDS[account.kind]}余额不足", account_kind=account.kind)
        if account.credit_limit is not None and projected[leg.account_id] > account.credit_limit:
            raise InsufficientFunds("可用额度不足", "CREDIT_EXCEEDED", account_kind=account.kind)
    posting_id = secrets.token_hex(12)
    actor_type, actor_id = _actor()
    entries = []
    for leg in legs:
        account = accounts[leg.account_id]
        account.balance += leg.amount
        entry = LedgerEntry(
            account_id=account.id,
            amount=leg.amount,
            balance_after=account.balance,
            kind=leg.kind,
            ref_type=ref[0],
            ref_id=str(ref[1]),
            posting_id=posting_id,
            actor_type=actor_type,
            actor_id=actor_id,
            note=(leg.note or note)[:200],
        )
        db.session.add(entry)
        entries.append(entry)
    db.session.flush()
    return entries


def set_credit_limit(account_id: int, new_limit: int, note: str) -> LedgerEntry:
    """Grant or change a credit line: recorded as an entry (amount 0, limit after)."""
    account = _lock([account_id])[account_id]
    if account.kind != "credit":
        raise ValueError("not a credit account")
    if new_limit < account.balance:
        raise InsufficientFunds(f"新额度不能低于已用额度 {account.balance / 100:.2f} 元", "LIMIT_BELOW_DEBT")
    account.credit_limit = new_limit
    actor_type, actor_id = _actor()
    entry = LedgerEntry(
        account_id=account.id,
        amount=0,
        balance_after=account.balance,
        limit_after=new_limit,
        kind="limit_change",
        posting_id=secrets.token_hex(12),
        actor_type=actor_type,
        actor_id=actor_id,
        note=note[:200],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def charge_activation(stored_value_id: int, credit_id: int, amount: int, ref: tuple[str, str]) -> dict:
    """Pay an activation: stored value first, the rest as credit use; all or nothing."""
    accounts = _lock([stored_value_id, credit_id])
    stored, credit = accounts[stored_value_id], accounts[credit_id]
    from_stored = min(stored.balance, amount)
    from_credit = amount - from_stored
    available_credit = (credit.credit_limit or 0) - credit.balance
    if from_credit > available_credit:
        raise InsufficientFunds(
            f"储值与可用额度合计不足：还差 {(from_credit - available_credit) / 100:.2f} 元",
            "ACTIVATION_FUNDS_SHORT",
            shortfall=from_credit - available_credit,
        )
    legs = []
    if from_stored:
        legs.append(Leg(stored.id, -from_stored, "activation"))
    if from_credit:
        legs.append(Leg(credit.id, from_credit, "credit_use"))  # debt grows
    if legs:
        post(legs, ref=ref)
    return {"from_stored_value": from_stored, "from_credit": from_credit}


def mark_settled(entry_ids: list[int], settled: bool) -> int:
    entries = db.session.execute(select(LedgerEntry).where(LedgerEntry.id.in_(entry_ids))).scalars().all()
    for entry in entries:
        entry.settled = settled
        entry.settled_at = clock.utcnow() if settled else None
    db.session.flush()
    return len(entries)


def verify() -> list[str]:
    """Every account: balance = sum of entries, each balance_after = running sum, no floor or limit crossed."""
    problems = []
    sums = dict(
        db.session.execute(
            select(LedgerEntry.account_id, func.sum(LedgerEntry.amount)).group_by(LedgerEntry.account_id)
        ).all()
    )
    for account in db.session.execute(select(Account).order_by(Account.id)).scalars():
        total = sums.get(account.id, 0) or 0
        if total != account.balance:
            problems.append(f"account {account.id} ({account.kind}): balance {account.balance} != entries {total}")
        running, limit = 0, None
        entries = db.session.execute(
            select(LedgerEntry.id, LedgerEntry.amount, LedgerEntry.balance_after, LedgerEntry.limit_after)
            .where(LedgerEntry.account_id == account.id)
            .order_by(LedgerEntry.id)
        ).all()
        for entry_id, amount, balance_after, limit_after in entries:
            running += amount
            if limit_after is not None:
                limit = limit_after
            if balance_after != running:
                problems.append(f"entry {entry_id}: balance_after {balance_after} != running sum {running}")
            if running < 0:
                problems.append(f"entry {entry_id}: account {account.id} went below zero ({running})")
            if account.kind == "credit" and limit is not None and running > limit:
                problems.append(f"entry {entry_id}: debt {running} above limit {limit}")
        if account.kind == "credit" and (limit or 0) != (account.credit_limit or 0):
            problems.append(f"account {account.id}: limit {account.credit_limit} != last recorded {limit}")
    return problems
