"""Money accounts and their append-only entries.

An account's balance moves only together with an entry written in the same transaction under the account's row
lock; the entry keeps the balance after it. CHECK constraints make a balance below zero (or debt above the credit
limit) impossible whatever the code does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db

ACCOUNT_KINDS = {
    # tier-1 dealers
    "stored_value": "储值账户",
    "credit": "额度账户（已用额度 = 欠款）",
    # every dealer
    "earnings_pending": "收益·未入账",
    "earnings_withdrawable": "收益·待提",
    "earnings_withdrawing": "收益·提现中",
    "earnings_withdrawn": "收益·已提",
    # dealer staff
    "staff_pending": "员工提成·未入账",
    "staff_settleable": "员工提成·可结算",
    "staff_settled": "员工提成·已结算",
}


class Account(TimestampMixin, db.Model):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("owner_type", "owner_id", "kind", name="uq_accounts_owner_kind"),
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        CheckConstraint(
            "credit_limit IS NULL OR (credit_limit >= 0 AND balance <= credit_limit)", name="debt_within_limit"
        ),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(16), nullable=False)  # dealer | dealer_staff
    owner_id: Mapped[int] = mapped_column(IdType, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    balance: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    # Credit accounts only: the line granted; the balance is the part used (the debt).
    credit_limit: Mapped[int | None] = mapped_column(BigInteger)


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_account", "account_id", "id"),
        Index("ix_ledger_entries_ref", "ref_type", "ref_id"),
        CheckConstraint("balance_after >= 0", name="balance_after_not_negative"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    balance_after: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # For credit limit changes: the limit after (the amount is 0 then).
    limit_after: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    ref_type: Mapped[str] = mapped_column(String(24), nullable=False, default="")
    ref_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # Entries posted together (an activation's stored-value and credit parts) share a posting id.
    posting_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    actor_type: Mapped[str] = mapped_column(String(16), nullable=False, default="system")
    actor_id: Mapped[int | None] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Reconciliation with the platform: the only thing about an entry that may change later.
    settled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    settled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
