"""The dealer tree (spec 04) and withdrawals of dealer earnings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
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


OPERATOR_MODULES = {
    "b2b_orders": "进货订单",
    "delivery_orders": "配送订单",
    "shipments": "发货",
    "settlement": "结算与账户",
    "cards": "提货卡",
}


class DealerStaff(TimestampMixin, db.Model):
    """A dealer's staff member (a user working for the dealer); a flagship store may make one an operator."""

    __tablename__ = "dealer_staff"
    __table_args__ = (
        CheckConstraint("commission_rate_bp >= 0 AND commission_rate_bp <= 10000", name="commission_range"),
        CheckConstraint("status IN ('active', 'deleted')", name="status_values"),
        CheckConstraint("operator_status IN ('none', 'active', 'closed')", name="operator_status_values"),
        # One active staff record per person: a person works for one dealer at a time.
        Index(
            "uq_dealer_staff_active_user",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
        Index("ix_dealer_staff_dealer", "dealer_id", "status"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(32), nullable=False)
    phone: Mapped[str] = mapped_column(String(20), nullable=False)
    commission_rate_bp: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="active")
    operator_status: Mapped[str] = mapped_column(String(8), nullable=False, default="none")
    operator_modules: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    dealer = relationship("Dealer", lazy="joined")


class StaffSettlement(db.Model):
    """The dealer paid a staff member offline and recorded it (settleable → settled)."""

    __tablename__ = "staff_settlements"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_staff_settlements_dealer", "dealer_id", "id"),
        Index("ix_staff_settlements_staff", "staff_id", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False)
    staff_id: Mapped[int] = mapped_column(ForeignKey("dealer_staff.id"), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_by_user_id: Mapped[int | None] = mapped_column(IdType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    staff = relationship("DealerStaff", lazy="joined")


class DealerOperationLog(db.Model):
    """What the dealer's owner and operators did in the dealer workspace."""

    __tablename__ = "dealer_operation_logs"
    __table_args__ = (Index("ix_dealer_operation_logs_dealer", "dealer_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(IdType, nullable=False)
    staff_id: Mapped[int | None] = mapped_column(IdType)
    actor_name: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    actor_role: Mapped[str] = mapped_column(String(8), nullable=False)  # owner | operator
    action: Mapped[str] = mapped_column(String(48), nullable=False)
    summary: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)


class DealerInvite(db.Model):
    """A dealer's invite QR for sub-dealers: it fixes the new dealer's tier, rate and type."""

    __tablename__ = "dealer_invites"
    __table_args__ = (CheckConstraint("tier IN (2, 3)", name="tier_values"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False, index=True)
    tier: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    discount_rate_bp: Mapped[int] = mapped_column(Integer, nullable=False)
    dealer_type: Mapped[str] = mapped_column(String(24), nullable=False)
    accepted_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    dealer = relationship("Dealer", lazy="joined")


class DealerApplication(TimestampMixin, db.Model):
    """Someone applied to become a dealer through an invite; the admin approves or rejects (or it auto-approves)."""

    __tablename__ = "dealer_applications"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status_values"),
        # One open application per person.
        Index(
            "uq_dealer_applications_pending_user",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_dealer_applications_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    invite_id: Mapped[int] = mapped_column(ForeignKey("dealer_invites.id"), nullable=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    tier: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    discount_rate_bp: Mapped[int] = mapped_column(Integer, nullable=False)
    dealer_type: Mapped[str] = mapped_column(String(24), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    contact_name: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False)
    province: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="pending")
    reject_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    dealer_id: Mapped[int | None] = mapped_column(IdType)
    decided_by: Mapped[int | None] = mapped_column(IdType)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    parent = relationship("Dealer", lazy="joined", foreign_keys=[parent_id])
