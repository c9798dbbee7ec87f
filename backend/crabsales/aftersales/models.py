"""After-sales cases on paid orders, with their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db

OPEN_STATES = ("awaiting_merchant", "awaiting_buyer", "refunding")


class AfterSaleCase(TimestampMixin, db.Model):
    __tablename__ = "aftersale_cases"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "status IN ('awaiting_merchant', 'awaiting_buyer', 'refunding', 'refunded', 'closed')", name="status_values"
        ),
        # At most one open case per order, whatever the race.
        Index(
            "uq_aftersale_cases_open_per_order",
            "order_id",
            unique=True,
            postgresql_where=db.text("status IN ('awaiting_merchant', 'awaiting_buyer', 'refunding')"),
            sqlite_where=db.text("status IN ('awaiting_merchant', 'awaiting_buyer', 'refunding')"),
        ),
        Index("ix_aftersale_cases_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # refund_only | return_refund
    # The lines concerned: [{"line_id": 1, "quantity": 2}]; empty = the whole order.
    lines: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    reason: Mapped[str] = mapped_column(String(32), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    images: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="awaiting_merchant")
    merchant_note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    buyer_note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    order = relationship("Order", lazy="joined")
    user = relationship("User", lazy="select", viewonly=True)
    events = relationship("AfterSaleEvent", cascade="all, delete-orphan", lazy="select", order_by="AfterSaleEvent.id")


class AfterSaleEvent(db.Model):
    __tablename__ = "aftersale_events"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("aftersale_cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action: Mapped[str] = mapped_column(String(24), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(16), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
