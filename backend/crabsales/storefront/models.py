"""Storefront content: banners, favorites, feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db


class Banner(TimestampMixin, db.Model):
    __tablename__ = "banners"
    __table_args__ = (
        CheckConstraint("link_type IN ('none', 'item', 'page', 'url')", name="link_type_values"),
        Index("ix_banners_enabled_sort", "is_enabled", "sort_order"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    title: Mapped[str] = mapped_column(String(64), nullable=False)
    image_url: Mapped[str] = mapped_column(String(512), nullable=False)
    link_type: Mapped[str] = mapped_column(String(8), nullable=False, default="none")
    # An item id for "item", a mini-program page path for "page", an https URL for "url".
    link_target: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Favorite(db.Model):
    __tablename__ = "favorites"
    __table_args__ = (UniqueConstraint("user_id", "item_id", name="uq_favorites_user_item"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalog_items.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    item = relationship("CatalogItem", lazy="joined")


class Feedback(db.Model):
    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("status IN ('open', 'replied')", name="status_values"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    images: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    contact: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="open", index=True)
    reply: Mapped[str] = mapped_column(Text, nullable=False, default="")
    replied_by: Mapped[int | None] = mapped_column(IdType)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    user = relationship("User", lazy="joined")
