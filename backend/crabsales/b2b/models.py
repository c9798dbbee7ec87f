"""B2B orders: a flagship store buys goods from the platform at its tier-1 price (spec 04)."""

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
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db


class B2BCartLine(db.Model):
    __tablename__ = "b2b_cart_lines"
    __table_args__ = (
        UniqueConstraint("dealer_id", "item_id", name="uq_b2b_cart_dealer_item"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id"), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    item = relationship("CatalogItem", lazy="joined")


class B2BOrder(TimestampMixin, db.Model):
    __tablename__ = "b2b_orders"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_payment', 'pending_confirmation', 'pending_shipment', 'shipped', 'completed',"
            " 'cancelled')",
            name="status_values",
        ),
        CheckConstraint("goods_amount > 0", name="amount_positive"),
        CheckConstraint("pay_method IS NULL OR pay_method IN ('stored_value', 'offline_transfer')", name="pay_methods"),
        Index("ix_b2b_orders_dealer", "dealer_id", "status", "id"),
        Index("ix_b2b_orders_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(24), nullable=False, default="pending_payment")
    goods_amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    pay_method: Mapped[str | None] = mapped_column(String(16))
    transfer_reference: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    receiver_name: Mapped[str] = mapped_column(String(32), nullable=False)
    receiver_phone: Mapped[str] = mapped_column(String(20), nullable=False)
    province: Mapped[str] = mapped_column(String(32), nullable=False)
    city: Mapped[str] = mapped_column(String(32), nullable=False)
    district: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    address_detail: Mapped[str] = mapped_column(String(128), nullable=False)
    remark: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # True while the order holds the stock it took; flipped once when it gives it back.
    stock_reserved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_by_user_id: Mapped[int] = mapped_column(IdType, nullable=False)

    dealer = relationship("Dealer", lazy="joined")
    lines = relationship("B2BOrderLine", cascade="all, delete-orphan", lazy="selectin", order_by="B2BOrderLine.id")
    events = relationship("B2BOrderEvent", cascade="all, delete-orphan", lazy="select", order_by="B2BOrderEvent.id")


class B2BOrderLine(db.Model):
    __tablename__ = "b2b_order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_adds_up"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("b2b_orders.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id"), nullable=False, index=True)
    item_kind: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    cover_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    retail_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    unit_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    line_total: Mapped[int] = mapped_column(BigInteger, nullable=False)


class B2BOrderEvent(db.Model):
    __tablename__ = "b2b_order_events"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("b2b_orders.id", ondelete="CASCADE"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(24), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(16), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(IdType)
    actor_name: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
