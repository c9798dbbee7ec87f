"""The dealer tree (spec 04) and withdrawals of dealer earnings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import IdType, TimestampMixin
from ..extensions import db


class Dealer(TimestampMixin, db.Model):
    __tablename__ = "dealers"
    __table_args__ = (
        CheckConstraint("tier IN (1, 2, 3)", name="tier_values"),
        CheckConstraint("(tier = 1) = (parent_id IS NULL)", name="only_tier1_has_no_parent"),
        CheckConstraint("(tier = 1) = (kind IS NOT NULL)", name="only_tier1_has_a_kind"),
        CheckConstraint("kind IS NULL OR kind IN ('city_partner', 'flagship_store')", name="kind_values"),
        CheckConstraint("dealer_type IN ('offline_distributor', 'offline_reseller')", name="type_values"),
        CheckConstraint("discount_rate_bp > 0 AND discount_rate_bp <= 10000", name="rate_range"),
        CheckConstraint("status IN ('active', 'closed')", name="status_values"),
        Index("ix_dealers_parent", "parent_id", "status"),
        Index("ix_dealers_root", "root_id", "tier"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    contact_name: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    tier: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    kind: Mapped[str | None] = mapped_column(String(16))
    dealer_type: Mapped[str] = mapped_column(String(24), nullable=False, default="offline_distributor")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"))
    # The tier-1 ancestor (itself for a tier-1): stored value and credit questions go to it.
    root_id: Mapped[int | None] = mapped_column(IdType)
    discount_rate_bp: Mapped[int] = mapped_column(Integer, nullable=False)
    owner_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    salesperson_id: Mapped[int | None] = mapped_column(ForeignKey("salespeople.id"))
    province: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="active")

    owner = relationship("User", lazy="joined")
    parent = relationship("Dealer", remote_side=[id], lazy="select")


class Withdrawal(TimestampMixin, db.Model):
    __tablename__ = "withdrawals"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('requested', 'paid', 'rejected')", name="status_values"),
        Index("ix_withdrawals_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False, index=True)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="requested")
    bank_holder: Mapped[str] = mapped_column(String(32), nullable=False)
    bank_name: Mapped[str] = mapped_column(String(64), nullable=False)
    bank_account: Mapped[str] = mapped_column(String(32), nullable=False)
    invoice_no: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    payment_reference: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    reject_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    decided_by: Mapped[int | None] = mapped_column(IdType)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    dealer = relationship("Dealer", lazy="joined")
