"""Carts, checkout tokens, orders with their lines and transition history, freight templates."""

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

ORDER_STATUSES = ("pending_payment", "pending_shipment", "partially_shipped", "shipped", "completed", "closed")
ORDER_TYPES = ("package", "physical_card", "ecard", "redemption", "b2b")


class FreightTemplate(TimestampMixin, db.Model):
    __tablename__ = "freight_templates"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Goods total (fen) from which delivery is free, except to remote regions; None: never free.
    free_threshold: Mapped[int | None] = mapped_column(BigInteger)
    # Volumetric weight (kg) = L × W × H (cm) / divisor.
    volumetric_divisor: Mapped[int] = mapped_column(Integer, nullable=False, default=6000)

    rules = relationship("FreightRule", cascade="all, delete-orphan", lazy="selectin", order_by="FreightRule.id")


class FreightRule(db.Model):
    """Prices for a set of regions ("江苏省" or "江苏省/苏州市"); a rule with no regions covers everywhere else."""

    __tablename__ = "freight_rules"
    __table_args__ = (
        CheckConstraint("first_weight_g > 0 AND additional_weight_g > 0", name="weights_positive"),
        CheckConstraint("first_price >= 0 AND additional_price >= 0", name="prices_not_negative"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("freight_templates.id", ondelete="CASCADE"), nullable=False, index=True
    )
    regions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    first_weight_g: Mapped[int] = mapped_column(Integer, nullable=False)
    first_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    additional_weight_g: Mapped[int] = mapped_column(Integer, nullable=False)
    additional_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    is_remote: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class CartLine(TimestampMixin, db.Model):
    __tablename__ = "cart_lines"
    __table_args__ = (
        UniqueConstraint("user_id", "item_id", name="uq_cart_lines_user_item"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id", ondelete="CASCADE"), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    is_selected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    item = relationship("CatalogItem", lazy="joined")


class SubmitToken(db.Model):
    """Issued with the checkout preview; submitting with it any number of times yields one order, built from what the
    checkout priced (`checkout`: source, order type, lines, address, amounts), not from what the submit sends."""

    __tablename__ = "submit_tokens"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    # {"source": "item"|"cart", "order_type", "lines": [{"item_id", "quantity", "unit_price", "line_total"}],
    #  "address_id", "address": the order's address columns or null, "goods_amount", "freight_amount",
    #  "discount_amount", "pay_amount"}; null only for tokens issued before it was kept.
    checkout: Mapped[dict | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)


class Order(TimestampMixin, db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_payment', 'pending_shipment', 'partially_shipped', 'shipped', 'completed', 'closed')",
            name="status_values",
        ),
        CheckConstraint("goods_amount >= 0 AND freight_amount >= 0 AND pay_amount >= 0", name="amounts_not_negative"),
        CheckConstraint("pay_amount = goods_amount + freight_amount - discount_amount", name="pay_amount_adds_up"),
        Index("ix_orders_user_status", "user_id", "status", "id"),
        Index("ix_orders_status_created", "status", "created_at"),
        Index("ix_orders_auto_close", "status", "auto_close_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    order_type: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending_payment")
    goods_amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    freight_amount: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    discount_amount: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    pay_amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # Delivery address as it was at submit (later edits of the address book do not move parcels).
    receiver_name: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    receiver_phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    province: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    district: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    address_detail: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    remark: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # True while this order holds stock it took at submit; flipped once (conditional update) when it gives it back.
    stock_reserved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    auto_close_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    # One order per submit token, enforced by the database too.
    submit_token_id: Mapped[int | None] = mapped_column(IdType, unique=True)

    lines = relationship("OrderLine", cascade="all, delete-orphan", lazy="selectin", order_by="OrderLine.id")
    events = relationship("OrderEvent", cascade="all, delete-orphan", lazy="select", order_by="OrderEvent.id")
    user = relationship("User", lazy="select")


class OrderLine(db.Model):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_adds_up"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id"), nullable=False, index=True)
    item_kind: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    cover_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    retail_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    unit_price: Mapped[int] = mapped_column(BigInteger, nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    line_total: Mapped[int] = mapped_column(BigInteger, nullable=False)


class OrderEvent(db.Model):
    """One row per state transition: who did what, from which state to which, when."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(24), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(16), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
