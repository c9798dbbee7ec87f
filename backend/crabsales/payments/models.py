"""Payments, every notification as it arrived, and refunds; provider ids and raw payloads are kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db


class Payment(TimestampMixin, db.Model):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'paid', 'closed')", name="status_values"),
        CheckConstraint("refunded_amount >= 0 AND refunded_amount <= amount", name="refunds_within_amount"),
        Index("ix_payments_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), nullable=False, unique=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    provider: Mapped[str] = mapped_column(String(16), nullable=False, default="wechat")
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="pending")
    prepay_id: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    payer_openid: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    transaction_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refunded_amount: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    # Paid after its order had closed: refunded automatically and listed for finance.
    flagged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    flag_reason: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    provider_payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    order = relationship("Order", lazy="joined")


class PaymentNotification(db.Model):
    """Every notification received, verified or not, with what we made of it."""

    __tablename__ = "payment_notifications"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    notification_id: Mapped[str] = mapped_column(String(64), nullable=False, default="", index=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), nullable=False, default="", index=True)
    event_type: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # applied | duplicate | rejected
    reason: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    headers: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)


class Refund(TimestampMixin, db.Model):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'processing', 'succeeded', 'failed')", name="status_values"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), nullable=False, index=True)
    out_refund_no: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    reason: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    refund_id: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    provider_payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    payment = relationship("Payment", lazy="joined")
